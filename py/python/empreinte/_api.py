"""The public functions and result types (re-exported by ``empreinte``).

Each function converts its arguments for the native module, calls it, and
wraps the Arrow tables it returns as polars DataFrames (zero copy). Values,
defaults and checks are core's.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import polars as pl
from polars.datatypes import DataTypeClass

from empreinte import _native
from empreinte._types import ArrowStreamExportable

#: How embodied impacts are spread over the years: linearly over the
#: lifespan (``amortised``, the default) or all in the year of purchase
#: (``acquisition``).
Mode: TypeAlias = Literal["amortised", "amortized", "acquisition"]

#: An inventory: a polars DataFrame (or any Arrow stream: pyarrow, arro3,
#: LazyFrame), a list of dicts (one per row), a path to a CSV file, or CSV
#: text (a string with a line break).
Inventory: TypeAlias = (
    pl.DataFrame | pl.LazyFrame | ArrowStreamExportable | str | os.PathLike[str] | Sequence[Mapping[str, Any]]
)

#: One or more factor tables, each a path to a CSV file or CSV text (a
#: string with a line break; named ``factors``, or ``factors[i]`` in a list
#: of several, in errors and sources): more criteria or better values, or
#: an archetype table (header with ``kind``, ``label``, ``lifespan_years``,
#: ``embodied_gwp_kgco2e``) adding or replacing device kinds. Applied in
#: order, a later table winning.
Factors: TypeAlias = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None


@dataclass(frozen=True)
class Note:
    """Something a reader of the results must know (a fallback, a gap, an
    ignored column)."""

    #: Stable identifier (``grid_year_fallback``, ``criterion_missing``,
    #: ``ignored_column``, ...).
    code: str
    #: Explanation.
    message: str


@dataclass(frozen=True)
class Report:
    """The results of an assessment with their story.

    ``table`` has the columns of the command's CSV output (one row per
    group); ``total`` the same columns without the grouping keys, for the
    whole fleet; ``sources`` says where every value used came from
    (``item``, ``dataset``, ``reference``, ``licence``); ``datasets`` lists
    the dataset editions behind the results (with user factor tables);
    ``notes`` lists fallbacks, gaps and ignored columns; ``csv`` is
    ``table`` as CSV text exactly as ``empreinte assess --format csv`` writes
    it (core's one writer: 10 significant digits, missing values empty).
    """

    table: pl.DataFrame
    total: pl.DataFrame
    sources: pl.DataFrame
    datasets: pl.DataFrame
    notes: tuple[Note, ...]
    csv: str

    #: The names :meth:`section` accepts.
    SECTIONS = ("table", "total", "sources", "datasets")

    def section(self, name: str) -> pl.DataFrame:
        """A section as a polars DataFrame (no pandas): ``table`` (the
        results), ``total``, ``sources`` or ``datasets``.

        Raises:
            KeyError: another name, with the names there are.
        """
        return _section(self, self.SECTIONS, name)

    def _repr_html_(self) -> str:
        """A compact display in a notebook: the headline (the whole fleet's
        climate change with its interval), the notes, the sections."""
        from html import escape

        head = "<strong>empreinte report</strong>"
        if "gwp_total_kgco2e" in self.total.columns and self.total.height > 0:
            row = self.total.row(0, named=True)
            low, high = row.get("gwp_total_kgco2e_low"), row.get("gwp_total_kgco2e_high")
            interval = f" ({low:,.0f} to {high:,.0f})" if low is not None and high is not None else ""
            head = (
                "<strong>Climate change, whole fleet: "
                f"{row['gwp_total_kgco2e']:,.0f} kg CO₂e</strong>{escape(interval)}"
            )
        return _html(head, self.notes, {name: self.section(name) for name in self.SECTIONS})


def _html(head: str, notes: Sequence[Note], sections: Mapping[str, pl.DataFrame | None]) -> str:
    """The compact notebook display every report shares: a headline (HTML),
    the notes, and each section with its shape (``report.section(name)``)."""
    from html import escape

    items = "".join(f"<li><code>{escape(n.code)}</code>: {escape(n.message)}</li>" for n in notes)
    listed = "".join(
        f"<li><code>report.section({name!r})</code>: "
        + ("none" if frame is None else f"{frame.height} rows × {frame.width} columns")
        + "</li>"
        for name, frame in sections.items()
    )
    return (
        f'<div class="empreinte-report"><p>{head}</p>'
        + (f"<p>Notes:</p><ul>{items}</ul>" if items else "")
        + f"<p>Sections:</p><ul>{listed}</ul></div>"
    )


def _section(report: object, sections: Sequence[str], name: str) -> pl.DataFrame:
    """``report``'s section ``name``, one of ``sections``."""
    if name not in sections:
        raise KeyError(f"no section {name!r}; the sections are {', '.join(sections)}")
    frame: pl.DataFrame = getattr(report, name)
    return frame


@dataclass(frozen=True)
class GridIntensity:
    """The carbon intensity of a zone's electricity for a year (the fields
    of the JavaScript ``gridIntensity``)."""

    #: The zone code (``BE``, ``EU27``, ``WORLD``, ...).
    zone: str
    #: The year asked for.
    year: int
    #: The year whose data was used (earlier when the series stops before).
    data_year: int
    #: Life-cycle intensity, g CO2e per kWh.
    gco2e_per_kwh: float


@dataclass(frozen=True)
class Extension:
    """What keeping every device longer saves, as JavaScript's
    ``keepLonger`` gives it: ``table`` per kind (``kind``, ``devices``,
    ``lifespan_years``, the embodied kg CO2e per year before and after and
    the saving, each with ``_low``/``_high``), core's total saving, and the
    ``notes`` of the reading (ignored columns, the text encoding)."""

    #: Years added to every lifespan.
    extra_years: float
    #: One row per device kind.
    table: pl.DataFrame
    #: Sum over kinds, kg CO2e per year (steady state), with its interval.
    total_saving_gwp_kgco2e_per_year: float
    total_saving_gwp_kgco2e_per_year_low: float
    total_saving_gwp_kgco2e_per_year_high: float
    #: What a reader must know about the input.
    notes: tuple[Note, ...]


def _frame(table: ArrowStreamExportable) -> pl.DataFrame:
    """An Arrow table from the native module as a DataFrame (zero copy)."""
    return pl.DataFrame(table)


def _csv(source: str | os.PathLike[str], text_name: str) -> tuple[str, str | None]:
    """A CSV input for the native module: ``(name, text)`` for text (a
    string with a line break), ``(path, None)`` for a file."""
    if isinstance(source, str) and "\n" in source:
        return (text_name, source)
    return (os.fspath(source), None)


def _factors(factors: Factors) -> list[tuple[str, str | None]]:
    """Factor tables for the native module; a table given as text is named
    ``factors`` (``factors[i]`` among several), as in JavaScript."""
    if factors is None:
        return []
    tables = [factors] if isinstance(factors, (str, os.PathLike)) else list(factors)
    several = len(tables) > 1
    return [_csv(t, f"factors[{i}]" if several else "factors") for i, t in enumerate(tables)]


def _by(by: str | Iterable[str] | None) -> str | None:
    if by is None or isinstance(by, str):
        return by
    return ",".join(by)


def _without_null(dtype: pl.DataType | DataTypeClass) -> pl.DataType | DataTypeClass:
    """``dtype`` with Arrow's null type replaced by text, at any depth."""
    if dtype == pl.Null:
        return pl.String()
    if isinstance(dtype, pl.List):
        return pl.List(_without_null(dtype.inner))
    if isinstance(dtype, pl.Array):
        return pl.Array(_without_null(dtype.inner), dtype.shape)
    if isinstance(dtype, pl.Struct):
        return pl.Struct([pl.Field(f.name, _without_null(f.dtype)) for f in dtype.fields])
    return dtype


def _arrow(inventory: Inventory) -> pl.DataFrame:
    """An in-memory inventory as a polars frame, which the native module
    reads as an Arrow stream (no row loop).

    Any Arrow stream goes through polars, so that every input reaches the
    native module in the same layout. A column of Arrow's null type (no
    value in any row, at any depth of a list or struct) is sent as text
    with no value, which means the same: polars exports the null type with
    a buffer that the Arrow C data reader of the native module refuses.
    """
    if isinstance(inventory, pl.LazyFrame):
        inventory = inventory.collect()
    elif isinstance(inventory, ArrowStreamExportable) and not isinstance(inventory, pl.DataFrame):
        inventory = pl.DataFrame(inventory)
    elif isinstance(inventory, Sequence) and not isinstance(inventory, (str, bytes)):
        inventory = pl.DataFrame(list(inventory), infer_schema_length=None)
    if not isinstance(inventory, pl.DataFrame):
        raise TypeError(
            "inventory must be a polars DataFrame (or another Arrow table), a list of dicts, "
            f"a path to a CSV file or CSV text, not {type(inventory).__name__}"
        )
    nulls = [
        pl.col(name).cast(_without_null(dtype))
        for name, dtype in inventory.schema.items()
        if _without_null(dtype) != dtype
    ]
    return inventory.with_columns(nulls) if nulls else inventory


def report(
    inventory: Inventory,
    *,
    year: int,
    mode: Mode | None = None,
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
    all_criteria: bool = False,
) -> Report:
    """Assesses an inventory and returns the tables, the sources, the
    dataset editions and the notes.

    Same arguments as :func:`assess`.

    >>> import empreinte
    >>> r = empreinte.report(empreinte.example_fleet(), year=2024)
    >>> r.sources.columns
    ['item', 'dataset', 'reference', 'licence']
    >>> sorted(set(r.sources["dataset"].str.split(" ").list.first()))
    ['ember-owid', 'empreinte-archetypes']
    >>> r.total.height
    1

    Raises:
        InputError: a subclass naming the problem, with ``row``/``line`` and ``column``.
        IoError: a CSV file could not be read.
    """
    args = (year, mode, _by(by), country, _factors(factors), all_criteria)
    if isinstance(inventory, (str, os.PathLike)):
        table, total, sources, datasets, notes, csv = _native.assess_csv(_csv(inventory, "inventory"), *args)
    else:
        table, total, sources, datasets, notes, csv = _native.assess_arrow(_arrow(inventory), *args)
    return Report(
        _frame(table),
        _frame(total),
        _frame(sources),
        _frame(datasets),
        tuple(Note(c, m) for c, m in notes),
        csv,
    )


def assess(
    inventory: Inventory,
    *,
    year: int,
    mode: Mode | None = None,
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
    all_criteria: bool = False,
) -> pl.DataFrame:
    """The footprint of a fleet for a reporting year, as a DataFrame.

    The columns are those of ``empreinte assess --format csv``, with the same
    names, units and numbers: the grouping keys, ``lines``, ``devices``,
    ``devices_beyond_amortisation``, ``use_energy_kwh``, then for every
    criterion and phase ``<criterion>_<phase>_<unit>`` with its ``_low`` and
    ``_high`` bounds. A missing value (no data for a criterion) is null, never 0.

    Args:
        inventory: a polars DataFrame (or any object with
            ``__arrow_c_stream__``), a list of dicts, a path to a CSV file,
            or CSV text. Its columns are core's inventory schema
            (``INVENTORY_COLUMNS``, units in the names). A column that looks
            like one of them with a typo is an error
            (:class:`UnknownColumnError`); another
            unknown column is ignored and said in the report's notes.
        year: the reporting year.
        mode: ``"amortised"`` (embodied impacts spread over the lifespan,
            the default) or ``"acquisition"`` (all in the year of purchase).
        country: zone code for rows without a ``country``.
        by: grouping keys among ``entity``, ``kind``, ``phase`` (a list or a
            comma-separated string; ``"none"`` for one row); default by
            ``entity``, as the command.
        factors: factor table(s), paths or CSV text, adding criteria or
            replacing default values.
        all_criteria: also the criteria no factor table gives (their
            columns all null), as ``--all-criteria``; by default they are
            left out, as the command does.

    >>> import empreinte
    >>> fleet = [
    ...     {"entity": "Town hall", "kind": "laptop", "quantity": 10, "purchase_year": 2021,
    ...      "lifespan_years": 4, "annual_energy_kwh": 20, "embodied_gwp_kgco2e": 200},
    ... ]
    >>> df = empreinte.assess(fleet, year=2023, country="BE", by="none")
    >>> round(df["gwp_total_kgco2e"][0], 3)  # 10 × 200 / 4 + 10 × 20 kWh × 0.134915
    526.983
    >>> "adpe_total_kgsbeq" in df.columns  # as the command: no factor table gives it
    False
    >>> df2 = empreinte.assess(fleet, year=2023, country="BE", by="none", all_criteria=True)
    >>> df2["adpe_total_kgsbeq"][0] is None  # asked for: missing, not zero
    True

    Errors name the row and column:

    >>> try:
    ...     empreinte.assess([{**fleet[0], "kind": "lapotp"}], year=2023, country="BE")
    ... except ValueError as e:
    ...     print(type(e).__name__, e.row, e.column)
    UnknownKindError 0 kind
    """
    return report(
        inventory, year=year, mode=mode, country=country, by=by, factors=factors, all_criteria=all_criteria
    ).table


def keep_longer(
    inventory: Inventory, extra_years: float, *, country: str | None = None, factors: Factors = None
) -> Extension:
    """What keeping every device ``extra_years`` longer saves, per kind, in
    embodied kg CO2e per year (steady state), with the total and the notes
    of the reading.

    >>> import empreinte
    >>> fleet = [{"entity": "School", "kind": "laptop", "quantity": 100, "purchase_year": 2022,
    ...           "lifespan_years": 4, "embodied_gwp_kgco2e": 200}]
    >>> ext = empreinte.keep_longer(fleet, 1, country="BE")
    >>> ext.table["saving_gwp_kgco2e_per_year"][0], ext.total_saving_gwp_kgco2e_per_year
    (1000.0, 1000.0)
    """
    args = (float(extra_years), country, _factors(factors))
    if isinstance(inventory, (str, os.PathLike)):
        table, total, notes = _native.keep_longer_csv(_csv(inventory, "inventory"), *args)
    else:
        table, total, notes = _native.keep_longer(_arrow(inventory), *args)
    return Extension(
        float(extra_years), _frame(table), *total, notes=tuple(Note(c, m) for c, m in notes)
    )


def device_footprint(
    kind: str,
    *,
    country: str,
    year: int,
    purchase_year: int | None = None,
    disposal_year: int | None = None,
    mode: Mode | None = None,
    lifespan_years: float | None = None,
    annual_energy_kwh: float | None = None,
    embodied_gwp_kgco2e: float | None = None,
    factors: Factors = None,
) -> pl.DataFrame:
    """The footprint of one device, whole life and in the reporting year,
    as a one-row DataFrame.

    Unset values use the archetype's defaults (see :func:`archetypes`), or a
    factor table's. The use phase is ``lifespan × annual energy × grid
    intensity(country, year)``. ``purchase_year`` defaults to ``year``.
    Columns: ``kind``, ``lifespan_years``, ``annual_energy_kwh``, then per
    criterion ``<criterion>_<phase>_<unit>`` (whole life), ``_total_``,
    ``_per_year_`` and ``_in_year_`` (what ``year`` books, by ``mode``),
    each with ``_low``/``_high``; ``grid_gco2e_per_kwh``, ``grid_year``.

    >>> import empreinte
    >>> fp = empreinte.device_footprint("laptop", country="BE", year=2023,
    ...                                 lifespan_years=4, annual_energy_kwh=20,
    ...                                 embodied_gwp_kgco2e=200)
    >>> round(fp["gwp_total_kgco2e"][0], 4)  # 200 + 4 × 20 × 0.134915
    210.7932
    >>> round(fp["gwp_in_year_kgco2e"][0], 4)  # 200 / 4 + 20 × 0.134915
    52.6983
    """
    return _frame(
        _native.device_footprint(
            kind,
            country,
            year,
            purchase_year,
            disposal_year,
            mode,
            lifespan_years,
            annual_energy_kwh,
            embodied_gwp_kgco2e,
            _factors(factors),
        )
    )


def grid_intensity(zone: str, year: int) -> GridIntensity:
    """The life-cycle carbon intensity of a zone's electricity (Ember / OWID).

    >>> import empreinte
    >>> empreinte.grid_intensity("be", 2023)
    GridIntensity(zone='BE', year=2023, data_year=2023, gco2e_per_kwh=134.915)
    """
    return GridIntensity(*_native.grid_intensity(zone, year))


def archetypes(*, factors: Factors = None) -> pl.DataFrame:
    """The device kinds with their defaults (lifespan, energy, embodied
    footprint with intervals, phase shares) and sources; with ``factors``,
    also the kinds an archetype table among them adds or replaces (the list
    ``empreinte factors --factors`` prints).

    >>> import empreinte
    >>> a = empreinte.archetypes()
    >>> "laptop" in a["kind"].to_list()
    True
    >>> a.columns[:3]
    ['kind', 'label', 'quality']
    """
    return _frame(_native.archetypes(_factors(factors)))


def datasets(*, factors: Factors = None) -> pl.DataFrame:
    """The dataset editions with licence and attribution: the embedded ones,
    then the tables of ``factors``.

    >>> import empreinte
    >>> empreinte.datasets().select("id", "licence").rows()
    [('ember-owid', 'CC BY 4.0'), ('empreinte-archetypes', 'ODbL 1.0'), ('empreinte-usage-profiles', 'CC0 1.0'), ('empreinte-grid-direct', 'CC BY 4.0')]
    """
    return _frame(_native.datasets(_factors(factors)))


def zones() -> pl.DataFrame:
    """The countries and zones with grid data, with the years the embedded
    data publishes (the list JavaScript's ``zones()`` gives).

    >>> import empreinte
    >>> z = empreinte.zones()
    >>> z.columns
    ['code', 'name', 'first_year', 'last_year']
    >>> "BE" in z["code"].to_list()
    True
    """
    return _frame(_native.zones())


def criteria(*, factors: Factors = None) -> pl.DataFrame:
    """The impact criteria in the order of the results (``id``, ``unit``,
    ``name``, ``unit_label``), with those the tables of ``factors`` add
    (JavaScript's ``criteria()``).

    >>> import empreinte
    >>> empreinte.criteria()["id"].to_list()[0]
    'gwp'
    """
    return _frame(_native.criteria(_factors(factors)))


def example_fleet_csv() -> str:
    """The illustrative municipal fleet shipped with empreinte, as CSV text."""
    return _native.example_fleet_csv()


def example_factors_csv() -> str:
    """The illustrative multi-criteria factor table, as CSV text."""
    return _native.example_factors_csv()


def example_fleet() -> pl.DataFrame:
    """The illustrative municipal fleet (not real data) as a DataFrame.

    >>> import empreinte
    >>> empreinte.example_fleet().columns[:4]
    ['entity', 'kind', 'quantity', 'purchase_year']
    """
    return pl.read_csv(io.StringIO(example_fleet_csv()), infer_schema_length=None)
