//! Data-centre KPIs, scopes and allocation keys.

use super::life::amortised_share;

// Data centres, methodology §14. The `datacentre` engine calls these; they
// compute nothing anywhere else. KPI definitions: the indicators of the EU
// data-centre rating scheme, Commission Delegated Regulation (EU)
// 2024/1364, Annex III (PUE, WUE, ERF, REF), as EN 50600-4-2 (PUE), -4-3 (REF), -4-6
// (ERF), -4-9 (WUE) define them; CUE is ISO/IEC 30134-8 / EN 50600-4-8, a
// supplementary indicator (methodology §17).

/// Power usage effectiveness `PUE = E_DC / E_IT` (dimensionless, ≥ 1 for
/// consistent meters): total energy of the data centre over the energy of
/// its IT equipment (EU 2024/1364, Annex III; EN 50600-4-2).
#[inline]
#[must_use]
pub fn pue(facility_kwh: f64, it_kwh: f64) -> f64 {
    facility_kwh / it_kwh
}

/// Water usage effectiveness `WUE = W_IN / E_IT`, litres per kWh of IT
/// energy, from the water input in m³ (1 m³ = 1,000 L; EU 2024/1364, Annex III;
/// EN 50600-4-9).
#[inline]
#[must_use]
pub fn wue_l_per_kwh(water_m3: f64, it_kwh: f64) -> f64 {
    water_m3 * 1_000.0 / it_kwh
}

/// Energy reuse factor `ERF = E_REUSE / E_DC` (0-1): energy reused outside
/// the data centre (waste heat delivered to a heat network) over its total
/// energy (EU 2024/1364, Annex III; EN 50600-4-6).
#[inline]
#[must_use]
pub fn erf(reused_kwh: f64, facility_kwh: f64) -> f64 {
    reused_kwh / facility_kwh
}

/// Renewable energy factor `REF = E_RES / E_DC` (0-1): renewable energy
/// consumed (on-site generation plus guarantees of origin and PPAs) over
/// the total energy (EU 2024/1364, Annex III; EN 50600-4-3).
#[inline]
#[must_use]
pub fn renewable_energy_factor(renewable_kwh: f64, facility_kwh: f64) -> f64 {
    renewable_kwh / facility_kwh
}

/// Carbon usage effectiveness `CUE = CO2e(E_DC) / E_IT`, kg CO2e per kWh of
/// IT energy: emissions of the data centre's energy use (scope 2 of its
/// electricity plus the fuel it burns, scope 1 diesel) over its IT energy
/// (ISO/IEC 30134-8, EN 50600-4-8: a supplementary indicator, not one of
/// the four of EU 2024/1364).
#[inline]
#[must_use]
pub fn cue_kgco2e_per_kwh(energy_kgco2e: f64, it_kwh: f64) -> f64 {
    energy_kgco2e / it_kwh
}

/// Electricity drawn from the grid, kWh: the total energy less the parts
/// generated on site, renewable and by the generators (`E_DC = E_grid +
/// E_onsite + E_generator`, EN 50600-4-2 metering at the boundary). Scope 2
/// counts only purchased energy; the generators' fuel is scope 1.
#[inline]
#[must_use]
pub fn grid_kwh(facility_kwh: f64, onsite_renewable_kwh: f64, generator_kwh: f64) -> f64 {
    facility_kwh - onsite_renewable_kwh - generator_kwh
}

/// Scope 2 location-based with a yearly intensity, kg CO2e:
/// `E_grid × I_year` (GHG Protocol Scope 2 Guidance, 2015, ch. 6, §6.3:
/// activity data times the location-based emission factor).
#[inline]
#[must_use]
pub fn scope2_location_annual_kg(grid_kwh: f64, intensity_kg_per_kwh: f64) -> f64 {
    grid_kwh * intensity_kg_per_kwh
}

/// Scope 2 location-based over readings that span calendar years, kg
/// CO2e: each year's grid electricity at that year's intensity,
/// `Σ_y E_grid,y × I_y` (`by_year` holds `(kWh, kg CO2e/kWh)` pairs; July
/// 2022 to June 2023 takes 2022's factor for its 2022 intervals and 2023's
/// for the rest). One year gives [`scope2_location_annual_kg`].
#[must_use]
pub fn scope2_location_by_year_kg(by_year: &[(f64, f64)]) -> f64 {
    by_year
        .iter()
        .map(|(kwh, i)| scope2_location_annual_kg(*kwh, *i))
        .sum()
}

