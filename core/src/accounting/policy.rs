//! Fleet policies: stock and flow by vintage, second life, extend or
//! replace, tenders.

// Fleet policies (stock and flow by vintage, second life, extend or
// replace, tenders), methodology §13. The `policy` engine calls these.

/// Last year a cohort bought in `purchase_year` is in service when it
/// serves `service_years`: `P + ceil(S) − 1` (a device leaving during a
/// year is counted in it, methodology §4 and §13.1).
#[inline]
#[must_use]
pub fn last_service_year(purchase_year: i32, service_years: f64) -> i32 {
    purchase_year + (service_years.ceil() as i32).max(1) - 1
}

/// Grid intensity `n` years after the last published year under a
/// constant relative decline: `I_last × (1 − d)^n`, `d` a fraction
/// (methodology §13.2; the decline is the user's assumption).
#[inline]
#[must_use]
pub fn grid_after_history(last_published: f64, decline: f64, years_after: i32) -> f64 {
    last_published * (1.0 - decline).powi(years_after.max(0))
}

/// Yearly electricity of a new device bought `years` after the base year
/// under an efficiency trend of `gain` (a fraction) a year:
/// `E × (1 − g)^n` (methodology §13.2).
#[inline]
#[must_use]
pub fn efficiency_trend(energy_kwh: f64, gain: f64, years: i32) -> f64 {
    energy_kwh * (1.0 - gain).powi(years.max(0))
}

/// Devices bought for growth in a year: `stock × g` (`g` a fraction of
/// the previous year's stock, methodology §13.1).
#[inline]
#[must_use]
pub fn growth_purchases(previous_stock: f64, growth: f64) -> f64 {
    previous_stock * growth
}

/// Share of a donated device's embodied footprint its donor books under
/// the optional split-by-service rule: `S1 / (S1 + S2)` with `S1` the
/// first life and `S2` the second, years; the recipient books the rest
/// (methodology §13.3). Under the default GHG Protocol cut-off the donor
/// books everything (share 1).
#[inline]
#[must_use]
pub fn service_years_split(first_life_years: f64, second_life_years: f64) -> f64 {
    first_life_years / (first_life_years + second_life_years)
}

/// The share of a cohort's end of life its donor books under the GHG
/// Protocol cut-off: `1 − d` for a share `d` donated. The donated devices
/// are disposed of by their recipients at the end of their second life: the
/// donor books their manufacture and transport, not their end of life
/// (methodology §13.3).
#[inline]
#[must_use]
pub fn donor_end_of_life_share_cut_off(donated: f64) -> f64 {
    1.0 - donated
}

/// Avoided emissions of a donation (a memo item, never subtracted from any
/// total): `n × s × M_new × min(S2 / L_new, 1)`: the part `S2 / L_new` of
/// a new device's life that the `n` donated devices stand in for, times
/// the share `s` of recipients who would otherwise have bought new (WBCSD
/// *Guidance on Avoided Emissions*, 2023; methodology §13.3).
#[inline]
#[must_use]
pub fn avoided_by_donation(
    donated: f64,
    substitution: f64,
    embodied_new_kg: f64,
    second_life_years: f64,
    lifespan_new_years: f64,
) -> f64 {
    donated * substitution * embodied_new_kg * (second_life_years / lifespan_new_years).min(1.0)
}

/// The emissions a reduction trajectory allows `n` years after its base
/// year: `E_base × (1 − r)^n` (about −5 % a year for the Paris agreement;
/// methodology §13.4).
#[inline]
#[must_use]
pub fn trajectory_target(base_kg: f64, reduction: f64, years_since_base: i32) -> f64 {
    base_kg * (1.0 - reduction).powi(years_since_base.max(0))
}

