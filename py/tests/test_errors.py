"""Every core error kind has its own exception class; input errors are
ValueErrors that carry the row (or line) and the column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte
from empreinte import _errors, _native

ROW: dict[str, Any] = {
    "entity": "Town hall",
    "kind": "laptop",
    "quantity": 10,
    "purchase_year": 2021,
    "country": "BE",
}


def test_every_code_has_its_own_class() -> None:
    assert set(_native.ERROR_CODES) == set(_errors.BY_CODE), "a core error code has no Python class"
    assert tuple(_native.ERROR_CODES) == empreinte.ERROR_CODES
    for code in _native.ERROR_CODES:
        cls = _errors.BY_CODE[code]
        assert cls is not empreinte.EmpreinteError and cls is not empreinte.InputError
        assert cls.code == code
        assert issubclass(cls, empreinte.EmpreinteError)
        assert getattr(empreinte, cls.__name__) is cls, f"{cls.__name__} is not exported"
        is_input = code in _native.INPUT_ERROR_CODES
        assert issubclass(cls, ValueError) == is_input, code
        assert issubclass(cls, empreinte.InputError) == is_input, code
    assert issubclass(empreinte.IoError, OSError)


def _raises(code: str, call: Any) -> empreinte.EmpreinteError:
    with pytest.raises(empreinte.EmpreinteError) as info:
        call()
    err = info.value
    assert type(err) is _errors.BY_CODE[code], f"{code}: got {type(err).__name__}: {err}"
    assert err.code == code
    return err


def _df(**changes: Any) -> pl.DataFrame:
    return pl.DataFrame([ROW, {**ROW, **changes}], infer_schema_length=None)


def _assess(inventory: Any, **kw: Any) -> Any:
    return lambda: empreinte.assess(inventory, year=kw.pop("year", 2023), **kw)


def _csv(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "fleet.csv"
    p.write_text(text)
    return p


HEADER = "entity,kind,quantity,purchase_year,country\n"

# One real trigger per code, from a DataFrame (row + column) or a CSV file
# (line + column). `dataset` cannot come from user input with the embedded
# catalog; it is covered by the class walk above.
TRIGGERS: dict[str, Any] = {
    "malformed_csv": lambda t: _assess(_csv(t, HEADER + "a,laptop,1,2020,BE,extra\n")),
    "empty_inventory": lambda t: _assess(_csv(t, HEADER)),
    "missing_column": lambda t: _assess(pl.DataFrame({"entity": ["a"], "kind": ["laptop"]})),
    "unknown_column": lambda t: _assess(_df().rename({"quantity": "quantty"})),
    "missing_value": lambda t: _assess(_df(quantity=None)),
    "invalid_number": lambda t: _assess(_df(quantity="12 pcs")),
    "not_finite": lambda t: _assess(_df(quantity=float("nan"))),
    "out_of_range": lambda t: _assess(_df(quantity=-1)),
    "invalid_date": lambda t: _assess(_df(purchase_year=None, purchase_date="March 2021")),
    "unknown_kind": lambda t: _assess(_df(kind="lapotp")),
    "unknown_country": lambda t: _assess(_df(country="XX")),
    "missing_country": lambda t: _assess(_df(country=None)),
    "invalid_criterion": lambda t: _assess(
        _df(),
        factors=_csv(t, "criterion,unit,kind,phase,value,low,high,source\ngwp,g,laptop,manufacture,1,,,x\n"),
    ),
    "invalid_option": lambda t: _assess(_df(), mode="yearly"),
    "io": lambda t: _assess(t / "does-not-exist.csv"),
}


def test_every_triggerable_code_is_covered() -> None:
    assert set(TRIGGERS) | {"dataset"} == set(_native.ERROR_CODES)


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_real_error(code: str, tmp_path: Path) -> None:
    err = _raises(code, TRIGGERS[code](tmp_path))
    assert str(err)


def test_dataframe_errors_name_row_and_column() -> None:
    err = _raises("unknown_kind", _assess(_df(kind="lapotp")))
    assert (err.source, err.row, err.line, err.column) == ("inventory", 1, None, "kind")
    assert "did you mean `laptop`" in str(err)
    assert isinstance(err, ValueError)


def test_row_index_spans_batches() -> None:
    good = pl.DataFrame([ROW] * 5)
    bad = pl.DataFrame([{**ROW, "quantity": 0}])
    df = pl.concat([good, good, bad], rechunk=False)
    assert df.n_chunks() > 1
    err = _raises("out_of_range", _assess(df))
    assert (err.row, err.column) == (10, "quantity")


def test_csv_errors_name_line_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + "a,laptop,1,2020,BE\nb,laptop,x,2020,BE\n")
    err = _raises("invalid_number", _assess(path))
    assert (err.line, err.column, err.row) == (3, "quantity", None)
    assert err.source == str(path)


def test_io_error_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        empreinte.assess(tmp_path / "nope.csv", year=2023)
    with pytest.raises(OSError):
        empreinte.assess(_df(), year=2023, factors=tmp_path / "nope.csv")


def test_bad_inventory_type() -> None:
    with pytest.raises(TypeError):
        empreinte.assess(42, year=2023)  # type: ignore[arg-type]
