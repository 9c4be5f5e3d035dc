//! The fleet assessment under Monte Carlo: against the reference
//! calculator's fleet case (closed forms from the committed datasets), and
//! its invariants against the interval view (proptest).
//!
//! Tolerances as in `uncertainty.rs`: means within 4 standard errors,
//! variance shares within 0.02.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use empreinte::fleet::montecarlo::{assess_csv_monte_carlo, McAssessment, MonteCarlo};
use empreinte::fleet::Options;
use empreinte::inventory::ReadOptions;
use empreinte::uncertainty::{Method, Shape};
use empreinte::Catalog;
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::*;

fn monte_carlo(csv: &str, options: Options, mc: MonteCarlo) -> McAssessment {
    assess_csv_monte_carlo(
        catalog(),
        "inventory.csv",
        csv.as_bytes(),
        Some("BE"),
        options,
        ReadOptions::default(),
        mc,
        |_| {},
    )
    .unwrap()
}

#[test]
fn fleet_monte_carlo_agrees_with_the_reference_calculator() {
    let doc: Value = serde_json::from_str(&repo_file("golden/uncertainty_cases.json")).unwrap();
    let mut checked = 0;
    for case in doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["model"] == "fleet")
    {
        let name = case["name"].as_str().unwrap();
        let mut csv = String::from("entity,kind,quantity,purchase_year,lifespan_years,country\n");
        for l in case["lines"].as_array().unwrap() {
            csv += &format!(
                "Town hall,{},{},{},{},{}\n",
                l["kind"].as_str().unwrap(),
                l["quantity"],
                l["purchase_year"],
                l["lifespan_years"],
                l["country"].as_str().unwrap()
            );
        }
        let mc = MonteCarlo::new(
            case["samples"].as_u64().unwrap() as usize,
            case["seed"].as_u64().unwrap(),
            Shape::Triangular,
        )
        .unwrap();
        let year = case["year"].as_i64().unwrap() as i32;
        let r = monte_carlo(&csv, options(year, "amortised", "entity"), mc);
        let want = &case["expected"];
        let total = r.total.gwp_total_kgco2e.unwrap();
        let mean = want["mean"].as_f64().unwrap();
        assert!(
            (total.mean - mean).abs() <= 4.0 * total.se,
            "{name}: mean {} vs {mean} (se {})",
            total.mean,
            total.se
        );
        let sd = want["variance"].as_f64().unwrap().sqrt();
        assert!(
            (total.sd - sd).abs() / sd < 0.03,
            "{name}: sd {} vs {sd}",
            total.sd
        );
        let shares = want["variance_share"].as_object().unwrap();
        assert_eq!(r.drivers.len(), shares.len(), "{name}: {:?}", r.drivers);
        for d in &r.drivers {
            let share = shares[&d.key].as_f64().unwrap();
            assert!(
                (d.variance_share - share).abs() <= 0.02,
                "{name}: {}",
                d.key
            );
            assert_eq!(d.method, Method::Linear);
        }
        assert_eq!(r.total_samples_kgco2e.len(), mc.samples);
        // The sentence names the largest share in whole percent: the
        // reference's, within the shares' tolerance of 2 points.
        let top = shares
            .values()
            .map(|v| v.as_f64().unwrap())
            .fold(0.0, f64::max);
        let sentence = r.drivers_sentence().unwrap();
        let (pct, rest) = sentence.split_once(" % ").unwrap();
        assert!(rest.starts_with("of the uncertainty"), "{sentence}");
        let pct: f64 = pct.parse().unwrap();
        assert!(
            (pct - top * 100.0).abs() <= 2.5,
            "{sentence} (reference {top})"
        );
        checked += 1;
    }
    assert!(checked >= 1);
}

