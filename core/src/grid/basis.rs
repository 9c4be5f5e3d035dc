//! The basis of an electricity emission factor, as data.
//!
//! A kWh of grid electricity has two figures: its **direct** intensity
//! (combustion at the power plant, the basis of GHG Protocol scope 2) and its
//! **life-cycle** intensity (fuel extraction, transport, plant construction
//! and losses included, the basis of a product footprint as ADEME and
//! Boavizta compute it, and of SCI). Their difference, the **upstream**
//! part, is scope 3 category 3 (fuel- and energy-related activities). A
//! figure of electricity emissions carries its GHG scope (none for a product
//! view) and its basis; its label is derived from both
//! ([`ElectricityFigure::label`]), never written by hand.

use crate::error::{Locate, Result};
use crate::quantity::{Scope, Scope2Method};
use serde::Serialize;

/// The basis of an electricity emission factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Combustion at generation only (GHG Protocol scope 2).
    Direct,
    /// Life-cycle minus direct: upstream of the electricity (scope 3
    /// category 3).
    Upstream,
    /// Life-cycle: combustion and everything upstream of it.
    LifeCycle,
}

impl Basis {
    /// The identifier used in every output (`direct`, `upstream`, `life_cycle`).
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Upstream => "upstream",
            Self::LifeCycle => "life_cycle",
        }
    }

    /// How people read it (`direct (combustion)`, ...).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Direct => "direct (combustion)",
            Self::Upstream => "upstream (life-cycle minus direct)",
            Self::LifeCycle => "life-cycle",
        }
    }

    /// Parses the basis a user gives a factor: `direct` (also `combustion`)
    /// or `life_cycle` (also `life-cycle`, `lifecycle`, `lca`). `upstream`
    /// is never given: it is derived.
    ///
    /// # Errors
    ///
    /// [`crate::error::Error::InvalidOption`] at `at` (option `basis`).
    pub fn parse(text: &str, at: &impl Locate) -> Result<Basis> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "direct" | "combustion" => Ok(Self::Direct),
            "life_cycle" | "lifecycle" | "lca" => Ok(Self::LifeCycle),
            _ => Err(crate::error::Error::InvalidOption {
                at: at.locate(),
                option: "basis".into(),
                value: crate::error::echo(text),
                allowed: "direct (combustion, the scope 2 basis) or life_cycle".into(),
            }),
        }
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// What a figure of electricity emissions is: its GHG scope (`None` for a
/// product view, which is no scope of the GHG Protocol) and its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ElectricityFigure {
    /// The GHG Protocol scope, or `None` for a product view.
    pub scope: Option<Scope>,
    /// The basis of the factor it multiplies the electricity by.
    pub basis: Basis,
}

impl ElectricityFigure {
    /// Scope 2 location-based: electricity × direct intensity.
    pub const SCOPE2_LOCATION: Self = Self {
        scope: Some(Scope::Two(Scope2Method::LocationBased)),
        basis: Basis::Direct,
    };
    /// Scope 2 market-based: electricity × the instruments' (direct) factors.
    pub const SCOPE2_MARKET: Self = Self {
        scope: Some(Scope::Two(Scope2Method::MarketBased)),
        basis: Basis::Direct,
    };
    /// Scope 3 category 3: electricity × (life-cycle − direct).
    pub const CATEGORY3: Self = Self {
        scope: Some(Scope::Three(3)),
        basis: Basis::Upstream,
    };
    /// A product view (device footprint, SCI): electricity × life-cycle.
    pub const PRODUCT_VIEW: Self = Self {
        scope: None,
        basis: Basis::LifeCycle,
    };

    /// The label of every output, derived from scope and basis:
    /// `scope 2 (location-based), direct (combustion) basis`, `use,
    /// life-cycle basis (product view, not a GHG Protocol scope)`.
    #[must_use]
    pub fn label(self) -> String {
        match self.scope {
            Some(scope) => format!("{}, {} basis", scope.label(), self.basis.label()),
            None => format!(
                "use, {} basis (product view, not a GHG Protocol scope)",
                self.basis.label()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn labels_come_from_scope_and_basis() {
        assert_eq!(
            ElectricityFigure::SCOPE2_LOCATION.label(),
            "scope 2 (location-based), direct (combustion) basis"
        );
        assert_eq!(
            ElectricityFigure::CATEGORY3.label(),
            "scope 3 cat. 3 (fuel- and energy-related activities), upstream (life-cycle minus direct) basis"
        );
        assert!(ElectricityFigure::PRODUCT_VIEW
            .label()
            .contains("not a GHG Protocol scope"));
        assert_eq!(
            serde_json::to_value(Basis::LifeCycle).unwrap(),
            serde_json::json!("life_cycle")
        );
    }

    #[test]
    fn a_user_names_direct_or_life_cycle() {
        let at = Location::option("basis");
        assert_eq!(Basis::parse("Life-cycle", &at).unwrap(), Basis::LifeCycle);
        assert_eq!(Basis::parse("combustion", &at).unwrap(), Basis::Direct);
        let e = Basis::parse("upstream", &at).unwrap_err();
        assert_eq!(e.code(), "invalid_option");
    }
}
