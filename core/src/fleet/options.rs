//! What a fleet assessment is asked: a reporting year, a mode, a grouping.

use crate::accounting::Mode;
use crate::error::{Error, Location, Result};
use crate::grid::Basis;
use crate::quantity::bounds::check_year;
use serde::Serialize;

/// The keys results are grouped by. With none, one row for the whole fleet;
/// the default, in every binding, is by entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupBy {
    /// One group per entity.
    pub entity: bool,
    /// One group per device kind.
    pub kind: bool,
    /// One table row per phase (long format) instead of one column per phase.
    pub phase: bool,
}

impl Default for GroupBy {
    fn default() -> Self {
        Self {
            entity: true,
            ..Self::NONE
        }
    }
}

impl GroupBy {
    /// No grouping: one row for the whole fleet.
    pub const NONE: Self = Self {
        entity: false,
        kind: false,
        phase: false,
    };

    /// Parses a comma-separated list of `entity`, `kind`, `phase` (or `none`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] naming the unknown key.
    pub fn parse(s: &str) -> Result<Self> {
        let mut by = Self::NONE;
        let mut seen: Vec<String> = Vec::new();
        for key in s.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let lower = key.to_ascii_lowercase();
            if seen.contains(&lower) {
                return Err(Error::invalid_option(
                    "by",
                    s,
                    "each of entity, kind, phase at most once",
                ));
            }
            seen.push(lower.clone());
            match lower.as_str() {
                "entity" => by.entity = true,
                "kind" => by.kind = true,
                "phase" => by.phase = true,
                "none" | "total" => {}
                _ => {
                    return Err(Error::invalid_option(
                        "by",
                        key,
                        "entity, kind, phase (comma-separated), or none",
                    ))
                }
            }
        }
        Ok(by)
    }

    /// The keys as a comma-separated list.
    #[must_use]
    pub fn id(self) -> String {
        let keys: Vec<&str> = [
            (self.entity, "entity"),
            (self.kind, "kind"),
            (self.phase, "phase"),
        ]
        .into_iter()
        .filter_map(|(on, k)| on.then_some(k))
        .collect();
        if keys.is_empty() {
            "none".into()
        } else {
            keys.join(",")
        }
    }
}

/// What to assess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Options {
    /// The reporting year.
    pub year: i32,
    /// The accounting mode.
    pub mode: Mode,
    /// The grouping.
    pub by: GroupBy,
    /// The basis of the use phase's electricity factor: `life_cycle` (the
    /// default: a device footprint as ADEME and Boavizta compute it, the
    /// product view), `direct` (GHG Protocol scope 2) or `upstream` (scope
    /// 3 category 3); methodology §3.1.
    pub basis: Basis,
}

impl Options {
    /// Checked options.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a year outside
    /// [`crate::quantity::bounds::YEARS`], located at the option `year`.
    pub fn new(year: i32, mode: Mode, by: GroupBy) -> Result<Self> {
        check_year(f64::from(year), &Location::option("year"))?;
        Ok(Self {
            year,
            mode,
            by,
            basis: Basis::LifeCycle,
        })
    }

    /// The reporting year when none is named, in every surface: the
    /// calendar year before `current_year`, the last complete one. Core
    /// reads no clock: the caller gives the current year.
    ///
    /// ```
    /// assert_eq!(empreinte::Options::default_year(2026), 2025);
    /// ```
    #[must_use]
    pub const fn default_year(current_year: i32) -> i32 {
        current_year - 1
    }

    /// The same options with the use phase on `basis`.
    #[must_use]
    pub const fn with_basis(self, basis: Basis) -> Self {
        Self { basis, ..self }
    }
}
