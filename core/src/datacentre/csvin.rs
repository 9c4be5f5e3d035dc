//! The CSV reading shared by the data-centre inputs: the same rules as
//! inventories (dialect decided on the whole header line by the known
//! columns, UTF-8 else Windows-1252 per cell, physical line numbers counted
//! by [`LineCounter`], a column that looks like a known one with a typo is
//! an error, other unknown columns are noted), over declared columns.

use crate::error::{closest, Error, Location, Result};
use crate::note::Note;
use crate::text::{
    binary_kind, dialect_by_columns, parse_number, read_first_line, record_line, Dialect,
    LineCounter, TextEncoding, BOM,
};
use std::io::{BufReader, Read};

/// A column of a data-centre input: its name (unit suffix included),
/// whether it is required, other names it is known by, and its meaning.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Column name.
    pub name: &'static str,
    /// Whether the header must have it.
    pub required: bool,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// Meaning and unit, for documentation.
    pub meaning: &'static str,
}

/// Largest amount accepted in a data-centre cell (kWh, m³, litres, kg):
/// the same bound as the totals a binding fills.
pub(crate) const MAX_AMOUNT: f64 = 1e15;

/// One data row: its line and cells by declared column.
pub(crate) struct Row<'r> {
    pub(crate) name: &'r str,
    pub(crate) line: u64,
    record: &'r csv::ByteRecord,
    index: &'r [Option<usize>],
    specs: &'r [Spec],
    dialect: Dialect,
    encoding: TextEncoding,
    pub(crate) decoded: std::cell::Cell<bool>,
}

impl Row<'_> {
    /// The location of a column of this row.
    pub(crate) fn at(&self, column: &str) -> Location {
        Location::line(self.name, self.line).with_column(column)
    }

    fn raw(&self, column: &str) -> Option<&[u8]> {
        let slot = self.specs.iter().position(|s| s.name == column)?;
        let i = (*self.index.get(slot)?)?;
        self.record.get(i)
    }

    /// A text cell, trimmed; `None` when the column is absent or empty.
    pub(crate) fn text(&self, column: &str) -> Result<Option<String>> {
        let Some(raw) = self.raw(column) else {
            return Ok(None);
        };
        let at = self.at(column);
        let mut decoded = false;
        let t = self
            .encoding
            .decode(raw, &at, &mut decoded)?
            .trim()
            .to_owned();
        self.decoded.set(self.decoded.get() | decoded);
        Ok((!t.is_empty()).then_some(t))
    }

    /// A number cell; `None` when the column is absent or empty.
    pub(crate) fn number(&self, column: &str) -> Result<Option<f64>> {
        match self.raw(column) {
            Some(raw) => parse_number(raw, self.dialect.decimal_comma, &self.at(column)),
            None => Ok(None),
        }
    }

    /// A number cell that must be `>= 0` and at most [`MAX_AMOUNT`] (so
    /// that sums over a file stay finite).
    pub(crate) fn non_negative(&self, column: &str) -> Result<Option<f64>> {
        let v = self.number(column)?;
        if let Some(v) = v.filter(|v| *v < 0.0) {
            return Err(Error::OutOfRange {
                at: self.at(column),
                value: v,
                allowed: ">= 0".into(),
            });
        }
        if let Some(v) = v.filter(|v| *v > MAX_AMOUNT) {
            return Err(Error::OutOfRange {
                at: self.at(column),
                value: v,
                allowed: format!("at most {MAX_AMOUNT:e}"),
            });
        }
        Ok(v)
    }

    /// A required number cell that must be `>= 0`.
    pub(crate) fn required(&self, column: &str) -> Result<f64> {
        self.non_negative(column)?
            .ok_or_else(|| Error::MissingValue {
                at: self.at(column),
            })
    }
}

/// What reading a data-centre input found besides its rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub(crate) notes: Vec<Note>,
}

