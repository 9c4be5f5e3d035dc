//! `empreinte`: the footprint of a device fleet from an inventory CSV.

use clap::{Parser, Subcommand, ValueEnum};
use empreinte::catalog::Catalog;
use empreinte::report::{archetypes_table, datasets_table, Table, WriteOptions};
use empreinte::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

mod args;
mod assess;
mod datacentre;
mod ghg;
mod orphans;
mod policy;
mod render;
mod sci;

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
    #[command(long_about = "Footprint of an inventory for a reporting year.\n\n\
        Output: one row per group (default: per entity) with the devices, the \
        devices past their amortisation period, the electricity used (kWh) and, \
        per criterion and phase, the footprint booked in the year with its \
        low/high interval: gwp in kg CO2e, and adpe (kg Sb eq) or pe (MJ) when a \
        factor table gives them. With --by phase, one row per group and phase \
        with its GHG Protocol scope. The text table ends with the other \
        criteria, notes (fallbacks, gaps, ignored columns) and the sources of \
        exactly the values used. CSV: the rows only, notes on stderr. JSON: rows, \
        total, sections with their measures and scopes, notes, sources, datasets.")]
    Assess(assess::Args),
    /// Embedded datasets with edition, licence and attribution.
    #[command(
        long_about = "Embedded datasets with edition, licence and attribution.\n\n\
        Output: one row per dataset: id, edition, licence, attribution (CSV and \
        JSON add title, publisher, URL and the SHA-256 of the embedded file)."
    )]
    Datasets {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Default factors of every device kind (or one), with their sources.
    #[command(
        long_about = "Default factors of every device kind (or one), with their sources.\n\n\
        Output: one row per kind: its label, embodied climate footprint per \
        device (kg CO2e, with the low/high interval), lifespan (years; observed \
        service life or the manufacturers' assumption, both shown), electricity \
        per year (kWh; empty for a kind without a default electricity use) and \
        its usage profile, quality, and the evidence behind it: manufacturer sheets, manufacturers and the largest manufacturer's \
        share. --wide (or a single KIND) adds the power per mode, the power at \
        idle and at full load with the utilisation that gives the typical power \
        (servers), the method and the source of each row; CSV and JSON always \
        have every column."
    )]
    Factors {
        /// A device kind (e.g. `laptop`).
        kind: Option<String>,
        /// Every column, however wide (method and source included).
        #[arg(long)]
        wide: bool,
        /// Extra table (repeatable, in order): an archetype table adds or replaces kinds, listed here.
        #[arg(long = "factors", value_name = "CSV")]
        factors: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Software Carbon Intensity (ISO/IEC 21031) of a command or of saved benchmark results.
    Sci(sci::Args),
    /// Simulate a fleet policy year by year (stock, flows, emissions, trajectory).
    #[command(long_about = "Simulate a fleet policy year by year.\n\n\
        Output: per year (and, in CSV, per entity and kind) the stock, purchases, \
        disposals, donations, devices beyond amortisation, average age, electricity, \
        embodied footprint in both accounting modes, use, total and kg CO2e per \
        device-year (with low/high intervals); the year the total crosses the \
        -5 %/year trajectory; the recipients' second life and, as a MEMO never \
        subtracted, the avoided emissions of donations; extend-or-replace per kind. \
        Without files: the embedded ILLUSTRATIVE scenario (workstations 4 years, \
        35 local administrations), said in a note. CSV: one section (--section), \
        notes on stderr. JSON: every section, notes, sources, datasets.")]
    Simulate(policy::SimulateArgs),
    /// Compare fleet policies side by side (cumulative difference, trajectory).
    #[command(
        long_about = "Compare fleet policies side by side over the same inventory.\n\n\
        Output: per policy the cumulative total (kg CO2e, low/high), its difference \
        with the first policy, the devices bought and the year it crosses the \
        -5 %/year trajectory; then each policy's whole fleet per year. Without \
        policy files: the embedded ILLUSTRATIVE workstations 4 vs 6 years across 35 \
        local administrations, said in a note. CSV: one section (--section); JSON: \
        every section."
    )]
    Compare(policy::CompareArgs),
    /// Rank tender bids by life-cycle footprint per year of service.
    #[command(
        long_about = "Rank tender bids by life-cycle footprint per year of service.\n\n\
        Output: one row per bid by rank: kind, refurbished, credited years of \
        service min(lifespan, max(warranty, spare parts)), kg CO2e per year of \
        service (embodied / years + energy x grid intensity) and the points of the \
        responsible-digital criterion (weight x best / footprint, default weight 10), \
        with the formula printed."
    )]
    Tender(policy::TenderArgs),
    /// Data centre: EU reporting KPIs, scopes 1-3 (both scope-2 methods), renewable cooling, tenants.
    #[command(
        long_about = "Data centre: EU reporting KPIs, scopes 1-3, renewable cooling, tenants.\n\n\
        Output: the indicators of the EU data-centre scheme, Delegated Regulation (EU) \
        2024/1364 (E_DC, E_IT, W_IN, E_REUSE, E_RES, PUE, WUE in L/kWh, ERF, REF; CUE in kg \
        CO2e per kWh of IT as a supplementary ISO/IEC 30134-8 indicator on the direct \
        basis; with their formulas; a period that is not one calendar year is noted); \
        emissions by scope in kg CO2e with scope 2 location-based (yearly, direct basis, \
        whatever the meter resolution; the hourly timing effect in the detail) and \
        market-based side by side; capital goods amortised (management view) or by \
        --mode acquisition in their acquisition year; the \
        scope detail (refrigerants x GWP100, diesel, yearly vs hourly vs series mean, \
        instruments and residual mix, equipment and building embodied); the effect of \
        renewable cooling on PUE, REF and both scope-2 figures; per tenant (and the \
        unallocated capacity) energy, share of IT, footprint by scope and CUE. Without \
        --readings and --facility: the embedded ILLUSTRATIVE regional data centre, said \
        in a note. CSV: one section (--section), notes on stderr. JSON: every section, \
        notes, sources, datasets."
    )]
    Datacentre(datacentre::Args),
    /// The organisation's GHG inventory: scope 1, scope 2 (both methods, direct basis), scope 3.
    #[command(
        long_about = "The organisation's GHG inventory for one reporting year (GHG Protocol).\n\n\
        Reads the device fleet (an inventory, the assess format), optionally the data \
        centre's files (the datacentre options) and the organisation's energy \
        instruments for the fleet's electricity (--fleet-instruments). Output: scope 1 \
        (refrigerant leaks, generator fuel); scope 2 location-based on the direct \
        (combustion) grid intensity and market-based side by side; scope 3 category 2 \
        (capital goods in their acquisition year: devices, data-centre equipment, \
        building), category 3 (electricity x (life-cycle - direct)), categories 4 and 5 \
        of the devices; per entity and per tenant, every electricity figure naming its \
        basis; beside it the management view (embodied amortised, life-cycle \
        electricity), NOT GHG Protocol scope 3; memo items (the data centre's hourly \
        timing effect); notes, sources, datasets. Without files: the embedded \
        ILLUSTRATIVE organisation, said in a note. CSV: one section (--section), notes \
        on stderr. JSON and Markdown: every section, notes, sources, datasets."
    )]
    Ghg(ghg::Args),
}

