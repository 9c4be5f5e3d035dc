//! `empreinte.monte_carlo` and `compare_monte_carlo`: an inventory (Arrow
//! stream, CSV file or CSV text) to the Monte Carlo tables (percentile
//! columns), the drivers and the total's samples, or policies compared
//! with common random numbers, with the GIL released while core works.

use crate::catalog::catalog;
use crate::convert::{self, table, Input};
use crate::errors::IntoPy;
use crate::policy::PolicyJson;
use empreinte::fleet::montecarlo::{
    assess_csv_monte_carlo, assess_monte_carlo, McAssessment, MonteCarlo,
};
use empreinte::inventory::{read_all, ReadOptions};
use empreinte::policy::{compare_monte_carlo, McComparison};
use empreinte::report::datasets_table;
use empreinte::report::montecarlo::{
    comparison_drivers_table, comparison_table, drivers_table, monte_carlo_table, samples_table,
    sources_table,
};
use empreinte::report::Note;
use empreinte::{GroupBy, Inventory, Mode, Options, Report};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

/// What Python receives: the groups, the total, the drivers, the samples
/// of the total, the sources, the dataset editions, the notes, the
/// drivers' sentence.
type Assessed = (
    PyTable,
    PyTable,
    PyTable,
    PyTable,
    PyTable,
    PyTable,
    Vec<(String, String)>,
    Option<String>,
);

/// Core's options; what is absent is core's default.
fn options(
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    mc: (Option<usize>, Option<u64>, Option<&str>),
) -> empreinte::Result<(Options, MonteCarlo)> {
    let mode = mode.map(Mode::parse).transpose()?.unwrap_or_default();
    let by = by.map(GroupBy::parse).transpose()?.unwrap_or_default();
    Ok((
        Options::new(year, mode, by)?,
        MonteCarlo::from_options(mc.0, mc.1, mc.2)?,
    ))
}

fn output(r: &McAssessment) -> PyResult<Assessed> {
    Ok((
        table(&monte_carlo_table(r, false))?,
        table(&monte_carlo_table(r, true))?,
        table(&drivers_table(r, None))?,
        table(&samples_table(r))?,
        table(&sources_table(r))?,
        table(&datasets_table(&r.datasets))?,
        convert::notes(&r.notes),
        r.drivers_sentence(),
    ))
}

/// Monte Carlo assessment of an Arrow stream (a polars DataFrame, ...).
#[pyfunction]
#[pyo3(signature = (data, year, mode=None, by=None, country=None, factors=Vec::new(), samples=None, seed=None, distribution=None))]
#[allow(clippy::too_many_arguments)]
pub fn monte_carlo_arrow(
    py: Python<'_>,
    data: AnyRecordBatch,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
    samples: Option<usize>,
    seed: Option<u64>,
    distribution: Option<&str>,
) -> PyResult<Assessed> {
    let (batches, schema) = convert::batches(data)?;
    let result = py.detach(|| -> Result<_, convert::Failure> {
        let (options, mc) = options(year, mode, by, (samples, seed, distribution))?;
        let (inventory, read) =
            convert::inventory_noted(catalog(&factors)?, &batches, &schema, country)?;
        let mut result = assess_monte_carlo(&inventory, options, mc)?;
        // The reading's notes (ignored columns) go with the result, as
        // with a CSV.
        result.notes.extend(read);
        Ok(result)
    })?;
    output(&result)
}

/// Monte Carlo assessment of a CSV inventory (a file streamed by core, or
/// text); errors name the line and column.
#[pyfunction]
#[pyo3(signature = (input, year, mode=None, by=None, country=None, factors=Vec::new(), samples=None, seed=None, distribution=None))]
#[allow(clippy::too_many_arguments)]
pub fn monte_carlo_csv(
    py: Python<'_>,
    input: Input,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
    samples: Option<usize>,
    seed: Option<u64>,
    distribution: Option<&str>,
) -> PyResult<Assessed> {
    let result = py
        .detach(|| {
            let (options, mc) = options(year, mode, by, (samples, seed, distribution))?;
            let catalog = catalog(&factors)?;
            let (name, text) = &input;
            let run = |reader| {
                assess_csv_monte_carlo(
                    catalog,
                    name,
                    reader,
                    country,
                    options,
                    ReadOptions::default(),
                    mc,
                    |_| {},
                )
            };
            match text {
                Some(text) => run(Box::new(text.as_bytes()) as Box<dyn std::io::Read>),
                None => run(Box::new(empreinte::error::open_file(
                    std::path::Path::new(name),
                )?)),
            }
        })
        .py_err()?;
    output(&result)
}

/// What Python receives for a comparison: the comparison table, the
/// drivers of each difference, one sentence per policy after the first,
/// the sources, the dataset editions, the notes.
type Compared = (
    PyTable,
    PyTable,
    Vec<String>,
    PyTable,
    PyTable,
    Vec<(String, String)>,
);

fn compared(c: &McComparison, mut notes: Vec<Note>) -> PyResult<Compared> {
    let mut report = Report::from(&c.comparison);
    notes.append(&mut report.notes);
    Ok((
        table(&comparison_table(c))?,
        table(&comparison_drivers_table(c, None))?,
        c.sentences(),
        table(&report.sources_table())?,
        table(&datasets_table(&report.datasets))?,
        convert::notes(&notes),
    ))
}

/// Policies compared under Monte Carlo over an Arrow inventory.
#[pyfunction]
#[pyo3(signature = (data, policies, country=None, factors=Vec::new(), samples=None, seed=None, distribution=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare_monte_carlo_arrow(
    py: Python<'_>,
    data: AnyRecordBatch,
    policies: Vec<PolicyJson>,
    country: Option<&str>,
    factors: Vec<Input>,
    samples: Option<usize>,
    seed: Option<u64>,
    distribution: Option<&str>,
) -> PyResult<Compared> {
    let (batches, schema) = convert::batches(data)?;
    let result = py.detach(|| -> Result<_, convert::Failure> {
        let mc = MonteCarlo::from_options(samples, seed, distribution)?;
        let catalog = catalog(&factors)?;
        let list = crate::policy::policies(&policies, &catalog)?;
        let (inventory, read) = convert::inventory_noted(catalog, &batches, &schema, country)?;
        Ok((compare_monte_carlo(&inventory, &list, mc)?, read))
    })?;
    let (result, notes) = result;
    compared(&result, notes)
}

/// Policies compared under Monte Carlo over a CSV inventory (file or
/// text); errors name the line and column.
#[pyfunction]
#[pyo3(signature = (input, policies, country=None, factors=Vec::new(), samples=None, seed=None, distribution=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare_monte_carlo_csv(
    py: Python<'_>,
    input: Input,
    policies: Vec<PolicyJson>,
    country: Option<&str>,
    factors: Vec<Input>,
    samples: Option<usize>,
    seed: Option<u64>,
    distribution: Option<&str>,
) -> PyResult<Compared> {
    let (result, notes) = py
        .detach(|| {
            let mc = MonteCarlo::from_options(samples, seed, distribution)?;
            let catalog = catalog(&factors)?;
            let list = crate::policy::policies(&policies, &catalog)?;
            let bytes = convert::read_input(&input)?;
            let (inventory, summary) =
                read_all(&input.0, &bytes, Inventory::new(catalog, country)?)?;
            Ok::<_, empreinte::Error>((
                compare_monte_carlo(&inventory, &list, mc)?,
                summary.notes(&input.0),
            ))
        })
        .py_err()?;
    compared(&result, notes)
}
