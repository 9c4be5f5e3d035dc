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
/// (Cloud Carbon Footprint's compute formula).
#[inline]
#[must_use]
pub fn vcpu_power_w(utilisation: f64, min_w: f64, max_w: f64) -> f64 {
    min_w + utilisation.clamp(0.0, 1.0) * (max_w - min_w)
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
