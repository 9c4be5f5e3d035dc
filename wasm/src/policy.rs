//! Fleet policies over the years: `simulate(inventory, policy, options)`,
//! `compare(inventory, policies, options)`, `tender(bids, options)` and
//! `referenceScenarios()`. A policy is a plain object of the keys of a
//! policy file (or its JSON text), checked by the core
//! ([`Policy::from_json_value`]); results are the core's reports as JSON
//! (`Report::to_json_sections`), as the command writes them.

use crate::catalog::catalog;
use crate::convert::{
    csv_bytes, describe, get, input_options, json, json_of, number, sections_report, text,
};
use crate::errors::to_js;
use crate::inventory;
use empreinte::inventory::reader::ReadOptions;
use empreinte::policy::{
    self, parse_bids, score_bids, Comparison, Policy, TenderOptions, REFERENCE_SCENARIOS,
};
use empreinte::report::montecarlo::comparison_json;
use empreinte::report::WriteOptions;
use empreinte::{Catalog, Error, Location, Report};
use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;

/// A policy from a plain object (or its JSON text) named `source` in errors.
fn policy(value: &JsValue, source: &str, catalog: &Catalog) -> empreinte::Result<Policy> {
    let text = match value.as_string() {
        Some(s) => s,
        None => JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default(),
    };
    Policy::from_json(source, &text, catalog)
}

/// The policies of an array, named `policies[i]` in errors.
fn policy_list(policies: &JsValue, catalog: &Catalog) -> empreinte::Result<Vec<Policy>> {
    if !Array::is_array(policies) {
        return Err(Error::invalid_option(
            "policies",
            &describe(policies),
            "an array of policies",
        ));
    }
    Array::from(policies)
        .iter()
        .enumerate()
        .map(|(i, p)| policy(&p, &format!("policies[{i}]"), catalog))
        .collect()
}

/// The policy report as JSON with `crossing_year` (the first year at or
/// below the reduction trajectory, `null` if none).
fn sections_json(
    report: &Report,
    crossing_year: Option<Option<i32>>,
) -> empreinte::Result<serde_json::Value> {
    let mut value = sections_report(report)?;
    if let (Some(obj), Some(y)) = (value.as_object_mut(), crossing_year) {
        obj.insert("crossing_year".into(), serde_json::json!(y));
    }
    Ok(value)
}

/// Simulates a fleet policy year by year. `inventory` as in `assess` (CSV
/// text or bytes, or records; a reference scenario's `inventory_csv`);
/// `policy` an object of policy keys (`lifespan_years`, `refurbished_pct`,
/// `donated_pct`, `second_life_years`, ... see `referenceScenarios()`);
/// `options`: `{ country?, name?, encoding?, factors? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError`: a bad inventory line or record, a policy key
/// unknown or out of range (column `lifespan_years.laptop`).
#[wasm_bindgen(unchecked_return_type = "PolicyReport")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | InventoryRecord[]")]
    inventory: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicySpec | string")] policy_value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InputOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let catalog = catalog(&options)?;
        let p = policy(&policy_value, "policy", &catalog)?;
        let (inv, notes) = inventory::read(catalog, &input_options(&options)?, &inventory)?;
        let mut result = policy::simulate(&inv, &p)?;
        result.notes.splice(0..0, notes);
        let crossing = result.crossing_year;
        Ok(json(&sections_json(
            &Report::from(&result),
            Some(crossing),
        )?))
    };
    run().map_err(to_js)
}

/// Compares policies on one inventory: each policy's years, the
/// cumulative totals and differences with the first, the year each crosses
/// its reduction trajectory. Errors name the policy as `policies[i]`.
///
/// # Errors
///
/// Throws an `EmpreinteError` as `simulate`.
#[wasm_bindgen(unchecked_return_type = "PolicyReport")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | InventoryRecord[]")]
    inventory: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Array<PolicySpec | string>")] policies: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InputOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let catalog = catalog(&options)?;
        let list = policy_list(&policies, &catalog)?;
        let (inv, notes) = inventory::read(catalog, &input_options(&options)?, &inventory)?;
        let mut c: Comparison = policy::compare(&inv, &list)?;
        if let Some(first) = c.results.first_mut() {
            first.notes.splice(0..0, notes);
        }
        Ok(json(&sections_json(&Report::from(&c), None)?))
    };
    run().map_err(to_js)
}

