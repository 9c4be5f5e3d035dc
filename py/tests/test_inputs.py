"""In-memory inputs read as a CSV file is (issue 8, "Python edges"): columns
with no value, numbers held as categories, values of the wrong type, column
names with a separator in them, and the same numbers whatever the shape of
the input."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import polars as pl
import pytest

import empreinte
from empreinte import _native

ROWS: list[dict[str, Any]] = [
    {"entity": "Town hall", "kind": "laptop", "quantity": 10, "purchase_year": 2021, "country": "BE"},
    {"entity": "School", "kind": "desktop", "quantity": 4, "purchase_year": 2020, "country": "BE"},
]
BASE = pl.DataFrame(ROWS)


class Stream:
    """Any object with ``__arrow_c_stream__`` (pyarrow, arro3, nanoarrow...),
    here one that hands on a polars frame's stream as it is."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.frame.__arrow_c_stream__(requested_schema)


def _ignored(inventory: Any) -> list[str]:
    r = empreinte.report(inventory, year=2024)
    return [n.message for n in r.notes if n.code == "ignored_column"]


def _ignored_note(column: str) -> str:
    return f"inventory: column `{column}` is not part of the inventory format and was ignored"


# --- Columns with no value (Arrow's null type) ---------------------------------


def _with_empty_columns(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(None).alias("comment"),  # unknown: ignored, with a note
        pl.lit(None).alias("lifespan_years"),  # known, optional: not given in any row
        pl.lit(None).alias("annual_energy_kwh"),
    )


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda f: f, id="DataFrame"),
        pytest.param(lambda f: f.lazy(), id="LazyFrame"),
        pytest.param(Stream, id="Arrow stream"),
        pytest.param(lambda f: f.to_dicts(), id="list of dicts"),
    ],
)
def test_a_column_with_no_value_is_not_given(shape: Callable[[pl.DataFrame], Any]) -> None:
    frame = _with_empty_columns(BASE)
    assert frame.schema["comment"] == pl.Null and frame.schema["lifespan_years"] == pl.Null
    expected = empreinte.assess(BASE, year=2024)
    assert empreinte.assess(shape(frame), year=2024).equals(expected)
    assert _ignored(shape(frame)) == [_ignored_note("comment")]
    assert empreinte.keep_longer(shape(frame), 1).table.equals(empreinte.keep_longer(BASE, 1).table)


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(pl.Series("tags", [[], []], dtype=pl.List(pl.Null)), id="list of null"),
        pytest.param(pl.Series("tags", [[None], [None, None]]), id="list of nulls"),
        pytest.param(pl.Series("tags", [{"a": None}, {"a": None}]), id="struct of null"),
        pytest.param(pl.Series("tags", [[None], [None]], dtype=pl.Array(pl.Null, 1)), id="array of null"),
    ],
)
def test_an_ignored_column_with_nested_nulls_is_ignored(column: pl.Series) -> None:
    frame = BASE.with_columns(column)
    expected = empreinte.assess(BASE, year=2024)
    for inventory in (frame, Stream(frame)):
        assert empreinte.assess(inventory, year=2024).equals(expected)
        assert _ignored(inventory) == [_ignored_note("tags")]


def test_list_of_dicts_with_empty_values() -> None:
    rows = [{**row, "comment": None, "tags": [], "lifespan_years": None} for row in ROWS]
    assert empreinte.assess(rows, year=2024).equals(empreinte.assess(ROWS, year=2024))
    assert _ignored(rows) == [_ignored_note("comment"), _ignored_note("tags")]


def test_a_required_column_with_no_value_is_a_missing_value() -> None:
    with pytest.raises(empreinte.MissingValueError) as info:
        empreinte.assess(BASE.with_columns(pl.lit(None).alias("quantity")), year=2024)
    assert (info.value.row, info.value.column) == (0, "quantity")


def test_the_native_module_never_raises_a_bare_exception() -> None:
    """Should an Arrow stream reach the native module in a layout its reader
    refuses, the error is a TypeError naming the input."""
    with pytest.raises(TypeError, match="^inventory: the Arrow data cannot be read"):
        _native.assess_arrow(Stream(BASE.with_columns(pl.lit(None).alias("comment"))), 2024)


# --- Numbers held as categories ------------------------------------------------


@pytest.mark.parametrize("dtype", ["Categorical", "Enum", "String"])
@pytest.mark.parametrize("column", ["quantity", "purchase_year", "lifespan_years"])
def test_a_number_held_as_text_is_read_by_the_csv_rule(dtype: str, column: str) -> None:
    good, bad = {"quantity": ("3", "x"), "purchase_year": ("2021", "x"), "lifespan_years": ("2.5", "x")}[column]
    as_type = {"Categorical": pl.Categorical(), "Enum": pl.Enum([good, bad]), "String": pl.String()}[dtype]
    frame = BASE.with_columns(pl.Series(column, [good, bad]).cast(as_type))
    with pytest.raises(empreinte.InvalidNumberError) as info:
        empreinte.assess(frame, year=2024)
    assert (info.value.source, info.value.row, info.value.column) == ("inventory", 1, column)
    assert "`x` is not a number" in str(info.value)
    frame = BASE.with_columns(pl.Series(column, [good, good]).cast(as_type))
    as_number = BASE.with_columns(pl.Series(column, [float(good)] * 2))
    assert empreinte.assess(frame, year=2024).equals(empreinte.assess(as_number, year=2024))


