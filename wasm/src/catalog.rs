//! The catalog: the embedded data and its provenance (`archetypes()`,
//! `datasets()`, `criteria()`, `exampleFleetCsv()`, `exampleFactorsCsv()`),
//! and the user factor tables every computing function accepts as
//! `options.factors`.

use crate::convert::{describe, get, json, json_of, text};
use crate::errors::to_js;
use empreinte::catalog::{EXAMPLE_FACTORS_CSV, EXAMPLE_FLEET_CSV};
use empreinte::report::{archetypes_table, datasets_table, WriteOptions};
use empreinte::{Catalog, Error};
use js_sys::Array;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The factor tables of `options.factors`, as `(name, CSV text)`: one CSV
/// text, one `{ name, csv }`, or an array of these (applied in order). A
/// table without a name is called `factors` (`factors[i]` in an array of
/// several) in error messages and sources.
///
/// # Errors
///
/// [`Error::InvalidOption`] (option `factors`) for any other value.
fn factor_tables(factors: &JsValue) -> empreinte::Result<Vec<(String, String)>> {
    if factors.is_null_or_undefined() {
        return Ok(Vec::new());
    }
    let items: Vec<JsValue> = if Array::is_array(factors) {
        Array::from(factors).iter().collect()
    } else {
        vec![factors.clone()]
    };
    let several = items.len() > 1;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let unnamed = || {
                if several {
                    format!("factors[{i}]")
                } else {
                    "factors".into()
                }
            };
            match (item.as_string(), get(item, "csv").as_string()) {
                (Some(csv), _) => Ok((unnamed(), csv)),
                (None, Some(csv)) => Ok((text(&get(item, "name")).unwrap_or_else(unnamed), csv)),
                (None, None) => Err(Error::invalid_option(
                    "factors",
                    &describe(item),
                    "CSV text, { name, csv }, or an array of these",
                )),
            }
        })
        .collect()
}

/// The embedded catalog with the tables of `options.factors` added in
/// order (core [`Catalog::with_factor_tables`]: a factor table's criteria
/// join and its values replace the defaults they name; an archetype table
/// adds or replaces kinds).
///
/// # Errors
///
/// A bad `factors` option, or the first problem of a table (its name, line
/// and column).
pub fn catalog(options: &JsValue) -> empreinte::Result<Arc<Catalog>> {
    let tables = factor_tables(&get(options, "factors"))?;
    Catalog::embedded()?.with_factor_tables(
        tables
            .iter()
            .map(|(name, csv)| (name.as_str(), csv.as_bytes())),
    )
}

/// The device archetypes (defaults per kind) with their quality and source,
/// including the kinds an archetype table of `options.factors` adds or
/// replaces (the same list as `empreinte factors --factors`).
///
/// # Errors
///
/// Throws an `EmpreinteError` for a bad table.
#[wasm_bindgen(unchecked_return_type = "Archetype[]")]
pub fn archetypes(
    #[wasm_bindgen(unchecked_optional_param_type = "FactorOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    catalog(&options.unwrap_or_default())
        .map(|c| json(&archetypes_table(c.archetypes()).to_json_rows(&WriteOptions::default())))
        .map_err(to_js)
}

/// The dataset editions (embedded, then the factor tables of
/// `options.factors`) with publisher, URL, licence and attribution.
///
/// # Errors
///
/// Throws an `EmpreinteError` for a bad factor table.
#[wasm_bindgen(unchecked_return_type = "Dataset[]")]
pub fn datasets(
    #[wasm_bindgen(unchecked_optional_param_type = "FactorOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    catalog(&options.unwrap_or_default())
        .map(|c| json(&datasets_table(c.datasets()).to_json_rows(&WriteOptions::default())))
        .map_err(to_js)
}

/// The impact criteria (`id`, `unit`, `name`) in the order of the results,
/// including those the factor tables of `options.factors` add.
///
/// # Errors
///
/// Throws an `EmpreinteError` for a bad factor table.
#[wasm_bindgen(unchecked_return_type = "Criterion[]")]
pub fn criteria(
    #[wasm_bindgen(unchecked_optional_param_type = "FactorOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    catalog(&options.unwrap_or_default())
        .map(|c| json_of(serde_json::to_value(c.criteria())))
        .map_err(to_js)
}

/// An example municipal fleet inventory (CSV text), for demonstrations.
#[wasm_bindgen(js_name = exampleFleetCsv)]
#[must_use]
pub fn example_fleet_csv() -> String {
    EXAMPLE_FLEET_CSV.to_owned()
}

/// An example factor table (CSV text) adding criteria, for `options.factors`.
#[wasm_bindgen(js_name = exampleFactorsCsv)]
#[must_use]
pub fn example_factors_csv() -> String {
    EXAMPLE_FACTORS_CSV.to_owned()
}

/// The version of the package (and of the core it embeds).
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
