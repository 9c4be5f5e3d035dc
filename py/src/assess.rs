//! `empreinte.assess`: an inventory (Arrow stream or CSV file) to the result
//! tables, with the GIL released while core works.

use crate::catalog::{catalog, Factors};
use crate::convert;
use crate::errors::IntoPy;
use empreinte::{GroupBy, Mode, Options, Report};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;
use std::path::PathBuf;

/// What Python receives: the result table, the sources table, the notes.
type Assessed = (PyTable, PyTable, Vec<(String, String)>);

fn options(year: i32, mode: &str, by: &str) -> empreinte::Result<Options> {
    Options::new(year, Mode::parse(mode)?, GroupBy::parse(by)?)
}

fn output(report: &Report) -> PyResult<Assessed> {
    let notes = report
        .notes
        .iter()
        .map(|n| (n.code.to_owned(), n.message.clone()))
        .collect();
    Ok((
        table(&report.table())?,
        table(&report.sources_table())?,
        notes,
    ))
}

/// A core table as an Arrow table object (it has `__arrow_c_stream__`).
pub fn table(t: &empreinte::Table) -> PyResult<PyTable> {
    let batch = convert::record_batch(t)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

/// Assesses an Arrow stream (a polars DataFrame, a pyarrow table, ...).
#[pyfunction]
#[pyo3(signature = (data, year, mode, by, country=None, factors=Vec::new()))]
pub fn assess_arrow(
    py: Python<'_>,
    data: AnyRecordBatch,
    year: i32,
    mode: &str,
    by: &str,
    country: Option<&str>,
    factors: Factors,
) -> PyResult<Assessed> {
    let (batches, schema) = data.into_table()?.into_inner();
    let catalog = catalog(&factors)?;
    let report = py.detach(|| -> Result<Report, convert::Failure> {
        let options = options(year, mode, by)?;
        convert::assess(&catalog, &batches, &schema, country, options)
    })?;
    output(&report)
}

/// Assesses a CSV file, streamed by core (errors name the line and column).
#[pyfunction]
#[pyo3(signature = (path, year, mode, by, country=None, factors=Vec::new()))]
pub fn assess_csv(
    py: Python<'_>,
    path: PathBuf,
    year: i32,
    mode: &str,
    by: &str,
    country: Option<&str>,
    factors: Factors,
) -> PyResult<Assessed> {
    let catalog = catalog(&factors)?;
    let name = path.display().to_string();
    let report = py
        .detach(|| {
            let options = options(year, mode, by)?;
            let file = std::fs::File::open(&path).map_err(|e| empreinte::Error::Io {
                at: empreinte::Location {
                    source: name.clone(),
                    ..Default::default()
                },
                message: e.to_string(),
            })?;
            empreinte::assess_csv(&catalog, &name, file, country, options, |_| {})
        })
        .py_err()?;
    output(&report)
}
