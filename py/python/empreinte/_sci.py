"""Software Carbon Intensity (ISO/IEC 21031:2024) of measured code:
``SCI = ((E × I) + M) per R``, computed by core's ``sci`` module.

This module measures (the clocks of the Python process, benchmark files)
and converts; the formulas, checks, defaults of the machines and the
notes are core's, the same as ``empreinte sci``. The result has the field
names of ``empreinte sci --format json``.
"""

from __future__ import annotations

import datetime
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl
from polars.datatypes import DataTypeClass

from empreinte import _native
from empreinte._api import Note
from empreinte._errors import BY_CODE, EmpreinteError

#: A benchmark for the native module (core's ``sci::Benchmark``): id,
#: iterations, measured time (s), elements per iteration, noise, source.
_Benchmark = tuple[str, float, float, float | None, float | None, str]

#: The machine and zone of ``empreinte sci run`` when none is given.
DEFAULT_MACHINE = _native.SCI_DEFAULT_MACHINE
DEFAULT_ZONE = _native.SCI_DEFAULT_ZONE

#: Why ``measure`` gives no hardware counter (said in the note ``energy_modelled``).
_NO_COUNTER = "empreinte.measure reads the CPU time of the Python process, not RAPL counters"


@dataclass(frozen=True)
class SciBenchmark:
    """One benchmark of a run (core's ``sci::Benchmark``): how many
    iterations it measured and how long they took."""

    #: Benchmark id (criterion's ``full_id``, pytest-benchmark's ``fullname``).
    id: str
    #: Iterations measured (warm-up excluded).
    iterations: float
    #: Time the measured iterations took, seconds.
    measured_time_s: float
    #: Elements processed per iteration (criterion ``Throughput::Elements``).
    elements_per_iteration: float | None = None
    #: Relative half-width of the 95 % interval of the mean iteration time.
    noise_rel: float | None = None
    #: The file it was read from.
    source: str = ""


#: The one-row frame of a result: its scalar fields, then its inputs, with
#: their types (a missing value is null, never 0).
_RESULT_COLUMNS: dict[str, DataTypeClass] = {
    "sci_gco2e_per_unit": pl.Float64,
    "sci_gco2e_per_unit_low": pl.Float64,
    "sci_gco2e_per_unit_high": pl.Float64,
    "functional_unit": pl.String,
    "r": pl.Float64,
    "total_gco2e": pl.Float64,
    "operational_gco2e": pl.Float64,
    "energy_kwh": pl.Float64,
    "energy_method": pl.String,
    "cpu_utilisation": pl.Float64,
    "cpu_energy_kwh": pl.Float64,
    "memory_energy_kwh": pl.Float64,
    "pue": pl.Float64,
    "intensity_gco2e_per_kwh": pl.Float64,
    "intensity_year": pl.Int32,
    "embodied_gco2e": pl.Float64,
    "embodied_gco2e_low": pl.Float64,
    "embodied_gco2e_high": pl.Float64,
    "time_share": pl.Float64,
    "resource_share": pl.Float64,
    "machine": pl.String,
    "noise_rel": pl.Float64,
    "exit_code": pl.Int32,
}
_INPUT_COLUMNS: dict[str, DataTypeClass] = {
    "zone": pl.String,
    "year": pl.Int32,
    "vcpus": pl.Float64,
    "memory_gb": pl.Float64,
}
_MEASUREMENT_COLUMNS: dict[str, DataTypeClass] = {
    "wall_time_s": pl.Float64,
    "cpu_time_s": pl.Float64,
    "rapl_energy_kwh": pl.Float64,
}
_BENCHMARK_COLUMNS: dict[str, DataTypeClass] = {
    "id": pl.String,
    "iterations": pl.Float64,
    "share": pl.Float64,
    "gco2e": pl.Float64,
    "sci_gco2e_per_iteration": pl.Float64,
    "sci_gco2e_per_million_elements": pl.Float64,
    "noise_rel": pl.Float64,
}


