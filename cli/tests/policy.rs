//! `empreinte simulate`, `compare` and `tender` as a user runs them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use std::path::PathBuf;

use common::run;

fn file(name: &str, text: &str) -> PathBuf {
    common::file("policy", name, text)
}

use common::{stderr, stdout};

#[test]
fn simulate_without_files_runs_the_labelled_illustrative_scenario() {
    let o = run(&["simulate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("ILLUSTRATIVE"), "{text}");
    assert!(text.contains("note[illustrative_scenario]"), "{text}");
    assert!(text.contains("2030"), "{text}");
    assert!(text.contains("extend_or_replace"), "{text}");
}

#[test]
fn compare_without_files_is_4_vs_6_years_with_the_difference() {
    let o = run(&["compare", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "total")
        .unwrap();
    let rows = total["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["scenario"], "workstations 4 years");
    assert!(
        rows[1]["cumulative_saving_vs_first_gwp_kgco2e"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    assert!(json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "illustrative_scenario"));
}

/// The command's simulate JSON carries the crossing year, as Python's and
/// JavaScript's do (issue 20): the same year the comparison gives the same
/// policy on the same inventory (`null`: never crosses).
#[test]
fn simulate_json_has_the_crossing_year_of_the_comparison() {
    let o = run(&["simulate", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let crossing = json
        .get("crossing_year")
        .expect("simulate JSON names crossing_year");
    let o = run(&["compare", "--format", "json"]);
    let compared: Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = compared["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "total")
        .unwrap();
    assert_eq!(total["rows"][0]["scenario"], "workstations 4 years");
    assert_eq!(&total["rows"][0]["crossing_year"], crossing);
    assert!(compared.get("crossing_year").is_none());
}

#[test]
fn simulate_reads_an_inventory_and_a_toml_policy_as_csv() {
    let inv = file(
        "inv.csv",
        "entity,kind,quantity,purchase_year,lifespan_years,country,annual_energy_kwh,embodied_gwp_kgco2e\nTown hall,laptop,10,2021,4,BE,20,200\n",
    );
    let policy = file(
        "keep.toml",
        "name = \"keep 6 years\"\nstart_year = 2021\nend_year = 2026\ndonated_pct = 50\nsecond_life_years = 2\n\n[lifespan_years]\nlaptop = 6\n",
    );
    let o = run(&[
        "simulate",
        inv.to_str().unwrap(),
        "--policy",
        policy.to_str().unwrap(),
        "--format",
        "csv",
        "--section",
        "total",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("scenario,year,stock_devices"),
        "{header}"
    );
    let y2021 = text.lines().find(|l| l.contains(",2021,")).unwrap();
    // 10 × 200 × (1 − 0.5 × 0.0045) / 4: the donated half's end of life is
    // their recipients' under the cut-off (golden worked-example-policy).
    assert!(y2021.contains(",498.875,"), "{y2021}");
    assert!(stderr(&o).contains("note[avoided_emissions_memo]"));
    assert!(
        stderr(&o).contains("GROSS, an upper bound"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_policy_key_names_the_file_and_the_key() {
    let policy = file("bad.toml", "[lifespan_years]\nlapto = 3\n");
    let o = run(&[
        "simulate",
        "--policy",
        policy.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err: Value = serde_json::from_str(stderr(&o).trim()).unwrap();
    assert_eq!(err["error"]["code"], "unknown_kind");
    assert_eq!(err["error"]["column"], "lifespan_years.lapto");
    assert!(err["error"]["source"]
        .as_str()
        .unwrap()
        .ends_with("bad.toml"));
    let broken = file("broken.toml", "name = \n");
    let o = run(&["simulate", "--policy", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("broken.toml:1"), "{}", stderr(&o));
}

#[test]
fn tender_ranks_bids_and_prints_the_formula() {
    let bids = file(
        "bids.csv",
        "bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,250,20,4,3,5,no\nB,laptop,280,15,6,5,7,no\n",
    );
    let o = run(&[
        "tender",
        bids.to_str().unwrap(),
        "--year",
        "2024",
        "--weight",
        "20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Formula: points = 20 × F_min / F"), "{text}");
    let first = text.lines().find(|l| l.starts_with("B ")).unwrap();
    assert!(first.contains(" 20"), "{first}");
    let o = run(&[
        "tender",
        bids.to_str().unwrap(),
        "--year",
        "2024",
        "--format",
        "csv",
    ]);
    assert!(
        stdout(&o).starts_with("bidder,kind,refurbished,rank"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn tender_defaults_are_cores_and_errors_name_weight_pct() {
    let bids = file(
        "bids-defaults.csv",
        "bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,250,20,4,3,5,no\n",
    );
    let bids = bids.to_str().unwrap();
    // AE's grid data stops in 2023: without --year, core's default is the
    // zone's last published year (as in Python and JavaScript), not a
    // literal year that AE does not have.
    let o = run(&["tender", bids, "--country", "AE", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = common::json(&o);
    assert_eq!(v["year"], 2023, "{v}");
    let help = stdout(&run(&["tender", "--help"]));
    assert!(
        help.contains("[default: 10]") && help.contains("[default: BE]"),
        "{help}"
    );
    let o = run(&["tender", bids, "--weight-pct", "150"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--weight-pct:"), "{}", stderr(&o));
}

/// Issue 20: the tender's JSON is core's, as in Python and JavaScript: the
/// bidder in a `bidder` column, an integer rank, the formula, the notes and
/// the grid's source; no accounting mode a tender does not have.
#[test]
fn tender_json_has_the_formula_notes_and_sources() {
    let bids = file(
        "bids-json.csv",
        "bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,250,20,6,3,5,no\nB,laptop,280,15,6,5,7,yes\n",
    );
    let o = run(&[
        "tender",
        bids.to_str().unwrap(),
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = common::json(&o);
    assert!(v.get("mode").is_none(), "{v}");
    assert!(
        v["formula"]
            .as_str()
            .unwrap()
            .starts_with("points = 10 × F_min / F"),
        "{v}"
    );
    let codes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"tender_formula")
            && codes.contains(&"refurbished_bid")
            && codes.contains(&"lifespan_not_backed"),
        "{codes:?}"
    );
    let sources = v["sources"].as_array().unwrap();
    assert!(
        sources.iter().any(|s| s["item"]
            .as_str()
            .unwrap()
            .starts_with("grid intensity BE 2024")),
        "{sources:?}"
    );
    assert_eq!(v["datasets"][0]["id"], "ember-owid");
    let first = &v["sections"][0]["rows"][0];
    assert_eq!(first["bidder"], "B");
    assert!(first["rank"].is_u64(), "{first}");
}
