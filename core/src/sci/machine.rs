//! Machine archetypes for SCI: the embodied footprint of the host, its
//! lifespan and size, and the per-vCPU power model of the energy estimate
//! (dataset `sci-machines`, every value cited in its `source` column). A
//! machine names the device archetype (`empreinte-archetypes`) whose
//! embodied footprint and lifespan it takes, so one laptop has one
//! footprint in the whole tool.

use crate::catalog::{
    embedded, parse_archetypes, Archetype, DatasetInfo, SourceUse, ARCHETYPES_DATASET_ID,
};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Id of the embedded machine dataset.
pub const MACHINES_DATASET_ID: &str = "sci-machines";

/// One machine archetype (a row of `machines.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// Stable id (`ci_runner_vm`, `rack_server`, `laptop`).
    pub machine: String,
    /// Human-readable label.
    pub label: String,
    /// The device archetype whose embodied footprint and lifespan the
    /// machine takes (empty when the row gives its own).
    #[serde(default)]
    pub archetype: String,
    /// TE: embodied footprint of the whole host, kg CO2e (central).
    pub embodied_kgco2e: f64,
    /// TE low bound, kg CO2e.
    pub embodied_kgco2e_low: f64,
    /// TE high bound, kg CO2e.
    pub embodied_kgco2e_high: f64,
    /// EL: expected lifespan of the host, years of 8,760 hours.
    pub lifespan_years: f64,
    /// ToR: vCPUs (hardware threads) of the whole host.
    pub host_vcpus: f64,
    /// Whether a run reserves the whole device (RR = ToR).
    pub whole_device: bool,
    /// Memory reserved with each vCPU, GB.
    pub memory_gb_per_vcpu: f64,
    /// Power per vCPU at 0 % utilisation, W.
    pub min_w_per_vcpu: f64,
    /// Power per vCPU at 100 % utilisation, W.
    pub max_w_per_vcpu: f64,
    /// Power per GB of reserved memory, W.
    pub memory_w_per_gb: f64,
    /// Power usage effectiveness of the facility (>= 1).
    pub pue: f64,
    /// Id of the power model (`ccf_aws_average`, `tdp_estimate`).
    pub power_model: String,
    /// Citation of the row's values.
    pub source: String,
}

impl Machine {
    /// A machine described by the user: embodied footprint `embodied_kgco2e`
    /// (exact), `lifespan_years`, `host_vcpus`, with the power model of `base`.
    #[must_use]
    pub fn custom(
        base: &Machine,
        embodied_kgco2e: f64,
        lifespan_years: f64,
        host_vcpus: f64,
    ) -> Self {
        Self {
            machine: "custom".into(),
            label: format!("user values (power model of {})", base.machine),
            embodied_kgco2e,
            embodied_kgco2e_low: embodied_kgco2e,
            embodied_kgco2e_high: embodied_kgco2e,
            lifespan_years,
            host_vcpus,
            archetype: String::new(),
            source: format!("user values; power model: {}", base.source),
            ..base.clone()
        }
    }

    /// The machine's values as a source of a result.
    #[must_use]
    pub fn source_use(&self, info: &DatasetInfo) -> SourceUse {
        SourceUse {
            item: format!(
                "machine {}: embodied, lifespan, vCPUs, power model",
                self.machine
            ),
            dataset: format!("{} {}", info.id, info.edition),
            reference: self.source.clone(),
            licence: info.licence.clone(),
        }
    }
}

/// A row of `machines.csv` as written: the footprint and lifespan may be
/// left empty for the named archetype to fill.
#[derive(Deserialize)]
struct MachineRow {
    machine: String,
    label: String,
    #[serde(default)]
    archetype: String,
    embodied_kgco2e: Option<f64>,
    embodied_kgco2e_low: Option<f64>,
    embodied_kgco2e_high: Option<f64>,
    lifespan_years: Option<f64>,
    host_vcpus: f64,
    whole_device: bool,
    memory_gb_per_vcpu: f64,
    min_w_per_vcpu: f64,
    max_w_per_vcpu: f64,
    memory_w_per_gb: f64,
    pue: f64,
    power_model: String,
    source: String,
}

