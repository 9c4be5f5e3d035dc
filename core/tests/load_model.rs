//! The load model of servers: archetype columns `power_idle_w`,
//! `power_max_w` (with bounds) and `utilisation_typical`, and the
//! inventory column `utilisation` that turns them into a row's electricity
//! use (`accounting::annual_energy_at_utilisation_kwh`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use empreinte::accounting::annual_energy_at_utilisation_kwh;
use empreinte::catalog::{parse_archetypes, read_archetypes};
use empreinte::inventory::read_csv;
use empreinte::report::archetypes_table;
use empreinte::{Catalog, ErrorKind, Inventory};
use proptest::prelude::*;
use std::sync::Arc;

const SERVER: &str = include_str!("fixtures/archetypes-server-load.csv");

fn with_server() -> Arc<Catalog> {
    catalog_with(&[("servers.csv", SERVER)])
}

/// The fixture's cells by column name (read back from the fixture, so the
/// expectations follow the table).
fn fixture(column: &str) -> f64 {
    let mut r = csv::Reader::from_reader(SERVER.as_bytes());
    let i = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    let row = r.records().next().unwrap().unwrap();
    row[i].parse().unwrap()
}

/// The energy (central, low, high) of every row of an inventory text, and
/// whether it is the archetype's default.
fn energies(c: Arc<Catalog>, csv: &str) -> empreinte::Result<Vec<([f64; 3], bool)>> {
    let mut inv = Inventory::new(c, Some("BE"))?;
    let mut out = Vec::new();
    read_csv("fleet.csv", csv.as_bytes(), &mut inv, 1024, |inv, _| {
        out.extend((0..inv.len()).filter_map(|i| inv.row(i)).map(|r| {
            let energy = r.annual_energy_kwh.map_or([f64::NAN; 3], |e| e.bounds());
            (energy, r.default_energy)
        }));
        Ok(())
    })?;
    Ok(out)
}

const HEADER: &str = "entity,kind,quantity,purchase_year,utilisation";

#[test]
fn a_fixture_server_at_30_percent_uses_963_6_kwh_a_year() {
    let (idle, max) = (fixture("power_idle_w"), fixture("power_max_w"));
    assert_eq!((idle, max), (50.0, 250.0), "the fixture of the brief");
    let rows = energies(
        with_server(),
        &format!("{HEADER}\nDC,test_server,2,2022,0.3\n"),
    )
    .unwrap();
    let ([central, low, high], defaults) = rows[0];
    // 50 W + 0.3 × (250 − 50) W = 110 W, all year: 110 × 8,760 / 1000.
    assert!(close(central, 8.76 * (idle + 0.3 * (max - idle)), 1e-12));
    assert!(close(central, 963.6, 1e-12), "{central}");
    // Bounds: the low powers together, the high powers together.
    let (il, ml) = (fixture("power_idle_w_low"), fixture("power_max_w_low"));
    let (ih, mh) = (fixture("power_idle_w_high"), fixture("power_max_w_high"));
    assert!(close(low, 8.76 * (il + 0.3 * (ml - il)), 1e-12), "{low}");
    assert!(close(high, 8.76 * (ih + 0.3 * (mh - ih)), 1e-12), "{high}");
    assert!(low < central && central < high);
    // The energy is the archetype's (derived from it), like a usage profile's.
    assert!(defaults);
    // Without `utilisation`, the archetype's own annual energy.
    let rows = energies(
        with_server(),
        "entity,kind,quantity,purchase_year\nDC,test_server,1,2022\n",
    )
    .unwrap();
    assert_eq!(rows[0].0, [fixture("annual_energy_kwh"); 3]);
}

#[test]
fn a_decimal_comma_reads_in_a_semicolon_file() {
    let csv = "entity;kind;quantity;purchase_year;utilisation\nDC;test_server;1;2022;0,3\n";
    let rows = energies(with_server(), csv).unwrap();
    assert!(close(rows[0].0[0], 963.6, 1e-12), "{:?}", rows[0]);
}

