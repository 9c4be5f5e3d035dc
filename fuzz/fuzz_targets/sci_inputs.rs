//! Any bytes as an SCI input (the first byte chooses: `s` a saved result
//! used as a baseline, `p` a pytest-benchmark file, `c` a criterion
//! benchmark's three files separated by NUL bytes, anything else a machine
//! table): no panic; an accepted input computes, with the embedded machines
//! and the illustrative run, to finite figures or a typed error; an accepted
//! baseline compares to finite figures or a typed error.
#![no_main]

use empreinte::sci::{
    benchmark_iterations, compare, compute, embedded_machines, parse_criterion, parse_machines,
    parse_pytest_benchmark, parse_saved, FunctionalUnit, Inputs, Measurement, Sci,
};
use empreinte::Catalog;
use libfuzzer_sys::fuzz_target;

fn finite(sci: &Sci) {
    let figures = [
        sci.sci_gco2e_per_unit,
        sci.sci_gco2e_per_unit_low,
        sci.sci_gco2e_per_unit_high,
        sci.r,
        sci.total_gco2e,
        sci.operational_gco2e,
        sci.energy_kwh,
        sci.embodied_gco2e,
        sci.embodied_gco2e_low,
    ];
    for (i, v) in figures.iter().enumerate() {
        assert!(v.is_finite(), "SCI figure {i} is {v}");
    }
    assert!(sci.sci_gco2e_per_unit_low <= sci.sci_gco2e_per_unit * (1.0 + 1e-9));
    assert!(sci.sci_gco2e_per_unit <= sci.sci_gco2e_per_unit_high * (1.0 + 1e-9));
    for b in &sci.benchmarks {
        assert!(b.gco2e.is_finite() && b.sci_gco2e_per_iteration.is_finite(), "{b:?}");
        assert!(b.share.is_finite() && (0.0..=1.0 + 1e-9).contains(&b.share), "{b:?}");
        if let Some(m) = b.sci_gco2e_per_million_elements {
            assert!(m.is_finite(), "{b:?}");
        }
    }
}

/// The illustrative run: one vCPU of the first embedded machine in Belgium.
fn run(machine: &str) -> Inputs {
    Inputs {
        machine: machine.to_owned(),
        embodied_kgco2e: None,
        lifespan_years: None,
        host_vcpus: None,
        vcpus: 1.0,
        memory_gb: None,
        zone: "BE".to_owned(),
        year: 2024,
        measurement: Measurement::cpu_time(30.0, 60.0),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(body) else { return };
    let Ok(catalog) = Catalog::embedded() else { return };
    let Ok((machines, info)) = embedded_machines() else { return };
    let Some(first) = machines.first() else { return };
    let inputs = run(&first.machine);
    match which {
        b's' => {
            let Ok(saved) = parse_saved("baseline.json", text) else { return };
            // A saved run recomputes (or is refused with a typed error) ...
            if let Ok(sci) = compute(&catalog, &machines, &info, &saved.inputs, &saved.unit) {
                finite(&sci);
            }
            // ... and serves as a baseline of a run with the same unit.
            if let Ok(sci) = compute(&catalog, &machines, &info, &inputs, &saved.unit) {
                finite(&sci);
                if let Ok(c) = compare(&sci, &saved, Some(5.0)) {
                    assert!(c.change_pct.is_finite(), "{c:?}");
                    assert!(c.noise_pct.map_or(true, f64::is_finite), "{c:?}");
                }
            }
        }
        b'p' | b'c' => {
            let benchmarks = if which == b'p' {
                parse_pytest_benchmark("bench.json", text)
            } else {
                let mut parts = text.splitn(3, '\0');
                let (b, e, s) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                );
                parse_criterion("target/criterion/x", b, e, s).map(|b| vec![b])
            };
            let Ok(benchmarks) = benchmarks else { return };
            for filter in [None, Some("a")] {
                let unit = benchmark_iterations(benchmarks.clone(), filter, 0.0);
                if let Ok(sci) = compute(&catalog, &machines, &info, &inputs, &unit) {
                    finite(&sci);
                }
            }
        }
        _ => {
            let Ok(table) = parse_machines("machines.csv", text, catalog.archetypes()) else {
                return;
            };
            for m in &table {
                for unit in [FunctionalUnit::Run, FunctionalUnit::Operations { count: 1e6 }] {
                    if let Ok(sci) = compute(&catalog, &table, &info, &run(&m.machine), &unit) {
                        finite(&sci);
                    }
                }
            }
        }
    }
});
