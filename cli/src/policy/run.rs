//! The commands: read the inventory and the policies, run the core, write.

use super::*;
use crate::{catalog_with, io_error, read_file};
use empreinte::catalog::Catalog;
use empreinte::inventory::TextEncoding;
use empreinte::inventory::{read_csv_with, Inventory, ReadOptions};
use empreinte::policy::{
    parse_bids, score_bids, Comparison, McComparator, McComparison, Policy, PolicyResult,
    Simulator, TenderOptions,
};
use empreinte::report::montecarlo::{comparison_drivers_table, comparison_json, comparison_table};
use empreinte::report::Note;
use empreinte::{Error, Report};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Runs `policies` over the inventory (a file, stdin, or the embedded
/// illustrative one), streaming it in batches.
pub(super) fn run_policies(
    catalog: Arc<Catalog>,
    inventory: Option<&Path>,
    policies: &[Policy],
    common: &Common,
) -> Result<Vec<PolicyResult>, Error> {
    let mut sims = policies
        .iter()
        .map(|p| Simulator::new(catalog.clone(), p.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let (notes, names) = read_inventory(catalog, inventory, common, |batch| {
        sims.iter_mut().try_for_each(|s| s.add(batch))
    })?;
    sims.into_iter()
        .map(|s| {
            let mut r = s.finish(&names)?;
            let mut all = notes.clone();
            all.append(&mut r.notes);
            r.notes = all;
            Ok(r)
        })
        .collect()
}

/// Reads the inventory (a file, stdin, or the embedded illustrative one)
/// in batches, handing each to `add`; returns the reading's notes and the
/// inventory's entity names.
fn read_inventory(
    catalog: Arc<Catalog>,
    inventory: Option<&Path>,
    common: &Common,
    mut add: impl FnMut(&Inventory) -> Result<(), Error>,
) -> Result<(Vec<Note>, Vec<String>), Error> {
    let read = ReadOptions {
        encoding: common.input.encoding()?,
    };
    let mut inv = Inventory::new(catalog.clone(), common.input.country.as_deref())?;
    let mut feed = |name: &str, reader: &mut dyn std::io::Read| {
        read_csv_with(name, reader, read, &mut inv, 1 << 16, |batch, _| add(batch))
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
            let mut file = empreinte::error::open_file(p)?;
            feed(&name, &mut file)?.notes(&name)
        }
    };
    notes.extend(summary);
    Ok((notes, inv.entities().to_vec()))
}

/// Runs `empreinte simulate`.
///
/// # Errors
///
/// A bad policy file (file and key), inventory (file, line, column) or
/// option, or an output error.
pub fn simulate(args: SimulateArgs) -> Result<(), Error> {
    let catalog = catalog_with(&args.common.input.factors)?;
    let mut illustrative = None;
    let policy = match (&args.policy, &args.inventory) {
        (Some(p), _) => read_policy(p, &catalog)?,
        (None, None) => {
            let s = scenario("workstations-4-years")?;
            illustrative = Some(s.id);
            Policy::from_toml(s.id, s.policy_toml, &catalog)?
        }
        // The default policy over the user's inventory: its horizon is the
        // inventory's (as for a policy file that names no years).
        (None, Some(_)) => Policy {
            name: "default policy".into(),
            horizon_from_inventory: true,
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
    write(
        &report,
        &args.common,
        &result.notes,
        Some(result.crossing_year),
        |out| {
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
        },
    )
}

/// Runs `empreinte compare`.
///
/// # Errors
///
/// As [`simulate`].
pub fn compare(args: CompareArgs) -> Result<(), Error> {
    let catalog = catalog_with(&args.common.input.factors)?;
    let mut note = None;
    let policies = if args.policies.is_empty() {
        let ids = ["workstations-4-years", "workstations-6-years"];
        note = Some(illustrative_note(&ids));
        ids.iter()
            .map(|id| {
                let s = scenario(id)?;
                Policy::from_toml(s.id, s.policy_toml, &catalog)
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        args.policies
            .iter()
            .map(|p| read_policy(p, &catalog))
            .collect::<Result<Vec<_>, _>>()?
    };
    if let Some(mc) = args.monte_carlo.run()? {
        let mut comparator = McComparator::new(&catalog, &policies, mc)?;
        let (notes, names) =
            read_inventory(catalog, args.inventory.as_deref(), &args.common, |batch| {
                comparator.add(batch)
            })?;
        let mut r = comparator.finish(&names)?;
        for result in &mut r.comparison.results {
            let mut all = notes.clone();
            all.append(&mut result.notes);
            result.notes = all;
        }
        return write_monte_carlo(&r, note, &args.common);
    }
    let results = run_policies(catalog, args.inventory.as_deref(), &policies, &args.common)?;
    let comparison = Comparison::from_results(results);
    let report = Report::from(&comparison);
    let mut notes = report.notes.clone();
    if let Some(n) = note {
        notes.insert(0, n);
    }
    let refs: Vec<&PolicyResult> = comparison.results.iter().collect();
    write(&report, &args.common, &notes, None, |out| {
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
        // None: core's default (the zone's last published year), the same
        // in Python and JavaScript.
        year: args.year,
    };
    let result = score_bids(&bids, &catalog, &options)?;
    if matches!(args.format, Format::Json) {
        // Core's one JSON of a tender (formula, notes, sources), as in
        // Python and JavaScript.
        let json = empreinte::report::tender_json(&result);
        return crate::emit(format!("{json:#}\n").as_bytes());
    }
    let report = Report::from(&result);
    let common = Common {
        format: args.format,
        section: "ranking".into(),
        input: crate::args::InventoryArgs {
            country: None,
            factors: Vec::new(),
            encoding: TextEncoding::default().id().into(),
            precision: args.precision,
        },
    };
    // The table: the ranking, the formula, then the notes (the formula's
    // own note is the formula line) and the sources.
    let notes: Vec<_> = result
        .notes
        .iter()
        .filter(|n| n.code != "tender_formula")
        .cloned()
        .collect();
    write(&report, &common, &notes, None, |out| {
        section(
            out,
            &report,
            "ranking",
            &[
                "bidder",
                "kind",
                "refurbished",
                "rank",
                "credited_years",
                "gwp_kgco2e_per_service_year",
                "points",
            ],
        )?;
        writeln!(out, "Formula: {}", result.formula)?;
        writeln!(out)
    })
}

/// Writes a comparison under Monte Carlo. Table: each policy's cumulative
/// total and its difference from the first (mean, P5-P95), the probability
/// that it is below the first's, one sentence per policy and the drivers of
/// each difference; CSV: the comparison table (notes on stderr); JSON:
/// core's whole result.
fn write_monte_carlo(r: &McComparison, note: Option<Note>, common: &Common) -> Result<(), Error> {
    let report = Report::from(&r.comparison);
    let notes: Vec<Note> = note
        .into_iter()
        .chain(report.notes.iter().cloned())
        .collect();
    let digits = crate::digits(common.input.digits());
    let mut buf = Vec::new();
    let io = |e: std::io::Error| io_error("stdout", &e);
    match common.format {
        Format::Json => {
            let mut v = comparison_json(r, &digits);
            v["notes"] = serde_json::to_value(&notes).map_err(|e| io_error("stdout", &e.into()))?;
            writeln!(buf, "{v:#}").map_err(io)?;
        }
        Format::Csv => {
            let mut stderr = std::io::stderr().lock();
            for n in &notes {
                let _ = writeln!(stderr, "note[{}]: {}", n.code, n.message);
            }
            comparison_table(r).write_csv(&mut buf, &digits)?;
        }
        Format::Table => {
            let w = |buf: &mut Vec<u8>| -> std::io::Result<()> {
                for p in &r.comparison.results {
                    writeln!(buf, "Scenario: {} {}", p.policy.name, describe(&p.policy))?;
                }
                writeln!(
                    buf,
                    "\nMonte Carlo, {} samples, seed {}, {} distributions, common random numbers: cumulative climate change, kg CO2e",
                    r.monte_carlo.samples,
                    r.monte_carlo.seed,
                    r.monte_carlo.shape.id()
                )?;
                let columns = [
                    "scenario",
                    "cumulative_kgco2e_mean",
                    "cumulative_kgco2e_p5",
                    "cumulative_kgco2e_p95",
                    "difference_kgco2e_p5",
                    "difference_kgco2e_mean",
                    "difference_kgco2e_p95",
                    "probability_below_first",
                ];
                crate::render::table(buf, &comparison_table(r), &columns, false)?;
                writeln!(buf)?;
                for s in r.sentences() {
                    writeln!(buf, "{s}.")?;
                }
                writeln!(
                    buf,
                    "\nWhat drives the spread of each difference (largest 5)"
                )?;
                let drivers = comparison_drivers_table(r, Some(5));
                crate::render::table(
                    buf,
                    &drivers,
                    &["scenario", "input", "variance_share"],
                    false,
                )?;
                for n in &notes {
                    writeln!(buf, "note[{}]: {}", n.code, n.message)?;
                }
                Ok(())
            };
            w(&mut buf).map_err(io)?;
        }
    }
    crate::emit(&buf)
}
