//! `empreinte sci` as a CI job runs it: a command measured, exit codes
//! passed through, benchmark files read, the regression gate both ways.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, run, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("empreinte-sci-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn run_prints_e_i_m_r_and_sci_with_the_model_named() {
    let o = run(&[
        "sci",
        "run",
        "--zone",
        "BE",
        "--year",
        "2023",
        "--",
        "sh",
        "-c",
        "echo from-the-command",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    for term in ["SCI ", "E ", "I ", "M ", "R "] {
        assert!(text.lines().any(|l| l.starts_with(term)), "{term}: {text}");
    }
    assert!(
        text.contains("cpu_time_model") && text.contains("ccf_aws_average"),
        "{text}"
    );
    assert!(
        text.contains("134.9 gCO2e/kWh (BE 2023, yearly average)"),
        "{text}"
    );
    // The command's output goes to stderr, never into the report.
    assert!(stderr(&o).contains("from-the-command") && !text.contains("from-the-command"));
}

#[test]
fn a_failing_command_passes_its_exit_code_through_with_the_sci() {
    let o = run(&[
        "sci",
        "run",
        "--zone",
        "BE",
        "--format",
        "json",
        "--",
        "sh",
        "-c",
        "echo out; exit 7",
    ]);
    assert_eq!(o.status.code(), Some(7));
    let v = json(&o);
    assert_eq!(v["exit_code"], 7);
    assert_eq!(v["schema"], "empreinte-sci/1");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert!(v["sci_gco2e_per_unit"].as_f64().unwrap() > 0.0);
    assert!(v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "command_failed"));
    // A command that cannot start is an error of ours (status 125, never a
    // status the command could have given), typed.
    let o = run(&[
        "sci",
        "run",
        "--format",
        "json",
        "--",
        "/nonexistent/command",
    ]);
    assert_eq!(o.status.code(), Some(125));
    assert!(stderr(&o).contains("\"code\":\"io\""), "{}", stderr(&o));
}

#[test]
fn bad_options_are_typed_errors() {
    for (args, code) in [
        (vec!["--per", "0"], "out_of_range"),
        (vec!["--per", "-5"], "out_of_range"),
        (vec!["--zone", "XX"], "unknown_country"),
        (vec!["--machine", "mainframe"], "invalid_option"),
    ] {
        let mut all = vec!["sci", "run", "--format", "json"];
        all.extend(args.iter().copied());
        all.extend(["--", "true"]);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(125), "{args:?}");
        let e: Value = serde_json::from_str(stderr(&o).trim()).unwrap();
        assert_eq!(e["error"]["code"], code, "{args:?}");
    }
}

