//! The command, run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_empreinte"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("empreinte-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn assesses_the_embedded_example_and_says_it_is_one() {
    let out = stdout(&run(&["assess", "--year", "2024"], None));
    assert!(out.contains("ILLUSTRATIVE"), "{out}");
    assert!(out.contains("Town hall") && out.contains("TOTAL"));
    assert!(out.contains("Sources:") && out.contains("CC BY 4.0"));
}

#[test]
fn csv_output_has_unit_suffixed_columns_and_missing_is_empty() {
    let out = stdout(&run(
        &[
            "assess",
            "--year",
            "2024",
            "--format",
            "csv",
            "--by",
            "entity,kind",
        ],
        None,
    ));
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "entity",
        "kind",
        "gwp_use_kgco2e",
        "gwp_total_kgco2e_low",
        "gwp_total_kgco2e_high",
        "adpe_total_kgsbeq",
        "pe_total_mj",
    ] {
        assert!(header.contains(&col), "{col} missing from {header:?}");
    }
    let adpe = header
        .iter()
        .position(|c| *c == "adpe_total_kgsbeq")
        .unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 20);
    assert!(rows
        .iter()
        .all(|r| r.len() == header.len() && r[adpe].is_empty()));
}

#[test]
fn json_output_and_phase_rows() {
    let out = stdout(&run(
        &[
            "assess",
            "--year",
            "2023",
            "--format",
            "json",
            "--by",
            "kind,phase",
        ],
        None,
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["year"], 2023);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len() % 4, 0);
    assert!(rows[0]["ghg_scope"].as_str().unwrap().starts_with("scope"));
    assert!(v["total"][0]["gwp_kgco2e"].as_f64().unwrap() > 0.0);
    assert!(v["datasets"].as_array().unwrap().len() >= 2);
    assert_eq!(v["phases"][2]["ghg_scope"], "scope 2 (location-based)");
    assert!(!v["sources"].as_array().unwrap().is_empty());
}

#[test]
fn excel_french_export_gives_the_same_numbers() {
    let plain = "entity,kind,quantity,purchase_year,lifespan_years,country,annual_energy_kwh\nCPAS,laptop,12,2021,5.5,BE,21.5\nCPAS,monitor_22_24,12,2020,,BE,\n";
    let excel = "\u{feff}entity;kind;quantity;purchase_year;lifespan_years;country;annual_energy_kwh\r\nCPAS;laptop;12;2021;5,5;BE;21,5\r\nCPAS;monitor_22_24;12;2020;;BE;\r\n";
    let a = temp("plain.csv", plain.as_bytes());
    let b = temp("excel.csv", excel.as_bytes());
    let out_a = stdout(&run(
        &["assess", &a, "--year", "2023", "--format", "csv"],
        None,
    ));
    let out_b = stdout(&run(
        &["assess", &b, "--year", "2023", "--format", "csv"],
        None,
    ));
    assert_eq!(out_a, out_b);
    let piped = stdout(&run(
        &["assess", "-", "--year", "2023", "--format", "csv"],
        Some(plain.as_bytes()),
    ));
    assert_eq!(out_a, piped);
}

#[test]
fn bad_input_exits_non_zero_naming_file_line_and_column() {
    let f = temp(
        "bad.csv",
        b"entity,kind,quantity,purchase_year,country\nA,laptop,2,2020,BE\nB,lapotp,1,2021,BE\n",
    );
    let o = run(&["assess", &f, "--year", "2023"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("bad.csv:3, column `kind`"), "{err}");
    assert!(err.contains("did you mean `laptop`"), "{err}");
    let o = run(&["assess", &f, "--year", "2023", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(v["error"]["code"], "unknown_kind");
    assert_eq!(v["error"]["line"], 3);
    assert_eq!(v["error"]["column"], "kind");
    let o = run(&["assess", "/nonexistent/fleet.csv"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8(o.stderr).unwrap().contains("error[io]"));
    let o = run(&["assess", "--mode", "linear"], None);
    assert_eq!(
        o.status.code(),
        Some(2),
        "usage errors are clap's exit code 2"
    );
    let o = run(&["assess", "--country", "ZZ", "--year", "2023"], None);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn datasets_and_factors_show_sources() {
    let out = stdout(&run(&["datasets"], None));
    assert!(out.contains("ember-owid") && out.contains("CC BY 4.0") && out.contains("ODbL 1.0"));
    let out = stdout(&run(&["factors", "laptop", "--format", "csv"], None));
    assert_eq!(out.lines().count(), 2);
    assert!(out.contains("Boavizta"));
    let o = run(&["factors", "laptops"], None);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn factor_tables_add_criteria() {
    let factors = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../datasets/examples/factors-adpe-pe.csv"
    );
    let inv = temp(
        "laptops.csv",
        b"entity,kind,quantity,purchase_year,country\nA,laptop,10,2022,BE\n",
    );
    let out = stdout(&run(
        &[
            "assess",
            &inv,
            "--year",
            "2023",
            "--format",
            "csv",
            "--factors",
            factors,
        ],
        None,
    ));
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in ["adpe_manufacture_kgsbeq", "pe_use_mj", "pe_total_mj"] {
        let i = header.iter().position(|c| *c == col).unwrap();
        assert!(row[i].parse::<f64>().unwrap() > 0.0, "{col} = {}", row[i]);
    }
}

#[test]
fn a_gwp_factor_override_is_booked_by_assess() {
    // 1000 kg of manufacture over 4 years: 250 kg in the year of purchase,
    // not the archetype default (about 58 kg).
    let factors = temp(
        "gwp.csv",
        b"criterion,unit,kind,phase,value,low,high,source\ngwp,kgco2e,laptop,manufacture,1000,900,1100,study X\n",
    );
    let inv = temp(
        "one-laptop.csv",
        b"entity,kind,quantity,purchase_year,lifespan_years,country\nA,laptop,1,2024,4,BE\n",
    );
    let out = stdout(&run(
        &[
            "assess",
            &inv,
            "--year",
            "2024",
            "--format",
            "json",
            "--factors",
            &factors,
        ],
        None,
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let total = &json["total"][0];
    assert_eq!(total["gwp_manufacture_kgco2e"], 250.0);
    assert_eq!(total["gwp_manufacture_kgco2e_low"], 225.0);
    assert_eq!(total["gwp_manufacture_kgco2e_high"], 275.0);
    let sources = json["sources"].as_array().unwrap();
    assert!(sources
        .iter()
        .any(|s| s["item"] == "laptop: gwp manufacture" && s["reference"] == "study X"));
}

#[test]
fn every_grouping_renders_in_every_format() {
    for by in [
        "none",
        "entity",
        "kind",
        "phase",
        "entity,kind",
        "kind,phase",
        "entity,kind,phase",
    ] {
        for format in ["table", "csv", "json"] {
            let o = run(
                &["assess", "--year", "2024", "--by", by, "--format", format],
                None,
            );
            let out = stdout(&o);
            assert!(
                o.stderr.is_empty(),
                "{by} {format}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            if format == "table" {
                let lines = out.lines().filter(|l| l.contains("scope 2")).count();
                assert_eq!(
                    lines > 0,
                    by.contains("phase"),
                    "{by}: one line per phase only with phase"
                );
                if !by.contains("entity") && !by.contains("kind") {
                    assert!(out.contains("\nfleet "), "{by}: {out}");
                } else {
                    assert!(out.contains("\nTOTAL"), "{by}: a total line");
                }
            }
        }
    }
}
