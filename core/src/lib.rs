#![doc = include_str!("../README.md")]

pub mod assess;
pub mod criteria;
pub mod datasets;
pub mod device;
pub mod error;
pub mod factors;
pub mod grid;
pub mod inventory;
pub mod lifespan;
pub mod report;
pub mod uncertainty;
pub mod units;

pub use assess::{assess, assess_csv, Assessor, GroupBy, Mode, Options};
pub use datasets::Catalog;
pub use error::{Error, Location, Result};
pub use inventory::Inventory;
pub use report::{Report, Table};
