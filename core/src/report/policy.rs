//! Reports of fleet policies: a simulation, a comparison, a tender
//! ranking. Memo sections (second life, avoided emissions) are never added
//! to any total.

use super::{Dimension, Measure, Report, Row, Section, SectionKind};
use crate::fleet::{GroupBy, Options};
use crate::policy::{Comparison, ExtendOrReplace, PolicyResult, TenderResult, YearFigures};
use crate::quantity::{Estimate, Phase, Scope2Method};

fn count(name: &str, unit: &str) -> Measure {
    Measure::count(name, unit)
}

fn plain(name: &str, unit: &str) -> Measure {
    Measure {
        count: false,
        ..Measure::count(name, unit)
    }
}

fn interval(name: &str, unit: &str) -> Measure {
    Measure {
        interval: true,
        count: false,
        ..Measure::count(name, unit)
    }
}

fn gwp(name: &str, phase: Option<Phase>) -> Measure {
    Measure {
        criterion: Some("gwp".into()),
        phase,
        scope: phase.map(|p| p.device_scope(Scope2Method::LocationBased)),
        ..interval(name, "kgco2e")
    }
}

fn exact(v: f64) -> Option<Estimate> {
    Estimate::exact(v).ok()
}

fn year_measures() -> Vec<Measure> {
    vec![
        count("stock_devices", "devices"),
        count("purchases_devices", "devices"),
        count("disposals_devices", "devices"),
        count("donations_devices", "devices"),
        count("devices_beyond_amortisation", "devices"),
        plain("average_age_years", "years"),
        interval("use_energy_kwh", "kwh"),
        gwp("gwp_embodied_amortised_kgco2e", None),
        gwp("gwp_embodied_acquisition_kgco2e", None),
        gwp("gwp_use_kgco2e", Some(Phase::Use)),
        gwp("gwp_total_kgco2e", None),
        gwp("gwp_per_device_year_kgco2e", None),
    ]
}

fn year_values(y: &YearFigures) -> Vec<Option<Estimate>> {
    vec![
        exact(y.stock_devices),
        exact(y.purchases_devices),
        exact(y.disposals_devices),
        exact(y.donations_devices),
        exact(y.devices_beyond_amortisation),
        y.average_age_years.and_then(exact),
        Some(y.use_energy_kwh),
        Some(y.embodied_amortised_kgco2e),
        Some(y.embodied_acquisition_kgco2e),
        Some(y.use_kgco2e),
        Some(y.total_kgco2e),
        y.per_device_year_kgco2e,
    ]
}

fn row(keys: Vec<String>, attributes: Vec<String>, values: Vec<Option<Estimate>>) -> Row {
    Row {
        keys,
        attributes,
        values,
    }
}

fn options(result: &PolicyResult) -> Options {
    Options {
        year: result.policy.end_year,
        mode: result.policy.mode,
        by: GroupBy {
            entity: true,
            kind: true,
            phase: false,
        },
        basis: crate::grid::Basis::LifeCycle,
    }
}

