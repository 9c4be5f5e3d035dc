//! Sections: rows keyed by dimensions, holding measures with units in
//! their names; a section becomes a table or is written row by row.

use super::write::{self, Cell, WriteOptions};
use super::*;
use crate::fleet::Assessment;
use crate::quantity::{Estimate, Phase, Scope};
use serde::Serialize;
use std::sync::Arc;

/// What a result row can be keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Organisational unit.
    Entity,
    /// Device kind.
    Kind,
    /// Life-cycle phase.
    Phase,
    /// Reporting year.
    Year,
    /// Tenant of a data centre.
    Tenant,
    /// Scope-2 method (location- or market-based).
    Scope2Method,
    /// Policy or scenario.
    Scenario,
    /// Bidder of a tender.
    Bidder,
}

impl Dimension {
    /// The column name of the dimension.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Entity => "entity",
            Self::Kind => "kind",
            Self::Phase => "phase",
            Self::Year => "year",
            Self::Tenant => "tenant",
            Self::Scope2Method => "scope2_method",
            Self::Scenario => "scenario",
            Self::Bidder => "bidder",
        }
    }
}

/// A measured quantity of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// Column name, with its unit as suffix (`gwp_use_kgco2e`).
    pub name: String,
    /// Unit (`kgco2e`, `kwh`, `devices`, ...).
    pub unit: String,
    /// The criterion, for impacts.
    pub criterion: Option<String>,
    /// The phase, when the measure is one phase of an impact.
    pub phase: Option<Phase>,
    /// The GHG scope of the measure, when it has one.
    pub scope: Option<Scope>,
    /// Whether `_low`/`_high` twins are reported.
    pub interval: bool,
    /// A count (lines, devices): written as an integer in JSON when whole.
    pub count: bool,
}

impl Measure {
    /// The central value as a cell: years and ranks are integers, a
    /// `boolean` measure is a flag, anything else a number.
    #[allow(clippy::cast_possible_truncation)] // whole years and ranks
    fn cell(&self, v: Option<Estimate>) -> Cell {
        match self.unit.as_str() {
            "year" | "rank" => Cell::Integer(v.map(|e| e.central().round() as i64)),
            "boolean" => Cell::Boolean(v.map(|e| e.central() != 0.0)),
            _ => Cell::Number(v.map(Estimate::central)),
        }
    }

    /// The values of an empty column of this measure's central value.
    fn values(&self) -> ColumnValues {
        match self.unit.as_str() {
            "year" | "rank" => ColumnValues::Integer(Vec::new()),
            "boolean" => ColumnValues::Boolean(Vec::new()),
            _ => ColumnValues::Number(Vec::new()),
        }
    }

    pub(super) fn count(name: &str, unit: &str) -> Self {
        Self {
            name: name.into(),
            unit: unit.into(),
            criterion: None,
            phase: None,
            scope: None,
            interval: false,
            count: true,
        }
    }
}

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// The inventory of emissions (rows add up to the total).
    Inventory,
    /// The total of the inventory.
    Total,
    /// Memo items, never added to any total (avoided emissions, instruments).
    Memo,
    /// Indicators (PUE, SCI, ...).
    Kpi,
}

/// One row of a section: its keys (one per dimension), text attributes and
/// values (one per measure; `None` is missing, never 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Key values, in the order of [`Section::dimensions`].
    pub keys: Vec<String>,
    /// Attribute values, in the order of [`Section::attributes`].
    pub attributes: Vec<String>,
    /// Values, in the order of [`Section::measures`].
    pub values: Vec<Option<Estimate>>,
}

/// Where a section's rows come from: built on demand from an engine's
/// compact result (so a million rows stream out), or held.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Rows {
    /// The groups (or the total) of a fleet assessment, one row per group,
    /// or per group and phase.
    Fleet {
        result: Arc<Assessment>,
        total: bool,
    },
    /// Rows held in memory.
    Held(Vec<Row>),
}

/// A section: rows keyed by dimensions, with measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Stable name (`inventory`, `total`, ...).
    pub name: String,
    /// What it holds.
    pub kind: SectionKind,
    /// The key columns, in order.
    pub dimensions: Vec<Dimension>,
    /// Names of text attributes of rows (`ghg_scope` of a phase row).
    pub attributes: Vec<String>,
    /// The measures, in column order.
    pub measures: Vec<Measure>,
    #[serde(skip)]
    pub(super) rows: Rows,
}

