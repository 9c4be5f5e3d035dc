//! The one CSV writer and the one JSON row writer, with one rule for
//! numbers: every table, section and report the command, Python and
//! JavaScript write goes through [`WriteOptions`].
//!
//! ```
//! use empreinte::report::{Column, ColumnValues, Dialect, Table, WriteOptions};
//! let table = Table { columns: vec![
//!     Column { name: "kind".into(), values: ColumnValues::Text(vec!["laptop".into()]) },
//!     Column { name: "gwp_kgco2e".into(), values: ColumnValues::Number(vec![Some(7643.350000000002)]) },
//! ] };
//! let mut csv = Vec::new();
//! table.write_csv(&mut csv, &WriteOptions::default())?;
//! assert_eq!(String::from_utf8(csv).unwrap(), "kind,gwp_kgco2e\nlaptop,7643.35\n");
//! // Excel in French or Dutch: `;` between cells, a decimal comma, a BOM.
//! let excel = WriteOptions { dialect: Dialect::EXCEL_COMMA, ..WriteOptions::default() };
//! let mut csv = Vec::new();
//! table.write_csv(&mut csv, &excel)?;
//! assert_eq!(String::from_utf8(csv).unwrap(), "\u{feff}kind;gwp_kgco2e\nlaptop;7643,35\n");
//! # Ok::<(), empreinte::Error>(())
//! ```

use crate::error::{Error, Location, Result};

/// Significant digits of numbers unless asked otherwise: far beyond any
/// input's precision, without float noise (`7643.350000000002` is written
/// `7643.35`).
pub const DEFAULT_SIGNIFICANT_DIGITS: usize = 10;

/// The character between the integer and the fractional part of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// `7643.35` (the default, and always in JSON).
    #[default]
    Point,
    /// `7643,35` (spreadsheets in French, Dutch, German).
    Comma,
}

/// The shape of a CSV file: separator, decimal mark and byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// The byte between cells (`,` or `;`).
    pub separator: u8,
    /// The decimal mark of numbers.
    pub decimal: DecimalMark,
    /// Starts the file with the UTF-8 byte order mark (Excel reads the file
    /// as UTF-8 only with it).
    pub bom: bool,
}

impl Dialect {
    /// RFC 4180: `,`, decimal point, no byte order mark (the default).
    pub const RFC4180: Dialect = Dialect {
        separator: b',',
        decimal: DecimalMark::Point,
        bom: false,
    };
    /// Excel where the decimal mark is a comma (French, Dutch): `;`,
    /// decimal comma, UTF-8 byte order mark.
    pub const EXCEL_COMMA: Dialect = Dialect {
        separator: b';',
        decimal: DecimalMark::Comma,
        bom: true,
    };
}

impl Default for Dialect {
    fn default() -> Self {
        Self::RFC4180
    }
}

/// How tables are written: the rule for numbers and the CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Numbers rounded to this many significant digits (1 to 17); `None`
    /// writes every number in full precision (the shortest text that reads
    /// back to the same `f64`).
    pub significant_digits: Option<usize>,
    /// Separator, decimal mark and byte order mark of CSV (JSON always has
    /// `,` and a decimal point).
    pub dialect: Dialect,
}

impl Default for WriteOptions {
    /// [`DEFAULT_SIGNIFICANT_DIGITS`], [`Dialect::RFC4180`].
    fn default() -> Self {
        Self {
            significant_digits: Some(DEFAULT_SIGNIFICANT_DIGITS),
            dialect: Dialect::RFC4180,
        }
    }
}

impl WriteOptions {
    /// Every number in full precision, [`Dialect::RFC4180`].
    pub const FULL_PRECISION: WriteOptions = WriteOptions {
        significant_digits: None,
        dialect: Dialect::RFC4180,
    };

    /// The default options with `digits` significant digits (`None`: the
    /// default number).
    #[must_use]
    pub fn with_digits(digits: Option<usize>) -> Self {
        Self {
            significant_digits: Some(digits.unwrap_or(DEFAULT_SIGNIFICANT_DIGITS)),
            ..Self::default()
        }
    }

    /// A number after the rule: rounded to the significant digits asked.
    #[must_use]
    pub fn round(&self, v: f64) -> f64 {
        match self.significant_digits {
            Some(digits) => crate::quantity::round_significant(v, digits),
            None => v,
        }
    }

    /// A number as CSV text: rounded, in its shortest form, with the
    /// dialect's decimal mark.
    #[must_use]
    pub fn number_text(&self, v: f64) -> String {
        let text = format_number(self.round(v));
        match self.dialect.decimal {
            DecimalMark::Point => text,
            DecimalMark::Comma => text.replace('.', ","),
        }
    }

    /// A number as a JSON value: rounded; a whole number (below 2^53) is an
    /// integer, so `10` devices are `10` and not `10.0`.
    #[must_use]
    pub fn number_json(&self, v: f64) -> serde_json::Value {
        let v = self.round(v);
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            (v as i64).into()
        } else {
            serde_json::Value::from(v)
        }
    }
}

