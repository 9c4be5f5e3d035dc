//! Issue 23, "Reliability, round 2": every hostile or odd input of the
//! adversarial run against the data-centre, policy and SCI entry points,
//! each refused with its place or read right (never a wrong or infinite
//! number). The command's side is in `cli/tests/`, the bindings' in
//! `py/tests/test_reliability.py` and `wasm/tests/node/reliability.test.mjs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use empreinte::datacentre::{
    assess, read_facility, read_instruments, read_readings, read_tenants, Facility, GapFill,
    Inputs, Instruments, Metered, Readings, ReadingsOptions, Tenant, UNALLOCATED,
};
use empreinte::grid::hourly::HourlySeries;
use empreinte::inventory::TextEncoding;
use empreinte::inventory::{read_csv, Inventory};
use empreinte::policy::{compare, parse_bids, score_bids, Policy, TenderOptions};
use empreinte::sci::{self, Benchmark, FunctionalUnit, Inputs as SciInputs, Measurement};
use empreinte::{Catalog, Error, Location};
use serde_json::json;
use std::io::Read;

const AUTO: TextEncoding = TextEncoding::Auto;

fn readings(text: &str, options: ReadingsOptions) -> Result<Readings, Error> {
    read_readings("readings.csv", text.as_bytes(), options, |_| {})
}

fn place(e: &Error) -> (Option<u64>, Option<String>) {
    let l = e.location();
    (l.line, l.column.clone())
}

/// Eight quarter-hours of 50 kWh, then twenty hours of 100 kWh: 2,400 kWh.
fn changing_resolution(with_end: bool) -> String {
    let mut s = String::from(if with_end {
        "start,end,it_kwh,facility_kwh\n"
    } else {
        "start,it_kwh,facility_kwh\n"
    });
    let q = |m: u32| format!("2022-03-01T{:02}:{:02}Z", m / 60, m % 60);
    for i in 0..8 {
        let end = if with_end {
            format!("{},", q(i * 15 + 15))
        } else {
            String::new()
        };
        s += &format!("{},{end}50,60\n", q(i * 15));
    }
    for h in 2..22 {
        let end = if with_end {
            format!("{},", q(h * 60 + 60))
        } else {
            String::new()
        };
        s += &format!("{},{end}100,120\n", q(h * 60));
    }
    s
}

#[test]
fn a_change_of_resolution_without_an_end_column_is_refused_even_when_gaps_are_filled() {
    for fill in [GapFill::Error, GapFill::Previous] {
        let options = ReadingsOptions {
            fill_gaps: fill,
            ..ReadingsOptions::default()
        };
        let e = readings(&changing_resolution(false), options).unwrap_err();
        assert_eq!(e.code(), "malformed_csv", "{e}");
        // Line 11: the second hourly reading (header, 8 quarter-hours; the
        // first hourly reading starts 15 min after the last quarter).
        assert_eq!(place(&e), (Some(11), Some("start".into())), "{e}");
        let m = e.to_string();
        assert!(
            m.contains("60 min apart") && m.contains("`end` column"),
            "{m}"
        );
        assert!(!m.contains("--fill-gaps"), "{m}");
    }
    // With the end of each interval, the same readings give 2,400 kWh.
    let r = readings(&changing_resolution(true), ReadingsOptions::default()).unwrap();
    assert!(
        (r.total.it_kwh - 2_400.0).abs() < 1e-9,
        "{}",
        r.total.it_kwh
    );
}