fn kind() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("laptop"),
        Just("desktop"),
        Just("monitor_22_24"),
        Just("smartphone"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every group's percentiles are ordered and inside the interval view's
    /// bounds; the same seed gives the same bits.
    #[test]
    fn percentiles_sit_inside_the_interval_view(
        lines in prop::collection::vec(
            (0..3_u8, kind(), 1..50_u32, 2018..2024_i32, prop::option::of((1.0..500.0_f64, 0.0..1.0_f64, 0.0..1.0_f64))),
            1..8),
        shape in prop_oneof![Just(Shape::Triangular), Just(Shape::Pert), Just(Shape::Uniform)],
        seed in any::<u64>(),
        by in prop_oneof![Just("entity"), Just("kind"), Just("entity,kind"), Just("none")],
    ) {
        let mut csv = String::from("entity,kind,quantity,purchase_year,embodied_gwp_kgco2e,embodied_gwp_kgco2e_low,embodied_gwp_kgco2e_high\n");
        for (e, k, q, y, own) in &lines {
            let own = own.map_or(",,".to_owned(), |(c, l, h)| format!("{c},{},{}", c * l, c * (1.0 + h)));
            csv += &format!("E{e},{k},{q},{y},{own}\n");
        }
        let opts = options(2023, "amortised", by);
        let mc = MonteCarlo::new(500, seed, shape).unwrap();
        let r = monte_carlo(&csv, opts, mc);
        let interval = empreinte::assess_csv(catalog(), "inventory.csv", csv.as_bytes(), Some("BE"), opts, |_| {}).unwrap();
        prop_assert_eq!(r.groups.len(), interval.groups.len());
        let groups = r.groups.iter().zip(interval.groups.iter()).chain([(&r.total, interval.total.clone())]);
        for (m, i) in groups {
            prop_assert_eq!(&m.entity, &i.entity);
            prop_assert_eq!(&m.kind, &i.kind);
            let pairs = [
                (m.use_energy_kwh, i.use_energy_kwh),
                (m.gwp_total_kgco2e, i.impacts[0].total()),
            ].into_iter().chain((0..4).map(|p| (m.gwp_kgco2e[p], i.impacts[0].0[p])));
            for (s, e) in pairs {
                let (s, e) = (s.unwrap(), e.unwrap());
                let slack = 1e-9 * e.high().max(1.0);
                prop_assert!(s.p5 <= s.p50 && s.p50 <= s.p95);
                for p in [s.p5, s.p50, s.p95, s.mean] {
                    prop_assert!(p >= e.low() - slack && p <= e.high() + slack, "{} outside {:?}", p, e);
                }
            }
        }
        let again = monte_carlo(&csv, opts, mc);
        prop_assert!(r.total_samples_kgco2e.iter().zip(&again.total_samples_kgco2e).all(|(a, b)| a.to_bits() == b.to_bits()));
        let shares: f64 = r.drivers.iter().map(|d| d.variance_share).sum();
        prop_assert!(r.drivers.is_empty() || (shares - 1.0).abs() < 1e-9);
    }

    /// A one-kind fleet of catalog values: the mean of its embodied
    /// footprint is the booked quantity × the distribution's mean.
    #[test]
    fn one_kind_fleet_mean_is_quantity_times_the_distribution_mean(
        k in kind(),
        q in 1..10_000_u32,
        seed in any::<u64>(),
    ) {
        use empreinte::quantity::Phase;
        use empreinte::uncertainty::Distribution;
        let csv = format!("entity,kind,quantity,purchase_year,lifespan_years\nA,{k},{q},2023,4\n");
        let r = monte_carlo(&csv, options(2023, "amortised", "none"), MonteCarlo::new(2_000, seed, Shape::Triangular).unwrap());
        let cat = catalog();
        let id = cat.kinds().find(|(_, a)| a.kind == k).unwrap().0;
        let e = cat.embodied(0, id, Phase::Manufacture).unwrap();
        let d = Distribution::fit(Shape::Triangular, e).unwrap();
        let s = r.total.gwp_kgco2e[0].unwrap();
        let want = f64::from(q) / 4.0 * d.mean();
        prop_assert!((s.mean - want).abs() <= 5.0 * s.se + 1e-9 * want, "{} vs {}", s.mean, want);
    }
}

