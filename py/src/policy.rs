//! `empreinte.simulate`, `compare`, `tender`, `extend_or_replace`: fleet
//! policies over the years (core's `policy` module). Policies cross as JSON
//! (core reads TOML files too: `policy_file_json`) and are checked by core's
//! `Policy::from_json`; results cross as the report's sections.

use crate::catalog::catalog;
use crate::convert::{self, read_input, Input};
use crate::errors::IntoPy;
use crate::report::{sections, Sections};
use empreinte::inventory::read_all;
use empreinte::policy::{self as core, Policy, REFERENCE_SCENARIOS};
use empreinte::report::Note;
use empreinte::{Catalog, Inventory, Report};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use std::sync::Arc;

/// A policy as Python sends it: the name of its source and its JSON text.
pub type PolicyJson = (String, String);

/// Per policy: its name, the year it crosses the reduction trajectory, its
/// cumulative total (central, low, high), kg CO2e.
type Summary = (String, Option<i32>, [f64; 3]);

/// The policies Python sends, checked by core.
pub(crate) fn policies(texts: &[PolicyJson], catalog: &Catalog) -> empreinte::Result<Vec<Policy>> {
    texts
        .iter()
        .map(|(source, json)| Policy::from_json(source, json, catalog))
        .collect()
}

/// Simulates (one policy) or compares (`compare`: the first is the
/// reference of the differences) over `inventory`; the reading notes come
/// first.
fn run(
    inventory: &Inventory,
    policies: &[Policy],
    compare: bool,
    mut notes: Vec<Note>,
) -> empreinte::Result<(Report, Vec<Summary>)> {
    let summary = |r: &core::PolicyResult| {
        (
            r.policy.name.clone(),
            r.crossing_year,
            r.cumulative_kgco2e().bounds(),
        )
    };
    let (mut report, summaries) = match (compare, policies) {
        (false, [policy]) => {
            let r = core::simulate(inventory, policy)?;
            (Report::from(&r), vec![summary(&r)])
        }
        _ => {
            let c = core::compare(inventory, policies)?;
            (Report::from(&c), c.results.iter().map(summary).collect())
        }
    };
    notes.append(&mut report.notes);
    report.notes = notes;
    Ok((report, summaries))
}

/// Simulates or compares policies over an Arrow inventory.
#[pyfunction]
#[pyo3(signature = (data, policies, compare, country=None, factors=Vec::new()))]
pub fn simulate_arrow(
    py: Python<'_>,
    data: AnyRecordBatch,
    policies: Vec<PolicyJson>,
    compare: bool,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<(Sections, Vec<Summary>)> {
    let (batches, schema) = convert::batches(data)?;
    let (report, summaries) = py.detach(|| -> Result<_, convert::Failure> {
        let catalog = catalog(&factors)?;
        let list = self::policies(&policies, &catalog)?;
        let (inventory, notes) = convert::inventory_noted(catalog, &batches, &schema, country)?;
        Ok(run(&inventory, &list, compare, notes)?)
    })?;
    Ok((sections(&report)?, summaries))
}

/// Simulates or compares policies over a CSV inventory (file or text).
#[pyfunction]
#[pyo3(signature = (input, policies, compare, country=None, factors=Vec::new()))]
pub fn simulate_csv(
    py: Python<'_>,
    input: Input,
    policies: Vec<PolicyJson>,
    compare: bool,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<(Sections, Vec<Summary>)> {
    let (report, summaries) = py
        .detach(|| {
            let catalog: Arc<Catalog> = catalog(&factors)?;
            let list = self::policies(&policies, &catalog)?;
            let bytes = read_input(&input)?;
            let (inventory, summary) =
                read_all(&input.0, &bytes, Inventory::new(catalog, country)?)?;
            run(&inventory, &list, compare, summary.notes(&input.0))
        })
        .py_err()?;
    Ok((sections(&report)?, summaries))
}

/// Ranks bids (CSV file or text) by life-cycle footprint per year of
/// service (core's `score_bids`); an absent option is core's default.
/// Returns the report's sections, the formula and the intensity used
/// (kg CO2e/kWh).
#[pyfunction]
#[pyo3(signature = (bids, weight_pct=None, country=None, year=None))]
pub fn tender(
    bids: Input,
    weight_pct: Option<f64>,
    country: Option<String>,
    year: Option<i32>,
) -> PyResult<(Sections, String, f64)> {
    let result = (|| {
        let catalog = Catalog::embedded()?;
        let list = core::parse_bids(&bids.0, &read_input(&bids)?, &catalog)?;
        let defaults = core::TenderOptions::default();
        let options = core::TenderOptions {
            weight_pct: weight_pct.unwrap_or(defaults.weight_pct),
            country: country.unwrap_or(defaults.country),
            year: year.or(defaults.year),
        };
        core::score_bids(&list, &catalog, &options)
    })()
    .py_err()?;
    Ok((
        sections(&Report::from(&result))?,
        result.formula.clone(),
        result.intensity_kg_per_kwh,
    ))
}

/// Extend or replace one device kind (core's `extend_or_replace`), as the
/// JSON core serializes; without a policy, core's default policy.
#[pyfunction]
#[pyo3(signature = (kind, country, annual_energy_kwh=None, policy=None, factors=Vec::new()))]
pub fn extend_or_replace(
    kind: &str,
    country: &str,
    annual_energy_kwh: Option<f64>,
    policy: Option<PolicyJson>,
    factors: Vec<Input>,
) -> PyResult<String> {
    let verdict = (|| {
        let catalog = catalog(&factors)?;
        let policy = match &policy {
            Some((source, json)) => Policy::from_json(source, json, &catalog)?,
            None => Policy::default(),
        };
        core::extend_or_replace(&catalog, kind, annual_energy_kwh, country, &policy)
    })()
    .py_err()?;
    serde_json::to_string(&verdict)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
}

/// The embedded ILLUSTRATIVE reference scenarios: id, policy as JSON,
/// inventory file name and CSV text.
#[pyfunction]
pub fn reference_scenarios() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    REFERENCE_SCENARIOS
        .iter()
        .map(|s| (s.id, s.policy_json(), s.inventory_name, s.inventory_csv))
        .collect()
}

/// A policy file's bytes as the JSON text of its keys, read by core (TOML,
/// or JSON when `source` ends in `.json`): the same parser and the same
/// errors as the command.
#[pyfunction]
pub fn policy_file_json(source: &str, data: &[u8]) -> PyResult<String> {
    Ok(core::policy_file_value(source, data).py_err()?.to_string())
}
