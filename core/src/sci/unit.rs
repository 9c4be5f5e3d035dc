//! Bounds of the functional unit R and of a result: R of operations is
//! bounded so that C / R stays finite, benchmarks a filter leaves out keep
//! their share of the run's carbon, and a result with a non-finite figure
//! is refused rather than printed.

use super::{Benchmark, FunctionalUnit, Measurement, Sci};
use crate::error::{Error, Location, Result};
use crate::note::Note;
use crate::quantity::bounds::check_range;

/// Smallest and largest number of operations accepted for `--per`.
pub const PER_RANGE: (f64, f64) = (1e-6, 1e15);

/// Checks `--per N`: finite, within [`PER_RANGE`].
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] at the option `per`.
pub(super) fn check_per(count: f64) -> Result<f64> {
    check_range(
        count,
        &Location::option("per"),
        PER_RANGE.0,
        true,
        PER_RANGE.1,
    )
}

/// The functional unit a caller asks for, in every surface: `per`
/// operations, or the iterations of `benchmarks` (with the measured time
/// `left_out_s` of benchmarks already left out; those whose id contains
/// `filter` are reported, see [`benchmark_iterations`]), or, with neither,
/// one run. A filter is only used on benchmarks: given without them, it
/// is refused rather than ignored.
///
/// # Errors
///
/// [`Error::InvalidOption`] at `per` for operations and benchmarks both,
/// at `bench_filter` for a filter without benchmarks.
pub fn functional_unit(
    per: Option<f64>,
    benchmarks: Option<(Vec<Benchmark>, f64)>,
    filter: Option<&str>,
) -> Result<FunctionalUnit> {
    match (per, benchmarks, filter) {
        (Some(count), Some(_), _) => Err(Error::invalid_option(
            "per",
            &count.to_string(),
            "operations or benchmark iterations, not both",
        )),
        (_, None, Some(f)) => Err(Error::invalid_option(
            "bench_filter",
            f,
            "only with benchmark iterations as R (criterion's, pytest-benchmark's or given benchmarks)",
        )),
        (Some(count), None, None) => Ok(FunctionalUnit::Operations { count }),
        (None, None, None) => Ok(FunctionalUnit::Run),
        (None, Some((all, left_out_s)), filter) => {
            Ok(benchmark_iterations(all, filter, left_out_s))
        }
    }
}

/// The functional unit of the benchmarks `all` of a run of which only
/// those whose id contains `filter` are reported: the others' measured
/// time stays in the run, so each reported benchmark keeps the share of
/// the run's carbon it has unfiltered (a filter selects what is reported,
/// not how the run is shared). `left_out_s` is the measured time of
/// benchmarks already left out (a saved unit's `other_measured_time_s`).
#[must_use]
pub fn benchmark_iterations(
    all: Vec<Benchmark>,
    filter: Option<&str>,
    left_out_s: f64,
) -> FunctionalUnit {
    let (benchmarks, other): (Vec<Benchmark>, Vec<Benchmark>) = all
        .into_iter()
        .partition(|b| filter.map_or(true, |f| b.id.contains(f)));
    FunctionalUnit::Iterations {
        benchmarks,
        other_measured_time_s: left_out_s + other.iter().map(|b| b.measured_time_s).sum::<f64>(),
    }
}

/// The share of the run's carbon the reported benchmarks carry: their
/// measured time over that of all the run's benchmarks (1 without a filter),
/// with a note when some were left out.
///
/// # Errors
///
/// [`Error::NotFinite`] or [`Error::OutOfRange`] (at `other_measured_time_s`)
/// for a negative or non-finite time.
pub(super) fn reported_share(
    reported_time_s: f64,
    other_time_s: f64,
    notes: &mut Vec<Note>,
) -> Result<f64> {
    let at = Location::option("per_criterion").with_column("other_measured_time_s");
    let other = check_range(other_time_s, &at, 0.0, true, f64::MAX)?;
    if other == 0.0 {
        return Ok(1.0);
    }
    let all = reported_time_s + other;
    let share = if all > 0.0 {
        reported_time_s / all
    } else {
        0.0
    };
    notes.push(Note {
        code: "benchmarks_filtered",
        message: format!(
            "the benchmarks reported measured {reported_time_s:.3} s of the run's {all:.3} s of measured iterations: they carry that share ({share:.4}) of the run's carbon; the others keep theirs"
        ),
    });
    Ok(share)
}

/// Refuses a result with a figure that is not finite (no partial result is
/// ever printed).
///
/// # Errors
///
/// [`Error::NotFinite`] at the option `per` (R), naming the figure.
pub(super) fn check_finite(s: &Sci) -> Result<()> {
    let figures = [
        ("sci_gco2e_per_unit", s.sci_gco2e_per_unit),
        ("sci_gco2e_per_unit_low", s.sci_gco2e_per_unit_low),
        ("sci_gco2e_per_unit_high", s.sci_gco2e_per_unit_high),
        ("total_gco2e", s.total_gco2e),
        ("energy_kwh", s.energy_kwh),
    ];
    let per_benchmark = s.benchmarks.iter().flat_map(|b| {
        [
            ("benchmark share", b.share),
            (
                "benchmark sci_gco2e_per_iteration",
                b.sci_gco2e_per_iteration,
            ),
        ]
    });
    for (name, v) in figures.into_iter().chain(per_benchmark) {
        if !v.is_finite() {
            return Err(Error::NotFinite {
                at: Location::option("per").with_column(name),
                value: v.to_string(),
            });
        }
    }
    Ok(())
}

/// A note when processes started by the command outlived it.
pub(super) fn outliving_note(m: &Measurement, notes: &mut Vec<Note>) {
    if m.processes_outliving > 0 {
        notes.push(Note {
            code: "processes_outliving",
            message: format!(
                "{} process(es) started by the command were still running when it ended: their CPU time up to then is counted, what they do afterwards is not measured (wait for them in the command to measure them whole)",
                m.processes_outliving
            ),
        });
    }
}
