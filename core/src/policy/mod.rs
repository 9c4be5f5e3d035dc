//! Fleet policies over the years: a stock-and-flow simulation by vintage
//! (lifespan per kind, replacement rule, growth, refurbished purchases,
//! donation and second life, efficiency trend, grid trajectory), policies
//! compared against a reduction trajectory, extend-or-replace verdicts and
//! tender scoring. Every formula is in [`crate::accounting`]
//! (methodology §13); this module decides which cohorts, which years and
//! which values.
//!
//! Plain structs in ([`Policy`], an [`Inventory`], [`Bid`]s), results out
//! ([`PolicyResult`], [`Comparison`], [`TenderResult`]); the report layer
//! turns each into a `Report`.
//!
//! ```
//! use empreinte::policy::{simulate, Policy, REFERENCE_SCENARIOS};
//! use empreinte::{Catalog, Inventory};
//! let scenario = &REFERENCE_SCENARIOS[0];
//! let inventory = scenario.inventory(Catalog::embedded()?)?;
//! let policy = Policy { name: "4 years".into(), ..Policy::default() };
//! let result = simulate(&inventory, &policy)?;
//! assert_eq!(result.years.first(), Some(&2021));
//! # Ok::<(), empreinte::Error>(())
//! ```

mod extend;
mod file;
mod montecarlo;
mod names;
mod result;
mod run;
mod simulate;
mod tender;

pub use extend::{extend_or_replace, ExtendOrReplace, HORIZON_YEARS};
pub use file::policy_file_value;
pub use montecarlo::{compare_monte_carlo, McComparator, McComparison, McComparisonRow};
pub use result::{
    Comparison, ComparisonRow, GroupYears, PolicyResult, SecondLifeYear, YearFigures,
};
pub use simulate::{compare, simulate, Simulator};
pub use tender::{
    parse_bids, score_bids, Bid, TenderOptions, TenderResult, TenderRow, BID_COLUMNS,
};

use crate::accounting::Mode;
use crate::catalog::Catalog;
use crate::error::{closest, echo, Error, Location, Result};
use crate::inventory::{read_csv, Inventory};
use crate::quantity::bounds::{check_lifespan, check_range, check_year};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What happens to a donated device's embodied footprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DonationRule {
    /// GHG Protocol cut-off (default): the donor books its embodied
    /// footprint as it always did; the recipient's second life is its use
    /// plus any refurbishment, reported separately.
    #[default]
    CutOff,
    /// Embodied footprint split by years of service: the donor books
    /// `S1 / (S1 + S2)` of it, the recipient the rest over its second life.
    ServiceYears,
}

impl DonationRule {
    /// The identifier used in policy files and results.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::CutOff => "cut_off",
            Self::ServiceYears => "service_years",
        }
    }
}

