//! `empreinte assess`: read an inventory (a file, standard input or the
//! embedded example), assess it for a year, write the result.

use crate::args::{default_by, default_mode, InventoryArgs};
use crate::{catalog_with, digits, io_error, last_calendar_year, render, Format};
use empreinte::catalog::{Catalog, EXAMPLE_FLEET_CSV};
use empreinte::fleet::montecarlo::{assess_csv_monte_carlo, McAssessment, MonteCarlo};
use empreinte::inventory::ReadOptions;
use empreinte::report::montecarlo::{drivers_table, monte_carlo_json, monte_carlo_table};
use empreinte::report::Note;
use empreinte::uncertainty::View;
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
    #[arg(long, default_value_t = default_mode())]
    mode: String,
    /// Group by: comma-separated entity, kind, phase (or none).
    #[arg(long, default_value_t = default_by())]
    by: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    input: InventoryArgs,
    /// Also show criteria for which no factor table gives any value (as
    /// missing columns).
    #[arg(long)]
    all_criteria: bool,
    #[command(flatten)]
    monte_carlo: McArgs,
}

/// The Monte Carlo options of `assess` and `compare`.
#[derive(clap::Args)]
pub struct McArgs {
    /// How the uncertainty is shown: interval (low-high bounds) or
    /// monte-carlo (mean, P5, P50, P95 of the climate footprint, and which
    /// inputs drive the spread; with compare, the probability that each
    /// policy's cumulative total is below the first's).
    #[arg(long, default_value = "interval")]
    uncertainty: String,
    /// Monte Carlo: number of samples [default: 10000].
    #[arg(long)]
    samples: Option<usize>,
    /// Monte Carlo: seed; the same seed gives the same numbers in the
    /// command, Python and JavaScript [default: 1].
    #[arg(long)]
    seed: Option<u64>,
    /// Monte Carlo: distribution fitted to every low/central/high:
    /// triangular, pert, uniform or lognormal (low/high = 5th/95th
    /// percentiles) [default: triangular].
    #[arg(long)]
    distribution: Option<String>,
}

impl McArgs {
    /// The run asked for with `--uncertainty monte-carlo`, or `None` for
    /// the interval view (where the other options are refused).
    ///
    /// # Errors
    ///
    /// A bad option value; a Monte Carlo option without `--uncertainty
    /// monte-carlo`.
    pub fn run(&self) -> Result<Option<MonteCarlo>, Error> {
        if View::parse(&self.uncertainty)? == View::MonteCarlo {
            return MonteCarlo::from_options(self.samples, self.seed, self.distribution.as_deref())
                .map(Some);
        }
        for (given, option) in [
            (self.samples.is_some(), "samples"),
            (self.seed.is_some(), "seed"),
            (self.distribution.is_some(), "distribution"),
        ] {
            if given {
                return Err(Error::invalid_option(
                    option,
                    "given",
                    "only with --uncertainty monte-carlo",
                ));
            }
        }
        Ok(None)
    }
}

/// Runs `empreinte assess`.
///
/// # Errors
///
/// A bad option, a bad inventory or factor table (file, line, column), or
/// an output error.
pub fn run(args: Args) -> Result<(), Error> {
    let catalog = catalog_with(&args.input.factors)?;
    let options = Options::new(
        args.year.unwrap_or_else(last_calendar_year),
        Mode::parse(&args.mode)?,
        GroupBy::parse(&args.by)?,
    )?;
    let read = ReadOptions {
        encoding: args.input.encoding()?,
    };
    if let Some(mc) = args.monte_carlo.run()? {
        let result = assess_with(
            args.inventory.as_deref(),
            |name, reader, progress| {
                assess_csv_monte_carlo(
                    catalog.clone(),
                    name,
                    reader,
                    args.input.country.as_deref(),
                    options,
                    read,
                    mc,
                    progress,
                )
            },
            |r: &mut McAssessment, note| r.notes.insert(0, note),
        )?;
        return write_monte_carlo(&result, args.format, args.input.digits());
    }
    let result = assess(
        catalog,
        args.inventory.as_deref(),
        args.input.country.as_deref(),
        options,
        read,
    )?;
    write(result, args.format, args.input.digits(), args.all_criteria)
}

fn assess(
    catalog: Arc<Catalog>,
    path: Option<&Path>,
    country: Option<&str>,
    options: Options,
    read: ReadOptions,
) -> Result<Assessment, Error> {
    assess_with(
        path,
        |name, reader, progress| {
            empreinte::assess_csv_with(
                catalog.clone(),
                name,
                reader,
                country,
                options,
                read,
                progress,
            )
        },
        |r: &mut Assessment, note| r.notes.insert(0, note),
    )
}

/// Runs `run` on the inventory at `path` (a file, `-` for standard input,
/// or the embedded example fleet, noted as such by `note`).
fn assess_with<T>(
    path: Option<&Path>,
    run: impl Fn(&str, &mut dyn std::io::Read, &dyn Fn(u64)) -> Result<T, Error>,
    note: impl Fn(&mut T, Note),
) -> Result<T, Error> {
    match path {
        None => {
            let mut result = run(
                "embedded example fleet",
                &mut EXAMPLE_FLEET_CSV.as_bytes(),
                &|_| {},
            )?;
            note(
                &mut result,
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

/// Writes a Monte Carlo result: for people, the groups' total climate
/// footprint (mean, P5-P95), the fleet's total, the drivers and one
/// sentence; CSV: the groups with every measure's `_mean`, `_p5`, `_p50`,
/// `_p95` (notes on stderr); JSON: core's whole result.
fn write_monte_carlo(
    r: &McAssessment,
    format: Format,
    precision: Option<usize>,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    let io = |e: std::io::Error| io_error("stdout", &e);
    match format {
        Format::Json => {
            writeln!(buf, "{:#}", monte_carlo_json(r, &digits(precision))).map_err(io)?;
        }
        Format::Csv => {
            let mut stderr = std::io::stderr().lock();
            for n in &r.notes {
                let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
            }
            monte_carlo_table(r, false).write_csv(&mut buf, &digits(precision))?;
        }
        Format::Table => {
            let columns = [
                "entity",
                "kind",
                "devices",
                "gwp_total_kgco2e_mean",
                "gwp_total_kgco2e_p5",
                "gwp_total_kgco2e_p50",
                "gwp_total_kgco2e_p95",
            ];
            writeln!(
                buf,
                "Monte Carlo, {} samples, seed {}, {} distributions: climate change, kg CO2e",
                r.monte_carlo.samples,
                r.monte_carlo.seed,
                r.monte_carlo.shape.id()
            )
            .map_err(io)?;
            if r.options.by.entity || r.options.by.kind {
                render::table(&mut buf, &monte_carlo_table(r, false), &columns, false)
                    .map_err(io)?;
                writeln!(buf, "\nTotal").map_err(io)?;
            }
            render::table(&mut buf, &monte_carlo_table(r, true), &columns, false).map_err(io)?;
            writeln!(buf, "\nWhat drives the spread of the total (largest 8)").map_err(io)?;
            let drivers = drivers_table(r, Some(8));
            render::table(&mut buf, &drivers, &["input", "variance_share"], false).map_err(io)?;
            if let Some(s) = r.drivers_sentence() {
                writeln!(buf, "\n{s}").map_err(io)?;
            }
            for n in &r.notes {
                writeln!(buf, "note[{}]: {}", n.code, n.message).map_err(io)?;
            }
        }
    }
    crate::emit(&buf)
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
