//! Results: groups with their footprint per criterion and phase, notes,
//! sources and dataset editions; flattened into a [`Table`] whose column names
//! carry their units, and written as CSV or JSON.

use crate::assess::Options;
use crate::criteria::{Criterion, Phase};
use crate::datasets::{DatasetInfo, SourceUse};
use crate::uncertainty::Estimate;
use serde::Serialize;

/// The footprint of one criterion in each phase ([`Phase::ALL`] order);
/// `None` where the criterion has no data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Phases(pub [Option<Estimate>; 4]);

impl Phases {
    /// The value in one phase.
    #[must_use]
    pub fn get(&self, phase: Phase) -> Option<Estimate> {
        self.0[phase as usize]
    }

    /// The sum of the phases; `None` if any is missing.
    #[must_use]
    pub fn total(&self) -> Option<Estimate> {
        self.0
            .iter()
            .try_fold(Estimate::ZERO, |acc, p| p.map(|p| acc + p))
    }
}

/// One group of the results (or the whole fleet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    /// The entity, when grouped by entity.
    pub entity: Option<String>,
    /// The device kind, when grouped by kind.
    pub kind: Option<String>,
    /// Inventory rows in the reporting year.
    pub lines: u64,
    /// Devices in the inventory in the reporting year.
    pub devices: f64,
    /// Devices in service past their amortisation period (age >= lifespan).
    pub devices_beyond_amortisation: f64,
    /// Electricity used in the reporting year, kWh.
    pub use_energy_kwh: Estimate,
    /// Per criterion of [`Report::criteria`], the footprint by phase.
    pub impacts: Vec<Phases>,
}

impl GroupResult {
    /// The sum of groups (missing values stay missing).
    #[must_use]
    pub fn sum(groups: &[GroupResult], criteria: usize) -> GroupResult {
        let add = |a: Option<Estimate>, b: Option<Estimate>| Some(a? + b?);
        let mut total = GroupResult {
            entity: None,
            kind: None,
            lines: 0,
            devices: 0.0,
            devices_beyond_amortisation: 0.0,
            use_energy_kwh: Estimate::ZERO,
            impacts: vec![Phases([Some(Estimate::ZERO); 4]); criteria],
        };
        for g in groups {
            total.lines += g.lines;
            total.devices += g.devices;
            total.devices_beyond_amortisation += g.devices_beyond_amortisation;
            total.use_energy_kwh = total.use_energy_kwh + g.use_energy_kwh;
            for (t, p) in total.impacts.iter_mut().zip(&g.impacts) {
                for (tv, pv) in t.0.iter_mut().zip(p.0) {
                    *tv = add(*tv, pv);
                }
            }
        }
        total
    }
}

/// Something a reader of the results must know (a fallback, a gap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable identifier.
    pub code: &'static str,
    /// Explanation.
    pub message: String,
}

