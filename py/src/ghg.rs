//! `empreinte.ghg`: the organisation's GHG inventory of one reporting year,
//! read and computed by core (`report::ghg::ghg_report`, the same call as
//! `empreinte ghg`); this module only reads the files' bytes and returns
//! the report's sections.

use crate::catalog::catalog;
use crate::convert::{read_input, table, Input};
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

/// Core's catalog (with the user's grid factors) and sources of the files
/// given (`files` in core's order, `ghg::FILES`), passed to `run`.
fn with_sources<T>(
    files: &[Option<Input>; 9],
    factors: &[Input],
    year: Option<i32>,
    country: Option<&str>,
    options: FileOptions<'_>,
    run: impl FnOnce(&std::sync::Arc<empreinte::Catalog>, &Sources<'_>) -> empreinte::Result<T>,
) -> empreinte::Result<T> {
    let [a, b, c, d, e, f, g, h, i] = files;
    let bytes = read_all([a, b, c, d, e, f, g, h, i])?;
    let named: Vec<_> = bytes
        .iter()
        .map(|f| f.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())))
        .collect();
    let catalog = empreinte::ghg::with_grid_factors(catalog(factors)?, &named)?;
    let sources = Sources::from_files(year, country, &named, options);
    run(&catalog, &sources)
}

/// What Python receives of an organisation under Monte Carlo: the
/// reporting year, the scope totals (and the management view), the
/// drivers, the samples of the location-based total, the sources, the
/// dataset editions, the notes, the drivers' sentence.
pub type McAssessed = crate::datacentre::McAssessed;

/// The organisation's GHG inventory under Monte Carlo (core's
/// `ghg::montecarlo`, as `empreinte ghg --uncertainty monte-carlo`).
#[pyfunction]
#[pyo3(signature = (inventory=None, year=None, country=None, fleet_instruments=None, grid_factors=None, readings=None, facility=None, instruments=None, tenants=None, equipment=None, hourly_grid=None, allocation=None, time_zone=None, interval_minutes=None, fill_gaps=None, encoding=None, factors=Vec::new(), samples=None, seed=None, distribution=None))]
#[allow(clippy::too_many_arguments)] // one per file and option of `empreinte ghg`
pub fn ghg_monte_carlo(
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
    samples: Option<usize>,
    seed: Option<u64>,
    distribution: Option<&str>,
) -> PyResult<McAssessed> {
    use empreinte::report::montecarlo as mc;
    let files = [
        inventory,
        fleet_instruments,
        readings,
        facility,
        instruments,
        tenants,
        equipment,
        hourly_grid,
        grid_factors,
    ];
    let options = FileOptions {
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
        mode: None,
    };
    let r = py
        .detach(|| {
            let run =
                empreinte::uncertainty::MonteCarlo::from_options(samples, seed, distribution)?;
            with_sources(
                &files,
                &factors,
                year,
                country,
                options,
                |catalog, sources| {
                    empreinte::ghg::montecarlo::read_and_assess(catalog, sources, run)
                },
            )
        })
        .py_err()?;
    let g = &r.ghg;
    Ok((
        g.year,
        table(&mc::ghg_table(&r))?,
        table(&mc::ghg_drivers_table(&r, None))?,
        table(&mc::ghg_samples_table(&r))?,
        table(&mc::sources_of(&g.sources))?,
        table(&empreinte::report::datasets_table(&g.datasets))?,
        crate::convert::notes(&g.notes),
        r.drivers_sentence(),
    ))
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
    let files = [
        inventory,
        fleet_instruments,
        readings,
        facility,
        instruments,
        tenants,
        equipment,
        hourly_grid,
        grid_factors,
    ];
    let options = FileOptions {
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
        mode: None,
    };
    let report = py
        .detach(|| with_sources(&files, &factors, year, country, options, ghg_report))
        .py_err()?;
    Ok((report.options.year, sections(&report)?))
}