#[test]
fn intervals_and_years_are_bounded_before_any_time_can_overflow() {
    let text = "start,it_kwh,facility_kwh\n2022-01-01T00:00Z,1,2\n";
    for minutes in [1e18, f64::INFINITY, 0.0, -15.0, 527_041.0] {
        let options = ReadingsOptions {
            interval_minutes: Some(minutes),
            ..ReadingsOptions::default()
        };
        let e = readings(text, options).unwrap_err();
        assert!(
            matches!(e.code(), "out_of_range" | "not_finite"),
            "{minutes}: {e}"
        );
        assert_eq!(e.location().source, "options");
    }
    let e = readings(
        "start,interval_minutes,it_kwh,facility_kwh\n1969-12-31T00:00Z,1e18,1,2\n",
        ReadingsOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(place(&e), (Some(2), Some("start".into())), "{e}");
    let e = readings(
        "start,interval_minutes,it_kwh,facility_kwh\n2022-01-01T00:00Z,1e18,1,2\n",
        ReadingsOptions::default(),
    )
    .unwrap_err();
    assert_eq!(place(&e), (Some(2), Some("interval_minutes".into())), "{e}");
    for start in [
        "0000-01-01T00:00Z",
        "1979-12-31T23:00Z",
        "2101-01-01T00:00Z",
    ] {
        let text = format!("start,end,it_kwh,facility_kwh\n{start},2022-01-01,1,2\n");
        let e = readings(&text, ReadingsOptions::default()).unwrap_err();
        assert_eq!(e.code(), "out_of_range", "{start}: {e}");
        assert_eq!(place(&e), (Some(2), Some("start".into())), "{e}");
    }
    // Two years in one interval.
    let e = readings(
        "start,end,it_kwh,facility_kwh\n2020-01-01,2022-01-01,1,2\n",
        ReadingsOptions::default(),
    )
    .unwrap_err();
    assert_eq!(place(&e), (Some(2), Some("end".into())), "{e}");
    // A whole year is one interval.
    let r = readings(
        "start,end,it_kwh,facility_kwh\n2020-01-01,2021-01-01,1,2\n",
        ReadingsOptions::default(),
    )
    .unwrap();
    assert_eq!(r.year, 2020);
}

/// An endless stream of one byte (`/dev/zero`, `yes`).
fn endless(byte: u8) -> impl Read {
    std::io::repeat(byte)
}

#[test]
fn a_line_without_end_is_refused_at_1_mib_by_every_reader() {
    let check = |e: Error, what: &str| {
        assert_eq!(e.code(), "not_csv", "{what}: {e}");
        assert_eq!(e.location().line, Some(1), "{what}");
        assert!(e.to_string().contains("1 MiB"), "{what}: {e}");
    };
    check(
        read_readings("zero", endless(0), ReadingsOptions::default(), |_| {}).unwrap_err(),
        "readings",
    );
    check(
        read_facility("zero", endless(b'a'), AUTO).unwrap_err(),
        "facility",
    );
    check(
        read_tenants("zero", endless(0), AUTO).unwrap_err(),
        "tenants",
    );
    check(
        read_instruments("zero", endless(0), AUTO).unwrap_err(),
        "instruments",
    );
    check(
        HourlySeries::from_csv("zero", endless(0), "BE").unwrap_err(),
        "hourly",
    );
    let catalog = common::catalog();
    let mut inv = Inventory::new(catalog, Some("BE")).unwrap();
    check(
        read_csv("zero", endless(0), &mut inv, 1 << 16, |_, _| Ok(())).unwrap_err(),
        "inventory",
    );
    // A cell that never ends, after a good header and row, names its line.
    let head = "start,it_kwh,facility_kwh\n2022-01-01T00:00Z,1,2\n2022-01-01T01:00Z,1,";
    let r = head.as_bytes().chain(endless(b'9'));
    let e = read_readings("long", r, ReadingsOptions::default(), |_| {}).unwrap_err();
    assert_eq!(e.code(), "malformed_csv", "{e}");
    assert_eq!(e.location().line, Some(3), "{e}");
    let head = "entity,kind,quantity,purchase_year\ntown,laptop,1,2020\ntown,laptop,1,";
    let mut inv = Inventory::new(common::catalog(), Some("BE")).unwrap();
    let e = read_csv(
        "long",
        head.as_bytes().chain(endless(b'1')),
        &mut inv,
        1 << 16,
        |_, _| Ok(()),
    )
    .unwrap_err();
    assert_eq!((e.code(), e.location().line), ("malformed_csv", Some(3)));
}

/// A reader that counts the bytes taken from it.
struct Counted<'a> {
    inner: &'a [u8],
    taken: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken.set(self.taken.get() + n);
        Ok(n)
    }
}

