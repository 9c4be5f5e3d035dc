//! Impact criteria (climate change, resources, energy, ...) and life-cycle phases.

use crate::error::{Error, Location, Result};
use serde::Serialize;
use std::fmt;

/// A life-cycle phase of a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Raw materials, components and assembly.
    Manufacture,
    /// Distribution from the factory to the user.
    Transport,
    /// Electricity used while the device is in service.
    Use,
    /// Collection, recycling and disposal.
    EndOfLife,
}

impl Phase {
    /// Every phase, in report order.
    pub const ALL: [Phase; 4] = [
        Self::Manufacture,
        Self::Transport,
        Self::Use,
        Self::EndOfLife,
    ];
    /// The phases whose footprint is embodied in the device (all but use),
    /// in the order of [`crate::device::Archetype::shares`].
    pub const EMBODIED: [Phase; 3] = [Self::Manufacture, Self::Transport, Self::EndOfLife];

    /// The identifier used in column names and files.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Manufacture => "manufacture",
            Self::Transport => "transport",
            Self::Use => "use",
            Self::EndOfLife => "end_of_life",
        }
    }

    /// The GHG Protocol scope and category under which this phase of an
    /// organisation's own IT equipment is reported (see `docs/methodology.md`).
    #[must_use]
    pub const fn ghg_scope(self) -> &'static str {
        match self {
            Self::Manufacture => "scope 3 cat. 2 (capital goods)",
            Self::Transport => "scope 3 cat. 4 (upstream transportation)",
            Self::Use => "scope 2 (location-based)",
            Self::EndOfLife => "scope 3 cat. 5 (waste generated in operations)",
        }
    }

    /// Parses a phase identifier.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] naming the accepted phases.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.id() == s.trim())
            .ok_or_else(|| Error::InvalidOption {
                option: "phase".into(),
                value: s.into(),
                allowed: "manufacture, transport, use, end_of_life".into(),
            })
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An impact criterion, with the unit of every value reported for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    /// Identifier used in column names (`gwp`, `adpe`, `pe`, ...).
    pub id: String,
    /// Unit suffix used in column names (`kgco2e`, `kgsbeq`, `mj`, ...).
    pub unit: String,
    /// Human-readable name.
    pub name: String,
}

/// The criteria every assessment reports, in this order; more come from
/// user factor tables.
pub const STANDARD: [(&str, &str, &str); 3] = [
    (
        "gwp",
        "kgco2e",
        "Climate change (global warming potential, 100 years)",
    ),
    (
        "adpe",
        "kgsbeq",
        "Abiotic resource depletion, minerals and metals",
    ),
    ("pe", "mj", "Primary energy"),
];

/// Index of the climate-change criterion in every catalog.
pub const GWP: usize = 0;

impl Criterion {
    /// The standard criteria.
    #[must_use]
    pub fn standard() -> Vec<Criterion> {
        STANDARD
            .iter()
            .map(|(id, unit, name)| Criterion {
                id: (*id).into(),
                unit: (*unit).into(),
                name: (*name).into(),
            })
            .collect()
    }

    /// A criterion as named in a factor table: a standard one must use its
    /// standard unit; a new one needs identifiers of `[a-z][a-z0-9]*`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCriterion`] on a unit mismatch or a malformed identifier.
    pub fn parse(id: &str, unit: &str, at: &Location) -> Result<Criterion> {
        let (id, unit) = (id.trim().to_lowercase(), unit.trim().to_lowercase());
        let fail = |message: String| Error::InvalidCriterion {
            at: at.clone(),
            criterion: id.clone(),
            unit: unit.clone(),
            message,
        };
        if let Some((_, std_unit, name)) = STANDARD.iter().find(|(s, _, _)| *s == id) {
            if *std_unit != unit {
                return Err(fail(format!("`{id}` is reported in `{std_unit}`")));
            }
            return Ok(Criterion {
                id,
                unit,
                name: (*name).into(),
            });
        }
        let ident = |s: &str| {
            s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        };
        if !ident(&id) || !ident(&unit) {
            return Err(fail(
                "identifiers are lowercase letters and digits, starting with a letter".into(),
            ));
        }
        Ok(Criterion {
            name: id.clone(),
            id,
            unit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_units_are_enforced() {
        let at = Location::line("f.csv", 2);
        assert!(Criterion::parse("gwp", "kgco2e", &at).is_ok());
        let e = Criterion::parse("adpe", "kgco2e", &at).unwrap_err();
        assert_eq!(e.code(), "invalid_criterion");
        assert!(Criterion::parse("water", "m3", &at).is_ok());
        assert!(Criterion::parse("water use", "m3", &at).is_err());
    }

    #[test]
    fn phases_parse_and_name_their_scope() {
        assert_eq!(Phase::parse("end_of_life").unwrap(), Phase::EndOfLife);
        assert!(Phase::parse("eol").is_err());
        assert!(Phase::Use.ghg_scope().starts_with("scope 2"));
    }
}
