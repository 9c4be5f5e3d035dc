//! `empreinte.device_footprint`: one device over its whole life and in its
//! reporting year.

use crate::catalog::catalog;
use crate::convert::{table, Input};
use crate::errors::IntoPy;
use empreinte::fleet::device::{footprint, DeviceSpec};
use empreinte::report::device_table;
use empreinte::Mode;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// The one-row footprint table of a device (core's `report::device_table`).
#[pyfunction]
#[pyo3(signature = (kind, country, year, purchase_year=None, disposal_year=None, mode=None, lifespan_years=None, annual_energy_kwh=None, embodied_gwp_kgco2e=None, factors=Vec::new()))]
#[allow(clippy::too_many_arguments)] // one per keyword argument of the Python function
pub fn device_footprint(
    kind: String,
    country: String,
    year: i32,
    purchase_year: Option<i32>,
    disposal_year: Option<i32>,
    mode: Option<&str>,
    lifespan_years: Option<f64>,
    annual_energy_kwh: Option<f64>,
    embodied_gwp_kgco2e: Option<f64>,
    factors: Vec<Input>,
) -> PyResult<PyTable> {
    let spec = DeviceSpec {
        kind,
        country,
        year,
        purchase_year,
        disposal_year,
        mode: mode
            .map(Mode::parse)
            .transpose()
            .py_err()?
            .unwrap_or_default(),
        lifespan_years,
        annual_energy_kwh,
        embodied_gwp_kgco2e,
    };
    let fp = footprint(catalog(&factors).py_err()?, &spec).py_err()?;
    table(&device_table(&fp))
}
