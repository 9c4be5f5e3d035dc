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
mod policy;
pub mod sci;
pub mod table;

pub use table::{
    format_number, format_significant, Column, ColumnValues, Table, DEFAULT_SIGNIFICANT_DIGITS,
};

use crate::catalog::{Archetype, DatasetInfo, SourceUse};
use crate::fleet::device::DeviceFootprint;
use crate::fleet::lifespan::Extension;
use crate::fleet::{Assessment, GroupResult, Options, Phases};
use crate::note::Note;
use crate::quantity::{Estimate, Phase, Scope, Scope2Method};
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
    fn count(name: &str, unit: &str) -> Self {
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
enum Rows {
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
    rows: Rows,
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
            m.insert("rows".into(), self.table().to_json_rows());
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

    fn phases_per_group(&self) -> usize {
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
    fn cells(&self, row: Row) -> Vec<Cell> {
        let mut cells: Vec<Cell> = row.keys.into_iter().map(Cell::Text).collect();
        cells.extend(row.attributes.into_iter().map(Cell::Text));
        for (m, v) in self.measures.iter().zip(row.values) {
            if m.count {
                cells.push(Cell::Count(v.map(Estimate::central)));
                continue;
            }
            cells.push(Cell::Number(v.map(Estimate::central)));
            if m.interval {
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
        let mut columns: Vec<Column> = Vec::with_capacity(names.len());
        let text = self.dimensions.len() + self.attributes.len();
        for (i, name) in names.into_iter().enumerate() {
            columns.push(Column {
                name,
                values: if i < text {
                    ColumnValues::Text(Vec::with_capacity(n))
                } else {
                    ColumnValues::Number(Vec::with_capacity(n))
                },
            });
        }
        for row in self.rows() {
            for (column, cell) in columns.iter_mut().zip(self.cells(row)) {
                match (&mut column.values, cell) {
                    (ColumnValues::Text(v), Cell::Text(t)) => v.push(t),
                    (ColumnValues::Text(v), other) => {
                        v.push(other.number().map(format_number).unwrap_or_default());
                    }
                    (ColumnValues::Number(v), other) => v.push(other.number()),
                }
            }
        }
        Table { columns }
    }

    /// Writes the section as CSV, one row at a time (`,`, dot decimals,
    /// numbers to `digits` significant digits, missing values empty).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_csv<W: std::io::Write>(&self, out: W, digits: usize) -> crate::error::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.column_names()).map_err(table::csv_io)?;
        for row in self.rows() {
            w.write_record(self.cells(row).iter().map(|c| c.text(digits)))
                .map_err(table::csv_io)?;
        }
        w.flush().map_err(|e| table::io(&e))
    }

    /// Writes the rows as a JSON array of objects, one row at a time
    /// (missing values are `null`).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_json_rows<W: std::io::Write>(&self, mut out: W) -> crate::error::Result<()> {
        let names = self.column_names();
        out.write_all(b"[").map_err(|e| table::io(&e))?;
        for (i, row) in self.rows().enumerate() {
            let object: serde_json::Map<String, serde_json::Value> = names
                .iter()
                .cloned()
                .zip(self.cells(row).into_iter().map(Cell::json))
                .collect();
            let sep: &[u8] = if i == 0 { b"\n  " } else { b",\n  " };
            out.write_all(sep).map_err(|e| table::io(&e))?;
            serde_json::to_writer(&mut out, &object).map_err(|e| table::io(&e.into()))?;
        }
        out.write_all(b"\n]").map_err(|e| table::io(&e))
    }
}

/// One cell of a row, before it becomes text or JSON.
enum Cell {
    Text(String),
    Number(Option<f64>),
    /// A count: an integer in JSON when whole (2.5 devices stay 2.5).
    Count(Option<f64>),
}

impl Cell {
    fn text(&self, digits: usize) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Number(v) | Self::Count(v) => {
                v.map(|v| format_significant(v, digits)).unwrap_or_default()
            }
        }
    }

    fn json(self) -> serde_json::Value {
        match self {
            Self::Text(t) => t.into(),
            Self::Count(Some(v)) if v.fract() == 0.0 && v.abs() < 9e15 => (v as i64).into(),
            Self::Number(v) | Self::Count(v) => {
                v.map_or(serde_json::Value::Null, serde_json::Value::from)
            }
        }
    }

    fn number(self) -> Option<f64> {
        match self {
            Self::Number(v) | Self::Count(v) => v,
            Self::Text(_) => None,
        }
    }
}

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

const SCOPE2: Scope2Method = Scope2Method::LocationBased;