@dataclass(frozen=True)
class SciResult:
    """The SCI of a run, each term with its method and sources (core's
    ``sci::Sci``; the fields of ``empreinte sci --format json``).

    The terms of ``SCI = ((E × I) + M) per R``: E is ``energy_kwh`` (its
    method ``energy_method``, ``rapl`` or ``cpu_time_model``, and its model
    in words ``energy_model``), I is ``intensity_gco2e_per_kwh``, M is
    ``embodied_gco2e`` (``_low``/``_high``: the interval of the machine's
    embodied footprint), R is ``r`` units of ``functional_unit``, and the
    SCI is ``sci_gco2e_per_unit``.
    """

    specification: str
    #: SCI = (E × I + M) / R, g CO2e per functional unit, and its interval.
    sci_gco2e_per_unit: float
    sci_gco2e_per_unit_low: float
    sci_gco2e_per_unit_high: float
    #: ``run``, ``operation`` or ``iteration``.
    functional_unit: str
    #: R, the number of functional units.
    r: float
    #: C = E × I + M, g CO2e.
    total_gco2e: float
    #: E × I, g CO2e.
    operational_gco2e: float
    #: E, kWh (facility overhead included).
    energy_kwh: float
    #: ``rapl`` or ``cpu_time_model``.
    energy_method: str
    #: The energy model in words, with its coefficients and their source.
    energy_model: str
    #: CPU time over the reserved vCPU time.
    cpu_utilisation: float
    #: Processor energy (counter or model), kWh, before PUE.
    cpu_energy_kwh: float
    #: Energy of the reserved memory, kWh, before PUE.
    memory_energy_kwh: float
    #: Power usage effectiveness applied.
    pue: float
    #: I, g CO2e / kWh (location based).
    intensity_gco2e_per_kwh: float
    #: Year of the intensity data used.
    intensity_year: int
    #: M, g CO2e, and its interval.
    embodied_gco2e: float
    embodied_gco2e_low: float
    embodied_gco2e_high: float
    #: TiR / EL.
    time_share: float
    #: RR / ToR.
    resource_share: float
    #: Machine id and label.
    machine: str
    #: Relative measurement noise of R (benchmarks), when known.
    noise_rel: float | None
    #: Exit code of the measured command (1 for a ``measure`` block that raised).
    exit_code: int | None
    #: Per benchmark when R is benchmark iterations: ``id``, ``iterations``,
    #: ``share``, ``gco2e``, ``sci_gco2e_per_iteration``,
    #: ``sci_gco2e_per_million_elements``, ``noise_rel``.
    benchmarks: pl.DataFrame = field(repr=False)
    #: What a reader must know (``energy_modelled``, ``grid_yearly``, ...).
    notes: tuple[Note, ...] = field(repr=False)
    #: Where every value came from: ``item``, ``dataset``, ``reference``, ``licence``.
    sources: pl.DataFrame = field(repr=False)
    #: Everything the result was computed from (core's ``sci::Inputs``).
    inputs: Mapping[str, Any] = field(repr=False)
    #: The functional unit, with its benchmarks (core's ``sci::FunctionalUnit``).
    unit: Mapping[str, Any] = field(repr=False)
    #: The JSON of ``empreinte sci --format json`` (``empreinte sci report
    #: --measurement`` and ``--baseline`` read it).
    json: str = field(repr=False)

    @classmethod
    def _from_json(cls, text: str) -> SciResult:
        d = json.loads(text)
        benchmarks = pl.DataFrame(
            [{k: b[k] for k in _BENCHMARK_COLUMNS} for b in d["benchmarks"]],
            schema=_BENCHMARK_COLUMNS,
        )
        sources = pl.DataFrame(d["sources"], schema=dict.fromkeys(("item", "dataset", "reference", "licence"), pl.String))
        scalars = {k: d[k] for k in ("specification", "energy_model", *_RESULT_COLUMNS)}
        return cls(
            **scalars,
            benchmarks=benchmarks,
            notes=tuple(Note(n["code"], n["message"]) for n in d["notes"]),
            sources=sources,
            inputs=d["inputs"],
            unit=d["unit"],
            json=text,
        )

    def frame(self) -> pl.DataFrame:
        """The result as a one-row DataFrame, units in the column names:
        the scalar fields (``sci_gco2e_per_unit``, ``energy_kwh``,
        ``intensity_gco2e_per_kwh``, ``embodied_gco2e``, ``r``, ...), then
        the inputs ``zone``, ``year``, ``vcpus``, ``memory_gb``,
        ``wall_time_s``, ``cpu_time_s``, ``rapl_energy_kwh``. Frames of
        several runs stack with ``pl.concat``."""
        row = {k: getattr(self, k) for k in _RESULT_COLUMNS}
        row |= {k: self.inputs[k] for k in _INPUT_COLUMNS}
        row |= {k: self.inputs["measurement"][k] for k in _MEASUREMENT_COLUMNS}
        schema = _RESULT_COLUMNS | _INPUT_COLUMNS | _MEASUREMENT_COLUMNS
        return pl.DataFrame([row], schema=schema)


