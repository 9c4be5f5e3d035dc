//! `empreinte.grid_intensity`: the grid intensity of a zone for a year.

use crate::errors::IntoPy;
use empreinte::Catalog;
use pyo3::prelude::*;

/// `(g CO2e/kWh, requested year, data year)` for a zone code and a year.
#[pyfunction]
pub fn grid_intensity(code: &str, year: i32) -> PyResult<(f64, i32, i32)> {
    let gi = Catalog::embedded()
        .py_err()?
        .grid()
        .intensity(code, year)
        .py_err()?;
    Ok((gi.factor.g_per_kwh(), gi.requested_year, gi.data_year))
}
