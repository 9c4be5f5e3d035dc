//! The fleet engine: a reporting year, an accounting mode, a grouping, and a
//! batch loop that accumulates every row into its group.
//!
//! The accounting rules are in `docs/methodology.md`; in short, for a row of
//! `q` devices bought in year `P`, lifespan `L`, optional disposal year `D`,
//! and reporting year `Y` with age `a = Y - P`:
//!
//! * the row is in the inventory of `Y` when `P <= Y` and not `D < Y`;
//! * use = `q × annual energy × intensity(country, Y)`;
//! * `amortised`: embodied × `clamp(L - a, 0, 1) / L`, and in the disposal
//!   year the part not yet booked, `1 - min(a, L) / L`;
//! * `acquisition`: manufacture and transport in `Y = P`; end of life in the
//!   disposal year, else in the last year of the lifespan, `P + ceil(L) - 1`.

use crate::criteria::{Phase, GWP};
use crate::datasets::{Catalog, SourceUse};
use crate::error::{Error, Location, Result};
use crate::inventory::{check_year, default_bits, Inventory, NEVER};
use crate::report::{GroupResult, Note, Report};
use crate::uncertainty::Estimate;
use serde::Serialize;

/// How embodied impacts are spread over the years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Linear over the lifespan (ADEME, Boavizta, ISO/IEC 21031 SCI).
    #[default]
    Amortised,
    /// All in the year of purchase (GHG Protocol scope 3 category 2).
    Acquisition,
}

impl Mode {
    /// The identifier used on the command line and in results.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Amortised => "amortised",
            Self::Acquisition => "acquisition",
        }
    }

    /// Parses `amortised` (or `amortized`) or `acquisition`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`].
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "amortised" | "amortized" => Ok(Self::Amortised),
            "acquisition" => Ok(Self::Acquisition),
            _ => Err(Error::InvalidOption {
                option: "mode".into(),
                value: s.into(),
                allowed: "amortised, acquisition".into(),
            }),
        }
    }
}

/// The keys results are grouped by. With none, one row for the whole fleet;
/// the default, in every binding, is by entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupBy {
    /// One group per entity.
    pub entity: bool,
    /// One group per device kind.
    pub kind: bool,
    /// One table row per phase (long format) instead of one column per phase.
    pub phase: bool,
}

impl Default for GroupBy {
    fn default() -> Self {
        Self {
            entity: true,
            ..Self::NONE
        }
    }
}

impl GroupBy {
    /// No grouping: one row for the whole fleet.
    pub const NONE: Self = Self {
        entity: false,
        kind: false,
        phase: false,
    };

    /// Parses a comma-separated list of `entity`, `kind`, `phase` (or `none`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] naming the unknown key.
    pub fn parse(s: &str) -> Result<Self> {
        let mut by = Self::NONE;
        for key in s.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            match key.to_ascii_lowercase().as_str() {
                "entity" => by.entity = true,
                "kind" => by.kind = true,
                "phase" => by.phase = true,
                "none" | "total" => {}
                _ => {
                    return Err(Error::InvalidOption {
                        option: "by".into(),
                        value: key.into(),
                        allowed: "entity, kind, phase (comma-separated), or none".into(),
                    })
                }
            }
        }
        Ok(by)
    }

    /// The keys as a comma-separated list.
    #[must_use]
    pub fn id(self) -> String {
        let keys: Vec<&str> = [
            (self.entity, "entity"),
            (self.kind, "kind"),
            (self.phase, "phase"),
        ]
        .into_iter()
        .filter_map(|(on, k)| on.then_some(k))
        .collect();
        if keys.is_empty() {
            "none".into()
        } else {
            keys.join(",")
        }
    }
}

/// What to assess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Options {
    /// The reporting year.
    pub year: i32,
    /// The accounting mode.
    pub mode: Mode,
    /// The grouping.
    pub by: GroupBy,
}

impl Options {
    /// Checked options.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a year outside [`crate::inventory::YEARS`].
    pub fn new(year: i32, mode: Mode, by: GroupBy) -> Result<Self> {
        check_year(f64::from(year), &Location::default().with_column("year"))?;
        Ok(Self { year, mode, by })
    }
}

/// Accumulator slots of a group: counters, then per criterion 4 phases × 3 bounds.
const LINES: usize = 0;
const DEVICES: usize = 1;
const BEYOND: usize = 2;
const ENERGY: usize = 3;
const HEAD: usize = 6;
const PER_CRITERION: usize = 12;