impl Command {
    fn format(&self) -> Format {
        match self {
            Command::Assess(a) => a.format,
            Command::Datasets { format } | Command::Factors { format, .. } => *format,
            Command::Sci(_) => Format::Table,
            Command::Simulate(a) => a.common.format,
            Command::Compare(a) => a.common.format,
            Command::Tender(a) => a.format,
            Command::Datacentre(a) => a.format,
            Command::Ghg(a) => a.format.errors(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    let cli = match cli {
        Cli {
            command: Command::Sci(args),
        } => return sci::run(args),
        cli => cli,
    };
    let format = cli.command.format();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e, format);
            ExitCode::from(1)
        }
    }
}

/// A command line clap refused: JSON on stderr when `--format json` was
/// asked, clap's own message otherwise; exit status 1 (0 for --help;
/// `empreinte sci`'s own status for a tool error, 125).
fn argument_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let args: Vec<String> = std::env::args().collect();
    let json = args.windows(2).any(|w| {
        w.first().is_some_and(|a| a == "--format") && w.get(1).is_some_and(|f| f == "json")
    }) || args.iter().any(|a| a == "--format=json");
    if json {
        let argument = e
            .get(ContextKind::InvalidArg)
            .map(ToString::to_string)
            .unwrap_or_default();
        let message = e.render().to_string();
        let first = message.lines().next().unwrap_or_default();
        // Core's code for a bad option (every code is in ERROR_CODES, the
        // same list in Python and JavaScript).
        let json = serde_json::json!({"error": {
            "code": empreinte::ErrorKind::InvalidOption.code(),
            "message": first.trim_start_matches("error: "),
            "source": "arguments",
            "line": null,
            "row": null,
            "column": argument,
        }});
        let _ = writeln!(std::io::stderr(), "{json}");
    } else {
        let _ = e.print();
    }
    if args.get(1).is_some_and(|a| a == "sci") {
        return ExitCode::from(sci::EXIT_TOOL_ERROR);
    }
    ExitCode::from(1)
}

