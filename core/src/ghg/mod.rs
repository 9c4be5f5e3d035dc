//! The organisation's GHG inventory for one reporting year (`empreinte
//! ghg`): its device fleet, optionally its data centre and the energy
//! instruments it bought, booked as the GHG Protocol asks (methodology
//! §16):
//!
//! - scope 1: refrigerant leaks and generator fuel of the data centre;
//! - scope 2, location-based (electricity × **direct** intensity) and
//!   market-based (the instruments, then the residual mix) side by side,
//!   for the fleet's electricity and the data centre's;
//! - scope 3 category 2: capital goods in their **acquisition** year
//!   (devices, data-centre equipment, building), categories 4 and 5 of the
//!   devices (transport, end of life), and category 3: electricity ×
//!   (life-cycle − direct), the upstream of purchased electricity;
//! - beside it, the **management view** (embodied amortised over lifespans
//!   and electricity on its life-cycle basis, as ADEME and Boavizta
//!   compute a footprint), which is NOT GHG Protocol scope 3.
//!
//! Per entity (the fleet's entities, the data centre) and per tenant of the
//! data centre. Every number comes from the engines (`fleet`,
//! `datacentre`) and `accounting`; this module only decides which inputs
//! and which groups.
//!
//! ```
//! let catalog = empreinte::Catalog::embedded().unwrap();
//! let inputs = empreinte::ghg::example(&catalog).unwrap();
//! let g = empreinte::ghg::assess(&inputs).unwrap();
//! let t = &g.total;
//! use empreinte::ghg::Item;
//! assert!(t.get(Item::Scope2Location) > 0.0);
//! // Scope 2 + category 3 is the electricity's life-cycle figure.
//! let sum = t.get(Item::Scope2Location) + t.get(Item::Category3);
//! assert!((sum - t.get(Item::ManagementUse)).abs() < 1e-6 * sum);
//! ```

pub mod montecarlo;
mod read;

pub use read::{read, read_given, with_grid_factors, Named, Sources, FILES};

use crate::accounting as acc;
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::datacentre::{self, Instruments};
use crate::error::{Error, Location, Result};
use crate::fleet::{self, GroupBy, Options};
use crate::grid::{Basis, ElectricityFigure};
use crate::inventory::Inventory;
use crate::note::Note;
use crate::quantity::criteria::GWP;
use crate::quantity::{Phase, Scope, Scope2Method};
use serde::Serialize;
use std::sync::Arc;

/// The illustrative organisation's energy instruments (NOT real data).
pub const EXAMPLE_INSTRUMENTS_CSV: &str =
    include_str!("../../../datasets/examples/organisation-instruments.csv");
/// The reporting year of the illustrative organisation (its data centre's
/// readings are of 2022).
pub const EXAMPLE_YEAR: i32 = 2022;

/// One line of the inventory (or of the management view beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// Scope 1: refrigerant leaks.
    Refrigerant,
    /// Scope 1: generator fuel burnt on site.
    GeneratorFuel,
    /// Scope 2 location-based: electricity × direct intensity.
    Scope2Location,
    /// Scope 2 market-based: instruments, then the residual mix.
    Scope2Market,
    /// Scope 3 category 2: capital goods acquired in the year.
    CapitalGoods,
    /// Scope 3 category 3: electricity × (life-cycle − direct).
    Category3,
    /// Scope 3 category 4: transport of the devices acquired in the year.
    Transport,
    /// Scope 3 category 5: end of life of the devices leaving in the year.
    EndOfLife,
    /// Management view: embodied amortised over the lifespans.
    ManagementEmbodied,
    /// Management view: electricity × life-cycle intensity.
    ManagementUse,
}

impl Item {
    /// Every item, in report order.
    pub const ALL: [Item; 10] = [
        Self::Refrigerant,
        Self::GeneratorFuel,
        Self::Scope2Location,
        Self::Scope2Market,
        Self::CapitalGoods,
        Self::Category3,
        Self::Transport,
        Self::EndOfLife,
        Self::ManagementEmbodied,
        Self::ManagementUse,
    ];

