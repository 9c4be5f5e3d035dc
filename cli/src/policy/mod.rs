//! `empreinte simulate`, `compare` and `tender`: fleet policies over the
//! years. This file reads files (TOML policy files are converted to JSON
//! values here; the core checks them) and writes results; `empreinte::policy`
//! computes.

use crate::Format;
use empreinte::policy::TenderOptions;
use std::path::PathBuf;

mod input;
mod run;
mod text;
use input::*;
pub use run::{compare, simulate, tender};
use text::*;

/// Options shared by `simulate` and `compare`.
#[derive(clap::Args)]
pub struct Common {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Section written as CSV: inventory, total, trajectory, second_life,
    /// avoided_emissions, extend_or_replace.
    #[arg(long, default_value = "inventory")]
    section: String,
    /// The inventory options `assess` has too.
    #[command(flatten)]
    input: crate::args::InventoryArgs,
}

/// The arguments of `empreinte simulate`.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Inventory CSV (`-` for standard input). Without it, the embedded
    /// ILLUSTRATIVE inventory of 35 local administrations.
    inventory: Option<PathBuf>,
    /// Policy file (TOML, or JSON when it ends in `.json`). Without it and
    /// without an inventory, the embedded illustrative scenario
    /// "workstations 4 years"; with an inventory, the default policy.
    #[arg(long, value_name = "TOML")]
    policy: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// The arguments of `empreinte compare`.
#[derive(clap::Args)]
pub struct CompareArgs {
    /// Inventory CSV (`-` for standard input). Without it, the embedded
    /// ILLUSTRATIVE inventory of 35 local administrations.
    inventory: Option<PathBuf>,
    /// Policy files (TOML or JSON), compared in order (the first is the
    /// reference of the differences); repeat the option. Without any, the
    /// embedded illustrative workstations 4 vs 6 years.
    #[arg(long = "policy", value_name = "TOML")]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    monte_carlo: crate::assess::McArgs,
}

/// The arguments of `empreinte tender`.
#[derive(clap::Args)]
pub struct TenderArgs {
    /// Bids CSV: bidder, kind, embodied_gwp_kgco2e, annual_energy_kwh,
    /// lifespan_years, warranty_years, spare_parts_years, refurbished (yes/no).
    bids: PathBuf,
    /// Weight of the responsible-digital criterion, percent of the award
    /// points (`weight_pct` in Python and JavaScript).
    #[arg(long = "weight-pct", visible_alias = "weight", default_value_t = TenderOptions::default().weight_pct)]
    weight: f64,
    /// Country of use (grid intensity).
    #[arg(long, default_value_t = TenderOptions::default().country)]
    country: String,
    /// Year of the grid intensity [default: core's, the last year the grid
    /// data publishes for the country, as in Python and JavaScript].
    #[arg(long)]
    year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Significant digits of numbers in CSV output.
    #[arg(
        long,
        value_parser = clap::value_parser!(u8).range(1..=17),
        default_value_t = empreinte::report::DEFAULT_SIGNIFICANT_DIGITS as u8,
    )]
    precision: u8,
}
