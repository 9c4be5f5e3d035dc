//! Scenario names of a comparison: each row of a comparison is keyed by
//! its policy's name, so two policies of the same name (two files without
//! `name`, both called `policy`) would make two rows no reader can tell
//! apart. A name met again gets ` (2)`, ` (3)`, ... in the order given.

use super::PolicyResult;
use std::collections::HashSet;

/// Renames the policies of `results` whose name an earlier one has.
pub(super) fn make_distinct(results: &mut [PolicyResult]) {
    let mut taken: HashSet<String> = results.iter().map(|r| r.policy.name.clone()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    for r in results.iter_mut() {
        if seen.insert(r.policy.name.clone()) {
            continue;
        }
        let base = r.policy.name.clone();
        let mut n = 2;
        let mut name = format!("{base} ({n})");
        while taken.contains(&name) {
            n += 1;
            name = format!("{base} ({n})");
        }
        taken.insert(name.clone());
        seen.insert(name.clone());
        r.policy.name = name;
    }
}
