//! Grid carbon intensity: `gridIntensity(zone, year)`, `zones()`.

use crate::convert::json;
use crate::errors::to_js;
use empreinte::quantity::bounds::check_year;
use empreinte::report::{zones_table, WriteOptions};
use empreinte::{Catalog, Location};
use wasm_bindgen::prelude::*;

/// The life-cycle carbon intensity of electricity of a country or zone in
/// a year (the nearest year with data when the series stops earlier):
/// `{ zone, year, data_year, gco2e_per_kwh }`, the names of the Python
/// package's `GridIntensity`; `zone` is the catalog's code.
///
/// # Errors
///
/// Throws an `EmpreinteError` for an unknown zone or a year out of range.
#[wasm_bindgen(js_name = gridIntensity, unchecked_return_type = "GridIntensity")]
pub fn grid_intensity(zone: &str, year: f64) -> Result<JsValue, JsValue> {
    let run = || {
        let year = check_year(year, &Location::option("year"))?;
        let catalog = Catalog::embedded()?;
        let grid = catalog.grid();
        let id = grid.zone_id(zone, &Location::option("zone"))?;
        let gi = grid.intensity(id, year)?;
        Ok(json(&serde_json::json!({
            "zone": grid.zone(id).map(|z| z.code.as_str()),
            "year": gi.requested_year,
            "data_year": gi.data_year,
            "gco2e_per_kwh": gi.factor.g_per_kwh(),
        })))
    };
    run().map_err(to_js)
}

/// Every country or zone with grid data: `{ code, name, first_year, last_year }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` if the embedded data is corrupt.
#[wasm_bindgen(unchecked_return_type = "Zone[]")]
pub fn zones() -> Result<JsValue, JsValue> {
    Catalog::embedded()
        .map(|c| json(&zones_table(c.grid().zones()).to_json_rows(&WriteOptions::default())))
        .map_err(to_js)
}

/// The reporting year when none is named (core's rule, the command's
/// default): the calendar year before `current_year`.
#[wasm_bindgen(js_name = defaultYear)]
#[must_use]
pub fn default_year(#[wasm_bindgen(js_name = currentYear)] current_year: i32) -> i32 {
    empreinte::Options::default_year(current_year)
}
