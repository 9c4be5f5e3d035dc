//! Fleet policies: golden cases from the independent calculator, the
//! methodology's worked example read from the document, conservation by
//! property, errors that name the file and the key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;

use empreinte::inventory::{read_csv, Inventory};
use empreinte::policy::{
    compare, extend_or_replace, parse_bids, score_bids, simulate, Policy, PolicyResult,
    TenderOptions, REFERENCE_SCENARIOS,
};
use empreinte::{Catalog, Report};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::Arc;

fn inventory(catalog: Arc<Catalog>, csv: &str) -> Inventory {
    let mut all = Inventory::new(catalog.clone(), Some("BE")).unwrap();
    let mut reader = Inventory::new(catalog, Some("BE")).unwrap();
    read_csv(
        "test.csv",
        csv.as_bytes(),
        &mut reader,
        usize::MAX,
        |b, _| {
            all = b.clone();
            Ok(())
        },
    )
    .unwrap();
    all
}

fn run(csv: &str, policy: &Value) -> PolicyResult {
    let catalog = catalog();
    let policy = Policy::from_json_value("case", policy.clone(), &catalog).unwrap();
    simulate(&inventory(catalog, csv), &policy).unwrap()
}

/// A value of a simulation by the golden files' keys.
fn value(r: &PolicyResult, key: &str, column: &str) -> Option<f64> {
    if key == "-" {
        return match column {
            "crossing_year" => r.crossing_year.map(f64::from),
            "cumulative_gwp_kgco2e" => Some(r.cumulative_kgco2e().central()),
            "cumulative_embodied_amortised_kgco2e" => Some(
                r.total
                    .iter()
                    .map(|y| y.embodied_amortised_kgco2e.central())
                    .sum(),
            ),
            _ => panic!("unknown column {column}"),
        };
    }
    let Ok(year) = key.parse::<i32>() else {
        // A kind: its extend-or-replace verdict (§13.5).
        let e = r.extend_or_replace.iter().find(|e| e.kind == key).unwrap();
        return match column {
            "saving_kwh_per_year" => Some(e.saving_kwh_per_year),
            "embodied_new_gwp_kgco2e" => Some(e.embodied_new_kgco2e),
            "saving_first_year_gwp_kgco2e" => Some(e.saving_first_year_kgco2e),
            "payback_years" => e.payback_years,
            _ => panic!("unknown column {column}"),
        };
    };
    let i = r.years.iter().position(|y| *y == year).unwrap();
    let y = &r.total[i];
    Some(match column {
        "stock_devices" => y.stock_devices,
        "purchases_devices" => y.purchases_devices,
        "disposals_devices" => y.disposals_devices,
        "donations_devices" => y.donations_devices,
        "devices_beyond_amortisation" => y.devices_beyond_amortisation,
        "gwp_embodied_amortised_kgco2e" => y.embodied_amortised_kgco2e.central(),
        "gwp_embodied_acquisition_kgco2e" => y.embodied_acquisition_kgco2e.central(),
        "gwp_use_kgco2e" => y.use_kgco2e.central(),
        "gwp_total_kgco2e" => y.total_kgco2e.central(),
        "trajectory_gwp_kgco2e" => r.trajectory_kgco2e[i].central(),
        "avoided_gwp_kgco2e" => r.second_life[i].avoided_kgco2e.central(),
        "devices_in_second_life" => r.second_life[i].devices_in_second_life,
        "recipient_gwp_use_kgco2e" => r.second_life[i].use_kgco2e.central(),
        "recipient_gwp_refurbishment_kgco2e" => r.second_life[i].refurbishment_kgco2e.central(),
        _ => panic!("unknown column {column}"),
    })
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0) + 1e-9
}

