//! Power and energy models (load lines, vCPUs, memory) and the Software
//! Carbon Intensity shares.

// Software Carbon Intensity (ISO/IEC 21031:2024), methodology §12. The
// `sci` engine calls these; they compute nothing anywhere else.

/// SCI time share `TiR / EL`: the hours a run reserved the machine over its
/// expected lifespan in hours (years of 8,760 h, as the specification's
/// example: 1 h of a 4-year life is `1 / 35,040`).
#[inline]
#[must_use]
pub fn sci_time_share(reserved_hours: f64, lifespan_years: f64) -> f64 {
    reserved_hours / (lifespan_years * crate::quantity::units::HOURS_PER_YEAR)
}

/// SCI resource share `RR / ToR`: resources reserved by the run (vCPUs)
/// over the machine's total.
#[inline]
#[must_use]
pub fn sci_resource_share(reserved: f64, total: f64) -> f64 {
    reserved / total
}

/// SCI embodied share `M = TE × (TiR / EL) × (RR / ToR)`, in the unit of
/// `total_embodied` (ISO/IEC 21031:2024 §6.3 "embodied emissions").
#[inline]
#[must_use]
pub fn sci_embodied(total_embodied: f64, time_share: f64, resource_share: f64) -> f64 {
    total_embodied * time_share * resource_share
}

/// Mean power of one vCPU at `utilisation` (0-1, clamped) by linear
/// interpolation between idle and full load: `min + u × (max − min)`, W
/// (Cloud Carbon Footprint's compute formula; [`linear_power_w`]).
#[inline]
#[must_use]
pub fn vcpu_power_w(utilisation: f64, min_w: f64, max_w: f64) -> f64 {
    linear_power_w(utilisation.clamp(0.0, 1.0), min_w, max_w)
}

/// Power at `utilisation` `u` on the linear load model,
/// `P(u) = P_idle + u × (P_max − P_idle)`, W: Fan, Weber and Barroso,
/// "Power provisioning for a warehouse-sized computer", ISCA 2007 (power
/// is close to linear in CPU utilisation between idle and full load); the
/// same formula as Cloud Carbon Footprint's compute estimate. `u` is not
/// clamped: callers check it is in 0-1.
#[inline]
#[must_use]
pub fn linear_power_w(utilisation: f64, idle_w: f64, max_w: f64) -> f64 {
    idle_w + utilisation * (max_w - idle_w)
}

/// Electricity per year of one device under a usage profile, kWh per lane:
/// `(hours_on × P_on + hours_sleep × P_sleep + hours_off × P_off) / 1000`
/// (docs/methodology.md section 5). `on_w` has one power per lane; sleep and
/// off are one figure each (a table that leaves them empty gives the central
/// on power, in every lane).
#[must_use]
pub fn energy_by_modes_kwh<const K: usize>(
    hours: [f64; 3],
    on_w: [f64; K],
    sleep_w: f64,
    off_w: f64,
) -> [f64; K] {
    let [on_h, sleep_h, off_h] = hours;
    let rest = (sleep_h * sleep_w + off_h * off_w) / 1000.0;
    on_w.map(|w| on_h * w / 1000.0 + rest)
}

/// Electricity per year of one device running all year at `utilisation`
/// `u` (0-1) on the linear load model of Fan, Weber and Barroso (ISCA
/// 2007; [`linear_power_w`]): `E = 8,760 h × P(u) / 1000` kWh, i.e.
/// `8.76 × (P_idle + u × (P_max − P_idle))`, lane by lane (central, low,
/// high: the low lane takes the low bounds of both powers, the high lane
/// the high ones; as `u` is in 0-1 each lane is a weighted mean of its
/// idle and full-load power, so lanes stay ordered when the powers are).
/// Methodology §15.
#[inline]
#[must_use]
pub fn annual_energy_at_utilisation_kwh<const K: usize>(
    utilisation: f64,
    idle_w: [f64; K],
    max_w: [f64; K],
) -> [f64; K] {
    let mut out = [0.0; K];
    for ((e, idle), max) in out.iter_mut().zip(idle_w).zip(max_w) {
        *e = crate::quantity::units::HOURS_PER_YEAR * linear_power_w(utilisation, idle, max)
            / 1_000.0;
    }
    out
}

