//! The fleet engine: a reporting year, an accounting mode, a grouping, and a
//! batch loop that accumulates every row into its group. Which share of a
//! device's life a year books, and what a row's footprint is, come from
//! [`crate::accounting`]; this module only decides which values and which
//! groups.
//!
//! Files: `options.rs` (what to assess), `result.rs` (what an
//! assessment returns), `assessor.rs` (the batch loop and its entry points).

mod assessor;
pub mod device;
pub mod lifespan;
pub mod montecarlo;
mod options;
pub mod partial;
mod result;

pub use assessor::{assess, assess_csv, assess_csv_with, Assessor};
pub use options::{GroupBy, Options};
pub use result::{Assessment, GroupResult, Groups, Phases};
