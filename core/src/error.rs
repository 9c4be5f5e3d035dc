//! Typed errors. Every variant has a stable [`Error::code`] that the command,
//! the Python package and the JavaScript package expose unchanged.

use serde::Serialize;
use std::fmt;

/// Where in the input a problem was found.
///
/// `line` is the 1-based physical line of a CSV file (the header is line 1);
/// `row` is the 0-based index of a record given in memory (a DataFrame row,
/// a JavaScript array element). `column` is the column or field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Name of the input (a file name, `inventory`, `factors`, ...).
    pub source: String,
    /// 1-based physical line in a text file.
    pub line: Option<u64>,
    /// 0-based index of an in-memory record.
    pub row: Option<u64>,
    /// Column or field name.
    pub column: Option<String>,
}

impl Location {
    /// A location in a text file.
    #[must_use]
    pub fn line(source: &str, line: u64) -> Self {
        Self {
            source: source.to_owned(),
            line: Some(line),
            ..Self::default()
        }
    }

    /// A location in an in-memory table.
    #[must_use]
    pub fn row(source: &str, row: u64) -> Self {
        Self {
            source: source.to_owned(),
            row: Some(row),
            ..Self::default()
        }
    }

    /// A whole input (a file with no particular line).
    #[must_use]
    pub fn file(source: &str) -> Self {
        Self {
            source: source.to_owned(),
            ..Self::default()
        }
    }

    /// An option (command-line flag, keyword argument, JavaScript field):
    /// source `options`, column the option's name.
    #[must_use]
    pub fn option(name: &str) -> Self {
        Self::file("options").with_column(name)
    }

    /// The same place, narrowed to one column.
    #[must_use]
    pub fn with_column(mut self, column: &str) -> Self {
        self.column = Some(column.to_owned());
        self
    }
}

/// Something that can say where it is, built only when an error needs it
/// (so the hot path allocates nothing for locations).
pub trait Locate {
    /// The location.
    fn locate(&self) -> Location;
}

impl Locate for Location {
    fn locate(&self) -> Location {
        self.clone()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.source.is_empty() {
            "input"
        } else {
            &self.source
        })?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(row) = self.row {
            write!(f, " row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        Ok(())
    }
}

fn kind_hint(s: &Option<String>) -> String {
    match s {
        Some(_) => did_you_mean(s),
        None => "; the kinds are listed by `empreinte factors` (Python `empreinte.archetypes()`, JavaScript `archetypes()`)".into(),
    }
}

/// A hint for a number written with a decimal comma where a point is read
/// (a DataFrame's text column, a quoted cell of a comma-separated file).
fn number_hint(value: &str) -> String {
    let t = value.trim();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    match t.trim_start_matches('-').split_once(',') {
        Some((int, frac)) if digits(int) && digits(frac) => format!(
            ": a decimal comma? write `{}` (or save the file with `;` separators, as Excel does in French and Dutch)",
            t.replacen(',', ".", 1)
        ),
        _ => String::new(),
    }
}

/// A hint for a bare year where a date is expected.
fn date_hint(value: &str) -> String {
    let t = value.trim();
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        "; a year alone goes in the column `purchase_year` (or write the date, e.g. 2021-01-01)"
            .into()
    } else {
        String::new()
    }
}

fn also_unknown(also: &[(String, String)]) -> String {
    also.iter()
        .map(|(c, s)| format!("; also unknown: `{c}` (did you mean `{s}`?)"))
        .collect()
}

/// A file's bytes, by the one rule of every surface: a directory is
/// [`Error::NotCsv`] ("give the file inside it"), an unreadable file
/// [`Error::Io`], both located at the path.
///
/// # Errors
///
/// As above.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open_file(path)?, &mut bytes).map_err(|e| Error::Io {
        at: Location::file(&path.display().to_string()),
        message: e.to_string(),
    })?;
    Ok(bytes)
}

/// A file opened to be streamed, by the rule of [`read_file`].
///
/// # Errors
///
/// As [`read_file`].
pub fn open_file(path: &std::path::Path) -> Result<std::fs::File> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Error::NotCsv {
            at: Location::file(&name),
            message: "this is a directory; give the file inside it".into(),
        });
    }
    std::fs::File::open(path).map_err(|e| Error::Io {
        at: Location::file(&name),
        message: e.to_string(),
    })
}