/// CPU utilisation of a run: CPU time over the reserved vCPU time,
/// `cpu_time / (wall × vCPUs)` (not clamped: above 1 means the reserved
/// vCPUs were under-counted).
#[inline]
#[must_use]
pub fn cpu_utilisation(cpu_time_hours: f64, wall_hours: f64, vcpus: f64) -> f64 {
    cpu_time_hours / (wall_hours * vcpus)
}

/// Energy of the reserved vCPUs over a run from the power model, kWh:
/// `vCPUs × wall × vcpu_power_w(u) / 1000`, `u` = [`cpu_utilisation`].
#[inline]
#[must_use]
pub fn cpu_model_energy_kwh(
    cpu_time_hours: f64,
    wall_hours: f64,
    vcpus: f64,
    min_w: f64,
    max_w: f64,
) -> f64 {
    let u = cpu_utilisation(cpu_time_hours, wall_hours, vcpus);
    vcpus * wall_hours * vcpu_power_w(u, min_w, max_w) / 1_000.0
}

/// Energy of reserved memory over a run, kWh: `GB × wall × W/GB / 1000`.
#[inline]
#[must_use]
pub fn memory_energy_kwh(memory_gb: f64, wall_hours: f64, w_per_gb: f64) -> f64 {
    memory_gb * wall_hours * w_per_gb / 1_000.0
}

/// SCI carbon per functional unit, `((E × I) + M) / R`: `energy_kwh` times
/// `intensity_kg_per_kwh` plus `embodied_kg`, over `r` units (kg per unit;
/// `r` > 0 is the caller's check).
#[inline]
#[must_use]
pub fn sci_per_unit(energy_kwh: f64, intensity_kg_per_kwh: f64, embodied_kg: f64, r: f64) -> f64 {
    (energy_kwh * intensity_kg_per_kwh + embodied_kg) / r
}

/// Relative noise of a run's SCI measured by benchmarks: the time-weighted
/// mean of the benchmarks' relative noises, `Σ noise_i × t_i / T` over
/// `(noise, measured_time_s)` pairs and `total_time_s = T` (methodology
/// §12, regression gate); `None` when a benchmark's noise is unknown.
/// Every `measured_time_s` and `total_time_s > 0` are the caller's check.
#[must_use]
pub fn sci_noise_rel(
    benchmarks: impl IntoIterator<Item = (Option<f64>, f64)>,
    total_time_s: f64,
) -> Option<f64> {
    benchmarks
        .into_iter()
        .map(|(noise, t)| noise.map(|n| n * t / total_time_s))
        .sum()
}

/// Share of a run's carbon allocated to one benchmark: its measured time
/// over the measured time of all the run's benchmarks, `t_i / T`
/// (methodology §12: "each benchmark gets the run's carbon in proportion
/// to its measured time"). `T > 0` is the caller's check.
#[inline]
#[must_use]
pub fn sci_benchmark_share(measured_time_s: f64, total_time_s: f64) -> f64 {
    measured_time_s / total_time_s
}

/// Change of an SCI against its baseline, percent (+ is worse):
/// `(SCI / SCI_baseline − 1) × 100` (methodology §12, regression gate).
#[inline]
#[must_use]
pub fn sci_change_pct(current: f64, baseline: f64) -> f64 {
    (current / baseline - 1.0) * 100.0
}

