//! The CSV reader of inventories: dialect sniffed on the first complete
//! line (whatever the read sizes), columns classified by the schema, rows
//! validated and handed out in batches.

use super::schema::{classify, ignored_column_note, ColumnMatch, ColumnType, Requirement};
use super::{Inventory, Record, RowRef, COLUMNS};
use crate::error::{Error, Location, Result};
use crate::note::Note;
use crate::text::{
    binary_kind, csv_error, dialect_by_columns, parse_number, record_line, LineCounter,
    TextEncoding, BOM,
};
use std::io::{BufReader, Read};

/// How to read a CSV inventory.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// How the text is encoded (default: UTF-8, else Windows-1252 per cell).
    pub encoding: TextEncoding,
}

/// What reading a CSV inventory found besides its rows.
#[derive(Debug, Clone, Default)]
pub struct CsvSummary {
    /// Data lines read.
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Header columns that were not recognised and were ignored.
    pub ignored_columns: Vec<String>,
    /// The first line with a cell read as Windows-1252, if any.
    pub windows_1252_from_line: Option<u64>,
}

impl CsvSummary {
    /// The notes a report of this file carries (ignored columns).
    #[must_use]
    pub fn notes(&self, source: &str) -> Vec<Note> {
        let mut notes: Vec<Note> = self
            .ignored_columns
            .iter()
            .map(|c| ignored_column_note(source, c))
            .collect();
        if let Some(line) = self.windows_1252_from_line {
            notes.push(Note {
                code: "encoding",
                message: format!(
                    "{source}: not UTF-8 from line {line}; text read as Windows-1252 (Excel \"CSV\" in French or Dutch locales)"
                ),
            });
        }
        notes
    }
}

/// Reads a CSV inventory in batches of `batch_rows` rows: each full batch
/// (and the last one) is handed to `on_batch` with the number of bytes read so
/// far, then cleared. Memory stays proportional to the batch and the number of
/// distinct entities, whatever the file size.
///
/// # Errors
///
/// The first bad line (file, line and column), a missing or mistyped column,
/// an empty file, or whatever `on_batch` returns.
pub fn read_csv<R: Read>(
    name: &str,
    reader: R,
    inventory: &mut Inventory,
    batch_rows: usize,
    on_batch: impl FnMut(&mut Inventory, u64) -> Result<()>,
) -> Result<CsvSummary> {
    read_csv_with(
        name,
        reader,
        ReadOptions::default(),
        inventory,
        batch_rows,
        on_batch,
    )
}

/// [`read_csv`] with explicit [`ReadOptions`].
///
/// # Errors
///
/// As [`read_csv`]; [`Error::NotCsv`] for a spreadsheet or other binary file.
pub fn read_csv_with<R: Read>(
    name: &str,
    reader: R,
    options: ReadOptions,
    inventory: &mut Inventory,
    batch_rows: usize,
    mut on_batch: impl FnMut(&mut Inventory, u64) -> Result<()>,
) -> Result<CsvSummary> {
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    // The dialect is decided on the whole first line, however the bytes
    // arrive (a pipe may deliver the header in pieces).
    let first_line = crate::text::read_first_line(&mut buffered, name)?;
    if let Some(what) = binary_kind(&first_line) {
        return Err(Error::NotCsv {
            at: Location::file(name),
            message: what.into(),
        });
    }
    let header = first_line.strip_prefix(BOM).unwrap_or(&first_line);
    let dialect = dialect_by_columns(header, |name| {
        matches!(classify(name), super::schema::ColumnMatch::Known(_))
    });
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(true)
        .from_reader(LineCounter::new(
            std::io::Cursor::new(header.to_vec()).chain(buffered),
        ));
    let header_at = Location::line(name, 1);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(csv_error(name, &e, 1)),
    };
    if headers.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(Error::EmptyInventory { at: header_at });
    }
    let mut decoded = false;
    let names: Vec<String> = headers
        .iter()
        .map(|h| {
            options
                .encoding
                .decode(h, &header_at, &mut decoded)
                .map(|t| t.into_owned())
        })
        .collect::<Result<_>>()?;
    let (index, ignored_columns) = map_columns(names.iter().map(String::as_bytes), &header_at)?;
    let mut windows_1252_from_line = decoded.then_some(1);
    check_required(&index, &header_at)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let batch_rows = batch_rows.max(1);
    let bom_bytes = (first_line.len() - header.len()) as u64;
    loop {
        // Physical line, counted by us (CRLF, CR-only and blank lines
        // included), from the record's byte offset.
        let read = csv.read_byte_record(&mut record);
        let Some(line) = record_line(&mut csv, read, record.position(), name)? else {
            break;
        };
        let at = RowRef::Line(name, line);
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue; // blank line or a row of empty cells, as Excel writes
        }
        // Text cells first (decoded, maybe owned), then the record borrows them.
        let mut texts: [Option<std::borrow::Cow<'_, str>>; COLUMNS.len()] =
            std::array::from_fn(|_| None);
        let mut numbers: [Option<f64>; COLUMNS.len()] = [None; COLUMNS.len()];
        let mut decoded = false;
        for (slot, column) in index.iter().enumerate() {
            let (Some(i), Some(spec)) = (column, COLUMNS.get(slot)) else {
                continue;
            };
            let Some(raw) = record.get(*i) else {
                continue;
            };
            match spec.ty {
                ColumnType::Text | ColumnType::Date => {
                    if let Some(t) = texts.get_mut(slot) {
                        *t = Some(options.encoding.decode(
                            raw,
                            &at.cell(spec.name),
                            &mut decoded,
                        )?);
                    }
                }
                ColumnType::Number | ColumnType::Year => {
                    if let Some(n) = numbers.get_mut(slot) {
                        *n = parse_number(raw, dialect.decimal_comma, &at.cell(spec.name))?;
                    }
                }
            }
        }
        if decoded && windows_1252_from_line.is_none() {
            windows_1252_from_line = Some(line);
        }
        let mut rec = Record::default();
        for (slot, text) in texts.iter().enumerate() {
            if let Some(t) = text {
                rec.set_text(slot, t);
            }
        }
        for (slot, number) in numbers.iter().enumerate() {
            if let Some(v) = number {
                rec.set_number(slot, *v);
            }
        }
        inventory.push(&rec, at)?;
        rows += 1;
        if inventory.len() >= batch_rows {
            on_batch(
                inventory,
                record.position().map_or(0, csv::Position::byte) + bom_bytes,
            )?;
            inventory.clear_rows();
        }
    }
    if rows == 0 {
        return Err(Error::EmptyInventory {
            at: Location::line(name, 1),
        });
    }
    let bytes = csv.position().byte() + bom_bytes;
    if !inventory.is_empty() {
        on_batch(inventory, bytes)?;
        inventory.clear_rows();
    }
    Ok(CsvSummary {
        rows,
        bytes,
        ignored_columns,
        windows_1252_from_line,
    })
}

