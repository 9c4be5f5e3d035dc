//! Inventories: device rows in (CSV text or in-memory records), validated and
//! stored column by column for the engine.
//!
//! # CSV format
//!
//! One line per group of identical devices; the units are in the column
//! names. Required: `entity`, `kind`, `quantity`, and `purchase_year` or
//! `purchase_date`. Optional: `lifespan_years`, `country`,
//! `annual_energy_kwh` (per device), `embodied_gwp_kgco2e` (per device, all
//! phases but use), their `_low`/`_high` twins, and `disposal_year`.
//!
//! Files exported by Excel in French or Dutch locales work as they are: a
//! UTF-8 byte-order mark is skipped, and a header with more `;` than `,`
//! means `;`-separated with decimal commas (`1,5`) and spaces as thousands
//! separators (`1 234,5`). Column names are case-insensitive. An unknown
//! column that looks like a known one (often a unit typo:
//! `annual_energy_wh`) is an error; other unknown columns are ignored and
//! listed in the report's notes.

use crate::datasets::Catalog;
use crate::error::{closest, Error, Locate, Location, Result};
use rustc_hash::FxHashMap as HashMap;
use std::io::{BufRead, BufReader, Read};

/// Column names of the inventory format, with their unit in the name.
pub mod columns {
    /// Organisational unit the devices belong to (text).
    pub const ENTITY: &str = "entity";
    /// Archetype id (text).
    pub const KIND: &str = "kind";
    /// Number of identical devices (> 0).
    pub const QUANTITY: &str = "quantity";
    /// Year of purchase (integer).
    pub const PURCHASE_YEAR: &str = "purchase_year";
    /// Date of purchase, `YYYY-MM-DD` or `DD/MM/YYYY` (only its year is used).
    pub const PURCHASE_DATE: &str = "purchase_date";
    /// Lifespan over which embodied impacts are amortised, years (> 0).
    pub const LIFESPAN_YEARS: &str = "lifespan_years";
    /// ISO 3166-1 alpha-2 code of the country of use (or `EU27`, `WORLD`).
    pub const COUNTRY: &str = "country";
    /// Electricity per device per year, kWh.
    pub const ANNUAL_ENERGY_KWH: &str = "annual_energy_kwh";
    /// Low bound of `annual_energy_kwh`.
    pub const ANNUAL_ENERGY_KWH_LOW: &str = "annual_energy_kwh_low";
    /// High bound of `annual_energy_kwh`.
    pub const ANNUAL_ENERGY_KWH_HIGH: &str = "annual_energy_kwh_high";
    /// Embodied climate footprint per device (all phases but use), kg CO2e.
    pub const EMBODIED_GWP_KGCO2E: &str = "embodied_gwp_kgco2e";
    /// Low bound of `embodied_gwp_kgco2e`.
    pub const EMBODIED_GWP_KGCO2E_LOW: &str = "embodied_gwp_kgco2e_low";
    /// High bound of `embodied_gwp_kgco2e`.
    pub const EMBODIED_GWP_KGCO2E_HIGH: &str = "embodied_gwp_kgco2e_high";
    /// Year the devices left the organisation (integer).
    pub const DISPOSAL_YEAR: &str = "disposal_year";

    /// Every column, in this order.
    pub const ALL: [&str; 14] = [
        ENTITY,
        KIND,
        QUANTITY,
        PURCHASE_YEAR,
        PURCHASE_DATE,
        LIFESPAN_YEARS,
        COUNTRY,
        ANNUAL_ENERGY_KWH,
        ANNUAL_ENERGY_KWH_LOW,
        ANNUAL_ENERGY_KWH_HIGH,
        EMBODIED_GWP_KGCO2E,
        EMBODIED_GWP_KGCO2E_LOW,
        EMBODIED_GWP_KGCO2E_HIGH,
        DISPOSAL_YEAR,
    ];
}

/// Earliest and latest years accepted anywhere (purchase, disposal, report).
pub const YEARS: (i32, i32) = (1980, 2100);
/// Longest lifespan accepted, years.
pub const MAX_LIFESPAN_YEARS: f64 = 50.0;
/// Largest quantity accepted on one row.
pub const MAX_QUANTITY: f64 = 1e9;
/// Largest per-device value accepted for energy (kWh/year) and embodied (kg CO2e).
pub const MAX_PER_DEVICE: f64 = 1e7;

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
    pub const EMBODIED: u8 = 1;
    pub const LIFESPAN: u8 = 2;
    pub const ENERGY: u8 = 4;
}

