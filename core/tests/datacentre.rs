//! Data centres: the golden cases of the independent reference calculator,
//! the methodology's worked example, bad inputs rejected with file, line and
//! column, exact conservation of tenant allocations (property), DST days.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use empreinte::accounting::conserving_split;
use empreinte::datacentre::{
    assess, read_facility, read_instruments, read_readings, read_tenants, Allocation, Datacentre,
    Facility, Inputs, Metered, Readings, ReadingsOptions, UNALLOCATED,
};
use empreinte::grid::hourly::{HourlySeries, TimeZone};
use empreinte::inventory::TextEncoding;
use empreinte::{Catalog, Error};
use proptest::prelude::*;

const AUTO: TextEncoding = TextEncoding::Auto;

fn opts(tz: &str) -> ReadingsOptions {
    ReadingsOptions {
        time_zone: TimeZone::parse(tz).unwrap(),
        ..ReadingsOptions::default()
    }
}

/// Runs a case's inputs (CSV texts) through the core readers and engine.
fn run(inputs: &serde_json::Value) -> Result<Datacentre, Error> {
    let text = |k: &str| inputs[k].as_str().map(str::to_owned);
    let readings = read_readings(
        "readings.csv",
        text("readings_csv").unwrap().as_bytes(),
        opts(inputs["time_zone"].as_str().unwrap()),
        |_| {},
    )?;
    let facility = read_facility(
        "facility.csv",
        text("facility_csv").unwrap().as_bytes(),
        AUTO,
    )?;
    let mut i = Inputs::new(facility, readings);
    if let Some(t) = text("instruments_csv") {
        i.instruments = Some(read_instruments("instruments.csv", t.as_bytes(), AUTO)?);
    }
    if let Some(t) = text("tenants_csv") {
        let (tenants, notes) = read_tenants("tenants.csv", t.as_bytes(), AUTO)?;
        i.tenants = tenants;
        i.notes = notes;
    }
    if let Some(t) = text("hourly_csv") {
        i.hourly = Some(HourlySeries::from_csv(
            "hourly.csv",
            t.as_bytes(),
            &i.facility.zone,
        )?);
    }
    i.allocation = Allocation::parse(inputs["allocation"].as_str().unwrap())?;
    if let Some(m) = inputs["mode"].as_str() {
        i.mode = empreinte::Mode::parse(m)?;
    }
    let catalog = Catalog::embedded()?;
    if let Some(t) = text("equipment_csv") {
        let (e, notes) = empreinte::datacentre::EquipmentEmbodied::read_csv(
            catalog.clone(),
            &i.facility.zone,
            &i.readings.year_fractions(),
            "equipment.csv",
            t.as_bytes(),
            empreinte::inventory::ReadOptions::default(),
        )?;
        i.equipment = Some(e);
        i.notes.extend(notes);
    }
    assess(&i, &catalog)
}

fn values(d: &Datacentre) -> Vec<(String, f64)> {
    let mut v = vec![
        ("pue".into(), d.kpis.pue),
        ("wue_l_per_kwh".into(), d.kpis.wue_l_per_kwh),
        ("erf".into(), d.kpis.erf),
        ("ref".into(), d.kpis.ref_),
        ("cue_kgco2e_per_kwh".into(), d.kpis.cue_kgco2e_per_kwh),
        (
            "scope1_kgco2e".into(),
            d.scope1.refrigerant_kgco2e + d.scope1.diesel_kgco2e,
        ),
        ("scope2_location_kgco2e".into(), d.scope2.location_kgco2e),
        (
            "scope2_location_annual_kgco2e".into(),
            d.scope2.location_annual_kgco2e,
        ),
        ("scope3_cat3_kgco2e".into(), d.scope2.upstream_kgco2e),
        // The cooling section (issue 20).
        (
            "cooling_onsite_covered_kwh".into(),
            d.cooling.onsite_covered_kwh,
        ),
        (
            "cooling_contracted_covered_kwh".into(),
            d.cooling.contracted_covered_kwh,
        ),
        (
            "ref_without_renewable_cooling".into(),
            d.cooling.ref_without,
        ),
        (
            "scope2_location_without_cooling_kgco2e".into(),
            d.cooling.location_without_kgco2e,
        ),
    ];
    let mut opt = |k: &str, x: Option<f64>| {
        if let Some(x) = x {
            v.push((k.into(), x));
        }
    };
    opt(
        "cue_market_kgco2e_per_kwh",
        d.kpis.cue_market_kgco2e_per_kwh,
    );
    opt("scope2_market_kgco2e", d.scope2.market_kgco2e);
    opt(
        "scope2_market_without_cooling_kgco2e",
        d.cooling.market_without_kgco2e,
    );
    opt(
        "scope2_location_hourly_kgco2e",
        d.scope2.location_hourly_kgco2e,
    );
    opt(
        "scope2_series_mean_kgco2e",
        d.scope2.location_series_mean_kgco2e,
    );
    opt("scope3_building_kgco2e", d.scope3.building_kgco2e);
    opt(
        "scope3_equipment_kgco2e",
        d.scope3.equipment_kgco2e.map(|e| e[0]),
    );
    if d.tenants.len() > 1 || d.tenants.first().is_some_and(|t| t.name != UNALLOCATED) {
        for t in &d.tenants {
            let k = |m: &str| format!("tenant:{}:{m}", t.name);
            v.push((k("it_kwh"), t.it_kwh));
            v.push((k("scope1_kgco2e"), t.scope1_kgco2e));
            v.push((k("scope2_location_kgco2e"), t.scope2_location_kgco2e));
            if let Some(m) = t.scope2_market_kgco2e {
                v.push((k("scope2_market_kgco2e"), m));
            }
            v.push((k("scope3_kgco2e"), t.scope3_kgco2e));
            if let Some(c) = t.cue_kgco2e_per_kwh {
                v.push((k("cue_kgco2e_per_kwh"), c));
            }
        }
    }
    v
}

