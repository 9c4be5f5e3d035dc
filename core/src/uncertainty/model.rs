//! The reduced model of a Monte Carlo run: uncertain inputs, their draws,
//! and measures written as sums of coefficient × draw (× draw).
//!
//! An engine first reduces its inventory, line by line, to a coefficient
//! per uncertain value (a group's laptops book 2.5 × the laptop's embodied
//! footprint this year); only then are `N` samples drawn, one per input,
//! and every measure evaluated over them. Memory follows inputs × samples
//! plus the groups' coefficients, never the number of lines.
//!
//! * An [`Input`] is one uncertain quantity drawn once per sample (a kind's
//!   embodied footprint, a zone-year's grid intensity): one uniform stream
//!   ([`super::rng::Stream`], keyed by [`Input::key`]).
//! * A channel is a value read from an input's uniform draw through a
//!   [`Distribution`]'s quantile: the channels of one input move together
//!   (the same `U`), those of different inputs are independent.
//! * An [`Expr`] is `Σ coef × channel` or `Σ coef × channel × channel`.
//!
//! ```
//! use empreinte::quantity::Estimate;
//! use empreinte::uncertainty::{Distribution, Draws, Expr, Model, Shape};
//! let mut model = Model::default();
//! let laptop = model.input("kind:laptop:embodied", "laptop, embodied");
//! let value = Distribution::fit(Shape::Triangular, Estimate::new(200.0, 150.0, 300.0).map_err(|p| format!("{p:?}"))?)?;
//! let x = model.channel(laptop, value);
//! let mut fleet = Expr::default();
//! fleet.add(10.0, x);
//! let draws = Draws::new(&model, 42, 10_000)?;
//! let s = draws.summary(&fleet).unwrap();
//! assert!((s.mean - 10.0 * value.mean()).abs() < 4.0 * s.se);
//! let drivers = draws.drivers(&model, &fleet);
//! assert_eq!(drivers[0].label, "laptop, embodied");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::distribution::Distribution;
use super::rng::Stream;
use super::stats::Summary;
use crate::error::{Error, Location, Result};
use serde::Serialize;

/// The fewest and most samples a run takes.
pub const SAMPLES: std::ops::RangeInclusive<usize> = 100..=1_000_000;

/// The default number of samples.
pub const DEFAULT_SAMPLES: usize = 10_000;

/// The default seed.
pub const DEFAULT_SEED: u64 = 1;

/// Points of the midpoint rule behind the variance shares of an additive
/// model.
const QUADRATURE: usize = 2048;

/// One uncertain input, drawn once per sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    /// Stable key: it seeds the input's stream (`kind:laptop:embodied`).
    pub key: String,
    /// The input as a person reads it (`laptop, embodied`).
    pub label: String,
}

/// An input of a [`Model`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InputId(u32);

/// A value read from an input's draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChannelId(u32);

/// Uncertain inputs and the values read from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    inputs: Vec<Input>,
    channels: Vec<(InputId, Distribution)>,
}

impl Model {
    /// The input with `key`, added with `label` if it is new.
    pub fn input(&mut self, key: &str, label: &str) -> InputId {
        let at = match self.inputs.iter().position(|i| i.key == key) {
            Some(at) => at,
            None => {
                self.inputs.push(Input {
                    key: key.to_owned(),
                    label: label.to_owned(),
                });
                self.inputs.len() - 1
            }
        };
        InputId(at as u32)
    }

    /// A value of `input` distributed as `distribution`: read as
    /// `distribution.quantile(U)` from the input's draw `U`.
    pub fn channel(&mut self, input: InputId, distribution: Distribution) -> ChannelId {
        self.channels.push((input, distribution));
        ChannelId(self.channels.len() as u32 - 1)
    }

    /// The inputs, in the order they were added.
    #[must_use]
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// The input and distribution of a channel.
    #[must_use]
    pub fn channel_of(&self, c: ChannelId) -> Option<(InputId, Distribution)> {
        self.channels.get(c.0 as usize).copied()
    }