/// The dimensions, attributes and measures of a fleet section.
fn fleet_layout(a: &Assessment, keyed: bool) -> (Vec<Dimension>, Vec<String>, Vec<Measure>) {
    let by = a.options.by;
    let mut dimensions = Vec::new();
    if keyed && by.entity {
        dimensions.push(Dimension::Entity);
    }
    if keyed && by.kind {
        dimensions.push(Dimension::Kind);
    }
    let mut attributes = Vec::new();
    let mut measures = Vec::new();
    if by.phase {
        dimensions.push(Dimension::Phase);
        attributes.push("ghg_scope".to_owned());
        for crit in &a.criteria {
            measures.push(Measure {
                name: format!("{}_{}", crit.id, crit.unit),
                unit: crit.unit.clone(),
                criterion: Some(crit.id.clone()),
                phase: None,
                scope: None,
                interval: true,
                count: false,
            });
        }
    } else {
        measures.push(Measure::count("lines", "lines"));
        measures.push(Measure::count("devices", "devices"));
        measures.push(Measure::count("devices_beyond_amortisation", "devices"));
        measures.push(Measure {
            interval: true,
            count: false,
            ..Measure::count("use_energy_kwh", "kwh")
        });
        for crit in &a.criteria {
            for phase in Phase::ALL.into_iter().map(Some).chain([None]) {
                let label = phase.map_or("total", Phase::id);
                measures.push(Measure {
                    name: format!("{}_{label}_{}", crit.id, crit.unit),
                    unit: crit.unit.clone(),
                    criterion: Some(crit.id.clone()),
                    phase,
                    scope: phase.map(|p| p.device_scope(SCOPE2)),
                    interval: true,
                    count: false,
                });
            }
        }
    }
    (dimensions, attributes, measures)
}

/// One row of a fleet section: a group (and a phase when grouped by phase).
fn fleet_row(a: &Assessment, g: &GroupResult, phase: Option<Phase>, keyed: bool) -> Row {
    let by = a.options.by;
    let mut keys = Vec::new();
    if keyed && by.entity {
        keys.push(g.entity.clone().unwrap_or_default());
    }
    if keyed && by.kind {
        keys.push(g.kind.clone().unwrap_or_default());
    }
    let mut attributes = Vec::new();
    let mut values = Vec::new();
    if let Some(p) = phase {
        keys.push(p.id().into());
        attributes.push(p.device_scope(SCOPE2).label());
        values.extend((0..a.criteria.len()).map(|c| g.impacts.get(c).and_then(|i| i.get(p))));
    } else {
        let count = |v: f64| Estimate::exact(v).ok();
        values.push(count(g.lines as f64));
        values.push(count(g.devices));
        values.push(count(g.devices_beyond_amortisation));
        values.push(Some(g.use_energy_kwh));
        for c in 0..a.criteria.len() {
            let i = g.impacts.get(c);
            for p in Phase::ALL {
                values.push(i.and_then(|i| i.get(p)));
            }
            values.push(i.and_then(Phases::total));
        }
    }
    Row {
        keys,
        attributes,
        values,
    }
}

impl From<Assessment> for Report {
    fn from(a: Assessment) -> Self {
        let result = Arc::new(a);
        let section = |name: &str, kind: SectionKind, total: bool| {
            let (dimensions, attributes, measures) = fleet_layout(&result, !total);
            Section {
                name: name.into(),
                kind,
                dimensions,
                attributes,
                measures,
                rows: Rows::Fleet {
                    result: result.clone(),
                    total,
                },
            }
        };
        Report {
            options: result.options,
            sections: vec![
                section("inventory", SectionKind::Inventory, false),
                section("total", SectionKind::Total, true),
            ],
            notes: result.notes.clone(),
            sources: result.sources.clone(),
            datasets: result.datasets.clone(),
            criteria: result.criteria.clone(),
        }
    }
}

impl From<&Assessment> for Report {
    fn from(a: &Assessment) -> Self {
        Report::from(a.clone())
    }
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
                .map(|p| serde_json::json!({"phase": p.id(), "ghg_scope": p.device_scope(SCOPE2)}))
                .collect(),
        );
        m.insert("sections".into(), sections.into());
        m.insert("notes".into(), serde_json::json!(self.notes));
        m.insert("sources".into(), serde_json::json!(self.sources));
        m.insert("datasets".into(), serde_json::json!(self.datasets));
        m
    }

    /// The whole report as JSON: options, `rows` (the table), `total`,
    /// `sections` (their dimensions and measures with scopes), `notes`,
    /// `sources`, `datasets`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let mut m = self.header_json();
        m.insert("rows".into(), self.table().to_json_rows());
        m.insert("total".into(), self.total_table().to_json_rows());
        serde_json::Value::Object(m)
    }

    /// Writes [`Report::to_json`]'s object, streaming the rows one at a
    /// time: memory stays that of the engine's groups, whatever their number.
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_json<W: std::io::Write>(&self, mut out: W) -> crate::error::Result<()> {
        let io = |e: std::io::Error| table::io(&e);
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
                Some(s) => s.write_json_rows(&mut out)?,
                None => out.write_all(b"[]").map_err(io)?,
            }
        }
        out.write_all(b"\n}\n").map_err(io)
    }
}