/// "No disposal year".
pub(crate) const NEVER: i32 = i32::MAX;

/// The validated rows of a batch, column by column, defaults resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    pub entity: Vec<u32>,
    pub kind: Vec<u16>,
    pub zone: Vec<u16>,
    pub quantity: Vec<f64>,
    pub purchase_year: Vec<i32>,
    pub lifespan_years: Vec<f64>,
    pub disposal_year: Vec<i32>,
    /// Per device per year, kWh: central, low, high.
    pub energy_kwh: Vec<[f64; 3]>,
    /// Per device, kg CO2e: central, low, high.
    pub embodied_kgco2e: Vec<[f64; 3]>,
    pub defaults: Vec<u8>,
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

/// An inventory: validated rows plus the dictionary of entity names. Rows can
/// be cleared between batches while the dictionary is kept, so a large file
/// streams through in constant memory.
///
/// Kind and zone indices refer to the [`Catalog`] the rows were pushed with;
/// assess an inventory with that same catalog.
#[derive(Debug, Clone)]
pub struct Inventory {
    default_zone: Option<u16>,
    entities: Vec<String>,
    entity_ids: HashMap<String, u32>,
    kind_cache: HashMap<String, u16>,
    zone_cache: HashMap<String, u16>,
    last_zone: Option<(String, u16)>,
    pub(crate) rows: Rows,
}

impl Inventory {
    /// An empty inventory; rows without a country use `default_country`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] for an unknown default country.
    pub fn new(catalog: &Catalog, default_country: Option<&str>) -> Result<Self> {
        let default_zone = match default_country {
            Some(c) => Some(
                catalog
                    .grid()
                    .zone_index(c, &Location::default().with_column("country"))?
                    as u16,
            ),
            None => None,
        };
        Ok(Self {
            default_zone,
            entities: Vec::new(),
            entity_ids: HashMap::default(),
            kind_cache: HashMap::default(),
            zone_cache: HashMap::default(),
            last_zone: None,
            rows: Rows::default(),
        })
    }

    /// Names of the entities seen so far, indexed by entity id.
    #[must_use]
    pub fn entities(&self) -> &[String] {
        &self.entities
    }

