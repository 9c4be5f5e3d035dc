//! Lifespan extension: `keepLonger(inventory, extraYears, options)`.

use crate::catalog::catalog;
use crate::convert::{self, input_options, json};
use crate::errors::to_js;
use crate::inventory;
use empreinte::fleet::lifespan::keep_longer as extend;
use empreinte::report::{extension_table, WriteOptions};
use wasm_bindgen::prelude::*;

/// The yearly embodied climate footprint saved by keeping every device of
/// the inventory `extra_years` longer (steady state, per kind; see
/// `empreinte::fleet::lifespan`). `options`: `{ country?, name?, encoding?,
/// factors? }`; the inventory as in `assess`.
///
/// # Errors
///
/// Throws an `EmpreinteError` for a bad inventory or factor table, or a
/// negative `extra_years`.
#[wasm_bindgen(js_name = keepLonger, unchecked_return_type = "Extension")]
pub fn keep_longer(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | InventoryRecord[]")]
    inventory: JsValue,
    #[wasm_bindgen(js_name = extraYears)] extra_years: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "InputOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let input = input_options(&options)?;
        let (inventory, notes) = inventory::read(catalog(&options)?, &input, &inventory)?;
        let ext = extend(&inventory, extra_years)?;
        let table = extension_table(&ext);
        Ok(json(&serde_json::json!({
            "extra_years": ext.extra_years,
            "rows": table.to_json_rows(&WriteOptions::default()),
            "total_saving_gwp_kgco2e_per_year": ext.total_saving_gwp_kgco2e_per_year,
            "notes": convert::notes(&notes),
            "csv": convert::table_csv(&table)?,
            "csv_excel": convert::table_csv_excel(&table)?,
        })))
    };
    run().map_err(to_js)
}
