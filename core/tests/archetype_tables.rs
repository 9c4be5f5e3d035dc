//! Archetype tables given as extra tables (`--factors`, `factors=`,
//! `options.factors`): kinds added or replaced, kinds without a default
//! electricity use, and the errors of a bad table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use empreinte::datacentre::EquipmentEmbodied;
use empreinte::fleet::device::{footprint, DeviceSpec};
use empreinte::inventory::read_csv;
use empreinte::policy::{extend_or_replace, simulate, Policy};
use empreinte::quantity::Phase;
use empreinte::{Catalog, ErrorKind, Inventory};
use std::sync::Arc;

const ROUTER: &str = include_str!("fixtures/archetypes-router.csv");
const LAPTOP_100: &str = include_str!("fixtures/archetypes-laptop-100.csv");
const MALFORMED: &str = include_str!("fixtures/archetypes-malformed.csv");

/// The router table's figures, read back from the fixture itself (so the
/// expectations below follow the table, not a copy of its numbers).
fn router_row() -> (f64, f64, f64, f64) {
    let line = ROUTER.lines().nth(1).unwrap();
    let cells: Vec<&str> = line.split(',').collect();
    // kind,label(quoted, with commas)...: count from the end of the label.
    let after_label = line.split_once("\",").unwrap().1;
    let nums: Vec<&str> = after_label.split(',').collect();
    let num = |i: usize| nums[i].parse::<f64>().unwrap();
    assert_eq!(cells[0], "test_router");
    assert_eq!(nums[1], "", "the router has no default electricity use");
    // lifespan, embodied central, low, high.
    (num(0), num(4), num(5), num(6))
}

fn with_router() -> Arc<Catalog> {
    catalog_with(&[("router.csv", ROUTER)])
}

fn kind_id(c: &Catalog, kind: &str) -> empreinte::catalog::KindId {
    c.kind_id(kind, &empreinte::Location::default()).unwrap()
}

#[test]
fn an_added_kind_with_explicit_energy_books_its_embodied_footprint_and_names_the_table() {
    let (lifespan, embodied, low, high) = router_row();
    let c = with_router();
    let csv =
        "entity,kind,quantity,purchase_year,annual_energy_kwh\nNetwork,test_router,3,2021,50\n";
    let a = empreinte::assess_csv(
        c.clone(),
        "fleet.csv",
        csv.as_bytes(),
        Some("BE"),
        options(2023, "amortised", "entity"),
        |_| {},
    )
    .unwrap();
    let gwp = &a.total.impacts[0];
    // Amortised: the embodied footprint over the lifespan, each year of it;
    // all of it in manufacture (share 1).
    let manufacture = gwp.get(Phase::Manufacture).unwrap();
    assert!(close(
        manufacture.central(),
        3.0 * embodied / lifespan,
        1e-12
    ));
    assert!(close(manufacture.low(), 3.0 * low / lifespan, 1e-12));
    assert!(close(manufacture.high(), 3.0 * high / lifespan, 1e-12));
    assert_eq!(gwp.get(Phase::Transport).unwrap().central(), 0.0);
    // The row's own energy is used: 3 devices x 50 kWh.
    assert!(close(
        a.total.use_energy_kwh.unwrap().central(),
        150.0,
        1e-12
    ));
    assert!(gwp.get(Phase::Use).unwrap().central() > 0.0);
    // The source of the archetype values is the user table, not the embedded dataset.
    let source = a
        .sources
        .iter()
        .find(|s| s.item.starts_with("test_router:"))
        .unwrap_or_else(|| panic!("no source for test_router: {:?}", a.sources));
    assert_eq!(source.dataset, "router.csv user");
    assert!(source.reference.contains("Test fixture"), "{source:?}");
    assert!(!a.sources.iter().any(
        |s| s.item.starts_with("test_router:") && s.dataset.starts_with("empreinte-archetypes")
    ));
    assert!(c
        .datasets()
        .iter()
        .any(|d| d.id == "router.csv" && d.edition == "user"));
    // An embedded kind keeps the embedded dataset as its source.
    let laptop = c
        .archetype_source(kind_id(&c, "laptop"), "lifespan")
        .unwrap();
    assert!(
        laptop.dataset.starts_with("empreinte-archetypes "),
        "{laptop:?}"
    );
}

