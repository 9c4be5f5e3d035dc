//! Runs a command and measures it: wall time, CPU time, RAPL counters.

use empreinte::sci::Measurement;
use empreinte::{Error, Location};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs the command and measures it.
pub(super) fn measure(command: &[String]) -> Result<Measurement, Error> {
    let (program, rest) = command.split_first().ok_or_else(|| Error::MissingValue {
        at: Location::option("command"),
    })?;
    let rapl_before = rapl_read();
    let cpu_before = children_cpu_s()?;
    let existing = crate::orphans::before();
    let t0 = Instant::now();
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest);
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stderr().as_fd().try_clone_to_owned() {
            cmd.stdout(std::process::Stdio::from(fd));
        }
    }
    let status = cmd.status().map_err(|e| Error::Io {
        at: Location::option("command").with_column(program),
        message: e.to_string(),
    })?;
    let wall = t0.elapsed().as_secs_f64();
    let cpu_after = children_cpu_s()?;
    let (outliving, outliving_cpu_s) = crate::orphans::outliving(&existing);
    let rapl_after = rapl_read();
    // Ended by a signal: the shell's convention, 128 + the signal.
    #[cfg(unix)]
    let exit_code = {
        use std::os::unix::process::ExitStatusExt;
        status.code().or_else(|| status.signal().map(|s| 128 + s))
    };
    #[cfg(not(unix))]
    let exit_code = status.code();
    let (rapl_energy_kwh, rapl_status) = match (rapl_before, rapl_after) {
        (Ok(b), Ok(a)) => (Some(rapl_delta_uj(&b, &a) / 3.6e9), None),
        (Err(s), _) | (_, Err(s)) => (None, Some(s)),
    };
    Ok(Measurement {
        command: command.to_vec(),
        exit_code,
        wall_time_s: wall.max(1e-6),
        cpu_time_s: (cpu_after - cpu_before).max(0.0) + outliving_cpu_s,
        rapl_energy_kwh,
        rapl_status,
        processes_outliving: outliving,
    })
}

/// User + system CPU time of the waited-for children of this process,
/// seconds: fields 16 and 17 (`cutime`, `cstime`) of `/proc/self/stat`, in
/// clock ticks of 1/100 s (Linux's fixed USER_HZ for /proc).
pub(super) fn children_cpu_s() -> Result<f64, Error> {
    let text = std::fs::read_to_string("/proc/self/stat").map_err(|e| Error::Io {
        at: Location::file("/proc/self/stat"),
        message: format!("{e}: CPU time of the command is read from /proc (Linux)"),
    })?;
    let after = text.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the `(comm)` field the first one is field 3 (state).
    let tick = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<f64>().ok());
    match (tick(16), tick(17)) {
        (Some(u), Some(s)) => Ok((u + s) / 100.0),
        _ => Err(Error::Io {
            at: Location::file("/proc/self/stat"),
            message: "no cutime/cstime fields".into(),
        }),
    }
}

/// Energy counters (µJ) and their wrap-around ranges of every top-level
/// RAPL zone (`intel-rapl:N`; sub-zones are inside them), or why none is readable.
pub(super) fn rapl_read() -> Result<Vec<(f64, f64)>, String> {
    let root = Path::new("/sys/class/powercap");
    let entries = std::fs::read_dir(root)
        .map_err(|_| "/sys/class/powercap absent (a VM or a processor without RAPL)".to_owned())?;
    let mut zones: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("intel-rapl:") && n.matches(':').count() == 1)
        })
        .collect();
    zones.sort();
    if zones.is_empty() {
        return Err("/sys/class/powercap has no intel-rapl zone".into());
    }
    zones
        .iter()
        .map(|z| {
            let num = |f: &str| {
                std::fs::read_to_string(z.join(f))
                    .map_err(|e| {
                        format!(
                            "{}: {e} (energy counters are often readable by root only)",
                            z.join(f).display()
                        )
                    })
                    .and_then(|t| t.trim().parse::<f64>().map_err(|e| e.to_string()))
            };
            Ok((
                num("energy_uj")?,
                num("max_energy_range_uj").unwrap_or(f64::INFINITY),
            ))
        })
        .collect()
}

pub(super) fn rapl_delta_uj(before: &[(f64, f64)], after: &[(f64, f64)]) -> f64 {
    before
        .iter()
        .zip(after)
        .map(|((b, range), (a, _))| if a >= b { a - b } else { a + range - b })
        .filter(|d| d.is_finite())
        .sum()
}

pub(super) fn available_vcpus() -> f64 {
    std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64)
}
