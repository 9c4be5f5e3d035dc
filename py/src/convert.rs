//! Host values to core types and back: Arrow columns in, core [`Record`]s;
//! core [`Table`]s out, Arrow record batches; CSV text or files in, bytes.
//!
//! The Arrow reader is derived from core's inventory schema
//! ([`COLUMNS`]): the frame's column names are classified by core's
//! [`map_columns`] (a near miss of a known column is an error, another
//! unknown column a note, as in a CSV file), and each known column is read
//! by its schema type: text and dates as text, numbers and years as `f64`.
//! Only type conversion lives here: integers and decimals become `f64`,
//! strings, categoricals, enums and dates become text, numbers written as
//! text (strings, categoricals, enums) are read by core's own number parser
//! as in a CSV file, and a column whose type cannot hold its values
//! (a boolean quantity, a list or struct anywhere) is refused at the first
//! value, with its row and column. A column of Arrow's null type is empty
//! in every row. Validation and defaults are core's ([`Inventory::push`]).

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_cast::CastOptions;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use empreinte::error::echo;
use empreinte::inventory::parse_number;
use empreinte::inventory::reader::{check_required, map_columns, ColumnIndex};
use empreinte::inventory::schema::{ignored_column_note, ColumnType, COLUMNS};
use empreinte::inventory::{Record, RowRef};
use empreinte::report::ColumnValues;
use empreinte::report::Note;
use empreinte::{Assessment, Assessor, Catalog, Error, Inventory, Location, Options, Table};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;
use std::sync::Arc;

/// Name of an in-memory inventory in error messages and notes.
pub const SOURCE: &str = "inventory";

/// A CSV input from Python: its name, and its text when given as text
/// (`None`: the name is a path to read).
pub type Input = (String, Option<String>);

/// The bytes of an input: its text, or the file it names.
///
/// # Errors
///
/// [`Error::Io`] naming the file.
pub fn read_input((name, text): &Input) -> empreinte::Result<Vec<u8>> {
    match text {
        Some(text) => Ok(text.clone().into_bytes()),
        None => empreinte::error::read_file(std::path::Path::new(name)),
    }
}

/// A text column, whatever its Arrow string layout.
enum Text {
    Plain(StringArray),
    View(arrow_array::StringViewArray),
    Large(arrow_array::LargeStringArray),
    Refused(Refused),
}

impl Text {
    #[inline(always)]
    fn get(&self, i: usize, at: RowRef<'_>, column: &str) -> empreinte::Result<Option<&str>> {
        Ok(match self {
            Self::Plain(a) => a.is_valid(i).then(|| a.value(i)),
            Self::View(a) => a.is_valid(i).then(|| a.value(i)),
            Self::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Self::Refused(r) => return r.check(i, at, column).map(|()| None),
        })
    }
}

/// A number column: `f64` values with their validity, or text cells read
/// one by one with core's number parser (so a bad cell is reported at its
/// row, in row order, as from a CSV file).
enum Number {
    Float(ScalarBuffer<f64>, Option<NullBuffer>),
    Text(Text),
    Refused(Refused),
}

impl Number {
    fn float(array: &Float64Array) -> Self {
        let (_, values, nulls) = array.clone().into_parts();
        Self::Float(values, nulls.filter(|n| n.null_count() > 0))
    }

    #[inline(always)]
    fn get(&self, i: usize, at: RowRef<'_>, column: &str) -> empreinte::Result<Option<f64>> {
        match self {
            Self::Float(values, nulls) => Ok(match nulls {
                Some(nulls) if nulls.is_null(i) => None,
                _ => values.get(i).copied(),
            }),
            Self::Text(text) => match text.get(i, at, column)? {
                Some(cell) => parse_number(cell.as_bytes(), false, &at.cell(column)),
                None => Ok(None),
            },
            Self::Refused(r) => r.check(i, at, column).map(|()| None),
        }
    }
}

/// A column whose Arrow type holds no value of its schema type (booleans or
/// lists for a number, lists or structs for a text): each value in it is
/// an error at its row, so the first one is reported in row order like a
/// bad CSV cell, with the value as Arrow prints it. The error codes are
/// those of the JavaScript records: `invalid_number` for a number or year,
/// `invalid_date` for a date, `invalid_option` (allowed: a string) for text.
struct Refused {
    array: ArrayRef,
    ty: ColumnType,
}

impl Refused {
    fn check(&self, i: usize, at: RowRef<'_>, column: &str) -> empreinte::Result<()> {
        if self.array.is_null(i) {
            return Ok(());
        }
        let value = ArrayFormatter::try_new(self.array.as_ref(), &FormatOptions::default())
            .map_or_else(
                |_| self.array.data_type().to_string(),
                |f| f.value(i).to_string(),
            );
        let (at, value) = (at.at(column), echo(&value));
        Err(match self.ty {
            ColumnType::Number | ColumnType::Year => Error::InvalidNumber { at, value },
            ColumnType::Date => Error::InvalidDate { at, value },
            ColumnType::Text => Error::InvalidOption {
                at,
                option: column.into(),
                value,
                allowed: "a string".into(),
            },
        })
    }
}

