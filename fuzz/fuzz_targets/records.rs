//! Records as a binding (Python, JavaScript) builds them, from arbitrary
//! numbers and texts: no panic; accepted rows give finite results, and a
//! one-row fleet books what the single-device footprint says for that year.
#![no_main]

use empreinte::fleet::device::{footprint, DeviceSpec};
use empreinte::inventory::{Inventory, Record, RowRef};
use empreinte::{assess, Catalog, GroupBy, Mode, Options};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    kind: u8,
    quantity: f64,
    purchase_year: i16,
    lifespan: Option<f64>,
    energy: Option<f64>,
    embodied: Option<f64>,
    disposal_after: Option<u8>,
    year: i16,
    acquisition: bool,
    entity: String,
    country: String,
    extra_years: f64,
}

fuzz_target!(|input: Input| {
    let Ok(catalog) = Catalog::embedded() else { return };
    let kinds: Vec<String> = catalog.archetypes().iter().map(|a| a.kind.clone()).collect();
    let kind = kinds[usize::from(input.kind) % kinds.len()].clone();
    let purchase = i32::from(input.purchase_year);
    let year = i32::from(input.year);
    let mode = if input.acquisition { Mode::Acquisition } else { Mode::Amortised };
    let Ok(mut inventory) = Inventory::new(catalog.clone(), Some("BE")) else { return };
    let record = Record {
        entity: if input.entity.is_empty() { "A" } else { &input.entity },
        kind: &kind,
        quantity: Some(input.quantity),
        purchase_year: Some(f64::from(purchase)),
        lifespan_years: input.lifespan,
        country: Some(&input.country).filter(|c| !c.is_empty()).map(String::as_str),
        annual_energy_kwh: [input.energy, None, None],
        embodied_gwp_kgco2e: [input.embodied, None, None],
        disposal_year: input.disposal_after.map(|d| f64::from(purchase + i32::from(d))),
        ..Default::default()
    };
    if inventory.push(&record, RowRef::Row("fuzz", 0)).is_err() {
        return;
    }
    // Keeping devices longer: finite, never negative savings when accepted.
    if let Ok(ext) = empreinte::fleet::lifespan::keep_longer(&inventory, input.extra_years) {
        let s = ext.total_saving_gwp_kgco2e_per_year;
        assert!(s.high().is_finite() && s.low() >= 0.0, "{s:?}");
    }
    let Ok(options) = Options::new(year, mode, GroupBy::NONE) else { return };
    let fleet = assess(&inventory, options).expect("an accepted row assesses");
    let spec = DeviceSpec {
        kind: kind.clone(),
        // The inventory's default country applies to a blank one; a device
        // has no default, so it is given the same.
        country: record
            .country
            .filter(|c| !c.trim().is_empty())
            .unwrap_or("BE")
            .to_owned(),
        year,
        purchase_year: Some(purchase),
        disposal_year: input.disposal_after.map(|d| purchase + i32::from(d)),
        mode,
        lifespan_years: input.lifespan,
        annual_energy_kwh: input.energy,
        embodied_gwp_kgco2e: input.embodied,
    };
    let device = footprint(catalog, &spec).expect("the same values as a device");
    let q = input.quantity;
    for (f, d) in fleet.total.impacts.iter().zip(&device.criteria) {
        for (fp, dp) in f.0.iter().zip(d.in_year.0.iter()) {
            if let (Some(f), Some(d)) = (fp, dp) {
                for (a, b) in f.bounds().into_iter().zip(d.bounds()) {
                    assert!(a.is_finite() && b.is_finite());
                    assert!((a - b * q).abs() <= 1e-9 * a.abs().max(1.0), "fleet {a} vs device {b} x {q}");
                }
            }
        }
    }
});
