//! `empreinte.datacentre`: a data centre's files (CSV paths or text) read by
//! core's readers into core's [`Inputs`], assessed by core
//! (`datacentre::assess`), returned as the report's sections plus the
//! hourly series of the readings. Without readings and facility, the
//! embedded ILLUSTRATIVE data centre, as `empreinte datacentre`.

use crate::catalog::catalog;
use crate::convert::{io_error, Input};
use crate::errors::IntoPy;
use crate::report::{sections, Sections};
use arrow_array::{ArrayRef, Float64Array, RecordBatch, TimestampSecondArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use empreinte::catalog::embedded;
use empreinte::datacentre::{
    self as core, example, read_facility, read_instruments, read_readings, read_tenants,
    Allocation, EquipmentEmbodied, GapFill, HourlyLoad, Inputs, ReadingsOptions, HOURLY_DATASET_ID,
};
use empreinte::grid::hourly::{HourlySeries, TimeZone, SECONDS_PER_HOUR};
use empreinte::inventory::ReadOptions;
use empreinte::note::Note;
use empreinte::text::TextEncoding;
use empreinte::{Catalog, Error, Report};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::io::Read;
use std::sync::Arc;

/// An input as a reader: its text, or the file it names (streamed).
fn open(input: &Input) -> empreinte::Result<Box<dyn Read + '_>> {
    Ok(match input {
        (_, Some(text)) => Box::new(text.as_bytes()),
        (name, None) => Box::new(std::fs::File::open(name).map_err(|e| io_error(name, &e))?),
    })
}

/// The files of a data centre as Python gives them.
pub struct Files {
    pub(crate) readings: Option<Input>,
    pub(crate) facility: Option<Input>,
    pub(crate) instruments: Option<Input>,
    pub(crate) tenants: Option<Input>,
    pub(crate) equipment: Option<Input>,
    pub(crate) hourly_grid: Option<Input>,
}

/// The embedded illustrative data centre's inputs (as the command without
/// files): its readings, facility, instruments, tenants and equipment, in
/// its own time zone, with the note that says it is not real data.
fn example_files() -> (Files, &'static str, Note) {
    let text = |name: &str, csv: &str| Some((name.to_owned(), Some(csv.to_owned())));
    (
        Files {
            readings: text("example readings", example::READINGS_CSV),
            facility: text("example facility", example::FACILITY_CSV),
            instruments: text("example instruments", example::INSTRUMENTS_CSV),
            tenants: text("example tenants", example::TENANTS_CSV),
            equipment: text("example equipment", example::EQUIPMENT_CSV),
            hourly_grid: None,
        },
        example::TIME_ZONE,
        Note {
            code: "example_data",
            message: "no readings or facility given: this is the embedded ILLUSTRATIVE regional data centre (a year of generated hourly readings, 2022), not real data".into(),
        },
    )
}

/// The options of the readings; an absent one is core's default.
pub struct Options<'a> {
    pub(crate) allocation: Option<&'a str>,
    pub(crate) time_zone: Option<&'a str>,
    pub(crate) interval_minutes: Option<f64>,
    pub(crate) fill_gaps: Option<&'a str>,
    pub(crate) encoding: Option<&'a str>,
}

fn parse<T: Default>(s: Option<&str>, f: fn(&str) -> empreinte::Result<T>) -> empreinte::Result<T> {
    Ok(s.map(f).transpose()?.unwrap_or_default())
}

/// Reads every file into core's [`Inputs`] (the equipment inventory into
/// its embodied footprint of the readings' year) and assesses them.
fn assess(
    files: Files,
    o: &Options<'_>,
    factors: &[Input],
) -> empreinte::Result<(Inputs, core::Datacentre)> {
    assess_with(files, o, factors, |_| Ok(()))
}

