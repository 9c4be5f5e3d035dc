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

fn did_you_mean(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// Everything that can go wrong in empreinte.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
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
    #[error("{at}: the inventory is empty (no device row)")]
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
    #[error("{at}: unknown column `{column}`{}", did_you_mean(.suggestion))]
    UnknownColumn {
        /// Where (the header).
        at: Location,
        /// The column as written.
        column: String,
        /// The closest known column.
        suggestion: Option<String>,
    },
    /// A required value is empty.
    #[error("{at}: a value is required")]
    MissingValue {
        /// Where.
        at: Location,
    },
    /// A value is not a number (units do not go in cells: use the column's unit).
    #[error("{at}: `{value}` is not a number")]
    InvalidNumber {
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
    #[error("{at}: `{value}` is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")]
    InvalidDate {
        /// Where.
        at: Location,
        /// The text as written.
        value: String,
    },
    /// A device kind that no archetype describes.
    #[error("{at}: unknown device kind `{kind}`{}", did_you_mean(.suggestion))]
    UnknownKind {
        /// Where.
        at: Location,
        /// The kind as written.
        kind: String,
        /// The closest known kind.
        suggestion: Option<String>,
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
    #[error("{at}: no country for this row; add a `country` column or give a default country")]
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
    #[error("option `{option}`: `{value}` is not one of {allowed}")]
    InvalidOption {
        /// The option.
        option: String,
        /// The value as given.
        value: String,
        /// The accepted values.
        allowed: String,
    },
    /// An embedded or user-supplied dataset is inconsistent.
    #[error("dataset `{dataset}`: {message}")]
    Dataset {
        /// Dataset id.
        dataset: String,
        /// What is wrong.
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

impl Error {
    /// A stable, machine-readable identifier of the error kind. Bindings expose
    /// it as `code` (JavaScript) and on the exception (Python).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::MalformedCsv { .. } => "malformed_csv",
            Self::EmptyInventory { .. } => "empty_inventory",
            Self::MissingColumn { .. } => "missing_column",
            Self::UnknownColumn { .. } => "unknown_column",
            Self::MissingValue { .. } => "missing_value",
            Self::InvalidNumber { .. } => "invalid_number",
            Self::NotFinite { .. } => "not_finite",
            Self::OutOfRange { .. } => "out_of_range",
            Self::InvalidDate { .. } => "invalid_date",
            Self::UnknownKind { .. } => "unknown_kind",
            Self::UnknownCountry { .. } => "unknown_country",
            Self::MissingCountry { .. } => "missing_country",
            Self::InvalidCriterion { .. } => "invalid_criterion",
            Self::InvalidOption { .. } => "invalid_option",
            Self::Dataset { .. } => "dataset",
            Self::Io { .. } => "io",
        }
    }

    /// Every error code, for bindings that map each to its own exception
    /// class and tests that check none is forgotten.
    pub const CODES: &'static [&'static str] = &[
        "malformed_csv",
        "empty_inventory",
        "missing_column",
        "unknown_column",
        "missing_value",
        "invalid_number",
        "not_finite",
        "out_of_range",
        "invalid_date",
        "unknown_kind",
        "unknown_country",
        "missing_country",
        "invalid_criterion",
        "invalid_option",
        "dataset",
        "io",
    ];

    /// The codes of input errors: every code but `dataset` and `io`, which
    /// close [`Error::CODES`].
    pub const INPUT_CODES: &'static [&'static str] = Self::CODES.split_at(Self::CODES.len() - 2).0;

    /// Whether the error is about the caller's input (as opposed to the
    /// library's data or the system); Python maps these to `ValueError` too.
    #[must_use]
    pub fn is_input_error(&self) -> bool {
        !matches!(self, Self::Dataset { .. } | Self::Io { .. })
    }

    /// The location of the problem, when it has one.
    #[must_use]
    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::MalformedCsv { at, .. }
            | Self::EmptyInventory { at }
            | Self::MissingColumn { at, .. }
            | Self::UnknownColumn { at, .. }
            | Self::MissingValue { at }
            | Self::InvalidNumber { at, .. }
            | Self::NotFinite { at, .. }
            | Self::OutOfRange { at, .. }
            | Self::InvalidDate { at, .. }
            | Self::UnknownKind { at, .. }
            | Self::UnknownCountry { at, .. }
            | Self::MissingCountry { at }
            | Self::InvalidCriterion { at, .. }
            | Self::Io { at, .. } => Some(at),
            Self::InvalidOption { .. } | Self::Dataset { .. } => None,
        }
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
    candidates
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_listed() {
        let mut codes = Error::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Error::CODES.len());
    }

    #[test]
    fn input_codes_are_the_codes_of_input_errors() {
        let input: Vec<&str> = Error::CODES
            .iter()
            .copied()
            .filter(|c| !matches!(*c, "dataset" | "io"))
            .collect();
        assert_eq!(Error::INPUT_CODES, input.as_slice());
        let e = Error::Dataset {
            dataset: "d".into(),
            message: "m".into(),
        };
        assert!(!e.is_input_error() && !Error::INPUT_CODES.contains(&e.code()));
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
