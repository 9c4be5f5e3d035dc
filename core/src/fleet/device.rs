//! The footprint of a single device: over its whole life, and what one
//! reporting year books of it. Values are validated and resolved exactly as
//! an inventory row (it is pushed as a one-row inventory), and computed by
//! the formulas of [`crate::accounting`], so a one-row fleet and a device
//! always agree (a property test checks it).

use super::Phases;
use crate::accounting::Mode;
use crate::accounting::{booking, embodied_gwp_phases, phases_in_year, whole_life_phases, Life};
use crate::catalog::{Catalog, SourceUse};
use crate::error::Result;
use crate::grid::GridIntensity;
use crate::inventory::{default_bits, Inventory, Record, RowRef};
use crate::quantity::{Criterion, Estimate, Phase};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One device. Unset fields use the archetype's defaults (or a factor
/// table's, for embodied values).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeviceSpec {
    /// Device kind (archetype id).
    pub kind: String,
    /// Country or zone of use (grid intensity).
    pub country: String,
    /// Reporting year: its grid intensity applies to the use phase, and
    /// [`CriterionFootprint::in_year`] is what this year books.
    pub year: i32,
    /// Year of purchase (default: the reporting year).
    pub purchase_year: Option<i32>,
    /// Year of disposal, if the device has left.
    pub disposal_year: Option<i32>,
    /// How embodied impacts are spread over the years (for `in_year`).
    pub mode: Mode,
    /// Lifespan, years.
    pub lifespan_years: Option<f64>,
    /// Electricity per year, kWh.
    pub annual_energy_kwh: Option<f64>,
    /// Manufacturer's embodied footprint (all phases but use), kg CO2e.
    pub embodied_gwp_kgco2e: Option<f64>,
}

/// The footprint of one criterion for one device.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionFootprint {
    /// The criterion (its unit applies to every value here).
    pub criterion: Criterion,
    /// Whole-life footprint per phase, in [`Phase::ALL`] order; `None` when
    /// the criterion has no data for that phase.
    pub lifetime: Phases,
    /// Whole-life total; `None` when a phase is missing.
    pub lifetime_total: Option<Estimate>,
    /// Whole-life total divided by the lifespan (per year of service).
    pub per_year: Option<Estimate>,
    /// What the reporting year books, per phase (zero when the device is
    /// not in service that year).
    pub in_year: Phases,
}

/// The life-cycle footprint of one device.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceFootprint {
    /// Device kind.
    pub kind: String,
    /// Lifespan used, years.
    pub lifespan_years: f64,
    /// Electricity per year used, kWh.
    pub annual_energy_kwh: Estimate,
    /// Grid intensity used for the use phase.
    pub grid: GridIntensity,
    /// Whether the device is in service in the reporting year.
    pub in_service: bool,
    /// One entry per criterion of the catalog.
    pub criteria: Vec<CriterionFootprint>,
    /// Where every value used came from.
    pub sources: Vec<SourceUse>,
}

const K: usize = 3;

fn lanes(e: Option<Estimate>) -> [f64; K] {
    e.map_or([f64::NAN; K], Estimate::bounds)
}

