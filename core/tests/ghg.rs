//! Report-grade accounting: two factor bases (direct for scope 2, life-cycle
//! for the product views, their difference for scope 3 category 3), a
//! user's own factor used and cited, and the golden cases of
//! `golden/ghg_cases.json` (numbers from `golden/ghg_reference.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::grid::user::GridFactorTable;
use empreinte::grid::Basis;
use empreinte::Location;
use serde_json::Value;

fn cases(kind: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(format!(
        "{}/../golden/ghg_cases.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .cloned()
        .collect()
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0) + 1e-9
}

#[test]
fn direct_and_life_cycle_intensities_agree_with_the_reference_calculator() {
    let c = catalog();
    let direct = c.grid_of(Basis::Direct).expect("embedded direct grid");
    let life = c.grid_of(Basis::LifeCycle).unwrap();
    let cases = cases("grid_basis");
    assert!(cases.len() >= 5);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let tol = case["tolerance_rel"].as_f64().unwrap();
        let zone = case["inputs"]["zone"].as_str().unwrap();
        let year = case["inputs"]["year"].as_i64().unwrap() as i32;
        let d = direct.intensity_of(zone, year).unwrap();
        let l = life.intensity_of(zone, year).unwrap();
        assert_eq!((d.basis, l.basis), (Basis::Direct, Basis::LifeCycle));
        assert!(!d.user_supplied && !l.user_supplied);
        let want = &case["expected"];
        assert_eq!(i64::from(d.data_year), want["data_year"].as_i64().unwrap());
        assert_eq!(
            d.data_year, l.data_year,
            "{name}: one data year for both bases"
        );
        for (got, key) in [
            (d.factor.g_per_kwh(), "direct_gco2e_per_kwh"),
            (l.factor.g_per_kwh(), "life_cycle_gco2e_per_kwh"),
            (
                l.factor.g_per_kwh() - d.factor.g_per_kwh(),
                "upstream_gco2e_per_kwh",
            ),
        ] {
            let w = want[key].as_f64().unwrap();
            assert!(close(got, w, tol), "{name}: {key}: {got} vs {w}");
        }
    }
}

#[test]
fn every_zone_and_year_has_a_direct_value_between_zero_and_its_life_cycle_value() {
    let c = catalog();
    let direct = c.grid_of(Basis::Direct).unwrap();
    let life = c.grid();
    assert_eq!(direct.zones().len(), life.zones().len());
    let mut below = 0;
    for z in life.zones() {
        assert_eq!(
            direct.zones().iter().filter(|d| d.code == z.code).count(),
            1
        );
        let (first, last) = z.years();
        for y in first..=last {
            let l = life.intensity_of(&z.code, y).unwrap();
            let d = direct.intensity_of(&z.code, y).unwrap();
            assert_eq!(d.data_year, l.data_year, "{} {y}", z.code);
            assert!(d.factor.g_per_kwh() >= 0.0);
            assert!(
                d.factor.g_per_kwh() <= l.factor.g_per_kwh(),
                "{} {y}",
                z.code
            );
            below += usize::from(d.factor.g_per_kwh() < l.factor.g_per_kwh());
        }
    }
    assert!(
        below > 5_000,
        "direct is below life-cycle almost everywhere"
    );
}

#[test]
fn a_direct_factor_is_cited_with_its_basis_and_dataset() {
    let c = catalog();
    let direct = c.grid_of(Basis::Direct).unwrap();
    let be = direct.zone_id("BE", &Location::default()).unwrap();
    let used = direct.intensity(be, 2022).unwrap();
    let s = c.grid_source(be, &used);
    assert_eq!(s.dataset, "empreinte-grid-direct 2025");
    assert!(s.item.contains("BE 2022 (direct)"), "{}", s.item);
    assert!(s.reference.contains("IPCC AR5"), "{}", s.reference);
    assert_eq!(s.licence, "CC BY 4.0");
    let life = c.grid().intensity(be, 2022).unwrap();
    let s = c.grid_source(be, &life);
    assert_eq!(s.dataset, "ember-owid 2025");
    assert!(s.item.contains("(life_cycle)"), "{}", s.item);
    assert!(c.datasets().iter().any(|d| d.id == "empreinte-grid-direct"));
    let json = serde_json::to_value(used).unwrap();
    assert_eq!(json["basis"], "direct");
}

