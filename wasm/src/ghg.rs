//! The organisation's GHG inventory: `ghg(inputs, options)`, core's
//! `ghg::read_given` and `report::ghg::report_of` (what `empreinte ghg`
//! and Python's `empreinte.ghg` call, without the embedded illustrative
//! organisation: this package does not embed the example data centre's
//! year of hourly readings), returned as the report's sections.
//!
//! `ghgMonteCarlo(inputs, options)` is the same inventory under Monte
//! Carlo (core's `ghg::montecarlo::read_given_and_assess` and
//! `report::montecarlo::ghg_json`, what `empreinte ghg --uncertainty
//! monte-carlo --format json` writes).
//!
//! Every input is the command's CSV, as text or the file's bytes, read by
//! core's readers: errors name the input, line and column.

use crate::catalog::catalog;
use crate::convert::{csv_bytes, describe, get, json, number, sections_report, text, year_at};
use crate::errors::to_js;
use empreinte::datacentre::FileOptions;
use empreinte::ghg::Sources;
use empreinte::inventory::reader::ReadOptions;
use empreinte::inventory::TextEncoding;
use empreinte::report::ghg::report_of;
use empreinte::{Catalog, Error, Location};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// Input `key` of `inputs` as CSV bytes; a value that is neither text nor
/// bytes is refused (it must not read as an absent file).
fn csv(inputs: &JsValue, key: &str, read: ReadOptions) -> empreinte::Result<Option<Vec<u8>>> {
    let v = get(inputs, key);
    match csv_bytes(&v, read)? {
        Some(b) => Ok(Some(b)),
        None if v.is_null_or_undefined() => Ok(None),
        None => Err(Error::invalid_option(
            key,
            &describe(&v),
            "the command's CSV, as text or bytes (Uint8Array, ArrayBuffer)",
        )),
    }
}

/// Core's catalog (with the user's grid factors) and sources of the files
/// `inputs` gives (in core's order, `ghg::FILES`; core maps them to their
/// places) and of `options`, passed to `run`.
fn with_sources<T>(
    inputs: &JsValue,
    options: &JsValue,
    run: impl FnOnce(&Arc<Catalog>, &Sources<'_>) -> empreinte::Result<T>,
) -> empreinte::Result<T> {
    let opt = |key: &str| text(&get(options, key));
    let (allocation, time_zone, fill_gaps, encoding, country) = (
        opt("allocation"),
        opt("time_zone"),
        opt("fill_gaps"),
        opt("encoding"),
        opt("country"),
    );
    let read = ReadOptions {
        encoding: encoding
            .as_deref()
            .map_or(Ok(TextEncoding::default()), TextEncoding::parse)?,
    };
    let files = empreinte::ghg::FILES
        .iter()
        .map(|k| Ok(csv(inputs, k, read)?.map(|b| (*k, b))))
        .collect::<empreinte::Result<Vec<_>>>()?;
    let named: Vec<_> = files
        .iter()
        .map(|f| f.as_ref().map(|(n, b)| (*n, b.as_slice())))
        .collect();
    let catalog = empreinte::ghg::with_grid_factors(catalog(options)?, &named)?;
    let sources = Sources::from_files(
        year_at(options, "year", &Location::option("year"))?,
        country.as_deref(),
        &named,
        FileOptions {
            allocation: allocation.as_deref(),
            time_zone: time_zone.as_deref(),
            interval_minutes: number(
                &get(options, "interval_minutes"),
                &Location::option("interval_minutes"),
            )?,
            fill_gaps: fill_gaps.as_deref(),
            encoding: encoding.as_deref(),
            mode: None,
        },
    );
    run(&catalog, &sources)
}

/// The organisation's GHG inventory of one reporting year. `inputs`:
/// `{ inventory?, fleet_instruments?, grid_factors?, readings?, facility?,
/// instruments?, tenants?, equipment?, hourly? }`, each the command's CSV
/// as text or bytes (the illustrative organisation's files are
/// `datasets/examples/` of the repository, served by the calculator).
/// `options`: `{ year?, country?, allocation?, time_zone?,
/// interval_minutes?, fill_gaps?, encoding?, factors? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` naming the input, line and column.
#[wasm_bindgen(unchecked_return_type = "SectionsReport")]
pub fn ghg(
    #[wasm_bindgen(unchecked_optional_param_type = "GhgInputs")] inputs: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "GhgOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let inputs = inputs.unwrap_or_default();
    let options = options.unwrap_or_default();
    with_sources(&inputs, &options, |catalog, sources| {
        let inputs = empreinte::ghg::read_given(catalog, sources)?;
        Ok(json(&sections_report(&report_of(&inputs, Vec::new())?)?))
    })
    .map_err(to_js)
}

/// The organisation's GHG inventory under Monte Carlo (methodology §8.9:
/// the fleet's kinds' embodied footprint and electricity and the data
/// centre's equipment are uncertain, one draw of a kind for both).
/// `inputs` and `options` as [`ghg`], plus the run's `samples`, `seed` and
/// `distribution` (as `monteCarlo`). The result is the command's JSON
/// (`empreinte ghg --uncertainty monte-carlo --format json`: `total` with
/// scopes 1, 2, 3, the total by scope 2 method and the management view as
/// `_mean`, `_p5`, `_p50`, `_p95`, `drivers`, `drivers_sentence`, ...) plus
/// `csv` (the command's CSV of `total`) and `samples` (the location-based
/// total of every sample, kg CO2e, in draw order).
///
/// # Errors
///
/// As [`ghg`]; a bad run option.
#[wasm_bindgen(js_name = ghgMonteCarlo, unchecked_return_type = "GhgMonteCarloReport")]
pub fn ghg_monte_carlo(
    #[wasm_bindgen(unchecked_optional_param_type = "GhgInputs")] inputs: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "GhgMonteCarloOptions")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    use empreinte::ghg::montecarlo::read_given_and_assess;
    use empreinte::report::montecarlo::{ghg_json, ghg_table};
    let inputs = inputs.unwrap_or_default();
    let options = options.unwrap_or_default();
    let run = || {
        let mc = crate::uncertainty::monte_carlo_options(&options)?;
        let r = with_sources(&inputs, &options, |catalog, sources| {
            read_given_and_assess(catalog, sources, mc)
        })?;
        let mut value = ghg_json(&r, &empreinte::report::WriteOptions::FULL_PRECISION);
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "csv".into(),
                crate::convert::table_csv(&ghg_table(&r))?.into(),
            );
            obj.insert("samples".into(), r.total_samples_kgco2e.clone().into());
        }
        Ok::<_, Error>(json(&value))
    };
    run().map_err(to_js)
}
