//! Summaries of Monte Carlo samples: mean, standard error and percentiles.
//!
//! Percentiles interpolate linearly between the closest ranks (Hyndman and
//! Fan's type 7, the default of R, NumPy and Python's
//! `statistics.quantiles(method="inclusive")`): with the `n` samples sorted
//! `x₀ <= … <= xₙ₋₁` and `h = (n − 1) p`, `P(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋)`.
//! It never leaves `[x₀, xₙ₋₁]` and is monotone in `p`.
//!
//! ```
//! use empreinte::uncertainty::Summary;
//! let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
//! assert_eq!((s.mean, s.p50), (2.5, 2.5));
//! assert!((s.p5 - 1.15).abs() < 1e-12);
//! ```

use serde::Serialize;

/// The summary of a measure's samples, in the measure's unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Number of samples.
    pub samples: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (`n − 1` in the denominator; 0 for one
    /// sample).
    pub sd: f64,
    /// Standard error of the mean, `sd / √n`.
    pub se: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Summary {
    /// The summary of `samples` (any order); `None` when there is none or
    /// one is not finite.
    #[must_use]
    pub fn of(samples: &[f64]) -> Option<Summary> {
        let mut sorted = samples.to_vec();
        Self::of_mut(&mut sorted)
    }

    /// [`Summary::of`] reordering `samples` in place (no copy): the
    /// percentiles' order statistics are found by selection, in linear time.
    #[must_use]
    pub fn of_mut(samples: &mut [f64]) -> Option<Summary> {
        if samples.is_empty() || samples.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let n = samples.len();
        let first = samples.first().copied().unwrap_or_default();
        // A value without uncertainty (every sample equal) is its own mean,
        // bit for bit: the rounding of `Σ x / n` would otherwise set it
        // apart from its percentiles.
        let mean = if samples.iter().all(|x| *x == first) {
            first
        } else {
            samples.iter().sum::<f64>() / n as f64
        };
        let ss: f64 = samples.iter().map(|x| (x - mean) * (x - mean)).sum();
        let sd = if n > 1 {
            libm::sqrt(ss / (n - 1) as f64)
        } else {
            0.0
        };
        // Increasing p: each selection works on the part right of the last.
        let mut from = 0;
        let mut pick = |p: f64| {
            let h = (n - 1) as f64 * p;
            let i = h.floor() as usize;
            let rest = samples.get_mut(from..).unwrap_or_default();
            let (_, x0, right) = rest.select_nth_unstable_by(i - from, f64::total_cmp);
            let x0 = *x0;
            let x1 = right.iter().copied().fold(f64::INFINITY, f64::min);
            from = i;
            if x1.is_finite() {
                x0 + (h - h.floor()) * (x1 - x0)
            } else {
                x0
            }
        };
        let (p5, p50, p95) = (pick(0.05), pick(0.50), pick(0.95));
        Some(Summary {
            samples: n,
            mean,
            sd,
            se: sd / libm::sqrt(n as f64),
            p5,
            p50,
            p95,
        })
    }
}

/// The `p`-th quantile (`0 <= p <= 1`) of samples sorted in increasing
/// order, by the module's rule; NaN for no sample.
#[must_use]
pub fn percentile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor();
    let i = lo as usize;
    let x0 = sorted.get(i).copied().unwrap_or(f64::NAN);
    match sorted.get(i + 1) {
        Some(x1) => x0 + (h - lo) * (x1 - x0),
        None => x0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_percentiles() {
        // numpy.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 50, 95])
        // = [1.45, 5.5, 9.55].
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = Summary::of(&xs).unwrap();
        assert!((s.p5 - 1.45).abs() < 1e-12);
        assert!((s.p50 - 5.5).abs() < 1e-12);
        assert!((s.p95 - 9.55).abs() < 1e-12);
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[1.0, f64::NAN]), None);
        let one = Summary::of(&[3.0]).unwrap();
        assert_eq!((one.p5, one.p95, one.sd), (3.0, 3.0, 0.0));
    }

    #[test]
    fn selection_gives_the_sorted_percentiles() {
        let xs: Vec<f64> = (0..1001)
            .map(|i| f64::from((i * 7919) % 1009) * 0.37)
            .collect();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let s = Summary::of(&xs).unwrap();
        for (p, got) in [(0.05, s.p5), (0.5, s.p50), (0.95, s.p95)] {
            assert_eq!(got.to_bits(), percentile_sorted(&sorted, p).to_bits());
        }
    }
}
