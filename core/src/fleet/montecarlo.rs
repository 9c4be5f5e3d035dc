//! The fleet assessment under Monte Carlo (methodology §8): mean, P5, P50
//! and P95 of every group's energy and climate footprint by phase, and the
//! inputs that drive the total's spread.
//!
//! The rows are first reduced, one by one, to coefficients per uncertain
//! input and *cell* (entity × kind): how many devices' worth of the kind's
//! catalog embodied footprint the year books in each phase, how much of the
//! inventory's own embodied values, how many kWh of the catalog's and of
//! the inventory's electricity (and their use-phase kg at the zone's grid
//! intensity). The coefficients come from [`crate::accounting`]'s formulas
//! evaluated on one lane of unit values. Then `N` samples are drawn per
//! input ([`crate::uncertainty`]) and each group's measures evaluated over
//! them: memory follows cells and inputs × samples, not lines.
//!
//! Inputs (one draw serves every device of the kind):
//!
//! * `kind:<kind>:embodied`: the catalog's per-phase values (phases move
//!   together), fitted to each phase's low / central / high;
//! * `kind:<kind>:embodied:inventory`: the lines' own `embodied_gwp_kgco2e`
//!   interval. Within a group, the lines of a kind are read from the one
//!   draw as a multiplier of their central values fitted to the booked sums
//!   of their lows, centrals and highs: inside the group's interval, and
//!   exact when the lines' intervals are proportional (the same model);
//! * `kind:<kind>:energy` and `kind:<kind>:energy:inventory`: the
//!   electricity of lines using the catalog's default (or a usage profile
//!   or a load model) and of lines giving their own, multipliers fitted the
//!   same way.
//!
//! The grid intensities of the embedded dataset have no interval: they are
//! exact here, so the model is additive and its variance shares exact.
//! Other criteria than climate change keep the interval view only.

use super::{Assessor, Options};
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::error::{Error, Result};
use crate::inventory::montecarlo::{Cell, CellRef, Channels, Reduction};
use crate::inventory::{read_csv_with, Inventory, ReadOptions};
use crate::note::Note;
pub use crate::uncertainty::MonteCarlo;
use crate::uncertainty::{Draws, Driver, Expr, Summary};
use serde::Serialize;
use std::sync::Arc;

/// The Monte Carlo summaries of one group (or of the whole fleet); `None`
/// where a value the group needs has no data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McGroup {
    /// The entity, when grouped by entity.
    pub entity: Option<String>,
    /// The device kind, when grouped by kind.
    pub kind: Option<String>,
    /// Inventory rows in the reporting year.
    pub lines: u64,
    /// Devices in the inventory in the reporting year.
    pub devices: f64,
    /// Electricity used in the year, kWh.
    pub use_energy_kwh: Option<Summary>,
    /// Climate change by phase ([`crate::quantity::Phase::ALL`] order), kg CO2e.
    pub gwp_kgco2e: [Option<Summary>; 4],
    /// Climate change, all phases, kg CO2e.
    pub gwp_total_kgco2e: Option<Summary>,
}

/// A fleet assessment under Monte Carlo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McAssessment {
    /// Year, mode and grouping.
    pub options: Options,
    /// Samples, seed and shape.
    pub monte_carlo: MonteCarlo,
    /// The groups (entities in name order, kinds in catalog order).
    pub groups: Vec<McGroup>,
    /// The whole fleet.
    pub total: McGroup,
    /// What drives the spread of the total climate footprint, largest share
    /// first.
    pub drivers: Vec<Driver>,
    /// The samples of the total climate footprint, kg CO2e, in draw order.
    #[serde(skip)]
    pub total_samples_kgco2e: Vec<f64>,
    /// Fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where every value used came from.
    pub sources: Vec<SourceUse>,
    /// The dataset editions of the catalog.
    pub datasets: Vec<DatasetInfo>,
}

impl McAssessment {
    /// One sentence on the largest driver, for the table view:
    /// "62 % of the uncertainty comes from monitor's embodied footprint: …".
    #[must_use]
    pub fn drivers_sentence(&self) -> Option<String> {
        crate::uncertainty::drivers_sentence(&self.drivers)
    }
}

