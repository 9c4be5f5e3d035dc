//! `empreinte assess`: read an inventory (a file, standard input or the
//! embedded example), assess it for a year, write the result.

use crate::{catalog_with, digits, io_error, last_calendar_year, render, Format};
use empreinte::catalog::{Catalog, EXAMPLE_FLEET_CSV};
use empreinte::inventory::ReadOptions;
use empreinte::inventory::TextEncoding;
use empreinte::report::Note;
use empreinte::{Assessment, Error, GroupBy, Mode, Options, Report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The arguments of `empreinte assess`.
#[derive(clap::Args)]
pub struct Args {
    /// Inventory CSV (`-` for standard input). Without it, the embedded
    /// illustrative municipal fleet is assessed.
    inventory: Option<PathBuf>,
    /// Reporting year [default: last calendar year].
    #[arg(long)]
    year: Option<i32>,
    /// Accounting of embodied impacts: amortised (spread over the lifespan)
    /// or acquisition (all in the year of purchase).
    #[arg(long, default_value = "amortised")]
    mode: String,
    /// Country (ISO 3166-1 alpha-2, EU27 or WORLD) for rows without one.
    #[arg(long)]
    country: Option<String>,
    /// Group by: comma-separated entity, kind, phase (or none).
    #[arg(long, default_value = "entity")]
    by: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Extra factor tables (more criteria or better values); repeatable.
    #[arg(long = "factors", value_name = "CSV")]
    factors: Vec<PathBuf>,
    /// Text encoding of the inventory: auto (UTF-8, else Windows-1252 as
    /// Excel writes plain "CSV" in French and Dutch), utf-8 or windows-1252.
    #[arg(long, default_value = "auto")]
    encoding: String,
    /// Significant digits of numbers in CSV and JSON output [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=17))]
    precision: Option<u8>,
    /// Also show criteria for which no factor table gives any value (as
    /// missing columns).
    #[arg(long)]
    all_criteria: bool,
}

/// Runs `empreinte assess`.
///
/// # Errors
///
/// A bad option, a bad inventory or factor table (file, line, column), or
/// an output error.
pub fn run(args: Args) -> Result<(), Error> {
    let catalog = catalog_with(&args.factors)?;
    let options = Options::new(
        args.year.unwrap_or_else(last_calendar_year),
        Mode::parse(&args.mode)?,
        GroupBy::parse(&args.by)?,
    )?;
    let read = ReadOptions {
        encoding: TextEncoding::parse(&args.encoding)?,
    };
    let result = assess(
        catalog,
        args.inventory.as_deref(),
        args.country.as_deref(),
        options,
        read,
    )?;
    write(
        result,
        args.format,
        args.precision.map(usize::from),
        args.all_criteria,
    )
}

fn assess(
    catalog: Arc<Catalog>,
    path: Option<&Path>,
    country: Option<&str>,
    options: Options,
    read: ReadOptions,
) -> Result<Assessment, Error> {
    let run = |name: &str, reader: &mut dyn std::io::Read, progress: &dyn Fn(u64)| {
        empreinte::assess_csv_with(
            catalog.clone(),
            name,
            reader,
            country,
            options,
            read,
            progress,
        )
    };
    match path {
        None => {
            let mut result = run(
                "embedded example fleet",
                &mut EXAMPLE_FLEET_CSV.as_bytes(),
                &|_| {},
            )?;
            result.notes.insert(
                0,
                Note {
                    code: "example_data",
                    message: "no inventory given: this is the embedded ILLUSTRATIVE municipal fleet, not real data".into(),
                },
            );
            Ok(result)
        }
        Some(p) if p.as_os_str() == "-" => run("stdin", &mut std::io::stdin().lock(), &|_| {}),
        Some(p) => {
            let name = p.display().to_string();
            let mut file = empreinte::error::open_file(p)?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            let bar = crate::progress_bar(size);
            let result = run(&name, &mut file, &|bytes| bar.set_position(bytes));
            bar.finish_and_clear();
            result
        }
    }
}

/// Writes the results. CSV and JSON stream one row at a time through a
/// buffered stdout (memory stays that of the engine's groups); the text
/// table is for people and is built whole. With CSV, the notes go to
/// stderr (`note[code]: ...`).
fn write(
    result: Assessment,
    format: Format,
    precision: Option<usize>,
    all_criteria: bool,
) -> Result<(), Error> {
    let result = if all_criteria {
        result
    } else {
        result.without_empty_criteria()
    };
    if format == Format::Table {
        let mut buf = Vec::new();
        render::report(&mut buf, &result).map_err(|e| io_error("stdout", &e))?;
        return crate::emit(&buf);
    }
    if format == Format::Csv {
        let mut stderr = std::io::stderr().lock();
        for n in &result.notes {
            let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
        }
    }
    let report = Report::from(result);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match format {
        Format::Csv => report
            .section("inventory")
            .map_or(Ok(()), |s| s.write_csv(&mut out, &digits(precision))),
        _ => report.write_json(&mut out, &digits(precision)),
    }
    .and_then(|()| out.flush().map_err(|e| io_error("stdout", &e)));
    match written {
        Err(Error::Io { message, .. }) if message.contains("Broken pipe") => Ok(()),
        other => other,
    }
}
