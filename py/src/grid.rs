//! `empreinte.grid_intensity`: the grid intensity of a zone for a year.

use crate::errors::IntoPy;
use empreinte::quantity::bounds::check_year;
use empreinte::{Catalog, Location};
use pyo3::prelude::*;

/// `(zone code, year, data year, g CO2e/kWh)` for a zone code and a year:
/// the names of the JavaScript `gridIntensity` fields.
#[pyfunction]
pub fn grid_intensity(zone: &str, year: i32) -> PyResult<(String, i32, i32, f64)> {
    check_year(f64::from(year), &Location::option("year")).py_err()?;
    let catalog = Catalog::embedded().py_err()?;
    let grid = catalog.grid();
    let id = grid.zone_id(zone, &Location::option("zone")).py_err()?;
    let gi = grid.intensity(id, year).py_err()?;
    let code = grid
        .zone(id)
        .map_or_else(|| zone.to_owned(), |z| z.code.clone());
    Ok((code, gi.requested_year, gi.data_year, gi.factor.g_per_kwh()))
}
