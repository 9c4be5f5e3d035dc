//! `empreinte sci`: Software Carbon Intensity (ISO/IEC 21031:2024) of a
//! command or of saved benchmark results. This file measures (wall time,
//! CPU time of the command from `/proc/self/stat`, RAPL counters when
//! readable) and reads files; `empreinte::sci` computes.

use clap::{Subcommand, ValueEnum};
use empreinte::sci::{self, Benchmark, FunctionalUnit, Inputs, Measurement, Sci};
use empreinte::{Catalog, Error, Location};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Instant, SystemTime};

/// Exit status when the SCI per unit regressed beyond `--fail-above`
/// (and the command itself succeeded).
pub const EXIT_REGRESSION: u8 = 3;

/// Output formats of `empreinte sci`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SciFormat {
    /// Aligned text: E, I, M, R and SCI with the model named.
    Table,
    /// JSON: every term, inputs, notes, sources (a later run's baseline).
    Json,
    /// Markdown summary for a CI job page.
    Markdown,
}

/// `empreinte sci` arguments.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: the command's own status when it fails (the SCI is still reported); \
1 for an error of empreinte (bad option, unreadable file); 3 when --fail-above is exceeded; 0 otherwise."
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

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| io_error(&path.display().to_string(), &e))
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
            ExitCode::from(1)
        }
    }
}

fn execute(args: Args) -> Result<ExitCode, Error> {
    let catalog = Catalog::embedded()?;
    let (machines, info) = sci::embedded_machines()?;
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
                year: options.year.unwrap_or_else(current_year),
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
            let unit = (options.per.is_none()
                && !options.per_criterion
                && options.pytest_benchmark.is_none())
            .then_some(saved.unit);
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
    let comparison = match &options.baseline {
        Some(path) => {
            let saved = sci::parse_saved(&path.display().to_string(), &read(path)?)?;
            Some(sci::compare(
                &result,
                &saved,
                options.fail_above.unwrap_or(f64::INFINITY),
            )?)
        }
        None => None,
    };
    let json = || -> String {
        let mut v = serde_json::to_value(&result).unwrap_or_default();
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
        SciFormat::Table => sci::to_text(&result, comparison.as_ref()),
        SciFormat::Markdown => sci::to_markdown(&result, comparison.as_ref()),
        SciFormat::Json => json(),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(io_error("stdout", &e)),
        _ => {}
    }
    Ok(exit_code(
        &result,
        comparison.as_ref(),
        options.fail_above.is_some(),
    ))
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

fn functional_unit(
    options: &Options,
    started: Option<SystemTime>,
) -> Result<FunctionalUnit, Error> {
    if let Some(count) = options.per {
        return Ok(FunctionalUnit::Operations { count });
    }
    let filter = options.bench_filter.as_deref();
    if let Some(path) = &options.pytest_benchmark {
        let name = path.display().to_string();
        let benchmarks = sci::parse_pytest_benchmark(&name, &read(path)?)?;
        return iterations(benchmarks, filter, &name);
    }
    if !options.per_criterion {
        return Ok(FunctionalUnit::Run);
    }
    let dir = options.criterion_dir.clone().unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| PathBuf::from("target"), PathBuf::from)
            .join("criterion")
    });
    let name = dir.display().to_string();
    let mut found = Vec::new();
    collect_criterion(&dir, &mut found, 0).map_err(|e| io_error(&name, &e))?;
    found.sort();
    let mut benchmarks = Vec::new();
    for new in found {
        let sample = new.join("sample.json");
        // A run only counts the benchmarks it wrote.
        let fresh = match started {
            None => true,
            Some(t) => std::fs::metadata(&sample)
                .and_then(|m| m.modified())
                .is_ok_and(|m| m >= t),
        };
        if !fresh {
            continue;
        }
        let bench_json = [
            new.join("benchmark.json"),
            new.with_file_name("benchmark.json"),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| new.join("benchmark.json"));
        let dir_name = new.parent().unwrap_or(&new).display().to_string();
        let b = sci::parse_criterion(
            &dir_name,
            &read(&bench_json)?,
            &read(&new.join("estimates.json"))?,
            &read(&sample)?,
        )?;
        benchmarks.push(b);
    }
    iterations(benchmarks, filter, &format!("{name}/**/new/sample.json"))
}

fn iterations(
    all: Vec<Benchmark>,
    filter: Option<&str>,
    source: &str,
) -> Result<FunctionalUnit, Error> {
    let unit = sci::benchmark_iterations(all, filter, 0.0);
    if matches!(&unit, FunctionalUnit::Iterations { benchmarks, .. } if benchmarks.is_empty()) {
        return Err(Error::MissingValue {
            at: Location::file(source).with_column(
                "benchmarks (none written by this run, or none matching --bench-filter)",
            ),
        });
    }
    Ok(unit)
}

