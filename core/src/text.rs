//! Reading text cells: the CSV dialect of a file (separator, decimal comma,
//! byte-order mark) and locale-aware numbers. Every reader of the crate
//! (inventories, factor tables) uses these, so a number reads the same
//! whatever the file.

use crate::error::{Error, Locate, Location, Result};
use std::io::{BufRead, Read};

/// Longest line accepted in any CSV input, bytes (1 MiB): a header or a
/// cell longer than that is refused with its line rather than read whole
/// (a file without line ends, `/dev/zero`, would otherwise fill memory).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Reads the first line of `reader`, its line end included: up to the
/// first `\n` or lone `\r` (an Excel "CSV (Macintosh)" file ends its
/// lines with CR only: the rest stays in `reader`, to be streamed), at
/// most [`MAX_LINE_BYTES`].
///
/// # Errors
///
/// [`Error::Io`] for a read failure; [`Error::NotCsv`] for a first line
/// longer than [`MAX_LINE_BYTES`] (a binary file or one without line ends).
pub(crate) fn read_first_line<R: BufRead>(reader: &mut R, source: &str) -> Result<Vec<u8>> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().map_err(|e| Error::Io {
            at: Location::line(source, 1),
            message: e.to_string(),
        })?;
        if buf.is_empty() {
            return Ok(line);
        }
        let room = MAX_LINE_BYTES + 1 - line.len();
        let window = buf.get(..buf.len().min(room)).unwrap_or(buf);
        if let Some(i) = window.iter().position(|&b| b == b'\n' || b == b'\r') {
            line.extend_from_slice(window.get(..=i).unwrap_or(window));
            reader.consume(i + 1);
            return Ok(line);
        }
        let n = window.len();
        line.extend_from_slice(window);
        reader.consume(n);
        if line.len() > MAX_LINE_BYTES {
            return Err(Error::NotCsv {
                at: Location::line(source, 1),
                message: binary_kind(&line).map_or_else(line_too_long, str::to_owned),
            });
        }
    }
}

fn line_too_long() -> String {
    format!("no line end in the first {MAX_LINE_BYTES} bytes: a line (header or cell) is limited to 1 MiB; is this a CSV text file?")
}

/// The error a [`LineCounter`] returns for a line longer than [`MAX_LINE_BYTES`].
#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&line_too_long())
    }
}

impl std::error::Error for LineTooLong {}

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Field separator.
    pub delimiter: u8,
    /// Whether numbers use a decimal comma.
    pub decimal_comma: bool,
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The dialect of a header line (up to its first line end, CR-only files
/// too): the separator that splits it into more `known` column names wins,
/// so a column named `a;b;c` in a `,` file does not turn it into a `;` file;
/// on a tie, the separator found more often outside quotes.
pub(crate) fn dialect_by_columns(first_line: &[u8], known: impl Fn(&str) -> bool) -> Dialect {
    let line = first_line
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or_default();
    let fields = |sep: u8| -> (usize, usize) {
        let (mut count, mut known_names, mut quoted, mut start) = (0, 0, false, 0);
        let name = |from: usize, to: usize| {
            let field = line.get(from..to).unwrap_or_default();
            let text = String::from_utf8_lossy(field);
            usize::from(known(text.trim().trim_matches('"').trim()))
        };
        for (i, &b) in line.iter().enumerate() {
            if b == b'"' {
                quoted = !quoted;
            } else if b == sep && !quoted {
                count += 1;
                known_names += name(start, i);
                start = i + 1;
            }
        }
        known_names += name(start, line.len());
        (known_names, count)
    };
    let (known_commas, commas) = fields(b',');
    let (known_semicolons, semicolons) = fields(b';');
    let semicolon = known_semicolons > known_commas
        || (known_semicolons == known_commas && semicolons > commas);
    Dialect {
        delimiter: if semicolon { b';' } else { b',' },
        decimal_comma: semicolon,
    }
}

/// Strips a UTF-8 byte-order mark and guesses the dialect from the header,
/// preferring the separator that gives more `known` column names.
#[must_use]
pub fn sniff_dialect(bytes: &[u8], known: impl Fn(&str) -> bool) -> (&[u8], Dialect) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    (bytes, dialect_by_columns(bytes, known))
}