/// Yearly sections of several simulations (consolidated per scenario).
fn yearly_sections(results: &[&PolicyResult]) -> Vec<Section> {
    let sy = vec![Dimension::Scenario, Dimension::Year];
    let mut total = Vec::new();
    let mut trajectory = Vec::new();
    let mut second = Vec::new();
    let mut avoided = Vec::new();
    for r in results {
        let name = r.policy.name.clone();
        let keys = |year: i32| vec![name.clone(), year.to_string()];
        for y in &r.total {
            total.push(row(keys(y.year), vec![], year_values(y)));
        }
        for ((y, t), on) in r.total.iter().zip(&r.trajectory_kgco2e).zip(&r.on_track) {
            let on = *on;
            trajectory.push(row(
                keys(y.year),
                vec![],
                vec![
                    Some(y.total_kgco2e),
                    Some(*t),
                    exact((y.total_kgco2e.central() - t.central()).max(0.0)),
                    exact((t.central() - y.total_kgco2e.central()).max(0.0)),
                    exact(f64::from(u8::from(on))),
                ],
            ));
        }
        for s in &r.second_life {
            let recipient = s.use_kgco2e + s.refurbishment_kgco2e + s.embodied_kgco2e;
            second.push(row(
                keys(s.year),
                vec![],
                vec![
                    exact(s.donated_devices),
                    exact(s.devices_in_second_life),
                    Some(s.use_energy_kwh),
                    Some(s.use_kgco2e),
                    Some(s.refurbishment_kgco2e),
                    Some(s.embodied_kgco2e),
                    Some(recipient),
                ],
            ));
            avoided.push(row(
                keys(s.year),
                vec![format!(
                    "gross (upper bound, refurbishment and recipients' use not netted), memo, never subtracted; {} % substitution, min(S2 / L_new, 1) of a new device, S2 = {} years",
                    r.policy.substitution_pct, r.policy.second_life_years
                )],
                vec![exact(s.donated_devices), Some(s.avoided_kgco2e)],
            ));
        }
    }
    vec![
        Section::new(
            "total",
            SectionKind::Total,
            sy.clone(),
            vec![],
            year_measures(),
            total,
        ),
        Section::new(
            "trajectory",
            SectionKind::Kpi,
            sy.clone(),
            vec![],
            vec![
                gwp("gwp_total_kgco2e", None),
                gwp("trajectory_gwp_kgco2e", None),
                plain("above_trajectory_gwp_kgco2e", "kgco2e"),
                plain("below_trajectory_gwp_kgco2e", "kgco2e"),
                count("on_track", "boolean"),
            ],
            trajectory,
        ),
        Section::new(
            "second_life",
            SectionKind::Memo,
            sy.clone(),
            vec![],
            vec![
                count("donated_devices", "devices"),
                count("devices_in_second_life", "devices"),
                interval("recipient_use_energy_kwh", "kwh"),
                gwp("recipient_gwp_use_kgco2e", None),
                gwp("recipient_gwp_refurbishment_kgco2e", None),
                gwp("recipient_gwp_embodied_kgco2e", None),
                gwp("recipient_gwp_total_kgco2e", None),
            ],
            second,
        ),
        Section::new(
            "avoided_emissions",
            SectionKind::Memo,
            sy,
            vec!["assumptions".into()],
            vec![
                count("donated_devices", "devices"),
                gwp("avoided_gwp_kgco2e", None),
            ],
            avoided,
        ),
    ]
}

fn extend_section(rows: &[ExtendOrReplace]) -> Section {
    Section::new(
        "extend_or_replace",
        SectionKind::Kpi,
        vec![Dimension::Kind],
        vec!["verdict".into()],
        vec![
            count("devices", "devices"),
            plain("energy_old_kwh", "kwh"),
            plain("efficiency_gain_pct", "percent"),
            plain("saving_kwh_per_year", "kwh"),
            plain("embodied_new_gwp_kgco2e", "kgco2e"),
            plain("saving_first_year_gwp_kgco2e", "kgco2e"),
            plain("lifespan_new_years", "years"),
            plain("payback_years", "years"),
        ],
        rows.iter()
            .map(|e| {
                row(
                    vec![e.kind.clone()],
                    vec![e.verdict.clone()],
                    vec![
                        exact(e.devices),
                        exact(e.energy_old_kwh),
                        exact(e.efficiency_gain_pct),
                        exact(e.saving_kwh_per_year),
                        exact(e.embodied_new_kgco2e),
                        exact(e.saving_first_year_kgco2e),
                        exact(e.lifespan_new_years),
                        e.payback_years.and_then(exact),
                    ],
                )
            })
            .collect(),
    )
}

impl From<&PolicyResult> for Report {
    /// Sections: `inventory` (scenario, year, entity, kind), `total`
    /// (scenario, year), `trajectory` (KPI), `second_life` and
    /// `avoided_emissions` (memo), `extend_or_replace` (KPI, per kind).
    fn from(r: &PolicyResult) -> Self {
        let mut rows = Vec::new();
        for g in &r.groups {
            for y in &g.years {
                rows.push(row(
                    vec![
                        r.policy.name.clone(),
                        y.year.to_string(),
                        g.entity.clone(),
                        g.kind.clone(),
                    ],
                    vec![],
                    year_values(y),
                ));
            }
        }
        let mut sections = vec![Section::new(
            "inventory",
            SectionKind::Inventory,
            vec![
                Dimension::Scenario,
                Dimension::Year,
                Dimension::Entity,
                Dimension::Kind,
            ],
            vec![],
            year_measures(),
            rows,
        )];
        sections.extend(yearly_sections(&[r]));
        sections.push(extend_section(&r.extend_or_replace));
        Report {
            options: options(r),
            sections,
            notes: r.notes.clone(),
            sources: r.sources.clone(),
            datasets: r.datasets.clone(),
            criteria: crate::quantity::Criterion::standard()
                .into_iter()
                .take(1)
                .collect(),
        }
    }
}

