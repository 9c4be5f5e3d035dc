//! Uncertainty that says how sure: distributions fitted to low / central /
//! high, portable seeded draws, Monte Carlo summaries (mean, P5, P50, P95)
//! and what drives the spread (variance shares, first-order Sobol indices).
//!
//! The interval view ([`crate::quantity::Estimate`]) stays the default
//! everywhere; a Monte Carlo run is asked for and its figures are never
//! mixed with the interval's. The correlation model (methodology §8.3): one
//! draw of a kind's value serves every device of that kind in a run, a
//! zone-year's grid intensity is one draw, and different kinds and datasets
//! are independent. Engines reduce their inventory to coefficients per
//! uncertain input first ([`Expr`]) and draw afterwards ([`Draws`]), so
//! memory never follows the number of lines.
//!
//! This module sits on the layer of `grid` and `accounting` (none of the
//! three uses another): it uses only [`crate::error`] and
//! [`crate::quantity`], and the engines above use it.

pub mod distribution;
pub mod model;
pub mod options;
pub mod rng;
pub mod stats;

pub use distribution::{Distribution, Shape};
pub use model::{
    drivers_sentence, first_order_index, ChannelId, Draws, Driver, Expr, Input, InputId, Method,
    Model, DEFAULT_SAMPLES, DEFAULT_SEED, SAMPLES,
};
pub use options::{fit, multiplier, MonteCarlo};
pub use stats::Summary;

/// How a result shows its uncertainty: the interval view (the default) or
/// a Monte Carlo run; the two are never mixed in one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Low / high bounds by interval arithmetic (methodology §8).
    #[default]
    Interval,
    /// Mean, P5, P50, P95 of a Monte Carlo run, and the drivers.
    MonteCarlo,
}

impl View {
    /// Parses `interval` or `monte-carlo` (also `monte_carlo`, `mc`).
    ///
    /// # Errors
    ///
    /// [`crate::error::Error::InvalidOption`] at `uncertainty`.
    pub fn parse(s: &str) -> crate::error::Result<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "interval" => Ok(View::Interval),
            "monte-carlo" | "mc" => Ok(View::MonteCarlo),
            _ => Err(crate::error::Error::invalid_option(
                "uncertainty",
                s,
                "interval, monte-carlo",
            )),
        }
    }
}
