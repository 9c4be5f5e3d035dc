//! The accounting formulas, in one place: which share of a device's life a
//! reporting year books, the footprint of one row of devices in a year, the
//! whole-life footprint, steady-state yearly embodied footprint and the
//! replacement break-even. Small pure functions on plain numbers, inlined
//! into the engines' hot loops; the single-device path, the fleet engine
//! and every later engine (data centres, policies, SCI) call these and
//! compute a footprint nowhere else. Formulas and sources:
//! `docs/methodology.md` §4-§9.
//!
//! Values are arrays of `K` lanes (`K = 3`: central, low, high today; `K = N`
//! samples for a Monte Carlo run): the formulas do not change with `K`.
//!
//! ```
//! use empreinte::accounting::{booking, Life, Mode};
//! // A laptop bought in 2023 with a 4-year life, reported in 2023:
//! let life = Life::new(2023, 4.0, None);
//! let b = booking(Mode::Amortised, life, 2023).unwrap();
//! assert_eq!(b.embodied, 0.25);
//! let b = booking(Mode::Acquisition, life, 2023).unwrap();
//! assert_eq!((b.embodied, b.end_of_life), (1.0, 0.0));
//! assert!(booking(Mode::Amortised, life, 2022).is_none()); // not bought yet
//! ```
//!
//! One file per domain: `life.rs` (which share of a life a year books, the
//! phases of a row), `energy.rs` (load models and the SCI shares),
//! `datacentre.rs` (KPIs, scopes, allocation keys), `electricity.rs` (the
//! direct and upstream bases of electricity, capital goods in their
//! acquisition year), `policy.rs` (stock and flow, second life, tenders).

mod datacentre;
mod electricity;
mod energy;
mod life;
mod policy;

pub use datacentre::*;
pub use electricity::*;
pub use energy::*;
pub use life::*;
pub use policy::*;
