//! Any bytes as a data-centre facility, tenants, instruments or hourly grid
//! file (the first byte chooses: `f`, `t`, `i`, anything else an hourly
//! series): no panic; the same answer read at once and byte by byte; an
//! accepted file assesses (with the illustrative readings and the other
//! illustrative files) to finite figures or a typed error.
#![no_main]

use empreinte::datacentre::{
    assess, example, read_facility, read_instruments, read_readings, read_tenants, Inputs,
    ReadingsOptions,
};
use empreinte::grid::hourly::{HourlySeries, TimeZone};
use empreinte::inventory::TextEncoding;
use empreinte::{Catalog, Report};
use libfuzzer_sys::fuzz_target;

const AUTO: TextEncoding = TextEncoding::Auto;

#[path = "trickle.rs"]
mod trickle;
use trickle::Trickle;

/// Reads `body` at once and byte by byte with `read`, and checks both agree.
fn both<T: PartialEq + std::fmt::Debug>(
    body: &[u8],
    read: impl Fn(&mut dyn std::io::Read) -> empreinte::Result<T>,
) -> Option<T> {
    let mut whole: &[u8] = body;
    let a = read(&mut whole);
    let b = read(&mut Trickle(body));
    assert_eq!(a, b, "one read and byte-by-byte reads disagree");
    a.ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    let Ok(catalog) = Catalog::embedded() else { return };
    let Ok(zone) = TimeZone::parse(example::TIME_ZONE) else { return };
    let options = ReadingsOptions { time_zone: zone, ..ReadingsOptions::default() };
    let Ok(readings) = read_readings("r", example::READINGS_CSV.as_bytes(), options, |_| {}) else {
        return;
    };
    let Ok(facility) = read_facility("f", example::FACILITY_CSV.as_bytes(), AUTO) else { return };
    let mut inputs = Inputs::new(facility, readings);
    match which {
        b'f' => match both(body, |r| read_facility("facility.csv", r, AUTO)) {
            Some(f) => inputs.facility = f,
            None => return,
        },
        b't' => match both(body, |r| read_tenants("tenants.csv", r, AUTO)) {
            Some((t, notes)) => {
                inputs.tenants = t;
                inputs.notes = notes;
            }
            None => return,
        },
        b'i' => match both(body, |r| read_instruments("instruments.csv", r, AUTO)) {
            Some(i) => inputs.instruments = Some(i),
            None => return,
        },
        _ => match both(body, |r| HourlySeries::from_csv("hourly.csv", r, "BE")) {
            Some(h) => inputs.hourly = Some(h),
            None => return,
        },
    }
    let Ok(dc) = assess(&inputs, &catalog) else { return };
    for section in Report::from(&dc).sections {
        for column in section.table().columns {
            if let empreinte::report::ColumnValues::Number(values) = column.values {
                assert!(values.iter().flatten().all(|v| v.is_finite()), "{}: {}", section.name, column.name);
            }
        }
    }
});
