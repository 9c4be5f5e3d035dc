//! The golden cases of `golden/cases.json`, shared with the Python and
//! JavaScript suites: hand computations from `docs/methodology.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use serde_json::Value;

#[test]
fn golden_cases_match() {
    let cases: Value = serde_json::from_str(&repo_file("golden/cases.json")).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 11);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let o = &case["options"];
        let options = options(
            o["year"].as_i64().unwrap() as i32,
            o["mode"].as_str().unwrap(),
            o["by"].as_str().unwrap(),
        );
        let tables: Vec<(&str, &str)> = case["factors_csv"]
            .as_array()
            .map(|t| {
                t.iter()
                    .map(|f| (f["name"].as_str().unwrap(), f["csv"].as_str().unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        let report = assess_with(
            catalog_with(&tables),
            case["inventory_csv"].as_str().unwrap(),
            o["country"].as_str(),
            options,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let table = report.table();
        let expected = case["expected"].as_array().unwrap();
        assert_eq!(table.rows(), expected.len(), "{name}: row count");
        let tol = case["tolerance_rel"].as_f64().unwrap();
        for (row, exp) in expected.iter().enumerate() {
            for (column, want) in exp.as_object().unwrap() {
                match want {
                    Value::String(s) => {
                        assert_eq!(&text(&table, column, row), s, "{name} row {row} {column}")
                    }
                    Value::Null => assert_eq!(
                        number(&table, column, row),
                        None,
                        "{name} row {row} {column}"
                    ),
                    Value::Number(n) => {
                        let got = number(&table, column, row)
                            .unwrap_or_else(|| panic!("{name}: {column} missing"));
                        let want = n.as_f64().unwrap();
                        assert!(
                            close(got, want, tol),
                            "{name} row {row} {column}: got {got}, want {want}"
                        );
                    }
                    other => panic!("{name}: unexpected {other}"),
                }
            }
        }
    }
}

#[test]
fn example_fleet_whole_or_streamed_in_small_batches_gives_the_same_report() {
    use empreinte::catalog::EXAMPLE_FLEET_CSV;
    use empreinte::inventory::{read_all, read_csv};
    let c = catalog();
    let (inventory, summary) = read_all(
        "example",
        EXAMPLE_FLEET_CSV.as_bytes(),
        empreinte::Inventory::new(c.clone(), None).unwrap(),
    )
    .unwrap();
    assert_eq!(summary.rows as usize, inventory.len());
    assert!(inventory.len() >= 300 && inventory.entities().len() >= 6);
    let o = options(2024, "amortised", "entity,kind");
    let whole = empreinte::assess(&inventory, o).unwrap();
    let mut batch = empreinte::Inventory::new(c.clone(), None).unwrap();
    let mut assessor = empreinte::Assessor::new(c, o);
    read_csv(
        "example",
        EXAMPLE_FLEET_CSV.as_bytes(),
        &mut batch,
        7,
        |b, _| assessor.add(b),
    )
    .unwrap();
    let streamed = assessor.finish();
    assert_eq!(
        empreinte::Report::from(&whole).table(),
        empreinte::Report::from(&streamed).table()
    );
    assert!(whole.total.devices_beyond_amortisation > 0.0);
}

/// Two inventories read apart number their entities each in its own order:
/// one assessor merges their rows by entity name, not by local id.
#[test]
fn an_assessor_merges_two_inventories_by_entity_name() {
    use empreinte::inventory::{Record, RowRef};
    let c = catalog();
    let row = |entity: &'static str, kind: &'static str, quantity: f64| Record {
        entity,
        kind,
        quantity: Some(quantity),
        purchase_year: Some(2022.0),
        ..Default::default()
    };
    let fill = |rows: &[Record]| {
        let mut inventory = empreinte::Inventory::new(c.clone(), Some("BE")).unwrap();
        for (i, r) in rows.iter().enumerate() {
            inventory.push(r, RowRef::Row("merge", i as u64)).unwrap();
        }
        inventory
    };
    let first = fill(&[
        row("Town hall", "laptop", 10.0),
        row("School", "desktop", 2.0),
    ]);
    let second = fill(&[row("School", "desktop", 3.0), row("Library", "laptop", 1.0)]);
    let all = fill(&[
        row("Town hall", "laptop", 10.0),
        row("School", "desktop", 2.0),
        row("School", "desktop", 3.0),
        row("Library", "laptop", 1.0),
    ]);
    let o = options(2024, "amortised", "entity,kind");
    let mut assessor = empreinte::Assessor::new(c.clone(), o);
    assessor.add(&first).unwrap();
    assessor.add(&second).unwrap();
    let merged = assessor.finish();
    let whole = empreinte::assess(&all, o).unwrap();
    let table = empreinte::Report::from(&merged).table();
    assert_eq!(table, empreinte::Report::from(&whole).table());
    assert_eq!(text(&table, "entity", 0), "Library");
    assert_eq!(number(&table, "devices", 1), Some(5.0));
}

#[test]
fn a_gwp_factor_override_is_booked_and_its_source_listed_only_when_used() {
    // The defect that must never come back: a factor table's gwp row is
    // accepted, named in the sources, and then ignored by the engine.
    let table = "criterion,unit,kind,phase,value,low,high,source\ngwp,kgco2e,laptop,manufacture,1000,900,1100,study X\n";
    let c = catalog_with(&[("f.csv", table)]);
    let o = options(2024, "amortised", "none");
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,country\nA,laptop,1,2024,4,BE\n";
    let r = assess_with(c.clone(), csv, None, o).unwrap();
    let t = r.total_table();
    // 1000 kg / 4 years = 250 (900/4 = 225, 1100/4 = 275).
    assert_eq!(number(&t, "gwp_manufacture_kgco2e", 0), Some(250.0));
    assert_eq!(number(&t, "gwp_manufacture_kgco2e_low", 0), Some(225.0));
    assert_eq!(number(&t, "gwp_manufacture_kgco2e_high", 0), Some(275.0));
    assert!(r
        .sources
        .iter()
        .any(|s| s.item == "laptop: gwp manufacture" && s.reference == "study X"));
    // The archetype still gives transport and end of life, lifespan is the row's.
    assert!(
        r.sources
            .iter()
            .any(|s| s.item
                == "laptop: embodied gwp transport, embodied gwp end_of_life, annual energy"),
        "{:?}",
        r.sources
    );
    // A row with its own embodied footprint uses neither the table nor the
    // archetype's embodied values: only the phase shares.
    let own = "entity,kind,quantity,purchase_year,lifespan_years,country,embodied_gwp_kgco2e\nA,laptop,1,2024,4,BE,200\n";
    let r = assess_with(c.clone(), own, None, o).unwrap();
    assert!(
        !r.sources.iter().any(|s| s.reference == "study X"),
        "{:?}",
        r.sources
    );
    assert!(
        r.sources
            .iter()
            .any(|s| s.item == "laptop: phase shares, annual energy"),
        "{:?}",
        r.sources
    );
    // A kind the inventory does not have: its override is not a source either.
    let desktop = "entity,kind,quantity,purchase_year,country\nA,desktop,1,2024,BE\n";
    let r = assess_with(c, desktop, None, o).unwrap();
    assert!(
        !r.sources.iter().any(|s| s.item.starts_with("laptop")),
        "{:?}",
        r.sources
    );
}