/// Parses the `machines.csv` table; a row that names an `archetype` and
/// leaves the footprint or the lifespan empty takes them from that kind of
/// `archetypes` (its central value and bounds, its default lifespan).
///
/// # Errors
///
/// [`Error::Dataset`] on a malformed row, an unknown archetype, a missing
/// value no archetype gives, or a value out of its range (non-positive
/// footprint, lifespan or vCPUs, min power above max, PUE < 1).
pub fn parse_machines(dataset: &str, text: &str, archetypes: &[Archetype]) -> Result<Vec<Machine>> {
    let mut out = Vec::new();
    for (i, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<MachineRow>()
        .enumerate()
    {
        let line = (i + 2) as u64;
        let r = row.map_err(|e| Error::dataset(dataset, line, e.to_string()))?;
        let arch = if r.archetype.is_empty() {
            None
        } else {
            Some(
                archetypes
                    .iter()
                    .find(|a| a.kind == r.archetype)
                    .ok_or_else(|| {
                        Error::dataset(
                            dataset,
                            line,
                            format!(
                                "machine `{}`: unknown archetype `{}`",
                                r.machine, r.archetype
                            ),
                        )
                    })?,
            )
        };
        let value = |given: Option<f64>, from: fn(&Archetype) -> f64, name: &str| -> Result<f64> {
            given.or_else(|| arch.map(from)).ok_or_else(|| {
                Error::dataset(
                    dataset,
                    line,
                    format!("machine `{}`: no {name} and no archetype", r.machine),
                )
            })
        };
        let m = Machine {
            embodied_kgco2e: value(
                r.embodied_kgco2e,
                |a| a.embodied_gwp_kgco2e.central(),
                "embodied_kgco2e",
            )?,
            embodied_kgco2e_low: value(
                r.embodied_kgco2e_low,
                |a| a.embodied_gwp_kgco2e.low(),
                "embodied_kgco2e_low",
            )?,
            embodied_kgco2e_high: value(
                r.embodied_kgco2e_high,
                |a| a.embodied_gwp_kgco2e.high(),
                "embodied_kgco2e_high",
            )?,
            lifespan_years: value(r.lifespan_years, |a| a.lifespan_years, "lifespan_years")?,
            machine: r.machine,
            label: r.label,
            archetype: r.archetype,
            host_vcpus: r.host_vcpus,
            whole_device: r.whole_device,
            memory_gb_per_vcpu: r.memory_gb_per_vcpu,
            min_w_per_vcpu: r.min_w_per_vcpu,
            max_w_per_vcpu: r.max_w_per_vcpu,
            memory_w_per_gb: r.memory_w_per_gb,
            pue: r.pue,
            power_model: r.power_model,
            source: r.source,
        };
        let positive = [
            m.embodied_kgco2e,
            m.lifespan_years,
            m.host_vcpus,
            m.memory_gb_per_vcpu,
            m.max_w_per_vcpu,
        ];
        let ok = positive.iter().all(|v| v.is_finite() && *v > 0.0)
            && m.embodied_kgco2e_low <= m.embodied_kgco2e
            && m.embodied_kgco2e <= m.embodied_kgco2e_high
            && (0.0..=m.max_w_per_vcpu).contains(&m.min_w_per_vcpu)
            && m.memory_w_per_gb.is_finite()
            && m.memory_w_per_gb >= 0.0
            && m.pue.is_finite()
            && m.pue >= 1.0;
        if !ok {
            return Err(Error::dataset(
                dataset,
                line,
                format!("machine `{}`: a value is out of range", m.machine),
            ));
        }
        out.push(m);
    }
    if out.is_empty() {
        return Err(Error::dataset(dataset, 0, "no machine"));
    }
    Ok(out)
}

/// The embedded machine archetypes and the provenance of their dataset;
/// their footprints and lifespans come from the embedded device archetypes.
///
/// # Errors
///
/// [`Error::Dataset`] if an embedded table is missing or corrupt (a test
/// guarantees it is not).
pub fn embedded_machines() -> Result<(Vec<Machine>, DatasetInfo)> {
    let d = embedded(MACHINES_DATASET_ID)?;
    let a = embedded(ARCHETYPES_DATASET_ID)?;
    let archetypes = parse_archetypes(&a.info.id, a.text)?;
    Ok((parse_machines(&d.info.id, d.text, &archetypes)?, d.info))
}
