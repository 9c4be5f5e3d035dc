//! Physical quantities as types.
//!
//! Unit mistakes (W vs kW, Wh vs kWh, g vs kg, hours vs years) are the main
//! bug class of carbon accounting. Every quantity here is a newtype over a
//! private `f64` in one documented canonical unit; constructors and
//! accessors name their unit, and only meaningful operators exist:
//!
//! ```
//! use empreinte::quantity::units::{Duration, Energy, EmissionFactor, Power};
//! let laptop = Power::from_w(15.0) * Duration::from_hours(1_000.0);
//! assert_eq!(laptop.kwh(), 15.0);
//! let co2e = Energy::from_wh(15_000.0) * EmissionFactor::from_g_per_kwh(139.0);
//! assert!((co2e.kg() - 2.085).abs() < 1e-12);
//! ```
//!
//! Adding an energy to a power does not compile:
//!
//! ```compile_fail
//! use empreinte::quantity::units::{Energy, Power};
//! let _ = Energy::from_kwh(1.0) + Power::from_w(1.0);
//! ```

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Div, Mul, Sub};

/// Hours in a year, as used for every year/hour conversion (365 days).
pub const HOURS_PER_YEAR: f64 = 8_760.0;

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, canonical = $canon:ident, unit = $unit:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(f64);

        impl $name {
            /// Zero of this quantity.
            pub const ZERO: Self = Self(0.0);
            #[doc = concat!("The value in ", $unit, ".")]
            #[must_use]
            pub const fn $canon(self) -> f64 {
                self.0
            }
            /// Whether the value is finite (neither NaN nor infinite).
            #[must_use]
            pub fn is_finite(self) -> bool {
                self.0.is_finite()
            }
        }
        impl Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self(self.0 + rhs.0)
            }
        }
        impl AddAssign for $name {
            fn add_assign(&mut self, rhs: Self) {
                self.0 += rhs.0;
            }
        }
        impl Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 - rhs.0)
            }
        }
        /// Scaling by a dimensionless factor (a quantity of devices, a share).
        impl Mul<f64> for $name {
            type Output = Self;
            fn mul(self, rhs: f64) -> Self {
                Self(self.0 * rhs)
            }
        }
        /// Ratio of two quantities of the same kind (dimensionless).
        impl Div for $name {
            type Output = f64;
            fn div(self, rhs: Self) -> f64 {
                self.0 / rhs.0
            }
        }
        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|q| q.0).sum())
            }
        }
    };
}

quantity!(
    /// Electrical energy; canonical unit kWh.
    Energy, canonical = kwh, unit = "kWh"
);
quantity!(
    /// Electrical power; canonical unit W.
    Power, canonical = w, unit = "W"
);
quantity!(
    /// A length of time; canonical unit the hour. A year is [`HOURS_PER_YEAR`] hours.
    Duration, canonical = hours, unit = "hours"
);
quantity!(
    /// Greenhouse-gas emissions as a mass of CO2 equivalent; canonical unit kg CO2e.
    Co2e, canonical = kg, unit = "kg CO2e"
);
quantity!(
    /// Emissions per unit of electricity; canonical unit kg CO2e / kWh.
    EmissionFactor, canonical = kg_per_kwh, unit = "kg CO2e / kWh"
);

impl Energy {
    /// From kilowatt-hours.
    #[must_use]
    pub const fn from_kwh(kwh: f64) -> Self {
        Self(kwh)
    }
    /// From watt-hours.
    #[must_use]
    pub fn from_wh(wh: f64) -> Self {
        Self(wh / 1_000.0)
    }
    /// From megawatt-hours.
    #[must_use]
    pub fn from_mwh(mwh: f64) -> Self {
        Self(mwh * 1_000.0)
    }
    /// From megajoules (1 kWh = 3.6 MJ).
    #[must_use]
    pub fn from_mj(mj: f64) -> Self {
        Self(mj / 3.6)
    }
    /// The value in Wh.
    #[must_use]
    pub fn wh(self) -> f64 {
        self.0 * 1_000.0
    }
    /// The value in MWh.
    #[must_use]
    pub fn mwh(self) -> f64 {
        self.0 / 1_000.0
    }
}

