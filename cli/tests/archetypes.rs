//! Archetype tables through `--factors`: kinds added or replaced, kinds
//! without a default electricity use, in `assess`, `factors` and
//! `datacentre`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{file, run, stderr, stdout};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/../core/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The router fixture's lifespan and embodied footprint, from the file.
fn router_figures() -> (f64, f64) {
    let text = std::fs::read_to_string(fixture("archetypes-router.csv")).unwrap();
    let line = text.lines().nth(1).unwrap();
    let nums: Vec<&str> = line.split_once("\",").unwrap().1.split(',').collect();
    (nums[0].parse().unwrap(), nums[4].parse().unwrap())
}

fn json(o: &std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    common::json(o)
}

/// `empreinte assess INVENTORY --factors TABLE --year 2023 --country BE
/// --format json`, parsed.
fn assess_json(inventory: &str, table: &str) -> Value {
    json(&run(&[
        "assess",
        inventory,
        "--factors",
        table,
        "--year",
        "2023",
        "--country",
        "BE",
        "--format",
        "json",
    ]))
}

#[test]
fn assess_with_an_added_kind_books_its_embodied_footprint_and_cites_the_table() {
    let (lifespan, embodied) = router_figures();
    let router = fixture("archetypes-router.csv");
    let inv = file(
        "arch",
        "fleet.csv",
        "entity,kind,quantity,purchase_year,annual_energy_kwh\nNetwork,test_router,3,2021,50\n",
    );
    let v = assess_json(inv.to_str().unwrap(), &router);
    let total = &v["total"][0];
    let m = total["gwp_manufacture_kgco2e"].as_f64().unwrap();
    assert!((m - 3.0 * embodied / lifespan).abs() < 1e-9, "{m}");
    assert_eq!(total["use_energy_kwh"].as_f64(), Some(150.0));
    let sources = v["sources"].as_array().unwrap();
    let s = sources
        .iter()
        .find(|s| s["item"].as_str().unwrap().starts_with("test_router:"))
        .unwrap();
    assert_eq!(s["dataset"].as_str().unwrap(), format!("{router} user"));
    assert!(v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"].as_str() == Some(router.as_str())));
}

#[test]
fn a_row_without_energy_of_such_a_kind_is_a_typed_error_at_line_and_column() {
    let inv = file(
        "arch",
        "noenergy.csv",
        "entity,kind,quantity,purchase_year\nOffice,laptop,1,2021\nNetwork,test_router,3,2021\n",
    );
    let o = run(&[
        "assess",
        inv.to_str().unwrap(),
        "--factors",
        &fixture("archetypes-router.csv"),
        "--country",
        "BE",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["error"]["code"], "no_default_energy");
    assert_eq!(e["error"]["line"], 3);
    assert_eq!(e["error"]["column"], "annual_energy_kwh");
    let message = e["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "kind `test_router` has no default electricity use; fill `annual_energy_kwh`"
        ),
        "{message}"
    );
}

#[test]
fn replacing_laptop_changes_its_footprint() {
    let inv = file(
        "arch",
        "laptops.csv",
        "entity,kind,quantity,purchase_year\nOffice,laptop,2,2021\n",
    );
    let args = |extra: &[&str]| {
        let mut a = vec![
            "assess",
            inv.to_str().unwrap(),
            "--year",
            "2023",
            "--country",
            "BE",
            "--format",
            "json",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let manufacture = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        json(&run(&a))["total"][0]["gwp_manufacture_kgco2e"]
            .as_f64()
            .unwrap()
    };
    let embedded = manufacture(args(&[]));
    let laptop = fixture("archetypes-laptop-100.csv");
    let replaced = manufacture(args(&["--factors", &laptop]));
    // The fixture: 100 kg, all in manufacture, over 5 years.
    assert!((replaced - 2.0 * 100.0 / 5.0).abs() < 1e-9, "{replaced}");
    assert!(
        (embedded - replaced).abs() > 1.0,
        "{embedded} vs {replaced}"
    );
}

#[test]
fn a_malformed_archetype_table_names_the_table_line_and_column() {
    let bad = fixture("archetypes-malformed.csv");
    let o = run(&["factors", "--factors", &bad, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let e: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["error"]["code"], "invalid_number");
    assert_eq!(e["error"]["source"].as_str(), Some(bad.as_str()));
    assert_eq!(e["error"]["line"], 4);
    assert_eq!(e["error"]["column"], "embodied_gwp_kgco2e");
}

#[test]
fn factors_lists_an_added_kind_with_empty_energy() {
    let router = fixture("archetypes-router.csv");
    let o = run(&[
        "factors",
        "test_router",
        "--factors",
        &router,
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row = lines.next().unwrap();
    // The label and method hold commas inside quotes: read with the csv rules.
    let reader = csv_row(row);
    assert_eq!(reader[at("kind")], "test_router");
    assert_eq!(reader[at("annual_energy_kwh")], "");
    assert_eq!(reader[at("annual_energy_kwh_high")], "");
    assert_eq!(reader[at("embodied_gwp_kgco2e")], "41.2");
    // The terminal table too: no energy figure on the kind's line.
    let o = run(&["factors", "--factors", &router]);
    let out = stdout(&o);
    let line = out.lines().find(|l| l.starts_with("test_router")).unwrap();
    assert!(!line.contains(" 0 "), "{line}");
}

/// Splits one CSV line (double quotes, no line breaks inside fields).
fn csv_row(line: &str) -> Vec<String> {
    let (mut out, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    out.push(cell);
    out
}

#[test]
fn a_datacentre_equipment_inventory_needs_no_energy_for_an_added_kind() {
    let (lifespan, embodied) = router_figures();
    let readings = file(
        "arch",
        "readings.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000000,1350000\n",
    );
    let facility = file("arch", "facility.csv", "field,value\nzone,BE\n");
    let equipment = file(
        "arch",
        "equipment.csv",
        "entity,kind,quantity,purchase_year\nRoom A,test_router,4,2020\n",
    );
    let v = json(&run(&[
        "datacentre",
        "--readings",
        readings.to_str().unwrap(),
        "--facility",
        facility.to_str().unwrap(),
        "--equipment",
        equipment.to_str().unwrap(),
        "--factors",
        &fixture("archetypes-router.csv"),
        "--format",
        "json",
    ]));
    let text = v.to_string();
    let expected = 4.0 * embodied / lifespan;
    let rows = v["sections"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "scopes"))
        .and_then(|s| s["rows"].as_array())
        .unwrap_or_else(|| panic!("{text}"));
    let row = rows
        .iter()
        .find(|r| r.to_string().contains("IT equipment embodied"))
        .unwrap_or_else(|| panic!("{text}"));
    let value = row
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_f64)
        .find(|x| (x - expected).abs() < 1e-9);
    assert!(value.is_some(), "{expected} not in {row}");
    // Without the table, the kind is unknown.
    let o = run(&[
        "datacentre",
        "--readings",
        readings.to_str().unwrap(),
        "--facility",
        facility.to_str().unwrap(),
        "--equipment",
        equipment.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown_kind"), "{}", stderr(&o));
}

/// A cell of the server-load fixture, by column name.
fn server_cell(column: &str) -> f64 {
    let text = std::fs::read_to_string(fixture("archetypes-server-load.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    // The row's quoted cells hold commas: count from the end.
    let row: Vec<&str> = lines.next().unwrap().rsplit(',').collect();
    let from_end = header.len() - 1 - header.iter().position(|h| *h == column).unwrap();
    row[from_end].parse().unwrap()
}

#[test]
fn utilisation_gives_a_server_its_energy_and_errors_name_the_row() {
    let servers = fixture("archetypes-server-load.csv");
    let (idle, max) = (server_cell("power_idle_w"), server_cell("power_max_w"));
    let inv = file(
        "load",
        "servers.csv",
        "entity,kind,quantity,purchase_year,utilisation\nDC,test_server,2,2022,0.3\n",
    );
    let v = assess_json(inv.to_str().unwrap(), &servers);
    // 2 servers x 8,760 h x (idle + 0.3 x (max - idle)) W / 1000.
    let want = 2.0 * 8.76 * (idle + 0.3 * (max - idle));
    let got = v["total"][0]["use_energy_kwh"].as_f64().unwrap();
    assert!((got - want).abs() < 1e-9 * want, "{got} vs {want}");
    assert!((want - 2.0 * 963.6).abs() < 1e-9);
    let sources = v["sources"].as_array().unwrap();
    let s = sources
        .iter()
        .find(|s| s["item"].as_str().unwrap().starts_with("test_server:"))
        .unwrap();
    assert!(s["item"].as_str().unwrap().contains("annual energy"), "{s}");
    // A laptop has no load model; utilisation with annual_energy_kwh is ambiguous.
    for (body, code, line) in [
        (
            "entity,kind,quantity,purchase_year,utilisation\nDC,test_server,1,2022,0.3\nOffice,laptop,1,2022,0.5\n",
            "no_load_model",
            3,
        ),
        (
            "entity,kind,quantity,purchase_year,utilisation,annual_energy_kwh\nDC,test_server,1,2022,0.3,900\n",
            "conflicting_columns",
            2,
        ),
        (
            "entity,kind,quantity,purchase_year,utilisation\nDC,test_server,1,2022,1.5\n",
            "out_of_range",
            2,
        ),
    ] {
        let inv = file("load", "bad.csv", body);
        let o = run(&[
            "assess",
            inv.to_str().unwrap(),
            "--factors",
            &servers,
            "--country",
            "BE",
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(1), "{code}");
        let e: Value = serde_json::from_slice(&o.stderr).unwrap();
        assert_eq!(e["error"]["code"], code, "{e}");
        assert_eq!(e["error"]["line"], line, "{e}");
        assert_eq!(e["error"]["column"], "utilisation", "{e}");
    }
}

#[test]
fn factors_lists_the_load_model_in_wide_and_in_csv() {
    let servers = fixture("archetypes-server-load.csv");
    let wide = stdout(&run(&["factors", "--wide", "--factors", &servers]));
    let line = wide
        .lines()
        .find(|l| l.starts_with("test_server "))
        .unwrap();
    assert!(wide.contains("idle W") && wide.contains("max W"), "{wide}");
    for cell in ["50", "250", "0.30"] {
        assert!(line.split_whitespace().any(|c| c == cell), "{cell}: {line}");
    }
    // Not a measured utilisation: where the typical power sits on the line,
    // said in the header and in the footnote under the table.
    let header = wide.lines().find(|l| l.starts_with("kind ")).unwrap();
    assert!(
        header.contains("u at TEC") && !header.contains("typ. util."),
        "{header}"
    );
    assert_eq!(
        wide.lines().last(),
        Some(
            "on W of an always-on kind = annual energy / 8,760 h; idle W and max W: \
             SPECpower results (servers); u at TEC: where the manufacturers' typical power sits between them"
        ),
        "{wide}"
    );
    // Method and source are long text: left aligned, starting under their
    // header (the fixture's are shorter than the embedded kinds').
    let starts = |l: &str, at: usize| l.chars().skip(at).collect::<String>();
    for column in ["method", "source"] {
        let at = header.find(&format!("  {column}")).unwrap() + 2; // ASCII header
        let begins = if column == "method" {
            "Test fixture: idle"
        } else {
            "Test fixture for"
        };
        assert!(starts(line, at).starts_with(begins), "{column}: {line}");
    }
    // The normal view keeps its width.
    let normal = stdout(&run(&["factors", "--factors", &servers]));
    assert!(!normal.contains("idle W"), "{normal}");
    assert!(normal.lines().all(|l| l.chars().count() <= 132), "{normal}");
    let v = json(&run(&[
        "factors",
        "--factors",
        &servers,
        "--format",
        "json",
    ]));
    let rows = v.as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["kind"] == "test_server")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        row["power_idle_w"].as_f64(),
        Some(server_cell("power_idle_w"))
    );
    assert_eq!(
        row["power_max_w_high"].as_f64(),
        Some(server_cell("power_max_w_high"))
    );
    assert_eq!(
        row["utilisation_typical"].as_f64(),
        Some(server_cell("utilisation_typical"))
    );
}

#[test]
fn a_table_with_idle_and_max_only_serves_utilisation_rows_and_lists_empty_cells() {
    // No utilisation_typical column, no annual energy: idle and full-load
    // power alone make the load model.
    let servers = file(
        "idlemax",
        "servers.csv",
        "kind,label,lifespan_years,embodied_gwp_kgco2e,embodied_gwp_kgco2e_low,embodied_gwp_kgco2e_high,\
         share_manufacture,share_transport,share_end_of_life,sample_size,quality,method,source,power_idle_w,power_max_w\n\
         my_server,My server (test),5,1000,,,0.9,0.08,0.02,0,low,measured,Test table: idle and max only,80,320\n",
    );
    let servers = servers.to_str().unwrap();
    let inv = file(
        "idlemax",
        "fleet.csv",
        "entity,kind,quantity,purchase_year,utilisation\nDC,my_server,2,2022,0.25\n",
    );
    let v = assess_json(inv.to_str().unwrap(), servers);
    // 2 servers x 8,760 h x (80 + 0.25 x (320 - 80)) W / 1000 = 2 x 1,226.4 kWh.
    let got = v["total"][0]["use_energy_kwh"].as_f64().unwrap();
    assert!((got - 2452.8).abs() < 1e-9, "{got}");
    // The listing: typical utilisation empty, in JSON and in the wide view.
    let v = json(&run(&[
        "factors",
        "my_server",
        "--factors",
        servers,
        "--format",
        "json",
    ]));
    let row = &v.as_array().unwrap()[0];
    assert_eq!(row["power_max_w"].as_f64(), Some(320.0), "{row}");
    assert!(row["utilisation_typical"].is_null(), "{row}");
    let wide = stdout(&run(&["factors", "--wide", "--factors", servers]));
    let line = wide.lines().find(|l| l.starts_with("my_server ")).unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    let max = cells.iter().position(|c| *c == "320").unwrap();
    assert_eq!(cells[max + 1], "measured", "no typical utilisation: {line}");
}

#[test]
fn wide_factors_leave_sleep_and_off_empty_when_the_table_does() {
    // The embedded one-socket server gives its on power only (always on):
    // it must not read as drawing that power asleep or off.
    let wide = stdout(&run(&["factors", "--wide"]));
    let header = wide.lines().find(|l| l.starts_with("kind ")).unwrap();
    let line = wide.lines().find(|l| l.starts_with("server_1s ")).unwrap();
    let column = |name: &str| header.find(name).unwrap();
    let (sleep, idle) = (column("sleep W"), column("idle W"));
    // Right-aligned numbers end under their header: nothing between the
    // end of `on W` and the start of `idle W` but spaces.
    let on_end = column("on W") + "on W".len();
    let between: String = line.chars().skip(on_end).take(idle - on_end).collect();
    assert!(between.trim().is_empty(), "sleep/off {between:?}: {line}");
    assert!(sleep > on_end);
    // The energy is unchanged: the JSON listing has no sleep/off cells,
    // and the kind's annual energy is its on power all year.
    let v = json(&run(&["factors", "server_1s", "--format", "json"]));
    let row = &v.as_array().unwrap()[0];
    assert!(
        row["power_sleep_w"].is_null() && row["power_off_w"].is_null(),
        "{row}"
    );
    let on = row["power_on_w"].as_f64().unwrap();
    let energy = row["annual_energy_kwh"].as_f64().unwrap();
    assert!(
        (on * 8.76 - energy).abs() <= 0.01 * energy,
        "{on} W vs {energy} kWh"
    );
    // A kind that sleeps keeps its sleep and off power.
    let v = json(&run(&["factors", "laptop", "--format", "json"]));
    let row = &v.as_array().unwrap()[0];
    assert!(row["power_sleep_w"].as_f64().is_some() && row["power_off_w"].as_f64().is_some());
}