    fn uncertain(&self, f: Factor) -> Option<InputId> {
        match self.distribution(f)? {
            (_, Distribution::Exact { .. }) => None,
            (i, _) => Some(i),
        }
    }

    fn distribution(&self, f: Factor) -> Option<(InputId, Distribution)> {
        match f {
            Factor::Channel(c) => self.channel_of(c),
            Factor::Fitted(i, d) => Some((i, d)),
        }
    }
}

/// A factor of a term: a channel of the model, or a distribution read from
/// an input's draw in place (a value fitted to one group's lines).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Factor {
    Channel(ChannelId),
    Fitted(InputId, Distribution),
}

/// A term `coef × a` or `coef × a × b`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Term {
    coef: f64,
    a: Factor,
    b: Option<Factor>,
}

/// A measure as a function of the draws: a constant plus terms `coef ×
/// channel` and `coef × channel × channel`, in the measure's unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expr {
    constant: f64,
    terms: Vec<Term>,
}

impl Expr {
    /// Adds a constant (a value without uncertainty).
    pub fn add_constant(&mut self, value: f64) {
        self.constant += value;
    }

    /// Adds `coef × a`; terms on the same channel are merged.
    pub fn add(&mut self, coef: f64, a: ChannelId) {
        self.add_term(coef, Factor::Channel(a), None);
    }

    /// Adds `coef × d.quantile(U)` with `U` the draw of `input`: a value
    /// read from the input's draw without a channel of its own (computed
    /// when the expression is evaluated; no memory per sample).
    /// An exact `d` is added as the constant `coef × value`.
    pub fn add_fitted(&mut self, coef: f64, input: InputId, d: Distribution) {
        if let Distribution::Exact { value } = d {
            self.constant += coef * value;
            return;
        }
        self.add_term(coef, Factor::Fitted(input, d), None);
    }

    /// Adds `coef × a × b`; terms on the same channels are merged.
    pub fn add_product(&mut self, coef: f64, a: ChannelId, b: ChannelId) {
        self.add_term(coef, Factor::Channel(a), Some(Factor::Channel(b)));
    }

    fn add_term(&mut self, coef: f64, a: Factor, b: Option<Factor>) {
        match self.terms.iter_mut().find(|t| t.a == a && t.b == b) {
            Some(t) => t.coef += coef,
            None => self.terms.push(Term { coef, a, b }),
        }
    }

    /// `self + k × other`.
    pub fn add_scaled(&mut self, k: f64, other: &Expr) {
        self.constant += k * other.constant;
        for t in &other.terms {
            self.add_term(k * t.coef, t.a, t.b);
        }
    }

    /// Whether the expression has no term and no constant.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.constant == 0.0 && self.terms.iter().all(|t| t.coef == 0.0)
    }

    /// The uncertain inputs a term depends on (one or two; none for exact
    /// channels).
    fn inputs_of(&self, model: &Model, t: &Term) -> (Option<InputId>, Option<InputId>) {
        (model.uncertain(t.a), t.b.and_then(|b| model.uncertain(b)))
    }

    /// Whether the expression is a sum of functions of one input each (no
    /// term multiplies two different uncertain inputs): its variance is then
    /// the sum of the inputs' contributions.
    #[must_use]
    pub fn is_additive(&self, model: &Model) -> bool {
        self.terms.iter().all(|t| match self.inputs_of(model, t) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
    }
}

/// `N` samples of every input and channel of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    n: usize,
    seed: u64,
    /// Input-major uniforms, `n` per input.
    uniforms: Vec<f64>,
    /// Channel-major values, `n` per channel.
    values: Vec<f64>,
}

