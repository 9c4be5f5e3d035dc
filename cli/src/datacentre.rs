//! `empreinte datacentre`: read a data centre's files (readings streamed
//! with a progress bar, facility, instruments, IT equipment, tenants, an
//! hourly grid series), assess it with `empreinte::datacentre`, write the
//! report. Without files, the embedded illustrative data centre.

use crate::{catalog_with, digits, io_error, render, Format};
use empreinte::datacentre::{self, montecarlo, FileOptions, Files as DcFiles, NamedReader};
use empreinte::report::montecarlo::{datacentre_drivers_table, datacentre_json, datacentre_table};
use empreinte::{Error, Report};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The files of a data centre and their options, as text (shared by
/// `datacentre` and `ghg`; core parses them with its defaults).
#[derive(clap::Args)]
pub struct Files {
    /// Meter readings CSV (annual or interval: start[,end],it_kwh,facility_kwh[,cooling_kwh,
    /// onsite_renewable_kwh,reused_heat_kwh,water_m3,diesel_l,generator_kwh,free_cooling_h]); `-`
    /// for stdin.
    #[arg(long, value_name = "CSV")]
    pub(crate) readings: Option<PathBuf>,
    /// Facility CSV (field,value,gas): zone, it_capacity_kw, refrigerants, building.
    #[arg(long, value_name = "CSV")]
    pub(crate) facility: Option<PathBuf>,
    /// Energy instruments CSV (go, ppa, supplier rows and the residual_mix) for market-based scope 2.
    #[arg(long, value_name = "CSV")]
    pub(crate) instruments: Option<PathBuf>,
    /// IT equipment inventory CSV (the `assess` format): its embodied footprint is scope 3.
    #[arg(long, value_name = "CSV")]
    pub(crate) equipment: Option<PathBuf>,
    /// Tenants CSV (tenant,it_kwh,capacity_share).
    #[arg(long, value_name = "CSV")]
    pub(crate) tenants: Option<PathBuf>,
    /// Allocation to tenants: energy (sub-metered IT energy), share (capacity share), or mix
    /// (energy and scopes 1-2 by meter, scope 3 by share).
    /// [default: energy, core's]
    #[arg(long)]
    pub(crate) allocation: Option<String>,
    /// Time zone of timestamps written without an offset: UTC, +01:00, Europe/Brussels (EU summer time), ...
    /// [default: UTC, core's; the example has its own and refuses one]
    #[arg(long)]
    pub(crate) time_zone: Option<String>,
    /// Length of each interval in minutes when the readings have no end column
    /// [default: inferred from the first two rows, and noted].
    #[arg(long)]
    pub(crate) interval_minutes: Option<f64>,
    /// Gaps between intervals: error, or previous (fill with the mean power of the interval before; noted).
    /// [default: error, core's]
    #[arg(long)]
    pub(crate) fill_gaps: Option<String>,
    /// Hourly grid series CSV (datetime_utc and intensity_gco2e_per_kwh or a column per zone)
    /// [default: the embedded 2022 series of BE, DE, FR, NL].
    #[arg(long, value_name = "CSV")]
    pub(crate) hourly_grid: Option<PathBuf>,
    /// Text encoding of the files: auto, utf-8 or windows-1252 [default: auto, core's].
    #[arg(long)]
    pub(crate) encoding: Option<String>,
}

impl Files {
    /// The options as core reads them (`None`: core's default).
    pub fn options(&self) -> FileOptions<'_> {
        FileOptions {
            allocation: self.allocation.as_deref(),
            time_zone: self.time_zone.as_deref(),
            interval_minutes: self.interval_minutes,
            fill_gaps: self.fill_gaps.as_deref(),
            encoding: self.encoding.as_deref(),
            mode: None,
        }
    }
}

/// The arguments of `empreinte datacentre`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    files: Files,
    /// Extra table for the equipment (repeatable, in order): a factor table, or an archetype
    /// table adding or replacing device kinds (e.g. routers with an embodied footprint only).
    #[arg(long = "factors", value_name = "CSV")]
    factors: Vec<PathBuf>,
    /// How capital goods (IT equipment, building) are booked: amortised over their lifespans
    /// (the management view, NOT GHG Protocol scope 3) or in their acquisition year (GHG
    /// Protocol scope 3 category 2) [default: amortised, as for assess].
    #[arg(long)]
    mode: Option<String>,
    /// Section written by --format csv: kpi, total, tenants, scopes, cooling; with
    /// --uncertainty monte-carlo: total or drivers [default: kpi; total under Monte Carlo].
    #[arg(long)]
    section: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Significant digits of numbers in CSV output [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=17))]
    precision: Option<u8>,
    #[command(flatten)]
    monte_carlo: crate::assess::McArgs,
}

