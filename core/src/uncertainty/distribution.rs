//! Distributions fitted to a low / central / high estimate.
//!
//! # Fitting rule (methodology §8.2)
//!
//! | shape | low | central | high |
//! |---|---|---|---|
//! | `triangular` (default) | minimum | mode | maximum |
//! | `pert` (beta, λ = 4) | minimum | mode | maximum |
//! | `uniform` | minimum | not used | maximum |
//! | `lognormal` | 5th percentile | not used | 95th percentile |
//!
//! An exact estimate (`low == high`) is a point mass at its central value
//! whatever the shape. Every quantile goes through [`libm`] (and IEEE
//! square roots), so native code and WebAssembly give the same bits.
//!
//! ```
//! use empreinte::quantity::Estimate;
//! use empreinte::uncertainty::{Distribution, Shape};
//! let e = Estimate::new(200.0, 150.0, 300.0).map_err(|p| format!("{p:?}"))?;
//! let d = Distribution::fit(Shape::Triangular, e)?;
//! assert!((d.mean() - 650.0 / 3.0).abs() < 1e-12);
//! assert_eq!(d.quantile(0.0), 150.0);
//! assert_eq!(d.quantile(1.0), 300.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{Error, Location, Result};
use crate::quantity::Estimate;
use serde::Serialize;

/// `Φ⁻¹(0.95)`: a log-normal's 95th percentile is `exp(μ + Z95 σ)`.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// The PERT distribution's weight of the mode (the usual λ = 4).
pub const PERT_LAMBDA: f64 = 4.0;

/// The shape of a distribution fitted to low / central / high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Minimum, mode, maximum (the default: it needs nothing but the three
    /// numbers and never leaves the interval).
    #[default]
    Triangular,
    /// A beta distribution on `[low, high]` with mode `central`, λ = 4:
    /// more weight near the central value than the triangle.
    Pert,
    /// Flat on `[low, high]`; the central value is not used.
    Uniform,
    /// `low` and `high` are the 5th and 95th percentiles; the central value
    /// is not used (the median is `√(low × high)`).
    Lognormal,
}

impl Shape {
    /// Every shape, in documentation order.
    pub const ALL: [Shape; 4] = [
        Shape::Triangular,
        Shape::Pert,
        Shape::Uniform,
        Shape::Lognormal,
    ];

    /// The name used in tables and options.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Shape::Triangular => "triangular",
            Shape::Pert => "pert",
            Shape::Uniform => "uniform",
            Shape::Lognormal => "lognormal",
        }
    }

    /// Parses a shape name (case and surrounding spaces ignored).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] naming the accepted shapes.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Shape::ALL.into_iter().find(|k| k.id() == t).ok_or_else(|| {
            Error::invalid_option("distribution", s, "triangular, pert, uniform, lognormal")
        })
    }
}

/// A distribution of a non-negative value, fitted from an [`Estimate`] by
/// the rule of its [`Shape`]. Parameters are in the estimate's unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum Distribution {
    /// A point mass (an exact estimate).
    Exact {
        /// The value.
        value: f64,
    },
    /// Triangular on `[min, max]` with mode `mode`.
    Triangular {
        /// Minimum.
        min: f64,
        /// Mode.
        mode: f64,
        /// Maximum.
        max: f64,
    },
    /// PERT: `min + (max - min) × Beta(α, β)`, `α = 1 + 4 (mode - min) /
    /// (max - min)`, `β = 1 + 4 (max - mode) / (max - min)`.
    Pert {
        /// Minimum.
        min: f64,
        /// Mode.
        mode: f64,
        /// Maximum.
        max: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Minimum.
        min: f64,
        /// Maximum.
        max: f64,
    },
    /// `exp(N(mu, sigma²))`.
    Lognormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
    },
}

impl Distribution {
    /// Fits a shape to an estimate (the rule of the module documentation).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a log-normal whose low bound is zero while
    /// its high bound is not (a 5th percentile of zero has no log-normal).
    pub fn fit(shape: Shape, e: Estimate) -> Result<Self> {
        let (low, central, high) = (e.low(), e.central(), e.high());
        if low == high {
            return Ok(Distribution::Exact { value: central });
        }
        Ok(match shape {
            Shape::Triangular => Distribution::Triangular {
                min: low,
                mode: central,
                max: high,
            },
            Shape::Pert => Distribution::Pert {
                min: low,
                mode: central,
                max: high,
            },
            Shape::Uniform => Distribution::Uniform {
                min: low,
                max: high,
            },
            Shape::Lognormal => {
                if low <= 0.0 {
                    return Err(Error::OutOfRange {
                        at: Location::option("distribution").with_column("low"),
                        value: low,
                        allowed: "a log-normal's low bound (its 5th percentile) above zero".into(),
                    });
                }
                let (ll, lh) = (libm::log(low), libm::log(high));
                Distribution::Lognormal {
                    mu: 0.5 * (ll + lh),
                    sigma: (lh - ll) / (2.0 * Z95),
                }
            }
        })
    }

