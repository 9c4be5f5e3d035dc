//! Conversions between JavaScript values and core types, shared by the
//! exported functions.

use empreinte::inventory::{columns, parse_number, Record, RowRef};
use empreinte::{Catalog, Error, GroupBy, Inventory, Location, Mode, Options, Report};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

/// The embedded catalog.
///
/// # Errors
///
/// The core's [`Error::Dataset`] if an embedded table is corrupt.
pub fn catalog() -> empreinte::Result<&'static Catalog> {
    Catalog::embedded()
}

/// A JSON value as the equivalent plain JS value (objects, arrays, numbers
/// exactly as the core wrote them, `null` for missing values).
#[must_use]
pub fn json(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
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

/// A JS value shown in an error message.
fn describe(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| JSON::stringify(v).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| v.js_typeof().as_string().unwrap_or_default())
}

/// A number field: `null`/`undefined` is absent; a string is read as a CSV
/// cell (empty = absent); a number is taken as is (the core checks range
/// and finiteness).
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

/// A text field: `null`/`undefined` is absent; numbers and booleans are
/// written as JavaScript would; other values are shown as JSON (and then
/// rejected by the core as an unknown kind or country).
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

/// The owned fields of one inventory record read from a JS object.
#[derive(Debug, Default)]
struct Fields {
    text: [Option<String>; 4],
    numbers: [Option<f64>; 10],
}

const TEXT_COLUMNS: [&str; 4] = [
    columns::ENTITY,
    columns::KIND,
    columns::PURCHASE_DATE,
    columns::COUNTRY,
];
const NUMBER_COLUMNS: [&str; 10] = [
    columns::QUANTITY,
    columns::PURCHASE_YEAR,
    columns::LIFESPAN_YEARS,
    columns::ANNUAL_ENERGY_KWH,
    columns::ANNUAL_ENERGY_KWH_LOW,
    columns::ANNUAL_ENERGY_KWH_HIGH,
    columns::EMBODIED_GWP_KGCO2E,
    columns::EMBODIED_GWP_KGCO2E_LOW,
    columns::EMBODIED_GWP_KGCO2E_HIGH,
    columns::DISPOSAL_YEAR,
];

impl Fields {
    fn read(obj: &JsValue, at: RowRef<'_>) -> empreinte::Result<Self> {
        if obj.is_object() {
            for key in Object::keys(&Object::from(obj.clone())).iter() {
                let key = key.as_string().unwrap_or_default();
                if !columns::ALL.contains(&key.as_str()) {
                    // A misspelt unit (`annual_energy_wh`) must not be ignored silently.
                    return Err(Error::UnknownColumn {
                        at: at.at(&key),
                        suggestion: empreinte::inventory::suggest_column(&key),
                        column: key,
                    });
                }
            }
        }
        let mut f = Fields::default();
        for (slot, c) in f.text.iter_mut().zip(TEXT_COLUMNS) {
            *slot = text(&get(obj, c));
        }
        for (slot, c) in f.numbers.iter_mut().zip(NUMBER_COLUMNS) {
            *slot = number(&get(obj, c), &at.at(c))?;
        }
        Ok(f)
    }

    fn record(&self) -> Record<'_> {
        let [entity, kind, purchase_date, country] = &self.text;
        let n = self.numbers;
        Record {
            entity: entity.as_deref().unwrap_or(""),
            kind: kind.as_deref().unwrap_or(""),
            quantity: n[0],
            purchase_year: n[1],
            purchase_date: purchase_date.as_deref(),
            lifespan_years: n[2],
            country: country.as_deref(),
            annual_energy_kwh: [n[3], n[4], n[5]],
            embodied_gwp_kgco2e: [n[6], n[7], n[8]],
            disposal_year: n[9],
        }
    }
}

/// An inventory from an array of objects whose keys are the CSV column
/// names; errors name the array index as `row` and the key as `column`.
///
/// # Errors
///
/// [`Error::InvalidOption`] when `records` is not an array; otherwise the
/// first bad record, as the core reports it.
pub fn inventory_from_records(
    catalog: &Catalog,
    name: &str,
    records: &JsValue,
    country: Option<&str>,
) -> empreinte::Result<Inventory> {
    if !Array::is_array(records) {
        return Err(Error::InvalidOption {
            option: "inventory".into(),
            value: describe(records),
            allowed: "CSV text or an array of objects".into(),
        });
    }
    let mut inventory = Inventory::new(catalog, country)?;
    for (i, obj) in Array::from(records).iter().enumerate() {
        let at = RowRef::Row(name, i as u64);
        inventory.push(catalog, &Fields::read(&obj, at)?.record(), at)?;
    }
    Ok(inventory)
}

/// A whole CSV inventory in memory (for computations that need every row at
/// once, such as the lifespan extension).
///
/// # Errors
///
/// The first bad line, as [`empreinte::assess_csv`] reports it.
pub fn inventory_from_csv(
    catalog: &Catalog,
    name: &str,
    text: &str,
    country: Option<&str>,
) -> empreinte::Result<Inventory> {
    empreinte::inventory::read_all(name, text.as_bytes(), catalog, country)
        .map(|(inventory, _)| inventory)
}

/// An inventory given as CSV text or as an array of objects.
///
/// # Errors
///
/// As [`inventory_from_csv`] and [`inventory_from_records`].
pub fn inventory(
    catalog: &Catalog,
    input: &InputOptions,
    inventory: &JsValue,
) -> empreinte::Result<Inventory> {
    let country = input.country.as_deref();
    match inventory.as_string() {
        Some(text) => inventory_from_csv(catalog, &input.name, &text, country),
        None => inventory_from_records(catalog, &input.name, inventory, country),
    }
}

/// How to read an inventory: its name in error messages and the default
/// country of rows without one.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Name of the input in error messages (`inventory` unless given).
    pub name: String,
    /// Country of rows without one.
    pub country: Option<String>,
}

/// `{ name?, country? }` of an options object.
#[must_use]
pub fn input_options(options: &JsValue) -> InputOptions {
    InputOptions {
        name: text(&get(options, "name")).unwrap_or_else(|| "inventory".into()),
        country: text(&get(options, "country")).filter(|c| !c.trim().is_empty()),
    }
}

/// A year given as a number (or numeric string) under `key`.
///
/// # Errors
///
/// [`Error::MissingValue`], [`Error::InvalidNumber`] or the core's year check.
pub fn year(options: &JsValue, key: &str) -> empreinte::Result<i32> {
    let at = Location::default().with_column(key);
    let y =
        number(&get(options, key), &at)?.ok_or_else(|| Error::MissingValue { at: at.clone() })?;
    empreinte::inventory::check_year(y, &at)
}

/// `{ year, mode?, by? }` of an options object, checked by the core.
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
/// results table exactly as the command writes it.
///
/// # Errors
///
/// [`Error::Io`] if the CSV cannot be written (it is written to memory).
pub fn report(report: &Report) -> empreinte::Result<JsValue> {
    let mut value = report.to_json();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("csv".into(), table_csv(&report.table())?.into());
        obj.insert(
            "sources_csv".into(),
            table_csv(&report.sources_table())?.into(),
        );
    }
    Ok(json(&value))
}

/// A table as CSV text.
///
/// # Errors
///
/// [`Error::Io`] (not expected: written to memory).
pub fn table_csv(table: &empreinte::Table) -> empreinte::Result<String> {
    let mut csv = Vec::new();
    table.write_csv(&mut csv)?;
    Ok(String::from_utf8_lossy(&csv).into_owned())
}
