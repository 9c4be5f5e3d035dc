//! The accounting formulas, in one place: which share of a device's life a
//! reporting year books, the footprint of one row of devices in a year, the
//! whole-life footprint, steady-state yearly embodied footprint and the
//! replacement break-even. Small pure functions on plain numbers, inlined
//! into the engines' hot loops; the single-device path, the fleet engine
//! and every later engine (data centres, policies, SCI) call these and
//! compute a footprint nowhere else. Formulas and sources:
//! `docs/methodology.md` §4-§9.
//!
//! Values are arrays of `K` lanes (`K = 3`: central, low, high today; `K = N`
//! samples for a Monte Carlo run): the formulas do not change with `K`.
//!
//! ```
//! use empreinte::accounting::{booking, Life, Mode};
//! // A laptop bought in 2023 with a 4-year life, reported in 2023:
//! let life = Life::new(2023, 4.0, None);
//! let b = booking(Mode::Amortised, life, 2023).unwrap();
//! assert_eq!(b.embodied, 0.25);
//! let b = booking(Mode::Acquisition, life, 2023).unwrap();
//! assert_eq!((b.embodied, b.end_of_life), (1.0, 0.0));
//! assert!(booking(Mode::Amortised, life, 2022).is_none()); // not bought yet
//! ```

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// "No disposal year" in [`Life::disposal_year`].
pub const NEVER: i32 = i32::MAX;

/// How embodied impacts are spread over the years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Linear over the lifespan (ADEME, Boavizta, ISO/IEC 21031 SCI).
    #[default]
    Amortised,
    /// All in the year of purchase (GHG Protocol scope 3 category 2).
    Acquisition,
}

impl Mode {
    /// The identifier used on the command line and in results.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Amortised => "amortised",
            Self::Acquisition => "acquisition",
        }
    }

    /// Parses `amortised` (or `amortized`) or `acquisition`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] located at the option `mode`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "amortised" | "amortized" => Ok(Self::Amortised),
            "acquisition" => Ok(Self::Acquisition),
            _ => Err(Error::invalid_option("mode", s, "amortised, acquisition")),
        }
    }
}

/// The life of a row of devices: purchase year, lifespan, disposal year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Life {
    /// Year of purchase.
    pub purchase_year: i32,
    /// Lifespan over which embodied impacts are amortised, years (> 0).
    pub lifespan_years: f64,
    /// Year the devices left, or [`NEVER`].
    pub disposal_year: i32,
}

impl Life {
    /// A life; `disposal_year` `None` for devices still in service.
    #[must_use]
    pub fn new(purchase_year: i32, lifespan_years: f64, disposal_year: Option<i32>) -> Self {
        Self {
            purchase_year,
            lifespan_years,
            disposal_year: disposal_year.unwrap_or(NEVER),
        }
    }
}

/// What one reporting year books of a device's life.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Booking {
    /// Share of the whole-life manufacture and transport footprint booked.
    pub embodied: f64,
    /// Share of the whole-life end-of-life footprint booked.
    pub end_of_life: f64,
    /// Whether the device is past its amortisation period (age >= lifespan).
    pub beyond_amortisation: bool,
}

/// Whether devices are in the inventory of `year`: bought in or before it
/// and not disposed of before it (methodology §4).
#[inline]
#[must_use]
pub fn in_service(life: Life, year: i32) -> bool {
    life.purchase_year <= year && life.disposal_year >= year
}

/// Amortised share of a year at `age` (years since purchase):
/// `clamp(L - age, 0, 1) / L`, so a fractional last year books its fraction
/// (methodology §6).
#[inline]
#[must_use]
pub fn amortised_share(age: f64, lifespan: f64) -> f64 {
    (lifespan - age).clamp(0.0, 1.0) / lifespan
}

/// The part not yet amortised, written off in the disposal year:
/// `max(0, 1 - min(age, L) / L)` (methodology §6).
#[inline]
#[must_use]
pub fn disposal_write_off(age: f64, lifespan: f64) -> f64 {
    (1.0 - age.min(lifespan) / lifespan).max(0.0)
}

/// The year end of life is booked in acquisition mode: the disposal year,
/// else the last year of the lifespan, `P + ceil(L) - 1` (methodology §6).
#[inline]
#[must_use]
pub fn end_of_life_year(life: Life) -> i32 {
    if life.disposal_year == NEVER {
        life.purchase_year + life.lifespan_years.ceil() as i32 - 1
    } else {
        life.disposal_year
    }
}

/// What `year` books of `life` in `mode`; `None` when the devices are not in
/// the inventory of that year.
#[inline]
#[must_use]
pub fn booking(mode: Mode, life: Life, year: i32) -> Option<Booking> {
    if !in_service(life, year) {
        return None;
    }
    let age = f64::from(year - life.purchase_year);
    let l = life.lifespan_years;
    let (embodied, end_of_life) = match mode {
        Mode::Acquisition => (
            f64::from(u8::from(life.purchase_year == year)),
            f64::from(u8::from(end_of_life_year(life) == year)),
        ),
        Mode::Amortised => {
            let s = if life.disposal_year == year {
                disposal_write_off(age, l)
            } else {
                amortised_share(age, l)
            };
            (s, s)
        }
    };
    Some(Booking {
        embodied,
        end_of_life,
        beyond_amortisation: age >= l,
    })
}