/// Combined noise of two SCI, percent: the root sum of squares of their
/// relative noises, `100 × √(a² + b²)`, an unknown one counted as 0 when
/// the other is known; `None` when neither is (methodology §12).
#[must_use]
pub fn sci_combined_noise_pct(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (None, None) => None,
        _ => Some(100.0 * (a.unwrap_or(0.0).powi(2) + b.unwrap_or(0.0).powi(2)).sqrt()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sci_noise_and_change_by_hand() {
        // 1 s at 2 % and 3 s at 6 %: (0.02 × 1 + 0.06 × 3) / 4 = 0.05.
        let n = sci_noise_rel([(Some(0.02), 1.0), (Some(0.06), 3.0)], 4.0).unwrap();
        assert!((n - 0.05).abs() < 1e-15);
        assert_eq!(sci_noise_rel([(Some(0.02), 1.0), (None, 3.0)], 4.0), None);
        assert!((sci_change_pct(2.2, 2.0) - 10.0).abs() < 1e-12);
        assert!((sci_change_pct(1.5, 2.0) + 25.0).abs() < 1e-12);
        // 1 s of 4 measured: a quarter of the run's carbon.
        assert_eq!(sci_benchmark_share(1.0, 4.0), 0.25);
        // 3 % and 4 %: 5 %.
        assert!((sci_combined_noise_pct(Some(0.03), Some(0.04)).unwrap() - 5.0).abs() < 1e-12);
        assert!((sci_combined_noise_pct(None, Some(0.04)).unwrap() - 4.0).abs() < 1e-12);
        assert_eq!(sci_combined_noise_pct(None, None), None);
    }

    #[test]
    fn sci_embodied_share_of_the_specification_example() {
        // ISO/IEC 21031 / GSF SCI: TE 1,000 kg, EL 4 years, 1 hour of the whole machine.
        let m = sci_embodied(
            1_000.0,
            sci_time_share(1.0, 4.0),
            sci_resource_share(1.0, 1.0),
        );
        assert!((m * 1_000.0 - 28.538_812_785).abs() < 1e-6, "{m}");
        assert_eq!(vcpu_power_w(0.5, 1.0, 3.0), 2.0);
        assert_eq!(vcpu_power_w(2.0, 1.0, 3.0), 3.0);
        // 2 vCPUs at 50 % for 1 h at 1-3 W: 2 × 2 W × 1 h = 4 Wh.
        assert!((cpu_model_energy_kwh(1.0, 1.0, 2.0, 1.0, 3.0) - 0.004).abs() < 1e-15);
        assert_eq!(sci_per_unit(2.0, 0.1, 0.3, 5.0), 0.1);
        // Methodology §12's example: 4 of 96 vCPUs for 120 s of a 1,272.7 kg,
        // 5-year host: M = 1,272,700 g × (120 / 3,600) / 43,800 × 4 / 96.
        let m = sci_embodied(
            1_272_700.0,
            sci_time_share(120.0 / 3_600.0, 5.0),
            sci_resource_share(4.0, 96.0),
        );
        assert!((m - 0.040_357).abs() < 1e-6, "{m}");
        // Memory: 16 GB × 0.392 W/GB for 120 s = 752.64 J.
        let memory = memory_energy_kwh(16.0, 120.0 / 3_600.0, 0.392);
        assert!((memory * 3_600_000.0 - 752.64).abs() < 1e-9, "{memory}");
        // A usage profile: 2,000 h on at 20 W (lanes 10, 20, 40 W), 1,000 h
        // asleep at 2 W, 5,760 h off at 0.5 W: 40 + 2 + 2.88 kWh.
        let e = energy_by_modes_kwh([2_000.0, 1_000.0, 5_760.0], [20.0, 10.0, 40.0], 2.0, 0.5);
        for (got, want) in e.into_iter().zip([44.88, 24.88, 84.88]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        // 3 vCPUs at 50 % of 1-3 W for 2 h: 3 × 2 W × 2 h = 12 Wh.
        assert!((cpu_model_energy_kwh(3.0, 2.0, 3.0, 1.0, 3.0) - 0.012).abs() < 1e-15);
    }
}

#[cfg(test)]
mod load_tests {
    use super::*;

    #[test]
    fn linear_load_model_by_hand() {
        // Idle 50 W, full load 250 W, at 30 %: 50 + 0.3 × 200 = 110 W,
        // 110 W × 8,760 h = 963.6 kWh.
        assert!((linear_power_w(0.3, 50.0, 250.0) - 110.0).abs() < 1e-12);
        let [c, l, h] =
            annual_energy_at_utilisation_kwh(0.3, [50.0, 40.0, 60.0], [250.0, 200.0, 300.0]);
        assert!((c - 963.6).abs() < 1e-9, "{c}");
        // Low lane: 40 + 0.3 × 160 = 88 W; high: 60 + 0.3 × 240 = 132 W.
        assert!((l - 8.76 * 88.0).abs() < 1e-9, "{l}");
        assert!((h - 8.76 * 132.0).abs() < 1e-9, "{h}");
        // The ends are idle and full load all year.
        assert_eq!(
            annual_energy_at_utilisation_kwh(0.0, [50.0], [250.0]),
            [438.0]
        );
        assert_eq!(
            annual_energy_at_utilisation_kwh(1.0, [50.0], [250.0]),
            [2190.0]
        );
        // The vCPU model is the same line, clamped.
        assert_eq!(vcpu_power_w(1.5, 50.0, 250.0), 250.0);
        assert_eq!(
            vcpu_power_w(0.3, 50.0, 250.0),
            linear_power_w(0.3, 50.0, 250.0)
        );
    }
}
