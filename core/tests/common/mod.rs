//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use empreinte::report::{ColumnValues, Table};
use empreinte::{Catalog, GroupBy, Mode, Options, Report};

pub fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("embedded catalog")
}

pub fn options(year: i32, mode: &str, by: &str) -> Options {
    Options::new(
        year,
        Mode::parse(mode).unwrap(),
        GroupBy::parse(by).unwrap(),
    )
    .unwrap()
}

pub fn assess_text(
    csv: &str,
    country: Option<&str>,
    options: Options,
) -> empreinte::Result<Report> {
    empreinte::assess_csv(
        catalog(),
        "test.csv",
        csv.as_bytes(),
        country,
        options,
        |_| {},
    )
}

/// The number in column `name` at `row` (None = missing).
pub fn number(table: &Table, name: &str, row: usize) -> Option<f64> {
    match table.column(name) {
        Some(ColumnValues::Number(v)) => v[row],
        other => panic!("column {name} is not numeric: {other:?}"),
    }
}

pub fn text(table: &Table, name: &str, row: usize) -> String {
    match table.column(name) {
        Some(ColumnValues::Text(v)) => v[row].clone(),
        other => panic!("column {name} is not text: {other:?}"),
    }
}

pub fn close(actual: f64, expected: f64, rel: f64) -> bool {
    (actual - expected).abs() <= rel * expected.abs().max(1.0) + 1e-9
}

pub fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}
