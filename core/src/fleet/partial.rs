//! An assessment in parts, for engines that split an inventory (Spark
//! partitions): each part's accumulators as [`PartialSums`], the sums of
//! several parts added by the caller (any engine's `SUM` and bitwise `OR`),
//! and the added sums finished by [`Assessor::finish_partial`] into the
//! groups, totals, notes and sources a single pass over the whole inventory
//! gives (sums in another order).
//!
//! A partial table has one row per record: `record` is `group` (a group's
//! accumulators), `kind` (the catalog values rows of a kind used, as
//! `flags`), `zone` (a grid zone used) or `read` (the part had rows). Its
//! columns are [`PARTIAL_KEYS`], `flags`, then the group lanes
//! ([`Assessor::partial_lanes`]): to combine parts, group by the keys, OR
//! the flags and add the lanes. A lane with no data is NaN, and stays NaN
//! in any sum, as inside the engine. `report::Table::from` turns the sums
//! into a table for the bindings.

use super::{Assessment, Assessor, Options};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::quantity::Phase;
use std::collections::HashMap;
use std::sync::Arc;

/// The key columns of a partial table (group them to combine parts).
pub const PARTIAL_KEYS: [&str; 4] = ["record", "entity", "kind", "zone"];

/// One part's accumulators: one record per group, kind used, zone used,
/// and the `read` record.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialSums {
    /// The names of the lane columns ([`Assessor::partial_lanes`]).
    pub lane_names: Vec<String>,
    /// The records, groups first.
    pub records: Vec<PartialRecord>,
}

