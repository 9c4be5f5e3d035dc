//! The embedded data and its provenance: `archetypes()`, `datasets()`,
//! `criteria()`, `inventoryColumns()`, `errorCodes()`, `exampleFleetCsv()`.

use crate::convert::{catalog, json};
use crate::errors::to_js;
use empreinte::report::{archetypes_table, datasets_table};
use wasm_bindgen::prelude::*;

/// The device archetypes (defaults per kind) with their quality and source.
///
/// # Errors
///
/// Throws an `EmpreinteError` if the embedded data is corrupt.
#[wasm_bindgen(unchecked_return_type = "Archetype[]")]
pub fn archetypes() -> Result<JsValue, JsValue> {
    catalog()
        .map(|c| json(&archetypes_table(c.archetypes()).to_json_rows()))
        .map_err(to_js)
}

/// The embedded dataset editions with publisher, URL, licence and attribution.
///
/// # Errors
///
/// Throws an `EmpreinteError` if the embedded data is corrupt.
#[wasm_bindgen(unchecked_return_type = "Dataset[]")]
pub fn datasets() -> Result<JsValue, JsValue> {
    catalog()
        .map(|c| json(&datasets_table(c.datasets()).to_json_rows()))
        .map_err(to_js)
}

/// The impact criteria (`id`, `unit`, `name`) in the order of the results.
///
/// # Errors
///
/// Throws an `EmpreinteError` if the embedded data is corrupt.
#[wasm_bindgen(unchecked_return_type = "Criterion[]")]
pub fn criteria() -> Result<JsValue, JsValue> {
    catalog()
        .map(|c| json(&serde_json::to_value(c.criteria()).unwrap_or_default()))
        .map_err(to_js)
}

/// The inventory column names (CSV header and record keys), units in the names.
#[wasm_bindgen(js_name = inventoryColumns)]
#[must_use]
pub fn inventory_columns() -> Vec<String> {
    empreinte::inventory::columns::ALL
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
}

/// Every stable error `code` an `EmpreinteError` can carry.
#[wasm_bindgen(js_name = errorCodes)]
#[must_use]
pub fn error_codes() -> Vec<String> {
    empreinte::Error::CODES
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
}

/// An example municipal fleet inventory (CSV text), for demonstrations.
#[wasm_bindgen(js_name = exampleFleetCsv)]
#[must_use]
pub fn example_fleet_csv() -> String {
    empreinte::datasets::EXAMPLE_FLEET_CSV.to_owned()
}

/// The version of the package (and of the core it embeds).
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