#[test]
fn a_row_of_a_kind_without_default_energy_and_no_energy_is_a_typed_error_at_its_line() {
    let c = with_router();
    let csv =
        "entity,kind,quantity,purchase_year\nOffice,laptop,1,2021\nNetwork,test_router,3,2021\n";
    let e = empreinte::assess_csv(
        c.clone(),
        "fleet.csv",
        csv.as_bytes(),
        Some("BE"),
        options(2023, "amortised", "entity"),
        |_| {},
    )
    .unwrap_err();
    assert_input_error(
        &e,
        ErrorKind::NoDefaultEnergy,
        "no_default_energy",
        ("fleet.csv", Some(3), Some("annual_energy_kwh")),
        "fleet.csv:3, column `annual_energy_kwh`: kind `test_router` has no default electricity use; fill `annual_energy_kwh` (kWh per device per year) on this row",
    );
    // A usage profile cannot give it either: the kind has no power per mode.
    let csv =
        "entity,kind,quantity,purchase_year,usage_profile\nNetwork,test_router,3,2021,always_on\n";
    let e = assess_with(
        c.clone(),
        csv,
        Some("BE"),
        options(2023, "amortised", "entity"),
    )
    .unwrap_err();
    assert_eq!(e.location().column.as_deref(), Some("usage_profile"), "{e}");
    // The single-device path: the same typed error, at the device's field.
    let spec = DeviceSpec {
        kind: "test_router".into(),
        country: "BE".into(),
        year: 2023,
        ..Default::default()
    };
    let e = footprint(c.clone(), &spec).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoDefaultEnergy);
    assert_eq!(e.location().column.as_deref(), Some("annual_energy_kwh"));
    let with_energy = DeviceSpec {
        annual_energy_kwh: Some(50.0),
        ..spec
    };
    let fp = footprint(c, &with_energy).unwrap();
    assert_eq!(fp.annual_energy_kwh.central(), 50.0);
}

#[test]
fn replacing_a_kind_changes_its_result_and_keeps_other_criteria_of_factor_tables() {
    let year = 2023;
    let csv = "entity,kind,quantity,purchase_year\nOffice,laptop,2,2021\n";
    let run = |c: Arc<Catalog>| {
        empreinte::assess_csv(
            c,
            "fleet.csv",
            csv.as_bytes(),
            Some("BE"),
            options(year, "amortised", "entity"),
            |_| {},
        )
        .unwrap()
    };
    let embedded = run(catalog());
    let c = catalog_with(&[
        ("factors.csv", empreinte::catalog::EXAMPLE_FACTORS_CSV),
        ("laptop.csv", LAPTOP_100),
    ]);
    let replaced = run(c.clone());
    // The fixture: embodied 100 (80-120), all in manufacture, 5 years, 20,5 kWh
    // (a decimal comma in a ';' table).
    let m = replaced.total.impacts[0].get(Phase::Manufacture).unwrap();
    assert!(close(m.central(), 2.0 * 100.0 / 5.0, 1e-12), "{m:?}");
    assert!(close(m.low(), 2.0 * 80.0 / 5.0, 1e-12));
    assert!(close(m.high(), 2.0 * 120.0 / 5.0, 1e-12));
    assert!(close(
        replaced.total.use_energy_kwh.unwrap().central(),
        2.0 * 20.5,
        1e-12
    ));
    let before = embedded.total.impacts[0]
        .get(Phase::Manufacture)
        .unwrap()
        .central();
    assert!(
        (before - m.central()).abs() > 1.0,
        "{before} vs {}",
        m.central()
    );
    // Still one laptop kind, now from the user table.
    let laptop = kind_id(&c, "laptop");
    assert_eq!(c.archetypes().len(), catalog().archetypes().len());
    assert_eq!(
        c.archetype(laptop).unwrap().label,
        "Laptop (test fixture, not real data)"
    );
    assert_eq!(
        c.archetype_source(laptop, "embodied gwp").unwrap().dataset,
        "laptop.csv user"
    );
    // The factor table's adpe values for laptops are kept.
    let adpe = c.criteria().iter().position(|k| k.id == "adpe").unwrap();
    assert_eq!(
        c.embodied(adpe, laptop, Phase::Manufacture)
            .unwrap()
            .central(),
        0.01
    );
    assert!(c.embodied_from_table(adpe, laptop, Phase::Manufacture));
    assert!(!c.embodied_from_table(0, laptop, Phase::Manufacture));
}