impl Draws {
    /// Draws `n` samples of every input of `model` under `seed`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] at the option `samples` when `n` is outside
    /// [`SAMPLES`].
    pub fn new(model: &Model, seed: u64, n: usize) -> Result<Draws> {
        if !SAMPLES.contains(&n) {
            return Err(Error::OutOfRange {
                at: Location::option("samples"),
                value: n as f64,
                allowed: format!("{} to {} samples", SAMPLES.start(), SAMPLES.end()),
            });
        }
        let mut uniforms = Vec::with_capacity(model.inputs.len() * n);
        for input in &model.inputs {
            uniforms.extend(Stream::new(seed, &input.key).take(n));
        }
        let mut values = Vec::with_capacity(model.channels.len() * n);
        for (input, d) in &model.channels {
            let at = input.0 as usize * n;
            let u = uniforms.get(at..at + n).unwrap_or(&[]);
            values.extend(u.iter().map(|&u| d.quantile(u)));
        }
        Ok(Draws {
            n,
            seed,
            uniforms,
            values,
        })
    }

    /// The number of samples.
    #[must_use]
    pub fn samples(&self) -> usize {
        self.n
    }

    /// The seed.
    #[must_use]
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The samples of a channel (empty for a foreign id).
    #[must_use]
    pub fn channel(&self, c: ChannelId) -> &[f64] {
        let at = c.0 as usize * self.n;
        self.values.get(at..at + self.n).unwrap_or(&[])
    }

    /// The uniform draws of an input (empty for a foreign id).
    #[must_use]
    pub fn uniforms(&self, i: InputId) -> &[f64] {
        let at = i.0 as usize * self.n;
        self.uniforms.get(at..at + self.n).unwrap_or(&[])
    }

    /// The samples of `expr`, written into `out` (resized to `n`).
    pub fn evaluate_into(&self, expr: &Expr, out: &mut Vec<f64>) {
        out.clear();
        out.resize(self.n, expr.constant);
        for t in &expr.terms {
            match (t.a, t.b) {
                (Factor::Channel(a), None) => {
                    for (o, x) in out.iter_mut().zip(self.channel(a)) {
                        *o += t.coef * x;
                    }
                }
                (Factor::Fitted(i, d), None) => {
                    for (o, u) in out.iter_mut().zip(self.uniforms(i)) {
                        *o += t.coef * d.quantile(*u);
                    }
                }
                (a, Some(b)) => {
                    for (s, o) in out.iter_mut().enumerate() {
                        *o += t.coef * self.factor(a, s) * self.factor(b, s);
                    }
                }
            }
        }
    }

    /// Sample `s` of a factor.
    fn factor(&self, f: Factor, s: usize) -> f64 {
        match f {
            Factor::Channel(c) => self.channel(c).get(s).copied().unwrap_or(0.0),
            Factor::Fitted(i, d) => d.quantile(self.uniforms(i).get(s).copied().unwrap_or(0.5)),
        }
    }

    /// The samples of `expr`.
    #[must_use]
    pub fn evaluate(&self, expr: &Expr) -> Vec<f64> {
        let mut out = Vec::new();
        self.evaluate_into(expr, &mut out);
        out
    }

    /// The summary of `expr`'s samples; `None` if one is not finite.
    #[must_use]
    pub fn summary(&self, expr: &Expr) -> Option<Summary> {
        Summary::of_mut(&mut self.evaluate(expr))
    }

