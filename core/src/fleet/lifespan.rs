//! Lifespan extension: what keeping devices longer changes.
//!
//! In steady state (a fleet renewed at a constant pace), the embodied
//! footprint booked per year for `q` devices of embodied footprint `E` and
//! lifespan `L` is `q × E / L`. Keeping them `N` more years makes it
//! `q × E / (L + N)`: a saving of `N / (L + N)` of the embodied share. The
//! use phase is taken as unchanged (an older device is assumed to draw the
//! same power; a replacement's efficiency gain is what
//! [`replacement_break_even_years`] weighs). The formulas are in
//! [`crate::accounting`].

use crate::accounting::{embodied_gwp_phases, steady_state_per_year, steady_state_saving_per_year};
use crate::error::{Error, Location, Result};
use crate::inventory::Inventory;
use crate::quantity::bounds::{check_range, MAX_LIFESPAN_YEARS};
use crate::quantity::units::Co2e;
use crate::quantity::{Estimate, Phase};
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
/// `inventory`, with lifespans as given and extended by `extra_years`. A
/// row's embodied footprint is its own, or else the catalog's (where a
/// factor table overrides the archetype).
///
/// ```
/// use empreinte::{Catalog, fleet::lifespan::keep_longer};
/// use empreinte::inventory::{Inventory, Record, RowRef};
/// let mut inv = Inventory::new(Catalog::embedded()?, Some("BE"))?;
/// let rec = Record { entity: "School", kind: "laptop", quantity: Some(100.0), purchase_year: Some(2022.0),
///                    lifespan_years: Some(4.0), embodied_gwp_kgco2e: [Some(200.0), None, None], ..Default::default() };
/// inv.push(&rec, RowRef::Row("example", 0))?;
/// let ext = keep_longer(&inv, 1.0)?;
/// // 100 × 200 kg / 4 years = 5000 kg/year; over 5 years 4000 kg/year.
/// assert_eq!(ext.total_saving_gwp_kgco2e_per_year.central(), 1000.0);
/// # Ok::<(), empreinte::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::OutOfRange`] for a negative or non-finite `extra_years`;
/// [`Error::EmptyInventory`] for an empty inventory.
pub fn keep_longer(inventory: &Inventory, extra_years: f64) -> Result<Extension> {
    check_range(
        extra_years,
        &Location::option("extra_years"),
        0.0,
        true,
        MAX_LIFESPAN_YEARS,
    )?;
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::file("inventory"),
        });
    }
    let catalog = inventory.catalog();
    let nk = catalog.archetypes().len();
    let mut devices = vec![0.0; nk];
    let mut years = vec![0.0; nk];
    let mut before = vec![[0.0; 3]; nk];
    let mut after = vec![[0.0; 3]; nk];
    let mut saving = vec![[0.0; 3]; nk];
    let r = inventory.rows();
    for i in 0..r.len() {
        let (Some(kind), Some(&q), Some(&l), Some(&own)) = (
            r.kind.get(i),
            r.quantity.get(i),
            r.lifespan_years.get(i),
            r.embodied_kgco2e.get(i),
        ) else {
            continue;
        };
        let arch = catalog.archetype(*kind)?;
        // The catalog's footprint where the row gives none: missing is a
        // NaN lane (a located error below), never zero.
        let table = Phase::EMBODIED.map(|p| {
            catalog
                .embodied(0, *kind, p)
                .map_or([f64::NAN; 3], Estimate::bounds)
        });
        let phases = embodied_gwp_phases(own, &arch.shares, &table);
        let total = phases
            .iter()
            .fold([0.0; 3], |acc, p| add_lanes(acc, *p, |a, b| a + b));
        let k = kind.index();
        if let (Some(d), Some(y), Some(bf), Some(af), Some(sv)) = (
            devices.get_mut(k),
            years.get_mut(k),
            before.get_mut(k),
            after.get_mut(k),
            saving.get_mut(k),
        ) {
            *d += q;
            *y += q * l;
            *bf = add_lanes(*bf, total, |acc, e| acc + q * steady_state_per_year(e, l));
            *af = add_lanes(*af, total, |acc, e| {
                acc + q * steady_state_per_year(e, l + extra_years)
            });
            *sv = add_lanes(*sv, total, |acc, e| {
                acc + q * steady_state_saving_per_year(e, l, extra_years)
            });
        }
    }
    let estimate = |v: [f64; 3], kind: &str, field: &str| {
        Estimate::computed(
            v,
            &Location::file("inventory").with_column(&format!("{kind}.{field}")),
        )
    };
    let mut rows: Vec<ExtensionRow> = Vec::new();
    for (kind, arch) in catalog.kinds() {
        let k = kind.index();
        let (Some(&d), Some(&y), Some(&b), Some(&a), Some(&sv)) = (
            devices.get(k),
            years.get(k),
            before.get(k),
            after.get(k),
            saving.get(k),
        ) else {
            continue;
        };
        if d > 0.0 {
            let name = &arch.kind;
            rows.push(ExtensionRow {
                kind: name.clone(),
                devices: d,
                lifespan_years: y / d,
                embodied_gwp_kgco2e_per_year: estimate(b, name, "embodied_gwp_kgco2e_per_year")?,
                extended_gwp_kgco2e_per_year: estimate(a, name, "extended_gwp_kgco2e_per_year")?,
                saving_gwp_kgco2e_per_year: estimate(sv, name, "saving_gwp_kgco2e_per_year")?,
            });
        }
    }
    let total = rows
        .iter()
        .fold(Estimate::ZERO, |acc, r| acc + r.saving_gwp_kgco2e_per_year);
    Ok(Extension {
        extra_years,
        rows,
        total_saving_gwp_kgco2e_per_year: total,
    })
}

/// Combines two `[central, low, high]` arrays lane by lane.
fn add_lanes(a: [f64; 3], b: [f64; 3], f: impl Fn(f64, f64) -> f64) -> [f64; 3] {
    let [a0, a1, a2] = a;
    let [b0, b1, b2] = b;
    [f(a0, b0), f(a1, b1), f(a2, b2)]
}

/// Years after which replacing a working device by a more efficient one
/// pays back its embodied footprint: `embodied_new / (use_old - use_new)`
/// per year. `None` when the new device saves nothing in use.
///
/// ```
/// use empreinte::{fleet::lifespan::replacement_break_even_years, quantity::units::Co2e};
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
    crate::accounting::replacement_break_even_years(
        embodied_new.kg(),
        use_old_per_year.kg(),
        use_new_per_year.kg(),
    )
}
