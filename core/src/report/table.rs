//! Tables: named columns (units in the names) of text or numbers, the one
//! shape the command, Python and JavaScript share; written as CSV or JSON.

use super::write::{self, format_number, Cell, WriteOptions};
use serde::Serialize;

/// The values of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ColumnValues {
    /// Text.
    Text(Vec<String>),
    /// Numbers; `None` is a missing value (never written as 0).
    Number(Vec<Option<f64>>),
    /// Whole numbers (years, ranks); `None` is missing.
    Integer(Vec<Option<i64>>),
    /// Yes/no flags (`on_track`); `None` is missing.
    Boolean(Vec<Option<bool>>),
}

impl ColumnValues {
    /// Number of values.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Self::Text(v) => v.len(),
            Self::Number(v) => v.len(),
            Self::Integer(v) => v.len(),
            Self::Boolean(v) => v.len(),
        }
    }

    /// Whether the column has no value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell at `row` (missing outside the column).
    pub(crate) fn cell(&self, row: usize) -> Cell {
        match self {
            Self::Text(v) => Cell::Text(v.get(row).cloned().unwrap_or_default()),
            Self::Number(v) => Cell::Number(v.get(row).copied().flatten()),
            Self::Integer(v) => Cell::Integer(v.get(row).copied().flatten()),
            Self::Boolean(v) => Cell::Boolean(v.get(row).copied().flatten()),
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Name, with its unit as suffix for quantities.
    pub name: String,
    /// Values.
    pub values: ColumnValues,
}

/// Results as columns: the shape the command, Python and JavaScript share.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Table {
    /// The columns, all of the same length.
    pub columns: Vec<Column>,
}

impl Table {
    /// Number of rows.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// A column by name.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<&ColumnValues> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.values)
    }

    /// The cell at `row` of column `c`, as text (`""` for a missing value
    /// or a position outside the table).
    #[must_use]
    pub fn cell(&self, c: usize, row: usize) -> String {
        match self.columns.get(c).map(|c| c.values.cell(row)) {
            Some(Cell::Text(t)) => t,
            Some(Cell::Number(v)) => v.map(format_number).unwrap_or_default(),
            Some(Cell::Integer(v)) => v.map(|v| v.to_string()).unwrap_or_default(),
            Some(Cell::Boolean(v)) => v.map(|v| v.to_string()).unwrap_or_default(),
            None => String::new(),
        }
    }

    /// The cells of `row`, in column order.
    fn row_cells(&self, row: usize) -> Vec<Cell> {
        self.columns.iter().map(|c| c.values.cell(row)).collect()
    }

    fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// Writes the table as CSV with the one writer of [`WriteOptions`]
    /// (missing values empty).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_csv<W: std::io::Write>(
        &self,
        out: W,
        options: &WriteOptions,
    ) -> crate::error::Result<()> {
        write::write_csv(
            out,
            &self.names(),
            (0..self.rows()).map(|r| self.row_cells(r)),
            options,
        )
    }

    /// Writes the table as a JSON array of objects with the one writer of
    /// [`WriteOptions`] (missing values are `null`).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_json_rows<W: std::io::Write>(
        &self,
        out: W,
        options: &WriteOptions,
    ) -> crate::error::Result<()> {
        write::write_json_rows(
            out,
            &self.names(),
            (0..self.rows()).map(|r| self.row_cells(r)),
            options,
        )
    }

    /// The rows as JSON objects (the values [`Table::write_json_rows`]
    /// writes).
    #[must_use]
    pub fn to_json_rows(&self, options: &WriteOptions) -> serde_json::Value {
        let names = self.names();
        (0..self.rows())
            .map(|r| {
                serde_json::Value::Object(write::json_object(&names, &self.row_cells(r), options))
            })
            .collect()
    }
}
