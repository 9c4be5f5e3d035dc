//! Every kind of bad input fails with its own error, naming file, line and
//! column; nothing panics and nothing is silently dropped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::inventory::{Record, RowRef};
use empreinte::{Error, ErrorKind, Inventory};

const HEADER: &str =
    "entity,kind,quantity,purchase_year,lifespan_years,country,annual_energy_kwh,disposal_year\n";

fn fail(body: &str) -> Error {
    let csv = format!("{HEADER}Town hall,laptop,3,2021,,BE,,\n{body}");
    assess_text(&csv, None, options(2023, "amortised", "entity")).expect_err("should fail")
}

fn at(e: &Error) -> (Option<u64>, Option<String>) {
    let l = e.location();
    assert_eq!(l.source, "test.csv");
    (l.line, l.column.clone())
}

#[test]
fn malformed_row_names_its_line() {
    let e = fail("Town hall,laptop,3\n");
    assert_eq!(e.code(), "malformed_csv");
    assert_eq!(at(&e).0, Some(3));
    assert!(
        e.to_string().contains("3 fields where the header has 8"),
        "{e}"
    );
}

#[test]
fn unknown_kind_suggests_the_closest() {
    let e = fail("School,lapotp,3,2021,,BE,,\n");
    assert_eq!(e.code(), "unknown_kind");
    assert_eq!(at(&e), (Some(3), Some("kind".into())));
    assert!(e.to_string().contains("did you mean `laptop`"), "{e}");
}

#[test]
fn unknown_country() {
    let e = fail("School,laptop,3,2021,,XX,,\n");
    assert_eq!(e.code(), "unknown_country");
    assert_eq!(at(&e), (Some(3), Some("country".into())));
}

#[test]
fn missing_country_without_default() {
    let e = fail("School,laptop,3,2021,,,,\n");
    assert_eq!(e.code(), "missing_country");
    // With a default country the same row is fine.
    let csv = format!("{HEADER}School,laptop,3,2021,,,,\n");
    assert!(assess_text(&csv, Some("BE"), options(2023, "amortised", "entity")).is_ok());
}

#[test]
fn negative_or_zero_quantity_and_lifespan() {
    for (row, column) in [
        ("School,laptop,-3,2021,,BE,,\n", "quantity"),
        ("School,laptop,0,2021,,BE,,\n", "quantity"),
        ("School,laptop,3,2021,-4,BE,,\n", "lifespan_years"),
        ("School,laptop,3,2021,0,BE,,\n", "lifespan_years"),
        ("School,laptop,3,2021,,BE,-5,\n", "annual_energy_kwh"),
    ] {
        let e = fail(row);
        assert_eq!(e.code(), "out_of_range", "{row}");
        assert_eq!(at(&e), (Some(3), Some(column.into())), "{row}");
    }
}

#[test]
fn nan_and_infinity() {
    for row in [
        "School,laptop,NaN,2021,,BE,,\n",
        "School,laptop,3,2021,inf,BE,,\n",
    ] {
        let e = fail(row);
        assert_eq!(e.code(), "not_finite", "{row}");
        assert_eq!(at(&e).0, Some(3));
    }
}

#[test]
fn unit_in_a_cell_or_a_typo() {
    let e = fail("School,laptop,3,2021,,BE,20 kWh,\n");
    assert_eq!(e.code(), "invalid_number");
    assert_eq!(at(&e), (Some(3), Some("annual_energy_kwh".into())));
}

#[test]
fn unit_typo_in_a_column_name() {
    let csv = "entity,kind,quantity,purchase_year,annual_energy_wh\nA,laptop,1,2020,5\n";
    let e = assess_text(csv, Some("BE"), options(2023, "amortised", "entity")).unwrap_err();
    assert_eq!(e.code(), "unknown_column");
    assert!(
        e.to_string().contains("did you mean `annual_energy_kwh`"),
        "{e}"
    );
    // An unrelated extra column is ignored, and the report says so.
    let csv = "entity,kind,quantity,purchase_year,serial\nA,laptop,1,2020,XYZ-1\n";
    let r = assess_text(csv, Some("BE"), options(2023, "amortised", "entity")).unwrap();
    assert!(r
        .notes
        .iter()
        .any(|n| n.code == "ignored_column" && n.message.contains("serial")));
}