/// How the text of a file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// UTF-8 where a cell is valid UTF-8, else Windows-1252 (what Excel
    /// writes as plain "CSV" in French and Dutch locales). Decided per cell,
    /// so the answer never depends on how the bytes arrive.
    #[default]
    Auto,
    /// UTF-8 only: invalid bytes are an error.
    Utf8,
    /// Windows-1252 for every cell.
    Windows1252,
}

impl TextEncoding {
    /// The identifier [`TextEncoding::parse`] reads: `auto`, `utf-8` or
    /// `windows-1252`.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Utf8 => "utf-8",
            Self::Windows1252 => "windows-1252",
        }
    }

    /// Parses `auto`, `utf-8` (`utf8`) or `windows-1252` (`cp1252`, `latin1`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] located at the option `encoding`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "utf-8" | "utf8" => Ok(Self::Utf8),
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" => {
                Ok(Self::Windows1252)
            }
            _ => Err(Error::invalid_option(
                "encoding",
                s,
                "auto, utf-8, windows-1252",
            )),
        }
    }

    /// Decodes one cell; `Ok(Cow::Owned)` when the cell was not UTF-8 and was
    /// read as Windows-1252 (`decoded` then says so).
    ///
    /// # Errors
    ///
    /// [`Error::MalformedCsv`] at `at` for invalid UTF-8 with [`TextEncoding::Utf8`].
    pub fn decode<'a>(
        self,
        raw: &'a [u8],
        at: &impl Locate,
        decoded: &mut bool,
    ) -> Result<std::borrow::Cow<'a, str>> {
        let cp1252 = |raw: &'a [u8]| std::borrow::Cow::Owned(windows_1252(raw));
        match (self, std::str::from_utf8(raw)) {
            (Self::Windows1252, _) => {
                *decoded = true;
                Ok(cp1252(raw))
            }
            (_, Ok(text)) => Ok(std::borrow::Cow::Borrowed(text)),
            (Self::Auto, Err(_)) => {
                *decoded = true;
                Ok(cp1252(raw))
            }
            (Self::Utf8, Err(_)) => Err(Error::MalformedCsv {
                at: at.locate(),
                message: "invalid UTF-8 (save the file as CSV UTF-8, or read it as windows-1252)"
                    .into(),
            }),
        }
    }
}

/// The characters of bytes 0x80..=0x9F in Windows-1252 (WHATWG Encoding
/// Standard, index-windows-1252; its five unassigned bytes are the C1
/// controls of the same value). Every other byte is the Latin-1 character
/// of its value.
const WINDOWS_1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Decodes Windows-1252 (every byte is a character: nothing is invalid).
/// A table of 32 characters rather than `encoding_rs`, whose decoder
/// carries every encoding's tables into the WebAssembly package (about
/// 120 KB gzipped of its 300 KB budget); the Node suite checks all 128
/// upper bytes against the WHATWG index.
fn windows_1252(raw: &[u8]) -> String {
    raw.iter()
        .map(|&b| match b {
            0x80..=0x9F => WINDOWS_1252_80_9F
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            _ => char::from(b),
        })
        .collect()
}

/// What a file's first bytes say it is, when it is not text: a spreadsheet
/// saved as `.xlsx` (a ZIP archive) or `.xls`, a PDF.
#[must_use]
pub fn binary_kind(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"PK\x03\x04") {
        Some("this is a ZIP archive, probably an Excel .xlsx workbook: in Excel use File > Save As > CSV UTF-8 (or CSV), then read that file")
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("this is an old Excel .xls workbook: in Excel use File > Save As > CSV UTF-8 (or CSV), then read that file")
    } else if head.starts_with(b"%PDF") {
        Some("this is a PDF document: export the inventory as CSV")
    } else {
        None
    }
}