/// [`assess`] with `adjust` applied to the inputs before core assesses them
/// (`empreinte.spark` adds the tenants' hourly energy summed by Spark).
pub fn assess_with(
    mut files: Files,
    o: &Options<'_>,
    factors: &[Input],
    adjust: impl FnOnce(&mut Inputs) -> empreinte::Result<()>,
) -> empreinte::Result<(Inputs, core::Datacentre)> {
    let catalog: Arc<Catalog> = catalog(factors)?;
    let encoding = parse(o.encoding, TextEncoding::parse)?;
    let mut time_zone = parse(o.time_zone, TimeZone::parse)?;
    let mut notes = Vec::new();
    if files.readings.is_none() && files.facility.is_none() {
        let (example, zone, note) = example_files();
        let hourly_grid = files.hourly_grid.take();
        files = Files {
            hourly_grid,
            ..example
        };
        time_zone = TimeZone::parse(zone)?;
        notes.push(note);
    }
    let (Some(readings), Some(facility)) = (&files.readings, &files.facility) else {
        let missing = if files.readings.is_none() {
            "readings"
        } else {
            "facility"
        };
        return Err(Error::MissingValue {
            at: empreinte::Location::option(missing),
        });
    };
    let options = ReadingsOptions {
        time_zone,
        interval_minutes: o.interval_minutes,
        fill_gaps: parse(o.fill_gaps, GapFill::parse)?,
        encoding,
    };
    let readings = read_readings(&readings.0, open(readings)?, options, |_| {})?;
    let facility = read_facility(&facility.0, open(facility)?, encoding)?;
    let instruments = match &files.instruments {
        Some(i) => Some(read_instruments(&i.0, open(i)?, encoding)?),
        None => None,
    };
    let tenants = match &files.tenants {
        Some(t) => read_tenants(&t.0, open(t)?, encoding)?,
        None => Vec::new(),
    };
    let equipment = match &files.equipment {
        Some(e) => Some(EquipmentEmbodied::read_csv(
            catalog.clone(),
            &facility.zone,
            readings.year,
            &e.0,
            open(e)?,
            ReadOptions { encoding },
        )?),
        None => None,
    };
    let hourly = match &files.hourly_grid {
        Some(h) => Some(HourlySeries::from_csv(&h.0, open(h)?, &facility.zone)?),
        None => None,
    };
    let inputs = Inputs {
        facility,
        readings,
        instruments,
        tenants,
        allocation: parse(o.allocation, Allocation::parse)?,
        equipment,
        hourly,
    };
    let mut inputs = inputs;
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
#[pyo3(signature = (readings=None, facility=None, instruments=None, tenants=None, equipment=None, hourly_grid=None, allocation=None, time_zone=None, interval_minutes=None, fill_gaps=None, encoding=None, factors=Vec::new()))]
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
) -> PyResult<Assessed> {
    let files = Files {
        readings,
        facility,
        instruments,
        tenants,
        equipment,
        hourly_grid,
    };
    let options = Options {
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
    };
    let (inputs, result) = py.detach(|| assess(files, &options, &factors)).py_err()?;
    let hourly = inputs
        .readings
        .hourly
        .as_ref()
        .map(load_table)
        .transpose()?;
    Ok((result.year, sections(&Report::from(&result))?, hourly))
}

/// The hourly grid intensity of `zone`: the user's series (CSV file or
/// text) or the embedded one (Electricity Maps 2022, BE DE FR NL), as
/// `(zone, source, table of start_utc and intensity_gco2e_per_kwh)`.
#[pyfunction]
#[pyo3(signature = (zone, series=None))]
pub fn hourly_grid(zone: &str, series: Option<Input>) -> PyResult<(String, String, PyTable)> {
    let s = match &series {
        Some(input) => open(input).and_then(|r| HourlySeries::from_csv(&input.0, r, zone)),
        None => embedded(HOURLY_DATASET_ID).and_then(|d| {
            let name = format!("{} {}", d.info.id, d.info.edition);
            HourlySeries::from_csv(&name, d.text.as_bytes(), zone)
        }),
    }
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
