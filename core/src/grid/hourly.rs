//! Hourly grid carbon intensity, and the instants it is indexed by.
//!
//! An [`HourlySeries`] is one zone's intensity for consecutive UTC hours
//! (g CO2e/kWh). The embedded 2022 series of Belgium, Germany, France and
//! the Netherlands (Electricity Maps, ODbL 1.0) are behind the core's
//! `hourly-grid` cargo feature (the command and Python enable it, the
//! WebAssembly package does not, to stay small); any series can be read
//! from a CSV with [`HourlySeries::from_csv`].
//!
//! Instants are seconds since 1970-01-01T00:00:00Z ([`parse_timestamp`]);
//! local times are resolved by a [`TimeZone`]: UTC, a fixed offset, or the
//! EU summer-time rule (Directive 2000/84/EC: from the last Sunday of March
//! to the last Sunday of October, changing at 01:00 UTC) for Central and
//! Western European time.

use super::Basis;
use crate::error::{Error, Locate, Location, Result};
use crate::text::{dialect_by_columns, parse_number, record_line, LineCounter, TextEncoding, BOM};
use std::io::{BufReader, Read};

/// Seconds in an hour.
pub const SECONDS_PER_HOUR: i64 = 3_600;

/// Days since 1970-01-01 of a civil date (H. Hinnant's days-from-civil).
#[must_use]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// An instant as `YYYY-MM-DDTHH:MMZ` (UTC), for messages and outputs.
#[must_use]
pub fn format_instant(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}Z",
        s / 3_600,
        (s % 3_600) / 60
    )
}

/// The time zone of timestamps written without an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeZone {
    /// Coordinated Universal Time.
    #[default]
    Utc,
    /// A fixed offset from UTC, minutes (east positive).
    Fixed(i32),
    /// Central European Time with EU summer time (UTC+1, UTC+2 in summer):
    /// Europe/Brussels, Paris, Amsterdam, Berlin, Luxembourg, ...
    EuCentral,
    /// Western European Time with EU summer time (UTC+0, UTC+1 in summer):
    /// Europe/Lisbon, Europe/Dublin-like, Atlantic/Canary.
    EuWestern,
}

/// The zones read as [`TimeZone::EuCentral`].
const EU_CENTRAL: [&str; 18] = [
    "europe/brussels",
    "europe/paris",
    "europe/amsterdam",
    "europe/berlin",
    "europe/luxembourg",
    "europe/madrid",
    "europe/rome",
    "europe/vienna",
    "europe/zurich",
    "europe/copenhagen",
    "europe/stockholm",
    "europe/oslo",
    "europe/prague",
    "europe/warsaw",
    "europe/budapest",
    "europe/bratislava",
    "europe/ljubljana",
    "cet",
];

impl TimeZone {
    /// Parses `UTC`, `+01:00`-style fixed offsets, an IANA name of a zone
    /// on Central European Time (`Europe/Brussels`, `Europe/Paris`, ...,
    /// or `CET`) or on Western European Time (`Europe/Lisbon`, `WET`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] located at the option `time_zone`.
    pub fn parse(s: &str) -> Result<Self> {
        let lower = s.trim().to_ascii_lowercase();
        let bad = || {
            Error::invalid_option(
                "time_zone",
                s,
                "UTC, a fixed offset (+01:00), Europe/Brussels (and the other CET zones), Europe/Lisbon (WET)",
            )
        };
        match lower.as_str() {
            "utc" | "z" | "etc/utc" | "gmt" => Ok(Self::Utc),
            "europe/lisbon" | "wet" | "atlantic/canary" | "atlantic/madeira" => Ok(Self::EuWestern),
            z if EU_CENTRAL.contains(&z) => Ok(Self::EuCentral),
            z => parse_offset(z.as_bytes()).map(Self::Fixed).ok_or_else(bad),
        }
    }