/// Parses a number written in a CSV cell: empty is `None`.
///
/// With `decimal_comma` (a `;`-separated file), `,` is the decimal mark and
/// thousands may be grouped with spaces (plain, no-break, narrow no-break) or
/// `.`: `1 234,5` and `1.234,5` read 1234.5, `1.000` reads 1000. A `.` that
/// does not group thousands (`1.5`, `12.34,5`) is ambiguous in such a file
/// and refused. Numbers of any length read the same in both dialects.
///
/// # Errors
///
/// [`Error::InvalidNumber`] (units in cells, typos), [`Error::AmbiguousNumber`]
/// or [`Error::NotFinite`] (`NaN`, `inf`).
pub fn parse_number(raw: &[u8], decimal_comma: bool, at: &impl Locate) -> Result<Option<f64>> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    // Fast path: most cells are small whole numbers (quantities, years).
    if s.len() <= 15 && s.iter().all(u8::is_ascii_digit) {
        return Ok(Some(
            s.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64,
        ));
    }
    let owned;
    let text: &[u8] = if decimal_comma {
        owned = localised(s).ok_or_else(|| Error::AmbiguousNumber {
            at: at.locate(),
            value: crate::error::echo(&String::from_utf8_lossy(s)),
        })?;
        &owned
    } else {
        s
    };
    let v: f64 = std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| invalid(raw, at))?;
    if !v.is_finite() {
        return Err(Error::NotFinite {
            at: at.locate(),
            value: crate::error::echo(&String::from_utf8_lossy(s)),
        });
    }
    Ok(Some(v))
}

/// A decimal-comma number rewritten with a `.` decimal point and no
/// grouping; `None` when a `.` does not group thousands.
fn localised(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some((&b, tail)) = rest.split_first() {
        // Thousands separators: space, no-break space (C2 A0), narrow no-break space (E2 80 AF).
        if b == b' ' {
            rest = tail;
        } else if let Some(t) = rest.strip_prefix(&[0xC2, 0xA0]) {
            rest = t;
        } else if let Some(t) = rest.strip_prefix(&[0xE2, 0x80, 0xAF]) {
            rest = t;
        } else {
            out.push(b);
            rest = tail;
        }
    }
    if out.contains(&b'.') {
        // `.` groups thousands: sign, 1-3 digits, then groups of `.ddd`, up
        // to the decimal comma or an exponent.
        let end = out
            .iter()
            .position(|&c| c == b',' || c == b'e' || c == b'E')
            .unwrap_or(out.len());
        let (int, tail) = out.split_at(end);
        let digits = int
            .strip_prefix(b"-")
            .or_else(|| int.strip_prefix(b"+"))
            .unwrap_or(int);
        let mut groups = digits.split(|&c| c == b'.');
        let head_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.iter().all(u8::is_ascii_digit));
        let rest_ok = groups.all(|g| g.len() == 3 && g.iter().all(u8::is_ascii_digit));
        if !(head_ok && rest_ok) || tail.contains(&b'.') {
            return None;
        }
        out.retain(|&c| c != b'.');
    }
    for c in &mut out {
        if *c == b',' {
            *c = b'.';
        }
    }
    Some(out)
}

fn invalid(raw: &[u8], at: &impl Locate) -> Error {
    Error::InvalidNumber {
        at: at.locate(),
        value: crate::error::echo(String::from_utf8_lossy(raw).trim()),
    }
}

/// The result of reading one record of a line-counting CSV reader (`read`,
/// from `read_record` or `read_byte_record`, and the record's `position`):
/// the record's physical line, `None` at the end, or the located error.
/// Every CSV reader of the crate reads its rows through this.
///
/// # Errors
///
/// [`csv_error`] at the line where the reader failed.
pub(crate) fn record_line<R: Read>(
    csv: &mut csv::Reader<LineCounter<R>>,
    read: csv::Result<bool>,
    position: Option<&csv::Position>,
    source: &str,
) -> Result<Option<u64>> {
    match read {
        Ok(true) => Ok(Some(
            csv.get_mut()
                .line_at(position.map_or(0, csv::Position::byte)),
        )),
        Ok(false) => Ok(None),
        Err(e) => {
            let line = csv
                .get_mut()
                .line_at(e.position().map_or(u64::MAX, csv::Position::byte));
            Err(csv_error(source, &e, line))
        }
    }
}

/// A CSV reader's error at `source:line`: [`Error::Io`] for a read failure,
/// else [`Error::MalformedCsv`] ("3 fields where the header has 5" for a
/// short or long row).
pub(crate) fn csv_error(source: &str, e: &csv::Error, line: u64) -> Error {
    let at = crate::error::Location::line(source, line);
    match e.kind() {
        csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<LineTooLong>()) => {
            Error::MalformedCsv {
                at,
                message: io.to_string(),
            }
        }
        csv::ErrorKind::Io(io) => Error::Io {
            at,
            message: io.to_string(),
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::MalformedCsv {
            at,
            message: format!("{len} fields where the header has {expected_len}"),
        },
        _ => Error::MalformedCsv {
            at,
            message: e.to_string(),
        },
    }
}

