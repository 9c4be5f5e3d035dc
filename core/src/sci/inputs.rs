//! What an SCI computation reads (the measurement, the machine, the
//! functional unit), and the checks of the options.

use super::*;
use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};

/// What was measured of one run of a command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// The command and its arguments.
    pub command: Vec<String>,
    /// Its exit code (`None` when killed by a signal or not run).
    pub exit_code: Option<i32>,
    /// Wall-clock time of the run (TiR), seconds.
    pub wall_time_s: f64,
    /// CPU time of the command and its children, user + system, seconds.
    pub cpu_time_s: f64,
    /// Energy read from hardware counters (RAPL) over the run, kWh.
    pub rapl_energy_kwh: Option<f64>,
    /// Why no counter was used (`/sys/class/powercap: no intel-rapl zone`).
    pub rapl_status: Option<String>,
    /// Processes the command started that were still running when it
    /// ended (orphans): their CPU time until then is in `cpu_time_s`,
    /// what they do afterwards is not measured.
    #[serde(default)]
    pub processes_outliving: u32,
}

impl Measurement {
    /// A measurement of CPU time only (no energy counter).
    #[must_use]
    pub fn cpu_time(cpu_time_s: f64, wall_time_s: f64) -> Self {
        Self {
            command: Vec::new(),
            exit_code: Some(0),
            wall_time_s,
            cpu_time_s,
            rapl_energy_kwh: None,
            rapl_status: None,
            processes_outliving: 0,
        }
    }
}

/// Everything an SCI computation needs besides R: the machine (an archetype
/// id, with optional user values), the reserved resources, the grid zone,
/// the year and the measurement. Saved in every result (`inputs`), so
/// `empreinte sci report` can recompute from a saved JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    /// Machine archetype id of the `sci-machines` dataset.
    pub machine: String,
    /// User value of TE, the host's embodied footprint, kg CO2e.
    pub embodied_kgco2e: Option<f64>,
    /// User value of EL, the host's lifespan, years.
    pub lifespan_years: Option<f64>,
    /// User value of ToR, the host's vCPUs.
    pub host_vcpus: Option<f64>,
    /// vCPUs reserved by the run (RR; the utilisation's denominator).
    pub vcpus: f64,
    /// Memory reserved by the run, GB (default: vCPUs × the machine's GB per vCPU).
    pub memory_gb: Option<f64>,
    /// Grid zone (ISO 3166-1 alpha-2, `EU27`, `WORLD`).
    pub zone: String,
    /// Calendar year of the run.
    pub year: i32,
    /// What was measured.
    pub measurement: Measurement,
}

/// The functional unit R.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FunctionalUnit {
    /// One run of the command.
    Run,
    /// `count` operations done by the run (`--per N`).
    Operations {
        /// Number of operations, > 0.
        count: f64,
    },
    /// The iterations measured by benchmarks of the run.
    Iterations {
        /// The benchmarks (at least one).
        benchmarks: Vec<Benchmark>,
        /// Measured time of the run's benchmarks a filter left out of the
        /// report, s: they keep their share of the run's carbon.
        #[serde(default)]
        other_measured_time_s: f64,
    },
}

impl FunctionalUnit {
    /// The name of one unit (`run`, `operation`, `iteration`).
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Run => "run",
            Self::Operations { .. } => "operation",
            Self::Iterations { .. } => "iteration",
        }
    }
}

pub(super) fn option_out_of_range(option: &str, value: f64, allowed: &str) -> Error {
    Error::OutOfRange {
        at: Location::option(option),
        value,
        allowed: allowed.into(),
    }
}

pub(super) fn check(option: &str, value: f64, zero_ok: bool) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::NotFinite {
            at: Location::option(option),
            value: value.to_string(),
        });
    }
    if value > 0.0 || (zero_ok && value == 0.0) {
        Ok(value)
    } else {
        Err(option_out_of_range(
            option,
            value,
            if zero_ok { ">= 0" } else { "> 0" },
        ))
    }
}
