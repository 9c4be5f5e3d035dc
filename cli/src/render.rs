//! Text rendering for people (`--format table`).

use empreinte::fleet::GroupResult;
use empreinte::quantity::{Estimate, Phase, Scope2Method};
use empreinte::report::Table;
use empreinte::Assessment as Report;
use std::io::{self, Write};

/// A number with thousands separators and `decimals` decimals.
fn num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A count: whole numbers without decimals, fractions (shares of devices)
/// with up to two.
fn count(v: f64) -> String {
    if v.fract() == 0.0 {
        num(v, 0)
    } else {
        let s = num(v, 2);
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn opt(e: Option<Estimate>) -> String {
    e.map_or_else(|| "missing".into(), |e| num(e.central(), 0))
}

fn interval(e: Option<Estimate>) -> String {
    e.map_or_else(
        || "missing".into(),
        |e| format!("{} - {}", num(e.low(), 0), num(e.high(), 0)),
    )
}

/// Aligned rows under a header: the first `text_cols` columns left
/// aligned, the others right aligned.
fn print_rows(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    text_cols: usize,
) -> io::Result<()> {
    print_aligned(out, header, rows, |c| c < text_cols)
}

/// Aligned rows under a header: columns for which `left` holds are left
/// aligned (text), the others right aligned (numbers).
fn print_aligned(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    left: impl Fn(usize) -> bool,
) -> io::Result<()> {
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if left(c) {
                    format!("{s:<w$}", w = widths.get(c).copied().unwrap_or(0))
                } else {
                    format!("{s:>w$}", w = widths.get(c).copied().unwrap_or(0))
                }
            })
            .collect();
        writeln!(out, "{}", parts.join("  ").trim_end())
    };
    line(out, header)?;
    writeln!(
        out,
        "{}",
        "-".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1))
    )?;
    for r in rows {
        line(out, r)?;
    }
    Ok(())
}

