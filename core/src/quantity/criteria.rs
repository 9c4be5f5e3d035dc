//! Impact criteria (climate change, resources, energy, ...), life-cycle
//! phases, and the GHG Protocol scopes results are reported under.

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
    /// in the order of the archetypes' phase shares.
    pub const EMBODIED: [Phase; 3] = [Self::Manufacture, Self::Transport, Self::EndOfLife];

    /// Position of an embodied phase in [`Phase::EMBODIED`] (`None` for use).
    #[must_use]
    pub const fn embodied_slot(self) -> Option<usize> {
        match self {
            Self::Manufacture => Some(0),
            Self::Transport => Some(1),
            Self::EndOfLife => Some(2),
            Self::Use => None,
        }
    }

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

    /// The GHG Protocol scope under which this phase of an organisation's
    /// own IT equipment is reported, the use phase with the given scope-2
    /// method (data in [`DEVICE_PHASE_SCOPES`], see `docs/methodology.md`).
    #[must_use]
    pub fn device_scope(self, method: Scope2Method) -> Scope {
        match DEVICE_PHASE_SCOPES.iter().find(|(p, _)| *p == self) {
            Some((_, Scope::Two(_))) | None => Scope::Two(method),
            Some((_, scope)) => *scope,
        }
    }

    /// The GHG scope of this phase as booked: [`Phase::device_scope`] in
    /// the acquisition year, `None` for an embodied phase booked amortised
    /// over the lifespan (`amortised`), which is the management view, not a
    /// GHG Protocol scope (Scope 3 Standard, category 2: capital goods are
    /// not amortised).
    #[must_use]
    pub fn booked_scope(self, method: Scope2Method, amortised: bool) -> Option<Scope> {
        match self.device_scope(method) {
            Scope::Three(_) if amortised => None,
            scope => Some(scope),
        }
    }

    /// The label of this phase's figures as booked: the scope's label
    /// ([`Scope::label`]), or for an amortised embodied phase the
    /// management view with the scope it is NOT
    /// (`management view (amortised): NOT GHG Protocol scope 3 cat. 2
    /// (capital goods)`).
    #[must_use]
    pub fn booked_scope_label(self, method: Scope2Method, amortised: bool) -> String {
        match self.booked_scope(method, amortised) {
            Some(scope) => scope.label(),
            None => format!(
                "{MANAGEMENT_VIEW}: NOT GHG Protocol {}",
                self.device_scope(method).label()
            ),
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
            .ok_or_else(|| {
                Error::invalid_option("phase", s, "manufacture, transport, use, end_of_life")
            })
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How scope-2 (purchased electricity) emissions are computed (GHG
/// Protocol Scope 2 Guidance, dual reporting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope2Method {
    /// The average intensity of the grid where the electricity is used.
    LocationBased,
    /// The instruments the organisation bought (guarantees of origin,
    /// contracts) and the residual mix.
    MarketBased,
}

impl Scope2Method {
    /// The identifier used in results (`location_based`, `market_based`).
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::LocationBased => "location_based",
            Self::MarketBased => "market_based",
        }
    }
}

/// A GHG Protocol scope (and, for scope 3, its category).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Direct emissions (fuel burnt, refrigerant leaks).
    One,
    /// Purchased electricity, heat and cooling, by one of the two methods.
    Two(Scope2Method),
    /// Indirect emissions of the value chain, category 1 to 15.
    Three(u8),
}

/// Names of the scope-3 categories used by empreinte (GHG Protocol
/// Corporate Value Chain (Scope 3) Standard, table 5.3).
pub const SCOPE3_CATEGORIES: [(u8, &str); 5] = [
    (1, "purchased goods and services"),
    (2, "capital goods"),
    (3, "fuel- and energy-related activities"),
    (4, "upstream transportation"),
    (5, "waste generated in operations"),
];

