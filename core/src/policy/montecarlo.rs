//! Policies compared under Monte Carlo (methodology §8.7): each policy's
//! cumulative total as a function of the same draws (common random
//! numbers), the probability that it is below the first policy's, and the
//! P5-P95 of the difference.
//!
//! Every total of a simulation is linear in the values it books (embodied
//! footprints, electricity): the number of devices bought, kept or
//! replaced never depends on them. So each policy is simulated a few more
//! times with its lanes carrying one source of values only ([`Carry`]):
//! the catalog's embodied values at one per device (manufacture and
//! transport, then end of life), the default electricity, the rows' own
//! embodied values and their own electricity. Summed per kind over the
//! years, these runs give the coefficient of each uncertain input in the
//! cumulative total; the inputs and their draws are those of the fleet
//! assessment (`kind:<kind>:embodied`, `kind:<kind>:energy`, and their
//! `:inventory` twins), one model for every policy.

use super::result::{Comparison, PolicyResult};
use super::simulate::{Carry, Lanes, Simulator};
use super::Policy;
use crate::catalog::Catalog;
use crate::error::{Error, Location, Result};
use crate::inventory::Inventory;
use crate::quantity::Phase;
use crate::uncertainty::{fit, multiplier, Draws, Driver, Expr, Model, MonteCarlo, Shape, Summary};
use serde::Serialize;
use std::sync::Arc;

/// One policy of a comparison under Monte Carlo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McComparisonRow {
    /// The policy's name.
    pub scenario: String,
    /// Total over the years, kg CO2e.
    pub cumulative_kgco2e: Summary,
    /// This policy's cumulative total minus the first's, sample by sample,
    /// kg CO2e (`None` for the first policy).
    pub difference_kgco2e: Option<Summary>,
    /// Share of the samples in which this policy's cumulative total is
    /// below the first's (`None` for the first policy).
    pub probability_below_first: Option<f64>,
    /// What drives the spread of the difference, largest share first
    /// (empty for the first policy).
    pub drivers: Vec<Driver>,
}

/// Policies side by side under Monte Carlo, with the interval comparison
/// they come from (its notes and sources hold for both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McComparison {
    /// Samples, seed and shape.
    pub monte_carlo: MonteCarlo,
    /// One row per policy, in the order given.
    pub rows: Vec<McComparisonRow>,
    /// The interval view of the same comparison.
    pub comparison: Comparison,
}

impl McComparison {
    /// One sentence per policy after the first, in kg: "B instead of A
    /// saves 1,420 kg CO2e (P5-P95 980 to 1,910 kg) with probability 1.00"
    /// (the saving: the first policy's total minus this one's, on average),
    /// or, when it emits more on average, "B instead of A emits 310 kg
    /// CO2e more (P5-P95 120 to 530 kg); probability that it emits less:
    /// 0.02".
    #[must_use]
    pub fn sentences(&self) -> Vec<String> {
        let first = self.rows.first().map(|r| r.scenario.as_str()).unwrap_or("");
        self.rows
            .iter()
            .filter_map(|r| {
                let d = r.difference_kgco2e?;
                let p = r.probability_below_first?;
                let b = &r.scenario;
                Some(if d.mean > 0.0 {
                    format!(
                        "{b} instead of {first} emits {} kg CO2e more (P5-P95 {} to {} kg); probability that it emits less: {p:.2}",
                        kg(d.mean),
                        kg(d.p5),
                        kg(d.p95),
                    )
                } else {
                    format!(
                        "{b} instead of {first} saves {} kg CO2e (P5-P95 {} to {} kg) with probability {p:.2}",
                        kg(-d.mean),
                        kg(-d.p95),
                        kg(-d.p5),
                    )
                })
            })
            .collect()
    }
}

/// A policy's cumulative total per kind (catalog order), lanes, from a
/// simulation.
fn per_kind(catalog: &Catalog, r: &PolicyResult) -> Vec<Lanes> {
    let mut out = vec![[0.0; 3]; catalog.archetypes().len()];
    for g in &r.groups {
        let Ok(id) = catalog.kind_id(&g.kind, &Location::default()) else {
            continue;
        };
        if let Some(slot) = out.get_mut(id.index()) {
            for y in &g.years {
                for (s, v) in slot.iter_mut().zip(y.total_kgco2e.bounds()) {
                    *s += v;
                }
            }
        }
    }
    out
}