/// An error as the user reads it. An option's error names the option
/// (`--country: unknown country or zone ...`).
fn report_error(e: &Error, format: Format) {
    let mut stderr = std::io::stderr().lock();
    let at = e.location();
    let full = e.to_string();
    let message = match (at.source.as_str(), &at.column) {
        ("options", Some(option)) => {
            let rest = full
                .strip_prefix(&format!("{at}: "))
                .unwrap_or(&full)
                .trim_start_matches(&format!("option `{option}`: "));
            format!("--{}: {rest}", option.replace('_', "-"))
        }
        _ => full,
    };
    if format == Format::Json {
        let json = serde_json::json!({"error": {
            "code": e.code(),
            "message": message,
            "source": at.source,
            "line": at.line,
            "row": at.row,
            "column": at.column,
        }});
        let _ = writeln!(stderr, "{json}");
    } else {
        let _ = writeln!(stderr, "error[{}]: {message}", e.code());
    }
}

/// The embedded catalog with the factor tables given, applied in order.
fn catalog_with(factors: &[PathBuf]) -> Result<Arc<Catalog>, Error> {
    let files = factors
        .iter()
        .map(|p| Ok((p.display().to_string(), read_file(p)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    Catalog::embedded()?.with_factor_tables(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
}

/// A file's bytes by core's rule (a directory or an unreadable file is a
/// located error, the same in Python).
fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    empreinte::error::read_file(path)
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Assess(args) => assess::run(args),
        Command::Simulate(args) => policy::simulate(args),
        Command::Compare(args) => policy::compare(args),
        Command::Tender(args) => policy::tender(args),
        Command::Datacentre(args) => datacentre::run(args),
        Command::Ghg(args) => ghg::run(args),
        Command::Sci(_) => Ok(()), // dispatched in main: it has its own exit statuses
        Command::Datasets { format } => {
            let catalog = Catalog::embedded()?;
            let table = datasets_table(catalog.datasets());
            emit_table(
                &table,
                format,
                &["id", "edition", "licence", "attribution"],
                true,
            )
        }
        Command::Factors {
            kind,
            wide,
            factors,
            format,
        } => {
            let catalog = catalog_with(&factors)?;
            let archetypes = match &kind {
                Some(k) => {
                    let id = catalog.kind_id(k, &empreinte::Location::option("kind"))?;
                    vec![catalog.archetype(id)?.clone()]
                }
                None => catalog.archetypes().to_vec(),
            };
            if format == Format::Table {
                let mut buf = Vec::new();
                render::factors(&mut buf, &archetypes, wide || kind.is_some())
                    .map_err(|e| io_error("stdout", &e))?;
                return emit(&buf);
            }
            emit_table(&archetypes_table(&archetypes), format, &[], true)
        }
    }
}

fn io_error(name: &str, e: &std::io::Error) -> Error {
    Error::Io {
        at: empreinte::Location::file(name),
        message: e.to_string(),
    }
}

fn emit_table(
    table: &Table,
    format: Format,
    text_columns: &[&str],
    wide: bool,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    match format {
        Format::Csv => table.write_csv(&mut buf, &WriteOptions::default())?,
        Format::Json => writeln!(buf, "{:#}", table.to_json_rows(&WriteOptions::default()))
            .map_err(|e| io_error("stdout", &e))?,
        Format::Table => render::table(&mut buf, table, text_columns, wide)
            .map_err(|e| io_error("stdout", &e))?,
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

/// Standard output for results written as they are made (a large policy
/// report as JSON or CSV): buffered, and a reader that went away (`| head`)
/// is not an error of ours: the rest is dropped.
struct Streamed {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

impl Streamed {
    fn new() -> Self {
        Self {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            closed: false,
        }
    }

    fn result(&mut self, r: std::io::Result<()>) -> std::io::Result<()> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

impl Write for Streamed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.out.write_all(buf);
        self.result(r).map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.out.flush();
        self.result(r)
    }
}

/// Writes to standard output as `write` goes, then flushes.
fn stream(write: impl FnOnce(&mut Streamed) -> Result<(), Error>) -> Result<(), Error> {
    let mut out = Streamed::new();
    write(&mut out)?;
    out.flush().map_err(|e| io_error("stdout", &e))
}

/// A progress bar for reading a file of `size` bytes: drawn only when
/// stderr is a terminal and the file is large enough to wait for.
fn progress_bar(size: u64) -> indicatif::ProgressBar {
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
    bar
}

/// Significant digits of CSV numbers: `--precision`, else the default.
fn digits(precision: Option<usize>) -> WriteOptions {
    WriteOptions::with_digits(precision)
}

/// The calendar year before the current one (UTC), the usual reporting year.
fn last_calendar_year() -> i32 {
    empreinte::Options::default_year(current_year())
}

/// The current calendar year (UTC), by core's civil calendar (the one
/// routine of the command; `sci` uses it too).
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_year((secs / 86_400) as i64)
}

/// Year of a day count since 1970-01-01 (core's civil calendar).
fn civil_year(days: i64) -> i32 {
    empreinte::grid::hourly::civil_from_days(days).0 as i32
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

    /// The options' defaults are core's `Default`s, and `assess`,
    /// `simulate` and `compare` declare their inventory options once.
    #[test]
    fn option_defaults_are_cores() {
        use clap::CommandFactory;
        let cli = super::Cli::command();
        let default = |command: &str, option: &str| -> String {
            let c = cli.find_subcommand(command).unwrap();
            let a = c.get_arguments().find(|a| a.get_id() == option).unwrap();
            a.get_default_values()[0].to_str().unwrap().to_owned()
        };
        assert_eq!(default("assess", "mode"), empreinte::Mode::default().id());
        assert_eq!(default("assess", "by"), empreinte::GroupBy::default().id());
        let encoding = empreinte::inventory::TextEncoding::default().id();
        let digits = empreinte::report::DEFAULT_SIGNIFICANT_DIGITS.to_string();
        for command in ["assess", "simulate", "compare"] {
            assert_eq!(default(command, "encoding"), encoding, "{command}");
            assert_eq!(default(command, "precision"), digits, "{command}");
        }
        assert_eq!(default("tender", "precision"), digits);
        let tender = empreinte::policy::TenderOptions::default();
        assert_eq!(default("tender", "country"), tender.country);
        assert_eq!(default("tender", "weight"), tender.weight_pct.to_string());
    }
}
