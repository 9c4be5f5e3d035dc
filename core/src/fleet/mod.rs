//! The fleet engine: a reporting year, an accounting mode, a grouping, and a
//! batch loop that accumulates every row into its group. Which share of a
//! device's life a year books, and what a row's footprint is, come from
//! [`crate::accounting`]; this module only decides which values and which
//! groups.

pub mod device;
pub mod lifespan;
pub mod partial;

pub use crate::accounting::Mode;

use crate::accounting::{booking, embodied_gwp_phases, phases_in_year, Life};
use crate::catalog::{Catalog, DatasetInfo, KindId, SourceUse};
use crate::error::{Error, Location, Result};
use crate::inventory::{default_bits, read_csv_with, Inventory, ReadOptions, Rows};
use crate::note::Note;
use crate::quantity::bounds::check_year;
use crate::quantity::{Criterion, Estimate, Phase};
use serde::Serialize;
use std::sync::Arc;

/// The keys results are grouped by. With none, one row for the whole fleet;
/// the default, in every binding, is by entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupBy {
    /// One group per entity.
    pub entity: bool,
    /// One group per device kind.
    pub kind: bool,
    /// One table row per phase (long format) instead of one column per phase.
    pub phase: bool,
}

impl Default for GroupBy {
    fn default() -> Self {
        Self {
            entity: true,
            ..Self::NONE
        }
    }
}

impl GroupBy {
    /// No grouping: one row for the whole fleet.
    pub const NONE: Self = Self {
        entity: false,
        kind: false,
        phase: false,
    };

    /// Parses a comma-separated list of `entity`, `kind`, `phase` (or `none`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] naming the unknown key.
    pub fn parse(s: &str) -> Result<Self> {
        let mut by = Self::NONE;
        let mut seen: Vec<String> = Vec::new();
        for key in s.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let lower = key.to_ascii_lowercase();
            if seen.contains(&lower) {
                return Err(Error::invalid_option(
                    "by",
                    s,
                    "each of entity, kind, phase at most once",
                ));
            }
            seen.push(lower.clone());
            match lower.as_str() {
                "entity" => by.entity = true,
                "kind" => by.kind = true,
                "phase" => by.phase = true,
                "none" | "total" => {}
                _ => {
                    return Err(Error::invalid_option(
                        "by",
                        key,
                        "entity, kind, phase (comma-separated), or none",
                    ))
                }
            }
        }
        Ok(by)
    }

    /// The keys as a comma-separated list.
    #[must_use]
    pub fn id(self) -> String {
        let keys: Vec<&str> = [
            (self.entity, "entity"),
            (self.kind, "kind"),
            (self.phase, "phase"),
        ]
        .into_iter()
        .filter_map(|(on, k)| on.then_some(k))
        .collect();
        if keys.is_empty() {
            "none".into()
        } else {
            keys.join(",")
        }
    }
}

/// What to assess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Options {
    /// The reporting year.
    pub year: i32,
    /// The accounting mode.
    pub mode: Mode,
    /// The grouping.
    pub by: GroupBy,
}

impl Options {
    /// Checked options.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a year outside
    /// [`crate::quantity::bounds::YEARS`], located at the option `year`.
    pub fn new(year: i32, mode: Mode, by: GroupBy) -> Result<Self> {
        check_year(f64::from(year), &Location::option("year"))?;
        Ok(Self { year, mode, by })
    }
}

/// The footprint of one criterion in each phase ([`Phase::ALL`] order);
/// `None` where the criterion has no data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Phases(pub [Option<Estimate>; 4]);

impl Phases {
    /// The value in one phase.
    #[must_use]
    pub fn get(&self, phase: Phase) -> Option<Estimate> {
        self.0.get(phase as usize).copied().flatten()
    }

    /// The sum of the phases; `None` if any is missing.
    #[must_use]
    pub fn total(&self) -> Option<Estimate> {
        self.0
            .iter()
            .try_fold(Estimate::ZERO, |acc, p| p.map(|p| acc + p))
    }

    /// From `K = 3` lanes per phase (central, low, high); a NaN lane (the
    /// engine's "no data" marker) or a non-finite one makes the phase missing.
    #[must_use]
    pub fn from_lanes(lanes: &[[f64; 3]; 4]) -> Self {
        Self(lanes.map(|l| Estimate::from_bounds(l).ok()))
    }
}