    /// The GHG Protocol scope, `None` for the management view.
    #[must_use]
    pub const fn scope(self) -> Option<Scope> {
        match self {
            Self::Refrigerant | Self::GeneratorFuel => Some(Scope::One),
            Self::Scope2Location => Some(Scope::Two(Scope2Method::LocationBased)),
            Self::Scope2Market => Some(Scope::Two(Scope2Method::MarketBased)),
            Self::CapitalGoods => Some(Scope::Three(2)),
            Self::Category3 => Some(Scope::Three(3)),
            Self::Transport => Some(Scope::Three(4)),
            Self::EndOfLife => Some(Scope::Three(5)),
            Self::ManagementEmbodied | Self::ManagementUse => None,
        }
    }

    /// The basis of an electricity figure (`None` for other items).
    #[must_use]
    pub const fn basis(self) -> Option<Basis> {
        match self {
            Self::Scope2Location | Self::Scope2Market => Some(Basis::Direct),
            Self::Category3 => Some(Basis::Upstream),
            Self::ManagementUse => Some(Basis::LifeCycle),
            _ => None,
        }
    }

    /// What is counted, in a few words.
    #[must_use]
    pub const fn what(self) -> &'static str {
        match self {
            Self::Refrigerant => "refrigerant leaks",
            Self::GeneratorFuel => "generator fuel",
            Self::Scope2Location | Self::Scope2Market | Self::Category3 => "purchased electricity",
            Self::CapitalGoods => {
                "capital goods acquired in the year (devices, data-centre equipment, building)"
            }
            Self::Transport => "transport of the devices acquired in the year",
            Self::EndOfLife => "end of life of the devices leaving in the year",
            Self::ManagementEmbodied => "embodied, amortised over the lifespans",
            Self::ManagementUse => "electricity",
        }
    }

    /// The label of every output, derived from scope, basis and what is
    /// counted, never written by hand.
    #[must_use]
    pub fn label(self) -> String {
        let head = match (self.scope(), self.basis()) {
            (scope, Some(basis)) => ElectricityFigure { scope, basis }.label(),
            (Some(scope), None) => scope.label(),
            (None, None) => "management view (amortised): NOT GHG Protocol scope 3".to_owned(),
        };
        format!("{head}: {}", self.what())
    }

    /// The column name, unit and basis in it (`scope2_location_based_direct_kgco2e`).
    #[must_use]
    pub fn column(self) -> String {
        let stem = match self {
            Self::Refrigerant => "scope1_refrigerant",
            Self::GeneratorFuel => "scope1_generator_fuel",
            Self::Scope2Location => "scope2_location_based",
            Self::Scope2Market => "scope2_market_based",
            Self::CapitalGoods => "scope3_cat2_capital_goods",
            Self::Category3 => "scope3_cat3",
            Self::Transport => "scope3_cat4_transport",
            Self::EndOfLife => "scope3_cat5_end_of_life",
            Self::ManagementEmbodied => "management_embodied_amortised",
            Self::ManagementUse => "management_use",
        };
        match self.basis() {
            Some(b) => format!("{stem}_{}_kgco2e", b.id()),
            None => format!("{stem}_kgco2e"),
        }
    }
}

/// The values of one entity, tenant or the organisation, kg CO2e per
/// [`Item`], and its electricity.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Grid electricity consumed in the year, kWh.
    pub electricity_kwh: f64,
    values: [f64; Item::ALL.len()],
}

impl Totals {
    /// The value of an item, kg CO2e.
    #[must_use]
    pub fn get(&self, item: Item) -> f64 {
        self.values.get(item as usize).copied().unwrap_or(0.0)
    }

    fn add(&mut self, item: Item, kg: f64) {
        if let Some(v) = self.values.get_mut(item as usize) {
            *v += kg;
        }
    }

    fn plus(&mut self, other: &Totals) {
        self.electricity_kwh += other.electricity_kwh;
        for item in Item::ALL {
            self.add(item, other.get(item));
        }
    }