impl From<&Comparison> for Report {
    /// Sections: `inventory` (scenario, year: each policy's whole fleet),
    /// `total` (scenario: cumulative total, difference with the first
    /// policy, cumulative avoided emissions (memo), crossing year), `trajectory`, `second_life`,
    /// `avoided_emissions`, `extend_or_replace` (of the first policy).
    fn from(c: &Comparison) -> Self {
        let results: Vec<&PolicyResult> = c.results.iter().collect();
        let mut yearly = yearly_sections(&results);
        if let Some(first) = yearly.first_mut() {
            first.name = "inventory".into();
            first.kind = SectionKind::Inventory;
        }
        let summary = Section::new(
            "total",
            SectionKind::Total,
            vec![Dimension::Scenario],
            vec![],
            vec![
                gwp("cumulative_gwp_kgco2e", None),
                plain("cumulative_saving_vs_first_gwp_kgco2e", "kgco2e"),
                plain("cumulative_excess_vs_first_gwp_kgco2e", "kgco2e"),
                // Memo: never subtracted from the cumulative total.
                gwp("cumulative_avoided_gwp_kgco2e", None),
                count("purchases_devices", "devices"),
                count("base_year", "year"),
                count("crossing_year", "year"),
            ],
            c.rows
                .iter()
                .map(|r| {
                    row(
                        vec![r.scenario.clone()],
                        vec![],
                        vec![
                            Some(r.cumulative_kgco2e),
                            // Saving and excess, never -0 (same policies: both 0).
                            exact(if r.cumulative_difference_kgco2e < 0.0 {
                                -r.cumulative_difference_kgco2e
                            } else {
                                0.0
                            }),
                            exact(if r.cumulative_difference_kgco2e > 0.0 {
                                r.cumulative_difference_kgco2e
                            } else {
                                0.0
                            }),
                            Some(r.cumulative_avoided_kgco2e),
                            exact(r.purchases_devices),
                            exact(f64::from(r.base_year)),
                            r.crossing_year.and_then(|y| exact(f64::from(y))),
                        ],
                    )
                })
                .collect(),
        );
        yearly.insert(1, summary);
        let first = c.results.first();
        if let Some(f) = first {
            yearly.push(extend_section(&f.extend_or_replace));
        }
        let mut notes = Vec::new();
        for r in &c.results {
            for n in &r.notes {
                if !notes.contains(n) {
                    notes.push(n.clone());
                }
            }
        }
        let mut sources = Vec::new();
        for r in &c.results {
            for s in &r.sources {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
        }
        Report {
            options: first.map_or(
                Options {
                    year: 2030,
                    mode: crate::accounting::Mode::Amortised,
                    by: GroupBy::NONE,
                    basis: crate::grid::Basis::LifeCycle,
                },
                options,
            ),
            sections: yearly,
            notes,
            sources,
            datasets: first.map(|f| f.datasets.clone()).unwrap_or_default(),
            criteria: crate::quantity::Criterion::standard()
                .into_iter()
                .take(1)
                .collect(),
        }
    }
}

/// A tender's result as JSON, the same on every surface: its ranking
/// section (`sections`), `formula`, the grid `intensity_kgco2e_per_kwh`
/// used, `year`, `notes`, `sources` and `datasets` (no accounting `mode`:
/// a tender ranks bids per year of service).
#[must_use]
pub fn tender_json(t: &TenderResult) -> serde_json::Value {
    let mut value = Report::from(t).to_json_sections();
    if let Some(obj) = value.as_object_mut() {
        obj.remove("mode");
        obj.insert("formula".into(), t.formula.clone().into());
        obj.insert(
            "intensity_kgco2e_per_kwh".into(),
            t.intensity_kg_per_kwh.into(),
        );
    }
    value
}

impl From<&TenderResult> for Report {
    /// One section, `ranking` (KPI): one row per bid (the `bidder` key),
    /// by rank.
    fn from(t: &TenderResult) -> Self {
        let rows = t
            .rows
            .iter()
            .map(|r| {
                row(
                    vec![r.bid.bidder.clone()],
                    vec![
                        r.bid.kind.clone(),
                        if r.bid.refurbished { "yes" } else { "no" }.into(),
                    ],
                    vec![
                        exact(f64::from(r.rank)),
                        exact(r.bid.embodied_gwp_kgco2e),
                        exact(r.bid.annual_energy_kwh),
                        exact(r.bid.lifespan_years),
                        exact(r.bid.warranty_years),
                        exact(r.bid.spare_parts_years),
                        exact(r.credited_years),
                        exact(r.footprint_kgco2e_per_year),
                        exact(r.points),
                    ],
                )
            })
            .collect();
        Report {
            options: Options {
                year: t.year,
                mode: crate::accounting::Mode::Amortised,
                by: GroupBy::NONE,
                basis: crate::grid::Basis::LifeCycle,
            },
            sections: vec![Section::new(
                "ranking",
                SectionKind::Kpi,
                vec![Dimension::Bidder],
                vec!["kind".into(), "refurbished".into()],
                vec![
                    count("rank", "rank"),
                    plain("embodied_gwp_kgco2e", "kgco2e"),
                    plain("annual_energy_kwh", "kwh"),
                    plain("lifespan_years", "years"),
                    plain("warranty_years", "years"),
                    plain("spare_parts_years", "years"),
                    plain("credited_years", "years"),
                    plain("gwp_kgco2e_per_service_year", "kgco2e"),
                    plain("points", "points"),
                ],
                rows,
            )],
            notes: t.notes.clone(),
            sources: t.sources.clone(),
            datasets: t.datasets.clone(),
            criteria: crate::quantity::Criterion::standard()
                .into_iter()
                .take(1)
                .collect(),
        }
    }
}

impl Report {
    /// Every section with its rows, as JSON: `{"year", "mode", "sections":
    /// [{"name", "kind", "dimensions", "measures", "rows": [...]}], "notes",
    /// "sources", "datasets"}`. Policy, comparison and tender reports are
    /// written this way (their memo and KPI sections matter as much as the
    /// inventory).
    #[must_use]
    pub fn to_json_sections(&self) -> serde_json::Value {
        self.sections_json_value()
    }