/// A fleet policy. Percentages are in percent (`10` = 10 %); lifespans in
/// years; maps are keyed by device kind. Unset fields keep the defaults of
/// [`Policy::default`] (like for like, nothing refurbished or donated, no
/// growth, no efficiency trend, the grid's last published year kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Name shown in results (the scenario).
    pub name: String,
    /// What the policy is, in words (labelled illustrative for the
    /// embedded scenarios).
    pub description: String,
    /// First simulated year.
    pub start_year: i32,
    /// Last simulated year.
    pub end_year: i32,
    /// Accounting of embodied impacts in `total_kgco2e` (both modes are
    /// always reported).
    pub mode: Mode,
    /// Years of service (first life) per kind; a kind not named keeps each
    /// inventory line's lifespan.
    pub lifespan_years: BTreeMap<String, f64>,
    /// Amortisation period per kind, years; default the inventory line's
    /// lifespan (the archetype's for new purchases). Devices kept longer
    /// are "beyond amortisation".
    pub amortisation_years: BTreeMap<String, f64>,
    /// Replacement rule per replaced kind: the kinds bought instead, in
    /// percent (summing to 100). A kind not named is replaced like for like.
    pub replacement_mix: BTreeMap<String, BTreeMap<String, f64>>,
    /// Fleet growth, percent of the previous year's stock a year (may be
    /// negative).
    pub growth_pct_per_year: f64,
    /// Share of purchases bought refurbished, percent.
    pub refurbished_pct: f64,
    /// Embodied footprint of a refurbished device, percent of a new one's.
    pub refurbished_embodied_pct: f64,
    /// Share of devices donated at the end of their first life, percent.
    pub donated_pct: f64,
    /// Length of the second life of donated devices, years.
    pub second_life_years: f64,
    /// Refurbishment before donation, kg CO2e per donated device (booked
    /// with the recipient's second life).
    pub refurbishment_kgco2e: f64,
    /// Who books a donated device's embodied footprint.
    pub donation_rule: DonationRule,
    /// Share of recipients who would otherwise have bought a new device,
    /// percent (avoided emissions, a memo item).
    pub substitution_pct: f64,
    /// Electricity of new devices, percent less a year (from the start year).
    pub efficiency_gain_pct_per_year: f64,
    /// Efficiency gain of a replacement in the extend-or-replace table, percent.
    pub replacement_efficiency_gain_pct: f64,
    /// Grid intensity after the last published year, percent less a year.
    pub grid_decline_pct_per_year: f64,
    /// Base year of the reduction trajectory (default: the start year).
    pub trajectory_base_year: Option<i32>,
    /// Reduction of the trajectory, percent a year.
    pub trajectory_pct_per_year: f64,
    /// Whether the horizon comes from the inventory: set when a policy file
    /// or object names no `start_year`. The simulation then starts in the
    /// inventory's last purchase year, so that every device listed is in
    /// the starting fleet, and ends `end_year` (when named) or as many years
    /// later as the default horizon spans; noted.
    #[serde(skip)]
    pub horizon_from_inventory: bool,
    /// With [`Policy::horizon_from_inventory`]: whether `end_year` was
    /// named (kept) or follows the start year.
    #[serde(skip)]
    pub end_year_named: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            name: "policy".into(),
            description: String::new(),
            start_year: 2021,
            end_year: 2030,
            mode: Mode::Amortised,
            lifespan_years: BTreeMap::new(),
            amortisation_years: BTreeMap::new(),
            replacement_mix: BTreeMap::new(),
            growth_pct_per_year: 0.0,
            refurbished_pct: 0.0,
            refurbished_embodied_pct: 20.0,
            donated_pct: 0.0,
            second_life_years: 3.0,
            refurbishment_kgco2e: 0.0,
            donation_rule: DonationRule::CutOff,
            substitution_pct: 50.0,
            efficiency_gain_pct_per_year: 0.0,
            replacement_efficiency_gain_pct: 10.0,
            grid_decline_pct_per_year: 0.0,
            trajectory_base_year: None,
            trajectory_pct_per_year: 5.0,
            horizon_from_inventory: false,
            end_year_named: false,
        }
    }
}

/// The keys of a policy file, in documentation order.
pub const POLICY_KEYS: [&str; 22] = [
    "name",
    "description",
    "start_year",
    "end_year",
    "mode",
    "lifespan_years",
    "amortisation_years",
    "replacement_mix",
    "growth_pct_per_year",
    "refurbished_pct",
    "refurbished_embodied_pct",
    "donated_pct",
    "second_life_years",
    "refurbishment_kgco2e",
    "donation_rule",
    "substitution_pct",
    "efficiency_gain_pct_per_year",
    "replacement_efficiency_gain_pct",
    "grid_decline_pct_per_year",
    "trajectory_base_year",
    "trajectory_pct_per_year",
    "$schema",
];

/// The kinds named in one table of a policy: a kind written twice (`Laptop`
/// and `laptop` name the same kind) is refused, whatever the order.
#[derive(Default)]
struct KindsOnce<'a>(std::collections::HashMap<crate::catalog::KindId, &'a str>);

impl<'a> KindsOnce<'a> {
    fn add(&mut self, id: crate::catalog::KindId, written: &'a str, at: &Location) -> Result<()> {
        match self.0.insert(id, written) {
            Some(first) => Err(Error::InvalidOption {
                at: at.clone(),
                option: "kind".into(),
                value: echo(written),
                allowed: format!(
                    "each kind once in a table (`{}` names the same kind)",
                    echo(first)
                ),
            }),
            None => Ok(()),
        }
    }
}

