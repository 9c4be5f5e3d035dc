//! `sci(spec, options)`: the Software Carbon Intensity of a measured run
//! (core's `sci::compute`), as Python's `empreinte.sci` takes it, in its own
//! module (`empreinte/sci`, the crate's `sci` feature): the calculator does
//! not need it, and the planning module has no room for it. The caller
//! measures: the wall time, CPU time and vCPUs are given.

use crate::convert::{describe, get, json_of, number, text, year};
use crate::errors::to_js;
use empreinte::sci::{self, Benchmark, Inputs, Measurement};
use empreinte::{Catalog, Error, Location};
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// A number under `key` of `obj`, located at the option `key`.
fn num(obj: &JsValue, key: &str) -> empreinte::Result<Option<f64>> {
    number(&get(obj, key), &Location::option(key))
}

/// A required number under `key` of `obj`.
fn required(obj: &JsValue, key: &str) -> empreinte::Result<f64> {
    num(obj, key)?.ok_or_else(|| Error::MissingValue {
        at: Location::option(key),
    })
}

/// The benchmarks of `options.benchmarks` (objects with `id`,
/// `iterations`, `measured_time_s`, and optionally
/// `elements_per_iteration`, `noise_rel`, `source`), or `None`.
fn benchmarks(options: &JsValue) -> empreinte::Result<Option<Vec<Benchmark>>> {
    let list = get(options, "benchmarks");
    if list.is_null_or_undefined() {
        return Ok(None);
    }
    if !Array::is_array(&list) {
        return Err(Error::invalid_option(
            "benchmarks",
            &describe(&list),
            "an array of benchmarks",
        ));
    }
    Array::from(&list)
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let at = |k: &str| Location::row("benchmarks", i as u64).with_column(k);
            let n = |k: &str| number(&get(&b, k), &at(k));
            let needed = |k: &str| n(k)?.ok_or_else(|| Error::MissingValue { at: at(k) });
            Ok(Benchmark {
                id: text(&get(&b, "id")).ok_or_else(|| Error::MissingValue { at: at("id") })?,
                iterations: needed("iterations")?,
                measured_time_s: needed("measured_time_s")?,
                elements_per_iteration: n("elements_per_iteration")?,
                noise_rel: n("noise_rel")?,
                source: text(&get(&b, "source")).unwrap_or_else(|| "benchmarks".into()),
            })
        })
        .collect::<empreinte::Result<Vec<_>>>()
        .map(Some)
}

/// The SCI of a measured run, `((E × I) + M) per R` (ISO/IEC 21031:2024),
/// as `empreinte sci` and Python's `empreinte.sci` compute it. `spec`:
/// `{ wall_time_s, cpu_time_s, vcpus, year, zone?, machine?, memory_gb?,
/// rapl_energy_kwh?, embodied_kgco2e?, lifespan_years?, host_vcpus? }`
/// (`zone` and `machine` default to core's); `options`: `{ per?,
/// benchmarks?, bench_filter? }` for R (one run without them). Returns
/// every term with its method, notes and sources (the command's JSON).
///
/// # Errors
///
/// Throws an `EmpreinteError`: an unknown machine or zone, a value out of
/// range, a benchmark filter without benchmarks.
#[wasm_bindgen(unchecked_return_type = "SciResult")]
pub fn sci(
    #[wasm_bindgen(unchecked_param_type = "SciSpec")] spec: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SciOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let unit = sci::functional_unit(
            num(&options, "per")?,
            benchmarks(&options)?.map(|b| (b, 0.0)),
            text(&get(&options, "bench_filter")).as_deref(),
        )?;
        let inputs = Inputs {
            machine: text(&get(&spec, "machine")).unwrap_or_else(|| sci::DEFAULT_MACHINE.into()),
            embodied_kgco2e: num(&spec, "embodied_kgco2e")?,
            lifespan_years: num(&spec, "lifespan_years")?,
            host_vcpus: num(&spec, "host_vcpus")?,
            vcpus: required(&spec, "vcpus")?,
            memory_gb: num(&spec, "memory_gb")?,
            zone: text(&get(&spec, "zone")).unwrap_or_else(|| sci::DEFAULT_ZONE.into()),
            year: year(&spec, "year")?,
            measurement: Measurement {
                rapl_energy_kwh: num(&spec, "rapl_energy_kwh")?,
                ..Measurement::cpu_time(
                    required(&spec, "cpu_time_s")?,
                    required(&spec, "wall_time_s")?,
                )
            },
        };
        let catalog = Catalog::embedded()?;
        let (machines, info) = sci::embedded_machines()?;
        sci::compute(&catalog, &machines, &info, &inputs, &unit)
    };
    run()
        .map(|s| json_of(serde_json::to_value(&s)))
        .map_err(to_js)
}
