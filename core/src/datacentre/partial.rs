//! Server (or rack) readings split across engines (Spark partitions): each
//! part's intervals to per-tenant, per-UTC-hour partial sums of IT energy
//! ([`TenantHourSums`]), which any engine adds by key; the added sums joined
//! to the facility meter's readings ([`with_tenant_hours`]) give the
//! [`Readings`] that [`super::assess`] turns into per-tenant hourly
//! location-based scope 2 and the facility KPIs.

use super::readings::Readings;
use super::Tenant;
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{format_instant, SECONDS_PER_HOUR};
use std::collections::HashMap;

/// The columns of a partial table: the key columns, then the sum.
pub const TENANT_HOUR_COLUMNS: [&str; 3] = ["tenant", "hour_utc", "it_kwh"];

/// IT energy per tenant and UTC hour (hours since 1970-01-01T00:00Z).
#[derive(Debug, Clone, Default)]
pub struct TenantHourSums {
    tenants: Vec<String>,
    index: HashMap<String, usize>,
    sums: HashMap<(usize, i64), f64>,
}

impl TenantHourSums {
    /// Adds the IT energy of the interval `[start, end)` (seconds since 1970
    /// UTC) of `tenant`, spread over the hours it covers in proportion of
    /// time (as the facility readings are); `at` locates a column.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedCsv`] at `end` for an interval that ends before it
    /// starts or lasts more than an hour (the per-hour scope 2 needs hourly
    /// or finer readings); [`Error::OutOfRange`] at `it_kwh` for a
    /// negative or non-finite energy.
    pub fn add(
        &mut self,
        tenant: &str,
        start: i64,
        end: i64,
        it_kwh: f64,
        at: &dyn Fn(&str) -> Location,
    ) -> Result<()> {
        if end <= start || end - start > SECONDS_PER_HOUR {
            return Err(Error::MalformedCsv {
                at: at("end"),
                message: format!(
                    "the interval {} to {} must end after it starts and last at most an hour",
                    format_instant(start),
                    format_instant(end)
                ),
            });
        }
        if !(it_kwh >= 0.0 && it_kwh.is_finite()) {
            return Err(Error::OutOfRange {
                at: at("it_kwh"),
                value: it_kwh,
                allowed: ">= 0".into(),
            });
        }
        let t = match self.index.get(tenant) {
            Some(t) => *t,
            None => {
                self.tenants.push(tenant.to_owned());
                self.index.insert(tenant.to_owned(), self.tenants.len() - 1);
                self.tenants.len() - 1
            }
        };
        let span = (end - start) as f64;
        let mut s = start;
        while s < end {
            let hour = s.div_euclid(SECONDS_PER_HOUR);
            let next = ((hour + 1) * SECONDS_PER_HOUR).min(end);
            *self.sums.entry((t, hour)).or_insert(0.0) += it_kwh * (next - s) as f64 / span;
            s = next;
        }
        Ok(())
    }

    /// The sums, `(tenant, hour since 1970 UTC, IT kWh)` by tenant (in the
    /// order first seen) then hour: the rows of a table of
    /// [`TENANT_HOUR_COLUMNS`] (`report::Table::from` makes it).
    #[must_use]
    pub fn rows(&self) -> Vec<(&str, i64, f64)> {
        let mut keys: Vec<(&(usize, i64), &f64)> = self.sums.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        keys.into_iter()
            .map(|((t, hour), kwh)| {
                let name = self.tenants.get(*t).map_or("", String::as_str);
                (name, *hour, *kwh)
            })
            .collect()
    }
}