#[test]
fn the_assessment_books_the_model_energy_and_cites_the_archetype_for_it() {
    let csv = format!("{HEADER}\nDC,test_server,2,2022,0.3\n");
    let a = empreinte::assess_csv(
        with_server(),
        "fleet.csv",
        csv.as_bytes(),
        Some("BE"),
        options(2023, "amortised", "entity"),
        |_| {},
    )
    .unwrap();
    // Two servers, one year of use each.
    assert!(close(
        a.total.use_energy_kwh.unwrap().central(),
        2.0 * 963.6,
        1e-12
    ));
    let source = a
        .sources
        .iter()
        .find(|s| s.item.starts_with("test_server:"))
        .unwrap_or_else(|| panic!("no source for test_server: {:?}", a.sources));
    assert!(source.item.contains("annual energy"), "{source:?}");
    assert!(source.dataset.starts_with("servers.csv"), "{source:?}");
    assert!(source.reference.contains("load-model tests"), "{source:?}");
}

#[test]
fn the_embedded_two_socket_server_follows_its_own_table() {
    // The numbers of the embedded table, read here with a plain CSV reader.
    let text = empreinte::catalog::embedded(empreinte::catalog::ARCHETYPES_DATASET_ID)
        .unwrap()
        .text;
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|rec| &rec[0] == "server_2s")
        .expect("server_2s in the embedded archetypes");
    let cell = |name: &str| -> f64 {
        let i = headers.iter().position(|h| h == name).unwrap();
        row[i]
            .parse()
            .unwrap_or_else(|_| panic!("{name}: `{}`", &row[i]))
    };
    let idle = [
        cell("power_idle_w"),
        cell("power_idle_w_low"),
        cell("power_idle_w_high"),
    ];
    let max = [
        cell("power_max_w"),
        cell("power_max_w_low"),
        cell("power_max_w_high"),
    ];
    let rows = energies(
        catalog(),
        &format!("{HEADER}\nDC,server_2s,1,2022,0.1\nDC,server_2s,1,2022,0.6\n"),
    )
    .unwrap();
    for ((energy, _), u) in rows.iter().zip([0.1, 0.6]) {
        for lane in 0..3 {
            let want = 8_760.0 * (idle[lane] + u * (max[lane] - idle[lane])) / 1000.0;
            assert!(
                close(energy[lane], want, 1e-12),
                "u {u}, lane {lane}: {energy:?}"
            );
        }
    }
    // At its typical utilisation the model gives about the typical energy
    // (the table rounds the utilisation to 3 decimals and powers to 0.1 W).
    let typical = cell("utilisation_typical");
    let at_typical = 8.76 * (idle[0] + typical * (max[0] - idle[0]));
    let energy = cell("annual_energy_kwh");
    assert!(
        (at_typical - energy).abs() <= 0.01 * energy,
        "{at_typical} vs {energy}"
    );
    // The catalog reads the same numbers.
    let c = catalog();
    let a = c
        .archetypes()
        .iter()
        .find(|a| a.kind == "server_2s")
        .unwrap();
    let load = a.load.expect("server_2s has a load model");
    assert_eq!(load.idle_w.bounds(), idle);
    assert_eq!(load.max_w.bounds(), max);
    assert_eq!(load.typical_utilisation, Some(typical));
    // Kinds that are not servers have none.
    let laptop = c.archetypes().iter().find(|a| a.kind == "laptop").unwrap();
    assert!(laptop.load.is_none());
}

fn error_at(csv: &str) -> empreinte::Error {
    energies(with_server(), csv).unwrap_err()
}

#[test]
fn a_utilisation_outside_0_1_is_out_of_range_at_its_cell() {
    let e = error_at(&format!(
        "{HEADER}\nDC,test_server,1,2022,0.5\nDC,test_server,1,2022,1.5\n"
    ));
    assert_eq!(e.kind(), ErrorKind::OutOfRange, "{e}");
    let at = e.location();
    assert_eq!(
        (at.line, at.column.as_deref()),
        (Some(3), Some("utilisation"))
    );
    let e = error_at(&format!("{HEADER}\nDC,test_server,1,2022,-0.1\n"));
    assert_eq!(e.kind(), ErrorKind::OutOfRange, "{e}");
}

