//! `empreinte.datacentre`: a data centre's files (CSV paths or text) read by
//! core's readers into core's [`Inputs`], assessed by core
//! (`datacentre::assess`), returned as the report's sections plus the
//! hourly series of the readings. Without readings and facility, the
//! embedded ILLUSTRATIVE data centre, as `empreinte datacentre`.

use crate::catalog::catalog;
use crate::convert::Input;
use crate::errors::IntoPy;
use crate::report::{sections, Sections};
use arrow_array::{ArrayRef, Float64Array, RecordBatch, TimestampSecondArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use empreinte::datacentre::{
    self as core, example, FileOptions, Files, HourlyLoad, Inputs, NamedReader,
};
use empreinte::grid::hourly::{HourlySeries, SECONDS_PER_HOUR};
use empreinte::grid::Basis;
use empreinte::{Catalog, Location, Report};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::io::Read;
use std::sync::Arc;

/// An input as a reader: its text, or the file it names (streamed).
fn open(input: &Input) -> empreinte::Result<Box<dyn Read + '_>> {
    Ok(match input {
        (_, Some(text)) => Box::new(text.as_bytes()),
        (name, None) => Box::new(empreinte::error::open_file(std::path::Path::new(name))?),
    })
}

/// A given input as core's named reader.
fn named(f: &Option<Input>) -> empreinte::Result<Option<NamedReader<'_>>> {
    f.as_ref().map(|f| Ok((f.0.clone(), open(f)?))).transpose()
}

/// The six inputs as core's named readers.
fn readers(files: &[Option<Input>; 6]) -> empreinte::Result<Files<'_>> {
    let [readings, facility, instruments, tenants, equipment, hourly_grid] = files;
    Ok(Files {
        readings: named(readings)?,
        facility: named(facility)?,
        instruments: named(instruments)?,
        tenants: named(tenants)?,
        equipment: named(equipment)?,
        hourly_grid: named(hourly_grid)?,
    })
}

/// What Python receives of a data centre under Monte Carlo: the reporting
/// year, the scope totals, the drivers, the samples of the location-based
/// total, the sources, the dataset editions, the notes, the drivers'
/// sentence.
pub type McAssessed = (
    i32,
    PyTable,
    PyTable,
    PyTable,
    PyTable,
    PyTable,
    Vec<(String, String)>,
    Option<String>,
);

/// Assesses a data centre under Monte Carlo (core's
/// `datacentre::montecarlo`, as `empreinte datacentre --uncertainty
/// monte-carlo`).
#[pyfunction]
#[pyo3(signature = (readings=None, facility=None, instruments=None, tenants=None, equipment=None, hourly_grid=None, allocation=None, time_zone=None, interval_minutes=None, fill_gaps=None, encoding=None, factors=Vec::new(), mode=None, samples=None, seed=None, distribution=None))]
#[allow(clippy::too_many_arguments)] // one per file and option of `empreinte datacentre`
pub fn datacentre_monte_carlo(
    py: Python<'_>,
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
    mode: Option<&str>,
    samples: Option<usize>,
    seed: Option<u64>,
    distribution: Option<&str>,
) -> PyResult<McAssessed> {
    use empreinte::report::montecarlo as mc;
    let files = [
        readings,
        facility,
        instruments,
        tenants,
        equipment,
        hourly_grid,
    ];
    let options = FileOptions {
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
        mode,
    };
    let r = py
        .detach(|| {
            let run =
                empreinte::uncertainty::MonteCarlo::from_options(samples, seed, distribution)?;
            let catalog: Arc<Catalog> = catalog(&factors)?;
            let (inputs, mut notes, equipment) = core::montecarlo::read_files_monte_carlo(
                readers(&files)?,
                &options,
                &catalog,
                |_| {},
                run,
            )?;
            let mut r = core::montecarlo::assess_monte_carlo(&inputs, &catalog, equipment)?;
            notes.append(&mut r.datacentre.notes);
            r.datacentre.notes = notes;
            Ok::<_, empreinte::Error>(r)
        })
        .py_err()?;
    let report = Report::from(&r.datacentre);
    Ok((
        r.datacentre.year,
        crate::convert::table(&mc::datacentre_table(&r))?,
        crate::convert::table(&mc::datacentre_drivers_table(&r, None))?,
        crate::convert::table(&mc::datacentre_samples_table(&r))?,
        crate::convert::table(&report.sources_table())?,
        crate::convert::table(&empreinte::report::datasets_table(&report.datasets))?,
        crate::convert::notes(&report.notes),
        r.drivers_sentence(),
    ))
}