def test_a_categorical_number_uses_a_decimal_point() -> None:
    """A DataFrame cell is not in a file with a dialect: `,` is never a
    decimal mark there (core's `parse_number` without decimal comma)."""
    bad = BASE.with_columns(pl.Series("lifespan_years", ["4", "2,5"], dtype=pl.Categorical))
    with pytest.raises(empreinte.InvalidNumberError) as info:
        empreinte.assess(bad, year=2024)
    assert (info.value.row, info.value.column) == (1, "lifespan_years")


# --- Values of the wrong type ---------------------------------------------------


def test_a_boolean_quantity_is_not_a_number() -> None:
    for inventory in (
        BASE.with_columns(pl.Series("quantity", [True, True])),
        [{**ROWS[0], "quantity": True}],
    ):
        with pytest.raises(empreinte.InvalidNumberError) as info:
            empreinte.assess(inventory, year=2024)
        assert (info.value.row, info.value.column) == (0, "quantity")
        assert "`true` is not a number" in str(info.value)


def test_the_first_wrong_value_is_reported_at_its_row() -> None:
    frame = BASE.with_columns(pl.Series("lifespan_years", [None, False]))
    with pytest.raises(empreinte.InvalidNumberError) as info:
        empreinte.assess(frame, year=2024)
    assert (info.value.row, info.value.column) == (1, "lifespan_years")


@pytest.mark.parametrize(
    ("column", "values", "error"),
    [
        ("entity", [["a"], ["b"]], empreinte.InvalidOptionError),
        ("entity", [{"name": "a"}, {"name": "b"}], empreinte.InvalidOptionError),
        ("kind", [["laptop"], ["desktop"]], empreinte.InvalidOptionError),
        ("quantity", [[1], [2]], empreinte.InvalidNumberError),
        ("quantity", [{"n": 1}, {"n": 2}], empreinte.InvalidNumberError),
        ("purchase_year", [[2021], [2020]], empreinte.InvalidNumberError),
    ],
    ids=["list entity", "struct entity", "list kind", "list quantity", "struct quantity", "list year"],
)
def test_a_list_or_struct_is_a_typed_error(column: str, values: list[Any], error: type[Exception]) -> None:
    frame = BASE.with_columns(pl.Series(column, values))
    rows = [{**row, column: v} for row, v in zip(ROWS, values, strict=True)]
    for inventory in (frame, rows):
        with pytest.raises(error) as info:
            empreinte.assess(inventory, year=2024)
        assert isinstance(info.value, empreinte.InputError)
        assert (info.value.source, info.value.row, info.value.column) == ("inventory", 0, column)


def test_a_list_purchase_date_is_an_invalid_date() -> None:
    frame = BASE.drop("purchase_year").with_columns(pl.Series("purchase_date", [["2021-01-01"], ["2020-01-01"]]))
    with pytest.raises(empreinte.InvalidDateError) as info:
        empreinte.assess(frame, year=2024)
    assert (info.value.row, info.value.column) == (0, "purchase_date")


# --- Column names with a separator ---------------------------------------------

