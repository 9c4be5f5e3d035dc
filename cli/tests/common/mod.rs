//! Helpers shared by the command's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the built command with `args` (no standard input).
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_empreinte"))
        .args(args)
        .output()
        .unwrap()
}

/// Writes `text` to a file `name` in a temporary folder of this test
/// process (`tag` keeps test files apart).
pub fn file(tag: &str, name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("empreinte-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Standard output parsed as JSON (the output shown when it is not).
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The rows of section `name` of a report's JSON (`{"sections": [...]}`).
pub fn section<'a>(v: &'a serde_json::Value, name: &str) -> &'a Vec<serde_json::Value> {
    v["sections"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .and_then(|s| s["rows"].as_array())
        .unwrap_or_else(|| panic!("no section {name}: {v}"))
}
