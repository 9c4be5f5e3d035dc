//! `empreinte simulate`, `compare` and `tender`: fleet policies over the
//! years. This file reads files (TOML policy files are converted to JSON
//! values here; the core checks them) and writes results; `empreinte::policy`
//! computes.

use crate::{catalog_with, digits, io_error, not_a_file, read_file, render, Format};
use empreinte::catalog::Catalog;
use empreinte::inventory::{read_csv_with, Inventory, ReadOptions};
use empreinte::note::Note;
use empreinte::policy::{
    parse_bids, score_bids, Comparison, Policy, PolicyResult, Scenario, Simulator, TenderOptions,
    REFERENCE_SCENARIOS,
};
use empreinte::text::TextEncoding;
use empreinte::{Error, Location, Report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Options shared by `simulate` and `compare`.
#[derive(clap::Args)]
pub struct Common {
    /// Country (ISO 3166-1 alpha-2, EU27 or WORLD) for inventory rows without one.
    #[arg(long)]
    country: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Section written as CSV: inventory, total, trajectory, second_life,
    /// avoided_emissions, extend_or_replace.
    #[arg(long, default_value = "inventory")]
    section: String,
    /// Extra factor tables; repeatable.
    #[arg(long = "factors", value_name = "CSV")]
    factors: Vec<PathBuf>,
    /// Text encoding of the inventory: auto, utf-8 or windows-1252.
    #[arg(long, default_value = "auto")]
    encoding: String,
    /// Significant digits of numbers in CSV output [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=17))]
    precision: Option<u8>,
}

/// The arguments of `empreinte simulate`.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Inventory CSV (`-` for standard input). Without it, the embedded
    /// ILLUSTRATIVE inventory of 35 local administrations.
    inventory: Option<PathBuf>,
    /// Policy file (TOML, or JSON when it ends in `.json`). Without it and
    /// without an inventory, the embedded illustrative scenario
    /// "workstations 4 years"; with an inventory, the default policy.
    #[arg(long, value_name = "TOML")]
    policy: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// The arguments of `empreinte compare`.
#[derive(clap::Args)]
pub struct CompareArgs {
    /// Inventory CSV (`-` for standard input). Without it, the embedded
    /// ILLUSTRATIVE inventory of 35 local administrations.
    inventory: Option<PathBuf>,
    /// Policy files (TOML or JSON), compared in order (the first is the
    /// reference of the differences); repeat the option. Without any, the
    /// embedded illustrative workstations 4 vs 6 years.
    #[arg(long = "policy", value_name = "TOML")]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// The arguments of `empreinte tender`.
#[derive(clap::Args)]
pub struct TenderArgs {
    /// Bids CSV: bidder, kind, embodied_gwp_kgco2e, annual_energy_kwh,
    /// lifespan_years, warranty_years, spare_parts_years, refurbished (yes/no).
    bids: PathBuf,
    /// Weight of the responsible-digital criterion, percent of the award points.
    #[arg(long, default_value_t = 10.0)]
    weight: f64,
    /// Country of use (grid intensity).
    #[arg(long, default_value = "BE")]
    country: String,
    /// Year of the grid intensity [default: core's, the latest year of the
    /// grid data, as in Python and JavaScript].
    #[arg(long)]
    year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Significant digits of numbers in CSV output [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=17))]
    precision: Option<u8>,
}

/// A policy file: TOML (or JSON), checked by the core with the file's name.
fn read_policy(path: &Path, catalog: &Catalog) -> Result<Policy, Error> {
    let name = path.display().to_string();
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotCsv {
        at: Location::file(&name),
        message: "a policy file is UTF-8 text (TOML or JSON)".into(),
    })?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Policy::from_json(&name, &text, catalog);
    }
    policy_from_toml(&name, &text, catalog)
}

