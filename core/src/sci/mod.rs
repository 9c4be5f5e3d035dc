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

pub use bench::{parse_criterion, parse_pytest_benchmark, Benchmark};
pub use machine::{embedded_machines, parse_machines, Machine, MACHINES_DATASET_ID};

use crate::accounting;
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::error::{Error, Location, Result};
use crate::note::Note;
use crate::quantity::units::{Co2e, Duration, EmissionFactor, Energy};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The machine archetype used when none is named: a CI runner's share of
/// a rack server (every surface reads this, none repeats it).
pub const DEFAULT_MACHINE: &str = "ci_runner_vm";
/// The zone used when none is named: the world average, a deliberately
/// neutral choice (a run's own zone should be given).
pub const DEFAULT_ZONE: &str = "WORLD";

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
    /// `yearly` (SCI uses the yearly series, even where an hourly one exists).
    pub intensity_granularity: &'static str,
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

fn option_out_of_range(option: &str, value: f64, allowed: &str) -> Error {
    Error::OutOfRange {
        at: Location::option(option),
        value,
        allowed: allowed.into(),
    }
}

fn check(option: &str, value: f64, zero_ok: bool) -> Result<f64> {
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

/// The machine of `inputs`: the archetype, with the user's values.
///
/// # Errors
///
/// [`Error::InvalidOption`] for an unknown machine id;
/// [`Error::OutOfRange`] / [`Error::NotFinite`] for a non-positive user value.
pub fn resolve_machine(machines: &[Machine], inputs: &Inputs) -> Result<Machine> {
    let base = machines
        .iter()
        .find(|m| m.machine.eq_ignore_ascii_case(inputs.machine.trim()))
        .ok_or_else(|| {
            let ids: Vec<&str> = machines.iter().map(|m| m.machine.as_str()).collect();
            Error::invalid_option("machine", &inputs.machine, &ids.join(", "))
        })?;
    if inputs.embodied_kgco2e.is_none()
        && inputs.lifespan_years.is_none()
        && inputs.host_vcpus.is_none()
    {
        return Ok(base.clone());
    }
    let te = check(
        "embodied_kgco2e",
        inputs.embodied_kgco2e.unwrap_or(base.embodied_kgco2e),
        false,
    )?;
    let el = check(
        "lifespan_years",
        inputs.lifespan_years.unwrap_or(base.lifespan_years),
        false,
    )?;
    let tor = check(
        "host_vcpus",
        inputs.host_vcpus.unwrap_or(base.host_vcpus),
        false,
    )?;
    let mut m = Machine::custom(base, te, el, tor);
    if inputs.embodied_kgco2e.is_none() {
        m.embodied_kgco2e_low = base.embodied_kgco2e_low;
        m.embodied_kgco2e_high = base.embodied_kgco2e_high;
    }
    Ok(m)
}

/// The SCI of a measured run per functional unit `unit`.
///
/// # Errors
///
/// [`Error::InvalidOption`] (unknown machine), [`Error::UnknownCountry`]
/// (zone without data, located at the option `zone`), [`Error::OutOfRange`]
/// or [`Error::NotFinite`] for a non-positive wall time, vCPU count, memory,
/// R (`per`) or benchmark iteration count, or a negative CPU time or energy.
pub fn compute(
    catalog: &Catalog,
    machines: &[Machine],
    machines_info: &DatasetInfo,
    inputs: &Inputs,
    unit: &FunctionalUnit,
) -> Result<Sci> {
    crate::quantity::bounds::check_year(f64::from(inputs.year), &Location::option("year"))?;
    let machine = resolve_machine(machines, inputs)?;
    let m = &inputs.measurement;
    let wall = Duration::from_hours(check("wall_time_s", m.wall_time_s, false)? / 3_600.0);
    let cpu_time = Duration::from_hours(check("cpu_time_s", m.cpu_time_s, true)? / 3_600.0);
    let vcpus = check("vcpus", inputs.vcpus, false)?;
    if !machine.whole_device && vcpus > machine.host_vcpus {
        return Err(option_out_of_range(
            "vcpus",
            vcpus,
            &format!(
                "<= {} (host vCPUs of {})",
                machine.host_vcpus, machine.machine
            ),
        ));
    }
    let memory_gb = check(
        "memory_gb",
        inputs
            .memory_gb
            .unwrap_or(vcpus * machine.memory_gb_per_vcpu),
        true,
    )?;
    let mut notes = Vec::new();

    // R
    let (r, noise_rel, benchmarks) = match unit {
        FunctionalUnit::Run => (1.0, None, Vec::new()),
        FunctionalUnit::Operations { count } => (check("per", *count, false)?, None, Vec::new()),
        FunctionalUnit::Iterations { benchmarks } => {
            if benchmarks.is_empty() {
                return Err(Error::MissingValue {
                    at: Location::option("per_criterion").with_column("benchmarks"),
                });
            }
            for b in benchmarks {
                check("iterations", b.iterations, false).map_err(|_| Error::OutOfRange {
                    at: Location::file(&b.source).with_column("iters"),
                    value: b.iterations,
                    allowed: "> 0".into(),
                })?;
            }
            let iterations: f64 = benchmarks.iter().map(|b| b.iterations).sum();
            let time: f64 = benchmarks.iter().map(|b| b.measured_time_s).sum();
            let noise = benchmarks
                .iter()
                .map(|b| b.noise_rel.map(|n| n * b.measured_time_s / time))
                .sum::<Option<f64>>();
            notes.push(Note {
                code: "benchmark_overhead",
                message: "E and M cover the whole command (build, warm-up, analysis), R only the measured iterations: SCI per iteration is an upper bound; each benchmark gets the run's carbon in proportion to its measured time".into(),
            });
            (iterations, noise, benchmarks.clone())
        }
    };

    // E
    let u = accounting::cpu_utilisation(cpu_time.hours(), wall.hours(), vcpus);
    if u > 1.0 {
        notes.push(Note {
            code: "utilisation_above_one",
            message: format!("CPU time is {u:.2} times the reserved vCPU time: more vCPUs were used than the {vcpus} reserved; utilisation is capped at 1 in the power model (give --vcpus)"),
        });
    }
    let memory_kwh =
        accounting::memory_energy_kwh(memory_gb, wall.hours(), machine.memory_w_per_gb);
    let (energy_method, cpu_kwh, energy_model) = match m.rapl_energy_kwh {
        Some(e) => (
            "rapl",
            check("rapl_energy_kwh", e, true)?,
            format!(
                "RAPL package energy counters over the run (whole processor, other processes included) + memory {} W/GB × {memory_gb} GB, × PUE {}",
                machine.memory_w_per_gb, machine.pue
            ),
        ),
        None => {
            notes.push(Note {
                code: "energy_modelled",
                message: format!(
                    "no hardware energy counter ({}): E is modelled from CPU time",
                    m.rapl_status.as_deref().unwrap_or("none readable")
                ),
            });
            (
                "cpu_time_model",
                accounting::cpu_model_energy_kwh(cpu_time.hours(), wall.hours(), vcpus, machine.min_w_per_vcpu, machine.max_w_per_vcpu),
                format!(
                    "CPU time × per-vCPU power model `{}` ({}-{} W per vCPU at 0-100 % utilisation, {vcpus} vCPUs reserved) + memory {} W/GB × {memory_gb} GB, × PUE {}",
                    machine.power_model, machine.min_w_per_vcpu, machine.max_w_per_vcpu, machine.memory_w_per_gb, machine.pue
                ),
            )
        }
    };
    let energy = Energy::from_kwh((cpu_kwh + memory_kwh) * machine.pue);

    // I
    let grid = catalog.grid();
    let zone_at = Location::option("zone");
    let zone = grid.zone_id(&inputs.zone, &zone_at)?;
    let used = grid.intensity(zone, inputs.year)?;
    let intensity: EmissionFactor = used.factor;
    notes.push(Note {
        code: "grid_yearly",
        message: format!(
            "I is the yearly average intensity of {} in {}: SCI uses the yearly series (even where an hourly one is embedded), so the hour of the run is not used",
            inputs.zone.trim().to_ascii_uppercase(),
            used.data_year
        ),
    });
    if used.data_year != used.requested_year {
        notes.push(Note {
            code: "grid_year_fallback",
            message: format!(
                "no grid data for {}; {} used",
                used.requested_year, used.data_year
            ),
        });
    }

    // M
    let time_share = accounting::sci_time_share(wall.hours(), machine.lifespan_years);
    let resource_share = if machine.whole_device {
        1.0
    } else {
        accounting::sci_resource_share(vcpus, machine.host_vcpus)
    };
    let embodied =
        |te: f64| Co2e::from_kg(accounting::sci_embodied(te, time_share, resource_share));
    let [m_c, m_l, m_h] = [
        machine.embodied_kgco2e,
        machine.embodied_kgco2e_low,
        machine.embodied_kgco2e_high,
    ]
    .map(embodied);

    // SCI
    let per_unit = |mk: Co2e| {
        Co2e::from_kg(accounting::sci_per_unit(
            energy.kwh(),
            intensity.kg_per_kwh(),
            mk.kg(),
            r,
        ))
        .g()
    };
    let operational = energy * intensity;
    let total = operational + m_c;
    let time: f64 = benchmarks.iter().map(|b| b.measured_time_s).sum();
    let benchmarks = benchmarks
        .iter()
        .map(|b| {
            let share = if time > 0.0 {
                b.measured_time_s / time
            } else {
                0.0
            };
            let g = total.g() * share;
            BenchmarkSci {
                id: b.id.clone(),
                iterations: b.iterations,
                share,
                gco2e: g,
                sci_gco2e_per_iteration: g / b.iterations,
                sci_gco2e_per_million_elements: b
                    .elements_per_iteration
                    .filter(|e| *e > 0.0)
                    .map(|e| g / (b.iterations * e) * 1e6),
                noise_rel: b.noise_rel,
            }
        })
        .collect();
    if let Some(code) = m.exit_code.filter(|c| *c != 0) {
        notes.push(Note {
            code: "command_failed",
            message: format!(
                "the command exited with code {code}; the SCI is that of the run as it happened"
            ),
        });
    }
    if m.exit_code.is_none() && !m.command.is_empty() {
        notes.push(Note {
            code: "command_killed",
            message: "the command was ended by a signal; the SCI is that of the run as it happened"
                .into(),
        });
    }
    notes.push(Note {
        code: "location_based",
        message: "location-based intensity only: market instruments (certificates, PPAs) and offsets never reduce an SCI (ISO/IEC 21031)".into(),
    });
    let sources = vec![
        catalog.grid_source(zone, &used),
        machine.source_use(machines_info),
    ];
    Ok(Sci {
        specification: "ISO/IEC 21031:2024 Software Carbon Intensity",
        sci_gco2e_per_unit: per_unit(m_c),
        sci_gco2e_per_unit_low: per_unit(m_l),
        sci_gco2e_per_unit_high: per_unit(m_h),
        functional_unit: unit.name(),
        r,
        total_gco2e: total.g(),
        operational_gco2e: operational.g(),
        energy_kwh: energy.kwh(),
        energy_method,
        energy_model,
        cpu_utilisation: u,
        cpu_energy_kwh: cpu_kwh,
        memory_energy_kwh: memory_kwh,
        pue: machine.pue,
        intensity_gco2e_per_kwh: intensity.g_per_kwh(),
        intensity_year: used.data_year,
        intensity_granularity: "yearly",
        embodied_gco2e: m_c.g(),
        embodied_gco2e_low: m_l.g(),
        embodied_gco2e_high: m_h.g(),
        time_share,
        resource_share,
        machine: format!("{} ({})", machine.machine, machine.label),
        noise_rel,
        benchmarks,
        exit_code: m.exit_code,
        inputs: inputs.clone(),
        unit: unit.clone(),
        notes,
        sources,
    })
}

/// A saved result (the JSON of `empreinte sci ... --format json`): its
/// inputs and functional unit, to recompute it or to use it as a baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The inputs of the saved run.
    pub inputs: Inputs,
    /// Its functional unit.
    pub unit: FunctionalUnit,
    /// Its SCI, g CO2e per unit.
    pub sci_gco2e_per_unit: f64,
    /// Its unit's name.
    pub functional_unit: String,
    /// Its measurement noise, when known.
    pub noise_rel: Option<f64>,
}