#[test]
fn a_cr_only_file_is_streamed_and_its_lines_counted() {
    // 20,000 hourly readings with CR line ends (Excel "CSV (Macintosh)").
    let row = |h: i64, facility: &str| {
        format!(
            "{},1,{facility}\r",
            empreinte::grid::hourly::format_instant(1_640_995_200 + h * 3_600)
        )
    };
    let mut text = String::from("start,it_kwh,facility_kwh\r");
    for h in 0..20_000 {
        text += &row(h, "2");
    }
    let taken = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = |t: &'static [u8]| Counted {
        inner: t,
        taken: std::rc::Rc::clone(&taken),
    };
    let text: &'static str = Box::leak(text.into_boxed_str());
    let r = read_readings(
        "mac.csv",
        counted(text.as_bytes()),
        ReadingsOptions::default(),
        |_| {},
    )
    .unwrap();
    assert_eq!(r.rows, 20_000);
    assert!((r.total.it_kwh - 20_000.0).abs() < 1e-9);
    // A bad value on line 3 stops the reader after its first buffers: the
    // header is not read as one line holding the whole file.
    let bad: &'static str = Box::leak(
        format!(
            "start,it_kwh,facility_kwh\r{}{}{}",
            row(0, "2"),
            row(1, "0.5"),
            &text[27..]
        )
        .into_boxed_str(),
    );
    taken.set(0);
    let e = read_readings(
        "mac.csv",
        counted(bad.as_bytes()),
        ReadingsOptions::default(),
        |_| {},
    )
    .unwrap_err();
    assert_eq!(place(&e), (Some(3), Some("facility_kwh".into())), "{e}");
    assert!(bad.len() > 400_000);
    assert!(taken.get() <= 3 << 16, "{} bytes read", taken.get());
}

fn facility(extra: &str) -> Result<Facility, Error> {
    let text = format!("field,value,gas\nzone,BE,\n{extra}");
    read_facility("facility.csv", text.as_bytes(), AUTO)
}

#[test]
fn a_value_given_twice_is_refused_with_its_line() {
    for (extra, field) in [
        ("zone,FR,\n", "zone"),
        ("country,FR,\n", "country"),
        (
            "it_capacity_kw,100,\nit_capacity_kw,200,\n",
            "it_capacity_kw",
        ),
    ] {
        let e = facility(extra).unwrap_err();
        assert_eq!(e.code(), "invalid_option", "{field}: {e}");
        let line = 2 + extra.lines().count() as u64;
        assert_eq!(
            place(&e),
            (Some(line), Some("field".into())),
            "{field}: {e}"
        );
        assert!(e.to_string().contains("already given at line"), "{e}");
    }
    // Refrigerant rows add up per gas, as before.
    let f = facility("refrigerant_charge_kg,10,R-32\nrefrigerant_charge_kg,5,R-32\n").unwrap();
    assert_eq!(f.refrigerants[0].charge_kg, 15.0);
    let text =
        "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,180\ngo,10,0\nresidual_mix,,90\n";
    let e = read_instruments("instruments.csv", text.as_bytes(), AUTO).unwrap_err();
    assert_eq!(place(&e), (Some(4), Some("instrument".into())), "{e}");
}

#[test]
fn building_first_year_is_a_whole_year_by_the_same_rule_as_every_year() {
    let base = "building_embodied_kgco2e_per_kw_it,3000,\nbuilding_lifespan_years,30,\n";
    let e = facility(&format!("{base}building_first_year,2022.9,\n")).unwrap_err();
    assert_eq!(e.code(), "out_of_range", "{e}");
    assert_eq!(place(&e), (Some(5), Some("value".into())));
    assert!(e.to_string().contains("whole year"), "{e}");
    let f = facility(&format!("{base}building_first_year,2022.0,\n")).unwrap();
    assert_eq!(f.building.unwrap().first_year, 2022);
}

fn annual(m: Metered) -> Inputs {
    let f = Facility {
        zone: "BE".into(),
        ..Facility::default()
    };
    Inputs::new(f, Readings::annual(2022, m))
}

