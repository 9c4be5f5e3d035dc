//! Device archetypes: the default footprint, lifespan and electricity of a
//! kind of device, with the source and quality of each.

use crate::error::{Error, Result};
use crate::quantity::bounds::check_lifespan;
use crate::quantity::{Estimate, Phase};
use serde::{Deserialize, Serialize};

/// How much a default can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    /// Many manufacturer sheets; p10-p90 interval.
    High,
    /// A few sheets; min-max interval widened.
    Medium,
    /// A proxy or a single published figure; wide interval.
    Low,
}

/// The defaults of one kind of device, with their source.
#[derive(Debug, Clone, Serialize)]
pub struct Archetype {
    /// Identifier used in inventories (`laptop`, `monitor_22_24`, ...).
    pub kind: String,
    /// Human-readable label.
    pub label: String,
    /// Default lifespan, years.
    pub lifespan_years: f64,
    /// Default electricity use per device per year, kWh.
    pub annual_energy_kwh: Estimate,
    /// Embodied climate footprint per device (manufacture + transport + end
    /// of life), kg CO2e.
    pub embodied_gwp_kgco2e: Estimate,
    /// Shares of the embodied footprint in manufacture, transport and end of
    /// life (order of [`Phase::EMBODIED`]); they sum to 1.
    pub shares: [f64; 3],
    /// Number of manufacturer sheets behind the values (0 for a citation).
    pub sample_size: u32,
    /// How much the values can be trusted.
    pub quality: Quality,
    /// How the values were derived.
    pub method: String,
    /// Citation.
    pub source: String,
}

#[derive(Deserialize)]
struct ArchetypeRow {
    kind: String,
    label: String,
    lifespan_years: f64,
    annual_energy_kwh: f64,
    annual_energy_kwh_low: f64,
    annual_energy_kwh_high: f64,
    embodied_gwp_kgco2e: f64,
    embodied_gwp_kgco2e_low: f64,
    embodied_gwp_kgco2e_high: f64,
    share_manufacture: f64,
    share_transport: f64,
    share_end_of_life: f64,
    sample_size: u32,
    quality: Quality,
    method: String,
    source: String,
}

/// Parses the archetype table (format in `datasets/README.md`).
///
/// # Errors
///
/// [`Error::Dataset`] on a malformed row, a bad interval or shares that do
/// not sum to 1.
pub fn parse_archetypes(dataset: &str, text: &str) -> Result<Vec<Archetype>> {
    let bad = |line: usize, message: String| Error::dataset(dataset, line as u64, message);
    let mut out: Vec<Archetype> = Vec::new();
    for (i, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<ArchetypeRow>()
        .enumerate()
    {
        let line = i + 2;
        let r = row.map_err(|e| bad(line, e.to_string()))?;
        let energy = Estimate::new(
            r.annual_energy_kwh,
            r.annual_energy_kwh_low,
            r.annual_energy_kwh_high,
        )
        .map_err(|e| bad(line, format!("annual energy: {e:?}")))?;
        let embodied = Estimate::new(
            r.embodied_gwp_kgco2e,
            r.embodied_gwp_kgco2e_low,
            r.embodied_gwp_kgco2e_high,
        )
        .map_err(|e| bad(line, format!("embodied: {e:?}")))?;
        let shares = [r.share_manufacture, r.share_transport, r.share_end_of_life];
        if shares.iter().any(|s| !(0.0..=1.0).contains(s))
            || (shares.iter().sum::<f64>() - 1.0).abs() > 1e-6
        {
            return Err(bad(line, "shares must be in [0, 1] and sum to 1".into()));
        }
        check_lifespan(
            r.lifespan_years,
            &crate::error::Location::line(dataset, line as u64),
        )
        .map_err(|e| bad(line, e.to_string()))?;
        if out.iter().any(|a| a.kind == r.kind) {
            return Err(bad(line, format!("duplicate kind `{}`", r.kind)));
        }
        out.push(Archetype {
            kind: r.kind,
            label: r.label,
            lifespan_years: r.lifespan_years,
            annual_energy_kwh: energy,
            embodied_gwp_kgco2e: embodied,
            shares,
            sample_size: r.sample_size,
            quality: r.quality,
            method: r.method,
            source: r.source,
        });
    }
    Ok(out)
}

impl Archetype {
    /// The default whole-life climate footprint of one device in an embodied
    /// phase (the embodied total times the phase's share); `None` for use.
    #[must_use]
    pub fn embodied_gwp_in(&self, phase: Phase) -> Option<Estimate> {
        let share = self.shares.get(phase.embodied_slot()?)?;
        self.embodied_gwp_kgco2e.scale(*share).ok()
    }
}
