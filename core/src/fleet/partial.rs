//! An assessment in parts, for engines that split an inventory (Spark
//! partitions): each part's accumulators as a table of partial sums, the
//! sums of several parts added by the caller (any engine's `SUM` and bitwise
//! `OR`), and the combined table turned back into an [`Assessor`] whose
//! [`Assessor::finish_with`] gives the groups, totals, notes and sources a
//! single pass over the whole inventory gives (sums in another order).
//!
//! A partial table has one row per record: `record` is `group` (a group's
//! accumulators), `kind` (the catalog values rows of a kind used, as
//! `flags`), `zone` (a grid zone used) or `read` (the part had rows). Its
//! columns are [`PARTIAL_KEYS`], `flags`, then the group lanes
//! ([`Assessor::partial_lanes`]): to combine parts, group by the keys, OR
//! the flags and add the lanes. A lane with no data is NaN, and stays NaN
//! in any sum, as inside the engine.

use super::Assessor;
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::quantity::Phase;
use crate::report::{Column, ColumnValues, Table};
use std::collections::HashMap;
use std::sync::Arc;

/// The key columns of a partial table (group them to combine parts).
pub const PARTIAL_KEYS: [&str; 4] = ["record", "entity", "kind", "zone"];

/// One row of a combined partial table.
#[derive(Debug, Clone, Copy)]
pub struct PartialRow<'a> {
    /// `group`, `kind`, `zone` or `read`.
    pub record: &'a str,
    /// The group's entity (empty when not grouped by entity).
    pub entity: &'a str,
    /// The group's kind, or the kind of a `kind` record.
    pub kind: &'a str,
    /// The zone of a `zone` record.
    pub zone: &'a str,
    /// The OR of the parts' flags.
    pub flags: u64,
    /// The sums of the parts' lanes ([`Assessor::partial_lanes`] order).
    pub lanes: &'a [f64],
}

fn bad(message: String) -> Error {
    Error::dataset("partial sums", 0, message)
}

impl Assessor {
    /// The names of the lane columns of a partial table: counters, use
    /// energy (central, low, high), then per reported criterion and phase
    /// its three lanes.
    #[must_use]
    pub fn partial_lanes(&self) -> Vec<String> {
        let bounds = ["", "_low", "_high"];
        let mut names: Vec<String> = ["lines", "devices", "devices_beyond_amortisation"]
            .map(String::from)
            .to_vec();
        names.extend(bounds.iter().map(|b| format!("use_energy_kwh{b}")));
        let criteria = self.catalog.criteria();
        for c in &self.reported {
            let id = criteria.get(*c).map_or("criterion", |c| c.id.as_str());
            for p in Phase::ALL {
                names.extend(bounds.iter().map(|b| format!("{id}_{}{b}", p.id())));
            }
        }
        names
    }

    /// The accumulators so far as a partial table; `entity_names` are the
    /// names of the inventory's entity ids ([`crate::Inventory::entities`]).
    #[must_use]
    pub fn partial(&self, entity_names: &[String]) -> Table {
        let stride = self.layout.stride();
        let kinds = self.catalog.archetypes();
        let zones = self.catalog.grid().zones();
        let mut text: [Vec<String>; 4] = Default::default();
        let mut flags = Vec::new();
        let mut lanes: Vec<Vec<Option<f64>>> = vec![Vec::new(); stride];
        let mut push = |keys: [&str; 4], f: u64, values: Option<&[f64]>| {
            for (column, key) in text.iter_mut().zip(keys) {
                column.push(key.to_owned());
            }
            flags.push(Some(f as f64));
            for (i, column) in lanes.iter_mut().enumerate() {
                column.push(Some(values.and_then(|v| v.get(i).copied()).unwrap_or(0.0)));
            }
        };
        for (g, (entity, kind)) in self.keys.iter().enumerate() {
            let entity = if self.options.by.entity {
                entity_names
                    .get(*entity as usize)
                    .map_or("", String::as_str)
            } else {
                ""
            };
            let kind = if self.options.by.kind {
                kinds
                    .get(usize::from(*kind))
                    .map_or("", |a| a.kind.as_str())
            } else {
                ""
            };
            let values = self.acc.get(g * stride..(g + 1) * stride);
            push(["group", entity, kind, ""], 0, values);
        }
        for (arch, &used) in kinds.iter().zip(&self.kind_used) {
            if used != 0 {
                push(["kind", "", &arch.kind, ""], u64::from(used), None);
            }
        }
        for (zone, &used) in zones.iter().zip(&self.zone_used) {
            if used {
                push(["zone", "", "", &zone.code], 1, None);
            }
        }
        push(["read", "", "", ""], 1, None);
        let mut columns: Vec<Column> = PARTIAL_KEYS
            .iter()
            .zip(text)
            .map(|(name, values)| Column {
                name: (*name).into(),
                values: ColumnValues::Text(values),
            })
            .collect();
        columns.push(Column {
            name: "flags".into(),
            values: ColumnValues::Number(flags),
        });
        columns.extend(
            self.partial_lanes()
                .into_iter()
                .zip(lanes)
                .map(|(name, values)| Column {
                    name,
                    values: ColumnValues::Number(values),
                }),
        );
        Table { columns }
    }

