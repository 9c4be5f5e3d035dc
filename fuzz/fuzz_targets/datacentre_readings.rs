//! Any bytes as data-centre meter readings: no panic; accepted readings
//! assess (with the illustrative facility) to finite KPIs and scopes, the
//! same whether read at once or byte by byte.
#![no_main]

use empreinte::datacentre::{
    assess, example, read_facility, read_readings, Inputs, ReadingsOptions,
};
use empreinte::grid::hourly::TimeZone;
use empreinte::inventory::TextEncoding;
use empreinte::{Catalog, Report};
use libfuzzer_sys::fuzz_target;

#[path = "trickle.rs"]
mod trickle;
use trickle::Trickle;

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::embedded() else { return };
    let Ok(zone) = TimeZone::parse(example::TIME_ZONE) else { return };
    let options = ReadingsOptions { time_zone: zone, ..ReadingsOptions::default() };
    let whole = read_readings("r.csv", data, options, |_| {});
    let pieces = read_readings("r.csv", Trickle(data), options, |_| {});
    match (&whole, &pieces) {
        (Ok(_), Ok(_)) | (Err(_), Err(_)) => {}
        _ => panic!("one read and byte-by-byte reads disagree: {whole:?} vs {pieces:?}"),
    }
    if let (Err(a), Err(b)) = (&whole, &pieces) {
        assert_eq!(a, b, "the same error whatever the read sizes");
    }
    let Ok(readings) = whole else { return };
    let Ok(facility) = read_facility("facility", example::FACILITY_CSV.as_bytes(), TextEncoding::Auto) else {
        return;
    };
    let Ok(dc) = assess(&Inputs::new(facility, readings), &catalog) else { return };
    for section in Report::from(&dc).sections {
        for column in section.table().columns {
            if let empreinte::report::ColumnValues::Number(values) = column.values {
                assert!(values.iter().flatten().all(|v| v.is_finite()), "{}: {}", section.name, column.name);
            }
        }
    }
});
