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
use crate::accounting::{booking, embodied_gwp_phases, phases_in_year, Life};
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::error::{Error, Result};
use crate::inventory::{default_bits, read_csv_with, Inventory, ReadOptions, Rows};
use crate::note::Note;
use crate::quantity::{Estimate, Phase};
pub use crate::uncertainty::MonteCarlo;
use crate::uncertainty::{
    fit, multiplier, ChannelId, Distribution, Draws, Driver, Expr, InputId, Model, Shape, Summary,
};
use rustc_hash::FxHashMap;
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
    /// Climate change by phase ([`Phase::ALL`] order), kg CO2e.
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

/// Coefficients of one entity × kind.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    lines: f64,
    devices: f64,
    /// Devices' worth of the catalog's per-device value booked, per
    /// embodied phase.
    catalog: [f64; 3],
    /// Central kg of the inventory's own embodied values, per embodied phase.
    own: [f64; 3],
    /// Booked kg of the inventory's own embodied values, all embodied
    /// phases: central, low, high.
    own_sums: [f64; 3],
    /// kWh, catalog then inventory energy: central, low, high.
    energy: [[f64; 3]; 2],
    /// Use-phase kg at the zone's grid (central), catalog then inventory
    /// energy.
    use_kg: [f64; 2],
    /// The lines' relative interval (low/central, high/central): own
    /// embodied, then energy (catalog, inventory).
    ratios: [Ratio; 3],
}

/// The relative interval `(low/central, high/central)` shared by lines,
/// if they all have the same one (bit for bit).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Ratio {
    /// No line yet.
    #[default]
    None,
    /// Every line so far.
    One(f64, f64),
    /// Lines with different relative intervals.
    Mixed,
}

impl Ratio {
    /// Of a line's `[central, low, high]` (a zero central mixes: it has no
    /// relative interval).
    fn of(v: [f64; 3]) -> Ratio {
        if v[0] > 0.0 {
            Ratio::One(v[1] / v[0], v[2] / v[0])
        } else {
            Ratio::Mixed
        }
    }

    fn merge(self, o: Ratio) -> Ratio {
        match (self, o) {
            (Ratio::None, x) | (x, Ratio::None) => x,
            (Ratio::One(a, b), Ratio::One(c, d))
                if a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits() =>
            {
                self
            }
            _ => Ratio::Mixed,
        }
    }
}

impl Cell {
    fn plus(mut self, o: &Cell) -> Cell {
        let add = |a: &mut [f64], b: &[f64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        self.lines += o.lines;
        self.devices += o.devices;
        add(&mut self.catalog, &o.catalog);
        add(&mut self.own, &o.own);
        add(&mut self.own_sums, &o.own_sums);
        add(self.energy.as_flattened_mut(), o.energy.as_flattened());
        add(&mut self.use_kg, &o.use_kg);
        for (a, b) in self.ratios.iter_mut().zip(o.ratios) {
            *a = a.merge(b);
        }
        self
    }
}

/// Accumulates batches of rows for a Monte Carlo fleet assessment (the
/// interval assessor runs beside it for the notes and sources).
#[derive(Debug, Clone)]
pub struct McAssessor {
    interval: Assessor,
    monte_carlo: MonteCarlo,
    catalog: Arc<Catalog>,
    zone_gwp: Vec<f64>,
    cells: FxHashMap<(u32, u16), u32>,
    acc: Vec<((u32, u16), Cell)>,
}

impl McAssessor {
    /// A new, empty assessment.
    #[must_use]
    pub fn new(catalog: Arc<Catalog>, options: Options, monte_carlo: MonteCarlo) -> Self {
        let zone_gwp = catalog
            .grid()
            .zones()
            .iter()
            .map(|z| {
                z.intensity(options.year)
                    .map_or(f64::NAN, |g| g.factor.kg_per_kwh())
            })
            .collect();
        Self {
            interval: Assessor::new(catalog.clone(), options),
            monte_carlo,
            catalog,
            zone_gwp,
            cells: FxHashMap::default(),
            acc: Vec::new(),
        }
    }

    /// Adds every row of `inventory`.
    ///
    /// # Errors
    ///
    /// As [`Assessor::add`].
    pub fn add(&mut self, inventory: &Inventory) -> Result<()> {
        self.interval.add(inventory)?;
        self.add_rows(inventory.rows());
        Ok(())
    }

