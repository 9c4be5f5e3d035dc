//! Meter readings of a data centre: annual or interval (15 min, hourly),
//! read as a stream (memory follows the span of time, not the number of
//! lines) into totals and hourly UTC series.

use super::csvin::{self, Spec};
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{format_instant, parse_timestamp, TimeZone, Timestamp, SECONDS_PER_HOUR};
use crate::note::Note;
use crate::quantity::units::Energy;
use crate::text::TextEncoding;
use std::io::Read;

/// The columns of a readings file, declared once (the reader, the docs and
/// the bindings read this table).
pub const READING_COLUMNS: [Spec; 12] = [
    Spec {
        name: "start",
        required: true,
        aliases: &["timestamp", "datetime", "time", "start_time"],
        meaning: "start of the interval: YYYY-MM-DDTHH:MM with an offset (+01:00, Z) or local time in the declared time zone; DD/MM/YYYY HH:MM accepted",
    },
    Spec {
        name: "end",
        required: false,
        aliases: &["end_time"],
        meaning: "end of the interval (same formats); without it every interval has the declared or inferred resolution",
    },
    Spec {
        name: "it_kwh",
        required: true,
        aliases: &[],
        meaning: "E_IT: energy of the IT equipment in the interval, kWh",
    },
    Spec {
        name: "facility_kwh",
        required: true,
        aliases: &["total_kwh", "dc_kwh"],
        meaning: "E_DC: total energy of the data centre in the interval (IT included), kWh",
    },
    Spec {
        name: "cooling_kwh",
        required: false,
        aliases: &[],
        meaning: "energy of the cooling plant (part of facility_kwh), kWh",
    },
    Spec {
        name: "onsite_renewable_kwh",
        required: false,
        aliases: &[],
        meaning: "renewable energy generated on site and consumed (part of facility_kwh), kWh",
    },
    Spec {
        name: "reused_heat_kwh",
        required: false,
        aliases: &["reuse_kwh"],
        meaning: "E_REUSE: energy reused outside the data centre (waste heat delivered), kWh",
    },
    Spec {
        name: "water_m3",
        required: false,
        aliases: &[],
        meaning: "W_IN: water input, m³",
    },
    Spec {
        name: "diesel_l",
        required: false,
        aliases: &[],
        meaning: "diesel burnt by the generators, litres",
    },
    Spec {
        name: "generator_kwh",
        required: false,
        aliases: &[],
        meaning: "electricity the generators delivered to the facility, kWh (part of facility_kwh, not drawn from the grid: EN 50600-4-2)",
    },
    Spec {
        name: "free_cooling_h",
        required: false,
        aliases: &[],
        meaning: "hours of the interval in free-cooling mode (0 to the interval's length), h",
    },
    Spec {
        name: "interval_minutes",
        required: false,
        aliases: &[],
        meaning: "length of the interval when there is no end column, minutes",
    },
];

/// How missing intervals are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GapFill {
    /// A gap between intervals is an error naming the line (default).
    #[default]
    Error,
    /// A gap is filled with the mean power of the interval before it (every
    /// metered quantity scaled by the gap's length), and reported in the notes.
    Previous,
}

impl GapFill {
    /// Parses `error` or `previous`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] located at the option `fill_gaps`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" | "none" => Ok(Self::Error),
            "previous" => Ok(Self::Previous),
            _ => Err(Error::invalid_option("fill_gaps", s, "error, previous")),
        }
    }
}

/// How to read a readings file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadingsOptions {
    /// Time zone of timestamps written without an offset.
    pub time_zone: TimeZone,
    /// Length of every interval, minutes, when the file has no `end`
    /// column (else the `interval_minutes` column, else inferred from the
    /// first two rows and noted).
    pub interval_minutes: Option<f64>,
    /// Gaps between intervals.
    pub fill_gaps: GapFill,
    /// Text encoding.
    pub encoding: TextEncoding,
}

/// The metered quantities of an interval or a period. Energies in kWh,
/// water in m³, diesel in litres, free cooling in hours.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metered {
    /// E_IT, kWh.
    pub it_kwh: f64,
    /// E_DC, kWh.
    pub facility_kwh: f64,
    /// Cooling plant, kWh.
    pub cooling_kwh: f64,
    /// On-site renewable generation consumed, kWh.
    pub onsite_renewable_kwh: f64,
    /// E_REUSE, kWh.
    pub reused_heat_kwh: f64,
    /// W_IN, m³.
    pub water_m3: f64,
    /// Diesel, litres.
    pub diesel_l: f64,
    /// Electricity delivered by the generators (part of E_DC, not drawn
    /// from the grid), kWh.
    pub generator_kwh: f64,
    /// Free-cooling hours.
    pub free_cooling_h: f64,
}

