//! The year loop of a policy simulation: cohorts bought, booked, donated
//! and disposed of, year by year, then the results assembled.

use super::extend::{extend_or_replace_with, intensity_series};
use super::{DonationRule, Policy};
use crate::accounting::{
    avoided_by_donation, booking, donor_end_of_life_share_cut_off, efficiency_trend,
    growth_purchases, last_service_year, service_years_split, trajectory_target, Life, Mode, NEVER,
};
use crate::catalog::Catalog;
use crate::error::{Error, Location, Result};
use crate::note::Note;
use crate::quantity::Estimate;
use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::result::{GroupYears, PolicyResult, SecondLifeYear, YearFigures};
use super::simulate::{Lanes, Simulator};

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

/// What one group accumulates in one year (estimates in lanes: central,
/// low, high).
#[derive(Debug, Clone, Copy, Default)]
struct YearSums {
    stock: f64,
    purchases: f64,
    disposals: f64,
    donations: f64,
    beyond_amortisation: f64,
    /// Sum of the devices' ages, years (divided by the stock at the end).
    age: f64,
    energy_kwh: Lanes,
    use_kg: Lanes,
    amortised_kg: Lanes,
    acquisition_kg: Lanes,
}

impl std::ops::AddAssign<&YearSums> for YearSums {
    fn add_assign(&mut self, o: &YearSums) {
        self.stock += o.stock;
        self.purchases += o.purchases;
        self.disposals += o.disposals;
        self.donations += o.donations;
        self.beyond_amortisation += o.beyond_amortisation;
        self.age += o.age;
        for b in 0..3 {
            add_lane(&mut self.energy_kwh, b, lane(&o.energy_kwh, b));
            add_lane(&mut self.use_kg, b, lane(&o.use_kg, b));
            add_lane(&mut self.amortised_kg, b, lane(&o.amortised_kg, b));
            add_lane(&mut self.acquisition_kg, b, lane(&o.acquisition_kg, b));
        }
    }
}

/// What the recipients of donated devices accumulate in one year.
#[derive(Debug, Clone, Copy, Default)]
struct SecondLifeSums {
    donated: f64,
    in_second_life: f64,
    energy_kwh: Lanes,
    use_kg: Lanes,
    refurbishment_kg: Lanes,
    embodied_kg: Lanes,
    avoided_kg: Lanes,
}

/// Lane `b` of `l` (0.0 out of bounds).
fn lane(l: &Lanes, b: usize) -> f64 {
    l.get(b).copied().unwrap_or(0.0)
}

/// Adds `v` to lane `b` of `l` (no-op out of bounds).
fn add_lane(l: &mut Lanes, b: usize, v: f64) {
    if let Some(x) = l.get_mut(b) {
        *x += v;
    }
}

/// Per-kind policy values resolved against the catalog.
pub(super) struct Run {
    catalog: Arc<Catalog>,
    policy: Policy,
    start: i32,
    years: usize,
    service: Vec<Option<f64>>,
    amortisation: Vec<Option<f64>>,
    mix: Vec<Vec<(u16, f64)>>,
    table: Vec<[Lanes; 3]>,
    energy_table: Vec<Lanes>,
    cohorts: Vec<Cohort>,
    /// `[zone * years + (year - start)]`, kg CO2e/kWh.
    intensity: Vec<f64>,
    extrapolated: Vec<bool>,
    /// The inventory's cohorts, before the run adds its purchases.
    inventory_cohorts: usize,
}

fn scale(a: Lanes, k: f64) -> Lanes {
    a.map(|v| v * k)
}

/// A result's lanes as an estimate, located at the result's field: lanes
/// that are not one are an error, never a zero.
fn estimate(l: Lanes, field: &str) -> Result<Estimate> {
    Estimate::computed(l, &Location::file("policy").with_column(field))
}

