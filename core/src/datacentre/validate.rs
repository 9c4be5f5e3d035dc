//! Everything an assessment reads, and the checks of what a binding may
//! fill directly.

use super::*;
use crate::error::{Location, Result};
use crate::grid::hourly::HourlySeries;

/// Everything a data-centre assessment reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// The facility.
    pub facility: Facility,
    /// The readings of the reporting period.
    pub readings: Readings,
    /// Instruments for market-based scope 2 (none: market-based not computed).
    pub instruments: Option<Instruments>,
    /// Tenants (none: one line for the whole data centre).
    pub tenants: Vec<Tenant>,
    /// How tenants are allocated.
    pub allocation: Allocation,
    /// The IT equipment's embodied footprint of the year.
    pub equipment: Option<EquipmentEmbodied>,
    /// An hourly grid series (else the embedded one of the zone, when built in).
    pub hourly: Option<HourlySeries>,
    /// How capital goods (IT equipment, building) are booked: amortised
    /// over their lifespans (the management view, the default as for
    /// `assess`), or in their acquisition year (GHG Protocol scope 3
    /// category 2).
    pub mode: crate::accounting::Mode,
    /// Notes of the reading of the tenants and equipment files (ignored
    /// columns, a Windows-1252 decoding): shown with the results, like the
    /// readings', facility's and instruments' own.
    pub notes: Vec<crate::note::Note>,
}

impl Inputs {
    /// Inputs with a facility and readings only.
    #[must_use]
    pub fn new(facility: Facility, readings: Readings) -> Self {
        Self {
            facility,
            readings,
            instruments: None,
            tenants: Vec::new(),
            allocation: Allocation::default(),
            equipment: None,
            hourly: None,
            mode: crate::accounting::Mode::default(),
            notes: Vec::new(),
        }
    }
}

/// Checks what a binding may fill directly (the readers check the same
/// values cell by cell): facility amounts, the building, tenants.
pub(super) fn check_structs(inputs: &Inputs) -> Result<()> {
    use crate::quantity::bounds::{check_lifespan, check_range, check_year};
    let big = 1e15;
    let facility = |column: &str| Location::file("facility").with_column(column);
    let f = &inputs.facility;
    if let Some(kw) = f.it_capacity_kw {
        check_range(kw, &facility("it_capacity_kw"), 0.0, false, big)?;
    }
    if let Some(d) = f.diesel_kgco2e_per_l {
        check_range(d, &facility("diesel_kgco2e_per_l"), 0.0, true, 100.0)?;
    }
    for r in &f.refrigerants {
        let at = |column: &str| r.at.clone().with_column(column);
        check_range(r.charge_kg, &at("charge_kg"), 0.0, true, big)?;
        check_range(r.topped_up_kg, &at("topped_up_kg"), 0.0, true, big)?;
    }
    if let Some(b) = &f.building {
        check_range(
            b.embodied_kgco2e_per_kw_it,
            &facility("building_embodied_kgco2e_per_kw_it"),
            0.0,
            true,
            big,
        )?;
        check_lifespan(b.lifespan_years, &facility("building_lifespan_years"))?;
        check_year(f64::from(b.first_year), &facility("building_first_year"))?;
    }
    super::checks::check_user_inputs(inputs)?;
    for t in &inputs.tenants {
        let at = |column: &str| t.at.clone().with_column(column);
        if let Some(kwh) = t.it_kwh {
            check_range(kwh, &at("it_kwh"), 0.0, true, big)?;
        }
        if let Some(share) = t.capacity_share {
            check_range(share, &at("capacity_share"), 0.0, true, 1.0)?;
        }
    }
    Ok(())
}