/// A year of a policy key: any JSON number that is a whole year in
/// range (`2021` and `2021.0` alike, as TOML, Python floats and
/// JavaScript numbers write it), by the one rule of
/// [`check_year`]; `2021.5` is refused on every surface.
fn json_year(
    value: &serde_json::Value,
    at: &Location,
    wrong: impl Fn(&str) -> Error,
) -> Result<i32> {
    let y = value.as_f64().ok_or_else(|| wrong("a year"))?;
    check_year(y, at)
}

impl Policy {
    /// A policy from a JSON text (`source` names it in errors). TOML files
    /// go through [`Policy::from_toml`] or [`Policy::from_file`].
    ///
    /// # Errors
    ///
    /// As [`Policy::from_json_value`]; [`Error::NotCsv`]-free: a text that
    /// is not JSON is [`Error::InvalidOption`] at the file.
    pub fn from_json(source: &str, text: &str, catalog: &Catalog) -> Result<Policy> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::InvalidOption {
                at: Location::file(source),
                option: "policy".into(),
                value: echo(&e.to_string()),
                allowed: "a JSON object of policy keys".into(),
            })?;
        Self::from_json_value(source, value, catalog)
    }

    /// A checked policy from a JSON object of the keys of [`POLICY_KEYS`].
    ///
    /// # Errors
    ///
    /// Located at the file `source` and the key (`lifespan_years.laptop`):
    /// [`Error::UnknownColumn`] for an unknown key (with the closest one),
    /// [`Error::InvalidOption`] for a value of the wrong type,
    /// [`Error::UnknownKind`], [`Error::OutOfRange`] as [`Policy::validate`].
    pub fn from_json_value(
        source: &str,
        value: serde_json::Value,
        catalog: &Catalog,
    ) -> Result<Policy> {
        let serde_json::Value::Object(map) = value else {
            return Err(Error::InvalidOption {
                at: Location::file(source),
                option: "policy".into(),
                value: echo(&value.to_string()),
                allowed: "an object (table) of policy keys".into(),
            });
        };
        let mut policy = Policy {
            horizon_from_inventory: !map.contains_key("start_year"),
            end_year_named: map.contains_key("end_year"),
            ..Policy::default()
        };
        for (key, value) in map {
            let at = Location::file(source).with_column(&key);
            let wrong = |expected: &str| Error::InvalidOption {
                at: at.clone(),
                option: key.clone(),
                value: echo(&value.to_string()),
                allowed: expected.into(),
            };
            macro_rules! field {
                ($f:ident, $what:expr) => {
                    policy.$f = serde_json::from_value(value.clone()).map_err(|_| wrong($what))?
                };
            }
            match key.as_str() {
                "name" => field!(name, "a text"),
                "description" => field!(description, "a text"),
                "start_year" => policy.start_year = json_year(&value, &at, wrong)?,
                "end_year" => policy.end_year = json_year(&value, &at, wrong)?,
                "mode" => {
                    let s: String =
                        serde_json::from_value(value.clone()).map_err(|_| wrong("a text"))?;
                    policy.mode = Mode::parse(&s).map_err(|_| wrong("amortised, acquisition"))?;
                }
                "lifespan_years" => field!(lifespan_years, "a table of kind = years"),
                "amortisation_years" => field!(amortisation_years, "a table of kind = years"),
                "replacement_mix" => field!(
                    replacement_mix,
                    "a table per replaced kind of kind = percent"
                ),
                "growth_pct_per_year" => field!(growth_pct_per_year, "a number (percent)"),
                "refurbished_pct" => field!(refurbished_pct, "a number (percent)"),
                "refurbished_embodied_pct" => {
                    field!(refurbished_embodied_pct, "a number (percent)")
                }
                "donated_pct" => field!(donated_pct, "a number (percent)"),
                "second_life_years" => field!(second_life_years, "a number of years"),
                "refurbishment_kgco2e" => field!(refurbishment_kgco2e, "a number (kg CO2e)"),
                "donation_rule" => field!(donation_rule, "cut_off, service_years"),
                "substitution_pct" => field!(substitution_pct, "a number (percent)"),
                "efficiency_gain_pct_per_year" => {
                    field!(efficiency_gain_pct_per_year, "a number (percent)")
                }
                "replacement_efficiency_gain_pct" => {
                    field!(replacement_efficiency_gain_pct, "a number (percent)")
                }
                "grid_decline_pct_per_year" => {
                    field!(grid_decline_pct_per_year, "a number (percent)")
                }
                "trajectory_base_year" => {
                    policy.trajectory_base_year = match value {
                        serde_json::Value::Null => None,
                        _ => Some(json_year(&value, &at, wrong)?),
                    }
                }
                "trajectory_pct_per_year" => field!(trajectory_pct_per_year, "a number (percent)"),
                "$schema" => {}
                _ => {
                    return Err(Error::UnknownColumn {
                        suggestion: closest(&key, POLICY_KEYS.iter().copied()),
                        column: echo(&key),
                        at,
                        also: Vec::new(),
                    })
                }
            }
        }
        policy.validate(source, catalog)?;
        Ok(policy)
    }

    /// Checks every value against its bounds and every kind against the
    /// catalog; [`simulate`] calls it too.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`], [`Error::NotFinite`] or [`Error::UnknownKind`]
    /// located at the file `source` and the key.
    pub fn validate(&self, source: &str, catalog: &Catalog) -> Result<()> {
        let at = |key: &str| Location::file(source).with_column(key);
        let start = check_year(f64::from(self.start_year), &at("start_year"))?;
        let end = check_year(f64::from(self.end_year), &at("end_year"))?;
        if end < start {
            return Err(Error::OutOfRange {
                at: at("end_year"),
                value: f64::from(end),
                allowed: format!("the start year ({start}) or later"),
            });
        }
        if let Some(base) = self.trajectory_base_year {
            check_range(
                f64::from(base),
                &at("trajectory_base_year"),
                f64::from(start),
                true,
                f64::from(end),
            )?;
        }
        for (key, map) in [
            ("lifespan_years", &self.lifespan_years),
            ("amortisation_years", &self.amortisation_years),
        ] {
            let mut kinds = KindsOnce::default();
            for (kind, years) in map {
                let at = at(&format!("{key}.{kind}"));
                kinds.add(catalog.kind_id(kind, &at)?, kind, &at)?;
                check_lifespan(*years, &at)?;
            }
        }
        let mut from_kinds = KindsOnce::default();
        for (from, mix) in &self.replacement_mix {
            let from_at = at(&format!("replacement_mix.{from}"));
            from_kinds.add(catalog.kind_id(from, &from_at)?, from, &from_at)?;
            let mut sum = 0.0;
            let mut to_kinds = KindsOnce::default();
            for (to, pct) in mix {
                let at = at(&format!("replacement_mix.{from}.{to}"));
                to_kinds.add(catalog.kind_id(to, &at)?, to, &at)?;
                sum += check_range(*pct, &at, 0.0, true, 100.0)?;
            }
            if (sum - 100.0).abs() > 1e-6 {
                return Err(Error::OutOfRange {
                    at: at(&format!("replacement_mix.{from}")),
                    value: sum,
                    allowed: "shares summing to 100 (percent)".into(),
                });
            }
        }
        let pct = |key: &str, v: f64, lo: f64, hi: f64| check_range(v, &at(key), lo, true, hi);
        pct(
            "growth_pct_per_year",
            self.growth_pct_per_year,
            -100.0,
            100.0,
        )?;
        pct("refurbished_pct", self.refurbished_pct, 0.0, 100.0)?;
        pct(
            "refurbished_embodied_pct",
            self.refurbished_embodied_pct,
            0.0,
            100.0,
        )?;
        pct("donated_pct", self.donated_pct, 0.0, 100.0)?;
        pct("substitution_pct", self.substitution_pct, 0.0, 100.0)?;
        pct(
            "efficiency_gain_pct_per_year",
            self.efficiency_gain_pct_per_year,
            -50.0,
            50.0,
        )?;
        pct(
            "replacement_efficiency_gain_pct",
            self.replacement_efficiency_gain_pct,
            0.0,
            100.0,
        )?;
        pct(
            "grid_decline_pct_per_year",
            self.grid_decline_pct_per_year,
            -50.0,
            100.0,
        )?;
        pct(
            "trajectory_pct_per_year",
            self.trajectory_pct_per_year,
            0.0,
            100.0,
        )?;
        pct("refurbishment_kgco2e", self.refurbishment_kgco2e, 0.0, 1e7)?;
        check_lifespan(self.second_life_years, &at("second_life_years"))?;
        Ok(())
    }

    /// The base year of the reduction trajectory.
    #[must_use]
    pub fn base_year(&self) -> i32 {
        self.trajectory_base_year.unwrap_or(self.start_year)
    }
}