/// Why an Arrow input could not be read: core's verdict on a value, or a
/// column whose Arrow type cannot be converted at all (a Python `TypeError`).
#[derive(Debug)]
pub enum Failure {
    /// A core error (bad value, unknown kind, ...).
    Core(Error),
    /// A column type with no conversion to text or numbers.
    Type(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Core(e)
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Core(e) => crate::errors::to_py(&e),
            Failure::Type(message) => pyo3::exceptions::PyTypeError::new_err(message),
        }
    }
}

/// The record batches and schema of an Arrow input. A stream the Arrow
/// reader refuses is a `TypeError` naming the input, never a bare
/// `Exception`.
pub fn batches(data: AnyRecordBatch) -> PyResult<(Vec<RecordBatch>, SchemaRef)> {
    let table = data.into_table().map_err(|e| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{SOURCE}: the Arrow data cannot be read: {}",
            PyErr::from(e)
        ))
    })?;
    Ok(table.into_inner())
}

fn cast(array: &ArrayRef, to: &DataType, column: &str) -> Result<ArrayRef, Failure> {
    // Not `safe`: a value that does not convert is an error, never a null.
    let options = CastOptions {
        safe: false,
        ..CastOptions::default()
    };
    arrow_cast::cast_with_options(array, to, &options)
        .map_err(|e| Failure::Type(format!("{SOURCE} column `{column}`: {e}")))
}

