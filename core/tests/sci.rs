//! Software Carbon Intensity: the specification's worked example, the golden
//! cases of the independent calculator (`golden/sci_reference.py`), benchmark
//! files, bad input and the regression gate both ways.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::sci::{
    compare, compute, embedded_machines, functional_unit, parse_criterion, parse_pytest_benchmark,
    parse_saved, Benchmark, FunctionalUnit, Inputs, Measurement, Sci,
};
use serde_json::Value;

fn inputs(machine: &str, vcpus: f64, zone: &str, year: i32, wall_s: f64, cpu_s: f64) -> Inputs {
    Inputs {
        machine: machine.into(),
        embodied_kgco2e: None,
        lifespan_years: None,
        host_vcpus: None,
        vcpus,
        memory_gb: None,
        zone: zone.into(),
        year,
        measurement: Measurement::cpu_time(cpu_s, wall_s),
    }
}

fn sci(i: &Inputs, unit: &FunctionalUnit) -> empreinte::Result<Sci> {
    let (machines, info) = embedded_machines().unwrap();
    compute(&catalog(), &machines, &info, i, unit)
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0) + 1e-9
}

#[test]
fn the_specification_embodied_example_is_28_54_g() {
    // TE 1,000 kg, EL 4 years, the whole device reserved for 1 hour:
    // 1000 × 1 / (4 × 365 × 24) kg = 28.54 g ("around 28 g" in the specification).
    let mut i = inputs("laptop", 8.0, "BE", 2023, 3_600.0, 0.0);
    i.embodied_kgco2e = Some(1_000.0);
    i.lifespan_years = Some(4.0);
    let s = sci(&i, &FunctionalUnit::Run).unwrap();
    assert!(
        (s.embodied_gco2e - 28.538_812_785).abs() < 1e-6,
        "{}",
        s.embodied_gco2e
    );
    assert_eq!(
        (s.resource_share, s.embodied_gco2e_low),
        (1.0, s.embodied_gco2e_high)
    );
    assert!(s.sci_gco2e_per_unit > s.embodied_gco2e);
}

