//! Fleet assessment: `assess(inventory, options)`.

use crate::convert::{self, assess_options, catalog, input_options};
use crate::errors::to_js;
use wasm_bindgen::prelude::*;

/// Assesses an inventory given as CSV text (the command's format: `,` or
/// `;`, BOM, decimal comma) or as an array of objects keyed by the CSV
/// column names. `options`: `{ year, mode?, by?, country?, name? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` naming the line (CSV) or row (array) and column.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "string | InventoryRecord[]")] inventory: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        let (catalog, input, opts) = (
            catalog()?,
            input_options(&options),
            assess_options(&options)?,
        );
        let report = match inventory.as_string() {
            Some(text) => empreinte::assess_csv(
                catalog,
                &input.name,
                text.as_bytes(),
                input.country.as_deref(),
                opts,
                |_| {},
            )?,
            None => empreinte::assess(
                catalog,
                &convert::inventory(catalog, &input, &inventory)?,
                opts,
            )?,
        };
        convert::report(&report)
    };
    run().map_err(to_js)
}