/// One record of [`PartialSums`].
#[derive(Debug, Clone, PartialEq)]
pub struct PartialRecord {
    /// The values of [`PARTIAL_KEYS`].
    pub keys: [String; 4],
    /// The catalog values a kind used (bits), 1 for a zone or `read`.
    pub flags: u64,
    /// The lanes (zero for a record that is not a group).
    pub lanes: Vec<f64>,
}

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

    /// The accumulators so far as partial sums.
    #[must_use]
    pub fn partial(&self) -> PartialSums {
        let stride = self.layout.stride();
        let kinds = self.catalog.archetypes();
        let zones = self.catalog.grid().zones();
        let mut records = Vec::new();
        let mut push = |keys: [&str; 4], flags: u64, lanes: Vec<f64>| {
            records.push(PartialRecord {
                keys: keys.map(str::to_owned),
                flags,
                lanes,
            });
        };
        for (g, (entity, kind)) in self.keys.iter().enumerate() {
            let entity = if self.options.by.entity {
                self.entity_names
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
            let values = self.acc.get(g * stride..(g + 1) * stride).unwrap_or(&[]);
            push(["group", entity, kind, ""], 0, values.to_vec());
        }
        for (arch, &used) in kinds.iter().zip(&self.kind_used) {
            if used != 0 {
                push(
                    ["kind", "", &arch.kind, ""],
                    u64::from(used),
                    vec![0.0; stride],
                );
            }
        }
        for (zone, &used) in zones.iter().zip(&self.zone_used) {
            if used {
                push(["zone", "", "", &zone.code], 1, vec![0.0; stride]);
            }
        }
        push(["read", "", "", ""], 1, vec![0.0; stride]);
        PartialSums {
            lane_names: self.partial_lanes(),
            records,
        }
    }

    /// The assessment of the combined sums of several parts' partial
    /// tables (keys grouped, flags OR-ed, lanes added), as
    /// [`Assessor::finish`] gives it for one pass over every part's rows.
    /// `None` when no part had a row (no `read` record): the inventory was
    /// empty.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] for a record that no part of this catalog can
    /// have written (an unknown kind, zone or record, lanes of another
    /// width, a key given twice).
    pub fn finish_partial<'a>(
        catalog: Arc<Catalog>,
        options: Options,
        rows: impl IntoIterator<Item = PartialRow<'a>>,
    ) -> Result<Option<Assessment>> {
        let mut a = Assessor::new(catalog.clone(), options);
        let stride = a.layout.stride();
        let kind_index = |kind: &str| -> Result<u16> {
            catalog
                .archetypes()
                .iter()
                .position(|k| k.kind == kind)
                .and_then(|i| u16::try_from(i).ok())
                .ok_or_else(|| bad(format!("unknown kind `{kind}`")))
        };
        let mut entities: HashMap<String, u32> = HashMap::new();
        let mut seen: HashMap<(u32, u16), ()> = HashMap::new();
        let mut read = false;
        for row in rows {
            match row.record {
                "group" => {
                    if row.lanes.len() != stride {
                        return Err(bad(format!("{} lanes, expected {stride}", row.lanes.len())));
                    }
                    let entity = if options.by.entity {
                        let next = a.entity_names.len() as u32;
                        *entities.entry(row.entity.to_owned()).or_insert_with(|| {
                            a.entity_names.push(row.entity.to_owned());
                            next
                        })
                    } else {
                        0
                    };
                    let kind = if options.by.kind {
                        kind_index(row.kind)?
                    } else {
                        0
                    };
                    if seen.insert((entity, kind), ()).is_some() {
                        return Err(bad(format!(
                            "the group `{}` `{}` is given twice (add the parts by key first)",
                            row.entity, row.kind
                        )));
                    }
                    a.keys.push((entity, kind));
                    a.acc.extend_from_slice(row.lanes);
                }
                "kind" => {
                    let k = usize::from(kind_index(row.kind)?);
                    if let Some(used) = a.kind_used.get_mut(k) {
                        *used |= u8::try_from(row.flags & 0xff).unwrap_or(0);
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
        Ok(read.then(|| a.finish()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::accounting::Mode;
    use crate::fleet::{GroupBy, Options};
    use crate::inventory::{Inventory, Record, RowRef};

    fn inventory(catalog: &Arc<Catalog>, rows: &[(&str, &str, &str, f64)]) -> Inventory {
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
        inv
    }

    fn part(catalog: &Arc<Catalog>, rows: &[(&str, &str, &str, f64)], o: Options) -> PartialSums {
        let mut a = Assessor::new(catalog.clone(), o);
        a.add(&inventory(catalog, rows)).unwrap();
        a.partial()
    }

    fn rows(records: &[PartialRecord]) -> impl Iterator<Item = PartialRow<'_>> {
        records.iter().map(|r| PartialRow {
            record: &r.keys[0],
            entity: &r.keys[1],
            kind: &r.keys[2],
            zone: &r.keys[3],
            flags: r.flags,
            lanes: &r.lanes,
        })
    }

    /// Adds the partial sums as an engine would: by key, flags OR-ed,
    /// lanes summed.
    fn combine(parts: &[PartialSums]) -> Vec<PartialRecord> {
        let mut out: Vec<PartialRecord> = Vec::new();
        for r in parts.iter().flat_map(|p| &p.records) {
            match out.iter_mut().find(|o| o.keys == r.keys) {
                Some(o) => {
                    o.flags |= r.flags;
                    o.lanes.iter_mut().zip(&r.lanes).for_each(|(a, b)| *a += b);
                }
                None => out.push(r.clone()),
            }
        }
        out
    }

    fn finish(catalog: &Arc<Catalog>, o: Options, c: &[PartialRecord]) -> Assessment {
        Assessor::finish_partial(catalog.clone(), o, rows(c))
            .unwrap()
            .unwrap()
    }

    #[test]
    fn parts_combined_give_the_single_pass() {
        let catalog = Catalog::embedded().unwrap();
        let rows = [
            ("Town hall", "laptop", "BE", 10.0),
            ("School", "smartphone", "FR", 3.0),
            ("Town hall", "laptop", "", 5.0),
            ("School", "laptop", "DE", 2.0),
        ];
        for by in ["entity,kind", "entity", "kind", "none"] {
            let o = Options::new(2023, Mode::Amortised, GroupBy::parse(by).unwrap()).unwrap();
            let single = crate::fleet::assess(&inventory(&catalog, &rows), o).unwrap();
            // The parts in another order than the rows.
            let parts = [
                part(&catalog, &rows[3..], o),
                part(&catalog, &rows[..1], o),
                part(&catalog, &rows[1..3], o),
            ];
            let split = finish(&catalog, o, &combine(&parts));
            assert_eq!(split.sources, single.sources, "{by}");
            assert_eq!(split.notes, single.notes, "{by}");
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
            let (g, h): (Vec<_>, Vec<_>) = (
                split.groups.iter().collect(),
                single.groups.iter().collect(),
            );
            assert_eq!(g.len(), h.len(), "{by}");
            for (g, h) in g.iter().zip(&h) {
                assert_eq!((&g.entity, &g.kind), (&h.entity, &h.kind), "{by}");
                assert_eq!(g.lines, h.lines);
                let (x, y) = (g.impacts[0].total().unwrap(), h.impacts[0].total().unwrap());
                assert!(close(x.central(), y.central()) && close(x.high(), y.high()));
                assert!(close(x.low(), y.low()));
            }
            let (x, y) = (
                split.total.impacts[0].total().unwrap(),
                single.total.impacts[0].total().unwrap(),
            );
            assert!(close(x.central(), y.central()), "{by}");
        }
    }

    #[test]
    fn no_read_record_is_an_empty_inventory_and_bad_records_are_errors() {
        let catalog = Catalog::embedded().unwrap();
        let o = Options::new(2023, Mode::Amortised, GroupBy::default()).unwrap();
        assert!(Assessor::finish_partial(catalog.clone(), o, [])
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
            let e = Assessor::finish_partial(catalog.clone(), o, [r]).unwrap_err();
            assert_eq!(e.code(), "dataset");
        }
        let whole = part(&catalog, &[("A", "laptop", "BE", 1.0)], o);
        let twice = [whole.clone(), whole].map(|p| p.records).concat();
        let e = Assessor::finish_partial(catalog.clone(), o, rows(&twice)).unwrap_err();
        assert_eq!(e.code(), "dataset");
    }
}