#[test]
fn years_out_of_range() {
    for (row, column) in [
        ("School,laptop,3,1850,,BE,,\n", "purchase_year"),
        ("School,laptop,3,2021.5,,BE,,\n", "purchase_year"),
        ("School,laptop,3,2021,,BE,,2019\n", "disposal_year"),
    ] {
        let e = fail(row);
        assert_eq!(e.code(), "out_of_range", "{row}");
        assert_eq!(at(&e), (Some(3), Some(column.into())), "{row}");
    }
    assert_eq!(
        empreinte::Options::new(
            1900,
            empreinte::Mode::Amortised,
            empreinte::GroupBy::default()
        )
        .unwrap_err()
        .code(),
        "out_of_range"
    );
}

#[test]
fn missing_required_column_and_value() {
    let csv = "entity,kind,purchase_year\nA,laptop,2020\n";
    let e = assess_text(csv, Some("BE"), options(2023, "amortised", "entity")).unwrap_err();
    assert_eq!(e.code(), "missing_column");
    assert!(e.to_string().contains("`quantity`"));
    let e = fail("School,laptop,,2021,,BE,,\n");
    assert_eq!(e.code(), "missing_value");
    assert_eq!(at(&e), (Some(3), Some("quantity".into())));
    let e = fail(",laptop,1,2021,,BE,,\n");
    assert_eq!(at(&e), (Some(3), Some("entity".into())));
}

#[test]
fn empty_files() {
    for csv in [
        "",
        "\n",
        HEADER,
        "\u{feff}entity;kind;quantity;purchase_year\n;;;\n",
    ] {
        let e = assess_text(csv, Some("BE"), options(2023, "amortised", "entity")).unwrap_err();
        assert_eq!(e.code(), "empty_inventory", "{csv:?}");
    }
}

#[test]
fn grouping_defaults_to_entity_everywhere() {
    use empreinte::GroupBy;
    assert_eq!(GroupBy::default().id(), "entity");
    assert_eq!(GroupBy::parse("none").unwrap(), GroupBy::NONE);
    assert_eq!(
        GroupBy::parse(" Kind , entity ").unwrap().id(),
        "entity,kind"
    );
}

#[test]
fn bad_dates_and_options() {
    let csv = "entity,kind,quantity,purchase_date\nA,laptop,1,31/02/2021\n";
    let e = assess_text(csv, Some("BE"), options(2023, "amortised", "entity")).unwrap_err();
    assert_eq!(e.code(), "invalid_date");
    assert_eq!(
        empreinte::Mode::parse("amortise").unwrap_err().code(),
        "invalid_option"
    );
    assert_eq!(
        empreinte::GroupBy::parse("entity,site").unwrap_err().code(),
        "invalid_option"
    );
}

#[test]
fn windows_1252_exports_are_decoded_and_said() {
    // Excel "CSV" in a French locale: Windows-1252, `;`, decimal commas.
    let mut bytes = b"entity;kind;quantity;purchase_year;annual_energy_kwh\r\n".to_vec();
    bytes.extend_from_slice(b"Mairie;laptop;2;2020;12,5\r\nH\xF4tel de ville;laptop;1;2020;\r\n");
    let a = empreinte::assess_csv(
        catalog(),
        "latin1.csv",
        &bytes[..],
        Some("BE"),
        options(2023, "amortised", "entity"),
        |_| {},
    )
    .unwrap();
    let r = empreinte::Report::from(&a);
    let t = r.table();
    assert_eq!(text(&t, "entity", 0), "Hôtel de ville");
    let note = r
        .notes
        .iter()
        .find(|n| n.code == "encoding")
        .expect("an encoding note");
    assert!(
        note.message.contains("line 3") && note.message.contains("Windows-1252"),
        "{}",
        note.message
    );
    // Forced UTF-8: the bad cell is an error naming its line and column.
    let mut inv = Inventory::new(catalog(), Some("BE")).unwrap();
    let e = empreinte::inventory::read_csv_with(
        "latin1.csv",
        &bytes[..],
        empreinte::inventory::ReadOptions {
            encoding: empreinte::inventory::TextEncoding::Utf8,
        },
        &mut inv,
        100,
        |_, _| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "malformed_csv");
    assert_eq!(
        (e.location().line, e.location().column.as_deref()),
        (Some(3), Some("entity"))
    );
}

