//! Software Carbon Intensity (ISO/IEC 21031:2024) of a measured run:
//! `SCI = ((E × I) + M) per R`, with `M = TE × (TiR / EL) × (RR / ToR)`.
//!
//! The caller (the command, a notebook) measures: wall time, CPU time of
//! the command or a hardware energy counter, and reads benchmark files;
//! this module computes. It never reads a clock or a file. Every formula
//! is in [`crate::accounting`]; methodology §12 gives each with its source.
//!
//! ```
//! use empreinte::sci::{compute, embedded_machines, FunctionalUnit, Inputs, Measurement};
//! let catalog = empreinte::Catalog::embedded().unwrap();
//! let (machines, info) = embedded_machines().unwrap();
//! let inputs = Inputs {
//!     machine: "ci_runner_vm".into(),
//!     embodied_kgco2e: None,
//!     lifespan_years: None,
//!     host_vcpus: None,
//!     vcpus: 4.0,
//!     memory_gb: None,
//!     zone: "BE".into(),
//!     year: 2024,
//!     measurement: Measurement::cpu_time(60.0, 120.0),
//! };
//! let sci = compute(&catalog, &machines, &info, &inputs, &FunctionalUnit::Operations { count: 1000.0 }).unwrap();
//! assert!(sci.sci_gco2e_per_unit > 0.0);
//! assert_eq!(sci.energy_method, "cpu_time_model");
//! ```

mod bench;
mod machine;
mod unit;

pub use bench::{criterion_runs, parse_criterion, parse_pytest_benchmark, Benchmark, CriterionRun};
pub use machine::{embedded_machines, parse_machines, Machine, MACHINES_DATASET_ID};
pub use unit::{benchmark_iterations, functional_unit, PER_RANGE};

mod baseline;
mod compute;
mod inputs;
mod result;

pub use baseline::{compare, parse_saved, BenchmarkChange, Comparison, Saved, SavedBenchmark};
pub use compute::{compute, resolve_machine};

/// What an SCI input file (a saved result, a benchmark file) is, for the
/// error on bytes that are not UTF-8 ([`crate::error::utf8_text`]).
pub const INPUT_FILE: &str = "an SCI result or benchmark file is UTF-8 text (JSON)";
pub use inputs::{FunctionalUnit, Inputs, Measurement};
pub use result::{BenchmarkSci, Sci};

/// The machine archetype used when none is named: a CI runner's share of
/// a rack server (every surface reads this, none repeats it).
pub const DEFAULT_MACHINE: &str = "ci_runner_vm";
/// The zone used when none is named: the world average, a deliberately
/// neutral choice (a run's own zone should be given).
pub const DEFAULT_ZONE: &str = "WORLD";
