//! Policy files and built-in scenarios, read for the core (which parses
//! TOML and JSON: `Policy::from_file`).

use crate::read_file;
use empreinte::catalog::Catalog;
use empreinte::policy::{Policy, Scenario, REFERENCE_SCENARIOS};
use empreinte::Error;
use std::path::Path;

/// A policy file: TOML (or JSON), checked by the core with the file's name.
pub(super) fn read_policy(path: &Path, catalog: &Catalog) -> Result<Policy, Error> {
    Policy::from_file(&path.display().to_string(), &read_file(path)?, catalog)
}

pub(super) fn scenario(id: &str) -> Result<&'static Scenario, Error> {
    REFERENCE_SCENARIOS
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::dataset(id, 0, "no such embedded scenario"))
}