#[test]
fn a_gwp_factor_row_before_the_archetype_table_is_replaced_with_the_whole_archetype() {
    let gwp =
        "criterion,unit,kind,phase,value,low,high,source\ngwp,kgco2e,laptop,manufacture,999,,,x\n";
    let c = catalog_with(&[("gwp.csv", gwp), ("laptop.csv", LAPTOP_100)]);
    let laptop = kind_id(&c, "laptop");
    assert_eq!(
        c.embodied(0, laptop, Phase::Manufacture).unwrap().central(),
        100.0
    );
    // ... and one after it wins, as a later table always does.
    let c = catalog_with(&[("laptop.csv", LAPTOP_100), ("gwp.csv", gwp)]);
    assert_eq!(
        c.embodied(0, laptop, Phase::Manufacture).unwrap().central(),
        999.0
    );
}

#[test]
fn adding_kinds_rebuilds_the_layout_of_every_criterion() {
    let adpe = "criterion,unit,kind,phase,value,low,high,source\n\
                adpe,kgsbeq,laptop,manufacture,0.01,,,a\nadpe,kgsbeq,monitor_22_24,transport,0.02,,,b\n";
    let c = catalog_with(&[("adpe.csv", adpe), ("router.csv", ROUTER)]);
    let base = catalog_with(&[("adpe.csv", adpe)]);
    let n = c.criteria().len();
    assert_eq!(c.archetypes().len(), base.archetypes().len() + 1);
    // Every value of every embedded kind is where it was.
    for (kind, a) in base.kinds() {
        let k = kind_id(&c, &a.kind);
        assert_eq!(k, kind, "embedded kinds keep their ids");
        for cr in 0..n {
            for p in Phase::EMBODIED {
                assert_eq!(
                    c.embodied(cr, k, p),
                    base.embodied(cr, kind, p),
                    "{} {cr} {p:?}",
                    a.kind
                );
            }
        }
    }
    let router = kind_id(&c, "test_router");
    assert_eq!(
        c.embodied(0, router, Phase::Manufacture).unwrap().central(),
        41.2
    );
    assert_eq!(
        c.embodied(0, router, Phase::EndOfLife).unwrap().central(),
        0.0
    );
    let adpe_c = c.criteria().iter().position(|k| k.id == "adpe").unwrap();
    assert_eq!(c.embodied(adpe_c, router, Phase::Manufacture), None);
    // A factor table after it can give the new kind values.
    let more = "criterion,unit,kind,phase,value,low,high,source\nadpe,kgsbeq,test_router,manufacture,0.5,,,c\n";
    let c = catalog_with(&[
        ("adpe.csv", adpe),
        ("router.csv", ROUTER),
        ("more.csv", more),
    ]);
    let router = kind_id(&c, "test_router");
    assert_eq!(
        c.embodied(adpe_c, router, Phase::Manufacture)
            .unwrap()
            .central(),
        0.5
    );
    assert_eq!(
        c.embodied(adpe_c, kind_id(&c, "monitor_22_24"), Phase::Transport)
            .unwrap()
            .central(),
        0.02
    );
}

#[test]
fn the_listing_shows_no_energy_for_such_kinds() {
    let c = with_router();
    let (table, row) = listing(&c, "test_router");
    assert_eq!(number(&table, "annual_energy_kwh", row), None);
    assert_eq!(number(&table, "annual_energy_kwh_high", row), None);
    assert_eq!(number(&table, "embodied_gwp_kgco2e", row), Some(41.2));
    let laptop = c
        .archetypes()
        .iter()
        .position(|a| a.kind == "laptop")
        .unwrap();
    assert!(number(&table, "annual_energy_kwh", laptop).unwrap() > 0.0);
}

