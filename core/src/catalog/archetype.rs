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
    /// At least 30 sheets from at least 3 manufacturers, none with more
    /// than half of them.
    High,
    /// At least 5 sheets from at least 2 manufacturers, none with more than
    /// 80 % of them.
    Medium,
    /// Fewer sheets, one dominant manufacturer, a proxy or a single
    /// published figure; wide interval.
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
    /// Number of manufacturers among the sheets (0 for a citation).
    pub manufacturers: u32,
    /// Share of the sheets from the largest manufacturer (0-1; 0 without
    /// sheets).
    pub top_manufacturer_share: f64,
    /// The manufacturers' own lifetime assumption, years, kept for
    /// comparison with [`Archetype::lifespan_years`].
    pub manufacturer_lifespan_years: f64,
    /// What `lifespan_years` is: `observed`, `manufacturers` or `estimate`.
    pub lifespan_basis: String,
    /// The usage profile behind `annual_energy_kwh` (empty when the energy
    /// is a test or estimated figure).
    pub usage_profile: String,
    /// Power per mode, when known.
    pub power: Option<ModePower>,
}

/// Power draw of a kind in each mode, W (on with its interval; sleep and
/// off central).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModePower {
    /// Power when on (idle or active office use), W.
    pub on_w: Estimate,
    /// Power asleep, W.
    pub sleep_w: f64,
    /// Power off but plugged in, W.
    pub off_w: f64,
}

impl ModePower {
    /// Electricity per year, kWh (central, low, high), of a device on for
    /// `hours_on`, asleep for `hours_sleep` and off for `hours_off` hours.
    #[must_use]
    pub fn annual_energy_kwh(&self, hours_on: f64, hours_sleep: f64, hours_off: f64) -> [f64; 3] {
        let rest = (hours_sleep * self.sleep_w + hours_off * self.off_w) / 1000.0;
        self.on_w.bounds().map(|w| hours_on * w / 1000.0 + rest)
    }
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
    #[serde(default)]
    manufacturers: u32,
    #[serde(default)]
    top_manufacturer_share: f64,
    #[serde(default)]
    manufacturer_lifespan_years: Option<f64>,
    #[serde(default)]
    lifespan_basis: String,
    #[serde(default)]
    usage_profile: String,
    #[serde(default)]
    power_on_w: Option<f64>,
    #[serde(default)]
    power_on_w_low: Option<f64>,
    #[serde(default)]
    power_on_w_high: Option<f64>,
    #[serde(default)]
    power_sleep_w: Option<f64>,
    #[serde(default)]
    power_off_w: Option<f64>,
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
        let power = match r.power_on_w {
            Some(on) => {
                let on_w = Estimate::new(
                    on,
                    r.power_on_w_low.unwrap_or(on),
                    r.power_on_w_high.unwrap_or(on),
                )
                .map_err(|e| bad(line, format!("power on: {e:?}")))?;
                let sleep_w = r.power_sleep_w.unwrap_or(on);
                let off_w = r.power_off_w.unwrap_or(on);
                if !(sleep_w.is_finite() && sleep_w >= 0.0 && off_w.is_finite() && off_w >= 0.0) {
                    return Err(bad(line, "sleep and off power must be >= 0".into()));
                }
                Some(ModePower {
                    on_w,
                    sleep_w,
                    off_w,
                })
            }
            None => None,
        };
        if !(0.0..=1.0).contains(&r.top_manufacturer_share) {
            return Err(bad(line, "top_manufacturer_share must be in [0, 1]".into()));
        }
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
            manufacturers: r.manufacturers,
            top_manufacturer_share: r.top_manufacturer_share,
            manufacturer_lifespan_years: r.manufacturer_lifespan_years.unwrap_or(r.lifespan_years),
            lifespan_basis: if r.lifespan_basis.is_empty() {
                "manufacturers".into()
            } else {
                r.lifespan_basis
            },
            usage_profile: r.usage_profile,
            power,
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
