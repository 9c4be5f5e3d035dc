//! `empreinte.ghg`: the organisation's GHG inventory of one reporting year,
//! read and computed by core (`report::ghg::ghg_report`, the same call as
//! `empreinte ghg`); this module only reads the files' bytes and returns
//! the report's sections.

use crate::catalog::catalog;
use crate::convert::{read_input, Input};
use crate::errors::IntoPy;
use crate::report::{sections, Sections};
use empreinte::datacentre::FileOptions;
use empreinte::ghg::Sources;
use empreinte::report::ghg::ghg_report;
use pyo3::prelude::*;

/// A file's name and bytes.
type NamedBytes = (String, Vec<u8>);

/// The bytes of each given input, in order.
fn read_all<const N: usize>(
    inputs: [&Option<Input>; N],
) -> empreinte::Result<[Option<NamedBytes>; N]> {
    let mut out: [Option<NamedBytes>; N] = std::array::from_fn(|_| None);
    for (slot, input) in out.iter_mut().zip(inputs) {
        if let Some(i) = input {
            *slot = Some((i.0.clone(), read_input(i)?));
        }
    }
    Ok(out)
}

/// The organisation's GHG inventory: the reporting year and the report's
/// sections, notes, sources and datasets (`empreinte ghg --format json`).
#[pyfunction]
#[pyo3(signature = (inventory=None, year=None, country=None, fleet_instruments=None, grid_factors=None, readings=None, facility=None, instruments=None, tenants=None, equipment=None, hourly_grid=None, allocation=None, time_zone=None, interval_minutes=None, fill_gaps=None, encoding=None, factors=Vec::new()))]
#[allow(clippy::too_many_arguments)] // one per file and option of `empreinte ghg`
pub fn ghg(
    py: Python<'_>,
    inventory: Option<Input>,
    year: Option<i32>,
    country: Option<&str>,
    fleet_instruments: Option<Input>,
    grid_factors: Option<Input>,
    readings: Option<Input>,
    facility: Option<Input>,
    instruments: Option<Input>,
    tenants: Option<Input>,
    equipment: Option<Input>,
    hourly_grid: Option<Input>,
    allocation: Option<&str>,
    time_zone: Option<&str>,
    interval_minutes: Option<f64>,
    fill_gaps: Option<&str>,
    encoding: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<(i32, Sections)> {
    let report = py
        .detach(|| {
            let mut catalog = catalog(&factors)?;
            let files = read_all([
                &inventory,
                &fleet_instruments,
                &readings,
                &facility,
                &instruments,
                &tenants,
                &equipment,
                &hourly_grid,
                &grid_factors,
            ])?;
            // In core's order (`ghg::FILES`); core maps them to their places.
            let named: Vec<_> = files
                .iter()
                .map(|f| f.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())))
                .collect();
            catalog = empreinte::ghg::with_grid_factors(catalog, &named)?;
            let sources = Sources::from_files(
                year,
                country,
                &named,
                FileOptions {
                    allocation,
                    time_zone,
                    interval_minutes,
                    fill_gaps,
                    encoding,
                    mode: None,
                },
            );
            ghg_report(&catalog, &sources)
        })
        .py_err()?;
    Ok((report.options.year, sections(&report)?))
}
