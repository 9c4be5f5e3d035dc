//! Device archetypes: the default footprint, lifespan and electricity of a
//! kind of device, with the source and quality of each.

use crate::error::{Error, Result};
use crate::quantity::bounds::{check_lifespan, check_range, MAX_PER_DEVICE};
use crate::quantity::{Estimate, Phase};
use crate::text::CsvTable;
use serde::{Deserialize, Serialize};

/// How much a default can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    /// At least 30 sheets from at least 3 manufacturers, none with more
    /// than half of them.
    High,
    /// At least 5 sheets from at least 2 manufacturers, none with more than
    /// 80 % of them.
    Medium,
    /// Fewer sheets, one dominant manufacturer, a proxy or a single
    /// published figure; wide interval.
    Low,
}

/// The defaults of one kind of device, with their source.
#[derive(Debug, Clone, Serialize)]
pub struct Archetype {
    /// Identifier used in inventories (`laptop`, `monitor_22_24`, ...).
    pub kind: String,
    /// Human-readable label.
    pub label: String,
    /// Default lifespan, years.
    pub lifespan_years: f64,
    /// Default electricity use per device per year, kWh; `None` for a kind
    /// with an embodied footprint only (a row must then give its own, or
    /// name a usage profile when the kind has a power per mode).
    pub annual_energy_kwh: Option<Estimate>,
    /// Embodied climate footprint per device (manufacture + transport + end
    /// of life), kg CO2e.
    pub embodied_gwp_kgco2e: Estimate,
    /// Shares of the embodied footprint in manufacture, transport and end of
    /// life (order of [`Phase::EMBODIED`]); they sum to 1.
    pub shares: [f64; 3],
    /// Number of manufacturer sheets behind the values (0 for a citation).
    pub sample_size: u32,
    /// How much the values can be trusted.
    pub quality: Quality,
    /// How the values were derived.
    pub method: String,
    /// Citation.
    pub source: String,
    /// Number of manufacturers among the sheets (0 for a citation).
    pub manufacturers: u32,
    /// Share of the sheets from the largest manufacturer (0-1; 0 without
    /// sheets).
    pub top_manufacturer_share: f64,
    /// The manufacturers' own lifetime assumption, years, kept for
    /// comparison with [`Archetype::lifespan_years`].
    pub manufacturer_lifespan_years: f64,
    /// What `lifespan_years` is: `observed`, `manufacturers` or `estimate`.
    pub lifespan_basis: String,
    /// What the embodied and energy values rest on: `manufacturer`
    /// (manufacturers' PCF sheets), `observed` (measurements) or `estimate`
    /// (a proxy or engineering estimate, which an official report may flag
    /// or leave out); empty when a user table does not say.
    pub basis: String,
    /// Storage: the capacity, TB, of the device the embodied values describe
    /// (the kind's footprint is per TB × this capacity); a row's
    /// `capacity_tb` scales the embodied footprint to its own capacity.
    /// `None` for a kind whose footprint does not follow a capacity.
    pub capacity_tb: Option<f64>,
    /// The usage profile behind `annual_energy_kwh` (empty when the energy
    /// is a test or estimated figure).
    pub usage_profile: String,
    /// Power per mode, when known.
    pub power: Option<ModePower>,
    /// Power at active idle and at full load (servers), when known: the
    /// linear load model behind an inventory row's `utilisation`.
    pub load: Option<LoadPower>,
    /// The distribution a Monte Carlo run fits to this kind's embodied and
    /// energy intervals (the table's `distribution` column); `None`: the
    /// run's own (`--distribution`, triangular by default).
    pub distribution: Option<crate::uncertainty::Shape>,
}

/// Power of a kind at active idle and at 100 % load, W, for the linear
/// load model `P(u) = P_idle + u × (P_max − P_idle)` (see
/// `accounting::annual_energy_at_utilisation_kwh`, which computes it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadPower {
    /// Power at active idle, W.
    pub idle_w: Estimate,
    /// Power at 100 % load, W (each bound at least the idle one's).
    pub max_w: Estimate,
    /// The utilisation (0-1) at which the line meets the manufacturers'
    /// typical power (the kind's `annual_energy_kwh` over 8,760 h), solved
    /// from the other figures: informative only, never used in a formula;
    /// `None` when the table leaves it empty.
    pub typical_utilisation: Option<f64>,
}

