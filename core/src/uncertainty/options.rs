//! How a Monte Carlo run is asked for (samples, seed, shape) and the
//! fitting rules the engines share: every engine (fleet, policy) reads its
//! options and fits its values here.

use super::{Distribution, Shape, DEFAULT_SAMPLES, DEFAULT_SEED, SAMPLES};
use crate::error::{Error, Result};
use crate::quantity::Estimate;
use serde::Serialize;

/// How to run the Monte Carlo: samples, seed and the shape fitted to every
/// low / central / high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonteCarlo {
    /// Number of samples (default 10,000).
    pub samples: usize,
    /// The seed: the same seed gives the same bits on every surface.
    pub seed: u64,
    /// The distribution fitted to each interval (default triangular).
    pub shape: Shape,
}

impl Default for MonteCarlo {
    fn default() -> Self {
        Self {
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            shape: Shape::Triangular,
        }
    }
}

impl MonteCarlo {
    /// [`MonteCarlo::from_options`] with `samples` and `seed` as numbers
    /// (JavaScript's): each must be a whole number from 0 to 2⁵³.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] at the option for a fraction, a negative or a
    /// larger number; as [`MonteCarlo::from_options`].
    pub fn from_numbers(
        samples: Option<f64>,
        seed: Option<f64>,
        distribution: Option<&str>,
    ) -> Result<Self> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        let whole = |v: Option<f64>, name: &str| -> Result<Option<u64>> {
            match v {
                Some(x) if !(x.fract() == 0.0 && (0.0..=EXACT).contains(&x)) => {
                    Err(Error::OutOfRange {
                        at: crate::error::Location::option(name),
                        value: x,
                        allowed: "a whole number from 0 to 2^53".into(),
                    })
                }
                Some(x) => Ok(Some(x as u64)),
                None => Ok(None),
            }
        };
        let samples = whole(samples, "samples")?.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        Self::from_options(samples, whole(seed, "seed")?, distribution)
    }

    /// From the options of a surface (the command, Python, JavaScript):
    /// what is not given is the [`Default`].
    ///
    /// # Errors
    ///
    /// As [`MonteCarlo::new`]; [`Error::InvalidOption`] for an unknown
    /// distribution.
    pub fn from_options(
        samples: Option<usize>,
        seed: Option<u64>,
        distribution: Option<&str>,
    ) -> Result<Self> {
        let d = Self::default();
        Self::new(
            samples.unwrap_or(d.samples),
            seed.unwrap_or(d.seed),
            distribution.map_or(Ok(d.shape), Shape::parse)?,
        )
    }

    /// Checked options.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] at the option `samples` outside
    /// [`crate::uncertainty::SAMPLES`].
    pub fn new(samples: usize, seed: u64, shape: Shape) -> Result<Self> {
        if !SAMPLES.contains(&samples) {
            return Err(Error::OutOfRange {
                at: crate::error::Location::option("samples"),
                value: samples as f64,
                allowed: format!("{} to {} samples", SAMPLES.start(), SAMPLES.end()),
            });
        }
        Ok(Self {
            samples,
            seed,
            shape,
        })
    }
}

/// A multiplier fitted to central / low / high sums: `(1, low/c, high/c)`
/// (`None` without a positive central sum).
#[must_use]
pub fn multiplier(sums: [f64; 3]) -> Option<Estimate> {
    let [c, l, h] = sums;
    (c > 0.0)
        .then(|| Estimate::new(1.0, (l / c).min(1.0), (h / c).max(1.0)).ok())
        .flatten()
}

/// The distribution `shape` fitted to `e`, or the error naming the kind.
///
/// # Errors
///
/// [`Error::InvalidOption`] at `distribution` when `shape` cannot be
/// fitted to `e` (a log-normal for a low bound of zero).
pub fn fit(shape: Shape, e: Estimate, kind: &str) -> Result<Distribution> {
    Distribution::fit(shape, e).map_err(|_| {
        Error::invalid_option(
            "distribution",
            shape.id(),
            &format!("triangular, pert or uniform: a value of `{kind}` has a low bound of zero"),
        )
    })
}
