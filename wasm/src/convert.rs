//! Conversions between JavaScript values and core types, shared by the
//! exported functions.

use empreinte::inventory::reader::ReadOptions;
use empreinte::inventory::{parse_number, TextEncoding};
use empreinte::quantity::bounds::check_year;
use empreinte::report::Note;
use empreinte::report::{Dialect, WriteOptions};
use empreinte::{Error, GroupBy, Location, Mode, Options, Report, Table};
use js_sys::{ArrayBuffer, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// A JSON value as the equivalent plain JS value (objects, arrays, numbers
/// exactly as the core wrote them, `null` for missing values).
#[must_use]
pub fn json(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A serialised core value (`serde_json::to_value(..)`) as a plain JS value.
#[must_use]
pub fn json_of(value: serde_json::Result<serde_json::Value>) -> JsValue {
    json(&value.unwrap_or_default())
}

/// Property `key` of `obj`; `undefined` when `obj` is not an object or the
/// getter throws.
#[must_use]
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// A boolean option: `null`/`undefined` is `false`; anything but a boolean
/// is refused (a string `"false"` is not silently true).
///
/// # Errors
///
/// [`Error::InvalidOption`] for a value that is not a boolean.
pub fn flag(options: &JsValue, key: &str) -> empreinte::Result<bool> {
    let v = get(options, key);
    if v.is_null_or_undefined() {
        Ok(false)
    } else {
        v.as_bool()
            .ok_or_else(|| Error::invalid_option(key, &describe(&v), "true or false"))
    }
}

/// A JS value shown in an error message.
#[must_use]
pub fn describe(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| JSON::stringify(v).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| v.js_typeof().as_string().unwrap_or_default())
}

/// A numeric option: `null`/`undefined` is absent; a string is read as a
/// CSV cell (empty = absent, as a form field gives it); a number is taken
/// as is (the core checks range and finiteness).
///
/// # Errors
///
/// [`Error::InvalidNumber`] for any other type or an unreadable string.
pub fn number(v: &JsValue, at: &Location) -> empreinte::Result<Option<f64>> {
    if v.is_null_or_undefined() {
        Ok(None)
    } else if let Some(n) = v.as_f64() {
        Ok(Some(n))
    } else if let Some(s) = v.as_string() {
        parse_number(s.as_bytes(), false, at)
    } else {
        Err(Error::InvalidNumber {
            at: at.clone(),
            value: describe(v),
        })
    }
}

/// A text option: `null`/`undefined` is absent; numbers are written as
/// JavaScript would; other values are shown as JSON (and then rejected by
/// the core as an unknown mode, grouping or country).
#[must_use]
pub fn text(v: &JsValue) -> Option<String> {
    if v.is_null_or_undefined() {
        None
    } else if let Some(n) = v.as_f64() {
        Some(n.to_string())
    } else {
        Some(describe(v))
    }
}

/// A whole year given as a number (or numeric string) under `key` of
/// `obj`, located at `at` narrowed to `key`.
///
/// # Errors
///
/// [`Error::MissingValue`], [`Error::InvalidNumber`] or the core's year check.
pub fn year_at(obj: &JsValue, key: &str, at: &Location) -> empreinte::Result<Option<i32>> {
    let at = at.clone().with_column(key);
    number(&get(obj, key), &at)?
        .map(|y| check_year(y, &at))
        .transpose()
}

/// The required year option `key`.
///
/// # Errors
///
/// [`Error::MissingValue`], [`Error::InvalidNumber`] or the core's year check.
pub fn year(options: &JsValue, key: &str) -> empreinte::Result<i32> {
    year_at(options, key, &Location::file("options"))?.ok_or_else(|| Error::MissingValue {
        at: Location::option(key),
    })
}

/// How to read an inventory: its name in error messages, the default
/// country of rows without one, and the text encoding of CSV bytes.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Name of the input in error messages (`inventory` unless given).
    pub name: String,
    /// Country of rows without one.
    pub country: Option<String>,
    /// How CSV bytes are decoded (core [`TextEncoding`], `auto` unless given).
    pub read: ReadOptions,
}

/// `{ name?, country?, encoding? }` of an options object.
///
/// # Errors
///
/// [`Error::InvalidOption`] (option `encoding`) for an encoding the core
/// does not know.
pub fn input_options(options: &JsValue) -> empreinte::Result<InputOptions> {
    let encoding = text(&get(options, "encoding"))
        .map_or(Ok(TextEncoding::default()), |e| TextEncoding::parse(&e))?;
    Ok(InputOptions {
        name: text(&get(options, "name")).unwrap_or_else(|| "inventory".into()),
        country: text(&get(options, "country")).filter(|c| !c.trim().is_empty()),
        read: ReadOptions { encoding },
    })
}