/// Accumulates batches of inventory rows for one reporting year.
///
/// ```
/// use empreinte::{Assessor, Catalog, Inventory, Options, Mode, GroupBy};
/// use empreinte::inventory::{Record, RowRef};
/// let catalog = Catalog::embedded()?;
/// let mut inventory = Inventory::new(catalog, Some("BE"))?;
/// let row = Record { entity: "Town hall", kind: "laptop", quantity: Some(10.0),
///                    purchase_year: Some(2022.0), ..Default::default() };
/// inventory.push(catalog, &row, RowRef::Row("example", 0))?;
/// let mut assessor = Assessor::new(catalog, Options::new(2023, Mode::Amortised, GroupBy::default())?);
/// assessor.add(&inventory);
/// let report = assessor.finish(&inventory);
/// let gwp = report.total.impacts[0].total().unwrap();
/// assert!(gwp.central > 0.0);
/// # Ok::<(), empreinte::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Assessor<'c> {
    catalog: &'c Catalog,
    options: Options,
    stride: usize,
    kinds_per_group: usize,
    /// Grid intensity per zone for the year, kg CO2e/kWh.
    zone_gwp: Vec<f64>,
    /// Per criterion (index 0 unused: gwp comes from `zone_gwp`), per kWh.
    electricity: Vec<[f64; 3]>,
    /// `[(kind * criteria + c) * 9 + slot * 3 + bound]`, per device; NaN = no data.
    embodied: Vec<f64>,
    /// gwp phase shares per kind.
    shares: Vec<[f64; 3]>,
    /// Criteria (after gwp) with at least one factor; the others are missing everywhere.
    active: Vec<usize>,
    acc: Vec<f64>,
    kind_defaults: Vec<u8>,
    kind_used: Vec<bool>,
    zone_used: Vec<bool>,
}

/// Internal marker of "no data" inside accumulators. It propagates through
/// sums and products, and every output turns it into a missing value. It can
/// never come from the input: NaN is rejected when rows are pushed.
const MISSING: f64 = f64::NAN;

impl<'c> Assessor<'c> {
    /// A new, empty assessment.
    #[must_use]
    pub fn new(catalog: &'c Catalog, options: Options) -> Self {
        let nk = catalog.archetypes().len();
        let nc = catalog.criteria().len();
        let grid = catalog.grid();
        let zone_gwp = (0..grid.zones().len())
            .map(|z| grid.intensity_at(z, options.year).factor.kg_per_kwh())
            .collect();
        let est = |e: Option<Estimate>| e.map_or([MISSING; 3], |e| [e.central, e.low, e.high]);
        let electricity = (0..nc)
            .map(|c| est(catalog.electricity_factor(c)))
            .collect();
        let mut embodied = Vec::with_capacity(nk * nc * 9);
        for k in 0..nk {
            for c in 0..nc {
                for phase in Phase::EMBODIED {
                    embodied.extend(est(catalog.embodied(c, k, phase)));
                }
            }
        }
        let active: Vec<usize> = (1..nc)
            .filter(|&c| {
                catalog.electricity_factor(c).is_some()
                    || (0..nk).any(|k| {
                        Phase::EMBODIED
                            .iter()
                            .any(|p| catalog.embodied(c, k, *p).is_some())
                    })
            })
            .collect();
        let active_count = active.len();
        Self {
            active,
            catalog,
            options,
            stride: HEAD + (1 + active_count) * PER_CRITERION,
            kinds_per_group: if options.by.kind { nk } else { 1 },
            zone_gwp,
            electricity,
            embodied,
            shares: catalog.archetypes().iter().map(|a| a.shares).collect(),
            acc: Vec::new(),
            kind_defaults: vec![0; nk],
            kind_used: vec![false; nk],
            zone_used: vec![false; grid.zones().len()],
        }
    }

    /// The options this assessment was made with.
    #[must_use]
    pub fn options(&self) -> Options {
        self.options
    }

    /// Adds every row of `inventory` (pushed with this assessor's catalog).
    pub fn add(&mut self, inventory: &Inventory) {
        let groups = if self.options.by.entity {
            inventory.entities().len().max(1)
        } else {
            1
        } * self.kinds_per_group;
        if self.acc.len() < groups * self.stride {
            self.acc.resize(groups * self.stride, 0.0);
        }
        match self.options.mode {
            Mode::Amortised => self.add_rows::<false>(&inventory.rows),
            Mode::Acquisition => self.add_rows::<true>(&inventory.rows),
        }
    }