/// The results of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Year, mode and grouping.
    pub options: Options,
    /// The criteria, in the order of [`GroupResult::impacts`].
    pub criteria: Vec<Criterion>,
    /// The groups.
    pub groups: Vec<GroupResult>,
    /// The whole fleet.
    pub total: GroupResult,
    /// Fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where every default used came from.
    pub sources: Vec<SourceUse>,
    /// The dataset editions behind the results.
    pub datasets: Vec<DatasetInfo>,
}

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
#[derive(Debug, Clone, PartialEq, Serialize)]
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

    /// The cell at `row` of column `c`, as text (`""` for a missing value).
    #[must_use]
    pub fn cell(&self, c: usize, row: usize) -> String {
        match &self.columns[c].values {
            ColumnValues::Text(v) => v[row].clone(),
            ColumnValues::Number(v) => v[row].map(format_number).unwrap_or_default(),
        }
    }

    /// Writes the table as CSV (`,`, dot decimals, missing values empty).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::Error::Io`].
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> crate::Result<()> {
        let io = |e: csv::Error| crate::Error::Io {
            at: crate::Location::default(),
            message: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.columns.iter().map(|c| c.name.as_str()))
            .map_err(io)?;
        for row in 0..self.rows() {
            w.write_record((0..self.columns.len()).map(|c| self.cell(c, row)))
                .map_err(io)?;
        }
        w.flush().map_err(|e| crate::Error::Io {
            at: crate::Location::default(),
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
                            ColumnValues::Text(v) => serde_json::Value::from(v[row].clone()),
                            ColumnValues::Number(v) => {
                                v[row].map_or(serde_json::Value::Null, serde_json::Value::from)
                            }
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

struct Builder {
    columns: Vec<Column>,
}

impl Builder {
    fn text(&mut self, name: &str, v: Vec<String>) {
        self.columns.push(Column {
            name: name.into(),
            values: ColumnValues::Text(v),
        });
    }
    fn number(&mut self, name: String, v: Vec<Option<f64>>) {
        self.columns.push(Column {
            name,
            values: ColumnValues::Number(v),
        });
    }
    /// Three columns `<name>`, `<name>_low`, `<name>_high`.
    fn estimate(&mut self, name: &str, v: &[Option<Estimate>]) {
        self.number(
            name.into(),
            v.iter().map(|e| e.map(|e| e.central)).collect(),
        );
        self.number(
            format!("{name}_low"),
            v.iter().map(|e| e.map(|e| e.low)).collect(),
        );
        self.number(
            format!("{name}_high"),
            v.iter().map(|e| e.map(|e| e.high)).collect(),
        );
    }
}

impl Report {
    /// The groups as a table.
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
        let by = self.options.by;
        let mut b = Builder {
            columns: Vec::new(),
        };
        let phases_per_group = if by.phase { Phase::ALL.len() } else { 1 };
        let rows: Vec<(&GroupResult, usize)> = self
            .groups
            .iter()
            .flat_map(|g| (0..phases_per_group).map(move |p| (g, p)))
            .collect();
        if by.entity {
            b.text(
                "entity",
                rows.iter()
                    .map(|(g, _)| g.entity.clone().unwrap_or_default())
                    .collect(),
            );
        }
        if by.kind {
            b.text(
                "kind",
                rows.iter()
                    .map(|(g, _)| g.kind.clone().unwrap_or_default())
                    .collect(),
            );
        }
        if by.phase {
            b.text(
                "phase",
                rows.iter()
                    .map(|(_, p)| Phase::ALL[*p].id().into())
                    .collect(),
            );
            b.text(
                "ghg_scope",
                rows.iter()
                    .map(|(_, p)| Phase::ALL[*p].ghg_scope().into())
                    .collect(),
            );
            for (c, crit) in self.criteria.iter().enumerate() {
                let v: Vec<Option<Estimate>> =
                    rows.iter().map(|(g, p)| g.impacts[c].0[*p]).collect();
                b.estimate(&format!("{}_{}", crit.id, crit.unit), &v);
            }
            return Table { columns: b.columns };
        }
        b.number(
            "lines".into(),
            rows.iter().map(|(g, _)| Some(g.lines as f64)).collect(),
        );
        b.number(
            "devices".into(),
            rows.iter().map(|(g, _)| Some(g.devices)).collect(),
        );
        b.number(
            "devices_beyond_amortisation".into(),
            rows.iter()
                .map(|(g, _)| Some(g.devices_beyond_amortisation))
                .collect(),
        );
        b.estimate(
            "use_energy_kwh",
            &rows
                .iter()
                .map(|(g, _)| Some(g.use_energy_kwh))
                .collect::<Vec<_>>(),
        );
        for (c, crit) in self.criteria.iter().enumerate() {
            for phase in Phase::ALL {
                let v: Vec<Option<Estimate>> =
                    rows.iter().map(|(g, _)| g.impacts[c].get(phase)).collect();
                b.estimate(&format!("{}_{}_{}", crit.id, phase.id(), crit.unit), &v);
            }
            let v: Vec<Option<Estimate>> = rows.iter().map(|(g, _)| g.impacts[c].total()).collect();
            b.estimate(&format!("{}_total_{}", crit.id, crit.unit), &v);
        }
        Table { columns: b.columns }
    }

    /// The whole fleet as a one-row table (the [`Report::table`] columns
    /// without the grouping keys; with `phase` grouping, one row per phase).
    #[must_use]
    pub fn total_table(&self) -> Table {
        Report {
            groups: vec![self.total.clone()],
            options: Options {
                by: crate::assess::GroupBy {
                    phase: self.options.by.phase,
                    ..crate::assess::GroupBy::NONE
                },
                ..self.options
            },
            ..self.clone()
        }
        .table()
    }

    /// The whole report as JSON: options, `rows` (the table), `total`,
    /// `notes`, `sources`, `datasets`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "year": self.options.year,
            "mode": self.options.mode,
            "by": self.options.by.id(),
            "criteria": self.criteria,
            "phases": Phase::ALL
                .iter()
                .map(|p| serde_json::json!({"phase": p.id(), "ghg_scope": p.ghg_scope()}))
                .collect::<Vec<_>>(),
            "rows": self.table().to_json_rows(),
            "total": self.total_table().to_json_rows(),
            "notes": self.notes,
            "sources": self.sources,
            "datasets": self.datasets,
        })
    }
}

/// Builds a table from rows of text and number fields, in column order.
/// A named text field of a row type.
type TextField<'a, T> = (&'a str, &'a dyn Fn(&T) -> String);
/// A named number field of a row type.
type NumberField<'a, T> = (&'a str, &'a dyn Fn(&T) -> Option<f64>);

pub(crate) fn table_of<T>(
    rows: &[T],
    text: &[TextField<'_, T>],
    numbers: &[NumberField<'_, T>],
) -> Table {
    let mut b = Builder {
        columns: Vec::new(),
    };
    for (name, f) in text {
        b.text(name, rows.iter().map(f).collect());
    }
    for (name, f) in numbers {
        b.number((*name).into(), rows.iter().map(f).collect());
    }
    Table { columns: b.columns }
}

impl Report {
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
pub fn archetypes_table(archetypes: &[crate::device::Archetype]) -> Table {
    use crate::device::Archetype as A;
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
            ("annual_energy_kwh", &|a: &A| {
                Some(a.annual_energy_kwh.central)
            }),
            ("annual_energy_kwh_low", &|a: &A| {
                Some(a.annual_energy_kwh.low)
            }),
            ("annual_energy_kwh_high", &|a: &A| {
                Some(a.annual_energy_kwh.high)
            }),
            ("embodied_gwp_kgco2e", &|a: &A| {
                Some(a.embodied_gwp_kgco2e.central)
            }),
            ("embodied_gwp_kgco2e_low", &|a: &A| {
                Some(a.embodied_gwp_kgco2e.low)
            }),
            ("embodied_gwp_kgco2e_high", &|a: &A| {
                Some(a.embodied_gwp_kgco2e.high)
            }),
            ("share_manufacture", &|a: &A| Some(a.shares[0])),
            ("share_transport", &|a: &A| Some(a.shares[1])),
            ("share_end_of_life", &|a: &A| Some(a.shares[2])),
            ("sample_size", &|a: &A| Some(f64::from(a.sample_size))),
        ],
    )
}
