//! Tables and JSON of a Monte Carlo fleet assessment: every measure as
//! `_mean`, `_p5`, `_p50`, `_p95` columns (never beside the interval
//! view's `_low`/`_high`), and the drivers of the total's spread; policies
//! compared under Monte Carlo; a data centre's scope totals.

use super::table::{Column, ColumnValues, Table};
use crate::datacentre::montecarlo::{McDatacentre, McScopes};
use crate::fleet::montecarlo::{McAssessment, McGroup};
use crate::ghg::montecarlo::McGhg;
use crate::policy::{McComparison, McComparisonRow};
use crate::quantity::Phase;
use crate::uncertainty::{Driver, Method, Summary};

/// The statistics of each measure, in column order.
pub const STATISTICS: [&str; 4] = ["mean", "p5", "p50", "p95"];

fn statistic(s: &Summary, i: usize) -> f64 {
    match i {
        0 => s.mean,
        1 => s.p5,
        2 => s.p50,
        _ => s.p95,
    }
}

/// The measures of a group, named with their unit.
fn measures(g: &McGroup) -> Vec<(String, Option<Summary>)> {
    let mut out = vec![("use_energy_kwh".to_owned(), g.use_energy_kwh)];
    for (p, s) in Phase::ALL.iter().zip(g.gwp_kgco2e) {
        out.push((format!("gwp_{}_kgco2e", p.id()), s));
    }
    out.push(("gwp_total_kgco2e".to_owned(), g.gwp_total_kgco2e));
    out
}

/// The groups (or, with `total`, the whole fleet) as a table: the keys of
/// the grouping, `lines`, `devices`, then per measure its `_mean`, `_p5`,
/// `_p50` and `_p95` (missing where a value has no data).
#[must_use]
pub fn monte_carlo_table(r: &McAssessment, total: bool) -> Table {
    let by = r.options.by;
    let groups: Vec<&McGroup> = if total {
        vec![&r.total]
    } else {
        r.groups.iter().collect()
    };
    let mut columns = Vec::new();
    let text = |name: &str, f: &dyn Fn(&McGroup) -> Option<String>| Column {
        name: name.into(),
        values: ColumnValues::Text(groups.iter().map(|g| f(g).unwrap_or_default()).collect()),
    };
    if by.entity && !total {
        columns.push(text("entity", &|g| g.entity.clone()));
    }
    if by.kind && !total {
        columns.push(text("kind", &|g| g.kind.clone()));
    }
    let number = |name: String, f: &dyn Fn(&McGroup) -> Option<f64>| Column {
        name,
        values: ColumnValues::Number(groups.iter().map(|g| f(g)).collect()),
    };
    columns.push(number("lines".into(), &|g| Some(g.lines as f64)));
    columns.push(number("devices".into(), &|g| Some(g.devices)));
    let names: Vec<String> = measures(&r.total).into_iter().map(|(n, _)| n).collect();
    for (m, name) in names.iter().enumerate() {
        for (i, stat) in STATISTICS.iter().enumerate() {
            columns.push(number(format!("{name}_{stat}"), &|g| {
                measures(g)
                    .get(m)
                    .and_then(|(_, s)| s.as_ref())
                    .map(|s| statistic(s, i))
            }));
        }
    }
    Table { columns }
}

/// The drivers of the total's spread: `input` (as a person reads it),
/// `key`, `variance_share` (0-1) and `method`, largest share first; the
/// first `limit` only when given.
#[must_use]
pub fn drivers_table(r: &McAssessment, limit: Option<usize>) -> Table {
    first_drivers(&r.drivers, limit)
}

/// The first `limit` of `drivers` (all without a limit) as a table.
fn first_drivers(drivers: &[Driver], limit: Option<usize>) -> Table {
    driver_columns(
        drivers
            .get(..limit.unwrap_or(usize::MAX).min(drivers.len()))
            .unwrap_or(&[]),
    )
}