    /// The hot loop, one copy per accounting mode.
    fn add_rows<const ACQUISITION: bool>(&mut self, r: &crate::inventory::Rows) {
        let (year, by) = (self.options.year, self.options.by);
        let (stride, kinds_per_group) = (self.stride, self.kinds_per_group);
        let nc = self.electricity.len();
        let Self {
            acc,
            active,
            shares,
            zone_gwp,
            embodied,
            electricity,
            kind_used,
            kind_defaults,
            zone_used,
            ..
        } = self;
        for i in 0..r.quantity.len() {
            let (p, d) = (r.purchase_year[i], r.disposal_year[i]);
            if p > year || d < year {
                continue;
            }
            let k = r.kind[i] as usize;
            let z = r.zone[i] as usize;
            let q = r.quantity[i];
            let l = r.lifespan_years[i];
            let age = f64::from(year - p);
            let (share, share_eol) = if ACQUISITION {
                let eol_year = if d == NEVER {
                    p + l.ceil() as i32 - 1
                } else {
                    d
                };
                (
                    f64::from(u8::from(p == year)),
                    f64::from(u8::from(eol_year == year)),
                )
            } else {
                let s = if d == year {
                    (1.0 - age.min(l) / l).max(0.0)
                } else {
                    (l - age).clamp(0.0, 1.0) / l
                };
                (s, s)
            };
            kind_used[k] = true;
            kind_defaults[k] |= r.defaults[i];
            zone_used[z] = true;
            let g = (if by.entity { r.entity[i] as usize } else { 0 }) * kinds_per_group
                + if by.kind { k } else { 0 };
            let a = &mut acc[g * stride..(g + 1) * stride];
            let (head, rest) = a.split_at_mut(HEAD);
            head[LINES] += 1.0;
            head[DEVICES] += q;
            if age >= l {
                head[BEYOND] += q;
            }
            let energy = r.energy_kwh[i];
            let emb = r.embodied_kgco2e[i];
            let sh = shares[k];
            let row_share = [q * share, q * share, q * share_eol];
            for b in 0..3 {
                head[ENERGY + b] += q * energy[b];
            }
            // Accumulators hold gwp, then the active criteria only (cache-friendly groups).
            let (gwp, others) = rest.split_at_mut(PER_CRITERION);
            // Climate change: the row's own embodied total, split by the archetype's shares.
            for (slot, at) in [0, 3, 9].into_iter().enumerate() {
                let w = row_share[slot] * sh[slot];
                for b in 0..3 {
                    gwp[at + b] += w * emb[b];
                }
            }
            let f = q * zone_gwp[z];
            for b in 0..3 {
                gwp[6 + b] += energy[b] * f;
            }
            // Other criteria: per-device factors of the kind, per-kWh electricity factors.
            for (&c, out) in active.iter().zip(others.chunks_exact_mut(PER_CRITERION)) {
                let e = &embodied[(k * nc + c) * 9..(k * nc + c + 1) * 9];
                for (slot, at) in [0, 3, 9].into_iter().enumerate() {
                    for b in 0..3 {
                        out[at + b] += row_share[slot] * e[slot * 3 + b];
                    }
                }
                let f = electricity[c];
                for b in 0..3 {
                    out[6 + b] += q * energy[b] * f[b];
                }
            }
        }
        debug_assert_eq!(GWP, 0);
    }