impl Metered {
    fn add(&mut self, o: &Metered, scale: f64) {
        self.it_kwh += o.it_kwh * scale;
        self.facility_kwh += o.facility_kwh * scale;
        self.cooling_kwh += o.cooling_kwh * scale;
        self.onsite_renewable_kwh += o.onsite_renewable_kwh * scale;
        self.reused_heat_kwh += o.reused_heat_kwh * scale;
        self.water_m3 += o.water_m3 * scale;
        self.diesel_l += o.diesel_l * scale;
        self.generator_kwh += o.generator_kwh * scale;
        self.free_cooling_h += o.free_cooling_h * scale;
    }

    /// The IT energy as a typed quantity.
    #[must_use]
    pub fn it(&self) -> Energy {
        Energy::from_kwh(self.it_kwh)
    }

    /// The facility energy as a typed quantity.
    #[must_use]
    pub fn facility(&self) -> Energy {
        Energy::from_kwh(self.facility_kwh)
    }
}

/// Hourly UTC series of the readings (intervals of at most an hour spread
/// over the hours they cover in proportion of time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HourlyLoad {
    /// Hours since 1970-01-01T00:00Z of the first value.
    pub first_hour: i64,
    /// E_IT per hour, kWh.
    pub it_kwh: Vec<f64>,
    /// E_DC per hour, kWh.
    pub facility_kwh: Vec<f64>,
    /// Electricity from the grid per hour (E_DC − on-site renewable), kWh.
    pub grid_kwh: Vec<f64>,
    /// Per tenant (in the order of [`Readings::tenant_names`]), IT energy
    /// per hour, kWh, when readings were given per server or tenant.
    pub tenant_it_kwh: Vec<Vec<f64>>,
}

/// A period of readings: totals, time span, hourly series, notes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Readings {
    /// Where the readings come from.
    pub source: String,
    /// Data lines (or intervals) read.
    pub rows: u64,
    /// Reporting year: the calendar year of the first interval as written.
    pub year: i32,
    /// First instant covered, seconds since 1970 UTC.
    pub start_utc_s: i64,
    /// End of the last interval, seconds since 1970 UTC.
    pub end_utc_s: i64,
    /// The first timestamp as written minus its UTC instant, seconds: the
    /// readings' own calendar, in which the dates of instruments are read
    /// (0 for UTC and for annual totals).
    pub written_offset_s: i64,
    /// Totals over the period.
    pub total: Metered,
    /// Σ over intervals of min(cooling, on-site renewable): cooling energy
    /// covered by on-site renewables in the same interval, kWh.
    pub cooling_onsite_renewable_kwh: f64,
    /// Hourly series, when every interval lasts at most an hour.
    pub hourly: Option<HourlyLoad>,
    /// Tenants metered per hour (server columns), in the order of
    /// [`HourlyLoad::tenant_it_kwh`].
    pub tenant_names: Vec<String>,
    /// Intervals filled by [`GapFill::Previous`] and their hours.
    pub filled_gap_hours: f64,
    /// Grid electricity (E_DC − on-site renewable − generator output) by
    /// calendar year of the readings' own calendar (each interval in the
    /// offset written on its end, else on its start), each interval split
    /// between years in proportion of time: the
    /// location-based scope 2 weights each year's factor by its kWh
    /// (methodology §14). Empty for totals a binding fills: the period's
    /// years then share the grid electricity in proportion of time.
    pub grid_kwh_by_year: Vec<(i32, f64)>,
    /// Seconds covered in each calendar year, split as
    /// [`Readings::grid_kwh_by_year`] (empty for totals a binding fills).
    pub seconds_by_year: Vec<(i32, i64)>,
    /// Notes (inferred resolution, gap filling, long intervals, encoding).
    pub notes: Vec<Note>,
}