/// Power draw of a kind in each mode, W (on with its interval; sleep and
/// off central, as the table gives them).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModePower {
    /// Power when on (idle or active office use), W.
    pub on_w: Estimate,
    /// Power asleep, W, as given; `None` when the table leaves it empty (an
    /// always-on kind): [`ModePower::effective_sleep_w`] is then the on power.
    pub sleep_w: Option<f64>,
    /// Power off but plugged in, W, as given; `None` when the table leaves
    /// it empty: [`ModePower::effective_off_w`] is then the on power.
    pub off_w: Option<f64>,
}

impl ModePower {
    /// The power asleep that the energy uses, W: the given one, else the
    /// central on power (a kind that never sleeps draws its on power).
    #[must_use]
    pub fn effective_sleep_w(&self) -> f64 {
        self.sleep_w.unwrap_or_else(|| self.on_w.central())
    }

    /// The power off that the energy uses, W: the given one, else the
    /// central on power (a kind that is never off draws its on power).
    #[must_use]
    pub fn effective_off_w(&self) -> f64 {
        self.off_w.unwrap_or_else(|| self.on_w.central())
    }

    /// Electricity per year, kWh (central, low, high), of a device on for
    /// `hours_on`, asleep for `hours_sleep` and off for `hours_off` hours.
    #[must_use]
    pub fn annual_energy_kwh(&self, hours_on: f64, hours_sleep: f64, hours_off: f64) -> [f64; 3] {
        crate::accounting::energy_by_modes_kwh(
            [hours_on, hours_sleep, hours_off],
            self.on_w.bounds(),
            self.effective_sleep_w(),
            self.effective_off_w(),
        )
    }
}

/// The columns of an archetype table: the first [`REQUIRED`] must be in
/// the header, the others may be absent.
const COLUMNS: [&str; 36] = [
    "kind",
    "label",
    "lifespan_years",
    "embodied_gwp_kgco2e",
    "embodied_gwp_kgco2e_low",
    "embodied_gwp_kgco2e_high",
    "share_manufacture",
    "share_transport",
    "share_end_of_life",
    "sample_size",
    "quality",
    "method",
    "source",
    "annual_energy_kwh",
    "annual_energy_kwh_low",
    "annual_energy_kwh_high",
    "manufacturers",
    "top_manufacturer_share",
    "manufacturer_lifespan_years",
    "lifespan_basis",
    "usage_profile",
    "power_on_w",
    "power_on_w_low",
    "power_on_w_high",
    "power_sleep_w",
    "power_off_w",
    "power_idle_w",
    "power_idle_w_low",
    "power_idle_w_high",
    "power_max_w",
    "power_max_w_low",
    "power_max_w_high",
    "utilisation_typical",
    "basis",
    "capacity_tb",
    "distribution",
];
const REQUIRED: usize = 13;

/// Column slots of [`COLUMNS`].
mod c {
    pub const KIND: usize = 0;
    pub const LABEL: usize = 1;
    pub const LIFESPAN: usize = 2;
    pub const EMBODIED: usize = 3;
    pub const SHARES: usize = 6;
    pub const SAMPLE_SIZE: usize = 9;
    pub const QUALITY: usize = 10;
    pub const METHOD: usize = 11;
    pub const SOURCE: usize = 12;
    pub const ENERGY: usize = 13;
    pub const MANUFACTURERS: usize = 16;
    pub const TOP_SHARE: usize = 17;
    pub const MANUFACTURER_LIFESPAN: usize = 18;
    pub const LIFESPAN_BASIS: usize = 19;
    pub const USAGE_PROFILE: usize = 20;
    pub const POWER_ON: usize = 21;
    pub const POWER_SLEEP: usize = 24;
    pub const POWER_OFF: usize = 25;
    pub const POWER_IDLE: usize = 26;
    pub const POWER_MAX: usize = 29;
    pub const UTILISATION_TYPICAL: usize = 32;
    pub const BASIS: usize = 33;
    pub const CAPACITY_TB: usize = 34;
    pub const DISTRIBUTION: usize = 35;
}

/// Largest storage capacity of a device, TB (an archetype's or a row's
/// `capacity_tb`).
pub const MAX_CAPACITY_TB: f64 = 1.0e6;

/// The values of the `basis` column (empty also allowed).
pub const BASES: [&str; 3] = ["manufacturer", "observed", "estimate"];

/// The names that mark a header as an archetype table (rather than a
/// factor table): `kind`, `label`, `lifespan_years` and `embodied_gwp_kgco2e`.
pub const ARCHETYPE_MARKERS: [&str; 4] = ["kind", "label", "lifespan_years", "embodied_gwp_kgco2e"];