/// One group of the results (or the whole fleet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    /// The entity, when grouped by entity.
    pub entity: Option<String>,
    /// The device kind, when grouped by kind.
    pub kind: Option<String>,
    /// Inventory rows in the reporting year.
    pub lines: u64,
    /// Devices in the inventory in the reporting year.
    pub devices: f64,
    /// Devices in service past their amortisation period (age >= lifespan).
    pub devices_beyond_amortisation: f64,
    /// Electricity used in the reporting year, kWh.
    pub use_energy_kwh: Estimate,
    /// Per criterion of [`Assessment::criteria`], the footprint by phase.
    pub impacts: Vec<Phases>,
}

impl GroupResult {
    /// An empty total over `criteria` criteria.
    #[must_use]
    pub fn zero(criteria: usize) -> GroupResult {
        GroupResult {
            entity: None,
            kind: None,
            lines: 0,
            devices: 0.0,
            devices_beyond_amortisation: 0.0,
            use_energy_kwh: Estimate::ZERO,
            impacts: vec![Phases([Some(Estimate::ZERO); 4]); criteria],
        }
    }

    /// This total plus a group (missing values stay missing).
    #[must_use]
    pub fn plus(mut self, g: &GroupResult) -> GroupResult {
        let add = |a: Option<Estimate>, b: Option<Estimate>| Some(a? + b?);
        self.lines += g.lines;
        self.devices += g.devices;
        self.devices_beyond_amortisation += g.devices_beyond_amortisation;
        self.use_energy_kwh = self.use_energy_kwh + g.use_energy_kwh;
        for (t, p) in self.impacts.iter_mut().zip(&g.impacts) {
            for (tv, pv) in t.0.iter_mut().zip(p.0) {
                *tv = add(*tv, pv);
            }
        }
        self
    }
}

/// The groups of an assessment, kept as the engine's compact accumulators
/// (`K` lanes per value, a few hundred bytes per group at most) and turned
/// into [`GroupResult`]s one at a time, so a million groups stream out.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    by: GroupBy,
    stride: usize,
    reported: Vec<usize>,
    /// The catalog criteria shown, in order (all of them unless trimmed).
    shown: Vec<usize>,
    lanes: Vec<f64>,
    keys: Vec<(u32, u16)>,
    order: Vec<u32>,
    entity_names: Vec<String>,
    kind_names: Vec<String>,
}

impl Groups {
    /// Number of groups.
    #[must_use]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there is no group.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The `i`-th group in output order (entities by name, kinds in
    /// catalog order).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<GroupResult> {
        let g = *self.order.get(i)? as usize;
        let (entity, kind) = *self.keys.get(g)?;
        let a = self.lanes.get(g * self.stride..(g + 1) * self.stride)?;
        let (head, rest) = a.split_at(Layout::HEAD);
        let count = |i: usize| head.get(i).copied().unwrap_or(0.0);
        let criterion = |c: usize| {
            let Some(slot) = self.reported.iter().position(|&r| r == c) else {
                return Phases([None; 4]);
            };
            let lanes = rest
                .chunks_exact(Layout::PER_CRITERION)
                .nth(slot)
                .unwrap_or(&[]);
            let phase = |p: usize| -> [f64; K] {
                std::array::from_fn(|b| lanes.get(p * K + b).copied().unwrap_or(MISSING))
            };
            Phases::from_lanes(&[phase(0), phase(1), phase(2), phase(3)])
        };
        Some(GroupResult {
            entity: self.by.entity.then(|| {
                self.entity_names
                    .get(entity as usize)
                    .cloned()
                    .unwrap_or_default()
            }),
            kind: self.by.kind.then(|| {
                self.kind_names
                    .get(usize::from(kind))
                    .cloned()
                    .unwrap_or_default()
            }),
            lines: count(Layout::LINES) as u64,
            devices: count(Layout::DEVICES),
            devices_beyond_amortisation: count(Layout::BEYOND),
            use_energy_kwh: Estimate::from_bounds(std::array::from_fn(|b| {
                count(Layout::ENERGY + b)
            }))
            .unwrap_or(Estimate::ZERO),
            impacts: self.shown.iter().map(|&c| criterion(c)).collect(),
        })
    }

    /// The groups in output order.
    pub fn iter(&self) -> impl Iterator<Item = GroupResult> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl Serialize for Groups {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The results of a fleet assessment: groups, their total, and everything a
/// reader must know (notes, the sources of exactly the values used, the
/// dataset editions). The report layer turns it into sections and
/// tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Year, mode and grouping.
    pub options: Options,
    /// The criteria, in the order of [`GroupResult::impacts`].
    pub criteria: Vec<Criterion>,
    /// The groups (entities in name order, kinds in catalog order).
    pub groups: Groups,
    /// The whole fleet.
    pub total: GroupResult,
    /// Fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where every value used came from (and nothing else).
    pub sources: Vec<SourceUse>,
    /// The dataset editions of the catalog.
    pub datasets: Vec<DatasetInfo>,
}