fn metered() -> Metered {
    Metered {
        it_kwh: 1_000.0,
        facility_kwh: 1_300.0,
        ..Metered::default()
    }
}

#[test]
fn reused_heat_cannot_exceed_the_energy_the_facility_used() {
    let e = readings(
        "start,end,it_kwh,facility_kwh,reused_heat_kwh\n2022-01-01,2022-01-02,100,120,121\n",
        ReadingsOptions::default(),
    )
    .unwrap_err();
    assert_eq!(place(&e), (Some(2), Some("reused_heat_kwh".into())), "{e}");
    let catalog = Catalog::embedded().unwrap();
    let mut m = metered();
    m.reused_heat_kwh = 1_079.0; // ERF 0.83 is fine
    assert!(assess(&annual(m), &catalog).is_ok());
    m.reused_heat_kwh = 1_300.0 * 83.0;
    let e = assess(&annual(m), &catalog).unwrap_err();
    assert_eq!(e.location().column.as_deref(), Some("reused_heat_kwh"));
}

#[test]
fn emission_factors_are_bounded_so_no_scope_is_infinite() {
    let text = "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,1e308\n";
    let e = read_instruments("instruments.csv", text.as_bytes(), AUTO).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(place(&e), (Some(2), Some("factor_gco2e_per_kwh".into())));
    let text = "instrument,kwh,factor_gco2e_per_kwh\nsupplier,10,2001\n";
    assert!(read_instruments("i.csv", text.as_bytes(), AUTO).is_err());
    let text = "datetime_utc,intensity_gco2e_per_kwh\n2022-01-01T00:00Z,1e308\n";
    let e = HourlySeries::from_csv("hourly.csv", text.as_bytes(), "BE").unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(e.location().line, Some(2));
    // The same values filled directly (as Python and JavaScript do).
    let catalog = Catalog::embedded().unwrap();
    let mut i = annual(metered());
    i.instruments = Some(Instruments {
        source: "instruments".into(),
        items: Vec::new(),
        residual_mix_kg_per_kwh: Some(1e305),
        notes: Vec::new(),
    });
    i.tenants = vec![Tenant {
        name: "A".into(),
        it_kwh: Some(500.0),
        capacity_share: None,
        at: Location::row("tenants", 1),
    }];
    let e = assess(&i, &catalog).unwrap_err();
    assert_eq!(e.code(), "out_of_range", "{e}");
    assert_eq!(e.location().column.as_deref(), Some("residual_mix"));
    i.instruments.as_mut().unwrap().residual_mix_kg_per_kwh = Some(0.18);
    let d = assess(&i, &catalog).unwrap();
    assert!(d.scope2.market_kgco2e.unwrap().is_finite());
    assert!(d.tenants[0].scope2_market_kgco2e.unwrap() > 0.0);
    let e = read_readings(
        "r.csv",
        "start,end,it_kwh,facility_kwh\n2022-01-01,2022-01-02,1e16,1e16\n".as_bytes(),
        ReadingsOptions::default(),
        |_| {},
    )
    .unwrap_err();
    assert_eq!(place(&e), (Some(2), Some("it_kwh".into())), "{e}");
}

#[test]
fn a_tenant_cannot_be_called_unallocated() {
    let text = format!("tenant,it_kwh\nA,1\n{UNALLOCATED},2\n");
    let e = read_tenants("tenants.csv", text.as_bytes(), AUTO).unwrap_err();
    assert_eq!(place(&e), (Some(3), Some("tenant".into())), "{e}");
    let mut i = annual(metered());
    i.tenants = vec![Tenant {
        name: UNALLOCATED.into(),
        it_kwh: Some(1.0),
        capacity_share: None,
        at: Location::row("tenants", 1),
    }];
    let e = assess(&i, &Catalog::embedded().unwrap()).unwrap_err();
    assert_eq!(e.code(), "invalid_option", "{e}");
}