/// Years after which a replacement saving `saving_kwh_per_year` of
/// electricity pays back its embodied footprint when the grid intensity of
/// the successive years is `intensities_kg_per_kwh` (first year first):
/// the smallest `t` with `Σ saving × I(y) = M_new`, linear within the year
/// that reaches it (methodology §13.5). `None` when the saving is not
/// positive or the years given do not reach `M_new`. With a constant
/// intensity it equals [`super::replacement_break_even_years`].
#[must_use]
pub fn break_even_under_trajectory(
    embodied_new_kg: f64,
    saving_kwh_per_year: f64,
    intensities_kg_per_kwh: &[f64],
) -> Option<f64> {
    if saving_kwh_per_year <= 0.0 || !embodied_new_kg.is_finite() {
        return None;
    }
    let mut left = embodied_new_kg.max(0.0);
    for (n, intensity) in intensities_kg_per_kwh.iter().enumerate() {
        let saved = saving_kwh_per_year * intensity;
        if saved >= left {
            return Some(n as f64 + if saved > 0.0 { left / saved } else { 0.0 });
        }
        left -= saved;
    }
    None
}

/// Years of service a bid is credited with: its guaranteed lifespan, as
/// far as a warranty or a spare-parts commitment backs it,
/// `min(L, max(W, P))` (methodology §13.6).
#[inline]
#[must_use]
pub fn credited_service_years(
    lifespan_years: f64,
    warranty_years: f64,
    spare_parts_years: f64,
) -> f64 {
    lifespan_years.min(warranty_years.max(spare_parts_years))
}

/// Life-cycle climate footprint per year of service of a bid:
/// `M / T + E × I` (kg CO2e a year; methodology §13.6).
#[inline]
#[must_use]
pub fn footprint_per_service_year(
    embodied_kg: f64,
    energy_kwh_per_year: f64,
    intensity_kg_per_kwh: f64,
    service_years: f64,
) -> f64 {
    embodied_kg / service_years + energy_kwh_per_year * intensity_kg_per_kwh
}

/// Points of a responsible-digital award criterion worth `max_points`:
/// the lowest footprint gets them all, another bid in proportion,
/// `max_points × F_min / F` (the usual "lowest value" rule of public
/// tenders; methodology §13.6).
#[inline]
#[must_use]
pub fn tender_points(max_points: f64, best_footprint: f64, footprint: f64) -> f64 {
    if footprint > 0.0 {
        max_points * best_footprint / footprint
    } else {
        max_points
    }
}

#[cfg(test)]
mod policy_tests {
    use super::*;
    use crate::accounting::life::replacement_break_even_years;

    #[test]
    fn policy_formulas_by_hand() {
        assert_eq!(last_service_year(2021, 4.0), 2024);
        assert_eq!(last_service_year(2021, 4.5), 2025);
        assert!((grid_after_history(100.0, 0.1, 2) - 81.0).abs() < 1e-12);
        assert!((efficiency_trend(20.0, 0.05, 1) - 19.0).abs() < 1e-12);
        assert_eq!(service_years_split(4.0, 4.0), 0.5);
        assert_eq!(avoided_by_donation(10.0, 0.5, 200.0, 2.0, 4.0), 500.0);
        assert!((trajectory_target(1000.0, 0.05, 2) - 902.5).abs() < 1e-9);
        assert_eq!(
            break_even_under_trajectory(10.0, 10.0, &[0.5, 0.5, 0.5]),
            Some(2.0)
        );
        assert_eq!(break_even_under_trajectory(10.0, 10.0, &[0.1; 5]), None);
        let constant = break_even_under_trajectory(200.0, 10.0, &[0.135; 1000]).unwrap();
        let flat = replacement_break_even_years(200.0, 2.7, 1.35).unwrap();
        assert!((constant - flat).abs() < 1e-9);
        assert_eq!(credited_service_years(6.0, 3.0, 5.0), 5.0);
        assert_eq!(footprint_per_service_year(200.0, 20.0, 0.1, 5.0), 42.0);
        assert_eq!(tender_points(10.0, 40.0, 50.0), 8.0);
    }
}