/// A named text field of a row type.
type TextField<'a, T> = (&'a str, &'a dyn Fn(&T) -> String);
/// A named number field of a row type.
type NumberField<'a, T> = (&'a str, &'a dyn Fn(&T) -> Option<f64>);

/// Builds a table from rows of text and number fields, in column order.
fn table_of<T>(rows: &[T], text: &[TextField<'_, T>], numbers: &[NumberField<'_, T>]) -> Table {
    let mut columns = Vec::new();
    for (name, f) in text {
        columns.push(Column {
            name: (*name).into(),
            values: ColumnValues::Text(rows.iter().map(f).collect()),
        });
    }
    for (name, f) in numbers {
        columns.push(Column {
            name: (*name).into(),
            values: ColumnValues::Number(rows.iter().map(f).collect()),
        });
    }
    Table { columns }
}

/// Dataset editions as a table (`id`, `edition`, `title`, `publisher`,
/// `url`, `licence`, `attribution`, `sha256`).
#[must_use]
pub fn datasets_table(datasets: &[DatasetInfo]) -> Table {
    table_of(
        datasets,
        &[
            ("id", &|d: &DatasetInfo| d.id.clone()),
            ("edition", &|d: &DatasetInfo| d.edition.clone()),
            ("title", &|d: &DatasetInfo| d.title.clone()),
            ("publisher", &|d: &DatasetInfo| d.publisher.clone()),
            ("url", &|d: &DatasetInfo| d.url.clone()),
            ("licence", &|d: &DatasetInfo| d.licence.clone()),
            ("attribution", &|d: &DatasetInfo| d.attribution.clone()),
            ("sha256", &|d: &DatasetInfo| d.sha256.clone()),
        ],
        &[],
    )
}

/// The archetypes with their defaults and sources, as a table; a cell the
/// archetype table left empty (energy, sleep or off power, typical
/// utilisation) is empty here too.
#[must_use]
pub fn archetypes_table(archetypes: &[Archetype]) -> Table {
    type A = Archetype;
    // A kind without a default electricity use has empty energy cells.
    let est = |f: fn(&A) -> Option<Estimate>, b: fn(Estimate) -> f64| move |a: &A| f(a).map(b);
    let energy = |a: &A| a.annual_energy_kwh;
    let embodied = |a: &A| Some(a.embodied_gwp_kgco2e);
    let share = |i: usize| move |a: &A| a.shares.get(i).copied();
    table_of(
        archetypes,
        &[
            ("kind", &|a: &A| a.kind.clone()),
            ("label", &|a: &A| a.label.clone()),
            ("quality", &|a: &A| {
                format!("{:?}", a.quality).to_lowercase()
            }),
            ("lifespan_basis", &|a: &A| a.lifespan_basis.clone()),
            ("usage_profile", &|a: &A| a.usage_profile.clone()),
            ("method", &|a: &A| a.method.clone()),
            ("source", &|a: &A| a.source.clone()),
        ],
        &[
            ("lifespan_years", &|a: &A| Some(a.lifespan_years)),
            ("annual_energy_kwh", &est(energy, Estimate::central)),
            ("annual_energy_kwh_low", &est(energy, Estimate::low)),
            ("annual_energy_kwh_high", &est(energy, Estimate::high)),
            ("embodied_gwp_kgco2e", &est(embodied, Estimate::central)),
            ("embodied_gwp_kgco2e_low", &est(embodied, Estimate::low)),
            ("embodied_gwp_kgco2e_high", &est(embodied, Estimate::high)),
            ("share_manufacture", &share(0)),
            ("share_transport", &share(1)),
            ("share_end_of_life", &share(2)),
            ("sample_size", &|a: &A| Some(f64::from(a.sample_size))),
            ("manufacturers", &|a: &A| Some(f64::from(a.manufacturers))),
            ("top_manufacturer_share", &|a: &A| {
                Some(a.top_manufacturer_share)
            }),
            ("manufacturer_lifespan_years", &|a: &A| {
                Some(a.manufacturer_lifespan_years)
            }),
            ("power_on_w", &|a: &A| a.power.map(|p| p.on_w.central())),
            // As the table gives them: empty when left empty (the energy
            // then uses the on power), never the on power shown as if drawn
            // asleep or off.
            ("power_sleep_w", &|a: &A| a.power.and_then(|p| p.sleep_w)),
            ("power_off_w", &|a: &A| a.power.and_then(|p| p.off_w)),
            ("power_idle_w", &|a: &A| a.load.map(|l| l.idle_w.central())),
            ("power_idle_w_low", &|a: &A| a.load.map(|l| l.idle_w.low())),
            ("power_idle_w_high", &|a: &A| {
                a.load.map(|l| l.idle_w.high())
            }),
            ("power_max_w", &|a: &A| a.load.map(|l| l.max_w.central())),
            ("power_max_w_low", &|a: &A| a.load.map(|l| l.max_w.low())),
            ("power_max_w_high", &|a: &A| a.load.map(|l| l.max_w.high())),
            ("utilisation_typical", &|a: &A| {
                a.load.and_then(|l| l.typical_utilisation)
            }),
        ],
    )
}