#[test]
fn eighty_thousand_tenants_are_checked_and_allocated() {
    let n = 80_000;
    let mut text = String::from("tenant,it_kwh\n");
    for t in 0..n {
        text += &format!("tenant {t},0.01\n");
    }
    let (tenants, _) = read_tenants("tenants.csv", text.as_bytes(), AUTO).unwrap();
    assert_eq!(tenants.len(), n);
    let mut dup = text.clone();
    dup += "tenant 7,1\n";
    let e = read_tenants("tenants.csv", dup.as_bytes(), AUTO).unwrap_err();
    assert_eq!(e.location().line, Some(n as u64 + 2));
    let mut i = annual(metered());
    i.tenants = tenants;
    let d = assess(&i, &Catalog::embedded().unwrap()).unwrap();
    assert_eq!(d.tenants.len(), n + 1);
    let it: f64 = d.tenants.iter().map(|t| t.it_kwh).sum();
    assert!((it - 1_000.0).abs() < 1e-6, "{it}");
    assert!((d.tenants[n].it_kwh - 200.0).abs() < 1e-6);
}

#[test]
fn an_empty_readings_file_does_not_speak_of_devices() {
    let e = readings("start,it_kwh,facility_kwh\n", ReadingsOptions::default()).unwrap_err();
    assert!(!e.to_string().contains("device"), "{e}");
}

fn policy(v: serde_json::Value) -> Result<Policy, Error> {
    Policy::from_json_value("policy.json", v, &common::catalog())
}

