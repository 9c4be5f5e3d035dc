//! Inventories: device rows in (CSV text or in-memory records), validated and
//! stored column by column for the engine.
//!
//! # CSV format
//!
//! One line per group of identical devices; the units are in the column
//! names. Required: `entity`, `kind`, `quantity`, and `purchase_year` or
//! `purchase_date`. Optional: `lifespan_years`, `country`,
//! `annual_energy_kwh` (per device), `embodied_gwp_kgco2e` (per device, all
//! phases but use), their `_low`/`_high` twins, `disposal_year`,
//! `usage_profile` (`office`, `school`, `always_on`) and `utilisation`
//! (0-1, for kinds with power at idle and at full load; alone: not with
//! `annual_energy_kwh` or `usage_profile`).
//!
//! Files exported by Excel in French or Dutch locales work as they are: a
//! UTF-8 byte-order mark is skipped, and a header with more `;` than `,`
//! means `;`-separated with decimal commas (`1,5`) and spaces as thousands
//! separators (`1 234,5`). Column names are case-insensitive. An unknown
//! column that looks like a known one (often a unit typo:
//! `annual_energy_wh`) is an error; other unknown columns are ignored and
//! listed in the report's notes.

use crate::catalog::{Catalog, KindId};
use crate::error::{Error, Locate, Location, Result};
use crate::grid::ZoneId;
use crate::quantity::bounds::{check_lifespan, check_range, check_year, MAX_QUANTITY};
use crate::quantity::Estimate;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// Column names of the inventory format, with their unit in the name.
pub(crate) mod montecarlo;
pub mod reader;
pub mod schema;

pub use crate::text::{parse_number, TextEncoding};
pub use reader::{read_all, read_csv, read_csv_with, CsvSummary, ReadOptions};
pub use schema::{classify, suggest_column, ColumnMatch, COLUMNS};

/// Slots of the columns the validation names, resolved from the schema at
/// compile time (a name that is not in [`COLUMNS`] does not compile).
mod col {
    use super::schema::slot;
    pub const ENTITY: usize = slot("entity");
    pub const KIND: usize = slot("kind");
    pub const QUANTITY: usize = slot("quantity");
    pub const PURCHASE_YEAR: usize = slot("purchase_year");
    pub const PURCHASE_DATE: usize = slot("purchase_date");
    pub const LIFESPAN_YEARS: usize = slot("lifespan_years");
    pub const COUNTRY: usize = slot("country");
    pub const ENERGY: [usize; 3] = [
        slot("annual_energy_kwh"),
        slot("annual_energy_kwh_low"),
        slot("annual_energy_kwh_high"),
    ];
    pub const EMBODIED: [usize; 3] = [
        slot("embodied_gwp_kgco2e"),
        slot("embodied_gwp_kgco2e_low"),
        slot("embodied_gwp_kgco2e_high"),
    ];
    pub const DISPOSAL_YEAR: usize = slot("disposal_year");
    pub const USAGE_PROFILE: usize = slot("usage_profile");
    pub const UTILISATION: usize = slot("utilisation");
    pub const CAPACITY_TB: usize = slot("capacity_tb");
}

/// The name of the column at `slot` of [`COLUMNS`].
fn name(slot: usize) -> &'static str {
    COLUMNS.get(slot).map_or("", |c| c.name)
}

/// One inventory row as given by a caller, before validation. Numbers are
/// `f64` so that every host (CSV, Python, JavaScript) can fill them; years
/// must be whole numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Record<'a> {
    /// Organisational unit.
    pub entity: &'a str,
    /// Archetype id.
    pub kind: &'a str,
    /// Number of devices.
    pub quantity: Option<f64>,
    /// Year of purchase.
    pub purchase_year: Option<f64>,
    /// Date of purchase (used when `purchase_year` is absent).
    pub purchase_date: Option<&'a str>,
    /// Lifespan, years.
    pub lifespan_years: Option<f64>,
    /// Country of use.
    pub country: Option<&'a str>,
    /// Electricity per device per year, kWh: central, low, high.
    pub annual_energy_kwh: [Option<f64>; 3],
    /// Embodied footprint per device, kg CO2e: central, low, high.
    pub embodied_gwp_kgco2e: [Option<f64>; 3],
    /// Year of disposal.
    pub disposal_year: Option<f64>,
    /// Usage profile (`office`, `school`, `always_on`): the row's annual
    /// energy when it gives none.
    pub usage_profile: Option<&'a str>,
    /// Mean utilisation over the year (0-1): the row's annual energy from
    /// the kind's power at idle and at full load, when it gives none.
    pub utilisation: Option<f64>,
    /// Capacity of a storage device, TB: its embodied footprint is the
    /// kind's per-TB footprint times it, when the row gives none.
    pub capacity_tb: Option<f64>,
}

