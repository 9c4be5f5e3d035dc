//! Policy files (TOML or JSON) and built-in scenarios, read for the core.

use crate::read_file;
use empreinte::catalog::Catalog;
use empreinte::policy::{Policy, Scenario, REFERENCE_SCENARIOS};
use empreinte::{Error, Location};
use std::path::Path;

/// A policy file: TOML (or JSON), checked by the core with the file's name.
pub(super) fn read_policy(path: &Path, catalog: &Catalog) -> Result<Policy, Error> {
    let name = path.display().to_string();
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotCsv {
        at: Location::file(&name),
        message: "a policy file is UTF-8 text (TOML or JSON)".into(),
    })?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Policy::from_json(&name, &text, catalog);
    }
    policy_from_toml(&name, &text, catalog)
}

/// A TOML policy text, converted to the JSON value the core checks.
pub(super) fn policy_from_toml(name: &str, text: &str, catalog: &Catalog) -> Result<Policy, Error> {
    let value: toml::Value = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) as u64 + 1);
        Error::InvalidOption {
            at: match line {
                Some(l) => Location::line(name, l),
                None => Location::file(name),
            },
            option: "policy".into(),
            value: e.message().to_owned(),
            allowed: "a TOML file of policy keys (docs/methodology.md §13)".into(),
        }
    })?;
    let json = serde_json::to_value(value).map_err(|e| Error::InvalidOption {
        at: Location::file(name),
        option: "policy".into(),
        value: e.to_string(),
        allowed: "numbers, texts and tables".into(),
    })?;
    Policy::from_json_value(name, json, catalog)
}

pub(super) fn scenario(id: &str) -> Result<&'static Scenario, Error> {
    REFERENCE_SCENARIOS
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::dataset(id, 0, "no such embedded scenario"))
}
