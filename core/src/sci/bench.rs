//! The functional unit R read from benchmark results: criterion's
//! `benchmark.json`, `estimates.json` and `sample.json` of one benchmark,
//! and pytest-benchmark's JSON. The caller reads the files; these functions
//! parse their text.

use crate::error::{echo, Error, Location, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One benchmark of a run: how many iterations it measured and how long
/// they took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    /// Benchmark id (`engine/1M rows by entity, amortised`).
    pub id: String,
    /// Iterations measured (warm-up excluded).
    pub iterations: f64,
    /// Time the measured iterations took, seconds.
    pub measured_time_s: f64,
    /// Elements processed per iteration (criterion `Throughput::Elements`).
    pub elements_per_iteration: Option<f64>,
    /// Relative half-width of the 95 % confidence interval of the mean
    /// iteration time (the measurement noise), when the tool reports it.
    pub noise_rel: Option<f64>,
    /// The file it was read from.
    pub source: String,
}

fn malformed(source: &str, e: &serde_json::Error) -> Error {
    Error::InvalidOption {
        at: Location::line(source, e.line() as u64),
        option: "benchmark results".into(),
        value: echo(&e.to_string()),
        allowed: "the JSON written by criterion or pytest-benchmark".into(),
    }
}

fn parse(source: &str, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| malformed(source, &e))
}

/// A field at `path` (`mean.point_estimate`); a missing or non-numeric one
/// is [`Error::MissingValue`] at that field, NaN or infinite [`Error::NotFinite`].
fn number(v: &Value, source: &str, path: &str) -> Result<f64> {
    let field = path.split('.').try_fold(v, |v, key| v.get(key));
    let n = field
        .and_then(Value::as_f64)
        .ok_or_else(|| Error::MissingValue {
            at: Location::file(source).with_column(path),
        })?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err(Error::NotFinite {
            at: Location::file(source).with_column(path),
            value: n.to_string(),
        })
    }
}

fn positive(n: f64, source: &str, path: &str) -> Result<f64> {
    if n > 0.0 {
        Ok(n)
    } else {
        Err(Error::OutOfRange {
            at: Location::file(source).with_column(path),
            value: n,
            allowed: "> 0".into(),
        })
    }
}

/// One criterion benchmark from the text of its `benchmark.json`,
/// `new/estimates.json` and `new/sample.json` (named `dir` in errors):
/// iterations = the sum of `iters`, measured time = the sum of `times`
/// (ns), noise = half the 95 % confidence interval of the mean over the mean,
/// elements per iteration from a `{"Elements": n}` throughput.
///
/// # Errors
///
/// [`Error::InvalidOption`] for text that is not JSON (located at its
/// line), [`Error::MissingValue`] for a missing field,
/// [`Error::OutOfRange`] for no iteration or a non-positive time.
pub fn parse_criterion(
    dir: &str,
    benchmark_json: &str,
    estimates_json: &str,
    sample_json: &str,
) -> Result<Benchmark> {
    let bsrc = format!("{dir}/benchmark.json");
    let esrc = format!("{dir}/new/estimates.json");
    let ssrc = format!("{dir}/new/sample.json");
    let b = parse(&bsrc, benchmark_json)?;
    let e = parse(&esrc, estimates_json)?;
    let s = parse(&ssrc, sample_json)?;
    let id = b
        .get("full_id")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::MissingValue {
            at: Location::file(&bsrc).with_column("full_id"),
        })?
        .to_owned();
    let elements_per_iteration = b
        .get("throughput")
        .and_then(|t| t.get("Elements"))
        .and_then(Value::as_f64);
    let mean = positive(
        number(&e, &esrc, "mean.point_estimate")?,
        &esrc,
        "mean.point_estimate",
    )?;
    let lower = number(&e, &esrc, "mean.confidence_interval.lower_bound")?;
    let upper = number(&e, &esrc, "mean.confidence_interval.upper_bound")?;
    let sum = |key: &str| -> Result<f64> {
        let list = s
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| Error::MissingValue {
                at: Location::file(&ssrc).with_column(key),
            })?;
        list.iter().try_fold(0.0, |acc, v| {
            v.as_f64()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .map(|x| acc + x)
                .ok_or_else(|| Error::InvalidNumber {
                    at: Location::file(&ssrc).with_column(key),
                    value: echo(&v.to_string()),
                })
        })
    };
    let iterations = positive(sum("iters")?, &ssrc, "iters")?;
    let measured_time_s = positive(sum("times")?, &ssrc, "times")? / 1e9;
    Ok(Benchmark {
        id,
        iterations,
        measured_time_s,
        elements_per_iteration,
        noise_rel: Some(((upper - lower) / 2.0 / mean).abs()),
        source: dir.to_owned(),
    })
}