#[test]
fn a_kind_without_a_load_model_is_told_to_give_its_energy() {
    let e = error_at(&format!(
        "{HEADER}\nDC,test_server,1,2022,0.5\nOffice,laptop,1,2022,0.5\n"
    ));
    assert_input_error(
        &e,
        ErrorKind::NoLoadModel,
        "no_load_model",
        ("fleet.csv", Some(3), Some("utilisation")),
        "fleet.csv:3, column `utilisation`: kind `laptop` has no power at idle and at full load, \
         so `utilisation` cannot give its electricity use; give `annual_energy_kwh` (kWh per device per year) instead",
    );
}

#[test]
fn utilisation_with_another_energy_on_the_row_is_ambiguous() {
    let e = error_at(
        "entity,kind,quantity,purchase_year,utilisation,annual_energy_kwh\nDC,test_server,1,2022,0.3,900\n",
    );
    assert_eq!(e.kind(), ErrorKind::ConflictingColumns, "{e}");
    assert_eq!(e.code(), "conflicting_columns");
    assert_eq!(
        (e.location().line, e.location().column.as_deref()),
        (Some(2), Some("utilisation"))
    );
    assert_eq!(
        e.to_string(),
        "fleet.csv:2, column `utilisation`: `utilisation` and `annual_energy_kwh` both set the electricity use on this row; keep one of them"
    );
    let e = error_at(
        "entity,kind,quantity,purchase_year,utilisation,usage_profile\nDC,test_server,1,2022,0.3,always_on\n",
    );
    assert_eq!(e.kind(), ErrorKind::ConflictingColumns, "{e}");
    assert!(e.to_string().contains("`usage_profile`"), "{e}");
    // Empty cells are not given: one column per row is fine.
    let rows = energies(
        with_server(),
        "entity,kind,quantity,purchase_year,utilisation,annual_energy_kwh\nDC,test_server,1,2022,0.3,\nDC,test_server,1,2022,,900\n",
    )
    .unwrap();
    assert!(close(rows[0].0[0], 963.6, 1e-12));
    assert_eq!(rows[1].0, [900.0; 3]);
    assert!(!rows[1].1, "the row's own energy");
}

/// The fixture with its header and row edited: `(column, new cell)`.
fn edited(cells: &[(&str, &str)]) -> String {
    let mut r = csv::Reader::from_reader(SERVER.as_bytes());
    let headers = r.headers().unwrap().clone();
    let mut row: Vec<String> = r
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for (column, cell) in cells {
        let i = headers.iter().position(|h| h == *column).unwrap();
        row[i] = (*cell).to_owned();
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    w.write_record(&row).unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn a_load_model_is_all_or_none_and_ordered() {
    let read = |cells: &[(&str, &str)]| read_archetypes("servers.csv", edited(cells).as_bytes());
    // Bounds default to the central value.
    let a = read(&[("power_idle_w_low", ""), ("power_idle_w_high", "")]).unwrap();
    let load = a[0].load.unwrap();
    assert_eq!(load.idle_w.bounds(), [50.0, 50.0, 50.0]);
    assert_eq!(load.max_w.bounds(), [250.0, 200.0, 300.0]);
    assert_eq!(load.typical_utilisation, Some(0.3));
    // None at all: no model.
    let none: Vec<(&str, &str)> = [
        "power_idle_w",
        "power_idle_w_low",
        "power_idle_w_high",
        "power_max_w",
        "power_max_w_low",
        "power_max_w_high",
        "utilisation_typical",
    ]
    .iter()
    .map(|c| (*c, ""))
    .collect();
    assert!(read(&none).unwrap()[0].load.is_none());
    // Some but not all: the missing one is named.
    let e = read(&[
        ("power_max_w", ""),
        ("power_max_w_low", ""),
        ("power_max_w_high", ""),
    ])
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingValue, "{e}");
    assert_eq!(
        (e.location().line, e.location().column.as_deref()),
        (Some(2), Some("power_max_w"))
    );
    // The typical utilisation is informative: empty is fine, alone it
    // needs the two powers it sits between.
    let a = read(&[("utilisation_typical", "")]).unwrap();
    assert_eq!(a[0].load.unwrap().typical_utilisation, None);
    let mut alone = none.clone();
    alone.retain(|(c, _)| *c != "utilisation_typical");
    let e = read(&alone).unwrap_err();
    assert_eq!(
        (e.kind(), e.location().column.as_deref()),
        (ErrorKind::MissingValue, Some("power_idle_w")),
        "{e}"
    );
    // Idle above full load, bound by bound.
    let e = read(&[("power_idle_w", "260"), ("power_idle_w_high", "270")]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutOfRange, "{e}");
    assert_eq!(e.location().column.as_deref(), Some("power_idle_w"));
    let e = read(&[("power_idle_w_low", "45"), ("power_max_w_low", "44")]).unwrap_err();
    assert_eq!(
        e.location().column.as_deref(),
        Some("power_idle_w_low"),
        "{e}"
    );
    // A utilisation outside 0-1, a negative or non-finite power.
    let e = read(&[("utilisation_typical", "1.2")]).unwrap_err();
    assert_eq!(
        (e.kind(), e.location().column.as_deref()),
        (ErrorKind::OutOfRange, Some("utilisation_typical"))
    );
    let e = read(&[("power_idle_w_low", "-1")]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutOfRange, "{e}");
    let e = read(&[("power_max_w_high", "inf")]).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::NotFinite | ErrorKind::InvalidNumber),
        "{e}"
    );
    // In an embedded table the same problem is a dataset error naming the line.
    let text = edited(&[
        ("power_max_w", ""),
        ("power_max_w_low", ""),
        ("power_max_w_high", ""),
    ]);
    let e = parse_archetypes("empreinte-archetypes", &text).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Dataset, "{e}");
    assert_eq!(e.location().line, Some(2));
    assert!(e.to_string().contains("power_max_w"), "{e}");
}