    /// Adds the rows of `inventory` for their embodied footprint only: the
    /// data centre's IT equipment, whose electricity is the metered IT
    /// energy (rows without an electricity use are accepted; the use phase
    /// is not read). [`McAssessor::embodied`] gives the result.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] for an inventory of another catalog.
    pub(crate) fn add_embodied(&mut self, inventory: &Inventory) -> Result<()> {
        if !Arc::ptr_eq(inventory.catalog(), &self.catalog) {
            return Err(Error::dataset(
                "catalog",
                0,
                "the inventory was validated against another catalog than the assessment's",
            ));
        }
        self.add_rows(inventory.rows());
        Ok(())
    }

    /// The reduced model of the embodied footprint (manufacture, transport,
    /// end of life) booked for the rows added, and its expression in kg
    /// CO2e; the expression is `None` when a kind books a phase for which
    /// the catalog has no value.
    ///
    /// # Errors
    ///
    /// As [`McAssessor::finish`].
    pub(crate) fn embodied(self) -> Result<(Model, Option<Expr>)> {
        let channels = Channels::build(&self.catalog, &self.acc, self.monte_carlo.shape)?;
        let all: Vec<CellRef<'_>> = self.acc.iter().collect();
        let (_, phases) = channels.exprs(&all)?;
        let mut total = Some(Expr::default());
        for p in [0, 1, 3] {
            match (total.as_mut(), phases.get(p).and_then(Option::as_ref)) {
                (Some(t), Some(e)) => t.add_scaled(1.0, e),
                _ => total = None,
            }
        }
        Ok((channels.model, total))
    }