/// A column of schema type `ty` read as text: strings as they are, the
/// values of a dictionary (categorical, enum) as their type says, lists and
/// structs refused, other scalars (integers, dates) as Arrow writes them.
fn text(array: &ArrayRef, ty: ColumnType, column: &str) -> Result<Text, Failure> {
    Ok(match array.data_type() {
        DataType::Utf8View => Text::View(array.as_string_view().clone()),
        DataType::Utf8 => Text::Plain(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Text::Large(array.as_string::<i64>().clone()),
        DataType::Dictionary(_, values) => text(&cast(array, values, column)?, ty, column)?,
        t if t.is_nested() => Text::Refused(Refused {
            array: array.clone(),
            ty,
        }),
        _ => text(&cast(array, &DataType::Utf8, column)?, ty, column)?,
    })
}

/// A column of schema type `ty` read as numbers: numeric types as `f64`,
/// strings (and dictionaries of strings: categorical, enum) by core's
/// number parser as in a CSV file, anything else (booleans, dates, lists)
/// refused.
fn number(array: &ArrayRef, ty: ColumnType, column: &str) -> Result<Number, Failure> {
    Ok(match array.data_type() {
        DataType::Float64 => Number::float(array.as_primitive::<Float64Type>()),
        t if t.is_numeric() => {
            Number::float(cast(array, &DataType::Float64, column)?.as_primitive::<Float64Type>())
        }
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8 => {
            Number::Text(text(array, ty, column)?)
        }
        DataType::Dictionary(_, values) => number(&cast(array, values, column)?, ty, column)?,
        _ => Number::Refused(Refused {
            array: array.clone(),
            ty,
        }),
    })
}

/// The inventory columns of a frame: for each schema slot, the position of
/// its column (core's [`map_columns`] and [`check_required`], as for a CSV
/// header), and the notes for the columns that were ignored.
///
/// # Errors
///
/// [`Error::UnknownColumn`] for a near miss of a known column (with the
/// column it looks like), [`Error::MissingColumn`], a column given twice.
pub fn columns(schema: &Schema) -> empreinte::Result<(ColumnIndex, Vec<Note>)> {
    let at = Location::file(SOURCE);
    let names = schema.fields().iter().map(|f| f.name().as_bytes());
    let (index, ignored) = map_columns(names, &at)?;
    check_required(&index, &at)?;
    let notes = ignored
        .iter()
        .map(|c| ignored_column_note(SOURCE, c))
        .collect();
    Ok((index, notes))
}

/// Pushes every row of `batch` into `inventory`; `offset` is the index of the
/// batch's first row in the whole input (errors name the row and column).
fn push_batch(
    inventory: &mut Inventory,
    batch: &RecordBatch,
    index: &ColumnIndex,
    offset: u64,
) -> Result<(), Failure> {
    let mut texts = Vec::new();
    let mut numbers = Vec::new();
    for ((slot, spec), position) in COLUMNS.iter().enumerate().zip(index) {
        let Some(array) = position.map(|p| batch.column(p)) else {
            continue;
        };
        if array.data_type() == &DataType::Null {
            continue; // every cell empty
        }
        match spec.ty {
            ColumnType::Text | ColumnType::Date => {
                texts.push((slot, spec.name, text(array, spec.ty, spec.name)?));
            }
            ColumnType::Number | ColumnType::Year => {
                numbers.push((slot, spec.name, number(array, spec.ty, spec.name)?));
            }
        }
    }
    for i in 0..batch.num_rows() {
        let at = RowRef::Row(SOURCE, offset + i as u64);
        let mut record = Record::default();
        for (slot, name, column) in &texts {
            if let Some(value) = column.get(i, at, name)? {
                record.set_text(*slot, value);
            }
        }
        for (slot, name, column) in &numbers {
            if let Some(value) = column.get(i, at, name)? {
                record.set_number(*slot, value);
            }
        }
        inventory.push(&record, at)?;
    }
    Ok(())
}

/// Rows pushed and assessed at a time: as core's CSV path does, the
/// inventory is cleared between chunks (its entity dictionary is kept), so
/// memory stays small and warm in cache whatever the input size.
const CHUNK_ROWS: usize = 1 << 16;

/// Calls `each` with every chunk of rows of the input, pushed into
/// `inventory`; returns the notes of the ignored columns.
pub fn for_each_chunk(
    batches: &[RecordBatch],
    schema: &Schema,
    inventory: &mut Inventory,
    mut each: impl FnMut(&mut Inventory) -> empreinte::Result<()>,
) -> Result<Vec<Note>, Failure> {
    let (index, notes) = columns(schema)?;
    let mut offset = 0u64;
    for batch in batches {
        let rows = batch.num_rows();
        for start in (0..rows).step_by(CHUNK_ROWS) {
            let chunk = batch.slice(start, CHUNK_ROWS.min(rows - start));
            push_batch(inventory, &chunk, &index, offset + start as u64)?;
            each(inventory)?;
        }
        offset += rows as u64;
    }
    if offset == 0 {
        return Err(Error::EmptyInventory {
            at: Location::file(SOURCE),
        }
        .into());
    }
    Ok(notes)
}

/// Assesses every row of the input, chunk by chunk (core's [`Assessor`]);
/// the notes of the ignored columns join the assessment's.
pub fn assess(
    catalog: Arc<Catalog>,
    batches: &[RecordBatch],
    schema: &Schema,
    default_country: Option<&str>,
    options: Options,
) -> Result<Assessment, Failure> {
    let mut inventory = Inventory::new(catalog.clone(), default_country)?;
    let mut assessor = Assessor::new(catalog, options);
    let notes = for_each_chunk(batches, schema, &mut inventory, |inv| {
        assessor.add(inv)?;
        inv.clear_rows();
        Ok(())
    })?;
    let mut assessment = assessor.finish();
    assessment.notes.extend(notes);
    Ok(assessment)
}

/// Reads every row of the input into one inventory, with the reading's
/// notes (the ignored columns), which the result must carry.
pub fn inventory_noted(
    catalog: Arc<Catalog>,
    batches: &[RecordBatch],
    schema: &Schema,
    default_country: Option<&str>,
) -> Result<(Inventory, Vec<Note>), Failure> {
    let mut inventory = Inventory::new(catalog, default_country)?;
    let notes = for_each_chunk(batches, schema, &mut inventory, |_| Ok(()))?;
    Ok((inventory, notes))
}

/// A core table as one Arrow record batch: text columns as UTF-8, number
/// columns as nullable `f64`, whole numbers (years, ranks) as `i64`, flags
/// as booleans (a missing value is null, never 0).
///
/// # Errors
///
/// Only if the columns had different lengths (core guarantees they do not).
fn record_batch(table: &Table) -> Result<RecordBatch, ArrowError> {
    let mut fields = Vec::with_capacity(table.columns.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(table.columns.len());
    for column in &table.columns {
        let (data_type, array): (DataType, ArrayRef) = match &column.values {
            ColumnValues::Text(v) => (DataType::Utf8, Arc::new(StringArray::from_iter_values(v))),
            ColumnValues::Number(v) => (DataType::Float64, Arc::new(Float64Array::from(v.clone()))),
            ColumnValues::Integer(v) => (DataType::Int64, Arc::new(Int64Array::from(v.clone()))),
            ColumnValues::Boolean(v) => {
                (DataType::Boolean, Arc::new(BooleanArray::from(v.clone())))
            }
        };
        fields.push(Field::new(&column.name, data_type, true));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

/// A core table as an Arrow table object (it has `__arrow_c_stream__`).
pub fn table(t: &Table) -> PyResult<PyTable> {
    let batch =
        record_batch(t).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

/// Notes as `(code, message)` pairs.
pub fn notes(notes: &[Note]) -> Vec<(String, String)> {
    notes
        .iter()
        .map(|n| (n.code.to_owned(), n.message.clone()))
        .collect()
}