impl Section {
    /// The section as JSON: `name`, `kind`, `dimensions`, `attributes`,
    /// `measures`, and its `rows` when `with_rows`.
    #[must_use]
    pub fn to_json(&self, with_rows: bool) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("name".into(), serde_json::json!(self.name));
        m.insert("kind".into(), serde_json::json!(self.kind));
        m.insert("dimensions".into(), serde_json::json!(self.dimensions));
        m.insert("attributes".into(), serde_json::json!(self.attributes));
        m.insert("measures".into(), serde_json::json!(self.measures));
        if with_rows {
            m.insert(
                "rows".into(),
                self.table().to_json_rows(&WriteOptions::default()),
            );
        }
        serde_json::Value::Object(m)
    }

    /// A section holding its rows.
    #[must_use]
    pub fn new(
        name: &str,
        kind: SectionKind,
        dimensions: Vec<Dimension>,
        attributes: Vec<String>,
        measures: Vec<Measure>,
        rows: Vec<Row>,
    ) -> Self {
        Self {
            name: name.into(),
            kind,
            dimensions,
            attributes,
            measures,
            rows: Rows::Held(rows),
        }
    }

    pub(super) fn phases_per_group(&self) -> usize {
        if self.dimensions.contains(&Dimension::Phase) {
            Phase::ALL.len()
        } else {
            1
        }
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Held(rows) => rows.len(),
            Rows::Fleet { result, total } => {
                (if *total { 1 } else { result.groups.len() }) * self.phases_per_group()
            }
        }
    }

    /// Whether the section has no row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th row.
    #[must_use]
    pub fn row(&self, i: usize) -> Option<Row> {
        match &self.rows {
            Rows::Held(rows) => rows.get(i).cloned(),
            Rows::Fleet { result, total } => {
                let per = self.phases_per_group();
                let phase = (per > 1)
                    .then(|| Phase::ALL.get(i % per).copied())
                    .flatten();
                let group = if *total {
                    (i / per == 0).then(|| result.total.clone())?
                } else {
                    result.groups.get(i / per)?
                };
                Some(fleet_row(result, &group, phase, !*total))
            }
        }
    }

    /// The rows, in order.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        (0..self.len()).filter_map(|i| self.row(i))
    }

    /// The column names of [`Section::table`].
    #[must_use]
    pub fn column_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.dimensions.iter().map(|d| d.id().into()).collect();
        names.extend(self.attributes.iter().cloned());
        for m in &self.measures {
            names.push(m.name.clone());
            if m.interval {
                names.push(format!("{}_low", m.name));
                names.push(format!("{}_high", m.name));
            }
        }
        names
    }

    /// The cells of a row as table values, in column order.
    pub(super) fn cells(&self, row: Row) -> Vec<Cell> {
        // A year is a whole number, whether key or measure.
        let mut cells: Vec<Cell> = self
            .dimensions
            .iter()
            .zip(row.keys)
            .map(|(d, k)| match d {
                Dimension::Year => Cell::Integer(k.trim().parse().ok()),
                _ => Cell::Text(k),
            })
            .collect();
        cells.extend(row.attributes.into_iter().map(Cell::Text));
        for (m, v) in self.measures.iter().zip(row.values) {
            cells.push(m.cell(v));
            if !m.count && m.interval {
                cells.push(Cell::Number(v.map(Estimate::low)));
                cells.push(Cell::Number(v.map(Estimate::high)));
            }
        }
        cells
    }

    /// The section as a table: key columns, attributes, then each measure
    /// (with `_low`/`_high` twins when it has an interval).
    #[must_use]
    pub fn table(&self) -> Table {
        let names = self.column_names();
        let n = self.len();
        // Column types, in the order of `cells`.
        let mut kinds: Vec<ColumnValues> = self
            .dimensions
            .iter()
            .map(|d| match d {
                Dimension::Year => ColumnValues::Integer(Vec::with_capacity(n)),
                _ => ColumnValues::Text(Vec::with_capacity(n)),
            })
            .collect();
        kinds.extend(
            self.attributes
                .iter()
                .map(|_| ColumnValues::Text(Vec::with_capacity(n))),
        );
        for m in &self.measures {
            kinds.push(m.values());
            if !m.count && m.interval {
                kinds.push(ColumnValues::Number(Vec::with_capacity(n)));
                kinds.push(ColumnValues::Number(Vec::with_capacity(n)));
            }
        }
        let mut columns: Vec<Column> = names
            .into_iter()
            .zip(kinds)
            .map(|(name, values)| Column { name, values })
            .collect();
        for row in self.rows() {
            for (column, cell) in columns.iter_mut().zip(self.cells(row)) {
                match (&mut column.values, cell) {
                    (ColumnValues::Text(v), Cell::Text(t)) => v.push(t),
                    (ColumnValues::Text(v), other) => {
                        v.push(other.number().map(format_number).unwrap_or_default());
                    }
                    (ColumnValues::Integer(v), Cell::Integer(i)) => v.push(i),
                    (ColumnValues::Boolean(v), Cell::Boolean(b)) => v.push(b),
                    #[allow(clippy::cast_possible_truncation)] // whole by construction
                    (ColumnValues::Integer(v), other) => v.push(other.number().map(|f| f as i64)),
                    (ColumnValues::Boolean(v), other) => v.push(other.number().map(|f| f != 0.0)),
                    (ColumnValues::Number(v), other) => v.push(other.number()),
                }
            }
        }
        Table { columns }
    }

    /// Writes the section as CSV, one row at a time, with the one writer
    /// of [`WriteOptions`] (missing values empty).
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
            &self.column_names(),
            self.rows().map(|r| self.cells(r)),
            options,
        )
    }

    /// Writes the rows as a JSON array of objects, one row at a time, with
    /// the one writer of [`WriteOptions`] (missing values are `null`).
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
            &self.column_names(),
            self.rows().map(|r| self.cells(r)),
            options,
        )
    }
}