    /// Number of rows currently held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.quantity.len()
    }

    /// Whether no row is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.quantity.is_empty()
    }

    /// Reserves room for `additional` more rows.
    pub fn reserve(&mut self, additional: usize) {
        for_each_column!(self.rows, reserve(additional));
    }

    /// Drops the rows, keeping the entity dictionary and capacity.
    pub fn clear_rows(&mut self) {
        for_each_column!(self.rows, clear());
    }

    /// Validates one record, resolves its defaults from `catalog` and appends it.
    ///
    /// # Errors
    ///
    /// The first problem found, naming the row and column: a missing value,
    /// an unknown kind or country, a number out of range or not finite, an
    /// interval whose bounds are not ordered, a disposal before purchase.
    pub fn push(&mut self, catalog: &Catalog, rec: &Record<'_>, at: RowRef<'_>) -> Result<()> {
        use columns as c;
        let entity = rec.entity.trim();
        if entity.is_empty() {
            return Err(Error::MissingValue {
                at: at.at(c::ENTITY),
            });
        }
        let kind = self.kind(catalog, rec.kind, at)?;
        let arch = &catalog.archetypes()[kind as usize];
        let quantity = rec.quantity.ok_or_else(|| Error::MissingValue {
            at: at.at(c::QUANTITY),
        })?;
        check_range(quantity, &at.cell(c::QUANTITY), 0.0, false, MAX_QUANTITY)?;
        let purchase_year = match (rec.purchase_year, rec.purchase_date) {
            (Some(y), _) => check_year(y, &at.cell(c::PURCHASE_YEAR))?,
            (None, Some(d)) if !d.trim().is_empty() => {
                parse_date_year(d, &at.cell(c::PURCHASE_DATE))?
            }
            _ => {
                return Err(Error::MissingValue {
                    at: at.at(c::PURCHASE_YEAR),
                })
            }
        };
        let mut defaults = 0;
        let lifespan_years = match rec.lifespan_years {
            Some(l) => check_range(
                l,
                &at.cell(c::LIFESPAN_YEARS),
                0.0,
                false,
                MAX_LIFESPAN_YEARS,
            )?,
            None => {
                defaults |= default_bits::LIFESPAN;
                arch.lifespan_years
            }
        };
        let zone = match rec.country.map(str::trim).filter(|s| !s.is_empty()) {
            Some(code) => self.zone(catalog, code, at)?,
            None => self.default_zone.ok_or_else(|| Error::MissingCountry {
                at: at.at(c::COUNTRY),
            })?,
        };
        let energy_kwh = match interval(rec.annual_energy_kwh, at, ENERGY_COLUMNS)? {
            Some(e) => e,
            None => {
                defaults |= default_bits::ENERGY;
                let e = arch.annual_energy_kwh;
                [e.central, e.low, e.high]
            }
        };
        let embodied_kgco2e = match interval(rec.embodied_gwp_kgco2e, at, EMBODIED_COLUMNS)? {
            Some(e) => e,
            None => {
                defaults |= default_bits::EMBODIED;
                let e = arch.embodied_gwp_kgco2e;
                [e.central, e.low, e.high]
            }
        };
        let disposal_year = match rec.disposal_year {
            Some(d) => {
                let d = check_year(d, &at.cell(c::DISPOSAL_YEAR))?;
                if d < purchase_year {
                    return Err(Error::OutOfRange {
                        at: at.at(c::DISPOSAL_YEAR),
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

    fn kind(&mut self, catalog: &Catalog, kind: &str, at: RowRef<'_>) -> Result<u16> {
        if let Some(k) = self.kind_cache.get(kind) {
            return Ok(*k);
        }
        if kind.trim().is_empty() {
            return Err(Error::MissingValue {
                at: at.at(columns::KIND),
            });
        }
        let k = catalog.kind_index(kind, &at.cell(columns::KIND))? as u16;
        self.kind_cache.insert(kind.to_owned(), k);
        Ok(k)
    }

    fn zone(&mut self, catalog: &Catalog, code: &str, at: RowRef<'_>) -> Result<u16> {
        if let Some((last, z)) = &self.last_zone {
            if last == code {
                return Ok(*z);
            }
        }
        if let Some(z) = self.zone_cache.get(code) {
            self.last_zone = Some((code.to_owned(), *z));
            return Ok(*z);
        }
        let z = catalog
            .grid()
            .zone_index(code, &at.cell(columns::COUNTRY))? as u16;
        self.zone_cache.insert(code.to_owned(), z);
        self.last_zone = Some((code.to_owned(), z));
        Ok(z)
    }

    fn entity_id(&mut self, name: &str) -> u32 {
        // Exports are usually sorted by entity: the previous row's is the likeliest.
        if let Some(&last) = self.rows.entity.last() {
            if self.entities[last as usize] == name {
                return last;
            }
        }
        if let Some(id) = self.entity_ids.get(name) {
            return *id;
        }
        let id = self.entities.len() as u32;
        self.entities.push(name.to_owned());
        self.entity_ids.insert(name.to_owned(), id);
        id
    }
}

const ENERGY_COLUMNS: [&str; 3] = [
    columns::ANNUAL_ENERGY_KWH,
    columns::ANNUAL_ENERGY_KWH_LOW,
    columns::ANNUAL_ENERGY_KWH_HIGH,
];
const EMBODIED_COLUMNS: [&str; 3] = [
    columns::EMBODIED_GWP_KGCO2E,
    columns::EMBODIED_GWP_KGCO2E_LOW,
    columns::EMBODIED_GWP_KGCO2E_HIGH,
];

/// A per-device value with optional bounds: `None` when not given at all.
fn interval(v: [Option<f64>; 3], at: RowRef<'_>, cols: [&str; 3]) -> Result<Option<[f64; 3]>> {
    let Some(central) = v[0] else {
        return match v.iter().position(Option::is_some) {
            Some(_) => Err(Error::MissingValue { at: at.at(cols[0]) }),
            None => Ok(None),
        };
    };
    let central = check_range(central, &at.cell(cols[0]), 0.0, true, MAX_PER_DEVICE)?;
    let low = match v[1] {
        Some(l) => check_range(l, &at.cell(cols[1]), 0.0, true, central)?,
        None => central,
    };
    let high = match v[2] {
        Some(h) => check_range(h, &at.cell(cols[2]), central, true, MAX_PER_DEVICE)?,
        None => central,
    };
    Ok(Some([central, low, high]))
}

/// Checks `lo < v <= hi` (or `lo <= v` when `lo_inclusive`) and finiteness.
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
pub(crate) fn check_range(
    v: f64,
    at: &impl Locate,
    lo: f64,
    lo_inclusive: bool,
    hi: f64,
) -> Result<f64> {
    if !v.is_finite() {
        return Err(Error::NotFinite {
            at: at.locate(),
            value: v.to_string(),
        });
    }
    let above = if lo_inclusive { v >= lo } else { v > lo };
    if !above || v > hi {
        let op = if lo_inclusive {
            "at least"
        } else {
            "greater than"
        };
        return Err(Error::OutOfRange {
            at: at.locate(),
            value: v,
            allowed: format!("{op} {lo}, at most {hi}"),
        });
    }
    Ok(v)
}

/// Checks that a year is a whole number in [`YEARS`].
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
pub fn check_year(y: f64, at: &impl Locate) -> Result<i32> {
    let y = check_range(y, at, f64::from(YEARS.0), true, f64::from(YEARS.1))?;
    if y.fract() != 0.0 {
        return Err(Error::OutOfRange {
            at: at.locate(),
            value: y,
            allowed: "a whole year".into(),
        });
    }
    Ok(y as i32)
}

/// The year of a `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `DD-MM-YYYY` or
/// `DD.MM.YYYY` date (a time after the date is ignored).
fn parse_date_year(s: &str, at: &impl Locate) -> Result<i32> {
    let bad = || Error::InvalidDate {
        at: at.locate(),
        value: s.into(),
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
    if !(1..=12).contains(&m) || d == 0 || d > days[(m - 1) as usize] {
        return Err(bad());
    }
    check_year(f64::from(y), at)
}

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Field separator.
    pub delimiter: u8,
    /// Whether numbers use a decimal comma.
    pub decimal_comma: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn dialect_of(first_line: &[u8]) -> Dialect {
    let count = |b: u8| first_line.iter().filter(|&&c| c == b).count();
    let semicolon = count(b';') > count(b',');
    Dialect {
        delimiter: if semicolon { b';' } else { b',' },
        decimal_comma: semicolon,
    }
}

/// Strips a UTF-8 byte-order mark and guesses the dialect from the header.
#[must_use]
pub fn sniff_dialect(bytes: &[u8]) -> (&[u8], Dialect) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    (bytes, dialect_of(first))
}

/// Parses a number written in a CSV cell: empty is `None`; with
/// `decimal_comma`, `1 234,5` reads 1234.5.
///
/// # Errors
///
/// [`Error::InvalidNumber`] (units in cells, typos) or [`Error::NotFinite`]
/// (`NaN`, `inf`).
pub fn parse_number(raw: &[u8], decimal_comma: bool, at: &impl Locate) -> Result<Option<f64>> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    let mut buf = [0u8; 48];
    let mut n = 0;
    let text: &[u8] = if decimal_comma {
        let mut i = 0;
        while i < s.len() {
            let b = s[i];
            // Thousands separators: space, no-break space (C2 A0), narrow no-break space (E2 80 AF).
            let skip = match b {
                b' ' => 1,
                0xC2 if s.get(i + 1) == Some(&0xA0) => 2,
                0xE2 if s.get(i + 1..i + 3) == Some(&[0x80, 0xAF]) => 3,
                _ => 0,
            };
            if skip > 0 {
                i += skip;
                continue;
            }
            if n == buf.len() {
                return Err(invalid(raw, at));
            }
            buf[n] = if b == b',' { b'.' } else { b };
            n += 1;
            i += 1;
        }
        &buf[..n]
    } else {
        s
    };
    // Fast path: most cells are small whole numbers (quantities, years).
    if text.len() <= 15 && text.iter().all(u8::is_ascii_digit) {
        return Ok(Some(
            text.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64,
        ));
    }
    let v: f64 = std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| invalid(raw, at))?;
    if !v.is_finite() {
        return Err(Error::NotFinite {
            at: at.locate(),
            value: String::from_utf8_lossy(s).into_owned(),
        });
    }
    Ok(Some(v))
}

fn invalid(raw: &[u8], at: &impl Locate) -> Error {
    Error::InvalidNumber {
        at: at.locate(),
        value: String::from_utf8_lossy(raw).trim().to_owned(),
    }
}

/// What reading a CSV inventory found besides its rows.
#[derive(Debug, Clone, Default)]
pub struct CsvSummary {
    /// Data lines read.
    pub rows: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Header columns that were not recognised and were ignored.
    pub ignored_columns: Vec<String>,
}

/// Reads a CSV inventory in batches of `batch_rows` rows: each full batch
/// (and the last one) is handed to `on_batch` with the number of bytes read so
/// far, then cleared. Memory stays proportional to the batch and the number of
/// distinct entities, whatever the file size.
///
/// # Errors
///
/// The first bad line (file, line and column), a missing or mistyped column,
/// an empty file, or whatever `on_batch` returns.
pub fn read_csv<R: Read>(
    name: &str,
    reader: R,
    catalog: &Catalog,
    inventory: &mut Inventory,
    batch_rows: usize,
    mut on_batch: impl FnMut(&mut Inventory, u64) -> Result<()>,
) -> Result<CsvSummary> {
    let io_err = |e: std::io::Error| Error::Io {
        at: Location::line(name, 1),
        message: e.to_string(),
    };
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    let head = buffered.fill_buf().map_err(io_err)?;
    let bom = head.starts_with(BOM);
    let dialect = dialect_of(
        head.strip_prefix(BOM)
            .unwrap_or(head)
            .split(|&b| b == b'\n')
            .next()
            .unwrap_or(b""),
    );
    if bom {
        buffered.consume(BOM.len());
    }
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(true)
        .from_reader(buffered);
    let header_at = Location::line(name, 1);
    let headers = csv.byte_headers().map_err(|e| malformed(name, &e))?.clone();
    if headers.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(Error::EmptyInventory { at: header_at });
    }
    let (index, ignored_columns) = map_columns(&headers, &header_at)?;
    for required in [columns::ENTITY, columns::KIND, columns::QUANTITY] {
        if index[col(required)].is_none() {
            return Err(Error::MissingColumn {
                at: header_at.clone(),
                column: required.into(),
            });
        }
    }
    if index[col(columns::PURCHASE_YEAR)].is_none() && index[col(columns::PURCHASE_DATE)].is_none()
    {
        return Err(Error::MissingColumn {
            at: header_at,
            column: "purchase_year (or purchase_date)".into(),
        });
    }
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let batch_rows = batch_rows.max(1);
    while csv
        .read_byte_record(&mut record)
        .map_err(|e| malformed(name, &e))?
    {
        let line = record.position().map_or(0, csv::Position::line);
        let at = RowRef::Line(name, line);
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue; // blank line or a row of empty cells, as Excel writes
        }
        let text = |c: &'static str, slot: usize| -> Result<Option<&str>> {
            match index[slot].and_then(|i| record.get(i)) {
                None => Ok(None),
                Some(raw) => std::str::from_utf8(raw)
                    .map(Some)
                    .map_err(|_| Error::MalformedCsv {
                        at: at.at(c),
                        message: "invalid UTF-8 (save the file as CSV UTF-8)".into(),
                    }),
            }
        };
        let num = |c: &'static str, slot: usize| -> Result<Option<f64>> {
            match index[slot].and_then(|i| record.get(i)) {
                None => Ok(None),
                Some(raw) => parse_number(raw, dialect.decimal_comma, &at.cell(c)),
            }
        };
        use columns as c;
        // The column's name and its slot, resolved at compile time.
        macro_rules! number {
            ($column:ident) => {
                num(c::$column, const { col(c::$column) })?
            };
        }
        macro_rules! text_of {
            ($column:ident) => {
                text(c::$column, const { col(c::$column) })?
            };
        }
        let rec = Record {
            entity: text_of!(ENTITY).unwrap_or(""),
            kind: text_of!(KIND).unwrap_or(""),
            quantity: number!(QUANTITY),
            purchase_year: number!(PURCHASE_YEAR),
            purchase_date: text_of!(PURCHASE_DATE),
            lifespan_years: number!(LIFESPAN_YEARS),
            country: text_of!(COUNTRY),
            annual_energy_kwh: [
                number!(ANNUAL_ENERGY_KWH),
                number!(ANNUAL_ENERGY_KWH_LOW),
                number!(ANNUAL_ENERGY_KWH_HIGH),
            ],
            embodied_gwp_kgco2e: [
                number!(EMBODIED_GWP_KGCO2E),
                number!(EMBODIED_GWP_KGCO2E_LOW),
                number!(EMBODIED_GWP_KGCO2E_HIGH),
            ],
            disposal_year: number!(DISPOSAL_YEAR),
        };
        inventory.push(catalog, &rec, at)?;
        rows += 1;
        if inventory.len() >= batch_rows {
            on_batch(inventory, record.position().map_or(0, csv::Position::byte))?;
            inventory.clear_rows();
        }
    }
    if rows == 0 {
        return Err(Error::EmptyInventory {
            at: Location::line(name, 1),
        });
    }
    let bytes = csv.position().byte();
    if !inventory.is_empty() {
        on_batch(inventory, bytes)?;
        inventory.clear_rows();
    }
    Ok(CsvSummary {
        rows,
        bytes,
        ignored_columns,
    })
}