#[test]
fn the_listing_shows_idle_max_and_typical_utilisation() {
    let c = with_server();
    let (table, row) = listing(&c, "test_server");
    assert_eq!(
        number(&table, "power_idle_w", row),
        Some(fixture("power_idle_w"))
    );
    assert_eq!(
        number(&table, "power_idle_w_low", row),
        Some(fixture("power_idle_w_low"))
    );
    assert_eq!(
        number(&table, "power_max_w", row),
        Some(fixture("power_max_w"))
    );
    assert_eq!(
        number(&table, "power_max_w_high", row),
        Some(fixture("power_max_w_high"))
    );
    assert_eq!(
        number(&table, "utilisation_typical", row),
        Some(fixture("utilisation_typical"))
    );
    let laptop = c
        .archetypes()
        .iter()
        .position(|a| a.kind == "laptop")
        .unwrap();
    assert_eq!(number(&table, "power_idle_w", laptop), None);
}

proptest! {
    /// Energy grows with the utilisation and stays between idle and full
    /// load all year, in every lane.
    #[test]
    fn energy_is_monotonic_in_utilisation_and_bounded(
        idle in 0.0f64..2_000.0,
        extra in 0.0f64..5_000.0,
        u1 in 0.0f64..=1.0,
        u2 in 0.0f64..=1.0,
    ) {
        let max = idle + extra;
        let (lo, hi) = if u1 <= u2 { (u1, u2) } else { (u2, u1) };
        let [a] = annual_energy_at_utilisation_kwh(lo, [idle], [max]);
        let [b] = annual_energy_at_utilisation_kwh(hi, [idle], [max]);
        prop_assert!(a <= b + 1e-9 * b.max(1.0), "{a} > {b}");
        for e in [a, b] {
            prop_assert!(e.is_finite());
            prop_assert!(e >= 8.76 * idle * (1.0 - 1e-12) - 1e-9, "{e} below idle {idle}");
            prop_assert!(e <= 8.76 * max * (1.0 + 1e-12) + 1e-9, "{e} above max {max}");
        }
    }
}