/// `input`, `key`, `variance_share` and `method` of `d`.
fn driver_columns(d: &[Driver]) -> Table {
    Table {
        columns: vec![
            Column {
                name: "input".into(),
                values: ColumnValues::Text(d.iter().map(|d| d.label.clone()).collect()),
            },
            Column {
                name: "key".into(),
                values: ColumnValues::Text(d.iter().map(|d| d.key.clone()).collect()),
            },
            Column {
                name: "variance_share".into(),
                values: ColumnValues::Number(d.iter().map(|d| Some(d.variance_share)).collect()),
            },
            Column {
                name: "method".into(),
                values: ColumnValues::Text(
                    d.iter()
                        .map(|d| match d.method {
                            Method::Linear => "linear".into(),
                            Method::SobolFirstOrder => "sobol_first_order".into(),
                        })
                        .collect(),
                ),
            },
        ],
    }
}

/// The samples of the total climate footprint, in draw order, as a
/// one-column table (`gwp_total_kgco2e`): for a user's own plots.
#[must_use]
pub fn samples_table(r: &McAssessment) -> Table {
    samples_column("gwp_total_kgco2e", &r.total_samples_kgco2e)
}

/// Samples as a one-column table.
fn samples_column(name: &str, samples: &[f64]) -> Table {
    Table {
        columns: vec![Column {
            name: name.into(),
            values: ColumnValues::Number(samples.iter().map(|v| Some(*v)).collect()),
        }],
    }
}

/// The samples of a data centre's location-based total, in draw order, as
/// a one-column table (`total_kgco2e`).
#[must_use]
pub fn datacentre_samples_table(r: &McDatacentre) -> Table {
    samples_column("total_kgco2e", &r.total_samples_kgco2e)
}

/// Where every value used came from: `item`, `dataset`, `reference`,
/// `licence` (the interval report's sources table).
#[must_use]
pub fn sources_table(r: &McAssessment) -> Table {
    sources_of(&r.sources)
}

/// Sources as a table: `item`, `dataset`, `reference`, `licence`.
#[must_use]
pub fn sources_of(sources: &[crate::catalog::SourceUse]) -> Table {
    let text = |name: &str, f: &dyn Fn(&crate::catalog::SourceUse) -> String| Column {
        name: name.into(),
        values: ColumnValues::Text(sources.iter().map(f).collect()),
    };
    Table {
        columns: vec![
            text("item", &|s| s.item.clone()),
            text("dataset", &|s| s.dataset.clone()),
            text("reference", &|s| s.reference.clone()),
            text("licence", &|s| s.licence.clone()),
        ],
    }
}

/// The whole result as JSON: `uncertainty` (`"monte_carlo"`), the options
/// and the run's samples, seed and distribution, `rows` and `total` (the
/// tables' rows), `drivers`, `drivers_sentence`, `notes`, `sources`,
/// `datasets`.
/// Numbers are written by `options` (full precision:
/// [`super::WriteOptions::FULL_PRECISION`]).
#[must_use]
pub fn monte_carlo_json(r: &McAssessment, options: &super::WriteOptions) -> serde_json::Value {
    serde_json::json!({
        "uncertainty": "monte_carlo",
        "options": r.options,
        "monte_carlo": r.monte_carlo,
        "rows": monte_carlo_table(r, false).to_json_rows(options),
        "total": monte_carlo_table(r, true).to_json_rows(options),
        "drivers": drivers_table(r, None).to_json_rows(options),
        "drivers_sentence": r.drivers_sentence(),
        "notes": r.notes,
        "sources": r.sources,
        "datasets": r.datasets,
    })
}

/// A measure of a comparison's row.
type RowSummary = fn(&McComparisonRow) -> Option<Summary>;

