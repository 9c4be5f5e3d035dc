//! The data centre under Monte Carlo (methodology §8.8): mean, P5, P50 and
//! P95 of each scope total and of the total, by both scope 2 methods, and
//! the inputs that drive the spread.
//!
//! Which inputs are uncertain follows what the data gives. The embedded
//! grid intensities (direct and life-cycle), the refrigerants' GWP100 and
//! the diesel factor have no interval, and the meters, instruments and
//! building figures are the user's single values: they are exact here, as
//! in the interval view. The IT equipment's embodied footprint has one
//! (the catalog's low / central / high per kind, or the inventory's own
//! `embodied_gwp_kgco2e_low`/`_high`): it is drawn exactly as the fleet
//! assessment draws it (`inventory::montecarlo`: one draw of a kind's
//! value serves every device of the kind, phases move together, kinds are
//! independent). Scope 3 is that draw plus the building; each total is
//! scope 1 + scope 2 + scope 3 of the same sample. The model is additive,
//! so the variance shares are exact and the same for every scope total
//! that moves (only scope 3 and the totals do).
//!
//! The equipment's rows are reduced to coefficients while the file is
//! read, beside the interval view's booking ([`read_files_monte_carlo`]):
//! memory follows the kinds, not the lines.

use super::{assess, files, Datacentre, FileOptions, Files, Inputs};
use crate::accounting::Mode;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::grid::Basis;
use crate::inventory::montecarlo::Reduction;
use crate::inventory::Inventory;
use crate::note::Note;
use crate::quantity::Scope2Method;
use crate::uncertainty::{Draws, Driver, Expr, Model, MonteCarlo, Summary};
use std::sync::Arc;

/// The scope totals of one scope 2 method under Monte Carlo, kg CO2e;
/// `None` where a figure is not computed (market-based without
/// instruments) or has no data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McScopes {
    /// The scope 2 method of `scope2_kgco2e` and `total_kgco2e`.
    pub method: Scope2Method,
    /// Scope 1: refrigerant leaks and generator fuel.
    pub scope1_kgco2e: Option<Summary>,
    /// Scope 2 by `method`.
    pub scope2_kgco2e: Option<Summary>,
    /// Scope 3: IT equipment and building embodied.
    pub scope3_kgco2e: Option<Summary>,
    /// Scope 1 + 2 + 3, sample by sample.
    pub total_kgco2e: Option<Summary>,
}

/// A data-centre assessment under Monte Carlo.
#[derive(Debug, Clone, PartialEq)]
pub struct McDatacentre {
    /// The interval assessment of the same inputs (its notes, sources and
    /// exact figures; its bounds are never mixed with the summaries).
    pub datacentre: Datacentre,
    /// Samples, seed and shape.
    pub monte_carlo: MonteCarlo,
    /// Location-based, then market-based.
    pub scopes: [McScopes; 2],
    /// What drives the spread of the total (location-based; the market-
    /// based total moves with the same draws), largest share first.
    pub drivers: Vec<Driver>,
    /// The samples of the location-based total, kg CO2e, in draw order.
    pub total_samples_kgco2e: Vec<f64>,
}

impl McDatacentre {
    /// One sentence on the largest driver, for the table view.
    #[must_use]
    pub fn drivers_sentence(&self) -> Option<String> {
        crate::uncertainty::drivers_sentence(&self.drivers)
    }
}

/// The IT equipment's embodied footprint reduced to coefficients per
/// uncertain input, fed batch by batch as the equipment is read.
#[derive(Debug, Clone)]
pub struct McEquipment {
    monte_carlo: MonteCarlo,
    mode: Mode,
    /// One reduction per calendar year the readings cover, with the
    /// fraction of that year covered (as the interval view books the
    /// equipment, [`super::Readings::year_fractions`]).
    parts: Vec<(f64, Reduction)>,
}

