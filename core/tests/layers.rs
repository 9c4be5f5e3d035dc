//! The layers of `core/src` only point down: a module uses only modules of
//! lower layers (the table below, drawn in ARCHITECTURE.md). This test reads
//! the sources, so an import that breaks the layering fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

/// Bottom to top; modules of the same layer do not use each other.
const LAYERS: &[&[&str]] = &[
    &["error", "note"],
    &["quantity", "text"],
    &["grid", "accounting", "uncertainty"],
    &["catalog"],
    &["inventory"],
    &["fleet", "datacentre", "policy", "sci"],
    &["ghg"],
    &["report"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate-level modules a source text names as `crate::<module>`,
/// including grouped paths: `use crate::{a::b, c}` names `a` and `c`.
fn uses(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.trim_start().strip_prefix('{') {
            // The items of the group at depth 0, each up to its comma.
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            found.push(ident(&item));
            found.retain(|n| !n.is_empty() && n != "self");
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut checked = 0;
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" {
            continue;
        }
        let own = layer(&top).unwrap_or_else(|| {
            panic!(
                "{}: module `{top}` has no layer in this test and ARCHITECTURE.md",
                rel.display()
            )
        });
        let text = std::fs::read_to_string(&file).unwrap();
        for used in uses(&text) {
            if used == top {
                continue;
            }
            let theirs = layer(&used)
                .unwrap_or_else(|| panic!("{}: unknown module `crate::{used}`", rel.display()));
            assert!(
                theirs < own,
                "{}: `{top}` (layer {own}) uses `crate::{used}` (layer {theirs}); layers only point down",
                rel.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "the test read the imports ({checked})");
}

#[test]
fn the_checker_sees_an_upward_import() {
    assert_eq!(
        uses("use crate::report::Table; crate::fleet::x"),
        ["report", "fleet"]
    );
    assert!(layer("report") > layer("fleet"));
}

#[test]
fn the_checker_sees_a_grouped_upward_import() {
    let found = uses(
        "use crate::{\n    fleet::{Assessor, Options},\n    report::Table,\n    error::Error,\n};",
    );
    assert_eq!(found, ["fleet", "report", "error"]);
    // Written so in a `fleet` file, the upward `report` is seen.
    let own = layer("fleet").unwrap();
    assert!(found.iter().any(|used| layer(used).unwrap() > own));
    assert_eq!(uses("use crate::{self, quantity::Estimate};"), ["quantity"]);
}