/// Reads a saved result named `source`.
///
/// # Errors
///
/// [`Error::InvalidOption`] for text that is not JSON (at its line) or an
/// `inputs` / `unit` of the wrong shape; [`Error::MissingValue`] for a
/// missing field.
pub fn parse_saved(source: &str, text: &str) -> Result<Saved> {
    let bad = |field: &str, e: &serde_json::Error| Error::InvalidOption {
        at: Location::line(source, e.line() as u64).with_column(field),
        option: field.into(),
        value: crate::error::echo(&e.to_string()),
        allowed: "the JSON written by `empreinte sci --format json`".into(),
    };
    let v: Value = serde_json::from_str(text).map_err(|e| bad("json", &e))?;
    let field = |name: &str| {
        v.get(name).ok_or_else(|| Error::MissingValue {
            at: Location::file(source).with_column(name),
        })
    };
    let inputs: Inputs =
        serde_json::from_value(field("inputs")?.clone()).map_err(|e| bad("inputs", &e))?;
    let unit: FunctionalUnit =
        serde_json::from_value(field("unit")?.clone()).map_err(|e| bad("unit", &e))?;
    let sci = field("sci_gco2e_per_unit")?
        .as_f64()
        .ok_or_else(|| Error::MissingValue {
            at: Location::file(source).with_column("sci_gco2e_per_unit"),
        })?;
    Ok(Saved {
        inputs,
        unit,
        sci_gco2e_per_unit: sci,
        functional_unit: v
            .get("functional_unit")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned(),
        noise_rel: v.get("noise_rel").and_then(Value::as_f64),
    })
}

