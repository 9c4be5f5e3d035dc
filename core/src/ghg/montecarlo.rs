//! The organisation's GHG inventory under Monte Carlo (methodology §8.9):
//! mean, P5, P50 and P95 of each scope total, the totals by both scope 2
//! methods and the management view, and the inputs that drive the spread.
//!
//! The uncertain inputs are those of the engines it sums: the fleet's
//! kinds' embodied footprint and electricity (§8.6) and the data centre's
//! equipment (§8.8), read from ONE model: a kind's value is one draw for
//! the fleet's devices and the data centre's, in every view (acquisition
//! and amortised, every grid basis). The grid, the data centre's meters,
//! refrigerants and fuel, the instruments and the building are exact.
//! Each figure is the interval engine's formula on the drawn values: the
//! fleet's market-based scope 2 is `Σ kWh_i × f_i + (E − Σ kWh_i) ×
//! residual` ([`crate::accounting::scope2_market_kg`]), affine in the
//! drawn electricity `E`.

use super::{Ghg, Inputs, Item, Sources};
use crate::accounting::Mode;
use crate::catalog::Catalog;
use crate::datacentre::montecarlo::McScopes;
use crate::datacentre::{self, EquipmentEmbodied};
use crate::error::Result;
use crate::fleet::montecarlo::McAssessor;
use crate::fleet::{GroupBy, Options};
use crate::grid::Basis;
use crate::inventory::montecarlo::Reduction;
use crate::inventory::{Inventory, ReadOptions};
use crate::note::Note;
use crate::quantity::Scope2Method;
use crate::text::TextEncoding;
use crate::uncertainty::{Draws, Driver, Expr, MonteCarlo, Summary};
use std::sync::Arc;

/// An organisation's GHG inventory under Monte Carlo.
#[derive(Debug, Clone, PartialEq)]
pub struct McGhg {
    /// The interval inventory of the same inputs (its notes, sources and
    /// exact figures; its bounds are never mixed with the summaries).
    pub ghg: Ghg,
    /// Samples, seed and shape.
    pub monte_carlo: MonteCarlo,
    /// Location-based, then market-based.
    pub scopes: [McScopes; 2],
    /// The management view (amortised embodied + life-cycle electricity;
    /// NOT a GHG Protocol figure), kg CO2e.
    pub management_kgco2e: Option<Summary>,
    /// What drives the spread of the location-based total, largest share
    /// first.
    pub drivers: Vec<Driver>,
    /// The samples of the location-based total, kg CO2e, in draw order.
    pub total_samples_kgco2e: Vec<f64>,
}

impl McGhg {
    /// One sentence on the largest driver, for the table view.
    #[must_use]
    pub fn drivers_sentence(&self) -> Option<String> {
        crate::uncertainty::drivers_sentence(&self.drivers)
    }
}

/// The expressions of the GHG items, kg CO2e (`None`: no data).
struct Items([Option<Expr>; Item::ALL.len()]);

impl Items {
    fn new() -> Self {
        Self(std::array::from_fn(|_| Some(Expr::default())))
    }

    fn add(&mut self, item: Item, e: Option<&Expr>) {
        let slot = self.0.get_mut(item as usize);
        match (slot, e) {
            (Some(Some(x)), Some(e)) => x.add_scaled(1.0, e),
            (Some(s), None) => *s = None,
            _ => {}
        }
    }

    fn constant(&mut self, item: Item, v: f64) {
        let mut e = Expr::default();
        e.add_constant(v);
        self.add(item, Some(&e));
    }

    fn sum(&self, items: &[Item]) -> Option<Expr> {
        let mut out = Expr::default();
        for i in items {
            out.add_scaled(1.0, self.0.get(*i as usize)?.as_ref()?);
        }
        Some(out)
    }
}