    /// The mean.
    #[must_use]
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Exact { value } => value,
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Pert { min, mode, max } => (min + PERT_LAMBDA * mode + max) / 6.0,
            Distribution::Uniform { min, max } => 0.5 * (min + max),
            Distribution::Lognormal { mu, sigma } => libm::exp(mu + 0.5 * sigma * sigma),
        }
    }

    /// The variance.
    #[must_use]
    pub fn variance(&self) -> f64 {
        match *self {
            Distribution::Exact { .. } => 0.0,
            Distribution::Triangular {
                min: a,
                mode: c,
                max: b,
            } => (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0,
            Distribution::Pert { min, max, .. } => {
                let (al, be) = self.pert_shape();
                let s = al + be;
                al * be / (s * s * (s + 1.0)) * (max - min) * (max - min)
            }
            Distribution::Uniform { min, max } => (max - min) * (max - min) / 12.0,
            Distribution::Lognormal { mu, sigma } => {
                let s2 = sigma * sigma;
                libm::expm1(s2) * libm::exp(2.0 * mu + s2)
            }
        }
    }

    /// The smallest and largest values (`+∞` for a log-normal).
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Exact { value } => (value, value),
            Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. }
            | Distribution::Uniform { min, max } => (min, max),
            Distribution::Lognormal { .. } => (0.0, f64::INFINITY),
        }
    }

    /// `(α, β)` of a PERT (`(1, 1)` for any other shape).
    fn pert_shape(&self) -> (f64, f64) {
        match *self {
            Distribution::Pert { min, mode, max } => (
                1.0 + PERT_LAMBDA * (mode - min) / (max - min),
                1.0 + PERT_LAMBDA * (max - mode) / (max - min),
            ),
            _ => (1.0, 1.0),
        }
    }

    /// The inverse of the cumulative distribution function at `u`, clamped
    /// to `[0, 1]` (a NaN `u` reads as 0.5). Samples are `quantile(U)` with
    /// `U` uniform on `(0, 1)` ([`crate::uncertainty::rng`]). For a
    /// log-normal, `u = 0` and `u = 1` give the 1e-300 and 1 - 1e-16
    /// quantiles (finite).
    #[must_use]
    pub fn quantile(&self, u: f64) -> f64 {
        let u = if u.is_nan() { 0.5 } else { u.clamp(0.0, 1.0) };
        match *self {
            Distribution::Exact { value } => value,
            Distribution::Triangular {
                min: a,
                mode: c,
                max: b,
            } => {
                let fc = (c - a) / (b - a);
                if u < fc {
                    a + libm::sqrt(u * (b - a) * (c - a))
                } else {
                    b - libm::sqrt((1.0 - u) * (b - a) * (b - c))
                }
            }
            Distribution::Pert { min, max, .. } => {
                let (al, be) = self.pert_shape();
                min + (max - min) * inverse_regularized_beta(u, al, be)
            }
            Distribution::Uniform { min, max } => min + u * (max - min),
            Distribution::Lognormal { mu, sigma } => {
                let u = u.clamp(1e-300, 1.0 - 1e-16);
                libm::exp(mu + sigma * inverse_normal_cdf(u))
            }
        }
    }
}

/// `Φ⁻¹(p)` for `0 < p < 1`: Acklam's rational approximation (relative
/// error 1.15e-9) refined by one Halley step on `Φ(x) = erfc(-x/√2)/2`
/// (libm), which brings it to about 1e-15.
#[must_use]
pub fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < P_LOW {
        tail(libm::sqrt(-2.0 * libm::log(p)))
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail(libm::sqrt(-2.0 * libm::log(1.0 - p)))
    };
    // One Halley step.
    let e = 0.5 * libm::erfc(-x / core::f64::consts::SQRT_2) - p;
    let u = e * libm::sqrt(2.0 * core::f64::consts::PI) * libm::exp(0.5 * x * x);
    x - u / (1.0 + 0.5 * x * u)
}

