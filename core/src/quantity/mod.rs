//! Quantities: physical units as types, estimates with their interval, impact
//! criteria, life-cycle phases and GHG Protocol scopes. The bottom layer: it
//! uses nothing of the crate but [`crate::error`].

pub mod bounds;
pub mod criteria;
pub mod estimate;
pub mod units;

pub use criteria::{Criterion, Phase, Scope, Scope2Method};
pub use estimate::{Estimate, EstimateProblem};