/// Reads `reader` as CSV with the declared `specs`, calling `on_row` for
/// every non-blank data line and `progress` with the bytes read every
/// 65,536 rows.
pub(crate) fn read<R: Read>(
    name: &str,
    reader: R,
    specs: &[Spec],
    encoding: TextEncoding,
    mut progress: impl FnMut(u64),
    mut on_row: impl FnMut(&mut Row<'_>) -> Result<()>,
) -> Result<Summary> {
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    let first = read_first_line(&mut buffered, name)?;
    if let Some(what) = binary_kind(&first) {
        return Err(Error::NotCsv {
            at: Location::file(name),
            message: what.into(),
        });
    }
    let header = first.strip_prefix(BOM).unwrap_or(&first).to_vec();
    let known = |c: &str| {
        let c = c.to_ascii_lowercase();
        specs
            .iter()
            .any(|s| s.name == c || s.aliases.contains(&c.as_str()))
    };
    let dialect = dialect_by_columns(&header, known);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .from_reader(LineCounter::new(
            std::io::Cursor::new(header).chain(buffered),
        ));
    let head = Location::line(name, 1);
    let headers = csv
        .byte_headers()
        .map_err(|e| Error::MalformedCsv {
            at: head.clone(),
            message: e.to_string(),
        })?
        .clone();
    if headers.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(Error::EmptyInventory { at: head });
    }
    let mut index: Vec<Option<usize>> = vec![None; specs.len()];
    let mut notes = Vec::new();
    for (i, raw) in headers.iter().enumerate() {
        let mut decoded = false;
        let h = encoding
            .decode(raw, &head, &mut decoded)?
            .trim()
            .trim_matches('"')
            .to_ascii_lowercase();
        if h.is_empty() {
            continue;
        }
        match specs
            .iter()
            .position(|s| s.name == h || s.aliases.contains(&h.as_str()))
        {
            Some(slot) => match index.get_mut(slot) {
                Some(Some(_)) => {
                    return Err(Error::MalformedCsv {
                        at: head.clone().with_column(&h),
                        message: format!("column `{h}` appears twice"),
                    })
                }
                Some(cell) => *cell = Some(i),
                None => {}
            },
            None => {
                if let Some(s) = closest(&h, specs.iter().map(|s| s.name)) {
                    return Err(Error::UnknownColumn {
                        at: head.clone().with_column(&h),
                        column: crate::error::echo(&h),
                        suggestion: Some(s),
                        also: Vec::new(),
                    });
                }
                notes.push(Note {
                    code: "ignored_column",
                    message: format!(
                        "{name}: column `{}` is not used and was ignored",
                        crate::error::echo(&h)
                    ),
                });
            }
        }
    }
    for (spec, i) in specs.iter().zip(&index) {
        if spec.required && i.is_none() {
            return Err(Error::MissingColumn {
                at: head.clone(),
                column: spec.name.into(),
            });
        }
    }
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut cp1252_from: Option<u64> = None;
    loop {
        let read = csv.read_byte_record(&mut record);
        let Some(line) = record_line(&mut csv, read, record.position(), name)? else {
            break;
        };
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        let mut row = Row {
            name,
            line,
            record: &record,
            index: &index,
            specs,
            dialect,
            encoding,
            decoded: std::cell::Cell::new(false),
        };
        on_row(&mut row)?;
        if row.decoded.get() && cp1252_from.is_none() {
            cp1252_from = Some(line);
        }
        rows += 1;
        if rows % 65_536 == 0 {
            progress(record.position().map_or(0, csv::Position::byte));
        }
    }
    if rows == 0 {
        return Err(Error::EmptyInventory {
            at: Location::line(name, 1),
        });
    }
    progress(csv.position().byte());
    if let Some(line) = cp1252_from {
        notes.push(Note {
            code: "encoding",
            message: format!("{name}: not UTF-8 from line {line}; text read as Windows-1252"),
        });
    }
    Ok(Summary { notes })
}