/// `golden/uncertainty_surfaces.json` pins the bits of one seeded run so
/// that the Python and JavaScript suites can check they get the same as the
/// command (not a correctness reference: that is the reference calculator
/// above). `EMPREINTE_WRITE_SURFACES=1` rewrites it after a deliberate
/// change of the sampling.
#[test]
fn the_surfaces_pin_is_this_engine() {
    let path = format!(
        "{}/../golden/uncertainty_surfaces.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,country\n\
Town hall,laptop,120,2021,5,BE\n\
Town hall,laptop,40,2023,4,BE\n\
School,monitor_22_24,150,2022,6,BE\n";
    let mc = MonteCarlo::new(1000, 42, Shape::Triangular).unwrap();
    let r = monte_carlo(csv, options(2023, "amortised", "entity"), mc);
    let t = r.total.gwp_total_kgco2e.unwrap();
    // Shortest round-trip decimals as text: every surface parses them exactly.
    let bits = |v: f64| format!("{v:?}");
    let got = serde_json::json!({
        "about": "The bits of one seeded Monte Carlo run, pinned so that the Python and JavaScript suites check they compute the same numbers as the command (core/tests/uncertainty_fleet.rs writes it with EMPREINTE_WRITE_SURFACES=1). Correctness is checked against golden/uncertainty_reference.py, not here.",
        "inventory_csv": csv,
        "year": 2023,
        "samples": 1000,
        "seed": 42,
        "distribution": "triangular",
        "gwp_total_kgco2e": {"mean": bits(t.mean), "p5": bits(t.p5), "p50": bits(t.p50), "p95": bits(t.p95)},
        "first_samples_kgco2e": r.total_samples_kgco2e[..5].iter().map(|v| bits(*v)).collect::<Vec<_>>(),
        "compare": compare_pin(csv, mc),
        "datacentre": datacentre_pin(mc),
        "ghg": ghg_pin(mc),
    });
    if std::env::var_os("EMPREINTE_WRITE_SURFACES").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let pinned: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        pinned, got,
        "the sampling changed: the surfaces' pin must be rewritten on purpose"
    );
}

/// The compare part of the surfaces' pin: two policies over the pin's
/// inventory, the second's difference from the first and its probability.
fn compare_pin(csv: &str, mc: MonteCarlo) -> Value {
    use empreinte::inventory::read_all;
    use empreinte::policy::{compare_monte_carlo, Policy};
    let catalog = catalog();
    let policies = serde_json::json!([
        {"name": "4 years", "start_year": 2024, "end_year": 2030},
        {"name": "laptops 6 years", "start_year": 2024, "end_year": 2030, "lifespan_years": {"laptop": 6}},
    ]);
    let list: Vec<Policy> = policies
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Policy::from_json_value("pin", p.clone(), &catalog).unwrap())
        .collect();
    let (inventory, _) = read_all(
        "inventory.csv",
        csv.as_bytes(),
        empreinte::Inventory::new(catalog, Some("BE")).unwrap(),
    )
    .unwrap();
    let r = compare_monte_carlo(&inventory, &list, mc).unwrap();
    let bits = |v: f64| format!("{v:?}");
    let second = &r.rows[1];
    let d = second.difference_kgco2e.unwrap();
    serde_json::json!({
        "policies": policies,
        "cumulative_kgco2e_mean": r.rows.iter().map(|r| bits(r.cumulative_kgco2e.mean)).collect::<Vec<_>>(),
        "difference_kgco2e": {"mean": bits(d.mean), "p5": bits(d.p5), "p50": bits(d.p50), "p95": bits(d.p95)},
        "probability_below_first": bits(second.probability_below_first.unwrap()),
    })
}

