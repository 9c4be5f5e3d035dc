//! The embedded datasets are the committed files, with pinned hashes that
//! agree with their SOURCE.toml, and every archetype the issue lists exists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::catalog::{embedded, embedded_datasets};
use sha2::{Digest, Sha256};

fn sha(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn toml_value(toml: &str, key: &str) -> String {
    toml.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{key} not in SOURCE.toml"))
        .to_owned()
}

#[test]
fn every_dataset_is_embedded_from_its_source_toml_with_its_pinned_hash() {
    // build.rs lists every datasets/data/<id>/<edition>/SOURCE.toml; the
    // provenance comes from the manifest and the hash must match the file.
    let embedded = embedded_datasets();
    let mut dirs: Vec<String> = Vec::new();
    let root = format!("{}/../datasets/data", env!("CARGO_MANIFEST_DIR"));
    for source in std::fs::read_dir(&root).unwrap() {
        for edition in std::fs::read_dir(source.unwrap().path()).unwrap() {
            let dir = edition.unwrap().path();
            let manifest = dir.join("SOURCE.toml");
            // A dataset behind a cargo feature is embedded only with it.
            let gated = std::fs::read_to_string(&manifest)
                .is_ok_and(|t| t.contains("feature = \"hourly-grid\""));
            if manifest.is_file() && (!gated || cfg!(feature = "hourly-grid")) {
                dirs.push(dir.display().to_string());
            }
        }
    }
    assert_eq!(embedded.len(), dirs.len());
    assert!(embedded.len() >= 2);
    for d in &embedded {
        let dir = dirs
            .iter()
            .find(|p| p.ends_with(&format!("{}/{}", d.info.id, d.info.edition)))
            .unwrap_or_else(|| panic!("{}: no folder", d.info.id));
        let toml = std::fs::read_to_string(format!("{dir}/SOURCE.toml")).unwrap();
        let file = std::fs::read_to_string(format!("{dir}/{}", toml_value(&toml, "file"))).unwrap();
        assert_eq!(d.text, file, "{}: embedded text", d.info.id);
        assert_eq!(
            d.info.sha256,
            sha(d.text),
            "{}: hash differs from the file",
            d.info.id
        );
        assert_eq!(toml_value(&toml, "edition"), d.info.edition);
        assert_eq!(toml_value(&toml, "licence"), d.info.licence);
        assert_eq!(toml_value(&toml, "attribution"), d.info.attribution);
    }
}

#[test]
fn every_required_kind_has_sourced_defaults() {
    let kinds = [
        "laptop",
        "desktop",
        "thin_client",
        "chromebook",
        "monitor_lt22",
        "monitor_22_24",
        "monitor_25_27",
        "monitor_28_plus",
        "tablet",
        "smartphone",
        "printer",
        "multifunction_printer",
        "projector",
        "wifi_access_point",
        "network_switch",
        "ip_phone",
        "rack_server",
        "server_1s",
        "server_2s",
        "server_4s",
        "storage_array",
        "storage_hdd",
        "storage_ssd",
    ];
    let c = catalog();
    for kind in kinds {
        let a = c
            .archetypes()
            .iter()
            .find(|a| a.kind == kind)
            .unwrap_or_else(|| panic!("no archetype {kind}"));
        assert!(
            !a.source.is_empty() && !a.method.is_empty(),
            "{kind} has no source"
        );
        let e = a.embodied_gwp_kgco2e;
        assert!(
            e.low() <= e.central() && e.central() <= e.high() && e.low() > 0.0,
            "{kind}"
        );
        if a.quality == empreinte::catalog::Quality::Low {
            assert!(
                e.relative_half_width() >= 0.35,
                "{kind}: weak data needs a wide interval"
            );
        }
    }
}

#[test]
fn grid_covers_countries_and_aggregates() {
    let c = catalog();
    let g = c.grid();
    for code in [
        "BE", "FR", "NL", "DE", "LU", "EU27", "WORLD", "XK", "US", "CN",
    ] {
        let gi = g.intensity_of(code, 2022).unwrap();
        assert!(gi.factor.g_per_kwh() > 0.0, "{code}");
    }
    // Ember/OWID 2025 (datasets/raw/ember-owid-carbon-intensity): Belgium 2022 139, 2024 118.
    assert_eq!(
        g.intensity_of("BE", 2022)
            .unwrap()
            .factor
            .g_per_kwh()
            .round(),
        139.0
    );
    assert_eq!(
        g.intensity_of("BE", 2024)
            .unwrap()
            .factor
            .g_per_kwh()
            .round(),
        118.0
    );
    assert_eq!(
        g.intensity_of("EU27", 2019)
            .unwrap()
            .factor
            .g_per_kwh()
            .round(),
        287.0
    );
    let later = g.intensity_of("BE", 2030).unwrap();
    assert_eq!(later.data_year, 2024);
    assert_eq!(g.zones().iter().map(|z| z.years().0).min(), Some(2000));
}

#[test]
fn the_readme_inventory_table_is_the_schema() {
    // The README's table is generated from the schema; regenerate it with
    // the text of empreinte::inventory::schema::markdown_table().
    let readme = repo_file("README.md");
    let table = empreinte::inventory::schema::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's inventory table differs from the schema; it should read:\n{table}"
    );
}

