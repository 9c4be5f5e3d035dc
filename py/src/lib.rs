//! Python bindings of empreinte: the private module `empreinte._native`.
//!
//! Every function converts Python/Arrow values to core types, calls core and
//! converts back; the typed public API is the pure-Python package around it.

mod assess;
mod catalog;
mod convert;
mod datacentre;
mod device;
mod errors;
mod ghg;
mod grid;
mod lifespan;
mod policy;
mod report;
mod sci;
mod spark;
mod uncertainty;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(assess::assess_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(assess::assess_csv, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::monte_carlo_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::monte_carlo_csv, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::compare_monte_carlo_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::compare_monte_carlo_csv, m)?)?;
    m.add_function(wrap_pyfunction!(lifespan::keep_longer, m)?)?;
    m.add_function(wrap_pyfunction!(lifespan::keep_longer_csv, m)?)?;
    m.add_function(wrap_pyfunction!(device::device_footprint, m)?)?;
    m.add_function(wrap_pyfunction!(grid::grid_intensity, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::archetypes, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::datasets, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::zones, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::criteria, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::example_fleet_csv, m)?)?;
    m.add_function(wrap_pyfunction!(catalog::example_factors_csv, m)?)?;
    m.add_function(wrap_pyfunction!(datacentre::datacentre, m)?)?;
    m.add_function(wrap_pyfunction!(datacentre::datacentre_monte_carlo, m)?)?;
    m.add_function(wrap_pyfunction!(datacentre::hourly_grid, m)?)?;
    m.add_function(wrap_pyfunction!(datacentre::example_datacentre_csv, m)?)?;
    m.add_function(wrap_pyfunction!(ghg::ghg, m)?)?;
    m.add_function(wrap_pyfunction!(ghg::ghg_monte_carlo, m)?)?;
    m.add_function(wrap_pyfunction!(policy::simulate_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(policy::simulate_csv, m)?)?;
    m.add_function(wrap_pyfunction!(policy::tender, m)?)?;
    m.add_function(wrap_pyfunction!(policy::extend_or_replace, m)?)?;
    m.add_function(wrap_pyfunction!(policy::reference_scenarios, m)?)?;
    m.add_function(wrap_pyfunction!(policy::policy_file_json, m)?)?;
    m.add_function(wrap_pyfunction!(sci::sci, m)?)?;
    m.add_function(wrap_pyfunction!(sci::sci_saved, m)?)?;
    m.add_function(wrap_pyfunction!(sci::read_sci_file, m)?)?;
    m.add_function(wrap_pyfunction!(sci::parse_criterion, m)?)?;
    m.add_function(wrap_pyfunction!(sci::criterion_runs, m)?)?;
    m.add_function(wrap_pyfunction!(sci::parse_pytest_benchmark, m)?)?;
    spark::register(m)?;
    // Every error code (core's `Error::codes()`) and those of input errors:
    // the Python exception classes are built from these lists.
    m.add("ERROR_CODES", empreinte::Error::codes())?;
    m.add("INPUT_ERROR_CODES", errors::input_codes())?;
    // The inventory columns, from core's schema.
    let columns: Vec<&str> = empreinte::inventory::COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    m.add("INVENTORY_COLUMNS", columns)?;
    m.add("POLICY_KEYS", empreinte::policy::POLICY_KEYS.to_vec())?;
    m.add("SCI_DEFAULT_MACHINE", empreinte::sci::DEFAULT_MACHINE)?;
    m.add("SCI_DEFAULT_ZONE", empreinte::sci::DEFAULT_ZONE)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