    /// Scope 1, kg CO2e.
    #[must_use]
    pub fn scope1(&self) -> f64 {
        self.get(Item::Refrigerant) + self.get(Item::GeneratorFuel)
    }

    /// Scope 3 (categories 2, 3, 4, 5), kg CO2e.
    #[must_use]
    pub fn scope3(&self) -> f64 {
        [
            Item::CapitalGoods,
            Item::Category3,
            Item::Transport,
            Item::EndOfLife,
        ]
        .iter()
        .map(|&i| self.get(i))
        .sum()
    }

    /// Scopes 1 + 2 + 3 with scope 2 by `method`, kg CO2e.
    #[must_use]
    pub fn total(&self, method: Scope2Method) -> f64 {
        let s2 = match method {
            Scope2Method::LocationBased => self.get(Item::Scope2Location),
            Scope2Method::MarketBased => self.get(Item::Scope2Market),
        };
        self.scope1() + s2 + self.scope3()
    }

    /// The management view's total (amortised embodied + life-cycle
    /// electricity), kg CO2e: not a GHG Protocol figure.
    #[must_use]
    pub fn management(&self) -> f64 {
        self.get(Item::ManagementEmbodied) + self.get(Item::ManagementUse)
    }
}

/// What an organisation's GHG inventory reads.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The reporting year.
    pub year: i32,
    /// The catalog (datasets, the user's tables and grid factors).
    pub catalog: Arc<Catalog>,
    /// The device fleet (its electricity is estimated per device).
    pub fleet: Option<Inventory>,
    /// The organisation's energy instruments for the fleet's electricity
    /// (the data centre's are in its inputs).
    pub instruments: Option<Instruments>,
    /// The data centre (its electricity is metered; its equipment booked
    /// for the reporting year in both modes,
    /// [`datacentre::EquipmentEmbodied::add`]).
    pub datacentre: Option<datacentre::Inputs>,
}

/// An organisation's GHG inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct Ghg {
    /// The reporting year.
    pub year: i32,
    /// The organisation.
    pub total: Totals,
    /// Per entity: the fleet's, then the data centre (by its name).
    pub entities: Vec<(String, Totals)>,
    /// Per tenant of the data centre, then its unallocated capacity.
    pub tenants: Vec<(String, Totals)>,
    /// The data centre's hourly timing effect on the direct basis (hourly
    /// minus the same series' mean), kg CO2e: a memo, never in a total.
    pub timing_effect_kgco2e: Option<f64>,
    /// Fallbacks and gaps.
    pub notes: Vec<Note>,
    /// Where every value came from.
    pub sources: Vec<SourceUse>,
    /// The dataset editions behind the numbers.
    pub datasets: Vec<DatasetInfo>,
}

fn push_unique<T: PartialEq>(into: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    for i in items {
        if !into.contains(&i) {
            into.push(i);
        }
    }
}

/// The fleet: three runs of the fleet engine grouped by entity
/// (acquisition on the direct basis, acquisition on the upstream basis,
/// amortised on the life-cycle basis).
fn fleet_part(inventory: &Inventory, year: i32, g: &mut Ghg) -> Result<Vec<(String, Totals)>> {
    let by = GroupBy {
        entity: true,
        kind: false,
        phase: false,
    };
    let run = |mode, basis| -> Result<fleet::Assessment> {
        fleet::assess(inventory, Options::new(year, mode, by)?.with_basis(basis))
    };
    let direct = run(acc::Mode::Acquisition, Basis::Direct)?;
    let upstream = run(acc::Mode::Acquisition, Basis::Upstream)?;
    let managed = run(acc::Mode::Amortised, Basis::LifeCycle)?;
    let central = |p: &fleet::Phases, phase: Phase| p.get(phase).map_or(0.0, |e| e.central());
    let mut out: Vec<(String, Totals)> = Vec::new();
    for (a, (u, m)) in direct
        .groups
        .iter()
        .zip(upstream.groups.iter().zip(managed.groups.iter()))
    {
        let (Some(pa), Some(pu), Some(pm)) =
            (a.impacts.get(GWP), u.impacts.get(GWP), m.impacts.get(GWP))
        else {
            continue;
        };
        let mut t = Totals {
            // A fleet assessment needs every row's energy (missing: an error).
            electricity_kwh: a
                .use_energy_kwh
                .ok_or_else(|| Error::MissingValue {
                    at: Location::file("inventory").with_column("annual_energy_kwh"),
                })?
                .central(),
            ..Totals::default()
        };
        t.add(Item::Scope2Location, central(pa, Phase::Use));
        t.add(Item::CapitalGoods, central(pa, Phase::Manufacture));
        t.add(Item::Transport, central(pa, Phase::Transport));
        t.add(Item::EndOfLife, central(pa, Phase::EndOfLife));
        t.add(Item::Category3, central(pu, Phase::Use));
        t.add(Item::ManagementUse, central(pm, Phase::Use));
        for phase in Phase::EMBODIED {
            t.add(Item::ManagementEmbodied, central(pm, phase));
        }
        out.push((a.entity.clone().unwrap_or_default(), t));
    }
    for run in [&direct, &upstream, &managed] {
        push_unique(&mut g.notes, run.notes.iter().cloned());
        push_unique(&mut g.sources, run.sources.iter().cloned());
        push_unique(&mut g.datasets, run.datasets.iter().cloned());
    }
    Ok(out)
}

