//! An organisation's GHG inventory as a report: the inventory by scope
//! (every line with its GHG scope and, for electricity, its basis), the
//! totals with scope 2 location- and market-based side by side, per entity,
//! per tenant, the management view (NOT GHG Protocol scope 3) and memo
//! items; and the report as Markdown.

use super::{Dimension, Measure, Report, Row, Section, SectionKind};
use crate::catalog::Catalog;
use crate::fleet::{GroupBy, Options};
use crate::ghg::{self, Ghg, Item, Sources, Totals};
use crate::quantity::{Criterion, Estimate, Scope2Method};
use std::sync::Arc;

fn value(v: f64) -> Option<Estimate> {
    Estimate::exact(v).ok()
}

fn kg(name: &str, item: Option<Item>) -> Measure {
    Measure {
        name: name.into(),
        unit: "kgco2e".into(),
        criterion: Some("gwp".into()),
        phase: None,
        scope: item.and_then(Item::scope),
        interval: false,
        count: false,
    }
}

fn kwh() -> Measure {
    Measure {
        name: "electricity_kwh".into(),
        unit: "kwh".into(),
        criterion: None,
        phase: None,
        scope: None,
        interval: false,
        count: false,
    }
}

/// The key of the organisation's row in the `organisation` section.
pub const ORGANISATION: &str = "(organisation)";

/// The GHG Protocol lines (not the management view).
const INVENTORY: [Item; 8] = [
    Item::Refrigerant,
    Item::GeneratorFuel,
    Item::Scope2Location,
    Item::Scope2Market,
    Item::CapitalGoods,
    Item::Category3,
    Item::Transport,
    Item::EndOfLife,
];

/// A long section of items: `item`, `ghg_scope`, `basis`, then the value.
fn long(name: &str, kind: SectionKind, items: &[Item], t: &Totals) -> Section {
    Section::new(
        name,
        kind,
        Vec::new(),
        vec!["item".into(), "ghg_scope".into(), "basis".into()],
        vec![kg("kgco2e", None)],
        items
            .iter()
            .map(|&i| Row {
                keys: Vec::new(),
                attributes: vec![
                    i.label(),
                    i.scope()
                        .map_or("not a GHG Protocol scope".into(), |s| s.label()),
                    i.basis().map_or(String::new(), |b| b.id().into()),
                ],
                values: vec![value(t.get(i))],
            })
            .collect(),
    )
}

/// A wide section keyed by `dimension`: electricity, then every item.
fn wide(name: &str, dimension: Dimension, rows: &[(String, Totals)]) -> Section {
    let mut measures = vec![kwh()];
    measures.extend(Item::ALL.iter().map(|&i| kg(&i.column(), Some(i))));
    Section::new(
        name,
        SectionKind::Inventory,
        vec![dimension],
        Vec::new(),
        measures,
        rows.iter()
            .map(|(n, t)| Row {
                keys: vec![n.clone()],
                attributes: Vec::new(),
                values: std::iter::once(value(t.electricity_kwh))
                    .chain(Item::ALL.iter().map(|&i| value(t.get(i))))
                    .collect(),
            })
            .collect(),
    )
}

impl From<&Ghg> for Report {
    fn from(g: &Ghg) -> Self {
        let t = &g.total;
        let inventory = long("inventory", SectionKind::Inventory, &INVENTORY, t);
        let total = Section::new(
            "total",
            SectionKind::Total,
            vec![Dimension::Scope2Method],
            Vec::new(),
            vec![
                kg("scope1_kgco2e", None),
                kg("scope2_kgco2e", None),
                kg("scope3_kgco2e", None),
                kg("total_kgco2e", None),
            ],
            [Scope2Method::LocationBased, Scope2Method::MarketBased]
                .into_iter()
                .map(|m| {
                    let s2 = match m {
                        Scope2Method::LocationBased => t.get(Item::Scope2Location),
                        Scope2Method::MarketBased => t.get(Item::Scope2Market),
                    };
                    Row {
                        keys: vec![m.id().into()],
                        attributes: Vec::new(),
                        values: vec![
                            value(t.scope1()),
                            value(s2),
                            value(t.scope3()),
                            value(t.total(m)),
                        ],
                    }
                })
                .collect(),
        );
        let mut management = long(
            "management_view",
            SectionKind::Memo,
            &[Item::ManagementEmbodied, Item::ManagementUse],
            t,
        );
        management.name = "management_view".into();
        let mut memo_rows = vec![Row {
            keys: Vec::new(),
            attributes: vec![
                "management view total (amortised embodied + life-cycle electricity): NOT GHG Protocol scope 3".into(),
                String::new(),
            ],
            values: vec![value(t.management())],
        }];
        if let Some(timing) = g.timing_effect_kgco2e {
            memo_rows.push(Row {
                keys: Vec::new(),
                attributes: vec![
                    "data centre: hourly timing effect (hourly minus the same series' mean), not in scope 2".into(),
                    "direct".into(),
                ],
                values: vec![value(timing)],
            });
        }
        let memo = Section::new(
            "memo",
            SectionKind::Memo,
            Vec::new(),
            vec!["item".into(), "basis".into()],
            vec![kg("kgco2e", None)],
            memo_rows,
        );
        let mut organisation = wide(
            "organisation",
            Dimension::Entity,
            &[(ORGANISATION.to_owned(), *t)],
        );
        organisation.kind = SectionKind::Total;
        let mut sections = vec![
            inventory,
            total,
            organisation,
            wide("entities", Dimension::Entity, &g.entities),
        ];
        if !g.tenants.is_empty() {
            sections.push(wide("tenants", Dimension::Tenant, &g.tenants));
        }
        sections.push(management);
        sections.push(memo);
        Report {
            options: Options {
                year: g.year,
                mode: crate::accounting::Mode::Acquisition,
                by: GroupBy::NONE,
                basis: crate::grid::Basis::Direct,
            },
            sections,
            notes: g.notes.clone(),
            sources: g.sources.clone(),
            datasets: g.datasets.clone(),
            criteria: Criterion::standard().into_iter().take(1).collect(),
        }
    }
}