    /// The offset from UTC at a UTC instant, seconds.
    #[must_use]
    pub fn offset_at(self, utc_seconds: i64) -> i64 {
        let (standard, summer) = match self {
            Self::Utc => return 0,
            Self::Fixed(minutes) => return i64::from(minutes) * 60,
            Self::EuCentral => (3_600, 7_200),
            Self::EuWestern => (0, 3_600),
        };
        let (year, _, _) = civil_from_days(utc_seconds.div_euclid(86_400));
        let start = last_sunday(year, 3) * 86_400 + SECONDS_PER_HOUR;
        let end = last_sunday(year, 10) * 86_400 + SECONDS_PER_HOUR;
        if (start..end).contains(&utc_seconds) {
            summer
        } else {
            standard
        }
    }

    /// The UTC instant of a local time (seconds since 1970 as if it were
    /// UTC): `None` when the local time does not exist (skipped when the
    /// clocks go forward). When it exists twice (the hour repeated when
    /// they go back), the earlier instant not before `not_before` is taken,
    /// so readings in time order come out right.
    #[must_use]
    pub fn to_utc(self, local: i64, not_before: Option<i64>) -> Option<i64> {
        let mut candidates: Vec<i64> = match self {
            Self::Utc => vec![local],
            Self::Fixed(m) => vec![local - i64::from(m) * 60],
            Self::EuCentral => vec![local - 7_200, local - 3_600],
            Self::EuWestern => vec![local - 3_600, local],
        };
        candidates.retain(|&u| u + self.offset_at(u) == local);
        candidates
            .iter()
            .copied()
            .find(|&u| not_before.map_or(true, |nb| u >= nb))
            .or_else(|| candidates.first().copied())
    }
}

/// Days since 1970 of the last Sunday of a month.
fn last_sunday(year: i64, month: u32) -> i64 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    let last = next - 1;
    // 1970-01-01 was a Thursday: weekday 0 = Sunday.
    let weekday = (last + 4).rem_euclid(7);
    last - weekday
}

/// A `±HH:MM`, `±HHMM` or `±HH` offset, minutes.
fn parse_offset(s: &[u8]) -> Option<i32> {
    let (sign, rest) = match s.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ => return None,
    };
    let digits: Vec<u8> = rest.iter().copied().filter(|&b| b != b':').collect();
    if !digits.iter().all(u8::is_ascii_digit) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let n = |a: usize, b: usize| -> i32 {
        digits
            .get(a..b)
            .map_or(0, |d| d.iter().fold(0, |n, c| n * 10 + i32::from(c - b'0')))
    };
    let (h, m) = (n(0, 2), if digits.len() == 4 { n(2, 4) } else { 0 });
    (h <= 18 && m < 60).then_some(sign * (h * 60 + m))
}

/// A timestamp as written: with an offset (an instant) or without (a local
/// time to resolve with a [`TimeZone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timestamp {
    /// An instant with its offset.
    Instant {
        /// Seconds since 1970-01-01T00:00Z.
        utc: i64,
        /// The wall-clock time as written, as seconds since 1970 local.
        written: i64,
    },
    /// A local wall-clock time, as seconds since 1970-01-01T00:00 local.
    Local(i64),
}

impl Timestamp {
    /// The calendar year as written.
    #[must_use]
    pub fn written_year(self) -> i32 {
        let local = match self {
            Self::Instant { written, .. } => written,
            Self::Local(l) => l,
        };
        civil_from_days(local.div_euclid(86_400)).0 as i32
    }

    /// The instant of a timestamp with an offset; a local time read as UTC.
    #[must_use]
    pub fn utc_or_local(self) -> i64 {
        match self {
            Self::Instant { utc, .. } => utc,
            Self::Local(l) => l,
        }
    }
}