/// Accumulates batches of rows for a Monte Carlo fleet assessment (the
/// interval assessor runs beside it for the notes and sources).
#[derive(Debug, Clone)]
pub struct McAssessor {
    interval: Assessor,
    monte_carlo: MonteCarlo,
    reduction: Reduction,
}

impl McAssessor {
    /// A new, empty assessment.
    #[must_use]
    pub fn new(catalog: Arc<Catalog>, options: Options, monte_carlo: MonteCarlo) -> Self {
        Self {
            interval: Assessor::new(catalog.clone(), options),
            monte_carlo,
            // The use phase on the options' basis (life-cycle unless asked).
            reduction: Reduction::new(
                catalog,
                options.year,
                options.mode,
                options.basis,
                monte_carlo.shape,
            ),
        }
    }

    /// Adds every row of `inventory`.
    ///
    /// # Errors
    ///
    /// As [`Assessor::add`].
    pub fn add(&mut self, inventory: &Inventory) -> Result<()> {
        self.interval.add(inventory)?;
        let (interval, r) = (&self.interval, inventory.rows());
        let by_entity = interval.options().by.entity;
        self.reduction.add_rows(r, &|i| match r.entity.get(i) {
            Some(e) if by_entity => interval.entity_id(*e),
            _ => 0,
        });
        Ok(())
    }

    /// The rows added, reduced (for a run over several assessors,
    /// [`Reduction::joint`]).
    pub(crate) fn into_reduction(self) -> Reduction {
        self.reduction
    }

    /// The results.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] at `distribution` when a log-normal is asked
    /// for a value whose low bound is zero.
    pub fn finish(self) -> Result<McAssessment> {
        let Self {
            interval,
            monte_carlo,
            reduction,
        } = self;
        let by = interval.options().by;
        let assessment = interval.finish();
        let names = assessment.groups.entity_names.clone();
        let channels = reduction.channels()?;
        let catalog = reduction.catalog().clone();
        let acc = reduction.acc;
        let draws = Draws::new(&channels.model, monte_carlo.seed, monte_carlo.samples)?;
        let mut order: Vec<usize> = (0..acc.len()).collect();
        let cell_key = |i: &usize| acc.get(*i).map_or((0, 0), |c| c.0);
        order.sort_by(|a, b| {
            let ((ea, ka), (eb, kb)) = (cell_key(a), cell_key(b));
            names
                .get(ea as usize)
                .cmp(&names.get(eb as usize))
                .then(ka.cmp(&kb))
        });
        let group_key = |i: &usize| {
            let (e, k) = cell_key(i);
            (e, if by.kind { k } else { u16::MAX })
        };
        let kind_name = |k: u16| {
            catalog
                .archetypes()
                .get(usize::from(k))
                .map(|a| a.kind.clone())
        };
        let mut buffers: [Vec<f64>; 6] = Default::default();
        let mut groups = Vec::new();
        let mut start = 0;
        while start < order.len() {
            let key = order.get(start).map(group_key);
            let end = order
                .iter()
                .skip(start)
                .position(|i| Some(group_key(i)) != key)
                .map_or(order.len(), |n| start + n);
            let members: Vec<&((u32, u16), Cell)> = order
                .get(start..end)
                .unwrap_or(&[])
                .iter()
                .filter_map(|&i| acc.get(i))
                .collect();
            let (e, k) = members.first().map_or((0, 0), |c| c.0);
            let mut g = group_of(&channels, &draws, &members, &mut buffers, None)?;
            g.entity = by
                .entity
                .then(|| names.get(e as usize).cloned().unwrap_or_default());
            g.kind = if by.kind { kind_name(k) } else { None };
            groups.push(g);
            start = end;
        }
        let all: Vec<&((u32, u16), Cell)> = acc.iter().collect();
        let mut samples = Vec::new();
        let total = group_of(&channels, &draws, &all, &mut buffers, Some(&mut samples))?;
        let drivers = draws.drivers(&channels.model, &channels.total_gwp(&all)?);
        Ok(McAssessment {
            options: assessment.options,
            monte_carlo,
            groups,
            total,
            drivers,
            total_samples_kgco2e: samples,
            notes: assessment.notes,
            sources: assessment.sources,
            datasets: assessment.datasets,
        })
    }
}