/// The data-centre part of the surfaces' pin: the embedded example under
/// the pin's run, its location-based total and first samples.
fn datacentre_pin(mc: MonteCarlo) -> Value {
    use empreinte::datacentre::montecarlo::{assess_monte_carlo, read_files_monte_carlo};
    use empreinte::datacentre::{FileOptions, Files};
    let catalog = catalog();
    let (inputs, _, equipment) = read_files_monte_carlo(
        Files::default(),
        &FileOptions::default(),
        &catalog,
        |_| {},
        mc,
    )
    .unwrap();
    let r = assess_monte_carlo(&inputs, &catalog, equipment).unwrap();
    let bits = |v: f64| format!("{v:?}");
    let t = r.scopes[0].total_kgco2e.unwrap();
    let s3 = r.scopes[0].scope3_kgco2e.unwrap();
    serde_json::json!({
        "example": true,
        "total_kgco2e": {"mean": bits(t.mean), "p5": bits(t.p5), "p50": bits(t.p50), "p95": bits(t.p95)},
        "scope3_kgco2e": {"mean": bits(s3.mean), "p5": bits(s3.p5), "p50": bits(s3.p50), "p95": bits(s3.p95)},
        "first_samples_kgco2e": r.total_samples_kgco2e[..5].iter().map(|v| bits(*v)).collect::<Vec<_>>(),
        "drivers": r.drivers.iter().map(|d| d.key.clone()).collect::<Vec<_>>(),
    })
}

/// The GHG part of the surfaces' pin: the embedded illustrative
/// organisation under the pin's run, its location-based total, management
/// view and first samples.
fn ghg_pin(mc: MonteCarlo) -> Value {
    use empreinte::ghg::montecarlo::read_and_assess;
    let r = read_and_assess(&catalog(), &empreinte::ghg::Sources::default(), mc).unwrap();
    let bits = |v: f64| format!("{v:?}");
    let stats = |s: empreinte::uncertainty::Summary| serde_json::json!({"mean": bits(s.mean), "p5": bits(s.p5), "p50": bits(s.p50), "p95": bits(s.p95)});
    serde_json::json!({
        "example": true,
        "total_kgco2e": stats(r.scopes[0].total_kgco2e.unwrap()),
        "management_kgco2e": stats(r.management_kgco2e.unwrap()),
        "first_samples_kgco2e": r.total_samples_kgco2e[..5].iter().map(|v| bits(*v)).collect::<Vec<_>>(),
        "drivers": r.drivers.iter().take(3).map(|d| d.key.clone()).collect::<Vec<_>>(),
    })
}

/// An archetype table whose rows name their `distribution`.
fn kiosk_table(distribution: &str, low: &str) -> String {
    format!(
        "kind,label,lifespan_years,embodied_gwp_kgco2e,embodied_gwp_kgco2e_low,embodied_gwp_kgco2e_high,share_manufacture,share_transport,share_end_of_life,sample_size,quality,method,source,annual_energy_kwh,distribution\n\
test_kiosk,Information kiosk,4,120,{low},300,0.9,0.05,0.05,0,low,estimate,a test table,,{distribution}\n"
    )
}