impl Readings {
    /// Readings of a whole calendar year given as totals (the annual form
    /// of the browser page and of Python): no hourly series.
    #[must_use]
    pub fn annual(year: i32, total: Metered) -> Readings {
        let start = crate::grid::hourly::days_from_civil(i64::from(year), 1, 1) * 86_400;
        let end = crate::grid::hourly::days_from_civil(i64::from(year) + 1, 1, 1) * 86_400;
        Readings {
            source: "annual totals".into(),
            rows: 1,
            year,
            start_utc_s: start,
            end_utc_s: end,
            cooling_onsite_renewable_kwh: total.cooling_kwh.min(total.onsite_renewable_kwh),
            total,
            ..Readings::default()
        }
    }

    /// The calendar years the readings cover, in their own calendar (as
    /// [`Readings::grid_kwh_by_year`]; for totals, the offset of their first
    /// timestamp as written), each with the fraction
    /// of that year covered: `(2022, 1.0)` for a calendar year, `(2022,
    /// 0.504), (2023, 0.496)` for July 2022 to June 2023, `(2022, 0.085)`
    /// for January 2022. Yearly items (refrigerant top-ups, building,
    /// equipment) are booked for each year times its fraction (methodology
    /// §14).
    #[must_use]
    pub fn year_fractions(&self) -> Vec<(i32, f64)> {
        if !self.seconds_by_year.is_empty() {
            return self
                .seconds_by_year
                .iter()
                .map(|(y, covered_s)| (*y, *covered_s as f64 / year_seconds(*y) as f64))
                .collect();
        }
        calendar_years(self.start_utc_s, self.end_utc_s, self.written_offset_s)
            .into_iter()
            .map(|(y, covered_s, year_s)| (y, covered_s as f64 / year_s as f64))
            .collect()
    }

    /// The grid electricity by calendar year: [`Readings::grid_kwh_by_year`]
    /// when the reader split it, else the hourly load's hours by year
    /// (readings aggregated from servers' columns), else `grid_kwh` shared
    /// by the years covered in proportion of time.
    #[must_use]
    pub fn grid_by_year(&self, grid_kwh: f64) -> Vec<(i32, f64)> {
        if !self.grid_kwh_by_year.is_empty() {
            return self.grid_kwh_by_year.clone();
        }
        // Readings built from an hourly load (servers' columns): each hour
        // in its calendar year.
        if let Some(h) = self.hourly.as_ref().filter(|h| !h.grid_kwh.is_empty()) {
            let mut by_year: Vec<(i32, f64)> = Vec::new();
            for (i, kwh) in h.grid_kwh.iter().enumerate() {
                let t = (h.first_hour + i as i64) * SECONDS_PER_HOUR + self.written_offset_s;
                let y = crate::grid::hourly::civil_from_days(t.div_euclid(86_400)).0 as i32;
                match by_year.last_mut() {
                    Some((last, v)) if *last == y => *v += kwh,
                    _ => by_year.push((y, *kwh)),
                }
            }
            let sum: f64 = by_year.iter().map(|(_, v)| v).sum();
            if sum > 0.0 {
                // Scaled to the total given (the hours sum to it but for rounding).
                return by_year
                    .into_iter()
                    .map(|(y, v)| (y, grid_kwh * v / sum))
                    .collect();
            }
        }
        let years = calendar_years(self.start_utc_s, self.end_utc_s, self.written_offset_s);
        let total: i64 = years.iter().map(|(_, c, _)| c).sum();
        if total <= 0 {
            return vec![(self.year, grid_kwh)];
        }
        years
            .into_iter()
            .map(|(y, c, _)| (y, grid_kwh * c as f64 / total as f64))
            .collect()
    }
}

/// Seconds in the calendar year `y` (365 or 366 days).
fn year_seconds(y: i32) -> i64 {
    let jan1 = |y: i64| crate::grid::hourly::days_from_civil(y, 1, 1) * 86_400;
    jan1(i64::from(y) + 1) - jan1(i64::from(y))
}

/// The calendar years `[start, end)` (UTC seconds) covers in the calendar
/// `offset_s` ahead of UTC: `(year, seconds covered, seconds in the year)`.
fn calendar_years(start_utc_s: i64, end_utc_s: i64, offset_s: i64) -> Vec<(i32, i64, i64)> {
    let jan1 = |y: i64| crate::grid::hourly::days_from_civil(y, 1, 1) * 86_400 - offset_s;
    let mut out = Vec::new();
    let mut t = start_utc_s;
    while t < end_utc_s {
        let y = crate::grid::hourly::civil_from_days((t + offset_s).div_euclid(86_400)).0;
        let next = jan1(y + 1).min(end_utc_s);
        out.push((y as i32, next - t, jan1(y + 1) - jan1(y)));
        t = next;
    }
    out
}

