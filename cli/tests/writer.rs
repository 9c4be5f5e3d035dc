//! The command writes CSV and JSON with core's one writer: its output for
//! an inventory equals what core writes for the same report, with the
//! default options (10 significant digits), not only at full precision.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::catalog::{Catalog, EXAMPLE_FLEET_CSV};
use empreinte::report::WriteOptions;
use empreinte::{GroupBy, Mode, Options, Report};

fn core_report(path: &str) -> Report {
    let options = Options::new(
        2024,
        Mode::Amortised,
        GroupBy::parse("entity,kind").unwrap(),
    )
    .unwrap();
    let assessment = empreinte::assess_csv(
        Catalog::embedded().unwrap(),
        path,
        EXAMPLE_FLEET_CSV.as_bytes(),
        None,
        options,
        |_| {},
    )
    .unwrap()
    .without_empty_criteria();
    Report::from(assessment)
}

#[test]
fn the_commands_csv_and_json_are_cores_writer_output() {
    let path = file("writer", "fleet.csv", EXAMPLE_FLEET_CSV);
    let name = path.display().to_string();
    let args = |format: &'static str| {
        vec![
            "assess",
            name.as_str(),
            "--year",
            "2024",
            "--by",
            "entity,kind",
            "--format",
            format,
        ]
    };
    let report = core_report(&name);
    let options = WriteOptions::default();

    let csv = stdout(&run(&args("csv")));
    let expected = report.csv("inventory", &options).unwrap();
    assert!(expected.lines().count() > 10, "{expected}");
    assert_eq!(csv, expected);
    // The default rounds: a full-precision writer would differ somewhere.
    assert_ne!(
        csv,
        report
            .csv("inventory", &WriteOptions::FULL_PRECISION)
            .unwrap()
    );

    let out = json(&run(&args("json")));
    let mut written = Vec::new();
    report.write_json(&mut written, &options).unwrap();
    let expected: serde_json::Value = serde_json::from_slice(&written).unwrap();
    assert_eq!(out, expected);
    // JavaScript's report object is `Report::to_json` with the same options.
    assert_eq!(out, report.to_json(&options));
}