#[test]
fn spreadsheets_are_told_to_export_csv() {
    for (head, word) in [
        (&b"PK\x03\x04\x14\x00"[..], "xlsx"),
        (
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0][..],
            "xls",
        ),
    ] {
        let e = assess_reader(head).unwrap_err();
        assert_eq!(e.code(), "not_csv");
        assert!(
            e.to_string().contains(word) && e.to_string().contains("CSV"),
            "{e}"
        );
    }
}

#[test]
fn in_memory_records_name_their_row() {
    let c = catalog();
    let mut inv = Inventory::new(c.clone(), Some("BE")).unwrap();
    let bad = Record {
        entity: "A",
        kind: "laptop",
        quantity: Some(1.0),
        purchase_year: Some(2020.0),
        embodied_gwp_kgco2e: [Some(100.0), Some(150.0), None],
        ..Default::default()
    };
    let e = inv.push(&bad, RowRef::Row("frame", 41)).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    let l = e.location();
    assert_eq!(
        (l.row, l.column.as_deref()),
        (Some(41), Some("embodied_gwp_kgco2e_low"))
    );
    let e = inv
        .push(
            &Record {
                embodied_gwp_kgco2e: [None, Some(1.0), None],
                ..bad
            },
            RowRef::Row("frame", 2),
        )
        .unwrap_err();
    assert_eq!(e.code(), "missing_value");
    assert!(inv.is_empty(), "a refused row is not stored");
}

#[test]
fn factor_table_errors() {
    use empreinte::catalog::FactorTable;
    let c = catalog();
    let parse = |s: &str| FactorTable::parse("f.csv", s.as_bytes(), &c);
    let h = "criterion,unit,kind,phase,value,low,high,source\n";
    assert_eq!(
        parse(&format!("{h}adpe,kgco2e,laptop,manufacture,1,,,x\n"))
            .unwrap_err()
            .code(),
        "invalid_criterion"
    );
    assert_eq!(
        parse(&format!("{h}adpe,kgsbeq,laptopp,manufacture,1,,,x\n"))
            .unwrap_err()
            .code(),
        "unknown_kind"
    );
    assert_eq!(
        parse(&format!("{h}adpe,kgsbeq,laptop,use,1,,,x\n"))
            .unwrap_err()
            .code(),
        "invalid_option"
    );
    assert_eq!(
        parse(&format!("{h}gwp,kgco2e,electricity,use,1,,,x\n"))
            .unwrap_err()
            .code(),
        "invalid_criterion"
    );
    assert_eq!(
        parse(&format!("{h}adpe,kgsbeq,laptop,manufacture,1,2,3,x\n"))
            .unwrap_err()
            .code(),
        "out_of_range"
    );
    // Every factor-table error names its file, line and column.
    let e = parse(&format!("{h}adpe,kgsbeq,laptop,use,1,,,x\n")).unwrap_err();
    let l = e.location();
    assert_eq!(
        (l.source.as_str(), l.line, l.column.as_deref()),
        ("f.csv", Some(2), Some("phase"))
    );
    let e = parse(&format!("{h}adpe,kgsbeq,laptop,manufacture,1,,,\n")).unwrap_err();
    assert_eq!(
        (e.code(), e.location().column.as_deref()),
        ("missing_value", Some("source"))
    );
    assert_eq!(parse(h).unwrap_err().code(), "empty_inventory");
}