/// Checks one interval's values: nothing negative (the reader's cells),
/// E_DC ≥ E_IT (PUE ≥ 1), parts of E_DC within it, free cooling within
/// the interval.
pub(super) fn check_interval(m: &Metered, hours: f64, at: &dyn Fn(&str) -> Location) -> Result<()> {
    let out = |column: &str, value: f64, allowed: String| {
        Err(Error::OutOfRange {
            at: at(column),
            value,
            allowed,
        })
    };
    if m.facility_kwh < m.it_kwh {
        return out(
            "facility_kwh",
            m.facility_kwh,
            format!(
                ">= it_kwh ({}): the total includes the IT energy, so PUE >= 1",
                m.it_kwh
            ),
        );
    }
    if m.cooling_kwh > m.facility_kwh - m.it_kwh + 1e-9 * m.facility_kwh {
        return out(
            "cooling_kwh",
            m.cooling_kwh,
            format!("<= facility_kwh - it_kwh ({})", m.facility_kwh - m.it_kwh),
        );
    }
    if m.onsite_renewable_kwh > m.facility_kwh {
        return out(
            "onsite_renewable_kwh",
            m.onsite_renewable_kwh,
            format!("<= facility_kwh ({})", m.facility_kwh),
        );
    }
    if m.generator_kwh > (m.facility_kwh - m.onsite_renewable_kwh) * (1.0 + 1e-12) {
        return out(
            "generator_kwh",
            m.generator_kwh,
            format!(
                "<= facility_kwh - onsite_renewable_kwh ({}): the generators' output is part of the facility's energy",
                m.facility_kwh - m.onsite_renewable_kwh
            ),
        );
    }
    if m.reused_heat_kwh > m.facility_kwh * (1.0 + 1e-12) {
        return out(
            "reused_heat_kwh",
            m.reused_heat_kwh,
            format!(
                "<= facility_kwh ({}): heat reused comes from the energy the facility used (ERF <= 1)",
                m.facility_kwh
            ),
        );
    }
    if m.free_cooling_h > hours + 1e-9 {
        return out(
            "free_cooling_h",
            m.free_cooling_h,
            format!("<= the interval's length ({hours} h)"),
        );
    }
    Ok(())
}

/// Longest interval of one reading, seconds (366 days).
const MAX_INTERVAL_S: i64 = 366 * 86_400;

/// An interval length in minutes (the option or the column) within
/// (0, 366 days], as whole seconds: a length beyond a year is refused
/// before it can overflow a time.
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at `at`.
fn interval_seconds(minutes: f64, at: &Location) -> Result<i64> {
    let m = crate::quantity::bounds::check_range(
        minutes,
        at,
        0.0,
        false,
        (MAX_INTERVAL_S / 60) as f64,
    )?;
    let s = (m * 60.0).round() as i64;
    if s <= 0 {
        return Err(Error::OutOfRange {
            at: at.clone(),
            value: minutes,
            allowed: "at least a second".into(),
        });
    }
    Ok(s)
}

/// Without an `end` column the length of every interval is inferred from
/// the first two rows: a reading whose spacing from the one before differs
/// is refused, since a change of resolution cannot be told from a gap
/// (filling it would book each later reading over the first spacing and
/// multiply the energy).
///
/// # Errors
///
/// [`Error::MalformedCsv`] at the reading's `start`.
fn check_spacing(before: Option<i64>, start: i64, resolution: i64, at: Location) -> Result<()> {
    match before {
        Some(p) if start - p != resolution => Err(Error::MalformedCsv {
            at,
            message: format!(
                "the readings are {} min apart here ({} after {}) but {} min apart in the first two rows; without an `end` column every interval is taken to last as long as the first one, so a change of resolution cannot be told from a gap: add an `end` column (the end of each interval) or an `interval_minutes` column",
                (start - p) as f64 / 60.0,
                format_instant(start),
                format_instant(p),
                resolution as f64 / 60.0
            ),
        }),
        _ => Ok(()),
    }
}

/// Accumulates intervals in time order into a [`Readings`].
#[derive(Debug, Clone)]
pub struct Accumulator {
    readings: Readings,
    /// Whether every interval so far lasts at most an hour.
    sub_hourly: bool,
    hourly: HourlyLoad,
    last: Option<(i64, i64, Metered, u64)>,
    fill: GapFill,
    gaps: u64,
    /// The readings' calendar: seconds ahead of UTC (their first
    /// timestamp's offset as written), for the grid by calendar year.
    calendar_offset_s: i64,
}