def _available_vcpus() -> int:
    """The CPUs this process may run on (as ``empreinte sci run``'s default)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _current_year() -> int:
    return datetime.datetime.now(datetime.UTC).year


def _criterion(folder: str | os.PathLike[str]) -> list[_Benchmark]:
    """Every benchmark under criterion's output folder (each ``new/`` folder
    with an ``estimates.json``; ``report`` and ``base`` skipped: core's
    ``criterion_runs``), read by core's parser, in path order."""
    root = Path(folder)
    if not root.is_dir():
        raise _io_error(os.fspath(folder), "not a folder (criterion's output, e.g. target/criterion)")
    # A plain listing; core picks the runs out of it (the command's rule).
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    return [
        _native.parse_criterion(str(root / run), _read(root / bench), _read(root / estimates), _read(root / sample))
        for run, bench, estimates, sample in _native.criterion_runs(files)
    ]


def _io_error(name: str, message: str) -> EmpreinteError:
    """An :class:`IoError` for a file, with its ``source`` (as core's)."""
    e = BY_CODE["io"](f"{name}: I/O error: {message}")
    e.source = name
    return e


def _read(path: str | os.PathLike[str]) -> str:
    """An SCI input file as text, by core's rule (a directory, an
    unreadable file, bytes that are not UTF-8: typed errors, as in the
    command)."""
    return _native.read_sci_file(os.fspath(path))


def _benchmarks(
    criterion_dir: str | os.PathLike[str] | None,
    pytest_benchmark: str | os.PathLike[str] | None,
    benchmarks: Sequence[SciBenchmark] | None,
) -> list[_Benchmark] | None:
    """R's benchmarks from the files (or given), or ``None`` when R is not
    benchmark iterations. An empty list (nothing matched the filter) is
    core's error."""
    given = [x is not None for x in (criterion_dir, pytest_benchmark, benchmarks)]
    if sum(given) > 1:
        raise TypeError("give one of criterion_dir, pytest_benchmark and benchmarks")
    if criterion_dir is not None:
        found = _criterion(criterion_dir)
    elif pytest_benchmark is not None:
        found = _native.parse_pytest_benchmark(os.fspath(pytest_benchmark), _read(pytest_benchmark))
    elif benchmarks is not None:
        found = [
            (b.id, b.iterations, b.measured_time_s, b.elements_per_iteration, b.noise_rel, b.source)
            for b in benchmarks
        ]
    else:
        return None
    # All of them: core reports those matching ``bench_filter`` and keeps
    # the others' share of the run.
    return found


def sci(
    *,
    wall_time_s: float,
    cpu_time_s: float,
    vcpus: float,
    zone: str = DEFAULT_ZONE,
    year: int | None = None,
    machine: str = DEFAULT_MACHINE,
    memory_gb: float | None = None,
    rapl_energy_kwh: float | None = None,
    embodied_kgco2e: float | None = None,
    lifespan_years: float | None = None,
    host_vcpus: float | None = None,
    per: float | None = None,
    criterion_dir: str | os.PathLike[str] | None = None,
    pytest_benchmark: str | os.PathLike[str] | None = None,
    benchmarks: Sequence[SciBenchmark] | None = None,
    bench_filter: str | None = None,
) -> SciResult:
    """The Software Carbon Intensity of a measured run, ``((E × I) + M) per
    R`` (ISO/IEC 21031:2024), as ``empreinte sci`` computes it.

    Args:
        wall_time_s: wall-clock time of the run (TiR), seconds, > 0.
        cpu_time_s: CPU time of the run (user + system), seconds, >= 0.
        vcpus: vCPUs reserved by the run (RR), > 0.
        zone: grid zone (ISO 3166-1 alpha-2, ``EU27``, ``WORLD``).
        year: calendar year of the grid intensity (default: this year).
        machine: machine archetype: ``ci_runner_vm`` (a VM share of a rack
            server), ``rack_server``, ``laptop``.
        memory_gb: memory reserved, GB (default: vCPUs × the machine's GB per vCPU).
        rapl_energy_kwh: processor energy read from hardware counters (RAPL)
            over the run, kWh; E is then ``(this + memory) × PUE`` (method
            ``rapl``), else modelled from CPU time (``cpu_time_model``).
        embodied_kgco2e, lifespan_years, host_vcpus: TE, EL and ToR of the
            host, replacing the machine's.
        per: R = this many operations (> 0) done by the run.
        criterion_dir: R = the iterations measured by criterion (every
            benchmark under this folder, e.g. ``target/criterion``).
        pytest_benchmark: R = the iterations of a pytest-benchmark JSON file.
        benchmarks: R = the iterations of these benchmarks.
        bench_filter: only benchmarks whose id contains this text.

    Without ``per`` or benchmarks, R is one run.

    >>> import empreinte
    >>> r = empreinte.sci(wall_time_s=120, cpu_time_s=180, vcpus=4, zone="BE", year=2023, per=1000)
    >>> r.energy_method, r.functional_unit
    ('cpu_time_model', 'operation')
    >>> round(r.sci_gco2e_per_unit, 9)
    0.000108612

    Raises:
        InvalidOptionError: an unknown machine (``column == "machine"``).
        UnknownCountryError: a zone without data (``column == "zone"``).
        OutOfRangeError: a time, vCPU count, memory or R that is negative
            or zero (``column`` names the argument).
        IoError: a benchmark file that cannot be read.
    """
    found = _benchmarks(criterion_dir, pytest_benchmark, benchmarks)
    text = _native.sci(
        machine,
        zone,
        _current_year() if year is None else year,
        float(vcpus),
        float(wall_time_s),
        float(cpu_time_s),
        rapl_energy_kwh=rapl_energy_kwh,
        memory_gb=memory_gb,
        embodied_kgco2e=embodied_kgco2e,
        lifespan_years=lifespan_years,
        host_vcpus=host_vcpus,
        per=per,
        benchmarks=found,
        bench_filter=bench_filter,
    )
    return SciResult._from_json(text)