/// Policies compared under Monte Carlo, one row per policy: `scenario`,
/// `cumulative_kgco2e_{mean,p5,p50,p95}`, `difference_kgco2e_{mean,p5,p50,p95}`
/// (this policy minus the first, sample by sample; missing for the first)
/// and `probability_below_first` (missing for the first).
#[must_use]
pub fn comparison_table(c: &McComparison) -> Table {
    let rows = &c.rows;
    let mut columns = vec![Column {
        name: "scenario".into(),
        values: ColumnValues::Text(rows.iter().map(|r| r.scenario.clone()).collect()),
    }];
    let measures: [(&str, RowSummary); 2] = [
        ("cumulative_kgco2e", |r| Some(r.cumulative_kgco2e)),
        ("difference_kgco2e", |r| r.difference_kgco2e),
    ];
    for (name, f) in measures {
        for (i, stat) in STATISTICS.iter().enumerate() {
            columns.push(Column {
                name: format!("{name}_{stat}"),
                values: ColumnValues::Number(
                    rows.iter()
                        .map(|r| f(r).map(|s| statistic(&s, i)))
                        .collect(),
                ),
            });
        }
    }
    columns.push(Column {
        name: "probability_below_first".into(),
        values: ColumnValues::Number(rows.iter().map(|r| r.probability_below_first).collect()),
    });
    Table { columns }
}

/// What drives the spread of each policy's difference from the first:
/// `scenario`, `input`, `key`, `variance_share`, `method`, largest share
/// first within each policy; the first `limit` of each when given.
#[must_use]
pub fn comparison_drivers_table(c: &McComparison, limit: Option<usize>) -> Table {
    let mut scenario = Vec::new();
    let mut drivers = Vec::new();
    for r in &c.rows {
        for d in r.drivers.iter().take(limit.unwrap_or(usize::MAX)) {
            scenario.push(r.scenario.clone());
            drivers.push(d.clone());
        }
    }
    let mut t = driver_columns(&drivers);
    t.columns.insert(
        0,
        Column {
            name: "scenario".into(),
            values: ColumnValues::Text(scenario),
        },
    );
    t
}

/// A comparison under Monte Carlo as JSON: `uncertainty`
/// (`"monte_carlo"`), the run's samples, seed and distribution, `rows`
/// (the comparison table's rows), `drivers` (of each difference),
/// `sentences`, `notes`, `sources`, `datasets` (the interval comparison's).
#[must_use]
pub fn comparison_json(c: &McComparison, options: &super::WriteOptions) -> serde_json::Value {
    let report = super::Report::from(&c.comparison);
    serde_json::json!({
        "uncertainty": "monte_carlo",
        "monte_carlo": c.monte_carlo,
        "rows": comparison_table(c).to_json_rows(options),
        "drivers": comparison_drivers_table(c, None).to_json_rows(options),
        "sentences": c.sentences(),
        "notes": report.notes,
        "sources": report.sources,
        "datasets": report.datasets,
    })
}

/// A measure of a data centre's row.
type ScopeSummary = fn(&McScopes) -> Option<Summary>;

/// A data centre's scope totals under Monte Carlo, one row per scope 2
/// method (`scope2_method`: `location_based`, `market_based`): `scope1_kgco2e`,
/// `scope2_kgco2e`, `scope3_kgco2e` and `total_kgco2e`, each as `_mean`,
/// `_p5`, `_p50`, `_p95` (missing where not computed): the interval
/// report's `total` section with the statistics for the bounds.
#[must_use]
pub fn datacentre_table(r: &McDatacentre) -> Table {
    scopes_table(&r.scopes, None)
}

/// An organisation's GHG inventory under Monte Carlo: [`datacentre_table`]'s
/// columns, then `management_kgco2e_{mean,p5,p50,p95}` (the management
/// view, the same on both rows; NOT a GHG Protocol figure).
#[must_use]
pub fn ghg_table(r: &McGhg) -> Table {
    scopes_table(&r.scopes, Some(r.management_kgco2e))
}

