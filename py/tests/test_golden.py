"""The golden cases shared with the Rust and JavaScript suites, through
``assess`` from a CSV path, CSV text, a polars DataFrame read from it, and a
list of dicts; factor tables (``factors_csv``) as files and as text.

One comparison rule everywhere (golden/cases.json, "about"):
``abs(got - want) <= tolerance_rel * max(abs(want), 1) + 1e-9``; an expected
null means the value is missing (None)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte

ROOT = Path(__file__).resolve().parents[2]
CASES: list[dict[str, Any]] = json.loads((ROOT / "golden" / "cases.json").read_text())["cases"]


def _close(got: Any, want: Any, tolerance_rel: float) -> bool:
    if want is None:
        return got is None
    if isinstance(want, str):
        return bool(got == want)
    if got is None:
        return False
    return bool(abs(got - want) <= tolerance_rel * max(abs(want), 1) + 1e-9)


def test_the_rule() -> None:
    assert _close(1.0 + 1e-10, 1.0, 0) and not _close(1.0 + 1e-8, 1.0, 0)
    assert _close(1000.5, 1000.0, 1e-3) and not _close(1002.0, 1000.0, 1e-3)
    assert _close(None, None, 0) and not _close(0.0, None, 0) and not _close(None, 0.0, 0)


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
    # The cases list criteria without data as null: every criterion, as the command's golden test
    # runs `--all-criteria`.
    return {"year": o["year"], "mode": o["mode"], "by": o["by"], "country": o["country"], "all_criteria": True}


def _factor_texts(case: dict[str, Any]) -> list[str]:
    return [table["csv"] for table in case.get("factors_csv", [])]


def _factor_files(case: dict[str, Any], folder: Path) -> list[Path]:
    paths = []
    for table in case.get("factors_csv", []):
        path = folder / table["name"]
        path.parent.mkdir(parents=True, exist_ok=True)  # a name may hold a folder
        path.write_text(table["csv"])
        paths.append(path)
    return paths


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_report_table(case: dict[str, Any]) -> None:
    """``report(...).table`` holds the golden values (not merely what ``assess`` gives)."""
    r = empreinte.report(case["inventory_csv"], **_options(case), factors=_factor_texts(case) or None)
    _check(r.table, case)


def test_cases_are_there() -> None:
    assert len(CASES) >= 10
    assert any("factors_csv" in case for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_path(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(case["inventory_csv"])
    factors = _factor_files(case, tmp_path)
    _check(empreinte.assess(path, **_options(case), factors=factors), case)
    _check(empreinte.assess(str(path), **_options(case), factors=factors), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_text(case: dict[str, Any]) -> None:
    _check(empreinte.assess(case["inventory_csv"], **_options(case), factors=_factor_texts(case)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_dataframe(case: dict[str, Any]) -> None:
    df = _frame(case["inventory_csv"], infer_schema_length=None)
    _check(empreinte.assess(df, **_options(case), factors=_factor_texts(case)), case)
    _check(empreinte.assess(df.lazy(), **_options(case), factors=_factor_texts(case)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_from_list_of_dicts(case: dict[str, Any]) -> None:
    df = _frame(case["inventory_csv"], infer_schema_length=None)
    _check(empreinte.assess(df.to_dicts(), **_options(case), factors=_factor_texts(case)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_text_columns_are_parsed_as_numbers(case: dict[str, Any]) -> None:
    """Every column read as text (as from a spreadsheet export) gives the same numbers."""
    df = _frame(case["inventory_csv"], infer_schema_length=0)
    _check(empreinte.assess(df, **_options(case), factors=_factor_texts(case)), case)
