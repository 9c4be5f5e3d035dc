//! Any bytes as a policy file (JSON, as every surface hands it to core):
//! no panic; an accepted policy simulates the reference inventory with
//! finite results and conserves devices.
#![no_main]

use empreinte::policy::{simulate, Policy, REFERENCE_SCENARIOS};
use empreinte::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(catalog) = Catalog::embedded() else { return };
    let Ok(policy) = Policy::from_json("policy.json", text, &catalog) else { return };
    // Keep a run small: the fuzzer explores the rules, not long horizons.
    if policy.end_year - policy.start_year > 30 {
        return;
    }
    let Some(scenario) = REFERENCE_SCENARIOS.first() else { return };
    let Ok(inventory) = scenario.inventory(catalog) else { return };
    let Ok(result) = simulate(&inventory, &policy) else { return };
    for year in &result.total {
        let json = serde_json::to_value(year).unwrap_or_default();
        for (k, v) in json.as_object().into_iter().flatten() {
            if let Some(x) = v.as_f64() {
                assert!(x.is_finite(), "{k} = {x}");
            }
        }
    }
});
