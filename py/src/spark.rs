//! `empreinte.spark`: the two halves of an assessment split by Spark. On
//! each partition, its rows to core's partial sums
//! ([`Assessor::partial`]); on the driver, the sums Spark added to core's
//! assessment ([`Assessor::from_partial`], then the report as
//! `assess_arrow` returns it). Only conversion lives here.

use crate::assess::{options, output};
use crate::catalog::catalog;
use crate::convert::{self, table, Failure, Input};
use crate::datacentre;
use crate::report::sections;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, TimestampSecondType};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use empreinte::datacentre::partial::{with_tenant_hours, TenantHourSums, TENANT_HOUR_COLUMNS};
use empreinte::datacentre::FileOptions;
use empreinte::fleet::partial::{PartialRow, PARTIAL_KEYS};
use empreinte::grid::hourly::{parse_timestamp, TimeZone, Timestamp};
use empreinte::report::{Note, Table};
use empreinte::{Assessor, Error, Inventory, Location, Report};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

/// Adds this file's functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(assess_partial_lanes, m)?)?;
    m.add_function(wrap_pyfunction!(assess_check, m)?)?;
    m.add_function(wrap_pyfunction!(assess_partial, m)?)?;
    m.add_function(wrap_pyfunction!(assess_combine, m)?)?;
    m.add_function(wrap_pyfunction!(readings_partial, m)?)?;
    m.add_function(wrap_pyfunction!(datacentre_combine, m)?)?;
    Ok(())
}

/// The names of the lane columns of the partial tables of these options
/// (the Spark schema of the per-partition output).
#[pyfunction]
#[pyo3(signature = (year, mode=None, by=None, factors=Vec::new()))]
pub fn assess_partial_lanes(
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<Vec<String>> {
    let run = || -> empreinte::Result<_> {
        Ok(Assessor::new(catalog(&factors)?, options(year, mode, by)?).partial_lanes())
    };
    Ok(run().map_err(Failure::Core)?)
}

/// Checks the options and the column names of an inventory (as the
/// single-machine call does before its first row), and returns the notes
/// of the ignored columns.
fn check(
    columns: &[String],
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: &[Input],
) -> empreinte::Result<(Assessor, Vec<Note>)> {
    let options = options(year, mode, by)?;
    let catalog = catalog(factors)?;
    Inventory::new(catalog.clone(), country)?;
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| Field::new(c, DataType::Utf8, true))
        .collect();
    let (_, notes) = convert::columns(&Schema::new(fields))?;
    Ok((Assessor::new(catalog, options), notes))
}