/// A reader that counts physical lines: it remembers the byte offsets of
/// the line ends it has passed (`\n`, `\r\n` or a lone `\r`) until the
/// records before them are read, so a record's byte offset gives its line
/// whatever the line ends (the `csv` crate's own line count is off after
/// CRLF). Memory: the ends within the CSV reader's look-ahead buffer.
pub(crate) struct LineCounter<R> {
    inner: R,
    offset: u64,
    last_was_cr: bool,
    /// Offset and length (1, or 2 for CRLF) of the line ends not yet passed.
    ends: std::collections::VecDeque<(u64, u64)>,
    line: u64,
    /// Bytes since the last line end (bounded by [`MAX_LINE_BYTES`]).
    run: usize,
}

impl<R> LineCounter<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            last_was_cr: false,
            ends: std::collections::VecDeque::new(),
            line: 1,
            run: 0,
        }
    }

    /// The 1-based line of a record that starts at `offset` (offsets only
    /// grow). A record's offset may point at blank lines the CSV reader
    /// skipped before it: those are passed too.
    pub(crate) fn line_at(&mut self, offset: u64) -> u64 {
        // The CSV reader may place a record's start inside the previous
        // line's CRLF (on its LF): start after the last end passed.
        let mut at = offset;
        while let Some(&(end, len)) = self.ends.front() {
            if end >= offset {
                break;
            }
            self.ends.pop_front();
            self.line += 1;
            at = at.max(end + len);
        }
        while let Some(&(end, len)) = self.ends.front() {
            if end != at {
                break;
            }
            self.ends.pop_front();
            self.line += 1;
            at += len;
        }
        self.line
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf.iter().take(n).enumerate() {
            let at = self.offset + i as u64;
            match b {
                b'\r' => self.ends.push_back((at, 1)),
                b'\n' if self.last_was_cr => {
                    if let Some(last) = self.ends.back_mut() {
                        last.1 = 2;
                    }
                }
                b'\n' => self.ends.push_back((at, 1)),
                _ => {
                    self.run += 1;
                    if self.run > MAX_LINE_BYTES {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            LineTooLong,
                        ));
                    }
                }
            }
            if b == b'\r' || b == b'\n' {
                self.run = 0;
            }
            self.last_was_cr = b == b'\r';
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A small CSV table with named columns (factor tables, tender bids), read
/// with the same rules as inventories: dialect from the header's known
/// columns, byte-order mark skipped, decimal commas in `;` files, physical
/// line numbers counted by the project (CRLF, CR-only, blank lines).
pub struct CsvTable<'a> {
    source: String,
    reader: csv::Reader<LineCounter<&'a [u8]>>,
    /// The file's dialect (numbers read with it: [`CsvTable::number`]).
    pub dialect: Dialect,
    index: Vec<Option<usize>>,
    columns: &'static [&'static str],
}

