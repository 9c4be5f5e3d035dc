//! Any bytes as an inventory CSV: no panic; an accepted file gives finite
//! results, the same whether read at once, byte by byte or with CRLF line
//! ends.
#![no_main]

use empreinte::{assess_csv, Catalog, GroupBy, Mode, Options, Report};
use libfuzzer_sys::fuzz_target;

#[path = "trickle.rs"]
mod trickle;
use trickle::Trickle;

fn check(report: &Report) {
    for table in [report.table(), report.total_table()] {
        for column in &table.columns {
            if let empreinte::report::ColumnValues::Number(values) = &column.values {
                for v in values.iter().flatten() {
                    assert!(v.is_finite(), "{} = {v}", column.name);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::embedded() else { return };
    let Ok(options) = Options::new(2023, Mode::Amortised, GroupBy::parse("entity,kind").unwrap_or_default()) else { return };
    let whole = assess_csv(catalog.clone(), "f.csv", data, Some("BE"), options, |_| {});
    let pieces = assess_csv(catalog.clone(), "f.csv", Trickle(data), Some("BE"), options, |_| {});
    match (&whole, &pieces) {
        (Ok(a), Ok(b)) => {
            let (a, b) = (Report::from(a), Report::from(b));
            check(&a);
            assert_eq!(a.table(), b.table(), "one read vs byte by byte");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "one read vs byte by byte"),
        _ => panic!("one read and byte-by-byte reads disagree: {whole:?} vs {pieces:?}"),
    }
    // LF vs CRLF: the same answer, errors on the same lines.
    if !data.contains(&b'\r') && !data.contains(&b'"') {
        let crlf: Vec<u8> = data.iter().flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] }).collect();
        let other = assess_csv(catalog, "f.csv", &crlf[..], Some("BE"), options, |_| {});
        match (&whole, &other) {
            (Ok(a), Ok(b)) => assert_eq!(Report::from(a).table(), Report::from(b).table(), "LF vs CRLF"),
            (Err(a), Err(b)) => assert_eq!((a.code(), a.location().line), (b.code(), b.location().line), "LF vs CRLF"),
            _ => panic!("LF and CRLF disagree: {whole:?} vs {other:?}"),
        }
    }
});
