//! The catalog: every value an assessment looks up (device archetypes, grid
//! intensities, criteria and their factors), with the provenance of each.
//!
//! The embedded datasets are listed by `build.rs` from their `SOURCE.toml`
//! manifests; user factor tables ([`FactorTable`]) add criteria or replace
//! defaults, and user archetype tables ([`read_archetypes`]) add kinds or
//! replace them. Kinds are named by [`KindId`]s that the catalog hands out.

pub mod archetype;
pub mod factors;

pub use archetype::{
    is_archetype_table, parse_archetypes, read_archetypes, Archetype, LoadPower, ModePower,
    Quality, ARCHETYPE_MARKERS,
};
pub use factors::{Factor, FactorTable};

use crate::error::{closest, Error, Locate, Location, Result};
use crate::grid::hourly::{hourly_dataset_id, HourlySeries};
use crate::grid::user::GridFactorTable;
use crate::grid::{Basis, Grid, GridIntensity, ZoneId};
use crate::quantity::units::EmissionFactor;
use crate::quantity::{Criterion, Estimate, Phase};
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// Provenance of one dataset edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetInfo {
    /// Stable identifier.
    pub id: String,
    /// Edition (year or version of the publication).
    pub edition: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Where it was published.
    pub url: String,
    /// Licence (SPDX-like name).
    pub licence: String,
    /// The attribution text the licence requires.
    pub attribution: String,
    /// SHA-256 of the embedded derived file (empty for user tables).
    pub sha256: String,
}

impl DatasetInfo {
    /// The provenance of a table supplied by the user under `name`.
    #[must_use]
    pub fn user(name: &str) -> Self {
        Self {
            id: name.into(),
            edition: "user".into(),
            title: format!("User factor table {name}"),
            publisher: "user".into(),
            url: String::new(),
            licence: "as supplied by the user".into(),
            attribution: String::new(),
            sha256: String::new(),
        }
    }
}

/// A value (or group of values) used by a result, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceUse {
    /// What the value is (`laptop: lifespan, annual energy`).
    pub item: String,
    /// Dataset id and edition.
    pub dataset: String,
    /// The citation behind the value.
    pub reference: String,
    /// Licence of the dataset.
    pub licence: String,
}

