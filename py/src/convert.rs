//! Arrow columns in, core [`Record`]s; core [`Table`]s out, Arrow record batches.
//!
//! Only type conversion lives here: integers and decimals become `f64`, any
//! text-like column (strings, categoricals, dates) becomes text, numbers
//! written as text are read by core's own number parser. Validation and
//! defaults are core's ([`Inventory::push`]).

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, ArrayRef, Float64Array, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use empreinte::inventory::{columns, parse_number, Record, RowRef};
use empreinte::report::ColumnValues;
use empreinte::{Catalog, Error, Inventory, Location, Table};
use std::sync::Arc;

/// Name of the in-memory input in error messages.
pub const SOURCE: &str = "inventory";

/// A text column, whatever its Arrow string layout.
enum Text {
    Absent,
    Plain(StringArray),
    View(arrow_array::StringViewArray),
    Large(arrow_array::LargeStringArray),
}

impl Text {
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Self::Absent => None,
            Self::Plain(a) => a.is_valid(i).then(|| a.value(i)),
            Self::View(a) => a.is_valid(i).then(|| a.value(i)),
            Self::Large(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// A number column: `f64`, or text read with core's number parser.
enum Number {
    Absent,
    Float(Float64Array),
    Text(Text),
}

impl Number {
    fn get(&self, i: usize, at: RowRef<'_>, column: &str) -> empreinte::Result<Option<f64>> {
        match self {
            Self::Absent => Ok(None),
            Self::Float(a) => Ok(a.is_valid(i).then(|| a.value(i))),
            Self::Text(t) => match t.get(i) {
                None => Ok(None),
                Some(s) => parse_number(s.as_bytes(), false, &at.at(column)),
            },
        }
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

impl From<Failure> for pyo3::PyErr {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Core(e) => crate::errors::to_py(&e),
            Failure::Type(message) => pyo3::exceptions::PyTypeError::new_err(message),
        }
    }
}

fn arrow_err(column: &str, e: &ArrowError) -> Failure {
    Failure::Type(format!("inventory column `{column}`: {e}"))
}

fn text(array: Option<&ArrayRef>, column: &str) -> Result<Text, Failure> {
    let Some(array) = array else {
        return Ok(Text::Absent);
    };
    Ok(match array.data_type() {
        DataType::Utf8View => Text::View(array.as_string_view().clone()),
        DataType::Utf8 => Text::Plain(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Text::Large(array.as_string::<i64>().clone()),
        _ => {
            let cast =
                arrow_cast::cast(array, &DataType::Utf8).map_err(|e| arrow_err(column, &e))?;
            Text::Plain(cast.as_string::<i32>().clone())
        }
    })
}

fn number(array: Option<&ArrayRef>, column: &str) -> Result<Number, Failure> {
    let Some(array) = array else {
        return Ok(Number::Absent);
    };
    Ok(match array.data_type() {
        DataType::Null => Number::Absent,
        DataType::Float64 => Number::Float(array.as_primitive::<Float64Type>().clone()),
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8 => {
            Number::Text(text(Some(array), column)?)
        }
        _ => {
            let cast =
                arrow_cast::cast(array, &DataType::Float64).map_err(|e| arrow_err(column, &e))?;
            Number::Float(cast.as_primitive::<Float64Type>().clone())
        }
    })
}

/// Checks the column names with core (unknown columns that look like a
/// known one are errors, others are ignored) and returns the index of each
/// inventory column in the batch's schema.
///
/// Core does not expose its header check on its own, so the header is given to
/// core's CSV reader without data rows: it reports a bad or missing column,
/// else an empty inventory, which is the success case here.
pub fn column_index(schema: &Schema, catalog: &Catalog) -> empreinte::Result<[Option<usize>; 14]> {
    let header: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| format!("\"{}\"", f.name().replace('"', "\"\"")))
        .collect();
    let header = format!("{}\n", header.join(","));
    let mut probe = Inventory::new(catalog, None)?;
    match empreinte::inventory::read_csv(
        SOURCE,
        header.as_bytes(),
        catalog,
        &mut probe,
        1,
        |_, _| Ok(()),
    ) {
        Err(Error::EmptyInventory { .. }) | Ok(_) => {}
        Err(mut e) => {
            strip_line(&mut e);
            return Err(e);
        }
    }
    let mut index = [None; 14];
    for (slot, name) in columns::ALL.iter().enumerate() {
        index[slot] = schema
            .fields()
            .iter()
            .position(|f| f.name().trim().eq_ignore_ascii_case(name));
    }
    Ok(index)
}

/// A header error found through the CSV probe has no meaningful line.
fn strip_line(e: &mut Error) {
    if let Error::MissingColumn { at, .. }
    | Error::UnknownColumn { at, .. }
    | Error::MalformedCsv { at, .. } = e
    {
        at.line = None;
    }
}

/// Pushes every row of `batch` into `inventory`; `offset` is the index of the
/// batch's first row in the whole input (errors name the row and column).
pub fn push_batch(
    catalog: &Catalog,
    inventory: &mut Inventory,
    batch: &RecordBatch,
    index: &[Option<usize>; 14],
    offset: u64,
) -> Result<(), Failure> {
    let col = |name: &str| {
        let slot = columns::ALL.iter().position(|c| *c == name);
        slot.and_then(|s| index[s]).map(|i| batch.column(i))
    };
    use columns as c;
    let entity = text(col(c::ENTITY), c::ENTITY)?;
    let kind = text(col(c::KIND), c::KIND)?;
    let date = text(col(c::PURCHASE_DATE), c::PURCHASE_DATE)?;
    let country = text(col(c::COUNTRY), c::COUNTRY)?;
    let num = |name: &str| number(col(name), name);
    let quantity = num(c::QUANTITY)?;
    let year = num(c::PURCHASE_YEAR)?;
    let lifespan = num(c::LIFESPAN_YEARS)?;
    let energy = [
        num(c::ANNUAL_ENERGY_KWH)?,
        num(c::ANNUAL_ENERGY_KWH_LOW)?,
        num(c::ANNUAL_ENERGY_KWH_HIGH)?,
    ];
    let embodied = [
        num(c::EMBODIED_GWP_KGCO2E)?,
        num(c::EMBODIED_GWP_KGCO2E_LOW)?,
        num(c::EMBODIED_GWP_KGCO2E_HIGH)?,
    ];
    let disposal = num(c::DISPOSAL_YEAR)?;
    let energy_names = [
        c::ANNUAL_ENERGY_KWH,
        c::ANNUAL_ENERGY_KWH_LOW,
        c::ANNUAL_ENERGY_KWH_HIGH,
    ];
    let embodied_names = [
        c::EMBODIED_GWP_KGCO2E,
        c::EMBODIED_GWP_KGCO2E_LOW,
        c::EMBODIED_GWP_KGCO2E_HIGH,
    ];
    for i in 0..batch.num_rows() {
        let at = RowRef::Row(SOURCE, offset + i as u64);
        let three = |cols: &[Number; 3], names: [&str; 3]| -> empreinte::Result<[Option<f64>; 3]> {
            Ok([
                cols[0].get(i, at, names[0])?,
                cols[1].get(i, at, names[1])?,
                cols[2].get(i, at, names[2])?,
            ])
        };
        let record = Record {
            entity: entity.get(i).unwrap_or(""),
            kind: kind.get(i).unwrap_or(""),
            quantity: quantity.get(i, at, c::QUANTITY)?,
            purchase_year: year.get(i, at, c::PURCHASE_YEAR)?,
            purchase_date: date.get(i),
            lifespan_years: lifespan.get(i, at, c::LIFESPAN_YEARS)?,
            country: country.get(i),
            annual_energy_kwh: three(&energy, energy_names)?,
            embodied_gwp_kgco2e: three(&embodied, embodied_names)?,
            disposal_year: disposal.get(i, at, c::DISPOSAL_YEAR)?,
        };
        inventory.push(catalog, &record, at)?;
    }
    Ok(())
}

/// Reads every batch into a new inventory.
pub fn inventory(
    catalog: &Catalog,
    batches: &[RecordBatch],
    schema: &Schema,
    default_country: Option<&str>,
) -> Result<Inventory, Failure> {
    let index = column_index(schema, catalog)?;
    let mut inventory = Inventory::new(catalog, default_country)?;
    let mut offset = 0u64;
    for batch in batches {
        push_batch(catalog, &mut inventory, batch, &index, offset)?;
        offset += batch.num_rows() as u64;
    }
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::row(SOURCE, 0),
        }
        .into());
    }
    Ok(inventory)
}

/// A core table as one Arrow record batch: text columns as UTF-8, number
/// columns as nullable `f64` (a missing value is null, never 0).
///
/// # Errors
///
/// Only if the columns had different lengths (core guarantees they do not).
pub fn record_batch(table: &Table) -> Result<RecordBatch, ArrowError> {
    let mut fields = Vec::with_capacity(table.columns.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(table.columns.len());
    for column in &table.columns {
        let (data_type, array): (DataType, ArrayRef) = match &column.values {
            ColumnValues::Text(v) => (DataType::Utf8, Arc::new(StringArray::from_iter_values(v))),
            ColumnValues::Number(v) => (DataType::Float64, Arc::new(Float64Array::from(v.clone()))),
        };
        fields.push(Field::new(&column.name, data_type, true));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}
