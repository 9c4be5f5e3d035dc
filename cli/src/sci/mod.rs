//! `empreinte sci`: Software Carbon Intensity (ISO/IEC 21031:2024) of a
//! command or of saved benchmark results. This file measures (wall time,
//! CPU time of the command from `/proc/self/stat`, RAPL counters when
//! readable) and reads files; `empreinte::sci` computes.

use clap::{Subcommand, ValueEnum};
use empreinte::sci::{self, FunctionalUnit, Inputs, Sci};
use empreinte::{Catalog, Error, Location};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

mod measure;
mod unit;
use measure::*;
use unit::*;

/// Exit status when the SCI per unit regressed beyond `--fail-above`
/// (and the command itself succeeded).
pub const EXIT_REGRESSION: u8 = 3;

/// Exit status of an error of empreinte itself (bad option, unreadable
/// file, a command that cannot start): 125, as `env`, `git bisect run` and
/// `docker run` use it, so that a CI job tells it from the measured
/// command's own failure (passed through) and from a regression (3).
pub const EXIT_TOOL_ERROR: u8 = 125;

/// The shape of the JSON output (`schema` field); a change that a reader
/// of saved runs must know about gives a new number.
pub const SCHEMA: &str = "empreinte-sci/1";

/// Output formats of `empreinte sci`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SciFormat {
    /// Aligned text: E, I, M, R and SCI with the model named.
    Table,
    /// JSON: every term, inputs, notes, sources (a later run's baseline).
    Json,
    /// Markdown summary for a CI job page.
    Markdown,
    /// OpenMetrics text (Prometheus textfile collector, Pushgateway).
    Openmetrics,
}

/// `empreinte sci` arguments.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: the command's own status when it fails (the SCI is still reported); \
125 for an error of empreinte (bad option, unreadable file, a command that cannot start); 3 when --fail-above \
is exceeded; 0 otherwise."
)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Run a command and report its SCI. The command's output goes to
    /// stderr; stdout carries only the report.
    Run {
        #[command(flatten)]
        options: Options,
        /// The command to measure, after `--`.
        #[arg(last = true, required = true, value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Recompute the SCI of a saved run (`--format json` output) without
    /// running anything, optionally with R read from benchmark files.
    Report {
        /// A saved result (`empreinte sci run --format json > run.json`).
        #[arg(long, value_name = "JSON")]
        measurement: PathBuf,
        #[command(flatten)]
        options: Options,
    },
}

#[derive(clap::Args)]
struct Options {
    /// Machine archetype: ci_runner_vm (a VM share of a rack server),
    /// rack_server, laptop [default: ci_runner_vm; report: the saved one].
    #[arg(long)]
    machine: Option<String>,
    /// Grid zone (ISO 3166-1 alpha-2, EU27, WORLD) [default: WORLD; report: the saved one].
    #[arg(long)]
    zone: Option<String>,
    /// Calendar year of the grid intensity [default: the current year; report: the saved one].
    #[arg(long)]
    year: Option<i32>,
    /// vCPUs reserved by the run [default: the CPUs available to this process].
    #[arg(long)]
    vcpus: Option<f64>,
    /// Memory reserved by the run, GB [default: vCPUs × the machine's GB per vCPU].
    #[arg(long)]
    memory_gb: Option<f64>,
    /// TE: embodied footprint of the whole host, kg CO2e (replaces the machine's).
    #[arg(long)]
    embodied_kgco2e: Option<f64>,
    /// EL: lifespan of the host, years (replaces the machine's).
    #[arg(long)]
    lifespan_years: Option<f64>,
    /// ToR: vCPUs of the whole host (replaces the machine's).
    #[arg(long)]
    host_vcpus: Option<f64>,
    /// R = N operations done by the run.
    #[arg(long, value_name = "N", conflicts_with_all = ["per_criterion", "pytest_benchmark"], allow_negative_numbers = true)]
    per: Option<f64>,
    /// R = the iterations measured by criterion (new/sample.json written by this run).
    #[arg(long, conflicts_with = "pytest_benchmark")]
    per_criterion: bool,
    /// R = the iterations of a pytest-benchmark JSON file (--benchmark-json).
    #[arg(long, value_name = "JSON")]
    pytest_benchmark: Option<PathBuf>,
    /// Criterion's output folder [default: $CARGO_TARGET_DIR/criterion or target/criterion].
    #[arg(long, value_name = "DIR")]
    criterion_dir: Option<PathBuf>,
    /// Only benchmarks whose id contains this text.
    #[arg(long, value_name = "TEXT")]
    bench_filter: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: SciFormat,
    /// Also write the JSON result to this file (a later run's --baseline).
    #[arg(long, value_name = "JSON")]
    save: Option<PathBuf>,
    /// A previous JSON result to compare with.
    #[arg(long, value_name = "JSON")]
    baseline: Option<PathBuf>,
    /// Exit with status 3 when the SCI per unit is more than PERCENT above the baseline.
    #[arg(
        long,
        value_name = "PERCENT",
        requires = "baseline",
        allow_negative_numbers = true
    )]
    fail_above: Option<f64>,
}