/// A result compared with a baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The baseline's SCI, g CO2e per unit.
    pub baseline_gco2e_per_unit: f64,
    /// This run's SCI, g CO2e per unit.
    pub current_gco2e_per_unit: f64,
    /// Change, percent (+ is worse).
    pub change_pct: f64,
    /// Combined measurement noise of both, percent (root sum of squares of
    /// the known noises), `None` when neither is known.
    pub noise_pct: Option<f64>,
    /// The threshold, percent.
    pub fail_above_pct: f64,
    /// Whether the change exceeds the threshold.
    pub regressed: bool,
    /// The verdict in words.
    pub message: String,
}

/// Compares `current` with a saved `baseline`: a regression is a change of
/// the SCI per unit above `fail_above_pct` percent.
///
/// # Errors
///
/// [`Error::InvalidOption`] when the functional units differ (located at
/// the option `baseline`); [`Error::OutOfRange`] for a negative or
/// non-finite threshold or a baseline SCI that is not positive.
pub fn compare(current: &Sci, baseline: &Saved, fail_above_pct: f64) -> Result<Comparison> {
    let threshold = check("fail_above", fail_above_pct, true)?;
    if baseline.functional_unit != current.functional_unit {
        return Err(Error::invalid_option(
            "baseline",
            &format!("per {}", baseline.functional_unit),
            &format!("a baseline per {}", current.functional_unit),
        ));
    }
    let old = baseline.sci_gco2e_per_unit;
    if !(old.is_finite() && old > 0.0) {
        return Err(option_out_of_range("baseline", old, "an SCI > 0"));
    }
    let change_pct = (current.sci_gco2e_per_unit / old - 1.0) * 100.0;
    let noise_pct = match (current.noise_rel, baseline.noise_rel) {
        (None, None) => None,
        (a, b) => Some(100.0 * (a.unwrap_or(0.0).powi(2) + b.unwrap_or(0.0).powi(2)).sqrt()),
    };
    let regressed = change_pct > threshold;
    let noise = noise_pct.map_or(
        "measurement noise unknown (single runs: repeat them to estimate it)".to_owned(),
        |n| format!("measurement noise ±{n:.1} %"),
    );
    let verdict = if regressed { "REGRESSION" } else { "ok" };
    let mut message = format!(
        "{verdict}: SCI {:.6} g per {} vs baseline {old:.6} ({change_pct:+.1} %, threshold +{threshold} %, {noise})",
        current.sci_gco2e_per_unit, current.functional_unit
    );
    if noise_pct.is_some_and(|n| n > threshold) {
        message.push_str("; the threshold is below the noise: expect false alarms");
    }
    Ok(Comparison {
        baseline_gco2e_per_unit: old,
        current_gco2e_per_unit: current.sci_gco2e_per_unit,
        change_pct,
        noise_pct,
        fail_above_pct: threshold,
        regressed,
        message,
    })
}

