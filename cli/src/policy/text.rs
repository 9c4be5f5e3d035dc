//! Text rendering of policy results for people.

use super::*;
use crate::{digits, io_error, render, Format};
use empreinte::policy::{Policy, PolicyResult};
use empreinte::report::Note;
use empreinte::{Error, Report};
use std::io::Write;

pub(super) const TOTAL_COLUMNS: &[&str] = &[
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

pub(super) const EXTEND_COLUMNS: &[&str] = &[
    "kind",
    "devices",
    "efficiency_gain_pct",
    "embodied_new_gwp_kgco2e",
    "saving_first_year_gwp_kgco2e",
    "payback_years",
    "verdict",
];

pub(super) fn illustrative_note(ids: &[&str]) -> Note {
    Note {
        code: "illustrative_scenario",
        message: format!(
            "no policy file given: the embedded ILLUSTRATIVE reference scenario(s) {} (datasets/scenarios/), not real data",
            ids.join(", ")
        ),
    }
}

pub(super) fn describe(p: &Policy) -> String {
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

pub(super) fn section(
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

pub(super) fn crossing(out: &mut Vec<u8>, results: &[&PolicyResult]) -> std::io::Result<()> {
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

pub(super) fn donations(
    out: &mut Vec<u8>,
    report: &Report,
    results: &[&PolicyResult],
) -> std::io::Result<()> {
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
/// section as CSV (notes on stderr), or every section as JSON (with a
/// simulation's `crossing_year`).
pub(super) fn write(
    report: &Report,
    common: &Common,
    notes: &[Note],
    crossing_year: Option<Option<i32>>,
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
            let digits = digits(common.input.digits());
            return crate::stream(|out| section.write_csv(out, &digits));
        }
        Format::Json => {
            return crate::stream(|out| report.write_json_sections(out, notes, crossing_year))
        }
    }
    crate::emit(&buf)
}
