//! A fleet assessment as a report: the `inventory` and `total` sections.

use super::*;
use crate::fleet::{Assessment, GroupResult, Phases};
use crate::quantity::{Estimate, Phase, Scope2Method};
use std::sync::Arc;

pub(super) const SCOPE2: Scope2Method = Scope2Method::LocationBased;

/// Whether the assessment books embodied phases amortised (the management
/// view, not a GHG Protocol scope).
fn amortised(a: &Assessment) -> bool {
    a.options.mode == crate::accounting::Mode::Amortised
}

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
                    scope: phase.and_then(|p| p.booked_scope(SCOPE2, amortised(a))),
                    interval: true,
                    count: false,
                });
            }
        }
    }
    (dimensions, attributes, measures)
}

/// One row of a fleet section: a group (and a phase when grouped by phase).
pub(super) fn fleet_row(a: &Assessment, g: &GroupResult, phase: Option<Phase>, keyed: bool) -> Row {
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
        attributes.push(p.booked_scope_label(SCOPE2, amortised(a)));
        values.extend((0..a.criteria.len()).map(|c| g.impacts.get(c).and_then(|i| i.get(p))));
    } else {
        let count = |v: f64| Estimate::exact(v).ok();
        values.push(count(g.lines as f64));
        values.push(count(g.devices));
        values.push(count(g.devices_beyond_amortisation));
        values.push(g.use_energy_kwh);
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