fn g(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
        format!("{v:.digits$}")
    }
}

/// The result as aligned text for people: E, I, M, R and SCI with the
/// model named, then benchmarks, notes and sources.
#[must_use]
pub fn to_text(s: &Sci, comparison: Option<&Comparison>) -> String {
    let mut o = String::new();
    let mut line = |k: &str, v: String| {
        o.push_str(&format!("{k:<6} {v}\n"));
    };
    line(
        "SCI",
        format!(
            "{} gCO2e per {} ({} - {})   [{}]",
            g(s.sci_gco2e_per_unit),
            s.functional_unit,
            g(s.sci_gco2e_per_unit_low),
            g(s.sci_gco2e_per_unit_high),
            s.specification
        ),
    );
    line(
        "E",
        format!(
            "{} kWh [{}] {}; CPU utilisation {:.1} %",
            g(s.energy_kwh),
            s.energy_method,
            s.energy_model,
            s.cpu_utilisation * 100.0
        ),
    );
    line(
        "I",
        format!(
            "{} gCO2e/kWh ({} {}, {})",
            g(s.intensity_gco2e_per_kwh),
            s.inputs.zone.to_ascii_uppercase(),
            s.intensity_year,
            s.intensity_granularity
        ),
    );
    line(
        "M",
        format!(
            "{} gCO2e ({} - {}) = TE × TiR/EL {:.3e} × RR/ToR {:.4}; machine {}",
            g(s.embodied_gco2e),
            g(s.embodied_gco2e_low),
            g(s.embodied_gco2e_high),
            s.time_share,
            s.resource_share,
            s.machine
        ),
    );
    line("R", format!("{} {}(s)", g(s.r), s.functional_unit));
    line(
        "C",
        format!(
            "{} gCO2e = E×I {} + M {}; wall {:.2} s, CPU {:.2} s",
            g(s.total_gco2e),
            g(s.operational_gco2e),
            g(s.embodied_gco2e),
            s.inputs.measurement.wall_time_s,
            s.inputs.measurement.cpu_time_s
        ),
    );
    if let Some(n) = s.noise_rel {
        line(
            "noise",
            format!(
                "±{:.1} % (95 % interval of the benchmarks' mean times)",
                n * 100.0
            ),
        );
    }
    for b in &s.benchmarks {
        let per_m = b.sci_gco2e_per_million_elements.map_or(String::new(), |v| {
            format!(", {} gCO2e per million elements", g(v))
        });
        o.push_str(&format!(
            "  {}: {} iterations, {} gCO2e per iteration{per_m}\n",
            b.id,
            g(b.iterations),
            g(b.sci_gco2e_per_iteration)
        ));
    }
    if let Some(c) = comparison {
        o.push_str(&format!("{}\n", c.message));
    }
    for n in &s.notes {
        o.push_str(&format!("note[{}]: {}\n", n.code, n.message));
    }
    for src in &s.sources {
        o.push_str(&format!(
            "source: {} - {} ({}; {})\n",
            src.item, src.dataset, src.reference, src.licence
        ));
    }
    o
}

