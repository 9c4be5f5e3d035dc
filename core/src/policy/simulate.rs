//! The stock-and-flow engine: cohorts (entity × kind × zone × vintage)
//! aggregated from the inventory first, then followed year by year.

use super::Policy;
use crate::accounting::embodied_gwp_phases;
use crate::catalog::Catalog;
use crate::error::{Error, Location, Result};
use crate::inventory::{default_bits, Inventory};
use crate::quantity::{Estimate, Phase};
use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::result::{Comparison, PolicyResult};
use super::run::Run;

/// Central, low, high.
pub(super) type Lanes = [f64; 3];

/// Which values the lanes of a simulation carry: all of them for a result;
/// one source only for the Monte Carlo of a comparison, which reads each
/// total's coefficient on each uncertain input from such runs (every total
/// is linear in the values, methodology §8.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Carry {
    /// Every value.
    #[default]
    All,
    /// The catalog's embodied values (`table`): rows without their own and
    /// purchases.
    Catalog,
    /// The electricity of rows using a default and of purchases
    /// (`energy_table`).
    DefaultEnergy,
    /// The rows' own embodied values.
    OwnEmbodied,
    /// The rows' own electricity.
    OwnEnergy,
}

/// Simulates `policy` over a whole in-memory inventory.
///
/// # Errors
///
/// [`Error::EmptyInventory`] for an empty inventory; a policy value out of
/// range or naming an unknown kind ([`Policy::validate`]).
pub fn simulate(inventory: &Inventory, policy: &Policy) -> Result<PolicyResult> {
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::default(),
        });
    }
    let mut s = Simulator::new(inventory.catalog().clone(), policy.clone())?;
    s.add(inventory)?;
    s.finish(inventory.entities())
}

