//! `empreinte datacentre`: read a data centre's files (readings streamed
//! with a progress bar, facility, instruments, IT equipment, tenants, an
//! hourly grid series), assess it with `empreinte::datacentre`, write the
//! report. Without files, the embedded illustrative data centre.

use crate::{catalog_with, digits, io_error, render, Format};
use empreinte::datacentre::{self, FileOptions, Files, NamedReader};
use empreinte::{Error, Report};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The arguments of `empreinte datacentre`.
#[derive(clap::Args)]
pub struct Args {
    /// Meter readings CSV (annual or interval: start[,end],it_kwh,facility_kwh[,cooling_kwh,
    /// onsite_renewable_kwh,reused_heat_kwh,water_m3,diesel_l,free_cooling_h]); `-` for stdin.
    #[arg(long, value_name = "CSV")]
    readings: Option<PathBuf>,
    /// Facility CSV (field,value,gas): zone, it_capacity_kw, refrigerants, building.
    #[arg(long, value_name = "CSV")]
    facility: Option<PathBuf>,
    /// Energy instruments CSV (go, ppa, supplier rows and the residual_mix) for market-based scope 2.
    #[arg(long, value_name = "CSV")]
    instruments: Option<PathBuf>,
    /// IT equipment inventory CSV (the `assess` format): its embodied footprint is scope 3.
    #[arg(long, value_name = "CSV")]
    equipment: Option<PathBuf>,
    /// Extra table for the equipment (repeatable, in order): a factor table, or an archetype
    /// table adding or replacing device kinds (e.g. routers with an embodied footprint only).
    #[arg(long = "factors", value_name = "CSV")]
    factors: Vec<PathBuf>,
    /// Tenants CSV (tenant,it_kwh,capacity_share).
    #[arg(long, value_name = "CSV")]
    tenants: Option<PathBuf>,
    /// Allocation to tenants: energy (sub-metered IT energy), share (capacity share), or mix
    /// (energy and scopes 1-2 by meter, scope 3 by share).
    /// [default: energy, core's]
    #[arg(long)]
    allocation: Option<String>,
    /// Time zone of timestamps written without an offset: UTC, +01:00, Europe/Brussels (EU summer time), ...
    /// [default: UTC, core's; the example has its own and refuses one]
    #[arg(long)]
    time_zone: Option<String>,
    /// Length of each interval in minutes when the readings have no end column
    /// [default: inferred from the first two rows, and noted].
    #[arg(long)]
    interval_minutes: Option<f64>,
    /// Gaps between intervals: error, or previous (fill with the mean power of the interval before; noted).
    /// [default: error, core's]
    #[arg(long)]
    fill_gaps: Option<String>,
    /// Hourly grid series CSV (datetime_utc and intensity_gco2e_per_kwh or a column per zone)
    /// [default: the embedded 2022 series of BE, DE, FR, NL].
    #[arg(long, value_name = "CSV")]
    hourly_grid: Option<PathBuf>,
    /// Text encoding of the files: auto, utf-8 or windows-1252 [default: auto, core's].
    #[arg(long)]
    encoding: Option<String>,
    /// Section written by --format csv: kpi, total, tenants, scopes, cooling.
    #[arg(long, default_value = "kpi")]
    section: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Significant digits of numbers in CSV output [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=17))]
    precision: Option<u8>,
}

fn open(path: &Path) -> Result<(String, Box<dyn Read>, u64), Error> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        return Ok(("stdin".into(), Box::new(std::io::stdin().lock()), 0));
    }
    let file = empreinte::error::open_file(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok((name, Box::new(file), size))
}

/// Runs `empreinte datacentre`.
///
/// # Errors
///
/// A bad option or file (file, line, column), or an output error.
pub fn run(args: Args) -> Result<(), Error> {
    let catalog = catalog_with(&args.factors)?;
    let file = |p: &Option<PathBuf>| -> Result<Option<NamedReader<'static>>, Error> {
        p.as_deref()
            .map(|p| open(p).map(|(name, reader, _)| (name, reader)))
            .transpose()
    };
    let (readings, size) = match &args.readings {
        Some(p) => {
            let (name, reader, size) = open(p)?;
            (Some((name, reader)), size)
        }
        None => (None, 0),
    };
    let files = Files {
        readings,
        facility: file(&args.facility)?,
        instruments: file(&args.instruments)?,
        tenants: file(&args.tenants)?,
        equipment: file(&args.equipment)?,
        hourly_grid: file(&args.hourly_grid)?,
    };
    let options = FileOptions {
        allocation: args.allocation.as_deref(),
        time_zone: args.time_zone.as_deref(),
        interval_minutes: args.interval_minutes,
        fill_gaps: args.fill_gaps.as_deref(),
        encoding: args.encoding.as_deref(),
    };
    let bar = crate::progress_bar(size);
    let read = datacentre::read_files(files, &options, &catalog, |b| bar.set_position(b));
    bar.finish_and_clear();
    let (inputs, mut notes) = read?;
    let mut result = datacentre::assess(&inputs, &catalog)?;
    notes.append(&mut result.notes);
    result.notes = notes;
    write(
        &Report::from(&result),
        args.format,
        &args.section,
        args.precision.map(usize::from),
    )
}

const SECTIONS: &str = "kpi, total, tenants, scopes, cooling";

fn write(
    report: &Report,
    format: Format,
    section: &str,
    precision: Option<usize>,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    let io = |e: std::io::Error| io_error("stdout", &e);
    match format {
        Format::Table => {
            let titles = [
                (
                    "kpi",
                    "EU data-centre reporting (Delegated Regulation (EU) 2024/1364, Annex VII)",
                ),
                (
                    "total",
                    "Emissions by scope, kg CO2e (scope 2 by both methods)",
                ),
                ("scopes", "Scope detail"),
                ("cooling", "Renewable cooling"),
                ("tenants", "Tenants"),
            ];
            writeln!(buf, "Data centre, reporting year {}", report.options.year).map_err(io)?;
            for (name, title) in titles {
                if let Some(s) = report.section(name) {
                    writeln!(buf, "\n{title}").map_err(io)?;
                    render::table(&mut buf, &s.table(), &[], false).map_err(io)?;
                }
            }
            if !report.notes.is_empty() {
                writeln!(buf, "\nNotes").map_err(io)?;
                for n in &report.notes {
                    writeln!(buf, "  [{}] {}", n.code, n.message).map_err(io)?;
                }
            }
            writeln!(buf, "\nSources").map_err(io)?;
            for s in &report.sources {
                writeln!(
                    buf,
                    "  {}: {} ({}; {})",
                    s.item, s.dataset, s.reference, s.licence
                )
                .map_err(io)?;
            }
        }
        Format::Csv => {
            let mut stderr = std::io::stderr().lock();
            for n in &report.notes {
                let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
            }
            let s = report
                .section(section)
                .ok_or_else(|| Error::invalid_option("section", section, SECTIONS))?;
            s.write_csv(&mut buf, &digits(precision))?;
        }
        Format::Json => {
            // The same JSON as JavaScript's datacentre() and the policy
            // commands: core's sections in order, each with its rows.
            let json = report.to_json_sections();
            writeln!(buf, "{json:#}").map_err(io)?;
        }
    }
    crate::emit(&buf)
}
