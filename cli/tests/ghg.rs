//! `empreinte ghg` as a sustainability manager runs it: the embedded
//! illustrative organisation, the golden cases of golden/ghg_cases.json
//! (numbers from golden/ghg_reference.py), every format, errors with file,
//! line and column.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, stderr, stdout};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    let mut all = vec!["ghg"];
    all.extend_from_slice(args);
    common::run(&all)
}

fn file(name: &str, text: &str) -> PathBuf {
    common::file("ghg", name, text)
}

fn repo(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn rows<'a>(v: &'a Value, name: &str) -> &'a Vec<Value> {
    v["sections"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .and_then(|s| s["rows"].as_array())
        .unwrap_or_else(|| panic!("no section {name}: {v}"))
}

/// A golden key read from the command's JSON with the cases' column map.
fn value(out: &Value, columns: &Value, key: &str) -> f64 {
    let parts: Vec<&str> = key.split(':').collect();
    let (row, key) = match parts.as_slice() {
        [k] => (&rows(out, "organisation")[0], *k),
        [kind, name, k] => {
            let (section, column) = if *kind == "entity" {
                ("entities", "entity")
            } else {
                ("tenants", "tenant")
            };
            let row = rows(out, section)
                .iter()
                .find(|r| r[column] == *name)
                .unwrap_or_else(|| panic!("no {kind} {name}"));
            (row, *k)
        }
        _ => panic!("{key}"),
    };
    columns[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| row[c.as_str().unwrap()].as_f64().unwrap())
        .sum()
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0) + 1e-9
}

/// The case's input: its text, or `@path` of an example file.
fn input(v: &Value, name: &str) -> Option<PathBuf> {
    let s = v.as_str()?;
    Some(match s.strip_prefix('@') {
        Some(path) => PathBuf::from(repo(path)),
        None => file(name, s),
    })
}

#[test]
fn the_golden_cases_agree_with_the_reference_calculator() {
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("golden/ghg_cases.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for case in doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "ghg")
    {
        let name = case["name"].as_str().unwrap();
        let i = &case["inputs"];
        let mut args: Vec<String> = vec![
            "--format".into(),
            "json".into(),
            "--year".into(),
            i["year"].to_string(),
        ];
        if let Some(p) = input(&i["inventory_csv"], &format!("{name}-fleet.csv")) {
            args.insert(0, p.display().to_string());
        }
        if let Some(c) = i["country"].as_str() {
            args.extend(["--country".into(), c.into()]);
        }
        if let Some(p) = input(&i["instruments_csv"], &format!("{name}-instruments.csv")) {
            args.extend(["--fleet-instruments".into(), p.display().to_string()]);
        }
        if let Some(dc) = i["datacentre"].as_object() {
            for f in [
                "readings",
                "facility",
                "instruments",
                "tenants",
                "equipment",
            ] {
                let p = input(&dc[&format!("{f}_csv")], &format!("{name}-dc-{f}.csv")).unwrap();
                args.extend([format!("--{f}"), p.display().to_string()]);
            }
            args.extend([
                "--time-zone".into(),
                dc["time_zone"].as_str().unwrap().into(),
            ]);
            args.extend(["--allocation".into(), "mix".into()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&refs);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let out = json(&o);
        let tol = case["tolerance_rel"].as_f64().unwrap();
        for (key, want) in case["expected"].as_object().unwrap() {
            let got = value(&out, &doc["columns"], key);
            let want = want.as_f64().unwrap();
            assert!(close(got, want, tol), "{name}: {key}: {got} vs {want}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn without_files_it_runs_the_illustrative_organisation_and_says_so() {
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "GHG inventory, reporting year 2022",
        "ILLUSTRATIVE",
        "scope 2 (location-based), direct (combustion) basis",
        "scope 3 cat. 3 (fuel- and energy-related activities)  upstream",
        "NOT GHG Protocol scope 3",
        "empreinte-grid-direct 2025",
    ] {
        assert!(out.contains(needle), "{needle} missing:\n{out}");
    }
    let md = run(&["--format", "markdown"]);
    assert!(md.status.success());
    let md = stdout(&md);
    assert!(
        md.starts_with("# GHG inventory, reporting year 2022"),
        "{md}"
    );
    assert!(md.contains("| item | ghg_scope | basis | kgco2e |"), "{md}");
    let csv = run(&["--format", "csv", "--section", "entities"]);
    assert!(csv.status.success());
    let head = stdout(&csv).lines().next().unwrap().to_owned();
    assert!(
        head.starts_with("entity,electricity_kwh,scope1_refrigerant_kgco2e"),
        "{head}"
    );
    assert!(
        head.contains("scope2_location_based_direct_kgco2e")
            && head.contains("scope3_cat3_upstream_kgco2e"),
        "{head}"
    );
    assert!(stderr(&csv).contains("note[example_data]"));
}

#[test]
fn errors_name_the_file_line_and_column() {
    let fleet = file(
        "f.csv",
        "entity,kind,quantity,purchase_year,annual_energy_kwh\nA,laptop,1,2022,20\n",
    );
    let f = fleet.display().to_string();
    let o = run(&[&f, "--country", "BE"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("year"), "{}", stderr(&o));
    let ins = file(
        "i.csv",
        "instrument,kwh,factor_gco2e_per_kwh\ngo,50,0\nresidual_mix,,180\n",
    );
    let o = run(&[
        &f,
        "--country",
        "BE",
        "--year",
        "2022",
        "--fleet-instruments",
        &ins.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["error"]["code"], "out_of_range", "{e}");
    assert_eq!(e["error"]["line"], 2);
    let dc = run(&["--readings", &f]);
    assert!(!dc.status.success());
    assert!(stderr(&dc).contains("facility"), "{}", stderr(&dc));
}
