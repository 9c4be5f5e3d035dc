//! The catalog a call uses (the embedded one, or a copy with user factor
//! tables applied through core's `Catalog::with_factors`), and the embedded
//! datasets.

use crate::convert::{read_input, table, Input};
use crate::errors::IntoPy;
use empreinte::catalog::{FactorTable, EXAMPLE_FACTORS_CSV, EXAMPLE_FLEET_CSV};
use empreinte::report::{archetypes_table, datasets_table};
use empreinte::Catalog;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::Arc;

/// The embedded catalog with every factor table applied in order (a later
/// table wins, as with the command's repeated `--factors`).
///
/// # Errors
///
/// A factor table that cannot be read or parsed (file, line and column).
pub fn catalog(factors: &[Input]) -> empreinte::Result<Arc<Catalog>> {
    let mut catalog = Catalog::embedded()?;
    for input in factors {
        let bytes = read_input(input)?;
        let table = FactorTable::parse(&input.0, &bytes, &catalog)?;
        catalog = Arc::new(Arc::unwrap_or_clone(catalog).with_factors(&table)?);
    }
    Ok(catalog)
}

/// The archetypes with their defaults and sources.
#[pyfunction]
pub fn archetypes() -> PyResult<PyTable> {
    table(&archetypes_table(
        Catalog::embedded().py_err()?.archetypes(),
    ))
}

/// The embedded dataset editions, licences and attributions.
#[pyfunction]
pub fn datasets() -> PyResult<PyTable> {
    table(&datasets_table(Catalog::embedded().py_err()?.datasets()))
}

/// The embedded example fleet, as CSV text.
#[pyfunction]
pub fn example_fleet_csv() -> &'static str {
    EXAMPLE_FLEET_CSV
}

/// The embedded example factor table, as CSV text.
#[pyfunction]
pub fn example_factors_csv() -> &'static str {
    EXAMPLE_FACTORS_CSV
}