    /// What drives the spread of `expr`: each input's share of its
    /// variance, largest first (inputs that do not move it are left out).
    ///
    /// An additive expression ([`Expr::is_additive`]: the fleet's linear
    /// model) gets exact shares, `Var f_j(U_j) / Σ_k Var f_k(U_k)` with
    /// `f_j` the terms of input `j`, by an 2,048-point midpoint rule over
    /// `U_j` (no sampling noise; they sum to 1). Otherwise each share is a
    /// first-order Sobol index estimated from the samples
    /// ([`first_order_index`]); they sum to at most about 1, the rest being
    /// interactions.
    #[must_use]
    pub fn drivers(&self, model: &Model, expr: &Expr) -> Vec<Driver> {
        let mut out: Vec<Driver> = if expr.is_additive(model) {
            let vars: Vec<(usize, f64)> = (0..model.inputs.len())
                .map(|j| (j, contribution_variance(model, expr, InputId(j as u32))))
                .collect();
            let total: f64 = vars.iter().map(|(_, v)| v).sum();
            vars.into_iter()
                .filter(|(_, v)| *v > 0.0 && total > 0.0)
                .map(|(j, v)| driver(model, j, v / total, Method::Linear))
                .collect()
        } else {
            let y = self.evaluate(expr);
            (0..model.inputs.len())
                .filter(|&j| {
                    expr.terms.iter().any(|t| {
                        let (a, b) = expr.inputs_of(model, t);
                        a == Some(InputId(j as u32)) || b == Some(InputId(j as u32))
                    })
                })
                .map(|j| {
                    let s = first_order_index(self.uniforms(InputId(j as u32)), &y);
                    driver(model, j, s, Method::SobolFirstOrder)
                })
                .collect()
        };
        out.sort_by(|a, b| {
            b.variance_share
                .total_cmp(&a.variance_share)
                .then(a.key.cmp(&b.key))
        });
        out
    }
}

fn driver(model: &Model, j: usize, share: f64, method: Method) -> Driver {
    let input = model.inputs.get(j).cloned().unwrap_or(Input {
        key: String::new(),
        label: String::new(),
    });
    Driver {
        key: input.key,
        label: input.label,
        variance_share: share,
        method,
    }
}

/// The variance of the terms of `expr` that depend on input `j` only, by
/// the midpoint rule over its uniform draw.
fn contribution_variance(model: &Model, expr: &Expr, j: InputId) -> f64 {
    let value = |f: Factor, u: f64| model.distribution(f).map_or(0.0, |(_, d)| d.quantile(u));
    let terms: Vec<&Term> = expr
        .terms
        .iter()
        .filter(|t| {
            let (a, b) = expr.inputs_of(model, t);
            a.or(b) == Some(j)
        })
        .collect();
    if terms.is_empty() {
        return 0.0;
    }
    let (mut s1, mut s2) = (0.0, 0.0);
    for i in 0..QUADRATURE {
        let u = (i as f64 + 0.5) / QUADRATURE as f64;
        let f: f64 = terms
            .iter()
            .map(|t| t.coef * value(t.a, u) * t.b.map_or(1.0, |b| value(b, u)))
            .sum();
        s1 += f;
        s2 += f * f;
    }
    let m = s1 / QUADRATURE as f64;
    (s2 / QUADRATURE as f64 - m * m).max(0.0)
}

/// How a [`Driver`]'s share was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Exact variance decomposition of an additive model.
    Linear,
    /// First-order Sobol index estimated from the samples.
    SobolFirstOrder,
}

/// One input's share of a measure's variance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// The input's key.
    pub key: String,
    /// The input as a person reads it.
    pub label: String,
    /// Its share of the variance, 0-1.
    pub variance_share: f64,
    /// How the share was computed.
    pub method: Method,
}

/// One sentence on the largest of `drivers` (sorted, largest first), for
/// the table view: "62 % of the uncertainty of the total comes from
/// monitor 22-24 in, embodied: an inventory of their models would narrow
/// it most."; `None` without drivers.
#[must_use]
pub fn drivers_sentence(drivers: &[Driver]) -> Option<String> {
    let d = drivers.first()?;
    let advice = if d.key.ends_with(":inventory") {
        "better values in the inventory for them would narrow it most"
    } else if d.key.contains(":energy") {
        "measuring their electricity use would narrow it most"
    } else {
        "an inventory of their models would narrow it most"
    };
    Some(format!(
        "{:.0} % of the uncertainty of the total comes from {}: {advice}.",
        100.0 * d.variance_share,
        d.label
    ))
}

