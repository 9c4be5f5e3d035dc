//! The functional unit: operations, iterations from benchmark files.

use super::*;
use empreinte::sci::{self, Benchmark, FunctionalUnit};
use empreinte::{Error, Location};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// `--criterion-dir` is read only with `--per-criterion`: refused
/// without it rather than ignored.
pub(super) fn check_criterion_dir(options: &Options) -> Result<(), Error> {
    match options.criterion_dir.as_ref() {
        Some(dir) if !options.per_criterion => Err(Error::invalid_option(
            "criterion_dir",
            &dir.display().to_string(),
            "only with --per-criterion (R = the iterations criterion measured)",
        )),
        _ => Ok(()),
    }
}

pub(super) fn functional_unit(
    options: &Options,
    started: Option<SystemTime>,
) -> Result<FunctionalUnit, Error> {
    let filter = options.bench_filter.as_deref();
    if options.per.is_some() || (options.pytest_benchmark.is_none() && !options.per_criterion) {
        // Operations or one run: core refuses a benchmark filter there.
        return sci::functional_unit(options.per, None, filter);
    }
    if let Some(path) = &options.pytest_benchmark {
        let name = path.display().to_string();
        // As for criterion: a run only counts the file it wrote, never a
        // stale one left by an earlier run.
        if let Some(t) = started {
            let fresh = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .is_ok_and(|m| m >= t);
            if !fresh {
                return Err(Error::InvalidOption {
                    at: Location::file(&name),
                    option: "pytest_benchmark".into(),
                    value: name.clone(),
                    allowed: "a file written by the measured command (this one is older than the run: stale)".into(),
                });
            }
        }
        let benchmarks = sci::parse_pytest_benchmark(&name, &read(path)?)?;
        return iterations(benchmarks, filter, &name);
    }
    let dir = options.criterion_dir.clone().unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| PathBuf::from("target"), PathBuf::from)
            .join("criterion")
    });
    let name = dir.display().to_string();
    let mut files = Vec::new();
    list_files(&dir, "", &mut files).map_err(|e| io_error(&name, &e))?;
    let mut benchmarks = Vec::new();
    // Core's rule picks the runs out of the plain listing (as in Python).
    for run in sci::criterion_runs(files.iter().map(String::as_str)) {
        let sample = dir.join(&run.sample_json);
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
        let b = sci::parse_criterion(
            &if run.dir.is_empty() {
                dir.clone()
            } else {
                dir.join(&run.dir)
            }
            .display()
            .to_string(),
            &read(&dir.join(&run.benchmark_json))?,
            &read(&dir.join(&run.estimates_json))?,
            &read(&sample)?,
        )?;
        benchmarks.push(b);
    }
    iterations(benchmarks, filter, &format!("{name}/**/new/sample.json"))
}

pub(super) fn iterations(
    all: Vec<Benchmark>,
    filter: Option<&str>,
    source: &str,
) -> Result<FunctionalUnit, Error> {
    iterations_after(all, 0.0, filter, source)
}

/// As [`iterations`], with `left_out_s` of benchmarks already left out (a
/// saved unit's `other_measured_time_s`).
pub(super) fn iterations_after(
    all: Vec<Benchmark>,
    left_out_s: f64,
    filter: Option<&str>,
    source: &str,
) -> Result<FunctionalUnit, Error> {
    let unit = sci::functional_unit(None, Some((all, left_out_s)), filter)?;
    if matches!(&unit, FunctionalUnit::Iterations { benchmarks, .. } if benchmarks.is_empty()) {
        return Err(Error::MissingValue {
            at: Location::file(source).with_column(
                "benchmarks (none written by this run, or none matching --bench-filter)",
            ),
        });
    }
    Ok(unit)
}

/// Every file under `dir`, as a `/`-separated path relative to it after
/// `prefix` (symbolic links not followed, as Python's `rglob`); which of
/// them are criterion runs is core's rule (`sci::criterion_runs`).
pub(super) fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            list_files(&entry.path(), &format!("{prefix}{name}/"), out)?;
        } else if kind.is_file() {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}
