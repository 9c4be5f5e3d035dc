//! Physical bounds of every input: a value outside them is refused with its
//! place, so that no result is ever infinite or NaN.

use crate::error::{Error, Locate, Result};

/// Earliest and latest years accepted anywhere (purchase, disposal, report).
pub const YEARS: (i32, i32) = (1980, 2100);
/// Shortest lifespan accepted, years (a month): a lifespan divides the
/// embodied footprint, so a tiny one would make a yearly share explode.
pub const MIN_LIFESPAN_YEARS: f64 = 1.0 / 12.0;
/// Longest lifespan accepted, years.
pub const MAX_LIFESPAN_YEARS: f64 = 50.0;
/// Largest quantity accepted on one row.
pub const MAX_QUANTITY: f64 = 1e9;
/// Largest per-device value accepted for energy (kWh/year) and embodied (kg CO2e).
pub const MAX_PER_DEVICE: f64 = 1e7;

/// Largest grid or contract emission factor accepted, g CO2e/kWh: above
/// the most carbon-intensive generation (lignite, about 1,200 g/kWh over
/// its life cycle) with a margin; a factor beyond it is a unit mistake.
pub const MAX_G_PER_KWH: f64 = 2_000.0;

/// Checks an emission factor in g CO2e/kWh: finite, in [0, [`MAX_G_PER_KWH`]].
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
pub fn check_intensity_g(g_per_kwh: f64, at: &impl Locate) -> Result<f64> {
    check_range(g_per_kwh, at, 0.0, true, MAX_G_PER_KWH)
}

/// Checks `lo < v <= hi` (or `lo <= v` when `lo_inclusive`) and finiteness.
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
pub fn check_range(v: f64, at: &impl Locate, lo: f64, lo_inclusive: bool, hi: f64) -> Result<f64> {
    if !v.is_finite() {
        return Err(Error::NotFinite {
            at: at.locate(),
            value: v.to_string(),
        });
    }
    let above = if lo_inclusive { v >= lo } else { v > lo };
    if !above || v > hi {
        let op = if lo_inclusive {
            "at least"
        } else {
            "greater than"
        };
        return Err(Error::OutOfRange {
            at: at.locate(),
            value: v,
            allowed: format!("{op} {lo}, at most {hi}"),
        });
    }
    Ok(v)
}

/// Checks that a year is a whole number in [`YEARS`].
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
pub fn check_year(y: f64, at: &impl Locate) -> Result<i32> {
    let y = check_range(y, at, f64::from(YEARS.0), true, f64::from(YEARS.1))?;
    if y.fract() != 0.0 {
        return Err(Error::OutOfRange {
            at: at.locate(),
            value: y,
            allowed: "a whole year".into(),
        });
    }
    Ok(y as i32)
}

/// Checks a lifespan in years: finite, in [`MIN_LIFESPAN_YEARS`, `MAX_LIFESPAN_YEARS`].
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
pub fn check_lifespan(years: f64, at: &impl Locate) -> Result<f64> {
    check_range(years, at, MIN_LIFESPAN_YEARS, true, MAX_LIFESPAN_YEARS)
}
