//! Python bindings of empreinte: the private module `empreinte._native`.
//!
//! Every function converts Python/Arrow values to core types, calls core and
//! converts back; the typed public API is the pure-Python package around it.

// `empreinte::Error` is large (core's choice, structured locations); results
// carrying it are the point of this crate.
#![allow(clippy::result_large_err)]

mod assess;
mod catalog;
mod convert;
mod datasets;
mod device;
mod errors;
mod grid;
mod lifespan;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(assess::assess_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(assess::assess_csv, m)?)?;
    m.add_function(wrap_pyfunction!(lifespan::keep_longer, m)?)?;
    m.add_function(wrap_pyfunction!(lifespan::keep_longer_csv, m)?)?;
    m.add_function(wrap_pyfunction!(device::device_footprint, m)?)?;
    m.add_function(wrap_pyfunction!(grid::grid_intensity, m)?)?;
    m.add_function(wrap_pyfunction!(datasets::archetypes, m)?)?;
    m.add_function(wrap_pyfunction!(datasets::datasets, m)?)?;
    m.add_function(wrap_pyfunction!(datasets::example_fleet_csv, m)?)?;
    m.add_function(wrap_pyfunction!(datasets::example_factors_csv, m)?)?;
    m.add("ERROR_CODES", empreinte::Error::CODES.to_vec())?;
    m.add("INPUT_ERROR_CODES", empreinte::Error::INPUT_CODES.to_vec())?;
    m.add(
        "INVENTORY_COLUMNS",
        empreinte::inventory::columns::ALL.to_vec(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
