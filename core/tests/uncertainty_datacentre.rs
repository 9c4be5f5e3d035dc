//! The data centre under Monte Carlo (methodology §8.8): against the
//! reference calculator's data-centre cases (golden/uncertainty_cases.json:
//! exact scopes 1 and 2, scope 3 a sum of independent triangular draws),
//! and the run's invariants.
//!
//! Tolerances as in `uncertainty.rs`: exact figures within 1e-9 relative,
//! means within 4 standard errors, standard deviations within 3 %,
//! variance shares within 0.02.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;

use empreinte::datacentre::montecarlo::{assess_monte_carlo, read_files_monte_carlo, McDatacentre};
use empreinte::datacentre::{FileOptions, Files, NamedReader};
use empreinte::uncertainty::{Method, MonteCarlo, Shape};
use serde_json::Value;

fn reader(name: &str, text: Option<&str>) -> Option<NamedReader<'static>> {
    text.map(|t| {
        (
            name.to_owned(),
            Box::new(std::io::Cursor::new(t.to_owned().into_bytes())) as Box<dyn std::io::Read>,
        )
    })
}

/// The case's equipment lines as an inventory CSV.
fn equipment_csv(lines: &Value) -> String {
    let mut csv = String::from("entity,kind,quantity,purchase_year,lifespan_years,country\n");
    for l in lines.as_array().unwrap() {
        csv.push_str(&format!(
            "Data centre,{},{},{},{},{}\n",
            l["kind"].as_str().unwrap(),
            l["quantity"],
            l["purchase_year"],
            l["lifespan_years"],
            l["country"].as_str().unwrap()
        ));
    }
    csv
}

fn run(case: &Value, mc: MonteCarlo) -> McDatacentre {
    let inp = &case["inputs"];
    let text = |k: &str| inp[k].as_str();
    let equipment = equipment_csv(&case["lines"]);
    let files = Files {
        readings: reader("readings.csv", text("readings_csv")),
        facility: reader("facility.csv", text("facility_csv")),
        instruments: reader("instruments.csv", text("instruments_csv")),
        tenants: reader("tenants.csv", text("tenants_csv")),
        equipment: reader("equipment.csv", Some(&equipment)),
        hourly_grid: reader("hourly.csv", text("hourly_csv")),
    };
    let options = FileOptions {
        time_zone: text("time_zone"),
        allocation: text("allocation"),
        ..FileOptions::default()
    };
    let catalog = catalog();
    let (inputs, _, eq) = read_files_monte_carlo(files, &options, &catalog, |_| {}, mc).unwrap();
    assess_monte_carlo(&inputs, &catalog, eq).unwrap()
}

fn within(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: {got} vs {want} (tolerance {tol})"
    );
}

#[test]
fn datacentre_monte_carlo_agrees_with_the_reference_calculator() {
    let doc: Value = serde_json::from_str(&repo_file("golden/uncertainty_cases.json")).unwrap();
    let mut checked = 0;
    for case in doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["model"] == "datacentre")
    {
        let name = case["name"].as_str().unwrap();
        let n = case["samples"].as_u64().unwrap() as usize;
        let mc = MonteCarlo::new(n, case["seed"].as_u64().unwrap(), Shape::Triangular).unwrap();
        let r = run(case, mc);
        let want = &case["expected"];
        for s in &r.scopes {
            let Some(w) = want["scopes"].get(s.method.id()) else {
                assert!(s.total_kgco2e.is_none(), "{name}: {:?}", s.method);
                continue;
            };
            let what = format!("{name} {}", s.method.id());
            let f = |k: &str| w[k].as_f64().unwrap();
            for (got, key) in [(s.scope1_kgco2e, "scope1"), (s.scope2_kgco2e, "scope2")] {
                let g = got.unwrap();
                // Exact: every sample is the value (the mean up to the
                // rounding of a sum of n equal terms).
                within(
                    g.mean,
                    f(key),
                    1e-9 * f(key).max(1.0),
                    &format!("{what} {key}"),
                );
                within(
                    g.p5,
                    f(key),
                    1e-9 * f(key).max(1.0),
                    &format!("{what} {key} p5"),
                );
                assert_eq!((g.p5, g.p50), (g.p95, g.p95), "{what} {key}");
                assert!(g.sd <= 1e-9 * g.mean.abs().max(1.0), "{what} {key}");
            }
            for (got, key) in [(s.scope3_kgco2e, "scope3"), (s.total_kgco2e, "total")] {
                let g = got.unwrap();
                let label = format!("{what} {key}");
                within(g.mean, f(&format!("{key}_mean")), 4.0 * g.se, &label);
                let sd = f(&format!("{key}_variance")).sqrt();
                within(g.sd, sd, 0.03 * sd, &format!("{label} sd"));
                assert!(g.p5 <= g.p50 && g.p50 <= g.p95, "{label}");
            }
        }
        let shares = want["variance_share"].as_object().unwrap();
        assert_eq!(r.drivers.len(), shares.len(), "{name}: {:?}", r.drivers);
        for d in &r.drivers {
            within(
                d.variance_share,
                shares[&d.key].as_f64().unwrap(),
                0.02,
                &format!("{name} {}", d.key),
            );
            assert_eq!(d.method, Method::Linear);
        }
        assert_eq!(r.total_samples_kgco2e.len(), n);
        checked += 1;
    }
    assert!(checked >= 1);
}

/// Every percentile of scope 3 inside the interval view's bounds (the
/// equipment's low and high plus the building), and the same seed the
/// same bits.
#[test]
fn percentiles_inside_the_interval_and_the_same_seed_the_same_bits() {
    let doc: Value = serde_json::from_str(&repo_file("golden/uncertainty_cases.json")).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["model"] == "datacentre")
        .unwrap();
    for shape in [Shape::Triangular, Shape::Pert, Shape::Uniform] {
        let mc = MonteCarlo::new(1000, 9, shape).unwrap();
        let r = run(case, mc);
        let d = &r.datacentre;
        let [_, lo, hi] = d.scope3.equipment_kgco2e.unwrap();
        let b = d.scope3.building_kgco2e.unwrap_or(0.0);
        let s3 = r.scopes[0].scope3_kgco2e.unwrap();
        assert!(lo + b <= s3.p5 && s3.p95 <= hi + b, "{shape:?}: {s3:?}");
        assert_eq!(run(case, mc), r);
    }
}