/// Reads the organisation's files as [`super::read`] does (without any
/// file, the embedded illustrative organisation) and assesses them under
/// Monte Carlo. The data centre's equipment, reduced to its booked sums by
/// the reader, is read again from its bytes (or the example's) for the
/// run's coefficients.
///
/// # Errors
///
/// As [`super::read`] and [`super::assess`]; [`crate::error::Error::InvalidOption`]
/// at `distribution` for a log-normal of a value whose low bound is zero.
pub fn read_and_assess(
    catalog: &Arc<Catalog>,
    s: &Sources<'_>,
    monte_carlo: MonteCarlo,
) -> Result<McGhg> {
    let (inputs, notes) = super::read(catalog, s)?;
    let example = (!s.any()).then(|| {
        (
            "example equipment",
            datacentre::example::EQUIPMENT_CSV.as_bytes(),
        )
    });
    with_equipment(catalog, s, &inputs, notes, monte_carlo, example)
}

/// Reads the organisation's files given as [`super::read_given`] does
/// (nothing given is an error, no embedded example: what the WebAssembly
/// package calls, for its size) and assesses them under Monte Carlo, as
/// [`read_and_assess`].
///
/// # Errors
///
/// As [`super::read_given`] and [`read_and_assess`].
pub fn read_given_and_assess(
    catalog: &Arc<Catalog>,
    s: &Sources<'_>,
    monte_carlo: MonteCarlo,
) -> Result<McGhg> {
    let inputs = super::read_given(catalog, s)?;
    with_equipment(catalog, s, &inputs, Vec::new(), monte_carlo, None)
}

/// Reads the data centre's equipment again (the file given, else
/// `example`) and assesses `inputs` with it; `notes` come first.
fn with_equipment(
    catalog: &Arc<Catalog>,
    s: &Sources<'_>,
    inputs: &Inputs,
    notes: Vec<Note>,
    monte_carlo: MonteCarlo,
    example: Option<(&str, &[u8])>,
) -> Result<McGhg> {
    let file = s.equipment.or(example);
    let equipment = match (&inputs.datacentre, file) {
        (Some(dc), Some((name, bytes))) => {
            let encoding = s
                .options
                .encoding
                .map(TextEncoding::parse)
                .transpose()?
                .unwrap_or_default();
            // By the data centre's own reader (one code path for both).
            let mut batches: Vec<Inventory> = Vec::new();
            EquipmentEmbodied::read_csv_observed(
                catalog.clone(),
                &dc.facility.zone,
                &dc.readings.year_fractions(),
                name,
                Box::new(bytes) as Box<dyn std::io::Read>,
                ReadOptions { encoding },
                &mut |batch| {
                    batches.push(batch.clone());
                    Ok(())
                },
            )?;
            batches
        }
        _ => Vec::new(),
    };
    let mut r = assess(inputs, &equipment, monte_carlo)?;
    let mut all = notes;
    all.append(&mut r.ghg.notes);
    r.ghg.notes = all;
    Ok(r)
}

