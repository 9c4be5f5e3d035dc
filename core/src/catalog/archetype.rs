//! Device archetypes (default footprint of a kind of device) and the life-cycle
//! footprint of a single device.

use crate::criteria::{Criterion, Phase, GWP};
use crate::datasets::{Catalog, SourceUse};
use crate::error::{Error, Location, Result};
use crate::grid::GridIntensity;
use crate::uncertainty::Estimate;
use serde::{Deserialize, Serialize};

/// How much a default can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    /// Many manufacturer sheets; p10-p90 interval.
    High,
    /// A few sheets; min-max interval widened.
    Medium,
    /// A proxy or a single published figure; wide interval.
    Low,
}

/// The defaults of one kind of device, with their source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Archetype {
    /// Identifier used in inventories (`laptop`, `monitor_22_24`, ...).
    pub kind: String,
    /// Human-readable label.
    pub label: String,
    /// Default lifespan, years.
    pub lifespan_years: f64,
    /// Default electricity use per device per year, kWh.
    pub annual_energy_kwh: Estimate,
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
}

#[derive(Deserialize)]
struct ArchetypeRow {
    kind: String,
    label: String,
    lifespan_years: f64,
    annual_energy_kwh: f64,
    annual_energy_kwh_low: f64,
    annual_energy_kwh_high: f64,
    embodied_gwp_kgco2e: f64,
    embodied_gwp_kgco2e_low: f64,
    embodied_gwp_kgco2e_high: f64,
    share_manufacture: f64,
    share_transport: f64,
    share_end_of_life: f64,
    sample_size: u32,
    quality: Quality,
    method: String,
    source: String,
}

/// Parses the archetype table (format in `datasets/README.md`).
///
/// # Errors
///
/// [`Error::Dataset`] on a malformed row, a bad interval or shares that do
/// not sum to 1.
pub fn parse_archetypes(dataset: &str, text: &str) -> Result<Vec<Archetype>> {
    let bad = |line: usize, message: String| Error::Dataset {
        dataset: dataset.into(),
        message: format!("line {line}: {message}"),
    };
    let mut out: Vec<Archetype> = Vec::new();
    for (i, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<ArchetypeRow>()
        .enumerate()
    {
        let line = i + 2;
        let r = row.map_err(|e| bad(line, e.to_string()))?;
        let energy = Estimate::new(
            r.annual_energy_kwh,
            r.annual_energy_kwh_low,
            r.annual_energy_kwh_high,
        )
        .map_err(|e| bad(line, format!("annual energy: {e:?}")))?;
        let embodied = Estimate::new(
            r.embodied_gwp_kgco2e,
            r.embodied_gwp_kgco2e_low,
            r.embodied_gwp_kgco2e_high,
        )
        .map_err(|e| bad(line, format!("embodied: {e:?}")))?;
        let shares = [r.share_manufacture, r.share_transport, r.share_end_of_life];
        if shares.iter().any(|s| !(0.0..=1.0).contains(s))
            || (shares.iter().sum::<f64>() - 1.0).abs() > 1e-6
        {
            return Err(bad(line, "shares must be in [0, 1] and sum to 1".into()));
        }
        if !(r.lifespan_years > 0.0 && r.lifespan_years <= 50.0) {
            return Err(bad(line, "lifespan out of (0, 50]".into()));
        }
        if out.iter().any(|a| a.kind == r.kind) {
            return Err(bad(line, format!("duplicate kind `{}`", r.kind)));
        }
        out.push(Archetype {
            kind: r.kind,
            label: r.label,
            lifespan_years: r.lifespan_years,
            annual_energy_kwh: energy,
            embodied_gwp_kgco2e: embodied,
            shares,
            sample_size: r.sample_size,
            quality: r.quality,
            method: r.method,
            source: r.source,
        });
    }
    Ok(out)
}

/// One device to assess over its whole life. Unset fields use the
/// archetype's defaults.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DeviceSpec {
    /// Device kind (archetype id).
    pub kind: String,
    /// Country or zone of use (grid intensity).
    pub country: String,
    /// Year whose grid intensity applies to the use phase.
    pub year: i32,
    /// Lifespan, years.
    pub lifespan_years: Option<f64>,
    /// Electricity per year, kWh.
    pub annual_energy_kwh: Option<f64>,
    /// Manufacturer's embodied footprint (all phases but use), kg CO2e.
    pub embodied_gwp_kgco2e: Option<f64>,
}

/// The footprint of one criterion over a device's life.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionFootprint {
    /// The criterion (its unit applies to every value here).
    pub criterion: Criterion,
    /// Whole-life footprint per phase, in [`Phase::ALL`] order; `None` when
    /// the criterion has no data for that phase.
    pub lifetime: [Option<Estimate>; 4],
    /// Whole-life total; `None` when a phase is missing.
    pub lifetime_total: Option<Estimate>,
    /// Whole-life total divided by the lifespan (per year of service).
    pub per_year: Option<Estimate>,
}

/// The life-cycle footprint of one device.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceFootprint {
    /// Device kind.
    pub kind: String,
    /// Lifespan used, years.
    pub lifespan_years: f64,
    /// Electricity per year used, kWh.
    pub annual_energy_kwh: Estimate,
    /// Grid intensity used for the use phase.
    pub grid: GridIntensity,
    /// One entry per criterion of the catalog.
    pub criteria: Vec<CriterionFootprint>,
    /// Where every default came from.
    pub sources: Vec<SourceUse>,
}