/// An embedded illustrative scenario: a policy file (TOML) and its inventory.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// Identifier (the file name without `.toml`).
    pub id: &'static str,
    /// The policy file, TOML (`datasets/scenarios/<id>.toml`).
    pub policy_toml: &'static str,
    /// Name of the inventory file.
    pub inventory_name: &'static str,
    /// The inventory, CSV.
    pub inventory_csv: &'static str,
}

impl Scenario {
    /// The scenario's inventory, read into `catalog`.
    ///
    /// # Errors
    ///
    /// A bad line of the embedded inventory (a test guarantees there is none).
    pub fn inventory(&self, catalog: Arc<Catalog>) -> Result<Inventory> {
        let mut all = Inventory::new(catalog.clone(), Some("BE"))?;
        let mut reader = Inventory::new(catalog, Some("BE"))?;
        read_csv(
            self.inventory_name,
            self.inventory_csv.as_bytes(),
            &mut reader,
            usize::MAX,
            |batch, _| {
                all = batch.clone();
                Ok(())
            },
        )?;
        Ok(all)
    }
}

const ADMINISTRATIONS_CSV: &str =
    include_str!("../../../datasets/scenarios/local-administrations.csv");
const SCHOOL_KIT_CSV: &str = include_str!("../../../datasets/scenarios/school-kit.csv");

