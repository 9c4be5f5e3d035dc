//! One device over its whole life: `deviceFootprint(spec)`.

use crate::convert::{catalog, get, json, number, text, year};
use crate::errors::to_js;
use empreinte::device::{footprint, DeviceSpec};
use empreinte::Location;
use wasm_bindgen::prelude::*;

fn spec(s: &JsValue) -> empreinte::Result<DeviceSpec> {
    let num = |key: &str| number(&get(s, key), &Location::row("device", 0).with_column(key));
    Ok(DeviceSpec {
        kind: text(&get(s, "kind")).unwrap_or_default(),
        country: text(&get(s, "country")).unwrap_or_default(),
        year: year(s, "year")?,
        lifespan_years: num("lifespan_years")?,
        annual_energy_kwh: num("annual_energy_kwh")?,
        embodied_gwp_kgco2e: num("embodied_gwp_kgco2e")?,
    })
}

/// The whole-life footprint of one device, per criterion and phase, with
/// the sources of every default used. `spec`: `{ kind, country, year,
/// lifespan_years?, annual_energy_kwh?, embodied_gwp_kgco2e? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` for an unknown kind or country or a value out of range.
#[wasm_bindgen(js_name = deviceFootprint, unchecked_return_type = "DeviceFootprint")]
pub fn device_footprint(
    #[wasm_bindgen(unchecked_param_type = "DeviceSpec")] spec_js: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        let fp = footprint(catalog()?, &spec(&spec_js)?)?;
        let row = fp
            .table()
            .to_json_rows()
            .get(0)
            .cloned()
            .unwrap_or_default();
        Ok(json(
            &serde_json::json!({ "row": row, "sources": fp.sources }),
        ))
    };
    run().map_err(to_js)
}