fn io_error(name: &str, e: &std::io::Error) -> Error {
    Error::Io {
        at: Location::file(name),
        message: e.to_string(),
    }
}

/// A saved result or benchmark file as text, by core's rule (the same in
/// Python): a directory, an unreadable file or bytes that are not UTF-8
/// are located errors.
fn read(path: &Path) -> Result<String, Error> {
    let bytes = empreinte::error::read_file(path)?;
    empreinte::error::utf8_text(&path.display().to_string(), bytes, sci::INPUT_FILE)
}

fn print_error(e: &Error, format: SciFormat) {
    let mut stderr = std::io::stderr().lock();
    if format == SciFormat::Json {
        let at = e.location();
        let json = serde_json::json!({"error": {
            "code": e.code(), "message": e.to_string(), "source": at.source,
            "line": at.line, "row": at.row, "column": at.column,
        }});
        let _ = writeln!(stderr, "{json}");
    } else {
        let _ = writeln!(stderr, "error[{}]: {e}", e.code());
    }
}

/// Runs `empreinte sci`; the exit status is described in [`Args`]' help.
pub fn run(args: Args) -> ExitCode {
    let format = match &args.action {
        Action::Run { options, .. } | Action::Report { options, .. } => options.format,
    };
    match execute(args) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e, format);
            ExitCode::from(EXIT_TOOL_ERROR)
        }
    }
}

fn execute(args: Args) -> Result<ExitCode, Error> {
    let catalog = Catalog::embedded()?;
    let (machines, info) = sci::embedded_machines()?;
    let (Action::Run { options, .. } | Action::Report { options, .. }) = &args.action;
    check_criterion_dir(options)?;
    let (options, inputs, started) = match args.action {
        Action::Run { options, command } => {
            let started = SystemTime::now();
            let measurement = measure(&command)?;
            let inputs = Inputs {
                machine: options
                    .machine
                    .clone()
                    .unwrap_or_else(|| empreinte::sci::DEFAULT_MACHINE.into()),
                embodied_kgco2e: options.embodied_kgco2e,
                lifespan_years: options.lifespan_years,
                host_vcpus: options.host_vcpus,
                vcpus: options.vcpus.unwrap_or_else(available_vcpus),
                memory_gb: options.memory_gb,
                zone: options
                    .zone
                    .clone()
                    .unwrap_or_else(|| empreinte::sci::DEFAULT_ZONE.into()),
                year: options.year.unwrap_or_else(crate::current_year),
                measurement,
            };
            (options, inputs, Some(started))
        }
        Action::Report {
            measurement,
            options,
        } => {
            let name = measurement.display().to_string();
            let saved = sci::parse_saved(&name, &read(&measurement)?)?;
            let mut inputs = saved.inputs;
            macro_rules! replace {
                ($($f:ident),*) => { $( if let Some(v) = options.$f.clone() { inputs.$f = v.into(); } )* };
            }
            replace!(machine, zone, year, vcpus);
            for (slot, v) in [
                (&mut inputs.memory_gb, options.memory_gb),
                (&mut inputs.embodied_kgco2e, options.embodied_kgco2e),
                (&mut inputs.lifespan_years, options.lifespan_years),
                (&mut inputs.host_vcpus, options.host_vcpus),
            ] {
                if v.is_some() {
                    *slot = v;
                }
            }
            // Without a new unit, the saved one; a benchmark filter then
            // applies to its benchmarks (core refuses it on another unit).
            let own = options.per.is_none()
                && !options.per_criterion
                && options.pytest_benchmark.is_none();
            let unit = match (own, saved.unit) {
                (false, _) => None,
                (
                    true,
                    FunctionalUnit::Iterations {
                        benchmarks,
                        other_measured_time_s,
                    },
                ) => Some(iterations_after(
                    benchmarks,
                    other_measured_time_s,
                    options.bench_filter.as_deref(),
                    &name,
                )?),
                (true, unit) => {
                    if let Some(f) = options.bench_filter.as_deref() {
                        sci::functional_unit(None, None, Some(f))?;
                    }
                    Some(unit)
                }
            };
            return finish(&catalog, &machines, &info, &options, &inputs, None, unit);
        }
    };
    finish(&catalog, &machines, &info, &options, &inputs, started, None)
}