impl Accumulator {
    /// An empty accumulator for readings from `source`.
    #[must_use]
    pub fn new(source: &str, fill: GapFill) -> Self {
        Self {
            readings: Readings {
                source: source.into(),
                ..Readings::default()
            },
            sub_hourly: true,
            hourly: HourlyLoad::default(),
            last: None,
            fill,
            gaps: 0,
            calendar_offset_s: 0,
        }
    }

    /// Adds the interval `[start, end)` (seconds since 1970 UTC) of `line`.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedCsv`] at `start` when the interval overlaps the
    /// previous one, repeats it or leaves a gap (unless gaps are filled);
    /// [`Error::OutOfRange`] for inconsistent values; `at` builds the
    /// location of a column.
    pub fn add(
        &mut self,
        start: i64,
        end: i64,
        m: &Metered,
        line: u64,
        year: i32,
        at: &dyn Fn(&str) -> Location,
    ) -> Result<()> {
        if end <= start {
            return Err(Error::MalformedCsv {
                at: at("end"),
                message: format!(
                    "the interval ends ({}) before it starts ({})",
                    format_instant(end),
                    format_instant(start)
                ),
            });
        }
        if end - start > MAX_INTERVAL_S {
            return Err(Error::OutOfRange {
                at: at("end"),
                value: (end - start) as f64 / 86_400.0,
                allowed: "an interval of at most a year (366 days)".into(),
            });
        }
        let hours = (end - start) as f64 / SECONDS_PER_HOUR as f64;
        check_interval(m, hours, at)?;
        if let Some((prev_start, prev_end, prev, prev_line)) = self.last {
            if start == prev_start {
                return Err(Error::MalformedCsv {
                    at: at("start"),
                    message: format!(
                        "duplicate interval: {} is already read at line {prev_line}",
                        format_instant(start)
                    ),
                });
            }
            if start < prev_end {
                return Err(Error::MalformedCsv {
                    at: at("start"),
                    message: format!(
                        "the interval starting {} overlaps the one of line {prev_line} ({} to {}); readings must be in time order without overlap",
                        format_instant(start),
                        format_instant(prev_start),
                        format_instant(prev_end)
                    ),
                });
            }
            if start > prev_end {
                match self.fill {
                    GapFill::Error => {
                        return Err(Error::MalformedCsv {
                            at: at("start"),
                            message: format!(
                                "gap: no reading from {} (end of line {prev_line}) to {}; add the missing intervals or fill gaps explicitly (option fill_gaps = previous)",
                                format_instant(prev_end),
                                format_instant(start)
                            ),
                        })
                    }
                    GapFill::Previous => {
                        let scale = (start - prev_end) as f64 / (prev_end - prev_start) as f64;
                        let mut filled = Metered::default();
                        filled.add(&prev, scale);
                        self.gaps += 1;
                        self.readings.filled_gap_hours +=
                            (start - prev_end) as f64 / SECONDS_PER_HOUR as f64;
                        self.book(prev_end, start, &filled);
                    }
                }
            }
        } else {
            self.readings.start_utc_s = start;
            self.readings.year = year;
        }
        self.book(start, end, m);
        self.readings.rows += 1;
        self.last = Some((start, end, *m, line));
        Ok(())
    }

