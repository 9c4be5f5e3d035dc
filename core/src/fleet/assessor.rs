//! The fleet engine's batch loop: every row accumulated into its group.

use super::options::Options;
use super::result::{Assessment, GroupResult, Groups, Phases};
use crate::accounting::{booking, embodied_gwp_phases, phases_in_year, Life};
use crate::catalog::{Catalog, KindId, SourceUse};
use crate::error::{Error, Location, Result};
use crate::grid::Basis;
use crate::inventory::{default_bits, read_csv_with, Inventory, ReadOptions, Rows};
use crate::note::Note;
use crate::quantity::{Estimate, Phase};
use rustc_hash::FxHashMap;
use std::sync::Arc;

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
pub(super) const K: usize = 3;

/// Accumulator layout of a group: counters, energy lanes, then per
/// reported criterion 4 phases × `K` lanes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    criteria: usize,
}

impl Layout {
    pub(super) const LINES: usize = 0;
    pub(super) const DEVICES: usize = 1;
    pub(super) const BEYOND: usize = 2;
    pub(super) const ENERGY: usize = 3;
    pub(super) const HEAD: usize = Self::ENERGY + K;
    pub(super) const PER_CRITERION: usize = 4 * K;
    pub(super) const fn stride(self) -> usize {
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
pub(super) const MISSING: f64 = f64::NAN;

/// Accumulates batches of inventory rows for one reporting year.
///
/// ```
/// use empreinte::fleet::{Assessor, GroupBy, Options};
/// use empreinte::Mode;
/// use empreinte::inventory::{Inventory, Record, RowRef};
/// use empreinte::Catalog;
/// let mut inventory = Inventory::new(Catalog::embedded()?, Some("BE"))?;
/// let row = Record { entity: "Town hall", kind: "laptop", quantity: Some(10.0),
///                    purchase_year: Some(2022.0), ..Default::default() };
/// inventory.push(&row, RowRef::Row("example", 0))?;
/// let mut assessor = Assessor::new(inventory.catalog().clone(), Options::new(2023, Mode::Amortised, GroupBy::default())?);
/// assessor.add(&inventory)?;
/// let result = assessor.finish();
/// let gwp = result.total.impacts[0].total().unwrap();
/// assert!(gwp.central() > 0.0);
/// # Ok::<(), empreinte::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Assessor {
    pub(super) catalog: Arc<Catalog>,
    pub(super) options: Options,
    pub(super) layout: Layout,
    /// Grid intensity per zone for the year, kg CO2e/kWh.
    zone_gwp: Vec<f64>,
    /// Reported criteria: gwp (0) then every other criterion with data.
    pub(super) reported: Vec<usize>,
    /// Per reported criterion, per kWh (gwp: unused, the grid applies).
    per_kwh: Vec<[f64; K]>,
    /// `[kind][reported criterion]`: per-device whole-life values of the
    /// embodied phases (NaN = no data).
    embodied: Vec<[[f64; K]; 3]>,
    /// gwp phase shares per kind.
    shares: Vec<[f64; 3]>,
    /// Group-major accumulators, `layout.stride()` values per group.
    pub(super) acc: Vec<f64>,
    /// Per entity (or 0 when not grouped by entity), its first group or
    /// [`NO_GROUP`]; the groups of one entity (one per kind) are chained
    /// through `next`, so memory follows the combinations present.
    slot_of: Vec<u32>,
    /// Per group, the next group of the same entity, or [`NO_GROUP`].
    next: Vec<u32>,
    /// Per group, its entity id and kind index.
    pub(super) keys: Vec<(u32, u16)>,
    pub(super) kind_used: Vec<u8>,
    pub(super) zone_used: Vec<bool>,
    /// The entities added so far, by assessor-wide id (only when grouped by
    /// entity): two inventories name the same entity with different local
    /// ids, so rows are merged by name.
    pub(super) entity_names: Vec<String>,
    /// Name to assessor-wide id, built the first time an inventory's
    /// entities are not an extension of the names already seen.
    entity_index: Option<FxHashMap<String, u32>>,
    /// Per local entity id of the inventory being added, its assessor-wide id
    /// (empty: the same ids).
    remap: Vec<u32>,
}

impl Assessor {
    /// A new, empty assessment with the values of `catalog`.
    #[must_use]
    pub fn new(catalog: Arc<Catalog>, options: Options) -> Self {
        let nc = catalog.criteria().len();
        let grid = catalog.grid();
        let zone_gwp = grid
            .ids()
            .map(|z| {
                catalog
                    .zone_factor(z, options.year, options.basis)
                    .unwrap_or(MISSING)
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
            entity_names: Vec::new(),
            entity_index: None,
            remap: Vec::new(),
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
        if self.options.basis != Basis::LifeCycle && self.catalog.grid_of(Basis::Direct).is_none() {
            return Err(Error::dataset(
                crate::catalog::DIRECT_GRID_DATASET_ID,
                0,
                "this catalog has no direct grid: the use phase cannot be booked on the direct or upstream basis",
            ));
        }
        let slots = if self.options.by.entity {
            self.merge_entities(inventory.entities());
            self.entity_names.len().max(1)
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

    /// The assessor-wide id of the entity with id `local` in the inventory
    /// added last (the Monte Carlo engine groups its rows the same way).
    pub(super) fn entity_id(&self, local: u32) -> u32 {
        self.remap.get(local as usize).copied().unwrap_or(local)
    }

    /// Gives every entity of an inventory its assessor-wide id, by name.
    /// The batch reader's inventory keeps its ids from batch to batch (its
    /// names only grow): then the ids are kept and only new names copied.
    fn merge_entities(&mut self, local: &[String]) {
        let known = self.entity_names.len();
        let extends = local.len() >= known
            && self.entity_index.is_none()
            && local.get(..known) == Some(self.entity_names.as_slice());
        self.remap.clear();
        if extends {
            self.entity_names.extend(local.iter().skip(known).cloned());
            return;
        }
        let names = &mut self.entity_names;
        let index = self.entity_index.get_or_insert_with(|| {
            names
                .iter()
                .enumerate()
                .map(|(id, name)| (name.clone(), id as u32))
                .collect()
        });
        self.remap.extend(local.iter().map(|name| {
            *index.entry(name.clone()).or_insert_with(|| {
                names.push(name.clone());
                (names.len() - 1) as u32
            })
        }));
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
            remap,
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
            let entity = match (by.entity, remap.is_empty()) {
                (false, _) => 0,
                (true, true) => r.entity[i],
                (true, false) => remap[r.entity[i] as usize],
            };
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
    pub fn finish(mut self) -> Assessment {
        let entity_names = std::mem::take(&mut self.entity_names);
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
        for ((id, zone), used) in grid.ids().zip(grid.zones()).zip(&self.zone_used) {
            if !*used {
                continue;
            }
            let used = catalog.zone_intensities(id, self.options.year, self.options.basis);
            if let Some(gi) = used.first() {
                if gi.data_year != gi.requested_year {
                    notes.push(Note {
                        code: "grid_year_fallback",
                        message: format!(
                            "{}: no grid-intensity data for {}; the {} value was used",
                            zone.code, gi.requested_year, gi.data_year
                        ),
                    });
                }
            }
            for gi in &used {
                sources.push(catalog.grid_source(id, gi));
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
    Ok(assessor.finish())
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
    let mut result = assessor.finish();
    result.notes.extend(summary.notes(name));
    Ok(result)
}