#[test]
fn golden_cases_match_the_reference_calculator() {
    let cases: Value = serde_json::from_str(&repo_file("golden/policy_cases.json")).unwrap();
    let mut checked = 0;
    for case in cases["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let tol = case["tolerance_rel"].as_f64().unwrap();
        if case["type"] == "tender" {
            let catalog = catalog();
            let bids = parse_bids(
                "bids.csv",
                case["bids_csv"].as_str().unwrap().as_bytes(),
                &catalog,
            )
            .unwrap();
            let o = &case["options"];
            let options = TenderOptions {
                weight_pct: o["weight_pct"].as_f64().unwrap(),
                country: o["country"].as_str().unwrap().into(),
                year: Some(o["year"].as_i64().unwrap() as i32),
            };
            let result = score_bids(&bids, &catalog, &options).unwrap();
            for e in case["expected"].as_array().unwrap() {
                let row = result
                    .rows
                    .iter()
                    .find(|r| r.bid.bidder == e["key"].as_str().unwrap())
                    .unwrap();
                let got = match e["column"].as_str().unwrap() {
                    "credited_years" => row.credited_years,
                    "gwp_kgco2e_per_service_year" => row.footprint_kgco2e_per_year,
                    "points" => row.points,
                    c => panic!("{c}"),
                };
                let want = e["value"].as_f64().unwrap();
                assert!(close(got, want, tol), "{name} {e}: engine {got}");
                checked += 1;
            }
            continue;
        }
        let r = run(case["inventory_csv"].as_str().unwrap(), &case["policy"]);
        for e in case["expected"].as_array().unwrap() {
            let got = value(
                &r,
                e["key"].as_str().unwrap(),
                e["column"].as_str().unwrap(),
            );
            match (got, e["value"].as_f64()) {
                (Some(g), Some(w)) => assert!(close(g, w, tol), "{name} {e}: engine {g}"),
                (g, w) => assert_eq!(g, w, "{name} {e}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked}");
}

#[test]
fn worked_example_matches_the_document() {
    let doc = repo_file("docs/methodology.md");
    let block = |marker: &str, fence: &str| -> String {
        let at = doc.find(marker).unwrap();
        doc[at..]
            .split(fence)
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap()
            .to_owned()
    };
    let csv = block("<!-- worked-example-policy:inventory -->", "```csv\n");
    let policy: Value =
        serde_json::from_str(&block("<!-- worked-example-policy:policy -->", "```json\n")).unwrap();
    let r = run(&csv, &policy);
    let start = doc.find("<!-- worked-example-policy:results -->").unwrap();
    let end = doc.find("<!-- worked-example-policy:end -->").unwrap();
    let mut n = 0;
    for line in doc[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| year"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let want: f64 = cells[2].parse().unwrap();
        let got = if cells[1] == "tender_footprint_kgco2e_per_year" {
            let catalog = catalog();
            let bids = parse_bids(
                "bids.csv",
                b"bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,250,20,4,3,5,no\n",
                &catalog,
            )
            .unwrap();
            let options = TenderOptions {
                year: Some(2024),
                ..TenderOptions::default()
            };
            score_bids(&bids, &catalog, &options).unwrap().rows[0].footprint_kgco2e_per_year
        } else {
            value(&r, cells[0], cells[1]).unwrap()
        };
        // The document prints 4 decimals.
        assert!((got - want).abs() <= 0.000_051, "{line}: engine {got}");
        n += 1;
    }
    assert!(n >= 10, "{n}");
}

#[test]
fn reference_scenarios_parse_and_run() {
    let catalog = catalog();
    for s in REFERENCE_SCENARIOS {
        let inv = s.inventory(catalog.clone()).unwrap();
        assert!(!inv.is_empty(), "{}", s.id);
        assert!(
            s.policy_toml.contains("ILLUSTRATIVE"),
            "{} is labelled",
            s.id
        );
    }
    let inv = REFERENCE_SCENARIOS[0].inventory(catalog).unwrap();
    assert_eq!(inv.entities().len(), 35);
    let four = Policy {
        name: "4".into(),
        lifespan_years: [("desktop".to_owned(), 4.0), ("laptop".to_owned(), 4.0)].into(),
        ..Policy::default()
    };
    let six = Policy {
        name: "6".into(),
        lifespan_years: [("desktop".to_owned(), 6.0), ("laptop".to_owned(), 6.0)].into(),
        ..Policy::default()
    };
    let c = compare(&inv, &[four, six]).unwrap();
    assert!(c.rows[1].cumulative_difference_kgco2e < 0.0, "{:?}", c.rows);
    assert!(c.rows[1].purchases_devices < c.rows[0].purchases_devices);
    let report = Report::from(&c);
    for name in [
        "inventory",
        "total",
        "trajectory",
        "second_life",
        "avoided_emissions",
    ] {
        assert!(report.section(name).is_some(), "{name}");
    }
    let json = report.to_json_sections();
    assert_eq!(json["sections"][0]["name"], "inventory");
}

#[test]
fn avoided_emissions_are_a_memo_never_subtracted() {
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,annual_energy_kwh,embodied_gwp_kgco2e\nA,laptop,10,2021,4,20,200\n";
    let with = run(
        csv,
        &serde_json::json!({"end_year": 2030, "donated_pct": 100, "growth_pct_per_year": -100}),
    );
    let without = run(
        csv,
        &serde_json::json!({"end_year": 2030, "growth_pct_per_year": -100}),
    );
    // Cut-off (issue 17): the donor books the donated devices' manufacture
    // and transport, never their end of life, which their recipients book
    // (second_life, a memo); nothing else changes in the donor's totals.
    let mut eol = 0.0;
    for (a, b) in with.total.iter().zip(&without.total) {
        assert_eq!(a.use_kgco2e, b.use_kgco2e);
        eol += b.embodied_acquisition_kgco2e.central() - a.embodied_acquisition_kgco2e.central();
        assert_eq!(
            a.donations_devices + a.disposals_devices,
            b.disposals_devices
        );
    }
    let recipients: f64 = with
        .second_life
        .iter()
        .map(|s| s.embodied_kgco2e.central())
        .sum();
    assert!(eol > 0.0);
    assert!(close(eol, recipients, 1e-12), "{eol} vs {recipients}");
    assert!(
        close(eol, 10.0 * 200.0 * 0.0045, 1e-12),
        "the laptops' end of life (share 0.0045): {eol}"
    );
    assert!(with
        .second_life
        .iter()
        .any(|s| s.avoided_kgco2e.central() > 0.0));
    let report = Report::from(&with);
    let memo = report.section("avoided_emissions").unwrap();
    assert_eq!(memo.kind, empreinte::report::SectionKind::Memo);
    let note = with
        .notes
        .iter()
        .find(|n| n.code == "avoided_emissions_memo")
        .unwrap();
    assert!(
        note.message.contains("GROSS, an upper bound"),
        "{}",
        note.message
    );
    assert!(memo
        .rows()
        .all(|r| r.attributes[0].starts_with("gross (upper bound")));
}

#[test]
fn compare_gives_each_policys_avoided_emissions_over_the_years() {
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,annual_energy_kwh,embodied_gwp_kgco2e\nA,laptop,10,2021,4,20,200\n";
    let catalog = catalog();
    let policy = |v: Value| Policy::from_json_value("case", v, &catalog).unwrap();
    let policies = [
        policy(serde_json::json!({"name": "keep", "end_year": 2030})),
        policy(serde_json::json!({"name": "donate", "end_year": 2030, "donated_pct": 100})),
    ];
    let c = compare(&inventory(catalog.clone(), csv), &policies).unwrap();
    // The sum of the yearly memo, and never in the cumulative total.
    let yearly: f64 = c.results[1]
        .second_life
        .iter()
        .map(|y| y.avoided_kgco2e.central())
        .sum();
    assert!(yearly > 0.0);
    assert!(close(
        c.rows[1].cumulative_avoided_kgco2e.central(),
        yearly,
        1e-12
    ));
    assert_eq!(c.rows[0].cumulative_avoided_kgco2e.central(), 0.0);
    // Donating lowers the donor's cumulative total by the donated devices'
    // end of life only (cut-off: the recipients dispose of them).
    assert!(c.rows[1].cumulative_kgco2e.central() < c.rows[0].cumulative_kgco2e.central());
    let table = Report::from(&c).section("total").unwrap().table();
    let column = |name: &str| match table.column(name) {
        Some(empreinte::report::ColumnValues::Number(v)) => v.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(
        column("cumulative_avoided_gwp_kgco2e"),
        vec![
            Some(0.0),
            Some(c.rows[1].cumulative_avoided_kgco2e.central())
        ]
    );
    assert!(column("cumulative_avoided_gwp_kgco2e_low")[1].unwrap() <= yearly);
}

#[test]
fn a_ten_percent_more_efficient_laptop_never_pays_back() {
    let v = extend_or_replace(&catalog(), "laptop", Some(20.0), "BE", &Policy::default()).unwrap();
    assert!(!v.pays_back_within_life, "{v:?}");
    assert!(v.saving_first_year_kgco2e < 0.5);
}

#[test]
fn policy_errors_name_the_file_and_the_key() {
    let c = catalog();
    let e = Policy::from_json("p.toml", r#"{"lifespan_year": 3}"#, &c).unwrap_err();
    assert_eq!(e.code(), "unknown_column");
    assert_eq!(e.location().column.as_deref(), Some("lifespan_year"));
    assert!(e.to_string().contains("lifespan_years"), "{e}");
    let e = Policy::from_json("p.toml", r#"{"lifespan_years": {"lapto": 3}}"#, &c).unwrap_err();
    assert_eq!(e.code(), "unknown_kind");
    assert_eq!(e.location().source, "p.toml");
    assert_eq!(e.location().column.as_deref(), Some("lifespan_years.lapto"));
    let e = Policy::from_json("p.toml", r#"{"donated_pct": 120}"#, &c).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    let e = Policy::from_json("p.toml", r#"{"donated_pct": "many"}"#, &c).unwrap_err();
    assert_eq!(e.code(), "invalid_option");
    let e = Policy::from_json(
        "p.toml",
        r#"{"replacement_mix": {"desktop": {"laptop": 60}}}"#,
        &c,
    )
    .unwrap_err();
    assert_eq!(
        e.location().column.as_deref(),
        Some("replacement_mix.desktop")
    );
    let e = parse_bids("bids.csv", b"bidder,kind\nA,laptop\n", &c).unwrap_err();
    assert_eq!(e.code(), "missing_column");
}

const KINDS: [&str; 4] = ["laptop", "desktop", "tablet", "chromebook"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every device bought is in stock, disposed of or donated, each year.
    #[test]
    fn devices_are_conserved(
        rows in proptest::collection::vec((0usize..3, 0usize..4, 1u32..50, 2015i32..2024, 1u32..9), 1..12),
        life in 1u32..9,
        // A shrinking fleet too (down to -100 %: nothing bought), where
        // purchases are floored at zero.
        growth in prop_oneof![Just(-100.0), Just(0.0), -100.0f64..20.0],
        refurbished in 0.0f64..100.0,
        donated in 0.0f64..100.0,
        mix in any::<bool>(),
    ) {
        let mut csv = String::from("entity,kind,quantity,purchase_year,lifespan_years\n");
        for (e, k, q, y, l) in &rows {
            csv.push_str(&format!("E{e},{},{q},{y},{l}\n", KINDS[*k]));
        }
        let mut policy = serde_json::json!({
            "start_year": 2020, "end_year": 2032,
            "lifespan_years": {"laptop": life},
            "growth_pct_per_year": growth, "refurbished_pct": refurbished, "donated_pct": donated,
        });
        if mix {
            policy["replacement_mix"] = serde_json::json!({"desktop": {"laptop": 50, "tablet": 50}});
        }
        let r = run(&csv, &policy);
        let initial: f64 = rows.iter().filter(|(_, _, _, y, l)| {
            // In service in the start year (the last year is at least the start year).
            *y < 2020 || { let _ = l; false }
        }).map(|(_, _, q, _, _)| f64::from(*q)).sum();
        let mut bought = initial;
        let mut left = 0.0;
        for y in &r.total {
            bought += y.purchases_devices;
            prop_assert!((bought - (y.stock_devices + left)).abs() <= 1e-6 * bought.max(1.0),
                "{}: bought {bought}, stock {} + left {left}", y.year, y.stock_devices);
            left += y.disposals_devices + y.donations_devices;
            // A shrinking fleet buys nothing: purchases are floored at zero.
            prop_assert!(y.purchases_devices >= 0.0, "{}: purchases {}", y.year, y.purchases_devices);
            prop_assert!(y.stock_devices >= 0.0 && y.devices_beyond_amortisation <= y.stock_devices + 1e-9);
        }
    }

    /// Embodied footprint booked over all years equals the acquisition
    /// total, in both modes and under both donation rules (donor plus
    /// recipients), once every device has left.
    #[test]
    fn embodied_over_all_years_is_the_acquisition_total(
        rows in proptest::collection::vec((0usize..4, 1u32..50, 2020i32..2025, 1u32..9, 10u32..500), 1..10),
        life in 1u32..9,
        donated in 0.0f64..100.0,
        split in any::<bool>(),
    ) {
        let mut csv = String::from("entity,kind,quantity,purchase_year,lifespan_years,embodied_gwp_kgco2e\n");
        let mut expected = 0.0;
        for (k, q, y, l, m) in &rows {
            csv.push_str(&format!("E,{},{q},{y},{l},{m}\n", KINDS[*k]));
            expected += f64::from(*q) * f64::from(*m);
        }
        // -100 % growth: nothing is bought, the fleet runs out by 2045.
        let policy = serde_json::json!({
            "start_year": 2020, "end_year": 2050, "growth_pct_per_year": -100,
            "lifespan_years": {"laptop": life}, "donated_pct": donated, "second_life_years": 3,
            "donation_rule": if split { "service_years" } else { "cut_off" },
        });
        let r = run(&csv, &policy);
        let recipients: f64 = r.second_life.iter().map(|s| s.embodied_kgco2e.central()).sum();
        let amortised: f64 = r.total.iter().map(|y| y.embodied_amortised_kgco2e.central()).sum();
        let acquisition: f64 = r.total.iter().map(|y| y.embodied_acquisition_kgco2e.central()).sum();
        let tol = 1e-9 * expected;
        prop_assert!((amortised - acquisition).abs() <= tol, "{amortised} vs {acquisition}");
        prop_assert!((amortised + recipients - expected).abs() <= tol, "{amortised} + {recipients} vs {expected}");
        if !split {
            // Cut-off: the recipients book only the donated devices' end of life.
            prop_assert!(amortised <= expected + tol);
        }
    }
}

#[test]
fn every_reference_scenario_reads_as_json_too() {
    // The browser and Python read the scenarios through core's JSON checks:
    // the JSON generated from each TOML file gives the same policy.
    let catalog = empreinte::Catalog::embedded().unwrap();
    for s in &empreinte::policy::REFERENCE_SCENARIOS {
        let json = empreinte::policy::Policy::from_json(s.id, s.policy_json(), &catalog)
            .unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert!(!json.name.is_empty(), "{}", s.id);
    }
}

#[test]
fn bid_files_follow_the_inventory_reading_rules() {
    // A French Excel export: `;`, decimal commas, CRLF, a blank line. The
    // same bids as a plain file, and errors on their physical line.
    let catalog = Catalog::embedded().unwrap();
    let plain = "bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,180.5,20.25,5,3,5,no\nB,laptop,60,22,4,2,4,yes\n";
    let excel = "\u{feff}bidder;kind;embodied_gwp_kgco2e;annual_energy_kwh;lifespan_years;warranty_years;spare_parts_years;refurbished\r\n\r\nA;laptop;180,5;20,25;5;3;5;no\r\nB;laptop;60;22;4;2;4;yes\r\n";
    let a = parse_bids("plain.csv", plain.as_bytes(), &catalog).unwrap();
    let b = parse_bids("excel.csv", excel.as_bytes(), &catalog).unwrap();
    assert_eq!(a, b);
    let bad = excel.replace("22;4;2", "x;4;2");
    let e = parse_bids("excel.csv", bad.as_bytes(), &catalog).unwrap_err();
    assert_eq!(e.code(), "invalid_number");
    assert_eq!(
        (e.location().line, e.location().column.as_deref()),
        (Some(4), Some("annual_energy_kwh"))
    );
}

#[test]
fn tender_without_a_year_uses_the_zones_last_published_year_and_names_weight_pct() {
    let catalog = Catalog::embedded().unwrap();
    let bids = parse_bids(
        "bids.csv",
        b"bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,250,20,4,3,5,no\n",
        &catalog,
    )
    .unwrap();
    let grid = catalog.grid();
    // AE's data stops a year before BE's: no literal default year fits both.
    for country in ["AE", "BE"] {
        let zone = grid
            .zone_id(country, &empreinte::Location::default())
            .unwrap();
        let last = grid.zone(zone).unwrap().years().1;
        let options = TenderOptions {
            country: country.into(),
            ..TenderOptions::default()
        };
        let r = score_bids(&bids, &catalog, &options).unwrap();
        assert_eq!(r.year, last, "{country}");
        assert!(
            r.formula.contains(&format!("({country} {last})")),
            "{}",
            r.formula
        );
        let asked = grid.intensity(zone, last).unwrap();
        assert_eq!(r.intensity_kg_per_kwh, asked.factor.kg_per_kwh());
    }
    let e = score_bids(
        &bids,
        &catalog,
        &TenderOptions {
            weight_pct: 120.0,
            ..TenderOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.location().column.as_deref(), Some("weight_pct"), "{e}");
}

/// Issue 19: a horizon that starts before some of the inventory's purchases
/// says how many devices are not in the starting fleet, and how to start
/// from the whole inventory; an inventory bought by the start year says
/// nothing.
#[test]
fn purchases_after_the_start_year_are_said() {
    let csv = "entity,kind,quantity,purchase_year,country\nA,laptop,10,2020,BE\nA,laptop,5,2023,BE\nA,desktop,2.5,2024,BE\n";
    let policy = serde_json::json!({"start_year": 2021, "end_year": 2026});
    let r = run(csv, &policy);
    let note = r
        .notes
        .iter()
        .find(|n| n.code == "later_purchases")
        .expect("the note");
    assert!(
        note.message.starts_with(
            "7.5 of the inventory's 17.5 devices were bought after the start year 2021"
        ) && note.message.contains("the starting fleet is the other 10")
            && note.message.contains("set start_year = 2024"),
        "{}",
        note.message
    );
    let from_2024 = run(
        csv,
        &serde_json::json!({"start_year": 2024, "end_year": 2026}),
    );
    assert!(!from_2024.notes.iter().any(|n| n.code == "later_purchases"));
}

/// Issue 19: a policy that names no start year takes its horizon from the
/// inventory (its last purchase year, every listed device in the starting
/// fleet, the default horizon's ten years unless end_year is named), and
/// says so; a named start year is kept.
#[test]
fn a_horizon_not_named_is_the_inventorys() {
    let csv = "entity,kind,quantity,purchase_year,country\nA,laptop,10,2020,BE\nA,laptop,5,2023,BE\nA,desktop,2.5,2024,BE\n";
    let r = run(csv, &serde_json::json!({"lifespan_years": {"laptop": 6}}));
    let years = r.years.clone();
    assert_eq!(years.first(), Some(&2024));
    assert_eq!(years.last(), Some(&2033));
    let note = r
        .notes
        .iter()
        .find(|n| n.code == "horizon_from_inventory")
        .expect("noted");
    assert!(
        note.message.contains("the horizon is 2024-2033"),
        "{}",
        note.message
    );
    assert!(!r.notes.iter().any(|n| n.code == "later_purchases"));
    // Every listed device is in the 2024 fleet.
    let first = r.total.first().expect("a year");
    assert!(
        (first.stock_devices - 17.5).abs() < 1e-9,
        "{}",
        first.stock_devices
    );
    // end_year named alone is kept.
    let r = run(csv, &serde_json::json!({"end_year": 2028}));
    assert_eq!(
        (r.years.first().copied(), r.years.last().copied()),
        (Some(2024), Some(2028))
    );
    // A named start year is the user's: no horizon note.
    let r = run(
        csv,
        &serde_json::json!({"start_year": 2021, "end_year": 2025}),
    );
    assert_eq!(r.years.first().copied(), Some(2021));
    assert!(!r.notes.iter().any(|n| n.code == "horizon_from_inventory"));
}

/// Issue 20: one rule for on_track and the crossing year, computed once in
/// the engine; the report's trajectory section shows the engine's flags.
#[test]
fn on_track_and_the_crossing_year_are_one_rule() {
    let catalog = catalog();
    for s in REFERENCE_SCENARIOS {
        let policy = Policy::from_toml(s.id, s.policy_toml, &catalog).unwrap();
        let inventory = inventory(catalog.clone(), s.inventory_csv);
        let r = simulate(&inventory, &policy).unwrap();
        let base = r.policy.base_year();
        let first_later = r
            .years
            .iter()
            .zip(&r.on_track)
            .find(|(y, on)| **on && **y > base)
            .map(|(y, _)| *y);
        assert_eq!(r.crossing_year, first_later, "{}", s.id);
        let report = Report::from(&r);
        let table = report.section("trajectory").unwrap().table();
        let Some(empreinte::report::ColumnValues::Boolean(flags)) = table.column("on_track") else {
            panic!("on_track is a boolean column");
        };
        let flags: Vec<bool> = flags.iter().map(|f| f.unwrap()).collect();
        assert_eq!(flags, r.on_track, "{}", s.id);
    }
}

/// Issue 20: the simulation reads a zone's grid by the one series
/// `extend_or_replace` reads, so a user's grid factor counts in both (it was
/// ignored by the simulation, which read the table directly).
#[test]
fn a_users_grid_factor_counts_in_the_simulation() {
    let csv = "entity,kind,quantity,purchase_year,country\nA,laptop,10,2021,BE\n";
    let policy = serde_json::json!({"start_year": 2022, "end_year": 2022});
    let base = catalog();
    let user = base
        .with_grid_factors_csv(
            "grid.csv",
            b"zone,year,intensity_gco2e_per_kwh,basis,source\nBE,2022,1000,life_cycle,test\n",
        )
        .unwrap();
    let simulate_with = |c: Arc<Catalog>| {
        let p = Policy::from_json_value("case", policy.clone(), &c).unwrap();
        simulate(&inventory(c, csv), &p).unwrap()
    };
    let (a, b) = (simulate_with(base.clone()), simulate_with(user));
    let embedded = base
        .grid()
        .intensity_of("BE", 2022)
        .unwrap()
        .factor
        .g_per_kwh();
    let (ua, ub) = (
        a.total[0].use_kgco2e.central(),
        b.total[0].use_kgco2e.central(),
    );
    assert!(ua > 0.0);
    assert!(
        (ub / ua - 1000.0 / embedded).abs() < 1e-9,
        "{ua} {ub} {embedded}"
    );
}

/// Issue 17: acquisition mode books end of life in the disposal year,
/// which in a simulation is a forecast year: said in a note.
#[test]
fn acquisition_mode_notes_end_of_life_in_forecast_years() {
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,annual_energy_kwh,embodied_gwp_kgco2e\nA,laptop,10,2021,4,20,200\n";
    let acquisition = run(
        csv,
        &serde_json::json!({"end_year": 2026, "mode": "acquisition"}),
    );
    let note = acquisition
        .notes
        .iter()
        .find(|n| n.code == "acquisition_end_of_life_forecast")
        .unwrap();
    assert!(note.message.contains("after 2021"), "{}", note.message);
    let amortised = run(csv, &serde_json::json!({"end_year": 2026}));
    assert!(!amortised
        .notes
        .iter()
        .any(|n| n.code == "acquisition_end_of_life_forecast"));
}