/// The bytes of a CSV inventory given as text (UTF-8, as JavaScript holds
/// it), a `Uint8Array` (a Node `Buffer` too) or an `ArrayBuffer` (what
/// `File.arrayBuffer()` gives: bytes as saved, decoded by the core); `None`
/// for anything else (an array of records).
///
/// # Errors
///
/// [`Error::InvalidOption`] (option `encoding`) when text comes with an
/// explicit `windows-1252`: JavaScript text is already decoded, only bytes
/// can be read as Windows-1252.
pub fn csv_bytes(v: &JsValue, read: ReadOptions) -> empreinte::Result<Option<Vec<u8>>> {
    if let Some(text) = v.as_string() {
        if read.encoding == TextEncoding::Windows1252 {
            return Err(Error::invalid_option(
                "encoding",
                "windows-1252",
                "auto or utf-8 for text (give the file's bytes, a Uint8Array or ArrayBuffer, to read Windows-1252)",
            ));
        }
        Ok(Some(text.into_bytes()))
    } else if let Some(bytes) = v.dyn_ref::<Uint8Array>() {
        Ok(Some(bytes.to_vec()))
    } else if let Some(buffer) = v.dyn_ref::<ArrayBuffer>() {
        Ok(Some(Uint8Array::new(buffer).to_vec()))
    } else {
        Ok(None)
    }
}

/// `{ year, mode?, by? }` of an options object, checked by the core; an
/// absent `mode` or `by` is the core's default.
///
/// # Errors
///
/// A missing or bad year, an unknown mode or grouping key.
pub fn assess_options(options: &JsValue) -> empreinte::Result<Options> {
    let mode = text(&get(options, "mode")).map_or(Ok(Mode::default()), |m| Mode::parse(&m))?;
    let by = text(&get(options, "by")).map_or(Ok(GroupBy::default()), |b| GroupBy::parse(&b))?;
    Options::new(year(options, "year")?, mode, by)
}

/// A report as a plain object: the core's JSON report plus `csv`, the
/// results table exactly as the command writes it, and `sources_csv`; each
/// also as `csv_excel` and `sources_csv_excel`, in the Excel dialect of
/// French and Dutch (`;`, decimal comma, BOM: [`Dialect::EXCEL_COMMA`]).
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be written (it is written to memory).
pub fn report(report: &Report) -> empreinte::Result<JsValue> {
    let mut value = report.to_json(&WriteOptions::default());
    if let Some(obj) = value.as_object_mut() {
        obj.insert("csv".into(), section_csv(report, "inventory")?.into());
        obj.insert("csv_excel".into(), report.csv("inventory", &EXCEL)?.into());
        let sources = report.sources_table();
        obj.insert("sources_csv".into(), table_csv(&sources)?.into());
        obj.insert(
            "sources_csv_excel".into(),
            table_csv_excel(&sources)?.into(),
        );
    }
    Ok(json(&value))
}

/// A report as its sections (the command's `--format json`), each section
/// with `csv`: its table as the command writes it (the one CSV writer of
/// the core), for a download of every table shown, and `csv_excel`: the
/// same in the Excel dialect of French and Dutch.
///
/// # Errors
///
/// [`Error::Io`] if a CSV cannot be written (it is written to memory).
pub fn sections_report(report: &Report) -> empreinte::Result<serde_json::Value> {
    let mut value = report.to_json_sections();
    if let Some(list) = value.get_mut("sections").and_then(|v| v.as_array_mut()) {
        for (json, section) in list.iter_mut().zip(&report.sections) {
            if let Some(obj) = json.as_object_mut() {
                let table = section.table();
                obj.insert("csv".into(), table_csv(&table)?.into());
                obj.insert("csv_excel".into(), table_csv_excel(&table)?.into());
            }
        }
    }
    Ok(value)
}

/// Notes as a JSON array.
#[must_use]
pub fn notes(notes: &[Note]) -> serde_json::Value {
    serde_json::to_value(notes).unwrap_or_default()
}

/// A section of a report as CSV text, exactly as the command writes it
/// (core's one writer with its default options; empty without the section).
///
/// # Errors
///
/// [`Error::Io`] (not expected: written to memory).
pub fn section_csv(report: &Report, name: &str) -> empreinte::Result<String> {
    report.csv(name, &WriteOptions::default())
}

/// A table as CSV text (core's one writer, default options).
///
/// # Errors
///
/// [`Error::Io`] (not expected: written to memory).
pub fn table_csv(table: &Table) -> empreinte::Result<String> {
    write_table(table, &WriteOptions::default())
}

/// The default options in the Excel dialect of French and Dutch (`;`,
/// decimal comma, UTF-8 byte order mark).
const EXCEL: WriteOptions = WriteOptions {
    significant_digits: Some(empreinte::report::DEFAULT_SIGNIFICANT_DIGITS),
    dialect: Dialect::EXCEL_COMMA,
};

/// A table as CSV text for Excel in French or Dutch (core's one writer,
/// [`Dialect::EXCEL_COMMA`]): the text starts with U+FEFF, which a download
/// saves as the UTF-8 byte order mark.
///
/// # Errors
///
/// [`Error::Io`] (not expected: written to memory).
pub fn table_csv_excel(table: &Table) -> empreinte::Result<String> {
    write_table(table, &EXCEL)
}

fn write_table(table: &Table, options: &WriteOptions) -> empreinte::Result<String> {
    let mut csv = Vec::new();
    table.write_csv(&mut csv, options)?;
    Ok(String::from_utf8_lossy(&csv).into_owned())
}
