//! WebAssembly bindings of [`empreinte`], published on npm as `empreinte`.
//!
//! Every exported function converts JavaScript values to core types, calls
//! the core and converts the result back: no arithmetic, no defaults, no
//! dataset look-ups here (see `ARCHITECTURE.md`). Errors are thrown as JS
//! `Error`s named `EmpreinteError` with the core's stable `code` and, when
//! the problem has a place, its `source`, `line`, `row` and `column`.
//!
//! The files mirror the core modules they wrap: [`assess`], [`device`],
//! [`grid`], [`lifespan`], [`datasets`]; [`convert`] and [`errors`] hold the
//! conversions they share; [`types`] the TypeScript declarations.

// The size of `empreinte::Error` is the core's choice; every function here returns it.
#![allow(clippy::result_large_err)]

pub mod assess;
pub mod convert;
pub mod datasets;
pub mod device;
pub mod errors;
pub mod grid;
pub mod lifespan;
mod types;
