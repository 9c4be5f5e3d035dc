//! `empreinte.monte_carlo`: an inventory (Arrow stream, CSV file or CSV
//! text) to the Monte Carlo tables (percentile columns), the drivers and
//! the total's samples, with the GIL released while core works.

use crate::catalog::catalog;
use crate::convert::{self, table, Input};
use crate::errors::IntoPy;
use empreinte::fleet::montecarlo::{
    assess_csv_monte_carlo, assess_monte_carlo, McAssessment, MonteCarlo,
};
use empreinte::inventory::ReadOptions;
use empreinte::report::datasets_table;
use empreinte::report::montecarlo::{
    drivers_table, monte_carlo_table, samples_table, sources_table,
};
use empreinte::{GroupBy, Mode, Options};
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
        let inventory = convert::inventory(catalog(&factors)?, &batches, &schema, country)?;
        Ok(assess_monte_carlo(&inventory, options, mc)?)
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
                None => run(Box::new(
                    std::fs::File::open(name).map_err(|e| convert::io_error(name, &e))?,
                )),
            }
        })
        .py_err()?;
    output(&result)
}
