//! A data centre's files read into [`Inputs`]: the one assembly of the
//! command and Python (each file by its reader, the equipment into its
//! embodied footprint of the readings' year, the options parsed with
//! core's defaults, the embedded example when neither readings nor
//! facility is given).

use super::{
    example, read_facility, read_instruments, read_readings, read_tenants, Allocation,
    EquipmentEmbodied, GapFill, Inputs, ReadingsOptions,
};
use crate::catalog::Catalog;
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{HourlySeries, TimeZone};
use crate::inventory::{ReadOptions, TextEncoding};
use crate::note::Note;
use std::io::Read;
use std::sync::Arc;

/// A named input: the name errors give it and its bytes.
pub type NamedReader<'a> = (String, Box<dyn Read + 'a>);

/// The files of a data centre; `None` for one not given.
#[derive(Default)]
pub struct Files<'a> {
    /// Readings CSV (required with `facility`; without both, the example).
    pub readings: Option<NamedReader<'a>>,
    /// Facility CSV.
    pub facility: Option<NamedReader<'a>>,
    /// Instruments CSV (guarantees of origin, residual mix).
    pub instruments: Option<NamedReader<'a>>,
    /// Tenants CSV.
    pub tenants: Option<NamedReader<'a>>,
    /// IT equipment inventory CSV (the `assess` format).
    pub equipment: Option<NamedReader<'a>>,
    /// Hourly grid series CSV.
    pub hourly_grid: Option<NamedReader<'a>>,
}

/// The options of the files, as text; `None` is core's default
/// (allocation `energy`, time zone UTC, gaps an error, encoding `auto`,
/// mode `amortised` as for `assess`).
#[derive(Debug, Clone, Copy, Default)]
pub struct FileOptions<'a> {
    /// `energy`, `share` or `mix`.
    pub allocation: Option<&'a str>,
    /// Time zone of timestamps written without an offset.
    pub time_zone: Option<&'a str>,
    /// Length of each interval, minutes, when the readings have no end.
    pub interval_minutes: Option<f64>,
    /// `error` or `previous`.
    pub fill_gaps: Option<&'a str>,
    /// `auto`, `utf-8` or `windows-1252`.
    pub encoding: Option<&'a str>,
    /// `amortised` (the management view) or `acquisition` (GHG Protocol
    /// scope 3 category 2).
    pub mode: Option<&'a str>,
}

fn parse<T: Default>(s: Option<&str>, f: fn(&str) -> Result<T>) -> Result<T> {
    Ok(s.map(f).transpose()?.unwrap_or_default())
}