/// The fleet's market-based scope 2: the organisation's instruments, else
/// the location-based figure (noted).
fn fleet_market(
    instruments: Option<&Instruments>,
    entities: &mut [(String, Totals)],
    g: &mut Ghg,
) -> Result<()> {
    let kwh: f64 = entities.iter().map(|(_, t)| t.electricity_kwh).sum();
    let Some(ins) = instruments else {
        for (_, t) in entities.iter_mut() {
            let location = t.get(Item::Scope2Location);
            t.add(Item::Scope2Market, location);
        }
        if !entities.is_empty() {
            g.notes.push(Note {
                code: "market_based_fallback",
                message: "no instruments for the fleet's electricity: its market-based scope 2 is the location-based figure (the grid average, direct basis), a disclosed fallback; give the organisation's guarantees of origin, contracts and residual mix (--instruments) for the figure the GHG Protocol asks".into(),
            });
        }
        return Ok(());
    };
    // The reading notes of the instruments file (ignored columns, a
    // Windows-1252 decoding) are shown with the inventory.
    g.notes.extend(ins.notes.iter().cloned());
    let residual = ins.residual_mix_kg_per_kwh.ok_or_else(|| Error::InvalidOption {
        at: Location::file(&ins.source).with_column("instrument"),
        option: "residual_mix".into(),
        value: "(none)".into(),
        allowed: "a row `residual_mix` with factor_gco2e_per_kwh: market-based scope 2 needs the residual mix of the electricity no instrument covers".into(),
    })?;
    let mut covered = 0.0;
    let mut pairs = Vec::with_capacity(ins.items.len());
    for i in &ins.items {
        covered += i.kwh;
        if covered > kwh * (1.0 + 1e-12) {
            return Err(Error::OutOfRange {
                at: i.at.clone().with_column("kwh"),
                value: i.kwh,
                allowed: format!(
                    "instruments in all <= the fleet's electricity ({kwh} kWh); this one brings them to {covered} kWh"
                ),
            });
        }
        pairs.push((i.kwh, i.factor_kg_per_kwh));
    }
    let market = acc::scope2_market_kg(kwh, &pairs, residual);
    let weights: Vec<f64> = entities.iter().map(|(_, t)| t.electricity_kwh).collect();
    for ((_, t), part) in entities
        .iter_mut()
        .zip(acc::conserving_split(market, &weights))
    {
        t.add(Item::Scope2Market, part);
    }
    g.sources.push(SourceUse {
        item: format!(
            "{} energy instruments for the fleet, residual mix {:.1} gCO2e/kWh (allocated to the entities pro rata to their electricity)",
            ins.items.len(),
            residual * 1_000.0
        ),
        dataset: ins.source.clone(),
        reference: "supplied by the user".into(),
        licence: "as supplied by the user".into(),
    });
    Ok(())
}

