//! Data centre at scale: 10,000 servers' hourly IT energy for a year
//! (87.6 million rows, in memory as columns) to KPIs and per-tenant scopes
//! (target: ≤ 2 s on one core).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use empreinte::datacentre::{aggregate_servers, assess, Facility, Inputs, ServerColumns, Tenant};
use empreinte::grid::hourly::HourlySeries;
use empreinte::{Catalog, Location};
use std::hint::black_box;

const SERVERS: usize = 10_000;
const HOURS: usize = 8_760;
const TENANTS: usize = 20;
/// 2022-01-01T00:00Z in hours since 1970.
const FIRST_HOUR: i64 = 18_993 * 24;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    // Deterministic load: each server its own level and daily shape.
    let mut it = Vec::with_capacity(SERVERS * HOURS);
    for s in 0..SERVERS {
        let base = 0.15 + (s % 17) as f64 * 0.01;
        it.extend((0..HOURS).map(|h| base * (1.0 + 0.2 * ((h % 24) as f64 / 24.0))));
    }
    let tenant_of: Vec<u32> = (0..SERVERS).map(|s| (s % TENANTS) as u32).collect();
    let names: Vec<String> = (0..TENANTS).map(|t| format!("tenant {t}")).collect();
    let it_hour: Vec<f64> = (0..HOURS)
        .map(|h| (0..SERVERS).map(|s| it[s * HOURS + h]).sum())
        .collect();
    let facility: Vec<f64> = it_hour.iter().map(|x| x * 1.3).collect();
    let series = HourlySeries {
        zone: "BE".into(),
        source: "bench".into(),
        basis: empreinte::grid::Basis::Direct,
        first_hour: FIRST_HOUR,
        g_per_kwh: (0..HOURS).map(|h| 100.0 + (h % 24) as f64 * 5.0).collect(),
    };
    let tenants: Vec<Tenant> = names
        .iter()
        .map(|n| Tenant {
            name: n.clone(),
            it_kwh: None,
            capacity_share: Some(0.04),
            at: Location::default(),
        })
        .collect();
    let mut g = c.benchmark_group("datacentre");
    g.throughput(Throughput::Elements((SERVERS * HOURS) as u64));
    g.sample_size(10);
    g.bench_function("10k servers x 8760 h to KPIs and tenant scopes", |b| {
        b.iter(|| {
            let cols = ServerColumns {
                first_hour: FIRST_HOUR,
                hours: HOURS,
                server_tenant: &tenant_of,
                tenant_names: &names,
                it_kwh: black_box(&it),
                facility_kwh: &facility,
                onsite_renewable_kwh: &[],
            };
            let readings = aggregate_servers(&cols).unwrap();
            let mut inputs = Inputs::new(
                Facility {
                    zone: "BE".into(),
                    ..Facility::default()
                },
                readings,
            );
            inputs.tenants = tenants.clone();
            inputs.hourly = Some(series.clone());
            black_box(assess(&inputs, &catalog).unwrap())
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
