//! Fleet assessment: `assess(inventory, options)`.

use crate::catalog::catalog;
use crate::convert::{self, assess_options, input_options};
use crate::errors::to_js;
use crate::inventory;
use empreinte::fleet::{assess_csv_with, Assessment};
use empreinte::inventory::Inventory;
use empreinte::Report;
use wasm_bindgen::prelude::*;

/// Assesses an inventory given as CSV (the command's format: `,` or `;`,
/// BOM, decimal comma), as text or as the file's bytes (`Uint8Array`,
/// `ArrayBuffer`: UTF-8, else Windows-1252 per cell, said in the notes), or
/// as an array of objects keyed by the CSV column names. `options`:
/// `{ year, mode?, by?, country?, name?, encoding?, factors?, all_criteria? }`:
/// criteria that no factor table gives are left out unless `all_criteria`
/// (the command's `--all-criteria`, Python's `all_criteria=True`); climate
/// change always stays.
///
/// # Errors
///
/// Throws an `EmpreinteError` naming the line (CSV) or row (array) and column.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | InventoryRecord[]")]
    inventory: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        let (catalog, input, opts) = (
            catalog(&options)?,
            input_options(&options)?,
            assess_options(&options)?,
        );
        let country = input.country.as_deref();
        let assessment: Assessment = match convert::csv_bytes(&inventory, input.read)? {
            Some(bytes) => assess_csv_with(
                catalog,
                &input.name,
                bytes.as_slice(),
                country,
                opts,
                input.read,
                |_| {},
            )?,
            None => {
                let empty = Inventory::new(catalog, country)?;
                let (records, notes) = inventory::from_records(empty, &input.name, &inventory)?;
                let mut assessment = empreinte::assess(&records, opts)?;
                assessment.notes.extend(notes);
                assessment
            }
        };
        let assessment = if convert::flag(&options, "all_criteria")? {
            assessment
        } else {
            assessment.without_empty_criteria()
        };
        convert::report(&Report::from(&assessment))
    };
    run().map_err(to_js)
}