/// The report as aligned text: climate footprint per group and phase, the
/// other criteria's totals, the fleet total, notes and sources.
pub fn report(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let o = report.options;
    // Grid values carried forward from an earlier year are said in the title.
    let carried: Vec<&str> = report
        .notes
        .iter()
        .filter(|n| n.code == "grid_year_fallback")
        .map(|n| n.message.as_str())
        .collect();
    writeln!(
        out,
        "Footprint of the fleet in {} ({} accounting), by {}",
        o.year,
        o.mode.id(),
        o.by.id()
    )?;
    writeln!(
        out,
        "Climate change in kg CO2e (interval low - high); devices are counts"
    )?;
    if !carried.is_empty() {
        writeln!(out, "GRID VALUES CARRIED FORWARD: {}", carried.join("; "))?;
    }
    writeln!(out)?;
    // Key columns: the grouping keys, or one label column for the whole fleet.
    let mut header: Vec<String> = Vec::new();
    if o.by.entity {
        header.push("entity".into());
    }
    if o.by.kind {
        header.push("kind".into());
    }
    let grouped = !header.is_empty();
    if !grouped {
        header.push(String::new());
    }
    let key_cols = header.len();
    let keys = |g: &GroupResult| -> Vec<String> {
        if !grouped {
            return vec!["fleet".into()];
        }
        let mut v = Vec::new();
        if o.by.entity {
            v.push(g.entity.clone().unwrap_or_default());
        }
        if o.by.kind {
            v.push(g.kind.clone().unwrap_or_default());
        }
        v
    };
    let total_keys = || {
        let mut v = vec!["TOTAL".to_string()];
        v.resize(key_cols, String::new());
        v
    };
    // The groups, then a total line when there is more than one group.
    let groups: Vec<GroupResult> = report.groups.iter().collect();
    let mut lines: Vec<(Vec<String>, &GroupResult)> = groups.iter().map(|g| (keys(g), g)).collect();
    if grouped && report.groups.len() > 1 {
        lines.push((total_keys(), &report.total));
    }
    let gwp = 0;
    let mut rows: Vec<Vec<String>> = Vec::new();
    if o.by.phase {
        header.extend(["phase", "GHG Protocol scope", "kg CO2e", "interval"].map(String::from));
        if !grouped {
            // One fleet: its phases, then their TOTAL.
            lines.push((total_keys(), &report.total));
        }
        for (k, g) in &lines {
            let is_total = k.first().is_some_and(|t| t == "TOTAL");
            if is_total && !grouped {
                let e = g.impacts[gwp].total();
                let mut r = k.clone();
                r.extend([String::new(), String::new(), opt(e), interval(e)]);
                rows.push(r);
                continue;
            }
            for phase in Phase::ALL {
                let e = g.impacts[gwp].get(phase);
                let mut r = k.clone();
                r.extend([
                    phase.id().into(),
                    phase.device_scope(Scope2Method::LocationBased).label(),
                    opt(e),
                    interval(e),
                ]);
                rows.push(r);
            }
        }
        print_rows(out, &header, &rows, key_cols + 2)?;
    } else {
        header.extend(
            [
                "devices",
                "beyond amort.",
                "manufacture",
                "transport",
                "use",
                "end of life",
                "total",
                "interval",
            ]
            .map(String::from),
        );
        for (k, g) in &lines {
            let mut r = k.clone();
            r.push(count(g.devices));
            r.push(count(g.devices_beyond_amortisation));
            for phase in Phase::ALL {
                r.push(opt(g.impacts[gwp].get(phase)));
            }
            r.push(opt(g.impacts[gwp].total()));
            r.push(interval(g.impacts[gwp].total()));
            rows.push(r);
        }
        print_rows(out, &header, &rows, key_cols)?;
    }
    writeln!(out)?;
    for (c, criterion) in report.criteria.iter().enumerate().skip(1) {
        let t = report.total.impacts[c].total();
        match t {
            Some(t) => writeln!(
                out,
                "{} ({}): {} {} (interval {} - {})",
                criterion.id,
                criterion.name,
                significant(t.central()),
                criterion.unit_label,
                significant(t.low()),
                significant(t.high()),
            )?,
            None => writeln!(
                out,
                "{} ({}): missing for some kinds or phases (see the notes)",
                criterion.id, criterion.name
            )?,
        }
    }
    writeln!(
        out,
        "electricity in use: {} kWh; devices beyond their amortisation period: {} of {}",
        report
            .total
            .use_energy_kwh
            .map_or_else(|| "missing".to_owned(), |e| num(e.central(), 0)),
        count(report.total.devices_beyond_amortisation),
        count(report.total.devices)
    )?;
    if !report.notes.is_empty() {
        writeln!(out, "\nNotes:")?;
        for n in &report.notes {
            writeln!(out, "  - [{}] {}", n.code, n.message)?;
        }
    }
    writeln!(out, "\nSources of the values used:")?;
    for s in &report.sources {
        writeln!(out, "  - {}: {} [{}]", s.item, s.reference, s.dataset)?;
    }
    // Each dataset's licence once.
    let mut datasets: Vec<(&str, &str)> = report
        .sources
        .iter()
        .map(|s| (s.dataset.as_str(), s.licence.as_str()))
        .collect();
    datasets.sort_unstable();
    datasets.dedup();
    writeln!(out, "\nLicences:")?;
    for (dataset, licence) in datasets {
        writeln!(out, "  - {dataset}: {licence}")?;
    }
    Ok(())
}

/// A value with up to 6 significant digits, as people read it.
fn significant(v: f64) -> String {
    empreinte::report::WriteOptions::with_digits(Some(6)).number_text(v)
}

/// Any table, restricted to `columns` (all when empty); numbers are right
/// aligned, text left aligned, and long text is cut to fit a terminal
/// line (`--wide` asks for every column in full).
pub fn table(out: &mut impl Write, table: &Table, columns: &[&str], wide: bool) -> io::Result<()> {
    // In the order asked for (all, in table order, when none is named).
    let chosen: Vec<usize> = if columns.is_empty() {
        (0..table.columns.len()).collect()
    } else {
        columns
            .iter()
            .filter_map(|name| table.columns.iter().position(|c| c.name == *name))
            .collect()
    };
    // Text columns first, then numbers (right aligned).
    let is_text = |c: usize| {
        matches!(
            table.columns.get(c).map(|c| &c.values),
            Some(empreinte::report::ColumnValues::Text(_))
        )
    };
    let mut ordered: Vec<usize> = chosen.iter().copied().filter(|&c| is_text(c)).collect();
    let text_cols = ordered.len();
    ordered.extend(chosen.iter().copied().filter(|&c| !is_text(c)));
    let header: Vec<String> = ordered
        .iter()
        .map(|&c| table.columns[c].name.clone())
        .collect();
    let cut = |s: String| -> String {
        const MAX: usize = 60;
        if !wide && s.chars().count() > MAX {
            format!("{}…", s.chars().take(MAX - 1).collect::<String>())
        } else {
            s
        }
    };
    let rows: Vec<Vec<String>> = (0..table.rows())
        .map(|r| {
            ordered
                .iter()
                .map(|&c| {
                    let cell = table.cell(c, r);
                    if is_text(c) {
                        cut(cell)
                    } else {
                        cell.parse::<f64>().map_or(cell, significant)
                    }
                })
                .collect()
        })
        .collect();
    print_rows(out, &header, &rows, text_cols)
}

