//! `empreinte.keep_longer`: what keeping devices longer saves (core's
//! `fleet::lifespan::keep_longer`), from an Arrow stream or a CSV inventory.

use crate::catalog::catalog;
use crate::convert::{self, read_input, table, Input};
use crate::errors::IntoPy;
use empreinte::fleet::lifespan::keep_longer as core_keep_longer;
use empreinte::inventory::read_all;
use empreinte::report::extension_table;
use empreinte::Inventory;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

/// Steady-state saving of keeping every device `extra_years` longer.
#[pyfunction]
#[pyo3(signature = (data, extra_years, country=None, factors=Vec::new()))]
pub fn keep_longer(
    py: Python<'_>,
    data: AnyRecordBatch,
    extra_years: f64,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<PyTable> {
    let (batches, schema) = convert::batches(data)?;
    let extension = py.detach(|| -> Result<_, convert::Failure> {
        let inventory = convert::inventory(catalog(&factors)?, &batches, &schema, country)?;
        Ok(core_keep_longer(&inventory, extra_years)?)
    })?;
    table(&extension_table(&extension))
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
) -> PyResult<PyTable> {
    let extension = py
        .detach(|| {
            let bytes = read_input(&input)?;
            let empty = Inventory::new(catalog(&factors)?, country)?;
            let (inventory, _) = read_all(&input.0, &bytes, empty)?;
            core_keep_longer(&inventory, extra_years)
        })
        .py_err()?;
    table(&extension_table(&extension))
}
