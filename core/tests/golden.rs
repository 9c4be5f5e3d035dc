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
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let o = &case["options"];
        let options = options(
            o["year"].as_i64().unwrap() as i32,
            o["mode"].as_str().unwrap(),
            o["by"].as_str().unwrap(),
        );
        let report = assess_text(
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
    use empreinte::datasets::EXAMPLE_FLEET_CSV;
    use empreinte::inventory::{read_all, read_csv};
    let c = catalog();
    let (inventory, summary) = read_all("example", EXAMPLE_FLEET_CSV.as_bytes(), c, None).unwrap();
    assert_eq!(summary.rows as usize, inventory.len());
    assert!(inventory.len() >= 300 && inventory.entities().len() >= 6);
    let o = options(2024, "amortised", "entity,kind");
    let whole = empreinte::assess(c, &inventory, o).unwrap();
    let mut batch = empreinte::Inventory::new(c, None).unwrap();
    let mut assessor = empreinte::Assessor::new(c, o);
    read_csv(
        "example",
        EXAMPLE_FLEET_CSV.as_bytes(),
        c,
        &mut batch,
        7,
        |b, _| {
            assessor.add(b);
            Ok(())
        },
    )
    .unwrap();
    let streamed = assessor.finish(&batch);
    assert_eq!(whole.table(), streamed.table());
    assert!(whole.total.devices_beyond_amortisation > 0.0);
}