/// The device kinds for a terminal: one line per kind with its defaults and
/// the evidence behind them (sheets, manufacturers, largest manufacturer's
/// share); `wide` adds the power per mode, the power at idle and at full
/// load with the typical utilisation (servers), the method and the source.
pub fn factors(
    out: &mut impl Write,
    archetypes: &[empreinte::catalog::Archetype],
    wide: bool,
) -> io::Result<()> {
    let mut header: Vec<String> = [
        "kind",
        "label",
        "quality",
        "basis",
        "profile",
        "kg CO2e (low-high)",
        "years (mk)",
        "kWh/y",
        "sheets/mk/top",
    ]
    .map(String::from)
    .to_vec();
    if wide {
        header.extend(
            [
                "on W", "sleep W", "off W", "idle W", "max W", "u at TEC", "method", "source",
            ]
            .map(String::from),
        );
    }
    let cut = |s: &str, max: usize| -> String {
        if wide || s.chars().count() <= max {
            s.to_owned()
        } else {
            format!("{}…", s.chars().take(max - 1).collect::<String>())
        }
    };
    let rows: Vec<Vec<String>> = archetypes
        .iter()
        .map(|a| {
            let e = a.embodied_gwp_kgco2e;
            let mut r = vec![
                a.kind.clone(),
                cut(&a.label, 14),
                format!("{:?}", a.quality).to_lowercase(),
                a.basis.clone(),
                a.usage_profile.clone(),
                format!(
                    "{} ({}-{})",
                    num(e.central(), 0),
                    num(e.low(), 0),
                    num(e.high(), 0)
                ),
                format!(
                    "{} ({})",
                    significant(a.lifespan_years),
                    significant(a.manufacturer_lifespan_years)
                ),
                // Empty for a kind without a default electricity use.
                a.annual_energy_kwh
                    .map_or_else(String::new, |e| significant(e.central())),
                format!(
                    "{}/{}/{:.0}%",
                    a.sample_size,
                    a.manufacturers,
                    a.top_manufacturer_share * 100.0
                ),
            ];
            if wide {
                let p = a.power.as_ref();
                r.push(p.map_or(String::new(), |p| significant(p.on_w.central())));
                // Sleep and off as the table gives them: empty when it
                // leaves them empty (the energy then uses the on power).
                r.push(p.and_then(|p| p.sleep_w).map_or(String::new(), significant));
                r.push(p.and_then(|p| p.off_w).map_or(String::new(), significant));
                let l = a.load.as_ref();
                r.push(l.map_or(String::new(), |l| significant(l.idle_w.central())));
                r.push(l.map_or(String::new(), |l| significant(l.max_w.central())));
                r.push(
                    l.and_then(|l| l.typical_utilisation)
                        .map_or(String::new(), |u| format!("{u:.2}")),
                );
                r.push(a.method.clone());
                r.push(a.source.clone());
            }
            r
        })
        .collect();
    writeln!(
        out,
        "Defaults per device kind (kg CO2e embodied per device, kWh per year).\n\
         years: the default lifespan (an observed service life where a study gives one),\n\
         in brackets (mk) the manufacturers' assumption. sheets/mk/top: manufacturer sheets,\n\
         manufacturers and the largest one's share. basis: manufacturer (PCF sheets),\n\
         observed (measurements) or estimate (a proxy or engineering estimate: flag or leave\n\
         it out of an official report). --wide adds power (per mode; servers:\n\
         at idle and at full load, and u at TEC: see the footnote), method and source.\n"
    )?;
    // The five text columns on the left, and in the wide view the method and
    // source (the last two) left aligned too: long text, not numbers.
    let columns = header.len();
    print_aligned(out, &header, &rows, |c| c < 5 || (wide && c + 2 >= columns))?;
    if wide {
        writeln!(out, "\n{WIDE_FOOTNOTE}")?;
    }
    Ok(())
}

/// What the power columns of `factors --wide` are.
const WIDE_FOOTNOTE: &str = "on W of an always-on kind = annual energy / 8,760 h; \
     idle W and max W: SPECpower results (servers); \
     u at TEC: where the manufacturers' typical power sits between them";
