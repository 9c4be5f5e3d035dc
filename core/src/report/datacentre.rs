//! A data-centre assessment as a report: the EU reporting table (KPIs and
//! the fields they come from), emissions by scope with both scope-2
//! methods side by side, the scope-2 detail (yearly, hourly, series mean),
//! renewable cooling, and tenants.

use super::{Dimension, Measure, Report, Row, Section, SectionKind};
use crate::accounting::Mode;
use crate::datacentre::Datacentre;
use crate::fleet::{GroupBy, Options};
use crate::quantity::{Criterion, Estimate, Scope, Scope2Method};

fn value(v: f64) -> Option<Estimate> {
    Estimate::exact(v).ok()
}

fn measure(name: &str, unit: &str, scope: Option<Scope>) -> Measure {
    Measure {
        name: name.into(),
        unit: unit.into(),
        criterion: scope.map(|_| "gwp".to_owned()),
        phase: None,
        scope,
        interval: false,
        count: false,
    }
}

/// Rows of `(indicator, unit, formula, value)` as a long table.
fn long(name: &str, kind: SectionKind, rows: Vec<(&str, &str, String, Option<f64>)>) -> Section {
    Section::new(
        name,
        kind,
        Vec::new(),
        vec!["indicator".into(), "unit".into(), "formula".into()],
        vec![measure("value", "", None)],
        rows.into_iter()
            .map(|(i, u, f, v)| Row {
                keys: Vec::new(),
                attributes: vec![i.into(), u.into(), f],
                values: vec![v.and_then(value)],
            })
            .collect(),
    )
}

/// How a capital good's footprint was booked, as the scope-detail formula
/// says it: in the acquisition year (GHG Protocol scope 3 category 2), or
/// amortised (the management view, not GHG Protocol scope 3).
fn embodied_formula(mode: Mode, per: &str) -> String {
    match mode {
        Mode::Acquisition => format!("scope 3 cat. 2, {per}acquisition year"),
        Mode::Amortised => {
            format!("{per}amortised: management view, NOT GHG Protocol scope 3")
        }
    }
}

const METHODS: [Scope2Method; 2] = [Scope2Method::LocationBased, Scope2Method::MarketBased];