/// Parses `YYYY-MM-DD[(T| )HH:MM[:SS]][Z|±HH:MM]` or `DD/MM/YYYY[ HH:MM[:SS]]`
/// (a date alone is midnight).
///
/// # Errors
///
/// [`Error::InvalidDate`] at `at`.
pub fn parse_timestamp(text: &str, at: &impl Locate) -> Result<Timestamp> {
    let bad = || Error::InvalidDate {
        at: at.locate(),
        value: crate::error::echo(text.trim()),
    };
    let t = text.trim();
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (
            t.get(..i).unwrap_or(""),
            t.get(i + 1..).unwrap_or("").trim(),
        ),
        None => (t, ""),
    };
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let parts: Vec<&str> = date.split(['-', '/']).collect();
    let (y, m, d) = match (date.contains('/'), parts.as_slice()) {
        (false, [y, m, d]) if y.len() == 4 => (num(y), num(m), num(d)),
        (true, [d, m, y]) if y.len() == 4 => (num(y), num(m), num(d)),
        _ => return Err(bad()),
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(bad());
    };
    let days_in = |y: i64, m: i64| match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
        return Err(bad());
    }
    let years = crate::quantity::bounds::YEARS;
    if !(i64::from(years.0)..=i64::from(years.1)).contains(&y) {
        return Err(Error::OutOfRange {
            at: at.locate(),
            value: y as f64,
            allowed: format!("a year from {} to {}", years.0, years.1),
        });
    }
    let days = days_from_civil(y, m as u32, d as u32);
    // Time, then an optional zone designator.
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (
            time.get(..i).unwrap_or(""),
            Some(time.get(i..).unwrap_or("")),
        ),
        None => (time, None),
    };
    let mut seconds = 0;
    if !clock.is_empty() {
        let hms: Vec<&str> = clock.split(':').collect();
        let (h, mi, s) = match hms.as_slice() {
            [h, mi] => (num(h), num(mi), Some(0)),
            [h, mi, s] => (num(h), num(mi), num(s.split('.').next().unwrap_or(""))),
            _ => return Err(bad()),
        };
        let (Some(h), Some(mi), Some(s)) = (h, mi, s) else {
            return Err(bad());
        };
        // 24:00 is the end of the day (as meter exports write it).
        if !(h < 24 && mi < 60 && s < 60 || (h == 24 && mi == 0 && s == 0)) {
            return Err(bad());
        }
        seconds = h * 3_600 + mi * 60 + s;
    }
    let local = days * 86_400 + seconds;
    match zone {
        None => Ok(Timestamp::Local(local)),
        Some(z) if z.eq_ignore_ascii_case("z") => Ok(Timestamp::Instant {
            utc: local,
            written: local,
        }),
        Some(z) => parse_offset(z.trim().as_bytes())
            .map(|m| Timestamp::Instant {
                utc: local - i64::from(m) * 60,
                written: local,
            })
            .ok_or_else(bad),
    }
}

/// Id of the embedded hourly series of a basis (the 2022 Electricity Maps
/// files, cargo feature `hourly-grid`): their life-cycle column, or their
/// `(direct)` column for scope 2.
#[must_use]
pub const fn hourly_dataset_id(basis: Basis) -> Option<&'static str> {
    match basis {
        Basis::LifeCycle => Some("electricitymaps-hourly"),
        Basis::Direct => Some("electricitymaps-hourly-direct"),
        Basis::Upstream => None,
    }
}

/// One zone's grid intensity over consecutive UTC hours.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlySeries {
    /// Zone code (`BE`) or the name given by the user.
    pub zone: String,
    /// Where the series comes from (dataset id and edition, or file name).
    pub source: String,
    /// The basis of its values ([`HourlySeries::from_csv`] reads life-cycle
    /// unless told otherwise with [`HourlySeries::with_basis`]).
    pub basis: Basis,
    /// Hours since 1970-01-01T00:00Z of the first value.
    pub first_hour: i64,
    /// g CO2e/kWh, one per hour from `first_hour`.
    pub g_per_kwh: Vec<f64>,
}

impl HourlySeries {
    /// The intensity of the hour `hour` (hours since 1970), kg CO2e/kWh.
    #[must_use]
    pub fn kg_per_kwh_at(&self, hour: i64) -> Option<f64> {
        let i = usize::try_from(hour - self.first_hour).ok()?;
        self.g_per_kwh.get(i).map(|g| g / 1_000.0)
    }