/// The footprint of `quantity` devices for one criterion in the year of
/// `booking`, per phase (manufacture, transport, use, end of life), each of
/// `K` lanes: embodied phases are the whole-life per-device values times the
/// booked share; use is the year's electricity times the per-kWh factor
/// (methodology §5-§6).
#[inline(always)]
#[must_use]
#[allow(clippy::indexing_slicing)] // `b < K` in `from_fn` over `[_; K]`: cannot fail
pub fn phases_in_year<const K: usize>(
    booking: &Booking,
    quantity: f64,
    embodied: &[[f64; K]; 3],
    energy_kwh: &[f64; K],
    per_kwh: &[f64; K],
) -> [[f64; K]; 4] {
    let [manufacture, transport, end_of_life] = embodied;
    let mt = quantity * booking.embodied;
    let eol = quantity * booking.end_of_life;
    [
        std::array::from_fn(|b| mt * manufacture[b]),
        std::array::from_fn(|b| mt * transport[b]),
        std::array::from_fn(|b| quantity * energy_kwh[b] * per_kwh[b]),
        std::array::from_fn(|b| eol * end_of_life[b]),
    ]
}

/// The whole-life footprint of one device for one criterion, per phase:
/// embodied phases as given, use = yearly electricity × lifespan × per-kWh
/// factor (methodology §5).
#[inline]
#[must_use]
#[allow(clippy::indexing_slicing)] // `b < K` in `from_fn` over `[_; K]`: cannot fail
pub fn whole_life_phases<const K: usize>(
    lifespan_years: f64,
    embodied: &[[f64; K]; 3],
    energy_kwh: &[f64; K],
    per_kwh: &[f64; K],
) -> [[f64; K]; 4] {
    let [manufacture, transport, end_of_life] = *embodied;
    [
        manufacture,
        transport,
        std::array::from_fn(|b| energy_kwh[b] * lifespan_years * per_kwh[b]),
        end_of_life,
    ]
}

/// Per-device whole-life embodied climate footprint of a row, per embodied
/// phase: the row's own total split by the kind's phase shares when it
/// gives one, else the catalog's per-phase values (where a factor table
/// overrides the archetype).
#[inline(always)]
#[must_use]
pub fn embodied_gwp_phases(
    own_total: Option<[f64; 3]>,
    shares: &[f64; 3],
    catalog: &[[f64; 3]; 3],
) -> [[f64; 3]; 3] {
    match own_total {
        Some(total) => shares.map(|share| total.map(|v| v * share)),
        None => *catalog,
    }
}

/// Embodied footprint booked per year in steady state (a fleet renewed at
/// a constant pace): `embodied / lifespan` (methodology §9).
#[inline]
#[must_use]
pub fn steady_state_per_year(embodied: f64, lifespan_years: f64) -> f64 {
    embodied / lifespan_years
}

/// Years after which replacing a working device by a more efficient one
/// pays back the new device's embodied footprint:
/// `embodied_new / (use_old - use_new)` per year (methodology §9). `None`
/// when the new device saves nothing in use.
#[must_use]
pub fn replacement_break_even_years(
    embodied_new_kg: f64,
    use_old_kg_per_year: f64,
    use_new_kg_per_year: f64,
) -> Option<f64> {
    let saving = use_old_kg_per_year - use_new_kg_per_year;
    (saving > 0.0).then(|| embodied_new_kg / saving)
}

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

// Data centres, methodology §14. The `datacentre` engine calls these; they
// compute nothing anywhere else. KPI definitions: Commission Delegated
// Regulation (EU) 2024/1364, Annex VII (the EU data-centre reporting
// scheme), which takes them from EN 50600-4-2 (PUE), -4-3 (REF), -4-6
// (ERF), -4-9 (WUE) and ISO/IEC 30134-8 (CUE).

/// Power usage effectiveness `PUE = E_DC / E_IT` (dimensionless, ≥ 1 for
/// consistent meters): total energy of the data centre over the energy of
/// its IT equipment (EU 2024/1364 Annex VII; EN 50600-4-2).
#[inline]
#[must_use]
pub fn pue(facility_kwh: f64, it_kwh: f64) -> f64 {
    facility_kwh / it_kwh
}

/// Water usage effectiveness `WUE = W_IN / E_IT`, litres per kWh of IT
/// energy, from the water input in m³ (1 m³ = 1,000 L; EU 2024/1364
/// Annex VII; EN 50600-4-9).
#[inline]
#[must_use]
pub fn wue_l_per_kwh(water_m3: f64, it_kwh: f64) -> f64 {
    water_m3 * 1_000.0 / it_kwh
}

/// Energy reuse factor `ERF = E_REUSE / E_DC` (0-1): energy reused outside
/// the data centre (waste heat delivered to a heat network) over its total
/// energy (EU 2024/1364 Annex VII; EN 50600-4-6).
#[inline]
#[must_use]
pub fn erf(reused_kwh: f64, facility_kwh: f64) -> f64 {
    reused_kwh / facility_kwh
}

