//! Quantities: physical units as types, estimates with their interval, impact
//! criteria, life-cycle phases and GHG Protocol scopes. The bottom layer: it
//! uses nothing of the crate but [`crate::error`].

pub mod bounds;
pub mod criteria;
pub mod estimate;
pub mod units;

pub use criteria::{Criterion, Phase, Scope, Scope2Method};
pub use estimate::{Estimate, EstimateProblem};

/// `v` rounded to `digits` significant digits (clamped to 1..=17), the one
/// rounding rule of every writer and message; a value that cannot be
/// rounded (non-finite) is returned as it is.
#[must_use]
pub fn round_significant(v: f64, digits: usize) -> f64 {
    let digits = digits.clamp(1, 17);
    format!("{:.*e}", digits - 1, v).parse().unwrap_or(v)
}
