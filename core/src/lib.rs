#![doc = include_str!("../README.md")]
// Outside the engines' hot loops (which allow it locally), no public path
// indexes a slice: a foreign id or a bad position is an error, not a panic.
#![deny(clippy::indexing_slicing)]

// Layers, bottom to top; a module only uses modules of lower layers (a test
// reads the sources and fails otherwise; see ARCHITECTURE.md).
pub mod error;
pub mod note;
pub mod quantity;
pub mod text;
pub mod uncertainty;

pub mod grid;

pub mod catalog;

pub mod inventory;

pub mod accounting;

pub mod datacentre;
pub mod fleet;
pub mod policy;
pub mod sci;

pub mod report;

pub use catalog::Catalog;
pub use error::{Error, ErrorKind, Location, Result};
pub use fleet::{
    assess, assess_csv, assess_csv_with, Assessment, Assessor, GroupBy, Mode, Options,
};
pub use inventory::Inventory;
pub use report::{Report, Table};