/// The scope totals by scope 2 method, and a measure shared by the rows.
fn scopes_table(rows: &[McScopes], management: Option<Option<Summary>>) -> Table {
    let mut columns = vec![Column {
        name: "scope2_method".into(),
        values: ColumnValues::Text(rows.iter().map(|s| s.method.id().to_owned()).collect()),
    }];
    let measures: [(&str, ScopeSummary); 4] = [
        ("scope1_kgco2e", |s| s.scope1_kgco2e),
        ("scope2_kgco2e", |s| s.scope2_kgco2e),
        ("scope3_kgco2e", |s| s.scope3_kgco2e),
        ("total_kgco2e", |s| s.total_kgco2e),
    ];
    for (name, f) in measures {
        for (i, stat) in STATISTICS.iter().enumerate() {
            columns.push(Column {
                name: format!("{name}_{stat}"),
                values: ColumnValues::Number(
                    rows.iter()
                        .map(|s| f(s).map(|s| statistic(&s, i)))
                        .collect(),
                ),
            });
        }
    }
    if let Some(m) = management {
        for (i, stat) in STATISTICS.iter().enumerate() {
            columns.push(Column {
                name: format!("management_kgco2e_{stat}"),
                values: ColumnValues::Number(
                    rows.iter().map(|_| m.map(|s| statistic(&s, i))).collect(),
                ),
            });
        }
    }
    Table { columns }
}

/// The drivers of a data centre's total (location-based): `input`, `key`,
/// `variance_share`, `method`, largest share first; the first `limit` only
/// when given.
#[must_use]
pub fn datacentre_drivers_table(r: &McDatacentre, limit: Option<usize>) -> Table {
    first_drivers(&r.drivers, limit)
}

/// The drivers of an organisation's location-based total: `input`, `key`,
/// `variance_share`, `method`, largest share first; the first `limit` only
/// when given.
#[must_use]
pub fn ghg_drivers_table(r: &McGhg, limit: Option<usize>) -> Table {
    first_drivers(&r.drivers, limit)
}

/// The samples of an organisation's location-based total, in draw order,
/// as a one-column table (`total_kgco2e`).
#[must_use]
pub fn ghg_samples_table(r: &McGhg) -> Table {
    samples_column("total_kgco2e", &r.total_samples_kgco2e)
}

/// An organisation's GHG inventory under Monte Carlo as JSON:
/// `uncertainty` (`"monte_carlo"`), the run's samples, seed and
/// distribution, `year`, `total` ([`ghg_table`]'s rows), `drivers`,
/// `drivers_sentence`, `notes`, `sources`, `datasets` (the interval
/// inventory's).
#[must_use]
pub fn ghg_json(r: &McGhg, options: &super::WriteOptions) -> serde_json::Value {
    let g = &r.ghg;
    serde_json::json!({
        "uncertainty": "monte_carlo",
        "monte_carlo": r.monte_carlo,
        "year": g.year,
        "total": ghg_table(r).to_json_rows(options),
        "drivers": ghg_drivers_table(r, None).to_json_rows(options),
        "drivers_sentence": r.drivers_sentence(),
        "notes": g.notes,
        "sources": g.sources,
        "datasets": g.datasets,
    })
}

/// A data centre under Monte Carlo as JSON: `uncertainty`
/// (`"monte_carlo"`), the run's samples, seed and distribution, `name`,
/// `zone`, `year`, `total` ([`datacentre_table`]'s rows), `drivers`,
/// `drivers_sentence`, `notes`, `sources`, `datasets` (the interval
/// assessment's).
#[must_use]
pub fn datacentre_json(r: &McDatacentre, options: &super::WriteOptions) -> serde_json::Value {
    let report = super::Report::from(&r.datacentre);
    let d = &r.datacentre;
    serde_json::json!({
        "uncertainty": "monte_carlo",
        "monte_carlo": r.monte_carlo,
        "name": d.name,
        "zone": d.zone,
        "year": d.year,
        "total": datacentre_table(r).to_json_rows(options),
        "drivers": datacentre_drivers_table(r, None).to_json_rows(options),
        "drivers_sentence": r.drivers_sentence(),
        "notes": report.notes,
        "sources": report.sources,
        "datasets": report.datasets,
    })
}