    /// Adds an interval's values to the totals and the hours it covers.
    fn book(&mut self, start: i64, end: i64, m: &Metered) {
        let r = &mut self.readings;
        r.total.add(m, 1.0);
        r.cooling_onsite_renewable_kwh += m.cooling_kwh.min(m.onsite_renewable_kwh);
        r.end_utc_s = end;
        let grid =
            crate::accounting::grid_kwh(m.facility_kwh, m.onsite_renewable_kwh, m.generator_kwh);
        let span = (end - start) as f64;
        for (y, covered, _) in calendar_years(start, end, self.calendar_offset_s) {
            let kwh = grid * covered as f64 / span;
            match r.grid_kwh_by_year.last_mut() {
                Some((last, v)) if *last == y => *v += kwh,
                _ => r.grid_kwh_by_year.push((y, kwh)),
            }
            match r.seconds_by_year.last_mut() {
                Some((last, v)) if *last == y => *v += covered,
                _ => r.seconds_by_year.push((y, covered)),
            }
        }
        if end - start > SECONDS_PER_HOUR {
            self.sub_hourly = false;
        }
        if !self.sub_hourly {
            return;
        }
        let h = &mut self.hourly;
        if h.it_kwh.is_empty() {
            h.first_hour = start.div_euclid(SECONDS_PER_HOUR);
        }
        let mut t = start;
        while t < end {
            let hour = t.div_euclid(SECONDS_PER_HOUR);
            let next = ((hour + 1) * SECONDS_PER_HOUR).min(end);
            let share = (next - t) as f64 / span;
            if let Ok(i) = usize::try_from(hour - h.first_hour) {
                if h.it_kwh.len() <= i {
                    h.it_kwh.resize(i + 1, 0.0);
                    h.facility_kwh.resize(i + 1, 0.0);
                    h.grid_kwh.resize(i + 1, 0.0);
                }
                if let (Some(a), Some(b), Some(c)) = (
                    h.it_kwh.get_mut(i),
                    h.facility_kwh.get_mut(i),
                    h.grid_kwh.get_mut(i),
                ) {
                    *a += m.it_kwh * share;
                    *b += m.facility_kwh * share;
                    *c += grid * share;
                }
            }
            t = next;
        }
    }

    /// The readings.
    #[must_use]
    pub fn finish(mut self) -> Readings {
        if self.sub_hourly && !self.hourly.it_kwh.is_empty() {
            self.readings.hourly = Some(self.hourly);
        } else {
            self.readings.notes.push(Note {
                code: "no_hourly_readings",
                message: format!(
                    "{}: intervals longer than an hour: scope 2 location-based uses the yearly grid intensity only",
                    self.readings.source
                ),
            });
        }
        if self.gaps > 0 {
            self.readings.notes.push(Note {
                code: "gaps_filled",
                message: format!(
                    "{}: {} gap(s), {:.2} h in all, filled with the mean power of the interval before each (option fill_gaps = previous)",
                    self.readings.source, self.gaps, self.readings.filled_gap_hours
                ),
            });
        }
        self.readings
    }
}

