//! Tables: named columns (units in the names) of text or numbers, the one
//! shape the command, Python and JavaScript share; written as CSV or JSON.

use serde::Serialize;

/// The values of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ColumnValues {
    /// Text.
    Text(Vec<String>),
    /// Numbers; `None` is a missing value (never written as 0).
    Number(Vec<Option<f64>>),
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
        self.columns.first().map_or(0, |c| match &c.values {
            ColumnValues::Text(v) => v.len(),
            ColumnValues::Number(v) => v.len(),
        })
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
        match self.columns.get(c).map(|c| &c.values) {
            Some(ColumnValues::Text(v)) => v.get(row).cloned().unwrap_or_default(),
            Some(ColumnValues::Number(v)) => v
                .get(row)
                .copied()
                .flatten()
                .map(format_number)
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    /// Writes the table as CSV (`,`, dot decimals, missing values empty).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> crate::error::Result<()> {
        let io = |e: csv::Error| crate::error::Error::Io {
            at: crate::error::Location::default(),
            message: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.columns.iter().map(|c| c.name.as_str()))
            .map_err(io)?;
        for row in 0..self.rows() {
            w.write_record((0..self.columns.len()).map(|c| self.cell(c, row)))
                .map_err(io)?;
        }
        w.flush().map_err(|e| crate::error::Error::Io {
            at: crate::error::Location::default(),
            message: e.to_string(),
        })
    }

    /// The table as a list of JSON objects (missing values are `null`).
    #[must_use]
    pub fn to_json_rows(&self) -> serde_json::Value {
        let rows = (0..self.rows())
            .map(|row| {
                let obj = self
                    .columns
                    .iter()
                    .map(|c| {
                        let v = match &c.values {
                            ColumnValues::Text(v) => v
                                .get(row)
                                .map_or(serde_json::Value::Null, |s| s.clone().into()),
                            ColumnValues::Number(v) => v
                                .get(row)
                                .copied()
                                .flatten()
                                .map_or(serde_json::Value::Null, serde_json::Value::from),
                        };
                        (c.name.clone(), v)
                    })
                    .collect::<serde_json::Map<_, _>>();
                serde_json::Value::Object(obj)
            })
            .collect();
        serde_json::Value::Array(rows)
    }
}

/// Numbers in CSV output: shortest representation that reads back exactly.
#[must_use]
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// Significant digits of numbers in CSV output unless asked otherwise:
/// far beyond any input's precision, without float noise
/// (`7643.350000000002` is written `7643.35`).
pub const DEFAULT_SIGNIFICANT_DIGITS: usize = 10;

/// A number rounded to `digits` significant digits (1 to 17), written in
/// its shortest form.
#[must_use]
pub fn format_significant(v: f64, digits: usize) -> String {
    let digits = digits.clamp(1, 17);
    let rounded: f64 = format!("{:.*e}", digits - 1, v).parse().unwrap_or(v);
    format_number(rounded)
}

/// An I/O error of an output writer.
pub(crate) fn io(e: &std::io::Error) -> crate::error::Error {
    crate::error::Error::Io {
        at: crate::error::Location::file("output"),
        message: e.to_string(),
    }
}

/// A CSV writer's error.
pub(crate) fn csv_io(e: csv::Error) -> crate::error::Error {
    crate::error::Error::Io {
        at: crate::error::Location::file("output"),
        message: e.to_string(),
    }
}