/// The simulations of one policy: its result (every value), then one per
/// source of values ([`Carry`]): the catalog's manufacture and transport at
/// one per device, its end of life at one per device, the default
/// electricity, the rows' own embodied values, their own electricity.
struct Probes {
    /// The result's simulation, then the five probes, in that order (one
    /// call site each for `add` and `finish`: the simulation is not copied
    /// into the code five times).
    sims: Vec<Simulator>,
}

impl Probes {
    fn new(catalog: &Arc<Catalog>, policy: &Policy) -> Result<Probes> {
        let (one, zero) = ([1.0; 3], [0.0; 3]);
        let probes = [
            (Carry::All, None, true),
            (Carry::Catalog, Some([one, zero, zero]), false),
            (Carry::Catalog, Some([zero, zero, one]), false),
            (Carry::DefaultEnergy, None, true),
            (Carry::OwnEmbodied, None, false),
            (Carry::OwnEnergy, None, false),
        ];
        let mut sims = Vec::with_capacity(probes.len());
        for (carry, table, keep_energy) in probes {
            let mut s = Simulator::new(catalog.clone(), policy.clone())?;
            if carry != Carry::All {
                s.carry = carry;
                for t in &mut s.table {
                    *t = table.unwrap_or([[0.0; 3]; 3]);
                }
                if !keep_energy {
                    for e in &mut s.energy_table {
                        *e = [0.0; 3];
                    }
                }
            }
            sims.push(s);
        }
        Ok(Probes { sims })
    }

    fn add(&mut self, inventory: &Inventory) -> Result<()> {
        for s in &mut self.sims {
            s.add(inventory)?;
        }
        Ok(())
    }

    /// The result, and the cumulative total as an expression of the
    /// model's inputs.
    fn finish(
        self,
        entity_names: &[String],
        model: &mut Model,
        shape: Shape,
    ) -> Result<(PolicyResult, Expr)> {
        let catalog = match self.sims.first() {
            Some(s) => s.catalog.clone(),
            None => return Err(Error::dataset("catalog", 0, "no simulation")),
        };
        let mut results = Vec::with_capacity(self.sims.len());
        for s in self.sims {
            results.push(s.finish(entity_names)?);
        }
        let mut results = results.into_iter();
        let Some(result) = results.next() else {
            return Err(Error::dataset("catalog", 0, "no simulation"));
        };
        let sums: Vec<Vec<Lanes>> = results.map(|r| per_kind(&catalog, &r)).collect();
        let [mt, eol, energy, own, own_energy] =
            [0, 1, 2, 3, 4].map(|i| sums.get(i).map_or(&[][..], |v| &v[..]));
        let mut expr = Expr::default();
        for (id, arch) in catalog.kinds() {
            let k = id.index();
            let at = |v: &[Lanes]| v.get(k).copied().unwrap_or([0.0; 3]);
            let (kind, label) = (&arch.kind, &arch.label);
            // The unit runs book one per device in all three lanes: the
            // coefficient is lane 0 (manufacture and transport share theirs).
            let coefs = [at(mt)[0], at(mt)[0], at(eol)[0]];
            if coefs.iter().any(|c| *c != 0.0) {
                let input = model.input(
                    &format!("kind:{kind}:embodied"),
                    &format!("{label}, embodied"),
                );
                for (coef, phase) in coefs.into_iter().zip(Phase::EMBODIED) {
                    if let (Some(e), true) = (catalog.embodied(0, id, phase), coef != 0.0) {
                        let s = catalog.embodied_shape(0, id, phase).unwrap_or(shape);
                        expr.add_fitted(coef, input, fit(s, e, kind)?);
                    }
                }
            }
            let fitted = [
                (at(energy), "energy", "electricity use"),
                (
                    at(own),
                    "embodied:inventory",
                    "embodied, inventory's values",
                ),
                (
                    at(own_energy),
                    "energy:inventory",
                    "electricity use, inventory's values",
                ),
            ];
            for (j, (sums, key, what)) in fitted.into_iter().enumerate() {
                if let Some(m) = multiplier(sums) {
                    let input =
                        model.input(&format!("kind:{kind}:{key}"), &format!("{label}, {what}"));
                    // The default energy is the table's value: its shape.
                    let s = match j {
                        0 => arch.distribution.unwrap_or(shape),
                        _ => shape,
                    };
                    expr.add_fitted(sums[0], input, fit(s, m, kind)?);
                }
            }
        }
        Ok((result, expr))
    }
}