impl From<&Datacentre> for Report {
    #[allow(clippy::too_many_lines)]
    fn from(d: &Datacentre) -> Self {
        let m = &d.metered;
        let k = &d.kpis;
        let s2 = &d.scope2;
        let kpi = long(
            "kpi",
            SectionKind::Kpi,
            vec![
                (
                    "E_DC total energy consumption",
                    "kwh",
                    "metered".into(),
                    Some(m.facility_kwh),
                ),
                (
                    "E_IT IT equipment energy",
                    "kwh",
                    "metered".into(),
                    Some(m.it_kwh),
                ),
                ("W_IN water input", "m3", "metered".into(), Some(m.water_m3)),
                (
                    "E_REUSE energy reused",
                    "kwh",
                    "metered".into(),
                    Some(m.reused_heat_kwh),
                ),
                (
                    "E_RES renewable energy consumed",
                    "kwh",
                    "on-site + renewable GOs/PPAs".into(),
                    Some(k.renewable_kwh),
                ),
                (
                    "E_onsite renewable generated on site",
                    "kwh",
                    "metered".into(),
                    Some(m.onsite_renewable_kwh),
                ),
                (
                    "installed IT power",
                    "kw",
                    "facility".into(),
                    d.it_capacity_kw,
                ),
                (
                    "PUE power usage effectiveness",
                    "ratio",
                    "E_DC / E_IT".into(),
                    Some(k.pue),
                ),
                (
                    "WUE water usage effectiveness",
                    "l_per_kwh",
                    "W_IN / E_IT".into(),
                    Some(k.wue_l_per_kwh),
                ),
                (
                    "ERF energy reuse factor",
                    "ratio",
                    "E_REUSE / E_DC".into(),
                    Some(k.erf),
                ),
                (
                    "REF renewable energy factor",
                    "ratio",
                    "E_RES / E_DC".into(),
                    Some(k.ref_),
                ),
                (
                    "CUE carbon usage effectiveness (location-based)",
                    "kgco2e_per_kwh",
                    format!(
                        "(scope 2 location-based {} + diesel) / E_IT",
                        s2.location_method
                    ),
                    Some(k.cue_kgco2e_per_kwh),
                ),
                (
                    "CUE carbon usage effectiveness (market-based)",
                    "kgco2e_per_kwh",
                    "(scope 2 market-based + diesel) / E_IT".into(),
                    k.cue_market_kgco2e_per_kwh,
                ),
            ],
        );
        let s1 = d.scope1.refrigerant_kgco2e + d.scope1.diesel_kgco2e;
        let s3 = d.scope3.total();
        let scope_measures = || {
            vec![
                measure("scope1_kgco2e", "kgco2e", Some(Scope::One)),
                measure("scope2_kgco2e", "kgco2e", None),
                measure("scope3_kgco2e", "kgco2e", Some(Scope::Three(2))),
                measure("total_kgco2e", "kgco2e", None),
            ]
        };
        let scopes_rows: Vec<Row> = METHODS
            .iter()
            .map(|method| {
                let s2v = match method {
                    Scope2Method::LocationBased => Some(s2.location_kgco2e),
                    Scope2Method::MarketBased => s2.market_kgco2e,
                };
                Row {
                    keys: vec![method.id().into()],
                    attributes: Vec::new(),
                    values: vec![
                        value(s1),
                        s2v.and_then(value),
                        value(s3),
                        s2v.and_then(|v| value(s1 + v + s3)),
                    ],
                }
            })
            .collect();
        let total = Section::new(
            "total",
            SectionKind::Total,
            vec![Dimension::Scope2Method],
            Vec::new(),
            scope_measures(),
            scopes_rows,
        );
        let mut detail: Vec<(&str, &str, String, Option<f64>)> = vec![
            (
                "refrigerant leaks",
                "kgco2e",
                "scope 1: Σ topped-up kg × GWP100 (IPCC AR6)".into(),
                Some(d.scope1.refrigerant_kgco2e),
            ),
            (
                "diesel",
                "kgco2e",
                format!(
                    "scope 1: {} l × {} kgCO2e/l",
                    d.scope1.diesel_l, d.scope1.diesel_kgco2e_per_l
                ),
                Some(d.scope1.diesel_kgco2e),
            ),
            (
                "grid electricity E_grid",
                "kwh",
                "E_DC − on-site renewable − generator output".into(),
                Some(s2.grid_kwh),
            ),
            (
                "yearly intensity, direct basis",
                "gco2e_per_kwh",
                format!("combustion, empreinte-grid-direct, {}", grid_years(s2)),
                Some(s2.annual_g_per_kwh),
            ),
            (
                "yearly intensity, life-cycle basis",
                "gco2e_per_kwh",
                format!("Ember/OWID, {}", grid_years(s2)),
                Some(s2.life_cycle_g_per_kwh),
            ),
            (
                "location-based, yearly (direct basis)",
                "kgco2e",
                "E_grid × yearly direct intensity".into(),
                Some(s2.location_annual_kgco2e),
            ),
            (
                "scope 3 cat. 3, upstream of electricity (upstream basis)",
                "kgco2e",
                "E_grid × (life-cycle − direct)".into(),
                Some(s2.upstream_kgco2e),
            ),
            (
                "location-based, hourly",
                "kgco2e",
                "Σ_h E_grid,h × I_h".into(),
                s2.location_hourly_kgco2e,
            ),
            (
                "hourly series mean",
                "gco2e_per_kwh",
                "Σ_h I_h / hours".into(),
                s2.series_mean_g_per_kwh,
            ),
            (
                "location-based, series mean",
                "kgco2e",
                "E_grid × series mean".into(),
                s2.location_series_mean_kgco2e,
            ),
            (
                "hourly minus series mean",
                "kgco2e",
                "timing effect of the load, not in scope 2".into(),
                s2.timing_effect_kgco2e(),
            ),
            (
                "location-based, reported",
                "kgco2e",
                s2.location_method.into(),
                Some(s2.location_kgco2e),
            ),
            (
                "instruments",
                "kwh",
                "GOs, PPAs, supplier contracts".into(),
                Some(s2.contracted_kwh),
            ),
            (
                "residual mix",
                "gco2e_per_kwh",
                "user".into(),
                s2.residual_mix_kg_per_kwh.map(|r| r * 1_000.0),
            ),
            (
                "market-based",
                "kgco2e",
                "Σ E_i × F_i + (E_grid − Σ E_i) × residual".into(),
                s2.market_kgco2e,
            ),
            (
                "IT equipment embodied",
                "kgco2e",
                embodied_formula(d.mode, ""),
                d.scope3.equipment_kgco2e.map(|e| e[0]),
            ),
            (
                "building and M&E embodied",
                "kgco2e",
                embodied_formula(d.mode, "per kW IT, "),
                d.scope3.building_kgco2e,
            ),
        ];
        for leak in &d.scope1.leaks {
            detail.push((
                "refrigerant",
                "kgco2e",
                format!("{}: {} kg × {}", leak.gas, leak.topped_up_kg, leak.gwp100),
                Some(leak.kgco2e),
            ));
        }
        let scopes = long("scopes", SectionKind::Memo, detail);
        let c = &d.cooling;
        let cooling = long(
            "cooling",
            SectionKind::Memo,
            vec![
                (
                    "cooling energy",
                    "kwh",
                    "metered".into(),
                    Some(c.cooling_kwh),
                ),
                (
                    "covered by on-site renewables",
                    "kwh",
                    "Σ min(cooling, on-site) per interval".into(),
                    Some(c.onsite_covered_kwh),
                ),
                (
                    "covered by instruments for cooling",
                    "kwh",
                    "covers = cooling".into(),
                    Some(c.contracted_covered_kwh),
                ),
                (
                    "free-cooling hours",
                    "h",
                    "metered".into(),
                    Some(c.free_cooling_h),
                ),
                (
                    "PUE points due to cooling",
                    "ratio",
                    "cooling / E_IT (renewable cooling leaves PUE unchanged: PUE counts energy, not its source)".into(),
                    Some(c.pue_points_cooling),
                ),
                ("REF", "ratio", "with".into(), Some(k.ref_)),
                (
                    "REF without renewable cooling",
                    "ratio",
                    "(E_RES − covered cooling) / E_DC".into(),
                    Some(c.ref_without),
                ),
                (
                    "scope 2 location-based without",
                    "kgco2e",
                    "+ on-site-covered cooling at the grid".into(),
                    Some(c.location_without_kgco2e),
                ),
                (
                    "scope 2 market-based without",
                    "kgco2e",
                    "cooling instruments and on-site cover at the residual mix".into(),
                    c.market_without_kgco2e,
                ),
            ],
        );
        let mut tenant_rows = Vec::new();
        for t in &d.tenants {
            for method in METHODS {
                let (s2v, cue) = match method {
                    Scope2Method::LocationBased => {
                        (Some(t.scope2_location_kgco2e), t.cue_kgco2e_per_kwh)
                    }
                    Scope2Method::MarketBased => {
                        (t.scope2_market_kgco2e, t.cue_market_kgco2e_per_kwh)
                    }
                };
                tenant_rows.push(Row {
                    keys: vec![t.name.clone(), method.id().into()],
                    attributes: Vec::new(),
                    values: vec![
                        value(t.it_kwh),
                        value(t.facility_kwh),
                        value(t.share_of_it),
                        value(t.scope1_kgco2e),
                        s2v.and_then(value),
                        value(t.scope3_kgco2e),
                        s2v.and_then(|v| value(t.scope1_kgco2e + v + t.scope3_kgco2e)),
                        cue.and_then(value),
                    ],
                });
            }
        }
        let mut tm = vec![
            measure("it_kwh", "kwh", None),
            measure("facility_kwh", "kwh", None),
            measure("share_of_it", "ratio", None),
        ];
        tm.extend(scope_measures());
        tm.push(measure("cue_kgco2e_per_kwh", "kgco2e_per_kwh", None));
        let tenants = Section::new(
            "tenants",
            SectionKind::Inventory,
            vec![Dimension::Tenant, Dimension::Scope2Method],
            Vec::new(),
            tm,
            tenant_rows,
        );
        let options = Options {
            year: d.year,
            mode: d.mode,
            by: GroupBy::NONE,
            basis: crate::grid::Basis::Direct,
        };
        Report {
            options,
            sections: vec![tenants, total, kpi, scopes, cooling],
            notes: d.notes.clone(),
            sources: d.sources.clone(),
            datasets: d.datasets.clone(),
            criteria: Criterion::standard().into_iter().take(1).collect(),
        }
    }
}

/// The data year of the grid factors, or, for readings spanning calendar
/// years, each year with its kWh (the factor shown is then their
/// kWh-weighted mean).
fn grid_years(s2: &crate::datacentre::Scope2) -> String {
    if s2.grid_years.len() > 1 {
        let years: Vec<String> = s2
            .grid_years
            .iter()
            .map(|g| format!("{} ({} kWh)", g.data_year, g.grid_kwh))
            .collect();
        format!("kWh-weighted mean of {}", years.join(", "))
    } else {
        s2.annual_data_year.to_string()
    }
}
