//! `empreinte.assess`: an inventory (Arrow stream, CSV file or CSV text) to
//! the result tables, with the GIL released while core works.

use crate::catalog::catalog;
use crate::convert::{self, table, Input};
use crate::errors::IntoPy;
use empreinte::report::{datasets_table, WriteOptions};
use empreinte::{Assessment, GroupBy, Mode, Options, Report};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

/// What Python receives: the result table, the whole-fleet table, the
/// sources, the dataset editions, the notes, and the result table as CSV
/// text written by core's one writer (exactly as the command writes it).
pub type Assessed = (
    PyTable,
    PyTable,
    PyTable,
    PyTable,
    Vec<(String, String)>,
    String,
);

/// Core's options; an absent mode or grouping is core's default.
pub fn options(year: i32, mode: Option<&str>, by: Option<&str>) -> empreinte::Result<Options> {
    let mode = mode.map(Mode::parse).transpose()?.unwrap_or_default();
    let by = by.map(GroupBy::parse).transpose()?.unwrap_or_default();
    Options::new(year, mode, by)
}

/// The command's rule: criteria that no factor table gives are left out
/// unless `all_criteria` (`--all-criteria`); climate change always stays.
pub fn output(assessment: Assessment, all_criteria: bool) -> PyResult<Assessed> {
    let assessment = if all_criteria {
        assessment
    } else {
        assessment.without_empty_criteria()
    };
    let report = Report::from(&assessment);
    Ok((
        table(&report.table())?,
        table(&report.total_table())?,
        table(&report.sources_table())?,
        table(&datasets_table(&report.datasets))?,
        convert::notes(&report.notes),
        report.csv("inventory", &WriteOptions::default()).py_err()?,
    ))
}

/// Assesses an Arrow stream (a polars DataFrame, a pyarrow table, ...).
#[pyfunction]
#[pyo3(signature = (data, year, mode=None, by=None, country=None, factors=Vec::new(), all_criteria=false))]
#[allow(clippy::too_many_arguments)] // one per keyword argument of `empreinte.assess`
pub fn assess_arrow(
    py: Python<'_>,
    data: AnyRecordBatch,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
    all_criteria: bool,
) -> PyResult<Assessed> {
    let (batches, schema) = convert::batches(data)?;
    let assessment = py.detach(|| -> Result<_, convert::Failure> {
        let options = options(year, mode, by)?;
        convert::assess(catalog(&factors)?, &batches, &schema, country, options)
    })?;
    output(assessment, all_criteria)
}

/// Assesses a CSV inventory (a file streamed by core, or text); errors name
/// the line and column.
#[pyfunction]
#[pyo3(signature = (input, year, mode=None, by=None, country=None, factors=Vec::new(), all_criteria=false))]
#[allow(clippy::too_many_arguments)] // one per keyword argument of `empreinte.assess`
pub fn assess_csv(
    py: Python<'_>,
    input: Input,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
    all_criteria: bool,
) -> PyResult<Assessed> {
    let assessment = py
        .detach(|| {
            let options = options(year, mode, by)?;
            let catalog = catalog(&factors)?;
            let (name, text) = &input;
            let run =
                |reader| empreinte::assess_csv(catalog, name, reader, country, options, |_| {});
            match text {
                Some(text) => run(Box::new(text.as_bytes()) as Box<dyn std::io::Read>),
                None => run(Box::new(empreinte::error::open_file(
                    std::path::Path::new(name),
                )?)),
            }
        })
        .py_err()?;
    output(assessment, all_criteria)
}
