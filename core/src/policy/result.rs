//! What a policy simulation returns: the figures of each year, per group
//! and for the whole fleet, the second life, and policies side by side.

use super::extend::ExtendOrReplace;
use super::Policy;
use crate::catalog::{DatasetInfo, SourceUse};
use crate::note::Note;
use crate::quantity::Estimate;
use serde::Serialize;

/// The figures of one year for one group (or the whole fleet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    /// The year.
    pub year: i32,
    /// Devices in service during the year (those leaving in it included).
    pub stock_devices: f64,
    /// Devices bought in the year (new and refurbished).
    pub purchases_devices: f64,
    /// Devices whose (donor) life ends in the year and that are scrapped or
    /// recycled.
    pub disposals_devices: f64,
    /// Devices whose first life ends in the year and that are donated.
    pub donations_devices: f64,
    /// Devices in service past their amortisation period.
    pub devices_beyond_amortisation: f64,
    /// Mean age of the devices in service, years (`None` without devices).
    pub average_age_years: Option<f64>,
    /// Electricity used, kWh.
    pub use_energy_kwh: Estimate,
    /// Embodied footprint booked, amortised mode, kg CO2e.
    pub embodied_amortised_kgco2e: Estimate,
    /// Embodied footprint booked, acquisition mode, kg CO2e.
    pub embodied_acquisition_kgco2e: Estimate,
    /// Use phase, kg CO2e.
    pub use_kgco2e: Estimate,
    /// Embodied (in the policy's mode) plus use, kg CO2e.
    pub total_kgco2e: Estimate,
    /// `total_kgco2e` per device in service (`None` without devices).
    pub per_device_year_kgco2e: Option<Estimate>,
}

/// The years of one entity and kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupYears {
    /// The entity.
    pub entity: String,
    /// The device kind.
    pub kind: String,
    /// One entry per simulated year.
    pub years: Vec<YearFigures>,
}

/// The recipients' side of donations in one year (never in the donor's
/// totals), and the avoided emissions memo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecondLifeYear {
    /// The year.
    pub year: i32,
    /// Devices donated at the end of the year (received the next year).
    pub donated_devices: f64,
    /// Devices in their second life during the year.
    pub devices_in_second_life: f64,
    /// Recipients' electricity, kWh.
    pub use_energy_kwh: Estimate,
    /// Recipients' use phase, kg CO2e.
    pub use_kgco2e: Estimate,
    /// Refurbishment before the second life (booked the year received), kg CO2e.
    pub refurbishment_kgco2e: Estimate,
    /// Embodied footprint the recipients book (split-by-service rule only;
    /// zero under the cut-off rule), in the policy's mode, kg CO2e.
    pub embodied_kgco2e: Estimate,
    /// Avoided emissions of the year's donations (memo, never subtracted), kg CO2e.
    pub avoided_kgco2e: Estimate,
}

/// The simulation of one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyResult {
    /// The policy simulated.
    pub policy: Policy,
    /// The years, in order.
    pub years: Vec<i32>,
    /// Per entity and kind (entities by name, kinds in catalog order).
    pub groups: Vec<GroupYears>,
    /// The whole fleet, per year.
    pub total: Vec<YearFigures>,
    /// Recipients of donated devices, per year.
    pub second_life: Vec<SecondLifeYear>,
    /// The reduction trajectory from the base year, per year, kg CO2e.
    pub trajectory_kgco2e: Vec<Estimate>,
    /// Per year: from the base year on, whether the total is at or below
    /// the trajectory (central values).
    pub on_track: Vec<bool>,
    /// First year after the base year on track ([`PolicyResult::on_track`]).
    pub crossing_year: Option<i32>,
    /// Extend or replace, per kind of the inventory.
    pub extend_or_replace: Vec<ExtendOrReplace>,
    /// Assumptions, fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where the values used came from.
    pub sources: Vec<SourceUse>,
    /// The dataset editions of the catalog.
    pub datasets: Vec<DatasetInfo>,
}

impl PolicyResult {
    /// Sum of the totals over the years, kg CO2e.
    #[must_use]
    pub fn cumulative_kgco2e(&self) -> Estimate {
        self.total
            .iter()
            .fold(Estimate::ZERO, |acc, y| acc + y.total_kgco2e)
    }

    /// Sum of the avoided emissions of donations over the years, kg CO2e:
    /// a memo item, never subtracted from any total.
    #[must_use]
    pub fn cumulative_avoided_kgco2e(&self) -> Estimate {
        self.second_life
            .iter()
            .fold(Estimate::ZERO, |acc, y| acc + y.avoided_kgco2e)
    }
}

/// One policy of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// The policy's name.
    pub scenario: String,
    /// Total over the years, kg CO2e.
    pub cumulative_kgco2e: Estimate,
    /// Central cumulative total minus the first policy's, kg CO2e.
    pub cumulative_difference_kgco2e: f64,
    /// Avoided emissions of donations over the years (memo, never
    /// subtracted from any total), kg CO2e.
    pub cumulative_avoided_kgco2e: Estimate,
    /// Devices bought over the years.
    pub purchases_devices: f64,
    /// Base year of the trajectory.
    pub base_year: i32,
    /// First year at or below the trajectory.
    pub crossing_year: Option<i32>,
}

/// Policies side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Each policy's simulation, in the order given.
    pub results: Vec<PolicyResult>,
    /// One row per policy.
    pub rows: Vec<ComparisonRow>,
}

impl Comparison {
    /// The comparison of simulations already run (the first is the
    /// reference of the differences).
    #[must_use]
    pub fn from_results(mut results: Vec<PolicyResult>) -> Comparison {
        super::names::make_distinct(&mut results);
        let first = results
            .first()
            .map_or(0.0, |r| r.cumulative_kgco2e().central());
        let rows = results
            .iter()
            .map(|r| {
                let cumulative = r.cumulative_kgco2e();
                ComparisonRow {
                    scenario: r.policy.name.clone(),
                    cumulative_kgco2e: cumulative,
                    cumulative_difference_kgco2e: cumulative.central() - first,
                    cumulative_avoided_kgco2e: r.cumulative_avoided_kgco2e(),
                    purchases_devices: r.total.iter().map(|y| y.purchases_devices).sum(),
                    base_year: r.policy.base_year(),
                    crossing_year: r.crossing_year,
                }
            })
            .collect();
        Comparison { results, rows }
    }
}