include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));

impl Scenario {
    /// The policy as JSON text (generated from the TOML file by build.rs),
    /// for [`Policy::from_json`] on surfaces without a TOML parser.
    #[must_use]
    pub fn policy_json(&self) -> &'static str {
        SCENARIO_POLICIES_JSON
            .iter()
            .find(|(id, _)| *id == self.id)
            .map_or("{}", |(_, json)| *json)
    }
}

/// The embedded, ILLUSTRATIVE reference scenarios (not real data):
/// workstations kept 4 or 6 years across 35 local administrations (18
/// municipalities and 17 social-welfare centres), a school kit handed over
/// after 4 years, and donation of amortised hardware. The first two are
/// what `empreinte simulate` and `compare` run without files.
pub const REFERENCE_SCENARIOS: [Scenario; 4] = [
    Scenario {
        id: "workstations-4-years",
        policy_toml: include_str!("../../../datasets/scenarios/workstations-4-years.toml"),
        inventory_name: "local-administrations.csv",
        inventory_csv: ADMINISTRATIONS_CSV,
    },
    Scenario {
        id: "workstations-6-years",
        policy_toml: include_str!("../../../datasets/scenarios/workstations-6-years.toml"),
        inventory_name: "local-administrations.csv",
        inventory_csv: ADMINISTRATIONS_CSV,
    },
    Scenario {
        id: "school-kit-handover",
        policy_toml: include_str!("../../../datasets/scenarios/school-kit-handover.toml"),
        inventory_name: "school-kit.csv",
        inventory_csv: SCHOOL_KIT_CSV,
    },
    Scenario {
        id: "donation-amortised",
        policy_toml: include_str!("../../../datasets/scenarios/donation-amortised.toml"),
        inventory_name: "local-administrations.csv",
        inventory_csv: ADMINISTRATIONS_CSV,
    },
];
