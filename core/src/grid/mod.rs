//! Electricity grid carbon intensity by country or zone and year, on a
//! named [`Basis`].
//!
//! Two embedded tables, keyed by ISO 3166-1 alpha-2 code plus `EU27` and
//! `WORLD`: the yearly **life-cycle** intensity of electricity generation
//! (Ember / Energy Institute, processed by Our World in Data, CC BY 4.0),
//! and the **direct** (combustion) intensity derived from it
//! (`datasets/derive_direct.py`: life-cycle minus the IPCC AR5 upstream of
//! the generation mix). A year outside a zone's data uses the nearest year
//! that has data, and the returned [`GridIntensity`] says so. A user's own
//! factor for a zone and year ([`user::GridFactorTable`]) replaces the
//! table's value of that year and is cited.

pub mod basis;
pub mod hourly;
pub mod user;

pub use basis::{Basis, ElectricityFigure};

use crate::error::{closest, Error, Locate, Location, Result};
use crate::quantity::units::EmissionFactor;
use serde::{Deserialize, Serialize};

/// A zone of a [`Grid`], handed out by [`Grid::zone_id`]. An id from
/// another grid is refused by every look-up, never used to index blindly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneId(u16);

impl ZoneId {
    /// The position of the zone in [`Grid::zones`].
    #[must_use]
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// One zone's yearly series.
#[derive(Debug, Clone)]
pub struct Zone {
    /// ISO 3166-1 alpha-2 code, `EU27` or `WORLD`.
    pub code: String,
    /// English name.
    pub name: String,
    first_year: i32,
    basis: Basis,
    /// g CO2e / kWh by year from `first_year`; `None` for a year without data.
    values: Vec<Option<f64>>,
}

impl Zone {
    /// The first and last years with data.
    #[must_use]
    pub fn years(&self) -> (i32, i32) {
        let last = self.values.iter().rposition(Option::is_some).unwrap_or(0);
        let first = self.values.iter().position(Option::is_some).unwrap_or(0);
        (
            self.first_year + first as i32,
            self.first_year + last as i32,
        )
    }
}

/// The intensity used for one zone and one reporting year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GridIntensity {
    /// The emission factor.
    pub factor: EmissionFactor,
    /// The year asked for.
    pub requested_year: i32,
    /// The year whose data was used (differs when the data stops earlier).
    pub data_year: i32,
    /// The basis of the factor.
    pub basis: Basis,
    /// Whether it is a user's own factor ([`Grid::set_user_factor`]).
    pub user_supplied: bool,
}

/// A user's factor for one zone and year.
#[derive(Debug, Clone, PartialEq)]
struct UserValue {
    zone: ZoneId,
    year: i32,
    g_per_kwh: f64,
    table: String,
    citation: String,
}

/// Yearly intensities for every zone, on one basis.
#[derive(Debug, Clone)]
pub struct Grid {
    zones: Vec<Zone>,
    basis: Basis,
    user: Vec<UserValue>,
}

#[derive(Deserialize)]
struct GridRow {
    zone: String,
    name: String,
    year: i32,
    intensity_gco2e_per_kwh: f64,
}

impl Grid {
    /// Parses the `zone,name,year,intensity_gco2e_per_kwh` table, whose
    /// values are on `basis`.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] when the table is malformed or has a negative,
    /// non-finite or duplicated value.
    pub fn from_csv(dataset: &str, text: &str, basis: Basis) -> Result<Grid> {
        let bad = |line: usize, message: String| Error::dataset(dataset, line as u64, message);
        let mut zones: Vec<Zone> = Vec::new();
        for (i, row) in csv::Reader::from_reader(text.as_bytes())
            .deserialize::<GridRow>()
            .enumerate()
        {
            let row = row.map_err(|e| bad(i + 2, e.to_string()))?;
            if !(row.intensity_gco2e_per_kwh.is_finite() && row.intensity_gco2e_per_kwh >= 0.0) {
                return Err(bad(i + 2, "bad intensity".into()));
            }
            let zone = match zones.last_mut() {
                Some(z) if z.code == row.zone => z,
                _ => {
                    zones.push(Zone {
                        code: row.zone.clone(),
                        name: row.name.clone(),
                        first_year: row.year,
                        basis,
                        values: Vec::new(),
                    });
                    zones
                        .last_mut()
                        .ok_or_else(|| bad(i + 2, "unreachable".into()))?
                }
            };
            let offset = row.year - zone.first_year;
            if offset < zone.values.len() as i32 || offset < 0 {
                return Err(bad(
                    i + 2,
                    format!("years of `{}` not increasing", row.zone),
                ));
            }
            zone.values.resize(offset as usize, None);
            zone.values.push(Some(row.intensity_gco2e_per_kwh));
        }
        zones.sort_by(|a, b| a.code.cmp(&b.code));
        if zones
            .windows(2)
            .any(|w| w.first().map(|z| &z.code) == w.get(1).map(|z| &z.code))
        {
            return Err(bad(0, "a zone appears in two separate blocks".into()));
        }
        if zones.is_empty() {
            return Err(bad(0, "no zone".into()));
        }
        if zones.len() > usize::from(u16::MAX) {
            return Err(bad(0, "too many zones".into()));
        }
        Ok(Grid {
            zones,
            basis,
            user: Vec::new(),
        })
    }

    /// The basis of every value of this grid.
    #[must_use]
    pub const fn basis(&self) -> Basis {
        self.basis
    }