impl Run {
    pub(super) fn new(s: Simulator) -> Result<Run> {
        let Simulator {
            catalog,
            policy,
            cohorts,
            table,
            energy_table,
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
        let zones = catalog.grid().zones();
        let mut intensity = Vec::with_capacity(zones.len() * years);
        let mut extrapolated = Vec::with_capacity(zones.len());
        for zone in zones {
            let (_, last) = zone.years();
            extrapolated.push(policy.end_year > last);
            // The one series of a zone over the horizon, as extend_or_replace
            // reads it (a user's grid factor included); its error, never a
            // series of zeros (a zone of the catalog's own grid has values:
            // parsing refuses one without).
            let series = intensity_series(
                &catalog,
                &zone.code,
                start,
                years,
                policy.grid_decline_pct_per_year,
            )?;
            if series.len() < years {
                return Err(Error::MissingValue {
                    at: Location::file("grid").with_column(&zone.code),
                });
            }
            intensity.extend(series.iter().take(years).copied());
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
            energy_table,
            cohorts: Vec::with_capacity(cohorts.len()),
            intensity,
            extrapolated,
            inventory_cohorts: cohorts.len(),
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
        Ok(run)
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
    pub(super) fn run(mut self, entity_names: &[String]) -> Result<PolicyResult> {
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
        let mut acc: Vec<YearSums> = Vec::new();
        let mut second_life: Vec<SecondLife> = Vec::new();
        let mut sl_acc = vec![SecondLifeSums::default(); ny];
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
                    acc.resize(acc.len() + ny, YearSums::default());
                    acc.len() / ny - 1
                });
                let Some(a) = acc.get_mut(g * ny + y) else {
                    continue;
                };
                let intensity = self.intensity(c.zone, y);
                if let Some(z) = zone_used.get_mut(usize::from(c.zone)) {
                    *z = true;
                }
                a.stock += c.quantity;
                if c.vintage == year {
                    a.purchases += c.quantity;
                }
                if c.last == year {
                    a.disposals += c.quantity * (1.0 - c.donated);
                    a.donations += c.quantity * c.donated;
                }
                if am.beyond_amortisation {
                    a.beyond_amortisation += c.quantity;
                }
                a.age += c.quantity * f64::from(year - c.vintage);
                for b in 0..3 {
                    let at = |l: &Lanes| lane(l, b);
                    add_lane(&mut a.energy_kwh, b, at(&c.energy));
                    add_lane(&mut a.use_kg, b, at(&c.energy) * intensity);
                    // Under the cut-off the donated devices' end of life
                    // is their recipients', not the donor's.
                    let eol_share = if split_rule {
                        c.donor_share
                    } else {
                        donor_end_of_life_share_cut_off(c.donated)
                    };
                    let emb = |bk: &crate::accounting::Booking| {
                        c.donor_share * bk.embodied * at(&c.mt)
                            + eol_share * bk.end_of_life * at(&c.eol)
                    };
                    add_lane(&mut a.amortised_kg, b, emb(&am));
                    add_lane(&mut a.acquisition_kg, b, emb(&aq));
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
                    // Cut-off: the recipients dispose of the donated
                    // devices, so their end of life is the recipients'.
                    let recipient_eol = if split_rule { recipient } else { 1.0 };
                    let embodied = std::array::from_fn(|b| {
                        let at = |l: &Lanes| l.get(b).copied().unwrap_or(0.0);
                        share * (recipient * at(&c.mt) + recipient_eol * at(&c.eol))
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
                        s.donated += q;
                        let k = usize::from(c.kind);
                        let new = self.table.get(k).map_or([f64::NAN; 3], |t| {
                            std::array::from_fn(|b| {
                                t.iter().map(|ph| ph.get(b).copied().unwrap_or(0.0)).sum()
                            })
                        });
                        let lifespan_new = self
                            .catalog
                            .archetypes()
                            .get(k)
                            .map_or(f64::NAN, |a| a.lifespan_years);
                        for b in 0..3 {
                            add_lane(
                                &mut s.avoided_kg,
                                b,
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
                    a.in_second_life += s.quantity;
                    for b in 0..3 {
                        let e = lane(&s.energy, b);
                        add_lane(&mut a.energy_kwh, b, e);
                        add_lane(&mut a.use_kg, b, e * intensity);
                        add_lane(&mut a.embodied_kg, b, share * lane(&s.embodied, b));
                        if s.first == year {
                            add_lane(
                                &mut a.refurbishment_kg,
                                b,
                                s.quantity * self.policy.refurbishment_kgco2e,
                            );
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
        let energy = self
            .energy_table
            .get(k)
            .copied()
            .unwrap_or([f64::NAN; 3])
            .map(|e| q * efficiency_trend(e, gain, year - self.start));
        let [m, t, e] = self.table.get(k).copied().unwrap_or([[f64::NAN; 3]; 3]);
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
        acc: &[YearSums],
        sl_acc: &[SecondLifeSums],
        zone_used: &[bool],
        kind_bought: &[bool],
        floored: bool,
        per_kind: &FxHashMap<u16, (f64, f64, FxHashMap<u16, f64>)>,
    ) -> Result<PolicyResult> {
        let ny = self.years;
        let start = self.start;
        let mode = self.policy.mode;
        let kinds = self.catalog.archetypes();
        let figures = |a: &YearSums, year: i32| -> Result<YearFigures> {
            let (am, aq, use_) = (a.amortised_kg, a.acquisition_kg, a.use_kg);
            let emb = if mode == Mode::Amortised { am } else { aq };
            let total: Lanes = std::array::from_fn(|b| lane(&emb, b) + lane(&use_, b));
            let stock = a.stock;
            Ok(YearFigures {
                year,
                stock_devices: stock,
                purchases_devices: a.purchases,
                disposals_devices: a.disposals,
                donations_devices: a.donations,
                devices_beyond_amortisation: a.beyond_amortisation,
                average_age_years: (stock > 0.0).then(|| a.age / stock),
                use_energy_kwh: estimate(a.energy_kwh, "use_energy_kwh")?,
                embodied_amortised_kgco2e: estimate(am, "embodied_amortised_kgco2e")?,
                embodied_acquisition_kgco2e: estimate(aq, "embodied_acquisition_kgco2e")?,
                use_kgco2e: estimate(use_, "use_kgco2e")?,
                total_kgco2e: estimate(total, "total_kgco2e")?,
                per_device_year_kgco2e: (stock > 0.0)
                    .then(|| estimate(scale(total, 1.0 / stock), "per_device_year_kgco2e"))
                    .transpose()?,
            })
        };
        let mut keys: Vec<((u32, u16), usize)> = groups.iter().map(|(k, g)| (*k, *g)).collect();
        keys.sort_by(|((ea, ka), _), ((eb, kb), _)| {
            entity_names
                .get(*ea as usize)
                .cmp(&entity_names.get(*eb as usize))
                .then(ka.cmp(kb))
        });
        let mut total_acc = vec![YearSums::default(); ny];
        let mut out_groups = Vec::with_capacity(keys.len());
        for ((entity, kind), g) in keys {
            let block = acc.get(g * ny..(g + 1) * ny).unwrap_or(&[]);
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
                    .iter()
                    .enumerate()
                    .map(|(y, a)| figures(a, start + y as i32))
                    .collect::<Result<_>>()?,
            });
        }
        let total: Vec<YearFigures> = total_acc
            .iter()
            .enumerate()
            .map(|(y, a)| figures(a, start + y as i32))
            .collect::<Result<_>>()?;
        let base_year = self.policy.base_year();
        let rate = self.policy.trajectory_pct_per_year / 100.0;
        let base = total
            .iter()
            .find(|y| y.year == base_year)
            .map(|y| y.total_kgco2e.bounds())
            .ok_or_else(|| Error::OutOfRange {
                at: Location::file("policy").with_column("trajectory_base_year"),
                value: f64::from(base_year),
                allowed: format!(
                    "a year of the simulation, {start} to {}",
                    start + ny as i32 - 1
                ),
            })?;
        let trajectory_kgco2e: Vec<Estimate> = total
            .iter()
            .map(|y| {
                estimate(
                    base.map(|b| trajectory_target(b, rate, y.year - base_year)),
                    "trajectory_gwp_kgco2e",
                )
            })
            .collect::<Result<_>>()?;
        // One rule for the yearly flag and the crossing: on track from the
        // base year on when the total is at or below the line; the
        // crossing is the first later year on track.
        let on_track: Vec<bool> = total
            .iter()
            .zip(&trajectory_kgco2e)
            .map(|(y, t)| y.year >= base_year && y.total_kgco2e.central() <= t.central())
            .collect();
        let crossing_year = total
            .iter()
            .zip(&on_track)
            .find(|(y, on)| **on && y.year > base_year)
            .map(|(y, _)| y.year);
        let second_life = sl_acc
            .iter()
            .enumerate()
            .map(|(y, a)| {
                Ok(SecondLifeYear {
                    year: start + y as i32,
                    donated_devices: a.donated,
                    devices_in_second_life: a.in_second_life,
                    use_energy_kwh: estimate(a.energy_kwh, "recipient_use_energy_kwh")?,
                    use_kgco2e: estimate(a.use_kg, "recipient_gwp_use_kgco2e")?,
                    refurbishment_kgco2e: estimate(
                        a.refurbishment_kg,
                        "recipient_gwp_refurbishment_kgco2e",
                    )?,
                    embodied_kgco2e: estimate(a.embodied_kg, "recipient_gwp_embodied_kgco2e")?,
                    avoided_kgco2e: estimate(a.avoided_kg, "avoided_gwp_kgco2e")?,
                })
            })
            .collect::<Result<_>>()?;
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
                // A kind the verdict cannot be given for is an error, never
                // left out of the section without a word.
                Some(extend_or_replace_with(
                    &self.catalog,
                    &kind,
                    *devices,
                    energy / devices,
                    &code,
                    &self.policy,
                ))
            })
            .collect::<Result<_>>()?;
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
        Ok(PolicyResult {
            years: (0..ny).map(|y| start + y as i32).collect(),
            groups: out_groups,
            total,
            second_life,
            trajectory_kgco2e,
            on_track,
            crossing_year,
            extend_or_replace,
            notes,
            sources,
            datasets: self.catalog.datasets().to_vec(),
            policy: self.policy,
        })
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
        if let Some(note) = self.later_purchases_note() {
            notes.push(note);
        }
        if self.policy.mode == Mode::Acquisition && self.policy.end_year > self.policy.start_year {
            notes.push(Note {
                code: "acquisition_end_of_life_forecast",
                message: format!(
                    "acquisition mode books each device's end of life in its disposal year: in the simulated years after {} that is a forecast of future disposals, at today's end-of-life footprint",
                    self.policy.start_year
                ),
            });
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

    /// Devices of the inventory bought after the start year are not in the
    /// starting fleet: they enter in their purchase year. Said, with how
    /// many, so that a horizon starting before the inventory's purchases is
    /// never read as the whole fleet.
    fn later_purchases_note(&self) -> Option<Note> {
        let start = self.policy.start_year;
        let (mut later, mut all, mut last) = (0.0, 0.0, start);
        for c in self.cohorts.iter().take(self.inventory_cohorts) {
            all += c.quantity;
            if c.vintage > start {
                later += c.quantity;
                last = last.max(c.vintage);
            }
        }
        (later > 0.0).then(|| Note {
            code: "later_purchases",
            message: format!(
                "{} of the inventory's {} devices were bought after the start year {start}: the starting fleet is the other {}, and these enter the fleet in their purchase year (up to {last}); set start_year = {last} to start from the whole inventory",
                crate::quantity::round_significant(later, 10),
                crate::quantity::round_significant(all, 10),
                crate::quantity::round_significant(all - later, 10),
            ),
        })
    }

    fn donation_notes(&self) -> Vec<Note> {
        let p = &self.policy;
        if p.donated_pct <= 0.0 {
            return Vec::new();
        }
        let rule = match p.donation_rule {
            DonationRule::CutOff => "cut-off (GHG Protocol): the donor books the manufacture and transport of every device as always, but not the end of life of the donated ones, which their recipients dispose of; the recipients' second life (use, refurbishment, that end of life) is reported apart, in the second_life section".to_owned(),
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
                    "avoided emissions are GROSS, an upper bound: a memo item, never subtracted from any total (GHG Protocol; WBCSD Guidance on Avoided Emissions, 2023). Assumptions: {} % of recipients would otherwise have bought a new device of the same kind (catalog embodied footprint), each donated device stands in for min(S2 / L_new, 1) of a new device's life (S2 = {} years, L_new = the kind's default lifespan); the refurbishment and the recipients' use (section second_life) are not netted from them",
                    p.substitution_pct, p.second_life_years
                ),
            },
        ]
    }
}