    /// Writes [`Report::to_json_sections`]' object with `notes` in place of
    /// the report's own (and, for one policy's simulation, its
    /// `crossing_year`: `Some(None)` is written `null`, never crosses),
    /// streaming every section's rows one at a time:
    /// memory stays that of the report's columns, whatever the number of
    /// rows (a policy over 20,000 entities and 10 years has millions).
    ///
    /// # Errors
    ///
    /// The writer's I/O error, as [`crate::error::Error::Io`].
    pub fn write_json_sections<W: std::io::Write>(
        &self,
        mut out: W,
        notes: &[crate::note::Note],
        crossing_year: Option<Option<i32>>,
    ) -> crate::error::Result<()> {
        let io = |e: std::io::Error| super::write::io(&e);
        write!(out, "{{\n\"year\": ").map_err(io)?;
        put(&mut out, &self.options.year)?;
        write!(out, ",\n\"mode\": ").map_err(io)?;
        put(&mut out, &self.options.mode.id())?;
        if let Some(y) = crossing_year {
            write!(out, ",\n\"crossing_year\": ").map_err(io)?;
            put(&mut out, &y)?;
        }
        out.write_all(b",\n\"sections\": [").map_err(io)?;
        for (i, section) in self.sections.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })
                .map_err(io)?;
            let head = section.to_json(false);
            let text = serde_json::to_string(&head).map_err(|e| io(e.into()))?;
            // The object without its closing brace, then its rows.
            let open = text.strip_suffix('}').unwrap_or(&text);
            out.write_all(open.as_bytes()).map_err(io)?;
            out.write_all(b",\"rows\": ").map_err(io)?;
            section.write_json_rows(&mut out, &super::write::WriteOptions::default())?;
            out.write_all(b"}").map_err(io)?;
        }
        out.write_all(b"\n],\n\"notes\": ").map_err(io)?;
        put(&mut out, &notes)?;
        out.write_all(b",\n\"sources\": ").map_err(io)?;
        put(&mut out, &self.sources)?;
        out.write_all(b",\n\"datasets\": ").map_err(io)?;
        put(&mut out, &self.datasets)?;
        out.write_all(b"\n}\n").map_err(io)
    }

    fn sections_json_value(&self) -> serde_json::Value {
        let sections: Vec<serde_json::Value> =
            self.sections.iter().map(|s| s.to_json(true)).collect();
        serde_json::json!({
            "year": self.options.year,
            "mode": self.options.mode.id(),
            "sections": sections,
            "notes": self.notes,
            "sources": self.sources,
            "datasets": self.datasets,
        })
    }
}

/// Writes `value` as compact JSON.
fn put<W: std::io::Write, T: serde::Serialize + ?Sized>(
    out: &mut W,
    value: &T,
) -> crate::error::Result<()> {
    serde_json::to_writer(out, value).map_err(|e| super::write::io(&e.into()))
}