#[test]
fn policy_years_are_whole_years_however_written() {
    let p = policy(json!({"start_year": 2021.0, "end_year": 2025})).unwrap();
    assert_eq!((p.start_year, p.end_year), (2021, 2025));
    let p = Policy::from_json("p.json", r#"{"start_year": 2021.0}"#, &common::catalog()).unwrap();
    assert_eq!(p.start_year, 2021);
    for v in [
        json!({"start_year": 2021.5}),
        json!({"end_year": 2030.25}),
        json!({"trajectory_base_year": 2022.5}),
    ] {
        let e = policy(v.clone()).unwrap_err();
        assert_eq!(e.code(), "out_of_range", "{v}: {e}");
        assert!(e.to_string().contains("whole year"), "{e}");
    }
    let e = policy(json!({"start_year": "2021"})).unwrap_err();
    assert_eq!(e.code(), "invalid_option");
}

#[test]
fn a_kind_named_twice_in_a_policy_table_is_refused_whatever_the_order() {
    for v in [
        json!({"lifespan_years": {"Laptop": 6, "laptop": 4}}),
        json!({"lifespan_years": {"laptop": 4, "Laptop": 6}}),
        json!({"amortisation_years": {"LAPTOP": 6, "laptop": 4}}),
        json!({"replacement_mix": {"laptop": {"Desktop": 50, "desktop": 50}}}),
    ] {
        let e = policy(v.clone()).unwrap_err();
        assert_eq!(e.code(), "invalid_option", "{v}: {e}");
        assert!(e.to_string().contains("same kind"), "{e}");
    }
}

#[test]
fn two_unnamed_policies_are_told_apart_in_a_comparison() {
    let catalog = common::catalog();
    let mut inv = Inventory::new(catalog.clone(), Some("BE")).unwrap();
    let mut all = None;
    read_csv(
        "i.csv",
        "entity,kind,quantity,purchase_year\ntown,laptop,10,2020\n".as_bytes(),
        &mut inv,
        usize::MAX,
        |b, _| {
            all = Some(b.clone());
            Ok(())
        },
    )
    .unwrap();
    let p = policy(json!({})).unwrap();
    let c = compare(&all.unwrap(), &[p.clone(), p.clone(), p]).unwrap();
    let names: Vec<&str> = c.results.iter().map(|r| r.policy.name.as_str()).collect();
    assert_eq!(names, ["policy", "policy (2)", "policy (3)"]);
}

#[test]
fn tied_bids_share_a_rank() {
    let catalog = common::catalog();
    let text = "bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\n\
B,laptop,300,20,6,3,5,no\nA,laptop,300,20,6,3,5,no\nC,laptop,400,20,6,3,5,no\n";
    let bids = parse_bids("bids.csv", text.as_bytes(), &catalog).unwrap();
    let t = score_bids(&bids, &catalog, &TenderOptions::default()).unwrap();
    let ranks: Vec<(&str, u32)> = t
        .rows
        .iter()
        .map(|r| (r.bid.bidder.as_str(), r.rank))
        .collect();
    assert_eq!(ranks, [("A", 1), ("B", 1), ("C", 3)]);
}

fn sci_inputs() -> SciInputs {
    SciInputs {
        machine: sci::DEFAULT_MACHINE.into(),
        embodied_kgco2e: None,
        lifespan_years: None,
        host_vcpus: None,
        vcpus: 2.0,
        memory_gb: None,
        zone: "BE".into(),
        year: 2022,
        measurement: Measurement::cpu_time(200.0, 251.0),
    }
}

fn bench(id: &str, seconds: f64) -> Benchmark {
    Benchmark {
        id: id.into(),
        iterations: 100.0,
        measured_time_s: seconds,
        elements_per_iteration: None,
        noise_rel: None,
        source: "t".into(),
    }
}

fn sci_of(unit: &FunctionalUnit) -> Result<sci::Sci, Error> {
    let (machines, info) = sci::embedded_machines().unwrap();
    sci::compute(
        &Catalog::embedded().unwrap(),
        &machines,
        &info,
        &sci_inputs(),
        unit,
    )
}

#[test]
fn a_bench_filter_selects_what_is_reported_not_how_the_run_is_shared() {
    let all = vec![bench("small", 1.0), bench("large", 250.0)];
    let whole = sci_of(&sci::benchmark_iterations(all.clone(), None, 0.0)).unwrap();
    let filtered = sci_of(&sci::benchmark_iterations(all, Some("small"), 0.0)).unwrap();
    assert_eq!(filtered.benchmarks.len(), 1);
    let (w, f) = (&whole.benchmarks[0], &filtered.benchmarks[0]);
    assert_eq!(w.id, "small");
    assert!((f.share - 1.0 / 251.0).abs() < 1e-12, "{}", f.share);
    assert!((f.sci_gco2e_per_iteration - w.sci_gco2e_per_iteration).abs() < 1e-12);
    // The headline is that of the reported benchmarks: their share over their iterations.
    assert!((filtered.sci_gco2e_per_unit - f.sci_gco2e_per_iteration).abs() < 1e-12);
    assert!(filtered
        .notes
        .iter()
        .any(|n| n.code == "benchmarks_filtered"));
    assert!(!whole.notes.iter().any(|n| n.code == "benchmarks_filtered"));
}

#[test]
fn sci_per_is_bounded_and_a_saved_result_reads_back() {
    for per in [1e-320, 0.0, 1e-7, f64::INFINITY, 1e16] {
        let e = sci_of(&FunctionalUnit::Operations { count: per }).unwrap_err();
        assert_eq!(e.location().source, "options", "{per}: {e}");
        assert_eq!(e.location().line, None);
    }
    let s = sci_of(&FunctionalUnit::Operations { count: 1e-6 }).unwrap();
    assert!(s.sci_gco2e_per_unit.is_finite());
    let saved = serde_json::to_string(&s).unwrap();
    let back = sci::parse_saved("run.json", &saved).unwrap();
    assert_eq!(back.sci_gco2e_per_unit, s.sci_gco2e_per_unit);
    assert_eq!(back.unit, s.unit);
}

#[test]
fn processes_outliving_the_command_are_noted() {
    let mut i = sci_inputs();
    i.measurement.processes_outliving = 2;
    let (machines, info) = sci::embedded_machines().unwrap();
    let s = sci::compute(
        &Catalog::embedded().unwrap(),
        &machines,
        &info,
        &i,
        &FunctionalUnit::Run,
    )
    .unwrap();
    assert!(s.notes.iter().any(|n| n.code == "processes_outliving"));
    // A result saved before the field existed reads back.
    let mut v = serde_json::to_value(&s).unwrap();
    v["inputs"]["measurement"]
        .as_object_mut()
        .unwrap()
        .remove("processes_outliving");
    assert!(sci::parse_saved("old.json", &v.to_string()).is_ok());
}