impl Assessment {
    /// The same results without the criteria for which the catalog has no
    /// value at all (no factor table gives them): what a person wants to
    /// read unless asked for everything. Climate change always stays.
    #[must_use]
    pub fn without_empty_criteria(mut self) -> Assessment {
        let keep: Vec<usize> = (0..self.criteria.len())
            .filter(|c| *c == 0 || self.groups.reported.contains(c))
            .collect();
        let dropped: Vec<String> = self
            .criteria
            .iter()
            .enumerate()
            .filter(|(c, _)| !keep.contains(c))
            .map(|(_, cr)| format!("{} (", cr.id))
            .collect();
        self.notes.retain(|n| {
            !(n.code == "criterion_missing" && dropped.iter().any(|d| n.message.starts_with(d)))
        });
        self.criteria = keep
            .iter()
            .filter_map(|&c| self.criteria.get(c).cloned())
            .collect();
        self.total.impacts = keep
            .iter()
            .filter_map(|&c| self.total.impacts.get(c).copied())
            .collect();
        self.groups.shown = keep;
        self
    }
}

/// Which catalog values the rows of a kind used in the year (for sources).
mod used {
    /// The archetype's lifespan.
    pub const LIFESPAN: u8 = 1;
    /// The archetype's annual energy.
    pub const ENERGY: u8 = 2;
    /// The catalog's manufacture and transport values (row gave no embodied).
    pub const EMBODIED_MT: u8 = 4;
    /// The catalog's end-of-life value (row gave no embodied).
    pub const EMBODIED_EOL: u8 = 8;
    /// The kind's phase shares (row gave its own embodied total).
    pub const SHARES: u8 = 16;
    /// Any row in service (the kind's factors for other criteria).
    pub const IN_SERVICE: u8 = 32;
    /// Electricity used (per-kWh factors of other criteria).
    pub const ELECTRICITY: u8 = 64;
}

/// Lanes per value: central, low, high. A Monte Carlo run would
/// instantiate the loop with `K` samples instead; the layout and the
/// formulas take `K` as a parameter.
const K: usize = 3;

/// Accumulator layout of a group: counters, energy lanes, then per
/// reported criterion 4 phases × `K` lanes.
#[derive(Debug, Clone, Copy)]
struct Layout {
    criteria: usize,
}

impl Layout {
    const LINES: usize = 0;
    const DEVICES: usize = 1;
    const BEYOND: usize = 2;
    const ENERGY: usize = 3;
    const HEAD: usize = Self::ENERGY + K;
    const PER_CRITERION: usize = 4 * K;
    const fn stride(self) -> usize {
        Self::HEAD + self.criteria * Self::PER_CRITERION
    }
}

/// Groups added at a time to the accumulators.
const GROUP_STEP: usize = 4096;

/// "This key slot has no group yet".
const NO_GROUP: u32 = u32::MAX;

/// Internal marker of "no data" inside accumulators. It propagates through
/// sums and products, and every output turns it into a missing value. It can
/// never come from the input: NaN is rejected when rows are pushed.
const MISSING: f64 = f64::NAN;

