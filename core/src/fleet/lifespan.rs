//! Lifespan extension: what keeping devices longer changes.
//!
//! In steady state (a fleet renewed at a constant pace), the embodied
//! footprint booked per year for `q` devices of embodied footprint `E` and
//! lifespan `L` is `q × E / L`. Keeping them `N` more years makes it
//! `q × E / (L + N)`: a saving of `N / (L + N)` of the embodied share. The
//! use phase is taken as unchanged (an older device is assumed to draw the
//! same power; a replacement's efficiency gain is what
//! [`replacement_break_even_years`] weighs).

use crate::criteria::GWP;
use crate::datasets::Catalog;
use crate::error::{Error, Location, Result};
use crate::inventory::{check_range, Inventory, MAX_LIFESPAN_YEARS};
use crate::report::{Column, ColumnValues, Table};
use crate::uncertainty::Estimate;
use crate::units::Co2e;
use serde::Serialize;

/// The effect of a longer lifespan for one device kind of a fleet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtensionRow {
    /// Device kind.
    pub kind: String,
    /// Devices of that kind in the inventory.
    pub devices: f64,
    /// Mean lifespan before, years (weighted by quantity).
    pub lifespan_years: f64,
    /// Embodied climate footprint booked per year before, kg CO2e/year.
    pub embodied_gwp_kgco2e_per_year: Estimate,
    /// The same with every lifespan extended, kg CO2e/year.
    pub extended_gwp_kgco2e_per_year: Estimate,
    /// The difference (before - after), kg CO2e/year.
    pub saving_gwp_kgco2e_per_year: Estimate,
}

/// The effect of keeping every device of a fleet `extra_years` longer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    /// Years added to every lifespan.
    pub extra_years: f64,
    /// One row per device kind present.
    pub rows: Vec<ExtensionRow>,
    /// Sum over kinds.
    pub total_saving_gwp_kgco2e_per_year: Estimate,
}

/// Steady-state yearly embodied climate footprint of every kind in
/// `inventory`, with lifespans as given and extended by `extra_years`.
///
/// ```
/// use empreinte::{Catalog, Inventory, lifespan::keep_longer};
/// use empreinte::inventory::{Record, RowRef};
/// let catalog = Catalog::embedded()?;
/// let mut inv = Inventory::new(catalog, Some("BE"))?;
/// let rec = Record { entity: "School", kind: "laptop", quantity: Some(100.0), purchase_year: Some(2022.0),
///                    lifespan_years: Some(4.0), embodied_gwp_kgco2e: [Some(200.0), None, None], ..Default::default() };
/// inv.push(catalog, &rec, RowRef::Row("example", 0))?;
/// let ext = keep_longer(catalog, &inv, 1.0)?;
/// // 100 × 200 kg / 4 years = 5000 kg/year; over 5 years 4000 kg/year.
/// assert_eq!(ext.total_saving_gwp_kgco2e_per_year.central, 1000.0);
/// # Ok::<(), empreinte::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::OutOfRange`] for a negative or non-finite `extra_years`;
/// [`Error::EmptyInventory`] for an empty inventory.
pub fn keep_longer(
    catalog: &Catalog,
    inventory: &Inventory,
    extra_years: f64,
) -> Result<Extension> {
    check_range(
        extra_years,
        &Location::default().with_column("extra_years"),
        0.0,
        true,
        MAX_LIFESPAN_YEARS,
    )?;
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::default(),
        });
    }
    let nk = catalog.archetypes().len();
    let mut devices = vec![0.0; nk];
    let mut years = vec![0.0; nk];
    let mut before = vec![Estimate::ZERO; nk];
    let mut after = vec![Estimate::ZERO; nk];
    let r = &inventory.rows;
    for i in 0..r.quantity.len() {
        let k = r.kind[i] as usize;
        let (q, l) = (r.quantity[i], r.lifespan_years[i]);
        let e = r.embodied_kgco2e[i];
        let e = Estimate {
            central: e[0],
            low: e[1],
            high: e[2],
        };
        devices[k] += q;
        years[k] += q * l;
        before[k] = before[k] + e.scale(q / l);
        after[k] = after[k] + e.scale(q / (l + extra_years));
    }
    let rows: Vec<ExtensionRow> = (0..nk)
        .filter(|k| devices[*k] > 0.0)
        .map(|k| ExtensionRow {
            kind: catalog.archetypes()[k].kind.clone(),
            devices: devices[k],
            lifespan_years: years[k] / devices[k],
            embodied_gwp_kgco2e_per_year: before[k],
            extended_gwp_kgco2e_per_year: after[k],
            saving_gwp_kgco2e_per_year: Estimate {
                central: before[k].central - after[k].central,
                low: before[k].low - after[k].low,
                high: before[k].high - after[k].high,
            },
        })
        .collect();
    let total = rows
        .iter()
        .fold(Estimate::ZERO, |acc, r| acc + r.saving_gwp_kgco2e_per_year);
    debug_assert_eq!(GWP, 0);
    Ok(Extension {
        extra_years,
        rows,
        total_saving_gwp_kgco2e_per_year: total,
    })
}

impl Extension {
    /// The rows as a table (units in the column names).
    #[must_use]
    pub fn table(&self) -> Table {
        let num = |name: &str, f: &dyn Fn(&ExtensionRow) -> f64| Column {
            name: name.into(),
            values: ColumnValues::Number(self.rows.iter().map(|r| Some(f(r))).collect()),
        };
        Table {
            columns: vec![
                Column {
                    name: "kind".into(),
                    values: ColumnValues::Text(self.rows.iter().map(|r| r.kind.clone()).collect()),
                },
                num("devices", &|r| r.devices),
                num("lifespan_years", &|r| r.lifespan_years),
                num("extended_lifespan_years", &|r| {
                    r.lifespan_years + self.extra_years
                }),
                num("embodied_gwp_kgco2e_per_year", &|r| {
                    r.embodied_gwp_kgco2e_per_year.central
                }),
                num("extended_gwp_kgco2e_per_year", &|r| {
                    r.extended_gwp_kgco2e_per_year.central
                }),
                num("saving_gwp_kgco2e_per_year", &|r| {
                    r.saving_gwp_kgco2e_per_year.central
                }),
                num("saving_gwp_kgco2e_per_year_low", &|r| {
                    r.saving_gwp_kgco2e_per_year.low
                }),
                num("saving_gwp_kgco2e_per_year_high", &|r| {
                    r.saving_gwp_kgco2e_per_year.high
                }),
            ],
        }
    }
}

/// Years after which replacing a working device by a more efficient one
/// pays back its embodied footprint: `embodied_new / (use_old - use_new)`
/// per year. `None` when the new device saves nothing in use.
///
/// ```
/// use empreinte::{lifespan::replacement_break_even_years, units::Co2e};
/// // A Belgian laptop: 20 kWh/year × 0.135 kg/kWh = 2.7 kg/year; a new one 1.35 kg/year.
/// let t = replacement_break_even_years(Co2e::from_kg(200.0), Co2e::from_kg(2.7), Co2e::from_kg(1.35));
/// assert!((t.unwrap() - 148.148).abs() < 1e-3); // practically never
/// ```
#[must_use]
pub fn replacement_break_even_years(
    embodied_new: Co2e,
    use_old_per_year: Co2e,
    use_new_per_year: Co2e,
) -> Option<f64> {
    let saving = use_old_per_year.kg() - use_new_per_year.kg();
    (saving > 0.0).then(|| embodied_new.kg() / saving)
}
