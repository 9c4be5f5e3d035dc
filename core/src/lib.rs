#![doc = include_str!("../README.md")]
// Outside the engines' hot loops (which allow it locally), no public path
// indexes a slice: a foreign id or a bad position is an error, not a panic.
#![deny(clippy::indexing_slicing)]

// Layers, bottom to top; a module only uses modules of lower layers (a test
// reads the sources and fails otherwise; see ARCHITECTURE.md).
pub mod error;
pub(crate) mod note;
pub mod quantity;
pub(crate) mod text;
pub mod uncertainty;

pub mod grid;

pub mod catalog;

pub mod inventory;

pub mod accounting;

pub mod datacentre;
pub mod fleet;
pub mod policy;
pub mod sci;

pub mod ghg;

pub mod report;

pub use accounting::Mode;
pub use catalog::Catalog;
pub use error::{Error, ErrorKind, Location, Result};
pub use fleet::{assess, assess_csv, assess_csv_with, Assessment, Assessor, GroupBy, Options};
pub use inventory::Inventory;
pub use report::{Report, Table};

/// What most programs need, in one `use`:
/// `use empreinte::prelude::*;`. Names that mean different things in
/// different pillars (`Inputs`, `Factors`, `assess`, `compare`) are not
/// here: call them through their module (`fleet::assess`,
/// `datacentre::assess`, `sci::Inputs`).
pub mod prelude {
    pub use crate::accounting::Mode;
    pub use crate::catalog::Catalog;
    pub use crate::error::{Error, ErrorKind, Location, Result};
    pub use crate::fleet::{Assessment, Assessor, GroupBy};
    pub use crate::inventory::Inventory;
    pub use crate::quantity::units::{Co2e, Duration, EmissionFactor, Energy, Power};
    pub use crate::quantity::{Estimate, Phase};
    pub use crate::report::{Note, Report, Table, WriteOptions};
}
