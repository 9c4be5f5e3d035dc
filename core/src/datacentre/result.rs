//! What a data-centre assessment returns: KPIs, scopes, the cooling
//! section and the tenants' shares.

use super::*;
use crate::catalog::{DatasetInfo, SourceUse};
use crate::note::Note;

/// The KPIs of the EU scheme (Delegated Regulation (EU) 2024/1364) and
/// CUE (ISO/IEC 30134-8, supplementary).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kpis {
    /// PUE = E_DC / E_IT.
    pub pue: f64,
    /// WUE = W_IN / E_IT, L/kWh.
    pub wue_l_per_kwh: f64,
    /// ERF = E_REUSE / E_DC.
    pub erf: f64,
    /// REF = E_RES / E_DC.
    pub ref_: f64,
    /// CUE with location-based scope 2, kg CO2e per kWh of IT energy.
    pub cue_kgco2e_per_kwh: f64,
    /// CUE with market-based scope 2, when computed.
    pub cue_market_kgco2e_per_kwh: Option<f64>,
    /// E_RES: renewable energy counted in REF (on-site + renewable instruments), kWh.
    pub renewable_kwh: f64,
}

/// One refrigerant's leak.
#[derive(Debug, Clone, PartialEq)]
pub struct Leak {
    /// Gas (as in the factors table).
    pub gas: String,
    /// Charge, kg.
    pub charge_kg: f64,
    /// Topped up, kg.
    pub topped_up_kg: f64,
    /// GWP100.
    pub gwp100: f64,
    /// kg CO2e.
    pub kgco2e: f64,
}

/// Scope 1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope1 {
    /// Refrigerant leaks, per gas.
    pub leaks: Vec<Leak>,
    /// Σ leaks, kg CO2e.
    pub refrigerant_kgco2e: f64,
    /// Diesel burnt, litres.
    pub diesel_l: f64,
    /// Factor used, kg CO2e/l.
    pub diesel_kgco2e_per_l: f64,
    /// Diesel, kg CO2e.
    pub diesel_kgco2e: f64,
}

/// Scope 2, both methods.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope2 {
    /// E_grid = E_DC − on-site renewable − generator output, kWh.
    pub grid_kwh: f64,
    /// Yearly direct (combustion) intensity of the zone
    /// (`empreinte-grid-direct`, or the user's), g CO2e/kWh: the basis of
    /// scope 2 and CUE.
    pub annual_g_per_kwh: f64,
    /// Year of that intensity's data (of the first year covered).
    pub annual_data_year: i32,
    /// The calendar years the readings cover, each with its grid
    /// electricity (kWh) and its direct and life-cycle intensities (g
    /// CO2e/kWh): scope 2 and category 3 weight each year's factor by its
    /// kWh; one entry for readings of one year. `annual_g_per_kwh` and
    /// `life_cycle_g_per_kwh` are then the kWh-weighted means.
    pub grid_years: Vec<GridYear>,
    /// Yearly life-cycle intensity of the zone (Ember/OWID), g CO2e/kWh.
    pub life_cycle_g_per_kwh: f64,
    /// E_grid × yearly direct intensity, kg CO2e.
    pub location_annual_kgco2e: f64,
    /// Σ_h E_grid,h × I_h, kg CO2e, when hourly readings and a series cover
    /// the period (the embedded series: direct basis).
    pub location_hourly_kgco2e: Option<f64>,
    /// The hourly series' mean over the same hours, g CO2e/kWh.
    pub series_mean_g_per_kwh: Option<f64>,
    /// E_grid × that mean, kg CO2e (the hourly figure's flat counterpart).
    pub location_series_mean_kgco2e: Option<f64>,
    /// The series used, with its basis.
    pub hourly_source: Option<String>,
    /// The location-based figure reported: the yearly one on the direct
    /// basis, whatever the meter resolution (the hourly figure only gives
    /// [`Scope2::timing_effect_kgco2e`]).
    pub location_kgco2e: f64,
    /// How it was computed (`yearly, direct basis`).
    pub location_method: &'static str,
    /// Scope 3 category 3, kg CO2e: E_grid × (life-cycle − direct).
    pub upstream_kgco2e: f64,
    /// E_grid × yearly life-cycle intensity, kg CO2e (the product view;
    /// = location-based + category 3 unless a user factor is above the
    /// life-cycle one).
    pub life_cycle_kgco2e: f64,
    /// Market-based, kg CO2e, when instruments and a residual mix are given.
    pub market_kgco2e: Option<f64>,
    /// kWh covered by instruments.
    pub contracted_kwh: f64,
    /// Residual-mix factor, kg CO2e/kWh.
    pub residual_mix_kg_per_kwh: Option<f64>,
}

/// One calendar year of the readings' grid electricity and its factors.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GridYear {
    /// Calendar year (the readings' calendar).
    pub year: i32,
    /// Grid electricity in that year, kWh.
    pub grid_kwh: f64,
    /// Direct intensity used, g CO2e/kWh.
    pub direct_g_per_kwh: f64,
    /// Life-cycle intensity used, g CO2e/kWh.
    pub life_cycle_g_per_kwh: f64,
    /// Year of the factors' data.
    pub data_year: i32,
}