/// Reads every file with core's one assembly (`datacentre::read_files`:
/// the same readers, defaults and example as the command), applies
/// `adjust` to the inputs (`empreinte.spark` adds the tenants' hourly
/// energy summed by Spark) and assesses.
pub fn assess(
    files: [Option<Input>; 6],
    options: &FileOptions<'_>,
    factors: &[Input],
    adjust: impl FnOnce(&mut Inputs) -> empreinte::Result<()>,
) -> empreinte::Result<(Inputs, core::Datacentre)> {
    let catalog: Arc<Catalog> = catalog(factors)?;
    let (mut inputs, mut notes) = core::read_files(readers(&files)?, options, &catalog, |_| {})?;
    adjust(&mut inputs)?;
    let mut result = core::assess(&inputs, &catalog)?;
    notes.append(&mut result.notes);
    result.notes = notes;
    Ok((inputs, result))
}

/// Hourly values as an Arrow table: `start_utc` (the UTC hour, from core's
/// hour numbers) then one `f64` column per series.
fn hourly_table(first_hour: i64, columns: &[(&str, &[f64])]) -> PyResult<PyTable> {
    let n = columns.first().map_or(0, |c| c.1.len());
    let start = TimestampSecondArray::from_iter_values(
        (first_hour..first_hour + n as i64).map(|h| h * SECONDS_PER_HOUR),
    )
    .with_timezone("UTC");
    let mut fields = vec![Field::new(
        "start_utc",
        DataType::Timestamp(TimeUnit::Second, Some("UTC".into())),
        false,
    )];
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(start)];
    for (name, values) in columns {
        fields.push(Field::new(*name, DataType::Float64, false));
        arrays.push(Arc::new(Float64Array::from(values.to_vec())));
    }
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    PyTable::try_new(vec![batch], schema)
}

pub fn load_table(load: &HourlyLoad) -> PyResult<PyTable> {
    hourly_table(
        load.first_hour,
        &[
            ("it_kwh", &load.it_kwh),
            ("facility_kwh", &load.facility_kwh),
            ("grid_kwh", &load.grid_kwh),
        ],
    )
}

/// What Python receives: the reporting year, the report's sections,
/// notes, sources and datasets, and the hourly readings (None when an
/// interval lasts more than an hour).
pub type Assessed = (i32, Sections, Option<PyTable>);

/// Assesses a data centre from CSV files or texts (core's readers: errors
/// name the file, line and column).
#[pyfunction]
#[pyo3(signature = (readings=None, facility=None, instruments=None, tenants=None, equipment=None, hourly_grid=None, allocation=None, time_zone=None, interval_minutes=None, fill_gaps=None, encoding=None, factors=Vec::new(), mode=None))]
#[allow(clippy::too_many_arguments)] // one per file and option of `empreinte datacentre`
pub fn datacentre(
    py: Python<'_>,
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
    mode: Option<&str>,
) -> PyResult<Assessed> {
    let files = [
        readings,
        facility,
        instruments,
        tenants,
        equipment,
        hourly_grid,
    ];
    let options = FileOptions {
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
        mode,
    };
    let (inputs, result) = py
        .detach(|| assess(files, &options, &factors, |_| Ok(())))
        .py_err()?;
    let hourly = inputs
        .readings
        .hourly
        .as_ref()
        .map(load_table)
        .transpose()?;
    Ok((result.year, sections(&Report::from(&result))?, hourly))
}

/// The hourly grid intensity of `zone`: the user's series (CSV file or
/// text) or the embedded one (2022, BE DE FR NL) on `basis` (core's
/// `Basis::parse`: `life_cycle`, the default, or `direct`, the scope 2
/// basis data centres use), as `(zone, source, table of start_utc and
/// intensity_gco2e_per_kwh)`.
#[pyfunction]
#[pyo3(signature = (zone, series=None, basis=None))]
pub fn hourly_grid(
    zone: &str,
    series: Option<Input>,
    basis: Option<&str>,
) -> PyResult<(String, String, PyTable)> {
    let s = (|| {
        let basis = basis
            .map(|b| Basis::parse(b, &Location::option("basis")))
            .transpose()?
            .unwrap_or(Basis::LifeCycle);
        match &series {
            Some(input) => open(input)
                .and_then(|r| HourlySeries::from_csv(&input.0, r, zone))
                .map(|s| s.with_basis(basis)),
            None => empreinte::catalog::embedded_hourly(zone, basis).map(|(s, _)| s),
        }
    })()
    .py_err()?;
    let table = hourly_table(s.first_hour, &[("intensity_gco2e_per_kwh", &s.g_per_kwh)])?;
    Ok((s.zone, s.source, table))
}

/// The embedded illustrative data centre's files, as `(name, CSV text)`.
#[pyfunction]
pub fn example_datacentre_csv() -> Vec<(&'static str, &'static str)> {
    vec![
        ("readings", example::READINGS_CSV),
        ("facility", example::FACILITY_CSV),
        ("instruments", example::INSTRUMENTS_CSV),
        ("tenants", example::TENANTS_CSV),
        ("equipment", example::EQUIPMENT_CSV),
        ("time_zone", example::TIME_ZONE),
    ]
}