/// Reads a readings CSV as a stream ([`READING_COLUMNS`]); `progress` is
/// called with the bytes read so far.
///
/// # Errors
///
/// The first bad line, with file, line and column: a negative value or
/// PUE < 1 ([`Error::OutOfRange`]), an overlapping, repeated or missing
/// interval ([`Error::MalformedCsv`]), a bad timestamp or one that does not
/// exist in the time zone ([`Error::InvalidDate`]), and the CSV errors of
/// inventories.
pub fn read_readings<R: Read>(
    name: &str,
    reader: R,
    options: ReadingsOptions,
    progress: impl FnMut(u64),
) -> Result<Readings> {
    let mut acc = Accumulator::new(name, options.fill_gaps);
    let mut pending: Option<(i64, Metered, u64, i32)> = None;
    let mut resolution: Option<i64> = match options.interval_minutes {
        Some(m) => Some(interval_seconds(m, &Location::option("interval_minutes"))?),
        None => None,
    };
    let mut inferred = false;
    let mut previous_start: Option<i64> = None;
    let mut written_offset: Option<i64> = None;
    let zone = options.time_zone;
    let summary = csvin::read(
        name,
        reader,
        &READING_COLUMNS,
        options.encoding,
        progress,
        |row| {
            let at = |c: &str| row.at(c);
            let start_text = row
                .text("start")?
                .ok_or_else(|| Error::MissingValue { at: at("start") })?;
            let resolve =
                |ts: Timestamp, column: &str, text: &str, not_before: Option<i64>| match ts {
                    Timestamp::Instant { utc, .. } => Ok(utc),
                    Timestamp::Local(l) => {
                        zone.to_utc(l, not_before)
                            .ok_or_else(|| Error::InvalidDate {
                                at: at(column),
                                value: format!(
                                    "{} (does not exist in this time zone: the clocks go forward)",
                                    crate::error::echo(text)
                                ),
                            })
                    }
                };
            let start_ts = parse_timestamp(&start_text, &at("start"))?;
            let start = resolve(
                start_ts,
                "start",
                &start_text,
                previous_start.map(|p| p + 1),
            )?;
            let year = start_ts.written_year();
            let written = match start_ts {
                Timestamp::Instant { written, .. } => written,
                Timestamp::Local(l) => l,
            };
            written_offset.get_or_insert(written - start);
            let end_written = match row.text("end")? {
                Some(t) => {
                    let ts = parse_timestamp(&t, &at("end"))?;
                    let utc = resolve(ts, "end", &t, Some(start + 1))?;
                    let written = match ts {
                        Timestamp::Instant { written, .. } => written,
                        Timestamp::Local(l) => l,
                    };
                    Some((utc, written - utc))
                }
                None => None,
            };
            let end = end_written.map(|(utc, _)| utc);
            // The interval's calendar, for a year boundary inside it or at
            // its end: the offset written on its end (in effect at that
            // boundary: winter time on 1 January), else on its start.
            acc.calendar_offset_s = end_written.map_or(written - start, |(_, offset)| offset);
            let row_interval = match row.number("interval_minutes")? {
                Some(m) => Some(interval_seconds(m, &at("interval_minutes"))?),
                None => None,
            };
            let m = Metered {
                it_kwh: row.required("it_kwh")?,
                facility_kwh: row.required("facility_kwh")?,
                cooling_kwh: row.non_negative("cooling_kwh")?.unwrap_or(0.0),
                onsite_renewable_kwh: row.non_negative("onsite_renewable_kwh")?.unwrap_or(0.0),
                reused_heat_kwh: row.non_negative("reused_heat_kwh")?.unwrap_or(0.0),
                water_m3: row.non_negative("water_m3")?.unwrap_or(0.0),
                diesel_l: row.non_negative("diesel_l")?.unwrap_or(0.0),
                generator_kwh: row.non_negative("generator_kwh")?.unwrap_or(0.0),
                free_cooling_h: row.non_negative("free_cooling_h")?.unwrap_or(0.0),
            };
            let before = previous_start.replace(start);
            let line = row.line;
            let end = end.or_else(|| row_interval.map(|r| start + r));
            if let Some(end) = end {
                return acc.add(start, end, &m, line, year, &at);
            }
            if let Some(r) = resolution {
                if inferred {
                    check_spacing(before, start, r, at("start"))?;
                }
                return acc.add(start, start + r, &m, line, year, &at);
            }
            // No end and no declared resolution: infer it from the first two rows.
            match pending.take() {
                None => {
                    pending = Some((start, m, line, year));
                    Ok(())
                }
                Some((s0, m0, line0, year0)) => {
                    let r = start - s0;
                    if r <= 0 {
                        return Err(Error::MalformedCsv {
                        at: at("start"),
                        message: format!(
                            "the interval starting {} is not after the one of line {line0}; readings must be in time order without overlap",
                            format_instant(start)
                        ),
                    });
                    }
                    resolution = Some(r);
                    inferred = true;
                    let at0 = |c: &str| Location::line(name, line0).with_column(c);
                    acc.add(s0, s0 + r, &m0, line0, year0, &at0)?;
                    acc.add(start, start + r, &m, line, year, &at)
                }
            }
        },
    )?;
    if let Some((_, _, line0, year0)) = pending {
        return Err(Error::MissingColumn {
            at: Location::line(name, line0),
            column: format!(
                "end (or interval_minutes): a single reading needs its end; for annual totals give end = {}-01-01",
                year0 + 1
            ),
        });
    }
    let mut readings = acc.finish();
    readings.written_offset_s = written_offset.unwrap_or(0);
    if inferred {
        readings.notes.insert(
            0,
            Note {
                code: "interval_inferred",
                message: format!(
                    "{name}: no end column: every interval taken to last {} min (the first two rows)",
                    resolution.unwrap_or(0) / 60
                ),
            },
        );
    }
    readings.notes.extend(summary.notes);
    Ok(readings)
}

/// Readings given per server and hour in memory (columns), the fast path
/// for large estates: `it_kwh` holds `servers × hours` values, server by
/// server (`it_kwh[s × hours + h]`); `server_tenant[s]` is the tenant of
/// server `s` (an index into `tenant_names`); `facility_kwh` (and
/// optionally `onsite_renewable_kwh`) hold one value per hour. The first
/// hour is `first_hour` (hours since 1970 UTC).
#[derive(Debug, Clone, Copy)]
pub struct ServerColumns<'a> {
    /// Hours since 1970-01-01T00:00Z of the first hour.
    pub first_hour: i64,
    /// Number of hours.
    pub hours: usize,
    /// Tenant index of each server.
    pub server_tenant: &'a [u32],
    /// Tenant names.
    pub tenant_names: &'a [String],
    /// IT energy per server and hour, kWh, server-major.
    pub it_kwh: &'a [f64],
    /// Facility energy per hour, kWh.
    pub facility_kwh: &'a [f64],
    /// On-site renewable energy consumed per hour, kWh (empty: none).
    pub onsite_renewable_kwh: &'a [f64],
}