/// `bytes` of the text file `source` as text: a file that is not UTF-8 is
/// [`Error::NotCsv`] naming the first byte that is not, and what the file
/// should be (`what`: "a policy file is UTF-8 text (TOML or JSON)").
///
/// # Errors
///
/// As above.
pub fn utf8_text(source: &str, bytes: Vec<u8>, what: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::NotCsv {
        at: Location::file(source),
        message: format!(
            "{what}; byte {} is not UTF-8",
            e.utf8_error().valid_up_to() + 1
        ),
    })
}

fn did_you_mean(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// Everything that can go wrong in empreinte. Every variant carries the
/// place of the problem in `at` (file or input name, line or row, column),
/// and has a stable [`Error::code`]: the snake-case name of its
/// [`ErrorKind`].
#[derive(Debug, Clone, PartialEq, thiserror::Error, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(ErrorKind),
    derive(strum::EnumIter, strum::IntoStaticStr, Hash, PartialOrd, Ord),
    strum(serialize_all = "snake_case"),
    doc = "The kind of an [`Error`], without its fields; `ErrorKind::iter()` lists every kind."
)]
#[non_exhaustive]
pub enum Error {
    /// A CSV line could not be read (wrong number of fields, bad quoting, bad UTF-8).
    #[error("{at}: malformed CSV: {message}")]
    MalformedCsv {
        /// Where.
        at: Location,
        /// What the CSV reader said.
        message: String,
    },
    /// The input has no header or no data row.
    #[error("{at}: no data row (the file is empty or holds a header only)")]
    EmptyInventory {
        /// Where.
        at: Location,
    },
    /// A required column is absent from the header.
    #[error("{at}: missing required column `{column}`")]
    MissingColumn {
        /// Where (the header).
        at: Location,
        /// The column that is required.
        column: String,
    },
    /// A column name looks like a known one with a typo (often the unit).
    #[error("{at}: unknown column `{column}`{}{}", did_you_mean(.suggestion), also_unknown(.also))]
    UnknownColumn {
        /// Where (the header).
        at: Location,
        /// The column as written.
        column: String,
        /// The closest known column.
        suggestion: Option<String>,
        /// The header's other unknown columns, each with the closest known
        /// one: every one is named at once, not one per attempt.
        also: Vec<(String, String)>,
    },
    /// A required value is empty.
    #[error("{at}: a value is required")]
    MissingValue {
        /// Where.
        at: Location,
    },
    /// A value is not a number (units do not go in cells: use the column's unit).
    #[error("{at}: `{value}` is not a number{}", number_hint(.value))]
    InvalidNumber {
        /// Where.
        at: Location,
        /// The text as written.
        value: String,
    },
    /// A number whose `.` is neither a decimal point nor a thousands
    /// separator in its file's dialect (`1.5` in a `;` file with decimal commas).
    #[error("{at}: `{value}` is ambiguous in a file with decimal commas: `.` groups thousands there (1.000,5); write 1,5 for one and a half")]
    AmbiguousNumber {
        /// Where.
        at: Location,
        /// The text as written.
        value: String,
    },
    /// A number is NaN or infinite.
    #[error("{at}: `{value}` is not a finite number")]
    NotFinite {
        /// Where.
        at: Location,
        /// The text as written.
        value: String,
    },
    /// A number is outside its allowed range.
    #[error("{at}: {value} is out of range (allowed: {allowed})")]
    OutOfRange {
        /// Where.
        at: Location,
        /// The value as read.
        value: f64,
        /// The allowed range, in words.
        allowed: String,
    },
    /// A date is not `YYYY-MM-DD` (or `DD/MM/YYYY`).
    #[error("{at}: `{value}` is not a date (expected YYYY-MM-DD or DD/MM/YYYY){}", date_hint(.value))]
    InvalidDate {
        /// Where.
        at: Location,
        /// The text as written.
        value: String,
    },
    /// A device kind that no archetype describes.
    #[error("{at}: unknown device kind `{kind}`{}", kind_hint(.suggestion))]
    UnknownKind {
        /// Where.
        at: Location,
        /// The kind as written.
        kind: String,
        /// The closest known kind.
        suggestion: Option<String>,
    },
    /// A device kind without a default electricity use (an archetype table
    /// that gives it an embodied footprint only), where a computation needs
    /// its electricity and the input gives none.
    #[error("{at}: kind `{kind}` has no default electricity use; fill {fill}")]
    NoDefaultEnergy {
        /// Where (the row's or option's `annual_energy_kwh`, or the policy key).
        at: Location,
        /// The kind.
        kind: String,
        /// What to fill in (column, option or policy key), in words.
        fill: String,
    },
    /// A row gives a `utilisation` for a kind without a load model (no
    /// power at idle and at full load in its archetype).
    #[error("{at}: kind `{kind}` has no power at idle and at full load, so `utilisation` cannot give its electricity use; give `annual_energy_kwh` (kWh per device per year) instead")]
    NoLoadModel {
        /// Where (the row's `utilisation`).
        at: Location,
        /// The kind.
        kind: String,
    },
    /// Two columns of one row that each set the same value (`utilisation`
    /// and `annual_energy_kwh` both give the electricity use).
    #[error("{at}: `{column}` and `{other}` both set {what} on this row; keep one of them")]
    ConflictingColumns {
        /// Where (the row, at `column`).
        at: Location,
        /// The column located at.
        column: String,
        /// The other column.
        other: String,
        /// What both set, in words.
        what: String,
    },
    /// A country or zone code with no grid-intensity data.
    #[error("{at}: unknown country or zone `{country}`{}", did_you_mean(.suggestion))]
    UnknownCountry {
        /// Where.
        at: Location,
        /// The code as written.
        country: String,
        /// The closest known code.
        suggestion: Option<String>,
    },
    /// A row has no country and no default country was given.
    #[error("{at}: no country for this row; add a `country` column or give a default country (`--country BE` on the command line, `country=` in Python and JavaScript)")]
    MissingCountry {
        /// Where.
        at: Location,
    },
    /// An impact criterion is unknown or written with the wrong unit.
    #[error("{at}: criterion `{criterion}` with unit `{unit}`: {message}")]
    InvalidCriterion {
        /// Where.
        at: Location,
        /// The criterion as written.
        criterion: String,
        /// The unit as written.
        unit: String,
        /// What is wrong.
        message: String,
    },
    /// An option has a value outside its choices (`--mode`, `--by`, ...).
    #[error("{at}: option `{option}`: `{value}` is not one of {allowed}")]
    InvalidOption {
        /// Where (the option, or the cell of a file that holds it).
        at: Location,
        /// The option.
        option: String,
        /// The value as given.
        value: String,
        /// The accepted values.
        allowed: String,
    },
    /// An embedded or user-supplied dataset is inconsistent.
    #[error("{at}: dataset `{dataset}`: {message}")]
    Dataset {
        /// Where (the dataset file and line).
        at: Location,
        /// Dataset id.
        dataset: String,
        /// What is wrong.
        message: String,
    },
    /// The input is not a CSV text (a spreadsheet, a directory, ...).
    #[error("{at}: not a CSV file: {message}")]
    NotCsv {
        /// Where.
        at: Location,
        /// What it looks like and what to do.
        message: String,
    },
    /// Reading the input failed.
    #[error("{at}: I/O error: {message}")]
    Io {
        /// Where.
        at: Location,
        /// What the system said.
        message: String,
    },
}

