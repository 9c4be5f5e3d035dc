//! User-supplied factor tables: more criteria (resources, primary energy,
//! water, ...) or better values for the defaults.
//!
//! # Format
//!
//! A CSV file (`,` or `;` separated, decimal comma accepted with `;`):
//!
//! ```text
//! criterion,unit,kind,phase,value,low,high,source
//! adpe,kgsbeq,laptop,manufacture,0.0041,0.0030,0.0060,"Study X (2023), table 4"
//! pe,mj,electricity,use,9.6,8.5,10.9,"Primary energy factor of electricity, ..."
//! ```
//!
//! * `criterion`/`unit`: `gwp` in `kgco2e`, `adpe` in `kgsbeq`, `pe` in `mj`,
//!   or a new criterion (lowercase letters and digits) with its own unit.
//! * `kind` an archetype id and `phase` one of `manufacture`, `transport`,
//!   `end_of_life`: the whole-life value for one device in that phase.
//! * `kind` = `electricity` and `phase` = `use`: the value per kWh of
//!   electricity (not allowed for `gwp`, whose use-phase factor is the grid
//!   intensity of the country and year).
//! * `low`/`high` may be empty (the value is then taken as exact).
//! * `source` is required: every number carries its story.
//!
//! A criterion for which some kind or phase has no row is reported as
//! missing for the results that need it, never as zero.

use super::{Catalog, DatasetInfo, KindId};
use crate::error::{Error, Location, Result};
use crate::quantity::bounds::{check_range, MAX_PER_DEVICE};
use crate::quantity::{Criterion, Estimate, EstimateProblem, Phase};
use crate::text::CsvTable;

/// One row of a factor table.
#[derive(Debug, Clone)]
pub struct Factor {
    /// The criterion.
    pub criterion: Criterion,
    /// The device kind, or `None` for the per-kWh electricity factor.
    pub kind: Option<KindId>,
    /// The phase.
    pub phase: Phase,
    /// Per device (whole life), or per kWh for electricity.
    pub value: Estimate,
    /// Citation.
    pub source: String,
    /// The distribution a Monte Carlo run fits to `value` (the table's
    /// `distribution` column); `None`: the run's.
    pub distribution: Option<crate::uncertainty::Shape>,
}

/// A parsed factor table.
#[derive(Debug, Clone)]
pub struct FactorTable {
    /// Provenance (id = the file name given).
    pub info: DatasetInfo,
    /// The rows.
    pub factors: Vec<Factor>,
}

const COLUMNS: [&str; 9] = [
    "criterion",
    "unit",
    "kind",
    "phase",
    "value",
    "low",
    "high",
    "source",
    "distribution",
];

impl FactorTable {
    /// Parses a factor table, resolving kinds against `catalog`.
    ///
    /// # Errors
    ///
    /// Every problem names the file, line and column: a missing column, an
    /// unknown kind, a phase other than the allowed ones, a bad number or
    /// interval, a criterion with the wrong unit, a missing source.
    pub fn parse(name: &str, bytes: &[u8], catalog: &Catalog) -> Result<FactorTable> {
        // `distribution` may be absent.
        let mut table = CsvTable::open_with_optional(name, bytes, &COLUMNS, 8)?;
        let header_at = Location::line(name, 1);
        let mut factors = Vec::new();
        let mut record = csv::StringRecord::new();
        while let Some(line) = table.next_row(&mut record)? {
            let at = |slot: usize| table.at(line, slot);
            let field = |slot: usize| table.field(&record, slot);
            let criterion = Criterion::parse(field(0), field(1), &at(0))?;
            let phase = Phase::parse(field(3)).map_err(|_| Error::InvalidOption {
                at: at(3),
                option: "phase".into(),
                value: field(3).into(),
                allowed: "manufacture, transport, end_of_life (or use with kind `electricity`)"
                    .into(),
            })?;
            let kind = if field(2).eq_ignore_ascii_case("electricity") {
                if phase != Phase::Use {
                    return Err(Error::InvalidOption {
                        at: at(3),
                        option: "phase".into(),
                        value: field(3).into(),
                        allowed: "use (the only phase of kind `electricity`)".into(),
                    });
                }
                if criterion.id == "gwp" {
                    return Err(Error::InvalidCriterion {
                        at: at(0),
                        criterion: criterion.id,
                        unit: criterion.unit,
                        message: "the use-phase climate factor is the grid intensity; it cannot be overridden here".into(),
                    });
                }
                None
            } else {
                if phase == Phase::Use {
                    return Err(Error::InvalidOption {
                        at: at(3),
                        option: "phase".into(),
                        value: "use".into(),
                        allowed: "manufacture, transport, end_of_life for a device kind".into(),
                    });
                }
                Some(catalog.kind_id(field(2), &at(2))?)
            };
            let number = |slot: usize| table.number(&record, line, slot);
            let value = number(4)?.ok_or(Error::MissingValue { at: at(4) })?;
            // Per device or per kWh: bounded like inventory values, so no sum
            // can overflow.
            for slot in [4, 5, 6] {
                if let Some(v) = number(slot)? {
                    check_range(v, &at(slot), 0.0, true, MAX_PER_DEVICE)?;
                }
            }
            let low = number(5)?.unwrap_or(value);
            let high = number(6)?.unwrap_or(value);
            let value = Estimate::new(value, low, high).map_err(|p| match p {
                EstimateProblem::Negative => Error::OutOfRange {
                    at: at(5),
                    value: low,
                    allowed: "0 or more".into(),
                },
                _ => Error::OutOfRange {
                    at: at(4),
                    value,
                    allowed: format!("non-negative, between low ({low}) and high ({high})"),
                },
            })?;
            if field(7).is_empty() {
                return Err(Error::MissingValue { at: at(7) });
            }
            let distribution =
                super::archetype::distribution(field(8), &at(8), [Some(value), None])?;
            factors.push(Factor {
                criterion,
                kind,
                phase,
                value,
                source: field(7).into(),
                distribution,
            });
        }
        if factors.is_empty() {
            return Err(Error::EmptyInventory { at: header_at });
        }
        Ok(FactorTable {
            info: DatasetInfo::user(name),
            factors,
        })
    }
}