/// The whole-life footprint of one device, per criterion and phase.
///
/// ```
/// use empreinte::{device::{footprint, DeviceSpec}, Catalog};
/// let catalog = Catalog::embedded()?;
/// let spec = DeviceSpec { kind: "laptop".into(), country: "BE".into(), year: 2023, ..Default::default() };
/// let fp = footprint(catalog, &spec)?;
/// let gwp = &fp.criteria[0];
/// assert_eq!(gwp.criterion.id, "gwp");
/// let total = gwp.lifetime_total.unwrap();
/// assert!(total.low <= total.central && total.central <= total.high);
/// # Ok::<(), empreinte::Error>(())
/// ```
///
/// # Errors
///
/// Unknown kind or country, or an out-of-range override.
pub fn footprint(catalog: &Catalog, spec: &DeviceSpec) -> Result<DeviceFootprint> {
    let at = Location::row("device", 0);
    let k = catalog.kind_index(&spec.kind, &at.clone().with_column("kind"))?;
    let z = catalog
        .grid()
        .zone_index(&spec.country, &at.clone().with_column("country"))?;
    crate::inventory::check_year(spec.year as f64, &at.clone().with_column("year"))?;
    let arch = &catalog.archetypes()[k];
    use crate::inventory::{check_range, MAX_LIFESPAN_YEARS, MAX_PER_DEVICE};
    let checked = |v: Option<f64>, col: &str, lo_inclusive: bool, max: f64| {
        v.map(|x| check_range(x, &at.clone().with_column(col), 0.0, lo_inclusive, max))
            .transpose()
    };
    let lifespan = checked(
        spec.lifespan_years,
        "lifespan_years",
        false,
        MAX_LIFESPAN_YEARS,
    )?
    .unwrap_or(arch.lifespan_years);
    let energy = checked(
        spec.annual_energy_kwh,
        "annual_energy_kwh",
        true,
        MAX_PER_DEVICE,
    )?
    .map_or(arch.annual_energy_kwh, Estimate::exact);
    let embodied_override = checked(
        spec.embodied_gwp_kgco2e,
        "embodied_gwp_kgco2e",
        true,
        MAX_PER_DEVICE,
    )?
    .map(Estimate::exact);
    let grid = catalog.grid().intensity_at(z, spec.year);
    let use_energy = energy.scale(lifespan);
    let criteria = catalog
        .criteria()
        .iter()
        .enumerate()
        .map(|(c, criterion)| {
            let mut lifetime = [None; 4];
            for (slot, phase) in Phase::ALL.into_iter().enumerate() {
                lifetime[slot] = match phase {
                    Phase::Use => catalog
                        .electricity_factor(c)
                        .or_else(|| (c == GWP).then(|| Estimate::exact(grid.factor.kg_per_kwh())))
                        .map(|f| use_energy * f),
                    _ => match (c, embodied_override) {
                        (GWP, Some(total)) => Some(total.scale(arch.shares[embodied_slot(phase)])),
                        _ => catalog.embodied(c, k, phase),
                    },
                };
            }
            let lifetime_total = lifetime
                .iter()
                .try_fold(Estimate::ZERO, |acc, p| p.map(|p| acc + p));
            CriterionFootprint {
                criterion: criterion.clone(),
                lifetime,
                lifetime_total,
                per_year: lifetime_total.map(|t| t.scale(1.0 / lifespan)),
            }
        })
        .collect();
    let mut sources = catalog.kind_sources(k);
    sources.push(catalog.grid_source(z, &grid));
    Ok(DeviceFootprint {
        kind: arch.kind.clone(),
        lifespan_years: lifespan,
        annual_energy_kwh: energy,
        grid,
        criteria,
        sources,
    })
}

/// Position of an embodied phase in [`Archetype::shares`].
#[must_use]
pub(crate) fn embodied_slot(phase: Phase) -> usize {
    match phase {
        Phase::Manufacture => 0,
        Phase::Transport => 1,
        Phase::EndOfLife | Phase::Use => 2,
    }
}

impl DeviceFootprint {
    /// The footprint as a one-row table: `kind`, `lifespan_years`,
    /// `annual_energy_kwh{,_low,_high}`, `grid_gco2e_per_kwh`, `grid_year`,
    /// then per criterion `<criterion>_<phase>_<unit>` (whole life, phases and
    /// `total`) and `<criterion>_per_year_<unit>`, each with `_low`/`_high`.
    #[must_use]
    pub fn table(&self) -> crate::report::Table {
        use crate::report::{Column, ColumnValues};
        let num = |name: String, v: Option<f64>| Column {
            name,
            values: ColumnValues::Number(vec![v]),
        };
        let mut columns = vec![
            Column {
                name: "kind".into(),
                values: ColumnValues::Text(vec![self.kind.clone()]),
            },
            num("lifespan_years".into(), Some(self.lifespan_years)),
        ];
        let mut est = |name: String, e: Option<Estimate>| {
            columns.push(num(name.clone(), e.map(|e| e.central)));
            columns.push(num(format!("{name}_low"), e.map(|e| e.low)));
            columns.push(num(format!("{name}_high"), e.map(|e| e.high)));
        };
        est("annual_energy_kwh".into(), Some(self.annual_energy_kwh));
        for c in &self.criteria {
            let (id, unit) = (&c.criterion.id, &c.criterion.unit);
            for (phase, v) in Phase::ALL.iter().zip(c.lifetime) {
                est(format!("{id}_{}_{unit}", phase.id()), v);
            }
            est(format!("{id}_total_{unit}"), c.lifetime_total);
            est(format!("{id}_per_year_{unit}"), c.per_year);
        }
        columns.push(num(
            "grid_gco2e_per_kwh".into(),
            Some(self.grid.factor.g_per_kwh()),
        ));
        columns.push(num(
            "grid_year".into(),
            Some(f64::from(self.grid.data_year)),
        ));
        crate::report::Table { columns }
    }
}