/// Aggregates [`ServerColumns`] into [`Readings`] with per-tenant hourly
/// IT energy.
///
/// # Errors
///
/// [`Error::OutOfRange`] (source `servers`) for inconsistent lengths, a
/// tenant index out of range, a negative or non-finite value, or an hour
/// whose facility energy is below its IT energy (PUE < 1).
pub fn aggregate_servers(c: &ServerColumns<'_>) -> Result<Readings> {
    let bad = |column: &str, row: usize, value: f64, allowed: &str| Error::OutOfRange {
        at: Location::row("servers", row as u64).with_column(column),
        value,
        allowed: allowed.into(),
    };
    let h = c.hours;
    let servers = c.server_tenant.len();
    if c.it_kwh.len() != servers * h || c.facility_kwh.len() != h {
        return Err(bad(
            "it_kwh",
            0,
            c.it_kwh.len() as f64,
            "servers × hours values, and one facility value per hour",
        ));
    }
    if !c.onsite_renewable_kwh.is_empty() && c.onsite_renewable_kwh.len() != h {
        return Err(bad(
            "onsite_renewable_kwh",
            0,
            c.onsite_renewable_kwh.len() as f64,
            "one value per hour",
        ));
    }
    let tenants = c.tenant_names.len();
    let mut tenant_it: Vec<Vec<f64>> = vec![vec![0.0; h]; tenants];
    let mut it_hour = vec![0.0; h];
    for (s, row) in c.it_kwh.chunks_exact(h.max(1)).enumerate() {
        let t = c.server_tenant.get(s).copied().unwrap_or(u32::MAX) as usize;
        let Some(acc) = tenant_it.get_mut(t) else {
            return Err(bad("tenant", s, t as f64, "an index of tenant_names"));
        };
        // The hot loop: two slices of the same length, added lane by lane
        // (the compiler vectorises it; no index can go out of bounds).
        let mut ok = true;
        for ((a, it), v) in acc.iter_mut().zip(it_hour.iter_mut()).zip(row) {
            ok &= *v >= 0.0 && v.is_finite();
            *a += v;
            *it += v;
        }
        if !ok {
            let (i, v) = row
                .iter()
                .enumerate()
                .find(|(_, v)| !(**v >= 0.0 && v.is_finite()))
                .map_or((0, f64::NAN), |(i, v)| (i, *v));
            return Err(bad("it_kwh", s * h + i, v, ">= 0"));
        }
    }
    let mut total = Metered::default();
    let mut grid = vec![0.0; h];
    for (i, ((f, it), g)) in c
        .facility_kwh
        .iter()
        .zip(&it_hour)
        .zip(grid.iter_mut())
        .enumerate()
    {
        let onsite = c.onsite_renewable_kwh.get(i).copied().unwrap_or(0.0);
        if !(*f >= 0.0 && f.is_finite())
            || *f < *it * (1.0 - 1e-12)
            || !(0.0..=*f).contains(&onsite)
        {
            return Err(bad(
                "facility_kwh",
                i,
                *f,
                &format!(">= the hour's IT energy ({it}) and >= its on-site renewable energy"),
            ));
        }
        *g = f - onsite;
        total.facility_kwh += f;
        total.it_kwh += it;
        total.onsite_renewable_kwh += onsite;
    }
    let start = c.first_hour * SECONDS_PER_HOUR;
    Ok(Readings {
        source: "servers".into(),
        rows: (servers * h) as u64,
        year: crate::grid::hourly::civil_from_days(start.div_euclid(86_400)).0 as i32,
        start_utc_s: start,
        end_utc_s: start + h as i64 * SECONDS_PER_HOUR,
        total,
        hourly: Some(HourlyLoad {
            first_hour: c.first_hour,
            it_kwh: it_hour,
            facility_kwh: c.facility_kwh.to_vec(),
            grid_kwh: grid,
            tenant_it_kwh: tenant_it,
        }),
        tenant_names: c.tenant_names.to_vec(),
        ..Readings::default()
    })
}