fn finish(
    catalog: &Catalog,
    machines: &[sci::Machine],
    info: &empreinte::catalog::DatasetInfo,
    options: &Options,
    inputs: &Inputs,
    started: Option<SystemTime>,
    saved_unit: Option<FunctionalUnit>,
) -> Result<ExitCode, Error> {
    let unit = match saved_unit {
        Some(u) => u,
        None => functional_unit(options, started)?,
    };
    let result = sci::compute(catalog, machines, info, inputs, &unit)?;
    // A baseline that cannot be compared (another unit, an unreadable file)
    // is an error, but never loses the measurement: the result is still
    // written (and saved) before the error is returned.
    let compared = options.baseline.as_ref().map(|path| {
        read(path)
            .and_then(|text| sci::parse_saved(&path.display().to_string(), &text))
            .and_then(|saved| sci::compare(&result, &saved, options.fail_above))
    });
    let (comparison, failed) = match compared {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let json = || -> String {
        let mut v = serde_json::to_value(&result).unwrap_or_default();
        if let Some(map) = v.as_object_mut() {
            // What wrote the file and its shape, for a later run reading it as a baseline.
            map.insert("schema".into(), SCHEMA.into());
            map.insert("version".into(), env!("CARGO_PKG_VERSION").into());
        }
        if let (Some(c), Some(map)) = (&comparison, v.as_object_mut()) {
            map.insert(
                "comparison".into(),
                serde_json::to_value(c).unwrap_or_default(),
            );
        }
        format!("{v:#}\n")
    };
    if let Some(path) = &options.save {
        std::fs::write(path, json()).map_err(|e| io_error(&path.display().to_string(), &e))?;
    }
    let text = match options.format {
        SciFormat::Table => empreinte::report::sci::to_text(&result, comparison.as_ref()),
        SciFormat::Markdown => empreinte::report::sci::to_markdown(&result, comparison.as_ref()),
        SciFormat::Openmetrics => {
            empreinte::report::sci::to_openmetrics(&result, comparison.as_ref())
        }
        SciFormat::Json => json(),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(io_error("stdout", &e)),
        _ => {}
    }
    if let Some(e) = failed {
        return Err(e);
    }
    github_actions(&result, comparison.as_ref(), options.fail_above.is_some())?;
    Ok(exit_code(
        &result,
        comparison.as_ref(),
        options.fail_above.is_some(),
    ))
}

/// On GitHub Actions (`GITHUB_STEP_SUMMARY` set): appends the Markdown
/// summary to the job's page and, on stderr (stdout carries the report),
/// an `::error` annotation for a regression that fails the gate, a
/// `::warning` for a change above the threshold but within the measured
/// noise.
fn github_actions(
    result: &Sci,
    comparison: Option<&sci::Comparison>,
    gate: bool,
) -> Result<(), Error> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let name = PathBuf::from(&path).display().to_string();
    let markdown = empreinte::report::sci::to_markdown(result, comparison);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(format!("{markdown}\n").as_bytes()))
        .map_err(|e| io_error(&name, &e))?;
    let Some(c) = comparison else {
        return Ok(());
    };
    let level = if c.regressed && gate {
        "error"
    } else if c.regressed
        || c.message.contains("within the noise")
        || !c.without_baseline.is_empty()
        || !c.differences.is_empty()
    {
        "warning"
    } else {
        return Ok(());
    };
    // Workflow commands escape `%`, CR and LF in their message.
    let message = c
        .message
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    let _ = writeln!(
        std::io::stderr(),
        "::{level} title={}::{message}",
        if level == "error" {
            "SCI regression"
        } else {
            "SCI against its baseline"
        }
    );
    Ok(())
}

/// The command's failure first, then a regression, then success.
fn exit_code(result: &Sci, comparison: Option<&sci::Comparison>, gate: bool) -> ExitCode {
    match result.exit_code {
        Some(0) => {}
        Some(c) => return ExitCode::from(u8::try_from(c & 0xff).unwrap_or(1).max(1)),
        None if result.inputs.measurement.command.is_empty() => {}
        None => return ExitCode::from(128 + 9),
    }
    if gate && comparison.is_some_and(|c| c.regressed) {
        ExitCode::from(EXIT_REGRESSION)
    } else {
        ExitCode::SUCCESS
    }
}