/// A yearly item booked for the period the readings cover, kg CO2e:
/// `Σ_y item_y × f_y`, with `f_y` the fraction of calendar year `y` the
/// period covers (`by_year` holds `(item's kg CO2e for year y, f_y)`).
/// Refrigerant top-ups, the building's yearly charge and the equipment's
/// are given per year: three calendar years of readings book three years,
/// January alone 31/365 of one (methodology §14).
#[must_use]
pub fn booked_for_period_kg(by_year: &[(f64, f64)]) -> f64 {
    by_year.iter().map(|(kg, f)| kg * f).sum()
}

/// Scope 2 location-based with an hourly intensity, kg CO2e:
/// `Σ_h E_grid,h × I_h` over the hours both series cover (the Scope 2
/// Guidance, ch. 6, §6.3, prefers the most precise grid factor available in time
/// and place). `load_kwh[h]` and `intensity_kg_per_kwh[h]` are the same
/// hour; extra values of the longer slice are ignored.
#[inline]
#[must_use]
pub fn scope2_location_hourly_kg(load_kwh: &[f64], intensity_kg_per_kwh: &[f64]) -> f64 {
    load_kwh
        .iter()
        .zip(intensity_kg_per_kwh)
        .map(|(e, i)| e * i)
        .sum()
}

/// The time-weighted mean of an hourly intensity over hours, `Σ_h I_h / n`
/// (the "annual average" of the same series, against which the hourly
/// figure's difference is reported); NaN for no hour.
#[inline]
#[must_use]
pub fn mean_intensity(intensity_kg_per_kwh: &[f64]) -> f64 {
    intensity_kg_per_kwh.iter().sum::<f64>() / intensity_kg_per_kwh.len() as f64
}

/// Scope 2 market-based, kg CO2e: every contractual instrument's kWh at its
/// own factor, the grid electricity they do not cover at the residual mix:
/// `Σ_i E_i × F_i + (E_grid − Σ_i E_i) × F_residual` (GHG Protocol Scope 2
/// Guidance, 2015, §6.3 and the hierarchy of Table 6.3). `instruments` are
/// `(kWh, kg CO2e/kWh)` pairs whose kWh sum to at most `grid_kwh` (the
/// engine checks it).
#[inline]
#[must_use]
pub fn scope2_market_kg(
    grid_kwh: f64,
    instruments: &[(f64, f64)],
    residual_kg_per_kwh: f64,
) -> f64 {
    let covered: f64 = instruments.iter().map(|(kwh, _)| kwh).sum();
    let contracted: f64 = instruments.iter().map(|(kwh, f)| kwh * f).sum();
    contracted + (grid_kwh - covered) * residual_kg_per_kwh
}