impl ErrorKind {
    /// The stable, machine-readable identifier (`unknown_kind`, ...).
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Whether errors of this kind are about the caller's input (as opposed
    /// to the library's data or the system); Python maps these to
    /// `ValueError` too.
    #[must_use]
    pub fn is_input(self) -> bool {
        !matches!(self, Self::Dataset | Self::Io)
    }
}

impl Error {
    /// A stable, machine-readable identifier of the error kind. Bindings expose
    /// it as `code` (JavaScript) and on the exception (Python).
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The kind of this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from(self)
    }

    /// Every error code, in declaration order, derived from [`ErrorKind`].
    #[must_use]
    pub fn codes() -> Vec<&'static str> {
        use strum::IntoEnumIterator;
        ErrorKind::iter().map(ErrorKind::code).collect()
    }

    /// Whether the error is about the caller's input (see [`ErrorKind::is_input`]).
    #[must_use]
    pub fn is_input_error(&self) -> bool {
        self.kind().is_input()
    }

    /// The closest known name, for the errors that suggest one (an unknown
    /// column, kind or country): the "did you mean" every surface shows.
    #[must_use]
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Self::UnknownColumn { suggestion, .. }
            | Self::UnknownKind { suggestion, .. }
            | Self::UnknownCountry { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }

    /// The place of the problem.
    #[must_use]
    pub fn location(&self) -> &Location {
        match self {
            Self::MalformedCsv { at, .. }
            | Self::EmptyInventory { at }
            | Self::MissingColumn { at, .. }
            | Self::UnknownColumn { at, .. }
            | Self::MissingValue { at }
            | Self::InvalidNumber { at, .. }
            | Self::AmbiguousNumber { at, .. }
            | Self::NotFinite { at, .. }
            | Self::OutOfRange { at, .. }
            | Self::InvalidDate { at, .. }
            | Self::UnknownKind { at, .. }
            | Self::NoDefaultEnergy { at, .. }
            | Self::NoLoadModel { at, .. }
            | Self::ConflictingColumns { at, .. }
            | Self::UnknownCountry { at, .. }
            | Self::MissingCountry { at }
            | Self::InvalidCriterion { at, .. }
            | Self::InvalidOption { at, .. }
            | Self::Dataset { at, .. }
            | Self::NotCsv { at, .. }
            | Self::Io { at, .. } => at,
        }
    }

    /// An option outside its choices, located at the option itself.
    #[must_use]
    pub fn invalid_option(option: &str, value: &str, allowed: &str) -> Self {
        Self::InvalidOption {
            at: Location::option(option),
            option: option.into(),
            value: value.into(),
            allowed: allowed.into(),
        }
    }

    /// A problem in a dataset, at a line of its file (0 for the whole file).
    #[must_use]
    pub fn dataset(dataset: &str, line: u64, message: impl Into<String>) -> Self {
        Self::Dataset {
            at: if line == 0 {
                Location::file(dataset)
            } else {
                Location::line(dataset, line)
            },
            dataset: dataset.into(),
            message: message.into(),
        }
    }
}

