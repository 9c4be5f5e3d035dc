//! `empreinte ghg`: the organisation's GHG inventory of one reporting year
//! (the device fleet, optionally its data centre and its energy
//! instruments), read and computed by core (`empreinte::report::ghg`).
//! Without files, the embedded illustrative organisation.

use crate::datacentre::{open, write_csv_section, write_scopes_mc, write_tables, Files, ScopesMc};
use crate::{catalog_with, io_error, Format};
use empreinte::ghg::montecarlo::read_and_assess;
use empreinte::ghg::Sources;
use empreinte::report::ghg::{ghg_report, to_markdown};
use empreinte::report::montecarlo::{ghg_drivers_table, ghg_json, ghg_table};
use empreinte::{Error, Report};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Output formats of `empreinte ghg`.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum GhgFormat {
    /// Aligned text for people.
    Table,
    /// CSV of one section (--section), notes on stderr.
    Csv,
    /// JSON: every section with its rows, notes, sources, datasets.
    Json,
    /// Markdown: every section as a table, notes, sources, datasets.
    Markdown,
}

impl GhgFormat {
    /// The format errors are written in.
    pub fn errors(self) -> Format {
        if self == Self::Json {
            Format::Json
        } else {
            Format::Table
        }
    }
}

/// The arguments of `empreinte ghg`.
#[derive(clap::Args)]
pub struct Args {
    /// Device inventory CSV (the `assess` format); `-` for stdin.
    #[arg(value_name = "INVENTORY")]
    inventory: Option<PathBuf>,
    /// Reporting year [default: the data centre's readings' year; required without one].
    #[arg(long)]
    year: Option<i32>,
    /// Country of inventory rows without one (ISO 3166-1 alpha-2).
    #[arg(long)]
    country: Option<String>,
    /// The organisation's energy instruments for the fleet's electricity (the data centre's
    /// format: go, ppa, supplier rows and the residual_mix).
    #[arg(long, value_name = "CSV")]
    fleet_instruments: Option<PathBuf>,
    /// The user's own grid factors (zone,year,intensity_gco2e_per_kwh,basis,source): a
    /// national agency's or supplier's; an empty basis is taken as direct.
    #[arg(long, value_name = "CSV")]
    grid_factors: Option<PathBuf>,
    /// Extra table (repeatable, in order): a factor table, or an archetype table.
    #[arg(long = "factors", value_name = "CSV")]
    factors: Vec<PathBuf>,
    #[command(flatten)]
    datacentre: Files,
    /// Section written by --format csv: inventory, total, organisation, entities, tenants,
    /// management_view, memo; with --uncertainty monte-carlo: total or drivers
    /// [default: inventory; total under Monte Carlo].
    #[arg(long)]
    section: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: GhgFormat,
    /// Significant digits of numbers in CSV output [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=17))]
    precision: Option<u8>,
    #[command(flatten)]
    monte_carlo: crate::assess::McArgs,
}

const SECTIONS: &str = "inventory, total, organisation, entities, tenants, management_view, memo";

/// A file's name and bytes.
fn bytes(path: Option<&PathBuf>) -> Result<Option<(String, Vec<u8>)>, Error> {
    let Some(path) = path else {
        return Ok(None);
    };
    let (name, mut reader, _) = open(Path::new(path))?;
    let mut b = Vec::new();
    reader
        .read_to_end(&mut b)
        .map_err(|e| io_error(&name, &e))?;
    Ok(Some((name, b)))
}

/// Runs `empreinte ghg`.
///
/// # Errors
///
/// A bad option or file (file, line, column), or an output error.
pub fn run(args: Args) -> Result<(), Error> {
    let f = &args.datacentre;
    // In core's order (`ghg::FILES`); core maps them to their places.
    let files = [
        bytes(args.inventory.as_ref())?,
        bytes(args.fleet_instruments.as_ref())?,
        bytes(f.readings.as_ref())?,
        bytes(f.facility.as_ref())?,
        bytes(f.instruments.as_ref())?,
        bytes(f.tenants.as_ref())?,
        bytes(f.equipment.as_ref())?,
        bytes(f.hourly_grid.as_ref())?,
        bytes(args.grid_factors.as_ref())?,
    ];
    let named: Vec<_> = files
        .iter()
        .map(|x| x.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())))
        .collect();
    let catalog = empreinte::ghg::with_grid_factors(catalog_with(&args.factors)?, &named)?;
    let sources = Sources::from_files(args.year, args.country.as_deref(), &named, f.options());
    let precision = args.precision.map(usize::from);
    if let Some(mc) = args.monte_carlo.run()? {
        let format = match args.format {
            GhgFormat::Table => Format::Table,
            GhgFormat::Csv => Format::Csv,
            GhgFormat::Json => Format::Json,
            GhgFormat::Markdown => {
                return Err(Error::invalid_option(
                    "format",
                    "markdown",
                    "table, csv or json with --uncertainty monte-carlo",
                ))
            }
        };
        let r = read_and_assess(&catalog, &sources, mc)?;
        let view = ScopesMc {
            title: format!(
                "GHG inventory, reporting year {}: Monte Carlo, {} samples, seed {}, {} distributions, kg CO2e (management view: NOT GHG Protocol)",
                r.ghg.year,
                r.monte_carlo.samples,
                r.monte_carlo.seed,
                r.monte_carlo.shape.id()
            ),
            total: ghg_table(&r),
            drivers: ghg_drivers_table(&r, None),
            top_drivers: ghg_drivers_table(&r, Some(8)),
            sentence: r.drivers_sentence(),
            notes: &r.ghg.notes,
            json: ghg_json(&r, &crate::digits(precision)),
            management: true,
        };
        let section = args.section.as_deref().unwrap_or("total");
        return write_scopes_mc(&view, format, section, precision);
    }
    let report = ghg_report(&catalog, &sources)?;
    write(
        &report,
        args.format,
        args.section.as_deref().unwrap_or("inventory"),
        precision,
    )
}

fn write(
    report: &Report,
    format: GhgFormat,
    section: &str,
    precision: Option<usize>,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    let io = |e: std::io::Error| io_error("stdout", &e);
    let title = format!(
        "GHG inventory, reporting year {} (GHG Protocol; kg CO2e)",
        report.options.year
    );
    match format {
        GhgFormat::Table => {
            writeln!(buf, "{title}").map_err(io)?;
            let titles = [
                (
                    "inventory",
                    "By scope (every electricity line names its basis)",
                ),
                ("total", "Totals, scope 2 by both methods"),
                (
                    "organisation",
                    "The organisation, every line (column names give the basis)",
                ),
                ("entities", "Per entity"),
                ("tenants", "Per tenant of the data centre"),
                (
                    "management_view",
                    "Management view (amortised, life-cycle): NOT GHG Protocol scope 3",
                ),
                ("memo", "Memo (never added to a total)"),
            ];
            write_tables(&mut buf, report, &titles).map_err(io)?;
        }
        GhgFormat::Csv => write_csv_section(&mut buf, report, section, SECTIONS, precision)?,
        GhgFormat::Json => {
            let json = report.to_json_sections();
            writeln!(buf, "{json:#}").map_err(io)?;
        }
        GhgFormat::Markdown => {
            buf.extend_from_slice(to_markdown(report, &title).as_bytes());
        }
    }
    crate::emit(&buf)
}
