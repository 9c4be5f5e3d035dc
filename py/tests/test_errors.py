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
    """Walks every code core reports: none falls into a base class."""
    assert tuple(_native.ERROR_CODES) == empreinte.ERROR_CODES
    assert set(_native.ERROR_CODES) == set(_errors.BY_CODE), "a core error code has no Python class"
    assert set(_native.INPUT_ERROR_CODES) < set(_native.ERROR_CODES)
    classes = list(_errors.BY_CODE.values())
    assert len(set(classes)) == len(classes), "two codes share a class"
    for code in _native.ERROR_CODES:
        cls = _errors.BY_CODE[code]
        assert cls is not empreinte.EmpreinteError and cls is not empreinte.InputError
        assert cls.code == code
        assert cls.__name__ == "".join(p.capitalize() for p in code.split("_")) + "Error"
        assert issubclass(cls, empreinte.EmpreinteError)
        assert cls.__name__ in empreinte.__all__, f"{cls.__name__} is not exported"
        assert getattr(empreinte, cls.__name__) is cls
        is_input = code in _native.INPUT_ERROR_CODES
        assert issubclass(cls, ValueError) == is_input, code
        assert issubclass(cls, empreinte.InputError) == is_input, code
        err = cls("message")
        for attribute in ("code", "source", "line", "row", "column"):
            assert hasattr(err, attribute), (code, attribute)
    assert issubclass(empreinte.IoError, OSError)
    assert not issubclass(empreinte.DatasetError, ValueError)


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


def _xlsx(tmp_path: Path) -> Path:
    """A workbook saved instead of exported (a ZIP archive)."""
    p = tmp_path / "fleet.xlsx"
    p.write_bytes(b"PK\x03\x04" + bytes(60))
    return p


HEADER = "entity,kind,quantity,purchase_year,country\n"

#: An archetype table adding `test_router`, embodied footprint only (no default energy).
ROUTER_TABLE = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "archetypes-router.csv"

# One real trigger per code, from a DataFrame (row + column) or a CSV file
# (line + column). `dataset` cannot come from user input with the embedded
# catalog (an inventory validated against another catalog than the
# assessment's, which this package never builds); it is covered by the
# class walk above.
TRIGGERS: dict[str, Any] = {
    "malformed_csv": lambda t: _assess(_csv(t, HEADER + "a,laptop,1,2020,BE,extra\n")),
    "empty_inventory": lambda t: _assess(_csv(t, HEADER)),
    "missing_column": lambda t: _assess(pl.DataFrame({"entity": ["a"], "kind": ["laptop"]})),
    "unknown_column": lambda t: _assess(_df().rename({"quantity": "quantty"})),
    "missing_value": lambda t: _assess(_df(quantity=None)),
    "invalid_number": lambda t: _assess(_df(quantity="12 pcs")),
    "ambiguous_number": lambda t: _assess(
        _csv(t, "entity;kind;quantity;purchase_year;lifespan_years;country\na;laptop;1;2020;1.5;BE\n")
    ),
    "not_finite": lambda t: _assess(_df(quantity=float("nan"))),
    "out_of_range": lambda t: _assess(_df(quantity=-1)),
    "invalid_date": lambda t: _assess(_df(purchase_year=None, purchase_date="March 2021")),
    "unknown_kind": lambda t: _assess(_df(kind="lapotp")),
    "unknown_country": lambda t: _assess(_df(country="XX")),
    "missing_country": lambda t: _assess(_df(country=None)),
    "no_default_energy": lambda t: _assess(_df(kind="test_router"), factors=ROUTER_TABLE),
    "no_load_model": lambda t: _assess(_df(utilisation=0.5)),
    "conflicting_columns": lambda t: _assess(_df(kind="server_2s", utilisation=0.5, annual_energy_kwh=900.0)),
    "invalid_criterion": lambda t: _assess(
        _df(),
        factors=_csv(t, "criterion,unit,kind,phase,value,low,high,source\ngwp,g,laptop,manufacture,1,,,x\n"),
    ),
    "invalid_option": lambda t: _assess(_df(), mode="yearly"),
    "not_csv": lambda t: _assess(_xlsx(t)),
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


def test_csv_text_errors_name_line_and_column() -> None:
    err = _raises("invalid_number", _assess(HEADER + "a,laptop,1,2020,BE\nb,laptop,x,2020,BE\n"))
    assert (err.source, err.line, err.column, err.row) == ("inventory", 3, "quantity", None)


def test_factor_table_errors_name_file_line_and_column(tmp_path: Path) -> None:
    table = (
        "criterion,unit,kind,phase,value,low,high,source\n"
        "gwp,kgco2e,laptop,manufacture,1000,,,x\n"
        "adpe,kgsbeq,lapotp,manufacture,1,,,x\n"
    )
    path = _csv(tmp_path, table)
    err = _raises("unknown_kind", _assess(_df(), factors=path))
    assert (err.source, err.line, err.column, err.row) == (str(path), 3, "kind", None)
    good = empreinte.example_factors_csv()
    err = _raises("unknown_kind", lambda: empreinte.keep_longer(_df(), 1, factors=[good, table]))
    assert (err.source, err.line, err.column) == ("factors[1]", 3, "kind")
    bad_unit = "criterion,unit,kind,phase,value,low,high,source\ngwp,g,laptop,manufacture,1,,,x\n"
    err = _raises(
        "invalid_criterion",
        lambda: empreinte.device_footprint("laptop", country="BE", year=2023, factors=bad_unit),
    )
    assert (err.source, err.line, err.column) == ("factors", 2, "criterion")


def test_option_errors_name_the_option() -> None:
    err = _raises("invalid_option", _assess(_df(), by="entity,colour"))
    assert (err.source, err.column) == ("options", "by")
    err = _raises("unknown_country", _assess(_df(country=None), country="Belgique"))
    assert (err.source, err.column) == ("options", "country")


def test_io_error_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        empreinte.assess(tmp_path / "nope.csv", year=2023)
    with pytest.raises(empreinte.IoError) as info:
        empreinte.assess(_df(), year=2023, factors=tmp_path / "nope.csv")
    assert info.value.source == str(tmp_path / "nope.csv")


def test_bad_inventory_type() -> None:
    with pytest.raises(TypeError):
        empreinte.assess(42, year=2023)  # type: ignore[arg-type]