impl<'a> CsvTable<'a> {
    /// Opens `bytes` and finds every column of `columns` in the header
    /// (trimmed, case-insensitive).
    ///
    /// # Errors
    ///
    /// [`Error::MalformedCsv`] for an unreadable header,
    /// [`Error::MissingColumn`] for a column that is not there (line 1).
    pub fn open(source: &str, bytes: &'a [u8], columns: &'static [&'static str]) -> Result<Self> {
        Self::open_with_optional(source, bytes, columns, columns.len())
    }

    /// [`CsvTable::open`] where only the first `required` columns of
    /// `columns` must be in the header; the others may be absent (their
    /// fields then read empty, [`CsvTable::has`] says so).
    ///
    /// # Errors
    ///
    /// As [`CsvTable::open`], for the required columns.
    pub fn open_with_optional(
        source: &str,
        bytes: &'a [u8],
        columns: &'static [&'static str],
        required: usize,
    ) -> Result<Self> {
        let (bytes, dialect) = sniff_dialect(bytes, |name| {
            columns.iter().any(|c| c.eq_ignore_ascii_case(name))
        });
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .from_reader(LineCounter::new(bytes));
        let header_at = crate::error::Location::line(source, 1);
        let headers = reader
            .headers()
            .map_err(|e| Error::MalformedCsv {
                at: header_at.clone(),
                message: e.to_string(),
            })?
            .clone();
        let index = columns
            .iter()
            .enumerate()
            .map(|(slot, col)| {
                let position = headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(col));
                match position {
                    None if slot < required => Err(Error::MissingColumn {
                        at: header_at.clone(),
                        column: (*col).into(),
                    }),
                    _ => Ok(position),
                }
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            source: source.into(),
            reader,
            dialect,
            index,
            columns,
        })
    }

    /// Reads the next data row into `record`; its physical line, or `None`
    /// at the end.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedCsv`] at the line of a malformed row.
    pub fn next_row(&mut self, record: &mut csv::StringRecord) -> Result<Option<u64>> {
        let read = self.reader.read_record(record);
        record_line(&mut self.reader, read, record.position(), &self.source)
    }

    /// The place of column `slot` on `line`.
    #[must_use]
    pub fn at(&self, line: u64, slot: usize) -> crate::error::Location {
        crate::error::Location::line(&self.source, line)
            .with_column(self.columns.get(slot).copied().unwrap_or(""))
    }

    /// The trimmed text of column `slot` in `record` (`""` when absent).
    #[must_use]
    pub fn field<'r>(&self, record: &'r csv::StringRecord, slot: usize) -> &'r str {
        self.index
            .get(slot)
            .copied()
            .flatten()
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .trim()
    }

    /// The number in column `slot`, read with the file's dialect; `None`
    /// when empty.
    ///
    /// # Errors
    ///
    /// As [`parse_number`], at the cell.
    pub fn number(
        &self,
        record: &csv::StringRecord,
        line: u64,
        slot: usize,
    ) -> Result<Option<f64>> {
        parse_number(
            self.field(record, slot).as_bytes(),
            self.dialect.decimal_comma,
            &self.at(line, slot),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn numbers_in_both_locales() {
        let at = Location::default();
        assert_eq!(parse_number(b" 1.5 ", false, &at).unwrap(), Some(1.5));
        assert_eq!(parse_number(b"1,5", true, &at).unwrap(), Some(1.5));
        assert_eq!(
            parse_number("1\u{a0}234,5".as_bytes(), true, &at).unwrap(),
            Some(1234.5)
        );
        assert_eq!(parse_number(b"", true, &at).unwrap(), None);
        assert_eq!(
            parse_number(b"12 kWh", false, &at).unwrap_err().code(),
            "invalid_number"
        );
        assert_eq!(
            parse_number(b"NaN", false, &at).unwrap_err().code(),
            "not_finite"
        );
        assert_eq!(
            parse_number(b"inf", true, &at).unwrap_err().code(),
            "not_finite"
        );
        // In a decimal-comma file, `.` groups thousands or is refused.
        assert_eq!(parse_number(b"1.000", true, &at).unwrap(), Some(1000.0));
        assert_eq!(parse_number(b"1.000,5", true, &at).unwrap(), Some(1000.5));
        assert_eq!(
            parse_number(b"-12.345.678,25", true, &at).unwrap(),
            Some(-12_345_678.25)
        );
        for ambiguous in [&b"1.5"[..], b"12.34,5", b"1.0000", b".5", b"1,000.5"] {
            assert_eq!(
                parse_number(ambiguous, true, &at).unwrap_err().code(),
                "ambiguous_number",
                "{}",
                String::from_utf8_lossy(ambiguous)
            );
        }
        assert_eq!(parse_number(b"1.5", false, &at).unwrap(), Some(1.5));
    }

    #[test]
    fn long_numbers_read_the_same_in_both_dialects() {
        let at = Location::default();
        let long = format!("{}1.25", "0".repeat(200));
        let comma = long.replace('.', ",");
        assert_eq!(
            parse_number(long.as_bytes(), false, &at).unwrap(),
            parse_number(comma.as_bytes(), true, &at).unwrap()
        );
        assert_eq!(
            parse_number(long.as_bytes(), false, &at).unwrap(),
            Some(1.25)
        );
    }

    #[test]
    fn dialects() {
        let (rest, d) = sniff_dialect(b"\xEF\xBB\xBFentity;kind;quantity\n", |_| false);
        assert_eq!(
            d,
            Dialect {
                delimiter: b';',
                decimal_comma: true
            }
        );
        assert!(rest.starts_with(b"entity"));
        assert_eq!(sniff_dialect(b"entity,kind\n", |_| false).1.delimiter, b',');
    }
}
