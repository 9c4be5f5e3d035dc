//! Properties that must hold for any inventory (proptest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::criteria::Phase;
use empreinte::inventory::{Record, RowRef};
use empreinte::{Assessor, Inventory, Options, Report};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Row {
    entity: usize,
    kind: usize,
    quantity: f64,
    purchase_year: i32,
    lifespan: Option<f64>,
    energy: Option<f64>,
    embodied: Option<f64>,
    disposal_after: Option<i32>,
}

const ENTITIES: [&str; 3] = ["Town hall", "School", "Library"];

fn row() -> impl Strategy<Value = Row> {
    (
        0..3usize,
        0..17usize,
        1.0..500.0f64,
        2010..2026i32,
        prop::option::of(0.5..12.0f64),
        prop::option::of(0.0..2000.0f64),
        prop::option::of(1.0..3000.0f64),
        prop::option::of(0..10i32),
    )
        .prop_map(
            |(
                entity,
                kind,
                quantity,
                purchase_year,
                lifespan,
                energy,
                embodied,
                disposal_after,
            )| Row {
                entity,
                kind,
                quantity: quantity.round(),
                purchase_year,
                lifespan,
                energy,
                embodied,
                disposal_after,
            },
        )
}

fn report(rows: &[Row], options: Options, scale: f64, lifespan_plus: f64) -> Report {
    let c = catalog();
    let mut inv = Inventory::new(c, Some("BE")).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let kind = &c.archetypes()[r.kind].kind;
        let rec = Record {
            entity: ENTITIES[r.entity],
            kind,
            quantity: Some(r.quantity * scale),
            purchase_year: Some(f64::from(r.purchase_year)),
            lifespan_years: Some(
                r.lifespan.unwrap_or(c.archetypes()[r.kind].lifespan_years) + lifespan_plus,
            ),
            annual_energy_kwh: [r.energy, None, None],
            embodied_gwp_kgco2e: [r.embodied, None, None],
            disposal_year: r.disposal_after.map(|d| f64::from(r.purchase_year + d)),
            ..Default::default()
        };
        inv.push(c, &rec, RowRef::Row("prop", i as u64)).unwrap();
    }
    let mut a = Assessor::new(c, options);
    a.add(&inv);
    a.finish(&inv)
}

