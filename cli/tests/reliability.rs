//! Issue 23, "Reliability, round 2", as a user meets it in the command:
//! the data-centre, policy and SCI entry points under hostile and odd
//! input end with a clear error (status 1, file and line) or a right
//! number, never a crash, a hang or a wrong figure with status 0.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, run, section, stderr, stdout};
use serde_json::Value;
use std::path::PathBuf;

fn file(name: &str, text: &str) -> PathBuf {
    common::file("rel", name, text)
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn facility() -> PathBuf {
    file("facility.csv", "field,value,gas\nzone,BE,\n")
}

/// `datacentre --readings R --facility F [extra...]`, its status must be 1
/// and its error name `needle`.
fn refused(readings: &str, facility: &str, extra: &[&str], needle: &str) {
    let mut args = vec!["datacentre", "--readings", readings, "--facility", facility];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
}

#[test]
fn fill_gaps_never_multiplies_energy_when_the_resolution_changes() {
    // Eight quarter-hours of 50 kWh then twenty hours of 100 kWh: 2,400 kWh.
    let q = |m: u32| format!("2022-03-01T{:02}:{:02}Z", m / 60, m % 60);
    let (mut plain, mut ended) = (
        String::from("start,it_kwh,facility_kwh\n"),
        String::from("start,end,it_kwh,facility_kwh\n"),
    );
    for i in 0..8 {
        plain += &format!("{},50,60\n", q(i * 15));
        ended += &format!("{},{},50,60\n", q(i * 15), q(i * 15 + 15));
    }
    for h in 2..22 {
        plain += &format!("{},100,120\n", q(h * 60));
        ended += &format!("{},{},100,120\n", q(h * 60), q(h * 60 + 60));
    }
    let plain = file("changing.csv", &plain);
    let f = facility();
    for fill in ["error", "previous"] {
        refused(
            path(&plain),
            path(&f),
            &["--fill-gaps", fill],
            "changing.csv:11, column `start`",
        );
    }
    let ended = file("changing-ended.csv", &ended);
    let o = run(&[
        "datacentre",
        "--readings",
        path(&ended),
        "--facility",
        path(&f),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    // One row per tenant and scope-2 method: the location-based ones.
    let it: f64 = section(&v, "tenants")
        .iter()
        .filter(|t| t["scope2_method"] == "location_based")
        .map(|t| t["it_kwh"].as_f64().unwrap())
        .sum();
    assert!((it - 2_400.0).abs() < 1e-6, "{it}");
}

#[test]
fn endless_lines_are_refused_not_allocated() {
    let f = facility();
    let zero = "/dev/zero";
    refused(zero, path(&f), &[], "1 MiB");
    let r = file(
        "ok.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01,2022-01-02,1,2\n",
    );
    refused(path(&r), zero, &[], "1 MiB");
    refused(path(&r), path(&f), &["--hourly-grid", zero], "1 MiB");
    refused(path(&r), path(&f), &["--tenants", zero], "1 MiB");
    let o = run(&["assess", zero]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 MiB"), "{}", stderr(&o));
}

#[test]
fn intervals_and_years_are_bounded() {
    let f = facility();
    let r = file(
        "one.csv",
        "start,it_kwh,facility_kwh\n1969-12-31T00:00Z,1,2\n",
    );
    refused(
        path(&r),
        path(&f),
        &["--interval-minutes", "1e18"],
        "--interval-minutes",
    );
    refused(
        path(&r),
        path(&f),
        &["--interval-minutes", "60"],
        "one.csv:2",
    );
    let r = file(
        "zero.csv",
        "start,interval_minutes,it_kwh,facility_kwh\n0000-01-01T00:00Z,60,1,2\n",
    );
    refused(path(&r), path(&f), &[], "a year from 1980 to 2100");
}

#[test]
fn conflicting_or_impossible_values_are_refused_with_their_line() {
    let r = file(
        "heat.csv",
        "start,end,it_kwh,facility_kwh,reused_heat_kwh\n2022-01-01,2022-01-02,100,120,9960\n",
    );
    refused(
        path(&r),
        path(&facility()),
        &[],
        "heat.csv:2, column `reused_heat_kwh`",
    );
    let r = file(
        "ok.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01,2022-01-02,100,120\n",
    );
    let twice = file("twice.csv", "field,value\nzone,BE\nzone,FR\n");
    refused(path(&r), path(&twice), &[], "twice.csv:3, column `field`");
    let cap = file(
        "cap.csv",
        "field,value\nzone,BE\nit_capacity_kw,100\nit_capacity_kw,200\n",
    );
    refused(path(&r), path(&cap), &[], "cap.csv:4");
    let f = facility();
    let mix = file(
        "mix.csv",
        "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,100\nresidual_mix,,300\n",
    );
    refused(
        path(&r),
        path(&f),
        &["--instruments", path(&mix)],
        "mix.csv:3",
    );
    let huge = file(
        "huge.csv",
        "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,1e308\n",
    );
    refused(
        path(&r),
        path(&f),
        &["--instruments", path(&huge)],
        "huge.csv:2, column `factor_gco2e_per_kwh`",
    );
    let grid = file(
        "grid.csv",
        "datetime_utc,intensity_gco2e_per_kwh\n2022-01-01T00:00Z,1e308\n",
    );
    refused(
        path(&r),
        path(&f),
        &["--hourly-grid", path(&grid)],
        "grid.csv:2",
    );
    let first = file(
        "first.csv",
        "field,value\nzone,BE\nit_capacity_kw,100\nbuilding_embodied_kgco2e_per_kw_it,3000\nbuilding_lifespan_years,30\nbuilding_first_year,2022.9\n",
    );
    refused(path(&r), path(&first), &[], "whole year");
    let t = file("unalloc.csv", "tenant,it_kwh\n(unallocated),10\n");
    refused(
        path(&r),
        path(&f),
        &["--tenants", path(&t)],
        "unalloc.csv:2, column `tenant`",
    );
    // An empty readings file does not speak of devices.
    let empty = file("empty.csv", "start,it_kwh,facility_kwh\n");
    let o = run(&[
        "datacentre",
        "--readings",
        path(&empty),
        "--facility",
        path(&f),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("device"), "{}", stderr(&o));
}

#[test]
fn eighty_thousand_tenants_are_allocated() {
    let n = 80_000;
    let mut text = String::from("tenant,it_kwh\n");
    for t in 0..n {
        text += &format!("t{t},1\n");
    }
    let tenants = file("tenants80k.csv", &text);
    let r = file(
        "year.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01,2023-01-01,100000,130000\n",
    );
    let o = run(&[
        "datacentre",
        "--readings",
        path(&r),
        "--facility",
        path(&facility()),
        "--tenants",
        path(&tenants),
        "--format",
        "csv",
        "--section",
        "tenants",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Header, then the tenants and the unallocated line by scope-2 method.
    assert_eq!(out.lines().count(), 2 * (n + 1) + 1);
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("(unallocated),"))
            .count(),
        2
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("(unallocated),"))
        .unwrap();
    assert!(line.contains(",20000,"), "{line}");
}

fn inventory() -> PathBuf {
    file(
        "inv.csv",
        "entity,kind,quantity,purchase_year,lifespan_years,country\nTown hall,laptop,10,2021,4,BE\nSchool,desktop,5,2020,5,BE\n",
    )
}

#[test]
fn policy_years_cases_and_names_are_read_one_way() {
    let inv = inventory();
    let whole = file("whole.toml", "start_year = 2021.0\nend_year = 2024\n");
    let o = run(&[
        "simulate",
        path(&inv),
        "--policy",
        path(&whole),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let half = file("half.toml", "start_year = 2021.5\n");
    let o = run(&["simulate", path(&inv), "--policy", path(&half)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("whole year"), "{}", stderr(&o));
    let cases = file("cases.toml", "[lifespan_years]\nlaptop = 4\nLaptop = 6\n");
    let o = run(&["simulate", path(&inv), "--policy", path(&cases)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("same kind"), "{}", stderr(&o));
    // Two policies without a name.
    let a = file("a.toml", "[lifespan_years]\nlaptop = 4\n");
    let b = file("b.toml", "[lifespan_years]\nlaptop = 6\n");
    let o = run(&[
        "compare",
        path(&inv),
        "--policy",
        path(&a),
        "--policy",
        path(&b),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let names: Vec<&str> = section(&v, "total")
        .iter()
        .map(|r| r["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["policy", "policy (2)"]);
}

#[test]
fn simulate_json_is_streamed_and_whole() {
    let inv = inventory();
    let o = run(&["simulate", path(&inv), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    for key in ["year", "mode", "sections", "notes", "sources", "datasets"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let inventory_rows = section(&v, "inventory");
    assert!(!inventory_rows.is_empty());
    assert!(inventory_rows[0]["scenario"].is_string());
    // The same rows as the CSV of that section.
    let o = run(&["simulate", path(&inv), "--format", "csv"]);
    assert_eq!(stdout(&o).lines().count(), inventory_rows.len() + 1);
}

#[test]
fn tied_bids_share_a_rank() {
    let bids = file(
        "tied.csv",
        "bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nB,laptop,250,20,4,3,5,no\nA,laptop,250,20,4,3,5,no\nC,laptop,300,20,4,3,5,no\n",
    );
    let o = run(&["tender", path(&bids), "--year", "2024", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let ranks: Vec<f64> = v["sections"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rank"].as_f64().unwrap())
        .collect();
    assert_eq!(ranks, [1.0, 1.0, 3.0]);
}

fn saved_run(name: &str) -> PathBuf {
    let saved =
        std::env::temp_dir().join(format!("empreinte-rel-{}-{name}.json", std::process::id()));
    let o = run(&[
        "sci",
        "run",
        "--zone",
        "BE",
        "--save",
        path(&saved),
        "--",
        "true",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    saved
}

#[test]
fn sci_bench_filter_keeps_each_benchmark_s_share() {
    let saved = saved_run("filter");
    let py = file(
        "pytest.json",
        r#"{"benchmarks":[
        {"name":"small","fullname":"t.py::small","stats":{"mean":0.01,"stddev":0.0,"rounds":100,"iterations":1,"total":1.0}},
        {"name":"large","fullname":"t.py::large","stats":{"mean":2.5,"stddev":0.0,"rounds":100,"iterations":1,"total":250.0}}]}"#,
    );
    let report = |filter: Option<&str>| {
        let mut args = vec![
            "sci",
            "report",
            "--measurement",
            path(&saved),
            "--pytest-benchmark",
            path(&py),
            "--format",
            "json",
        ];
        if let Some(f) = filter {
            args.extend(["--bench-filter", f]);
        }
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        json(&o)
    };
    let whole = report(None);
    let kept = report(Some("small"));
    let small = |v: &Value| {
        v["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"].as_str().unwrap().contains("small"))
            .unwrap()
            .clone()
    };
    assert_eq!(kept["benchmarks"].as_array().unwrap().len(), 1);
    let share = small(&kept)["share"].as_f64().unwrap();
    assert!((share - 1.0 / 251.0).abs() < 1e-9, "{share}");
    let per = |v: &Value| small(v)["sci_gco2e_per_iteration"].as_f64().unwrap();
    assert!((per(&kept) - per(&whole)).abs() <= 1e-9 * per(&whole));
}

#[test]
fn sci_per_is_bounded_and_a_saved_result_reads_back() {
    let saved = saved_run("per");
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        path(&saved),
        "--per",
        "1e-320",
    ]);
    // empreinte sci's own errors exit 125 (distinct from a regression, 3).
    assert_eq!(o.status.code(), Some(125), "{}", stdout(&o));
    assert!(stderr(&o).contains("per"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("inf"));
    let again = saved.with_extension("again.json");
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        path(&saved),
        "--per",
        "1000",
        "--save",
        path(&again),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        path(&again),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["r"], 1000.0);
}

#[test]
fn per_criterion_does_not_follow_symlinks() {
    let root = std::env::temp_dir().join(format!("empreinte-rel-{}-links", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("engine")).unwrap();
    // Ten links to the folder itself: followed, they would take hours.
    for i in 0..10 {
        std::os::unix::fs::symlink(&root, root.join(format!("self{i}"))).unwrap();
        std::os::unix::fs::symlink(&root, root.join("engine").join(format!("up{i}"))).unwrap();
    }
    let saved = saved_run("links");
    let o = run(&[
        "sci",
        "report",
        "--measurement",
        path(&saved),
        "--per-criterion",
        "--criterion-dir",
        path(&root),
    ]);
    // No benchmark in it (links are not followed): a typed error (empreinte
    // sci's own errors exit 125), quickly.
    assert_eq!(o.status.code(), Some(125));
    assert!(
        stderr(&o).contains("error[missing_value]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn sci_notes_processes_that_outlive_the_command() {
    let o = run(&[
        "sci",
        "run",
        "--format",
        "json",
        "--",
        "sh",
        "-c",
        "(end=$(($(date +%s) + 3)); while [ $(date +%s) -lt $end ]; do :; done) >/dev/null 2>&1 &",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["code"] == "processes_outliving"),
        "{v}"
    );
    assert!(
        v["inputs"]["measurement"]["processes_outliving"]
            .as_u64()
            .unwrap()
            >= 1
    );
}
