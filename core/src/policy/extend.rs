//! Extend or replace: when a more efficient replacement pays back its
//! embodied footprint under the grid trajectory, and the verdict over the
//! new device's life (methodology §13.5).

use super::Policy;
use crate::accounting::{break_even_under_trajectory, grid_after_history};
use crate::catalog::Catalog;
use crate::error::{Error, Location, Result};
use crate::quantity::bounds::check_range;
use serde::Serialize;

/// Years of grid trajectory searched for a payback.
pub const HORIZON_YEARS: usize = 200;

/// The verdict for one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtendOrReplace {
    /// Device kind.
    pub kind: String,
    /// Devices of that kind in service in the start year.
    pub devices: f64,
    /// Electricity of the device in service, kWh a year.
    pub energy_old_kwh: f64,
    /// Efficiency gain of the replacement, percent.
    pub efficiency_gain_pct: f64,
    /// Electricity saved by the replacement, kWh a year.
    pub saving_kwh_per_year: f64,
    /// Embodied footprint of the new device (catalog, central), kg CO2e.
    pub embodied_new_kgco2e: f64,
    /// Saving in the first year, kg CO2e.
    pub saving_first_year_kgco2e: f64,
    /// Lifespan of the new device (the kind's default), years.
    pub lifespan_new_years: f64,
    /// Years to pay back the embodied footprint (`None`: not within
    /// [`HORIZON_YEARS`]).
    pub payback_years: Option<f64>,
    /// Whether the replacement pays back within the new device's life.
    pub pays_back_within_life: bool,
    /// `replace` or `extend`, with the figures in words.
    pub verdict: String,
}

/// Grid intensities of `zone` from `start` for `n` years, kg CO2e/kWh: the
/// published values, then the last one declining by `decline_pct` a year.
///
/// # Errors
///
/// [`crate::error::Error::UnknownCountry`] for a zone without data.
pub(super) fn intensity_series(
    catalog: &Catalog,
    zone: &str,
    start: i32,
    n: usize,
    decline_pct: f64,
) -> Result<Vec<f64>> {
    let grid = catalog.grid();
    let id = grid.zone_id(zone, &Location::option("country"))?;
    let last = grid.zone(id).map_or(start, |z| z.years().1);
    let last_value = grid.intensity(id, last)?.factor.kg_per_kwh();
    (0..n)
        .map(|y| {
            let year = start + y as i32;
            if year <= last {
                grid.intensity(id, year).map(|g| g.factor.kg_per_kwh())
            } else {
                Ok(grid_after_history(
                    last_value,
                    decline_pct / 100.0,
                    year - last,
                ))
            }
        })
        .collect()
}

/// Extend or replace one kind: a replacement using
/// `replacement_efficiency_gain_pct` less electricity than a device using
/// `energy_old_kwh` (default: the kind's archetype) a year, in `country`,
/// from the policy's start year under its grid trajectory.
///
/// ```
/// use empreinte::policy::{extend_or_replace, Policy};
/// use empreinte::Catalog;
/// // A 10 %-more-efficient laptop in Belgium never pays back within its life
/// // (Prakash et al. 2012 for the German UBA: about 33 to 88 years at 10 % better).
/// let v = extend_or_replace(&*Catalog::embedded()?, "laptop", None, "BE", &Policy::default())?;
/// assert!(!v.pays_back_within_life);
/// assert!(v.verdict.starts_with("extend"));
/// # Ok::<(), empreinte::Error>(())
/// ```
///
/// # Errors
///
/// [`crate::error::Error::UnknownKind`], [`crate::error::Error::UnknownCountry`];
/// [`crate::error::Error::OutOfRange`] for a negative energy;
/// [`Error::NoDefaultEnergy`] when no energy is given for a kind without a
/// default electricity use.
pub fn extend_or_replace(
    catalog: &Catalog,
    kind: &str,
    energy_old_kwh: Option<f64>,
    country: &str,
    policy: &Policy,
) -> Result<ExtendOrReplace> {
    let id = catalog.kind_id(kind, &Location::option("kind"))?;
    let arch = catalog.archetype(id)?;
    let energy = match energy_old_kwh {
        Some(e) => check_range(e, &Location::option("annual_energy_kwh"), 0.0, true, 1e7)?,
        None => arch
            .annual_energy_kwh
            .ok_or_else(|| Error::NoDefaultEnergy {
                at: Location::option("annual_energy_kwh"),
                kind: arch.kind.clone(),
                fill: "the `annual_energy_kwh` option (kWh a year of the device kept)".into(),
            })?
            .central(),
    };
    extend_or_replace_with(catalog, &arch.kind.clone(), 0.0, energy, country, policy)
}

/// [`extend_or_replace`] with the devices and energy given.
pub(super) fn extend_or_replace_with(
    catalog: &Catalog,
    kind: &str,
    devices: f64,
    energy_old_kwh: f64,
    country: &str,
    policy: &Policy,
) -> Result<ExtendOrReplace> {
    let id = catalog.kind_id(kind, &Location::option("kind"))?;
    let arch = catalog.archetype(id)?;
    // Every embodied phase of the new device: a catalog without one is an
    // error, never a smaller footprint.
    let embodied = crate::quantity::Phase::EMBODIED
        .iter()
        .map(|p| {
            catalog
                .embodied(0, id, *p)
                .map(|e| e.central())
                .ok_or_else(|| {
                    Error::dataset(
                        "catalog",
                        0,
                        format!(
                            "no embodied climate footprint of `{kind}` in the phase {}",
                            p.id()
                        ),
                    )
                })
        })
        .sum::<Result<f64>>()?;
    let gain = policy.replacement_efficiency_gain_pct;
    let saving = energy_old_kwh * gain / 100.0;
    let series = intensity_series(
        catalog,
        country,
        policy.start_year,
        HORIZON_YEARS,
        policy.grid_decline_pct_per_year,
    )?;
    let payback = break_even_under_trajectory(embodied, saving, &series);
    let life = arch.lifespan_years;
    let within = payback.is_some_and(|t| t <= life);
    let verdict = match payback {
        Some(t) if within => {
            format!("replace: pays back in {t:.1} years, within the new device's {life}-year life")
        }
        Some(t) => format!(
            "extend: the replacement pays back in {t:.0} years, beyond its {life}-year life"
        ),
        None => format!("extend: the replacement does not pay back within {HORIZON_YEARS} years"),
    };
    Ok(ExtendOrReplace {
        kind: arch.kind.clone(),
        devices,
        energy_old_kwh,
        efficiency_gain_pct: gain,
        saving_kwh_per_year: saving,
        embodied_new_kgco2e: embodied,
        saving_first_year_kgco2e: saving * series.first().copied().unwrap_or(0.0),
        lifespan_new_years: life,
        payback_years: payback,
        pays_back_within_life: within,
        verdict,
    })
}