/// Renewable energy factor `REF = E_RES / E_DC` (0-1): renewable energy
/// consumed (on-site generation plus guarantees of origin and PPAs) over
/// the total energy (EU 2024/1364 Annex VII; EN 50600-4-3).
#[inline]
#[must_use]
pub fn renewable_energy_factor(renewable_kwh: f64, facility_kwh: f64) -> f64 {
    renewable_kwh / facility_kwh
}

/// Carbon usage effectiveness `CUE = CO2e(E_DC) / E_IT`, kg CO2e per kWh of
/// IT energy: emissions of the data centre's energy use (scope 2 of its
/// electricity plus the fuel it burns, scope 1 diesel) over its IT energy
/// (ISO/IEC 30134-8; listed in EU 2024/1364 Annex VII).
#[inline]
#[must_use]
pub fn cue_kgco2e_per_kwh(energy_kgco2e: f64, it_kwh: f64) -> f64 {
    energy_kgco2e / it_kwh
}

/// Electricity drawn from the grid, kWh: the total energy less the part
/// generated and consumed on site (`E_DC − E_onsite`). Scope 2 counts only
/// purchased energy (GHG Protocol Scope 2 Guidance, 2015, §5).
#[inline]
#[must_use]
pub fn grid_kwh(facility_kwh: f64, onsite_renewable_kwh: f64) -> f64 {
    facility_kwh - onsite_renewable_kwh
}

/// Scope 2 location-based with a yearly intensity, kg CO2e:
/// `E_grid × I_year` (GHG Protocol Scope 2 Guidance, 2015, §6.2).
#[inline]
#[must_use]
pub fn scope2_location_annual_kg(grid_kwh: f64, intensity_kg_per_kwh: f64) -> f64 {
    grid_kwh * intensity_kg_per_kwh
}

/// Scope 2 location-based with an hourly intensity, kg CO2e:
/// `Σ_h E_grid,h × I_h` over the hours both series cover (the Scope 2
/// Guidance, §6.2, prefers the most precise grid factor available in time
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

/// Embodied footprint of a storage device of `capacity_tb` from its kind's
/// footprint `embodied_kgco2e` at the kind's reference capacity
/// `reference_tb`: `E × capacity / reference`, i.e. the footprint per TB
/// times the capacity (methodology §2, storage per capacity).
#[inline]
#[must_use]
pub fn capacity_scaled_kgco2e(embodied_kgco2e: f64, capacity_tb: f64, reference_tb: f64) -> f64 {
    embodied_kgco2e * capacity_tb / reference_tb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amortised_shares_sum_to_one_over_a_fractional_life() {
        let life = Life::new(2020, 4.5, None);
        let sum: f64 = (2020..2030)
            .filter_map(|y| booking(Mode::Amortised, life, y))
            .map(|b| b.embodied)
            .sum();
        assert!((sum - 1.0).abs() < 1e-12);
        let last = booking(Mode::Amortised, life, 2024).unwrap();
        assert!((last.embodied - 0.5 / 4.5).abs() < 1e-15);
        assert!(!last.beyond_amortisation);
        assert!(
            booking(Mode::Amortised, life, 2025)
                .unwrap()
                .beyond_amortisation
        );
    }

    #[test]
    fn disposal_writes_off_the_rest() {
        let life = Life::new(2020, 4.0, Some(2021));
        let shares: Vec<f64> = (2020..2024)
            .filter_map(|y| booking(Mode::Amortised, life, y))
            .map(|b| b.embodied)
            .collect();
        assert_eq!(shares, [0.25, 0.75]);
    }

    #[test]
    fn acquisition_books_end_of_life_once() {
        let kept = Life::new(2020, 3.2, None);
        assert_eq!(end_of_life_year(kept), 2023);
        let eol: Vec<f64> = (2020..2030)
            .filter_map(|y| booking(Mode::Acquisition, kept, y))
            .map(|b| b.end_of_life)
            .collect();
        assert_eq!(eol.iter().sum::<f64>(), 1.0);
        let disposed = Life::new(2020, 5.0, Some(2021));
        assert_eq!(end_of_life_year(disposed), 2021);
    }

    #[test]
    fn phases_multiply_shares_quantities_and_factors() {
        let b = Booking {
            embodied: 0.25,
            end_of_life: 0.25,
            beyond_amortisation: false,
        };
        let p = phases_in_year(&b, 2.0, &[[100.0], [10.0], [4.0]], &[20.0], &[0.1]);
        assert_eq!(p, [[50.0], [5.0], [4.0], [2.0]]);
        assert_eq!(
            replacement_break_even_years(200.0, 2.7, 1.35).map(f64::round),
            Some(148.0)
        );
        assert_eq!(replacement_break_even_years(200.0, 1.0, 1.0), None);
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
    }
}

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
/// intensity it equals [`replacement_break_even_years`].
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

#[cfg(test)]
mod policy_tests {
    use super::*;

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