/// An embedded dataset: its provenance (from `SOURCE.toml`) and its text.
#[derive(Debug, Clone)]
pub struct EmbeddedDataset {
    /// Provenance, including the pinned SHA-256 of `text`.
    pub info: DatasetInfo,
    /// The embedded file.
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The embedded hourly series of `zone` on `basis` (cargo feature
/// `hourly-grid`: BE, DE, FR, NL 2022), with its dataset.
///
/// # Errors
///
/// [`Error::Dataset`] when this build embeds no hourly series of that basis
/// ([`Basis::Upstream`] has none); [`Error::MissingColumn`] for a zone
/// without one.
pub fn embedded_hourly(zone: &str, basis: Basis) -> Result<(HourlySeries, DatasetInfo)> {
    let id = hourly_dataset_id(basis).ok_or_else(|| {
        Error::dataset(
            "hourly grid",
            0,
            format!("no hourly series on the {basis} basis"),
        )
    })?;
    let d = embedded(id)?;
    let series = HourlySeries::from_csv(
        &format!("{} {}", d.info.id, d.info.edition),
        d.text.as_bytes(),
        zone,
    )?
    .with_basis(basis);
    Ok((series, d.info))
}

/// Id of the (life-cycle) grid-intensity dataset the embedded catalog uses.
pub const GRID_DATASET_ID: &str = "ember-owid";
/// Id of the direct (combustion) grid-intensity dataset the embedded
/// catalog uses (scope 2).
pub const DIRECT_GRID_DATASET_ID: &str = "empreinte-grid-direct";
/// Id of the device-archetype dataset the embedded catalog uses.
pub const ARCHETYPES_DATASET_ID: &str = "empreinte-archetypes";
/// Id of the usage-profile dataset the embedded catalog uses.
pub const USAGE_PROFILES_DATASET_ID: &str = "empreinte-usage-profiles";

/// A usage profile: hours per year in each power mode (they sum to 8,760).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageProfile {
    /// Identifier used in inventories (`office`, `school`, `always_on`).
    pub profile: String,
    /// Human-readable label.
    pub label: String,
    /// Hours per year on, h.
    pub hours_on: f64,
    /// Hours per year asleep, h.
    pub hours_sleep: f64,
    /// Hours per year off but plugged in, h.
    pub hours_off: f64,
    /// How the hours were set.
    pub method: String,
    /// Citation.
    pub source: String,
}

#[derive(serde::Deserialize)]
struct UsageProfileRow {
    profile: String,
    label: String,
    hours_on: f64,
    hours_sleep: f64,
    hours_off: f64,
    method: String,
    source: String,
}

/// Parses a usage-profile table (`profile,label,hours_on,hours_sleep,hours_off,method,source`).
///
/// # Errors
///
/// [`Error::Dataset`] on a malformed row, negative hours or hours that do
/// not sum to 8,760.
pub fn parse_usage_profiles(dataset: &str, text: &str) -> Result<Vec<UsageProfile>> {
    let bad = |line: usize, message: String| Error::dataset(dataset, line as u64, message);
    let mut out: Vec<UsageProfile> = Vec::new();
    for (i, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<UsageProfileRow>()
        .enumerate()
    {
        let line = i + 2;
        let r = row.map_err(|e| bad(line, e.to_string()))?;
        let hours = [r.hours_on, r.hours_sleep, r.hours_off];
        if hours.iter().any(|h| !(h.is_finite() && *h >= 0.0))
            || (hours.iter().sum::<f64>() - 8760.0).abs() > 1e-6
        {
            return Err(bad(line, "hours must be >= 0 and sum to 8760".into()));
        }
        if out.iter().any(|p| p.profile == r.profile) {
            return Err(bad(line, format!("duplicate profile `{}`", r.profile)));
        }
        out.push(UsageProfile {
            profile: r.profile,
            label: r.label,
            hours_on: r.hours_on,
            hours_sleep: r.hours_sleep,
            hours_off: r.hours_off,
            method: r.method,
            source: r.source,
        });
    }
    Ok(out)
}

/// Orders editions numerically part by part (`2026.12` after `2026.9`).
fn edition_key(edition: &str) -> Vec<(u64, String)> {
    edition
        .split(['.', '-'])
        .map(|p| (p.parse().unwrap_or(0), p.to_owned()))
        .collect()
}

/// Words people use for device kinds in French, Dutch and English
/// (`beamer`, `vidéoprojecteur`, `portable`, ...), for suggestions only:
/// `word,kind,language`.
pub const KIND_SYNONYMS_CSV: &str = include_str!("../../../datasets/kind-synonyms.csv");

/// The kind a word usually means, from [`KIND_SYNONYMS_CSV`] (case and
/// `-`/`_` insensitive).
#[must_use]
pub fn kind_synonym(word: &str) -> Option<&'static str> {
    let norm = |s: &str| s.trim().to_lowercase().replace(['-', '_'], " ");
    let word = norm(word);
    KIND_SYNONYMS_CSV.lines().skip(1).find_map(|line| {
        let mut cells = line.split(',');
        let (w, kind) = (cells.next()?, cells.next()?);
        (norm(w) == word).then_some(kind)
    })
}

/// Illustrative municipal fleet (not real data).
pub const EXAMPLE_FLEET_CSV: &str = include_str!("../../../datasets/examples/municipal-fleet.csv");
/// Illustrative multi-criteria factor table (format example).
pub const EXAMPLE_FACTORS_CSV: &str =
    include_str!("../../../datasets/examples/factors-adpe-pe.csv");

/// The embedded dataset with this id (only the newest edition of each
/// dataset is embedded; older ones stay in the repository for history).
///
/// # Errors
///
/// [`Error::Dataset`] when no embedded dataset has this id.
pub fn embedded(id: &str) -> Result<EmbeddedDataset> {
    embedded_datasets()
        .into_iter()
        .filter(|d| d.info.id == id)
        .max_by_key(|d| edition_key(&d.info.edition))
        .ok_or_else(|| Error::dataset(id, 0, "not embedded"))
}

/// An identifier as written by people, in the catalog's form: trimmed,
/// lowercase, `-` and spaces read as `_` (`Monitor 22-24` gives
/// `monitor_22_24`).
fn identifier(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if c == '-' || c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// A device kind of a [`Catalog`], handed out by [`Catalog::kind_id`]. An id
/// from another catalog is refused by every look-up, never used blindly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KindId(u16);

impl KindId {
    /// The position of the kind in [`Catalog::archetypes`].
    #[must_use]
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a factor of the catalog came from.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    /// The archetype dataset (its row's `source`).
    Archetype,
    /// A factor table (position in `datasets`) and the row's citation.
    Table(usize, String),
}

#[derive(Debug, Clone, PartialEq)]
struct Valued {
    value: Estimate,
    origin: Origin,
    /// The distribution its table names for a Monte Carlo run (`None`: the
    /// run's).
    shape: Option<crate::uncertainty::Shape>,
}

/// Everything an assessment looks values up in: archetypes, grid intensities,
/// criteria and their factors, and the provenance of each.
#[derive(Debug, Clone)]
pub struct Catalog {
    archetypes: Vec<Archetype>,
    /// Per archetype, the position in `datasets` of the table it came from.
    archetype_datasets: Vec<usize>,
    grid: Grid,
    /// The direct (combustion) grid and its position in `datasets`.
    direct: Option<(Grid, usize)>,
    criteria: Vec<Criterion>,
    /// `[(criterion * kinds + kind) * 3 + embodied slot]`: per-device whole-life value.
    embodied: Vec<Option<Valued>>,
    /// Per criterion, per kWh; `None` for gwp (the grid) or missing data.
    electricity: Vec<Option<Valued>>,
    datasets: Vec<DatasetInfo>,
    usage_profiles: Vec<UsageProfile>,
}

/// Position of the grid dataset in [`Catalog::datasets`].
const GRID_DATASET: usize = 0;
/// Position of the archetype dataset in [`Catalog::datasets`].
const ARCHETYPE_DATASET: usize = 1;

static EMBEDDED: OnceLock<Result<Arc<Catalog>>> = OnceLock::new();

impl Catalog {
    /// The catalog of the embedded datasets (parsed once, then shared).
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] if an embedded table is corrupt (a test guarantees
    /// it is not).
    pub fn embedded() -> Result<Arc<Catalog>> {
        EMBEDDED
            .get_or_init(|| {
                let grid = embedded(GRID_DATASET_ID)?;
                let archetypes = embedded(ARCHETYPES_DATASET_ID)?;
                let profiles = embedded(USAGE_PROFILES_DATASET_ID)?;
                let direct = embedded(DIRECT_GRID_DATASET_ID)?;
                Catalog::from_tables(archetypes.text, archetypes.info, grid.text, grid.info)?
                    .with_usage_profiles(profiles.text, profiles.info)?
                    .with_direct_grid(direct.text, direct.info)
                    .map(Arc::new)
            })
            .clone()
    }

    /// A catalog from archetype and grid tables in the embedded formats.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] on a malformed table.
    pub fn from_tables(
        archetypes_csv: &str,
        archetypes_info: DatasetInfo,
        grid_csv: &str,
        grid_info: DatasetInfo,
    ) -> Result<Catalog> {
        let archetypes = parse_archetypes(&archetypes_info.id, archetypes_csv)?;
        if archetypes.len() > usize::from(u16::MAX) {
            return Err(Error::dataset(&archetypes_info.id, 0, "too many kinds"));
        }
        let grid = Grid::from_csv(&grid_info.id, grid_csv, Basis::LifeCycle)?;
        let criteria = Criterion::standard();
        let mut embodied = vec![None; criteria.len() * archetypes.len() * 3];
        for (slot, (a, value)) in embodied.iter_mut().zip(archetypes.iter().flat_map(|a| {
            Phase::EMBODIED
                .into_iter()
                .map(move |p| (a, a.embodied_gwp_in(p)))
        })) {
            *slot = value.map(|value| Valued {
                value,
                origin: Origin::Archetype,
                shape: a.distribution,
            });
        }
        Ok(Catalog {
            electricity: vec![None; criteria.len()],
            archetype_datasets: vec![ARCHETYPE_DATASET; archetypes.len()],
            archetypes,
            grid,
            direct: None,
            criteria,
            embodied,
            datasets: vec![grid_info, archetypes_info],
            usage_profiles: Vec::new(),
        })
    }

    /// Adds (or replaces) the usage profiles a device row may name.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] on a malformed table.
    pub fn with_usage_profiles(mut self, csv: &str, info: DatasetInfo) -> Result<Catalog> {
        self.usage_profiles = parse_usage_profiles(&info.id, csv)?;
        self.datasets.push(info);
        Ok(self)
    }

    /// Adds (or replaces) the direct (combustion) grid table, in the
    /// layout of the life-cycle one and with its zones (so a [`ZoneId`]
    /// names the same zone on both bases), listed in
    /// [`Catalog::datasets`] as `info`.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] on a malformed table or other zones.
    pub fn with_direct_grid(mut self, csv: &str, info: DatasetInfo) -> Result<Catalog> {
        let grid = Grid::from_csv(&info.id, csv, Basis::Direct)?;
        // The same zones in the same order: a zone id names the same zone
        // on both bases.
        if !grid
            .zones()
            .iter()
            .map(|z| &z.code)
            .eq(self.grid.zones().iter().map(|z| &z.code))
        {
            return Err(Error::dataset(
                &info.id,
                0,
                "the direct grid must list exactly the zones of the life-cycle grid",
            ));
        }
        self.direct = Some((grid, self.datasets.len()));
        self.datasets.push(info);
        Ok(self)
    }

    /// A user's own grid factors ([`GridFactorTable`]): each replaces the
    /// value of its zone and year in the grid of its basis, and is cited
    /// by every result that uses it ([`Catalog::grid_source`]); the table
    /// is listed in [`Catalog::datasets`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] at the row of a zone without grid data;
    /// [`Error::Dataset`] for a direct factor when the catalog has no
    /// direct grid.
    pub fn with_grid_factors(mut self, table: &GridFactorTable) -> Result<Catalog> {
        self.datasets.push(DatasetInfo::user(&table.name));
        for f in &table.factors {
            let grid = match f.basis {
                Basis::Direct => match self.direct.as_mut() {
                    Some((g, _)) => g,
                    None => {
                        return Err(Error::dataset(
                            &table.name,
                            f.at.line.unwrap_or(0),
                            "this catalog has no direct grid to take a direct factor",
                        ))
                    }
                },
                _ => &mut self.grid,
            };
            let zone = grid.zone_id(&f.zone, &f.at.clone().with_column("zone"))?;
            grid.set_user_factor(
                zone,
                f.year,
                EmissionFactor::from_g_per_kwh(f.g_per_kwh),
                table.name.clone(),
                f.citation(),
            )?;
        }
        Ok(self)
    }

    /// [`Catalog::with_grid_factors`] of a user grid-factor CSV named
    /// `name` ([`GridFactorTable::parse`]), as a new shared catalog.
    ///
    /// # Errors
    ///
    /// The table's errors (file, line, column) and those of
    /// [`Catalog::with_grid_factors`].
    pub fn with_grid_factors_csv(
        self: &Arc<Self>,
        name: &str,
        bytes: &[u8],
    ) -> Result<Arc<Catalog>> {
        let table = GridFactorTable::parse(name, bytes)?;
        Ok(Arc::new((**self).clone().with_grid_factors(&table)?))
    }

    /// The usage profiles (`office`, `school`, `always_on`, ...).
    #[must_use]
    pub fn usage_profiles(&self) -> &[UsageProfile] {
        &self.usage_profiles
    }

    /// The usage profile with this id (case-insensitive; `-` and spaces read as `_`).
    #[must_use]
    pub fn usage_profile(&self, name: &str) -> Option<&UsageProfile> {
        let norm = identifier(name);
        self.usage_profiles.iter().find(|p| p.profile == norm)
    }

    /// Adds (or overrides) factors from a user table. Its criteria join the
    /// catalog's; its values replace the defaults they name, in every
    /// computation (a `gwp` row replaces the archetype's default for the
    /// devices that do not give their own embodied footprint).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKind`] when the table was parsed against a catalog
    /// with other kinds.
    pub fn with_factors(mut self, table: &FactorTable) -> Result<Catalog> {
        let n = self.archetypes.len();
        let dataset = self.datasets.len();
        self.datasets.push(table.info.clone());
        for f in &table.factors {
            let c = match self.criteria.iter().position(|c| c.id == f.criterion.id) {
                Some(c) => c,
                None => {
                    self.criteria.push(f.criterion.clone());
                    self.embodied.resize(self.criteria.len() * n * 3, None);
                    self.electricity.push(None);
                    self.criteria.len() - 1
                }
            };
            let valued = Some(Valued {
                value: f.value,
                origin: Origin::Table(dataset, f.source.clone()),
                shape: f.distribution,
            });
            let slot = match (f.kind, f.phase.embodied_slot()) {
                (None, _) => self.electricity.get_mut(c),
                (Some(k), Some(s)) if k.index() < n => {
                    self.embodied.get_mut((c * n + k.index()) * 3 + s)
                }
                _ => None,
            };
            *slot.ok_or_else(|| Error::UnknownKind {
                at: Location::file(&table.info.id).with_column("kind"),
                kind: f
                    .kind
                    .map_or("electricity".into(), |k| format!("#{}", k.index())),
                suggestion: None,
            })? = valued;
        }
        Ok(self)
    }

    /// Adds the kinds of a user archetype table (see [`read_archetypes`]),
    /// listed in [`Catalog::datasets`] as `info`. A kind of the same name
    /// replaces the catalog's whole archetype, its gwp embodied values
    /// included (a factor table's gwp values for it are dropped; its values
    /// of other criteria are kept); a new kind joins the catalog, with no
    /// value for criteria other than gwp until a factor table gives them.
    /// [`Catalog::archetype_source`] then names `info`.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] when the catalog would exceed 65,535 kinds.
    pub fn with_archetypes(
        mut self,
        archetypes: Vec<Archetype>,
        info: DatasetInfo,
    ) -> Result<Catalog> {
        let dataset = self.datasets.len();
        let old_n = self.archetypes.len();
        let mut replaced = Vec::new();
        for a in archetypes {
            match self.archetypes.iter().position(|b| b.kind == a.kind) {
                Some(i) => {
                    if let (Some(slot), Some(d)) = (
                        self.archetypes.get_mut(i),
                        self.archetype_datasets.get_mut(i),
                    ) {
                        *slot = a;
                        *d = dataset;
                        replaced.push(i);
                    }
                }
                None => {
                    self.archetypes.push(a);
                    self.archetype_datasets.push(dataset);
                }
            }
        }
        let n = self.archetypes.len();
        if n > usize::from(u16::MAX) {
            return Err(Error::dataset(&info.id, 0, "too many kinds"));
        }
        self.datasets.push(info);
        // Layout `[(criterion * n + kind) * 3 + slot]`: rebuilt for the new n.
        let mut embodied = vec![None; self.criteria.len() * n * 3];
        for c in 0..self.criteria.len() {
            for k in 0..old_n {
                for s in 0..3 {
                    if let (Some(to), Some(from)) = (
                        embodied.get_mut((c * n + k) * 3 + s),
                        self.embodied.get_mut((c * old_n + k) * 3 + s),
                    ) {
                        *to = from.take();
                    }
                }
            }
        }
        for k in replaced.into_iter().chain(old_n..n) {
            let Some(a) = self.archetypes.get(k) else {
                continue;
            };
            for (s, phase) in Phase::EMBODIED.into_iter().enumerate() {
                if let Some(slot) = embodied.get_mut(k * 3 + s) {
                    *slot = a.embodied_gwp_in(phase).map(|value| Valued {
                        value,
                        origin: Origin::Archetype,
                        shape: a.distribution,
                    });
                }
            }
        }
        self.embodied = embodied;
        Ok(self)
    }

    /// This catalog with user tables `(name, bytes)` parsed and added in
    /// order (a later table wins): what every surface does with the tables
    /// a user gives (`--factors`, `factors=`, `options.factors`). A table
    /// whose header has [`ARCHETYPE_MARKERS`] (decided from the header
    /// alone, see [`is_archetype_table`]) is an archetype table
    /// ([`Catalog::with_archetypes`]); any other is a factor table
    /// ([`FactorTable`]).
    ///
    /// # Errors
    ///
    /// The first bad table's error, naming its file, line and column.
    pub fn with_factor_tables<'t>(
        self: Arc<Self>,
        tables: impl IntoIterator<Item = (&'t str, &'t [u8])>,
    ) -> Result<Arc<Catalog>> {
        let mut catalog = self;
        for (name, bytes) in tables {
            let next = if is_archetype_table(bytes) {
                let archetypes = read_archetypes(name, bytes)?;
                (*catalog)
                    .clone()
                    .with_archetypes(archetypes, DatasetInfo::user(name))?
            } else {
                let table = FactorTable::parse(name, bytes, &catalog)?;
                (*catalog).clone().with_factors(&table)?
            };
            catalog = Arc::new(next);
        }
        Ok(catalog)
    }

    /// The device archetypes, in dataset order ([`KindId::index`] order).
    #[must_use]
    pub fn archetypes(&self) -> &[Archetype] {
        &self.archetypes
    }

    /// Every kind with its archetype.
    pub fn kinds(&self) -> impl Iterator<Item = (KindId, &Archetype)> {
        self.archetypes
            .iter()
            .enumerate()
            .map(|(i, a)| (KindId(i as u16), a))
    }

    /// The archetype of a kind.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKind`] for an id of another catalog.
    pub fn archetype(&self, kind: KindId) -> Result<&Archetype> {
        self.archetypes
            .get(kind.index())
            .ok_or_else(|| Error::UnknownKind {
                at: Location::default().with_column("kind"),
                kind: format!("kind id {}", kind.index()),
                suggestion: None,
            })
    }

    /// The grid-intensity table (life-cycle).
    #[must_use]
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The electricity factor of a zone in `year` on `basis`, kg CO2e/kWh
    /// (a user's factor included): life-cycle, direct, or upstream =
    /// life-cycle − direct ([`crate::accounting::upstream_kg_per_kwh`]);
    /// `None` for an id of another grid, or direct and upstream without a
    /// direct grid.
    #[must_use]
    pub fn zone_factor(&self, zone: ZoneId, year: i32, basis: Basis) -> Option<f64> {
        let kg = |g: &Grid| g.intensity(zone, year).ok().map(|i| i.factor.kg_per_kwh());
        let direct = self.direct.as_ref().and_then(|(g, _)| kg(g));
        match basis {
            Basis::LifeCycle => kg(&self.grid),
            Basis::Direct => direct,
            Basis::Upstream => Some(crate::accounting::upstream_kg_per_kwh(
                kg(&self.grid)?,
                direct?,
            )),
        }
    }

    /// The intensities behind a zone's factor on `basis` (both grids for
    /// upstream), each with its basis and data year.
    #[must_use]
    pub fn zone_intensities(&self, zone: ZoneId, year: i32, basis: Basis) -> Vec<GridIntensity> {
        let bases: &[Basis] = match basis {
            Basis::Upstream => &[Basis::LifeCycle, Basis::Direct],
            Basis::Direct => &[Basis::Direct],
            Basis::LifeCycle => &[Basis::LifeCycle],
        };
        bases
            .iter()
            .filter_map(|&b| self.grid_of(b)?.intensity(zone, year).ok())
            .collect()
    }

    /// The grid of a basis: life-cycle always, direct when the catalog has
    /// one (the embedded catalog does); `None` for [`Basis::Upstream`],
    /// which is life-cycle minus direct.
    #[must_use]
    pub fn grid_of(&self, basis: Basis) -> Option<&Grid> {
        match basis {
            Basis::LifeCycle => Some(&self.grid),
            Basis::Direct => self.direct.as_ref().map(|(g, _)| g),
            Basis::Upstream => None,
        }
    }

    /// The criteria every assessment with this catalog reports; `gwp` first.
    #[must_use]
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// Provenance of every dataset in the catalog.
    #[must_use]
    pub fn datasets(&self) -> &[DatasetInfo] {
        &self.datasets
    }

    /// The id of a device kind (case-insensitive; `-` and spaces read as `_`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKind`] at `at`, with the closest kind.
    pub fn kind_id(&self, kind: &str, at: &impl Locate) -> Result<KindId> {
        let position = self.archetypes.iter().position(|a| a.kind == kind);
        let norm = identifier(kind);
        position
            .or_else(|| self.archetypes.iter().position(|a| a.kind == norm))
            .map(|i| KindId(i as u16))
            .ok_or_else(|| Error::UnknownKind {
                at: at.locate(),
                kind: crate::error::echo(kind),
                // A known word for a kind (FR, NL, EN) beats a look-alike.
                suggestion: kind_synonym(kind)
                    .filter(|k| self.archetypes.iter().any(|a| a.kind == *k))
                    .map(str::to_owned)
                    .or_else(|| closest(&norm, self.archetypes.iter().map(|a| a.kind.as_str()))),
            })
    }

    fn embodied_valued(&self, c: usize, kind: KindId, phase: Phase) -> Option<&Valued> {
        let n = self.archetypes.len();
        if kind.index() >= n {
            return None;
        }
        self.embodied
            .get((c * n + kind.index()) * 3 + phase.embodied_slot()?)?
            .as_ref()
    }

    /// Whole-life value of criterion `c` for one device of `kind` in an
    /// embodied phase, from a factor table or else the archetype; `None`
    /// when there is no data (or for [`Phase::Use`], or a foreign id).
    #[must_use]
    pub fn embodied(&self, c: usize, kind: KindId, phase: Phase) -> Option<Estimate> {
        self.embodied_valued(c, kind, phase).map(|v| v.value)
    }

    /// The distribution the table of [`Catalog::embodied`]'s value names for
    /// a Monte Carlo run (its `distribution` column); `None`: the run's.
    #[must_use]
    pub fn embodied_shape(
        &self,
        c: usize,
        kind: KindId,
        phase: Phase,
    ) -> Option<crate::uncertainty::Shape> {
        self.embodied_valued(c, kind, phase)?.shape
    }

    /// Use-phase factor of criterion `c` per kWh, when a factor table gives
    /// one; `None` for gwp, whose factor is the grid intensity.
    #[must_use]
    pub fn electricity_factor(&self, c: usize) -> Option<Estimate> {
        self.electricity.get(c)?.as_ref().map(|v| v.value)
    }

    fn source(&self, dataset: usize, item: String, reference: String) -> SourceUse {
        let (name, licence) = self
            .datasets
            .get(dataset)
            .map(|d| (format!("{} {}", d.id, d.edition), d.licence.clone()))
            .unwrap_or_default();
        SourceUse {
            item,
            dataset: name,
            reference,
            licence,
        }
    }

    /// The source of the archetype values of `kind` named in `fields`
    /// (`lifespan, annual energy`).
    #[must_use]
    pub fn archetype_source(&self, kind: KindId, fields: &str) -> Option<SourceUse> {
        let a = self.archetypes.get(kind.index())?;
        Some(self.source(
            *self.archetype_datasets.get(kind.index())?,
            format!("{}: {fields}", a.kind),
            a.source.clone(),
        ))
    }

    /// Whether the embodied value of criterion `c` for `kind` in `phase`
    /// comes from a factor table (rather than the archetype).
    #[must_use]
    pub fn embodied_from_table(&self, c: usize, kind: KindId, phase: Phase) -> bool {
        matches!(
            self.embodied_valued(c, kind, phase),
            Some(Valued {
                origin: Origin::Table(..),
                ..
            })
        )
    }

    /// The source of the factor-table value of criterion `c` for `kind` in
    /// `phase` (`None` when the value is the archetype's or missing).
    #[must_use]
    pub fn embodied_table_source(&self, c: usize, kind: KindId, phase: Phase) -> Option<SourceUse> {
        let Valued {
            origin: Origin::Table(d, reference),
            ..
        } = self.embodied_valued(c, kind, phase)?
        else {
            return None;
        };
        let a = self.archetypes.get(kind.index())?;
        let criterion = self.criteria.get(c)?;
        Some(self.source(
            *d,
            format!("{}: {} {}", a.kind, criterion.id, phase.id()),
            reference.clone(),
        ))
    }

    /// The source of the per-kWh factor of criterion `c`.
    #[must_use]
    pub fn electricity_source(&self, c: usize) -> Option<SourceUse> {
        let Valued {
            origin: Origin::Table(d, reference),
            ..
        } = self.electricity.get(c)?.as_ref()?
        else {
            return None;
        };
        Some(self.source(
            *d,
            format!("electricity: {} per kWh", self.criteria.get(c)?.id),
            reference.clone(),
        ))
    }

    /// The source of the grid intensity used for a zone, on the basis of
    /// `used` (its dataset, or the user's table and citation).
    #[must_use]
    pub fn grid_source(&self, zone: ZoneId, used: &GridIntensity) -> SourceUse {
        let (grid, dataset) = match (used.basis, &self.direct) {
            (Basis::Direct, Some((g, d))) => (g, *d),
            _ => (&self.grid, GRID_DATASET),
        };
        let code = grid.zone(zone).map_or("?", |z| z.code.as_str());
        let fallback = if used.data_year == used.requested_year {
            String::new()
        } else {
            format!(" (no data for {}; nearest year used)", used.requested_year)
        };
        let item = format!(
            "grid intensity {code} {} ({}): {:.1} gCO2e/kWh{fallback}",
            used.data_year,
            used.basis.id(),
            used.factor.g_per_kwh()
        );
        if let Some((table, citation)) = used
            .user_supplied
            .then(|| grid.user_citation(zone, used.requested_year))
            .flatten()
        {
            return SourceUse {
                item,
                dataset: format!("{table} user"),
                reference: citation.to_owned(),
                licence: "as supplied by the user".into(),
            };
        }
        let reference = self
            .datasets
            .get(dataset)
            .map(|d| d.attribution.clone())
            .unwrap_or_default();
        self.source(dataset, item, reference)
    }
}