impl Scope2 {
    /// The timing effect of the load, kg CO2e: hourly minus the same
    /// series' mean (never added to scope 2).
    #[must_use]
    pub fn timing_effect_kgco2e(&self) -> Option<f64> {
        self.location_hourly_kgco2e
            .zip(self.location_series_mean_kgco2e)
            .map(|(h, m)| h - m)
    }
}

/// Scope 3 (embodied).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scope3 {
    /// IT equipment booked in the year, kg CO2e (central, low, high).
    pub equipment_kgco2e: Option<[f64; 3]>,
    /// Building and M&E booked in the year, kg CO2e.
    pub building_kgco2e: Option<f64>,
    /// Building and M&E in its acquisition year, for the period covered
    /// (whatever the mode: the GHG inventory's category 2), kg CO2e.
    pub building_acquisition_kgco2e: Option<f64>,
    /// Calendar years booked: Σ of the fractions of calendar years the
    /// readings cover (1 for a calendar year; yearly items are booked ×
    /// each year's fraction).
    pub period_years: f64,
}

impl Scope3 {
    /// Σ, kg CO2e (central).
    #[must_use]
    pub fn total(&self) -> f64 {
        self.equipment_kgco2e.map_or(0.0, |e| e[0]) + self.building_kgco2e.unwrap_or(0.0)
    }
}

/// The effect of renewable cooling.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cooling {
    /// Cooling energy, kWh.
    pub cooling_kwh: f64,
    /// Covered by on-site renewables in the same interval, kWh.
    pub onsite_covered_kwh: f64,
    /// Covered by instruments bought for cooling, kWh.
    pub contracted_covered_kwh: f64,
    /// Free-cooling hours.
    pub free_cooling_h: f64,
    /// Points of PUE due to cooling, `cooling / E_IT`.
    pub pue_points_cooling: f64,
    /// REF without renewable cooling.
    pub ref_without: f64,
    /// Location-based scope 2 without it, kg CO2e.
    pub location_without_kgco2e: f64,
    /// Market-based scope 2 without it, kg CO2e.
    pub market_without_kgco2e: Option<f64>,
}

/// One tenant's (or the unallocated capacity's) part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TenantResult {
    /// Name; `(unallocated)` for the capacity no tenant uses.
    pub name: String,
    /// IT energy, kWh.
    pub it_kwh: f64,
    /// Facility energy, kWh.
    pub facility_kwh: f64,
    /// Scope 1, kg CO2e.
    pub scope1_kgco2e: f64,
    /// Its part of the generator fuel (in scope 1), kg CO2e.
    pub diesel_kgco2e: f64,
    /// Scope 2 location-based, kg CO2e.
    pub scope2_location_kgco2e: f64,
    /// Scope 2 market-based, kg CO2e.
    pub scope2_market_kgco2e: Option<f64>,
    /// Scope 3, kg CO2e.
    pub scope3_kgco2e: f64,
    /// Share of the IT energy.
    pub share_of_it: f64,
    /// CUE of its part (location-based scope 2 and its generator fuel over
    /// its IT energy, [`crate::accounting::cue_kgco2e_per_kwh`]); `None`
    /// without IT energy.
    pub cue_kgco2e_per_kwh: Option<f64>,
    /// CUE with its market-based scope 2, when computed.
    pub cue_market_kgco2e_per_kwh: Option<f64>,
}

/// The name of the line of unallocated capacity.
pub const UNALLOCATED: &str = "(unallocated)";

/// A data-centre assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Datacentre {
    /// Facility name.
    pub name: String,
    /// Grid zone.
    pub zone: String,
    /// Reporting year.
    pub year: i32,
    /// Installed IT capacity, kW.
    pub it_capacity_kw: Option<f64>,
    /// The period's totals.
    pub metered: Metered,
    /// Period covered (UTC instants, `YYYY-MM-DDTHH:MMZ`).
    pub period: (String, String),
    /// Whether the readings cover the calendar year `year` (within the
    /// time zones' offsets): the EU scheme's KPIs are annual; other
    /// periods are noted and their indicators are not the EU table.
    pub calendar_year: bool,
    /// Readings (intervals) read.
    pub intervals: u64,
    /// KPIs.
    pub kpis: Kpis,
    /// Scope 1.
    pub scope1: Scope1,
    /// Scope 2.
    pub scope2: Scope2,
    /// Scope 3.
    pub scope3: Scope3,
    /// Renewable cooling.
    pub cooling: Cooling,
    /// Allocation method.
    pub allocation: Allocation,
    /// How capital goods are booked (scope 3 amortised is the management
    /// view, not GHG Protocol scope 3).
    pub mode: crate::accounting::Mode,
    /// Tenants then the unallocated line (sums conserve the totals exactly).
    pub tenants: Vec<TenantResult>,
    /// Notes.
    pub notes: Vec<Note>,
    /// Sources of the values used.
    pub sources: Vec<SourceUse>,
    /// Datasets.
    pub datasets: Vec<DatasetInfo>,
}
