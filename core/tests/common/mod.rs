//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use empreinte::report::{ColumnValues, Table};
use empreinte::{Catalog, GroupBy, Mode, Options, Report};
use std::sync::Arc;

/// Asserts that `e` is an input error of `kind`, with its stable `code`, at
/// `(source, line, column)`, and with exactly `message`.
pub fn assert_input_error(
    e: &empreinte::Error,
    kind: empreinte::ErrorKind,
    code: &str,
    at: (&str, Option<u64>, Option<&str>),
    message: &str,
) {
    assert_eq!(e.kind(), kind, "{e}");
    assert_eq!(e.code(), code);
    assert!(e.is_input_error(), "{e}");
    let l = e.location();
    assert_eq!((l.source.as_str(), l.line, l.column.as_deref()), at);
    assert_eq!(e.to_string(), message);
}

/// The archetype listing of `c` (what `empreinte factors` prints) and the
/// row of `kind` in it.
pub fn listing(c: &Catalog, kind: &str) -> (Table, usize) {
    let table = empreinte::report::archetypes_table(c.archetypes());
    let row = c.archetypes().iter().position(|a| a.kind == kind).unwrap();
    (table, row)
}

pub fn catalog() -> Arc<Catalog> {
    Catalog::embedded().expect("embedded catalog")
}

/// The embedded catalog with factor tables `(name, csv)` added, in order.
pub fn catalog_with(tables: &[(&str, &str)]) -> Arc<Catalog> {
    catalog()
        .with_factor_tables(tables.iter().map(|(n, t)| (*n, t.as_bytes())))
        .unwrap()
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
    assess_with(catalog(), csv, country, options)
}

pub fn assess_with(
    catalog: Arc<Catalog>,
    csv: &str,
    country: Option<&str>,
    options: Options,
) -> empreinte::Result<Report> {
    empreinte::assess_csv(
        catalog,
        "test.csv",
        csv.as_bytes(),
        country,
        options,
        |_| {},
    )
    .map(|a| Report::from(&a))
}

/// The number in column `name` at `row` (None = missing).
pub fn number(table: &Table, name: &str, row: usize) -> Option<f64> {
    match table.column(name) {
        Some(ColumnValues::Number(v)) => v[row],
        None => panic!("no column {name}"),
        other => panic!("column {name} is not numeric: {other:?}"),
    }
}

pub fn text(table: &Table, name: &str, row: usize) -> String {
    match table.column(name) {
        Some(ColumnValues::Text(v)) => v[row].clone(),
        other => panic!("column {name} is not text: {other:?}"),
    }
}

/// The one tolerance rule of every golden runner (Rust, Python, JS):
/// `|got - want| <= rel * max(|want|, 1) + 1e-9`.
pub fn close(actual: f64, expected: f64, rel: f64) -> bool {
    (actual - expected).abs() <= rel * expected.abs().max(1.0) + 1e-9
}

pub fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}