/// Every `new/` folder holding an `estimates.json` under `dir` (criterion's layout).
fn collect_criterion(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 8 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // A symbolic link is not followed: links to a parent would make
        // the walk exponential (criterion writes none).
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "new") && path.join("estimates.json").is_file() {
            out.push(path);
        } else if path
            .file_name()
            .is_none_or(|n| n != "report" && n != "base")
        {
            collect_criterion(&path, out, depth + 1)?;
        }
    }
    Ok(())
}

/// Runs the command and measures it.
fn measure(command: &[String]) -> Result<Measurement, Error> {
    let (program, rest) = command.split_first().ok_or_else(|| Error::MissingValue {
        at: Location::option("command"),
    })?;
    let rapl_before = rapl_read();
    let cpu_before = children_cpu_s()?;
    let existing = crate::orphans::before();
    let t0 = Instant::now();
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest);
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stderr().as_fd().try_clone_to_owned() {
            cmd.stdout(std::process::Stdio::from(fd));
        }
    }
    let status = cmd.status().map_err(|e| Error::Io {
        at: Location::option("command").with_column(program),
        message: e.to_string(),
    })?;
    let wall = t0.elapsed().as_secs_f64();
    let cpu_after = children_cpu_s()?;
    let (outliving, outliving_cpu_s) = crate::orphans::outliving(&existing);
    let rapl_after = rapl_read();
    // Ended by a signal: the shell's convention, 128 + the signal.
    #[cfg(unix)]
    let exit_code = {
        use std::os::unix::process::ExitStatusExt;
        status.code().or_else(|| status.signal().map(|s| 128 + s))
    };
    #[cfg(not(unix))]
    let exit_code = status.code();
    let (rapl_energy_kwh, rapl_status) = match (rapl_before, rapl_after) {
        (Ok(b), Ok(a)) => (Some(rapl_delta_uj(&b, &a) / 3.6e9), None),
        (Err(s), _) | (_, Err(s)) => (None, Some(s)),
    };
    Ok(Measurement {
        command: command.to_vec(),
        exit_code,
        wall_time_s: wall.max(1e-6),
        cpu_time_s: (cpu_after - cpu_before).max(0.0) + outliving_cpu_s,
        rapl_energy_kwh,
        rapl_status,
        processes_outliving: outliving,
    })
}

/// User + system CPU time of the waited-for children of this process,
/// seconds: fields 16 and 17 (`cutime`, `cstime`) of `/proc/self/stat`, in
/// clock ticks of 1/100 s (Linux's fixed USER_HZ for /proc).
fn children_cpu_s() -> Result<f64, Error> {
    let text = std::fs::read_to_string("/proc/self/stat").map_err(|e| Error::Io {
        at: Location::file("/proc/self/stat"),
        message: format!("{e}: CPU time of the command is read from /proc (Linux)"),
    })?;
    let after = text.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the `(comm)` field the first one is field 3 (state).
    let tick = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<f64>().ok());
    match (tick(16), tick(17)) {
        (Some(u), Some(s)) => Ok((u + s) / 100.0),
        _ => Err(Error::Io {
            at: Location::file("/proc/self/stat"),
            message: "no cutime/cstime fields".into(),
        }),
    }
}

/// Energy counters (µJ) and their wrap-around ranges of every top-level
/// RAPL zone (`intel-rapl:N`; sub-zones are inside them), or why none is readable.
fn rapl_read() -> Result<Vec<(f64, f64)>, String> {
    let root = Path::new("/sys/class/powercap");
    let entries = std::fs::read_dir(root)
        .map_err(|_| "/sys/class/powercap absent (a VM or a processor without RAPL)".to_owned())?;
    let mut zones: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("intel-rapl:") && n.matches(':').count() == 1)
        })
        .collect();
    zones.sort();
    if zones.is_empty() {
        return Err("/sys/class/powercap has no intel-rapl zone".into());
    }
    zones
        .iter()
        .map(|z| {
            let num = |f: &str| {
                std::fs::read_to_string(z.join(f))
                    .map_err(|e| {
                        format!(
                            "{}: {e} (energy counters are often readable by root only)",
                            z.join(f).display()
                        )
                    })
                    .and_then(|t| t.trim().parse::<f64>().map_err(|e| e.to_string()))
            };
            Ok((
                num("energy_uj")?,
                num("max_energy_range_uj").unwrap_or(f64::INFINITY),
            ))
        })
        .collect()
}

fn rapl_delta_uj(before: &[(f64, f64)], after: &[(f64, f64)]) -> f64 {
    before
        .iter()
        .zip(after)
        .map(|((b, range), (a, _))| if a >= b { a - b } else { a + range - b })
        .filter(|d| d.is_finite())
        .sum()
}

fn available_vcpus() -> f64 {
    std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64)
}

/// The current calendar year (UTC).
fn current_year() -> i32 {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days to civil year (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    (yoe + era * 400 + i64::from(mp >= 10)) as i32
}
