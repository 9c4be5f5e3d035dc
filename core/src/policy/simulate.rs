//! The stock-and-flow engine: cohorts (entity × kind × zone × vintage)
//! aggregated from the inventory first, then followed year by year.

use super::extend::{extend_or_replace_with, ExtendOrReplace};
use super::{DonationRule, Policy};
use crate::accounting::{
    avoided_by_donation, booking, efficiency_trend, embodied_gwp_phases, grid_after_history,
    growth_purchases, last_service_year, service_years_split, trajectory_target, Life, Mode, NEVER,
};
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::error::{Error, Location, Result};
use crate::inventory::Inventory;
use crate::note::Note;
use crate::quantity::{Estimate, Phase};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::Arc;

/// Central, low, high.
type Lanes = [f64; 3];

/// The figures of one year for one group (or the whole fleet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    /// The year.
    pub year: i32,
    /// Devices in service during the year (those leaving in it included).
    pub stock_devices: f64,
    /// Devices bought in the year (new and refurbished).
    pub purchases_devices: f64,
    /// Devices whose (donor) life ends in the year and that are scrapped or
    /// recycled.
    pub disposals_devices: f64,
    /// Devices whose first life ends in the year and that are donated.
    pub donations_devices: f64,
    /// Devices in service past their amortisation period.
    pub devices_beyond_amortisation: f64,
    /// Mean age of the devices in service, years (`None` without devices).
    pub average_age_years: Option<f64>,
    /// Electricity used, kWh.
    pub use_energy_kwh: Estimate,
    /// Embodied footprint booked, amortised mode, kg CO2e.
    pub embodied_amortised_kgco2e: Estimate,
    /// Embodied footprint booked, acquisition mode, kg CO2e.
    pub embodied_acquisition_kgco2e: Estimate,
    /// Use phase, kg CO2e.
    pub use_kgco2e: Estimate,
    /// Embodied (in the policy's mode) plus use, kg CO2e.
    pub total_kgco2e: Estimate,
    /// `total_kgco2e` per device in service (`None` without devices).
    pub per_device_year_kgco2e: Option<Estimate>,
}

/// The years of one entity and kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupYears {
    /// The entity.
    pub entity: String,
    /// The device kind.
    pub kind: String,
    /// One entry per simulated year.
    pub years: Vec<YearFigures>,
}

/// The recipients' side of donations in one year (never in the donor's
/// totals), and the avoided emissions memo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecondLifeYear {
    /// The year.
    pub year: i32,
    /// Devices donated at the end of the year (received the next year).
    pub donated_devices: f64,
    /// Devices in their second life during the year.
    pub devices_in_second_life: f64,
    /// Recipients' electricity, kWh.
    pub use_energy_kwh: Estimate,
    /// Recipients' use phase, kg CO2e.
    pub use_kgco2e: Estimate,
    /// Refurbishment before the second life (booked the year received), kg CO2e.
    pub refurbishment_kgco2e: Estimate,
    /// Embodied footprint the recipients book (split-by-service rule only;
    /// zero under the cut-off rule), in the policy's mode, kg CO2e.
    pub embodied_kgco2e: Estimate,
    /// Avoided emissions of the year's donations (memo, never subtracted), kg CO2e.
    pub avoided_kgco2e: Estimate,
}

/// The simulation of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyResult {
    /// The policy simulated.
    pub policy: Policy,
    /// The years, in order.
    pub years: Vec<i32>,
    /// Per entity and kind (entities by name, kinds in catalog order).
    pub groups: Vec<GroupYears>,
    /// The whole fleet, per year.
    pub total: Vec<YearFigures>,
    /// Recipients of donated devices, per year.
    pub second_life: Vec<SecondLifeYear>,
    /// The reduction trajectory from the base year, per year, kg CO2e.
    pub trajectory_kgco2e: Vec<Estimate>,
    /// First year after the base year whose total is at or below the
    /// trajectory (central values).
    pub crossing_year: Option<i32>,
    /// Extend or replace, per kind of the inventory.
    pub extend_or_replace: Vec<ExtendOrReplace>,
    /// Assumptions, fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where the values used came from.
    pub sources: Vec<SourceUse>,
    /// The dataset editions of the catalog.
    pub datasets: Vec<DatasetInfo>,
}