/// Produces a real error of the given kind from a bad input, or `None` for
/// a kind this test does not know yet (which fails the test below).
fn produce(kind: ErrorKind) -> Option<Error> {
    let o = || options(2023, "amortised", "entity");
    let csv = |body: &str| assess_text(body, Some("BE"), o()).unwrap_err();
    let row = |tail: &str| {
        csv(&format!(
            "entity,kind,quantity,purchase_year,lifespan_years,purchase_date\n{tail}\n"
        ))
    };
    Some(match kind {
        ErrorKind::MalformedCsv => row("A,laptop,1"),
        ErrorKind::EmptyInventory => csv("entity,kind,quantity,purchase_year\n"),
        ErrorKind::MissingColumn => csv("entity,kind,purchase_year\nA,laptop,2020\n"),
        ErrorKind::UnknownColumn => csv("entity,kind,quantity,purchase_year,lifespan_yaers\nA,laptop,1,2020,4\n"),
        ErrorKind::MissingValue => row(",laptop,1,2020,4,"),
        ErrorKind::InvalidNumber => row("A,laptop,1 unit,2020,4,"),
        ErrorKind::NotFinite => row("A,laptop,1,2020,NaN,"),
        ErrorKind::AmbiguousNumber => csv("entity;kind;quantity;purchase_year\nA;laptop;1.5;2020\n"),
        ErrorKind::OutOfRange => row("A,laptop,-1,2020,4,"),
        ErrorKind::InvalidDate => row("A,laptop,1,,4,2020-02-30"),
        ErrorKind::UnknownKind => row("A,lapotp,1,2020,4,"),
        ErrorKind::UnknownCountry => csv("entity,kind,quantity,purchase_year,country\nA,laptop,1,2020,XX\n"),
        ErrorKind::NoDefaultEnergy => assess_with(
            catalog_with(&[("router.csv", include_str!("fixtures/archetypes-router.csv"))]),
            "entity,kind,quantity,purchase_year\nA,test_router,1,2020\n",
            Some("BE"),
            o(),
        )
        .unwrap_err(),
        ErrorKind::NoLoadModel => csv("entity,kind,quantity,purchase_year,utilisation\nA,laptop,1,2020,0.5\n"),
        ErrorKind::ConflictingColumns => csv("entity,kind,quantity,purchase_year,utilisation,annual_energy_kwh\nA,server_2s,1,2020,0.5,900\n"),
        ErrorKind::MissingCountry => assess_text("entity,kind,quantity,purchase_year\nA,laptop,1,2020\n", None, o()).unwrap_err(),
        ErrorKind::InvalidCriterion => empreinte::catalog::FactorTable::parse(
            "f.csv",
            b"criterion,unit,kind,phase,value,low,high,source\nadpe,kgco2e,laptop,manufacture,1,,,x\n",
            &catalog(),
        )
        .unwrap_err(),
        ErrorKind::InvalidOption => empreinte::Mode::parse("yearly").unwrap_err(),
        ErrorKind::NotCsv => csv("PK\u{3}\u{4} a zip archive"),
        ErrorKind::Dataset => empreinte::grid::Grid::from_csv(
            "g",
            "zone,name,year,intensity_gco2e_per_kwh\nBE,B,2020,NaN\n",
        )
        .unwrap_err(),
        ErrorKind::Io => {
            struct Broken;
            impl std::io::Read for Broken {
                fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                    Err(std::io::Error::other("disk on fire"))
                }
            }
            empreinte::assess_csv(catalog(), "broken.csv", Broken, None, o(), |_| {}).unwrap_err()
        }
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

#[test]
fn every_error_kind_is_produced_by_a_real_bad_input() {
    use strum::IntoEnumIterator;
    let codes = Error::codes();
    assert_eq!(codes.len(), ErrorKind::iter().count());
    for kind in ErrorKind::iter() {
        let e = produce(kind).unwrap_or_else(|| panic!("no bad input produces {kind:?} yet"));
        assert_eq!(e.kind(), kind, "{e}");
        assert_eq!(e.code(), kind.code());
        assert!(codes.contains(&e.code()));
        // Every error says where: at least the input's name or the option.
        let l = e.location();
        assert!(!l.source.is_empty() || l.column.is_some(), "{kind:?}: {e}");
    }
}

#[test]
fn foreign_ids_and_inventories_are_refused_not_indexed() {
    use empreinte::catalog::{embedded, DatasetInfo};
    use empreinte::quantity::Phase;
    // A catalog with one kind only, from the embedded tables' first lines.
    let archetypes = embedded("empreinte-archetypes").unwrap();
    let grid = embedded("ember-owid").unwrap();
    let first_two: String = archetypes
        .text
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    let small = empreinte::Catalog::from_tables(
        &first_two,
        DatasetInfo::user("one-kind"),
        grid.text,
        grid.info,
    )
    .unwrap();
    assert_eq!(small.archetypes().len(), 1);
    let big = catalog();
    let last = big.kinds().last().unwrap().0;
    assert!(last.index() >= 1);
    // An id of the big catalog means nothing to the small one: an error or
    // no value, never a panic or another kind's value.
    assert_eq!(small.archetype(last).unwrap_err().code(), "unknown_kind");
    assert_eq!(small.embodied(0, last, Phase::Manufacture), None);
    assert!(small
        .embodied_table_source(0, last, Phase::Manufacture)
        .is_none());
    assert!(small.archetype_source(last, "lifespan").is_none());
    assert_eq!(small.embodied(99, last, Phase::Use), None);
    assert_eq!(small.electricity_factor(99), None);
    // An inventory validated against one catalog cannot be assessed with another.
    let mut inv = Inventory::new(big.clone(), Some("BE")).unwrap();
    let rec = Record {
        entity: "A",
        kind: &big.archetype(last).unwrap().kind,
        quantity: Some(1.0),
        purchase_year: Some(2020.0),
        ..Default::default()
    };
    inv.push(&rec, RowRef::Row("frame", 0)).unwrap();
    let mut other = empreinte::Assessor::new(
        std::sync::Arc::new((*big).clone()),
        options(2023, "amortised", "entity"),
    );
    assert_eq!(other.add(&inv).unwrap_err().code(), "dataset");
}

#[test]
fn lifespans_below_a_month_are_refused() {
    let e = fail("School,laptop,3,2021,5e-324,BE,,\n");
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(at(&e), (Some(3), Some("lifespan_years".into())));
}

/// A reader that hands out its bytes `step` at a time, as a slow pipe does.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn assess_reader(reader: impl std::io::Read) -> empreinte::Result<empreinte::Report> {
    empreinte::assess_csv(
        catalog(),
        "stdin",
        reader,
        Some("BE"),
        options(2023, "amortised", "entity"),
        |_| {},
    )
    .map(|a| empreinte::Report::from(&a))
}

#[test]
fn the_same_bytes_give_the_same_answer_however_they_arrive() {
    let semicolon = "\u{feff}entity;kind;quantity;purchase_year;country;annual_energy_kwh\nA;laptop;1;2022;BE;12,5\nB;desktop;2;2020;BE;\n";
    for text in [
        semicolon,
        &semicolon.replace(';', ",").replace("12,5", "12.5"),
    ] {
        let whole = assess_reader(text.as_bytes()).unwrap();
        for step in [1, 2, 3, 7] {
            let pieces = assess_reader(Trickle {
                bytes: text.as_bytes(),
                step,
            })
            .unwrap();
            assert_eq!(whole.table(), pieces.table(), "step {step}");
        }
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            whole.table(),
            assess_reader(crlf.as_bytes()).unwrap().table()
        );
    }
    // The `,` and `;` dialects of the same inventory give the same numbers.
    let a = assess_reader(semicolon.as_bytes()).unwrap();
    let b = assess_reader(
        semicolon
            .replace(';', ",")
            .replace("12,5", "12.5")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(a.table(), b.table());
}

#[test]
fn line_numbers_are_physical_lines_after_crlf_blank_lines_and_cr_only() {
    let line_of = |text: &str| {
        let e = assess_reader(text.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "invalid_number", "{e}");
        e.location().line
    };
    let header = "entity,kind,quantity,purchase_year,country";
    assert_eq!(
        line_of(&format!(
            "{header}\r\nA,laptop,1,2021,BE\r\nB,laptop,x,2021,BE\r\n"
        )),
        Some(3)
    );
    assert_eq!(
        line_of(&format!(
            "{header}\n\nA,laptop,1,2021,BE\n\n\nB,laptop,x,2021,BE\n"
        )),
        Some(6)
    );
    assert_eq!(
        line_of(&format!(
            "{header}\rA,laptop,1,2021,BE\rB,laptop,x,2021,BE\r"
        )),
        Some(3)
    );
    assert_eq!(
        line_of(&format!(
            "{header}\r\n\r\nA,laptop,\"1\",2021,BE\r\nB,laptop,x,2021,BE"
        )),
        Some(4)
    );
    for step in [1, 5] {
        let text = format!("{header}\r\nA,laptop,1,2021,BE\r\nB,laptop,x,2021,BE\r\n");
        let e = assess_reader(Trickle {
            bytes: text.as_bytes(),
            step,
        })
        .unwrap_err();
        assert_eq!(e.location().line, Some(3));
    }
    // Malformed rows too.
    let e = assess_reader(format!("{header}\r\n\r\nA,laptop,1\r\n").as_bytes()).unwrap_err();
    assert_eq!((e.code(), e.location().line), ("malformed_csv", Some(3)));
}

#[test]
fn decimal_comma_files_read_dots_as_thousands_or_refuse() {
    let csv =
        |q: &str| format!("entity;kind;quantity;purchase_year;country\nA;laptop;{q};2022;BE\n");
    let devices = |q: &str| {
        number(
            &assess_reader(csv(q).as_bytes()).unwrap().total_table(),
            "devices",
            0,
        )
    };
    assert_eq!(devices("1.000"), Some(1000.0));
    assert_eq!(devices("1.000,5"), Some(1000.5));
    let e = assess_reader(csv("1.5").as_bytes()).unwrap_err();
    assert_eq!((e.code(), e.location().line), ("ambiguous_number", Some(2)));
    assert_eq!(e.location().column.as_deref(), Some("quantity"));
}

#[test]
fn purchase_year_and_date_that_disagree_are_refused() {
    let text = "entity,kind,quantity,purchase_year,purchase_date,country\nA,laptop,1,2022,2022-03-01,BE\nB,laptop,1,2021,2022-03-01,BE\n";
    let e = assess_reader(text.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(e.location().line, Some(3));
    assert!(e.to_string().contains("disagree"), "{e}");
}

#[test]
fn huge_values_cost_little_and_are_not_echoed_whole() {
    let big = "x".repeat(5_000_000);
    for text in [
        format!("entity,kind,quantity,purchase_year,country\nA,laptop,1,2022,{big}\n"),
        format!("entity,kind,quantity,purchase_year,country\nA,{big},1,2022,BE\n"),
        format!("entity,kind,quantity,purchase_year,country,{big}s\nA,laptop,1,2022,BE,1\n"),
        format!("entity,kind,quantity,purchase_year,country\nA,laptop,1{big},2022,BE\n"),
    ] {
        let e = assess_reader(text.as_bytes());
        let message = match e {
            Err(e) => e.to_string(),
            Ok(r) => format!("{:?}", r.notes),
        };
        assert!(message.len() < 600, "{} bytes echoed", message.len());
    }
}

#[test]
fn factor_tables_count_lines_and_bound_values() {
    use empreinte::catalog::FactorTable;
    let c = catalog();
    let h = "criterion,unit,kind,phase,value,low,high,source\r\n";
    let text = format!(
        "{h}\r\nadpe,kgsbeq,laptop,manufacture,1,,,x\r\nadpe,kgsbeq,laptop,manufacture,x,,,x\r\n"
    );
    let e = FactorTable::parse("f.csv", text.as_bytes(), &c).unwrap_err();
    assert_eq!((e.code(), e.location().line), ("invalid_number", Some(4)));
    // A high bound of 1e308 would overflow every sum: refused with its place.
    let text = format!("{h}adpe,kgsbeq,laptop,manufacture,1,0.5,1e308,x\r\n");
    let e = FactorTable::parse("f.csv", text.as_bytes(), &c).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(
        (e.location().line, e.location().column.as_deref()),
        (Some(2), Some("high"))
    );
}

#[test]
fn unknown_kinds_suggest_synonyms_or_point_to_the_list() {
    for (word, kind) in [
        ("beamer", "projector"),
        ("vidéoprojecteur", "projector"),
        ("Portable", "laptop"),
        ("beeldscherm", "monitor_22_24"),
    ] {
        let e = fail(&format!("School,{word},3,2021,,BE,,\n"));
        assert!(
            e.to_string().contains(&format!("did you mean `{kind}`")),
            "{e}"
        );
    }
    let e = fail("School,toaster,3,2021,,BE,,\n");
    assert!(e.to_string().contains("`empreinte factors`"), "{e}");
    // Every synonym names a kind that exists.
    let c = catalog();
    for line in empreinte::catalog::KIND_SYNONYMS_CSV.lines().skip(1) {
        let kind = line.split(',').nth(1).unwrap();
        assert!(c.archetypes().iter().any(|a| a.kind == kind), "{line}");
    }
}

#[test]
fn an_empty_year_says_so_with_zero_totals_and_missing_criteria() {
    let csv = "entity,kind,quantity,purchase_year,country\nA,laptop,1,2030,BE\n";
    let a = empreinte::assess_csv(
        catalog(),
        "f.csv",
        csv.as_bytes(),
        None,
        options(2024, "amortised", "entity"),
        |_| {},
    )
    .unwrap();
    assert!(
        a.notes.iter().any(|n| n.code == "no_device_in_service"),
        "{:?}",
        a.notes
    );
    assert_eq!(a.total.impacts[0].total().map(|e| e.central()), Some(0.0));
    assert_eq!(
        a.total.impacts[1].total(),
        None,
        "adpe has no data: missing, not zero"
    );
}

#[test]
fn a_criterion_covering_some_kinds_names_the_kinds_without_data() {
    let table = "criterion,unit,kind,phase,value,low,high,source\nadpe,kgsbeq,laptop,manufacture,0.01,,,x\nadpe,kgsbeq,laptop,transport,0.001,,,x\nadpe,kgsbeq,laptop,end_of_life,0.001,,,x\nadpe,kgsbeq,electricity,use,0.00001,,,x\n";
    let csv =
        "entity,kind,quantity,purchase_year,country\nA,laptop,1,2022,BE\nA,desktop,1,2022,BE\n";
    let r = assess_with(
        catalog_with(&[("f.csv", table)]),
        csv,
        None,
        options(2023, "amortised", "entity"),
    )
    .unwrap();
    let note = r
        .notes
        .iter()
        .find(|n| n.code == "criterion_missing")
        .unwrap();
    assert!(
        note.message
            .contains("desktop (manufacture, transport, end_of_life)"),
        "{}",
        note.message
    );
    assert!(!note.message.contains("laptop"), "{}", note.message);
}

#[test]
fn a_column_named_with_separators_does_not_change_the_dialect() {
    let base = |a: &str| assess_reader(a.as_bytes()).unwrap().table();
    let plain = base("entity,kind,quantity,purchase_year,country\nTown hall,laptop,10,2021,BE\n");
    for text in [
        "entity,kind,quantity,purchase_year,country,a;b;c;d;e;f;g;h\nTown hall,laptop,10,2021,BE,x\n",
        "entity,kind,quantity,purchase_year,country,\"a;b;c;d;e;f;g;h\"\nTown hall,laptop,10,2021,BE,x\n",
        "entity;kind;quantity;purchase_year;country;a,b,c,d,e,f,g,h\nTown hall;laptop;10;2021;BE;x\n",
    ] {
        assert_eq!(base(text), plain, "{text}");
    }
}

#[test]
fn french_and_dutch_headers_read_as_the_format() {
    let english = "entity,kind,quantity,purchase_year\nMairie,laptop,10,2021\n";
    let want = assess_text(english, Some("BE"), options(2023, "amortised", "entity")).unwrap();
    for csv in [
        "\u{feff}Entité;Type;Quantité;Année d’achat\nMairie;laptop;10;2021\n",
        "Entiteit;Soort;Aantal;Aankoopjaar\nMairie;laptop;10;2021\n",
    ] {
        let got = assess_text(csv, Some("BE"), options(2023, "amortised", "entity")).unwrap();
        assert_eq!(got.table(), want.table(), "{csv}");
        assert!(
            !got.notes.iter().any(|n| n.code == "ignored_column"),
            "{:?}",
            got.notes
        );
    }
    // An English and a French name of the same column: the column appears twice.
    let e = assess_text(
        "entity,entité,kind,quantity,purchase_year\nA,A,laptop,1,2021\n",
        Some("BE"),
        options(2023, "amortised", "entity"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
}

/// An error of a whole file (its own header).
fn whole(csv: &str) -> Error {
    assess_text(csv, None, options(2023, "amortised", "entity")).expect_err("should fail")
}

/// Issue 19: what a French Excel export gets wrong is named with its fix:
/// every unknown column at once, a bare year where a date goes, a total
/// row, a decimal comma where a point is read.
#[test]
fn spreadsheet_habits_get_a_hint() {
    let e =
        whole("entity,kind,quantiy,purchse_year,lifespan_years,country\nA,laptop,2,2021,4,BE\n");
    assert_eq!(e.kind(), ErrorKind::UnknownColumn);
    let m = e.to_string();
    assert!(
        m.contains("`quantiy` (did you mean `quantity`?)")
            && m.contains("also unknown: `purchse_year` (did you mean `purchase_year`?)"),
        "{m}"
    );
    assert_eq!(at(&e), (Some(1), Some("quantiy".into())));

    let e = whole("entity,kind,quantity,purchase_date,country\nA,laptop,2,2021,BE\n");
    assert_eq!(e.kind(), ErrorKind::InvalidDate);
    assert!(
        e.to_string()
            .contains("a year alone goes in the column `purchase_year`"),
        "{e}"
    );
    // A real bad date gets no such hint.
    let e = whole("entity,kind,quantity,purchase_date,country\nA,laptop,2,2021-13-45,BE\n");
    assert!(!e.to_string().contains("a year alone"), "{e}");

    for total in ["Total", "TOTAL:", "Totaal", "Grand total", "Somme générale"] {
        let e = whole(&format!(
            "entity,kind,quantity,purchase_year,country\nA,laptop,2,2021,BE\n{total},,2,,\n"
        ));
        assert_eq!(e.kind(), ErrorKind::MalformedCsv, "{total}");
        assert!(e.to_string().contains("total row"), "{total}: {e}");
        assert_eq!(at(&e), (Some(3), Some("entity".into())), "{total}");
    }
    // An entity that only starts like one is an entity (and gets the usual error).
    let e = whole("entity,kind,quantity,purchase_year,country\nTotalEnergies site,,2,2021,BE\n");
    assert_eq!(e.kind(), ErrorKind::MissingValue);

    let e = whole(
        "entity,kind,quantity,purchase_year,lifespan_years,country\nA,laptop,2,2021,\"5,9\",BE\n",
    );
    assert_eq!(e.kind(), ErrorKind::InvalidNumber);
    assert!(
        e.to_string().contains("a decimal comma? write `5.9`"),
        "{e}"
    );
    let e =
        whole("entity,kind,quantity,purchase_year,lifespan_years,country\nA,laptop,2,2021,5y,BE\n");
    assert!(!e.to_string().contains("decimal comma"), "{e}");
}
