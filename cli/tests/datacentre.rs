//! `empreinte datacentre` as a sustainability manager runs it: the embedded
//! illustrative data centre, files in every format, errors with file, line
//! and column.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    let mut all = vec!["datacentre"];
    all.extend_from_slice(args);
    common::run(&all)
}

fn file(name: &str, text: &str) -> PathBuf {
    common::file("dc", name, text)
}

use common::{section, stderr, stdout};

/// A case of `golden/datacentre_cases.json` by name.
fn golden_case(name: &str) -> Value {
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../golden/datacentre_cases.json"
        ))
        .unwrap(),
    )
    .unwrap();
    cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
        .clone()
}

#[test]
fn without_files_it_runs_the_illustrative_data_centre_and_says_so() {
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "PUE power usage effectiveness",
        "ILLUSTRATIVE",
        "location_based",
        "market_based",
        "Road-toll platform",
        "(unallocated)",
        "Renewable cooling",
        "Electricity Maps (2022 hourly data)",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
    let o = run(&["--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kpi = section(&v, "kpi");
    let pue = kpi
        .iter()
        .find(|r| r["indicator"].as_str().unwrap().starts_with("PUE"))
        .unwrap();
    assert!(pue["value"].as_f64().unwrap() > 1.0);
    assert!(v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "example_data"));
    let o = run(&["--format", "csv", "--section", "tenants"]);
    assert!(
        stdout(&o).starts_with("tenant,scope2_method,it_kwh"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("note[example_data]"));
}

#[test]
fn files_give_the_worked_example() {
    let readings = file("r.csv", "start,end,it_kwh,facility_kwh,water_m3\n2022-01-01T00:00+01:00,2023-01-01T00:00+01:00,1000000,1350000,1500\n");
    let facility = file(
        "f.csv",
        "field,value,gas\nzone,BE,\nrefrigerant_topped_up_kg,5,R-134a\n",
    );
    let instruments = file(
        "i.csv",
        "instrument,kwh,factor_gco2e_per_kwh\ngo,500000,0\nresidual_mix,,200\n",
    );
    let tenants = file("t.csv", "tenant,it_kwh\nToll,600000\n");
    let o = run(&[
        "--readings",
        readings.to_str().unwrap(),
        "--facility",
        facility.to_str().unwrap(),
        "--instruments",
        instruments.to_str().unwrap(),
        "--tenants",
        tenants.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = section(&v, "total");
    assert_eq!(total[0]["scope2_method"], "location_based");
    // Scope 2 on the direct basis: BE 2022 = 86.658 g (empreinte-grid-direct).
    assert!((total[0]["scope2_kgco2e"].as_f64().unwrap() - 1_350_000.0 * 0.086658).abs() < 1e-6);
    assert!((total[1]["scope2_kgco2e"].as_f64().unwrap() - 850_000.0 * 0.2).abs() < 1e-6);
    assert!((total[0]["scope1_kgco2e"].as_f64().unwrap() - 7_650.0).abs() < 1e-9);
}

#[test]
fn bad_inputs_name_file_line_and_column() {
    let facility = file("f2.csv", "field,value\nzone,BE\n");
    let bad = file("bad.csv", "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2022-01-01T01:00Z,10,12\n2022-01-01T00:30Z,2022-01-01T01:30Z,10,12\n");
    let o = run(&[
        "--readings",
        bad.to_str().unwrap(),
        "--facility",
        facility.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["error"]["code"], "malformed_csv");
    assert_eq!(e["error"]["line"], 3);
    assert_eq!(e["error"]["column"], "start");
    let pue = file(
        "pue.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2022-01-01T01:00Z,10,9\n",
    );
    let o = run(&[
        "--readings",
        pue.to_str().unwrap(),
        "--facility",
        facility.to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("pue.csv:2, column `facility_kwh`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--readings", pue.to_str().unwrap()]);
    assert!(stderr(&o).contains("--facility"), "{}", stderr(&o));
    let o = run(&["--allocation", "racks"]);
    assert!(stderr(&o).contains("--allocation"), "{}", stderr(&o));
}

/// Without readings and facility the command runs the embedded example; a
/// tenants, instruments or equipment file or a time zone given with it
/// would be ignored, so core refuses it (it used to be dropped without a
/// word).
#[test]
fn the_example_refuses_files_and_a_time_zone_it_would_ignore() {
    let tenants = file("ignored-tenants.csv", "tenant,it_kwh\nA,1\n");
    for (flag, value) in [
        ("--tenants", tenants.to_str().unwrap()),
        ("--instruments", tenants.to_str().unwrap()),
        ("--equipment", tenants.to_str().unwrap()),
        ("--time-zone", "UTC"),
    ] {
        let o = run(&[flag, value]);
        assert_eq!(o.status.code(), Some(1), "{flag}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.contains("error[invalid_option]") && err.contains(flag),
            "{flag}: {err}"
        );
    }
    assert!(run(&["--format", "json"]).status.success());
}

/// Issue 17: the worked example's 2022 "scope 3" was the building amortised
/// from 2015 (16,000 kg) under a "scope 3 cat. 2" label. Amortised is the
/// default (as for `assess`) and is labelled the management view, with a
/// note; `--mode acquisition` books capital goods in their acquisition year
/// (0 kg for a building of 2015 in 2022), as the golden case computes.
#[test]
fn mode_acquisition_books_capital_goods_in_their_acquisition_year() {
    let case = golden_case("worked-example-acquisition");
    let case = &case;
    let i = &case["inputs"];
    let readings = file("acq-readings.csv", i["readings_csv"].as_str().unwrap());
    let facility = file("acq-facility.csv", i["facility_csv"].as_str().unwrap());
    let (r, f) = (readings.to_str().unwrap(), facility.to_str().unwrap());
    let building = |v: &Value| {
        section(v, "scopes")
            .iter()
            .find(|x| x["indicator"] == "building and M&E embodied")
            .map(|x| {
                (
                    x["value"].as_f64().unwrap(),
                    x["formula"].as_str().unwrap().to_owned(),
                )
            })
            .unwrap()
    };
    let notes = |v: &Value| -> Vec<String> {
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let base = ["--readings", r, "--facility", f, "--format", "json"];
    let o = run(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    let amortised: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (kg, formula) = building(&amortised);
    assert_eq!(kg, 16_000.0);
    assert!(
        formula.contains("management view, NOT GHG Protocol scope 3"),
        "{formula}"
    );
    assert!(notes(&amortised).contains(&"scope3_amortised".to_owned()));
    assert_eq!(amortised["mode"], "amortised");
    let mut args = base.to_vec();
    args.extend(["--mode", "acquisition"]);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let acquisition: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (kg, formula) = building(&acquisition);
    assert_eq!(
        kg,
        case["expected"]["scope3_building_kgco2e"].as_f64().unwrap()
    );
    assert_eq!(kg, 0.0);
    assert_eq!(formula, "scope 3 cat. 2, per kW IT, acquisition year");
    assert!(!notes(&acquisition).contains(&"scope3_amortised".to_owned()));
    assert_eq!(acquisition["mode"], "acquisition");
    let o = run(&[&base[..], &["--mode", "yearly"]].concat());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("mode"), "{}", stderr(&o));
}

/// The golden cases of periods that are not one calendar year, through the
/// command: each year's grid at its own factors, the yearly items booked
/// for the period (issue 17), with the notes that say so.
#[test]
fn periods_across_years_book_each_year_at_its_own_factors() {
    for (name, note) in [
        ("readings-july-2022-to-june-2023", "grid_by_year"),
        ("one-month-of-readings", "yearly_items_for_period"),
        (
            "three-years-of-readings-acquisition",
            "yearly_items_for_period",
        ),
    ] {
        let case = golden_case(name);
        let i = &case["inputs"];
        let mut paths = Vec::new();
        for (option, key) in [
            ("--readings", "readings_csv"),
            ("--facility", "facility_csv"),
            ("--instruments", "instruments_csv"),
            ("--tenants", "tenants_csv"),
        ] {
            if let Some(text) = i[key].as_str() {
                let p = file(&format!("{name}-{key}.csv"), text);
                paths.push((option, p.to_str().unwrap().to_owned()));
            }
        }
        let mut args: Vec<&str> = paths.iter().flat_map(|(o, p)| [*o, p.as_str()]).collect();
        args.extend(["--format", "json"]);
        if let Some(m) = i["mode"].as_str() {
            args.extend(["--mode", m]);
        }
        let o = run(&args);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let scopes = section(&v, "scopes");
        let got = |prefix: &str| {
            scopes
                .iter()
                .find(|x| x["indicator"].as_str().unwrap().starts_with(prefix))
                .and_then(|x| x["value"].as_f64())
                .unwrap()
        };
        let expected = &case["expected"];
        let want = |k: &str| expected[k].as_f64().unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0) + 1e-9;
        for (prefix, key) in [
            ("location-based, yearly", "scope2_location_annual_kgco2e"),
            ("scope 3 cat. 3", "scope3_cat3_kgco2e"),
            ("building and M&E embodied", "scope3_building_kgco2e"),
        ] {
            assert!(
                close(got(prefix), want(key)),
                "{name}: {key}: {}",
                got(prefix)
            );
        }
        let total = section(&v, "total");
        let s1 = total[0]["scope1_kgco2e"].as_f64().unwrap();
        assert!(close(s1, want("scope1_kgco2e")), "{name}: scope 1 {s1}");
        assert!(
            v["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["code"] == note),
            "{name}: {note}"
        );
    }
}

/// Issue 20: an instruments column `scope` (meant as `covers`) is not
/// dropped without a word: its note reaches the command's output.
#[test]
fn an_ignored_instruments_column_is_said() {
    let readings = file(
        "notes-readings.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000,1400\n",
    );
    let facility = file("notes-facility.csv", "field,value\nzone,BE\n");
    let instruments = file(
        "notes-instruments.csv",
        "instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,scope\ngo,100,0,2022-01-01,2022-12-31,true,cooling\nresidual_mix,,200,,,,\n",
    );
    let o = run(&[
        "--readings",
        readings.to_str().unwrap(),
        "--facility",
        facility.to_str().unwrap(),
        "--instruments",
        instruments.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("[ignored_column]") && out.contains("column `scope` is not used"),
        "{out}"
    );
}
