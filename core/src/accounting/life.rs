//! Which share of a device's life a reporting year books, and the
//! footprint of one row of devices in a year (methodology §4-§9).

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

/// Embodied footprint of a storage device of `capacity_tb` from its kind's
/// footprint `embodied_kgco2e` at the kind's reference capacity
/// `reference_tb`: `E × capacity / reference`, i.e. the footprint per TB
/// times the capacity (methodology §2, storage per capacity).
#[inline]
#[must_use]
pub fn capacity_scaled_kgco2e(embodied_kgco2e: f64, capacity_tb: f64, reference_tb: f64) -> f64 {
    embodied_kgco2e * capacity_tb / reference_tb
}

/// Embodied footprint booked per year in steady state (a fleet renewed at
/// a constant pace): `embodied / lifespan` (methodology §9).
#[inline]
#[must_use]
pub fn steady_state_per_year(embodied: f64, lifespan_years: f64) -> f64 {
    embodied / lifespan_years
}

/// Embodied footprint per year saved in steady state by keeping devices
/// `extra_years` longer: `E / L − E / (L + N) = E × N / (L × (L + N))`
/// (methodology §9), the difference of two [`steady_state_per_year`]
/// written without a subtraction, so that a saving keeps `low <= central
/// <= high` of its embodied footprint.
#[inline]
#[must_use]
pub fn steady_state_saving_per_year(embodied: f64, lifespan_years: f64, extra_years: f64) -> f64 {
    embodied * extra_years / (lifespan_years * (lifespan_years + extra_years))
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
}