/// Whether the header of a table (its first line, after a UTF-8 byte-order
/// mark, `,` or `;` separated) has every column of [`ARCHETYPE_MARKERS`]:
/// decided from the header only, so the same bytes always give the same answer.
#[must_use]
pub fn is_archetype_table(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(crate::text::BOM).unwrap_or(bytes);
    let line = bytes
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or_default();
    let names: Vec<String> = line
        .split(|&b| b == b',' || b == b';')
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_matches('"')
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    ARCHETYPE_MARKERS
        .iter()
        .all(|m| names.iter().any(|n| n == m))
}

/// Parses the embedded archetype table (format in `datasets/README.md`).
///
/// # Errors
///
/// [`Error::Dataset`] at the line and column of the first problem (as
/// [`read_archetypes`] finds them).
pub fn parse_archetypes(dataset: &str, text: &str) -> Result<Vec<Archetype>> {
    read_archetypes(dataset, text.as_bytes()).map_err(|e| {
        let at = e.location().clone();
        let full = e.to_string();
        let message = full
            .strip_prefix(&format!("{at}: "))
            .unwrap_or(&full)
            .to_owned();
        Error::Dataset {
            at,
            dataset: dataset.into(),
            message,
        }
    })
}

/// Reads an archetype table named `name` with the rules of every small
/// table (`,` or `;` with decimal commas, byte-order mark,
/// physical line numbers), UTF-8 or else Windows-1252 (decided on the whole
/// table). Columns as in `datasets/README.md`; `annual_energy_kwh` and its
/// `_low`/`_high` may all be empty (the kind then has no default
/// electricity use), `_low`/`_high` alone may be empty (the value is then
/// exact); `source` is required. `power_sleep_w` and `power_off_w` may be
/// empty (the energy then uses the on power; the listing shows them empty).
/// The load model (`power_idle_w` and `power_max_w`, each with
/// `_low`/`_high`) is both or neither, with idle at most max bound by bound;
/// `utilisation_typical` is informative, may be empty, and when given is in
/// 0-1 and needs the load model. Kinds follow the catalog's identifier rule
/// (`Data-centre router` reads `data_centre_router`).
///
/// # Errors
///
/// The first problem, naming the table, line and column: a missing column
/// ([`Error::MissingColumn`]), value ([`Error::MissingValue`]) or a bad one
/// ([`Error::InvalidNumber`], [`Error::OutOfRange`], [`Error::InvalidOption`]
/// for a quality, a kind that is not an identifier or repeated), a
/// malformed line ([`Error::MalformedCsv`]); [`Error::EmptyInventory`] for a
/// table without rows.
pub fn read_archetypes(name: &str, bytes: &[u8]) -> Result<Vec<Archetype>> {
    let bytes = bytes.strip_prefix(crate::text::BOM).unwrap_or(bytes);
    let mut decoded = false;
    let text = crate::text::TextEncoding::Auto.decode(
        bytes,
        &crate::error::Location::file(name),
        &mut decoded,
    )?;
    let mut table = CsvTable::open_with_optional(name, text.as_bytes(), &COLUMNS, REQUIRED)?;
    let mut out: Vec<Archetype> = Vec::new();
    let mut record = csv::StringRecord::new();
    while let Some(line) = table.next_row(&mut record)? {
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.push(row(&table, &record, line, &out)?);
    }
    if out.is_empty() {
        return Err(Error::EmptyInventory {
            at: crate::error::Location::line(name, 1),
        });
    }
    Ok(out)
}

/// An interval of three columns from `slot`: `None` when all are empty.
fn interval(
    table: &CsvTable<'_>,
    record: &csv::StringRecord,
    line: u64,
    slot: usize,
    max: f64,
) -> Result<Option<Estimate>> {
    let at = |s: usize| table.at(line, s);
    let mut v = [None; 3];
    for (i, out) in v.iter_mut().enumerate() {
        if let Some(x) = table.number(record, line, slot + i)? {
            *out = Some(check_range(x, &at(slot + i), 0.0, true, max)?);
        }
    }
    let [central, low, high] = v;
    let Some(central) = central else {
        return match low.or(high) {
            Some(_) => Err(Error::MissingValue { at: at(slot) }),
            None => Ok(None),
        };
    };
    let (low, high) = (low.unwrap_or(central), high.unwrap_or(central));
    Estimate::new(central, low, high)
        .map(Some)
        .map_err(|_| Error::OutOfRange {
            at: at(slot),
            value: central,
            allowed: format!("between low ({low}) and high ({high})"),
        })
}

