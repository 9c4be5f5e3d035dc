//! `empreinte`: the footprint of a device fleet from an inventory CSV.

use clap::{Parser, Subcommand, ValueEnum};
use empreinte::catalog::{Catalog, FactorTable, EXAMPLE_FLEET_CSV};
use empreinte::note::Note;
use empreinte::report::{archetypes_table, datasets_table, Table};
use empreinte::{Assessment, Error, GroupBy, Mode, Options, Report};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

mod render;

#[derive(Parser)]
#[command(
    name = "empreinte",
    version,
    about = "Carbon footprint of IT device fleets, with uncertainty and sources"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Aligned text for people.
    Table,
    /// CSV, one row per group; units in the column names.
    Csv,
    /// JSON with rows, total, notes, sources and datasets.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Footprint of an inventory for a reporting year.
    Assess {
        /// Inventory CSV (`-` for standard input). Without it, the embedded
        /// illustrative municipal fleet is assessed.
        inventory: Option<PathBuf>,
        /// Reporting year [default: last calendar year].
        #[arg(long)]
        year: Option<i32>,
        /// Accounting of embodied impacts.
        #[arg(long, default_value = "amortised", value_parser = ["amortised", "amortized", "acquisition"])]
        mode: String,
        /// Country (ISO 3166-1 alpha-2, EU27 or WORLD) for rows without one.
        #[arg(long)]
        country: Option<String>,
        /// Group by: comma-separated entity, kind, phase (or none).
        #[arg(long, default_value = "entity")]
        by: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Extra factor tables (more criteria or better values); repeatable.
        #[arg(long = "factors", value_name = "CSV")]
        factors: Vec<PathBuf>,
    },
    /// Embedded datasets with edition, licence and attribution.
    Datasets {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Default factors of every device kind (or one), with their sources.
    Factors {
        /// A device kind (e.g. `laptop`).
        kind: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Assess { format, .. }
        | Command::Datasets { format }
        | Command::Factors { format, .. } => *format,
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e, format);
            ExitCode::from(1)
        }
    }
}