impl Power {
    /// From watts.
    #[must_use]
    pub const fn from_w(w: f64) -> Self {
        Self(w)
    }
    /// From kilowatts.
    #[must_use]
    pub fn from_kw(kw: f64) -> Self {
        Self(kw * 1_000.0)
    }
    /// The value in kW.
    #[must_use]
    pub fn kw(self) -> f64 {
        self.0 / 1_000.0
    }
}

impl Duration {
    /// From hours.
    #[must_use]
    pub const fn from_hours(hours: f64) -> Self {
        Self(hours)
    }
    /// From years of [`HOURS_PER_YEAR`] hours.
    #[must_use]
    pub fn from_years(years: f64) -> Self {
        Self(years * HOURS_PER_YEAR)
    }
    /// The value in years of [`HOURS_PER_YEAR`] hours.
    #[must_use]
    pub fn years(self) -> f64 {
        self.0 / HOURS_PER_YEAR
    }
}

impl Co2e {
    /// From kilograms CO2e.
    #[must_use]
    pub const fn from_kg(kg: f64) -> Self {
        Self(kg)
    }
    /// From grams CO2e.
    #[must_use]
    pub fn from_g(g: f64) -> Self {
        Self(g / 1_000.0)
    }
    /// From tonnes CO2e.
    #[must_use]
    pub fn from_t(t: f64) -> Self {
        Self(t * 1_000.0)
    }
    /// The value in grams CO2e.
    #[must_use]
    pub fn g(self) -> f64 {
        self.0 * 1_000.0
    }
    /// The value in tonnes CO2e.
    #[must_use]
    pub fn t(self) -> f64 {
        self.0 / 1_000.0
    }
}

impl EmissionFactor {
    /// From kg CO2e per kWh.
    #[must_use]
    pub const fn from_kg_per_kwh(kg_per_kwh: f64) -> Self {
        Self(kg_per_kwh)
    }
    /// From g CO2e per kWh (the unit grid intensities are published in).
    #[must_use]
    pub fn from_g_per_kwh(g_per_kwh: f64) -> Self {
        Self(g_per_kwh / 1_000.0)
    }
    /// The value in g CO2e per kWh.
    #[must_use]
    pub fn g_per_kwh(self) -> f64 {
        self.0 * 1_000.0
    }
}

/// Power over a duration is energy.
impl Mul<Duration> for Power {
    type Output = Energy;
    fn mul(self, rhs: Duration) -> Energy {
        Energy(self.0 * rhs.0 / 1_000.0)
    }
}

/// Energy times its emission factor is emissions.
impl Mul<EmissionFactor> for Energy {
    type Output = Co2e;
    fn mul(self, rhs: EmissionFactor) -> Co2e {
        Co2e(self.0 * rhs.0)
    }
}

/// Energy over a duration is the mean power.
impl Div<Duration> for Energy {
    type Output = Power;
    fn div(self, rhs: Duration) -> Power {
        Power(self.0 * 1_000.0 / rhs.0)
    }
}

/// Emissions per energy is an emission factor.
impl Div<Energy> for Co2e {
    type Output = EmissionFactor;
    fn div(self, rhs: Energy) -> EmissionFactor {
        EmissionFactor(self.0 / rhs.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        assert_eq!(Energy::from_wh(2_500.0).kwh(), 2.5);
        assert_eq!(Energy::from_mwh(1.5).kwh(), 1_500.0);
        assert!((Energy::from_mj(36.0).kwh() - 10.0).abs() < 1e-12);
        assert_eq!(Power::from_kw(1.2).w(), 1_200.0);
        assert_eq!(Duration::from_years(2.0).hours(), 17_520.0);
        assert_eq!(Co2e::from_g(28.5).kg(), 0.0285);
        assert_eq!(Co2e::from_t(1.0).kg(), 1_000.0);
        assert_eq!(EmissionFactor::from_g_per_kwh(139.0).kg_per_kwh(), 0.139);
    }

    #[test]
    fn operators_have_the_right_dimensions() {
        // 100 W for a year is 876 kWh.
        let e = Power::from_w(100.0) * Duration::from_years(1.0);
        assert!((e.kwh() - 876.0).abs() < 1e-9);
        let p = e / Duration::from_years(1.0);
        assert!((p.w() - 100.0).abs() < 1e-9);
        let f = (e * EmissionFactor::from_g_per_kwh(200.0)) / e;
        assert!((f.g_per_kwh() - 200.0).abs() < 1e-9);
    }
}