/// A TOML policy text, converted to the JSON value the core checks.
fn policy_from_toml(name: &str, text: &str, catalog: &Catalog) -> Result<Policy, Error> {
    let value: toml::Value = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) as u64 + 1);
        Error::InvalidOption {
            at: match line {
                Some(l) => Location::line(name, l),
                None => Location::file(name),
            },
            option: "policy".into(),
            value: e.message().to_owned(),
            allowed: "a TOML file of policy keys (docs/methodology.md §13)".into(),
        }
    })?;
    let json = serde_json::to_value(value).map_err(|e| Error::InvalidOption {
        at: Location::file(name),
        option: "policy".into(),
        value: e.to_string(),
        allowed: "numbers, texts and tables".into(),
    })?;
    Policy::from_json_value(name, json, catalog)
}

fn scenario(id: &str) -> Result<&'static Scenario, Error> {
    REFERENCE_SCENARIOS
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::dataset(id, 0, "no such embedded scenario"))
}

/// Runs `policies` over the inventory (a file, stdin, or the embedded
/// illustrative one), streaming it in batches.
fn run_policies(
    catalog: Arc<Catalog>,
    inventory: Option<&Path>,
    policies: &[Policy],
    common: &Common,
) -> Result<Vec<PolicyResult>, Error> {
    let mut sims = policies
        .iter()
        .map(|p| Simulator::new(catalog.clone(), p.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let read = ReadOptions {
        encoding: TextEncoding::parse(&common.encoding)?,
    };
    let mut inv = Inventory::new(catalog.clone(), common.country.as_deref())?;
    let mut feed = |name: &str, reader: &mut dyn std::io::Read| {
        read_csv_with(name, reader, read, &mut inv, 1 << 16, |batch, _| {
            sims.iter_mut().try_for_each(|s| s.add(batch))
        })
    };
    let mut notes: Vec<Note> = Vec::new();
    let summary = match inventory {
        None => {
            let s = scenario("workstations-4-years")?;
            notes.push(Note {
                code: "example_data",
                message: format!(
                    "no inventory given: this is the embedded ILLUSTRATIVE inventory {} (35 local administrations), not real data",
                    s.inventory_name
                ),
            });
            feed(s.inventory_name, &mut s.inventory_csv.as_bytes())?.notes(s.inventory_name)
        }
        Some(p) if p.as_os_str() == "-" => {
            feed("stdin", &mut std::io::stdin().lock())?.notes("stdin")
        }
        Some(p) => {
            let name = p.display().to_string();
            if p.is_dir() {
                return Err(not_a_file(&name));
            }
            let mut file = std::fs::File::open(p).map_err(|e| io_error(&name, &e))?;
            feed(&name, &mut file)?.notes(&name)
        }
    };
    notes.extend(summary);
    let names = inv.entities().to_vec();
    Ok(sims
        .into_iter()
        .map(|s| {
            let mut r = s.finish(&names);
            let mut all = notes.clone();
            all.append(&mut r.notes);
            r.notes = all;
            r
        })
        .collect())
}

/// Runs `empreinte simulate`.
///
/// # Errors
///
/// A bad policy file (file and key), inventory (file, line, column) or
/// option, or an output error.
pub fn simulate(args: SimulateArgs) -> Result<(), Error> {
    let catalog = catalog_with(&args.common.factors)?;
    let mut illustrative = None;
    let policy = match (&args.policy, &args.inventory) {
        (Some(p), _) => read_policy(p, &catalog)?,
        (None, None) => {
            let s = scenario("workstations-4-years")?;
            illustrative = Some(s.id);
            policy_from_toml(s.id, s.policy_toml, &catalog)?
        }
        (None, Some(_)) => Policy {
            name: "default policy".into(),
            ..Policy::default()
        },
    };
    let mut results = run_policies(catalog, args.inventory.as_deref(), &[policy], &args.common)?;
    let Some(mut result) = results.pop() else {
        return Ok(());
    };
    if let Some(id) = illustrative {
        result.notes.insert(0, illustrative_note(&[id]));
    }
    let report = Report::from(&result);
    write(&report, &args.common, &result.notes, |out| {
        writeln!(
            out,
            "Scenario: {} {}",
            result.policy.name,
            describe(&result.policy)
        )?;
        writeln!(out)?;
        section(out, &report, "total", TOTAL_COLUMNS)?;
        crossing(out, &[&result])?;
        donations(out, &report, &[&result])?;
        section(out, &report, "extend_or_replace", EXTEND_COLUMNS)
    })
}

/// Runs `empreinte compare`.
///
/// # Errors
///
/// As [`simulate`].
pub fn compare(args: CompareArgs) -> Result<(), Error> {
    let catalog = catalog_with(&args.common.factors)?;
    let mut note = None;
    let policies = if args.policies.is_empty() {
        let ids = ["workstations-4-years", "workstations-6-years"];
        note = Some(illustrative_note(&ids));
        ids.iter()
            .map(|id| {
                let s = scenario(id)?;
                policy_from_toml(s.id, s.policy_toml, &catalog)
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        args.policies
            .iter()
            .map(|p| read_policy(p, &catalog))
            .collect::<Result<Vec<_>, _>>()?
    };
    let results = run_policies(catalog, args.inventory.as_deref(), &policies, &args.common)?;
    let comparison = Comparison::from_results(results);
    let report = Report::from(&comparison);
    let mut notes = report.notes.clone();
    if let Some(n) = note {
        notes.insert(0, n);
    }
    let refs: Vec<&PolicyResult> = comparison.results.iter().collect();
    write(&report, &args.common, &notes, |out| {
        for r in &refs {
            writeln!(out, "Scenario: {} {}", r.policy.name, describe(&r.policy))?;
        }
        writeln!(out)?;
        section(
            out,
            &report,
            "total",
            &[
                "scenario",
                "cumulative_gwp_kgco2e",
                "cumulative_gwp_kgco2e_low",
                "cumulative_gwp_kgco2e_high",
                "cumulative_saving_vs_first_gwp_kgco2e",
                "cumulative_excess_vs_first_gwp_kgco2e",
                "purchases_devices",
                "crossing_year",
            ],
        )?;
        let mut columns = vec!["scenario"];
        columns.extend(TOTAL_COLUMNS);
        section(out, &report, "inventory", &columns)?;
        crossing(out, &refs)?;
        donations(out, &report, &refs)
    })
}

/// Runs `empreinte tender`.
///
/// # Errors
///
/// A bad bids file (file, line, column) or option, or an output error.
pub fn tender(args: TenderArgs) -> Result<(), Error> {
    let catalog = Catalog::embedded()?;
    let name = args.bids.display().to_string();
    let bytes = read_file(&args.bids)?;
    let bids = parse_bids(&name, &bytes, &catalog)?;
    let options = TenderOptions {
        weight_pct: args.weight,
        country: args.country.clone(),
        // Core's default, the same in Python and JavaScript.
        year: args
            .year
            .unwrap_or(empreinte::policy::TenderOptions::default().year),
    };
    let result = score_bids(&bids, &catalog, &options)?;
    let report = Report::from(&result);
    let common = Common {
        country: None,
        format: args.format,
        section: "ranking".into(),
        factors: Vec::new(),
        encoding: "auto".into(),
        precision: args.precision,
    };
    write(&report, &common, &[], |out| {
        section(
            out,
            &report,
            "ranking",
            &[
                "scenario",
                "kind",
                "refurbished",
                "rank",
                "credited_years",
                "gwp_kgco2e_per_service_year",
                "points",
            ],
        )?;
        writeln!(out, "Formula: {}", result.formula)?;
        writeln!(out)?;
        for n in result.notes.iter().filter(|n| n.code != "tender_formula") {
            writeln!(out, "note[{}]: {}", n.code, n.message)?;
        }
        Ok(())
    })
}

const TOTAL_COLUMNS: &[&str] = &[
    "year",
    "stock_devices",
    "purchases_devices",
    "disposals_devices",
    "donations_devices",
    "devices_beyond_amortisation",
    "average_age_years",
    "gwp_embodied_amortised_kgco2e",
    "gwp_embodied_acquisition_kgco2e",
    "gwp_use_kgco2e",
    "gwp_total_kgco2e",
    "gwp_per_device_year_kgco2e",
];

const EXTEND_COLUMNS: &[&str] = &[
    "kind",
    "devices",
    "efficiency_gain_pct",
    "embodied_new_gwp_kgco2e",
    "saving_first_year_gwp_kgco2e",
    "payback_years",
    "verdict",
];

fn illustrative_note(ids: &[&str]) -> Note {
    Note {
        code: "illustrative_scenario",
        message: format!(
            "no policy file given: the embedded ILLUSTRATIVE reference scenario(s) {} (datasets/scenarios/), not real data",
            ids.join(", ")
        ),
    }
}

fn describe(p: &Policy) -> String {
    if p.description.is_empty() {
        format!("({}-{}, {})", p.start_year, p.end_year, p.mode.id())
    } else {
        format!(
            "({}-{}, {}): {}",
            p.start_year,
            p.end_year,
            p.mode.id(),
            p.description
        )
    }
}

fn section(
    out: &mut Vec<u8>,
    report: &Report,
    name: &str,
    columns: &[&str],
) -> std::io::Result<()> {
    let Some(s) = report.section(name) else {
        return Ok(());
    };
    if s.is_empty() {
        return Ok(());
    }
    writeln!(out, "{name}:")?;
    render::table(out, &s.table(), columns, false)?;
    writeln!(out)
}

fn crossing(out: &mut Vec<u8>, results: &[&PolicyResult]) -> std::io::Result<()> {
    for r in results {
        let p = &r.policy;
        match r.crossing_year {
            Some(y) => writeln!(
                out,
                "{}: at or below the −{} %/year trajectory from {} in {y}",
                p.name,
                p.trajectory_pct_per_year,
                p.base_year()
            )?,
            None => writeln!(
                out,
                "{}: never at or below the −{} %/year trajectory from {} by {}",
                p.name,
                p.trajectory_pct_per_year,
                p.base_year(),
                p.end_year
            )?,
        }
    }
    writeln!(out)
}

fn donations(out: &mut Vec<u8>, report: &Report, results: &[&PolicyResult]) -> std::io::Result<()> {
    let any = results
        .iter()
        .any(|r| r.second_life.iter().any(|s| s.donated_devices > 0.0));
    if !any {
        return Ok(());
    }
    section(
        out,
        report,
        "second_life",
        &[
            "scenario",
            "year",
            "donated_devices",
            "devices_in_second_life",
            "recipient_gwp_use_kgco2e",
            "recipient_gwp_refurbishment_kgco2e",
            "recipient_gwp_embodied_kgco2e",
            "recipient_gwp_total_kgco2e",
        ],
    )?;
    writeln!(out, "MEMO (never subtracted from any total):")?;
    section(
        out,
        report,
        "avoided_emissions",
        &[
            "scenario",
            "year",
            "donated_devices",
            "avoided_gwp_kgco2e",
            "avoided_gwp_kgco2e_low",
            "avoided_gwp_kgco2e_high",
        ],
    )
}

/// Writes a report: the text for people (with its notes and sources), one
/// section as CSV (notes on stderr), or every section as JSON.
fn write(
    report: &Report,
    common: &Common,
    notes: &[Note],
    text: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    match common.format {
        Format::Table => {
            text(&mut buf).map_err(|e| io_error("stdout", &e))?;
            let mut w = || -> std::io::Result<()> {
                for n in notes {
                    writeln!(buf, "note[{}]: {}", n.code, n.message)?;
                }
                if !report.sources.is_empty() {
                    writeln!(buf, "\nsources:")?;
                    for s in &report.sources {
                        writeln!(buf, "  {} — {} ({})", s.item, s.dataset, s.licence)?;
                    }
                }
                Ok(())
            };
            w().map_err(|e| io_error("stdout", &e))?;
        }
        Format::Csv => {
            let mut stderr = std::io::stderr().lock();
            for n in notes {
                let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
            }
            let section = report.section(&common.section).ok_or_else(|| {
                let names: Vec<&str> = report.sections.iter().map(|s| s.name.as_str()).collect();
                Error::invalid_option("section", &common.section, &names.join(", "))
            })?;
            let digits = digits(common.precision.map(usize::from));
            return crate::stream(|out| section.write_csv(out, digits));
        }
        Format::Json => return crate::stream(|out| report.write_json_sections(out, notes)),
    }
    crate::emit(&buf)
}
