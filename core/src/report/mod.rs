//! Reports: results as data. A [`Report`] has sections (the inventory
//! totals; memo items that are never added to the totals, such as avoided
//! emissions; KPIs), each a list of rows keyed by [`Dimension`]s and holding
//! [`Measure`]s whose units are in their names and whose GHG scope is data
//! on the measure. Every engine's result becomes a report here; a section
//! becomes a [`Table`] (CSV, JSON, DataFrame, JavaScript rows).
//!
//! The top layer: it reads the engines' results and is read by nobody in
//! the crate.

pub mod table;

pub use table::{format_number, Column, ColumnValues, Table};

use crate::catalog::{Archetype, DatasetInfo, SourceUse};
use crate::fleet::device::DeviceFootprint;
use crate::fleet::lifespan::Extension;
use crate::fleet::{Assessment, GroupResult, Options};
use crate::note::Note;
use crate::quantity::{Estimate, Phase, Scope, Scope2Method};
use serde::Serialize;

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

/// A section: rows keyed by dimensions, with measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Stable name (`inventory`, `total`, ...).
    pub name: String,
    /// What it holds.
    pub kind: SectionKind,
    /// The key columns, in order.
    pub dimensions: Vec<Dimension>,
    /// Per row, the key values (one per dimension).
    pub keys: Vec<Vec<String>>,
    /// Text attributes of rows (`ghg_scope` of a phase row), name and values.
    pub attributes: Vec<(String, Vec<String>)>,
    /// The measures, in column order.
    pub measures: Vec<Measure>,
    /// Per measure, per row; `None` is missing (never written as 0).
    pub values: Vec<Vec<Option<Estimate>>>,
}

