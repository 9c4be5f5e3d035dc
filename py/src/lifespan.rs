//! `empreinte.keep_longer`: what keeping devices longer saves (core's
//! `fleet::lifespan::keep_longer`), from an Arrow stream or a CSV inventory:
//! the table per kind, core's total and the reading's notes.

use crate::catalog::catalog;
use crate::convert::{self, read_input, table, Input};
use crate::errors::IntoPy;
use empreinte::fleet::lifespan::keep_longer as core_keep_longer;
use empreinte::fleet::lifespan::Extension;
use empreinte::inventory::read_all;
use empreinte::report::extension_table;
use empreinte::report::Note;
use empreinte::Inventory;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

/// What Python receives: the table per kind, the total saving (central,
/// low, high) and the notes of the reading.
pub type Extended = (PyTable, [f64; 3], Vec<(String, String)>);

fn extended(extension: &Extension, notes: &[Note]) -> PyResult<Extended> {
    Ok((
        table(&extension_table(extension))?,
        extension.total_saving_gwp_kgco2e_per_year.bounds(),
        convert::notes(notes),
    ))
}

/// Steady-state saving of keeping every device `extra_years` longer.
#[pyfunction]
#[pyo3(signature = (data, extra_years, country=None, factors=Vec::new()))]
pub fn keep_longer(
    py: Python<'_>,
    data: AnyRecordBatch,
    extra_years: f64,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<Extended> {
    let (batches, schema) = convert::batches(data)?;
    let (extension, notes) = py.detach(|| -> Result<_, convert::Failure> {
        let (inventory, notes) =
            convert::inventory_noted(catalog(&factors)?, &batches, &schema, country)?;
        Ok((core_keep_longer(&inventory, extra_years)?, notes))
    })?;
    extended(&extension, &notes)
}

/// `keep_longer` for a CSV inventory, file or text (errors name the line).
#[pyfunction]
#[pyo3(signature = (input, extra_years, country=None, factors=Vec::new()))]
pub fn keep_longer_csv(
    py: Python<'_>,
    input: Input,
    extra_years: f64,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<Extended> {
    let (extension, notes) = py
        .detach(|| {
            let bytes = read_input(&input)?;
            let empty = Inventory::new(catalog(&factors)?, country)?;
            let (inventory, summary) = read_all(&input.0, &bytes, empty)?;
            Ok::<_, empreinte::Error>((
                core_keep_longer(&inventory, extra_years)?,
                summary.notes(&input.0),
            ))
        })
        .py_err()?;
    extended(&extension, &notes)
}