    /// The results, one group per non-empty combination of the grouping keys
    /// (entities in name order, kinds in catalog order).
    #[must_use]
    pub fn finish(self, inventory: &Inventory) -> Report {
        let nc = self.catalog.criteria().len();
        let mut groups: Vec<GroupResult> = Vec::new();
        let archetypes = self.catalog.archetypes();
        for (g, a) in self.acc.chunks_exact(self.stride).enumerate() {
            if a[LINES] == 0.0 {
                continue;
            }
            let (entity, kind) = (g / self.kinds_per_group, g % self.kinds_per_group);
            groups.push(GroupResult {
                entity: self.options.by.entity.then(|| {
                    inventory
                        .entities()
                        .get(entity)
                        .cloned()
                        .unwrap_or_default()
                }),
                kind: self.options.by.kind.then(|| archetypes[kind].kind.clone()),
                lines: a[LINES] as u64,
                devices: a[DEVICES],
                devices_beyond_amortisation: a[BEYOND],
                use_energy_kwh: bounds(&a[ENERGY..ENERGY + 3]).unwrap_or(Estimate::ZERO),
                impacts: (0..nc)
                    .map(|c| {
                        let slot = if c == GWP {
                            0
                        } else {
                            match self.active.iter().position(|&a| a == c) {
                                Some(s) => 1 + s,
                                None => return crate::report::Phases([None; 4]),
                            }
                        };
                        let base = HEAD + slot * PER_CRITERION;
                        crate::report::Phases(std::array::from_fn(|p| {
                            bounds(&a[base + p * 3..base + p * 3 + 3])
                        }))
                    })
                    .collect(),
            });
        }
        groups.sort_by(|x, y| x.entity.cmp(&y.entity));
        let total = GroupResult::sum(&groups, nc);
        let mut notes = Vec::new();
        let mut sources: Vec<SourceUse> = Vec::new();
        for (k, used) in self.kind_used.iter().enumerate() {
            if *used {
                let mut s = self.catalog.kind_sources(k);
                if let Some(first) = s.first_mut() {
                    first.item = format!(
                        "{}: {}",
                        archetypes[k].kind,
                        defaults_words(self.kind_defaults[k])
                    );
                }
                sources.extend(s);
            }
        }
        let grid = self.catalog.grid();
        for (z, used) in self.zone_used.iter().enumerate() {
            if *used {
                let gi = grid.intensity_at(z, self.options.year);
                if gi.data_year != gi.requested_year {
                    notes.push(Note {
                        code: "grid_year_fallback",
                        message: format!(
                            "{}: no grid-intensity data for {}; the {} value was used",
                            grid.zones()[z].code,
                            gi.requested_year,
                            gi.data_year
                        ),
                    });
                }
                sources.push(self.catalog.grid_source(z, &gi));
            }
        }
        sources.extend(self.catalog.electricity_sources());
        for (c, criterion) in self.catalog.criteria().iter().enumerate() {
            if total.impacts.get(c).is_some_and(|p| p.total().is_none()) && total.lines > 0 {
                notes.push(Note {
                    code: "criterion_missing",
                    message: format!(
                        "{} ({}): no factor for some kinds or phases; reported as missing, not zero (add a factor table)",
                        criterion.id, criterion.name
                    ),
                });
            }
        }
        Report {
            options: self.options,
            criteria: self.catalog.criteria().to_vec(),
            groups,
            total,
            notes,
            sources,
            datasets: self.catalog.datasets().to_vec(),
        }
    }
}

fn bounds(v: &[f64]) -> Option<Estimate> {
    if v.iter().any(|x| x.is_nan()) {
        None
    } else {
        Some(Estimate {
            central: v[0],
            low: v[1],
            high: v[2],
        })
    }
}

fn defaults_words(bits: u8) -> String {
    let words: Vec<&str> = [
        (default_bits::EMBODIED, "embodied gwp"),
        (default_bits::LIFESPAN, "lifespan"),
        (default_bits::ENERGY, "annual energy"),
    ]
    .into_iter()
    .filter_map(|(bit, w)| (bits & bit != 0).then_some(w))
    .collect();
    if words.is_empty() {
        "phase shares (every other value given in the inventory)".into()
    } else {
        format!("phase shares, {}", words.join(", "))
    }
}

/// Assesses a whole in-memory inventory.
///
/// # Errors
///
/// [`Error::EmptyInventory`] when the inventory has no row.
pub fn assess(catalog: &Catalog, inventory: &Inventory, options: Options) -> Result<Report> {
    if inventory.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::default(),
        });
    }
    let mut assessor = Assessor::new(catalog, options);
    assessor.add(inventory);
    Ok(assessor.finish(inventory))
}

/// Reads and assesses a CSV inventory in batches: memory grows with the
/// number of groups, not of lines. `progress` is called with the bytes read.
///
/// # Errors
///
/// The first bad line of the file (file, line, column), or a bad option.
pub fn assess_csv<R: std::io::Read>(
    catalog: &Catalog,
    name: &str,
    reader: R,
    default_country: Option<&str>,
    options: Options,
    mut progress: impl FnMut(u64),
) -> Result<Report> {
    let mut inventory = Inventory::new(catalog, default_country)?;
    let mut assessor = Assessor::new(catalog, options);
    let summary = crate::inventory::read_csv(
        name,
        reader,
        catalog,
        &mut inventory,
        1 << 16,
        |inv, bytes| {
            assessor.add(inv);
            progress(bytes);
            Ok(())
        },
    )?;
    let mut report = assessor.finish(&inventory);
    for column in summary.ignored_columns {
        report.notes.push(Note {
            code: "ignored_column",
            message: format!(
                "{name}: column `{column}` is not part of the inventory format and was ignored"
            ),
        });
    }
    Ok(report)
}