    /// The rows' coefficients. Ids come from an inventory of this catalog
    /// (checked by the interval assessor first).
    #[allow(clippy::indexing_slicing)]
    fn add_rows(&mut self, r: &Rows) {
        let options = self.interval.options();
        let shares: Vec<[f64; 3]> = self.catalog.archetypes().iter().map(|a| a.shares).collect();
        let unit = [[1.0]; 3];
        for i in 0..r.len() {
            let life = Life {
                purchase_year: r.purchase_year[i],
                lifespan_years: r.lifespan_years[i],
                disposal_year: r.disposal_year[i],
            };
            let Some(b) = booking(options.mode, life, options.year) else {
                continue;
            };
            let k = r.kind[i].index();
            let q = r.quantity[i];
            let entity = if options.by.entity {
                self.interval.entity_id(r.entity[i])
            } else {
                0
            };
            let key = (entity, k as u16);
            let next = self.acc.len() as u32;
            let at = *self.cells.entry(key).or_insert(next);
            if at == next {
                self.acc.push((key, Cell::default()));
            }
            let cell = &mut self.acc[at as usize].1;
            cell.lines += 1.0;
            cell.devices += q;
            match r.embodied_kgco2e[i] {
                None => {
                    let booked = phases_in_year(&b, q, &unit, &[0.0], &[0.0]);
                    for (c, p) in cell.catalog.iter_mut().zip([0, 1, 3]) {
                        *c += booked[p][0];
                    }
                }
                Some(own) => {
                    cell.ratios[0] = cell.ratios[0].merge(Ratio::of(own));
                    let split = embodied_gwp_phases(Some(own), &shares[k], &[[0.0; 3]; 3]);
                    let booked = phases_in_year(&b, q, &split, &[0.0; 3], &[0.0; 3]);
                    for (c, p) in cell.own.iter_mut().zip([0, 1, 3]) {
                        *c += booked[p][0];
                        for (s, v) in cell.own_sums.iter_mut().zip(booked[p]) {
                            *s += v;
                        }
                    }
                }
            }
            let o = usize::from(r.defaults[i] & default_bits::ENERGY == 0);
            let energy = r.energy_kwh[i];
            let grid = self.zone_gwp[r.zone[i].index()];
            let kwh = phases_in_year(&b, q, &[[0.0; 3]; 3], &energy, &[1.0; 3])[2];
            for (s, v) in cell.energy[o].iter_mut().zip(kwh) {
                *s += v;
            }
            if kwh[0] > 0.0 {
                cell.ratios[1 + o] = cell.ratios[1 + o].merge(Ratio::of(energy));
            }
            cell.use_kg[o] += phases_in_year(&b, q, &[[0.0]; 3], &[energy[0]], &[grid])[2][0];
        }
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
            catalog,
            acc,
            ..
        } = self;
        let by = interval.options().by;
        let assessment = interval.finish();
        let names = assessment.groups.entity_names.clone();
        let channels = Channels::build(&catalog, &acc, monte_carlo.shape)?;
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
            let mut g = channels.group(&draws, &members, &mut buffers, None)?;
            g.entity = by
                .entity
                .then(|| names.get(e as usize).cloned().unwrap_or_default());
            g.kind = if by.kind { kind_name(k) } else { None };
            groups.push(g);
            start = end;
        }
        let all: Vec<&((u32, u16), Cell)> = acc.iter().collect();
        let mut samples = Vec::new();
        let total = channels.group(&draws, &all, &mut buffers, Some(&mut samples))?;
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

/// The inputs of a run, per kind.
struct Channels {
    model: Model,
    shape: Shape,
    per_kind: Vec<KindChannels>,
}

/// Per kind: its name, the catalog's embodied value per phase read from
/// the kind's embodied input (`None` where the catalog has none), the
/// inputs of the inventory's embodied values and of the electricity
/// (catalog, inventory).
#[derive(Debug, Clone, Default)]
struct KindChannels {
    kind: String,
    catalog: [Option<ChannelId>; 3],
    /// Inputs of the own embodied values, then of the energy (catalog,
    /// inventory).
    inputs: [Option<InputId>; 3],
    /// Their channel when every line of the kind has the same relative
    /// interval (computed once for all groups).
    shared: [Option<ChannelId>; 3],
    /// The shape its archetype table names for its catalog values
    /// (embodied, default energy); `None`: the run's.
    table_shape: Option<Shape>,
}

impl KindChannels {
    /// The shape of input `j` (own embodied, energy, own energy): the
    /// table's for the default energy, the run's for the inventory's own.
    fn shape(&self, j: usize, run: Shape) -> Shape {
        match (j, self.table_shape) {
            (1, Some(s)) => s,
            _ => run,
        }
    }
}

type CellRef<'a> = &'a ((u32, u16), Cell);

/// A value of a group's expression: a channel drawn once for every group,
/// or a distribution fitted to the group's lines.
#[derive(Debug, Clone, Copy)]
enum Value {
    Channel(ChannelId),
    Fitted(InputId, Distribution),
}

impl Channels {
    fn build(catalog: &Catalog, cells: &[((u32, u16), Cell)], shape: Shape) -> Result<Channels> {
        let mut model = Model::default();
        let nk = catalog.archetypes().len();
        let mut per_kind = vec![KindChannels::default(); nk];
        let mut used = vec![([false; 4], [Ratio::None; 3]); nk];
        for ((_, k), c) in cells {
            if let Some((u, r)) = used.get_mut(usize::from(*k)) {
                u[0] |= c.catalog.iter().any(|v| *v > 0.0);
                u[1] |= c.own_sums[0] > 0.0;
                u[2] |= c.energy[0][0] > 0.0;
                u[3] |= c.energy[1][0] > 0.0;
                for (a, b) in r.iter_mut().zip(c.ratios) {
                    *a = a.merge(b);
                }
            }
        }
        for ((id, arch), ((u, ratios), out)) in
            catalog.kinds().zip(used.iter().zip(per_kind.iter_mut()))
        {
            let (kind, label) = (&arch.kind, &arch.label);
            out.kind.clone_from(kind);
            out.table_shape = arch.distribution;
            if u[0] {
                let input = model.input(
                    &format!("kind:{kind}:embodied"),
                    &format!("{label}, embodied"),
                );
                for (slot, phase) in out.catalog.iter_mut().zip(Phase::EMBODIED) {
                    if let Some(e) = catalog.embodied(0, id, phase) {
                        let s = catalog.embodied_shape(0, id, phase).unwrap_or(shape);
                        *slot = Some(model.channel(input, fit(s, e, kind)?));
                    }
                }
            }
            let names = [
                ("embodied:inventory", "embodied, inventory's values"),
                ("energy", "electricity use"),
                ("energy:inventory", "electricity use, inventory's values"),
            ];
            for (j, (key, what)) in names.into_iter().enumerate() {
                if !u.get(j + 1).copied().unwrap_or(false) {
                    continue;
                }
                let input = model.input(&format!("kind:{kind}:{key}"), &format!("{label}, {what}"));
                let input_shape = out.shape(j, shape);
                if let (Some(slot), Some(Ratio::One(l, h))) = (out.shared.get_mut(j), ratios.get(j))
                {
                    let m = Estimate::new(1.0, l.min(1.0), h.max(1.0)).ok();
                    if let Some(m) = m {
                        *slot = Some(model.channel(input, fit(input_shape, m, kind)?));
                    }
                }
                if let Some(slot) = out.inputs.get_mut(j) {
                    *slot = Some(input);
                }
            }
        }
        Ok(Channels {
            model,
            shape,
            per_kind,
        })
    }

