//! A user's own grid factors (a national agency's, a supplier's), per zone,
//! year and basis, each with its citation.
//!
//! # Format
//!
//! ```text
//! zone,year,intensity_gco2e_per_kwh,basis,source
//! BE,2024,120.5,direct,"National inventory report 2026, table 3.2"
//! ```
//!
//! `basis` is `direct` (combustion, the scope 2 basis) or `life_cycle`; an
//! empty or absent `basis` is taken as `direct`, and the citation says so:
//! the figure a national agency publishes for scope 2 reporting is a
//! combustion factor. A factor replaces the dataset's value of that zone and
//! year only (never another year), and every result that uses it cites it.

use super::Basis;
use crate::error::{Error, Location, Result};
use crate::quantity::bounds::{check_range, check_year};
use crate::text::CsvTable;

/// The largest grid intensity a user factor may have, g CO2e/kWh (lignite
/// plants emit about 1,100; a value above is a unit slip).
pub const MAX_USER_G_PER_KWH: f64 = 2_000.0;

/// One user factor.
#[derive(Debug, Clone, PartialEq)]
pub struct GridFactor {
    /// The zone code as written.
    pub zone: String,
    /// The year it is for.
    pub year: i32,
    /// g CO2e/kWh.
    pub g_per_kwh: f64,
    /// Its basis.
    pub basis: Basis,
    /// Whether the basis was written (else it is taken as direct).
    pub basis_given: bool,
    /// The citation.
    pub source: String,
    /// Where it was read (file and line).
    pub at: Location,
}

impl GridFactor {
    /// The citation every result using it shows, basis included.
    #[must_use]
    pub fn citation(&self) -> String {
        let taken = if self.basis_given {
            format!("{} basis", self.basis.label())
        } else {
            format!("taken as {} (no basis given)", self.basis.label())
        };
        format!("{} ({taken})", self.source)
    }
}

/// A parsed table of user grid factors.
#[derive(Debug, Clone, PartialEq)]
pub struct GridFactorTable {
    /// The name it was read under.
    pub name: String,
    /// Its rows.
    pub factors: Vec<GridFactor>,
}

const COLUMNS: [&str; 5] = ["zone", "year", "intensity_gco2e_per_kwh", "source", "basis"];

impl GridFactorTable {
    /// Parses a user grid factor table (see the module documentation).
    ///
    /// # Errors
    ///
    /// Each names its file, line and column: [`Error::MissingColumn`],
    /// [`Error::MissingValue`] (an empty zone, value or source),
    /// [`Error::InvalidNumber`], [`Error::OutOfRange`] (a year or an
    /// intensity out of 0..=2,000 g CO2e/kWh), [`Error::InvalidOption`] (a
    /// basis other than direct or life_cycle), [`Error::Dataset`] (the same
    /// zone, year and basis twice), [`Error::EmptyInventory`] without rows.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<GridFactorTable> {
        let mut table = CsvTable::open_with_optional(name, bytes, &COLUMNS, 4)?;
        let mut record = csv::StringRecord::new();
        let mut factors: Vec<GridFactor> = Vec::new();
        while let Some(line) = table.next_row(&mut record)? {
            let at = |slot: usize| table.at(line, slot);
            let field = |slot: usize| table.field(&record, slot).trim().to_owned();
            let zone = field(0);
            if zone.is_empty() {
                return Err(Error::MissingValue { at: at(0) });
            }
            let year = table
                .number(&record, line, 1)?
                .ok_or(Error::MissingValue { at: at(1) })?;
            let year = check_year(year, &at(1))?;
            let g = table
                .number(&record, line, 2)?
                .ok_or(Error::MissingValue { at: at(2) })?;
            check_range(g, &at(2), 0.0, true, MAX_USER_G_PER_KWH)?;
            let source = field(3);
            if source.is_empty() {
                return Err(Error::MissingValue { at: at(3) });
            }
            let written = field(4);
            let basis_given = !written.is_empty();
            let basis = if basis_given {
                Basis::parse(&written, &at(4))?
            } else {
                Basis::Direct
            };
            if factors
                .iter()
                .any(|f| f.zone.eq_ignore_ascii_case(&zone) && f.year == year && f.basis == basis)
            {
                return Err(Error::dataset(
                    name,
                    line,
                    format!("a second {} factor for {zone} {year}", basis.id()),
                ));
            }
            factors.push(GridFactor {
                zone,
                year,
                g_per_kwh: g,
                basis,
                basis_given,
                source,
                at: Location::line(name, line),
            });
        }
        if factors.is_empty() {
            return Err(Error::EmptyInventory {
                at: Location::line(name, 1),
            });
        }
        Ok(GridFactorTable {
            name: name.into(),
            factors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_factors_and_defaults_the_basis_to_direct() {
        let t = GridFactorTable::parse(
            "f.csv",
            b"zone;year;intensity_gco2e_per_kwh;source\nBE;2024;120,5;Agency 2026\n",
        )
        .unwrap();
        let f = &t.factors[0];
        assert_eq!((f.year, f.g_per_kwh, f.basis), (2024, 120.5, Basis::Direct));
        assert_eq!(
            f.citation(),
            "Agency 2026 (taken as direct (combustion) (no basis given))"
        );
    }

    #[test]
    fn refuses_bad_rows_at_their_line_and_column() {
        let e = GridFactorTable::parse(
            "f.csv",
            b"zone,year,intensity_gco2e_per_kwh,basis,source\nBE,2024,120,marginal,X\n",
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        assert_eq!(e.location().line, Some(2));
        let e = GridFactorTable::parse(
            "f.csv",
            b"zone,year,intensity_gco2e_per_kwh,source\nBE,2024,0.12,X\nBE,2024,0.13,Y\n",
        )
        .unwrap_err();
        assert_eq!((e.code(), e.location().line), ("dataset", Some(3)));
        let e = GridFactorTable::parse(
            "f.csv",
            b"zone,year,intensity_gco2e_per_kwh,source\nBE,2024,120000,X\n",
        )
        .unwrap_err();
        assert_eq!(e.code(), "out_of_range");
        let e = GridFactorTable::parse(
            "f.csv",
            b"zone,year,intensity_gco2e_per_kwh,source\nBE,2024,120,\n",
        )
        .unwrap_err();
        assert_eq!(e.code(), "missing_value");
    }
}
