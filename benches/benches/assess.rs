//! Engine throughput on 1,000,000 in-memory rows (target: 20 million rows/s
//! on one core), and CSV parsing + assessment of the same rows.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use empreinte::{Assessor, Catalog, GroupBy, Inventory, Mode, Options};
use std::hint::black_box;

const ROWS: u64 = 1_000_000;

fn inventory_csv() -> Vec<u8> {
    let mut csv = Vec::new();
    empreinte_benches::write_inventory(&mut csv, ROWS, 300).unwrap();
    csv
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let csv = inventory_csv();
    // All rows in memory as one batch (read_csv clears its batch after the callback: keep a copy).
    let mut inventory = Inventory::new(catalog.clone(), None).unwrap();
    let mut reader = Inventory::new(catalog.clone(), None).unwrap();
    empreinte::inventory::read_csv(
        "bench.csv",
        &csv[..],
        &mut reader,
        usize::MAX,
        |batch, _| {
            inventory = batch.clone();
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(inventory.len() as u64, ROWS);

    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(ROWS));
    g.sample_size(20);
    for (name, by, mode) in [
        ("1M rows by entity, amortised", "entity", Mode::Amortised),
        (
            "1M rows by entity+kind, acquisition",
            "entity,kind",
            Mode::Acquisition,
        ),
    ] {
        let options = Options::new(2024, mode, GroupBy::parse(by).unwrap()).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut a = Assessor::new(catalog.clone(), options);
                a.add(black_box(&inventory)).unwrap();
                black_box(a.finish())
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("csv");
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.sample_size(10);
    let options = Options::new(2024, Mode::Amortised, GroupBy::parse("entity").unwrap()).unwrap();
    g.bench_function("parse + assess 1M-line CSV", |b| {
        b.iter(|| {
            empreinte::assess_csv(
                catalog.clone(),
                "bench.csv",
                black_box(&csv[..]),
                None,
                options,
                |_| {},
            )
            .unwrap()
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