#[test]
fn golden_cases_agree_with_the_reference_calculator() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../golden/datacentre_cases.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let tol = case["tolerance_rel"].as_f64().unwrap();
        let got = run(&case["inputs"]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = values(&got);
        let want = case["expected"].as_object().unwrap();
        assert_eq!(got.len(), want.len(), "{name}: keys {got:?} vs {want:?}");
        for (k, g) in &got {
            let w = want
                .get(k)
                .and_then(serde_json::Value::as_f64)
                .unwrap_or_else(|| panic!("{name}: {k} not expected"));
            assert!(
                (g - w).abs() <= tol * w.abs().max(1.0) + 1e-9,
                "{name}: {k}: got {g}, want {w}"
            );
        }
    }
}

#[test]
fn the_methodology_worked_example_is_what_the_engine_computes() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/methodology.md"
    ))
    .unwrap();
    let block = |tag: &str| -> String {
        let start = doc
            .find(&format!("<!-- {tag} -->"))
            .unwrap_or_else(|| panic!("{tag}"));
        let rest = &doc[start..];
        let body = &rest[rest.find("```csv\n").unwrap() + 7..];
        body[..body.find("```").unwrap()].to_owned()
    };
    let mut inputs = serde_json::json!({
        "readings_csv": block("worked-example-dc:readings"),
        "facility_csv": block("worked-example-dc:facility"),
        "instruments_csv": block("worked-example-dc:instruments"),
        "tenants_csv": block("worked-example-dc:tenants"),
        "hourly_csv": null, "time_zone": "UTC", "allocation": "energy"
    });
    let d = run(&inputs).unwrap();
    let got = values(&d);
    let start = doc.find("<!-- worked-example-dc:results -->").unwrap();
    let end = doc.find("<!-- worked-example-dc:end -->").unwrap();
    let mut checked = 0;
    for line in doc[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| value"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (key, want): (&str, f64) = (cells[0], cells[1].replace(',', "").parse().unwrap());
        let g = got
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{key}"))
            .1;
        assert!(
            (g - want).abs() <= 5e-5 * want.abs().max(1.0),
            "{key}: engine {g}, document {want}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
    inputs["allocation"] = "share".into();
    // Share allocation needs capacity shares: the document's tenants have
    // none, and the error names the first tenant's missing cell.
    let e = run(&inputs).unwrap_err();
    assert_eq!(e.code(), "missing_value", "{e}");
    assert_eq!(
        e.location().column.as_deref(),
        Some("capacity_share"),
        "{e}"
    );
    assert!(e.location().line.is_some(), "{e}");
}

fn err(readings: &str, facility: &str, instruments: Option<&str>) -> Error {
    let inputs = serde_json::json!({
        "readings_csv": readings, "facility_csv": facility, "instruments_csv": instruments,
        "tenants_csv": null, "hourly_csv": null, "time_zone": "UTC", "allocation": "energy"
    });
    run(&inputs).unwrap_err()
}

fn place(e: &Error) -> (String, Option<u64>, Option<String>) {
    let at = e.location();
    (at.source.clone(), at.line, at.column.clone())
}

const HEAD: &str = "start,end,it_kwh,facility_kwh\n";
const BE: &str = "field,value,gas\nzone,BE,\n";

#[test]
fn bad_inputs_are_rejected_with_file_line_and_column() {
    // PUE < 1.
    let e = err(&format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,10,12\n2022-01-01T01:00Z,2022-01-01T02:00Z,10,9\n"), BE, None);
    assert_eq!(
        (e.code(), place(&e)),
        (
            "out_of_range",
            ("readings.csv".into(), Some(3), Some("facility_kwh".into()))
        ),
        "{e}"
    );
    assert!(e.to_string().contains("PUE >= 1"), "{e}");
    // A negative reading.
    let e = err(
        &format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,-1,12\n"),
        BE,
        None,
    );
    assert_eq!(
        (e.code(), place(&e)),
        (
            "out_of_range",
            ("readings.csv".into(), Some(2), Some("it_kwh".into()))
        )
    );
    // Overlapping intervals, a duplicate, a gap.
    let e = err(&format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,1,2\n2022-01-01T00:30Z,2022-01-01T01:30Z,1,2\n"), BE, None);
    assert_eq!(
        (e.code(), place(&e)),
        (
            "malformed_csv",
            ("readings.csv".into(), Some(3), Some("start".into()))
        )
    );
    assert!(e.to_string().contains("overlaps the one of line 2"), "{e}");
    let e = err(&format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,1,2\n2022-01-01T00:00Z,2022-01-01T01:00Z,1,2\n"), BE, None);
    assert!(e.to_string().contains("duplicate"), "{e}");
    let e = err(&format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,1,2\n\n2022-01-01T02:00Z,2022-01-01T03:00Z,1,2\n"), BE, None);
    assert_eq!(place(&e).1, Some(4), "blank lines counted: {e}");
    assert!(e.to_string().contains("gap"), "{e}");
    // An unknown refrigerant, named at its line and column.
    let e = err(
        &format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,1,2\n"),
        "field,value,gas\nzone,BE,\nrefrigerant_topped_up_kg,3,R-999\n",
        None,
    );
    assert_eq!(
        (e.code(), place(&e)),
        (
            "invalid_option",
            ("facility.csv".into(), Some(3), Some("gas".into()))
        )
    );
    assert!(e.to_string().contains("R-134a"), "{e}");
    // Instruments exceeding the grid electricity consumed.
    let e = err(
        &format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,100,150\n"),
        BE,
        Some("instrument,kwh,factor_gco2e_per_kwh\ngo,100,0\ngo,60,0\nresidual_mix,,200\n"),
    );
    assert_eq!(
        (e.code(), place(&e)),
        (
            "out_of_range",
            ("instruments.csv".into(), Some(3), Some("kwh".into()))
        ),
        "{e}"
    );
    // Market-based without a residual mix says what to supply.
    let e = err(
        &format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,100,150\n"),
        BE,
        Some("instrument,kwh\ngo,100\n"),
    );
    assert!(
        e.to_string().contains("residual mix") && e.code() == "invalid_option",
        "{e}"
    );
    // A local time skipped by the clocks going forward.
    let e = read_readings(
        "r.csv",
        "start,it_kwh,facility_kwh\n2022-03-27 01:30,1,2\n2022-03-27 02:30,1,2\n".as_bytes(),
        opts("Europe/Brussels"),
        |_| {},
    )
    .unwrap_err();
    assert_eq!((e.code(), e.location().line), ("invalid_date", Some(3)));
    // Windows-1252 and decimal commas read as inventories do.
    let r = read_readings(
        "w.csv",
        &b"start;end;it_kwh;facility_kwh\n2022-01-01T00:00Z;2022-01-01T01:00Z;1,5;2,25\n"[..],
        opts("UTC"),
        |_| {},
    )
    .unwrap();
    assert_eq!((r.total.it_kwh, r.total.facility_kwh), (1.5, 2.25));
    let (t, notes) = read_tenants("t.csv", &b"tenant;it_kwh\nP\xe9age;1\n"[..], AUTO).unwrap();
    assert_eq!(t[0].name, "Péage");
    // The Windows-1252 decoding is kept and shown (issue 20).
    assert!(notes.iter().any(|n| n.code == "encoding"), "{notes:?}");
}

#[test]
fn gaps_can_be_filled_explicitly_and_are_noted() {
    let mut o = opts("UTC");
    o.fill_gaps = empreinte::datacentre::GapFill::Previous;
    let r = read_readings(
        "r.csv",
        format!("{HEAD}2022-01-01T00:00Z,2022-01-01T01:00Z,1,2\n2022-01-01T02:00Z,2022-01-01T03:00Z,1,2\n").as_bytes(),
        o,
        |_| {},
    )
    .unwrap();
    assert_eq!(r.total.it_kwh, 3.0);
    assert!(r.notes.iter().any(|n| n.code == "gaps_filled"));
}

#[test]
fn the_embedded_example_runs_with_hourly_intensity_when_built_in() {
    use empreinte::datacentre::example;
    let r = read_readings(
        "example",
        example::READINGS_CSV.as_bytes(),
        opts(example::TIME_ZONE),
        |_| {},
    )
    .unwrap();
    assert_eq!(r.rows, 8_760);
    assert_eq!(r.hourly.as_ref().unwrap().grid_kwh.len(), 8_760);
    let mut i = Inputs::new(
        read_facility("f", example::FACILITY_CSV.as_bytes(), AUTO).unwrap(),
        r,
    );
    i.instruments = Some(read_instruments("i", example::INSTRUMENTS_CSV.as_bytes(), AUTO).unwrap());
    i.tenants = read_tenants("t", example::TENANTS_CSV.as_bytes(), AUTO)
        .unwrap()
        .0;
    let d = assess(&i, &Catalog::embedded().unwrap()).unwrap();
    assert!(d.kpis.pue > 1.1 && d.kpis.pue < 1.3);
    assert_eq!(d.tenants.len(), 3);
    // Each build asserts what it must show, not whatever it has: the
    // headline is the yearly figure on the direct basis in both builds;
    // with the hourly series built in, the hourly sum (near the same hours
    // at the series' mean) only gives the timing effect; without it, a
    // note says why there is none.
    assert_eq!(d.scope2.location_kgco2e, d.scope2.location_annual_kgco2e);
    #[cfg(feature = "hourly-grid")]
    {
        let hourly = d.scope2.location_hourly_kgco2e.expect("hourly scope 2");
        let flat = d
            .scope2
            .location_series_mean_kgco2e
            .expect("flat counterpart");
        assert!(
            hourly > 0.0 && (hourly / flat - 1.0).abs() < 0.25,
            "{hourly} vs {flat}"
        );
        assert_eq!(d.scope2.timing_effect_kgco2e(), Some(hourly - flat));
    }
    #[cfg(not(feature = "hourly-grid"))]
    {
        assert_eq!(d.scope2.location_hourly_kgco2e, None);
        assert_eq!(d.scope2.timing_effect_kgco2e(), None);
        assert!(d.notes.iter().any(|n| n.code == "no_hourly_series"));
    }
    let sum: f64 = d.tenants.iter().map(|t| t.scope2_location_kgco2e).sum();
    assert_eq!(sum, d.scope2.location_kgco2e);
    let report = empreinte::Report::from(&d);
    for s in ["kpi", "total", "tenants", "scopes", "cooling"] {
        assert!(report.section(s).is_some_and(|s| !s.is_empty()), "{s}");
    }
}

#[test]
fn the_reported_location_based_figure_does_not_change_with_meter_resolution() {
    // Issue 17: hourly readings switched the headline from the yearly
    // generation table to the hourly consumption series (309,515 ->
    // 434,001 kg for the example). Now the example's hourly readings and
    // their yearly totals report the same figure (yearly, direct basis),
    // E_grid x 86.658 g (BE 2022 direct); the hourly figure is only the
    // timing effect, its own line.
    use empreinte::datacentre::{example, Readings};
    let r = read_readings(
        "example",
        example::READINGS_CSV.as_bytes(),
        opts(example::TIME_ZONE),
        |_| {},
    )
    .unwrap();
    let facility = read_facility("f", example::FACILITY_CSV.as_bytes(), AUTO).unwrap();
    // The same period without its hourly load (the example's last hour,
    // 2023-01-01 00:00 local, is 2023's: each year at its own factor).
    let yearly = Readings {
        hourly: None,
        ..r.clone()
    };
    let catalog = Catalog::embedded().unwrap();
    let hourly = assess(&Inputs::new(facility.clone(), r), &catalog).unwrap();
    let flat = assess(&Inputs::new(facility, yearly), &catalog).unwrap();
    assert_eq!(hourly.scope2.location_kgco2e, flat.scope2.location_kgco2e);
    let years = &hourly.scope2.grid_years;
    assert_eq!(
        years.iter().map(|g| g.year).collect::<Vec<_>>(),
        [2022, 2023]
    );
    let e_grid: f64 = years.iter().map(|g| g.grid_kwh).sum();
    assert!((e_grid - hourly.scope2.grid_kwh).abs() < 1e-6);
    let (e22, e23) = (years[0].grid_kwh, years[1].grid_kwh);
    let (d23, lc23) = (
        years[1].direct_g_per_kwh / 1e3,
        years[1].life_cycle_g_per_kwh / 1e3,
    );
    assert!((hourly.scope2.location_kgco2e - (e22 * 0.086_658 + e23 * d23)).abs() < 1e-6);
    assert!(
        (hourly.scope2.upstream_kgco2e - (e22 * (0.139_404 - 0.086_658) + e23 * (lc23 - d23)))
            .abs()
            < 1e-6
    );
    assert_eq!(
        hourly.scope2.timing_effect_kgco2e().is_some(),
        cfg!(feature = "hourly-grid")
    );
    assert_eq!(flat.scope2.timing_effect_kgco2e(), None);
}

#[test]
fn server_columns_give_per_tenant_hourly_location_based() {
    use empreinte::datacentre::{aggregate_servers, ServerColumns, Tenant};
    let names = vec!["A".to_owned(), "B".to_owned()];
    // Two servers, two hours: A runs at night (cheap hour), B by day.
    let it = [2.0, 0.0, 0.0, 2.0];
    let facility = [3.0, 3.0];
    let cols = ServerColumns {
        first_hour: 18_993 * 24,
        hours: 2,
        server_tenant: &[0, 1],
        tenant_names: &names,
        it_kwh: &it,
        facility_kwh: &facility,
        onsite_renewable_kwh: &[],
    };
    let r = aggregate_servers(&cols).unwrap();
    let mut i = Inputs::new(
        Facility {
            zone: "BE".into(),
            ..Facility::default()
        },
        r,
    );
    i.tenants = names
        .iter()
        .map(|n| Tenant {
            name: n.clone(),
            it_kwh: None,
            capacity_share: None,
            at: empreinte::Location::default(),
        })
        .collect();
    i.hourly = Some(HourlySeries {
        zone: "BE".into(),
        source: "t".into(),
        basis: empreinte::grid::Basis::LifeCycle,
        first_hour: 18_993 * 24,
        g_per_kwh: vec![100.0, 300.0],
    });
    let d = assess(&i, &Catalog::embedded().unwrap()).unwrap();
    assert_eq!(d.scope2.location_hourly_kgco2e, Some(1.2));
    // The reported figure is the yearly direct one (6 kWh x 86.658 g, BE
    // 2022, empreinte-grid-direct), shared by load x hourly intensity:
    // A 3 x 100 and B 3 x 300, so a quarter and three quarters.
    assert!((d.scope2.location_kgco2e - 6.0 * 0.086_658).abs() < 1e-12);
    assert!((d.tenants[0].scope2_location_kgco2e - 0.25 * 6.0 * 0.086_658).abs() < 1e-12);
    assert!((d.tenants[1].scope2_location_kgco2e - 0.75 * 6.0 * 0.086_658).abs() < 1e-12);
    assert_eq!(d.tenants[2].scope2_location_kgco2e, 0.0);
}

#[test]
fn annual_totals_from_plain_structs() {
    let r = Readings::annual(
        2023,
        Metered {
            it_kwh: 100.0,
            facility_kwh: 90.0,
            ..Metered::default()
        },
    );
    let e = assess(
        &Inputs::new(
            Facility {
                zone: "BE".into(),
                ..Facility::default()
            },
            r,
        ),
        &Catalog::embedded().unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "out_of_range");
}

proptest! {
    #[test]
    fn allocations_conserve_the_total_exactly(
        total in 0.0f64..1e12,
        // Zero weights too (a tenant without IT load, all of them).
        weights in proptest::collection::vec(prop_oneof![Just(0.0), 0.0f64..1e6], 1..12),
    ) {
        let parts = conserving_split(total, &weights);
        if weights.iter().sum::<f64>() > 0.0 {
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().sum::<f64>(), total);
            prop_assert!(parts.iter().all(|p| *p >= 0.0));
            for (p, w) in parts.iter().zip(&weights) {
                if *w == 0.0 { prop_assert_eq!(*p, 0.0); }
            }
        } else {
            prop_assert!(parts.is_empty());
        }
    }

    #[test]
    fn tenants_sum_to_the_facility_exactly(
        it in 1.0f64..1e7, pue in 1.0f64..2.0,
        // Shares in eighths (exact in binary): zero shares too, and with
        // `whole` the last tenant takes the rest, so that the shares sum
        // to exactly 1 (nothing unallocated).
        eighths in proptest::collection::vec(0u32..3, 1..4),
        whole in any::<bool>(),
        metered in proptest::collection::vec(prop_oneof![Just(0.0), 0.0f64..0.3], 1..4),
    ) {
        let mut shares: Vec<f64> = eighths.iter().map(|e| f64::from(*e) / 8.0).collect();
        if whole {
            let rest = 8 - eighths.iter().take(eighths.len() - 1).sum::<u32>();
            if let Some(last) = shares.last_mut() {
                *last = f64::from(rest) / 8.0;
            }
            prop_assert_eq!(shares.iter().sum::<f64>(), 1.0);
        }
        let n = shares.len();
        let r = Readings::annual(2022, Metered { it_kwh: it, facility_kwh: it * pue, diesel_l: 10.0, ..Metered::default() });
        let mut f = Facility { zone: "BE".into(), it_capacity_kw: Some(100.0), ..Facility::default() };
        f.building = Some(empreinte::datacentre::Building { embodied_kgco2e_per_kw_it: 1_000.0, lifespan_years: 20.0, first_year: 2010 });
        for alloc in [Allocation::Energy, Allocation::Share, Allocation::Mix] {
            let mut i = Inputs::new(f.clone(), r.clone());
            i.allocation = alloc;
            i.tenants = (0..n).map(|k| empreinte::datacentre::Tenant {
                name: format!("t{k}"), it_kwh: Some(it * metered[k % metered.len()]), capacity_share: Some(shares[k]),
                at: empreinte::Location::default(),
            }).collect();
            let d = assess(&i, &Catalog::embedded().unwrap()).unwrap();
            prop_assert_eq!(d.tenants.last().map(|t| t.name.as_str()), Some(UNALLOCATED));
            let sum = |g: fn(&empreinte::datacentre::TenantResult) -> f64| d.tenants.iter().map(g).sum::<f64>();
            prop_assert_eq!(sum(|t| t.it_kwh), it);
            prop_assert_eq!(sum(|t| t.facility_kwh), it * pue);
            prop_assert_eq!(sum(|t| t.scope1_kgco2e), d.scope1.refrigerant_kgco2e + d.scope1.diesel_kgco2e);
            prop_assert_eq!(sum(|t| t.scope2_location_kgco2e), d.scope2.location_kgco2e);
            prop_assert_eq!(sum(|t| t.scope3_kgco2e), d.scope3.total());
        }
    }
}

#[test]
fn totals_given_as_structs_are_checked_like_readings() {
    // What Python and JavaScript fill directly: a negative or impossible
    // total is an error naming the field, never a silent number.
    let catalog = Catalog::embedded().unwrap();
    let base = Metered {
        it_kwh: 1_000.0,
        facility_kwh: 1_400.0,
        ..Metered::default()
    };
    for (bad, column) in [
        (
            Metered {
                water_m3: -1.0,
                ..base
            },
            "water_m3",
        ),
        (
            Metered {
                diesel_l: f64::NAN,
                ..base
            },
            "diesel_l",
        ),
        (
            Metered {
                cooling_kwh: 500.0,
                ..base
            },
            "cooling_kwh",
        ),
        (
            Metered {
                onsite_renewable_kwh: 2_000.0,
                ..base
            },
            "onsite_renewable_kwh",
        ),
        (
            Metered {
                free_cooling_h: 9_000.0,
                ..base
            },
            "free_cooling_h",
        ),
    ] {
        let inputs = Inputs::new(
            Facility {
                zone: "BE".into(),
                ..Facility::default()
            },
            Readings::annual(2023, bad),
        );
        let e = assess(&inputs, &catalog).unwrap_err();
        assert_eq!(e.location().column.as_deref(), Some(column), "{e}");
    }
}

#[test]
fn facility_and_tenants_given_as_structs_are_checked() {
    use empreinte::datacentre::{Refrigerant, Tenant};
    let catalog = Catalog::embedded().unwrap();
    let readings = || {
        Readings::annual(
            2023,
            Metered {
                it_kwh: 1_000.0,
                facility_kwh: 1_400.0,
                ..Metered::default()
            },
        )
    };
    let facility = || Facility {
        zone: "BE".into(),
        ..Facility::default()
    };
    let leak = Facility {
        refrigerants: vec![Refrigerant {
            gas: "R-410A".into(),
            charge_kg: 10.0,
            topped_up_kg: -1.0,
            at: empreinte::Location::file("facility"),
        }],
        ..facility()
    };
    let e = assess(&Inputs::new(leak, readings()), &catalog).unwrap_err();
    assert_eq!(e.location().column.as_deref(), Some("topped_up_kg"), "{e}");
    let tenant = |name: &str, share: f64| Tenant {
        name: name.into(),
        it_kwh: None,
        capacity_share: Some(share),
        at: empreinte::Location::file("tenants"),
    };
    for (tenants, column) in [
        (vec![tenant("A", 1.5)], "capacity_share"),
        (vec![tenant("A", 0.2), tenant("A", 0.3)], "tenant"),
    ] {
        let mut inputs = Inputs::new(facility(), readings());
        inputs.tenants = tenants;
        let e = assess(&inputs, &catalog).unwrap_err();
        assert_eq!(e.location().column.as_deref(), Some(column), "{e}");
    }
}

/// Issue 17: tenants' CUE added all of scope 1 (refrigerant included):
/// 0.189681 for every tenant vs 0.182031 for the facility in the worked
/// example. One formula now (accounting's CUE on each tenant's own share
/// of scope 2 and of the generator fuel): tenants that carry the whole
/// facility between them have the facility's CUE, by either method.
#[test]
fn tenants_carrying_the_whole_facility_have_its_cue() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../golden/datacentre_cases.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "annual-share-allocation")
        .unwrap();
    let d = run(&case["inputs"]).unwrap();
    assert!(d.scope1.refrigerant_kgco2e > 0.0 && d.scope1.diesel_kgco2e > 0.0);
    assert_eq!(d.tenants.len(), 3);
    for t in &d.tenants {
        let cue = t.cue_kgco2e_per_kwh.unwrap();
        assert!(
            (cue - d.kpis.cue_kgco2e_per_kwh).abs() < 1e-12,
            "{}: {cue}",
            t.name
        );
        let market = t.cue_market_kgco2e_per_kwh.unwrap();
        let facility = d.kpis.cue_market_kgco2e_per_kwh.unwrap();
        assert!((market - facility).abs() < 1e-12, "{}: {market}", t.name);
    }
    let report = empreinte::Report::from(&d);
    let table = report.section("tenants").unwrap().table();
    assert!(table.rows() == 6);
}

/// Issue 17: "market-based without renewable cooling" put back every
/// cooling-tagged instrument, even beyond the cooling energy. With 500,000
/// kWh of guarantees tagged for cooling, 200,000 kWh of cooling of which
/// 50,000 on-site renewable: only 150,000 kWh of the guarantees covered
/// cooling, so the memo is 130,000 + (150,000 + 50,000) x 0.2 = 170,000
/// kg (not 240,000), consistent with the REF without renewable cooling.
#[test]
fn the_cooling_memo_puts_back_only_the_cooling_energy() {
    let readings = "start,end,it_kwh,facility_kwh,cooling_kwh,onsite_renewable_kwh\n\
        2022-01-01T00:00Z,2023-01-01T00:00Z,1000000,1350000,200000,50000\n";
    let instruments = "instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers\n\
        go,500000,0,2022-01-01,2022-12-31,true,cooling\n\
        supplier,200000,50,2022-01-01,2022-12-31,false,all\n\
        residual_mix,,200,,,,\n";
    let inputs = serde_json::json!({
        "readings_csv": readings,
        "facility_csv": "field,value\nzone,BE\n",
        "instruments_csv": instruments,
        "time_zone": "UTC",
        "allocation": "energy",
    });
    let d = run(&inputs).unwrap();
    let c = &d.cooling;
    assert_eq!(c.onsite_covered_kwh, 50_000.0);
    assert_eq!(c.contracted_covered_kwh, 150_000.0);
    assert_eq!(d.scope2.market_kgco2e, Some(130_000.0));
    let without = c.market_without_kgco2e.unwrap();
    assert!((without - 170_000.0).abs() < 1e-6, "{without}");
    // The REF line removes the same kWh.
    let removed = (d.kpis.ref_ - c.ref_without) * d.metered.facility_kwh;
    assert!((removed - 200_000.0).abs() < 1e-6, "{removed}");
}

/// Issue 17: a refrigerant charge without a top-up gave 0 kg with no note.
#[test]
fn a_charge_without_top_up_is_noted() {
    let inputs = serde_json::json!({
        "readings_csv": "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000,1400\n",
        "facility_csv": "field,value,gas\nzone,BE,\nrefrigerant_charge_kg,100,R-134a\n",
        "time_zone": "UTC",
        "allocation": "energy",
    });
    let d = run(&inputs).unwrap();
    assert_eq!(d.scope1.refrigerant_kgco2e, 0.0);
    let note = d
        .notes
        .iter()
        .find(|n| n.code == "refrigerant_no_top_up")
        .unwrap();
    assert!(note.message.contains("100 kg"), "{}", note.message);
}

/// Issue 17: a one-month file printed "PUE 1.4" under the EU title, and
/// July-June readings printed "reporting year 2022". A period that is not
/// one calendar year is noted; a year written in local time is one.
#[test]
fn a_period_that_is_not_a_calendar_year_is_noted() {
    let run_with = |readings: &str, tz: &str| {
        run(&serde_json::json!({
            "readings_csv": readings,
            "facility_csv": "field,value\nzone,BE\n",
            "time_zone": tz,
            "allocation": "energy",
        }))
        .unwrap()
    };
    let noted = |d: &Datacentre| d.notes.iter().any(|n| n.code == "period_not_calendar_year");
    let month = run_with(
        "start,end,it_kwh,facility_kwh\n2022-03-01T00:00Z,2022-04-01T00:00Z,1000,1400\n",
        "UTC",
    );
    assert!(!month.calendar_year && noted(&month));
    let straddling = run_with(
        "start,end,it_kwh,facility_kwh\n2022-07-01T00:00Z,2023-07-01T00:00Z,1000,1400\n",
        "UTC",
    );
    assert!(!straddling.calendar_year && noted(&straddling));
    let local = run_with(
        "start,end,it_kwh,facility_kwh\n2022-01-01T00:00,2023-01-01T00:00,1000,1400\n",
        "Europe/Brussels",
    );
    assert!(local.calendar_year && !noted(&local), "{:?}", local.period);
}

/// Issue 17: a 1,300,000 kWh guarantee of origin for 2021 counted in full
/// against 2022 readings written `2022-01-01T00:00+01:00` (their first UTC
/// day is 2021-12-31): REF 1.0, market-based 0. The dates are now read in
/// the readings' own calendar (a 2021 certificate is refused) and an
/// instrument whose period reaches beyond the readings counts pro rata to
/// its days inside them (noted).
#[test]
fn instruments_count_for_their_days_inside_the_readings_in_one_calendar() {
    let readings = "start,end,it_kwh,facility_kwh\n\
        2022-01-01T00:00+01:00,2023-01-01T00:00+01:00,1000000,1300000\n";
    let with = |instruments: &str| {
        run(&serde_json::json!({
            "readings_csv": readings,
            "facility_csv": "field,value\nzone,BE\n",
            "instruments_csv": instruments,
            "time_zone": "UTC",
            "allocation": "energy",
        }))
    };
    let head = "instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers\n";
    let e = with(&format!(
        "{head}go,1300000,0,2021-01-01,2021-12-31,true,all\nresidual_mix,,200,,,,\n"
    ))
    .unwrap_err();
    assert_eq!(e.location().column.as_deref(), Some("end"), "{e}");
    assert_eq!(e.location().line, Some(2), "{e}");
    // July 2022 to June 2023: 184 of its 365 days are in the readings.
    let d = with(&format!(
        "{head}go,1000000,0,2022-07-01,2023-06-30,true,all\nresidual_mix,,200,,,,\n"
    ))
    .unwrap();
    let counted = 1_000_000.0 * 184.0 / 365.0;
    assert!(
        (d.scope2.contracted_kwh - counted).abs() < 1e-6,
        "{}",
        d.scope2.contracted_kwh
    );
    let market = (1_300_000.0 - counted) * 0.2;
    assert!((d.scope2.market_kgco2e.unwrap() - market).abs() < 1e-6);
    assert!((d.kpis.ref_ - counted / 1_300_000.0).abs() < 1e-12);
    let note = d
        .notes
        .iter()
        .find(|n| n.code == "instrument_prorated")
        .unwrap();
    assert!(note.message.contains("184 of 365 days"), "{}", note.message);
    // A certificate of the readings' own year counts whole, without a note.
    let d = with(&format!(
        "{head}go,1000000,0,2022-01-01,2022-12-31,true,all\nresidual_mix,,200,,,,\n"
    ))
    .unwrap();
    assert_eq!(d.scope2.contracted_kwh, 1_000_000.0);
    assert!(!d.notes.iter().any(|n| n.code == "instrument_prorated"));
}

/// Issue 17: generator fuel outside E_grid. The generators' metered output
/// is part of E_DC but not drawn from the grid (EN 50600-4-2); without it,
/// burnt fuel is noted (its electricity would count in scope 2 on top of
/// the fuel in scope 1); an output beyond the facility's energy is refused.
#[test]
fn generator_output_is_not_grid_electricity() {
    let with = |readings: &str| {
        run(&serde_json::json!({
            "readings_csv": readings,
            "facility_csv": "field,value\nzone,BE\n",
            "time_zone": "UTC",
            "allocation": "energy",
        }))
    };
    let head = "start,end,it_kwh,facility_kwh,onsite_renewable_kwh,diesel_l";
    let d = with(&format!(
        "{head},generator_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000,1400,100,50,150\n"
    ))
    .unwrap();
    assert_eq!(d.scope2.grid_kwh, 1_150.0);
    assert!(d.scope1.diesel_kgco2e > 0.0);
    assert!(!d.notes.iter().any(|n| n.code == "generator_not_metered"));
    let d = with(&format!(
        "{head}\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000,1400,100,50\n"
    ))
    .unwrap();
    assert_eq!(d.scope2.grid_kwh, 1_300.0);
    assert!(d.notes.iter().any(|n| n.code == "generator_not_metered"));
    let e = with(&format!(
        "{head},generator_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000,1400,100,50,1350\n"
    ))
    .unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(e.location().column.as_deref(), Some("generator_kwh"));
}

/// Issue 17: on-site renewables whose guarantees of origin were sold still
/// counted in REF and lowered market-based scope 2. Now the facility says
/// whether the site retired them (default: retired, noted); sold, the
/// on-site energy is not renewable in REF and counts at the residual mix.
#[test]
fn onsite_energy_whose_certificates_were_sold_is_null_power() {
    let with = |facility: &str| {
        run(&serde_json::json!({
            "readings_csv": "start,end,it_kwh,facility_kwh,onsite_renewable_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000000,1350000,50000\n",
            "facility_csv": facility,
            "instruments_csv": "instrument,kwh,factor_gco2e_per_kwh\ngo,500000,0\nresidual_mix,,200\n",
            "time_zone": "UTC",
            "allocation": "energy",
        }))
        .unwrap()
    };
    let retired = with("field,value\nzone,BE\n");
    assert!(retired
        .notes
        .iter()
        .any(|n| n.code == "onsite_certificates_assumed_retired"));
    assert!((retired.kpis.ref_ - 550_000.0 / 1_350_000.0).abs() < 1e-12);
    assert_eq!(retired.scope2.market_kgco2e, Some(800_000.0 * 0.2));
    let sold = with("field,value\nzone,BE\nonsite_certificates_retired,false\n");
    assert!(!sold
        .notes
        .iter()
        .any(|n| n.code == "onsite_certificates_assumed_retired"));
    assert!((sold.kpis.ref_ - 500_000.0 / 1_350_000.0).abs() < 1e-12);
    assert_eq!(sold.scope2.market_kgco2e, Some(850_000.0 * 0.2));
    // Location-based counts only the grid's electricity either way.
    assert_eq!(sold.scope2.location_kgco2e, retired.scope2.location_kgco2e);
}

/// Issue 17: the site's on-site renewable energy entered again as an
/// instrument (its guarantees of origin) would count twice in REF; the
/// engine flags it, naming the instrument's line and the on-site kWh.
#[test]
fn onsite_energy_entered_again_as_an_instrument_is_flagged() {
    let mut inputs = worked_example_inputs();
    let plain = run(&inputs).unwrap();
    assert!(!plain
        .notes
        .iter()
        .any(|n| n.code == "onsite_and_instrument"));
    let instruments = inputs["instruments_csv"].as_str().unwrap().replace(
        "residual_mix,",
        "go,50000,0,2022-01-01,2022-12-31,true,all\nresidual_mix,",
    );
    inputs["instruments_csv"] = instruments.into();
    let twice = run(&inputs).unwrap();
    let note = twice
        .notes
        .iter()
        .find(|n| n.code == "onsite_and_instrument")
        .expect("flagged");
    assert!(
        note.message.contains("line 4 (50000 kWh)"),
        "{}",
        note.message
    );
    assert!(
        note.message.contains("onsite_renewable_kwh (50000 kWh)"),
        "{}",
        note.message
    );
}

/// Issue 20: the readers' notes (an ignored column, a Windows-1252
/// decoding) reach the results: an instruments column `scope` meant as
/// `covers`, a facility name in Windows-1252, an unknown tenants column.
#[test]
fn reading_notes_of_every_file_reach_the_results() {
    let mut inputs = worked_example_inputs();
    inputs["instruments_csv"] = "instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,scope\ngo,500000,0,2022-01-01,2022-12-31,true,cooling\nresidual_mix,,200,,,,\n".into();
    inputs["tenants_csv"] = "tenant,it_kwh,contact\nToll,600000,ops\n".into();
    let d = run(&inputs).unwrap();
    let ignored: Vec<&str> = d
        .notes
        .iter()
        .filter(|n| n.code == "ignored_column")
        .map(|n| n.message.as_str())
        .collect();
    assert!(
        ignored
            .iter()
            .any(|m| m.contains("instruments.csv: column `scope`")),
        "{ignored:?}"
    );
    assert!(
        ignored
            .iter()
            .any(|m| m.contains("tenants.csv: column `contact`")),
        "{ignored:?}"
    );
    let facility = read_facility(
        "facility.csv",
        &b"field,value,gas\nname,P\xe9age,\nzone,BE,\n"[..],
        AUTO,
    )
    .unwrap();
    assert_eq!(facility.name, "Péage");
    let readings = Readings::annual(
        2022,
        Metered {
            it_kwh: 1.0,
            facility_kwh: 1.5,
            ..Metered::default()
        },
    );
    let d = assess(
        &Inputs::new(facility, readings),
        &Catalog::embedded().unwrap(),
    )
    .unwrap();
    assert!(
        d.notes
            .iter()
            .any(|n| n.code == "encoding" && n.message.starts_with("facility.csv")),
        "{:?}",
        d.notes
    );
}

/// The inputs of the worked example's golden case (the first of
/// `golden/datacentre_cases.json`).
fn worked_example_inputs() -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../golden/datacentre_cases.json"
        ))
        .unwrap(),
    )
    .unwrap();
    doc["cases"][0]["inputs"].clone()
}

/// Readings built from an hourly load (servers' columns, Spark partials)
/// put each hour's grid electricity in its calendar year, and their year
/// fractions follow the period (issue 17).
#[test]
fn an_hourly_load_across_new_year_books_each_hour_in_its_year() {
    use empreinte::datacentre::{HourlyLoad, Readings};
    let jan1_2023 = empreinte::grid::hourly::days_from_civil(2023, 1, 1) * 86_400;
    let r = Readings {
        start_utc_s: jan1_2023 - 3_600,
        end_utc_s: jan1_2023 + 3_600,
        hourly: Some(HourlyLoad {
            first_hour: jan1_2023 / 3_600 - 1,
            grid_kwh: vec![10.0, 30.0],
            ..HourlyLoad::default()
        }),
        ..Readings::default()
    };
    assert_eq!(r.grid_by_year(40.0), [(2022, 10.0), (2023, 30.0)]);
    let f = r.year_fractions();
    assert_eq!(f.iter().map(|(y, _)| *y).collect::<Vec<_>>(), [2022, 2023]);
    assert!((f[0].1 - 1.0 / 8_760.0).abs() < 1e-15 && (f[1].1 - 1.0 / 8_760.0).abs() < 1e-15);
}