#[test]
fn a_users_own_factor_replaces_that_year_only_and_is_cited() {
    let table = GridFactorTable::parse(
        "agency.csv",
        b"zone,year,intensity_gco2e_per_kwh,basis,source\n\
          be,2024,123.4,,National inventory 2026 table 3\n\
          BE,2024,150,life_cycle,Supplier disclosure 2024\n",
    )
    .unwrap();
    let c = (*catalog()).clone().with_grid_factors(&table).unwrap();
    let shared = catalog()
        .with_grid_factors_csv(
            "agency.csv",
            b"zone,year,intensity_gco2e_per_kwh,source\nBE,2024,123.4,National inventory 2026 table 3\n",
        )
        .unwrap();
    assert_eq!(
        shared
            .grid_of(Basis::Direct)
            .unwrap()
            .intensity_of("BE", 2024)
            .unwrap()
            .factor
            .g_per_kwh(),
        123.4
    );
    let direct = c.grid_of(Basis::Direct).unwrap();
    let be = direct.zone_id("BE", &Location::default()).unwrap();
    let used = direct.intensity(be, 2024).unwrap();
    assert_eq!(used.factor.g_per_kwh(), 123.4);
    assert!(used.user_supplied);
    assert_eq!(used.basis, Basis::Direct);
    let s = c.grid_source(be, &used);
    assert_eq!(s.dataset, "agency.csv user");
    assert_eq!(
        s.reference,
        "National inventory 2026 table 3 (taken as direct (combustion) (no basis given))"
    );
    // Another year keeps the dataset's value.
    let other = direct.intensity(be, 2023).unwrap();
    assert!(!other.user_supplied);
    assert_eq!(
        other.factor.g_per_kwh(),
        catalog()
            .grid_of(Basis::Direct)
            .unwrap()
            .intensity(be, 2023)
            .unwrap()
            .factor
            .g_per_kwh()
    );
    // The life-cycle factor goes to the life-cycle grid, with its basis said.
    let life = c.grid().intensity(be, 2024).unwrap();
    assert_eq!((life.factor.g_per_kwh(), life.user_supplied), (150.0, true));
    assert_eq!(
        c.grid_source(be, &life).reference,
        "Supplier disclosure 2024 (life-cycle basis)"
    );
    assert!(c.datasets().iter().any(|d| d.id == "agency.csv"));
    // A zone without data is refused at its row.
    let bad = GridFactorTable::parse(
        "agency.csv",
        b"zone,year,intensity_gco2e_per_kwh,source\nBelgique,2024,120,X\n",
    )
    .unwrap();
    let e = (*catalog()).clone().with_grid_factors(&bad).unwrap_err();
    assert_eq!(e.code(), "unknown_country");
    assert_eq!(e.location().line, Some(2));
    assert_eq!(e.location().column.as_deref(), Some("zone"));
}

#[cfg(feature = "hourly-grid")]
#[test]
fn the_embedded_hourly_series_exist_on_both_bases() {
    use empreinte::catalog::embedded_hourly;
    // Issue 17: the Electricity Maps 2022 files give LCA / direct = 1.38
    // (BE), 1.16 (DE), 1.45 (FR), 1.26 (NL); the direct means 141.0, 412.3,
    // 61.9, 273.8 g CO2e/kWh (docs/methodology.md, two factor bases).
    for (zone, direct_mean, ratio) in [
        ("BE", 141.0, 1.38),
        ("DE", 412.3, 1.16),
        ("FR", 61.9, 1.45),
        ("NL", 273.8, 1.26),
    ] {
        let (d, info) = embedded_hourly(zone, Basis::Direct).unwrap();
        let (l, _) = embedded_hourly(zone, Basis::LifeCycle).unwrap();
        assert_eq!(info.id, "electricitymaps-hourly-direct");
        assert_eq!((d.basis, l.basis), (Basis::Direct, Basis::LifeCycle));
        let (dm, hours) = d.year_mean_g_per_kwh(2022).unwrap();
        let (lm, _) = l.year_mean_g_per_kwh(2022).unwrap();
        assert_eq!(hours, 8_760);
        assert!((dm - direct_mean).abs() < 0.05, "{zone}: {dm}");
        assert!((lm / dm - ratio).abs() < 0.005, "{zone}: {}", lm / dm);
    }
    assert_eq!(
        embedded_hourly("BE", Basis::Upstream).unwrap_err().code(),
        "dataset"
    );
}

#[test]
fn a_direct_grid_with_other_zones_is_refused() {
    let info = empreinte::catalog::DatasetInfo::user("direct.csv");
    let e = (*catalog())
        .clone()
        .with_direct_grid(
            "zone,name,year,intensity_gco2e_per_kwh\nBE,Belgium,2022,80\n",
            info,
        )
        .unwrap_err();
    assert_eq!(e.code(), "dataset");
}