/// The scope of each phase of an organisation's own IT equipment **booked
/// as the GHG Protocol asks** (acquisition mode): devices are capital goods
/// (scope 3 cat. 2), their delivery upstream transportation (cat. 4), their
/// disposal waste (cat. 5), their electricity scope 2 (the method is chosen
/// per report). Embodied phases booked amortised over the lifespan are the
/// management view, NOT these scopes: [`Phase::booked_scope`] and
/// [`Phase::booked_scope_label`] say so ([`MANAGEMENT_VIEW`]).
pub const DEVICE_PHASE_SCOPES: [(Phase, Scope); 4] = [
    (Phase::Manufacture, Scope::Three(2)),
    (Phase::Transport, Scope::Three(4)),
    (Phase::Use, Scope::Two(Scope2Method::LocationBased)),
    (Phase::EndOfLife, Scope::Three(5)),
];

/// How figures booked amortised over lifespans (ADEME, Boavizta) are
/// labelled everywhere: the management view, never a GHG Protocol scope-3
/// category (methodology §16-§17).
pub const MANAGEMENT_VIEW: &str = "management view (amortised)";

impl Scope {
    /// The label used in results: `scope 2 (location-based)`,
    /// `scope 3 cat. 2 (capital goods)`, ...
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::One => "scope 1".into(),
            Self::Two(Scope2Method::LocationBased) => "scope 2 (location-based)".into(),
            Self::Two(Scope2Method::MarketBased) => "scope 2 (market-based)".into(),
            Self::Three(c) => match SCOPE3_CATEGORIES.iter().find(|(n, _)| *n == c) {
                Some((_, name)) => format!("scope 3 cat. {c} ({name})"),
                None => format!("scope 3 cat. {c}"),
            },
        }
    }

    /// The scope number (1, 2 or 3).
    #[must_use]
    pub const fn number(self) -> u8 {
        match self {
            Self::One => 1,
            Self::Two(_) => 2,
            Self::Three(_) => 3,
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
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
    /// The unit as people read it (`kg CO2e`, `kg Sb eq`, `MJ`).
    pub unit_label: String,
}

/// The criteria every assessment reports, in this order (id, unit in column
/// names, name, unit as people read it); more come from user factor tables.
pub const STANDARD: [(&str, &str, &str, &str); 3] = [
    (
        "gwp",
        "kgco2e",
        "Climate change (global warming potential, 100 years)",
        "kg CO2e",
    ),
    (
        "adpe",
        "kgsbeq",
        "Abiotic resource depletion, minerals and metals",
        "kg Sb eq",
    ),
    ("pe", "mj", "Primary energy", "MJ"),
];

/// Index of the climate-change criterion in every catalog.
pub const GWP: usize = 0;

impl Criterion {
    /// The standard criteria.
    #[must_use]
    pub fn standard() -> Vec<Criterion> {
        STANDARD
            .iter()
            .map(|(id, unit, name, label)| Criterion {
                id: (*id).into(),
                unit: (*unit).into(),
                name: (*name).into(),
                unit_label: (*label).into(),
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
        if let Some((_, std_unit, name, label)) = STANDARD.iter().find(|(s, ..)| *s == id) {
            if *std_unit != unit {
                return Err(fail(format!("`{id}` is reported in `{std_unit}`")));
            }
            return Ok(Criterion {
                id,
                unit,
                name: (*name).into(),
                unit_label: (*label).into(),
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
            unit_label: unit.clone(),
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
        assert_eq!(
            Phase::Use.device_scope(Scope2Method::LocationBased).label(),
            "scope 2 (location-based)"
        );
        assert_eq!(
            Phase::Manufacture
                .device_scope(Scope2Method::MarketBased)
                .label(),
            "scope 3 cat. 2 (capital goods)"
        );
        assert_eq!(
            Phase::EndOfLife
                .device_scope(Scope2Method::LocationBased)
                .number(),
            3
        );
    }
}
