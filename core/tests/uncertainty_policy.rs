//! Policies compared under Monte Carlo (methodology §8.7): against the
//! reference calculator's policy cases (closed forms from the coefficients
//! golden/policy_reference.py gives), and the comparison's invariants.
//!
//! Tolerances as in `uncertainty.rs`: means within 4 standard errors,
//! standard deviations within 3 %, percentiles within 4 standard errors of
//! a sample quantile, a probability within 4 binomial standard errors,
//! variance shares within 0.02.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;

use empreinte::inventory::{read_all, Inventory};
use empreinte::policy::{compare, compare_monte_carlo, Policy};
use empreinte::uncertainty::{Method, MonteCarlo, Shape};
use empreinte::Catalog;
use serde_json::Value;
use std::sync::Arc;

fn inventory(catalog: Arc<Catalog>, csv: &str) -> Inventory {
    read_all(
        "test.csv",
        csv.as_bytes(),
        Inventory::new(catalog, Some("BE")).unwrap(),
    )
    .unwrap()
    .0
}

fn policies(catalog: &Catalog, values: &Value) -> Vec<Policy> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Policy::from_json_value("case", p.clone(), catalog).unwrap())
        .collect()
}

fn within(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: {got} vs {want} (tolerance {tol})"
    );
}

#[test]
fn policy_monte_carlo_agrees_with_the_reference_calculator() {
    let doc: Value = serde_json::from_str(&repo_file("golden/uncertainty_cases.json")).unwrap();
    let mut checked = 0;
    for case in doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["model"] == "policy")
    {
        let name = case["name"].as_str().unwrap();
        let catalog = catalog();
        let inv = inventory(catalog.clone(), case["inventory_csv"].as_str().unwrap());
        let ps = policies(&catalog, &case["policies"]);
        let n = case["samples"].as_u64().unwrap() as usize;
        let mc = MonteCarlo::new(n, case["seed"].as_u64().unwrap(), Shape::Triangular).unwrap();
        let r = compare_monte_carlo(&inv, &ps, mc).unwrap();
        let want = case["expected"]["policies"].as_array().unwrap();
        assert_eq!(r.rows.len(), want.len());
        for (i, (row, w)) in r.rows.iter().zip(want).enumerate() {
            let what = format!("{name}: policy {i}");
            let t = row.cumulative_kgco2e;
            within(t.mean, w["mean"].as_f64().unwrap(), 4.0 * t.se, &what);
            let sd = w["variance"].as_f64().unwrap().sqrt();
            within(t.sd, sd, 0.03 * sd, &format!("{what} sd"));
            if i == 0 {
                assert!(row.difference_kgco2e.is_none() && row.probability_below_first.is_none());
                continue;
            }
            let d = row.difference_kgco2e.unwrap();
            let wd = &w["difference"];
            within(
                d.mean,
                wd["mean"].as_f64().unwrap(),
                4.0 * d.se,
                &format!("{what} difference"),
            );
            let sd = wd["variance"].as_f64().unwrap().sqrt();
            within(d.sd, sd, 0.03 * sd, &format!("{what} difference sd"));
            let nf = n as f64;
            for (stat, got, p) in [("p5", d.p5, 0.05), ("p95", d.p95, 0.95)] {
                let density = wd[format!("{stat}_density")].as_f64().unwrap();
                let se = (p * (1.0 - p) / nf).sqrt() / density;
                within(
                    got,
                    wd[stat].as_f64().unwrap(),
                    4.0 * se,
                    &format!("{what} {stat}"),
                );
            }
            let p = wd["probability_below_zero"].as_f64().unwrap();
            let got = row.probability_below_first.unwrap();
            within(
                got,
                p,
                4.0 * (p * (1.0 - p) / nf).sqrt() + 1.0 / nf,
                &format!("{what} P"),
            );
            let shares = w["variance_share"].as_object().unwrap();
            assert_eq!(row.drivers.len(), shares.len(), "{what}: {:?}", row.drivers);
            for dr in &row.drivers {
                within(
                    dr.variance_share,
                    shares[&dr.key].as_f64().unwrap(),
                    0.02,
                    &format!("{what} {}", dr.key),
                );
                assert_eq!(dr.method, Method::Linear);
            }
        }
        checked += 1;
    }
    assert!(checked >= 1);
}

/// Common random numbers: a policy compared with itself differs by exactly
/// zero in every sample, whatever the spread of its total; and every
/// percentile of a cumulative total sits inside the interval view's bounds.
#[test]
fn common_random_numbers_and_the_interval_bounds() {
    let catalog = catalog();
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,country,embodied_gwp_kgco2e,embodied_gwp_kgco2e_low,embodied_gwp_kgco2e_high\n\
Town hall,laptop,120,2021,5,BE,,,\n\
Town hall,desktop,40,2022,5,BE,300,250,420\n\
School,monitor_22_24,150,2022,6,BE,,,\n";
    let inv = inventory(catalog.clone(), csv);
    let ps = policies(
        &catalog,
        &serde_json::json!([
            {"name": "as is", "start_year": 2024, "end_year": 2030},
            {"name": "as is again", "start_year": 2024, "end_year": 2030},
            {"name": "laptops 7 years", "start_year": 2024, "end_year": 2030, "lifespan_years": {"laptop": 7}, "refurbished_pct": 30},
            {"name": "laptops 2 years", "start_year": 2024, "end_year": 2030, "lifespan_years": {"laptop": 2}},
        ]),
    );
    let r = compare_monte_carlo(&inv, &ps, MonteCarlo::new(2000, 5, Shape::Pert).unwrap()).unwrap();
    let same = r.rows[1].difference_kgco2e.unwrap();
    assert_eq!((same.p5, same.p95, same.mean), (0.0, 0.0, 0.0));
    assert_eq!(r.rows[1].probability_below_first, Some(0.0));
    assert!(r.rows[1].drivers.is_empty());
    let interval = compare(&inv, &ps).unwrap();
    for (row, iv) in r.rows.iter().zip(&interval.rows) {
        let t = row.cumulative_kgco2e;
        let (lo, hi) = (iv.cumulative_kgco2e.low(), iv.cumulative_kgco2e.high());
        assert!(
            lo <= t.p5 && t.p5 <= t.p50 && t.p50 <= t.p95 && t.p95 <= hi,
            "{t:?} {lo} {hi}"
        );
    }
    let longer = &r.rows[2];
    assert!(longer.probability_below_first.unwrap() > 0.99, "{longer:?}");
    assert!(longer
        .drivers
        .iter()
        .any(|d| d.key == "kind:laptop:embodied"));
    let shorter = &r.rows[3];
    assert!(
        shorter.probability_below_first.unwrap() < 0.01,
        "{shorter:?}"
    );
    let sentences = r.sentences();
    assert_eq!(sentences.len(), 3);
    assert!(
        sentences[2].starts_with("laptops 2 years instead of as is emits ")
            && sentences[2].contains(" kg CO2e more (P5-P95 ")
            && sentences[2].ends_with("probability that it emits less: 0.00"),
        "{}",
        sentences[2]
    );
    assert!(
        sentences[1].starts_with("laptops 7 years instead of as is saves "),
        "{}",
        sentences[1]
    );
    assert!(
        sentences[1].ends_with("with probability 1.00"),
        "{}",
        sentences[1]
    );
}