impl<'a> Record<'a> {
    /// Sets the text of the column at `slot` of [`COLUMNS`] (a text or date
    /// column). Returns `false` when that column is not read as text.
    pub fn set_text(&mut self, slot: usize, text: &'a str) -> bool {
        match slot {
            col::ENTITY => self.entity = text,
            col::KIND => self.kind = text,
            col::PURCHASE_DATE => self.purchase_date = Some(text),
            col::COUNTRY => self.country = Some(text),
            col::USAGE_PROFILE => self.usage_profile = Some(text),
            _ => return false,
        }
        true
    }

    /// Sets the number of the column at `slot` of [`COLUMNS`] (a number or
    /// year column). Returns `false` when that column is not numeric.
    pub fn set_number(&mut self, slot: usize, value: f64) -> bool {
        let v = Some(value);
        match slot {
            col::QUANTITY => self.quantity = v,
            col::PURCHASE_YEAR => self.purchase_year = v,
            col::LIFESPAN_YEARS => self.lifespan_years = v,
            col::DISPOSAL_YEAR => self.disposal_year = v,
            col::UTILISATION => self.utilisation = v,
            col::CAPACITY_TB => self.capacity_tb = v,
            _ => match (
                col::ENERGY.iter().position(|&s| s == slot),
                col::EMBODIED.iter().position(|&s| s == slot),
            ) {
                (Some(i), _) => {
                    if let Some(x) = self.annual_energy_kwh.get_mut(i) {
                        *x = v;
                    }
                }
                (_, Some(i)) => {
                    if let Some(x) = self.embodied_gwp_kgco2e.get_mut(i) {
                        *x = v;
                    }
                }
                _ => return false,
            },
        }
        true
    }
}

/// A storage row's embodied footprint from its capacity: the kind's
/// footprint scaled from its reference capacity to the row's, each bound
/// alike (`accounting::capacity_scaled_kgco2e`); `None` without a capacity.
/// A capacity for a kind whose footprint does not follow one is an error
/// naming the column.
fn capacity_embodied(
    arch: &crate::catalog::Archetype,
    capacity_tb: Option<f64>,
    at: RowRef<'_>,
) -> Result<Option<[f64; 3]>> {
    let Some(c) = capacity_tb else {
        return Ok(None);
    };
    let c = check_range(
        c,
        &at.cell(name(col::CAPACITY_TB)),
        0.0,
        false,
        crate::catalog::archetype::MAX_CAPACITY_TB,
    )?;
    let Some(reference) = arch.capacity_tb else {
        return Err(Error::InvalidOption {
            at: at.at(name(col::CAPACITY_TB)),
            option: name(col::CAPACITY_TB).into(),
            value: c.to_string(),
            allowed: format!(
                "empty for `{}`: only kinds with a footprint per TB (storage_hdd, storage_ssd) take a capacity",
                arch.kind
            ),
        });
    };
    Ok(Some(arch.embodied_gwp_kgco2e.bounds().map(|e| {
        crate::accounting::capacity_scaled_kgco2e(e, c, reference)
    })))
}

/// Where a record comes from, for error messages.
#[derive(Debug, Clone, Copy)]
pub enum RowRef<'a> {
    /// A line of a text file.
    Line(&'a str, u64),
    /// The index of an in-memory record.
    Row(&'a str, u64),
}

impl<'a> RowRef<'a> {
    /// One cell of this row (its location is built only on error).
    #[must_use]
    pub fn cell<'c>(self, column: &'c str) -> Cell<'c>
    where
        'a: 'c,
    {
        Cell(self, column)
    }

    /// The location of one column of this row.
    #[must_use]
    pub fn at(self, column: &str) -> Location {
        match self {
            Self::Line(source, line) => Location::line(source, line),
            Self::Row(source, row) => Location::row(source, row),
        }
        .with_column(column)
    }
}

/// A cell of a row: a cheap, lazily formatted [`Location`].
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a>(RowRef<'a>, &'a str);

