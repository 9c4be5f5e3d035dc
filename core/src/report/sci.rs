//! An SCI result for people (aligned text, Markdown) and for metrics
//! collectors (OpenMetrics text).

use crate::sci::{Comparison, Sci};

fn g(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
        format!("{v:.digits$}")
    }
}

/// The result as aligned text for people: E, I, M, R and SCI with the
/// model named, then benchmarks, notes and sources.
#[must_use]
pub fn to_text(s: &Sci, comparison: Option<&Comparison>) -> String {
    let mut o = String::new();
    let mut line = |k: &str, v: String| {
        o.push_str(&format!("{k:<6} {v}\n"));
    };
    line(
        "SCI",
        format!(
            "{} gCO2e per {} ({} - {})   [{}]",
            g(s.sci_gco2e_per_unit),
            s.functional_unit,
            g(s.sci_gco2e_per_unit_low),
            g(s.sci_gco2e_per_unit_high),
            s.specification
        ),
    );
    line(
        "E",
        format!(
            "{} kWh [{}] {}; CPU utilisation {:.1} %",
            g(s.energy_kwh),
            s.energy_method,
            s.energy_model,
            s.cpu_utilisation * 100.0
        ),
    );
    line(
        "I",
        format!(
            "{} gCO2e/kWh ({} {}, yearly average)",
            g(s.intensity_gco2e_per_kwh),
            s.inputs.zone.to_ascii_uppercase(),
            s.intensity_year,
        ),
    );
    line(
        "M",
        format!(
            "{} gCO2e ({} - {}) = TE × TiR/EL {:.3e} × RR/ToR {:.4}; machine {}",
            g(s.embodied_gco2e),
            g(s.embodied_gco2e_low),
            g(s.embodied_gco2e_high),
            s.time_share,
            s.resource_share,
            s.machine
        ),
    );
    line("R", format!("{} {}(s)", g(s.r), s.functional_unit));
    line(
        "C",
        format!(
            "{} gCO2e = E×I {} + M {}; wall {:.2} s, CPU {:.2} s",
            g(s.total_gco2e),
            g(s.operational_gco2e),
            g(s.embodied_gco2e),
            s.inputs.measurement.wall_time_s,
            s.inputs.measurement.cpu_time_s
        ),
    );
    if let Some(n) = s.noise_rel {
        line(
            "noise",
            format!(
                "±{:.1} % (95 % interval of the benchmarks' mean times)",
                n * 100.0
            ),
        );
    }
    for b in &s.benchmarks {
        let per_m = b.sci_gco2e_per_million_elements.map_or(String::new(), |v| {
            format!(", {} gCO2e per million elements", g(v))
        });
        o.push_str(&format!(
            "  {}: {} iterations, {} gCO2e per iteration{per_m}\n",
            b.id,
            g(b.iterations),
            g(b.sci_gco2e_per_iteration)
        ));
    }
    if let Some(c) = comparison {
        o.push_str(&format!("{}\n", c.message));
    }
    for n in &s.notes {
        o.push_str(&format!("note[{}]: {}\n", n.code, n.message));
    }
    for src in &s.sources {
        o.push_str(&format!(
            "source: {} - {} ({}; {})\n",
            src.item, src.dataset, src.reference, src.licence
        ));
    }
    o
}

