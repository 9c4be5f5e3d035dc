"""The organisation's GHG inventory through Python: the golden cases of
golden/ghg_cases.json (kind ``ghg``, from CSV text, files and DataFrames),
the same sections, notes and errors as ``empreinte ghg --format json``, and
the embedded illustrative organisation."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte

ROOT = Path(__file__).resolve().parents[2]
DOC: dict[str, Any] = json.loads((ROOT / "golden" / "ghg_cases.json").read_text())
CASES: list[dict[str, Any]] = [c for c in DOC["cases"] if c["kind"] == "ghg"]
DC_FILES = ("readings", "facility", "instruments", "tenants", "equipment")
SECTIONS = ("inventory", "total", "organisation", "entities", "tenants", "management_view", "memo")


def _close(got: float, want: float, tol: float) -> bool:
    return abs(got - want) <= tol * max(abs(want), 1) + 1e-9


def _text(value: str | None) -> str | None:
    """A case's CSV: inline, or ``@path`` of a file in the repository."""
    if value is None:
        return None
    return (ROOT / value[1:]).read_text() if value.startswith("@") else value


def _kwargs(case: dict[str, Any]) -> dict[str, Any]:
    i = case["inputs"]
    kw: dict[str, Any] = {
        "year": i["year"],
        "country": i["country"],
        "fleet_instruments": _text(i.get("instruments_csv")),
    }
    if isinstance(i.get("datacentre"), dict):
        dc = i["datacentre"]
        kw |= {f: _text(dc[f"{f}_csv"]) for f in DC_FILES}
        kw |= {"time_zone": dc["time_zone"], "allocation": "mix"}
    return kw


def _value(g: empreinte.GhgReport, key: str) -> float:
    """A golden key: ``name`` of the organisation, ``entity:NAME:name`` or
    ``tenant:NAME:name``, summed over the report columns the cases name."""
    parts = key.split(":")
    if len(parts) == 1:
        table, dimension, who, name = g.organisation, "entity", "(organisation)", key
    else:
        kind, who, name = parts
        t = g.entities if kind == "entity" else g.tenants
        assert t is not None, key
        table, dimension = t, kind
    row = table.filter(pl.col(dimension) == who)
    assert row.height == 1, (key, table)
    return sum(float(row[c][0]) for c in DOC["columns"][name])


def _check(g: empreinte.GhgReport, case: dict[str, Any]) -> int:
    for key, want in case["expected"].items():
        got = _value(g, key)
        assert _close(got, want, case["tolerance_rel"]), f"{case['name']}: {key} = {got}, expected {want}"
    return len(case["expected"])