impl Locate for Cell<'_> {
    fn locate(&self) -> Location {
        self.0.at(self.1)
    }
}

/// Bits of [`Rows::defaults`]: which archetype defaults a row uses.
pub(crate) mod default_bits {
    /// The row gives no embodied footprint: the catalog's per-phase values apply.
    pub const EMBODIED: u8 = 1;
    /// The row gives no lifespan: the archetype's applies.
    pub const LIFESPAN: u8 = 2;
    /// The row gives no annual energy: the archetype's applies.
    pub const ENERGY: u8 = 4;
    /// The row gives no annual energy and its kind has none (only in an
    /// inventory built with [`super::Inventory::without_energy`]): its energy
    /// lanes are missing (NaN), and engines that need them refuse the row.
    pub const NO_ENERGY: u8 = 8;
}

/// One validated row of an [`Inventory`], defaults resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowView {
    /// Number of devices.
    pub quantity: f64,
    /// Year of purchase.
    pub purchase_year: i32,
    /// Lifespan, years (the row's, else the archetype's).
    pub lifespan_years: f64,
    /// Year of disposal, if the row gives one.
    pub disposal_year: Option<i32>,
    /// Electricity per device per year, kWh (the row's, else derived from
    /// the archetype); `None` when neither gives one (an inventory built
    /// with [`Inventory::without_energy`]).
    pub annual_energy_kwh: Option<Estimate>,
    /// The lifespan is the archetype's default.
    pub default_lifespan: bool,
    /// The energy is the archetype's default (its own, its usage profile's
    /// or its load model's).
    pub default_energy: bool,
    /// The row gives no embodied footprint: the catalog's per-phase values apply.
    pub default_embodied: bool,
    /// Embodied footprint per device, kg CO2e, when the row gives one (its
    /// own, or its kind's scaled to its `capacity_tb`); `None` when the
    /// catalog's per-phase values apply.
    pub embodied_kgco2e: Option<Estimate>,
}

/// "No disposal year".
pub(crate) const NEVER: i32 = i32::MAX;

/// The validated rows of a batch, column by column, defaults resolved
/// (except the embodied footprint of rows that give none: the engines read
/// the catalog's per-phase values for them, so a factor table applies).
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    /// Entity id (position in [`Inventory::entities`]).
    pub entity: Vec<u32>,
    /// Device kind.
    pub kind: Vec<KindId>,
    /// Zone of use.
    pub zone: Vec<ZoneId>,
    /// Number of devices.
    pub quantity: Vec<f64>,
    /// Year of purchase.
    pub purchase_year: Vec<i32>,
    /// Lifespan, years.
    pub lifespan_years: Vec<f64>,
    /// Year of disposal, or [`NEVER`].
    pub disposal_year: Vec<i32>,
    /// Per device per year, kWh: central, low, high (NaN, missing, on a
    /// row marked [`default_bits::NO_ENERGY`]).
    pub energy_kwh: Vec<[f64; 3]>,
    /// Per device, kg CO2e, central, low, high, when the row gives it.
    pub embodied_kgco2e: Vec<Option<[f64; 3]>>,
    /// [`default_bits`] of the row.
    pub defaults: Vec<u8>,
}

impl Rows {
    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.quantity.len()
    }

    /// Whether there is no row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.quantity.is_empty()
    }
}

/// Calls the same `Vec` method on every column of a [`Rows`]: the one
/// place besides the struct that lists the columns.
macro_rules! for_each_column {
    ($rows:expr, $method:ident($($arg:expr),*)) => {{
        let r = &mut $rows;
        r.entity.$method($($arg),*);
        r.kind.$method($($arg),*);
        r.zone.$method($($arg),*);
        r.quantity.$method($($arg),*);
        r.purchase_year.$method($($arg),*);
        r.lifespan_years.$method($($arg),*);
        r.disposal_year.$method($($arg),*);
        r.energy_kwh.$method($($arg),*);
        r.embodied_kgco2e.$method($($arg),*);
        r.defaults.$method($($arg),*);
    }};
}