#[test]
fn a_malformed_archetype_table_names_the_table_line_and_column() {
    let bad = |text: &str| {
        Catalog::embedded()
            .unwrap()
            .with_factor_tables([("extra.csv", text.as_bytes())])
            .unwrap_err()
    };
    // Physical line 4 (CRLF, a blank line 3), a unit in a number cell.
    let e = bad(MALFORMED);
    assert_eq!(e.code(), "invalid_number");
    let at = e.location();
    assert_eq!(
        (at.source.as_str(), at.line, at.column.as_deref()),
        ("extra.csv", Some(4), Some("embodied_gwp_kgco2e"))
    );
    let header = ROUTER.lines().next().unwrap();
    let row = ROUTER.lines().nth(1).unwrap();
    let with = |from: &str, to: &str| format!("{header}\n{}\n", row.replacen(from, to, 1));
    let cases = [
        // No source.
        (
            with(
                ",\"Test fixture for the archetype-table tests (not real data)\"",
                ",",
            ),
            "missing_value",
            "source",
        ),
        // Shares that do not sum to 1.
        (
            with(",1,0,0,", ",0.5,0,0,"),
            "out_of_range",
            "share_manufacture",
        ),
        // A bound of the energy without its central value.
        (
            with(",5,,,,41.2", ",5,,3,,41.2"),
            "missing_value",
            "annual_energy_kwh",
        ),
        // Bounds that do not enclose the value.
        (
            with("41.2,20.6,82.4", "41.2,50,82.4"),
            "out_of_range",
            "embodied_gwp_kgco2e",
        ),
        // The word factor tables use for the per-kWh factor.
        (with("test_router", "Electricity"), "invalid_option", "kind"),
        (with("test_router", "router/1"), "invalid_option", "kind"),
        (with(",low,", ",good,"), "invalid_option", "quality"),
        (with(",5,,,,", ",0,,,,"), "out_of_range", "lifespan_years"),
        (
            format!(
                "{header}\n{row}\n{}\n",
                row.replace("test_router", "Test-Router")
            ),
            "invalid_option",
            "kind",
        ),
    ];
    for (text, code, column) in cases {
        let e = bad(&text);
        assert_eq!(e.code(), code, "{e}");
        assert_eq!(e.location().source, "extra.csv", "{e}");
        assert!(e.location().line.unwrap() >= 2, "{e}");
        assert_eq!(e.location().column.as_deref(), Some(column), "{e}");
    }
    // A missing required column is named, at the header.
    let e = bad(&ROUTER.replacen("share_transport", "share_transprot", 1));
    assert_eq!((e.code(), e.location().line), ("missing_column", Some(1)));
    assert!(e.to_string().contains("share_transport"), "{e}");
    // A header alone: no kinds.
    assert_eq!(bad(&format!("{header}\n")).code(), "empty_inventory");
}

#[test]
fn an_archetype_table_reads_like_other_small_tables() {
    // BOM, ';' with decimal commas, Windows-1252 text, CR line ends.
    let text = "\u{feff}kind;label;lifespan_years;embodied_gwp_kgco2e;embodied_gwp_kgco2e_low;embodied_gwp_kgco2e_high;share_manufacture;share_transport;share_end_of_life;sample_size;quality;method;source\r\
                pare-feu;Pare-feu \u{e9};5;355,5;;;0,9;0,1;0;0;low;m;ADEME/Arcep 2022\r";
    let mut bytes: Vec<u8> = Vec::new();
    for ch in text.chars() {
        match ch {
            '\u{feff}' => bytes.extend_from_slice(b"\xEF\xBB\xBF"),
            '\u{e9}' => bytes.push(0xE9), // é in Windows-1252
            c => bytes.push(c as u8),
        }
    }
    let c = catalog()
        .with_factor_tables([("fw.csv", bytes.as_slice())])
        .unwrap();
    let fw = kind_id(&c, "pare_feu");
    let a = c.archetype(fw).unwrap();
    assert_eq!(a.label, "Pare-feu é");
    assert_eq!(a.embodied_gwp_kgco2e.central(), 355.5);
    assert_eq!(
        a.annual_energy_kwh, None,
        "no energy columns at all: no default energy"
    );
    assert!(close(
        c.embodied(0, fw, Phase::Transport).unwrap().central(),
        35.55,
        1e-12
    ));
    // The header alone decides: the same bytes as a factor table's header are one.
    assert!(empreinte::catalog::is_archetype_table(&bytes));
    assert!(!empreinte::catalog::is_archetype_table(
        empreinte::catalog::EXAMPLE_FACTORS_CSV.as_bytes()
    ));
    assert!(!empreinte::catalog::is_archetype_table(
        b"kind,label,lifespan_years\n"
    ));
}

