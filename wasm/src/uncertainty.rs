//! Fleet assessment under Monte Carlo: `monteCarlo(inventory, options)`.

use crate::catalog::catalog;
use crate::convert::{self, assess_options, get, input_options, number, text};
use crate::errors::to_js;
use crate::inventory;
use empreinte::fleet::montecarlo::{
    assess_csv_monte_carlo, assess_monte_carlo, McAssessment, MonteCarlo,
};
use empreinte::inventory::Inventory;
use empreinte::report::montecarlo::{monte_carlo_json, monte_carlo_table};
use empreinte::report::WriteOptions;
use empreinte::Location;
use wasm_bindgen::prelude::*;

/// The run of `options`' `samples`, `seed` and `distribution` (absent:
/// the core's defaults).
pub(crate) fn monte_carlo_options(options: &JsValue) -> empreinte::Result<MonteCarlo> {
    MonteCarlo::from_numbers(
        number(&get(options, "samples"), &Location::option("samples"))?,
        number(&get(options, "seed"), &Location::option("seed"))?,
        text(&get(options, "distribution")).as_deref(),
    )
}

/// Assesses an inventory (as [`crate::fleet::assess`]) under Monte Carlo.
/// `options`: `{ year, mode?, by?, country?, name?, encoding?, factors?,
/// samples?, seed?, distribution? }` (what is absent is the core's
/// default: 10,000 samples, seed 1, triangular). The result is the
/// command's JSON (`rows` and `total` with every measure's `_mean`, `_p5`,
/// `_p50`, `_p95`, `drivers`, `drivers_sentence`, ...) plus `csv` (the
/// command's CSV) and `samples` (the total climate footprint of every
/// sample, kg CO2e, in draw order). The same seed gives the same numbers as
/// the command and Python.
///
/// # Errors
///
/// Throws an `EmpreinteError` naming the line (CSV) or row (array) and
/// column, or the bad option.
#[wasm_bindgen(js_name = monteCarlo, unchecked_return_type = "MonteCarloReport")]
pub fn monte_carlo(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | InventoryRecord[]")]
    inventory: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MonteCarloOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        let (catalog, input, opts) = (
            catalog(&options)?,
            input_options(&options)?,
            assess_options(&options)?,
        );
        let mc = monte_carlo_options(&options)?;
        let country = input.country.as_deref();
        let result: McAssessment = match convert::csv_bytes(&inventory, input.read)? {
            Some(bytes) => assess_csv_monte_carlo(
                catalog,
                &input.name,
                bytes.as_slice(),
                country,
                opts,
                input.read,
                mc,
                |_| {},
            )?,
            None => {
                let empty = Inventory::new(catalog, country)?;
                let (records, notes) = inventory::from_records(empty, &input.name, &inventory)?;
                let mut result = assess_monte_carlo(&records, opts, mc)?;
                result.notes.extend(notes);
                result
            }
        };
        let mut value = monte_carlo_json(&result, &WriteOptions::FULL_PRECISION);
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "csv".into(),
                convert::table_csv(&monte_carlo_table(&result, false))?.into(),
            );
            obj.insert("samples".into(), result.total_samples_kgco2e.clone().into());
        }
        Ok::<_, empreinte::Error>(convert::json(&value))
    };
    run().map_err(to_js)
}