/// A row's `distribution` is the shape of that kind's values, whatever the
/// run's: a one-kind fleet's mean is quantity × the named shape's mean.
#[test]
fn a_table_row_names_the_distribution_of_its_kind() {
    use empreinte::uncertainty::{Distribution, Summary};
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,country,annual_energy_kwh\n\
Town hall,test_kiosk,10,2023,4,BE,0\n";
    let run = |table: &str, shape: Shape| -> Summary {
        let catalog = catalog_with(&[("kiosks.csv", table)]);
        let mc = MonteCarlo::new(4000, 9, shape).unwrap();
        assess_csv_monte_carlo(
            catalog,
            "inventory.csv",
            csv.as_bytes(),
            None,
            options(2023, "amortised", "none"),
            ReadOptions::default(),
            mc,
            |_| {},
        )
        .unwrap()
        .total
        .gwp_total_kgco2e
        .unwrap()
    };
    let e = empreinte::quantity::Estimate::new(120.0, 100.0, 300.0).unwrap();
    for (named, shape) in [("uniform", Shape::Uniform), ("pert", Shape::Pert)] {
        // The run asks for triangles; the table's row wins for its kind.
        let t = run(&kiosk_table(named, "100"), Shape::Triangular);
        let want = 2.5 * Distribution::fit(shape, e).unwrap().mean();
        assert!(
            (t.mean - want).abs() <= 4.0 * t.se,
            "{named}: {} vs {want}",
            t.mean
        );
    }
    // An empty cell: the run's shape.
    let t = run(&kiosk_table("", "100"), Shape::Uniform);
    assert!((t.mean - 2.5 * 200.0).abs() <= 4.0 * t.se, "{}", t.mean);
    let tri = run(&kiosk_table("", "100"), Shape::Triangular);
    assert!(
        (tri.mean - 2.5 * 520.0 / 3.0).abs() <= 4.0 * tri.se,
        "{}",
        tri.mean
    );
}

/// A factor table's row names the shape of its value too: the kiosk's
/// manufacture (its whole footprint here) from a factor table, uniform,
/// while the run asks for triangles.
#[test]
fn a_factor_table_row_names_the_distribution_of_its_value() {
    let csv = "entity,kind,quantity,purchase_year,lifespan_years,country,annual_energy_kwh\n\
Town hall,test_kiosk,10,2023,4,BE,0\n";
    let kiosk = kiosk_table("", "100").replace("0.9,0.05,0.05", "1,0,0");
    let factors = "criterion,unit,kind,phase,value,low,high,source,distribution\n\
gwp,kgco2e,test_kiosk,manufacture,120,100,300,a test,uniform\n";
    let catalog = catalog_with(&[("kiosks.csv", &kiosk), ("gwp.csv", factors)]);
    let mc = MonteCarlo::new(4000, 9, Shape::Triangular).unwrap();
    let t = assess_csv_monte_carlo(
        catalog,
        "inventory.csv",
        csv.as_bytes(),
        None,
        options(2023, "amortised", "none"),
        ReadOptions::default(),
        mc,
        |_| {},
    )
    .unwrap()
    .total
    .gwp_total_kgco2e
    .unwrap();
    assert!((t.mean - 2.5 * 200.0).abs() <= 4.0 * t.se, "{}", t.mean);
    // A bad name is an error at its row and column.
    let bad = factors.replace("uniform", "gauss");
    let e = Catalog::embedded()
        .unwrap()
        .with_factor_tables([
            ("kiosks.csv", kiosk.as_bytes()),
            ("gwp.csv", bad.as_bytes()),
        ])
        .unwrap_err();
    let at = e.location();
    assert_eq!(
        (e.code(), at.source.as_str(), at.line, at.column.as_deref()),
        ("invalid_option", "gwp.csv", Some(2), Some("distribution")),
        "{e}"
    );
}

#[test]
fn a_bad_distribution_names_its_row_and_column() {
    let c = Catalog::embedded().unwrap();
    for (table, value) in [
        (kiosk_table("normal", "100"), "normal"),
        (kiosk_table("lognormal", "0"), "lognormal"),
    ] {
        let e = c
            .clone()
            .with_factor_tables([("kiosks.csv", table.as_bytes())])
            .unwrap_err();
        assert_eq!(e.code(), "invalid_option", "{e}");
        let at = e.location();
        assert_eq!(
            (at.source.as_str(), at.line, at.column.as_deref()),
            ("kiosks.csv", Some(2), Some("distribution")),
            "{e}"
        );
        assert!(e.to_string().contains(value), "{e}");
    }
}
