//! Plain listings as tables: datasets, archetypes, one device, a lifespan
//! extension.

use super::*;
use crate::catalog::{Archetype, DatasetInfo};
use crate::fleet::device::DeviceFootprint;
use crate::fleet::lifespan::Extension;
use crate::quantity::{Estimate, Phase};

/// A named text field of a row type.
pub(super) type TextField<'a, T> = (&'a str, &'a dyn Fn(&T) -> String);
/// A named number field of a row type.
pub(super) type NumberField<'a, T> = (&'a str, &'a dyn Fn(&T) -> Option<f64>);

/// Builds a table from rows of text and number fields, in column order.
pub(super) fn table_of<T>(
    rows: &[T],
    text: &[TextField<'_, T>],
    numbers: &[NumberField<'_, T>],
) -> Table {
    let mut columns = Vec::new();
    for (name, f) in text {
        columns.push(Column {
            name: (*name).into(),
            values: ColumnValues::Text(rows.iter().map(f).collect()),
        });
    }
    for (name, f) in numbers {
        columns.push(Column {
            name: (*name).into(),
            values: ColumnValues::Number(rows.iter().map(f).collect()),
        });
    }
    Table { columns }
}

/// The countries and zones with grid data as a table (`code`, `name`,
/// `first_year`, `last_year`: the years the embedded data publishes).
#[must_use]
pub fn zones_table(zones: &[crate::grid::Zone]) -> Table {
    let mut t = table_of(
        zones,
        &[
            ("code", &|z: &crate::grid::Zone| z.code.clone()),
            ("name", &|z: &crate::grid::Zone| z.name.clone()),
        ],
        &[],
    );
    for (name, pick) in [("first_year", 0), ("last_year", 1)] {
        t.columns.push(Column {
            name: name.into(),
            values: ColumnValues::Integer(
                zones
                    .iter()
                    .map(|z| {
                        let (first, last) = z.years();
                        Some(i64::from(if pick == 0 { first } else { last }))
                    })
                    .collect(),
            ),
        });
    }
    t
}

/// The impact criteria in the order of the results (`id`, `unit`, `name`,
/// `unit_label`).
#[must_use]
pub fn criteria_table(criteria: &[crate::quantity::Criterion]) -> Table {
    use crate::quantity::Criterion;
    table_of(
        criteria,
        &[
            ("id", &|c: &Criterion| c.id.clone()),
            ("unit", &|c: &Criterion| c.unit.clone()),
            ("name", &|c: &Criterion| c.name.clone()),
            ("unit_label", &|c: &Criterion| c.unit_label.clone()),
        ],
        &[],
    )
}

/// Dataset editions as a table (`id`, `edition`, `title`, `publisher`,
/// `url`, `licence`, `attribution`, `sha256`).
#[must_use]
pub fn datasets_table(datasets: &[DatasetInfo]) -> Table {
    table_of(
        datasets,
        &[
            ("id", &|d: &DatasetInfo| d.id.clone()),
            ("edition", &|d: &DatasetInfo| d.edition.clone()),
            ("title", &|d: &DatasetInfo| d.title.clone()),
            ("publisher", &|d: &DatasetInfo| d.publisher.clone()),
            ("url", &|d: &DatasetInfo| d.url.clone()),
            ("licence", &|d: &DatasetInfo| d.licence.clone()),
            ("attribution", &|d: &DatasetInfo| d.attribution.clone()),
            ("sha256", &|d: &DatasetInfo| d.sha256.clone()),
        ],
        &[],
    )
}

/// The archetypes with their defaults and sources, as a table; a cell the
/// archetype table left empty (energy, sleep or off power, typical
/// utilisation) is empty here too.
#[must_use]
pub fn archetypes_table(archetypes: &[Archetype]) -> Table {
    type A = Archetype;
    // A kind without a default electricity use has empty energy cells.
    let est = |f: fn(&A) -> Option<Estimate>, b: fn(Estimate) -> f64| move |a: &A| f(a).map(b);
    let energy = |a: &A| a.annual_energy_kwh;
    let embodied = |a: &A| Some(a.embodied_gwp_kgco2e);
    let share = |i: usize| move |a: &A| a.shares.get(i).copied();
    table_of(
        archetypes,
        &[
            ("kind", &|a: &A| a.kind.clone()),
            ("label", &|a: &A| a.label.clone()),
            ("quality", &|a: &A| {
                format!("{:?}", a.quality).to_lowercase()
            }),
            ("lifespan_basis", &|a: &A| a.lifespan_basis.clone()),
            ("usage_profile", &|a: &A| a.usage_profile.clone()),
            ("method", &|a: &A| a.method.clone()),
            ("source", &|a: &A| a.source.clone()),
        ],
        &[
            ("lifespan_years", &|a: &A| Some(a.lifespan_years)),
            ("annual_energy_kwh", &est(energy, Estimate::central)),
            ("annual_energy_kwh_low", &est(energy, Estimate::low)),
            ("annual_energy_kwh_high", &est(energy, Estimate::high)),
            ("embodied_gwp_kgco2e", &est(embodied, Estimate::central)),
            ("embodied_gwp_kgco2e_low", &est(embodied, Estimate::low)),
            ("embodied_gwp_kgco2e_high", &est(embodied, Estimate::high)),
            ("share_manufacture", &share(0)),
            ("share_transport", &share(1)),
            ("share_end_of_life", &share(2)),
            ("sample_size", &|a: &A| Some(f64::from(a.sample_size))),
            ("manufacturers", &|a: &A| Some(f64::from(a.manufacturers))),
            ("top_manufacturer_share", &|a: &A| {
                Some(a.top_manufacturer_share)
            }),
            ("manufacturer_lifespan_years", &|a: &A| {
                Some(a.manufacturer_lifespan_years)
            }),
            ("power_on_w", &|a: &A| a.power.map(|p| p.on_w.central())),
            // As the table gives them: empty when left empty (the energy
            // then uses the on power), never the on power shown as if drawn
            // asleep or off.
            ("power_sleep_w", &|a: &A| a.power.and_then(|p| p.sleep_w)),
            ("power_off_w", &|a: &A| a.power.and_then(|p| p.off_w)),
            ("power_idle_w", &|a: &A| a.load.map(|l| l.idle_w.central())),
            ("power_idle_w_low", &|a: &A| a.load.map(|l| l.idle_w.low())),
            ("power_idle_w_high", &|a: &A| {
                a.load.map(|l| l.idle_w.high())
            }),
            ("power_max_w", &|a: &A| a.load.map(|l| l.max_w.central())),
            ("power_max_w_low", &|a: &A| a.load.map(|l| l.max_w.low())),
            ("power_max_w_high", &|a: &A| a.load.map(|l| l.max_w.high())),
            ("utilisation_typical", &|a: &A| {
                a.load.and_then(|l| l.typical_utilisation)
            }),
        ],
    )
}

/// The footprint of one device as a one-row table: `kind`,
/// `lifespan_years`, `annual_energy_kwh{,_low,_high}`, then per criterion
/// `<criterion>_<phase>_<unit>` (whole life, phases and `total`),
/// `<criterion>_per_year_<unit>` and `<criterion>_in_year_<unit>` (what the
/// reporting year books), each with `_low`/`_high`; then
/// `grid_gco2e_per_kwh` and `grid_year`.
#[must_use]
pub fn device_table(fp: &DeviceFootprint) -> Table {
    let num = |name: String, v: Option<f64>| Column {
        name,
        values: ColumnValues::Number(vec![v]),
    };
    let mut columns = vec![
        Column {
            name: "kind".into(),
            values: ColumnValues::Text(vec![fp.kind.clone()]),
        },
        num("lifespan_years".into(), Some(fp.lifespan_years)),
    ];
    let mut est = |name: String, e: Option<Estimate>| {
        columns.push(num(name.clone(), e.map(Estimate::central)));
        columns.push(num(format!("{name}_low"), e.map(Estimate::low)));
        columns.push(num(format!("{name}_high"), e.map(Estimate::high)));
    };
    est("annual_energy_kwh".into(), Some(fp.annual_energy_kwh));
    for c in &fp.criteria {
        let (id, unit) = (&c.criterion.id, &c.criterion.unit);
        for phase in Phase::ALL {
            est(format!("{id}_{}_{unit}", phase.id()), c.lifetime.get(phase));
        }
        est(format!("{id}_total_{unit}"), c.lifetime_total);
        est(format!("{id}_per_year_{unit}"), c.per_year);
        est(format!("{id}_in_year_{unit}"), c.in_year.total());
    }
    columns.push(num(
        "grid_gco2e_per_kwh".into(),
        Some(fp.grid.factor.g_per_kwh()),
    ));
    columns.push(num("grid_year".into(), Some(f64::from(fp.grid.data_year))));
    Table { columns }
}

/// The effect of keeping devices longer, one row per kind.
#[must_use]
pub fn extension_table(ext: &Extension) -> Table {
    use crate::fleet::lifespan::ExtensionRow as R;
    let extra = ext.extra_years;
    let extended = move |r: &R| Some(r.lifespan_years + extra);
    table_of(
        &ext.rows,
        &[("kind", &|r: &R| r.kind.clone())],
        &[
            ("devices", &|r: &R| Some(r.devices)),
            ("lifespan_years", &|r: &R| Some(r.lifespan_years)),
            ("extended_lifespan_years", &extended),
            ("embodied_gwp_kgco2e_per_year", &|r: &R| {
                Some(r.embodied_gwp_kgco2e_per_year.central())
            }),
            ("extended_gwp_kgco2e_per_year", &|r: &R| {
                Some(r.extended_gwp_kgco2e_per_year.central())
            }),
            ("saving_gwp_kgco2e_per_year", &|r: &R| {
                Some(r.saving_gwp_kgco2e_per_year.central())
            }),
            ("saving_gwp_kgco2e_per_year_low", &|r: &R| {
                Some(r.saving_gwp_kgco2e_per_year.low())
            }),
            ("saving_gwp_kgco2e_per_year_high", &|r: &R| {
                Some(r.saving_gwp_kgco2e_per_year.high())
            }),
        ],
    )
}