/// Compares policies on one inventory under Monte Carlo, with common
/// random numbers: each policy's cumulative total (`_mean`, `_p5`, `_p50`,
/// `_p95`), its difference from the first's, the probability that it is
/// below the first's, the drivers of each difference and one sentence per
/// policy after the first (the command's JSON). `options` as `compare`'s
/// plus `samples?`, `seed?`, `distribution?`; the same seed gives the same
/// numbers as the command and Python.
///
/// # Errors
///
/// Throws an `EmpreinteError` as `compare`, or for a bad option.
#[wasm_bindgen(js_name = compareMonteCarlo, unchecked_return_type = "ComparisonMonteCarloReport")]
pub fn compare_monte_carlo(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | InventoryRecord[]")]
    inventory: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Array<PolicySpec | string>")] policies: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompareMonteCarloOptions")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let catalog = catalog(&options)?;
        let mc = crate::uncertainty::monte_carlo_options(&options)?;
        let list = policy_list(&policies, &catalog)?;
        let (inv, notes) = inventory::read(catalog, &input_options(&options)?, &inventory)?;
        let mut c = policy::compare_monte_carlo(&inv, &list, mc)?;
        if let Some(first) = c.comparison.results.first_mut() {
            first.notes.splice(0..0, notes);
        }
        Ok(json(&comparison_json(&c, &WriteOptions::FULL_PRECISION)))
    };
    run().map_err(to_js)
}

/// Ranks tender bids by life-cycle footprint per year of service and turns
/// it into the points of a responsible-digital criterion. `bids`: the bids
/// CSV (text or bytes); `options`: `{ weight_pct?, country?, year?, name? }`
/// (unset: the core's defaults, 10 %, BE, 2024).
///
/// # Errors
///
/// Throws an `EmpreinteError`: a bad bid line, a weight outside 0-100, an
/// unknown country.
#[wasm_bindgen(unchecked_return_type = "PolicyReport")]
pub fn tender(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] bids: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TenderOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let catalog = catalog(&options)?;
        let name = text(&get(&options, "name")).unwrap_or_else(|| "bids".into());
        let bytes = csv_bytes(&bids, ReadOptions::default())?.ok_or_else(|| {
            Error::invalid_option("bids", &describe(&bids), "the bids CSV, text or bytes")
        })?;
        let parsed = parse_bids(&name, &bytes, &catalog)?;
        let mut o = TenderOptions::default();
        if let Some(w) = number(
            &get(&options, "weight_pct"),
            &Location::option("weight_pct"),
        )? {
            o.weight_pct = w;
        }
        if let Some(c) = text(&get(&options, "country")) {
            o.country = c;
        }
        if let Some(y) = crate::convert::year_at(&options, "year", &Location::file("options"))? {
            o.year = Some(y);
        }
        let result = score_bids(&parsed, &catalog, &o)?;
        Ok(json(&empreinte::report::tender_json(&result)))
    };
    run().map_err(to_js)
}

/// The embedded ILLUSTRATIVE reference scenarios (not real data): per
/// scenario its `id`, `policy` (the object of its policy file, a starting
/// point for `simulate`), `inventory_name` and `inventory_csv`.
#[wasm_bindgen(js_name = referenceScenarios, unchecked_return_type = "ReferenceScenario[]")]
#[must_use]
pub fn reference_scenarios() -> JsValue {
    let list: Vec<serde_json::Value> = REFERENCE_SCENARIOS
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id,
                "policy": serde_json::from_str::<serde_json::Value>(s.policy_json()).unwrap_or_default(),
                "inventory_name": s.inventory_name,
                "inventory_csv": s.inventory_csv,
            })
        })
        .collect();
    json(&serde_json::Value::Array(list))
}

/// Core's default policy (`Policy::default()`): the value of every key a
/// policy does not name, for a page's starting values.
#[wasm_bindgen(js_name = policyDefaults, unchecked_return_type = "PolicySpec")]
#[must_use]
pub fn policy_defaults() -> JsValue {
    json_of(serde_json::to_value(Policy::default()))
}
