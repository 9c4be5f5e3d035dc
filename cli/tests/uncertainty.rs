//! `empreinte assess --uncertainty monte-carlo` as a user runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::*;

const FLEET: &str = "entity,kind,quantity,purchase_year,lifespan_years,country\n\
Town hall,laptop,120,2021,5,BE\n\
Town hall,laptop,40,2023,4,BE\n\
School,monitor_22_24,150,2022,6,BE\n";

#[test]
fn monte_carlo_json_has_percentiles_drivers_and_no_interval() {
    let p = file("mc-json", "fleet.csv", FLEET);
    let args = [
        "assess",
        p.to_str().unwrap(),
        "--year",
        "2023",
        "--uncertainty",
        "monte-carlo",
        "--samples",
        "2000",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&o);
    assert_eq!(j["uncertainty"], "monte_carlo");
    assert_eq!(j["monte_carlo"]["samples"], 2000);
    assert_eq!(j["monte_carlo"]["seed"], 7);
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let total = &j["total"][0];
    for m in [
        "use_energy_kwh",
        "gwp_manufacture_kgco2e",
        "gwp_total_kgco2e",
    ] {
        let v = |s: &str| total[format!("{m}_{s}")].as_f64().unwrap();
        assert!(v("p5") <= v("p50") && v("p50") <= v("p95"), "{m}");
        assert!(v("mean") > 0.0);
    }
    // The two views never mix: no interval columns in a Monte Carlo result.
    let keys: Vec<&String> = total.as_object().unwrap().keys().collect();
    assert!(
        keys.iter()
            .all(|k| !k.ends_with("_low") && !k.ends_with("_high")),
        "{keys:?}"
    );
    let drivers = j["drivers"].as_array().unwrap();
    assert_eq!(drivers[0]["key"], "kind:laptop:embodied");
    let shares: f64 = drivers
        .iter()
        .map(|d| d["variance_share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    assert!(j["drivers_sentence"]
        .as_str()
        .unwrap()
        .contains("% of the uncertainty"));
    // Same seed, same bytes.
    let again = run(&args);
    assert_eq!(o.stdout, again.stdout);
    // Another seed, other numbers.
    let mut other = args;
    other[9] = "8";
    assert_ne!(run(&other).stdout, o.stdout);
}

#[test]
fn monte_carlo_csv_and_table() {
    let p = file("mc-csv", "fleet.csv", FLEET);
    let base = [
        "assess",
        p.to_str().unwrap(),
        "--year",
        "2023",
        "--uncertainty",
        "monte-carlo",
        "--samples",
        "1000",
    ];
    let o = run(&[&base[..], &["--format", "csv", "--by", "kind"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let header = text.lines().next().unwrap();
    for c in [
        "kind",
        "gwp_total_kgco2e_mean",
        "gwp_total_kgco2e_p5",
        "gwp_total_kgco2e_p50",
        "gwp_total_kgco2e_p95",
        "use_energy_kwh_p95",
    ] {
        assert!(header.split(',').any(|h| h == c), "{c} in {header}");
    }
    assert!(!header.contains("_low"));
    let o = run(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("What drives the spread"), "{text}");
    assert!(
        text.contains("% of the uncertainty of the total comes from Laptop"),
        "{text}"
    );
}

#[test]
fn monte_carlo_options_are_checked() {
    let p = file("mc-bad", "fleet.csv", FLEET);
    let path = p.to_str().unwrap();
    for (args, code) in [
        (vec!["--uncertainty", "bayes"], "invalid_option"),
        (vec!["--samples", "500"], "invalid_option"),
        (
            vec!["--uncertainty", "monte-carlo", "--samples", "5"],
            "out_of_range",
        ),
        (
            vec!["--uncertainty", "monte-carlo", "--distribution", "normal"],
            "invalid_option",
        ),
    ] {
        let o = run(&[&["assess", path, "--format", "json"], &args[..]].concat());
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(code), "{args:?}: {}", stderr(&o));
    }
}

/// The README's Monte Carlo runs (assess, compare) are the command's
/// output, to the character.
#[test]
fn the_readme_run_is_the_command() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    for marker in ["readme-monte-carlo", "readme-monte-carlo-compare"] {
        let start = readme.find(&format!("<!-- {marker}:command -->")).unwrap();
        let end = readme.find(&format!("<!-- {marker}:end -->")).unwrap();
        let block = &readme[start..end];
        let mut lines = block.lines().skip_while(|l| !l.starts_with("$ empreinte"));
        let command = lines.next().unwrap();
        let shown: Vec<&str> = lines.take_while(|l| *l != "```").collect();
        let args: Vec<&str> = command.split_whitespace().skip(2).collect();
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let got: Vec<&str> = out.lines().filter(|l| !l.starts_with("note[")).collect();
        assert_eq!(got, shown, "{marker}");
    }
}

/// The surfaces' pin (golden/uncertainty_surfaces.json).
fn pin() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../golden/uncertainty_surfaces.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

/// The number written after the first (or, with `last`, the last) `key`
/// in `text`, parsed by Rust (correctly rounded; serde_json's default float
/// parser may be one unit in the last place off).
fn number_after(text: &str, key: &str, last: bool) -> f64 {
    let at = if last {
        text.rfind(key)
    } else {
        text.find(key)
    }
    .unwrap()
        + key.len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect::<String>()
        .parse()
        .unwrap()
}

/// At full precision the command prints the bits Python and JavaScript
/// check against (golden/uncertainty_surfaces.json).
#[test]
fn the_command_gives_the_pinned_bits() {
    let pin = pin();
    let p = file(
        "mc-pin",
        "fleet.csv",
        pin["inventory_csv"].as_str().unwrap(),
    );
    let (samples, seed) = (pin["samples"].to_string(), pin["seed"].to_string());
    let o = run(&[
        "assess",
        p.to_str().unwrap(),
        "--year",
        &pin["year"].to_string(),
        "--uncertainty",
        "monte-carlo",
        "--samples",
        &samples,
        "--seed",
        &seed,
        "--distribution",
        pin["distribution"].as_str().unwrap(),
        "--precision",
        "17",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let total = &out[out.find("\"total\"").unwrap()..];
    for (stat, text) in pin["gwp_total_kgco2e"].as_object().unwrap() {
        let want: f64 = text.as_str().unwrap().parse().unwrap();
        let got = number_after(total, &format!("\"gwp_total_kgco2e_{stat}\": "), false);
        assert_eq!(got, want, "{stat}");
    }
}

/// `compare --uncertainty monte-carlo --format json` of `run`'s
/// `inventory_csv`, `samples` and `seed` against `policies` (JSON objects,
/// each written to a file in the folder `name`), plus `extra` options.
fn compare_monte_carlo(
    name: &str,
    run_of: &serde_json::Value,
    policies: &serde_json::Value,
    extra: &[&str],
) -> std::process::Output {
    let inv = file(name, "fleet.csv", run_of["inventory_csv"].as_str().unwrap());
    let policies: Vec<_> = policies
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| file(name, &format!("p{i}.json"), &p.to_string()))
        .collect();
    let (samples, seed) = (run_of["samples"].to_string(), run_of["seed"].to_string());
    let mut args = vec!["compare", inv.to_str().unwrap()];
    for p in &policies {
        args.extend(["--policy", p.to_str().unwrap()]);
    }
    args.extend([
        "--uncertainty",
        "monte-carlo",
        "--samples",
        &samples,
        "--seed",
        &seed,
    ]);
    args.extend(extra);
    args.extend(["--format", "json"]);
    run(&args)
}

/// `compare --uncertainty monte-carlo` prints, at full precision, the bits
/// the Python and JavaScript suites check (the pin's `compare` part), and
/// its JSON has the probability, the difference's percentiles, the drivers
/// of the difference and one sentence per policy after the first.
#[test]
fn compare_under_monte_carlo_gives_the_pinned_bits() {
    let pin = pin();
    let c = &pin["compare"];
    let o = compare_monte_carlo("mc-compare", &pin, &c["policies"], &["--precision", "17"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let j = json(&o);
    assert_eq!(j["uncertainty"], "monte_carlo");
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["probability_below_first"].is_null());
    assert_eq!(j["sentences"].as_array().unwrap().len(), 1);
    assert!(j["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["scenario"] == "laptops 6 years"));
    // The numbers from the rows' text (keys in name order: the second
    // row's come last).
    let rows_text = &out[out.find("\"rows\"").unwrap()..out.find("\"sentences\"").unwrap()];
    let number = |key: &str, last: bool| number_after(rows_text, key, last);
    for (stat, text) in c["difference_kgco2e"].as_object().unwrap() {
        let want: f64 = text.as_str().unwrap().parse().unwrap();
        let got = number(&format!("\"difference_kgco2e_{stat}\": "), true);
        assert_eq!(got, want, "{stat}");
    }
    let p: f64 = c["probability_below_first"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(number("\"probability_below_first\": ", true), p);
    for (i, mean) in c["cumulative_kgco2e_mean"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let want: f64 = mean.as_str().unwrap().parse().unwrap();
        assert_eq!(number("\"cumulative_kgco2e_mean\": ", i == 1), want);
    }
}

#[test]
fn monte_carlo_options_need_monte_carlo_in_compare_too() {
    let o = run(&["compare", "--samples", "1000"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("only with --uncertainty monte-carlo"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "compare",
        "--uncertainty",
        "monte-carlo",
        "--samples",
        "500",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("with probability"), "{out}");
    assert!(
        out.contains("What drives the spread of each difference"),
        "{out}"
    );
}

/// A comparison whose outcome is uncertain (golden/uncertainty_cases.json,
/// the policy cases with a reference probability strictly between 0.05 and
/// 0.95): the command's probability that the second policy's cumulative
/// total is below the first's agrees with the reference calculator's exact
/// integral within 4 binomial standard errors.
#[test]
fn compare_probability_agrees_with_the_reference_on_a_close_call() {
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../golden/uncertainty_cases.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        if case["model"] != "policy" {
            continue;
        }
        let want = case["expected"]["policies"][1]["difference"]["probability_below_zero"]
            .as_f64()
            .unwrap();
        if !(0.05..=0.95).contains(&want) {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let o = compare_monte_carlo(name, case, &case["policies"], &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let got = json(&o)["rows"][1]["probability_below_first"]
            .as_f64()
            .unwrap();
        let n = case["samples"].as_f64().unwrap();
        let tol = 4.0 * (want * (1.0 - want) / n).sqrt() + 1.0 / n;
        assert!(
            (got - want).abs() <= tol,
            "{name}: command {got}, reference {want} (tolerance {tol})"
        );
        checked += 1;
    }
    assert!(checked >= 1, "no policy case with 0.05 < P < 0.95");
}

/// `datacentre --uncertainty monte-carlo` (the embedded example) prints, at
/// full precision, the bits of the pin's `datacentre` part (what Python
/// and JavaScript check too); its JSON has the scope totals by scope 2
/// method as `_mean`, `_p5`, `_p50`, `_p95`, never `_low`/`_high`, and the
/// drivers with their sentence.
#[test]
fn datacentre_under_monte_carlo_gives_the_pinned_bits() {
    let pin = pin();
    let (samples, seed) = (pin["samples"].to_string(), pin["seed"].to_string());
    let o = run(&[
        "datacentre",
        "--uncertainty",
        "monte-carlo",
        "--samples",
        &samples,
        "--seed",
        &seed,
        "--precision",
        "17",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let j = json(&o);
    assert_eq!(j["uncertainty"], "monte_carlo");
    let rows = j["total"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["scope2_method"], "location_based");
    assert_eq!(rows[1]["scope2_method"], "market_based");
    for row in rows {
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert!(keys
            .iter()
            .all(|k| !k.ends_with("_low") && !k.ends_with("_high")));
        assert_eq!(keys.len(), 17, "{keys:?}");
    }
    let dc = &pin["datacentre"];
    let keys: Vec<&str> = j["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = dc["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(keys, want);
    assert!(j["drivers_sentence"]
        .as_str()
        .unwrap()
        .contains("% of the uncertainty"));
    // The location-based row comes first in the text.
    let first_row = &out[out.find("\"total\"").unwrap()..out.find("\"market_based\"").unwrap()];
    for part in ["total_kgco2e", "scope3_kgco2e"] {
        for (stat, text) in dc[part].as_object().unwrap() {
            let want: f64 = text.as_str().unwrap().parse().unwrap();
            let got = number_after(first_row, &format!("\"{part}_{stat}\": "), false);
            assert_eq!(got, want, "{part} {stat}");
        }
    }
}

/// CSV under Monte Carlo: the `total` section (the default) and `drivers`;
/// the interval sections are refused, and so is a Monte Carlo option
/// without `--uncertainty monte-carlo`.
#[test]
fn datacentre_monte_carlo_csv_sections() {
    let csv = |section: Option<&str>| {
        let mut args = vec![
            "datacentre",
            "--uncertainty",
            "monte-carlo",
            "--samples",
            "500",
            "--format",
            "csv",
        ];
        if let Some(s) = section {
            args.extend(["--section", s]);
        }
        run(&args)
    };
    let o = csv(None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(
        "scope2_method,scope1_kgco2e_mean,scope1_kgco2e_p5,scope1_kgco2e_p50,scope1_kgco2e_p95,scope2_kgco2e_mean"
    ));
    let o = csv(Some("drivers"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("input,key,variance_share,method\n"));
    let o = csv(Some("kpi"));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("total, drivers"), "{}", stderr(&o));
    let o = run(&["datacentre", "--seed", "3"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("only with --uncertainty monte-carlo"));
    let o = run(&[
        "datacentre",
        "--uncertainty",
        "monte-carlo",
        "--samples",
        "500",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("What drives the spread of the total"));
}

/// `ghg --uncertainty monte-carlo` (the embedded organisation) prints, at
/// full precision, the bits of the pin's `ghg` part; its JSON has the scope
/// totals and the management view as `_mean`, `_p5`, `_p50`, `_p95`;
/// scope 1 is exact; Markdown and the interval sections are refused.
#[test]
fn ghg_under_monte_carlo_gives_the_pinned_bits() {
    let pin = pin();
    let (samples, seed) = (pin["samples"].to_string(), pin["seed"].to_string());
    let mc = [
        "--uncertainty",
        "monte-carlo",
        "--samples",
        &samples,
        "--seed",
        &seed,
    ];
    let mut args = vec!["ghg"];
    args.extend(mc);
    args.extend(["--precision", "17", "--format", "json"]);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let j = json(&o);
    assert_eq!(j["uncertainty"], "monte_carlo");
    let rows = j["total"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["scope1_kgco2e_p5"], rows[0]["scope1_kgco2e_p95"]);
    let g = &pin["ghg"];
    let keys: Vec<&str> = j["drivers"].as_array().unwrap()[..3]
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = g["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(keys, want);
    let first_row = &out[out.find("\"total\"").unwrap()..out.find("\"market_based\"").unwrap()];
    for part in ["total_kgco2e", "management_kgco2e"] {
        for (stat, text) in g[part].as_object().unwrap() {
            let want: f64 = text.as_str().unwrap().parse().unwrap();
            let got = number_after(first_row, &format!("\"{part}_{stat}\": "), false);
            assert_eq!(got, want, "{part} {stat}");
        }
    }
    let mut args = vec!["ghg"];
    args.extend(mc);
    args.extend(["--format", "markdown"]);
    let o = run(&args);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("with --uncertainty monte-carlo"),
        "{}",
        stderr(&o)
    );
    let mut args = vec!["ghg"];
    args.extend(mc);
    args.extend(["--format", "csv", "--section", "drivers"]);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("input,key,variance_share,method\n"));
    let o = run(&["ghg", "--samples", "500"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("only with --uncertainty monte-carlo"));
}
