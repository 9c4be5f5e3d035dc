//! Embedded datasets, their provenance, and the [`Catalog`] of factors an
//! assessment uses.

use crate::criteria::{Criterion, Phase};
use crate::device::{embodied_slot, parse_archetypes, Archetype};
use crate::error::{closest, Error, Locate, Result};
use crate::factors::FactorTable;
use crate::grid::{Grid, GridIntensity};
use crate::uncertainty::Estimate;
use serde::Serialize;
use std::sync::OnceLock;

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

/// A value (or group of values) used by a result, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceUse {
    /// What the value is (`laptop: embodied gwp, lifespan, annual energy`).
    pub item: String,
    /// Dataset id and edition.
    pub dataset: String,
    /// The citation behind the value.
    pub reference: String,
    /// Licence of the dataset.
    pub licence: String,
}

/// Grid intensity: edition 2025 of the Ember / OWID series.
pub const GRID_CSV: &str = include_str!("../../datasets/data/ember-owid/2025/grid_intensity.csv");
/// Device archetypes: edition 2026.11.
pub const ARCHETYPES_CSV: &str =
    include_str!("../../datasets/data/empreinte-archetypes/2026.11/archetypes.csv");
/// Illustrative municipal fleet (not real data).
pub const EXAMPLE_FLEET_CSV: &str = include_str!("../../datasets/examples/municipal-fleet.csv");
/// Illustrative multi-criteria factor table (format example).
pub const EXAMPLE_FACTORS_CSV: &str = include_str!("../../datasets/examples/factors-adpe-pe.csv");

/// The embedded datasets (also listed by `empreinte datasets`). Their hashes
/// are pinned: a test checks them against the files and `SOURCE.toml`.
#[must_use]
pub fn embedded_datasets() -> [DatasetInfo; 2] {
    [
        DatasetInfo {
            id: "ember-owid".into(),
            edition: "2025".into(),
            title: "Carbon intensity of electricity generation (life cycle), yearly, by country".into(),
            publisher: "Our World in Data, from Ember and the Energy Institute".into(),
            url: "https://ourworldindata.org/grapher/carbon-intensity-electricity".into(),
            licence: "CC BY 4.0".into(),
            attribution: "Ember (2025); Energy Institute - Statistical Review of World Energy (2025) - with major processing by Our World in Data".into(),
            sha256: GRID_SHA256.into(),
        },
        DatasetInfo {
            id: "empreinte-archetypes".into(),
            edition: "2026.11".into(),
            title: "Default footprint, lifespan and energy of device kinds".into(),
            publisher: "empreinte contributors, from Boavizta environmental-footprint-data and cited studies".into(),
            url: "https://github.com/Boavizta/environmental-footprint-data".into(),
            licence: "ODbL 1.0".into(),
            attribution: "Boavizta environmental-footprint-data; empreinte contributors".into(),
            sha256: ARCHETYPES_SHA256.into(),
        },
    ]
}

/// Pinned SHA-256 of [`GRID_CSV`].
pub const GRID_SHA256: &str = "64b7b6fed6c7a74ec465abcca32439b775508268f342dd24ee66348e3bb48967";
/// Pinned SHA-256 of [`ARCHETYPES_CSV`].
pub const ARCHETYPES_SHA256: &str =
    "ea2002a18e3c2efa9a5adf49d391c0f71e20a13824f93eb9300c26d1d05f12a6";

/// Everything an assessment looks values up in: archetypes, grid intensities,
/// criteria and their factors, and the provenance of each.
#[derive(Debug, Clone)]
pub struct Catalog {
    archetypes: Vec<Archetype>,
    grid: Grid,
    criteria: Vec<Criterion>,
    /// `[(criterion * kinds + kind) * 3 + embodied slot]`: per-device whole-life value.
    embodied: Vec<Option<Estimate>>,
    embodied_source: Vec<Option<(usize, String)>>,
    /// Per criterion, per kWh; `None` for gwp (the grid) or missing data.
    electricity: Vec<Option<(Estimate, usize, String)>>,
    datasets: Vec<DatasetInfo>,
}

/// Position of the grid dataset in [`Catalog::datasets`].
const GRID_DATASET: usize = 0;
/// Position of the archetype dataset in [`Catalog::datasets`].
const ARCHETYPE_DATASET: usize = 1;

static EMBEDDED: OnceLock<Result<Catalog>> = OnceLock::new();