/// `ln B(a, b)` through libm's `lgamma`.
fn ln_beta(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

/// The regularized incomplete beta function `I_x(a, b)` (continued fraction
/// by the modified Lentz method, Numerical Recipes §6.4).
#[must_use]
pub fn regularized_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = libm::exp(a * libm::log(x) + b * libm::log1p(-x) - ln_beta(a, b));
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The inverse of [`regularized_beta`] in `x` for `a, b >= 1`: Newton steps
/// kept inside a bisection bracket, at most 100, stopping when the bracket
/// is below 1e-15.
#[must_use]
pub fn inverse_regularized_beta(u: f64, a: f64, b: f64) -> f64 {
    if u <= 0.0 {
        return 0.0;
    }
    if u >= 1.0 {
        return 1.0;
    }
    let lb = ln_beta(a, b);
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let mut x = a / (a + b);
    for _ in 0..100 {
        let f = regularized_beta(x, a, b) - u;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        if hi - lo < 1e-15 {
            break;
        }
        let density = libm::exp((a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - lb);
        let newton = x - f / density;
        x = if density > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(c: f64, l: f64, h: f64) -> Estimate {
        Estimate::new(c, l, h).unwrap()
    }

    /// Mean and variance by the midpoint rule over 200,000 quantiles.
    fn moments(d: &Distribution) -> (f64, f64) {
        let n = 200_000;
        let xs: Vec<f64> = (0..n)
            .map(|i| d.quantile((i as f64 + 0.5) / n as f64))
            .collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        (m, v)
    }

    #[test]
    fn quantiles_agree_with_the_closed_form_moments() {
        let e = est(200.0, 150.0, 300.0);
        for shape in Shape::ALL {
            let d = Distribution::fit(shape, e).unwrap();
            let (m, v) = moments(&d);
            let tol = if shape == Shape::Lognormal {
                2e-3
            } else {
                1e-4
            };
            assert!(
                (m - d.mean()).abs() / d.mean() < tol,
                "{shape:?} mean {m} vs {}",
                d.mean()
            );
            assert!(
                (v - d.variance()).abs() / d.variance() < 10.0 * tol,
                "{shape:?} variance {v} vs {}",
                d.variance()
            );
        }
    }

    #[test]
    fn lognormal_bounds_are_its_5th_and_95th_percentiles() {
        let d = Distribution::fit(Shape::Lognormal, est(200.0, 150.0, 300.0)).unwrap();
        assert!((d.quantile(0.05) - 150.0).abs() < 1e-9);
        assert!((d.quantile(0.95) - 300.0).abs() < 1e-9);
        assert!(Distribution::fit(Shape::Lognormal, est(1.0, 0.0, 2.0)).is_err());
    }

    #[test]
    fn inverse_normal_is_accurate() {
        // Φ⁻¹ of known points (Abramowitz & Stegun table 26.5).
        for (p, z) in [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.05, -1.644_853_626_951_472_2),
            (1e-10, -6.361_340_902_404_056),
        ] {
            assert!((inverse_normal_cdf(p) - z).abs() < 1e-12, "{p}");
        }
    }

    #[test]
    fn pert_quantile_inverts_the_incomplete_beta() {
        let d = Distribution::fit(Shape::Pert, est(200.0, 150.0, 300.0)).unwrap();
        let (a, b) = d.pert_shape();
        for u in [1e-9, 0.05, 0.3, 0.5, 0.95, 1.0 - 1e-9] {
            let x = inverse_regularized_beta(u, a, b);
            assert!((regularized_beta(x, a, b) - u).abs() < 1e-12, "{u}");
        }
        // Symmetric beta: the median is one half.
        assert!((inverse_regularized_beta(0.5, 3.0, 3.0) - 0.5).abs() < 1e-14);
    }

    #[test]
    fn shapes_parse_and_exact_estimates_are_point_masses() {
        assert_eq!(Shape::parse(" PERT ").unwrap(), Shape::Pert);
        assert!(Shape::parse("normal").is_err());
        for shape in Shape::ALL {
            let d = Distribution::fit(shape, est(3.0, 3.0, 3.0)).unwrap();
            assert_eq!((d.quantile(0.2), d.mean(), d.variance()), (3.0, 3.0, 0.0));
        }
    }
}
