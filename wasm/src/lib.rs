//! WebAssembly bindings of [`empreinte`], published on npm as `empreinte`.
//!
//! Every exported function converts JavaScript values to core types, calls
//! the core and converts the result back: no arithmetic, no defaults, no
//! dataset look-ups here (see `ARCHITECTURE.md`). Errors are thrown as JS
//! `Error`s named `EmpreinteError` with the core's stable `code` and its
//! place: `source`, `line`, `row` and `column`.
//!
//! The files mirror the core modules they wrap: [`catalog`] (embedded data,
//! factor tables), [`grid`], [`inventory`] (CSV text or records, read by the
//! core schema), [`fleet`] (assessment), [`device`], [`lifespan`]; with the
//! `planning` feature also `datacentre` (data centres: EU KPIs, scopes,
//! tenants), `ghg` (the organisation's GHG inventory) and `policy` (fleet policies over the years, tenders);
//! with the `sci` feature `sci` (the Software Carbon Intensity of a run);
//! [`convert`] and [`errors`] hold the conversions they share; `types` the
//! TypeScript declarations (the record type is the core's, written into the
//! package's `.d.ts` by `build.sh`).
//!
//! `build.sh` builds this crate twice: without features (`empreinte.js`, the
//! module every visitor of the calculator downloads) and with `planning`
//! (`empreinte_planning.js`, the same functions plus data centres and
//! policies, loaded on demand by the calculator's two planning tabs).

// The size of `empreinte::Error` is the core's choice; every function here returns it.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod convert;
#[cfg(feature = "planning")]
pub mod datacentre;
pub mod device;
pub mod errors;
pub mod fleet;
#[cfg(feature = "planning")]
pub mod ghg;
pub mod grid;
pub mod inventory;
pub mod lifespan;
#[cfg(feature = "planning")]
pub mod policy;
#[cfg(feature = "sci")]
pub mod sci;
mod types;
pub mod uncertainty;