/// Policies compared under Monte Carlo, fed in batches (memory follows
/// the cohorts, not the lines).
pub struct McComparator {
    policies: Vec<Probes>,
    monte_carlo: MonteCarlo,
}

impl McComparator {
    /// A comparison of `policies` (the first is the reference).
    ///
    /// # Errors
    ///
    /// As [`Simulator::new`].
    pub fn new(
        catalog: &Arc<Catalog>,
        policies: &[Policy],
        monte_carlo: MonteCarlo,
    ) -> Result<Self> {
        Ok(Self {
            policies: policies
                .iter()
                .map(|p| Probes::new(catalog, p))
                .collect::<Result<_>>()?,
            monte_carlo,
        })
    }

    /// Adds every row of `inventory`.
    ///
    /// # Errors
    ///
    /// As [`Simulator::add`].
    pub fn add(&mut self, inventory: &Inventory) -> Result<()> {
        self.policies.iter_mut().try_for_each(|p| p.add(inventory))
    }

    /// Runs the years and the samples; `entity_names` are the inventory's.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] at `distribution` for a log-normal of a
    /// value whose low bound is zero.
    pub fn finish(self, entity_names: &[String]) -> Result<McComparison> {
        let Self {
            policies,
            monte_carlo,
        } = self;
        let mut model = Model::default();
        let mut results = Vec::with_capacity(policies.len());
        let mut exprs = Vec::with_capacity(policies.len());
        for p in policies {
            let (r, e) = p.finish(entity_names, &mut model, monte_carlo.shape)?;
            results.push(r);
            exprs.push(e);
        }
        let comparison = Comparison::from_results(results);
        let draws = Draws::new(&model, monte_carlo.seed, monte_carlo.samples)?;
        let samples: Vec<Vec<f64>> = exprs.iter().map(|e| draws.evaluate(e)).collect();
        let not_finite = || {
            Error::dataset(
                "catalog",
                0,
                "a policy's cumulative total is not a finite number in a sample",
            )
        };
        let first = samples.first().cloned().unwrap_or_default();
        let mut rows = Vec::with_capacity(samples.len());
        for (i, ((s, e), r)) in samples.iter().zip(&exprs).zip(&comparison.rows).enumerate() {
            let cumulative_kgco2e = Summary::of(s).ok_or_else(not_finite)?;
            let (difference_kgco2e, probability_below_first, drivers) = if i == 0 {
                (None, None, Vec::new())
            } else {
                let d: Vec<f64> = s.iter().zip(&first).map(|(a, b)| a - b).collect();
                let below = d.iter().filter(|v| **v < 0.0).count() as f64 / d.len().max(1) as f64;
                let mut diff = e.clone();
                if let Some(f) = exprs.first() {
                    diff.add_scaled(-1.0, f);
                }
                (
                    Some(Summary::of(&d).ok_or_else(not_finite)?),
                    Some(below),
                    draws.drivers(&model, &diff),
                )
            };
            rows.push(McComparisonRow {
                scenario: r.scenario.clone(),
                cumulative_kgco2e,
                difference_kgco2e,
                probability_below_first,
                drivers,
            });
        }
        Ok(McComparison {
            monte_carlo,
            rows,
            comparison,
        })
    }
}

/// Simulates every policy over the same inventory and compares them under
/// Monte Carlo, with common random numbers: one draw of each input serves
/// every policy in a sample.
///
/// # Errors
///
/// [`Error::EmptyInventory`] for an empty inventory; as [`McComparator`].
pub fn compare_monte_carlo(
    inventory: &Inventory,
    policies: &[Policy],
    monte_carlo: MonteCarlo,
) -> Result<McComparison> {
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::default(),
        });
    }
    let mut c = McComparator::new(inventory.catalog(), policies, monte_carlo)?;
    c.add(inventory)?;
    c.finish(inventory.entities())
}

/// Whole kilograms with a comma between thousands: `-1420.4` → `-1,420`.
fn kg(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v.round() < 0.0 {
        out.insert(0, '-');
    }
    out
}
