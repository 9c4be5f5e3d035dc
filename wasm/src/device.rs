//! One device over its whole life: `deviceFootprint(spec, options)`.

use crate::catalog::catalog;
use crate::convert::{get, json, number, text, year_at};
use crate::errors::to_js;
use empreinte::fleet::device::{footprint, DeviceSpec};
use empreinte::report::{device_table, WriteOptions};
use empreinte::{Error, Location, Mode};
use wasm_bindgen::prelude::*;

/// The core's [`DeviceSpec`] from a JS object; values are located at the
/// spec's field (source `device`), as the core locates its own checks.
fn spec(s: &JsValue) -> empreinte::Result<DeviceSpec> {
    let at = Location::row("device", 0);
    let num = |key: &str| number(&get(s, key), &at.clone().with_column(key));
    Ok(DeviceSpec {
        kind: text(&get(s, "kind")).unwrap_or_default(),
        country: text(&get(s, "country")).unwrap_or_default(),
        year: year_at(s, "year", &at)?.ok_or_else(|| Error::MissingValue {
            at: at.clone().with_column("year"),
        })?,
        purchase_year: year_at(s, "purchase_year", &at)?,
        disposal_year: year_at(s, "disposal_year", &at)?,
        mode: text(&get(s, "mode")).map_or(Ok(Mode::default()), |m| Mode::parse(&m))?,
        lifespan_years: num("lifespan_years")?,
        annual_energy_kwh: num("annual_energy_kwh")?,
        embodied_gwp_kgco2e: num("embodied_gwp_kgco2e")?,
    })
}

/// The whole-life footprint of one device, per criterion and phase, what
/// its reporting year books, and the sources of every default used.
/// `spec`: `{ kind, country, year, purchase_year?, disposal_year?, mode?,
/// lifespan_years?, annual_energy_kwh?, embodied_gwp_kgco2e? }`;
/// `options`: `{ factors? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` for an unknown kind or country, a value out
/// of range or a bad factor table.
#[wasm_bindgen(js_name = deviceFootprint, unchecked_return_type = "DeviceFootprint")]
pub fn device_footprint(
    #[wasm_bindgen(js_name = spec, unchecked_param_type = "DeviceSpec")] spec_js: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FactorOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let fp = footprint(catalog(&options)?, &spec(&spec_js)?)?;
        let row = device_table(&fp)
            .to_json_rows(&WriteOptions::default())
            .get(0)
            .cloned()
            .unwrap_or_default();
        Ok(json(&serde_json::json!({
            "row": row,
            "in_service": fp.in_service,
            "sources": fp.sources,
        })))
    };
    run().map_err(to_js)
}