def sci_report(
    measurement: SciResult | str | os.PathLike[str],
    *,
    per: float | None = None,
    criterion_dir: str | os.PathLike[str] | None = None,
    pytest_benchmark: str | os.PathLike[str] | None = None,
    benchmarks: Sequence[SciBenchmark] | None = None,
    bench_filter: str | None = None,
    machine: str | None = None,
    zone: str | None = None,
    year: int | None = None,
    vcpus: float | None = None,
    memory_gb: float | None = None,
    embodied_kgco2e: float | None = None,
    lifespan_years: float | None = None,
    host_vcpus: float | None = None,
) -> SciResult:
    """The SCI of a run measured before, recomputed (``empreinte sci
    report``): typically R read from the benchmark files the run wrote.

    Args:
        measurement: a result (``measure(...).result``, :func:`sci`), or
            the JSON of ``empreinte sci ... --format json`` (a path, or
            the text).
        per, criterion_dir, pytest_benchmark, benchmarks, bench_filter: the
            functional unit, as in :func:`sci` (default: the measurement's).
        machine, zone, year, vcpus, memory_gb, embodied_kgco2e,
            lifespan_years, host_vcpus: replace the measurement's.

    >>> import empreinte
    >>> run = empreinte.sci(wall_time_s=30, cpu_time_s=55, vcpus=2, zone="FR", year=2024)
    >>> bench = empreinte.SciBenchmark("engine", iterations=630, measured_time_s=16)
    >>> per_iteration = empreinte.sci_report(run, benchmarks=[bench])
    >>> per_iteration.functional_unit, per_iteration.r
    ('iteration', 630.0)
    >>> abs(per_iteration.sci_gco2e_per_unit * 630 - run.sci_gco2e_per_unit) < 1e-12
    True
    """
    if isinstance(measurement, SciResult):
        inputs, unit = dict(measurement.inputs), dict(measurement.unit)
    else:
        if isinstance(measurement, str) and measurement.lstrip().startswith("{"):
            name, text = "measurement", measurement
        else:
            name, text = os.fspath(measurement), _read(measurement)
        inputs_json, unit_json = _native.sci_saved(name, text)
        inputs, unit = json.loads(inputs_json), json.loads(unit_json)
    replace = {
        "machine": machine,
        "zone": zone,
        "year": year,
        "vcpus": vcpus,
        "memory_gb": memory_gb,
        "embodied_kgco2e": embodied_kgco2e,
        "lifespan_years": lifespan_years,
        "host_vcpus": host_vcpus,
    }
    inputs |= {k: v for k, v in replace.items() if v is not None}
    found = _benchmarks(criterion_dir, pytest_benchmark, benchmarks)
    left_out_s = 0.0
    if per is None and found is None:  # the measurement's own unit
        per = unit.get("count")
        if unit["kind"] == "iterations":
            left_out_s = unit.get("other_measured_time_s", 0.0)
            found = [(b["id"], b["iterations"], b["measured_time_s"], b.get("elements_per_iteration"),
                      b.get("noise_rel"), b["source"]) for b in unit["benchmarks"]]
    m = inputs["measurement"]
    text = _native.sci(
        inputs["machine"],
        inputs["zone"],
        inputs["year"],
        float(inputs["vcpus"]),
        m["wall_time_s"],
        m["cpu_time_s"],
        rapl_energy_kwh=m.get("rapl_energy_kwh"),
        rapl_status=m.get("rapl_status"),
        memory_gb=inputs.get("memory_gb"),
        embodied_kgco2e=inputs.get("embodied_kgco2e"),
        lifespan_years=inputs.get("lifespan_years"),
        host_vcpus=inputs.get("host_vcpus"),
        per=per,
        benchmarks=found,
        command=m.get("command", []),
        exit_code=m.get("exit_code"),
        bench_filter=bench_filter,
        other_measured_time_s=left_out_s,
        # A saved run whose command left processes running keeps its note.
        processes_outliving=int(m.get("processes_outliving", 0)),
    )
    return SciResult._from_json(text)


