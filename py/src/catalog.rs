//! The catalog a call uses (the embedded one, or a copy with user factor
//! tables applied through core's `Catalog::with_factors`), and the embedded
//! datasets.

use crate::convert::{read_input, table, Input};
use crate::errors::IntoPy;
use empreinte::catalog::{EXAMPLE_FACTORS_CSV, EXAMPLE_FLEET_CSV};
use empreinte::report::{archetypes_table, criteria_table, datasets_table, zones_table};
use empreinte::Catalog;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::Arc;

/// The embedded catalog with every table applied in order by core's
/// `Catalog::with_factor_tables` (a later table wins, as with the command's
/// repeated `--factors`): factor tables, or archetype tables that add or
/// replace kinds.
///
/// # Errors
///
/// A table that cannot be read or parsed (file, line and column).
pub fn catalog(factors: &[Input]) -> empreinte::Result<Arc<Catalog>> {
    let tables = factors
        .iter()
        .map(|input| Ok((input.0.as_str(), read_input(input)?)))
        .collect::<empreinte::Result<Vec<_>>>()?;
    Catalog::embedded()?.with_factor_tables(tables.iter().map(|(n, b)| (*n, b.as_slice())))
}

/// The archetypes with their defaults and sources, including the kinds an
/// archetype table among `factors` adds or replaces.
#[pyfunction]
#[pyo3(signature = (factors=Vec::new()))]
pub fn archetypes(factors: Vec<Input>) -> PyResult<PyTable> {
    table(&archetypes_table(catalog(&factors).py_err()?.archetypes()))
}

/// The dataset editions: the embedded ones, then the tables of `factors`.
#[pyfunction]
#[pyo3(signature = (factors=Vec::new()))]
pub fn datasets(factors: Vec<Input>) -> PyResult<PyTable> {
    table(&datasets_table(catalog(&factors).py_err()?.datasets()))
}

/// The countries and zones with grid data (core's `zones_table`).
#[pyfunction]
pub fn zones() -> PyResult<PyTable> {
    table(&zones_table(Catalog::embedded().py_err()?.grid().zones()))
}

/// The impact criteria in the order of the results, with those the tables
/// of `factors` add (core's `criteria_table`).
#[pyfunction]
#[pyo3(signature = (factors=Vec::new()))]
pub fn criteria(factors: Vec<Input>) -> PyResult<PyTable> {
    table(&criteria_table(catalog(&factors).py_err()?.criteria()))
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