/// Reads `datasets/crosscheck.csv` (header-keyed rows).
fn crosscheck_rows() -> Vec<std::collections::HashMap<String, String>> {
    let text = repo_file("datasets/crosscheck.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn every_embedded_default_is_within_half_to_double_of_its_cross_checks_or_justified() {
    // datasets/crosscheck.csv: per kind and phase, the embedded central value,
    // ADEME/Arcep 2022 and Boavizta API 2.5.0 (facts, never defaults) and the
    // ratio to their median. Out of [0.5x, 2x] needs a written justification.
    let c = catalog();
    let rows = crosscheck_rows();
    assert!(rows.len() >= 20, "crosscheck.csv has {} rows", rows.len());
    let num = |s: &str| -> Option<f64> { (!s.is_empty()).then(|| s.parse().unwrap()) };
    for r in &rows {
        let (kind, phase) = (&r["kind"], &r["phase"]);
        let a = c
            .archetypes()
            .iter()
            .find(|a| &a.kind == kind)
            .unwrap_or_else(|| panic!("crosscheck.csv: unknown kind {kind}"));
        let embedded = match phase.as_str() {
            "embodied" => a.embodied_gwp_kgco2e.central(),
            "use" => a.annual_energy_kwh.unwrap().central(),
            "lifespan" => a.lifespan_years,
            p => panic!("crosscheck.csv: unknown phase {p}"),
        };
        let written = num(&r["embedded"]).unwrap();
        assert!(
            (embedded - written).abs() <= 0.01 * embedded.max(1.0),
            "{kind} {phase}: crosscheck.csv says {written}, the catalog {embedded}: re-run datasets/derive.py"
        );
        let peers: Vec<f64> = [&r["ademe_arcep_2022"], &r["boavizta_api_2_5_0"]]
            .into_iter()
            .filter_map(|s| num(s))
            .collect();
        assert!(!peers.is_empty(), "{kind} {phase}: no cross-check value");
        let mut sorted = peers.clone();
        sorted.sort_by(f64::total_cmp);
        let median = match sorted.as_slice() {
            [x] => *x,
            [x, y] => (x + y) / 2.0,
            _ => unreachable!(),
        };
        let ratio = embedded / median;
        if !(0.5..=2.0).contains(&ratio) {
            assert!(
                r["justification"].trim().len() >= 40,
                "{kind} {phase}: embedded {embedded} is {ratio:.2}x the cross-check median {median} \
                 with no written justification in datasets/crosscheck.csv"
            );
        }
        // Facts come with their citation.
        if !r["ademe_arcep_2022"].is_empty() {
            assert!(
                r["ademe_source"].contains("ADEME/Arcep 2022"),
                "{kind} {phase}"
            );
        }
        if !r["boavizta_api_2_5_0"].is_empty() {
            assert!(
                r["boavizta_source"].contains("Boavizta API"),
                "{kind} {phase}"
            );
        }
    }
    // The ADEME desktop cross-check is the office desktop (211.5 kg), not the home one (268.6 kg).
    let desk = rows
        .iter()
        .find(|r| r["kind"] == "desktop" && r["phase"] == "embodied")
        .unwrap();
    assert_eq!(num(&desk["ademe_arcep_2022"]), Some(211.46));
}

#[test]
fn defaults_are_balanced_across_manufacturers_and_lifespans_are_traceable() {
    use empreinte::catalog::Quality;
    let c = catalog();
    assert_eq!(
        embedded("empreinte-archetypes").unwrap().info.edition,
        "2027.1",
        "the catalog embeds the latest edition"
    );
    assert!(c
        .datasets()
        .iter()
        .any(|d| d.id == "empreinte-archetypes" && d.edition == "2027.1"));
    for a in c.archetypes() {
        // A kind dominated by one manufacturer is never "high".
        if a.quality == Quality::High {
            assert!(
                a.manufacturers >= 3 && a.top_manufacturer_share <= 0.5 && a.sample_size >= 30,
                "{}: high quality but {} manufacturers, top share {}",
                a.kind,
                a.manufacturers,
                a.top_manufacturer_share
            );
        }
        if a.sample_size > 0 {
            assert!(a.manufacturers >= 1, "{}", a.kind);
        }
        assert!(
            ["observed", "manufacturers", "estimate"].contains(&a.lifespan_basis.as_str()),
            "{}: lifespan basis {}",
            a.kind,
            a.lifespan_basis
        );
        if a.lifespan_basis == "observed" {
            assert!(a.source.contains("lifespan:"), "{}: cite the study", a.kind);
        }
        if !a.usage_profile.is_empty() {
            let p = c
                .usage_profile(&a.usage_profile)
                .unwrap_or_else(|| panic!("{}: unknown profile", a.kind));
            let power = a.power.unwrap();
            let e = power.annual_energy_kwh(p.hours_on, p.hours_sleep, p.hours_off);
            assert!(
                (e[0] - a.annual_energy_kwh.unwrap().central()).abs() <= 0.05,
                "{}: energy {} is not its profile x power {}",
                a.kind,
                a.annual_energy_kwh.unwrap().central(),
                e[0]
            );
        }
    }
    // The monitor: no longer the median of one manufacturer's sheets.
    let monitor = c
        .archetypes()
        .iter()
        .find(|a| a.kind == "monitor_22_24")
        .unwrap();
    assert!(monitor.embodied_gwp_kgco2e.central() < 250.0);
    assert_ne!(monitor.quality, Quality::High);
}

#[test]
fn a_row_may_name_a_usage_profile() {
    use empreinte::inventory::{Inventory, Record, RowRef};
    let c = catalog();
    let energy = |kind: &str, profile: Option<&str>| {
        let mut inv = Inventory::new(c.clone(), Some("BE")).unwrap();
        let rec = Record {
            entity: "x",
            kind,
            quantity: Some(1.0),
            purchase_year: Some(2024.0),
            usage_profile: profile,
            ..Record::default()
        };
        inv.push(&rec, RowRef::Row("t", 0))
            .map(|()| inv.row(0).unwrap().annual_energy_kwh.unwrap().bounds())
    };
    let school = energy("chromebook", Some("school")).unwrap();
    let office = energy("chromebook", Some("Office")).unwrap();
    assert!(office[0] > school[0], "office hours exceed school hours");
    let desk = c.archetypes().iter().find(|a| a.kind == "desktop").unwrap();
    let default = energy("desktop", None).unwrap();
    assert_eq!(default, desk.annual_energy_kwh.unwrap().bounds());
    assert_eq!(energy("desktop", Some("")).unwrap(), default);
    let on = desk.power.unwrap().on_w.central();
    let always = energy("desktop", Some("always_on")).unwrap();
    assert!(
        (always[0] - on * 8.76).abs() < 1e-9,
        "always on = 8,760 h x on power"
    );
    // Unknown profile, and a kind without power per mode: typed errors naming the column.
    for (kind, profile) in [("desktop", "weekend"), ("tablet", "office")] {
        let err = energy(kind, Some(profile)).unwrap_err();
        assert_eq!(err.code(), "invalid_option", "{err}");
        assert!(err.to_string().contains("usage_profile"), "{err}");
    }
}
