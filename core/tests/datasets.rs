//! The embedded datasets are the committed files, with pinned hashes that
//! agree with their SOURCE.toml, and every archetype the issue lists exists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::catalog::embedded_datasets;
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
            if dir.join("SOURCE.toml").is_file() {
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
