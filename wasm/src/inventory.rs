//! Inventories from JavaScript, CSV text or an array of records, read by the
//! core schema ([`COLUMNS`]); the schema itself: `inventoryColumns()`,
//! `inventorySchema()`, `inventoryRecordType()`.
//!
//! A record's keys are classified exactly as a CSV header
//! ([`map_columns`]): a known column is read by its schema type, a near
//! miss (`annual_energy_wh`) is the core's `unknown_column` error with its
//! suggestion, anything else is ignored and said in the notes.

use crate::convert::{csv_bytes, describe, get, json_of, InputOptions};
use empreinte::inventory::reader::{map_columns, read_csv_with};
use empreinte::inventory::schema::{ignored_column_note, typescript_record, ColumnType};
use empreinte::inventory::{Inventory, Record, RowRef, COLUMNS};
use empreinte::report::Note;
use empreinte::{Catalog, Error, Location};
use js_sys::{Array, Object};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// A cell of a record, owned while the record is pushed.
enum Cell {
    Text(String),
    Number(f64),
}

/// The cell of a column of schema type `ty`: `null`/`undefined` is absent;
/// text and dates must be strings, numbers and years numbers.
///
/// # Errors
///
/// A value of another JS type, at column `column` of `row` (located only
/// then): [`Error::InvalidNumber`] for a number or year column,
/// [`Error::InvalidDate`] for a date column, [`Error::InvalidOption`]
/// (allowed: a string) for a text column.
fn cell(
    v: &JsValue,
    ty: ColumnType,
    row: RowRef<'_>,
    column: &str,
) -> empreinte::Result<Option<Cell>> {
    if v.is_null_or_undefined() {
        return Ok(None);
    }
    let found = match ty {
        ColumnType::Text | ColumnType::Date => v.as_string().map(Cell::Text),
        ColumnType::Number | ColumnType::Year => v.as_f64().map(Cell::Number),
    };
    found.map(Some).ok_or_else(|| {
        let (at, value) = (row.at(column), describe(v));
        match ty {
            ColumnType::Number | ColumnType::Year => Error::InvalidNumber { at, value },
            ColumnType::Date => Error::InvalidDate { at, value },
            ColumnType::Text => Error::InvalidOption {
                option: column.into(),
                at,
                value,
                allowed: "a string".into(),
            },
        }
    })
}

/// Validates record `row` of input `source` and appends it; the keys the
/// schema ignores are added to `ignored` (once each).
///
/// # Errors
///
/// A near-miss key, a value of the wrong type, or the core's validation of
/// the row, each naming the row and column.
fn push_record(
    inventory: &mut Inventory,
    obj: &JsValue,
    source: &str,
    row: u64,
    ignored: &mut Vec<String>,
) -> empreinte::Result<()> {
    let keys: Vec<String> = if obj.is_object() {
        Object::keys(&Object::from(obj.clone()))
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    } else {
        Vec::new()
    };
    let (index, unknown) = map_columns(
        keys.iter().map(String::as_bytes),
        &Location::row(source, row),
    )?;
    for key in unknown {
        if !ignored.contains(&key) {
            ignored.push(key);
        }
    }
    let at = RowRef::Row(source, row);
    let mut cells = Vec::with_capacity(keys.len());
    for (slot, (position, spec)) in index.iter().zip(COLUMNS.iter()).enumerate() {
        if let Some(key) = position.and_then(|p| keys.get(p)) {
            if let Some(c) = cell(&get(obj, key), spec.ty, at, spec.name)? {
                cells.push((slot, c));
            }
        }
    }
    let mut record = Record::default();
    for (slot, c) in &cells {
        match c {
            Cell::Text(s) => record.set_text(*slot, s),
            Cell::Number(n) => record.set_number(*slot, *n),
        };
    }
    inventory.push(&record, at)
}

/// An inventory from an array of objects keyed by the column names, with
/// the notes of the keys it ignored; errors name the array index as `row`.
///
/// # Errors
///
/// [`Error::InvalidOption`] when `records` is not an array; otherwise the
/// first bad record.
pub fn from_records(
    mut inventory: Inventory,
    source: &str,
    records: &JsValue,
) -> empreinte::Result<(Inventory, Vec<Note>)> {
    if !Array::is_array(records) {
        return Err(Error::invalid_option(
            "inventory",
            &describe(records),
            "CSV text or bytes (Uint8Array, ArrayBuffer), or an array of objects",
        ));
    }
    let records = Array::from(records);
    inventory.reserve(records.length() as usize);
    let mut ignored = Vec::new();
    for (row, obj) in records.iter().enumerate() {
        push_record(&mut inventory, &obj, source, row as u64, &mut ignored)?;
    }
    let notes = ignored
        .iter()
        .map(|k| ignored_column_note(source, k))
        .collect();
    Ok((inventory, notes))
}

/// A whole inventory given as CSV (text or bytes, see [`csv_bytes`]) or as
/// an array of records, with the notes of its reading (ignored columns,
/// encoding).
///
/// # Errors
///
/// An unknown default country, or the first bad line (CSV) or record.
pub fn read(
    catalog: Arc<Catalog>,
    input: &InputOptions,
    inventory: &JsValue,
) -> empreinte::Result<(Inventory, Vec<Note>)> {
    read_into(
        Inventory::new(catalog, input.country.as_deref())?,
        input,
        inventory,
    )
}

/// [`read`] into an empty inventory built by the caller (the data-centre
/// equipment's, which needs no annual energy).
///
/// # Errors
///
/// As [`read`].
pub fn read_into(
    mut all: Inventory,
    input: &InputOptions,
    inventory: &JsValue,
) -> empreinte::Result<(Inventory, Vec<Note>)> {
    let Some(bytes) = csv_bytes(inventory, input.read)? else {
        return from_records(all, &input.name, inventory);
    };
    // One batch (the whole text): the rows are swapped out before the reader clears them.
    let mut batch = all.clone();
    let summary = read_csv_with(
        &input.name,
        bytes.as_slice(),
        input.read,
        &mut batch,
        usize::MAX,
        |b, _| {
            std::mem::swap(&mut all, b);
            Ok(())
        },
    )?;
    Ok((all, summary.notes(&input.name)))
}

/// The inventory column names (CSV header and record keys), units in the names.
#[wasm_bindgen(js_name = inventoryColumns)]
#[must_use]
pub fn inventory_columns() -> Vec<String> {
    COLUMNS.iter().map(|c| c.name.to_owned()).collect()
}

/// The inventory schema: per column its `name`, `unit`, `type`,
/// `requirement`, bounds (`min`, `min_inclusive`, `max`) and `description`.
#[wasm_bindgen(js_name = inventorySchema, unchecked_return_type = "ColumnSpec[]")]
#[must_use]
pub fn inventory_schema() -> JsValue {
    json_of(serde_json::to_value(COLUMNS))
}

/// The TypeScript declaration of `InventoryRecord`, generated by the core
/// from its schema (the package's `.d.ts` carries exactly this text).
#[wasm_bindgen(js_name = inventoryRecordType)]
#[must_use]
pub fn inventory_record_type() -> String {
    typescript_record()
}