/// The facility meter's `readings` (hourly or finer) with the tenants'
/// IT energy per hour, `(tenant, hour since 1970 UTC, kWh)` summed over
/// servers, in any order; `tenants` lists the tenants to report, and when
/// it is empty every tenant of the sums is listed (metered, no capacity
/// share), in name order.
///
/// # Errors
///
/// [`Error::MissingValue`] at the meter's `start` when its intervals last
/// more than an hour; [`Error::OutOfRange`] (source `servers`, column
/// `hour_utc`) for an hour outside the meter's period.
pub fn with_tenant_hours<'a>(
    mut readings: Readings,
    tenants: &mut Vec<Tenant>,
    sums: impl IntoIterator<Item = (&'a str, i64, f64)>,
) -> Result<Readings> {
    let source = readings.source.clone();
    let Some(load) = readings.hourly.as_mut() else {
        return Err(Error::MissingValue {
            at: Location::file(&source).with_column("start"),
        });
    };
    let hours = load.it_kwh.len();
    let (first, last) = (load.first_hour, load.first_hour + hours as i64);
    let mut names: Vec<String> = Vec::new();
    let mut series: Vec<Vec<f64>> = Vec::new();
    for (row, (tenant, hour, kwh)) in sums.into_iter().enumerate() {
        let t = match names.iter().position(|n| n == tenant) {
            Some(t) => t,
            None => {
                names.push(tenant.to_owned());
                series.push(vec![0.0; hours]);
                names.len() - 1
            }
        };
        let slot = usize::try_from(hour - first)
            .ok()
            .filter(|_| hour < last)
            .and_then(|i| series.get_mut(t)?.get_mut(i));
        let Some(slot) = slot else {
            return Err(Error::OutOfRange {
                at: Location::row("servers", row as u64).with_column("hour_utc"),
                value: hour as f64,
                allowed: format!(
                    "an hour of the facility readings ({} to {})",
                    format_instant(first * SECONDS_PER_HOUR),
                    format_instant(last * SECONDS_PER_HOUR)
                ),
            });
        };
        *slot += kwh;
    }
    // Tenants in name order, whatever order the engine added the sums in.
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|a, b| names.get(*a).cmp(&names.get(*b)));
    let mut taken: Vec<Option<(String, Vec<f64>)>> =
        names.into_iter().zip(series).map(Some).collect();
    let (names, series): (Vec<String>, Vec<Vec<f64>>) = order
        .iter()
        .filter_map(|i| taken.get_mut(*i).and_then(Option::take))
        .unzip();
    if tenants.is_empty() {
        *tenants = names
            .iter()
            .map(|n| Tenant {
                name: n.clone(),
                it_kwh: None,
                capacity_share: None,
                at: Location::file("servers"),
            })
            .collect();
    }
    load.tenant_it_kwh = series;
    readings.tenant_names = names;
    Ok(readings)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::datacentre::{assess, Facility, Inputs, Metered, ReadingsOptions};
    use crate::grid::hourly::HourlySeries;

    const H0: i64 = 18_993 * 24; // 2022-01-01T00:00Z in hours

    fn at(c: &str) -> Location {
        Location::row("servers", 0).with_column(c)
    }

    #[test]
    fn intervals_are_spread_over_hours_and_parts_add_up() {
        let s = H0 * SECONDS_PER_HOUR;
        let mut a = TenantHourSums::default();
        a.add("A", s + 1800, s + 5400, 2.0, &at).unwrap(); // half in each hour
        let mut b = TenantHourSums::default();
        b.add("A", s, s + 900, 1.0, &at).unwrap();
        b.add("B", s, s + 3600, 4.0, &at).unwrap();
        assert_eq!(a.rows(), [("A", H0, 1.0), ("A", H0 + 1, 1.0)]);
        let mut sums: HashMap<(String, i64), f64> = HashMap::new();
        for (tenant, hour, kwh) in a.rows().into_iter().chain(b.rows()) {
            *sums.entry((tenant.to_owned(), hour)).or_default() += kwh;
        }
        assert_eq!(sums[&("A".to_owned(), H0)], 2.0);
        assert_eq!(sums[&("A".to_owned(), H0 + 1)], 1.0);
        assert_eq!(sums[&("B".to_owned(), H0)], 4.0);
        assert_eq!(
            a.add("A", s, s, 1.0, &at).unwrap_err().code(),
            "malformed_csv"
        );
        assert_eq!(
            a.add("A", s, s + 7200, 1.0, &at).unwrap_err().code(),
            "malformed_csv"
        );
        assert_eq!(
            a.add("A", s, s + 60, -1.0, &at).unwrap_err().code(),
            "out_of_range"
        );
    }

    #[test]
    fn tenant_hours_give_per_tenant_hourly_location_based() {
        // Two hours of facility meter; A runs in the cheap hour, B in the dear one.
        let csv = "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2022-01-01T01:00Z,2,3\n2022-01-01T01:00Z,2022-01-01T02:00Z,2,3\n";
        let meter = super::super::read_readings(
            "meter",
            csv.as_bytes(),
            ReadingsOptions::default(),
            |_| {},
        )
        .unwrap();
        let mut tenants = Vec::new();
        let r =
            with_tenant_hours(meter, &mut tenants, [("B", H0 + 1, 2.0), ("A", H0, 2.0)]).unwrap();
        // In name order, whatever the order of the sums.
        assert_eq!(tenants.len(), 2);
        assert_eq!(
            (tenants[0].name.as_str(), tenants[1].name.as_str()),
            ("A", "B")
        );
        assert_eq!(r.tenant_names, ["A", "B"]);
        let mut i = Inputs::new(
            Facility {
                zone: "BE".into(),
                ..Facility::default()
            },
            r,
        );
        i.tenants = tenants;
        i.hourly = Some(HourlySeries {
            zone: "BE".into(),
            source: "t".into(),
            first_hour: H0,
            g_per_kwh: vec![100.0, 300.0],
        });
        let d = assess(&i, &Catalog::embedded().unwrap()).unwrap();
        assert!((d.tenants[0].scope2_location_kgco2e - 0.3).abs() < 1e-12);
        assert!((d.tenants[1].scope2_location_kgco2e - 0.9).abs() < 1e-12);
        let outside = with_tenant_hours(
            Readings {
                hourly: Some(super::super::HourlyLoad {
                    first_hour: H0,
                    it_kwh: vec![1.0],
                    ..Default::default()
                }),
                total: Metered::default(),
                ..Readings::default()
            },
            &mut Vec::new(),
            [("A", H0 + 5, 1.0)],
        );
        assert_eq!(outside.unwrap_err().code(), "out_of_range");
    }
}