/// The footprint of one device as a one-row table: `kind`,
/// `lifespan_years`, `annual_energy_kwh{,_low,_high}`, then per criterion
/// `<criterion>_<phase>_<unit>` (whole life, phases and `total`),
/// `<criterion>_per_year_<unit>` and `<criterion>_in_year_<unit>` (what the
/// reporting year books), each with `_low`/`_high`; then
/// `grid_gco2e_per_kwh` and `grid_year`.
#[must_use]
pub fn device_table(fp: &DeviceFootprint) -> Table {
    let num = |name: String, v: Option<f64>| Column {
        name,
        values: ColumnValues::Number(vec![v]),
    };
    let mut columns = vec![
        Column {
            name: "kind".into(),
            values: ColumnValues::Text(vec![fp.kind.clone()]),
        },
        num("lifespan_years".into(), Some(fp.lifespan_years)),
    ];
    let mut est = |name: String, e: Option<Estimate>| {
        columns.push(num(name.clone(), e.map(Estimate::central)));
        columns.push(num(format!("{name}_low"), e.map(Estimate::low)));
        columns.push(num(format!("{name}_high"), e.map(Estimate::high)));
    };
    est("annual_energy_kwh".into(), Some(fp.annual_energy_kwh));
    for c in &fp.criteria {
        let (id, unit) = (&c.criterion.id, &c.criterion.unit);
        for phase in Phase::ALL {
            est(format!("{id}_{}_{unit}", phase.id()), c.lifetime.get(phase));
        }
        est(format!("{id}_total_{unit}"), c.lifetime_total);
        est(format!("{id}_per_year_{unit}"), c.per_year);
        est(format!("{id}_in_year_{unit}"), c.in_year.total());
    }
    columns.push(num(
        "grid_gco2e_per_kwh".into(),
        Some(fp.grid.factor.g_per_kwh()),
    ));
    columns.push(num("grid_year".into(), Some(f64::from(fp.grid.data_year))));
    Table { columns }
}

/// The effect of keeping devices longer, one row per kind.
#[must_use]
pub fn extension_table(ext: &Extension) -> Table {
    use crate::fleet::lifespan::ExtensionRow as R;
    let extra = ext.extra_years;
    let extended = move |r: &R| Some(r.lifespan_years + extra);
    table_of(
        &ext.rows,
        &[("kind", &|r: &R| r.kind.clone())],
        &[
            ("devices", &|r: &R| Some(r.devices)),
            ("lifespan_years", &|r: &R| Some(r.lifespan_years)),
            ("extended_lifespan_years", &extended),
            ("embodied_gwp_kgco2e_per_year", &|r: &R| {
                Some(r.embodied_gwp_kgco2e_per_year.central())
            }),
            ("extended_gwp_kgco2e_per_year", &|r: &R| {
                Some(r.extended_gwp_kgco2e_per_year.central())
            }),
            ("saving_gwp_kgco2e_per_year", &|r: &R| {
                Some(r.saving_gwp_kgco2e_per_year.central())
            }),
            ("saving_gwp_kgco2e_per_year_low", &|r: &R| {
                Some(r.saving_gwp_kgco2e_per_year.low())
            }),
            ("saving_gwp_kgco2e_per_year_high", &|r: &R| {
                Some(r.saving_gwp_kgco2e_per_year.high())
            }),
        ],
    )
}