impl Catalog {
    /// The catalog of the embedded datasets (parsed once).
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] if an embedded table is corrupt (a test guarantees
    /// it is not).
    pub fn embedded() -> Result<&'static Catalog> {
        EMBEDDED
            .get_or_init(|| {
                let [grid, archetypes] = embedded_datasets();
                Catalog::from_tables(ARCHETYPES_CSV, archetypes, GRID_CSV, grid)
            })
            .as_ref()
            .map_err(Clone::clone)
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
        let archetypes = parse_archetypes("empreinte-archetypes", archetypes_csv)?;
        let grid = Grid::from_csv("ember-owid", grid_csv)?;
        let criteria = Criterion::standard();
        let n = archetypes.len();
        let mut embodied = vec![None; criteria.len() * n * 3];
        for (k, a) in archetypes.iter().enumerate() {
            for (slot, share) in a.shares.iter().enumerate() {
                embodied[k * 3 + slot] = Some(a.embodied_gwp_kgco2e.scale(*share));
            }
        }
        Ok(Catalog {
            embodied_source: vec![None; embodied.len()],
            electricity: vec![None; criteria.len()],
            archetypes,
            grid,
            criteria,
            embodied,
            datasets: vec![grid_info, archetypes_info],
        })
    }

    /// Adds (or overrides) factors from a user table. Its criteria join the
    /// catalog's; its values replace the defaults they name.
    #[must_use]
    pub fn with_factors(mut self, table: &FactorTable) -> Catalog {
        let n = self.archetypes.len();
        let dataset = self.datasets.len();
        self.datasets.push(table.info.clone());
        for f in &table.factors {
            let c = match self.criteria.iter().position(|c| c.id == f.criterion.id) {
                Some(c) => c,
                None => {
                    self.criteria.push(f.criterion.clone());
                    self.embodied.resize(self.criteria.len() * n * 3, None);
                    self.embodied_source.resize(self.embodied.len(), None);
                    self.electricity.push(None);
                    self.criteria.len() - 1
                }
            };
            match f.kind {
                None => self.electricity[c] = Some((f.value, dataset, f.source.clone())),
                Some(k) => {
                    let i = (c * n + k) * 3 + embodied_slot(f.phase);
                    self.embodied[i] = Some(f.value);
                    self.embodied_source[i] = Some((dataset, f.source.clone()));
                }
            }
        }
        self
    }

    /// The device archetypes, in dataset order (an inventory's kind indices
    /// refer to this order).
    #[must_use]
    pub fn archetypes(&self) -> &[Archetype] {
        &self.archetypes
    }

    /// The grid-intensity table.
    #[must_use]
    pub fn grid(&self) -> &Grid {
        &self.grid
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

    /// Index of a device kind (case-insensitive; `-` and spaces read as `_`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKind`] at `at`, with the closest kind.
    pub fn kind_index(&self, kind: &str, at: &impl Locate) -> Result<usize> {
        if let Some(i) = self.archetypes.iter().position(|a| a.kind == kind) {
            return Ok(i);
        }
        let norm: String = kind
            .trim()
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        self.archetypes
            .iter()
            .position(|a| a.kind == norm)
            .ok_or_else(|| Error::UnknownKind {
                at: at.locate(),
                kind: kind.into(),
                suggestion: closest(&norm, self.archetypes.iter().map(|a| a.kind.as_str())),
            })
    }

    /// Whole-life value of criterion `c` for one device of kind `k` in an
    /// embodied phase; `None` when there is no data (or for [`Phase::Use`]).
    #[must_use]
    pub fn embodied(&self, c: usize, k: usize, phase: Phase) -> Option<Estimate> {
        if phase == Phase::Use {
            return None;
        }
        self.embodied[(c * self.archetypes.len() + k) * 3 + embodied_slot(phase)]
    }

    /// Use-phase factor of criterion `c` per kWh, when a factor table gives
    /// one; `None` for gwp, whose factor is the grid intensity.
    #[must_use]
    pub fn electricity_factor(&self, c: usize) -> Option<Estimate> {
        self.electricity
            .get(c)
            .and_then(|e| e.as_ref().map(|(v, _, _)| *v))
    }

    /// The sources of every default of kind `k`, for every criterion.
    #[must_use]
    pub fn kind_sources(&self, k: usize) -> Vec<SourceUse> {
        let a = &self.archetypes[k];
        let archetype_ds = &self.datasets[ARCHETYPE_DATASET];
        let mut out = vec![SourceUse {
            item: format!(
                "{}: embodied gwp, phase shares, lifespan, annual energy",
                a.kind
            ),
            dataset: format!("{} {}", archetype_ds.id, archetype_ds.edition),
            reference: a.source.clone(),
            licence: archetype_ds.licence.clone(),
        }];
        let n = self.archetypes.len();
        for (c, criterion) in self.criteria.iter().enumerate() {
            for phase in Phase::EMBODIED {
                if let Some((d, src)) =
                    &self.embodied_source[(c * n + k) * 3 + embodied_slot(phase)]
                {
                    let ds = &self.datasets[*d];
                    out.push(SourceUse {
                        item: format!("{}: {} {}", a.kind, criterion.id, phase.id()),
                        dataset: format!("{} {}", ds.id, ds.edition),
                        reference: src.clone(),
                        licence: ds.licence.clone(),
                    });
                }
            }
        }
        out
    }

    /// The source of the use-phase factors of every criterion for zone `z`.
    #[must_use]
    pub fn grid_source(&self, z: usize, used: &GridIntensity) -> SourceUse {
        let ds = &self.datasets[GRID_DATASET];
        let zone = &self.grid.zones()[z];
        let fallback = if used.data_year == used.requested_year {
            String::new()
        } else {
            format!(" (no data for {}; nearest year used)", used.requested_year)
        };
        SourceUse {
            item: format!(
                "grid intensity {} {}: {:.1} gCO2e/kWh{fallback}",
                zone.code,
                used.data_year,
                used.factor.g_per_kwh()
            ),
            dataset: format!("{} {}", ds.id, ds.edition),
            reference: ds.attribution.clone(),
            licence: ds.licence.clone(),
        }
    }

    /// The sources of the per-kWh factors of criteria other than gwp.
    #[must_use]
    pub fn electricity_sources(&self) -> Vec<SourceUse> {
        self.electricity
            .iter()
            .enumerate()
            .filter_map(|(c, e)| {
                let (_, d, src) = e.as_ref()?;
                let ds = &self.datasets[*d];
                Some(SourceUse {
                    item: format!("electricity: {} per kWh", self.criteria[c].id),
                    dataset: format!("{} {}", ds.id, ds.edition),
                    reference: src.clone(),
                    licence: ds.licence.clone(),
                })
            })
            .collect()
    }
}
