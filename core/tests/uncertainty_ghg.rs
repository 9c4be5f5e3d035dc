//! The organisation's GHG inventory under Monte Carlo (methodology §8.9):
//! against the reference calculator's GHG cases (golden/uncertainty_cases.json:
//! the location-based total and the management view of a fleet as sums of
//! independent triangular draws), and the run's invariants.
//!
//! Tolerances as in `uncertainty.rs`: means within 4 standard errors,
//! standard deviations within 3 %, variance shares within 0.02.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;

use empreinte::datacentre::FileOptions;
use empreinte::ghg::montecarlo::{assess, read_and_assess, read_given_and_assess};
use empreinte::ghg::{Inputs, Sources};
use empreinte::inventory::{read_all, Inventory};
use empreinte::uncertainty::{Method, MonteCarlo, Shape};
use serde_json::Value;

fn within(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: {got} vs {want} (tolerance {tol})"
    );
}

#[test]
fn ghg_monte_carlo_agrees_with_the_reference_calculator() {
    let doc: Value = serde_json::from_str(&repo_file("golden/uncertainty_cases.json")).unwrap();
    let mut checked = 0;
    for case in doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["model"] == "ghg")
    {
        let name = case["name"].as_str().unwrap();
        let mut csv = String::from("entity,kind,quantity,purchase_year,lifespan_years,country\n");
        for l in case["lines"].as_array().unwrap() {
            csv.push_str(&format!(
                "Town hall,{},{},{},{},{}\n",
                l["kind"].as_str().unwrap(),
                l["quantity"],
                l["purchase_year"],
                l["lifespan_years"],
                l["country"].as_str().unwrap()
            ));
        }
        let catalog = catalog();
        let (fleet, _) = read_all(
            "fleet.csv",
            csv.as_bytes(),
            Inventory::new(catalog.clone(), None).unwrap(),
        )
        .unwrap();
        let inputs = Inputs {
            year: case["year"].as_i64().unwrap() as i32,
            catalog,
            fleet: Some(fleet),
            instruments: None,
            datacentre: None,
        };
        let n = case["samples"].as_u64().unwrap() as usize;
        let mc = MonteCarlo::new(n, case["seed"].as_u64().unwrap(), Shape::Triangular).unwrap();
        let r = assess(&inputs, &[], mc).unwrap();
        let want = &case["expected"];
        let f = |part: &str, k: &str| want[part][k].as_f64().unwrap();
        for (what, got) in [
            ("location_total", r.scopes[0].total_kgco2e.unwrap()),
            ("management", r.management_kgco2e.unwrap()),
        ] {
            let label = format!("{name} {what}");
            within(got.mean, f(what, "mean"), 4.0 * got.se, &label);
            let sd = f(what, "variance").sqrt();
            within(got.sd, sd, 0.03 * sd, &format!("{label} sd"));
            assert!(got.p5 <= got.p50 && got.p50 <= got.p95, "{label}");
        }
        // Without instruments the market-based figure is the location-based one.
        assert_eq!(r.scopes[1].total_kgco2e, r.scopes[0].total_kgco2e);
        let shares = want["variance_share"].as_object().unwrap();
        let moving = shares
            .values()
            .filter(|v| v.as_f64().unwrap() > 0.0)
            .count();
        assert_eq!(r.drivers.len(), moving, "{name}: {:?}", r.drivers);
        for d in &r.drivers {
            within(
                d.variance_share,
                shares[&d.key].as_f64().unwrap(),
                0.02,
                &format!("{name} {}", d.key),
            );
            assert_eq!(d.method, Method::Linear);
        }
        checked += 1;
    }
    assert!(checked >= 1);
}

/// The illustrative organisation (fleet, instruments, data centre): scope 1
/// exact, the totals' percentiles ordered, the same seed the same bits.
#[test]
fn the_example_organisation_same_seed_same_bits() {
    let catalog = catalog();
    let mc = MonteCarlo::new(1000, 8, Shape::Pert).unwrap();
    let r = read_and_assess(&catalog, &Sources::default(), mc).unwrap();
    let s1 = r.scopes[0].scope1_kgco2e.unwrap();
    assert_eq!((s1.p5, s1.p50), (s1.p95, s1.p95));
    for s in &r.scopes {
        let t = s.total_kgco2e.unwrap();
        assert!(t.p5 < t.p50 && t.p50 < t.p95);
    }
    assert_eq!(r.total_samples_kgco2e.len(), 1000);
    assert_eq!(
        read_and_assess(&catalog, &Sources::default(), mc).unwrap(),
        r
    );
}

/// The illustrative organisation's files given (what JavaScript passes:
/// its package embeds no example) give the embedded example's numbers,
/// bit for bit, and nothing given is an error there.
#[test]
fn the_example_organisation_files_given_same_bits() {
    let catalog = catalog();
    let mc = MonteCarlo::new(200, 3, Shape::Triangular).unwrap();
    let embedded = read_and_assess(&catalog, &Sources::default(), mc).unwrap();
    let files: Vec<Option<String>> = empreinte::ghg::FILES
        .iter()
        .map(|f| {
            let path = match *f {
                "inventory" => "municipal-fleet",
                "fleet_instruments" => "organisation-instruments",
                "readings" => "datacentre/readings",
                "facility" => "datacentre/facility",
                "instruments" => "datacentre/instruments",
                "tenants" => "datacentre/tenants",
                "equipment" => "datacentre/equipment",
                _ => return None,
            };
            Some(repo_file(&format!("datasets/examples/{path}.csv")))
        })
        .collect();
    let named: Vec<_> = empreinte::ghg::FILES
        .iter()
        .zip(&files)
        .map(|(n, f)| f.as_ref().map(|t| (*n, t.as_bytes())))
        .collect();
    let options = FileOptions {
        allocation: Some("mix"),
        time_zone: Some("Europe/Brussels"),
        ..FileOptions::default()
    };
    let given = Sources::from_files(Some(2022), None, &named, options);
    let r = read_given_and_assess(&catalog, &given, mc).unwrap();
    assert_eq!(r.scopes, embedded.scopes);
    assert_eq!(r.management_kgco2e, embedded.management_kgco2e);
    assert_eq!(r.drivers, embedded.drivers);
    assert_eq!(r.total_samples_kgco2e, embedded.total_samples_kgco2e);
    let none = read_given_and_assess(&catalog, &Sources::default(), mc).unwrap_err();
    assert_eq!(none.code(), "missing_value");
}