/// An inventory: validated rows plus the dictionary of entity names, and the
/// catalog the rows were validated against (their kind and zone ids are of
/// that catalog). Rows can be cleared between batches while the dictionary
/// is kept, so a large file streams through in constant memory.
#[derive(Debug, Clone)]
pub struct Inventory {
    catalog: Arc<Catalog>,
    default_zone: Option<ZoneId>,
    /// Whether a row must have an annual energy (see [`Inventory::without_energy`]).
    energy_needed: bool,
    entities: Vec<String>,
    /// Ids of `entities`, hashed by name (each name stored once).
    entity_ids: hashbrown::HashTable<u32>,
    kind_cache: HashMap<String, KindId>,
    zone_cache: HashMap<String, ZoneId>,
    last_zone: Option<(String, ZoneId)>,
    rows: Rows,
}

impl Inventory {
    /// An empty inventory of `catalog`; rows without a country use
    /// `default_country`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] for an unknown default country.
    pub fn new(catalog: Arc<Catalog>, default_country: Option<&str>) -> Result<Self> {
        let default_zone = match default_country {
            Some(c) => Some(catalog.grid().zone_id(c, &Location::option("country"))?),
            None => None,
        };
        Ok(Self {
            catalog,
            default_zone,
            energy_needed: true,
            entities: Vec::new(),
            entity_ids: hashbrown::HashTable::new(),
            kind_cache: HashMap::default(),
            zone_cache: HashMap::default(),
            last_zone: None,
            rows: Rows::default(),
        })
    }

    /// This inventory for a reader that books embodied emissions only (the
    /// IT equipment of a data centre, whose electricity is metered): a row
    /// of a kind without a default electricity use may then give no
    /// `annual_energy_kwh` (its energy is missing: [`RowView::annual_energy_kwh`]
    /// is `None`) instead of being refused with
    /// [`Error::NoDefaultEnergy`]. The fleet assessment and policy
    /// simulations refuse such rows; the single-device footprint never
    /// builds such an inventory.
    #[must_use]
    pub fn without_energy(mut self) -> Self {
        self.energy_needed = false;
        self
    }

    /// Whether every row has an annual energy (false after
    /// [`Inventory::without_energy`]).
    #[must_use]
    pub fn energy_needed(&self) -> bool {
        self.energy_needed
    }

    /// Checks that every row has an annual energy, for an engine that needs
    /// it (`why` says what it does with it).
    ///
    /// # Errors
    ///
    /// [`Error::NoDefaultEnergy`] naming the kind of the first row marked
    /// without energy (only in an inventory built
    /// [`Inventory::without_energy`]).
    pub fn check_energy(&self, why: &str) -> Result<()> {
        if self.energy_needed {
            return Ok(());
        }
        let r = &self.rows;
        let Some(i) = r
            .defaults
            .iter()
            .position(|d| d & default_bits::NO_ENERGY != 0)
        else {
            return Ok(());
        };
        let kind = r.kind.get(i).and_then(|k| self.catalog.archetype(*k).ok());
        Err(Error::NoDefaultEnergy {
            at: Location::file("inventory").with_column(name(col::ENERGY[0])),
            kind: kind.map_or_else(String::new, |a| a.kind.clone()),
            fill: format!("`annual_energy_kwh` on every row of this kind ({why})"),
        })
    }

    /// The catalog the rows were validated against.
    #[must_use]
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Row `i` as validated, defaults resolved (`None` past the end).
    #[must_use]
    pub fn row(&self, i: usize) -> Option<RowView> {
        let r = &self.rows;
        let defaults = *r.defaults.get(i)?;
        let energy = *r.energy_kwh.get(i)?;
        Some(RowView {
            quantity: *r.quantity.get(i)?,
            purchase_year: *r.purchase_year.get(i)?,
            lifespan_years: *r.lifespan_years.get(i)?,
            disposal_year: r.disposal_year.get(i).copied().filter(|&y| y != NEVER),
            annual_energy_kwh: Estimate::from_bounds(energy).ok(),
            default_lifespan: defaults & default_bits::LIFESPAN != 0,
            default_energy: defaults & default_bits::ENERGY != 0,
            default_embodied: defaults & default_bits::EMBODIED != 0,
            embodied_kgco2e: r
                .embodied_kgco2e
                .get(i)?
                .and_then(|e| Estimate::from_bounds(e).ok()),
        })
    }

    /// The validated rows, column by column.
    #[must_use]
    pub(crate) fn rows(&self) -> &Rows {
        &self.rows
    }

    /// Names of the entities seen so far, indexed by entity id.
    #[must_use]
    pub fn entities(&self) -> &[String] {
        &self.entities
    }

    /// The entity names, the inventory given up (its dictionary and rows
    /// are freed).
    #[must_use]
    pub fn into_entities(self) -> Vec<String> {
        self.entities
    }