/// Every benchmark of a pytest-benchmark JSON file (`--benchmark-json`):
/// iterations = `stats.rounds` × `stats.iterations`, measured time =
/// `stats.total` × `stats.iterations` (seconds; `total` sums per-iteration
/// round times), noise = 1.96 × `stats.stddev` / √rounds / `stats.mean`.
///
/// # Errors
///
/// As [`parse_criterion`]; also [`Error::MissingValue`] at `benchmarks` when
/// the file lists none.
pub fn parse_pytest_benchmark(source: &str, text: &str) -> Result<Vec<Benchmark>> {
    let v = parse(source, text)?;
    let list = v
        .get("benchmarks")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| Error::MissingValue {
            at: Location::file(source).with_column("benchmarks"),
        })?;
    list.iter()
        .enumerate()
        .map(|(i, b)| {
            let at = format!("{source}: benchmarks[{i}]");
            let id = b
                .get("fullname")
                .or_else(|| b.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let rounds = positive(number(b, &at, "stats.rounds")?, &at, "stats.rounds")?;
            let per_round = positive(number(b, &at, "stats.iterations")?, &at, "stats.iterations")?;
            let total = positive(number(b, &at, "stats.total")?, &at, "stats.total")?;
            let mean = positive(number(b, &at, "stats.mean")?, &at, "stats.mean")?;
            let stddev = number(b, &at, "stats.stddev")?;
            Ok(Benchmark {
                id,
                iterations: rounds * per_round,
                measured_time_s: total * per_round,
                elements_per_iteration: None,
                noise_rel: Some(1.96 * stddev / rounds.sqrt() / mean),
                source: source.to_owned(),
            })
        })
        .collect()
}

/// The three files of one benchmark run in criterion's output folder, as
/// paths relative to that folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRun {
    /// The benchmark's folder (the parent of `new/`).
    pub dir: String,
    /// `new/benchmark.json`, or `benchmark.json` beside `new/` (older
    /// criterion versions), whichever is listed (the first if both).
    pub benchmark_json: String,
    /// `new/estimates.json`.
    pub estimates_json: String,
    /// `new/sample.json`.
    pub sample_json: String,
}

/// criterion's layout, the one rule of every surface: among the files
/// under criterion's output folder (relative paths, `/`-separated, as a
/// plain recursive listing gives them, any order), every `new/` folder
/// holding an `estimates.json` is one benchmark run, except under a
/// `report` or `base` folder (criterion's HTML report and the previous
/// run). By path.
#[must_use]
pub fn criterion_runs<'a>(files: impl IntoIterator<Item = &'a str>) -> Vec<CriterionRun> {
    let files: std::collections::BTreeSet<&str> = files.into_iter().collect();
    files
        .iter()
        .filter_map(|f| {
            // `prefix` is `dir/`, or empty for the folder itself.
            let prefix = f.strip_suffix("new/estimates.json")?;
            let dir = match prefix.strip_suffix('/') {
                Some(d) => d,
                None if prefix.is_empty() => "",
                None => return None,
            };
            if dir.split('/').any(|p| p == "report" || p == "base") {
                return None;
            }
            let new_bench = format!("{prefix}new/benchmark.json");
            let beside = format!("{prefix}benchmark.json");
            let benchmark_json =
                if !files.contains(new_bench.as_str()) && files.contains(beside.as_str()) {
                    beside
                } else {
                    new_bench
                };
            Some(CriterionRun {
                dir: dir.to_owned(),
                benchmark_json,
                estimates_json: (*f).to_owned(),
                sample_json: format!("{prefix}new/sample.json"),
            })
        })
        .collect()
}

#[cfg(test)]
mod criterion_layout_tests {
    use super::*;

    #[test]
    fn runs_are_new_folders_outside_report_and_base_at_any_depth() {
        let deep = "a/b/c/d/e/f/g/h/i/j/k/new/estimates.json";
        let files = [
            "report/index.html",
            "g/x/base/estimates.json",
            "g/x/new/estimates.json",
            "g/x/new/sample.json",
            "g/x/new/benchmark.json",
            "old/y/new/estimates.json",
            "old/y/benchmark.json",
            "report/z/new/estimates.json",
            "g/base/w/new/estimates.json",
            deep,
            "x/renew/estimates.json",
        ];
        let runs = criterion_runs(files);
        let dirs: Vec<&str> = runs.iter().map(|r| r.dir.as_str()).collect();
        assert_eq!(dirs, ["a/b/c/d/e/f/g/h/i/j/k", "g/x", "old/y"]);
        // The folder given may be one benchmark's own.
        let own = criterion_runs(["new/estimates.json", "benchmark.json"]);
        assert_eq!(own[0].dir, "");
        assert_eq!(own[0].benchmark_json, "benchmark.json");
        assert_eq!(own[0].sample_json, "new/sample.json");
        assert_eq!(runs[1].benchmark_json, "g/x/new/benchmark.json");
        assert_eq!(runs[2].benchmark_json, "old/y/benchmark.json");
        assert_eq!(runs[2].sample_json, "old/y/new/sample.json");
        assert_eq!(runs[0].estimates_json, deep);
    }
}