class measure:  # noqa: N801  (a context manager used as a function: `with empreinte.measure(...)`)
    """Measures a block of code and computes its SCI when it ends.

    >>> import empreinte
    >>> with empreinte.measure(zone="BE", year=2023, machine="laptop", per=1000) as m:
    ...     total = sum(i * i for i in range(100_000))
    >>> m.result.energy_method, m.result.functional_unit
    ('cpu_time_model', 'operation')
    >>> m.result.energy_kwh > 0 and m.result.sci_gco2e_per_unit > 0
    True

    What is measured: the wall time of the block (``time.perf_counter``)
    and the CPU time of the **Python process** over it
    (``time.process_time``: user + system, every thread of the process, so
    native code running in threads of polars or empreinte counts; child
    processes, such as ``subprocess.run``, and other processes do not; nor
    does other work the process does meanwhile, which counts). E is then
    modelled from CPU time (method ``cpu_time_model``); hardware counters
    are not read. ``vcpus`` defaults to the CPUs the process may use, as
    ``empreinte sci run``.

    The arguments are those of :func:`sci` without the times; they are
    checked when the block starts (a bad zone fails before the block
    runs). A block that raises still gets its result (``exit_code`` 1,
    note ``command_failed``), and the exception propagates.
    """

    #: The SCI of the block, once it has ended (``None`` before).
    result: SciResult | None
    #: Wall time of the block, seconds (``None`` before it ends).
    wall_time_s: float | None
    #: CPU time of the process over the block, seconds (``None`` before it ends).
    cpu_time_s: float | None

    def __init__(
        self,
        *,
        zone: str = DEFAULT_ZONE,
        year: int | None = None,
        machine: str = DEFAULT_MACHINE,
        vcpus: float | None = None,
        memory_gb: float | None = None,
        embodied_kgco2e: float | None = None,
        lifespan_years: float | None = None,
        host_vcpus: float | None = None,
        per: float | None = None,
    ) -> None:
        self._args: dict[str, Any] = {
            "machine": machine,
            "zone": zone,
            "year": _current_year() if year is None else year,
            "vcpus": float(_available_vcpus() if vcpus is None else vcpus),
            "memory_gb": memory_gb,
            "embodied_kgco2e": embodied_kgco2e,
            "lifespan_years": lifespan_years,
            "host_vcpus": host_vcpus,
            "per": per,
        }
        self.result = None
        self.wall_time_s = None
        self.cpu_time_s = None
        self._start = (0.0, 0.0)

    def _compute(self, wall_time_s: float, cpu_time_s: float, exit_code: int) -> SciResult:
        a = self._args
        text = _native.sci(
            a["machine"],
            a["zone"],
            a["year"],
            a["vcpus"],
            wall_time_s,
            cpu_time_s,
            rapl_status=_NO_COUNTER,
            memory_gb=a["memory_gb"],
            embodied_kgco2e=a["embodied_kgco2e"],
            lifespan_years=a["lifespan_years"],
            host_vcpus=a["host_vcpus"],
            per=a["per"],
            exit_code=exit_code,
        )
        return SciResult._from_json(text)

    def __enter__(self) -> measure:
        self._compute(1.0, 0.0, 0)  # checks the arguments before the block runs
        self._start = (time.perf_counter(), time.process_time())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        wall = time.perf_counter() - self._start[0]
        cpu = time.process_time() - self._start[1]
        # A block shorter than the clock's tick still took time.
        self.wall_time_s = max(wall, time.get_clock_info("perf_counter").resolution)
        self.cpu_time_s = max(cpu, 0.0)
        self.result = self._compute(self.wall_time_s, self.cpu_time_s, 0 if exc_type is None else 1)