/// A number in its shortest form that reads back exactly (`0` for zero).
#[must_use]
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// One cell of a row, before it becomes text or JSON.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    /// A number; `None` is missing (empty in CSV, `null` in JSON).
    Number(Option<f64>),
    /// A whole number (a year, a rank): written without decimals.
    Integer(Option<i64>),
    /// A yes/no flag: `true`/`false` in CSV and JSON.
    Boolean(Option<bool>),
}

impl Cell {
    fn text(&self, o: &WriteOptions) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Number(v) => v.map(|v| o.number_text(v)).unwrap_or_default(),
            Self::Integer(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            Self::Boolean(v) => v.map(|v| v.to_string()).unwrap_or_default(),
        }
    }

    fn json(&self, o: &WriteOptions) -> serde_json::Value {
        match self {
            Self::Text(t) => t.clone().into(),
            Self::Number(v) => v.map_or(serde_json::Value::Null, |v| o.number_json(v)),
            Self::Integer(v) => v.map_or(serde_json::Value::Null, Into::into),
            Self::Boolean(v) => v.map_or(serde_json::Value::Null, Into::into),
        }
    }

    pub(crate) fn number(&self) -> Option<f64> {
        match self {
            Self::Number(v) => *v,
            #[allow(clippy::cast_precision_loss)] // years and ranks are far below 2^53
            Self::Integer(v) => v.map(|v| v as f64),
            Self::Boolean(v) => v.map(|v| if v { 1.0 } else { 0.0 }),
            Self::Text(_) => None,
        }
    }
}

/// Writes a header and rows as CSV.
pub(crate) fn write_csv<W: std::io::Write>(
    mut out: W,
    header: &[String],
    rows: impl Iterator<Item = Vec<Cell>>,
    o: &WriteOptions,
) -> Result<()> {
    if o.dialect.bom {
        out.write_all("\u{feff}".as_bytes()).map_err(|e| io(&e))?;
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(o.dialect.separator)
        .from_writer(out);
    w.write_record(header).map_err(csv_io)?;
    for row in rows {
        w.write_record(row.iter().map(|c| c.text(o)))
            .map_err(csv_io)?;
    }
    w.flush().map_err(|e| io(&e))
}

/// One row as a JSON object.
pub(crate) fn json_object(
    names: &[String],
    row: &[Cell],
    o: &WriteOptions,
) -> serde_json::Map<String, serde_json::Value> {
    names
        .iter()
        .cloned()
        .zip(row.iter().map(|c| c.json(o)))
        .collect()
}

/// Writes rows as a JSON array of objects, one row at a time.
pub(crate) fn write_json_rows<W: std::io::Write>(
    mut out: W,
    names: &[String],
    rows: impl Iterator<Item = Vec<Cell>>,
    o: &WriteOptions,
) -> Result<()> {
    out.write_all(b"[").map_err(|e| io(&e))?;
    for (i, row) in rows.enumerate() {
        let sep: &[u8] = if i == 0 { b"\n  " } else { b",\n  " };
        out.write_all(sep).map_err(|e| io(&e))?;
        serde_json::to_writer(&mut out, &json_object(names, &row, o)).map_err(|e| io(&e.into()))?;
    }
    out.write_all(b"\n]").map_err(|e| io(&e))
}

/// An I/O error of an output writer.
pub(crate) fn io(e: &std::io::Error) -> Error {
    Error::Io {
        at: Location::file("output"),
        message: e.to_string(),
    }
}

/// A CSV writer's error.
fn csv_io(e: csv::Error) -> Error {
    Error::Io {
        at: Location::file("output"),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_numbers_in_csv_and_json() {
        let o = WriteOptions::default();
        assert_eq!(o.number_text(7643.350000000002), "7643.35");
        assert_eq!(o.number_json(7643.350000000002), serde_json::json!(7643.35));
        assert_eq!(o.number_json(10.0), serde_json::json!(10));
        assert_eq!(o.number_text(0.0), "0");
        let full = WriteOptions::FULL_PRECISION;
        assert_eq!(full.number_text(7643.350000000002), "7643.350000000002");
        assert_eq!(full.number_json(0.1 + 0.2), serde_json::json!(0.1 + 0.2));
        let three = WriteOptions::with_digits(Some(3));
        assert_eq!(three.number_text(1234.5), "1230");
        assert_eq!(three.number_json(0.012345), serde_json::json!(0.0123));
    }

    #[test]
    fn the_dialect_shapes_csv_only() {
        let names = ["a".to_owned(), "b".to_owned()];
        let rows = || vec![vec![Cell::Text("x;y".into()), Cell::Number(Some(1.5))]].into_iter();
        let excel = WriteOptions {
            dialect: Dialect::EXCEL_COMMA,
            ..WriteOptions::default()
        };
        let mut out = Vec::new();
        write_csv(&mut out, &names, rows(), &excel).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}a;b\n\"x;y\";1,5\n"
        );
        let mut out = Vec::new();
        write_json_rows(&mut out, &names, rows(), &excel).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n  {\"a\":\"x;y\",\"b\":1.5}\n]"
        );
    }
}
