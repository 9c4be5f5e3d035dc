//! Arrow columns in, core [`Record`]s; core [`Table`]s out, Arrow record batches.
//!
//! Only type conversion lives here: integers and decimals become `f64`, any
//! text-like column (strings, categoricals, dates) becomes text, numbers
//! written as text are read by core's own number parser. Validation and
//! defaults are core's ([`Inventory::push`]).

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, ArrayRef, Float64Array, RecordBatch, StringArray};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use empreinte::inventory::{columns, parse_number, Record, RowRef};
use empreinte::report::ColumnValues;
use empreinte::{Assessor, Catalog, Error, Inventory, Location, Options, Report, Table};
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
    #[inline(always)]
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Self::Absent => None,
            Self::Plain(a) => a.is_valid(i).then(|| a.value(i)),
            Self::View(a) => a.is_valid(i).then(|| a.value(i)),
            Self::Large(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// A number column as `f64` values and their validity (absent = all null).
/// Text columns are read up front with core's number parser; the first bad
/// cell is kept and reported when the row loop reaches its row, so errors
/// come in row order as from a CSV file.
struct Number {
    values: Option<ScalarBuffer<f64>>,
    nulls: Option<NullBuffer>,
    first_error: Option<(usize, Error)>,
}

impl Number {
    const ABSENT: Self = Self {
        values: None,
        nulls: None,
        first_error: None,
    };

    fn float(array: &Float64Array) -> Self {
        let (_, values, nulls) = array.clone().into_parts();
        Self {
            values: Some(values),
            nulls: nulls.filter(|n| n.null_count() > 0),
            first_error: None,
        }
    }

    fn parse(text: &Text, len: usize, offset: u64, column: &str) -> Self {
        let mut first_error = None;
        let values: Vec<Option<f64>> = (0..len)
            .map(|i| {
                let cell = text.get(i)?;
                let at = RowRef::Row(SOURCE, offset + i as u64).at(column);
                match parse_number(cell.as_bytes(), false, &at) {
                    Ok(v) => v,
                    Err(e) => {
                        first_error.get_or_insert((i, e));
                        None
                    }
                }
            })
            .collect();
        Self {
            first_error,
            ..Self::float(&Float64Array::from(values))
        }
    }

    #[inline(always)]
    fn get(&self, i: usize) -> Option<f64> {
        let values = self.values.as_ref()?;
        match &self.nulls {
            Some(nulls) if nulls.is_null(i) => None,
            _ => Some(values[i]),
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

fn number(array: Option<&ArrayRef>, column: &str, offset: u64) -> Result<Number, Failure> {
    let Some(array) = array else {
        return Ok(Number::ABSENT);
    };
    Ok(match array.data_type() {
        DataType::Null => Number::ABSENT,
        DataType::Float64 => Number::float(array.as_primitive::<Float64Type>()),
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8 => {
            Number::parse(&text(Some(array), column)?, array.len(), offset, column)
        }
        _ => {
            let cast =
                arrow_cast::cast(array, &DataType::Float64).map_err(|e| arrow_err(column, &e))?;
            Number::float(cast.as_primitive::<Float64Type>())
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
    let num = |name: &str| number(col(name), name, offset);
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
    // The first unreadable number cell of the batch, raised at its row.
    let mut bad_cell = [&quantity, &year, &lifespan, &disposal]
        .into_iter()
        .chain(&energy)
        .chain(&embodied)
        .filter_map(|n| n.first_error.as_ref())
        .min_by_key(|(row, _)| *row);
    let three = |cols: &[Number; 3], i: usize| [cols[0].get(i), cols[1].get(i), cols[2].get(i)];
    for i in 0..batch.num_rows() {
        let at = RowRef::Row(SOURCE, offset + i as u64);
        if let Some((_, e)) = bad_cell.take_if(|(row, _)| *row == i) {
            return Err(e.clone().into());
        }
        let record = Record {
            entity: entity.get(i).unwrap_or(""),
            kind: kind.get(i).unwrap_or(""),
            quantity: quantity.get(i),
            purchase_year: year.get(i),
            purchase_date: date.get(i),
            lifespan_years: lifespan.get(i),
            country: country.get(i),
            annual_energy_kwh: three(&energy, i),
            embodied_gwp_kgco2e: three(&embodied, i),
            disposal_year: disposal.get(i),
        };
        inventory.push(catalog, &record, at)?;
    }
    Ok(())
}

/// Rows pushed and assessed at a time: as core's CSV path does, the
/// inventory is cleared between chunks (its entity dictionary is kept), so
/// memory stays small and warm in cache whatever the input size.
const CHUNK_ROWS: usize = 1 << 16;

/// Calls `each` with every chunk of rows of the input, pushed into `inventory`.
fn for_each_chunk(
    catalog: &Catalog,
    batches: &[RecordBatch],
    schema: &Schema,
    inventory: &mut Inventory,
    mut each: impl FnMut(&mut Inventory),
) -> Result<(), Failure> {
    let index = column_index(schema, catalog)?;
    let mut offset = 0u64;
    for batch in batches {
        let rows = batch.num_rows();
        for start in (0..rows).step_by(CHUNK_ROWS) {
            let chunk = batch.slice(start, CHUNK_ROWS.min(rows - start));
            push_batch(catalog, inventory, &chunk, &index, offset + start as u64)?;
            each(inventory);
        }
        offset += rows as u64;
    }
    if offset == 0 {
        return Err(Error::EmptyInventory {
            at: Location::row(SOURCE, 0),
        }
        .into());
    }
    Ok(())
}

/// Assesses every row of the input, chunk by chunk (core's [`Assessor`]).
pub fn assess(
    catalog: &Catalog,
    batches: &[RecordBatch],
    schema: &Schema,
    default_country: Option<&str>,
    options: Options,
) -> Result<Report, Failure> {
    let mut inventory = Inventory::new(catalog, default_country)?;
    let mut assessor = Assessor::new(catalog, options);
    for_each_chunk(catalog, batches, schema, &mut inventory, |inv| {
        assessor.add(inv);
        inv.clear_rows();
    })?;
    Ok(assessor.finish(&inventory))
}

/// Reads every row of the input into one inventory.
pub fn inventory(
    catalog: &Catalog,
    batches: &[RecordBatch],
    schema: &Schema,
    default_country: Option<&str>,
) -> Result<Inventory, Failure> {
    let mut inventory = Inventory::new(catalog, default_country)?;
    for_each_chunk(catalog, batches, schema, &mut inventory, |_| {})?;
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