#[test]
fn golden_cases_agree_with_the_reference_calculator() {
    let text = std::fs::read_to_string(format!(
        "{}/../golden/sci_cases.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let tol = case["tolerance_rel"].as_f64().unwrap();
        let c = &case["inputs"];
        let num = |k: &str| c[k].as_f64();
        let mut i = inputs(
            c["machine"].as_str().unwrap(),
            num("vcpus").unwrap(),
            c["zone"].as_str().unwrap(),
            c["year"].as_i64().unwrap() as i32,
            num("wall_time_s").unwrap(),
            num("cpu_time_s").unwrap(),
        );
        i.memory_gb = num("memory_gb");
        i.embodied_kgco2e = num("embodied_kgco2e");
        i.lifespan_years = num("lifespan_years");
        i.host_vcpus = num("host_vcpus");
        i.measurement.rapl_energy_kwh = num("rapl_energy_kwh");
        let unit: FunctionalUnit = serde_json::from_value(case["unit"].clone()).unwrap();
        let s = sci(&i, &unit).unwrap();
        let got = serde_json::to_value(&s).unwrap();
        let expected = case["expected"].as_object().unwrap();
        assert!(expected.len() >= 9, "{name}: expected values");
        for (k, want) in expected {
            let want = want.as_f64().unwrap();
            let value = match k.split_once(": ") {
                None => got[k.as_str()].as_f64(),
                Some((id, field)) => s
                    .benchmarks
                    .iter()
                    .find(|b| b.id == id)
                    .and_then(|b| serde_json::to_value(b).unwrap()[field].as_f64()),
            };
            let value = value.unwrap_or_else(|| panic!("{name}: {k} missing"));
            assert!(
                close(value, want, tol),
                "{name}: {k}: got {value}, want {want}"
            );
        }
    }
}

#[test]
fn terms_add_up_and_the_method_is_named() {
    let s = sci(
        &inputs("ci_runner_vm", 4.0, "BE", 2023, 120.0, 180.0),
        &FunctionalUnit::Operations { count: 1000.0 },
    )
    .unwrap();
    assert!(close(
        s.total_gco2e,
        s.operational_gco2e + s.embodied_gco2e,
        1e-12
    ));
    assert!(close(s.sci_gco2e_per_unit * 1000.0, s.total_gco2e, 1e-12));
    assert!(
        s.sci_gco2e_per_unit_low < s.sci_gco2e_per_unit
            && s.sci_gco2e_per_unit < s.sci_gco2e_per_unit_high
    );
    assert_eq!(s.energy_method, "cpu_time_model");
    assert!(
        s.energy_model.contains("ccf_aws_average")
            && s.energy_model.contains("0.74-3.5 W per vCPU"),
        "{}",
        s.energy_model
    );
    assert!(s.notes.iter().any(|n| n.code == "grid_yearly"));
    assert!(s.notes.iter().any(|n| n.code == "energy_modelled"));
    assert!(s.sources.iter().any(|x| x.dataset == "sci-machines 2027.2"));
    assert!(s
        .sources
        .iter()
        .any(|x| x.dataset.starts_with("ember-owid")));
    // A year after the data falls back to the latest, and says so.
    let later = sci(
        &inputs("ci_runner_vm", 4.0, "BE", 2026, 120.0, 180.0),
        &FunctionalUnit::Run,
    )
    .unwrap();
    assert_eq!(later.intensity_year, 2024);
    assert!(later.notes.iter().any(|n| n.code == "grid_year_fallback"));
    // More CPU time, more energy; a longer run, more embodied.
    let busier = sci(
        &inputs("ci_runner_vm", 4.0, "BE", 2023, 120.0, 400.0),
        &FunctionalUnit::Run,
    )
    .unwrap();
    assert!(busier.energy_kwh > s.energy_kwh);
    assert!(busier
        .notes
        .iter()
        .all(|n| n.code != "utilisation_above_one"));
    let over = sci(
        &inputs("ci_runner_vm", 1.0, "BE", 2023, 10.0, 30.0),
        &FunctionalUnit::Run,
    )
    .unwrap();
    assert!(over.notes.iter().any(|n| n.code == "utilisation_above_one"));
}

#[test]
fn bad_input_is_a_typed_error_never_a_silent_zero() {
    let ok = inputs("ci_runner_vm", 4.0, "BE", 2023, 10.0, 5.0);
    let code = |i: &Inputs, u: &FunctionalUnit| sci(i, u).unwrap_err();
    for count in [0.0, -3.0] {
        let e = code(&ok, &FunctionalUnit::Operations { count });
        assert_eq!(
            (e.code(), e.location().column.as_deref()),
            ("out_of_range", Some("per"))
        );
    }
    assert_eq!(
        code(&ok, &FunctionalUnit::Operations { count: f64::NAN }).code(),
        "not_finite"
    );
    let e = code(
        &inputs("ci_runner_vm", 4.0, "XX", 2023, 10.0, 5.0),
        &FunctionalUnit::Run,
    );
    assert_eq!(
        (e.code(), e.location().column.as_deref()),
        ("unknown_country", Some("zone"))
    );
    let e = code(
        &inputs("mainframe", 4.0, "BE", 2023, 10.0, 5.0),
        &FunctionalUnit::Run,
    );
    assert_eq!(e.code(), "invalid_option");
    assert!(e.to_string().contains("ci_runner_vm"), "{e}");
    assert_eq!(
        code(
            &inputs("ci_runner_vm", 0.0, "BE", 2023, 10.0, 5.0),
            &FunctionalUnit::Run
        )
        .code(),
        "out_of_range"
    );
    assert_eq!(
        code(
            &inputs("ci_runner_vm", 200.0, "BE", 2023, 10.0, 5.0),
            &FunctionalUnit::Run
        )
        .code(),
        "out_of_range"
    );
    assert_eq!(
        code(
            &inputs("ci_runner_vm", 4.0, "BE", 2023, 0.0, 5.0),
            &FunctionalUnit::Run
        )
        .code(),
        "out_of_range"
    );
    assert_eq!(
        code(
            &inputs("ci_runner_vm", 4.0, "BE", 2023, 1.0, -5.0),
            &FunctionalUnit::Run
        )
        .code(),
        "out_of_range"
    );
    let mut neg = ok.clone();
    neg.lifespan_years = Some(-1.0);
    assert_eq!(
        code(&neg, &FunctionalUnit::Run)
            .location()
            .column
            .as_deref(),
        Some("lifespan_years")
    );
    let e = code(
        &ok,
        &FunctionalUnit::Iterations {
            benchmarks: vec![],
            other_measured_time_s: 0.0,
        },
    );
    assert_eq!(e.code(), "missing_value");
    // A failed command: the SCI is still computed, and a note says so.
    let mut failed = ok.clone();
    failed.measurement.exit_code = Some(2);
    failed.measurement.command = vec!["false".into()];
    let s = sci(&failed, &FunctionalUnit::Run).unwrap();
    assert!(s.sci_gco2e_per_unit > 0.0 && s.exit_code == Some(2));
    assert!(s.notes.iter().any(|n| n.code == "command_failed"));
}

const BENCHMARK: &str = r#"{"group_id":"engine","function_id":"1M rows","value_str":null,"throughput":{"Elements":1000000},"full_id":"engine/1M rows","directory_name":"engine/1M rows","title":"engine/1M rows"}"#;
const ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":49000000.0,"upper_bound":51000000.0},"point_estimate":50000000.0,"standard_error":500000.0},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":1.5,"standard_error":0.1},"slope":null,"std_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":1.0,"standard_error":0.1}}"#;
const SAMPLE: &str = r#"{"sampling_mode":"Flat","iters":[2.0,2.0,2.0],"times":[100000000.0,100000000.0,100000000.0]}"#;