fn text(name: &str, csv: &'static str) -> Option<NamedReader<'static>> {
    Some((name.to_owned(), Box::new(csv.as_bytes())))
}

/// The note of the embedded example.
fn example_note() -> Note {
    Note {
        code: "example_data",
        message: "no readings or facility given: this is the embedded ILLUSTRATIVE regional data centre (a year of generated hourly readings, 2022), not real data".into(),
    }
}

/// Reads every file into core's [`Inputs`]; `progress` gets the bytes of
/// the readings read so far. Without readings and facility, the embedded
/// ILLUSTRATIVE data centre (in its own time zone, with the hourly grid
/// given, and a note saying so); an instruments, tenants or equipment file
/// or a time zone given with it would be ignored, so it is refused.
///
/// # Errors
///
/// [`Error::MissingValue`] at the option `readings` or `facility` when one
/// is given without the other; [`Error::InvalidOption`] for an option
/// given with the example or a bad option value; then the readers' errors
/// (file, line, column).
pub fn read_files(
    files: Files<'_>,
    options: &FileOptions<'_>,
    catalog: &Arc<Catalog>,
    progress: impl FnMut(u64),
) -> Result<(Inputs, Vec<Note>)> {
    read_files_observed(files, options, catalog, progress, &mut |_, _| Ok(()))
}

/// What sees each batch of equipment rows as it is read, with the calendar
/// years the readings cover and the fraction of each (the Monte Carlo run's
/// coefficients, [`super::montecarlo`]).
pub(crate) type EquipmentObserver<'a> =
    dyn FnMut(&crate::inventory::Inventory, &[(i32, f64)]) -> Result<()> + 'a;

/// [`read_files`], each batch of equipment rows also given to `observer`
/// with the mode read from the options (the Monte Carlo run's
/// coefficients, [`super::montecarlo`]).
pub(crate) fn read_files_observed(
    files: Files<'_>,
    options: &FileOptions<'_>,
    catalog: &Arc<Catalog>,
    progress: impl FnMut(u64),
    observer: &mut EquipmentObserver<'_>,
) -> Result<(Inputs, Vec<Note>)> {
    let mut time_zone = parse(options.time_zone, TimeZone::parse)?;
    let mut notes = Vec::new();
    let mut files = files;
    if files.readings.is_none() && files.facility.is_none() {
        let given = [
            (
                "instruments",
                files.instruments.as_ref().map(|f| f.0.as_str()),
            ),
            ("tenants", files.tenants.as_ref().map(|f| f.0.as_str())),
            ("equipment", files.equipment.as_ref().map(|f| f.0.as_str())),
            ("time_zone", options.time_zone),
        ];
        if let Some((option, value)) = given.iter().find_map(|(o, v)| v.map(|v| (*o, v))) {
            return Err(Error::InvalidOption {
                at: Location::option(option),
                option: option.into(),
                value: value.into(),
                allowed: "with readings and facility files (the embedded example has its own)"
                    .into(),
            });
        }
        files = Files {
            readings: text("example readings", example::READINGS_CSV),
            facility: text("example facility", example::FACILITY_CSV),
            instruments: text("example instruments", example::INSTRUMENTS_CSV),
            tenants: text("example tenants", example::TENANTS_CSV),
            equipment: text("example equipment", example::EQUIPMENT_CSV),
            hourly_grid: files.hourly_grid,
        };
        time_zone = TimeZone::parse(example::TIME_ZONE)?;
        notes.push(example_note());
    }
    let inputs = read_in_zone(files, options, time_zone, catalog, progress, observer)?;
    Ok((inputs, notes))
}

/// Reads the files given, as [`read_files`] without its example: readings
/// and facility are required. What a surface calls that does not embed
/// the example (the WebAssembly package: its size).
///
/// # Errors
///
/// [`Error::MissingValue`] at the option `readings` or `facility` when one
/// is not given; a bad option value; the readers' errors (file, line,
/// column).
pub fn read_given(
    files: Files<'_>,
    options: &FileOptions<'_>,
    catalog: &Arc<Catalog>,
    progress: impl FnMut(u64),
) -> Result<Inputs> {
    let time_zone = parse(options.time_zone, TimeZone::parse)?;
    read_in_zone(files, options, time_zone, catalog, progress, &mut |_, _| {
        Ok(())
    })
}

fn read_in_zone(
    files: Files<'_>,
    options: &FileOptions<'_>,
    time_zone: TimeZone,
    catalog: &Arc<Catalog>,
    progress: impl FnMut(u64),
    observer: &mut EquipmentObserver<'_>,
) -> Result<Inputs> {
    let encoding = parse(options.encoding, TextEncoding::parse)?;
    let missing = if files.readings.is_none() {
        "readings"
    } else {
        "facility"
    };
    let (Some(readings), Some(facility)) = (files.readings, files.facility) else {
        return Err(Error::MissingValue {
            at: Location::option(missing),
        });
    };
    let readings_options = ReadingsOptions {
        time_zone,
        interval_minutes: options.interval_minutes,
        fill_gaps: parse(options.fill_gaps, GapFill::parse)?,
        encoding,
    };
    let allocation = parse(options.allocation, Allocation::parse)?;
    let mode = parse(options.mode, crate::accounting::Mode::parse)?;
    let readings = read_readings(&readings.0, readings.1, readings_options, progress)?;
    let facility = read_facility(&facility.0, facility.1, encoding)?;
    let instruments = match files.instruments {
        Some((name, r)) => Some(read_instruments(&name, r, encoding)?),
        None => None,
    };
    let mut notes = Vec::new();
    let tenants = match files.tenants {
        Some((name, r)) => {
            let (tenants, read) = read_tenants(&name, r, encoding)?;
            notes.extend(read);
            tenants
        }
        None => Vec::new(),
    };
    let years = readings.year_fractions();
    let equipment = match files.equipment {
        Some((name, r)) => Some(EquipmentEmbodied::read_csv_observed(
            catalog.clone(),
            &facility.zone,
            &years,
            &name,
            r,
            ReadOptions { encoding },
            &mut |batch| observer(batch, &years),
        )?),
        None => None,
    }
    .map(|(e, read)| {
        notes.extend(read);
        e
    });
    let hourly = match files.hourly_grid {
        Some((name, r)) => Some(HourlySeries::from_csv(&name, r, &facility.zone)?),
        None => None,
    };
    let inputs = Inputs {
        facility,
        readings,
        instruments,
        tenants,
        allocation,
        equipment,
        hourly,
        mode,
        notes,
    };
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_refuses_files_it_would_ignore() {
        let catalog = Catalog::embedded().unwrap();
        let (inputs, notes) =
            read_files(Files::default(), &FileOptions::default(), &catalog, |_| {}).unwrap();
        assert_eq!(notes[0].code, "example_data");
        assert!(!inputs.tenants.is_empty());
        let files = Files {
            tenants: Some(("mine.csv".into(), Box::new(&b"tenant,it_kwh\nA,1\n"[..]))),
            ..Files::default()
        };
        let e = read_files(files, &FileOptions::default(), &catalog, |_| {}).unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        assert_eq!(e.location().column.as_deref(), Some("tenants"));
        let zone = FileOptions {
            time_zone: Some("UTC"),
            ..FileOptions::default()
        };
        let e = read_files(Files::default(), &zone, &catalog, |_| {}).unwrap_err();
        assert_eq!(e.location().column.as_deref(), Some("time_zone"));
    }
}
