//! What an SCI computation returns.

use super::*;
use crate::catalog::SourceUse;
use crate::note::Note;
use serde::Serialize;

/// The SCI of one benchmark of the run: the run's carbon allocated by
/// measured time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkSci {
    /// Benchmark id.
    pub id: String,
    /// Iterations measured.
    pub iterations: f64,
    /// Share of the run's carbon: its measured time over all benchmarks'.
    pub share: f64,
    /// Carbon allocated to it, g CO2e.
    pub gco2e: f64,
    /// g CO2e per iteration.
    pub sci_gco2e_per_iteration: f64,
    /// g CO2e per million elements (criterion `Throughput::Elements`).
    pub sci_gco2e_per_million_elements: Option<f64>,
    /// Relative measurement noise of its mean time.
    pub noise_rel: Option<f64>,
}

/// The SCI of a run, with each term, its method and its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sci {
    /// The specification applied.
    pub specification: &'static str,
    /// SCI = (E × I + M) / R, g CO2e per functional unit (central).
    pub sci_gco2e_per_unit: f64,
    /// Low bound (machine embodied interval; other terms exact).
    pub sci_gco2e_per_unit_low: f64,
    /// High bound.
    pub sci_gco2e_per_unit_high: f64,
    /// Name of the functional unit.
    pub functional_unit: &'static str,
    /// R: number of functional units.
    pub r: f64,
    /// C = E × I + M, g CO2e.
    pub total_gco2e: f64,
    /// E × I, g CO2e.
    pub operational_gco2e: f64,
    /// E, kWh (facility overhead included).
    pub energy_kwh: f64,
    /// `rapl` or `cpu_time_model`.
    pub energy_method: &'static str,
    /// The energy model in words, with its coefficients and their source.
    pub energy_model: String,
    /// CPU utilisation of the reserved vCPUs (cpu_time / (wall × vCPUs)).
    pub cpu_utilisation: f64,
    /// Energy of the processor (counter or model), kWh, before PUE.
    pub cpu_energy_kwh: f64,
    /// Energy of reserved memory, kWh, before PUE.
    pub memory_energy_kwh: f64,
    /// Power usage effectiveness applied.
    pub pue: f64,
    /// I, g CO2e / kWh.
    pub intensity_gco2e_per_kwh: f64,
    /// Year of the intensity data used.
    pub intensity_year: i32,
    /// M, g CO2e (central).
    pub embodied_gco2e: f64,
    /// M low bound, g CO2e.
    pub embodied_gco2e_low: f64,
    /// M high bound, g CO2e.
    pub embodied_gco2e_high: f64,
    /// TiR / EL.
    pub time_share: f64,
    /// RR / ToR.
    pub resource_share: f64,
    /// Machine id and label.
    pub machine: String,
    /// Relative measurement noise of R's rate (benchmarks), when known.
    pub noise_rel: Option<f64>,
    /// Per benchmark, when R is benchmark iterations.
    pub benchmarks: Vec<BenchmarkSci>,
    /// The command's exit code.
    pub exit_code: Option<i32>,
    /// Everything the result was computed from.
    pub inputs: Inputs,
    /// The functional unit (with its benchmarks), for recomputation.
    pub unit: FunctionalUnit,
    /// What a reader must know.
    pub notes: Vec<Note>,
    /// Where every value came from.
    pub sources: Vec<SourceUse>,
}