fn gwp_total(r: &Report) -> empreinte::uncertainty::Estimate {
    r.total.impacts[0].total().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn linear_in_quantity(rows in prop::collection::vec(row(), 1..30), year in 2015..2030i32, k in 1u32..20) {
        let o = options(year, "amortised", "entity,kind");
        let one = gwp_total(&report(&rows, o, 1.0, 0.0));
        let many = gwp_total(&report(&rows, o, f64::from(k), 0.0));
        prop_assert!(close(many.central, one.central * f64::from(k), 1e-9));
        prop_assert!(close(many.high, one.high * f64::from(k), 1e-9));
    }

    #[test]
    fn phases_and_groups_sum_to_total(rows in prop::collection::vec(row(), 1..30), year in 2015..2030i32, acq in any::<bool>()) {
        let o = options(year, if acq { "acquisition" } else { "amortised" }, "entity,kind");
        let r = report(&rows, o, 1.0, 0.0);
        for g in r.groups.iter().chain([&r.total]) {
            let phases: f64 = Phase::ALL.iter().map(|p| g.impacts[0].get(*p).unwrap().central).sum();
            prop_assert!(close(phases, g.impacts[0].total().unwrap().central, 1e-12));
        }
        let groups: f64 = r.groups.iter().map(|g| g.impacts[0].total().unwrap().central).sum();
        prop_assert!(close(groups, gwp_total(&r).central, 1e-9));
        let whole = report(&rows, options(year, o.mode.id(), "none"), 1.0, 0.0);
        prop_assert!(close(gwp_total(&whole).central, gwp_total(&r).central, 1e-9));
    }

    #[test]
    fn intervals_are_ordered_and_non_negative(rows in prop::collection::vec(row(), 1..30), year in 2015..2030i32) {
        let r = report(&rows, options(year, "amortised", "entity,kind,phase"), 1.0, 0.0);
        for g in r.groups.iter().chain([&r.total]) {
            for p in g.impacts[0].0.iter().flatten() {
                prop_assert!(0.0 <= p.low && p.low <= p.central && p.central <= p.high, "{p:?}");
            }
        }
    }

    #[test]
    fn longer_lifespan_never_raises_yearly_embodied(rows in prop::collection::vec(row(), 1..30), year in 2015..2030i32, extra in 0.0..5.0f64) {
        let o = options(year, "amortised", "none");
        let embodied = |r: &Report| -> f64 {
            Phase::EMBODIED.iter().map(|p| r.total.impacts[0].get(*p).unwrap().central).sum()
        };
        // The yearly share 1/L of a device still within its lifespan can only fall when L grows.
        // (Past its lifespan a device books nothing; extending L makes it book again, which is
        // the point, and disposal write-offs move embodied to the disposal year: both excluded.)
        let c = catalog();
        let kept: Vec<Row> = rows
            .into_iter()
            .map(|r| Row { disposal_after: None, ..r })
            .filter(|r| f64::from(year - r.purchase_year + 1) <= r.lifespan.unwrap_or(c.archetypes()[r.kind].lifespan_years))
            .collect();
        prop_assume!(!kept.is_empty());
        let base = embodied(&report(&kept, o, 1.0, 0.0));
        let longer = embodied(&report(&kept, o, 1.0, extra));
        prop_assert!(longer <= base * (1.0 + 1e-12) + 1e-9, "{longer} > {base}");
    }

    #[test]
    fn amortised_embodied_over_all_years_equals_acquisition(rows in prop::collection::vec(row(), 1..20)) {
        // Conservation: every year's amortised share adds up to the whole embodied footprint.
        let sum = |mode: &str| -> f64 {
            (2010..2080).map(|y| {
                let r = report(&rows, options(y, mode, "none"), 1.0, 0.0);
                Phase::EMBODIED.iter().map(|p| r.total.impacts[0].get(*p).map_or(0.0, |e| e.central)).sum::<f64>()
            }).sum()
        };
        prop_assert!(close(sum("amortised"), sum("acquisition"), 1e-9));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn steady_state_saving_grows_with_extension(rows in prop::collection::vec(row(), 1..30), a in 0.0..5.0f64, b in 0.0..5.0f64) {
        let c = catalog();
        let mut inv = Inventory::new(c, Some("BE")).unwrap();
        for (i, r) in rows.iter().enumerate() {
            let rec = Record { entity: "A", kind: &c.archetypes()[r.kind].kind, quantity: Some(r.quantity),
                purchase_year: Some(f64::from(r.purchase_year)), lifespan_years: r.lifespan, ..Default::default() };
            inv.push(c, &rec, RowRef::Row("prop", i as u64)).unwrap();
        }
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let s_lo = empreinte::lifespan::keep_longer(c, &inv, lo).unwrap().total_saving_gwp_kgco2e_per_year;
        let s_hi = empreinte::lifespan::keep_longer(c, &inv, hi).unwrap().total_saving_gwp_kgco2e_per_year;
        prop_assert!(s_lo.central >= 0.0 && s_lo.central <= s_hi.central + 1e-9);
    }
}

#[test]
fn wh_and_kwh_inputs_agree_through_the_unit_types() {
    use empreinte::units::{EmissionFactor, Energy};
    let a = Energy::from_wh(19_140.0) * EmissionFactor::from_g_per_kwh(134.915);
    let b = Energy::from_kwh(19.14) * EmissionFactor::from_kg_per_kwh(0.134_915);
    assert!(close(a.kg(), b.kg(), 1e-12));
}

#[test]
fn devices_beyond_amortisation_are_counted() {
    let rows = vec![
        Row {
            entity: 0,
            kind: 0,
            quantity: 10.0,
            purchase_year: 2015,
            lifespan: Some(4.0),
            energy: None,
            embodied: None,
            disposal_after: None,
        },
        Row {
            entity: 0,
            kind: 0,
            quantity: 7.0,
            purchase_year: 2022,
            lifespan: Some(4.0),
            energy: None,
            embodied: None,
            disposal_after: None,
        },
    ];
    let r = report(&rows, options(2023, "amortised", "none"), 1.0, 0.0);
    assert_eq!(
        (r.total.devices, r.total.devices_beyond_amortisation),
        (17.0, 10.0)
    );
}