def test_cases_are_there() -> None:
    assert len(CASES) >= 3
    assert any(isinstance(c["inputs"].get("datacentre"), dict) for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_from_text(case: dict[str, Any]) -> None:
    g = empreinte.ghg(_text(case["inputs"]["inventory_csv"]), **_kwargs(case))
    assert _check(g, case) > 5


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_from_files_and_a_dataframe(case: dict[str, Any], tmp_path: Path) -> None:
    """Files for every input but the inventory, a DataFrame for it."""
    kw = _kwargs(case)
    for name, value in list(kw.items()):
        if isinstance(value, str) and "\n" in value:
            path = tmp_path / f"{name}.csv"
            path.write_text(value)
            kw[name] = path
    inventory = pl.read_csv(io.StringIO(_text(case["inputs"]["inventory_csv"]) or ""), infer_schema_length=None)
    _check(empreinte.ghg(inventory, **kw), case)


def _rows_close(python: pl.DataFrame, command: list[dict[str, Any]]) -> None:
    assert python.height == len(command)
    for got, want in zip(python.iter_rows(named=True), command, strict=True):
        assert set(got) == set(want), set(got) ^ set(want)
        for column, value in want.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                # The command writes 10 significant digits: agree to 1e-9 relative.
                assert _close(got[column], value, 1e-9), (column, got[column], value)
            else:
                assert got[column] == value, (column, got[column], value)


def _command(cli: Path, *args: str) -> dict[str, Any]:
    run = subprocess.run([str(cli), "ghg", "--format", "json", *args], check=True, capture_output=True, text=True)
    out: dict[str, Any] = json.loads(run.stdout)
    return out


def _same(g: empreinte.GhgReport, out: dict[str, Any], messages: bool = True) -> None:
    """The same sections and notes (their messages too when the inputs have the same names)."""
    assert g.year == out["year"]
    names = [s["name"] for s in out["sections"]]
    assert names == [n for n in SECTIONS if getattr(g, n) is not None]
    for s in out["sections"]:
        _rows_close(getattr(g, s["name"]), s["rows"])
    if messages:
        assert [(n.code, n.message) for n in g.notes] == [(n["code"], n["message"]) for n in out["notes"]]
    else:
        assert [n.code for n in g.notes] == [n["code"] for n in out["notes"]]


def test_the_example_is_the_commands_example(cli: Path) -> None:
    g = empreinte.ghg()
    _same(g, _command(cli))
    assert g.year == 2022 and g.notes[0].code == "example_data" and "ILLUSTRATIVE" in g.notes[0].message
    assert g.tenants is not None and g.tenants.height >= 2
    # Scope 2 on the direct basis, category 3 on the upstream one: every
    # electricity line names its basis.
    basis = dict(zip(g.inventory["ghg_scope"], g.inventory["basis"], strict=True))
    assert basis["scope 2 (location-based)"] == "direct" and basis["scope 2 (market-based)"] == "direct"
    assert basis["scope 3 cat. 3 (fuel- and energy-related activities)"] == "upstream"
    assert "scope2_location_based_direct_kgco2e" in g.entities.columns
    assert g.management_view["ghg_scope"].to_list() == ["not a GHG Protocol scope"] * 2


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_same_sections_as_the_command(case: dict[str, Any], cli: Path, tmp_path: Path) -> None:
    kw = _kwargs(case)
    args = ["--year", str(kw["year"])]
    if kw["country"]:
        args += ["--country", kw["country"]]
    files = {"inventory": _text(case["inputs"]["inventory_csv"]), **{k: v for k, v in kw.items() if k in DC_FILES}}
    files["fleet-instruments"] = kw["fleet_instruments"]
    for name, text in files.items():
        if text is not None:
            path = tmp_path / f"{name}.csv"
            path.write_text(text)
            args += [str(path)] if name == "inventory" else [f"--{name}", str(path)]
    if "time_zone" in kw:
        args += ["--time-zone", kw["time_zone"], "--allocation", "mix"]
    # Files here, texts there: the notes naming a file differ by that name only.
    _same(empreinte.ghg(files["inventory"], **kw), _command(cli, *args), messages=False)


def test_errors_are_the_commands(cli: Path) -> None:
    """Instruments without an inventory: the same typed error, at the option."""
    instruments = "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,200\n"
    with pytest.raises(empreinte.MissingValueError) as e:
        empreinte.ghg(fleet_instruments=instruments, year=2022)
    assert e.value.column == "inventory"
    fleet = "entity,kind,quantity,purchase_year,lifespan_years\n"
    with pytest.raises(empreinte.MissingValueError) as e:
        empreinte.ghg(fleet + "Town hall,laptop,1,2022,4\n", country="BE")
    assert e.value.column == "year"
    run = subprocess.run([str(cli), "ghg", "--format", "json", "--fleet-instruments", "-", "--year", "2022"],
                         input=instruments, capture_output=True, text=True)  # fmt: skip
    assert run.returncode != 0 and json.loads(run.stdout or run.stderr)["error"]["code"] == "missing_value"
    with pytest.raises(empreinte.UnknownKindError) as k:
        empreinte.ghg(fleet + "Town hall,fridge,1,2022,4\n", year=2022, country="BE")
    assert k.value.line == 2 and k.value.column == "kind"
