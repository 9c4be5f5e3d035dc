//! Reports: results as data. A [`Report`] has sections (the inventory
//! totals; memo items that are never added to the totals, such as avoided
//! emissions; KPIs), each a list of rows keyed by [`Dimension`]s and holding
//! [`Measure`]s whose units are in their names and whose GHG scope is data
//! on the measure. Every engine's result becomes a report here; a section
//! becomes a [`Table`] (CSV, JSON, DataFrame, JavaScript rows).
//!
//! The top layer: it reads the engines' results and is read by nobody in
//! the crate.

mod datacentre;
mod fleet;
pub mod ghg;
pub mod montecarlo;
mod partial;
mod policy;
pub use policy::tender_json;
pub mod sci;
mod section;
pub mod table;
mod tables;
mod write;

pub use crate::note::Note;
pub use section::{Dimension, Measure, Row, Section, SectionKind};
pub use tables::{
    archetypes_table, criteria_table, datasets_table, device_table, extension_table, zones_table,
};

use fleet::fleet_row;
use fleet::SCOPE2;
use section::Rows;
use tables::table_of;

pub use table::{Column, ColumnValues, Table};
pub use write::{format_number, DecimalMark, Dialect, WriteOptions, DEFAULT_SIGNIFICANT_DIGITS};

use crate::catalog::{DatasetInfo, SourceUse};
use crate::fleet::Options;
use crate::quantity::Phase;
use serde::Serialize;

/// A report: parameters, sections, notes, sources and dataset editions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Year, mode and grouping of a fleet assessment.
    pub options: Options,
    /// The sections, `inventory` and `total` first.
    pub sections: Vec<Section>,
    /// Fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where every value used came from.
    pub sources: Vec<SourceUse>,
    /// The dataset editions behind the results.
    pub datasets: Vec<DatasetInfo>,
    /// The criteria reported (id, unit, name).
    pub criteria: Vec<crate::quantity::Criterion>,
}

impl Report {
    /// The section with this name.
    #[must_use]
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// The main table (the `inventory` section).
    ///
    /// Without `phase` in the grouping, one row per group and the columns
    /// `[entity] [kind] lines devices devices_beyond_amortisation
    /// use_energy_kwh{,_low,_high}` then, for every criterion and every phase
    /// of `manufacture transport use end_of_life total`,
    /// `<criterion>_<phase>_<unit>` with its `_low` and `_high` twins.
    ///
    /// With `phase`, one row per group and phase, the columns `[entity]
    /// [kind] phase ghg_scope` and `<criterion>_<unit>` with twins.
    #[must_use]
    pub fn table(&self) -> Table {
        self.section("inventory")
            .map(Section::table)
            .unwrap_or_default()
    }

    /// The whole fleet as a table (the `total` section: the columns of
    /// [`Report::table`] without the grouping keys).
    #[must_use]
    pub fn total_table(&self) -> Table {
        self.section("total")
            .map(Section::table)
            .unwrap_or_default()
    }

    /// The sources as a table (`item`, `dataset`, `reference`, `licence`).
    #[must_use]
    pub fn sources_table(&self) -> Table {
        table_of(
            &self.sources,
            &[
                ("item", &|s: &SourceUse| s.item.clone()),
                ("dataset", &|s: &SourceUse| s.dataset.clone()),
                ("reference", &|s: &SourceUse| s.reference.clone()),
                ("licence", &|s: &SourceUse| s.licence.clone()),
            ],
            &[],
        )
    }

    fn header_json(&self) -> serde_json::Map<String, serde_json::Value> {
        let sections: Vec<serde_json::Value> =
            self.sections.iter().map(|s| s.to_json(false)).collect();
        let mut m = serde_json::Map::new();
        m.insert("year".into(), self.options.year.into());
        m.insert("mode".into(), self.options.mode.id().into());
        m.insert("by".into(), self.options.by.id().into());
        m.insert("criteria".into(), serde_json::json!(self.criteria));
        m.insert(
            "phases".into(),
            Phase::ALL
                .iter()
                .map(|p| serde_json::json!({"phase": p.id(), "ghg_scope": p.booked_scope_label(SCOPE2, self.options.mode == crate::accounting::Mode::Amortised)}))
                .collect(),
        );
        m.insert("sections".into(), sections.into());
        m.insert("notes".into(), serde_json::json!(self.notes));
        m.insert("sources".into(), serde_json::json!(self.sources));
        m.insert("datasets".into(), serde_json::json!(self.datasets));
        m
    }

    /// The section `name` as CSV text, written by the one writer (empty
    /// text without such a section).
    ///
    /// # Errors
    ///
    /// [`crate::error::Error::Io`] (not expected: written to memory).
    pub fn csv(&self, name: &str, options: &WriteOptions) -> crate::error::Result<String> {
        let mut out = Vec::new();
        if let Some(s) = self.section(name) {
            s.write_csv(&mut out, options)?;
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// The whole report as JSON: options, `rows` (the table), `total`,
    /// `sections` (their dimensions and measures with scopes), `notes`,
    /// `sources`, `datasets`; numbers after `options` (the rule of
    /// [`WriteOptions`]).
    #[must_use]
    pub fn to_json(&self, options: &WriteOptions) -> serde_json::Value {
        let mut m = self.header_json();
        m.insert("rows".into(), self.table().to_json_rows(options));
        m.insert("total".into(), self.total_table().to_json_rows(options));
        serde_json::Value::Object(m)
    }

    /// Writes [`Report::to_json`]'s object, streaming the rows one at a
    /// time: memory stays that of the engine's groups, whatever their number.
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_json<W: std::io::Write>(
        &self,
        mut out: W,
        options: &WriteOptions,
    ) -> crate::error::Result<()> {
        let io = |e: std::io::Error| write::io(&e);
        out.write_all(b"{").map_err(io)?;
        for (i, (key, value)) in self.header_json().iter().enumerate() {
            let sep: &[u8] = if i == 0 { b"\n" } else { b",\n" };
            out.write_all(sep).map_err(io)?;
            serde_json::to_writer(&mut out, key).map_err(|e| io(e.into()))?;
            out.write_all(b": ").map_err(io)?;
            serde_json::to_writer(&mut out, value).map_err(|e| io(e.into()))?;
        }
        for (key, section) in [("rows", "inventory"), ("total", "total")] {
            write!(out, ",\n\"{key}\": ").map_err(io)?;
            match self.section(section) {
                Some(s) => s.write_json_rows(&mut out, options)?,
                None => out.write_all(b"[]").map_err(io)?,
            }
        }
        out.write_all(b"\n}\n").map_err(io)
    }
}