/// A value as echoed in an error message: at most 64 characters, the rest
/// said as a count (a 50 MB cell must not be printed back whole).
#[must_use]
pub fn echo(value: &str) -> String {
    const MAX: usize = 64;
    match value.char_indices().nth(MAX) {
        None => value.to_owned(),
        Some((cut, _)) => format!(
            "{}… ({} bytes)",
            value.get(..cut).unwrap_or_default(),
            value.len()
        ),
    }
}

/// Result with an empreinte [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The known name closest to `input`, if it is close enough to be a typo.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    let lower = input.trim().to_lowercase();
    // A typo is short; a long value is not compared at all (bounded work).
    if lower.len() > 64 {
        return None;
    }
    candidates
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn codes_are_unique_snake_case_and_derived() {
        let codes = Error::codes();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len());
        assert!(codes.contains(&"unknown_kind") && codes.contains(&"io"));
        assert!(codes
            .iter()
            .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
        // Only the library's own data and the system are not input errors.
        let not_input: Vec<&str> = ErrorKind::iter()
            .filter(|k| !k.is_input())
            .map(ErrorKind::code)
            .collect();
        assert_eq!(not_input, ["dataset", "io"]);
    }

    #[test]
    fn every_error_has_a_location() {
        let e = Error::invalid_option("mode", "yearly", "amortised, acquisition");
        assert_eq!(e.location().column.as_deref(), Some("mode"));
        assert_eq!(e.code(), "invalid_option");
        let e = Error::dataset("archetypes.csv", 3, "bad");
        assert_eq!(e.location().line, Some(3));
        assert!(!e.is_input_error());
    }

    #[test]
    fn messages_name_the_place() {
        let e = Error::UnknownKind {
            at: Location::line("fleet.csv", 12).with_column("kind"),
            kind: "lapotp".into(),
            suggestion: closest("lapotp", ["laptop", "desktop"].into_iter()),
        };
        assert_eq!(
            e.to_string(),
            "fleet.csv:12, column `kind`: unknown device kind `lapotp` (did you mean `laptop`?)"
        );
        assert_eq!(e.code(), "unknown_kind");
    }
}