/// Accumulates batches of inventory rows for one reporting year.
///
/// ```
/// use empreinte::fleet::{Assessor, GroupBy, Mode, Options};
/// use empreinte::inventory::{Inventory, Record, RowRef};
/// use empreinte::Catalog;
/// let mut inventory = Inventory::new(Catalog::embedded()?, Some("BE"))?;
/// let row = Record { entity: "Town hall", kind: "laptop", quantity: Some(10.0),
///                    purchase_year: Some(2022.0), ..Default::default() };
/// inventory.push(&row, RowRef::Row("example", 0))?;
/// let mut assessor = Assessor::new(inventory.catalog().clone(), Options::new(2023, Mode::Amortised, GroupBy::default())?);
/// assessor.add(&inventory)?;
/// let result = assessor.finish(&inventory);
/// let gwp = result.total.impacts[0].total().unwrap();
/// assert!(gwp.central() > 0.0);
/// # Ok::<(), empreinte::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Assessor {
    catalog: Arc<Catalog>,
    options: Options,
    layout: Layout,
    /// Grid intensity per zone for the year, kg CO2e/kWh.
    zone_gwp: Vec<f64>,
    /// Reported criteria: gwp (0) then every other criterion with data.
    reported: Vec<usize>,
    /// Per reported criterion, per kWh (gwp: unused, the grid applies).
    per_kwh: Vec<[f64; K]>,
    /// `[kind][reported criterion]`: per-device whole-life values of the
    /// embodied phases (NaN = no data).
    embodied: Vec<[[f64; K]; 3]>,
    /// gwp phase shares per kind.
    shares: Vec<[f64; 3]>,
    /// Group-major accumulators, `layout.stride()` values per group.
    acc: Vec<f64>,
    /// Per entity (or 0 when not grouped by entity), its first group or
    /// [`NO_GROUP`]; the groups of one entity (one per kind) are chained
    /// through `next`, so memory follows the combinations present.
    slot_of: Vec<u32>,
    /// Per group, the next group of the same entity, or [`NO_GROUP`].
    next: Vec<u32>,
    /// Per group, its entity id and kind index.
    keys: Vec<(u32, u16)>,
    kind_used: Vec<u8>,
    zone_used: Vec<bool>,
}

impl Assessor {
    /// A new, empty assessment with the values of `catalog`.
    #[must_use]
    pub fn new(catalog: Arc<Catalog>, options: Options) -> Self {
        let nc = catalog.criteria().len();
        let grid = catalog.grid();
        let zone_gwp = grid
            .zones()
            .iter()
            .map(|z| {
                z.intensity(options.year)
                    .map_or(MISSING, |g| g.factor.kg_per_kwh())
            })
            .collect();
        let lanes = |e: Option<Estimate>| e.map_or([MISSING; K], Estimate::bounds);
        let kinds: Vec<KindId> = catalog.kinds().map(|(k, _)| k).collect();
        let has_data = |c: usize| {
            catalog.electricity_factor(c).is_some()
                || kinds.iter().any(|k| {
                    Phase::EMBODIED
                        .iter()
                        .any(|p| catalog.embodied(c, *k, *p).is_some())
                })
        };
        let reported: Vec<usize> = (0..nc).filter(|&c| c == 0 || has_data(c)).collect();
        let per_kwh = reported
            .iter()
            .map(|&c| lanes(catalog.electricity_factor(c)))
            .collect();
        let embodied = kinds
            .iter()
            .flat_map(|&k| {
                reported.iter().map({
                    let catalog = &catalog;
                    move |&c| Phase::EMBODIED.map(|p| lanes(catalog.embodied(c, k, p)))
                })
            })
            .collect();
        let nk = kinds.len();
        Self {
            layout: Layout {
                criteria: reported.len(),
            },
            zone_gwp,
            reported,
            per_kwh,
            embodied,
            shares: catalog.archetypes().iter().map(|a| a.shares).collect(),
            acc: Vec::new(),
            slot_of: Vec::new(),
            next: Vec::new(),
            keys: Vec::new(),
            kind_used: vec![0; nk],
            zone_used: vec![false; grid.zones().len()],
            catalog,
            options,
        }
    }

    /// The options this assessment was made with.
    #[must_use]
    pub fn options(&self) -> Options {
        self.options
    }