/// The data centre: its engine's scopes 1 and 2 and category 3, its
/// equipment and building in their acquisition year, its management view,
/// and its tenants.
fn datacentre_part(
    inputs: &datacentre::Inputs,
    year: i32,
    catalog: &Arc<Catalog>,
    g: &mut Ghg,
) -> Result<(String, Totals)> {
    let d = datacentre::assess(inputs, catalog)?;
    if d.year != year {
        return Err(Error::InvalidOption {
            at: Location::option("year"),
            option: "year".into(),
            value: year.to_string(),
            allowed: format!(
                "the year of the data centre's readings ({}): one inventory covers one reporting year",
                d.year
            ),
        });
    }
    // The building in its acquisition year, for the period the readings
    // cover (the engine's one computation, whatever its mode).
    let building_acquired = d.scope3.building_acquisition_kgco2e.unwrap_or(0.0);
    let mut t = Totals {
        electricity_kwh: d.scope2.grid_kwh,
        ..Totals::default()
    };
    t.add(Item::Refrigerant, d.scope1.refrigerant_kgco2e);
    t.add(Item::GeneratorFuel, d.scope1.diesel_kgco2e);
    t.add(Item::Scope2Location, d.scope2.location_kgco2e);
    t.add(
        Item::Scope2Market,
        d.scope2.market_kgco2e.unwrap_or(d.scope2.location_kgco2e),
    );
    t.add(Item::Category3, d.scope2.upstream_kgco2e);
    let [manufacture, transport, end_of_life] = inputs
        .equipment
        .map_or([0.0; 3], |e| e.acquisition_phases_kgco2e);
    t.add(Item::CapitalGoods, manufacture + building_acquired);
    t.add(Item::Transport, transport);
    t.add(Item::EndOfLife, end_of_life);
    t.add(Item::ManagementEmbodied, d.scope3.total());
    t.add(Item::ManagementUse, d.scope2.life_cycle_kgco2e);
    if d.scope2.market_kgco2e.is_none() {
        g.notes.push(Note {
            code: "market_based_fallback",
            message: format!(
                "no instruments for the data centre {}: its market-based scope 2 is the location-based figure, a disclosed fallback",
                d.name
            ),
        });
    }
    g.timing_effect_kgco2e = d.scope2.timing_effect_kgco2e();
    // Tenants: energy items by the engine's energy key (its scope-2
    // split), capital goods (and their transport, end of life) by its
    // scope-3 key.
    let energy: Vec<f64> = d.tenants.iter().map(|x| x.scope2_location_kgco2e).collect();
    let capital: Vec<f64> = d.tenants.iter().map(|x| x.scope3_kgco2e).collect();
    let split = |item: Item, weights: &[f64]| acc::conserving_split(t.get(item), weights);
    let by_energy: Vec<(Item, Vec<f64>)> = [Item::Category3, Item::ManagementUse]
        .into_iter()
        .map(|i| (i, split(i, &energy)))
        .collect();
    let by_capacity: Vec<(Item, Vec<f64>)> = [Item::CapitalGoods, Item::Transport, Item::EndOfLife]
        .into_iter()
        .map(|i| (i, split(i, &capital)))
        .collect();
    for (n, tr) in d.tenants.iter().enumerate() {
        let mut x = Totals {
            electricity_kwh: tr.facility_kwh,
            ..Totals::default()
        };
        x.add(Item::Scope2Location, tr.scope2_location_kgco2e);
        x.add(
            Item::Scope2Market,
            tr.scope2_market_kgco2e.unwrap_or(tr.scope2_location_kgco2e),
        );
        x.add(Item::ManagementEmbodied, tr.scope3_kgco2e);
        // Scope 1 as the engine allocates it: its fuel, and the rest.
        x.add(Item::GeneratorFuel, tr.diesel_kgco2e);
        x.add(Item::Refrigerant, tr.scope1_kgco2e - tr.diesel_kgco2e);
        for (item, parts) in by_energy.iter().chain(&by_capacity) {
            x.add(*item, parts.get(n).copied().unwrap_or(0.0));
        }
        g.tenants.push((tr.name.clone(), x));
    }
    // The inventory books capital goods in their acquisition year and
    // shows the amortised figure as its management view, labelled so: the
    // data centre's own note on amortised scope 3 does not apply.
    push_unique(
        &mut g.notes,
        d.notes
            .iter()
            .filter(|n| n.code != "scope3_amortised")
            .cloned(),
    );
    push_unique(&mut g.sources, d.sources.iter().cloned());
    push_unique(&mut g.datasets, d.datasets.iter().cloned());
    Ok((d.name.clone(), t))
}