/// Significant digits of the numbers of [`to_markdown`].
pub const MARKDOWN_DIGITS: usize = 6;

/// The report as Markdown: a heading, one table per section, the notes,
/// sources and datasets (numbers to [`MARKDOWN_DIGITS`] significant digits).
#[must_use]
pub fn to_markdown(report: &Report, title: &str) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let numbers = super::WriteOptions::with_digits(Some(MARKDOWN_DIGITS));
    let mut out = format!("# {title}\n");
    for section in &report.sections {
        let table = section.table();
        out.push_str(&format!("\n## {}\n\n", section.name));
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        out.push_str(&format!("| {} |\n", names.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(names.len())));
        for r in 0..table.rows() {
            let cells: Vec<String> = table
                .columns
                .iter()
                .map(|c| match &c.values {
                    super::ColumnValues::Number(v) => v
                        .get(r)
                        .copied()
                        .flatten()
                        .map(|x| numbers.number_text(x))
                        .unwrap_or_default(),
                    super::ColumnValues::Text(v) => cell(v.get(r).map_or("", String::as_str)),
                    super::ColumnValues::Integer(v) => v
                        .get(r)
                        .copied()
                        .flatten()
                        .map(|x| x.to_string())
                        .unwrap_or_default(),
                    super::ColumnValues::Boolean(v) => v
                        .get(r)
                        .copied()
                        .flatten()
                        .map(|x| x.to_string())
                        .unwrap_or_default(),
                })
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    if !report.notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for n in &report.notes {
            out.push_str(&format!("- `{}`: {}\n", n.code, cell(&n.message)));
        }
    }
    out.push_str("\n## Sources\n\n");
    for s in &report.sources {
        out.push_str(&format!(
            "- {}: {} ({}; {})\n",
            cell(&s.item),
            cell(&s.reference),
            cell(&s.dataset),
            cell(&s.licence)
        ));
    }
    out.push_str("\n## Datasets\n\n");
    for d in &report.datasets {
        out.push_str(&format!(
            "- {} {}: {} ({}); {}\n",
            d.id, d.edition, d.title, d.licence, d.attribution
        ));
    }
    out
}

/// Reads the organisation's files (or, without any, the embedded
/// illustrative organisation), assesses its GHG inventory and returns the
/// report: what the command, Python and JavaScript all call.
///
/// # Errors
///
/// [`ghg::read`]'s and [`ghg::assess`]'s errors.
pub fn ghg_report(catalog: &Arc<Catalog>, sources: &Sources<'_>) -> crate::error::Result<Report> {
    let (inputs, notes) = ghg::read(catalog, sources)?;
    report_of(&inputs, notes)
}

/// The report of `inputs` (read by [`ghg::read`] or [`ghg::read_given`]),
/// the reader's `notes` first.
///
/// # Errors
///
/// [`ghg::assess`]' errors.
pub fn report_of(
    inputs: &ghg::Inputs,
    mut notes: Vec<crate::note::Note>,
) -> crate::error::Result<Report> {
    let mut g = ghg::assess(inputs)?;
    notes.append(&mut g.notes);
    g.notes = notes;
    Ok(Report::from(&g))
}