/// A user's server table with idle and full-load power only: no
/// `utilisation_typical` column, no annual energy, no power per mode.
const IDLE_MAX_ONLY: &str = "kind,label,lifespan_years,embodied_gwp_kgco2e,embodied_gwp_kgco2e_low,embodied_gwp_kgco2e_high,share_manufacture,share_transport,share_end_of_life,sample_size,quality,method,source,power_idle_w,power_max_w\n\
my_server,My server (test),5,1000,,,0.9,0.08,0.02,0,low,measured,Test table: idle and full load only,80,320\n";

#[test]
fn a_table_with_idle_and_max_but_no_typical_utilisation_gives_a_load_model() {
    let c = catalog_with(&[("mine.csv", IDLE_MAX_ONLY)]);
    let a = c
        .archetypes()
        .iter()
        .find(|a| a.kind == "my_server")
        .unwrap();
    let load = a.load.expect("idle and max make a load model");
    assert_eq!(load.idle_w.bounds(), [80.0; 3]);
    assert_eq!(load.max_w.bounds(), [320.0; 3]);
    assert_eq!(load.typical_utilisation, None);
    assert!(a.annual_energy_kwh.is_none() && a.power.is_none());
    // A `utilisation` row: 8,760 h × (80 + 0.25 × (320 − 80)) W = 140 W.
    let rows = energies(c.clone(), &format!("{HEADER}\nDC,my_server,1,2022,0.25\n")).unwrap();
    for lane in rows[0].0 {
        assert!(close(lane, 1226.4, 1e-12), "{:?}", rows[0]);
    }
    // The listing leaves the typical utilisation empty, not 0.
    let (table, row) = listing(&c, "my_server");
    assert_eq!(number(&table, "power_max_w", row), Some(320.0));
    assert_eq!(number(&table, "utilisation_typical", row), None);
}

#[test]
fn sleep_and_off_left_empty_are_listed_empty_and_use_the_on_power() {
    // An always-on kind: on power only; a kind that sleeps: all three.
    let table = "kind,label,lifespan_years,embodied_gwp_kgco2e,embodied_gwp_kgco2e_low,embodied_gwp_kgco2e_high,share_manufacture,share_transport,share_end_of_life,sample_size,quality,method,source,annual_energy_kwh,power_on_w,power_sleep_w,power_off_w\n\
box_on,Always on (test),5,100,,,0.9,0.08,0.02,0,low,m,Test table,87.6,10,,\n\
box_sleeps,Sleeps (test),5,100,,,0.9,0.08,0.02,0,low,m,Test table,20,10,2,0.5\n";
    let c = catalog_with(&[("modes.csv", table)]);
    let find = |kind: &str| c.archetypes().iter().find(|a| a.kind == kind).unwrap();
    let on = find("box_on").power.unwrap();
    assert_eq!((on.sleep_w, on.off_w), (None, None));
    assert_eq!((on.effective_sleep_w(), on.effective_off_w()), (10.0, 10.0));
    let sleeps = find("box_sleeps").power.unwrap();
    assert_eq!((sleeps.sleep_w, sleeps.off_w), (Some(2.0), Some(0.5)));
    assert_eq!(
        (sleeps.effective_sleep_w(), sleeps.effective_off_w()),
        (2.0, 0.5)
    );
    // The energy of a profile: the on power in every hour when sleep and
    // off are empty (1,000 h on, 2,000 asleep, 3,000 off).
    assert_eq!(on.annual_energy_kwh(1000.0, 2000.0, 3000.0), [60.0; 3]);
    assert_eq!(
        sleeps.annual_energy_kwh(1000.0, 2000.0, 3000.0),
        [10.0 + 4.0 + 1.5; 3]
    );
    // The listing shows what the table gave: empty, not the on power.
    let listing = archetypes_table(c.archetypes());
    let row = |kind: &str| c.archetypes().iter().position(|a| a.kind == kind).unwrap();
    assert_eq!(number(&listing, "power_on_w", row("box_on")), Some(10.0));
    assert_eq!(number(&listing, "power_sleep_w", row("box_on")), None);
    assert_eq!(number(&listing, "power_off_w", row("box_on")), None);
    assert_eq!(
        number(&listing, "power_sleep_w", row("box_sleeps")),
        Some(2.0)
    );
    assert_eq!(
        number(&listing, "power_off_w", row("box_sleeps")),
        Some(0.5)
    );
}
