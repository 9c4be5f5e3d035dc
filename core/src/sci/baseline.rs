//! A saved result as a baseline, and the comparison of a run with it.

use super::inputs::{check, option_out_of_range};
use super::*;
use crate::error::{Error, Location, Result};
use crate::quantity::round_significant;
use serde::Serialize;
use serde_json::Value;

/// A saved result (the JSON of `empreinte sci ... --format json`): its
/// inputs and functional unit, to recompute it or to use it as a baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The inputs of the saved run.
    pub inputs: Inputs,
    /// Its functional unit.
    pub unit: FunctionalUnit,
    /// Its SCI, g CO2e per unit.
    pub sci_gco2e_per_unit: f64,
    /// Its unit's name.
    pub functional_unit: String,
    /// Its measurement noise, when known.
    pub noise_rel: Option<f64>,
    /// Its benchmarks' SCI per iteration, when its unit was iterations.
    pub benchmarks: Vec<SavedBenchmark>,
}

/// One benchmark of a saved result.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedBenchmark {
    /// The benchmark's id.
    pub id: String,
    /// Its SCI, g CO2e per iteration.
    pub sci_gco2e_per_iteration: f64,
    /// Its relative noise (the benchmark tool's own samples), when known.
    pub noise_rel: Option<f64>,
}

