//! An inventory's rows reduced to coefficients per uncertain input, the
//! first step of every Monte Carlo run over devices (methodology §8.3,
//! §8.6): the fleet assessment (`fleet::montecarlo`), the data centre's
//! equipment (`datacentre::montecarlo`) and the organisation's inventory
//! (`ghg::montecarlo`), which sit on the layers above.
//!
//! Each row goes into a *cell* (a group's entity × kind): how many devices'
//! worth of the kind's catalog embodied footprint the year books in each
//! phase, how much of the inventory's own embodied values, how many kWh of
//! the catalog's and of the inventory's electricity (and their use-phase kg
//! at the zone's grid on the run's basis). The coefficients come from
//! [`crate::accounting`]'s formulas evaluated on one lane of unit values.
//! Then the inputs are built once per kind (`kind:<kind>:embodied`,
//! `…:embodied:inventory`, `…:energy`, `…:energy:inventory`) and every
//! measure is an [`Expr`] over them: memory follows cells and inputs, not
//! lines. It lives here, below the engines, so that the engines of one
//! layer (fleet, data centre) share it without using each other.

use super::{default_bits, Inventory, Rows};
use crate::accounting::{booking, embodied_gwp_phases, phases_in_year, Life, Mode};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::grid::Basis;
use crate::quantity::{Estimate, Phase};
use crate::uncertainty::{fit, multiplier, ChannelId, Distribution, Expr, InputId, Model, Shape};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Coefficients of one entity × kind.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cell {
    /// Inventory rows.
    pub(crate) lines: f64,
    /// Devices.
    pub(crate) devices: f64,
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

/// Rows reduced to cells, for one booking (year, mode) and grid basis.
#[derive(Debug, Clone)]
pub(crate) struct Reduction {
    catalog: Arc<Catalog>,
    year: i32,
    mode: Mode,
    shape: Shape,
    zone_gwp: Vec<f64>,
    cells: FxHashMap<(u32, u16), u32>,
    /// The cells, in the order first met.
    pub(crate) acc: Vec<((u32, u16), Cell)>,
}

impl Reduction {
    /// No rows yet: they will be booked for `year` in `mode`, their use
    /// phase on `basis`, and the values fitted with `shape`.
    pub(crate) fn new(
        catalog: Arc<Catalog>,
        year: i32,
        mode: Mode,
        basis: Basis,
        shape: Shape,
    ) -> Self {
        let zone_gwp = catalog
            .grid()
            .ids()
            .map(|z| catalog.zone_factor(z, year, basis).unwrap_or(f64::NAN))
            .collect();
        Self {
            catalog,
            year,
            mode,
            shape,
            zone_gwp,
            cells: FxHashMap::default(),
            acc: Vec::new(),
        }
    }

    /// The catalog.
    pub(crate) fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Adds the rows of `inventory` in one cell per kind, for their
    /// embodied footprint: the data centre's IT equipment, whose
    /// electricity is the metered IT energy (rows without an electricity
    /// use are accepted; the use phase is not read).
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
        self.add_rows(inventory.rows(), &|_| 0);
        Ok(())
    }

    /// The inputs of the rows added.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] at `distribution` when a log-normal is asked
    /// for a value whose low bound is zero.
    pub(crate) fn channels(&self) -> Result<Channels> {
        Channels::build(&self.catalog, &self.acc, self.shape)
    }

    /// The model of the embodied footprint (manufacture, transport, end of
    /// life) booked for the rows added, and its expression in kg CO2e; the
    /// expression is `None` when a kind books a phase for which the
    /// catalog has no value.
    ///
    /// # Errors
    ///
    /// As [`Reduction::channels`].
    pub(crate) fn embodied(self) -> Result<(Model, Option<Expr>)> {
        let channels = self.channels()?;
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

    /// Several reductions of one catalog (other modes or bases of the same
    /// rows, another inventory) over one model: one draw of a kind's value
    /// serves them all (methodology §8.3). The shape is the first's.
    ///
    /// # Errors
    ///
    /// As [`Reduction::channels`].
    pub(crate) fn joint(parts: Vec<Reduction>) -> Result<Joint> {
        let Some(first) = parts.first() else {
            return Ok(Joint {
                channels: None,
                parts: Vec::new(),
            });
        };
        let (catalog, shape) = (first.catalog.clone(), first.shape);
        let parts: Vec<Vec<((u32, u16), Cell)>> = parts.into_iter().map(|a| a.acc).collect();
        let all: Vec<((u32, u16), Cell)> = parts.iter().flatten().copied().collect();
        let channels = Channels::build(&catalog, &all, shape)?;
        Ok(Joint {
            channels: Some(channels),
            parts,
        })
    }

    /// The rows' coefficients, each in the cell of `entity(row)` and its
    /// kind. Ids come from an inventory of this catalog (checked first by
    /// the caller).
    #[allow(clippy::indexing_slicing)]
    pub(crate) fn add_rows(&mut self, r: &Rows, entity: &dyn Fn(usize) -> u32) {
        let shares: Vec<[f64; 3]> = self.catalog.archetypes().iter().map(|a| a.shares).collect();
        let unit = [[1.0]; 3];
        for i in 0..r.len() {
            let life = Life {
                purchase_year: r.purchase_year[i],
                lifespan_years: r.lifespan_years[i],
                disposal_year: r.disposal_year[i],
            };
            let Some(b) = booking(self.mode, life, self.year) else {
                continue;
            };
            let k = r.kind[i].index();
            let q = r.quantity[i];
            let key = (entity(i), k as u16);
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
}

/// Several reductions' rows over one model ([`Reduction::joint`]).
pub(crate) struct Joint {
    channels: Option<Channels>,
    parts: Vec<Vec<((u32, u16), Cell)>>,
}

impl Joint {
    /// The model (empty without assessors).
    pub(crate) fn model(&self) -> Model {
        self.channels
            .as_ref()
            .map_or_else(Model::default, |c| c.model.clone())
    }

    /// The measures of assessor `i`'s rows, in kWh and kg CO2e: the
    /// electricity, then the 4 phases ([`Phase::ALL`] order); `None` where
    /// a coefficient has no value.
    ///
    /// # Errors
    ///
    /// As [`McAssessor::finish`].
    pub(crate) fn exprs(&self, i: usize) -> Result<(Option<Expr>, [Option<Expr>; 4])> {
        let cells: Vec<CellRef<'_>> = self.parts.get(i).map_or(Vec::new(), |p| p.iter().collect());
        match &self.channels {
            Some(c) => c.exprs(&cells),
            None => Ok((None, std::array::from_fn(|_| None))),
        }
    }
}

/// The inputs of a run, per kind.
pub(crate) struct Channels {
    /// The inputs and their values.
    pub(crate) model: Model,
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

pub(crate) type CellRef<'a> = &'a ((u32, u16), Cell);

/// A value of a group's expression: a channel drawn once for every group,
/// or a distribution fitted to the group's lines.
#[derive(Debug, Clone, Copy)]
enum Value {
    Channel(ChannelId),
    Fitted(InputId, Distribution),
}

impl Channels {
    pub(crate) fn build(
        catalog: &Catalog,
        cells: &[((u32, u16), Cell)],
        shape: Shape,
    ) -> Result<Channels> {
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
    pub(crate) fn exprs(&self, cells: &[CellRef<'_>]) -> Result<(Option<Expr>, [Option<Expr>; 4])> {
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
    pub(crate) fn total_gwp(&self, cells: &[CellRef<'_>]) -> Result<Expr> {
        let (_, phases) = self.exprs(cells)?;
        let mut total = Expr::default();
        for p in phases.iter().flatten() {
            total.add_scaled(1.0, p);
        }
        Ok(total)
    }
}