impl Section {
    /// The section as a table: key columns, attributes, then each measure
    /// (with `_low`/`_high` twins when it has an interval).
    #[must_use]
    pub fn table(&self) -> Table {
        let mut columns = Vec::new();
        for (d, dim) in self.dimensions.iter().enumerate() {
            columns.push(Column {
                name: dim.id().into(),
                values: ColumnValues::Text(
                    self.keys
                        .iter()
                        .map(|k| k.get(d).cloned().unwrap_or_default())
                        .collect(),
                ),
            });
        }
        for (name, values) in &self.attributes {
            columns.push(Column {
                name: name.clone(),
                values: ColumnValues::Text(values.clone()),
            });
        }
        for (m, values) in self.measures.iter().zip(&self.values) {
            let lane = |f: fn(Estimate) -> f64| values.iter().map(|v| v.map(f)).collect();
            columns.push(Column {
                name: m.name.clone(),
                values: ColumnValues::Number(lane(Estimate::central)),
            });
            if m.interval {
                columns.push(Column {
                    name: format!("{}_low", m.name),
                    values: ColumnValues::Number(lane(Estimate::low)),
                });
                columns.push(Column {
                    name: format!("{}_high", m.name),
                    values: ColumnValues::Number(lane(Estimate::high)),
                });
            }
        }
        Table { columns }
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

/// The sections of a fleet result: one row per group (and phase, when
/// grouped by phase), with counts, energy and every criterion.
fn fleet_section(
    a: &Assessment,
    name: &str,
    kind: SectionKind,
    groups: &[&GroupResult],
    keyed: bool,
) -> Section {
    let by = a.options.by;
    let mut dimensions = Vec::new();
    if keyed && by.entity {
        dimensions.push(Dimension::Entity);
    }
    if keyed && by.kind {
        dimensions.push(Dimension::Kind);
    }
    let phases: &[Phase] = if by.phase { &Phase::ALL } else { &[] };
    let rows: Vec<(&GroupResult, Option<Phase>)> = groups
        .iter()
        .flat_map(|g| {
            let per: Vec<Option<Phase>> = if phases.is_empty() {
                vec![None]
            } else {
                phases.iter().copied().map(Some).collect()
            };
            per.into_iter().map(move |p| (*g, p))
        })
        .collect();
    let key = |g: &GroupResult, p: Option<Phase>| {
        let mut k = Vec::new();
        if keyed && by.entity {
            k.push(g.entity.clone().unwrap_or_default());
        }
        if keyed && by.kind {
            k.push(g.kind.clone().unwrap_or_default());
        }
        if let Some(p) = p {
            k.push(p.id().into());
        }
        k
    };
    let mut attributes = Vec::new();
    let mut measures = Vec::new();
    let mut values: Vec<Vec<Option<Estimate>>> = Vec::new();
    if by.phase {
        dimensions.push(Dimension::Phase);
        attributes.push((
            "ghg_scope".to_owned(),
            rows.iter()
                .map(|(_, p)| {
                    p.map(|p| p.device_scope(SCOPE2).label())
                        .unwrap_or_default()
                })
                .collect(),
        ));
        for (c, crit) in a.criteria.iter().enumerate() {
            measures.push(Measure {
                name: format!("{}_{}", crit.id, crit.unit),
                unit: crit.unit.clone(),
                criterion: Some(crit.id.clone()),
                phase: None,
                scope: None,
                interval: true,
            });
            values.push(
                rows.iter()
                    .map(|(g, p)| g.impacts.get(c).and_then(|i| i.get((*p)?)))
                    .collect(),
            );
        }
    } else {
        let count = |f: fn(&GroupResult) -> f64| -> Vec<Option<Estimate>> {
            rows.iter()
                .map(|(g, _)| Estimate::exact(f(g)).ok())
                .collect()
        };
        measures.push(Measure::count("lines", "lines"));
        values.push(count(|g| g.lines as f64));
        measures.push(Measure::count("devices", "devices"));
        values.push(count(|g| g.devices));
        measures.push(Measure::count("devices_beyond_amortisation", "devices"));
        values.push(count(|g| g.devices_beyond_amortisation));
        measures.push(Measure {
            interval: true,
            ..Measure::count("use_energy_kwh", "kwh")
        });
        values.push(rows.iter().map(|(g, _)| Some(g.use_energy_kwh)).collect());
        for (c, crit) in a.criteria.iter().enumerate() {
            for phase in Phase::ALL.into_iter().map(Some).chain([None]) {
                let label = phase.map_or("total", Phase::id);
                measures.push(Measure {
                    name: format!("{}_{label}_{}", crit.id, crit.unit),
                    unit: crit.unit.clone(),
                    criterion: Some(crit.id.clone()),
                    phase,
                    scope: phase.map(|p| p.device_scope(SCOPE2)),
                    interval: true,
                });
                values.push(
                    rows.iter()
                        .map(|(g, _)| {
                            let i = g.impacts.get(c)?;
                            match phase {
                                Some(p) => i.get(p),
                                None => i.total(),
                            }
                        })
                        .collect(),
                );
            }
        }
    }
    Section {
        name: name.into(),
        kind,
        dimensions,
        keys: rows.iter().map(|(g, p)| key(g, *p)).collect(),
        attributes,
        measures,
        values,
    }
}

impl From<&Assessment> for Report {
    fn from(a: &Assessment) -> Self {
        let groups: Vec<&GroupResult> = a.groups.iter().collect();
        Report {
            options: a.options,
            sections: vec![
                fleet_section(a, "inventory", SectionKind::Inventory, &groups, true),
                fleet_section(a, "total", SectionKind::Total, &[&a.total], false),
            ],
            notes: a.notes.clone(),
            sources: a.sources.clone(),
            datasets: a.datasets.clone(),
            criteria: a.criteria.clone(),
        }
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

    /// The whole report as JSON: options, `rows` (the table), `total`,
    /// `sections` (their dimensions and measures with scopes), `notes`,
    /// `sources`, `datasets`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let sections: Vec<serde_json::Value> = self
            .sections
            .iter()
            .map(|s| {
                serde_json::json!({
                    "name": s.name,
                    "kind": s.kind,
                    "dimensions": s.dimensions,
                    "measures": s.measures,
                })
            })
            .collect();
        serde_json::json!({
            "year": self.options.year,
            "mode": self.options.mode,
            "by": self.options.by.id(),
            "criteria": self.criteria,
            "phases": Phase::ALL
                .iter()
                .map(|p| serde_json::json!({"phase": p.id(), "ghg_scope": p.device_scope(SCOPE2)}))
                .collect::<Vec<_>>(),
            "rows": self.table().to_json_rows(),
            "total": self.total_table().to_json_rows(),
            "sections": sections,
            "notes": self.notes,
            "sources": self.sources,
            "datasets": self.datasets,
        })
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

/// The archetypes with their defaults and sources, as a table.
#[must_use]
pub fn archetypes_table(archetypes: &[Archetype]) -> Table {
    type A = Archetype;
    let est = |f: fn(&A) -> Estimate, b: fn(Estimate) -> f64| move |a: &A| Some(b(f(a)));
    let energy = |a: &A| a.annual_energy_kwh;
    let embodied = |a: &A| a.embodied_gwp_kgco2e;
    let share = |i: usize| move |a: &A| a.shares.get(i).copied();
    table_of(
        archetypes,
        &[
            ("kind", &|a: &A| a.kind.clone()),
            ("label", &|a: &A| a.label.clone()),
            ("quality", &|a: &A| {
                format!("{:?}", a.quality).to_lowercase()
            }),
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
