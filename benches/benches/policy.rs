//! Fleet-policy simulation of a 1,000,000-line inventory over 10 years
//! (target: ≤ 1 s on one core; cohorts are aggregated first).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use empreinte::policy::{simulate, Policy};
use empreinte::{Catalog, Inventory};
use std::hint::black_box;

const ROWS: u64 = 1_000_000;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let mut csv = Vec::new();
    empreinte_benches::write_inventory(&mut csv, ROWS, 300).unwrap();
    let mut inventory = Inventory::new(catalog.clone(), None).unwrap();
    let mut reader = Inventory::new(catalog, None).unwrap();
    empreinte::inventory::read_csv("bench.csv", &csv[..], &mut reader, usize::MAX, |b, _| {
        inventory = b.clone();
        Ok(())
    })
    .unwrap();
    assert_eq!(inventory.len() as u64, ROWS);
    let policy = Policy {
        start_year: 2021,
        end_year: 2030,
        lifespan_years: [("laptop".to_owned(), 6.0), ("desktop".to_owned(), 6.0)].into(),
        donated_pct: 30.0,
        refurbished_pct: 20.0,
        growth_pct_per_year: 1.0,
        efficiency_gain_pct_per_year: 1.0,
        grid_decline_pct_per_year: 3.0,
        ..Policy::default()
    };
    let mut g = c.benchmark_group("policy");
    g.throughput(Throughput::Elements(ROWS));
    g.sample_size(10);
    g.bench_function("1M lines, 10 years, 300 entities", |b| {
        b.iter(|| black_box(simulate(black_box(&inventory), &policy).unwrap()));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
