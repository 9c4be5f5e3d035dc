"""The golden cases shared with the Rust and JavaScript suites, through
``assess`` from a CSV path, a polars DataFrame read from it, and a list of dicts."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte

ROOT = Path(__file__).resolve().parents[2]
CASES: list[dict[str, Any]] = json.loads((ROOT / "golden" / "cases.json").read_text())["cases"]


def _close(actual: Any, expected: Any, rel: float) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, str):
        return bool(actual == expected)
    if actual is None:
        return False
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-9)


def _check(df: pl.DataFrame, case: dict[str, Any]) -> None:
    expected = case["expected"]
    assert df.height == len(expected), df
    for got, want in zip(df.iter_rows(named=True), expected, strict=True):
        for column, value in want.items():
            assert column in got, f"{case['name']}: no column {column}"
            assert _close(got[column], value, case["tolerance_rel"]), (
                f"{case['name']}: {column} = {got[column]!r}, expected {value!r}"
            )


def _frame(text: str, **kw: Any) -> pl.DataFrame:
    """The CSV as a DataFrame, read as a spreadsheet user would (`;` files use decimal commas)."""
    header = text.split("\n", 1)[0]
    if header.count(";") > header.count(","):
        kw |= {"separator": ";", "decimal_comma": True}
    return pl.read_csv(io.StringIO(text), **kw)


def _options(case: dict[str, Any]) -> dict[str, Any]:
    o = case["options"]
    return {"year": o["year"], "mode": o["mode"], "by": o["by"], "country": o["country"]}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_path(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(case["inventory_csv"])
    _check(empreinte.assess(path, **_options(case)), case)
    _check(empreinte.assess(str(path), **_options(case)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_dataframe(case: dict[str, Any]) -> None:
    df = _frame(case["inventory_csv"], infer_schema_length=None)
    _check(empreinte.assess(df, **_options(case)), case)
    _check(empreinte.assess(df.lazy(), **_options(case)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_list_of_dicts(case: dict[str, Any]) -> None:
    df = _frame(case["inventory_csv"], infer_schema_length=None)
    _check(empreinte.assess(df.to_dicts(), **_options(case)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_text_columns_are_parsed_as_numbers(case: dict[str, Any]) -> None:
    """Every column read as text (as from a spreadsheet export) gives the same numbers."""
    df = _frame(case["inventory_csv"], infer_schema_length=0)
    _check(empreinte.assess(df, **_options(case)), case)
