//! Embedded datasets: archetypes, editions and licences, example files.

use crate::assess::table;
use crate::errors::IntoPy;
use empreinte::report::{archetypes_table, datasets_table};
use empreinte::Catalog;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

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
    empreinte::datasets::EXAMPLE_FLEET_CSV
}

/// The embedded example factor table, as CSV text.
#[pyfunction]
pub fn example_factors_csv() -> &'static str {
    empreinte::datasets::EXAMPLE_FACTORS_CSV
}