    /// Adds every row of `inventory`.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] when the inventory was validated against another
    /// catalog than this assessor's (its kind and zone ids would not mean
    /// the same).
    pub fn add(&mut self, inventory: &Inventory) -> Result<()> {
        if !Arc::ptr_eq(inventory.catalog(), &self.catalog) {
            return Err(Error::dataset(
                "catalog",
                0,
                "the inventory was validated against another catalog than the assessment's",
            ));
        }
        inventory.check_energy("a fleet assessment books the use phase")?;
        let slots = if self.options.by.entity {
            inventory.entities().len().max(1)
        } else {
            1
        };
        if self.slot_of.len() < slots {
            // Exact growth: at a million entities, doubling would waste megabytes.
            self.slot_of.reserve_exact(slots - self.slot_of.len());
            self.slot_of.resize(slots, NO_GROUP);
        }
        self.add_rows(inventory.rows());
        Ok(())
    }

    /// The hot loop. Ids come from the inventory of this assessor's catalog
    /// (checked in [`Assessor::add`]), so indexing cannot go out of bounds.
    #[allow(clippy::indexing_slicing)]
    fn add_rows(&mut self, r: &Rows) {
        let (year, by, mode) = (self.options.year, self.options.by, self.options.mode);
        let stride = self.layout.stride();
        let nr = self.reported.len();
        let Self {
            acc,
            slot_of,
            next,
            keys,
            per_kwh,
            shares,
            zone_gwp,
            embodied,
            kind_used,
            zone_used,
            ..
        } = self;
        for i in 0..r.len() {
            let life = Life {
                purchase_year: r.purchase_year[i],
                lifespan_years: r.lifespan_years[i],
                disposal_year: r.disposal_year[i],
            };
            let Some(b) = booking(mode, life, year) else {
                continue;
            };
            let k = r.kind[i].index();
            let z = r.zone[i].index();
            let q = r.quantity[i];
            let energy = r.energy_kwh[i];
            let own = r.embodied_kgco2e[i];
            let defaults = r.defaults[i];
            let mut flags = used::IN_SERVICE;
            if defaults & default_bits::LIFESPAN != 0 {
                flags |= used::LIFESPAN;
            }
            if defaults & default_bits::ENERGY != 0 {
                flags |= used::ENERGY;
            }
            if energy[0] > 0.0 {
                flags |= used::ELECTRICITY;
            }
            match own {
                Some(_) if b.embodied > 0.0 || b.end_of_life > 0.0 => flags |= used::SHARES,
                Some(_) => {}
                None => {
                    if b.embodied > 0.0 {
                        flags |= used::EMBODIED_MT;
                    }
                    if b.end_of_life > 0.0 {
                        flags |= used::EMBODIED_EOL;
                    }
                }
            }
            kind_used[k] |= flags;
            zone_used[z] = true;
            let entity = if by.entity { r.entity[i] } else { 0 };
            let kind = if by.kind { k as u16 } else { 0 };
            // The entity's groups, one per kind present, chained.
            let mut g = slot_of[entity as usize];
            let mut last = NO_GROUP;
            while g != NO_GROUP && keys[g as usize].1 != kind {
                last = g;
                g = next[g as usize];
            }
            if g == NO_GROUP {
                // Groups are created as rows reach them: memory follows the
                // combinations present, not entities × kinds.
                g = keys.len() as u32;
                if last == NO_GROUP {
                    slot_of[entity as usize] = g;
                } else {
                    next[last as usize] = g;
                }
                if keys.len() == keys.capacity() {
                    // Grow by an eighth, not by doubling: the slack stays small
                    // at any number of groups.
                    let more = GROUP_STEP.max(keys.len() / 8);
                    keys.reserve_exact(more);
                    next.reserve_exact(more);
                    acc.reserve_exact(more * stride);
                }
                keys.push((entity, kind));
                next.push(NO_GROUP);
                acc.resize(acc.len() + stride, 0.0);
            }
            let g = g as usize;
            let a = &mut acc[g * stride..(g + 1) * stride];
            let (head, rest) = a.split_at_mut(Layout::HEAD);
            head[Layout::LINES] += 1.0;
            head[Layout::DEVICES] += q;
            if b.beyond_amortisation {
                head[Layout::BEYOND] += q;
            }
            for (h, e) in head[Layout::ENERGY..].iter_mut().zip(energy) {
                *h += q * e;
            }
            let kind_embodied = &embodied[k * nr..(k + 1) * nr];
            for (slot, out) in rest.chunks_exact_mut(Layout::PER_CRITERION).enumerate() {
                // gwp (slot 0): the row's own total or the catalog's values,
                // and the grid intensity of the zone and year.
                let (emb, f) = if slot == 0 {
                    (
                        embodied_gwp_phases(own, &shares[k], &kind_embodied[0]),
                        [zone_gwp[z]; K],
                    )
                } else {
                    (kind_embodied[slot], per_kwh[slot])
                };
                let phases = phases_in_year(&b, q, &emb, &energy, &f);
                for (o, v) in out.iter_mut().zip(phases.as_flattened()) {
                    *o += v;
                }
            }
        }
    }

