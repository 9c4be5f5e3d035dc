//! The functional unit: operations, iterations from benchmark files.

use super::*;
use empreinte::sci::{self, Benchmark, FunctionalUnit};
use empreinte::{Error, Location};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub(super) fn functional_unit(
    options: &Options,
    started: Option<SystemTime>,
) -> Result<FunctionalUnit, Error> {
    if let Some(count) = options.per {
        return Ok(FunctionalUnit::Operations { count });
    }
    let keep = |b: &Benchmark| {
        options
            .bench_filter
            .as_ref()
            .is_none_or(|f| b.id.contains(f.as_str()))
    };
    if let Some(path) = &options.pytest_benchmark {
        let name = path.display().to_string();
        let benchmarks = sci::parse_pytest_benchmark(&name, &read(path)?)?;
        return iterations(benchmarks.into_iter().filter(keep).collect(), &name);
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
        if keep(&b) {
            benchmarks.push(b);
        }
    }
    iterations(benchmarks, &format!("{name}/**/new/sample.json"))
}

pub(super) fn iterations(
    benchmarks: Vec<Benchmark>,
    source: &str,
) -> Result<FunctionalUnit, Error> {
    if benchmarks.is_empty() {
        return Err(Error::MissingValue {
            at: Location::file(source).with_column(
                "benchmarks (none written by this run, or none matching --bench-filter)",
            ),
        });
    }
    Ok(FunctionalUnit::Iterations { benchmarks })
}

/// Every `new/` folder holding an `estimates.json` under `dir` (criterion's layout).
pub(super) fn collect_criterion(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    depth: usize,
) -> std::io::Result<()> {
    if depth > 8 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
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
