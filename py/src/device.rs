//! `empreinte.device_footprint`: one device over its whole life.

use crate::assess::table;
use crate::catalog::{catalog, Factors};
use crate::errors::IntoPy;
use empreinte::device::{footprint, DeviceSpec};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// The one-row footprint table of a device (core's `DeviceFootprint::table`).
#[pyfunction]
#[pyo3(signature = (kind, country, year, lifespan_years=None, annual_energy_kwh=None, embodied_gwp_kgco2e=None, factors=Vec::new()))]
pub fn device_footprint(
    kind: String,
    country: String,
    year: i32,
    lifespan_years: Option<f64>,
    annual_energy_kwh: Option<f64>,
    embodied_gwp_kgco2e: Option<f64>,
    factors: Factors,
) -> PyResult<PyTable> {
    let catalog = catalog(&factors)?;
    let spec = DeviceSpec {
        kind,
        country,
        year,
        lifespan_years,
        annual_energy_kwh,
        embodied_gwp_kgco2e,
    };
    table(&footprint(&catalog, &spec).py_err()?.table())
}
