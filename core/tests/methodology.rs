//! `docs/methodology.md`'s worked examples, read from the document itself
//! and checked number by number against the engine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;

/// The `| entity | column | value |` rows between two markers.
fn results(doc: &str, example: &str) -> Vec<(String, String, f64)> {
    let start = doc
        .find(&format!("<!-- worked-example-{example}:results -->"))
        .unwrap();
    let end = doc
        .find(&format!("<!-- worked-example-{example}:end -->"))
        .unwrap();
    doc[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| entity"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (
                cells[0].to_owned(),
                cells[1].to_owned(),
                cells[2].parse().unwrap(),
            )
        })
        .collect()
}

fn check(doc: &str, example: &str, report: &empreinte::Report) {
    let table = report.table();
    let rows = results(doc, example);
    assert!(rows.len() >= 5, "example {example} has its numbers");
    for (entity, column, value) in rows {
        let row = if entity == "-" {
            0
        } else {
            (0..table.rows())
                .find(|&r| text(&table, "entity", r) == entity)
                .unwrap_or_else(|| panic!("no row {entity}"))
        };
        let got = number(&table, &column, row).unwrap();
        // The document prints 4 decimals.
        assert!(
            (got - value).abs() <= 0.000_051,
            "{example}: {entity} {column}: engine {got}, document {value}"
        );
    }
}

#[test]
fn worked_example_a_matches_the_document() {
    let doc = repo_file("docs/methodology.md");
    let at = doc.find("<!-- worked-example-a:inventory -->").unwrap();
    let csv = doc[at..]
        .split("```csv\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let report = assess_text(csv, None, options(2023, "amortised", "entity")).unwrap();
    check(&doc, "a", &report);
}

#[test]
fn worked_example_b_matches_the_document() {
    let doc = repo_file("docs/methodology.md");
    let csv = "entity,kind,quantity,purchase_year\nTown hall,laptop,10,2022\n";
    let report = assess_text(csv, Some("BE"), options(2023, "amortised", "none")).unwrap();
    check(&doc, "b", &report);
}
