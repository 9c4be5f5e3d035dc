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
    /// The threshold, percent.
    pub fail_above_pct: f64,
    /// Whether the change exceeds the threshold.
    pub regressed: bool,
    /// The verdict in words.
    pub message: String,
}

/// Compares `current` with a saved `baseline`: a regression is a change of
/// the SCI per unit above `fail_above_pct` percent.
///
/// # Errors
///
/// [`Error::InvalidOption`] when the functional units differ (located at
/// the option `baseline`); [`Error::OutOfRange`] for a negative or
/// non-finite threshold or a baseline SCI that is not positive.
pub fn compare(current: &Sci, baseline: &Saved, fail_above_pct: f64) -> Result<Comparison> {
    let threshold = check("fail_above", fail_above_pct, true)?;
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
    let change_pct = (current.sci_gco2e_per_unit / old - 1.0) * 100.0;
    let noise_pct = match (current.noise_rel, baseline.noise_rel) {
        (None, None) => None,
        (a, b) => Some(100.0 * (a.unwrap_or(0.0).powi(2) + b.unwrap_or(0.0).powi(2)).sqrt()),
    };
    // A regression is beyond both the threshold and the measured noise (a
    // change inside the noise is not evidence of anything).
    let within_noise = noise_pct.is_some_and(|n| change_pct <= n);
    let regressed = change_pct > threshold && !within_noise;
    let noise = noise_pct.map_or(
        "measurement noise unknown (single runs: repeat them to estimate it)".to_owned(),
        |n| format!("measurement noise ±{n:.1} %"),
    );
    let verdict = if regressed { "REGRESSION" } else { "ok" };
    // Significant figures, never `0.000000 g` for a small SCI.
    let g = |v: f64| format!("{}", round_significant(v, 4));
    let mut message = format!(
        "{verdict}: SCI {} g per {} vs baseline {} ({change_pct:+.1} %, threshold +{threshold} %, {noise})",
        g(current.sci_gco2e_per_unit),
        current.functional_unit,
        g(old)
    );
    if change_pct > threshold && within_noise {
        message.push_str("; above the threshold but within the noise: not a regression");
    }
    Ok(Comparison {
        baseline_gco2e_per_unit: old,
        current_gco2e_per_unit: current.sci_gco2e_per_unit,
        change_pct,
        noise_pct,
        fail_above_pct: threshold,
        regressed,
        message,
    })
}