#[test]
fn a_datacentre_equipment_inventory_needs_no_energy_for_such_kinds() {
    let (lifespan, embodied, _, _) = router_row();
    let c = with_router();
    let csv = "entity,kind,quantity,purchase_year\nRoom A,test_router,4,2020\n";
    let mut inventory = EquipmentEmbodied::inventory(c.clone(), "BE").unwrap();
    assert!(!inventory.energy_needed());
    let mut e = EquipmentEmbodied::default();
    read_csv(
        "equipment.csv",
        csv.as_bytes(),
        &mut inventory,
        1 << 16,
        |batch, _| {
            // No energy: the row has none and its kind none either.
            assert_eq!(batch.row(0).unwrap().annual_energy_kwh, None);
            e.add(batch, &[(2022, 1.0)]);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(e.lines, 1);
    assert_eq!(e.devices, 4.0);
    assert!(
        close(e.kgco2e[0], 4.0 * embodied / lifespan, 1e-12),
        "{:?}",
        e.kgco2e
    );
    assert!(e.kgco2e.iter().all(|v| v.is_finite()));
    // The same rows cannot feed an engine that books their electricity.
    let mut all = EquipmentEmbodied::inventory(c.clone(), "BE").unwrap();
    let mut reader = all.clone();
    read_csv(
        "equipment.csv",
        csv.as_bytes(),
        &mut reader,
        usize::MAX,
        |b, _| {
            std::mem::swap(&mut all, b);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(all.len(), 1);
    let e = empreinte::fleet::assess(&all, options(2022, "amortised", "entity")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoDefaultEnergy, "{e}");
    let policy = Policy {
        start_year: 2022,
        end_year: 2026,
        ..Policy::default()
    };
    assert_eq!(
        simulate(&all, &policy).unwrap_err().kind(),
        ErrorKind::NoDefaultEnergy
    );
}

#[test]
fn policies_and_break_even_refuse_a_kind_without_default_energy() {
    let c = with_router();
    let e = extend_or_replace(&c, "test_router", None, "BE", &Policy::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoDefaultEnergy);
    assert_eq!(e.location().column.as_deref(), Some("annual_energy_kwh"));
    let v = extend_or_replace(&c, "test_router", Some(50.0), "BE", &Policy::default()).unwrap();
    assert!(
        v.verdict.starts_with("extend") || v.verdict.starts_with("replace"),
        "{v:?}"
    );
    // A policy replaces like for like with the archetype's energy: refused
    // unless the replacement mix buys kinds that have one.
    let mut inventory = Inventory::new(c.clone(), Some("BE")).unwrap();
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,annual_energy_kwh\nNet,test_router,10,2021,4,50\n";
    let mut batch = inventory.clone();
    read_csv(
        "fleet.csv",
        csv.as_bytes(),
        &mut batch,
        usize::MAX,
        |b, _| {
            std::mem::swap(&mut inventory, b);
            Ok(())
        },
    )
    .unwrap();
    let policy = Policy {
        start_year: 2022,
        end_year: 2030,
        ..Policy::default()
    };
    let e = simulate(&inventory, &policy).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoDefaultEnergy, "{e}");
    assert_eq!(
        e.location().column.as_deref(),
        Some("replacement_mix.test_router")
    );
    let mut mixed = policy.clone();
    mixed
        .replacement_mix
        .insert("test_router".into(), [("desktop".to_owned(), 100.0)].into());
    let r = simulate(&inventory, &mixed).unwrap();
    assert!(r.total.iter().all(|y| y.total_kgco2e.central().is_finite()));
    // Keeping devices longer is embodied only: it works on such rows.
    let ext = empreinte::fleet::lifespan::keep_longer(&inventory, 1.0).unwrap();
    let (_, embodied, _, _) = router_row();
    assert!(close(
        ext.rows[0].embodied_gwp_kgco2e_per_year.central(),
        10.0 * embodied / 4.0,
        1e-12
    ));
}