/// The part of an instrument counted in a reporting period, kWh: its kWh
/// pro rata to the days of its period inside the reporting period
/// (`overlap_days` of `period_days`; GHG Protocol Scope 2 Guidance, Scope 2
/// Quality Criteria: an instrument is matched to the period of the
/// consumption it claims; ISO/IEC 30134-3 counts renewable energy of the
/// period measured).
#[inline]
#[must_use]
pub fn instrument_in_period_kwh(kwh: f64, period_days: f64, overlap_days: f64) -> f64 {
    if period_days > 0.0 {
        kwh * (overlap_days / period_days).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Market-based scope 2 without renewable cooling (a memo), kg CO2e: the
/// cooling energy that on-site renewables and cooling instruments covered
/// is put back at the residual mix. Only the part of the cooling
/// instruments that covered cooling energy comes out (`covered_kwh` of
/// their `instrument_kwh`, at their mean factor `instrument_kg /
/// instrument_kwh`): the rest still covers other electricity, as in the
/// REF without renewable cooling.
#[inline]
#[must_use]
pub fn market_without_cooling_kg(
    market_kg: f64,
    (instrument_kwh, instrument_kg): (f64, f64),
    covered_kwh: f64,
    onsite_covered_kwh: f64,
    residual_kg_per_kwh: f64,
) -> f64 {
    let mean = if instrument_kwh > 0.0 {
        instrument_kg / instrument_kwh
    } else {
        0.0
    };
    market_kg - covered_kwh * mean + (covered_kwh + onsite_covered_kwh) * residual_kg_per_kwh
}

/// Scope 1 of refrigerant leaks, kg CO2e: the mass topped up in the year
/// (taken as the mass that leaked, the GHG Protocol's simplified
/// mass-balance method, *HFC and PFC emissions from refrigeration and air
/// conditioning*, 2005) times the gas's GWP100 (IPCC AR6 WG1 Table 7.SM.7).
#[inline]
#[must_use]
pub fn refrigerant_leak_kg(topped_up_kg: f64, gwp100: f64) -> f64 {
    topped_up_kg * gwp100
}

/// Scope 1 of fuel burnt (backup generators), kg CO2e: `litres × kg CO2e
/// per litre` (GHG Protocol Corporate Standard, stationary combustion; the
/// default factor is derived from the IPCC 2006 Guidelines, vol. 2, ch. 2).
#[inline]
#[must_use]
pub fn diesel_kg(litres: f64, kgco2e_per_l: f64) -> f64 {
    litres * kgco2e_per_l
}

/// Whole-life embodied footprint of the building and its mechanical and
/// electrical plant, kg CO2e: `kg CO2e per kW of IT capacity × kW`.
#[inline]
#[must_use]
pub fn building_embodied_kg(kgco2e_per_kw_it: f64, it_capacity_kw: f64) -> f64 {
    kgco2e_per_kw_it * it_capacity_kw
}

/// The building's embodied footprint booked in a year, kg CO2e: linear over
/// its own lifespan like devices (§6, [`amortised_share`]), `age` years
/// after its first year of service; 0 before it and after the lifespan.
#[inline]
#[must_use]
pub fn building_embodied_in_year_kg(whole_life_kg: f64, lifespan_years: f64, age: f64) -> f64 {
    if age < 0.0 {
        return 0.0;
    }
    whole_life_kg * amortised_share(age, lifespan_years)
}

/// Splits `total` between parts in proportion to non-negative `weights`,
/// conserving it exactly: the parts summed in any order in `f64` give
/// `total` bit for bit. Every part is a whole number of `u = ulp(total)`
/// (the spacing of `f64` at `total`): `total / u` units are shared by the
/// largest-remainder method (each part gets `⌊N × w / Σw⌋` units, the units
/// left go to the largest remainders), so every partial sum is a multiple
/// of `u` below `2^53 u` and exact. Parts differ from `total × w / Σw` by
/// less than `u` (a relative 1e-16 of the total); zero weights get exactly
/// 0. All-zero or empty weights give an empty split (the caller reports
/// the total unallocated).
#[must_use]
pub fn conserving_split(total: f64, weights: &[f64]) -> Vec<f64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 || !sum.is_finite() || !total.is_finite() || total < 0.0 {
        return Vec::new();
    }
    if total == 0.0 {
        return vec![0.0; weights.len()];
    }
    let unit = f64::from_bits(total.to_bits() + 1) - total;
    let units = (total / unit).round();
    let mut whole: Vec<f64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(f64, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = units * (w / sum);
        let floor = exact.floor();
        whole.push(floor);
        if *w > 0.0 {
            remainders.push((exact - floor, i));
        }
    }
    // Largest remainder first (then by position, for determinism).
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = units - whole.iter().sum::<f64>();
    let mut k = 0;
    while left > 0.0 && !remainders.is_empty() {
        if let Some((_, i)) = remainders.get(k % remainders.len()) {
            if let Some(n) = whole.get_mut(*i) {
                *n += 1.0;
            }
        }
        left -= 1.0;
        k += 1;
    }
    k = remainders.len();
    while left < 0.0 && k > 0 {
        k -= 1;
        if let Some((_, i)) = remainders.get(k) {
            if let Some(n) = whole.get_mut(*i).filter(|n| **n >= 1.0) {
                *n -= 1.0;
                left += 1.0;
            }
        }
        if k == 0 && left < 0.0 {
            k = remainders.len();
        }
    }
    whole.iter().map(|n| n * unit).collect()
}