    /// The results, one group per non-empty combination of the grouping keys
    /// (entities in name order, kinds in catalog order).
    #[must_use]
    pub fn finish(self, inventory: &Inventory) -> Assessment {
        let names = inventory.entities().to_vec();
        self.finish_with(names)
    }

    /// [`Assessor::finish`] with the entity names given (moved, not copied).
    #[must_use]
    pub fn finish_with(mut self, entity_names: Vec<String>) -> Assessment {
        let nc = self.catalog.criteria().len();
        let mut notes = Vec::new();
        let sources = self.sources(&mut notes);
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        let key_of = |g: &u32| self.keys.get(*g as usize).copied().unwrap_or_default();
        order.sort_by(|a, b| {
            let ((ea, ka), (eb, kb)) = (key_of(a), key_of(b));
            entity_names
                .get(ea as usize)
                .cmp(&entity_names.get(eb as usize))
                .then(ka.cmp(&kb))
        });
        let groups = Groups {
            by: self.options.by,
            stride: self.layout.stride(),
            reported: std::mem::take(&mut self.reported),
            shown: (0..nc).collect(),
            lanes: std::mem::take(&mut self.acc),
            keys: std::mem::take(&mut self.keys),
            order,
            entity_names,
            kind_names: self
                .catalog
                .archetypes()
                .iter()
                .map(|a| a.kind.clone())
                .collect(),
        };
        // A criterion without any data stays missing, even in an empty year.
        let mut zero = GroupResult::zero(nc);
        for (c, phases) in zero.impacts.iter_mut().enumerate() {
            if !groups.reported.contains(&c) {
                *phases = Phases([None; 4]);
            }
        }
        let total = groups.iter().fold(zero, |t, g| t.plus(&g));
        if groups.is_empty() {
            notes.push(Note {
                code: "no_device_in_service",
                message: format!(
                    "no device is in the inventory of {}: every purchase is later or every device left before; the totals are zero",
                    self.options.year
                ),
            });
        }
        let catalog = &self.catalog;
        for (c, criterion) in catalog.criteria().iter().enumerate() {
            let missing = total.impacts.get(c).is_some_and(|p| p.total().is_none());
            if !missing {
                continue;
            }
            let message = if groups.reported.contains(&c) {
                let mut lacking: Vec<String> = catalog
                    .kinds()
                    .zip(&self.kind_used)
                    .filter(|(_, used)| **used != 0)
                    .filter_map(|((kind, arch), _)| {
                        let phases: Vec<&str> = Phase::EMBODIED
                            .iter()
                            .filter(|p| catalog.embodied(c, kind, **p).is_none())
                            .map(|p| p.id())
                            .collect();
                        (!phases.is_empty())
                            .then(|| format!("{} ({})", arch.kind, phases.join(", ")))
                    })
                    .collect();
                if catalog.electricity_factor(c).is_none() {
                    lacking.push("electricity (use)".into());
                }
                format!(
                    "{} ({}): no factor for {}; those values and every total that needs them are missing, not zero",
                    criterion.id,
                    criterion.name,
                    lacking.join("; ")
                )
            } else {
                format!(
                    "{} ({}): no factor table gives it; reported as missing, not zero (add a factor table)",
                    criterion.id, criterion.name
                )
            };
            notes.push(Note {
                code: "criterion_missing",
                message,
            });
        }
        Assessment {
            options: self.options,
            criteria: self.catalog.criteria().to_vec(),
            groups,
            total,
            notes,
            sources,
            datasets: self.catalog.datasets().to_vec(),
        }
    }