ODD_NAMES = ["a;b;c", "a;b;c;d;e;f;g;h", "a,b,c", "a,b,c,d,e,f,g,h", "x,y;z"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_frame_column_named_with_a_separator_is_only_ignored(name: str) -> None:
    expected = empreinte.assess(BASE, year=2024)
    frame = BASE.with_columns(pl.lit("x").alias(name))
    for inventory in (frame, frame.to_dicts(), Stream(frame)):
        assert empreinte.assess(inventory, year=2024).equals(expected)
        assert _ignored(inventory) == [_ignored_note(name)]


def _csv_text(frame: pl.DataFrame, separator: str, quoting: Literal[0, 1, 2, 3]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n", quoting=quoting)
    writer.writerow(frame.columns)
    writer.writerows(frame.rows())
    return out.getvalue()


def _csv_cases() -> list[Any]:
    cases = []
    for name in ODD_NAMES:
        for separator in (",", ";"):
            for quoting, how in ((csv.QUOTE_MINIMAL, "quoted if needed"), (csv.QUOTE_ALL, "all quoted")):
                # A name holding many of the other separator, unquoted (as
                # polars and Python write it), must not turn the dialect:
                # core picks the separator that gives more known columns.
                cases.append(pytest.param(name, separator, quoting, id=f"{name} {separator} {how}"))
    return cases


@pytest.mark.parametrize(("name", "separator", "quoting"), _csv_cases())
def test_a_csv_column_named_with_a_separator_is_only_ignored(
    name: str, separator: str, quoting: Literal[0, 1, 2, 3], tmp_path: Path
) -> None:
    """The header is read in the file's dialect whatever the names of the
    other columns hold; the dialect is core's sniffing."""
    expected = empreinte.assess(BASE, year=2024)
    text = _csv_text(BASE.with_columns(pl.lit("x").alias(name)), separator, quoting)
    path = tmp_path / "inventory.csv"
    path.write_text(text)
    for inventory in (text, path):
        assert empreinte.assess(inventory, year=2024).equals(expected), text
        [note] = _ignored(inventory)
        assert note.endswith(f": column `{name}` is not part of the inventory format and was ignored"), note


# --- Same numbers whatever the shape of the input -------------------------------

KINDS = ["laptop", "desktop", "monitor_22_24", "smartphone", "rack_server", "network_switch"]
ENTITIES = ["Town hall", "École Jean-Jaurès", "Lab; annex", "Depot, north", 'The "new" wing']
#: Optional columns and a generator of their values (given the row).
OPTIONAL: dict[str, Callable[[random.Random, dict[str, Any]], Any]] = {
    "lifespan_years": lambda r, row: round(r.uniform(1, 10), r.choice([0, 1, 2])),
    "country": lambda r, row: r.choice(["BE", "FR", "DE", "be"]),
    "annual_energy_kwh": lambda r, row: round(r.uniform(0, 900), 3),
    "embodied_gwp_kgco2e": lambda r, row: round(r.uniform(10, 4000), 1),
    "disposal_year": lambda r, row: row["purchase_year"] + r.randint(0, 9),
}


def _random_rows(r: random.Random) -> list[dict[str, Any]]:
    given = [c for c in OPTIONAL if r.random() < 0.6]
    rows = []
    for _ in range(r.randint(1, 12)):
        row: dict[str, Any] = {
            "entity": r.choice(ENTITIES),
            "kind": r.choice(KINDS),
            "quantity": r.randint(1, 2000),
            "purchase_year": r.randint(2015, 2024),
        }
        for column in given:
            # Some cells empty, now and then a whole column.
            row[column] = OPTIONAL[column](r, row) if r.random() < 0.7 else None
        rows.append(row)
    return rows


def _random_frame(r: random.Random, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The rows as a frame whose columns have one of the types a user may
    hold them in (numbers as integers, floats, decimals, text, categories)."""
    columns = []
    for name in rows[0]:
        values = [row[name] for row in rows]
        texts = pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String)
        present = sorted({v for v in texts if v is not None})
        if not present:
            columns.append(pl.Series(name, values))  # Arrow's null type
        elif name in ("entity", "kind", "country"):
            columns.append(texts.cast(r.choice([pl.String(), pl.Categorical(), pl.Enum(present)])))
        elif isinstance(next(v for v in values if v is not None), int):
            dtype = r.choice([pl.Int64(), pl.Int32(), pl.UInt16(), pl.Float64(), pl.String(), pl.Categorical()])
            source = texts if dtype in (pl.String(), pl.Categorical()) else pl.Series(name, values)
            columns.append(source.cast(dtype))
        else:
            # Decimals and categories from the text, so that they hold the
            # very number written.
            dtype = r.choice([pl.Decimal(12, 3), pl.String(), pl.Categorical()])
            columns.append(pl.Series(name, values, dtype=pl.Float64) if r.random() < 0.4 else texts.cast(dtype))
    return pl.DataFrame(columns)


def _number_text(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", ",") if decimal_comma and isinstance(value, float) else text


def _rows_csv(rows: list[dict[str, Any]], separator: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows:
        writer.writerow([_number_text(v, separator == ";") for v in row.values()])
    return out.getvalue()


@pytest.mark.parametrize("seed", range(40))
def test_same_numbers_whatever_the_shape(seed: int) -> None:
    r = random.Random(seed)
    rows = _random_rows(r)
    by = r.choice(["entity", "kind", "entity,kind", "kind,phase", "none"])
    mode: empreinte.Mode = r.choice(["amortised", "acquisition"])
    shapes: dict[str, Any] = {
        "list of dicts": rows,
        "DataFrame": _random_frame(r, rows),
        "CSV text with ,": _rows_csv(rows, ","),
        "CSV text with ; and decimal commas": _rows_csv(rows, ";"),
    }
    results = {
        shape: empreinte.report(inventory, year=2024, by=by, mode=mode, country="BE")
        for shape, inventory in shapes.items()
    }
    expected = results["list of dicts"]
    for shape, result in results.items():
        context = (shape, shapes[shape], by, mode)
        assert result.table.equals(expected.table), context
        assert result.total.equals(expected.total), context
