//! Estimates: a central value with a low/high interval.
//!
//! # Propagation rule
//!
//! Every input carries an interval (`low <= central <= high`); an exact input
//! has `low == central == high`. Results are propagated with **interval
//! arithmetic on non-negative quantities**, treating the bounds of all inputs
//! as fully correlated:
//!
//! * sum: `low = Σ low_i`, `high = Σ high_i`;
//! * product of non-negative factors: `low = Π low_i`, `high = Π high_i`.
//!
//! This is the conservative (widest) rule: it never understates uncertainty,
//! it keeps `low <= central <= high` by construction, and it is exactly
//! reproducible by hand. When inputs are independent it overstates the
//! width; a report can say so. The bounds of the embedded archetypes are the
//! 10th and 90th percentiles of the manufacturer sheets (see `datasets/`), so
//! a result's interval reads "if every input sits at its p10 (p90)".
//!
//! The fields are private: an `Estimate` is non-negative, finite and ordered
//! by construction, and every operation keeps it so (scaling by a negative
//! number is refused).
//!
//! ```
//! use empreinte::quantity::Estimate;
//! let embodied = Estimate::new(200.0, 150.0, 300.0).unwrap();
//! let fleet = embodied.scale(10.0).unwrap();
//! assert_eq!((fleet.low(), fleet.central(), fleet.high()), (1500.0, 2000.0, 3000.0));
//! assert!(embodied.scale(-1.0).is_err());
//! let energy = Estimate::new(20.0, 15.0, 30.0).unwrap();
//! let factor = Estimate::exact(0.139).unwrap();
//! let use_phase = energy * factor;
//! assert!(use_phase.low() <= use_phase.central() && use_phase.central() <= use_phase.high());
//! ```

use crate::error::{Error, Location};
use serde::{Serialize, Serializer};

/// A central value with a low/high interval, in the unit of whatever it
/// estimates (the field or column name says which). Always finite,
/// non-negative and ordered `low <= central <= high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    central: f64,
    low: f64,
    high: f64,
}

impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Estimate", 3)?;
        st.serialize_field("central", &self.central)?;
        st.serialize_field("low", &self.low)?;
        st.serialize_field("high", &self.high)?;
        st.end()
    }
}

/// Why an estimate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstimateProblem {
    /// A bound or the central value is NaN or infinite (or overflowed).
    NotFinite,
    /// The bounds are not ordered `low <= central <= high`.
    Unordered,
    /// A value or a scale factor is negative (footprints and energies are
    /// never negative).
    Negative,
}

impl Estimate {
    /// Zero, exactly.
    pub const ZERO: Self = Self {
        central: 0.0,
        low: 0.0,
        high: 0.0,
    };

    /// An estimate with an interval.
    ///
    /// # Errors
    ///
    /// [`EstimateProblem`] when a value is not finite, negative, or the
    /// bounds are not ordered `low <= central <= high`.
    pub fn new(central: f64, low: f64, high: f64) -> Result<Self, EstimateProblem> {
        if !(central.is_finite() && low.is_finite() && high.is_finite()) {
            return Err(EstimateProblem::NotFinite);
        }
        if low < 0.0 {
            return Err(EstimateProblem::Negative);
        }
        if !(low <= central && central <= high) {
            return Err(EstimateProblem::Unordered);
        }
        Ok(Self { central, low, high })
    }

    /// An exact value (zero-width interval).
    ///
    /// # Errors
    ///
    /// As [`Estimate::new`]: a negative or non-finite value.
    pub fn exact(value: f64) -> Result<Self, EstimateProblem> {
        Self::new(value, value, value)
    }

    /// From `[central, low, high]` bounds (the engine's accumulator order).
    ///
    /// # Errors
    ///
    /// As [`Estimate::new`].
    pub fn from_bounds(b: [f64; 3]) -> Result<Self, EstimateProblem> {
        Self::new(b[0], b[1], b[2])
    }

    /// From `[central, low, high]` lanes an engine computed, as a located
    /// error when they are not an estimate: a result is never replaced by
    /// zero (or any other made-up value) without a word.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] at `at` for a negative, non-finite or
    /// unordered triple.
    pub fn computed(b: [f64; 3], at: &Location) -> crate::error::Result<Self> {
        Self::from_bounds(b).map_err(|p| Error::OutOfRange {
            at: at.clone(),
            value: b[0],
            allowed: format!(
                "a finite, non-negative estimate with low <= central <= high (low {}, high {}: {})",
                b[1],
                b[2],
                match p {
                    EstimateProblem::NotFinite => "not finite",
                    EstimateProblem::Unordered => "not ordered",
                    EstimateProblem::Negative => "negative",
                }
            ),
        })
    }

