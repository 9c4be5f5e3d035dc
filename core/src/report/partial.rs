//! Partial sums as tables, for engines that add them (Spark): the fleet's
//! per-part accumulators ([`PartialSums`]) and the servers' IT energy per
//! tenant and hour ([`TenantHourSums`]). Lanes keep NaN (no data), so that
//! a missing value stays missing in any sum.

use super::table::{Column, ColumnValues, Table};
use crate::datacentre::partial::{TenantHourSums, TENANT_HOUR_COLUMNS};
use crate::fleet::partial::{PartialSums, PARTIAL_KEYS};

impl From<&PartialSums> for Table {
    /// Columns [`PARTIAL_KEYS`] (text), `flags`, then the lanes (numbers).
    fn from(p: &PartialSums) -> Table {
        let mut columns: Vec<Column> = PARTIAL_KEYS
            .iter()
            .enumerate()
            .map(|(i, name)| Column {
                name: (*name).into(),
                values: ColumnValues::Text(
                    p.records
                        .iter()
                        .map(|r| r.keys.get(i).cloned().unwrap_or_default())
                        .collect(),
                ),
            })
            .collect();
        columns.push(Column {
            name: "flags".into(),
            values: ColumnValues::Number(p.records.iter().map(|r| Some(r.flags as f64)).collect()),
        });
        columns.extend(p.lane_names.iter().enumerate().map(|(i, name)| {
            Column {
                name: name.clone(),
                values: ColumnValues::Number(
                    p.records
                        .iter()
                        .map(|r| Some(r.lanes.get(i).copied().unwrap_or(0.0)))
                        .collect(),
                ),
            }
        }));
        Table { columns }
    }
}

impl From<&TenantHourSums> for Table {
    /// Columns [`TENANT_HOUR_COLUMNS`]: tenant (text), hour since 1970 UTC
    /// and IT kWh (numbers), by tenant then hour.
    fn from(s: &TenantHourSums) -> Table {
        let rows = s.rows();
        let [tenant, hour, it] = TENANT_HOUR_COLUMNS;
        let number = |f: fn(&(&str, i64, f64)) -> f64| {
            ColumnValues::Number(rows.iter().map(|r| Some(f(r))).collect())
        };
        Table {
            columns: vec![
                Column {
                    name: tenant.into(),
                    values: ColumnValues::Text(rows.iter().map(|r| r.0.to_owned()).collect()),
                },
                Column {
                    name: hour.into(),
                    values: number(|r| r.1 as f64),
                },
                Column {
                    name: it.into(),
                    values: number(|r| r.2),
                },
            ],
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::fleet::partial::PartialRecord;

    #[test]
    fn partial_sums_keep_nan_lanes_and_their_names() {
        let p = PartialSums {
            lane_names: vec!["lines".into(), "gwp".into()],
            records: vec![PartialRecord {
                keys: ["group", "A", "", ""].map(String::from),
                flags: 0,
                lanes: vec![2.0, f64::NAN],
            }],
        };
        let t = Table::from(&p);
        assert_eq!(t.rows(), 1);
        assert_eq!(t.columns.len(), 7);
        assert_eq!(t.cell(1, 0), "A");
        match t.column("gwp").unwrap() {
            ColumnValues::Number(v) => assert!(v[0].unwrap().is_nan()),
            other => panic!("gwp is a number column, not {other:?}"),
        }
    }
}