/// Opens a file (`-`: stdin): its name, a reader and its size in bytes
/// (0 for stdin).
///
/// # Errors
///
/// A directory, or a file that cannot be opened.
pub fn open(path: &Path) -> Result<(String, Box<dyn Read>, u64), Error> {
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
    let f = &args.files;
    let file = |p: &Option<PathBuf>| -> Result<Option<NamedReader<'static>>, Error> {
        p.as_deref()
            .map(|p| open(p).map(|(name, reader, _)| (name, reader)))
            .transpose()
    };
    let (readings, size) = match &f.readings {
        Some(p) => {
            let (name, reader, size) = open(p)?;
            (Some((name, reader)), size)
        }
        None => (None, 0),
    };
    let files = DcFiles {
        readings,
        facility: file(&f.facility)?,
        instruments: file(&f.instruments)?,
        tenants: file(&f.tenants)?,
        equipment: file(&f.equipment)?,
        hourly_grid: file(&f.hourly_grid)?,
    };
    let options = FileOptions {
        mode: args.mode.as_deref(),
        ..f.options()
    };
    let bar = crate::progress_bar(size);
    if let Some(mc) = args.monte_carlo.run()? {
        let read = montecarlo::read_files_monte_carlo(
            files,
            &options,
            &catalog,
            |b| bar.set_position(b),
            mc,
        );
        bar.finish_and_clear();
        let (inputs, mut notes, equipment) = read?;
        let mut result = montecarlo::assess_monte_carlo(&inputs, &catalog, equipment)?;
        notes.append(&mut result.datacentre.notes);
        result.datacentre.notes = notes;
        return write_monte_carlo(
            &result,
            args.format,
            args.section.as_deref().unwrap_or("total"),
            args.precision.map(usize::from),
        );
    }
    let read = datacentre::read_files(files, &options, &catalog, |b| bar.set_position(b));
    bar.finish_and_clear();
    let (inputs, mut notes) = read?;
    let mut result = datacentre::assess(&inputs, &catalog)?;
    notes.append(&mut result.notes);
    result.notes = notes;
    write(
        &Report::from(&result),
        args.format,
        args.section.as_deref().unwrap_or("kpi"),
        args.precision.map(usize::from),
    )
}

/// Writes a data centre under Monte Carlo ([`write_scopes_mc`]).
fn write_monte_carlo(
    r: &montecarlo::McDatacentre,
    format: Format,
    section: &str,
    precision: Option<usize>,
) -> Result<(), Error> {
    let view = ScopesMc {
        title: format!(
            "Data centre, reporting year {}: Monte Carlo, {} samples, seed {}, {} distributions, kg CO2e",
            r.datacentre.year,
            r.monte_carlo.samples,
            r.monte_carlo.seed,
            r.monte_carlo.shape.id()
        ),
        total: datacentre_table(r),
        drivers: datacentre_drivers_table(r, None),
        top_drivers: datacentre_drivers_table(r, Some(8)),
        sentence: r.drivers_sentence(),
        notes: &r.datacentre.notes,
        json: datacentre_json(r, &digits(precision)),
        management: false,
    };
    write_scopes_mc(&view, format, section, precision)
}

/// The scope totals of a Monte Carlo run (`datacentre` or `ghg`), ready
/// to write.
pub struct ScopesMc<'a> {
    /// The table view's first line.
    pub title: String,
    /// The scope totals by scope 2 method (core's table).
    pub total: empreinte::report::Table,
    /// The drivers (core's table).
    pub drivers: empreinte::report::Table,
    /// The largest 8 drivers (core's table).
    pub top_drivers: empreinte::report::Table,
    /// The largest driver in words.
    pub sentence: Option<String>,
    /// Notes.
    pub notes: &'a [empreinte::report::Note],
    /// Core's JSON of the run.
    pub json: serde_json::Value,
    /// Whether the table view shows the management view's columns.
    pub management: bool,
}

