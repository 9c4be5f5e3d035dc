//! Options several commands share, declared once (`#[command(flatten)]`),
//! with their defaults read from core's `Default`s, never copied by hand.

use empreinte::inventory::TextEncoding;
use empreinte::report::DEFAULT_SIGNIFICANT_DIGITS;
use empreinte::{Error, GroupBy, Mode};
use std::path::PathBuf;

/// How an inventory is read and its numbers written: `assess`,
/// `simulate` and `compare`.
#[derive(clap::Args)]
pub struct InventoryArgs {
    /// Country (ISO 3166-1 alpha-2, EU27 or WORLD) for rows without one.
    #[arg(long)]
    pub country: Option<String>,
    /// Extra factor tables (more criteria or better values); repeatable.
    #[arg(long = "factors", value_name = "CSV")]
    pub factors: Vec<PathBuf>,
    /// Text encoding of the inventory: auto (UTF-8, else Windows-1252 as
    /// Excel writes plain "CSV" in French and Dutch), utf-8 or windows-1252.
    #[arg(long, default_value_t = TextEncoding::default().id().to_owned())]
    pub encoding: String,
    /// Significant digits of numbers in CSV and JSON output.
    #[arg(
        long,
        value_parser = clap::value_parser!(u8).range(1..=17),
        default_value_t = DEFAULT_SIGNIFICANT_DIGITS as u8,
    )]
    pub precision: u8,
}

impl InventoryArgs {
    /// The text encoding asked for.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] for an unknown encoding.
    pub fn encoding(&self) -> Result<TextEncoding, Error> {
        TextEncoding::parse(&self.encoding)
    }

    /// The significant digits asked for (core's default when not given).
    pub fn digits(&self) -> Option<usize> {
        Some(usize::from(self.precision))
    }
}

/// Core's default accounting mode, as the option shows it.
pub fn default_mode() -> String {
    Mode::default().id().to_owned()
}

/// Core's default grouping, as the option shows it.
pub fn default_by() -> String {
    GroupBy::default().id()
}
