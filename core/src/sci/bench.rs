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
