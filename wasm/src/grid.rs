//! Grid carbon intensity: `gridIntensity(country, year)`, `zones()`.

use crate::convert::{catalog, json};
use crate::errors::to_js;
use empreinte::inventory::check_year;
use empreinte::Location;
use wasm_bindgen::prelude::*;

/// The life-cycle carbon intensity of electricity of a country or zone in
/// a year (the nearest year with data when the series stops earlier).
///
/// # Errors
///
/// Throws an `EmpreinteError` for an unknown zone or a year out of range.
#[wasm_bindgen(js_name = gridIntensity, unchecked_return_type = "GridIntensity")]
pub fn grid_intensity(country: &str, year: f64) -> Result<JsValue, JsValue> {
    let run = || {
        let year = check_year(year, &Location::default().with_column("year"))?;
        let gi = catalog()?.grid().intensity(country, year)?;
        Ok(json(&serde_json::json!({
            "country": country.trim().to_uppercase(),
            "requested_year": gi.requested_year,
            "data_year": gi.data_year,
            "intensity_gco2e_per_kwh": gi.factor.g_per_kwh(),
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
    let run = || {
        let zones: Vec<serde_json::Value> = catalog()?
            .grid()
            .zones()
            .iter()
            .map(|z| serde_json::json!({ "code": z.code, "name": z.name, "first_year": z.years().0, "last_year": z.years().1 }))
            .collect();
        Ok(json(&zones.into()))
    };
    run().map_err(to_js)
}
