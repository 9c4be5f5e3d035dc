//! Lifespan extension: `keepLonger(inventory, extraYears, options)`.

use crate::convert::{self, catalog, input_options, json};
use crate::errors::to_js;
use wasm_bindgen::prelude::*;

/// The yearly embodied climate footprint saved by keeping every device of
/// the inventory `extra_years` longer (steady state, per kind; see
/// `empreinte::lifespan`). `options`: `{ country?, name? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` for a bad inventory or a negative `extra_years`.
#[wasm_bindgen(js_name = keepLonger, unchecked_return_type = "Extension")]
pub fn keep_longer(
    #[wasm_bindgen(unchecked_param_type = "string | InventoryRecord[]")] inventory: JsValue,
    #[wasm_bindgen(js_name = extraYears)] extra_years: f64,
    #[wasm_bindgen(unchecked_param_type = "InputOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        let catalog = catalog()?;
        let inventory = convert::inventory(catalog, &input_options(&options), &inventory)?;
        let ext = empreinte::lifespan::keep_longer(catalog, &inventory, extra_years)?;
        Ok(json(&serde_json::json!({
            "extra_years": ext.extra_years,
            "rows": ext.table().to_json_rows(),
            "total_saving_gwp_kgco2e_per_year": ext.total_saving_gwp_kgco2e_per_year,
            "csv": convert::table_csv(&ext.table())?,
        })))
    };
    run().map_err(to_js)
}
