"""Software Carbon Intensity through Python: the specification's worked
example, the golden cases of golden/sci_cases.json (given values, criterion
files, pytest-benchmark files), ``measure`` around real code, ``sci_report``,
the command's numbers, and typed errors with their location.

One comparison rule everywhere (golden/sci_cases.json, "about"):
``abs(got - want) <= tolerance_rel * max(abs(want), 1) + 1e-9``."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
from pathlib import Path
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

import empreinte
from empreinte import _native

ROOT = Path(__file__).resolve().parents[2]
DOC: dict[str, Any] = json.loads((ROOT / "golden" / "sci_cases.json").read_text())
CASES: list[dict[str, Any]] = DOC["cases"]


def _close(got: float, want: float, tolerance_rel: float) -> bool:
    return abs(got - want) <= tolerance_rel * max(abs(want), 1) + 1e-9


def _kwargs(case: dict[str, Any]) -> dict[str, Any]:
    i = case["inputs"]
    return {k: i[k] for k in ("machine", "vcpus", "memory_gb", "zone", "year", "wall_time_s", "cpu_time_s",
                              "rapl_energy_kwh", "embodied_kgco2e", "lifespan_years", "host_vcpus")}


def _check(result: empreinte.SciResult, case: dict[str, Any], *, elements: bool = True) -> None:
    """Every expected value of the case; `id: field` keys are per benchmark."""
    got = json.loads(result.json)
    by_id = {b["id"]: b for b in got["benchmarks"]}
    for key, want in case["expected"].items():
        if ": " in key:
            id_, field = key.split(": ", 1)
            if field.endswith("_elements") and not elements:
                continue
            value = by_id[id_][field]
            # The object's benchmarks frame holds the golden value on its own.
            if field in result.benchmarks.columns:
                cell = result.benchmarks.filter(pl.col("id") == id_)[field][0]
                assert _close(cell, want, case["tolerance_rel"]), f"{case['name']}: benchmarks[{key}] = {cell}, expected {want}"
        else:
            value = got[key]
            # The object's field, read from the JSON by the wrapper, is checked
            # against the golden value on its own (not against the JSON).
            attribute = getattr(result, key)
            assert _close(attribute, want, case["tolerance_rel"]), f"{case['name']}: .{key} = {attribute}, expected {want}"
        assert _close(value, want, case["tolerance_rel"]), f"{case['name']}: {key} = {value}, expected {want}"


def _benchmarks(case: dict[str, Any]) -> list[empreinte.SciBenchmark]:
    return [
        empreinte.SciBenchmark(b["id"], b["iterations"], b["measured_time_s"], b["elements_per_iteration"],
                               b["noise_rel"], b["source"])
        for b in case["unit"].get("benchmarks", [])
    ]


def _unit(case: dict[str, Any]) -> dict[str, Any]:
    unit = case["unit"]
    if unit["kind"] == "operations":
        return {"per": unit["count"]}
    if unit["kind"] == "iterations":
        return {"benchmarks": _benchmarks(case)}
    return {}


def test_the_rule() -> None:
    assert "tolerance_rel * max(abs(want), 1) + 1e-9" in DOC["about"]
    assert _close(1.0 + 1e-10, 1.0, 0) and not _close(1.0 + 1e-8, 1.0, 0)
    assert len(CASES) >= 4
    assert {c["unit"]["kind"] for c in CASES} == {"run", "operations", "iterations"}


def test_the_specification_embodied_example_is_28_54_g() -> None:
    # TE 1,000 kg, EL 4 years, the whole device reserved 1 hour:
    # M = 1000 × 1 / (4 × 365 × 24) kg = 28.54 g ("around 28 g" in the specification).
    r = empreinte.sci(machine="laptop", vcpus=8, memory_gb=0, zone="BE", year=2023, wall_time_s=3600,
                      cpu_time_s=0, embodied_kgco2e=1000, lifespan_years=4)
    assert r.embodied_gco2e == pytest.approx(28.538812785, abs=1e-6)
    assert round(r.embodied_gco2e, 2) == 28.54
    assert r.resource_share == 1 and r.time_share == pytest.approx(1 / 35_040)
    assert r.embodied_gco2e_low == r.embodied_gco2e == r.embodied_gco2e_high  # user TE: exact
    assert r.functional_unit == "run" and r.r == 1
    assert r.sci_gco2e_per_unit == pytest.approx(r.operational_gco2e + r.embodied_gco2e)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    _check(empreinte.sci(**_kwargs(case), **_unit(case)), case)


ITERATION_CASES = [c for c in CASES if c["unit"]["kind"] == "iterations"]


def _write_criterion(case: dict[str, Any], folder: Path) -> None:
    """Criterion's files for the case's benchmarks (sums of `iters` and
    `times`, ns; the mean's 95 % interval gives the noise)."""
    for i, b in enumerate(case["unit"]["benchmarks"]):
        new = folder / f"group{i}" / "bench" / "new"
        new.mkdir(parents=True)
        mean = b["measured_time_s"] * 1e9 / b["iterations"]
        half = b["noise_rel"] * mean
        (new / "benchmark.json").write_text(
            json.dumps({"full_id": b["id"], "throughput": {"Elements": b["elements_per_iteration"]}})
        )
        (new / "estimates.json").write_text(json.dumps(
            {"mean": {"point_estimate": mean, "confidence_interval": {"lower_bound": mean - half,
                                                                      "upper_bound": mean + half}}}
        ))
        (new / "sample.json").write_text(json.dumps(
            {"iters": [b["iterations"] / 2] * 2, "times": [b["measured_time_s"] * 1e9 / 2] * 2}
        ))
    # criterion's own report and the previous run: never read
    (folder / "report").mkdir()
    base = folder / "group0" / "bench" / "base"
    base.mkdir()
    (base / "estimates.json").write_text("not read")


@pytest.mark.parametrize("case", ITERATION_CASES, ids=[c["name"] for c in ITERATION_CASES])
def test_golden_case_from_criterion_files(case: dict[str, Any], tmp_path: Path) -> None:
    _write_criterion(case, tmp_path)
    r = empreinte.sci(**_kwargs(case), criterion_dir=tmp_path)
    _check(r, case)
    assert r.noise_rel is not None and r.benchmarks["noise_rel"].to_list() == pytest.approx(
        [b["noise_rel"] for b in case["unit"]["benchmarks"]]
    )
    assert any(n.code == "benchmark_overhead" for n in r.notes)
    only = empreinte.sci(**_kwargs(case), criterion_dir=tmp_path, bench_filter="entity+kind")
    assert only.benchmarks["id"].to_list() == ["engine/by entity+kind"]


@pytest.mark.parametrize("case", ITERATION_CASES, ids=[c["name"] for c in ITERATION_CASES])
def test_golden_case_from_pytest_benchmark(case: dict[str, Any], tmp_path: Path) -> None:
    # rounds × iterations per round; total sums per-iteration round times
    benchmarks = [
        {"fullname": b["id"], "stats": {"rounds": b["iterations"] / 2, "iterations": 2,
                                        "total": b["measured_time_s"] / 2,
                                        "mean": b["measured_time_s"] / b["iterations"], "stddev": 0.0}}
        for b in case["unit"]["benchmarks"]
    ]
    path = tmp_path / "bench.json"
    path.write_text(json.dumps({"benchmarks": benchmarks}))
    _check(empreinte.sci(**_kwargs(case), pytest_benchmark=path), case, elements=False)


def test_result_fields_are_those_of_the_command_json() -> None:
    r = empreinte.sci(wall_time_s=120, cpu_time_s=180, vcpus=4, zone="BE", year=2023, per=1000)
    document = json.loads(r.json)
    fields = {f.name for f in dataclasses.fields(empreinte.SciResult)} - {"json"}
    assert fields == set(document), "SciResult and core's Sci serialization differ"
    frame = r.frame()
    assert frame.height == 1
    for column in ("energy_kwh", "intensity_gco2e_per_kwh", "embodied_gco2e", "sci_gco2e_per_unit", "r",
                   "energy_method", "wall_time_s", "cpu_time_s", "zone", "vcpus"):
        assert column in frame.columns, column
    assert frame["sci_gco2e_per_unit"][0] == r.sci_gco2e_per_unit
    assert frame["noise_rel"][0] is None and frame["memory_gb"][0] is None  # missing, not 0
    assert frame.schema["noise_rel"] == pl.Float64
    assert pl.concat([frame, empreinte.sci(wall_time_s=1, cpu_time_s=1, vcpus=1, zone="FR").frame()]).height == 2
    assert r.sources.columns == ["item", "dataset", "reference", "licence"]
    assert "sci-machines 2027.2" in r.sources["dataset"].to_list()
    assert {"energy_modelled", "grid_yearly", "location_based"} <= {n.code for n in r.notes}
    assert "ccf_aws_average" in r.energy_model
    assert r.benchmarks.height == 0 and "sci_gco2e_per_iteration" in r.benchmarks.columns


def test_rapl_energy_names_the_method() -> None:
    r = empreinte.sci(machine="rack_server", vcpus=96, zone="DE", year=2022, wall_time_s=60, cpu_time_s=100,
                      rapl_energy_kwh=0.002)
    assert r.energy_method == "rapl" and r.cpu_energy_kwh == 0.002
    assert not any(n.code == "energy_modelled" for n in r.notes)


def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def test_measure_a_busy_loop() -> None:
    m = empreinte.measure(zone="BE", machine="laptop", per=1000)
    assert m.result is None
    with m as inside:
        assert inside is m
        _busy(300_000)
    r = m.result
    assert r is not None
    assert m.wall_time_s is not None and m.wall_time_s > 0
    assert m.cpu_time_s is not None and m.cpu_time_s > 0
    assert r.energy_kwh > 0 and r.embodied_gco2e > 0 and r.sci_gco2e_per_unit > 0
    assert r.energy_method == "cpu_time_model" and r.functional_unit == "operation" and r.r == 1000
    values = r.frame().select(pl.selectors.float()).row(0)
    assert all(v is None or math.isfinite(v) for v in values)
    assert r.inputs["measurement"]["wall_time_s"] == m.wall_time_s
    assert r.inputs["measurement"]["cpu_time_s"] == m.cpu_time_s
    modelled = next(n for n in r.notes if n.code == "energy_modelled")
    assert "CPU time of the Python process" in modelled.message
    assert r.exit_code == 0


def test_measure_defaults_to_the_cpus_of_the_process() -> None:
    with empreinte.measure(zone="FR", vcpus=None) as m:
        pass
    assert m.result is not None
    assert m.result.inputs["vcpus"] >= 1 and m.result.inputs["machine"] == "ci_runner_vm"


def test_measure_checks_its_arguments_before_the_block() -> None:
    ran = []
    with pytest.raises(empreinte.UnknownCountryError) as info:
        with empreinte.measure(zone="XX"):
            ran.append(1)
    assert ran == [] and (info.value.source, info.value.column) == ("options", "zone")
    with pytest.raises(empreinte.OutOfRangeError) as out:
        with empreinte.measure(zone="BE", per=0):
            ran.append(1)
    assert ran == [] and out.value.column == "per"


def test_a_block_that_raises_still_has_its_result() -> None:
    m = empreinte.measure(zone="BE")
    with pytest.raises(KeyError):
        with m:
            _busy(1000)
            raise KeyError("boom")
    assert m.result is not None and m.result.exit_code == 1
    assert any(n.code == "command_failed" for n in m.result.notes)


def test_sci_report_recomputes_a_result(tmp_path: Path) -> None:
    run = empreinte.sci(wall_time_s=30, cpu_time_s=55, vcpus=2, zone="FR", year=2030, per=10)
    same = empreinte.sci_report(run)
    assert same.sci_gco2e_per_unit == run.sci_gco2e_per_unit and same.r == 10  # the saved unit
    saved = tmp_path / "run.json"
    saved.write_text(run.json)
    assert empreinte.sci_report(saved).sci_gco2e_per_unit == run.sci_gco2e_per_unit
    assert empreinte.sci_report(str(saved)).json == empreinte.sci_report(run.json).json
    per_run = empreinte.sci_report(run, per=1)
    assert per_run.sci_gco2e_per_unit == pytest.approx(run.total_gco2e)
    elsewhere = empreinte.sci_report(run, zone="PL")
    assert elsewhere.intensity_gco2e_per_kwh > run.intensity_gco2e_per_kwh


def test_sci_report_reads_criterion_files(tmp_path: Path) -> None:
    case = ITERATION_CASES[0]
    _write_criterion(case, tmp_path)
    inputs = _kwargs(case)
    run = empreinte.sci(**inputs)
    per_iteration = empreinte.sci_report(run, criterion_dir=tmp_path)
    _check(per_iteration, case)
    again = empreinte.sci_report(per_iteration)  # a saved unit of benchmarks
    assert again.json == per_iteration.json


def test_same_numbers_as_the_command(cli: Path, tmp_path: Path) -> None:
    case = ITERATION_CASES[0]
    _write_criterion(case, tmp_path / "criterion")
    python = empreinte.sci(**_kwargs(case), criterion_dir=tmp_path / "criterion")
    saved = tmp_path / "run.json"
    saved.write_text(python.json)
    out = subprocess.run([cli, "sci", "report", "--measurement", saved, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    command = json.loads(out)
    for key in ("sci_gco2e_per_unit", "energy_kwh", "intensity_gco2e_per_kwh", "embodied_gco2e", "r",
                "energy_method", "functional_unit", "notes", "sources", "benchmarks"):
        assert command[key] == json.loads(python.json)[key], key
    # and the command's own JSON reads back in Python
    assert empreinte.sci_report(out).sci_gco2e_per_unit == python.sci_gco2e_per_unit


BASE: dict[str, Any] = {"wall_time_s": 120, "cpu_time_s": 180, "vcpus": 4, "zone": "BE", "year": 2023}


@pytest.mark.parametrize(
    ("change", "error", "column"),
    [
        ({"per": 0}, empreinte.OutOfRangeError, "per"),
        ({"per": -5}, empreinte.OutOfRangeError, "per"),
        ({"per": math.nan}, empreinte.NotFiniteError, "per"),
        ({"zone": "XX"}, empreinte.UnknownCountryError, "zone"),
        ({"machine": "mainframe"}, empreinte.InvalidOptionError, "machine"),
        ({"wall_time_s": 0}, empreinte.OutOfRangeError, "wall_time_s"),
        ({"cpu_time_s": -1}, empreinte.OutOfRangeError, "cpu_time_s"),
        ({"vcpus": 500}, empreinte.OutOfRangeError, "vcpus"),
        ({"memory_gb": -1}, empreinte.OutOfRangeError, "memory_gb"),
        ({"lifespan_years": 0}, empreinte.OutOfRangeError, "lifespan_years"),
        ({"year": 3000}, empreinte.OutOfRangeError, "year"),
        ({"per": 2, "benchmarks": [empreinte.SciBenchmark("b", 1, 1)]}, empreinte.InvalidOptionError, "per"),
    ],
)
def test_bad_input_is_a_typed_error(change: dict[str, Any], error: type[empreinte.EmpreinteError],
                                    column: str) -> None:
    with pytest.raises(error) as info:
        empreinte.sci(**(BASE | change))
    assert isinstance(info.value, ValueError)
    assert (info.value.source, info.value.column) == ("options", column), info.value
    assert column in str(info.value)


def test_benchmark_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(empreinte.IoError) as io:
        empreinte.sci(**BASE, pytest_benchmark=tmp_path / "missing.json")
    assert isinstance(io.value, OSError) and io.value.source == str(tmp_path / "missing.json")
    with pytest.raises(empreinte.IoError):
        empreinte.sci(**BASE, criterion_dir=tmp_path / "nothing")
    bad = tmp_path / "bad.json"
    bad.write_text('{"benchmarks": [\n  {"stats": }]}')
    with pytest.raises(empreinte.InvalidOptionError) as malformed:
        empreinte.sci(**BASE, pytest_benchmark=bad)
    assert (malformed.value.source, malformed.value.line) == (str(bad), 2)
    bad.write_text('{"benchmarks": [{"stats": {"rounds": 0, "iterations": 1, "total": 1, "mean": 1, "stddev": 0}}]}')
    with pytest.raises(empreinte.OutOfRangeError) as zero:
        empreinte.sci(**BASE, pytest_benchmark=bad)
    assert zero.value.column == "stats.rounds"
    bad.write_text('{"benchmarks": [{"fullname": "a", "stats": {"rounds": 1, "iterations": 1, "total": 1, '
                   '"mean": 1, "stddev": 0}}]}')
    with pytest.raises(empreinte.MissingValueError):  # nothing matches the filter: no R, never a zero
        empreinte.sci(**BASE, pytest_benchmark=bad, bench_filter="zzz")
    with pytest.raises(TypeError):
        empreinte.sci(**BASE, pytest_benchmark=bad, criterion_dir=tmp_path)
    with pytest.raises(empreinte.MissingValueError) as missing:
        empreinte.sci_report(json.dumps({"unit": {"kind": "run"}}))
    assert (missing.value.source, missing.value.column) == ("measurement", "inputs")
    with pytest.raises(empreinte.InvalidOptionError) as shape:
        empreinte.sci_report(json.dumps({"inputs": {}, "unit": {"kind": "run"}}))
    assert shape.value.column == "inputs"


def test_criterion_runs_follow_cores_rule(tmp_path: Path) -> None:
    """Core picks the runs out of the listing (the command's rule): at any
    depth, never under ``report`` or ``base``; a folder that is itself one
    benchmark's is read too."""
    case = ITERATION_CASES[0]
    deep = tmp_path / "a" / "b" / "c" / "d" / "e" / "f" / "g" / "h" / "i"
    _write_criterion(case, deep)
    runs = _native.criterion_runs(
        [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    )
    assert [r[0] for r in runs] == [f"a/b/c/d/e/f/g/h/i/group{i}/bench" for i in range(len(case["unit"]["benchmarks"]))]
    r = empreinte.sci(**_kwargs(case), criterion_dir=tmp_path)
    assert r.benchmarks["id"].to_list() == [b["id"] for b in case["unit"]["benchmarks"]]
    own = empreinte.sci(**_kwargs(case), criterion_dir=deep / "group0" / "bench")
    assert own.benchmarks["id"].to_list() == [case["unit"]["benchmarks"][0]["id"]]


def test_a_benchmark_filter_is_used_or_refused() -> None:
    """Core's rule for R (issue 20): a filter without benchmarks is refused,
    never ignored, in sci and sci_report as in the command."""
    run = empreinte.sci(wall_time_s=1, cpu_time_s=1, vcpus=1, zone="FR", year=2024)
    calls: list[Callable[[], empreinte.SciResult]] = [
        lambda: empreinte.sci(wall_time_s=1, cpu_time_s=1, vcpus=1, zone="FR", year=2024, per=10, bench_filter="x"),
        lambda: empreinte.sci(wall_time_s=1, cpu_time_s=1, vcpus=1, zone="FR", year=2024, bench_filter="x"),
        lambda: empreinte.sci_report(run, bench_filter="x"),
    ]
    for call in calls:
        with pytest.raises(empreinte.InvalidOptionError) as e:
            call()
        assert e.value.column == "bench_filter"
