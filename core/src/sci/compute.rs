//! The SCI of a measured run: E, I, M and R from the formulas of
//! [`crate::accounting`].

use super::inputs::{check, option_out_of_range};
use super::*;
use crate::accounting;
use crate::catalog::{Catalog, DatasetInfo};
use crate::error::{Error, Location, Result};
use crate::note::Note;
use crate::quantity::units::{Co2e, Duration, EmissionFactor, Energy};

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
    let (mut reported, mut other_time) = (1.0, 0.0);
    let (r, noise_rel, benchmarks) = match unit {
        FunctionalUnit::Run => (1.0, None, Vec::new()),
        FunctionalUnit::Operations { count } => (unit::check_per(*count)?, None, Vec::new()),
        FunctionalUnit::Iterations {
            benchmarks,
            other_measured_time_s,
        } => {
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
                // A benchmark that took no time would get no carbon: its
                // SCI would be a made-up 0.
                check("measured_time_s", b.measured_time_s, false).map_err(|_| {
                    Error::OutOfRange {
                        at: Location::file(&b.source).with_column("measured_time_s"),
                        value: b.measured_time_s,
                        allowed: "> 0".into(),
                    }
                })?;
            }
            let iterations: f64 = benchmarks.iter().map(|b| b.iterations).sum();
            let time: f64 = benchmarks.iter().map(|b| b.measured_time_s).sum();
            reported = unit::reported_share(time, *other_measured_time_s, &mut notes)?;
            other_time = *other_measured_time_s;
            let noise = accounting::sci_noise_rel(
                benchmarks.iter().map(|b| (b.noise_rel, b.measured_time_s)),
                time,
            );
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
            message: format!("CPU time is {u:.2} times the reserved vCPU time: more vCPUs were used than the {vcpus} reserved; utilisation is capped at 1 in the power model (give the vCPUs reserved: option vcpus)"),
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
            r / reported,
        ))
        .g()
    };
    let operational = energy * intensity;
    let total = operational + m_c;
    let time: f64 = benchmarks.iter().map(|b| b.measured_time_s).sum::<f64>() + other_time;
    let benchmarks = benchmarks
        .iter()
        .map(|b| {
            // Every measured time is > 0 (checked above).
            let share = accounting::sci_benchmark_share(b.measured_time_s, time);
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
    unit::outliving_note(m, &mut notes);
    notes.push(Note {
        code: "location_based",
        message: "location-based intensity only: market instruments (certificates, PPAs) and offsets never reduce an SCI (ISO/IEC 21031)".into(),
    });
    let sources = vec![
        catalog.grid_source(zone, &used),
        machine.source_use(machines_info),
    ];
    let sci = Sci {
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
    };
    unit::check_finite(&sci)?;
    Ok(sci)
}