/// The first-order Sobol index `Var(E[Y | X]) / Var(Y)` of an input from
/// the samples of a run (a "given data" estimator: no extra model
/// evaluation). The input's uniform draws `u` are cut into `B = ⌊√n⌋`
/// equal-probability bins (`⌊u B⌋`); with `ȳ_b`, `n_b` the bins' means and
/// counts and `W` the pooled within-bin variance,
/// `S = (Σ_b n_b (ȳ_b − ȳ)² / n − (B − 1) W / n) / Var(Y)`, the second term
/// removing the between-bin variance that noise alone gives. Clamped to
/// `[0, 1]`; 0 when `Y` does not vary.
#[must_use]
pub fn first_order_index(u: &[f64], y: &[f64]) -> f64 {
    let n = u.len().min(y.len());
    if n < 4 {
        return 0.0;
    }
    let bins = (libm::sqrt(n as f64) as usize).max(2);
    let mut sum = vec![0.0; bins];
    let mut count = vec![0.0_f64; bins];
    let bin = |u: f64| ((u * bins as f64) as usize).min(bins - 1);
    for (&u, &y) in u.iter().zip(y).take(n) {
        let b = bin(u);
        if let (Some(s), Some(c)) = (sum.get_mut(b), count.get_mut(b)) {
            *s += y;
            *c += 1.0;
        }
    }
    let mean = y.iter().take(n).sum::<f64>() / n as f64;
    let total: f64 = y
        .iter()
        .take(n)
        .map(|y| (y - mean) * (y - mean))
        .sum::<f64>()
        / n as f64;
    if total <= 0.0 {
        return 0.0;
    }
    let means: Vec<f64> = sum
        .iter()
        .zip(&count)
        .map(|(s, c)| if *c > 0.0 { s / c } else { 0.0 })
        .collect();
    let mut within = 0.0;
    for (&u, &y) in u.iter().zip(y).take(n) {
        let m = means.get(bin(u)).copied().unwrap_or(0.0);
        within += (y - m) * (y - m);
    }
    let used = count.iter().filter(|c| **c > 0.0).count();
    let within = within / (n - used).max(1) as f64;
    let between: f64 = means
        .iter()
        .zip(&count)
        .map(|(m, c)| c * (m - mean) * (m - mean))
        .sum::<f64>()
        / n as f64;
    ((between - (used.saturating_sub(1)) as f64 * within / n as f64) / total).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::Estimate;
    use crate::uncertainty::Shape;

    fn tri(c: f64, l: f64, h: f64) -> Distribution {
        Distribution::fit(Shape::Triangular, Estimate::new(c, l, h).unwrap()).unwrap()
    }

    #[test]
    fn channels_of_one_input_move_together() {
        let mut m = Model::default();
        let i = m.input("a", "A");
        let x = m.channel(i, tri(2.0, 1.0, 4.0));
        let y = m.channel(i, tri(20.0, 10.0, 40.0));
        assert_eq!(m.input("a", "other label"), i);
        let d = Draws::new(&m, 3, 1000).unwrap();
        for (a, b) in d.channel(x).iter().zip(d.channel(y)) {
            assert!((b - 10.0 * a).abs() < 1e-9);
        }
        assert!(Draws::new(&m, 3, 10).is_err());
    }

    #[test]
    fn additive_shares_sum_to_one_and_products_are_not_additive() {
        let mut m = Model::default();
        let (a, b) = (m.input("a", "A"), m.input("b", "B"));
        let (x, y) = (
            m.channel(a, tri(2.0, 1.0, 4.0)),
            m.channel(b, tri(2.0, 1.0, 3.0)),
        );
        let mut e = Expr::default();
        e.add(1.0, x);
        e.add(1.0, y);
        assert!(e.is_additive(&m));
        let d = Draws::new(&m, 1, 1000).unwrap();
        let shares: f64 = d.drivers(&m, &e).iter().map(|d| d.variance_share).sum();
        assert!((shares - 1.0).abs() < 1e-12);
        let mut p = Expr::default();
        p.add_product(1.0, x, y);
        assert!(!p.is_additive(&m));
        assert_eq!(d.drivers(&m, &p)[0].method, Method::SobolFirstOrder);
    }
}
