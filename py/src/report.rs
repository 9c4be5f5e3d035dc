//! Core reports to Python: every section of a [`Report`] as an Arrow table
//! (core's `Section::table`, the columns of the command's CSV output), with
//! the notes, sources and dataset editions. Shared by the data-centre and
//! policy bindings.

use crate::convert::{self, table};
use empreinte::report::datasets_table;
use empreinte::Report;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// What Python receives for a report: `(section name, table)` in core's
/// order, the notes, the sources, the dataset editions.
pub type Sections = (
    Vec<(String, PyTable)>,
    Vec<(String, String)>,
    PyTable,
    PyTable,
);

/// Every section of `report`, in order.
pub fn sections(report: &Report) -> PyResult<Sections> {
    let tables = report
        .sections
        .iter()
        .map(|s| Ok((s.name.clone(), table(&s.table())?)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((
        tables,
        convert::notes(&report.notes),
        table(&report.sources_table())?,
        table(&datasets_table(&report.datasets))?,
    ))
}