fn row(
    table: &CsvTable<'_>,
    record: &csv::StringRecord,
    line: u64,
    before: &[Archetype],
) -> Result<Archetype> {
    let at = |s: usize| table.at(line, s);
    let field = |s: usize| table.field(record, s);
    let number = |s: usize| table.number(record, line, s);
    let required = |s: usize| number(s)?.ok_or_else(|| Error::MissingValue { at: at(s) });
    let text = |s: usize| -> Result<String> {
        match field(s) {
            "" => Err(Error::MissingValue { at: at(s) }),
            t => Ok(t.to_owned()),
        }
    };
    let kind = super::identifier(&text(c::KIND)?);
    if !kind
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        || kind == "electricity"
    {
        return Err(Error::InvalidOption {
            at: at(c::KIND),
            option: "kind".into(),
            value: crate::error::echo(field(c::KIND)),
            allowed: "an identifier of letters, digits and `_` (`-` and spaces read as `_`), other than `electricity`".into(),
        });
    }
    if before.iter().any(|a| a.kind == kind) {
        return Err(Error::InvalidOption {
            at: at(c::KIND),
            option: "kind".into(),
            value: kind,
            allowed: "one line per kind (this kind is on an earlier line)".into(),
        });
    }
    let label = text(c::LABEL)?;
    let lifespan_years = check_lifespan(required(c::LIFESPAN)?, &at(c::LIFESPAN))?;
    let embodied =
        interval(table, record, line, c::EMBODIED, MAX_PER_DEVICE)?.ok_or_else(|| {
            Error::MissingValue {
                at: at(c::EMBODIED),
            }
        })?;
    let annual_energy_kwh = interval(table, record, line, c::ENERGY, MAX_PER_DEVICE)?;
    let mut shares = [0.0; 3];
    for (i, share) in shares.iter_mut().enumerate() {
        *share = check_range(required(c::SHARES + i)?, &at(c::SHARES + i), 0.0, true, 1.0)?;
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > 1e-6 {
        return Err(Error::OutOfRange {
            at: at(c::SHARES),
            value: sum,
            allowed: "shares of manufacture, transport and end of life summing to 1".into(),
        });
    }
    let count = |s: usize| -> Result<u32> {
        let v = number(s)?.unwrap_or(0.0);
        let v = check_range(v, &at(s), 0.0, true, f64::from(u32::MAX))?;
        if v.fract() != 0.0 {
            return Err(Error::OutOfRange {
                at: at(s),
                value: v,
                allowed: "a whole number".into(),
            });
        }
        Ok(v as u32)
    };
    let quality = match field(c::QUALITY).to_ascii_lowercase().as_str() {
        "high" => Quality::High,
        "medium" => Quality::Medium,
        "low" => Quality::Low,
        _ => {
            return Err(Error::InvalidOption {
                at: at(c::QUALITY),
                option: "quality".into(),
                value: crate::error::echo(field(c::QUALITY)),
                allowed: "high, medium, low".into(),
            })
        }
    };
    let basis = field(c::BASIS).to_ascii_lowercase();
    if !basis.is_empty() && !BASES.contains(&basis.as_str()) {
        return Err(Error::InvalidOption {
            at: at(c::BASIS),
            option: "basis".into(),
            value: crate::error::echo(field(c::BASIS)),
            allowed: "manufacturer, observed, estimate".into(),
        });
    }
    let capacity_tb = number(c::CAPACITY_TB)?
        .map(|v| check_range(v, &at(c::CAPACITY_TB), 0.0, false, MAX_CAPACITY_TB))
        .transpose()?;
    let power = match number(c::POWER_ON)? {
        Some(_) => {
            let on_w =
                interval(table, record, line, c::POWER_ON, MAX_POWER_W)?.ok_or_else(|| {
                    Error::MissingValue {
                        at: at(c::POWER_ON),
                    }
                })?;
            let other = |s: usize| -> Result<Option<f64>> {
                number(s)?
                    .map(|v| check_range(v, &at(s), 0.0, true, MAX_POWER_W))
                    .transpose()
            };
            Some(ModePower {
                on_w,
                sleep_w: other(c::POWER_SLEEP)?,
                off_w: other(c::POWER_OFF)?,
            })
        }
        None => {
            for s in c::POWER_ON + 1..=c::POWER_OFF {
                if number(s)?.is_some() {
                    return Err(Error::MissingValue {
                        at: at(c::POWER_ON),
                    });
                }
            }
            None
        }
    };
    let load = load(table, record, line)?;
    let distribution = distribution(
        field(c::DISTRIBUTION),
        &at(c::DISTRIBUTION),
        [Some(embodied), annual_energy_kwh],
    )?;
    let top_manufacturer_share = match number(c::TOP_SHARE)? {
        Some(v) => check_range(v, &at(c::TOP_SHARE), 0.0, true, 1.0)?,
        None => 0.0,
    };
    let manufacturer_lifespan_years = match number(c::MANUFACTURER_LIFESPAN)? {
        Some(v) => check_lifespan(v, &at(c::MANUFACTURER_LIFESPAN))?,
        None => lifespan_years,
    };
    Ok(Archetype {
        kind,
        label,
        lifespan_years,
        annual_energy_kwh,
        embodied_gwp_kgco2e: embodied,
        shares,
        sample_size: count(c::SAMPLE_SIZE)?,
        quality,
        method: field(c::METHOD).to_owned(),
        source: text(c::SOURCE)?,
        manufacturers: count(c::MANUFACTURERS)?,
        top_manufacturer_share,
        manufacturer_lifespan_years,
        lifespan_basis: match field(c::LIFESPAN_BASIS) {
            "" => "manufacturers".into(),
            b => b.to_owned(),
        },
        usage_profile: field(c::USAGE_PROFILE).to_owned(),
        basis,
        capacity_tb,
        power,
        load,
        distribution,
    })
}

/// A row's `distribution` (empty: `None`), checked against the intervals
/// it will be fitted to ([`crate::uncertainty::Distribution::fit`]: a
/// log-normal needs every low bound above zero).
pub(crate) fn distribution(
    field: &str,
    at: &crate::error::Location,
    intervals: [Option<Estimate>; 2],
) -> Result<Option<crate::uncertainty::Shape>> {
    use crate::uncertainty::Shape;
    if field.trim().is_empty() {
        return Ok(None);
    }
    let shape = Shape::parse(field).map_err(|_| Error::InvalidOption {
        at: at.clone(),
        option: "distribution".into(),
        value: crate::error::echo(field),
        allowed: "triangular, pert, uniform, lognormal".into(),
    })?;
    if let Some(e) = intervals
        .into_iter()
        .flatten()
        .find(|e| crate::uncertainty::Distribution::fit(shape, *e).is_err())
    {
        return Err(Error::InvalidOption {
            at: at.clone(),
            option: "distribution".into(),
            value: field.trim().into(),
            allowed: format!(
                "triangular, pert or uniform: a log-normal needs a low bound above zero (this row has {})",
                e.low()
            ),
        });
    }
    Ok(Some(shape))
}

/// The load model of a row: idle and maximum power with their bounds, both
/// or neither (`_low`/`_high` default to the central value); each bound of
/// the idle power at most the same bound of the maximum. The typical
/// utilisation is informative and may be empty; given, it is in 0-1, and
/// it needs the two powers.
fn load(table: &CsvTable<'_>, record: &csv::StringRecord, line: u64) -> Result<Option<LoadPower>> {
    let at = |s: usize| table.at(line, s);
    let idle = interval(table, record, line, c::POWER_IDLE, MAX_POWER_W)?;
    let max = interval(table, record, line, c::POWER_MAX, MAX_POWER_W)?;
    let typical = table.number(record, line, c::UTILISATION_TYPICAL)?;
    let (idle_w, max_w) = match (idle, max) {
        (Some(i), Some(m)) => (i, m),
        (None, None) if typical.is_none() => return Ok(None),
        (i, _) => {
            let missing = if i.is_none() {
                c::POWER_IDLE
            } else {
                c::POWER_MAX
            };
            return Err(Error::MissingValue { at: at(missing) });
        }
    };
    let typical_utilisation = typical
        .map(|u| check_range(u, &at(c::UTILISATION_TYPICAL), 0.0, true, 1.0))
        .transpose()?;
    for (i, (idle, max)) in idle_w.bounds().into_iter().zip(max_w.bounds()).enumerate() {
        if idle > max {
            return Err(Error::OutOfRange {
                at: at(c::POWER_IDLE + i),
                value: idle,
                allowed: format!(
                    "at most the power at full load ({max} W, `{}`)",
                    COLUMNS.get(c::POWER_MAX + i).copied().unwrap_or_default()
                ),
            });
        }
    }
    Ok(Some(LoadPower {
        idle_w,
        max_w,
        typical_utilisation,
    }))
}

/// Largest power per mode accepted, W (a rack of servers, not a device).
const MAX_POWER_W: f64 = 1e6;

impl Archetype {
    /// The default whole-life climate footprint of one device in an embodied
    /// phase (the embodied total times the phase's share); `None` for use.
    #[must_use]
    pub fn embodied_gwp_in(&self, phase: Phase) -> Option<Estimate> {
        let share = self.shares.get(phase.embodied_slot()?)?;
        self.embodied_gwp_kgco2e.scale(*share).ok()
    }
}
