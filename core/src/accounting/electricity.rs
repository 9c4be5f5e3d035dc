//! Electricity on two factor bases (methodology §3.1 and §16): scope 2 on
//! the direct (combustion) intensity, scope 3 category 3 on the upstream
//! part (life-cycle − direct), the product views on the life-cycle one.

/// The upstream intensity of grid electricity, kg CO2e/kWh: life-cycle
/// minus direct (fuel extraction, processing and transport, plant
/// construction), floored at 0 (a user's direct factor above the dataset's
/// life-cycle one leaves no upstream, and the caller notes it). GHG
/// Protocol *Technical Guidance for Calculating Scope 3 Emissions*,
/// category 3, table 3.1, activity B.
#[inline]
#[must_use]
pub fn upstream_kg_per_kwh(life_cycle_kg_per_kwh: f64, direct_kg_per_kwh: f64) -> f64 {
    (life_cycle_kg_per_kwh - direct_kg_per_kwh).max(0.0)
}

/// Scope 3 category 3 (upstream of purchased electricity), kg CO2e:
/// `E × (I_life-cycle − I_direct)`, with [`upstream_kg_per_kwh`].
#[inline]
#[must_use]
pub fn category3_kg(kwh: f64, life_cycle_kg_per_kwh: f64, direct_kg_per_kwh: f64) -> f64 {
    kwh * upstream_kg_per_kwh(life_cycle_kg_per_kwh, direct_kg_per_kwh)
}

/// A building's embodied footprint in its acquisition year, kg CO2e: the
/// whole of it in its first year, nothing in any other (GHG Protocol
/// Scope 3 Standard, category 2: capital goods are not amortised).
#[inline]
#[must_use]
pub fn building_acquisition_kg(whole_life_kg: f64, first_year: i32, year: i32) -> f64 {
    if year == first_year {
        whole_life_kg
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope2_and_category3_add_up_to_the_life_cycle_figure() {
        let (kwh, lc, d) = (1_000.0, 0.139_404, 0.086_658);
        let s2 = crate::accounting::scope2_location_annual_kg(kwh, d);
        assert!((s2 + category3_kg(kwh, lc, d) - kwh * lc).abs() < 1e-9);
        assert_eq!(upstream_kg_per_kwh(0.1, 0.12), 0.0);
        assert_eq!(building_acquisition_kg(5.0, 2020, 2020), 5.0);
        assert_eq!(building_acquisition_kg(5.0, 2020, 2021), 0.0);
    }
}
