//! Core errors as JavaScript `Error`s.

use empreinte::Error;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The `name` of every error this package throws.
pub const ERROR_NAME: &str = "EmpreinteError";

/// A JS `Error` named [`ERROR_NAME`] whose message is the core's, with the
/// stable `code`, the location (`source`, `line`, `row`, `column`; `null`
/// when not applicable), `suggestion` and `inputError`.
#[must_use]
pub fn to_js(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name(ERROR_NAME);
    let loc = e.location();
    let num = |v: Option<u64>| v.map_or(JsValue::NULL, |v| JsValue::from_f64(v as f64));
    let text = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from_str);
    let fields = [
        ("code", JsValue::from_str(e.code())),
        (
            "source",
            text(Some(loc.source.as_str()).filter(|s| !s.is_empty())),
        ),
        ("line", num(loc.line)),
        ("row", num(loc.row)),
        ("column", text(loc.column.as_deref())),
        ("suggestion", text(e.suggestion())),
        ("inputError", JsValue::from_bool(e.is_input_error())),
    ];
    for (key, value) in fields {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&err, &JsValue::from_str(key), &value);
    }
    err.into()
}

/// Every stable error `code` an `EmpreinteError` can carry (derived by the
/// core from its error kinds).
#[wasm_bindgen::prelude::wasm_bindgen(js_name = errorCodes)]
#[must_use]
pub fn error_codes() -> Vec<String> {
    Error::codes().into_iter().map(str::to_owned).collect()
}