/// The footprint of one device, whole life and in its reporting year.
///
/// ```
/// use empreinte::{fleet::device::{footprint, DeviceSpec}, Catalog};
/// let spec = DeviceSpec { kind: "laptop".into(), country: "BE".into(), year: 2023, ..Default::default() };
/// let fp = footprint(Catalog::embedded()?, &spec)?;
/// let gwp = &fp.criteria[0];
/// assert_eq!(gwp.criterion.id, "gwp");
/// let total = gwp.lifetime_total.unwrap();
/// assert!(total.low() <= total.central() && total.central() <= total.high());
/// # Ok::<(), empreinte::Error>(())
/// ```
///
/// # Errors
///
/// As an inventory row: unknown kind or country, an out-of-range value,
/// each located at the spec's field (source `device`).
pub fn footprint(catalog: Arc<Catalog>, spec: &DeviceSpec) -> Result<DeviceFootprint> {
    let mut inventory = Inventory::new(catalog.clone(), None)?;
    let record = Record {
        entity: "device",
        kind: &spec.kind,
        quantity: Some(1.0),
        purchase_year: Some(f64::from(spec.purchase_year.unwrap_or(spec.year))),
        lifespan_years: spec.lifespan_years,
        country: Some(&spec.country),
        annual_energy_kwh: [spec.annual_energy_kwh, None, None],
        embodied_gwp_kgco2e: [spec.embodied_gwp_kgco2e, None, None],
        disposal_year: spec.disposal_year.map(f64::from),
        ..Default::default()
    };
    crate::quantity::bounds::check_year(
        f64::from(spec.year),
        &crate::error::Location::row("device", 0).with_column("year"),
    )?;
    inventory.push(&record, RowRef::Row("device", 0))?;
    let r = inventory.rows();
    let (Some(&kind), Some(&zone), Some(&lifespan), Some(&energy), Some(&own), Some(&defaults)) = (
        r.kind.first(),
        r.zone.first(),
        r.lifespan_years.first(),
        r.energy_kwh.first(),
        r.embodied_kgco2e.first(),
        r.defaults.first(),
    ) else {
        return Err(crate::error::Error::EmptyInventory {
            at: crate::error::Location::file("device"),
        });
    };
    let arch = catalog.archetype(kind)?;
    let grid = catalog.grid().intensity(zone, spec.year)?;
    let life = Life::new(
        r.purchase_year.first().copied().unwrap_or(spec.year),
        lifespan,
        spec.disposal_year,
    );
    let booked = booking(spec.mode, life, spec.year);
    let criteria = catalog
        .criteria()
        .iter()
        .enumerate()
        .map(|(c, criterion)| {
            let table: [[f64; K]; 3] = Phase::EMBODIED.map(|p| lanes(catalog.embodied(c, kind, p)));
            let (embodied, per_kwh) = if c == 0 {
                (
                    embodied_gwp_phases(own, &arch.shares, &table),
                    [grid.factor.kg_per_kwh(); K],
                )
            } else {
                (table, lanes(catalog.electricity_factor(c)))
            };
            let lifetime =
                Phases::from_lanes(&whole_life_phases(lifespan, &embodied, &energy, &per_kwh));
            let lifetime_total = lifetime.total();
            let in_year = match &booked {
                Some(b) => {
                    Phases::from_lanes(&phases_in_year(b, 1.0, &embodied, &energy, &per_kwh))
                }
                None => Phases([Some(Estimate::ZERO); 4]),
            };
            CriterionFootprint {
                criterion: criterion.clone(),
                lifetime,
                lifetime_total,
                per_year: lifetime_total.and_then(|t| t.scale(1.0 / lifespan).ok()),
                in_year,
            }
        })
        .collect();
    let mut fields: Vec<&str> = Vec::new();
    if own.is_some() {
        fields.push("phase shares");
    } else if Phase::EMBODIED
        .iter()
        .any(|p| !catalog.embodied_from_table(0, kind, *p))
    {
        fields.push("embodied gwp");
    }
    if defaults & default_bits::LIFESPAN != 0 {
        fields.push("lifespan");
    }
    if defaults & default_bits::ENERGY != 0 {
        fields.push("annual energy");
    }
    let mut sources: Vec<SourceUse> = Vec::new();
    if !fields.is_empty() {
        sources.extend(catalog.archetype_source(kind, &fields.join(", ")));
    }
    for c in 0..catalog.criteria().len() {
        for phase in Phase::EMBODIED {
            if c > 0 || own.is_none() {
                sources.extend(catalog.embodied_table_source(c, kind, phase));
            }
        }
        sources.extend(catalog.electricity_source(c));
    }
    sources.push(catalog.grid_source(zone, &grid));
    Ok(DeviceFootprint {
        kind: arch.kind.clone(),
        lifespan_years: lifespan,
        annual_energy_kwh: Estimate::computed(
            energy,
            &crate::error::Location::row("device", 0).with_column("annual_energy_kwh"),
        )?,
        grid,
        in_service: booked.is_some(),
        criteria,
        sources,
    })
}