/// Simulates every policy over the same inventory and compares them.
///
/// # Errors
///
/// As [`simulate`], for the first policy that fails.
pub fn compare(inventory: &Inventory, policies: &[Policy]) -> Result<Comparison> {
    let results = policies
        .iter()
        .map(|p| simulate(inventory, p))
        .collect::<Result<Vec<_>>>()?;
    Ok(Comparison::from_results(results))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Key {
    pub(super) entity: u32,
    pub(super) kind: u16,
    pub(super) zone: u16,
    pub(super) vintage: i32,
    pub(super) disposal: i32,
    pub(super) lifespan_bits: u64,
}

/// A policy simulation fed in batches: rows are aggregated into cohorts
/// as they come (memory follows the cohorts, not the lines).
#[derive(Debug, Clone)]
pub struct Simulator {
    pub(super) catalog: Arc<Catalog>,
    pub(super) policy: Policy,
    pub(super) index: FxHashMap<Key, u32>,
    pub(super) cohorts: Vec<(Key, f64, Lanes, Lanes, Lanes)>,
    /// Per kind: catalog embodied per phase (gwp), lanes.
    pub(super) table: Vec<[Lanes; 3]>,
    /// Per kind: the default electricity of a new device, kWh a year, lanes.
    pub(super) energy_table: Vec<Lanes>,
    /// Which values the lanes carry.
    pub(super) carry: Carry,
    /// Per kind: why its replacements cannot be bought (a kind bought
    /// without a default electricity use).
    pub(super) unbuyable: Vec<Option<Error>>,
    /// The inventory's last purchase year (the start of a horizon taken
    /// from the inventory).
    pub(super) last_purchase: Option<i32>,
}

/// Per kind, the [`Error::NoDefaultEnergy`] its replacements would meet:
/// the policy buys them (like for like, or the kinds of its
/// `replacement_mix`) with their default electricity use.
fn unbuyable(catalog: &Catalog, policy: &Policy) -> Vec<Option<Error>> {
    let no_energy = |kind: &str| {
        catalog
            .kind_id(kind, &Location::default())
            .ok()
            .and_then(|id| catalog.archetype(id).ok())
            .filter(|a| a.annual_energy_kwh.is_none())
            .map(|a| a.kind.clone())
    };
    catalog
        .kinds()
        .map(|(id, arch)| {
            let mix = policy
                .replacement_mix
                .iter()
                .find(|(from, _)| catalog.kind_id(from, &Location::default()).ok() == Some(id));
            match mix {
                Some((from, to)) => to.iter().find_map(|(kind, pct)| {
                    let bought = no_energy(kind).filter(|_| *pct > 0.0)?;
                    Some(Error::NoDefaultEnergy {
                        at: Location::file("policy").with_column(&format!("replacement_mix.{from}.{kind}")),
                        kind: bought,
                        fill: format!("`replacement_mix.{from}` with kinds that have one (the policy buys replacements with their default electricity use)"),
                    })
                }),
                None => arch.annual_energy_kwh.is_none().then(|| Error::NoDefaultEnergy {
                    at: Location::file("policy").with_column(&format!("replacement_mix.{}", arch.kind)),
                    kind: arch.kind.clone(),
                    fill: format!("`replacement_mix.{}` with kinds that have one (the policy replaces devices like for like, with their default electricity use)", arch.kind),
                }),
            }
        })
        .collect()
}

impl Simulator {
    /// A simulator of `policy` with `catalog`.
    ///
    /// # Errors
    ///
    /// [`Policy::validate`]'s errors, located at the source `policy`.
    pub fn new(catalog: Arc<Catalog>, policy: Policy) -> Result<Self> {
        policy.validate("policy", &catalog)?;
        // A kind's embodied footprint per phase, as a purchase books it:
        // a catalog without one is an error, never a zero.
        let table = catalog
            .kinds()
            .map(|(kind, arch)| {
                let mut phases = [[0.0; 3]; 3];
                for (slot, p) in phases.iter_mut().zip(Phase::EMBODIED) {
                    *slot = catalog
                        .embodied(0, kind, p)
                        .map(Estimate::bounds)
                        .ok_or_else(|| {
                            Error::dataset(
                                "catalog",
                                0,
                                format!(
                                    "no embodied climate footprint of `{}` in the phase {}",
                                    arch.kind,
                                    p.id()
                                ),
                            )
                        })?;
                }
                Ok(phases)
            })
            .collect::<Result<_>>()?;
        // A kind without a default electricity use is missing (NaN lanes),
        // never zero; it is never bought (`unbuyable`).
        let energy_table = catalog
            .archetypes()
            .iter()
            .map(|a| a.annual_energy_kwh.map_or([f64::NAN; 3], |e| e.bounds()))
            .collect();
        Ok(Self {
            unbuyable: unbuyable(&catalog, &policy),
            catalog,
            policy,
            index: FxHashMap::default(),
            cohorts: Vec::new(),
            table,
            energy_table,
            carry: Carry::All,
            last_purchase: None,
        })
    }

    /// Aggregates every row of `inventory` in service in the start year or
    /// later into its cohort.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] when the inventory was validated against another
    /// catalog; [`Error::NoDefaultEnergy`] for a row without an annual
    /// energy, or of a kind whose replacements have no default electricity
    /// use (never simulated with a made-up zero).
    pub fn add(&mut self, inventory: &Inventory) -> Result<()> {
        if !Arc::ptr_eq(inventory.catalog(), &self.catalog) {
            return Err(Error::dataset(
                "catalog",
                0,
                "the inventory was validated against another catalog than the simulation's",
            ));
        }
        inventory.check_energy("a policy simulation books the use phase")?;
        let r = inventory.rows();
        let start = self.policy.start_year;
        let archetypes = self.catalog.archetypes();
        for i in 0..r.len() {
            let (Some(&disposal), Some(kind), Some(zone), Some(&q), Some(&lifespan)) = (
                r.disposal_year.get(i),
                r.kind.get(i),
                r.zone.get(i),
                r.quantity.get(i),
                r.lifespan_years.get(i),
            ) else {
                continue;
            };
            // A horizon taken from the inventory starts only once every row
            // is in: which rows are in service at its start is decided then.
            if disposal < start && !self.policy.horizon_from_inventory {
                continue;
            }
            if let Some(&vintage) = r.purchase_year.get(i) {
                self.last_purchase = Some(self.last_purchase.map_or(vintage, |v| v.max(vintage)));
            }
            let k = kind.index();
            if let Some(Some(e)) = self.unbuyable.get(k) {
                return Err(e.clone());
            }
            let key = Key {
                entity: r.entity.get(i).copied().unwrap_or(0),
                kind: k as u16,
                zone: zone.index() as u16,
                vintage: r.purchase_year.get(i).copied().unwrap_or(start),
                disposal,
                lifespan_bits: lifespan.to_bits(),
            };
            let own = r.embodied_kgco2e.get(i).copied().flatten();
            let (Some(shares), Some(table)) =
                (archetypes.get(k).map(|a| a.shares), self.table.get(k))
            else {
                continue;
            };
            let default_energy = r
                .defaults
                .get(i)
                .is_some_and(|d| d & default_bits::ENERGY != 0);
            let (embodied, powered) = match self.carry {
                Carry::All => (true, true),
                Carry::Catalog => (own.is_none(), false),
                Carry::DefaultEnergy => (false, default_energy),
                Carry::OwnEmbodied => (own.is_some(), false),
                Carry::OwnEnergy => (false, !default_energy),
            };
            let [m, t, e] = if embodied {
                embodied_gwp_phases(own, &shares, table)
            } else {
                [[0.0; 3]; 3]
            };
            let energy = match r.energy_kwh.get(i) {
                Some(e) if powered => *e,
                _ => [0.0; 3],
            };
            let next = self.cohorts.len() as u32;
            let slot = *self.index.entry(key).or_insert(next);
            if slot == next {
                self.cohorts.push((key, 0.0, [0.0; 3], [0.0; 3], [0.0; 3]));
            }
            if let Some(c) = self.cohorts.get_mut(slot as usize) {
                c.1 += q;
                for b in 0..3 {
                    let at = |l: &Lanes| l.get(b).copied().unwrap_or(0.0);
                    if let (Some(ce), Some(cm), Some(cl)) =
                        (c.2.get_mut(b), c.3.get_mut(b), c.4.get_mut(b))
                    {
                        *ce += q * at(&energy);
                        *cm += q * (at(&m) + at(&t));
                        *cl += q * at(&e);
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs the years and returns the results; `entity_names` are the
    /// inventory's (indexed by entity id).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] at the result's field for a figure the run
    /// could not compute as an estimate (never replaced by zero), or at
    /// `trajectory_base_year` for a base year outside the horizon.
    pub fn finish(mut self, entity_names: &[String]) -> Result<PolicyResult> {
        let note = self.horizon_from_inventory();
        let mut result = Run::new(self)?.run(entity_names)?;
        result.notes.splice(0..0, note);
        Ok(result)
    }

    /// A horizon taken from the inventory ([`Policy::horizon_from_inventory`]):
    /// it starts in the inventory's last purchase year (at the latest in a
    /// named `end_year`) and keeps the default horizon's length unless
    /// `end_year` is named; rows out of service by then are left out, as
    /// they are for a named start year. Its note says so.
    fn horizon_from_inventory(&mut self) -> Option<crate::note::Note> {
        let p = &mut self.policy;
        if !p.horizon_from_inventory {
            return None;
        }
        let last = self.last_purchase?;
        let span = p.end_year - p.start_year;
        let start = if p.end_year_named {
            last.min(p.end_year)
        } else {
            last
        };
        let end = if p.end_year_named {
            p.end_year
        } else {
            (start + span).min(crate::quantity::bounds::YEARS.1)
        };
        p.start_year = start;
        p.end_year = end;
        self.cohorts.retain(|(key, ..)| key.disposal >= start);
        self.index.clear();
        Some(crate::note::Note {
            code: "horizon_from_inventory",
            message: format!(
                "the policy names no start_year: the horizon is {start}-{end}, starting in the inventory's last purchase year{} so that every device listed is in the starting fleet (name start_year and end_year to choose it)",
                if start < last { format!(" (at the latest in end_year {end})") } else { format!(" {last}") }
            ),
        })
    }
}
