//! Policy files: TOML (or JSON when the name ends in `.json`), read once
//! here for every surface (the command, Python and JavaScript), so a file
//! gives the same policy and the same errors everywhere.

use super::Policy;
use crate::catalog::Catalog;
use crate::error::{echo, Error, Location, Result};

/// Whether the file `source` is JSON (its name ends in `.json`, any case);
/// any other name is TOML.
fn is_json(source: &str) -> bool {
    source
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("json"))
}

/// The JSON value of a policy file's bytes: UTF-8 text, TOML unless
/// `source` ends in `.json`. [`Policy::from_json_value`] checks its keys.
///
/// # Errors
///
/// [`Error::NotCsv`] for bytes that are not UTF-8 (a policy file is text);
/// [`Error::InvalidOption`] at the line of a TOML syntax error, or at the
/// file for JSON that does not parse.
pub fn policy_file_value(source: &str, bytes: &[u8]) -> Result<serde_json::Value> {
    let text = crate::error::utf8_text(
        source,
        bytes.to_vec(),
        "a policy file is UTF-8 text (TOML or JSON)",
    )?;
    let text = text.as_str();
    if is_json(source) {
        return serde_json::from_str(text).map_err(|e| Error::InvalidOption {
            at: Location::file(source),
            option: "policy".into(),
            value: echo(&e.to_string()),
            allowed: "a JSON object of policy keys".into(),
        });
    }
    toml_value(source, text)
}

/// A TOML text as the JSON value of its keys (dates, which policies do not
/// have, come out as objects that the key's check refuses).
fn toml_value(source: &str, text: &str) -> Result<serde_json::Value> {
    let value: toml::Value = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) as u64 + 1);
        Error::InvalidOption {
            at: match line {
                Some(l) => Location::line(source, l),
                None => Location::file(source),
            },
            option: "policy".into(),
            value: e.message().trim_end().to_owned(),
            allowed: "a TOML file of policy keys (docs/methodology.md §13)".into(),
        }
    })?;
    serde_json::to_value(value).map_err(|e| Error::InvalidOption {
        at: Location::file(source),
        option: "policy".into(),
        value: echo(&e.to_string()),
        allowed: "numbers, texts and tables".into(),
    })
}

impl Policy {
    /// A checked policy from a TOML text (`source` names it in errors).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] at the line of a TOML syntax error, then as
    /// [`Policy::from_json_value`].
    pub fn from_toml(source: &str, text: &str, catalog: &Catalog) -> Result<Policy> {
        Self::from_json_value(source, toml_value(source, text)?, catalog)
    }

    /// A checked policy from a file's bytes: TOML, or JSON when `source`
    /// ends in `.json` (see [`policy_file_value`]).
    ///
    /// # Errors
    ///
    /// As [`policy_file_value`], then as [`Policy::from_json_value`].
    pub fn from_file(source: &str, bytes: &[u8], catalog: &Catalog) -> Result<Policy> {
        Self::from_json_value(source, policy_file_value(source, bytes)?, catalog)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::REFERENCE_SCENARIOS;

    #[test]
    fn toml_and_json_files_give_the_same_policy() {
        let catalog = Catalog::embedded().unwrap();
        let s = &REFERENCE_SCENARIOS[1];
        let toml = Policy::from_file("p.toml", s.policy_toml.as_bytes(), &catalog).unwrap();
        let json = Policy::from_file("p.JSON", s.policy_json().as_bytes(), &catalog).unwrap();
        assert_eq!(toml, json);
        assert_eq!(toml.lifespan_years.get("laptop"), Some(&6.0));
    }

    #[test]
    fn a_toml_syntax_error_names_its_line() {
        let e = policy_file_value("p.toml", b"name = \"x\"\nlifespan_years = {\n").unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        assert!(e.to_string().starts_with("p.toml:2"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_at_the_file() {
        let e = policy_file_value("p.toml", b"name = \"caf\xe9\"\n").unwrap_err();
        assert_eq!(e.code(), "not_csv");
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }
}