fn report_error(e: &Error, format: Format) {
    let mut stderr = std::io::stderr().lock();
    if format == Format::Json {
        let at = e.location();
        let json = serde_json::json!({"error": {
            "code": e.code(),
            "message": e.to_string(),
            "source": at.source,
            "line": at.line,
            "row": at.row,
            "column": at.column,
        }});
        let _ = writeln!(stderr, "{json}");
    } else {
        let _ = writeln!(stderr, "error[{}]: {e}", e.code());
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let catalog = Catalog::embedded()?;
    match cli.command {
        Command::Assess {
            inventory,
            year,
            mode,
            country,
            by,
            format,
            factors,
        } => {
            let mut catalog = catalog.clone();
            for path in &factors {
                let name = path.display().to_string();
                let bytes = std::fs::read(path).map_err(|e| io_error(&name, &e))?;
                let table = FactorTable::parse(&name, &bytes, &catalog)?;
                catalog = Arc::new((*catalog).clone().with_factors(&table)?);
            }
            let options = Options::new(
                year.unwrap_or_else(last_calendar_year),
                Mode::parse(&mode)?,
                GroupBy::parse(&by)?,
            )?;
            let result = assess(catalog, inventory.as_deref(), country.as_deref(), options)?;
            write(result, format)
        }
        Command::Datasets { format } => {
            let table = datasets_table(catalog.datasets());
            emit_table(&table, format, &["id", "edition", "licence", "attribution"])
        }
        Command::Factors { kind, format } => {
            let archetypes = match &kind {
                Some(k) => {
                    let id = catalog.kind_id(k, &empreinte::Location::option("kind"))?;
                    vec![catalog.archetype(id)?.clone()]
                }
                None => catalog.archetypes().to_vec(),
            };
            emit_table(
                &archetypes_table(&archetypes),
                format,
                &[
                    "kind",
                    "embodied_gwp_kgco2e",
                    "embodied_gwp_kgco2e_low",
                    "embodied_gwp_kgco2e_high",
                    "lifespan_years",
                    "annual_energy_kwh",
                    "quality",
                    "sample_size",
                    "source",
                ],
            )
        }
    }
}

fn io_error(name: &str, e: &std::io::Error) -> Error {
    Error::Io {
        at: empreinte::Location {
            source: name.into(),
            ..Default::default()
        },
        message: e.to_string(),
    }
}

fn assess(
    catalog: Arc<Catalog>,
    path: Option<&std::path::Path>,
    country: Option<&str>,
    options: Options,
) -> Result<Assessment, Error> {
    match path {
        None => {
            let mut report = empreinte::assess_csv(
                catalog,
                "embedded example fleet",
                EXAMPLE_FLEET_CSV.as_bytes(),
                country,
                options,
                |_| {},
            )?;
            report.notes.insert(
                0,
                Note {
                    code: "example_data",
                    message: "no inventory given: this is the embedded ILLUSTRATIVE municipal fleet, not real data".into(),
                },
            );
            Ok(report)
        }
        Some(p) if p.as_os_str() == "-" => empreinte::assess_csv(
            catalog,
            "stdin",
            std::io::stdin().lock(),
            country,
            options,
            |_| {},
        ),
        Some(p) => {
            let name = p.display().to_string();
            let file = std::fs::File::open(p).map_err(|e| io_error(&name, &e))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            // Drawn only when stderr is a terminal and the file is large enough to wait for.
            let bar = if size > 8 << 20 {
                indicatif::ProgressBar::new(size)
            } else {
                indicatif::ProgressBar::hidden()
            };
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let report = empreinte::assess_csv(catalog, &name, file, country, options, |bytes| {
                bar.set_position(bytes)
            });
            bar.finish_and_clear();
            report
        }
    }
}

/// Writes the results. CSV and JSON stream one row at a time through a
/// buffered stdout (memory stays that of the engine's groups); the text
/// table is for people and is built whole.
fn write(result: Assessment, format: Format) -> Result<(), Error> {
    if format == Format::Table {
        let mut buf = Vec::new();
        render::report(&mut buf, &result).map_err(|e| io_error("stdout", &e))?;
        return emit(&buf);
    }
    let report = Report::from(result);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match format {
        Format::Csv => report
            .section("inventory")
            .map_or(Ok(()), |s| s.write_csv(&mut out)),
        _ => report.write_json(&mut out),
    }
    .and_then(|()| out.flush().map_err(|e| io_error("stdout", &e)));
    match written {
        Err(Error::Io { message, .. }) if message.contains("Broken pipe") => Ok(()),
        other => other,
    }
}

fn emit_table(table: &Table, format: Format, text_columns: &[&str]) -> Result<(), Error> {
    let mut buf = Vec::new();
    match format {
        Format::Csv => table.write_csv(&mut buf)?,
        Format::Json => {
            writeln!(buf, "{:#}", table.to_json_rows()).map_err(|e| io_error("stdout", &e))?
        }
        Format::Table => {
            render::table(&mut buf, table, text_columns).map_err(|e| io_error("stdout", &e))?
        }
    }
    emit(&buf)
}

/// Writes the output (a few lines per group: buffered whole). A reader that
/// went away (`| head`) is not an error of ours.
fn emit(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io_error("stdout", &e)),
        _ => Ok(()),
    }
}

/// The calendar year before the current one (UTC), the usual reporting year.
fn last_calendar_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_year((secs / 86_400) as i64) - 1
}

/// Year of a day count since 1970-01-01 (H. Hinnant's civil-from-days).
fn civil_year(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

#[cfg(test)]
mod tests {
    use super::civil_year;

    #[test]
    fn civil_years() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(365), 1971);
        assert_eq!(civil_year(20_454), 2026); // 2026-01-01
        assert_eq!(civil_year(20_453), 2025); // 2025-12-31
    }
}
