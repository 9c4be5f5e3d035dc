//! Fleet assessment: `assess(inventory, options)`.

use crate::catalog::catalog;
use crate::convert::{self, assess_options, input_options};
use crate::errors::to_js;
use crate::inventory;
use empreinte::fleet::{assess_csv, Assessment};
use empreinte::inventory::Inventory;
use empreinte::Report;
use wasm_bindgen::prelude::*;

/// Assesses an inventory given as CSV text (the command's format: `,` or
/// `;`, BOM, decimal comma) or as an array of objects keyed by the CSV
/// column names. `options`: `{ year, mode?, by?, country?, name?, factors? }`.
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
            catalog(&options)?,
            input_options(&options),
            assess_options(&options)?,
        );
        let country = input.country.as_deref();
        let assessment: Assessment = match inventory.as_string() {
            Some(text) => assess_csv(catalog, &input.name, text.as_bytes(), country, opts, |_| {})?,
            None => {
                let empty = Inventory::new(catalog, country)?;
                let (records, notes) = inventory::from_records(empty, &input.name, &inventory)?;
                let mut assessment = empreinte::assess(&records, opts)?;
                assessment.notes.extend(notes);
                assessment
            }
        };
        convert::report(&Report::from(&assessment))
    };
    run().map_err(to_js)
}