    /// Sets a user's own factor for `zone` and `year` (that year only),
    /// replacing the table's value; [`Grid::user_citation`] gives its
    /// `table` (the name of the user's file) and `citation` back.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] for an id of another grid.
    pub fn set_user_factor(
        &mut self,
        zone: ZoneId,
        year: i32,
        factor: EmissionFactor,
        table: String,
        citation: String,
    ) -> Result<()> {
        if self.zone(zone).is_none() {
            return Err(self.foreign(zone));
        }
        self.user.retain(|u| !(u.zone == zone && u.year == year));
        self.user.push(UserValue {
            zone,
            year,
            g_per_kwh: factor.g_per_kwh(),
            table,
            citation,
        });
        Ok(())
    }

    /// The table and citation of the user's factor for `zone` and `year`.
    #[must_use]
    pub fn user_citation(&self, zone: ZoneId, year: i32) -> Option<(&str, &str)> {
        self.user
            .iter()
            .find(|u| u.zone == zone && u.year == year)
            .map(|u| (u.table.as_str(), u.citation.as_str()))
    }

    fn foreign(&self, id: ZoneId) -> Error {
        Error::UnknownCountry {
            at: Location::default().with_column("country"),
            country: format!("zone id {}", id.index()),
            suggestion: None,
        }
    }

    /// Every zone, sorted by code.
    #[must_use]
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    /// The id of every zone, in [`Grid::zones`] order.
    pub fn ids(&self) -> impl Iterator<Item = ZoneId> + '_ {
        (0..self.zones.len()).map(|i| ZoneId(i as u16))
    }

    /// The zone of an id of this grid.
    #[must_use]
    pub fn zone(&self, id: ZoneId) -> Option<&Zone> {
        self.zones.get(id.index())
    }

    /// The id of a zone code (case-insensitive).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] at `at`, with the closest code or name.
    pub fn zone_id(&self, code: &str, at: &impl Locate) -> Result<ZoneId> {
        let code = code.trim();
        let found = self
            .zones
            .binary_search_by(|z| z.code.as_str().cmp(code))
            .or_else(|_| {
                let upper = code.to_ascii_uppercase();
                self.zones.binary_search_by(|z| z.code.as_str().cmp(&upper))
            });
        found.map(|i| ZoneId(i as u16)).map_err(|_| {
            let by_name = self
                .zones
                .iter()
                .find(|z| z.name.eq_ignore_ascii_case(code))
                .map(|z| z.code.clone());
            Error::UnknownCountry {
                at: at.locate(),
                country: crate::error::echo(code),
                suggestion: by_name
                    .or_else(|| closest(code, self.zones.iter().map(|z| z.code.as_str()))),
            }
        })
    }

    /// The intensity of a zone in `year`, falling back to the nearest
    /// year with data.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] for an id that is not of this grid.
    pub fn intensity(&self, id: ZoneId, year: i32) -> Result<GridIntensity> {
        if let Some(u) = self.user.iter().find(|u| u.zone == id && u.year == year) {
            return Ok(GridIntensity {
                factor: EmissionFactor::from_g_per_kwh(u.g_per_kwh),
                requested_year: year,
                data_year: year,
                basis: self.basis,
                user_supplied: true,
            });
        }
        self.zone(id)
            .and_then(|zone| zone.intensity(year))
            .ok_or_else(|| self.foreign(id))
    }

    /// The intensity of a zone code in `year`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] for a code without data.
    pub fn intensity_of(&self, code: &str, year: i32) -> Result<GridIntensity> {
        let id = self.zone_id(code, &Location::default().with_column("country"))?;
        self.intensity(id, year)
    }
}

impl Zone {
    /// The intensity in `year` of the table (a user's factor is the
    /// [`Grid`]'s, see [`Grid::intensity`]), falling back to the nearest
    /// year with data (`None` only for a zone without any value, which
    /// parsing refuses).
    #[must_use]
    pub fn intensity(&self, year: i32) -> Option<GridIntensity> {
        let (first, last) = self.years();
        let mut y = year.clamp(first, last);
        let value = |y: i32| {
            usize::try_from(y - self.first_year)
                .ok()
                .and_then(|i| self.values.get(i).copied().flatten())
        };
        // Walk back over a gap inside the series (none in the 2025 edition).
        while y > first && value(y).is_none() {
            y -= 1;
        }
        Some(GridIntensity {
            factor: EmissionFactor::from_g_per_kwh(value(y)?),
            requested_year: year,
            data_year: y,
            basis: self.basis,
            user_supplied: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "zone,name,year,intensity_gco2e_per_kwh\nBE,Belgium,2022,139\nBE,Belgium,2023,135\nFR,France,2020,50\nFR,France,2022,60\n";

    #[test]
    fn looks_up_and_falls_back() {
        let g = Grid::from_csv("t", T, Basis::LifeCycle).unwrap();
        let be = g.intensity_of("be", 2023).unwrap();
        assert_eq!(be.factor.g_per_kwh(), 135.0);
        let later = g.intensity_of("BE", 2030).unwrap();
        assert_eq!((later.data_year, later.factor.g_per_kwh()), (2023, 135.0));
        // A gap falls back to the previous year.
        let fr = g.intensity_of("FR", 2021).unwrap();
        assert_eq!((fr.data_year, fr.factor.g_per_kwh()), (2020, 50.0));
        let e = g.intensity_of("Belgique", 2022).unwrap_err();
        assert_eq!(e.code(), "unknown_country");
        let e = g.intensity_of("Belgium", 2022).unwrap_err();
        assert!(e.to_string().contains("did you mean `BE`"), "{e}");
    }

    #[test]
    fn rejects_bad_tables() {
        assert!(Grid::from_csv(
            "t",
            "zone,name,year,intensity_gco2e_per_kwh\nBE,B,2022,-1\n",
            Basis::Direct
        )
        .is_err());
        assert!(Grid::from_csv(
            "t",
            "zone,name,year,intensity_gco2e_per_kwh\nBE,B,2022,1\nBE,B,2021,1\n",
            Basis::Direct
        )
        .is_err());
    }
}