    /// Number of rows currently held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Reserves room for `additional` more rows.
    pub fn reserve(&mut self, additional: usize) {
        for_each_column!(self.rows, reserve(additional));
    }

    /// Drops the rows, keeping the entity dictionary and capacity.
    pub fn clear_rows(&mut self) {
        for_each_column!(self.rows, clear());
    }

    /// Validates one record, resolves its defaults from the catalog and
    /// appends it.
    ///
    /// # Errors
    ///
    /// The first problem found, naming the row and column: a missing value,
    /// an unknown kind or country, a number out of range or not finite, an
    /// interval whose bounds are not ordered, a disposal before purchase.
    pub fn push(&mut self, rec: &Record<'_>, at: RowRef<'_>) -> Result<()> {
        let entity = rec.entity.trim();
        if entity.is_empty() {
            return Err(Error::MissingValue {
                at: at.at(name(col::ENTITY)),
            });
        }
        if rec.kind.trim().is_empty() && is_total_row(entity) {
            return Err(Error::MalformedCsv {
                at: at.at(name(col::ENTITY)),
                message: format!(
                    "`{}` without a kind looks like a spreadsheet's total row: empreinte adds up the devices itself; delete the row",
                    crate::error::echo(entity)
                ),
            });
        }
        let kind = self.kind(rec.kind, at)?;
        let arch = self.catalog.archetype(kind)?;
        let quantity = rec.quantity.ok_or_else(|| Error::MissingValue {
            at: at.at(name(col::QUANTITY)),
        })?;
        check_range(
            quantity,
            &at.cell(name(col::QUANTITY)),
            0.0,
            false,
            MAX_QUANTITY,
        )?;
        let date = rec.purchase_date.filter(|d| !d.trim().is_empty());
        let purchase_year = match (rec.purchase_year, date) {
            (Some(y), Some(d)) => {
                let y = check_year(y, &at.cell(name(col::PURCHASE_YEAR)))?;
                let from_date = parse_date_year(d, &at.cell(name(col::PURCHASE_DATE)))?;
                if from_date != y {
                    return Err(Error::OutOfRange {
                        at: at.at(name(col::PURCHASE_YEAR)),
                        value: f64::from(y),
                        allowed: format!(
                            "the year of purchase_date `{}` ({from_date}): the two columns disagree",
                            crate::error::echo(d)
                        ),
                    });
                }
                y
            }
            (Some(y), None) => check_year(y, &at.cell(name(col::PURCHASE_YEAR)))?,
            (None, Some(d)) => parse_date_year(d, &at.cell(name(col::PURCHASE_DATE)))?,
            _ => {
                return Err(Error::MissingValue {
                    at: at.at(name(col::PURCHASE_YEAR)),
                })
            }
        };
        let mut defaults = 0;
        let lifespan_years = match rec.lifespan_years {
            Some(l) => check_lifespan(l, &at.cell(name(col::LIFESPAN_YEARS)))?,
            None => {
                defaults |= default_bits::LIFESPAN;
                arch.lifespan_years
            }
        };
        let profile = rec.usage_profile.map(str::trim).filter(|s| !s.is_empty());
        let given = interval(rec.annual_energy_kwh, at, col::ENERGY)?;
        let given = match rec.utilisation {
            Some(u) => {
                defaults |= default_bits::ENERGY;
                Some(self.load_energy(arch, u, given.is_some(), profile.is_some(), at)?)
            }
            None => given,
        };
        let energy_kwh = match given {
            Some(e) => e,
            None => match (profile, arch.annual_energy_kwh) {
                (Some(p), _) => {
                    defaults |= default_bits::ENERGY;
                    self.profile_energy(arch, p, at)?
                }
                (None, Some(e)) => {
                    defaults |= default_bits::ENERGY;
                    e.bounds()
                }
                (None, None) if !self.energy_needed => {
                    defaults |= default_bits::NO_ENERGY;
                    [f64::NAN; 3]
                }
                (None, None) => {
                    let column = name(col::ENERGY[0]);
                    return Err(Error::NoDefaultEnergy {
                        at: at.at(column),
                        kind: arch.kind.clone(),
                        fill: if arch.power.is_some() {
                            format!("`{column}` (kWh per device per year) or `usage_profile` on this row")
                        } else {
                            format!("`{column}` (kWh per device per year) on this row")
                        },
                    });
                }
            },
        };
        let embodied_kgco2e = match interval(rec.embodied_gwp_kgco2e, at, col::EMBODIED)? {
            Some(given) => Some(given),
            None => capacity_embodied(arch, rec.capacity_tb, at)?,
        };
        if embodied_kgco2e.is_none() {
            defaults |= default_bits::EMBODIED;
        }
        let zone = match rec.country.map(str::trim).filter(|s| !s.is_empty()) {
            Some(code) => self.zone(code, at)?,
            None => self.default_zone.ok_or_else(|| Error::MissingCountry {
                at: at.at(name(col::COUNTRY)),
            })?,
        };
        let disposal_year = match rec.disposal_year {
            Some(d) => {
                let d = check_year(d, &at.cell(name(col::DISPOSAL_YEAR)))?;
                if d < purchase_year {
                    return Err(Error::OutOfRange {
                        at: at.at(name(col::DISPOSAL_YEAR)),
                        value: f64::from(d),
                        allowed: format!("the purchase year ({purchase_year}) or later"),
                    });
                }
                d
            }
            None => NEVER,
        };
        let entity = self.entity_id(entity);
        let r = &mut self.rows;
        r.entity.push(entity);
        r.kind.push(kind);
        r.zone.push(zone);
        r.quantity.push(quantity);
        r.purchase_year.push(purchase_year);
        r.lifespan_years.push(lifespan_years);
        r.disposal_year.push(disposal_year);
        r.energy_kwh.push(energy_kwh);
        r.embodied_kgco2e.push(embodied_kgco2e);
        r.defaults.push(defaults);
        Ok(())
    }

