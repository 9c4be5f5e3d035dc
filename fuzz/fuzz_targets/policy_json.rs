//! Any bytes as a policy file (JSON, as every surface hands it to core):
//! no panic; an accepted policy simulates the reference inventory with
//! finite results, conserves devices (every device in service at the start
//! or bought is in stock, disposed of or donated, each year; every donation
//! reaches the second life) and conserves embodied emissions and devices
//! across groups (the fleet's figures are the sum of its entities' and
//! kinds', in both modes).
#![no_main]

use empreinte::policy::{simulate, Policy, YearFigures, REFERENCE_SCENARIOS};
use empreinte::Catalog;
use libfuzzer_sys::fuzz_target;

fn close(a: f64, b: f64, what: &str, year: i32) {
    assert!(
        (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0),
        "{year}: {what}: {a} vs {b}"
    );
}

/// The figures that add up across groups.
fn additive(y: &YearFigures) -> [f64; 7] {
    [
        y.stock_devices,
        y.purchases_devices,
        y.disposals_devices,
        y.donations_devices,
        y.embodied_amortised_kgco2e.central(),
        y.embodied_acquisition_kgco2e.central(),
        y.use_kgco2e.central(),
    ]
}

const NAMES: [&str; 7] = [
    "stock_devices",
    "purchases_devices",
    "disposals_devices",
    "donations_devices",
    "embodied_amortised_kgco2e",
    "embodied_acquisition_kgco2e",
    "use_kgco2e",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::embedded() else {
        return;
    };
    let Ok(policy) = Policy::from_json("policy.json", text, &catalog) else {
        return;
    };
    // Keep a run small: the fuzzer explores the rules, not long horizons.
    if policy.end_year - policy.start_year > 30 {
        return;
    }
    let Some(scenario) = REFERENCE_SCENARIOS.first() else {
        return;
    };
    let Ok(inventory) = scenario.inventory(catalog) else {
        return;
    };
    let Ok(result) = simulate(&inventory, &policy) else {
        return;
    };
    for year in &result.total {
        let json = serde_json::to_value(year).unwrap_or_default();
        for (k, v) in json.as_object().into_iter().flatten() {
            if let Some(x) = v.as_f64() {
                assert!(x.is_finite(), "{k} = {x}");
            }
        }
    }
    // Devices: in service at the start plus bought = in stock plus left.
    let Some(first) = result.total.first() else {
        return;
    };
    let mut bought = first.stock_devices - first.purchases_devices;
    assert!(
        bought >= -1e-9,
        "{}: negative devices at the start: {bought}",
        first.year
    );
    let mut left = 0.0;
    for y in &result.total {
        bought += y.purchases_devices;
        close(
            bought,
            y.stock_devices + left,
            "bought vs stock + left",
            y.year,
        );
        left += y.disposals_devices + y.donations_devices;
        for (name, v) in NAMES.iter().zip(additive(y)) {
            assert!(v >= -1e-9, "{}: {name} = {v}", y.year);
        }
    }
    // Every donation reaches the second life.
    let donated: f64 = result.total.iter().map(|y| y.donations_devices).sum();
    let received: f64 = result.second_life.iter().map(|s| s.donated_devices).sum();
    close(
        donated,
        received,
        "donated vs second-life donations",
        policy.end_year,
    );
    // The fleet is the sum of its groups, devices and emissions.
    for (i, y) in result.total.iter().enumerate() {
        let mut sum = [0.0; 7];
        for g in &result.groups {
            let Some(gy) = g.years.get(i) else {
                panic!("{}: group {} {} has no year {i}", y.year, g.entity, g.kind)
            };
            assert_eq!(gy.year, y.year);
            for (s, v) in sum.iter_mut().zip(additive(gy)) {
                *s += v;
            }
        }
        for ((name, total), groups) in NAMES.iter().zip(additive(y)).zip(sum) {
            close(
                total,
                groups,
                &format!("{name}: fleet vs sum of groups"),
                y.year,
            );
        }
    }
});