fn write_criterion(root: &Path, name: &str, iters: &str, mean_ns: f64) {
    let new = root.join("engine").join(name).join("new");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(new.join("benchmark.json"), format!(r#"{{"group_id":"engine","function_id":"{name}","value_str":null,"throughput":{{"Elements":1000000}},"full_id":"engine/{name}","directory_name":"engine/{name}","title":"engine/{name}"}}"#)).unwrap();
    std::fs::write(new.join("estimates.json"), format!(r#"{{"mean":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{mean_ns},"standard_error":1.0}}}}"#, mean_ns * 0.99, mean_ns * 1.01)).unwrap();
    std::fs::write(
        new.join("sample.json"),
        format!(r#"{{"sampling_mode":"Flat","iters":{iters},"times":[1e8,1e8,1e8]}}"#),
    )
    .unwrap();
}

/// `empreinte sci run --zone FR --vcpus 2 --save DIR/run.json -- true`:
/// a saved measurement to report on.
fn saved_run(d: &Path) -> PathBuf {
    let saved = d.join("run.json");
    let o = run(&[
        "sci",
        "run",
        "--zone",
        "FR",
        "--vcpus",
        "2",
        "--save",
        saved.to_str().unwrap(),
        "--",
        "true",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    saved
}

/// `empreinte sci report --measurement SAVED --per-criterion
/// --criterion-dir DIR [--format FORMAT]`.
fn per_criterion(saved: &Path, criterion_dir: &Path, format: Option<&str>) -> Output {
    let mut args = vec![
        "sci",
        "report",
        "--measurement",
        saved.to_str().unwrap(),
        "--per-criterion",
        "--criterion-dir",
        criterion_dir.to_str().unwrap(),
    ];
    if let Some(f) = format {
        args.extend(["--format", f]);
    }
    run(&args)
}

/// An accepted option is used or refused (issue 20): `--criterion-dir`
/// without `--per-criterion`, `--bench-filter` with `--per` or a whole
/// run, are refused; a filter on a saved run's benchmarks narrows them.
#[test]
fn criterion_dir_and_bench_filter_are_used_or_refused() {
    let d = dir("unit-options");
    let saved = saved_run(&d);
    let m = saved.to_str().unwrap();
    let crit = d.join("criterion");
    write_criterion(&crit, "fast", "[2,2,2]", 5e7);
    write_criterion(&crit, "slow", "[1,1,1]", 1e8);
    let c = crit.to_str().unwrap();
    for (args, option) in [
        (vec!["--criterion-dir", c], "criterion_dir"),
        (vec!["--criterion-dir", c, "--per", "10"], "criterion_dir"),
        (
            vec!["--per", "10", "--bench-filter", "fast"],
            "bench_filter",
        ),
        (vec!["--bench-filter", "fast"], "bench_filter"),
    ] {
        let mut all = vec!["sci", "report", "--measurement", m, "--format", "json"];
        all.extend(args.iter().copied());
        let o = run(&all);
        assert_eq!(o.status.code(), Some(125), "{args:?}: {}", stderr(&o));
        let e: Value = serde_json::from_str(stderr(&o).trim()).unwrap();
        assert_eq!(e["error"]["code"], "invalid_option", "{args:?}");
        assert_eq!(e["error"]["column"], option, "{args:?}");
    }
    // A saved per-iteration run, then filtered: only `fast` is reported.
    let per_iteration = d.join("iterations.json");
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        m,
        "--per-criterion",
        "--criterion-dir",
        c,
        "--save",
        per_iteration.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        per_iteration.to_str().unwrap(),
        "--bench-filter",
        "fast",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["r"], 6.0, "{v}");
    assert_eq!(v["benchmarks"].as_array().unwrap().len(), 1);
}

#[test]
fn report_reads_saved_runs_criterion_and_pytest_files_without_running() {
    let d = dir("report");
    let saved = saved_run(&d);
    let crit = d.join("criterion");
    write_criterion(&crit, "fast", "[2,2,2]", 5e7);
    write_criterion(&crit, "slow", "[1,1,1]", 1e8);
    let o = per_criterion(&saved, &crit, Some("json"));
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["functional_unit"], "iteration");
    assert_eq!(v["r"], 9.0);
    assert_eq!(v["benchmarks"].as_array().unwrap().len(), 2);
    assert!(
        v["benchmarks"][0]["sci_gco2e_per_million_elements"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert_eq!(v["inputs"]["zone"], "FR");
    // Markdown for a CI job page.
    let o = per_criterion(&saved, &crit, Some("markdown"));
    let md = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        md.starts_with("### Software Carbon Intensity")
            && md.contains("| E |")
            && md.contains("| engine/fast |"),
        "{md}"
    );
    // Malformed and missing criterion files, an empty folder.
    std::fs::write(crit.join("engine/slow/new/estimates.json"), "{ not json").unwrap();
    let o = per_criterion(&saved, &crit, None);
    assert_eq!(o.status.code(), Some(125));
    assert!(
        stderr(&o).contains("error[invalid_option]") && stderr(&o).contains("estimates.json"),
        "{}",
        stderr(&o)
    );
    let o = per_criterion(&saved, &d.join("absent"), None);
    assert!(stderr(&o).contains("error[io]"), "{}", stderr(&o));
    let empty = dir("empty-criterion");
    let o = per_criterion(&saved, &empty, None);
    assert!(
        stderr(&o).contains("error[missing_value]"),
        "{}",
        stderr(&o)
    );
    // pytest-benchmark.
    let py = d.join("pytest.json");
    std::fs::write(&py, r#"{"benchmarks":[{"name":"t","fullname":"tests/t.py::t","stats":{"mean":0.001,"stddev":0.0001,"rounds":50,"iterations":4,"total":0.05}}]}"#).unwrap();
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        saved.to_str().unwrap(),
        "--pytest-benchmark",
        py.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["r"], 200.0);
    // A saved file that is not a result.
    std::fs::write(d.join("bad.json"), "{}").unwrap();
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        d.join("bad.json").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("error[missing_value]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_regression_gate_exits_3_above_the_threshold_and_0_below() {
    let d = dir("gate");
    let saved = d.join("run.json");
    assert!(run(&[
        "sci",
        "run",
        "--zone",
        "BE",
        "--save",
        saved.to_str().unwrap(),
        "--",
        "true"
    ])
    .status
    .success());
    let m = saved.to_str().unwrap();
    let base = d.join("base.json");
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        m,
        "--per",
        "1000",
        "--save",
        base.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = base.to_str().unwrap();
    // 800 operations for the same carbon: +25 % per operation.
    let slower = [
        "sci",
        "report",
        "--measurement",
        m,
        "--per",
        "800",
        "--baseline",
        b,
        "--fail-above",
        "10",
    ];
    let o = run(&slower);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    // On GitHub Actions: the summary appended to the job page, an error annotation.
    let summary = d.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let gh = std::process::Command::new(env!("CARGO_BIN_EXE_empreinte"))
        .args(slower)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(gh.status.code(), Some(3));
    let page = std::fs::read_to_string(&summary).unwrap();
    assert!(
        page.starts_with("earlier step\n### Software Carbon Intensity"),
        "{page}"
    );
    assert!(
        stderr(&gh).contains("::error title=SCI regression::REGRESSION")
            && stderr(&gh).contains("+25.0 %25"),
        "{}",
        stderr(&gh)
    );
    assert_eq!(gh.stdout, o.stdout, "stdout carries the report only");
    // OpenMetrics for a metrics collector: the SCI and the verdict.
    let om = run(&[&slower[..], &["--format", "openmetrics"]].concat());
    assert_eq!(om.status.code(), Some(3));
    let metrics = String::from_utf8(om.stdout.clone()).unwrap();
    assert!(metrics.ends_with("# EOF\n"), "{metrics}");
    assert!(
        metrics.contains("# TYPE empreinte_sci_gco2e_per_unit gauge\n")
            && metrics.contains("empreinte_sci_regressed{functional_unit=\"operation\"} 1\n"),
        "{metrics}"
    );
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        text.contains("REGRESSION") && text.contains("+25.0 %") && text.contains("noise unknown"),
        "{text}"
    );
    // Better, or within the threshold: status 0.
    for (per, above) in [("1100", "10"), ("900", "20")] {
        let o = run(&[
            "sci",
            "report",
            "--measurement",
            m,
            "--per",
            per,
            "--baseline",
            b,
            "--fail-above",
            above,
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{per} {above}: {}", stderr(&o));
        assert_eq!(json(&o)["comparison"]["regressed"], false);
    }
    // --fail-above without a baseline is refused by the argument parser.
    let o = run(&["sci", "report", "--measurement", m, "--fail-above", "10"]);
    assert_eq!(
        o.status.code(),
        Some(125),
        "a tool error, never a regression (3)"
    );
}

/// Which folders are criterion runs is core's rule (`sci::criterion_runs`),
/// the same as Python's: at any depth (the command's own walk stopped at 8
/// levels), never under `report` or `base`.
#[test]
fn criterion_runs_are_found_at_any_depth_by_cores_rule() {
    let d = dir("deep-criterion");
    let saved = saved_run(&d);
    let crit = d.join("criterion");
    let deep = crit.join("a/b/c/d/e/f/g/h/i");
    write_criterion(&deep, "nested", "[1,1,1]", 1e8);
    write_criterion(&crit.join("report"), "html", "[1,1,1]", 1e8);
    let o = per_criterion(&saved, &crit, Some("json"));
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let ids: Vec<&str> = v["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["engine/nested"], "{v}");
}

/// Issue 19: the gate compares each benchmark with the baseline's same id
/// (the aggregate per iteration moves with how many iterations the tool
/// chose), names the one that regressed, the ones it cannot compare (new or
/// renamed) and inputs that differ; a baseline of another unit is an error
/// that does not lose the measurement; a stale pytest-benchmark file is
/// refused in `sci run`.
#[test]
fn the_gate_is_per_benchmark_and_names_what_it_cannot_compare() {
    let d = dir("sci-gate-per-benchmark");
    let saved = saved_run(&d);
    let m = saved.to_str().unwrap();
    let crit = d.join("criterion");
    write_criterion(&crit, "fast", "[2,2,2]", 5e7);
    write_criterion(&crit, "slow", "[1,1,1]", 1e8);
    let base = d.join("base.json");
    let c = crit.to_str().unwrap();
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        m,
        "--per-criterion",
        "--criterion-dir",
        c,
        "--save",
        base.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = base.to_str().unwrap();
    let gate = |criterion: &Path, extra: &[&str]| {
        let mut args = vec![
            "sci",
            "report",
            "--measurement",
            m,
            "--per-criterion",
            "--criterion-dir",
            criterion.to_str().unwrap(),
            "--baseline",
            b,
            "--fail-above",
            "10",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    // Unchanged: ok, compared per benchmark.
    let o = gate(&crit, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["comparison"]["gated_on"], "benchmarks");
    assert_eq!(v["comparison"]["benchmarks"].as_array().unwrap().len(), 2);
    // `fast` does half the iterations in the same time: +100 % for it, 0 %
    // for `slow`; the gate names `fast` only.
    write_criterion(&crit, "fast", "[1,1,1]", 1e8);
    let o = gate(&crit, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let v = json(&o);
    let changes = v["comparison"]["benchmarks"].as_array().unwrap();
    let fast = changes.iter().find(|c| c["id"] == "engine/fast").unwrap();
    let slow = changes.iter().find(|c| c["id"] == "engine/slow").unwrap();
    assert!(
        (fast["change_pct"].as_f64().unwrap() - 100.0).abs() < 1e-6,
        "{fast}"
    );
    assert!(slow["change_pct"].as_f64().unwrap().abs() < 1e-6, "{slow}");
    assert_eq!(
        (fast["regressed"].as_bool(), slow["regressed"].as_bool()),
        (Some(true), Some(false))
    );
    let message = v["comparison"]["message"].as_str().unwrap();
    assert!(
        message.contains("REGRESSION engine/fast") && !message.contains("REGRESSION engine/slow"),
        "{message}"
    );
    // Renamed: `fast` is now `quick`, 5x slower: not compared, and said so.
    let renamed = d.join("renamed");
    write_criterion(&renamed, "quick", "[1,1,1]", 5e8);
    write_criterion(&renamed, "slow", "[1,1,1]", 1e8);
    let o = gate(&renamed, &[]);
    let v = json(&o);
    assert_eq!(
        v["comparison"]["without_baseline"],
        serde_json::json!(["engine/quick"])
    );
    assert_eq!(
        v["comparison"]["not_in_this_run"],
        serde_json::json!(["engine/fast"])
    );
    assert!(
        v["comparison"]["message"]
            .as_str()
            .unwrap()
            .contains("renamed?"),
        "{v}"
    );
    // Another zone than the baseline's: compared, and said so.
    let o = gate(&crit, &["--zone", "BE"]);
    let v = json(&o);
    assert_eq!(
        v["comparison"]["differences"],
        serde_json::json!(["zone BE (baseline FR)"])
    );
    assert!(v["comparison"]["message"]
        .as_str()
        .unwrap()
        .contains("not like for like: zone BE (baseline FR)"));
    // Per operation against a baseline per iteration: a typed error (not
    // "fail_above: inf"), after the result is written and saved.
    let kept = d.join("kept.json");
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        m,
        "--per",
        "1000",
        "--baseline",
        b,
        "--save",
        kept.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(125), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("invalid_option") && stderr(&o).contains("per iteration"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("inf"), "{}", stderr(&o));
    assert_eq!(json(&o)["functional_unit"], "operation");
    assert!(kept.is_file(), "the measurement is saved");
    // A pytest-benchmark file older than the run is stale.
    let stale = d.join("stale.json");
    std::fs::write(&stale, r#"{"benchmarks":[{"name":"t","stats":{"rounds":1,"iterations":1,"mean":0.1,"stddev":0,"total":0.1}}]}"#).unwrap();
    let o = run(&[
        "sci",
        "run",
        "--pytest-benchmark",
        stale.to_str().unwrap(),
        "--",
        "true",
    ]);
    assert_eq!(o.status.code(), Some(125), "{}", stderr(&o));
    assert!(stderr(&o).contains("stale"), "{}", stderr(&o));
}
