//! `empreinte.keep_longer`: what keeping devices longer saves (core's
//! `lifespan::keep_longer`), from an Arrow stream or a CSV file.

use crate::assess::table;
use crate::catalog::catalog;
use crate::convert;
use crate::errors::IntoPy;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;
use std::path::PathBuf;

/// Steady-state saving of keeping every device `extra_years` longer.
#[pyfunction]
#[pyo3(signature = (data, extra_years, country=None))]
pub fn keep_longer(
    py: Python<'_>,
    data: AnyRecordBatch,
    extra_years: f64,
    country: Option<&str>,
) -> PyResult<PyTable> {
    let (batches, schema) = data.into_table()?.into_inner();
    let catalog = catalog(&Vec::new())?;
    let extension = py.detach(|| -> Result<_, convert::Failure> {
        let inventory = convert::inventory(&catalog, &batches, &schema, country)?;
        Ok(empreinte::lifespan::keep_longer(
            &catalog,
            &inventory,
            extra_years,
        )?)
    })?;
    table(&extension.table())
}

/// `keep_longer` for a CSV file (read whole by core: errors name the line).
#[pyfunction]
#[pyo3(signature = (path, extra_years, country=None))]
pub fn keep_longer_csv(
    py: Python<'_>,
    path: PathBuf,
    extra_years: f64,
    country: Option<&str>,
) -> PyResult<PyTable> {
    let catalog = catalog(&Vec::new())?;
    let name = path.display().to_string();
    let extension = py
        .detach(|| {
            let bytes = std::fs::read(&path).map_err(|e| empreinte::Error::Io {
                at: empreinte::Location {
                    source: name.clone(),
                    ..Default::default()
                },
                message: e.to_string(),
            })?;
            let (inventory, _) = empreinte::inventory::read_all(&name, &bytes, &catalog, country)?;
            empreinte::lifespan::keep_longer(&catalog, &inventory, extra_years)
        })
        .py_err()?;
    table(&extension.table())
}
