//! The embedded datasets are the committed files, with pinned hashes that
//! agree with their SOURCE.toml, and every archetype the issue lists exists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;
use empreinte::datasets::{embedded_datasets, ARCHETYPES_CSV, GRID_CSV};
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
fn hashes_are_pinned_and_match_source_toml() {
    let [grid, archetypes] = embedded_datasets();
    for (info, text, dir) in [
        (&grid, GRID_CSV, "datasets/data/ember-owid/2025"),
        (
            &archetypes,
            ARCHETYPES_CSV,
            "datasets/data/empreinte-archetypes/2026.11",
        ),
    ] {
        let toml = repo_file(&format!("{dir}/SOURCE.toml"));
        assert_eq!(
            info.sha256,
            sha(text),
            "{}: pinned hash differs from the embedded file",
            info.id
        );
        assert_eq!(
            toml_value(&toml, "sha256"),
            info.sha256,
            "{}: SOURCE.toml",
            info.id
        );
        assert_eq!(toml_value(&toml, "edition"), info.edition);
        assert_eq!(toml_value(&toml, "licence"), info.licence);
        assert_eq!(toml_value(&toml, "attribution"), info.attribution);
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
            e.low <= e.central && e.central <= e.high && e.low > 0.0,
            "{kind}"
        );
        if a.quality == empreinte::device::Quality::Low {
            assert!(
                e.relative_half_width() >= 0.35,
                "{kind}: weak data needs a wide interval"
            );
        }
    }
}

#[test]
fn grid_covers_countries_and_aggregates() {
    let g = catalog().grid();
    for code in [
        "BE", "FR", "NL", "DE", "LU", "EU27", "WORLD", "XK", "US", "CN",
    ] {
        let gi = g.intensity(code, 2022).unwrap();
        assert!(gi.factor.g_per_kwh() > 0.0, "{code}");
    }
    // Ember, as cited in shared/data/README.md: Belgium 2022 139, 2024 118.
    assert_eq!(
        g.intensity("BE", 2022).unwrap().factor.g_per_kwh().round(),
        139.0
    );
    assert_eq!(
        g.intensity("BE", 2024).unwrap().factor.g_per_kwh().round(),
        118.0
    );
    assert_eq!(
        g.intensity("EU27", 2019)
            .unwrap()
            .factor
            .g_per_kwh()
            .round(),
        287.0
    );
    let later = g.intensity("BE", 2030).unwrap();
    assert_eq!(later.data_year, 2024);
    assert_eq!(g.zones().iter().map(|z| z.years().0).min(), Some(2000));
}