impl PolicyResult {
    /// Sum of the totals over the years, kg CO2e.
    #[must_use]
    pub fn cumulative_kgco2e(&self) -> Estimate {
        self.total
            .iter()
            .fold(Estimate::ZERO, |acc, y| acc + y.total_kgco2e)
    }
}

/// One policy of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// The policy's name.
    pub scenario: String,
    /// Total over the years, kg CO2e.
    pub cumulative_kgco2e: Estimate,
    /// Central cumulative total minus the first policy's, kg CO2e.
    pub cumulative_difference_kgco2e: f64,
    /// Devices bought over the years.
    pub purchases_devices: f64,
    /// Base year of the trajectory.
    pub base_year: i32,
    /// First year at or below the trajectory.
    pub crossing_year: Option<i32>,
}

/// Policies side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Each policy's simulation, in the order given.
    pub results: Vec<PolicyResult>,
    /// One row per policy.
    pub rows: Vec<ComparisonRow>,
}

impl Comparison {
    /// The comparison of simulations already run (the first is the
    /// reference of the differences).
    #[must_use]
    pub fn from_results(mut results: Vec<PolicyResult>) -> Comparison {
        super::names::make_distinct(&mut results);
        let first = results
            .first()
            .map_or(0.0, |r| r.cumulative_kgco2e().central());
        let rows = results
            .iter()
            .map(|r| {
                let cumulative = r.cumulative_kgco2e();
                ComparisonRow {
                    scenario: r.policy.name.clone(),
                    cumulative_kgco2e: cumulative,
                    cumulative_difference_kgco2e: cumulative.central() - first,
                    purchases_devices: r.total.iter().map(|y| y.purchases_devices).sum(),
                    base_year: r.policy.base_year(),
                    crossing_year: r.crossing_year,
                }
            })
            .collect();
        Comparison { results, rows }
    }
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
    Ok(s.finish(inventory.entities()))
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
struct Key {
    entity: u32,
    kind: u16,
    zone: u16,
    vintage: i32,
    disposal: i32,
    lifespan_bits: u64,
}

/// A cohort: devices of one entity, kind, zone and vintage that share a
/// life. Energy and embodied values are sums over its devices (all results
/// are linear in them, so aggregating first is exact).
#[derive(Debug, Clone)]
struct Cohort {
    entity: u32,
    kind: u16,
    zone: u16,
    vintage: i32,
    quantity: f64,
    /// Amortisation period, years.
    amortisation: f64,
    /// Last year of (donor) service.
    last: i32,
    /// Fraction donated at the end of the first life.
    donated: f64,
    /// Share of the embodied footprint the donor books.
    donor_share: f64,
    energy: Lanes,
    mt: Lanes,
    eol: Lanes,
}

#[derive(Debug, Clone)]
struct SecondLife {
    zone: u16,
    first: i32,
    last: i32,
    quantity: f64,
    energy: Lanes,
    /// Embodied the recipients book (split rule), total.
    embodied: Lanes,
    years: f64,
}

/// Accumulator fields per group and year.
mod f {
    pub const STOCK: usize = 0;
    pub const PURCHASES: usize = 1;
    pub const DISPOSALS: usize = 2;
    pub const DONATIONS: usize = 3;
    pub const BEYOND: usize = 4;
    pub const AGE: usize = 5;
    pub const ENERGY: usize = 6;
    pub const USE: usize = 9;
    pub const AMORTISED: usize = 12;
    pub const ACQUISITION: usize = 15;
    pub const N: usize = 18;
}

/// A policy simulation fed in batches: rows are aggregated into cohorts
/// as they come (memory follows the cohorts, not the lines).
#[derive(Debug, Clone)]
pub struct Simulator {
    catalog: Arc<Catalog>,
    policy: Policy,
    index: FxHashMap<Key, u32>,
    cohorts: Vec<(Key, f64, Lanes, Lanes, Lanes)>,
    /// Per kind: catalog embodied per phase (gwp), lanes.
    table: Vec<[Lanes; 3]>,
    /// Per kind: why its replacements cannot be bought (a kind bought
    /// without a default electricity use).
    unbuyable: Vec<Option<Error>>,
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
        let table = catalog
            .kinds()
            .map(|(kind, _)| {
                Phase::EMBODIED.map(|p| {
                    catalog
                        .embodied(0, kind, p)
                        .map_or([0.0; 3], Estimate::bounds)
                })
            })
            .collect();
        Ok(Self {
            unbuyable: unbuyable(&catalog, &policy),
            catalog,
            policy,
            index: FxHashMap::default(),
            cohorts: Vec::new(),
            table,
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
            let (Some(&disposal), Some(kind), Some(zone), Some(&q)) = (
                r.disposal_year.get(i),
                r.kind.get(i),
                r.zone.get(i),
                r.quantity.get(i),
            ) else {
                continue;
            };
            if disposal < start {
                continue;
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
                lifespan_bits: r.lifespan_years.get(i).copied().unwrap_or(4.0).to_bits(),
            };
            let own = r.embodied_kgco2e.get(i).copied().flatten();
            let (Some(shares), Some(table)) =
                (archetypes.get(k).map(|a| a.shares), self.table.get(k))
            else {
                continue;
            };
            let [m, t, e] = embodied_gwp_phases(own, &shares, table);
            let energy = r.energy_kwh.get(i).copied().unwrap_or([0.0; 3]);
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
    #[must_use]
    pub fn finish(self, entity_names: &[String]) -> PolicyResult {
        Run::new(self).run(entity_names)
    }
}

/// Per-kind policy values resolved against the catalog.
struct Run {
    catalog: Arc<Catalog>,
    policy: Policy,
    start: i32,
    years: usize,
    service: Vec<Option<f64>>,
    amortisation: Vec<Option<f64>>,
    mix: Vec<Vec<(u16, f64)>>,
    table: Vec<[Lanes; 3]>,
    cohorts: Vec<Cohort>,
    /// `[zone * years + (year - start)]`, kg CO2e/kWh.
    intensity: Vec<f64>,
    extrapolated: Vec<bool>,
}

/// Adds `v` to `a[i]` (no-op out of bounds).
fn bump(a: &mut [f64], i: usize, v: f64) {
    if let Some(x) = a.get_mut(i) {
        *x += v;
    }
}

fn scale(a: Lanes, k: f64) -> Lanes {
    a.map(|v| v * k)
}

fn estimate(l: Lanes) -> Estimate {
    Estimate::from_bounds(l).unwrap_or(Estimate::ZERO)
}

impl Run {
    fn new(s: Simulator) -> Run {
        let Simulator {
            catalog,
            policy,
            cohorts,
            table,
            ..
        } = s;
        let start = policy.start_year;
        let years = (policy.end_year - start + 1).max(0) as usize;
        let per_kind = |map: &std::collections::BTreeMap<String, f64>| -> Vec<Option<f64>> {
            let mut v = vec![None; catalog.archetypes().len()];
            for (kind, years) in map {
                if let Ok(id) = catalog.kind_id(kind, &Location::default()) {
                    if let Some(slot) = v.get_mut(id.index()) {
                        *slot = Some(*years);
                    }
                }
            }
            v
        };
        let service = per_kind(&policy.lifespan_years);
        let amortisation = per_kind(&policy.amortisation_years);
        let mut mix: Vec<Vec<(u16, f64)>> = (0..catalog.archetypes().len())
            .map(|k| vec![(k as u16, 1.0)])
            .collect();
        for (from, to) in &policy.replacement_mix {
            let Ok(from) = catalog.kind_id(from, &Location::default()) else {
                continue;
            };
            let shares: Vec<(u16, f64)> = to
                .iter()
                .filter_map(|(kind, pct)| {
                    let id = catalog.kind_id(kind, &Location::default()).ok()?;
                    Some((id.index() as u16, pct / 100.0))
                })
                .collect();
            if let Some(slot) = mix.get_mut(from.index()) {
                *slot = shares;
            }
        }
        let decline = policy.grid_decline_pct_per_year / 100.0;
        let zones = catalog.grid().zones();
        let mut intensity = Vec::with_capacity(zones.len() * years);
        let mut extrapolated = Vec::with_capacity(zones.len());
        for zone in zones {
            let (_, last) = zone.years();
            let last_value = zone.intensity(last).map_or(0.0, |g| g.factor.kg_per_kwh());
            extrapolated.push(policy.end_year > last);
            for y in 0..years {
                let year = start + y as i32;
                intensity.push(if year <= last {
                    zone.intensity(year).map_or(0.0, |g| g.factor.kg_per_kwh())
                } else {
                    grid_after_history(last_value, decline, year - last)
                });
            }
        }
        let donated = policy.donated_pct / 100.0;
        let second = policy.second_life_years;
        let mut run = Run {
            start,
            years,
            service,
            amortisation,
            mix,
            table,
            cohorts: Vec::with_capacity(cohorts.len()),
            intensity,
            extrapolated,
            catalog,
            policy,
        };
        for (key, q, energy, mt, eol) in cohorts {
            let k = usize::from(key.kind);
            let row_life = f64::from_bits(key.lifespan_bits);
            let amortisation = run
                .amortisation
                .get(k)
                .copied()
                .flatten()
                .unwrap_or(row_life);
            let service = run.service.get(k).copied().flatten().unwrap_or(row_life);
            let (last, d) = if key.disposal == NEVER {
                (last_service_year(key.vintage, service).max(start), donated)
            } else {
                (key.disposal, 0.0)
            };
            let donor_share = run.donor_share(d, key.vintage, last, second);
            run.cohorts.push(Cohort {
                entity: key.entity,
                kind: key.kind,
                zone: key.zone,
                vintage: key.vintage,
                quantity: q,
                amortisation,
                last,
                donated: d,
                donor_share,
                energy,
                mt,
                eol,
            });
        }
        run
    }

    /// Share of a cohort's embodied footprint its owner books.
    fn donor_share(&self, donated: f64, vintage: i32, last: i32, second: f64) -> f64 {
        match self.policy.donation_rule {
            DonationRule::CutOff => 1.0,
            DonationRule::ServiceYears => {
                let first = f64::from(last - vintage + 1);
                (1.0 - donated) + donated * service_years_split(first, second)
            }
        }
    }

    fn intensity(&self, zone: u16, y: usize) -> f64 {
        self.intensity
            .get(usize::from(zone) * self.years + y)
            .copied()
            .unwrap_or(0.0)
    }

    #[allow(clippy::too_many_lines)]
    fn run(mut self, entity_names: &[String]) -> PolicyResult {
        let ny = self.years;
        let start = self.start;
        let p = &self.policy;
        let mode = p.mode;
        let refurbished = p.refurbished_pct / 100.0;
        let refurbished_factor = p.refurbished_embodied_pct / 100.0;
        let donated = p.donated_pct / 100.0;
        let growth = p.growth_pct_per_year / 100.0;
        let gain = p.efficiency_gain_pct_per_year / 100.0;
        let second = p.second_life_years;
        let substitution = p.substitution_pct / 100.0;
        let split_rule = p.donation_rule == DonationRule::ServiceYears;
        let mut groups: FxHashMap<(u32, u16), usize> = FxHashMap::default();
        let mut acc: Vec<f64> = Vec::new();
        let mut second_life: Vec<SecondLife> = Vec::new();
        let mut sl_acc = vec![[0.0; 17]; ny];
        let mut zone_used = vec![false; self.catalog.grid().zones().len()];
        let mut kind_bought = vec![false; self.catalog.archetypes().len()];
        let mut floored = false;
        // Inventory kinds, for extend-or-replace: devices, energy, dominant zone.
        let mut per_kind: FxHashMap<u16, (f64, f64, FxHashMap<u16, f64>)> = FxHashMap::default();
        for c in &self.cohorts {
            if c.vintage <= start && c.last >= start {
                let e = per_kind.entry(c.kind).or_default();
                e.0 += c.quantity;
                e.1 += c.energy.first().copied().unwrap_or(0.0);
                *e.2.entry(c.zone).or_default() += c.quantity;
            }
        }
        for y in 0..ny {
            let year = start + y as i32;
            // Purchases: what left last year, plus growth, through the mix.
            if y > 0 {
                let mut demand: FxHashMap<(u32, u16, u16), (f64, f64)> = FxHashMap::default();
                for c in &self.cohorts {
                    if c.vintage < year && c.last >= year - 1 {
                        let d = demand.entry((c.entity, c.kind, c.zone)).or_default();
                        d.1 += c.quantity;
                        if c.last == year - 1 {
                            d.0 += c.quantity;
                        }
                    }
                }
                let mut keys: Vec<_> = demand.into_iter().collect();
                keys.sort_by_key(|(k, _)| *k);
                for ((entity, kind, zone), (left, stock)) in keys {
                    let mut n = left + growth_purchases(stock, growth);
                    if n < 0.0 {
                        floored = true;
                        n = 0.0;
                    }
                    if n == 0.0 {
                        continue;
                    }
                    let mix = self.mix.get(usize::from(kind)).cloned().unwrap_or_default();
                    for (to, share) in mix {
                        for (part, factor) in
                            [(1.0 - refurbished, 1.0), (refurbished, refurbished_factor)]
                        {
                            let q = n * share * part;
                            if q > 0.0 {
                                self.buy(entity, to, zone, year, q, factor, gain, donated, second);
                                if let Some(b) = kind_bought.get_mut(usize::from(to)) {
                                    *b = true;
                                }
                            }
                        }
                    }
                }
            }
            // Book every cohort in service.
            for c in &self.cohorts {
                if c.vintage > year || c.last < year {
                    continue;
                }
                let life = Life {
                    purchase_year: c.vintage,
                    lifespan_years: c.amortisation,
                    disposal_year: c.last,
                };
                let (Some(am), Some(aq)) = (
                    booking(Mode::Amortised, life, year),
                    booking(Mode::Acquisition, life, year),
                ) else {
                    continue;
                };
                let g = *groups.entry((c.entity, c.kind)).or_insert_with(|| {
                    acc.resize(acc.len() + ny * f::N, 0.0);
                    acc.len() / (ny * f::N) - 1
                });
                let Some(a) = acc.get_mut((g * ny + y) * f::N..(g * ny + y + 1) * f::N) else {
                    continue;
                };
                let intensity = self.intensity(c.zone, y);
                if let Some(z) = zone_used.get_mut(usize::from(c.zone)) {
                    *z = true;
                }
                let mut put = |i: usize, v: f64| {
                    if let Some(x) = a.get_mut(i) {
                        *x += v;
                    }
                };
                put(f::STOCK, c.quantity);
                if c.vintage == year {
                    put(f::PURCHASES, c.quantity);
                }
                if c.last == year {
                    put(f::DISPOSALS, c.quantity * (1.0 - c.donated));
                    put(f::DONATIONS, c.quantity * c.donated);
                }
                if am.beyond_amortisation {
                    put(f::BEYOND, c.quantity);
                }
                put(f::AGE, c.quantity * f64::from(year - c.vintage));
                for b in 0..3 {
                    let at = |l: &Lanes| l.get(b).copied().unwrap_or(0.0);
                    put(f::ENERGY + b, at(&c.energy));
                    put(f::USE + b, at(&c.energy) * intensity);
                    let emb = |bk: &crate::accounting::Booking| {
                        c.donor_share * (bk.embodied * at(&c.mt) + bk.end_of_life * at(&c.eol))
                    };
                    put(f::AMORTISED + b, emb(&am));
                    put(f::ACQUISITION + b, emb(&aq));
                }
                // Donations at the end of the first life.
                if c.last == year && c.donated > 0.0 {
                    let q = c.quantity * c.donated;
                    let share = c.quantity.recip() * q;
                    let recipient = if split_rule {
                        let first = f64::from(c.last - c.vintage + 1);
                        1.0 - service_years_split(first, second)
                    } else {
                        0.0
                    };
                    let embodied = std::array::from_fn(|b| {
                        let at = |l: &Lanes| l.get(b).copied().unwrap_or(0.0);
                        share * recipient * (at(&c.mt) + at(&c.eol))
                    });
                    second_life.push(SecondLife {
                        zone: c.zone,
                        first: year + 1,
                        last: last_service_year(year + 1, second),
                        quantity: q,
                        energy: scale(c.energy, share),
                        embodied,
                        years: second,
                    });
                    if let Some(s) = sl_acc.get_mut(y) {
                        bump(s, 0, q);
                        let k = usize::from(c.kind);
                        let new = self.table.get(k).map_or([0.0; 3], |t| {
                            std::array::from_fn(|b| {
                                t.iter().map(|ph| ph.get(b).copied().unwrap_or(0.0)).sum()
                            })
                        });
                        let lifespan_new = self
                            .catalog
                            .archetypes()
                            .get(k)
                            .map_or(4.0, |a| a.lifespan_years);
                        for b in 0..3 {
                            bump(
                                s,
                                14 + b,
                                avoided_by_donation(
                                    q,
                                    substitution,
                                    new.get(b).copied().unwrap_or(0.0),
                                    second,
                                    lifespan_new,
                                ),
                            );
                        }
                    }
                }
            }
            // Recipients' second lives.
            for s in &second_life {
                if s.first > year || s.last < year {
                    continue;
                }
                let intensity = self.intensity(s.zone, y);
                let life = Life {
                    purchase_year: s.first,
                    lifespan_years: s.years,
                    disposal_year: s.last,
                };
                let share = booking(mode, life, year).map_or(0.0, |b| b.embodied);
                if let Some(a) = sl_acc.get_mut(y) {
                    bump(a, 1, s.quantity);
                    for b in 0..3 {
                        let e = s.energy.get(b).copied().unwrap_or(0.0);
                        bump(a, 2 + b, e);
                        bump(a, 5 + b, e * intensity);
                        bump(a, 11 + b, share * s.embodied.get(b).copied().unwrap_or(0.0));
                        if s.first == year {
                            bump(a, 8 + b, s.quantity * self.policy.refurbishment_kgco2e);
                        }
                    }
                }
            }
        }
        self.finish(
            entity_names,
            &groups,
            &acc,
            &sl_acc,
            &zone_used,
            &kind_bought,
            floored,
            &per_kind,
        )
    }

    /// Adds a cohort bought in `year`.
    #[allow(clippy::too_many_arguments)]
    fn buy(
        &mut self,
        entity: u32,
        kind: u16,
        zone: u16,
        year: i32,
        q: f64,
        embodied_factor: f64,
        gain: f64,
        donated: f64,
        second: f64,
    ) {
        let k = usize::from(kind);
        let Some(arch) = self.catalog.archetypes().get(k) else {
            return;
        };
        let amortisation = self
            .amortisation
            .get(k)
            .copied()
            .flatten()
            .unwrap_or(arch.lifespan_years);
        let service = self
            .service
            .get(k)
            .copied()
            .flatten()
            .unwrap_or(amortisation);
        let last = last_service_year(year, service);
        // Kinds bought have a default energy (checked in `Simulator::add`).
        let energy = arch
            .annual_energy_kwh
            .map_or([0.0; 3], |e| e.bounds())
            .map(|e| q * efficiency_trend(e, gain, year - self.start));
        let [m, t, e] = self.table.get(k).copied().unwrap_or([[0.0; 3]; 3]);
        let mt = std::array::from_fn(|b| {
            q * embodied_factor
                * (m.get(b).copied().unwrap_or(0.0) + t.get(b).copied().unwrap_or(0.0))
        });
        let eol = scale(e, q * embodied_factor);
        let donor_share = self.donor_share(donated, year, last, second);
        self.cohorts.push(Cohort {
            entity,
            kind,
            zone,
            vintage: year,
            quantity: q,
            amortisation,
            last,
            donated,
            donor_share,
            energy,
            mt,
            eol,
        });
    }

    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn finish(
        self,
        entity_names: &[String],
        groups: &FxHashMap<(u32, u16), usize>,
        acc: &[f64],
        sl_acc: &[[f64; 17]],
        zone_used: &[bool],
        kind_bought: &[bool],
        floored: bool,
        per_kind: &FxHashMap<u16, (f64, f64, FxHashMap<u16, f64>)>,
    ) -> PolicyResult {
        let ny = self.years;
        let start = self.start;
        let mode = self.policy.mode;
        let kinds = self.catalog.archetypes();
        let figures = |a: &[f64], year: i32| -> YearFigures {
            let v = |i: usize| a.get(i).copied().unwrap_or(0.0);
            let l = |i: usize| [v(i), v(i + 1), v(i + 2)];
            let (am, aq, use_) = (l(f::AMORTISED), l(f::ACQUISITION), l(f::USE));
            let emb = if mode == Mode::Amortised { am } else { aq };
            let total: Lanes = std::array::from_fn(|b| {
                emb.get(b).copied().unwrap_or(0.0) + use_.get(b).copied().unwrap_or(0.0)
            });
            let stock = v(f::STOCK);
            YearFigures {
                year,
                stock_devices: stock,
                purchases_devices: v(f::PURCHASES),
                disposals_devices: v(f::DISPOSALS),
                donations_devices: v(f::DONATIONS),
                devices_beyond_amortisation: v(f::BEYOND),
                average_age_years: (stock > 0.0).then(|| v(f::AGE) / stock),
                use_energy_kwh: estimate(l(f::ENERGY)),
                embodied_amortised_kgco2e: estimate(am),
                embodied_acquisition_kgco2e: estimate(aq),
                use_kgco2e: estimate(use_),
                total_kgco2e: estimate(total),
                per_device_year_kgco2e: (stock > 0.0).then(|| estimate(scale(total, 1.0 / stock))),
            }
        };
        let mut keys: Vec<((u32, u16), usize)> = groups.iter().map(|(k, g)| (*k, *g)).collect();
        keys.sort_by(|((ea, ka), _), ((eb, kb), _)| {
            entity_names
                .get(*ea as usize)
                .cmp(&entity_names.get(*eb as usize))
                .then(ka.cmp(kb))
        });
        let mut total_acc = vec![0.0; ny * f::N];
        let mut out_groups = Vec::with_capacity(keys.len());
        for ((entity, kind), g) in keys {
            let block = acc.get(g * ny * f::N..(g + 1) * ny * f::N).unwrap_or(&[]);
            for (t, v) in total_acc.iter_mut().zip(block) {
                *t += v;
            }
            out_groups.push(GroupYears {
                entity: entity_names
                    .get(entity as usize)
                    .cloned()
                    .unwrap_or_default(),
                kind: kinds
                    .get(usize::from(kind))
                    .map(|a| a.kind.clone())
                    .unwrap_or_default(),
                years: block
                    .chunks_exact(f::N)
                    .enumerate()
                    .map(|(y, a)| figures(a, start + y as i32))
                    .collect(),
            });
        }
        let total: Vec<YearFigures> = total_acc
            .chunks_exact(f::N)
            .enumerate()
            .map(|(y, a)| figures(a, start + y as i32))
            .collect();
        let base_year = self.policy.base_year();
        let rate = self.policy.trajectory_pct_per_year / 100.0;
        let base = total
            .iter()
            .find(|y| y.year == base_year)
            .map_or([0.0; 3], |y| y.total_kgco2e.bounds());
        let trajectory_kgco2e: Vec<Estimate> = total
            .iter()
            .map(|y| estimate(base.map(|b| trajectory_target(b, rate, y.year - base_year))))
            .collect();
        let crossing_year = total
            .iter()
            .zip(&trajectory_kgco2e)
            .find(|(y, t)| y.year > base_year && y.total_kgco2e.central() <= t.central())
            .map(|(y, _)| y.year);
        let second_life = sl_acc
            .iter()
            .enumerate()
            .map(|(y, a)| {
                let v = |i: usize| a.get(i).copied().unwrap_or(0.0);
                let l = |i: usize| estimate([v(i), v(i + 1), v(i + 2)]);
                SecondLifeYear {
                    year: start + y as i32,
                    donated_devices: v(0),
                    devices_in_second_life: v(1),
                    use_energy_kwh: l(2),
                    use_kgco2e: l(5),
                    refurbishment_kgco2e: l(8),
                    embodied_kgco2e: l(11),
                    avoided_kgco2e: l(14),
                }
            })
            .collect();
        // Extend or replace, per kind of the inventory.
        let grid = self.catalog.grid();
        let mut kinds_present: Vec<&u16> = per_kind.keys().collect();
        kinds_present.sort();
        let extend_or_replace = kinds_present
            .into_iter()
            .filter_map(|k| {
                let (devices, energy, zones) = per_kind.get(k)?;
                let zone = zones
                    .iter()
                    .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(z, _)| *z)?;
                let code = grid.zones().get(usize::from(zone))?.code.clone();
                let kind = kinds.get(usize::from(*k))?.kind.clone();
                extend_or_replace_with(
                    &self.catalog,
                    &kind,
                    *devices,
                    energy / devices,
                    &code,
                    &self.policy,
                )
                .ok()
            })
            .collect();
        let mut notes = self.notes(floored, zone_used);
        notes.extend(self.donation_notes());
        let mut sources = Vec::new();
        for (id, a) in self.catalog.kinds() {
            if kind_bought.get(id.index()).copied().unwrap_or(false) {
                sources.extend(self.catalog.archetype_source(
                    id,
                    &format!("embodied gwp, lifespan, annual energy of new {}", a.kind),
                ));
            }
        }
        for (zone, used) in grid.zones().iter().zip(zone_used) {
            if !*used {
                continue;
            }
            let (_, last) = zone.years();
            let year = self.policy.end_year.min(last);
            if let (Some(gi), Ok(id)) = (
                zone.intensity(year),
                grid.zone_id(&zone.code, &Location::default()),
            ) {
                sources.push(self.catalog.grid_source(id, &gi));
            }
        }
        PolicyResult {
            years: (0..ny).map(|y| start + y as i32).collect(),
            groups: out_groups,
            total,
            second_life,
            trajectory_kgco2e,
            crossing_year,
            extend_or_replace,
            notes,
            sources,
            datasets: self.catalog.datasets().to_vec(),
            policy: self.policy,
        }
    }

    fn notes(&self, floored: bool, zone_used: &[bool]) -> Vec<Note> {
        let mut notes = Vec::new();
        let grid = self.catalog.grid();
        for ((zone, used), extrapolated) in
            grid.zones().iter().zip(zone_used).zip(&self.extrapolated)
        {
            if *used && *extrapolated {
                let (_, last) = zone.years();
                notes.push(Note {
                    code: "grid_trajectory",
                    message: format!(
                        "{}: grid intensity published up to {last}; later years assume {} % less a year (policy key grid_decline_pct_per_year)",
                        zone.code, self.policy.grid_decline_pct_per_year
                    ),
                });
            }
        }
        if floored {
            notes.push(Note {
                code: "growth_floored",
                message: "the fleet shrinks faster than devices leave: purchases are floored at zero (no device is withdrawn before the end of its life)".into(),
            });
        }
        notes.push(Note {
            code: "trajectory",
            message: format!(
                "trajectory: the {} total less {} % a year (E_base × (1 − r)^(Y − base)); crossing = first later year at or below it",
                self.policy.base_year(),
                self.policy.trajectory_pct_per_year
            ),
        });
        notes
    }

    fn donation_notes(&self) -> Vec<Note> {
        let p = &self.policy;
        if p.donated_pct <= 0.0 {
            return Vec::new();
        }
        let rule = match p.donation_rule {
            DonationRule::CutOff => "cut-off (GHG Protocol): the donor books every device's embodied footprint as always; the recipients' second life (use and refurbishment) is reported apart, in the second_life section".to_owned(),
            DonationRule::ServiceYears => "split by years of service: the donor books S1 / (S1 + S2) of a donated device's embodied footprint, the recipient the rest over its second life".to_owned(),
        };
        vec![
            Note {
                code: "donation_rule",
                message: format!("{} % of devices donated at the end of their first life for a {}-year second life; {rule}", p.donated_pct, p.second_life_years),
            },
            Note {
                code: "avoided_emissions_memo",
                message: format!(
                    "avoided emissions are a memo item, never subtracted from any total (GHG Protocol; WBCSD Guidance on Avoided Emissions, 2023). Assumptions: {} % of recipients would otherwise have bought a new device of the same kind (catalog embodied footprint), each donated device stands in for min(S2 / L_new, 1) of a new device's life (S2 = {} years, L_new = the kind's default lifespan); the recipients' use and the refurbishment are not netted",
                    p.substitution_pct, p.second_life_years
                ),
            },
        ]
    }
}