/// The checks of [`check`], raised on the driver before Spark runs a task.
#[pyfunction]
#[pyo3(signature = (columns, year, mode=None, by=None, country=None, factors=Vec::new()))]
pub fn assess_check(
    columns: Vec<String>,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<()> {
    check(&columns, year, mode, by, country, &factors).map_err(Failure::Core)?;
    Ok(())
}

/// One partition's rows (Arrow batches, at least one row) to core's partial
/// table; errors name the row within the partition and the column.
#[pyfunction]
#[pyo3(signature = (data, year, mode=None, by=None, country=None, factors=Vec::new()))]
pub fn assess_partial(
    py: Python<'_>,
    data: AnyRecordBatch,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
) -> PyResult<PyTable> {
    let (batches, schema) = convert::batches(data)?;
    let partial = py.detach(|| -> Result<_, Failure> {
        let catalog = catalog(&factors)?;
        let mut inventory = Inventory::new(catalog.clone(), country)?;
        let mut assessor = Assessor::new(catalog, options(year, mode, by)?);
        convert::for_each_chunk(&batches, &schema, &mut inventory, |inv| {
            assessor.add(inv)?;
            inv.clear_rows();
            Ok(())
        })?;
        Ok(assessor.partial())
    })?;
    table(&Table::from(&partial))
}

/// A column of the combined table cast to `to`.
fn column(batch: &RecordBatch, name: &str, to: &DataType) -> Result<ArrayRef, Failure> {
    let array = batch
        .column_by_name(name)
        .ok_or_else(|| Failure::Type(format!("partial sums: no column `{name}`")))?;
    arrow_cast::cast(array, to).map_err(|e| Failure::Type(format!("partial sums `{name}`: {e}")))
}

/// The partial sums Spark added (grouped by the keys, flags OR-ed, lanes
/// summed) to the report of the whole inventory, as `assess_arrow` returns
/// it.
#[pyfunction]
#[pyo3(signature = (combined, columns, year, mode=None, by=None, country=None, factors=Vec::new(), all_criteria=false))]
#[allow(clippy::too_many_arguments)] // the options of `assess`, plus the two inputs
pub fn assess_combine(
    py: Python<'_>,
    combined: AnyRecordBatch,
    columns: Vec<String>,
    year: i32,
    mode: Option<&str>,
    by: Option<&str>,
    country: Option<&str>,
    factors: Vec<Input>,
    all_criteria: bool,
) -> PyResult<crate::assess::Assessed> {
    let (batches, _) = convert::batches(combined)?;
    let assessment = py.detach(|| -> Result<_, Failure> {
        let (assessor, notes) = check(&columns, year, mode, by, country, &factors)?;
        let lanes = assessor.partial_lanes();
        let catalog = catalog(&factors)?;
        let options = assessor.options();
        let mut keys = Vec::new();
        let mut numbers = Vec::new();
        for batch in &batches {
            let text: Vec<ArrayRef> = PARTIAL_KEYS
                .iter()
                .map(|k| column(batch, k, &DataType::Utf8))
                .collect::<Result<_, _>>()?;
            let flags = column(batch, "flags", &DataType::UInt64)?;
            let values: Vec<ArrayRef> = lanes
                .iter()
                .map(|k| column(batch, k, &DataType::Float64))
                .collect::<Result<_, _>>()?;
            keys.push((text, flags));
            numbers.push(values);
        }
        let mut rows = Vec::new();
        let mut lane_values: Vec<Vec<f64>> = Vec::new();
        for ((text, flags), values) in keys.iter().zip(&numbers) {
            let t: Vec<_> = text.iter().map(|a| a.as_string::<i32>()).collect();
            let flags = flags.as_primitive::<arrow_array::types::UInt64Type>();
            for i in 0..flags.len() {
                let cell = |c: usize| t.get(c).map_or("", |a| a.value(i));
                rows.push((cell(0), cell(1), cell(2), cell(3), flags.value(i)));
                lane_values.push(
                    values
                        .iter()
                        .map(|v| v.as_primitive::<Float64Type>().value(i))
                        .collect(),
                );
            }
        }
        let partial = rows.iter().zip(&lane_values).map(|(r, l)| PartialRow {
            record: r.0,
            entity: r.1,
            kind: r.2,
            zone: r.3,
            flags: r.4,
            lanes: l,
        });
        let mut assessment =
            Assessor::finish_partial(catalog, options, partial)?.ok_or_else(|| {
                Error::EmptyInventory {
                    at: Location::file(convert::SOURCE),
                }
            })?;
        assessment.notes.extend(notes);
        Ok(assessment)
    })?;
    output(assessment, all_criteria)
}

/// Instants of a timestamp column, seconds since 1970 UTC: Arrow timestamps
/// with a time zone (Spark's `TimestampType`) as they are, anything else
/// as text read by core's timestamp parser, local times in `zone`.
enum Instants {
    Utc(arrow_array::TimestampSecondArray),
    Text(arrow_array::StringArray),
}

impl Instants {
    fn new(array: &ArrayRef, column: &str) -> Result<Self, Failure> {
        let cast = |to: &DataType| {
            arrow_cast::cast(array, to)
                .map_err(|e| Failure::Type(format!("readings `{column}`: {e}")))
        };
        Ok(match array.data_type() {
            DataType::Timestamp(_, Some(tz)) => Self::Utc(
                cast(&DataType::Timestamp(TimeUnit::Second, Some(tz.clone())))?
                    .as_primitive::<TimestampSecondType>()
                    .clone(),
            ),
            _ => Self::Text(cast(&DataType::Utf8)?.as_string::<i32>().clone()),
        })
    }

    fn get(&self, i: usize, zone: TimeZone, at: &Location) -> empreinte::Result<Option<i64>> {
        match self {
            Self::Utc(a) => Ok(a.is_valid(i).then(|| a.value(i))),
            Self::Text(a) if a.is_null(i) => Ok(None),
            Self::Text(a) => match parse_timestamp(a.value(i), at)? {
                Timestamp::Instant { utc, .. } => Ok(Some(utc)),
                Timestamp::Local(l) => {
                    zone.to_utc(l, None)
                        .map(Some)
                        .ok_or_else(|| Error::InvalidDate {
                            at: at.clone(),
                            value: a.value(i).into(),
                        })
                }
            },
        }
    }
}

/// One partition's server readings (`tenant`, `start`, `end` or the
/// `interval_minutes` option, `it_kwh`) to core's per-tenant, per-hour
/// partial sums; errors name the row within the partition and the column.
#[pyfunction]
#[pyo3(signature = (data, time_zone=None, interval_minutes=None))]
pub fn readings_partial(
    py: Python<'_>,
    data: AnyRecordBatch,
    time_zone: Option<&str>,
    interval_minutes: Option<f64>,
) -> PyResult<PyTable> {
    let (batches, schema) = convert::batches(data)?;
    let sums = py.detach(|| -> Result<_, Failure> {
        let zone = time_zone
            .map(TimeZone::parse)
            .transpose()?
            .unwrap_or_default();
        let need = |name: &str| {
            schema.index_of(name).map_err(|_| Error::MissingColumn {
                at: Location::file("readings"),
                column: name.into(),
            })
        };
        let (start, _, _) = (need("start")?, need("tenant")?, need("it_kwh")?);
        let end = schema.index_of("end").ok();
        let step = match (end, interval_minutes) {
            (Some(_), _) => None,
            (None, Some(m)) => Some((m * 60.0).round() as i64),
            (None, None) => {
                return Err(Error::MissingValue {
                    at: Location::option("interval_minutes"),
                }
                .into())
            }
        };
        let mut sums = TenantHourSums::default();
        let mut offset = 0u64;
        for batch in &batches {
            let tenants = column(batch, "tenant", &DataType::Utf8)?;
            let tenants = tenants.as_string::<i32>();
            let it = column(batch, "it_kwh", &DataType::Float64)?;
            let it = it.as_primitive::<Float64Type>();
            let starts = Instants::new(batch.column(start), "start")?;
            let ends = end
                .map(|e| Instants::new(batch.column(e), "end"))
                .transpose()?;
            for i in 0..batch.num_rows() {
                let row = offset + i as u64;
                let at = |c: &str| Location::row("readings", row).with_column(c);
                let required =
                    |v: Option<i64>, c: &str| v.ok_or_else(|| Error::MissingValue { at: at(c) });
                let s = required(starts.get(i, zone, &at("start"))?, "start")?;
                let e = match (&ends, step) {
                    (Some(ends), _) => required(ends.get(i, zone, &at("end"))?, "end")?,
                    (None, step) => s + step.unwrap_or(0),
                };
                if tenants.is_null(i) || it.is_null(i) {
                    let c = if tenants.is_null(i) {
                        "tenant"
                    } else {
                        "it_kwh"
                    };
                    return Err(Error::MissingValue { at: at(c) }.into());
                }
                sums.add(tenants.value(i), s, e, it.value(i), &at)?;
            }
            offset += batch.num_rows() as u64;
        }
        Ok(Table::from(&sums))
    })?;
    table(&sums)
}

/// The tenants' hourly IT energy summed by Spark (`tenant`, `hour_utc`,
/// `it_kwh`) with the facility's files, assessed by core as
/// `empreinte.datacentre` assesses them (same result tuple).
#[pyfunction]
#[pyo3(signature = (sums, readings, facility, instruments=None, tenants=None, equipment=None, hourly_grid=None, allocation=None, time_zone=None, interval_minutes=None, fill_gaps=None, encoding=None, factors=Vec::new()))]
#[allow(clippy::too_many_arguments)] // the files and options of `empreinte.datacentre`
pub fn datacentre_combine(
    py: Python<'_>,
    sums: AnyRecordBatch,
    readings: Input,
    facility: Input,
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
) -> PyResult<datacentre::Assessed> {
    let (batches, _) = convert::batches(sums)?;
    let mut keys = Vec::new();
    for batch in &batches {
        let [t, h, e] = TENANT_HOUR_COLUMNS;
        keys.push((
            column(batch, t, &DataType::Utf8)?,
            column(batch, h, &DataType::Int64)?,
            column(batch, e, &DataType::Float64)?,
        ));
    }
    let rows = keys.iter().flat_map(|(t, h, e)| {
        let (t, h, e) = (
            t.as_string::<i32>(),
            h.as_primitive::<Int64Type>(),
            e.as_primitive::<Float64Type>(),
        );
        (0..t.len()).map(move |i| (t.value(i), h.value(i), e.value(i)))
    });
    let files = [
        Some(readings),
        Some(facility),
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
    };
    let (inputs, result) = py
        .detach(|| {
            datacentre::assess(files, &options, &factors, |inputs| {
                let meter = std::mem::take(&mut inputs.readings);
                inputs.readings = with_tenant_hours(meter, &mut inputs.tenants, rows)?;
                Ok(())
            })
        })
        .map_err(Failure::Core)?;
    let hourly = inputs
        .readings
        .hourly
        .as_ref()
        .map(datacentre::load_table)
        .transpose()?;
    Ok((result.year, sections(&Report::from(&result))?, hourly))
}