/// The organisation's GHG inventory of `inputs.year`.
///
/// # Errors
///
/// [`Error::EmptyInventory`] without a fleet and without a data centre; a
/// data centre whose readings are of another year
/// ([`Error::InvalidOption`], option `year`); instruments exceeding the
/// fleet's electricity ([`Error::OutOfRange`] at the instrument) or
/// without a residual mix ([`Error::InvalidOption`]); the engines' errors.
pub fn assess(inputs: &Inputs) -> Result<Ghg> {
    let mut g = Ghg {
        year: inputs.year,
        total: Totals::default(),
        entities: Vec::new(),
        tenants: Vec::new(),
        timing_effect_kgco2e: None,
        notes: Vec::new(),
        sources: Vec::new(),
        datasets: Vec::new(),
    };
    if inputs.fleet.is_none() && inputs.datacentre.is_none() {
        return Err(Error::EmptyInventory {
            at: Location::file("inventory"),
        });
    }
    let catalog = &inputs.catalog;
    if let Some(fleet) = &inputs.fleet {
        let mut entities = fleet_part(fleet, inputs.year, &mut g)?;
        fleet_market(inputs.instruments.as_ref(), &mut entities, &mut g)?;
        g.entities = entities;
    }
    if let Some(dc) = &inputs.datacentre {
        let part = datacentre_part(dc, inputs.year, catalog, &mut g)?;
        g.entities.push(part);
    }
    let mut total = Totals::default();
    for (_, t) in &g.entities {
        total.plus(t);
    }
    g.total = total;
    g.notes.push(Note {
        code: "category3_scope",
        message: "scope 3 category 3 counts the upstream of purchased electricity (life-cycle minus direct intensity); transmission and distribution losses are not estimated".into(),
    });
    Ok(g)
}

/// The embedded ILLUSTRATIVE organisation (NOT real data): the example
/// fleet, the organisation's example instruments and the example data
/// centre, reporting year [`EXAMPLE_YEAR`].
///
/// # Errors
///
/// Only if an embedded example is corrupt (a test guarantees it is not).
pub fn example(catalog: &Arc<Catalog>) -> Result<Inputs> {
    use crate::text::TextEncoding;
    let (fleet, _) = crate::inventory::read_all(
        "example fleet",
        crate::catalog::EXAMPLE_FLEET_CSV.as_bytes(),
        Inventory::new(catalog.clone(), None)?,
    )?;
    let instruments = datacentre::read_instruments(
        "example organisation instruments",
        EXAMPLE_INSTRUMENTS_CSV.as_bytes(),
        TextEncoding::Auto,
    )?;
    Ok(Inputs {
        year: EXAMPLE_YEAR,
        catalog: catalog.clone(),
        fleet: Some(fleet),
        instruments: Some(instruments),
        datacentre: Some(example_datacentre(catalog)?),
    })
}

/// The embedded illustrative data centre (`datacentre::example`, read by
/// [`datacentre::read_files`]), its tenants allocated `mix` (energy by
/// meter, capital goods by share).
///
/// # Errors
///
/// Only if an embedded example is corrupt.
pub fn example_datacentre(catalog: &Arc<Catalog>) -> Result<datacentre::Inputs> {
    let options = datacentre::FileOptions {
        allocation: Some("mix"),
        ..datacentre::FileOptions::default()
    };
    let (inputs, _) =
        datacentre::read_files(datacentre::Files::default(), &options, catalog, |_| {})?;
    Ok(inputs)
}