    /// The central (best) estimate.
    #[must_use]
    pub const fn central(self) -> f64 {
        self.central
    }

    /// The low bound of the interval.
    #[must_use]
    pub const fn low(self) -> f64 {
        self.low
    }

    /// The high bound of the interval.
    #[must_use]
    pub const fn high(self) -> f64 {
        self.high
    }

    /// `[central, low, high]`.
    #[must_use]
    pub const fn bounds(self) -> [f64; 3] {
        [self.central, self.low, self.high]
    }

    /// Multiplies every bound by a non-negative scalar (a quantity, a share).
    ///
    /// # Errors
    ///
    /// [`EstimateProblem::Negative`] for a negative `k`,
    /// [`EstimateProblem::NotFinite`] for a non-finite `k` or an overflow.
    pub fn scale(self, k: f64) -> Result<Self, EstimateProblem> {
        if k.is_nan() || k.is_infinite() {
            return Err(EstimateProblem::NotFinite);
        }
        if k < 0.0 {
            return Err(EstimateProblem::Negative);
        }
        let high = self.high * k;
        if !high.is_finite() {
            return Err(EstimateProblem::NotFinite);
        }
        Ok(Self {
            central: self.central * k,
            low: self.low * k,
            high,
        })
    }

    /// Relative half-width of the interval, `(high - low) / (2 central)`;
    /// `0` for an exact zero.
    #[must_use]
    pub fn relative_half_width(self) -> f64 {
        if self.central == 0.0 {
            0.0
        } else {
            (self.high - self.low) / (2.0 * self.central)
        }
    }

    /// Whether every bound is finite (an overflow of a sum or product of
    /// very large estimates makes the high bound infinite).
    #[must_use]
    pub fn is_finite(self) -> bool {
        self.high.is_finite()
    }
}

/// Product of two non-negative estimates, bounds fully correlated.
/// The product of non-negative ordered intervals is ordered; an overflow
/// shows as a non-finite high bound ([`Estimate::is_finite`]).
impl std::ops::Mul for Estimate {
    type Output = Self;
    fn mul(self, other: Self) -> Self {
        Self {
            central: self.central * other.central,
            low: self.low * other.low,
            high: self.high * other.high,
        }
    }
}

/// Sum of two estimates, bounds fully correlated.
impl std::ops::Add for Estimate {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self {
            central: self.central + other.central,
            low: self.low + other.low,
            high: self.high + other.high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_estimates() {
        assert_eq!(
            Estimate::new(f64::NAN, 0.0, 1.0),
            Err(EstimateProblem::NotFinite)
        );
        assert_eq!(
            Estimate::new(1.0, 2.0, 3.0),
            Err(EstimateProblem::Unordered)
        );
        assert_eq!(
            Estimate::new(1.0, -1.0, 3.0),
            Err(EstimateProblem::Negative)
        );
        assert!(Estimate::new(1.0, 1.0, 1.0).is_ok());
        let e = Estimate::new(2.0, 1.0, 4.0).unwrap();
        assert_eq!(e.scale(-0.5), Err(EstimateProblem::Negative));
        assert_eq!(e.scale(f64::NAN), Err(EstimateProblem::NotFinite));
        assert_eq!(e.scale(1e308), Err(EstimateProblem::NotFinite));
        assert_eq!(Estimate::exact(-1.0), Err(EstimateProblem::Negative));
    }

    /// Computed lanes that are not an estimate are a located error, never
    /// zero (issue 20: `from_bounds(..).unwrap_or(ZERO)`).
    #[test]
    fn computed_lanes_are_never_replaced_by_zero() {
        let at = Location::file("policy").with_column("total_kgco2e");
        for bad in [[1.0, 2.0, 3.0], [f64::NAN, 0.0, 1.0], [1.0, -1.0, 2.0]] {
            let e = Estimate::computed(bad, &at).unwrap_err();
            assert_eq!(e.code(), "out_of_range");
            assert_eq!(e.location().column.as_deref(), Some("total_kgco2e"));
        }
        let ok = Estimate::computed([2.0, 1.0, 3.0], &at).unwrap();
        assert_eq!(ok.bounds(), [2.0, 1.0, 3.0]);
    }

    #[test]
    fn propagation_is_interval_arithmetic() {
        let a = Estimate::new(2.0, 1.0, 4.0).unwrap();
        let b = Estimate::new(3.0, 2.0, 5.0).unwrap();
        assert_eq!(a + b, Estimate::new(5.0, 3.0, 9.0).unwrap());
        assert_eq!(a * b, Estimate::new(6.0, 2.0, 20.0).unwrap());
        assert_eq!(a.relative_half_width(), 0.75);
    }
}