    /// The sources of exactly the values the rows used, and the grid
    /// fallback notes.
    fn sources(&self, notes: &mut Vec<Note>) -> Vec<SourceUse> {
        let catalog = &self.catalog;
        let mut sources = Vec::new();
        let mut electricity_used = false;
        for ((kind, _), &flags) in catalog.kinds().zip(&self.kind_used) {
            if flags == 0 {
                continue;
            }
            electricity_used |= flags & used::ELECTRICITY != 0;
            let mut fields: Vec<String> = Vec::new();
            let mut tables = Vec::new();
            for phase in Phase::EMBODIED {
                let bit = if phase == Phase::EndOfLife {
                    used::EMBODIED_EOL
                } else {
                    used::EMBODIED_MT
                };
                if flags & bit == 0 {
                    continue;
                }
                if catalog.embodied_from_table(0, kind, phase) {
                    tables.extend(catalog.embodied_table_source(0, kind, phase));
                } else {
                    fields.push(format!("embodied gwp {}", phase.id()));
                }
            }
            for (bit, word) in [
                (used::SHARES, "phase shares"),
                (used::LIFESPAN, "lifespan"),
                (used::ENERGY, "annual energy"),
            ] {
                if flags & bit != 0 {
                    fields.push(word.into());
                }
            }
            if !fields.is_empty() {
                sources.extend(catalog.archetype_source(kind, &fields.join(", ")));
            }
            sources.extend(tables);
            for &c in self.reported.iter().skip(1) {
                for phase in Phase::EMBODIED {
                    sources.extend(catalog.embodied_table_source(c, kind, phase));
                }
            }
        }
        let grid = catalog.grid();
        for (zone, used) in grid.zones().iter().zip(&self.zone_used) {
            if !*used {
                continue;
            }
            let Some(gi) = zone.intensity(self.options.year) else {
                continue;
            };
            if gi.data_year != gi.requested_year {
                notes.push(Note {
                    code: "grid_year_fallback",
                    message: format!(
                        "{}: no grid-intensity data for {}; the {} value was used",
                        zone.code, gi.requested_year, gi.data_year
                    ),
                });
            }
            if let Ok(id) = grid.zone_id(&zone.code, &Location::default()) {
                sources.push(catalog.grid_source(id, &gi));
            }
        }
        if electricity_used {
            for &c in self.reported.iter().skip(1) {
                sources.extend(catalog.electricity_source(c));
            }
        }
        sources
    }
}

/// Assesses a whole in-memory inventory with its own catalog.
///
/// # Errors
///
/// [`Error::EmptyInventory`] when the inventory has no row.
pub fn assess(inventory: &Inventory, options: Options) -> Result<Assessment> {
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::file("inventory"),
        });
    }
    let mut assessor = Assessor::new(inventory.catalog().clone(), options);
    assessor.add(inventory)?;
    Ok(assessor.finish(inventory))
}

/// Reads and assesses a CSV inventory in batches: memory grows with the
/// number of groups, not of lines. `progress` is called with the bytes read.
///
/// # Errors
///
/// The first bad line of the file (file, line, column), or a bad option.
pub fn assess_csv<R: std::io::Read>(
    catalog: Arc<Catalog>,
    name: &str,
    reader: R,
    default_country: Option<&str>,
    options: Options,
    progress: impl FnMut(u64),
) -> Result<Assessment> {
    assess_csv_with(
        catalog,
        name,
        reader,
        default_country,
        options,
        ReadOptions::default(),
        progress,
    )
}

/// [`assess_csv`] with explicit [`ReadOptions`] (the text encoding).
///
/// # Errors
///
/// As [`assess_csv`].
pub fn assess_csv_with<R: std::io::Read>(
    catalog: Arc<Catalog>,
    name: &str,
    reader: R,
    default_country: Option<&str>,
    options: Options,
    read: ReadOptions,
    mut progress: impl FnMut(u64),
) -> Result<Assessment> {
    let mut inventory = Inventory::new(catalog.clone(), default_country)?;
    let mut assessor = Assessor::new(catalog, options);
    let summary = read_csv_with(name, reader, read, &mut inventory, 1 << 16, |inv, bytes| {
        assessor.add(inv)?;
        progress(bytes);
        Ok(())
    })?;
    let mut result = assessor.finish_with(inventory.into_entities());
    result.notes.extend(summary.notes(name));
    Ok(result)
}
