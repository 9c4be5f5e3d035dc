//! Processes a measured command leaves running: a command that starts a
//! process in the background and exits (`daemon &`) has children the
//! kernel reparents, whose CPU time never reaches this process's
//! `cutime`. They are found in `/proc` as the processes of this process
//! group and session that did not exist before the command started; their
//! CPU time up to its end is added and their number reported (Linux only;
//! elsewhere none is found).

use std::collections::HashSet;

/// `(pid, pgid, session, utime + stime in ticks)` of every process
/// readable in `/proc`.
fn processes() -> Vec<(u32, i64, i64, f64)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| {
        let e = e.ok()?;
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let text = std::fs::read_to_string(e.path().join("stat")).ok()?;
        let after = text.rsplit_once(')')?.1;
        let fields: Vec<&str> = after.split_whitespace().collect();
        // After `(comm)` the first field is field 3 (state).
        let field = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<f64>().ok());
        Some((
            pid,
            field(5)? as i64,
            field(6)? as i64,
            field(14)? + field(15)?,
        ))
    })
    .collect()
}

/// This process's group and session.
fn own() -> Option<(i64, i64)> {
    let me = std::process::id();
    processes()
        .into_iter()
        .find(|p| p.0 == me)
        .map(|p| (p.1, p.2))
}

/// The processes that exist before the command starts.
pub fn before() -> HashSet<u32> {
    processes().into_iter().map(|p| p.0).collect()
}

/// The processes of this group and session started since `before` (the
/// command itself is reaped by then) and their CPU time so far, seconds
/// (clock ticks of 1/100 s, Linux's USER_HZ for /proc).
pub fn outliving(before: &HashSet<u32>) -> (u32, f64) {
    let Some((pgid, sid)) = own() else {
        return (0, 0.0);
    };
    let me = std::process::id();
    processes()
        .into_iter()
        .filter(|p| p.0 != me && p.1 == pgid && p.2 == sid && !before.contains(&p.0))
        .fold((0, 0.0), |(n, cpu), p| (n + 1, cpu + p.3 / 100.0))
}