/// Writes scope totals under Monte Carlo: for people, the totals (mean,
/// P5-P95) by scope 2 method, the drivers and one sentence; CSV: the
/// section `total` (every statistic as `_mean`, `_p5`, `_p50`, `_p95`
/// columns) or `drivers`, notes on stderr; JSON: core's whole result.
///
/// # Errors
///
/// An unknown section, or an output error.
pub fn write_scopes_mc(
    v: &ScopesMc<'_>,
    format: Format,
    section: &str,
    precision: Option<usize>,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    let io = |e: std::io::Error| io_error("stdout", &e);
    match format {
        Format::Json => {
            writeln!(buf, "{:#}", v.json).map_err(io)?;
        }
        Format::Csv => {
            let mut stderr = std::io::stderr().lock();
            for n in v.notes {
                let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
            }
            let table = match section {
                "total" => &v.total,
                "drivers" => &v.drivers,
                _ => return Err(Error::invalid_option("section", section, "total, drivers")),
            };
            table.write_csv(&mut buf, &digits(precision))?;
        }
        Format::Table => {
            writeln!(buf, "{}", v.title).map_err(io)?;
            // Scope 1 (and the data centre's scope 2) have no uncertain
            // input (methodology §8.8): their mean is their value.
            let mut columns = vec![
                "scope2_method",
                "scope1_kgco2e_mean",
                "scope2_kgco2e_mean",
                "scope2_kgco2e_p5",
                "scope2_kgco2e_p95",
                "scope3_kgco2e_mean",
                "scope3_kgco2e_p5",
                "scope3_kgco2e_p95",
                "total_kgco2e_mean",
                "total_kgco2e_p5",
                "total_kgco2e_p50",
                "total_kgco2e_p95",
            ];
            if v.management {
                columns.extend([
                    "management_kgco2e_mean",
                    "management_kgco2e_p5",
                    "management_kgco2e_p95",
                ]);
            }
            render::table(&mut buf, &v.total, &columns, false).map_err(io)?;
            writeln!(buf, "\nWhat drives the spread of the total (largest 8)").map_err(io)?;
            render::table(
                &mut buf,
                &v.top_drivers,
                &["input", "variance_share"],
                false,
            )
            .map_err(io)?;
            if let Some(s) = &v.sentence {
                writeln!(buf, "\n{s}").map_err(io)?;
            }
            for n in v.notes {
                writeln!(buf, "note[{}]: {}", n.code, n.message).map_err(io)?;
            }
        }
    }
    crate::emit(&buf)
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
            // A period that is not one calendar year is not the EU scheme's annual table.
            let period = report
                .notes
                .iter()
                .any(|n| n.code == "period_not_calendar_year");
            let kpi = if period {
                "Indicators of the period (NOT the EU scheme's annual KPIs: the readings do not cover one calendar year)"
            } else {
                "EU data-centre reporting: PUE, WUE, ERF, REF (Delegated Regulation (EU) 2024/1364); CUE supplementary (ISO/IEC 30134-8, direct basis)"
            };
            let titles = [
                ("kpi", kpi),
                (
                    "total",
                    "Emissions by scope, kg CO2e (scope 2 by both methods)",
                ),
                ("scopes", "Scope detail"),
                ("cooling", "Renewable cooling"),
                ("tenants", "Tenants"),
            ];
            writeln!(buf, "Data centre, reporting year {}", report.options.year).map_err(io)?;
            write_tables(&mut buf, report, &titles).map_err(io)?;
        }
        Format::Csv => write_csv_section(&mut buf, report, section, SECTIONS, precision)?,
        Format::Json => {
            // The same JSON as JavaScript's datacentre() and the policy
            // commands: core's sections in order, each with its rows.
            let json = report.to_json_sections();
            writeln!(buf, "{json:#}").map_err(io)?;
        }
    }
    crate::emit(&buf)
}

/// The sections `titles` (name, title) of `report` as aligned tables, then
/// its notes and sources: the table format of `datacentre` and `ghg`.
///
/// # Errors
///
/// A write error.
pub fn write_tables(
    buf: &mut Vec<u8>,
    report: &Report,
    titles: &[(&str, &str)],
) -> std::io::Result<()> {
    for (name, title) in titles {
        if let Some(s) = report.section(name) {
            writeln!(buf, "\n{title}")?;
            render::table(buf, &s.table(), &[], false)?;
        }
    }
    if !report.notes.is_empty() {
        writeln!(buf, "\nNotes")?;
        for n in &report.notes {
            writeln!(buf, "  [{}] {}", n.code, n.message)?;
        }
    }
    writeln!(buf, "\nSources")?;
    for s in &report.sources {
        writeln!(
            buf,
            "  {}: {} ({}; {})",
            s.item, s.dataset, s.reference, s.licence
        )?;
    }
    Ok(())
}

/// The section `section` of `report` as CSV (`sections` lists the valid
/// names for the error), its notes on stderr.
///
/// # Errors
///
/// An unknown section, or a write error.
pub fn write_csv_section(
    buf: &mut Vec<u8>,
    report: &Report,
    section: &str,
    sections: &str,
    precision: Option<usize>,
) -> Result<(), Error> {
    let mut stderr = std::io::stderr().lock();
    for n in &report.notes {
        let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
    }
    let s = report
        .section(section)
        .ok_or_else(|| Error::invalid_option("section", section, sections))?;
    s.write_csv(buf, &digits(precision))
}