/// The summaries of a set of cells (a group, or the whole fleet).
fn group_of(
    channels: &Channels,
    draws: &Draws,
    cells: &[CellRef<'_>],
    buffers: &mut [Vec<f64>; 6],
    samples: Option<&mut Vec<f64>>,
) -> Result<McGroup> {
    let (energy, phases) = channels.exprs(cells)?;
    let [b_energy, b_phases @ .., b_total] = buffers;
    let has = |e: &Option<Expr>, b: &mut Vec<f64>| match e {
        Some(e) => {
            draws.evaluate_into(e, b);
            true
        }
        None => false,
    };
    let energy_ok = has(&energy, b_energy);
    let phase_ok: Vec<bool> = phases
        .iter()
        .zip(b_phases.iter_mut())
        .map(|(e, b)| has(e, b))
        .collect();
    // The total is the sum of the phases' samples (not evaluated again).
    let total_ok = phase_ok.iter().all(|ok| *ok);
    if total_ok {
        b_total.clear();
        b_total.resize(draws.samples(), 0.0);
        for b in b_phases.iter() {
            for (t, v) in b_total.iter_mut().zip(b) {
                *t += v;
            }
        }
        if let Some(out) = samples {
            out.clone_from(b_total);
        }
    }
    let summary = |ok: bool, b: &mut Vec<f64>| if ok { Summary::of_mut(b) } else { None };
    let mut gwp = [None; 4];
    for ((g, ok), b) in gwp.iter_mut().zip(&phase_ok).zip(b_phases.iter_mut()) {
        *g = summary(*ok, b);
    }
    Ok(McGroup {
        entity: None,
        kind: None,
        lines: cells.iter().map(|c| c.1.lines).sum::<f64>() as u64,
        devices: cells.iter().map(|c| c.1.devices).sum(),
        use_energy_kwh: summary(energy_ok, b_energy),
        gwp_kgco2e: gwp,
        gwp_total_kgco2e: summary(total_ok, b_total),
    })
}

/// Assesses a whole in-memory inventory under Monte Carlo.
///
/// # Errors
///
/// [`Error::EmptyInventory`] when the inventory has no row; as
/// [`McAssessor::finish`].
pub fn assess_monte_carlo(
    inventory: &Inventory,
    options: Options,
    monte_carlo: MonteCarlo,
) -> Result<McAssessment> {
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: crate::error::Location::file("inventory"),
        });
    }
    let mut a = McAssessor::new(inventory.catalog().clone(), options, monte_carlo);
    a.add(inventory)?;
    a.finish()
}

/// Reads and assesses a CSV inventory under Monte Carlo, in batches.
///
/// # Errors
///
/// The first bad line of the file (file, line, column), or a bad option.
// The arguments of `assess_csv_with` plus the run's.
#[allow(clippy::too_many_arguments)]
pub fn assess_csv_monte_carlo<R: std::io::Read>(
    catalog: Arc<Catalog>,
    name: &str,
    reader: R,
    default_country: Option<&str>,
    options: Options,
    read: ReadOptions,
    monte_carlo: MonteCarlo,
    mut progress: impl FnMut(u64),
) -> Result<McAssessment> {
    let mut inventory = Inventory::new(catalog.clone(), default_country)?;
    let mut assessor = McAssessor::new(catalog, options, monte_carlo);
    let summary = read_csv_with(name, reader, read, &mut inventory, 1 << 16, |inv, bytes| {
        assessor.add(inv)?;
        progress(bytes);
        Ok(())
    })?;
    let mut result = assessor.finish()?;
    result.notes.extend(summary.notes(name));
    Ok(result)
}