impl McEquipment {
    /// No equipment yet; rows will be booked in `mode` (as the interval
    /// view's [`super::Inputs::mode`]).
    #[must_use]
    pub fn new(monte_carlo: MonteCarlo, mode: Mode) -> Self {
        Self {
            monte_carlo,
            mode,
            parts: Vec::new(),
        }
    }

    /// Adds a batch of equipment rows (an inventory built by
    /// [`super::EquipmentEmbodied::inventory`]) booked for the calendar
    /// years `years`, each with the fraction of it the readings cover
    /// ([`super::Readings::year_fractions`]; `[(year, 1.0)]` for a
    /// calendar year).
    ///
    /// # Errors
    ///
    /// A batch of another catalog than the first.
    pub fn add(&mut self, batch: &Inventory, years: &[(i32, f64)]) -> Result<()> {
        let (mode, shape) = (self.mode, self.monte_carlo.shape);
        if self.parts.is_empty() {
            self.parts = years
                .iter()
                .map(|&(year, fraction)| {
                    // The use phase is not read: any basis.
                    let r = Reduction::new(
                        batch.catalog().clone(),
                        year,
                        mode,
                        Basis::LifeCycle,
                        shape,
                    );
                    (fraction, r)
                })
                .collect();
        }
        for (_, r) in &mut self.parts {
            r.add_embodied(batch)?;
        }
        Ok(())
    }

    /// The model and the equipment's embodied footprint over the period:
    /// `Σ_y fraction_y × embodied_y`, one draw of a kind's value serving
    /// every year (methodology §8.3); `None` where the catalog has no value.
    fn embodied(self) -> Result<(Model, Option<Expr>)> {
        let fractions: Vec<f64> = self.parts.iter().map(|(f, _)| *f).collect();
        if let [(fraction, _)] = self.parts.as_slice() {
            let fraction = *fraction;
            let Some((_, r)) = self.parts.into_iter().next() else {
                return Ok((Model::default(), Some(Expr::default())));
            };
            let (model, e) = r.embodied()?;
            return Ok((model, e.map(|e| scaled(fraction, &e))));
        }
        if self.parts.is_empty() {
            return Ok((Model::default(), Some(Expr::default())));
        }
        let joint = Reduction::joint(self.parts.into_iter().map(|(_, r)| r).collect())?;
        let mut total = Some(Expr::default());
        for (i, fraction) in fractions.iter().enumerate() {
            let (_, phases) = joint.exprs(i)?;
            // Manufacture, transport and end of life ([`Phase::ALL`] order).
            for p in [0, 1, 3] {
                match (total.as_mut(), phases.get(p).and_then(Option::as_ref)) {
                    (Some(t), Some(e)) => t.add_scaled(*fraction, e),
                    _ => total = None,
                }
            }
        }
        Ok((joint.model(), total))
    }
}

/// `k × e`.
fn scaled(k: f64, e: &Expr) -> Expr {
    let mut out = Expr::default();
    out.add_scaled(k, e);
    out
}

/// Reads a data centre's files as [`super::read_files`] does (the same
/// errors, the same example without files), and reduces the equipment to
/// its Monte Carlo coefficients in the same pass.
///
/// # Errors
///
/// As [`super::read_files`]; a bad `mode`.
pub fn read_files_monte_carlo(
    files: Files<'_>,
    options: &FileOptions<'_>,
    catalog: &Arc<Catalog>,
    progress: impl FnMut(u64),
    monte_carlo: MonteCarlo,
) -> Result<(Inputs, Vec<Note>, McEquipment)> {
    let mode = options
        .mode
        .map(Mode::parse)
        .transpose()?
        .unwrap_or_default();
    let mut equipment = McEquipment::new(monte_carlo, mode);
    let (inputs, notes) =
        files::read_files_observed(files, options, catalog, progress, &mut |batch, years| {
            equipment.add(batch, years)
        })?;
    Ok((inputs, notes, equipment))
}