/// Reads a whole CSV inventory into memory (for bindings that hold the text
/// already; files stream through [`read_csv`] instead).
///
/// # Errors
///
/// As [`read_csv`].
pub fn read_all(
    name: &str,
    bytes: &[u8],
    catalog: &Catalog,
    default_country: Option<&str>,
) -> Result<(Inventory, CsvSummary)> {
    let mut all = Inventory::new(catalog, default_country)?;
    let mut batch = Inventory::new(catalog, default_country)?;
    let summary = read_csv(name, bytes, catalog, &mut batch, usize::MAX, |b, _| {
        all = b.clone();
        Ok(())
    })?;
    Ok((all, summary))
}

/// The known inventory column closest to an unknown name, when it looks like
/// a typo of it (`annual_energy_wh` gives `annual_energy_kwh`).
#[must_use]
pub fn suggest_column(name: &str) -> Option<String> {
    closest(name, columns::ALL.iter().copied())
}

/// Position of a column in [`columns::ALL`] (evaluated at compile time below).
const fn col(name: &str) -> usize {
    let mut i = 0;
    while i < columns::ALL.len() {
        let (a, b) = (columns::ALL[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    usize::MAX
}

fn malformed(name: &str, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, csv::Position::line);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    };
    match e.kind() {
        csv::ErrorKind::Io(_) => Error::Io {
            at: Location::line(name, line),
            message,
        },
        _ => Error::MalformedCsv {
            at: Location::line(name, line),
            message,
        },
    }
}

type ColumnIndex = [Option<usize>; 14];

fn map_columns(headers: &csv::ByteRecord, at: &Location) -> Result<(ColumnIndex, Vec<String>)> {
    let mut index: ColumnIndex = [None; 14];
    let mut ignored = Vec::new();
    for (i, raw) in headers.iter().enumerate() {
        let name = String::from_utf8_lossy(raw).trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        match columns::ALL.iter().position(|c| *c == name) {
            Some(slot) if index[slot].is_some() => {
                return Err(Error::MalformedCsv {
                    at: at.clone().with_column(&name),
                    message: format!("column `{name}` appears twice"),
                })
            }
            Some(slot) => index[slot] = Some(i),
            None => match closest(&name, columns::ALL.iter().copied()) {
                Some(suggestion) => {
                    return Err(Error::UnknownColumn {
                        at: at.clone().with_column(&name),
                        column: name,
                        suggestion: Some(suggestion),
                    })
                }
                None => ignored.push(name),
            },
        }
    }
    Ok((index, ignored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_locales() {
        let at = Location::default();
        assert_eq!(parse_number(b" 1.5 ", false, &at).unwrap(), Some(1.5));
        assert_eq!(parse_number(b"1,5", true, &at).unwrap(), Some(1.5));
        assert_eq!(
            parse_number("1\u{a0}234,5".as_bytes(), true, &at).unwrap(),
            Some(1234.5)
        );
        assert_eq!(parse_number(b"", true, &at).unwrap(), None);
        assert_eq!(
            parse_number(b"12 kWh", false, &at).unwrap_err().code(),
            "invalid_number"
        );
        assert_eq!(
            parse_number(b"NaN", false, &at).unwrap_err().code(),
            "not_finite"
        );
        assert_eq!(
            parse_number(b"inf", true, &at).unwrap_err().code(),
            "not_finite"
        );
    }

    #[test]
    fn dates() {
        let at = Location::default();
        assert_eq!(parse_date_year("2021-03-15", &at).unwrap(), 2021);
        assert_eq!(parse_date_year("15/03/2021", &at).unwrap(), 2021);
        assert_eq!(parse_date_year("2021-03-15T10:00:00", &at).unwrap(), 2021);
        assert!(parse_date_year("2021-02-30", &at).is_err());
        assert!(parse_date_year("March 2021", &at).is_err());
    }

    #[test]
    fn dialects() {
        let (rest, d) = sniff_dialect(b"\xEF\xBB\xBFentity;kind;quantity\n");
        assert_eq!(
            d,
            Dialect {
                delimiter: b';',
                decimal_comma: true
            }
        );
        assert!(rest.starts_with(b"entity"));
        assert_eq!(sniff_dialect(b"entity,kind\n").1.delimiter, b',');
    }
}