/// Assesses `inputs` under Monte Carlo; `equipment` is the data centre's
/// equipment inventory, in batches (the rows behind `inputs`' booked sums;
/// none without equipment).
///
/// # Errors
///
/// As [`super::assess`]; as [`read_and_assess`].
pub fn assess(inputs: &Inputs, equipment: &[Inventory], monte_carlo: MonteCarlo) -> Result<McGhg> {
    let ghg = super::assess(inputs)?;
    let year = inputs.year;
    let by = GroupBy {
        entity: false,
        kind: false,
        phase: false,
    };
    let assessor = |catalog: &Arc<Catalog>, mode: Mode, basis: Basis| -> Result<McAssessor> {
        let options = Options::new(year, mode, by)?.with_basis(basis);
        Ok(McAssessor::new(catalog.clone(), options, monte_carlo))
    };
    // Parts, in order: the fleet (acquisition direct, acquisition upstream,
    // amortised life-cycle), then the equipment (acquisition, the data
    // centre's mode).
    let mut parts = Vec::new();
    if let Some(fleet) = &inputs.fleet {
        for (mode, basis) in [
            (Mode::Acquisition, Basis::Direct),
            (Mode::Acquisition, Basis::Upstream),
            (Mode::Amortised, Basis::LifeCycle),
        ] {
            let mut a = assessor(fleet.catalog(), mode, basis)?;
            a.add(fleet)?;
            parts.push(a.into_reduction());
        }
    }
    let dc_mode = inputs.datacentre.as_ref().map(|d| d.mode);
    let has_equipment = !equipment.is_empty();
    // The equipment is booked for each calendar year the readings cover,
    // times the fraction covered, as the interval engine books it
    // (`datacentre::Readings::year_fractions`).
    let fractions: Vec<(i32, f64)> = inputs
        .datacentre
        .as_ref()
        .map(|d| d.readings.year_fractions())
        .unwrap_or_default();
    if let (Some(first), Some(mode)) = (equipment.first(), dc_mode) {
        for mode in [Mode::Acquisition, mode] {
            for &(year, _) in &fractions {
                let mut r = Reduction::new(
                    first.catalog().clone(),
                    year,
                    mode,
                    Basis::LifeCycle,
                    monte_carlo.shape,
                );
                for batch in equipment {
                    r.add_embodied(batch)?;
                }
                parts.push(r);
            }
        }
    }
    let joint = Reduction::joint(parts)?;
    let model = joint.model();
    let mut items = Items::new();
    let mut next = 0;
    if inputs.fleet.is_some() {
        let (energy, direct) = joint.exprs(0)?;
        let (_, upstream) = joint.exprs(1)?;
        let (_, managed) = joint.exprs(2)?;
        next = 3;
        let [manufacture, transport, use_direct, end_of_life] = &direct;
        items.add(Item::CapitalGoods, manufacture.as_ref());
        items.add(Item::Transport, transport.as_ref());
        items.add(Item::EndOfLife, end_of_life.as_ref());
        items.add(Item::Scope2Location, use_direct.as_ref());
        items.add(Item::Category3, upstream[2].as_ref());
        items.add(Item::ManagementUse, managed[2].as_ref());
        let [m, t, _, e] = &managed;
        for x in [m, t, e] {
            items.add(Item::ManagementEmbodied, x.as_ref());
        }
        let market = match &inputs.instruments {
            // The interval engine's fallback: market = location-based.
            None => use_direct.clone(),
            Some(ins) => energy.map(|e| {
                let residual = ins.residual_mix_kg_per_kwh.unwrap_or(0.0);
                let pairs: Vec<(f64, f64)> = ins
                    .items
                    .iter()
                    .map(|i| (i.kwh, i.factor_kg_per_kwh))
                    .collect();
                let covered: f64 = pairs.iter().map(|(kwh, _)| kwh).sum();
                // Σ kWh_i f_i + (E − covered) × residual, the formula at E.
                let mut m = Expr::default();
                m.add_constant(crate::accounting::scope2_market_kg(
                    covered, &pairs, residual,
                ));
                m.add_scaled(residual, &e);
                m.add_constant(-covered * residual);
                m
            }),
        };
        items.add(Item::Scope2Market, market.as_ref());
    }
    if let Some(dc) = &inputs.datacentre {
        // The data centre's exact items, from the interval inventory's
        // entity (the last), and its building from its engine in each mode.
        let t = ghg.entities.last().map(|(_, t)| *t).unwrap_or_default();
        for item in [
            Item::Refrigerant,
            Item::GeneratorFuel,
            Item::Scope2Location,
            Item::Scope2Market,
            Item::Category3,
            Item::ManagementUse,
        ] {
            items.constant(item, t.get(item));
        }
        let building = |mode: Mode| -> Result<f64> {
            let mut i = dc.clone();
            i.mode = mode;
            Ok(datacentre::assess(&i, &inputs.catalog)?
                .scope3
                .building_kgco2e
                .unwrap_or(0.0))
        };
        items.constant(Item::CapitalGoods, building(Mode::Acquisition)?);
        items.constant(Item::ManagementEmbodied, building(dc.mode)?);
        if has_equipment {
            // Σ_y fraction_y × phase p of part `start + y`.
            let period = |start: usize, p: usize| -> Result<Option<Expr>> {
                let mut total = Some(Expr::default());
                for (k, (_, fraction)) in fractions.iter().enumerate() {
                    let (_, phases) = joint.exprs(start + k)?;
                    match (total.as_mut(), phases.get(p).and_then(Option::as_ref)) {
                        (Some(t), Some(e)) => t.add_scaled(*fraction, e),
                        _ => total = None,
                    }
                }
                Ok(total)
            };
            let managed = next + fractions.len();
            items.add(Item::CapitalGoods, period(next, 0)?.as_ref());
            items.add(Item::Transport, period(next, 1)?.as_ref());
            items.add(Item::EndOfLife, period(next, 3)?.as_ref());
            for p in [0, 1, 3] {
                items.add(Item::ManagementEmbodied, period(managed, p)?.as_ref());
            }
        }
    }
    let draws = Draws::new(&model, monte_carlo.seed, monte_carlo.samples)?;
    let summary = |e: Option<&Expr>| e.and_then(|e| draws.summary(e));
    let scope1 = items.sum(&[Item::Refrigerant, Item::GeneratorFuel]);
    let scope3 = items.sum(&[
        Item::CapitalGoods,
        Item::Category3,
        Item::Transport,
        Item::EndOfLife,
    ]);
    let mut samples = Vec::new();
    let mut drivers = Vec::new();
    let scopes = [
        (Scope2Method::LocationBased, Item::Scope2Location),
        (Scope2Method::MarketBased, Item::Scope2Market),
    ]
    .map(|(method, item)| {
        let scope2 = items.sum(&[item]);
        let total = match (&scope1, &scope2, &scope3) {
            (Some(a), Some(b), Some(c)) => {
                let mut t = a.clone();
                t.add_scaled(1.0, b);
                t.add_scaled(1.0, c);
                Some(t)
            }
            _ => None,
        };
        if method == Scope2Method::LocationBased {
            if let Some(t) = &total {
                samples = draws.evaluate(t);
                drivers = draws.drivers(&model, t);
            }
        }
        McScopes {
            method,
            scope1_kgco2e: summary(scope1.as_ref()),
            scope2_kgco2e: summary(scope2.as_ref()),
            scope3_kgco2e: summary(scope3.as_ref()),
            total_kgco2e: summary(total.as_ref()),
        }
    });
    let management = items.sum(&[Item::ManagementEmbodied, Item::ManagementUse]);
    let mut ghg = ghg;
    if inputs.instruments.is_some() && inputs.fleet.is_some() {
        ghg.notes.push(Note {
            code: "market_based_monte_carlo",
            message: "the fleet's market-based scope 2 under Monte Carlo: its instruments' kWh are exact and the residual mix applies to the rest of each sample's electricity".into(),
        });
    }
    Ok(McGhg {
        ghg,
        monte_carlo,
        scopes,
        management_kgco2e: summary(management.as_ref()),
        drivers,
        total_samples_kgco2e: samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uncertainty::Shape;

    #[test]
    fn the_example_organisation_under_monte_carlo() {
        let catalog = Catalog::embedded().unwrap();
        let mc = MonteCarlo::new(2000, 5, Shape::Triangular).unwrap();
        let r = read_and_assess(&catalog, &Sources::default(), mc).unwrap();
        let g = &r.ghg;
        for s in &r.scopes {
            let t = s.total_kgco2e.unwrap();
            assert!(t.p5 < t.p50 && t.p50 < t.p95, "{s:?}");
            let s1 = s.scope1_kgco2e.unwrap();
            assert_eq!(s1.p5, s1.p95);
            assert!((s1.p50 - g.total.scope1()).abs() <= 1e-9 * g.total.scope1());
        }
        let shares: f64 = r.drivers.iter().map(|d| d.variance_share).sum();
        assert!((shares - 1.0).abs() < 1e-9, "{:?}", r.drivers);
        // The data centre's servers (one-socket ones bought in 2022: the
        // scope 3 of acquisition) and the fleet's kinds share one model.
        assert!(r.drivers.iter().any(|d| d.key == "kind:server_1s:embodied"));
        assert!(r.drivers.iter().any(|d| d.key == "kind:laptop:embodied"));
        assert_eq!(
            read_and_assess(&catalog, &Sources::default(), mc).unwrap(),
            r
        );
    }
}