    /// Reads one zone of an hourly CSV: a `datetime_utc` column (hour
    /// starts with an offset or `Z`, or UTC when written without one) and
    /// either an `intensity_gco2e_per_kwh` column or one column per zone
    /// code (the embedded table's layout: `datetime_utc,BE,DE,FR,NL`).
    /// Hours must follow each other without gap or repetition.
    ///
    /// # Errors
    ///
    /// [`Error::MissingColumn`] when neither the zone's column nor
    /// `intensity_gco2e_per_kwh` exists; [`Error::InvalidDate`],
    /// [`Error::InvalidNumber`], [`Error::OutOfRange`] (a negative value),
    /// [`Error::MalformedCsv`] (an hour out of sequence), each at its line
    /// and column; [`Error::EmptyInventory`] without data rows.
    pub fn from_csv<R: Read>(name: &str, reader: R, zone: &str) -> Result<HourlySeries> {
        let mut buffered = BufReader::new(reader);
        let first = crate::text::read_first_line(&mut buffered, name)?;
        let header = first.strip_prefix(BOM).unwrap_or(&first).to_vec();
        let dialect = dialect_by_columns(&header, |c| {
            c == "datetime_utc" || c == "intensity_gco2e_per_kwh" || c.eq_ignore_ascii_case(zone)
        });
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .from_reader(LineCounter::new(
                std::io::Cursor::new(header).chain(buffered),
            ));
        let head = Location::line(name, 1);
        let headers: Vec<String> = csv
            .byte_headers()
            .map_err(|e| Error::MalformedCsv {
                at: head.clone(),
                message: e.to_string(),
            })?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_owned())
            .collect();
        let find = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
        let time_col = find("datetime_utc").ok_or_else(|| Error::MissingColumn {
            at: head.clone(),
            column: "datetime_utc".into(),
        })?;
        let value_col = find(zone)
            .or_else(|| find("intensity_gco2e_per_kwh"))
            .ok_or_else(|| Error::MissingColumn {
                at: head.clone(),
                column: format!("intensity_gco2e_per_kwh (or a column named {zone})"),
            })?;
        let value_name = headers.get(value_col).cloned().unwrap_or_default();
        let mut record = csv::ByteRecord::new();
        let mut series = HourlySeries {
            zone: zone.to_ascii_uppercase(),
            source: name.into(),
            basis: Basis::LifeCycle,
            first_hour: 0,
            g_per_kwh: Vec::with_capacity(8_784),
        };
        let mut decoded = false;
        loop {
            let read = csv.read_byte_record(&mut record);
            let Some(line) = record_line(&mut csv, read, record.position(), name)? else {
                break;
            };
            if record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            let at = |c: &str| Location::line(name, line).with_column(c);
            let raw = record.get(time_col).unwrap_or_default();
            let text = TextEncoding::Auto.decode(raw, &at("datetime_utc"), &mut decoded)?;
            let instant = parse_timestamp(&text, &at("datetime_utc"))?.utc_or_local();
            if instant.rem_euclid(SECONDS_PER_HOUR) != 0 {
                return Err(Error::InvalidDate {
                    at: at("datetime_utc"),
                    value: format!("{} (not the start of an hour)", crate::error::echo(&text)),
                });
            }
            let hour = instant.div_euclid(SECONDS_PER_HOUR);
            if series.g_per_kwh.is_empty() {
                series.first_hour = hour;
            } else {
                let expected = series.first_hour + series.g_per_kwh.len() as i64;
                if hour != expected {
                    return Err(Error::MalformedCsv {
                        at: at("datetime_utc"),
                        message: format!(
                            "hour {} out of sequence: expected {} (hours must follow each other without gap or repetition)",
                            format_instant(instant),
                            format_instant(expected * SECONDS_PER_HOUR)
                        ),
                    });
                }
            }
            let value = parse_number(
                record.get(value_col).unwrap_or_default(),
                dialect.decimal_comma,
                &at(&value_name),
            )?
            .ok_or_else(|| Error::MissingValue {
                at: at(&value_name),
            })?;
            crate::quantity::bounds::check_intensity_g(value, &at(&value_name))?;
            series.g_per_kwh.push(value);
        }
        if series.g_per_kwh.is_empty() {
            return Err(Error::EmptyInventory {
                at: Location::line(name, 1),
            });
        }
        Ok(series)
    }

    /// The same series, its values read on `basis`.
    #[must_use]
    pub fn with_basis(self, basis: Basis) -> Self {
        Self { basis, ..self }
    }

    /// The mean of the series over the hours of calendar year `year` (UTC),
    /// g CO2e/kWh, with the number of hours it covers.
    #[must_use]
    pub fn year_mean_g_per_kwh(&self, year: i32) -> Option<(f64, usize)> {
        let start = days_from_civil(i64::from(year), 1, 1) * 24;
        let end = days_from_civil(i64::from(year) + 1, 1, 1) * 24;
        let values: Vec<f64> = (start..end)
            .filter_map(|h| self.kg_per_kwh_at(h).map(|v| v * 1_000.0))
            .collect();
        (!values.is_empty()).then(|| {
            (
                values.iter().sum::<f64>() / values.len() as f64,
                values.len(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Location {
        Location::default()
    }

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2022, 1, 1), 18_993);
        for d in [-1000, 0, 18_993, 20_000, 30_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(format_instant(18_993 * 86_400 + 3_600), "2022-01-01T01:00Z");
    }

    #[test]
    fn eu_summer_time_changes_at_one_utc_on_the_last_sundays() {
        // 2022: 27 March and 30 October.
        assert_eq!(last_sunday(2022, 3), days_from_civil(2022, 3, 27));
        assert_eq!(last_sunday(2022, 10), days_from_civil(2022, 10, 30));
        let z = TimeZone::parse("Europe/Brussels").unwrap();
        let change = days_from_civil(2022, 3, 27) * 86_400 + 3_600;
        assert_eq!(z.offset_at(change - 1), 3_600);
        assert_eq!(z.offset_at(change), 7_200);
        // 02:30 local on 27 March 2022 does not exist.
        let local = days_from_civil(2022, 3, 27) * 86_400 + 2 * 3_600 + 1_800;
        assert_eq!(z.to_utc(local, None), None);
        // 02:30 local on 30 October 2022 exists twice: 00:30Z and 01:30Z.
        let local = days_from_civil(2022, 10, 30) * 86_400 + 2 * 3_600 + 1_800;
        let first = days_from_civil(2022, 10, 30) * 86_400 + 1_800;
        assert_eq!(z.to_utc(local, None), Some(first));
        assert_eq!(z.to_utc(local, Some(first + 1)), Some(first + 3_600));
    }

    #[test]
    fn timestamps() {
        let t = parse_timestamp("2022-01-01T01:00+01:00", &at()).unwrap();
        assert_eq!(t.utc_or_local(), 18_993 * 86_400);
        let t = parse_timestamp("2022-01-01T00:00+01:00", &at()).unwrap();
        assert_eq!(t.written_year(), 2022);
        assert_eq!(
            parse_timestamp("01/01/2022 00:00", &at()).unwrap(),
            Timestamp::Local(18_993 * 86_400)
        );
        assert_eq!(
            parse_timestamp("2022-01-01 00:00:00Z", &at())
                .unwrap()
                .utc_or_local(),
            18_993 * 86_400
        );
        assert_eq!(
            parse_timestamp("2022-02-30", &at()).unwrap_err().code(),
            "invalid_date"
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert_eq!(TimeZone::parse("+02:00").unwrap(), TimeZone::Fixed(120));
    }

    #[test]
    fn series_from_csv() {
        let csv = "datetime_utc,BE,FR\n2022-01-01T00:00Z,100,50\n2022-01-01T01:00Z,120,60\n";
        let s = HourlySeries::from_csv("h.csv", csv.as_bytes(), "FR").unwrap();
        assert_eq!(s.g_per_kwh, [50.0, 60.0]);
        assert_eq!(s.kg_per_kwh_at(s.first_hour + 1), Some(0.06));
        let gap =
            "datetime_utc,intensity_gco2e_per_kwh\n2022-01-01T00:00Z,1\n2022-01-01T02:00Z,1\n";
        let e = HourlySeries::from_csv("h.csv", gap.as_bytes(), "X").unwrap_err();
        assert_eq!(e.location().line, Some(3));
    }
}