/// The result as a Markdown summary for a CI job page.
#[must_use]
pub fn to_markdown(s: &Sci, comparison: Option<&Comparison>) -> String {
    let mut o = format!(
        "### Software Carbon Intensity: {} gCO2e per {}\n\n| term | value | how |\n|---|---|---|\n",
        g(s.sci_gco2e_per_unit),
        s.functional_unit
    );
    let rows = [
        (
            "SCI",
            format!(
                "{} gCO2e / {} ({} - {})",
                g(s.sci_gco2e_per_unit),
                s.functional_unit,
                g(s.sci_gco2e_per_unit_low),
                g(s.sci_gco2e_per_unit_high)
            ),
            "(E × I + M) / R, ISO/IEC 21031:2024".to_owned(),
        ),
        (
            "E",
            format!("{} kWh", g(s.energy_kwh)),
            format!("`{}`: {}", s.energy_method, s.energy_model),
        ),
        (
            "I",
            format!("{} gCO2e/kWh", g(s.intensity_gco2e_per_kwh)),
            format!(
                "{} {}, {}",
                s.inputs.zone.to_ascii_uppercase(),
                s.intensity_year,
                s.intensity_granularity
            ),
        ),
        (
            "M",
            format!("{} gCO2e", g(s.embodied_gco2e)),
            format!(
                "TE × TiR/EL ({:.3e}) × RR/ToR ({:.4}), {}",
                s.time_share, s.resource_share, s.machine
            ),
        ),
        (
            "R",
            format!("{} {}(s)", g(s.r), s.functional_unit),
            s.noise_rel
                .map_or("exact".to_owned(), |n| format!("noise ±{:.1} %", n * 100.0)),
        ),
    ];
    for (k, v, how) in rows {
        o.push_str(&format!("| {k} | {v} | {} |\n", how.replace('|', "\\|")));
    }
    if !s.benchmarks.is_empty() {
        o.push_str("\n| benchmark | iterations | gCO2e / iteration | gCO2e / million elements |\n|---|---:|---:|---:|\n");
        for b in &s.benchmarks {
            o.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                b.id.replace('|', "\\|"),
                g(b.iterations),
                g(b.sci_gco2e_per_iteration),
                b.sci_gco2e_per_million_elements.map_or("-".to_owned(), g)
            ));
        }
    }
    if let Some(c) = comparison {
        o.push_str(&format!("\n**{}**\n", c.message));
    }
    o.push('\n');
    for n in &s.notes {
        o.push_str(&format!("- {}\n", n.message));
    }
    o
}