/// Assesses a data centre under Monte Carlo: `inputs` as [`assess`] reads
/// them, `equipment` the same equipment's coefficients (empty without
/// equipment).
///
/// # Errors
///
/// As [`assess`]; [`crate::error::Error::InvalidOption`] at `distribution`
/// when a log-normal is asked for a value whose low bound is zero.
pub fn assess_monte_carlo(
    inputs: &Inputs,
    catalog: &Catalog,
    equipment: McEquipment,
) -> Result<McDatacentre> {
    let datacentre = assess(inputs, catalog)?;
    let monte_carlo = equipment.monte_carlo;
    let (model, embodied) = equipment.embodied()?;
    let draws = Draws::new(&model, monte_carlo.seed, monte_carlo.samples)?;
    let constant = |v: f64| {
        let mut e = Expr::default();
        e.add_constant(v);
        e
    };
    let s1 = &datacentre.scope1;
    let scope1 = constant(s1.refrigerant_kgco2e + s1.diesel_kgco2e);
    let scope3 = embodied.map(|mut e| {
        e.add_constant(datacentre.scope3.building_kgco2e.unwrap_or(0.0));
        e
    });
    let s2 = &datacentre.scope2;
    let mut samples = Vec::new();
    let mut drivers = Vec::new();
    let scopes = [
        (Scope2Method::LocationBased, Some(s2.location_kgco2e)),
        (Scope2Method::MarketBased, s2.market_kgco2e),
    ]
    .map(|(method, scope2)| {
        let scope2 = scope2.map(constant);
        let total = scope2.as_ref().zip(scope3.as_ref()).map(|(s2, s3)| {
            let mut t = scope1.clone();
            t.add_scaled(1.0, s2);
            t.add_scaled(1.0, s3);
            t
        });
        if method == Scope2Method::LocationBased {
            if let Some(t) = &total {
                samples = draws.evaluate(t);
                drivers = draws.drivers(&model, t);
            }
        }
        let summary = |e: Option<&Expr>| e.and_then(|e| draws.summary(e));
        McScopes {
            method,
            scope1_kgco2e: summary(Some(&scope1)),
            scope2_kgco2e: summary(scope2.as_ref()),
            scope3_kgco2e: summary(scope3.as_ref()),
            total_kgco2e: summary(total.as_ref()),
        }
    });
    Ok(McDatacentre {
        datacentre,
        monte_carlo,
        scopes,
        drivers,
        total_samples_kgco2e: samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_under_monte_carlo_moves_scope_3_only() {
        let catalog = Catalog::embedded().unwrap();
        let mc = MonteCarlo::new(2000, 4, crate::uncertainty::Shape::Triangular).unwrap();
        let (inputs, _, equipment) = read_files_monte_carlo(
            Files::default(),
            &FileOptions::default(),
            &catalog,
            |_| {},
            mc,
        )
        .unwrap();
        let r = assess_monte_carlo(&inputs, &catalog, equipment).unwrap();
        let loc = r.scopes[0];
        let s1 = loc.scope1_kgco2e.unwrap();
        assert_eq!((s1.p5, s1.p95), (s1.mean, s1.mean));
        let s3 = loc.scope3_kgco2e.unwrap();
        assert!(s3.p5 < s3.p50 && s3.p50 < s3.p95);
        let t = loc.total_kgco2e.unwrap();
        let (s2, d) = (loc.scope2_kgco2e.unwrap(), &r.datacentre);
        assert!((t.mean - (s1.mean + s2.mean + s3.mean)).abs() < 1e-6 * t.mean);
        // Inside the interval view's bounds of the equipment.
        let [_, lo, hi] = d.scope3.equipment_kgco2e.unwrap();
        let b = d.scope3.building_kgco2e.unwrap_or(0.0);
        assert!(lo + b <= s3.p5 && s3.p95 <= hi + b);
        let shares: f64 = r.drivers.iter().map(|d| d.variance_share).sum();
        assert!((shares - 1.0).abs() < 1e-9, "{:?}", r.drivers);
        assert!(r.drivers.iter().all(|d| d.key.ends_with(":embodied")));
        assert_eq!(r.total_samples_kgco2e.len(), 2000);
    }
}