    /// Annual energy of one device of `arch` at utilisation `u` on its load
    /// model (`accounting::annual_energy_at_utilisation_kwh`), for a row
    /// that gives no other energy (`energy`: it gives `annual_energy_kwh`,
    /// `profile`: it names a usage profile).
    fn load_energy(
        &self,
        arch: &crate::catalog::Archetype,
        u: f64,
        energy: bool,
        profile: bool,
        at: RowRef<'_>,
    ) -> Result<[f64; 3]> {
        let column = name(col::UTILISATION);
        let u = check_range(u, &at.cell(column), 0.0, true, 1.0)?;
        let other = match (energy, profile) {
            (true, _) => Some(col::ENERGY[0]),
            (false, true) => Some(col::USAGE_PROFILE),
            (false, false) => None,
        };
        if let Some(other) = other {
            return Err(Error::ConflictingColumns {
                at: at.at(column),
                column: column.into(),
                other: name(other).into(),
                what: "the electricity use".into(),
            });
        }
        let load = arch.load.ok_or_else(|| Error::NoLoadModel {
            at: at.at(column),
            kind: arch.kind.clone(),
        })?;
        Ok(crate::accounting::annual_energy_at_utilisation_kwh(
            u,
            load.idle_w.bounds(),
            load.max_w.bounds(),
        ))
    }

    /// Annual energy of one device of `arch` under the usage profile named
    /// `name`: hours per mode times the kind's power per mode.
    fn profile_energy(
        &self,
        arch: &crate::catalog::Archetype,
        name: &str,
        at: RowRef<'_>,
    ) -> Result<[f64; 3]> {
        let column = self::name(col::USAGE_PROFILE);
        let profile = self.catalog.usage_profile(name).ok_or_else(|| {
            let known: Vec<&str> = self
                .catalog
                .usage_profiles()
                .iter()
                .map(|p| p.profile.as_str())
                .collect();
            Error::InvalidOption {
                at: at.at(column),
                option: column.into(),
                value: crate::error::echo(name),
                allowed: known.join(", "),
            }
        })?;
        let power = arch.power.ok_or_else(|| Error::InvalidOption {
            at: at.at(column),
            option: column.into(),
            value: crate::error::echo(name),
            allowed: format!(
                "no profile for kind `{}`: its power per mode is unknown; give annual_energy_kwh",
                arch.kind
            ),
        })?;
        Ok(power.annual_energy_kwh(profile.hours_on, profile.hours_sleep, profile.hours_off))
    }

    fn kind(&mut self, kind: &str, at: RowRef<'_>) -> Result<KindId> {
        if let Some(k) = self.kind_cache.get(kind) {
            return Ok(*k);
        }
        if kind.trim().is_empty() {
            return Err(Error::MissingValue {
                at: at.at(name(col::KIND)),
            });
        }
        let k = self.catalog.kind_id(kind, &at.cell(name(col::KIND)))?;
        self.kind_cache.insert(kind.to_owned(), k);
        Ok(k)
    }