    /// An assessor holding the combined sums of several parts' partial
    /// tables, and the entity names of its groups (give them to
    /// [`Assessor::finish_with`]). `None` when no part had a row (no `read`
    /// record): the inventory was empty.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] for a record that no part of this catalog can
    /// have written (an unknown kind or zone, lanes of another width).
    pub fn from_partial<'a>(
        catalog: Arc<Catalog>,
        options: super::Options,
        rows: impl IntoIterator<Item = PartialRow<'a>>,
    ) -> Result<Option<(Assessor, Vec<String>)>> {
        let mut a = Assessor::new(catalog.clone(), options);
        let stride = a.layout.stride();
        let kind_index = |kind: &str| -> Result<u16> {
            catalog
                .archetypes()
                .iter()
                .position(|k| k.kind == kind)
                .map(|i| i as u16)
                .ok_or_else(|| bad(format!("unknown kind `{kind}`")))
        };
        let mut entities: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut read = false;
        for row in rows {
            match row.record {
                "group" => {
                    if row.lanes.len() != stride {
                        return Err(bad(format!("{} lanes, expected {stride}", row.lanes.len())));
                    }
                    let entity = match entities.get(row.entity) {
                        _ if !options.by.entity => 0,
                        Some(id) => *id,
                        None => {
                            let id = names.len() as u32;
                            names.push(row.entity.to_owned());
                            entities.insert(row.entity.to_owned(), id);
                            id
                        }
                    };
                    let kind = if options.by.kind {
                        kind_index(row.kind)?
                    } else {
                        0
                    };
                    a.keys.push((entity, kind));
                    a.acc.extend_from_slice(row.lanes);
                }
                "kind" => {
                    let k = usize::from(kind_index(row.kind)?);
                    if let Some(used) = a.kind_used.get_mut(k) {
                        *used |= (row.flags & 0xff) as u8;
                    }
                }
                "zone" => {
                    let z = catalog
                        .grid()
                        .zones()
                        .iter()
                        .position(|z| z.code == row.zone)
                        .ok_or_else(|| bad(format!("unknown zone `{}`", row.zone)))?;
                    if let Some(used) = a.zone_used.get_mut(z) {
                        *used = true;
                    }
                }
                "read" => read = true,
                other => return Err(bad(format!("unknown record `{other}`"))),
            }
        }
        Ok(read.then_some((a, names)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::fleet::{GroupBy, Mode, Options};
    use crate::inventory::{Inventory, Record, RowRef};

    fn part(catalog: &Arc<Catalog>, rows: &[(&str, &str, &str, f64)], o: Options) -> Table {
        let mut inv = Inventory::new(catalog.clone(), Some("BE")).unwrap();
        for (i, (entity, kind, country, q)) in rows.iter().enumerate() {
            let r = Record {
                entity,
                kind,
                country: (!country.is_empty()).then_some(*country),
                quantity: Some(*q),
                purchase_year: Some(2021.0),
                ..Default::default()
            };
            inv.push(&r, RowRef::Row("t", i as u64)).unwrap();
        }
        let mut a = Assessor::new(catalog.clone(), o);
        a.add(&inv).unwrap();
        a.partial(inv.entities())
    }

    /// Adds the partial tables as an engine would: by key, flags OR-ed,
    /// lanes summed.
    fn combine(tables: &[Table]) -> Vec<(Vec<String>, u64, Vec<f64>)> {
        let mut out: Vec<(Vec<String>, u64, Vec<f64>)> = Vec::new();
        for t in tables {
            for r in 0..t.rows() {
                let keys: Vec<String> = (0..4).map(|c| t.cell(c, r)).collect();
                let num = |c: usize| match &t.columns[c].values {
                    ColumnValues::Number(v) => v[r].unwrap(),
                    ColumnValues::Text(_) => unreachable!(),
                };
                let flags = num(4) as u64;
                let lanes: Vec<f64> = (5..t.columns.len()).map(num).collect();
                match out.iter_mut().find(|(k, _, _)| *k == keys) {
                    Some((_, f, l)) => {
                        *f |= flags;
                        l.iter_mut().zip(&lanes).for_each(|(a, b)| *a += b);
                    }
                    None => out.push((keys, flags, lanes)),
                }
            }
        }
        out
    }

    #[test]
    fn parts_combined_give_the_single_pass() {
        let catalog = Catalog::embedded().unwrap();
        let o = Options::new(
            2023,
            Mode::Amortised,
            GroupBy::parse("entity,kind").unwrap(),
        )
        .unwrap();
        let rows = [
            ("Town hall", "laptop", "BE", 10.0),
            ("School", "smartphone", "FR", 3.0),
            ("Town hall", "laptop", "", 5.0),
            ("School", "laptop", "DE", 2.0),
        ];
        let whole = part(&catalog, &rows, o);
        let parts = [
            part(&catalog, &rows[..1], o),
            part(&catalog, &rows[1..3], o),
            part(&catalog, &rows[3..], o),
        ];
        let combined = combine(&parts);
        let finish = |c: &[(Vec<String>, u64, Vec<f64>)]| {
            let rows = c.iter().map(|(k, f, l)| PartialRow {
                record: &k[0],
                entity: &k[1],
                kind: &k[2],
                zone: &k[3],
                flags: *f,
                lanes: l,
            });
            let (a, names) = Assessor::from_partial(catalog.clone(), o, rows)
                .unwrap()
                .unwrap();
            a.finish_with(names)
        };
        let (split, single) = (finish(&combined), finish(&combine(&[whole])));
        assert_eq!(split.groups.len(), 3);
        assert_eq!(split.sources, single.sources);
        assert_eq!(split.notes, single.notes);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
        for (g, h) in split.groups.iter().zip(single.groups.iter()) {
            assert_eq!(
                (g.entity.clone(), g.kind.clone()),
                (h.entity.clone(), h.kind.clone())
            );
            assert_eq!(g.lines, h.lines);
            let (x, y) = (g.impacts[0].total().unwrap(), h.impacts[0].total().unwrap());
            assert!(close(x.central(), y.central()) && close(x.high(), y.high()));
        }
        assert!(close(
            split.total.impacts[0].total().unwrap().central(),
            single.total.impacts[0].total().unwrap().central()
        ));
    }

    #[test]
    fn no_read_record_is_an_empty_inventory_and_bad_records_are_errors() {
        let catalog = Catalog::embedded().unwrap();
        let o = Options::new(2023, Mode::Amortised, GroupBy::default()).unwrap();
        assert!(Assessor::from_partial(catalog.clone(), o, [])
            .unwrap()
            .is_none());
        let row = |record, kind| PartialRow {
            record,
            entity: "",
            kind,
            zone: "",
            flags: 1,
            lanes: &[],
        };
        for r in [
            row("kind", "no such kind"),
            row("group", ""),
            row("what", ""),
        ] {
            let e = Assessor::from_partial(catalog.clone(), o, [r]).unwrap_err();
            assert_eq!(e.code(), "dataset");
        }
    }
}
