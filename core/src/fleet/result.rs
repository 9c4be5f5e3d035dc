//! What a fleet assessment returns: groups (kept as compact
//! accumulators, turned into rows one at a time) and their total.

use super::assessor::{Layout, K, MISSING};
use super::options::{GroupBy, Options};
use crate::catalog::{DatasetInfo, SourceUse};
use crate::note::Note;
use crate::quantity::{Criterion, Estimate, Phase};
use serde::Serialize;

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
    /// Electricity used in the reporting year, kWh; `None` when a row of
    /// the group has none (an inventory read
    /// [`crate::inventory::Inventory::without_energy`]), never zero.
    pub use_energy_kwh: Option<Estimate>,
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
            use_energy_kwh: Some(Estimate::ZERO),
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
        self.use_energy_kwh = add(self.use_energy_kwh, g.use_energy_kwh);
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
    pub(super) by: GroupBy,
    pub(super) stride: usize,
    pub(super) reported: Vec<usize>,
    /// The catalog criteria shown, in order (all of them unless trimmed).
    pub(super) shown: Vec<usize>,
    pub(super) lanes: Vec<f64>,
    pub(super) keys: Vec<(u32, u16)>,
    pub(super) order: Vec<u32>,
    pub(super) entity_names: Vec<String>,
    pub(super) kind_names: Vec<String>,
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
            .ok(),
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