#[test]
fn criterion_files_give_iterations_time_elements_and_noise() {
    let b = parse_criterion(
        "target/criterion/engine/1M rows",
        BENCHMARK,
        ESTIMATES,
        SAMPLE,
    )
    .unwrap();
    assert_eq!(
        (b.id.as_str(), b.iterations, b.elements_per_iteration),
        ("engine/1M rows", 6.0, Some(1e6))
    );
    assert!(close(b.measured_time_s, 0.3, 1e-12));
    assert!(close(b.noise_rel.unwrap(), 0.02, 1e-12));
    // Malformed, missing or empty: typed errors naming the file and field.
    let e = parse_criterion("d", BENCHMARK, "{not json", SAMPLE).unwrap_err();
    assert_eq!(
        (e.code(), e.location().source.as_str()),
        ("invalid_option", "d/new/estimates.json")
    );
    let e = parse_criterion("d", BENCHMARK, r#"{"median":{}}"#, SAMPLE).unwrap_err();
    assert_eq!(
        (e.code(), e.location().column.as_deref()),
        ("missing_value", Some("mean.point_estimate"))
    );
    let e = parse_criterion("d", BENCHMARK, ESTIMATES, r#"{"iters":[],"times":[]}"#).unwrap_err();
    assert_eq!(
        (e.code(), e.location().column.as_deref()),
        ("out_of_range", Some("iters"))
    );
    let e = parse_criterion("d", "{}", ESTIMATES, SAMPLE).unwrap_err();
    assert_eq!(
        (e.code(), e.location().column.as_deref()),
        ("missing_value", Some("full_id"))
    );
}

#[test]
fn pytest_benchmark_json_gives_rounds_times_iterations() {
    let text = r#"{"machine_info":{},"benchmarks":[{"name":"test_a","fullname":"tests/test_x.py::test_a","stats":{"min":0.001,"max":0.003,"mean":0.002,"stddev":0.0005,"rounds":100,"iterations":10,"total":0.2}}]}"#;
    let b = parse_pytest_benchmark("bench.json", text).unwrap();
    assert_eq!(b.len(), 1);
    let b = &b[0];
    assert_eq!(
        (b.id.as_str(), b.iterations),
        ("tests/test_x.py::test_a", 1000.0)
    );
    assert!(close(b.measured_time_s, 2.0, 1e-12));
    assert!(close(
        b.noise_rel.unwrap(),
        1.96 * 0.0005 / 10.0 / 0.002,
        1e-12
    ));
    assert_eq!(
        parse_pytest_benchmark("b.json", r#"{"benchmarks":[]}"#)
            .unwrap_err()
            .code(),
        "missing_value"
    );
    let e = parse_pytest_benchmark("b.json", r#"{"benchmarks":[{"name":"t","stats":{"rounds":0,"iterations":1,"total":1,"mean":1,"stddev":0}}]}"#).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
}

/// The functional unit every surface asks for: a benchmark filter is used
/// on benchmarks and refused elsewhere, never ignored (issue 20).
#[test]
fn the_functional_unit_uses_or_refuses_every_input() {
    let b = |id: &str, t: f64| Benchmark {
        id: id.into(),
        iterations: 10.0,
        measured_time_s: t,
        elements_per_iteration: None,
        noise_rel: None,
        source: "t".into(),
    };
    let unit = functional_unit(
        None,
        Some((vec![b("a/fast", 1.0), b("a/slow", 3.0)], 0.5)),
        Some("fast"),
    )
    .unwrap();
    let FunctionalUnit::Iterations {
        benchmarks,
        other_measured_time_s,
    } = unit
    else {
        panic!("iterations expected");
    };
    assert_eq!(benchmarks.len(), 1);
    assert_eq!(other_measured_time_s, 3.5);
    assert_eq!(
        functional_unit(Some(5.0), None, None).unwrap(),
        FunctionalUnit::Operations { count: 5.0 }
    );
    assert_eq!(
        functional_unit(None, None, None).unwrap(),
        FunctionalUnit::Run
    );
    for (per, benchmarks, filter, column) in [
        (Some(5.0), None, Some("fast"), "bench_filter"),
        (None, None, Some("fast"), "bench_filter"),
        (Some(5.0), Some((vec![b("a", 1.0)], 0.0)), None, "per"),
    ] {
        let e = functional_unit(per, benchmarks, filter).unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        assert_eq!(e.location().column.as_deref(), Some(column));
    }
}

/// A benchmark that took no time would get no carbon: a made-up 0 g per
/// iteration. It is refused, located at the benchmark (issue 20).
#[test]
fn a_benchmark_without_measured_time_is_refused() {
    let i = inputs("ci_runner_vm", 2.0, "FR", 2024, 60.0, 60.0);
    let unit = functional_unit(
        None,
        Some((
            vec![Benchmark {
                id: "engine/empty".into(),
                iterations: 10.0,
                measured_time_s: 0.0,
                elements_per_iteration: None,
                noise_rel: None,
                source: "bench.json".into(),
            }],
            0.0,
        )),
        None,
    )
    .unwrap();
    let e = sci(&i, &unit).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(e.location().source, "bench.json");
    assert_eq!(e.location().column.as_deref(), Some("measured_time_s"));
}

fn bench(iterations: f64, noise: f64) -> FunctionalUnit {
    FunctionalUnit::Iterations {
        benchmarks: vec![Benchmark {
            id: "engine/1M rows".into(),
            iterations,
            measured_time_s: 2.0,
            elements_per_iteration: Some(1e6),
            noise_rel: Some(noise),
            source: "t".into(),
        }],
        other_measured_time_s: 0.0,
    }
}

#[test]
fn the_regression_gate_fails_above_the_threshold_and_passes_below() {
    let i = inputs("ci_runner_vm", 2.0, "BE", 2024, 10.0, 15.0);
    let base = sci(&i, &bench(100.0, 0.02)).unwrap();
    let saved = parse_saved("base.json", &serde_json::to_string(&base).unwrap()).unwrap();
    assert_eq!(saved.inputs, i);
    assert!(close(
        saved.sci_gco2e_per_unit,
        base.sci_gco2e_per_unit,
        1e-15
    ));
    // 20 % fewer iterations in the same time: SCI per iteration +25 %.
    let slower = sci(&i, &bench(80.0, 0.02)).unwrap();
    let c = compare(&slower, &saved, Some(10.0)).unwrap();
    assert!(c.regressed && close(c.change_pct, 25.0, 1e-9), "{c:?}");
    assert!(close(
        c.noise_pct.unwrap(),
        100.0 * (2.0f64 * 0.02 * 0.02).sqrt(),
        1e-9
    ));
    assert!(
        c.message.starts_with("REGRESSION") && c.message.contains("noise ±2.8 %"),
        "{}",
        c.message
    );
    // 10 % more iterations: better, passes; a looser threshold passes a regression.
    let faster = sci(&i, &bench(110.0, 0.02)).unwrap();
    assert!(!compare(&faster, &saved, Some(10.0)).unwrap().regressed);
    assert!(!compare(&slower, &saved, Some(30.0)).unwrap().regressed);
    // +25 % inside a measured noise of ±36 %: above the threshold, not a regression.
    let noisy = sci(&i, &bench(80.0, 0.25)).unwrap();
    let base_noisy = sci(&i, &bench(100.0, 0.25)).unwrap();
    let saved_noisy =
        parse_saved("base.json", &serde_json::to_string(&base_noisy).unwrap()).unwrap();
    let c = compare(&noisy, &saved_noisy, Some(10.0)).unwrap();
    assert!(!c.regressed, "{c:?}");
    assert!(c.message.contains("within the noise"), "{}", c.message);
    // Significant figures, never `0.000000 g`.
    assert!(!c.message.contains("0.000000 "), "{}", c.message);
    let shown: f64 = c.message["ok: SCI ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        close(shown, c.current_gco2e_per_unit, 1e-3),
        "{}",
        c.message
    );
    // Another functional unit cannot be compared.
    let per_run = sci(&i, &FunctionalUnit::Run).unwrap();
    assert_eq!(
        compare(&per_run, &saved, Some(10.0)).unwrap_err().code(),
        "invalid_option"
    );
    assert_eq!(
        parse_saved("b.json", "[").unwrap_err().code(),
        "invalid_option"
    );
    assert_eq!(
        parse_saved("b.json", "{}").unwrap_err().code(),
        "missing_value"
    );
}
