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
    assert!(out.contains("Sources of the values used:") && out.contains("CC BY 4.0"));
    // Each licence once, not after every source.
    assert_eq!(out.matches("CC BY 4.0").count(), 1, "{out}");
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
    ] {
        assert!(header.contains(&col), "{col} missing from {header:?}");
    }
    // A criterion no factor table gives is not printed unless asked.
    assert!(!header.contains(&"adpe_total_kgsbeq"), "{header:?}");
    let out = stdout(&run(
        &[
            "assess",
            "--year",
            "2024",
            "--format",
            "csv",
            "--by",
            "entity,kind",
            "--all-criteria",
        ],
        None,
    ));
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(header.contains(&"pe_total_mj"));
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
    // Amortised (the default): embodied phases are the management view,
    // not GHG Protocol scope 3 (issue 17); the use phase is scope 2.
    assert_eq!(
        rows[0]["ghg_scope"],
        "management view (amortised): NOT GHG Protocol scope 3 cat. 2 (capital goods)"
    );
    assert_eq!(
        v["phases"][0]["ghg_scope"],
        "management view (amortised): NOT GHG Protocol scope 3 cat. 2 (capital goods)"
    );
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
    // Errors in arguments name the argument.
    let o = run(&["assess", "--mode", "linear"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("--mode: `linear` is not one of amortised, acquisition"),
        "{err}"
    );
    let o = run(&["assess", "--country", "France", "--year", "2023"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("--country: unknown country or zone `France` (did you mean `FR`?)"),
        "{err}"
    );
    let o = run(&["assess", "--by", "entity,entity"], None);
    assert_eq!(o.status.code(), Some(1));
    // With --format json, argument errors are JSON too, exit status 1.
    for args in [
        &["assess", "--format", "json", "--bogus"][..],
        &["assess", "--format", "json", "--mode", "linear"],
    ] {
        let o = run(args, None);
        assert_eq!(o.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
        assert!(v["error"]["code"].is_string(), "{v}");
        assert!(v["error"]["column"].is_string(), "{v}");
    }
    // No country anywhere: the message names the option.
    let f = temp(
        "nocountry.csv",
        b"entity,kind,quantity,purchase_year\nA,laptop,1,2020\n",
    );
    let err = String::from_utf8(run(&["assess", &f], None).stderr).unwrap();
    assert!(err.contains("--country BE"), "{err}");
}

#[test]
fn everyday_inputs_windows_1252_spreadsheets_directories_and_fractions() {
    // Excel "CSV" (not "CSV UTF-8") in a French locale: Windows-1252.
    let mut latin1 = b"entity;kind;quantity;purchase_year;country\r\n".to_vec();
    latin1.extend_from_slice(b"H\xF4tel de ville;laptop;2,5;2022;BE\r\n");
    let f = temp("latin1.csv", &latin1);
    let o = run(&["assess", &f, "--year", "2023", "--format", "csv"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("Hôtel de ville,1,2.5,"), "{out}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("note[encoding]") && err.contains("Windows-1252"),
        "{err}"
    );
    // The text table shows 2.5 devices, not 2.
    let out = stdout(&run(&["assess", &f, "--year", "2023"], None));
    assert!(out.contains(" 2.5 "), "{out}");
    // JSON: whole counts are integers, fractions stay fractions.
    let out = stdout(&run(
        &["assess", &f, "--year", "2023", "--format", "json"],
        None,
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"][0]["lines"], serde_json::json!(1));
    assert_eq!(v["rows"][0]["devices"], serde_json::json!(2.5));
    // A workbook and a directory get plain messages.
    let xlsx = temp("fleet.xlsx", b"PK\x03\x04\x14\x00\x06\x00");
    let err = String::from_utf8(run(&["assess", &xlsx], None).stderr).unwrap();
    assert!(
        err.contains("error[not_csv]") && err.contains("CSV UTF-8"),
        "{err}"
    );
    let dir = std::env::temp_dir();
    let err = String::from_utf8(run(&["assess", dir.to_str().unwrap()], None).stderr).unwrap();
    assert!(err.contains("directory"), "{err}");
}

#[test]
fn csv_numbers_are_rounded_and_notes_reach_stderr() {
    let f = temp(
        "fleet.csv",
        b"entity,kind,quantity,purchase_year,country,annual_energy_kwh\nA,laptop,3,2021,BE,21.3\n",
    );
    let o = run(&["assess", &f, "--year", "2030", "--format", "csv"], None);
    let out = String::from_utf8(o.stdout).unwrap();
    // Significant digits of a number as written (sign, point, exponent and
    // the zeros that only place it left out).
    let significant = |cell: &str| {
        let mantissa = cell
            .trim_start_matches('-')
            .split(['e', 'E'])
            .next()
            .unwrap();
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        digits.trim_start_matches('0').trim_end_matches('0').len()
    };
    let numbers = |csv: &str| -> Vec<String> {
        csv.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .filter(|c| c.parse::<f64>().is_ok())
            .map(str::to_owned)
            .collect()
    };
    let rounded = numbers(&out);
    assert!(rounded.len() > 5, "{out}");
    let default = empreinte::report::DEFAULT_SIGNIFICANT_DIGITS;
    for cell in &rounded {
        assert!(
            significant(cell) <= default,
            "`{cell}` is not rounded to {default} digits"
        );
    }
    // The same run at full precision has longer numbers: the rounding is
    // the writer's, not the data's.
    let full = stdout(&run(
        &[
            "assess",
            &f,
            "--year",
            "2030",
            "--format",
            "csv",
            "--precision",
            "17",
        ],
        None,
    ));
    assert!(
        numbers(&full).iter().any(|c| significant(c) > default),
        "{full}"
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("note[grid_year_fallback]"), "{err}");
    let two = stdout(&run(
        &[
            "assess",
            &f,
            "--year",
            "2023",
            "--format",
            "csv",
            "--precision",
            "2",
        ],
        None,
    ));
    let use_energy = two.lines().nth(1).unwrap().split(',').nth(4).unwrap();
    assert_eq!(
        use_energy, "64",
        "3 x 21.3 kWh = 63.9 at 2 significant digits"
    );
    // The text table says the grid values were carried forward, in the table itself.
    let out = stdout(&run(&["assess", &f, "--year", "2030"], None));
    assert!(out.contains("GRID VALUES CARRIED FORWARD"), "{out}");
    // An empty year: a note and a zero total.
    let out = stdout(&run(&["assess", &f, "--year", "2019"], None));
    assert!(out.contains("no_device_in_service"), "{out}");
}

#[test]
fn phase_rows_have_a_total_and_factors_fit_a_terminal() {
    let out = stdout(&run(&["assess", "--year", "2024", "--by", "phase"], None));
    assert!(
        out.contains("TOTAL") && out.contains("GHG Protocol scope"),
        "{out}"
    );
    let out = stdout(&run(&["factors"], None));
    assert!(out.contains("Laptop (exclu"), "{out}");
    // Each kind says what its values rest on (issue 18).
    assert!(
        out.lines()
            .any(|l| l.starts_with("network_switch") && l.contains("estimate")),
        "{out}"
    );
    assert!(out.lines().all(|l| l.chars().count() <= 132), "{out}");
    let wide = stdout(&run(&["factors", "--wide"], None));
    assert!(wide.contains("Boavizta"), "{wide}");
    for sub in ["assess", "factors", "datasets"] {
        let help = stdout(&run(&[sub, "--help"], None));
        assert!(help.contains("Output:"), "{sub}: {help}");
    }
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
            // Only notes on stderr (CSV), never an error.
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.lines().all(|l| l.starts_with("note[")),
                "{by} {format}: {err}"
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