/// The result as a Markdown summary for a CI job page.
#[must_use]
pub fn to_markdown(s: &Sci, comparison: Option<&Comparison>) -> String {
    let mut o = format!(
        "### Software Carbon Intensity: {} gCO2e per {}\n\n| term | value | how |\n|---|---|---|\n",
        g(s.sci_gco2e_per_unit),
        s.functional_unit
    );
    let rows = [
        (
            "SCI",
            format!(
                "{} gCO2e / {} ({} - {})",
                g(s.sci_gco2e_per_unit),
                s.functional_unit,
                g(s.sci_gco2e_per_unit_low),
                g(s.sci_gco2e_per_unit_high)
            ),
            "(E × I + M) / R, ISO/IEC 21031:2024".to_owned(),
        ),
        (
            "E",
            format!("{} kWh", g(s.energy_kwh)),
            format!("`{}`: {}", s.energy_method, s.energy_model),
        ),
        (
            "I",
            format!("{} gCO2e/kWh", g(s.intensity_gco2e_per_kwh)),
            format!(
                "{} {}, yearly average",
                s.inputs.zone.to_ascii_uppercase(),
                s.intensity_year,
            ),
        ),
        (
            "M",
            format!("{} gCO2e", g(s.embodied_gco2e)),
            format!(
                "TE × TiR/EL ({:.3e}) × RR/ToR ({:.4}), {}",
                s.time_share, s.resource_share, s.machine
            ),
        ),
        (
            "R",
            format!("{} {}(s)", g(s.r), s.functional_unit),
            s.noise_rel
                .map_or("exact".to_owned(), |n| format!("noise ±{:.1} %", n * 100.0)),
        ),
    ];
    for (k, v, how) in rows {
        o.push_str(&format!("| {k} | {v} | {} |\n", how.replace('|', "\\|")));
    }
    if !s.benchmarks.is_empty() {
        o.push_str("\n| benchmark | iterations | gCO2e / iteration | gCO2e / million elements |\n|---|---:|---:|---:|\n");
        for b in &s.benchmarks {
            o.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                b.id.replace('|', "\\|"),
                g(b.iterations),
                g(b.sci_gco2e_per_iteration),
                b.sci_gco2e_per_million_elements.map_or("-".to_owned(), g)
            ));
        }
    }
    if let Some(c) = comparison {
        o.push_str(&format!("\n**{}**\n", c.message));
    }
    o.push('\n');
    for n in &s.notes {
        o.push_str(&format!("- {}\n", n.message));
    }
    o
}

/// One OpenMetrics gauge family with its sample, labelled with the
/// functional unit.
fn gauge(out: &mut String, name: &str, help: &str, unit: &str, value: f64) {
    use std::fmt::Write as _;
    let _ = write!(
        out,
        "# TYPE empreinte_sci_{name} gauge\n# HELP empreinte_sci_{name} {help}\n\
         empreinte_sci_{name}{{functional_unit=\"{unit}\"}} {}\n",
        crate::report::format_number(if value.is_finite() { value } else { 0.0 })
    );
}

/// The result as OpenMetrics text (a Prometheus textfile collector or
/// Pushgateway reads it): the SCI with its interval, E, I, M and R, and the
/// comparison with a baseline when there is one; ends with `# EOF`.
#[must_use]
pub fn to_openmetrics(s: &Sci, comparison: Option<&Comparison>) -> String {
    let unit = s.functional_unit;
    let mut o = String::new();
    for (name, help, value) in [
        (
            "gco2e_per_unit",
            "SCI, g CO2e per functional unit (ISO/IEC 21031:2024).",
            s.sci_gco2e_per_unit,
        ),
        (
            "gco2e_per_unit_low",
            "SCI, low bound.",
            s.sci_gco2e_per_unit_low,
        ),
        (
            "gco2e_per_unit_high",
            "SCI, high bound.",
            s.sci_gco2e_per_unit_high,
        ),
        ("energy_kwh", "E, energy of the run, kWh.", s.energy_kwh),
        (
            "intensity_gco2e_per_kwh",
            "I, grid carbon intensity, g CO2e per kWh.",
            s.intensity_gco2e_per_kwh,
        ),
        (
            "embodied_gco2e",
            "M, embodied emissions of the run, g CO2e.",
            s.embodied_gco2e,
        ),
        ("functional_units", "R, functional units of the run.", s.r),
    ] {
        gauge(&mut o, name, help, unit, value);
    }
    if let Some(c) = comparison {
        gauge(
            &mut o,
            "change_pct",
            "Change of the SCI against the baseline, percent (+ is worse).",
            unit,
            c.change_pct,
        );
        gauge(
            &mut o,
            "regressed",
            "1 when the change is beyond the threshold and the noise.",
            unit,
            if c.regressed { 1.0 } else { 0.0 },
        );
    }
    o.push_str("# EOF\n");
    o
}