/// The case's text, or `@path` of an example file of the repository.
fn case_text(v: &Value) -> Option<String> {
    let s = v.as_str()?;
    Some(match s.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        }
        None => s.to_owned(),
    })
}

/// A golden key read from the report's `organisation`, `entities` and
/// `tenants` sections with the cases' column map (as Python and JS do).
fn report_value(report: &empreinte::Report, columns: &Value, key: &str) -> f64 {
    let parts: Vec<&str> = key.split(':').collect();
    let (section, dimension, name, key) = match parts.as_slice() {
        [k] => (
            "organisation",
            "entity",
            empreinte::report::ghg::ORGANISATION,
            *k,
        ),
        ["entity", n, k] => ("entities", "entity", *n, *k),
        ["tenant", n, k] => ("tenants", "tenant", *n, *k),
        _ => panic!("{key}"),
    };
    let table = report.section(section).unwrap().table();
    let row = (0..table.rows())
        .find(|&r| text(&table, dimension, r) == name)
        .unwrap_or_else(|| panic!("no {dimension} {name}"));
    columns[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| number(&table, c.as_str().unwrap(), row).unwrap())
        .sum()
}

#[test]
fn the_ghg_golden_cases_agree_with_the_reference_calculator() {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../golden/ghg_cases.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let catalog = catalog();
    let mut checked = 0;
    for case in cases("ghg") {
        let name = case["name"].as_str().unwrap();
        let i = &case["inputs"];
        let texts: Vec<Option<String>> = [
            &i["inventory_csv"],
            &i["instruments_csv"],
            &i["datacentre"]["readings_csv"],
            &i["datacentre"]["facility_csv"],
            &i["datacentre"]["instruments_csv"],
            &i["datacentre"]["tenants_csv"],
            &i["datacentre"]["equipment_csv"],
        ]
        .iter()
        .map(|v| case_text(v))
        .collect();
        let named = |k: usize, n: &'static str| texts[k].as_ref().map(|t| (n, t.as_bytes()));
        let dc = i["datacentre"].is_object();
        let sources = empreinte::ghg::Sources {
            year: Some(i["year"].as_i64().unwrap() as i32),
            country: i["country"].as_str(),
            inventory: named(0, "inventory"),
            fleet_instruments: named(1, "fleet instruments"),
            readings: named(2, "readings"),
            facility: named(3, "facility"),
            instruments: named(4, "instruments"),
            tenants: named(5, "tenants"),
            equipment: named(6, "equipment"),
            options: empreinte::datacentre::FileOptions {
                allocation: dc.then_some("mix"),
                time_zone: i["datacentre"]["time_zone"].as_str(),
                ..Default::default()
            },
            ..Default::default()
        };
        let report = empreinte::report::ghg::ghg_report(&catalog, &sources).unwrap();
        let tol = case["tolerance_rel"].as_f64().unwrap();
        for (key, want) in case["expected"].as_object().unwrap() {
            let got = report_value(&report, &doc["columns"], key);
            let want = want.as_f64().unwrap();
            assert!(close(got, want, tol), "{name}: {key}: {got} vs {want}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn scope2_plus_category3_is_the_life_cycle_figure_and_labels_come_from_scope_and_basis() {
    use empreinte::ghg::Item;
    let catalog = catalog();
    let g = empreinte::ghg::assess(&empreinte::ghg::example(&catalog).unwrap()).unwrap();
    for (name, t) in g
        .entities
        .iter()
        .chain(std::iter::once(&("total".to_owned(), g.total)))
    {
        let lc = t.get(Item::ManagementUse);
        let sum = t.get(Item::Scope2Location) + t.get(Item::Category3);
        assert!(
            (sum - lc).abs() <= 1e-9 * lc.max(1.0),
            "{name}: {sum} vs {lc}"
        );
    }
    assert_eq!(
        Item::Scope2Location.column(),
        "scope2_location_based_direct_kgco2e"
    );
    assert_eq!(Item::Category3.column(), "scope3_cat3_upstream_kgco2e");
    assert!(Item::ManagementEmbodied
        .label()
        .contains("NOT GHG Protocol scope 3"));
    assert!(Item::Scope2Location
        .label()
        .starts_with("scope 2 (location-based), direct (combustion) basis"));
    // The same years, datasets named.
    assert!(g.datasets.iter().any(|d| d.id == "empreinte-grid-direct"));
}