/// Reads a saved result named `source`.
///
/// # Errors
///
/// [`Error::InvalidOption`] for text that is not JSON (at its line) or an
/// `inputs` / `unit` of the wrong shape; [`Error::MissingValue`] for a
/// missing field.
pub fn parse_saved(source: &str, text: &str) -> Result<Saved> {
    let bad = |field: &str, e: &serde_json::Error| Error::InvalidOption {
        at: Location::line(source, e.line() as u64).with_column(field),
        option: field.into(),
        value: crate::error::echo(&e.to_string()),
        allowed: "the JSON written by `empreinte sci --format json`".into(),
    };
    let v: Value = serde_json::from_str(text).map_err(|e| bad("json", &e))?;
    let field = |name: &str| {
        v.get(name).ok_or_else(|| Error::MissingValue {
            at: Location::file(source).with_column(name),
        })
    };
    let inputs: Inputs =
        serde_json::from_value(field("inputs")?.clone()).map_err(|e| bad("inputs", &e))?;
    let unit: FunctionalUnit =
        serde_json::from_value(field("unit")?.clone()).map_err(|e| bad("unit", &e))?;
    let sci = field("sci_gco2e_per_unit")?
        .as_f64()
        .ok_or_else(|| Error::MissingValue {
            at: Location::file(source).with_column("sci_gco2e_per_unit"),
        })?;
    Ok(Saved {
        inputs,
        unit,
        sci_gco2e_per_unit: sci,
        functional_unit: v
            .get("functional_unit")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned(),
        noise_rel: v.get("noise_rel").and_then(Value::as_f64),
        benchmarks: v
            .get("benchmarks")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|b| {
                        Some(SavedBenchmark {
                            id: b.get("id")?.as_str()?.to_owned(),
                            sci_gco2e_per_iteration: b.get("sci_gco2e_per_iteration")?.as_f64()?,
                            noise_rel: b.get("noise_rel").and_then(Value::as_f64),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// A result compared with a baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The baseline's SCI, g CO2e per unit.
    pub baseline_gco2e_per_unit: f64,
    /// This run's SCI, g CO2e per unit.
    pub current_gco2e_per_unit: f64,
    /// Change, percent (+ is worse).
    pub change_pct: f64,
    /// Combined measurement noise of both, percent (root sum of squares of
    /// the known noises), `None` when neither is known.
    pub noise_pct: Option<f64>,
    /// The threshold, percent (`None`: compared, not gated).
    pub fail_above_pct: Option<f64>,
    /// Whether the gate fails: with benchmarks in common, any benchmark
    /// beyond the threshold and its noise; else the whole run's SCI.
    pub regressed: bool,
    /// What the gate compared: `benchmarks` or `run`.
    pub gated_on: &'static str,
    /// Each benchmark of this run found in the baseline, in this run's order.
    pub benchmarks: Vec<BenchmarkChange>,
    /// This run's benchmarks the baseline does not have (new, or renamed).
    pub without_baseline: Vec<String>,
    /// The baseline's benchmarks this run does not have (removed, or renamed).
    pub not_in_this_run: Vec<String>,
    /// Inputs that differ from the baseline's (machine, zone, year, vCPUs),
    /// as `name: this run (baseline)`: the comparison is not like for like.
    pub differences: Vec<String>,
    /// The verdict in words.
    pub message: String,
}

/// One benchmark compared with its baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkChange {
    /// The benchmark's id.
    pub id: String,
    /// The baseline's SCI per iteration, g CO2e.
    pub baseline_gco2e_per_iteration: f64,
    /// This run's SCI per iteration, g CO2e.
    pub current_gco2e_per_iteration: f64,
    /// Change, percent (+ is worse).
    pub change_pct: f64,
    /// Combined noise of both (the benchmark tool's samples), percent.
    pub noise_pct: Option<f64>,
    /// Beyond both the threshold and the noise.
    pub regressed: bool,
}

/// Change in percent of `new` against `old`, the combined noise, and whether
/// it is a regression: beyond both the threshold and the measured noise (a
/// change inside the noise is not evidence of anything).
fn change(
    new: f64,
    old: f64,
    noises: [Option<f64>; 2],
    threshold: Option<f64>,
) -> (f64, Option<f64>, bool) {
    let change_pct = crate::accounting::sci_change_pct(new, old);
    let [a, b] = noises;
    let noise_pct = crate::accounting::sci_combined_noise_pct(a, b);
    let within_noise = noise_pct.is_some_and(|n| change_pct <= n);
    let regressed = threshold.is_some_and(|t| change_pct > t) && !within_noise;
    (change_pct, noise_pct, regressed)
}

/// Compares `current` with a saved `baseline`. With benchmarks (a unit of
/// iterations) the gate is per benchmark: each benchmark's SCI per
/// iteration against the baseline's same id, beyond both `fail_above_pct`
/// and that benchmark's measured noise, naming the benchmarks that
/// regressed, and those without a baseline (new or renamed). Without
/// benchmarks in common the whole run's SCI per unit is gated. Inputs that
/// differ from the baseline's are named in the verdict. `fail_above_pct`
/// `None` compares without gating.
///
/// # Errors
///
/// [`Error::InvalidOption`] when the functional units differ (located at
/// the option `baseline`); [`Error::OutOfRange`] for a negative or
/// non-finite threshold or a baseline SCI that is not positive.
pub fn compare(current: &Sci, baseline: &Saved, fail_above_pct: Option<f64>) -> Result<Comparison> {
    let threshold = fail_above_pct
        .map(|t| check("fail_above", t, true))
        .transpose()?;
    if baseline.functional_unit != current.functional_unit {
        return Err(Error::invalid_option(
            "baseline",
            &format!("per {}", baseline.functional_unit),
            &format!("a baseline per {}", current.functional_unit),
        ));
    }
    let old = baseline.sci_gco2e_per_unit;
    if !(old.is_finite() && old > 0.0) {
        return Err(option_out_of_range("baseline", old, "an SCI > 0"));
    }
    let (change_pct, noise_pct, run_regressed) = change(
        current.sci_gco2e_per_unit,
        old,
        [current.noise_rel, baseline.noise_rel],
        threshold,
    );
    let mut benchmarks = Vec::new();
    let mut without_baseline = Vec::new();
    for b in &current.benchmarks {
        match baseline.benchmarks.iter().find(|s| s.id == b.id) {
            Some(s) if s.sci_gco2e_per_iteration.is_finite() && s.sci_gco2e_per_iteration > 0.0 => {
                let (change_pct, noise_pct, regressed) = change(
                    b.sci_gco2e_per_iteration,
                    s.sci_gco2e_per_iteration,
                    [b.noise_rel, s.noise_rel],
                    threshold,
                );
                benchmarks.push(BenchmarkChange {
                    id: b.id.clone(),
                    baseline_gco2e_per_iteration: s.sci_gco2e_per_iteration,
                    current_gco2e_per_iteration: b.sci_gco2e_per_iteration,
                    change_pct,
                    noise_pct,
                    regressed,
                });
            }
            _ => without_baseline.push(b.id.clone()),
        }
    }
    let not_in_this_run: Vec<String> = baseline
        .benchmarks
        .iter()
        .filter(|s| !current.benchmarks.iter().any(|b| b.id == s.id))
        .map(|s| s.id.clone())
        .collect();
    let per_benchmark = !benchmarks.is_empty();
    let regressed = if per_benchmark {
        benchmarks.iter().any(|b| b.regressed)
    } else {
        run_regressed
    };
    let (a, b) = (&current.inputs, &baseline.inputs);
    let mut differences = Vec::new();
    if !a.machine.eq_ignore_ascii_case(&b.machine) {
        differences.push(format!("machine {} (baseline {})", a.machine, b.machine));
    }
    if !a.zone.eq_ignore_ascii_case(&b.zone) {
        differences.push(format!("zone {} (baseline {})", a.zone, b.zone));
    }
    if a.year != b.year {
        differences.push(format!("year {} (baseline {})", a.year, b.year));
    }
    if a.vcpus != b.vcpus {
        differences.push(format!("vCPUs {} (baseline {})", a.vcpus, b.vcpus));
    }
    let message = verdict(
        current,
        old,
        (change_pct, noise_pct, run_regressed),
        threshold,
        &benchmarks,
        (&without_baseline, &not_in_this_run),
        &differences,
        regressed,
    );
    Ok(Comparison {
        baseline_gco2e_per_unit: old,
        current_gco2e_per_unit: current.sci_gco2e_per_unit,
        change_pct,
        noise_pct,
        fail_above_pct: threshold,
        regressed,
        gated_on: if per_benchmark { "benchmarks" } else { "run" },
        benchmarks,
        without_baseline,
        not_in_this_run,
        differences,
        message,
    })
}

/// The verdict in words: the whole run, then each benchmark that regressed
/// or stayed within its noise above the threshold, the benchmarks without
/// a baseline, and what differs from the baseline. Significant figures,
/// never `0.000000 g` for a small SCI.
#[allow(clippy::too_many_arguments)] // the parts of one sentence
fn verdict(
    current: &Sci,
    old: f64,
    (change_pct, noise_pct, run_regressed): (f64, Option<f64>, bool),
    threshold: Option<f64>,
    benchmarks: &[BenchmarkChange],
    (without_baseline, not_in_this_run): (&[String], &[String]),
    differences: &[String],
    regressed: bool,
) -> String {
    let g = |v: f64| format!("{}", round_significant(v, 4));
    let noise = |n: Option<f64>| {
        n.map_or(
            "measurement noise unknown (single runs: repeat them to estimate it)".to_owned(),
            |n| format!("measurement noise ±{n:.1} %"),
        )
    };
    let limit = threshold.map_or("not gated".to_owned(), |t| format!("threshold +{t} %"));
    let mut message = format!(
        "{}: SCI {} g per {} vs baseline {} ({change_pct:+.1} %, {limit}, {})",
        if regressed { "REGRESSION" } else { "ok" },
        g(current.sci_gco2e_per_unit),
        current.functional_unit,
        g(old),
        noise(noise_pct)
    );
    let above = |c: f64| threshold.is_some_and(|t| c > t);
    if benchmarks.is_empty() {
        if above(change_pct) && !run_regressed {
            message.push_str("; above the threshold but within the noise: not a regression");
        }
    } else {
        message.push_str("; gated per benchmark");
        for b in benchmarks.iter().filter(|b| above(b.change_pct)) {
            message.push_str(&format!(
                "; {} {}: {} g per iteration vs {} ({:+.1} %, {}{})",
                if b.regressed {
                    "REGRESSION"
                } else {
                    "within the noise"
                },
                b.id,
                g(b.current_gco2e_per_iteration),
                g(b.baseline_gco2e_per_iteration),
                b.change_pct,
                noise(b.noise_pct),
                if b.regressed {
                    ""
                } else {
                    ": not a regression"
                }
            ));
        }
    }
    if !without_baseline.is_empty() {
        message.push_str(&format!(
            "; not compared, no baseline (new, or renamed?): {}",
            without_baseline.join(", ")
        ));
    }
    if !not_in_this_run.is_empty() {
        message.push_str(&format!(
            "; in the baseline but not in this run: {}",
            not_in_this_run.join(", ")
        ));
    }
    if !differences.is_empty() {
        message.push_str(&format!("; not like for like: {}", differences.join(", ")));
    }
    message
}
