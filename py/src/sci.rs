//! `empreinte.sci`, `empreinte.measure`, `empreinte.sci_report`: the
//! Software Carbon Intensity of a measured run (core's `sci` module).
//!
//! Python measures (clocks, benchmark files); core computes. The result
//! crosses as the JSON core serializes for `empreinte sci --format json`,
//! so the Python field names are the command's.

use crate::errors::IntoPy;
use empreinte::sci::{self as core, Benchmark, Inputs, Measurement};
use empreinte::Catalog;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// A benchmark as Python holds it: id, iterations, measured time (s),
/// elements per iteration, relative noise, source (core's [`Benchmark`]).
pub type BenchmarkTuple = (String, f64, f64, Option<f64>, Option<f64>, String);

fn benchmark_to_core(b: BenchmarkTuple) -> Benchmark {
    let (id, iterations, measured_time_s, elements_per_iteration, noise_rel, source) = b;
    Benchmark {
        id,
        iterations,
        measured_time_s,
        elements_per_iteration,
        noise_rel,
        source,
    }
}

fn benchmark_from_core(b: Benchmark) -> BenchmarkTuple {
    (
        b.id,
        b.iterations,
        b.measured_time_s,
        b.elements_per_iteration,
        b.noise_rel,
        b.source,
    )
}

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// The SCI of a run (core's `sci::compute` with the embedded catalog and
/// machines), as the JSON of `empreinte sci --format json`. R: `per`
/// operations, the iterations of `benchmarks`, or one run.
#[pyfunction]
#[pyo3(signature = (machine, zone, year, vcpus, wall_time_s, cpu_time_s, rapl_energy_kwh=None, rapl_status=None, memory_gb=None, embodied_kgco2e=None, lifespan_years=None, host_vcpus=None, per=None, benchmarks=None, command=Vec::new(), exit_code=Some(0), bench_filter=None, other_measured_time_s=0.0, processes_outliving=0))]
#[allow(clippy::too_many_arguments)] // one per field of core's `Inputs` and `Measurement`
pub fn sci(
    py: Python<'_>,
    machine: String,
    zone: String,
    year: i32,
    vcpus: f64,
    wall_time_s: f64,
    cpu_time_s: f64,
    rapl_energy_kwh: Option<f64>,
    rapl_status: Option<String>,
    memory_gb: Option<f64>,
    embodied_kgco2e: Option<f64>,
    lifespan_years: Option<f64>,
    host_vcpus: Option<f64>,
    per: Option<f64>,
    benchmarks: Option<Vec<BenchmarkTuple>>,
    command: Vec<String>,
    exit_code: Option<i32>,
    bench_filter: Option<String>,
    other_measured_time_s: f64,
    processes_outliving: u32,
) -> PyResult<String> {
    let unit = core::functional_unit(
        per,
        benchmarks.map(|b| {
            (
                b.into_iter().map(benchmark_to_core).collect(),
                other_measured_time_s,
            )
        }),
        bench_filter.as_deref(),
    )
    .py_err()?;
    let inputs = Inputs {
        machine,
        embodied_kgco2e,
        lifespan_years,
        host_vcpus,
        vcpus,
        memory_gb,
        zone,
        year,
        measurement: Measurement {
            command,
            exit_code,
            wall_time_s,
            cpu_time_s,
            rapl_energy_kwh,
            rapl_status,
            processes_outliving,
        },
    };
    let result = py
        .detach(|| -> empreinte::Result<_> {
            let catalog = Catalog::embedded()?;
            let (machines, info) = core::embedded_machines()?;
            core::compute(&catalog, &machines, &info, &inputs, &unit)
        })
        .py_err()?;
    json(&result)
}

/// An SCI input file (a saved result, a benchmark file) as text, by core's
/// rule: a directory, an unreadable file or bytes that are not UTF-8 are
/// located errors, as in the command.
#[pyfunction]
pub fn read_sci_file(path: &str) -> PyResult<String> {
    let bytes = empreinte::error::read_file(std::path::Path::new(path)).py_err()?;
    empreinte::error::utf8_text(path, bytes, core::INPUT_FILE).py_err()
}

/// The inputs and functional unit of a saved result (core's
/// `sci::parse_saved`), each as JSON.
#[pyfunction]
pub fn sci_saved(source: &str, text: &str) -> PyResult<(String, String)> {
    let saved = core::parse_saved(source, text).py_err()?;
    Ok((json(&saved.inputs)?, json(&saved.unit)?))
}

/// One criterion benchmark from the text of its three files (core's
/// `sci::parse_criterion`).
#[pyfunction]
pub fn parse_criterion(
    dir: &str,
    benchmark_json: &str,
    estimates_json: &str,
    sample_json: &str,
) -> PyResult<BenchmarkTuple> {
    core::parse_criterion(dir, benchmark_json, estimates_json, sample_json)
        .map(benchmark_from_core)
        .py_err()
}

/// The benchmark runs among the files under criterion's output folder
/// (core's `sci::criterion_runs`, the command's rule): per run its folder,
/// `benchmark.json`, `estimates.json` and `sample.json`, relative paths.
#[pyfunction]
pub fn criterion_runs(files: Vec<String>) -> Vec<(String, String, String, String)> {
    core::criterion_runs(files.iter().map(String::as_str))
        .into_iter()
        .map(|r| (r.dir, r.benchmark_json, r.estimates_json, r.sample_json))
        .collect()
}

/// Every benchmark of a pytest-benchmark JSON file (core's
/// `sci::parse_pytest_benchmark`).
#[pyfunction]
pub fn parse_pytest_benchmark(source: &str, text: &str) -> PyResult<Vec<BenchmarkTuple>> {
    core::parse_pytest_benchmark(source, text)
        .map(|list| list.into_iter().map(benchmark_from_core).collect())
        .py_err()
}