    fn zone(&mut self, code: &str, at: RowRef<'_>) -> Result<ZoneId> {
        if let Some((last, z)) = &self.last_zone {
            if last == code {
                return Ok(*z);
            }
        }
        if let Some(z) = self.zone_cache.get(code) {
            self.last_zone = Some((code.to_owned(), *z));
            return Ok(*z);
        }
        let z = self
            .catalog
            .grid()
            .zone_id(code, &at.cell(name(col::COUNTRY)))?;
        self.zone_cache.insert(code.to_owned(), z);
        self.last_zone = Some((code.to_owned(), z));
        Ok(z)
    }

    fn entity_id(&mut self, name: &str) -> u32 {
        // Exports are usually sorted by entity: the previous row's is the likeliest.
        if let Some(&last) = self.rows.entity.last() {
            if self.entities.get(last as usize).is_some_and(|e| e == name) {
                return last;
            }
        }
        use std::hash::BuildHasher;
        let hasher = rustc_hash::FxBuildHasher;
        let names = &self.entities;
        let hash = hasher.hash_one(name);
        let same = |id: &u32| names.get(*id as usize).is_some_and(|n| n == name);
        if let Some(id) = self.entity_ids.find(hash, same) {
            return *id;
        }
        let id = self.entities.len() as u32;
        self.entities.push(name.to_owned());
        let names = &self.entities;
        self.entity_ids.insert_unique(hash, id, |id| {
            hasher.hash_one(names.get(*id as usize).map_or("", String::as_str))
        });
        id
    }
}

/// A per-device value with optional bounds: `None` when not given at all.
/// Bounds come from the schema.
fn interval(
    [central, low, high]: [Option<f64>; 3],
    at: RowRef<'_>,
    slots: [usize; 3],
) -> Result<Option<[f64; 3]>> {
    let [c_slot, l_slot, h_slot] = slots;
    let max = |slot: usize| COLUMNS.get(slot).and_then(|c| c.max).unwrap_or(f64::MAX);
    let Some(central) = central else {
        return match low.or(high) {
            Some(_) => Err(Error::MissingValue {
                at: at.at(name(c_slot)),
            }),
            None => Ok(None),
        };
    };
    let central = check_range(central, &at.cell(name(c_slot)), 0.0, true, max(c_slot))?;
    let low = match low {
        Some(l) => check_range(l, &at.cell(name(l_slot)), 0.0, true, central)?,
        None => central,
    };
    let high = match high {
        Some(h) => check_range(h, &at.cell(name(h_slot)), central, true, max(h_slot))?,
        None => central,
    };
    Ok(Some([central, low, high]))
}

/// The year of a `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `DD-MM-YYYY` or
/// `DD.MM.YYYY` date (a time after the date is ignored).
fn parse_date_year(s: &str, at: &impl Locate) -> Result<i32> {
    let bad = || Error::InvalidDate {
        at: at.locate(),
        value: crate::error::echo(s),
    };
    let date = s.trim().split(['T', ' ']).next().unwrap_or("");
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let month_days = days.get((m as usize).wrapping_sub(1)).copied().unwrap_or(0);
    if d == 0 || d > month_days {
        return Err(bad());
    }
    check_year(f64::from(y), at)
}

/// Whether an entity name is a spreadsheet's total line ("Total", "Totaal",
/// "Somme", "Grand total", "Total général", ...).
fn is_total_row(entity: &str) -> bool {
    let e = entity.trim().trim_end_matches(':').to_lowercase();
    ["total", "totaal", "totaux", "totale", "sum", "somme", "som"]
        .iter()
        .any(|t| e == *t || e.starts_with(&format!("{t} ")) || e.starts_with(&format!("grand {t}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let at = Location::default();
        assert_eq!(parse_date_year("2021-03-15", &at).unwrap(), 2021);
        assert_eq!(parse_date_year("15/03/2021", &at).unwrap(), 2021);
        assert_eq!(parse_date_year("2021-03-15T10:00:00", &at).unwrap(), 2021);
        assert!(parse_date_year("2021-02-30", &at).is_err());
        assert!(parse_date_year("March 2021", &at).is_err());
    }
}