/// Reads a whole CSV inventory into memory (for bindings that hold the text
/// already; files stream through [`read_csv`] instead).
///
/// # Errors
///
/// As [`read_csv`].
pub fn read_all(name: &str, bytes: &[u8], inventory: Inventory) -> Result<(Inventory, CsvSummary)> {
    let mut all = inventory.clone();
    let mut batch = inventory;
    let summary = read_csv(name, bytes, &mut batch, usize::MAX, |b, _| {
        all = b.clone();
        Ok(())
    })?;
    Ok((all, summary))
}

/// Checks that every required column (or one of each group) is present.
///
/// # Errors
///
/// [`Error::MissingColumn`] at `at`, naming the column or the group.
pub fn check_required(index: &ColumnIndex, at: &Location) -> Result<()> {
    for (slot, spec) in COLUMNS.iter().enumerate() {
        let present = |s: usize| index.get(s).is_some_and(Option::is_some);
        let missing = match spec.requirement {
            Requirement::Required => (!present(slot)).then(|| spec.name.to_owned()),
            Requirement::OneOf(group) => {
                let members: Vec<(usize, &str)> = COLUMNS
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.requirement == Requirement::OneOf(group))
                    .map(|(i, c)| (i, c.name))
                    .collect();
                let first = members.first().map(|(i, _)| *i);
                (first == Some(slot) && !members.iter().any(|(i, _)| present(*i))).then(|| {
                    let names: Vec<&str> = members.iter().map(|(_, n)| *n).collect();
                    match names.split_first() {
                        Some((head, rest)) if !rest.is_empty() => {
                            format!("{head} (or {})", rest.join(", "))
                        }
                        _ => names.join(", "),
                    }
                })
            }
            Requirement::Optional => None,
        };
        if let Some(column) = missing {
            return Err(Error::MissingColumn {
                at: at.clone(),
                column,
            });
        }
    }
    Ok(())
}

/// For each slot of [`COLUMNS`], the position of that column in the input.
pub type ColumnIndex = [Option<usize>; COLUMNS.len()];

/// Maps header names to schema slots; a near miss of a known column is an
/// error, other unknown columns are returned to be noted.
///
/// # Errors
///
/// [`Error::UnknownColumn`] (with the column it looks like) or a column
/// given twice, at `at` narrowed to the column.
pub fn map_columns<'h>(
    headers: impl IntoIterator<Item = &'h [u8]>,
    at: &Location,
) -> Result<(ColumnIndex, Vec<String>)> {
    let mut index: ColumnIndex = [None; COLUMNS.len()];
    let mut ignored = Vec::new();
    let mut typos: Vec<(String, String)> = Vec::new();
    for (i, raw) in headers.into_iter().enumerate() {
        let name = crate::error::echo(&String::from_utf8_lossy(raw).trim().to_lowercase());
        if name.is_empty() {
            continue;
        }
        match classify(&name) {
            ColumnMatch::Known(slot) => match index.get_mut(slot) {
                Some(Some(_)) => {
                    return Err(Error::MalformedCsv {
                        at: at.clone().with_column(&name),
                        message: match COLUMNS.get(slot).map(|c| c.name) {
                            // A French or Dutch header of a column given as well.
                            Some(column) if column != name => {
                                format!("column `{name}` (`{column}`) appears twice")
                            }
                            _ => format!("column `{name}` appears twice"),
                        },
                    });
                }
                Some(cell) => *cell = Some(i),
                None => {}
            },
            ColumnMatch::Typo(suggestion) => typos.push((name, suggestion.into())),
            ColumnMatch::Ignored => ignored.push(name),
        }
    }
    let mut typos = typos.into_iter();
    if let Some((column, suggestion)) = typos.next() {
        return Err(Error::UnknownColumn {
            at: at.clone().with_column(&column),
            column,
            suggestion: Some(suggestion),
            also: typos.collect(),
        });
    }
    Ok((index, ignored))
}