    /// The measures of a set of cells: energy, then the 4 phases; `None`
    /// where a coefficient has no value (no data). The cells of one kind
    /// are merged first: the inventory's values and the electricity are
    /// fitted to the group's sums.
    fn exprs(&self, cells: &[CellRef<'_>]) -> Result<(Option<Expr>, [Option<Expr>; 4])> {
        let mut kinds: Vec<(u16, Cell)> = Vec::new();
        for ((_, k), c) in cells {
            match kinds.iter_mut().find(|(kk, _)| kk == k) {
                Some((_, acc)) => *acc = acc.plus(c),
                None => kinds.push((*k, *c)),
            }
        }
        let mut energy = Some(Expr::default());
        let mut phases: [Option<Expr>; 4] = std::array::from_fn(|_| Some(Expr::default()));
        let add = |e: &mut Option<Expr>, coef: f64, v: Option<Value>| {
            if coef == 0.0 {
                return;
            }
            match (e.as_mut(), v) {
                (Some(x), Some(Value::Channel(c))) => x.add(coef, c),
                (Some(x), Some(Value::Fitted(i, d))) => x.add_fitted(coef, i, d),
                _ => *e = None,
            }
        };
        for (k, c) in &kinds {
            let Some(ch) = self.per_kind.get(usize::from(*k)) else {
                continue;
            };
            let kind = ch.kind.as_str();
            // The kind's shared channel when it exists (every line has the
            // same relative interval), else a multiplier fitted to the
            // group's sums.
            let value = |j: usize, sums: [f64; 3]| -> Result<Option<Value>> {
                if let Some(Some(c)) = ch.shared.get(j) {
                    return Ok(Some(Value::Channel(*c)));
                }
                match (ch.inputs.get(j).copied().flatten(), multiplier(sums)) {
                    (Some(i), Some(m)) => {
                        let shape = ch.shape(j, self.shape);
                        Ok(Some(Value::Fitted(i, fit(shape, m, kind)?)))
                    }
                    _ => Ok(None),
                }
            };
            for (o, (kwh, use_kg)) in c.energy.iter().zip(c.use_kg).enumerate() {
                let m = value(1 + o, *kwh)?;
                add(&mut energy, kwh[0], m);
                if let Some(p) = phases.get_mut(2) {
                    add(p, use_kg, m);
                }
            }
            let own = value(0, c.own_sums)?;
            let embodied = c.catalog.iter().zip(ch.catalog).zip(c.own);
            for (((booked, channel), own_kg), p) in embodied.zip([0, 1, 3]) {
                if let Some(e) = phases.get_mut(p) {
                    add(e, *booked, channel.map(Value::Channel));
                    add(e, own_kg, own);
                }
            }
        }
        Ok((energy, phases))
    }

    /// The total climate footprint of a set of cells (missing phases left
    /// out: the drivers of what can be computed).
    fn total_gwp(&self, cells: &[CellRef<'_>]) -> Result<Expr> {
        let (_, phases) = self.exprs(cells)?;
        let mut total = Expr::default();
        for p in phases.iter().flatten() {
            total.add_scaled(1.0, p);
        }
        Ok(total)
    }

    fn group(
        &self,
        draws: &Draws,
        cells: &[CellRef<'_>],
        buffers: &mut [Vec<f64>; 6],
        samples: Option<&mut Vec<f64>>,
    ) -> Result<McGroup> {
        let (energy, phases) = self.exprs(cells)?;
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
