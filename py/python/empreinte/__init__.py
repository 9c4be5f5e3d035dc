"""empreinte: the carbon footprint of device fleets, with uncertainty and sources.

The numbers come from the Rust library ``empreinte`` (the same code as the
``empreinte`` command); this package converts inventories and results to and
from polars DataFrames through Arrow, without a Python loop over rows.

>>> import empreinte
>>> fleet = empreinte.example_fleet()
>>> result = empreinte.assess(fleet, year=2024)
>>> result.columns[:4]
['entity', 'lines', 'devices', 'devices_beyond_amortisation']
>>> bool((result["gwp_total_kgco2e_low"] <= result["gwp_total_kgco2e_high"]).all())
True
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import polars as pl

from empreinte import _native
from empreinte._errors import (
    DatasetError,
    EmpreinteError,
    EmptyInventoryError,
    InputError,
    InvalidCriterionError,
    InvalidDateError,
    InvalidNumberError,
    InvalidOptionError,
    IoError,
    MalformedCsvError,
    MissingColumnError,
    MissingCountryError,
    MissingValueError,
    NotFiniteError,
    OutOfRangeError,
    UnknownColumnError,
    UnknownCountryError,
    UnknownKindError,
)
from empreinte._types import ArrowStreamExportable

__version__: str = _native.__version__

#: Every error code core can report; each has its own exception class.
ERROR_CODES: tuple[str, ...] = tuple(_native.ERROR_CODES)
#: The columns of the inventory format, units in the names.
INVENTORY_COLUMNS: tuple[str, ...] = tuple(_native.INVENTORY_COLUMNS)

#: How embodied impacts are spread over the years: linearly over the
#: lifespan (``amortised``) or all in the year of purchase (``acquisition``).
Mode: TypeAlias = Literal["amortised", "amortized", "acquisition"]

#: An inventory: a polars DataFrame (or any Arrow stream: pyarrow, arro3,
#: LazyFrame), a path to a CSV file, or a list of dicts (one per row).
Inventory: TypeAlias = (
    pl.DataFrame | pl.LazyFrame | ArrowStreamExportable | str | os.PathLike[str] | Sequence[Mapping[str, Any]]
)

#: One or more factor tables (CSV files): more criteria or better values.
Factors: TypeAlias = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None

__all__ = [
    "ERROR_CODES",
    "INVENTORY_COLUMNS",
    "DatasetError",
    "EmpreinteError",
    "EmptyInventoryError",
    "GridIntensity",
    "InputError",
    "InvalidCriterionError",
    "InvalidDateError",
    "InvalidNumberError",
    "InvalidOptionError",
    "Inventory",
    "IoError",
    "MalformedCsvError",
    "MissingColumnError",
    "MissingCountryError",
    "MissingValueError",
    "Mode",
    "Note",
    "NotFiniteError",
    "OutOfRangeError",
    "Report",
    "UnknownColumnError",
    "UnknownCountryError",
    "UnknownKindError",
    "archetypes",
    "assess",
    "datasets",
    "device_footprint",
    "example_factors_csv",
    "example_fleet",
    "example_fleet_csv",
    "grid_intensity",
    "keep_longer",
    "report",
]


@dataclass(frozen=True)
class Note:
    """Something a reader of the results must know (a fallback, a gap)."""

    #: Stable identifier (``grid_year_fallback``, ``criterion_missing``, ...).
    code: str
    #: Explanation.
    message: str


@dataclass(frozen=True)
class Report:
    """The results of an assessment with their story.

    ``table`` has the columns of the command's CSV output; ``sources`` says
    where every default came from (``item``, ``dataset``, ``reference``,
    ``licence``); ``notes`` lists fallbacks and gaps.
    """

    table: pl.DataFrame
    sources: pl.DataFrame
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class GridIntensity:
    """The carbon intensity of a zone's electricity for a year."""

    #: The zone code as asked (``BE``, ``EU27``, ``WORLD``, ...).
    zone: str
    #: Life-cycle intensity, g CO2e per kWh.
    gco2e_per_kwh: float
    #: The year asked for.
    requested_year: int
    #: The year whose data was used (earlier when the series stops before).
    data_year: int


def _frame(table: ArrowStreamExportable) -> pl.DataFrame:
    """An Arrow table from the native module as a DataFrame (zero copy)."""
    return pl.DataFrame(table)


def _by(by: str | Iterable[str] | None) -> str:
    if by is None:
        return "entity"
    if isinstance(by, str):
        return by
    return ",".join(by) or "none"


def _factors(factors: Factors) -> list[tuple[str, bytes]]:
    if factors is None:
        return []
    paths = [factors] if isinstance(factors, (str, os.PathLike)) else list(factors)
    out = []
    for p in paths:
        name = os.fspath(p)
        try:
            with open(name, "rb") as f:
                out.append((name, f.read()))
        except OSError as e:
            err = IoError(f"{name}: read error: {e.strerror or e}")
            err.source = name
            raise err from e
    return out


def _arrow(inventory: Inventory) -> ArrowStreamExportable:
    """An in-memory inventory as an Arrow stream (no row loop for frames)."""
    if isinstance(inventory, pl.LazyFrame):
        return inventory.collect()
    if hasattr(inventory, "__arrow_c_stream__"):
        return inventory  # type: ignore[return-value]
    if isinstance(inventory, Sequence) and not isinstance(inventory, (str, bytes)):
        return pl.DataFrame(list(inventory), infer_schema_length=None)
    raise TypeError(
        "inventory must be a polars DataFrame (or another Arrow table), "
        f"a path to a CSV file or a list of dicts, not {type(inventory).__name__}"
    )


def report(
    inventory: Inventory,
    *,
    year: int,
    mode: Mode = "amortised",
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
) -> Report:
    """Assesses an inventory and returns the table, the sources and the notes.

    Same arguments as :func:`assess`.

    >>> import empreinte
    >>> r = empreinte.report(empreinte.example_fleet(), year=2024)
    >>> r.sources.columns
    ['item', 'dataset', 'reference', 'licence']
    >>> sorted(set(r.sources["dataset"].str.split(" ").list.first()))
    ['ember-owid', 'empreinte-archetypes']

    Raises:
        InputError: a subclass naming the problem, with ``row``/``line`` and ``column``.
        IoError: the CSV file could not be read.
    """
    args = (year, mode, _by(by), country, _factors(factors))
    if isinstance(inventory, (str, os.PathLike)):
        table, sources, notes = _native.assess_csv(os.fspath(inventory), *args)
    else:
        table, sources, notes = _native.assess_arrow(_arrow(inventory), *args)
    return Report(_frame(table), _frame(sources), tuple(Note(c, m) for c, m in notes))


def assess(
    inventory: Inventory,
    *,
    year: int,
    mode: Mode = "amortised",
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
) -> pl.DataFrame:
    """The footprint of a fleet for a reporting year, as a DataFrame.

    The columns are those of ``empreinte assess --format csv``, with the same
    names, units and numbers: the grouping keys, ``lines``, ``devices``,
    ``devices_beyond_amortisation``, ``use_energy_kwh``, then for every
    criterion and phase ``<criterion>_<phase>_<unit>`` with its ``_low`` and
    ``_high`` bounds. A missing value (no data for a criterion) is null, never 0.

    Args:
        inventory: a polars DataFrame (or any object with
            ``__arrow_c_stream__``), a path to a CSV file, or a list of dicts.
            Columns: ``entity``, ``kind``, ``quantity``, ``purchase_year`` (or
            ``purchase_date``) and optional ones (see ``INVENTORY_COLUMNS``).
        year: the reporting year.
        mode: ``"amortised"`` (embodied impacts spread over the lifespan) or
            ``"acquisition"`` (all in the year of purchase).
        country: zone code for rows without a ``country``.
        by: grouping keys among ``entity``, ``kind``, ``phase`` (a list or a
            comma-separated string; ``"none"`` for one row); default ``entity``
            as the command.
        factors: factor table CSV file(s) adding criteria or better values.

    >>> import empreinte
    >>> fleet = [
    ...     {"entity": "Town hall", "kind": "laptop", "quantity": 10, "purchase_year": 2021,
    ...      "lifespan_years": 4, "annual_energy_kwh": 20, "embodied_gwp_kgco2e": 200},
    ... ]
    >>> df = empreinte.assess(fleet, year=2023, country="BE", by="none")
    >>> round(df["gwp_total_kgco2e"][0], 3)  # 10 × 200 / 4 + 10 × 20 kWh × 0.134915
    526.983
    >>> df["adpe_total_kgsbeq"][0] is None  # no factor table: missing, not zero
    True

    Errors name the row and column:

    >>> try:
    ...     empreinte.assess([{**fleet[0], "kind": "lapotp"}], year=2023, country="BE")
    ... except ValueError as e:
    ...     print(type(e).__name__, e.row, e.column)
    UnknownKindError 0 kind
    """
    return report(inventory, year=year, mode=mode, country=country, by=by, factors=factors).table


def keep_longer(inventory: Inventory, extra_years: float, *, country: str | None = None) -> pl.DataFrame:
    """What keeping every device ``extra_years`` longer saves, per kind, in
    embodied kg CO2e per year (steady state).

    >>> import empreinte
    >>> fleet = [{"entity": "School", "kind": "laptop", "quantity": 100, "purchase_year": 2022,
    ...           "lifespan_years": 4, "embodied_gwp_kgco2e": 200}]
    >>> ext = empreinte.keep_longer(fleet, 1, country="BE")
    >>> ext["saving_gwp_kgco2e_per_year"][0]
    1000.0
    """
    if isinstance(inventory, (str, os.PathLike)):
        return _frame(_native.keep_longer_csv(os.fspath(inventory), float(extra_years), country))
    return _frame(_native.keep_longer(_arrow(inventory), float(extra_years), country))


def device_footprint(
    kind: str,
    *,
    country: str,
    year: int,
    lifespan_years: float | None = None,
    annual_energy_kwh: float | None = None,
    embodied_gwp_kgco2e: float | None = None,
    factors: Factors = None,
) -> pl.DataFrame:
    """The whole-life footprint of one device, as a one-row DataFrame.

    Unset values use the archetype's defaults (see :func:`archetypes`). The
    use phase is ``lifespan × annual energy × grid intensity(country, year)``.
    Columns: ``kind``, ``lifespan_years``, ``annual_energy_kwh``, then per
    criterion ``<criterion>_<phase>_<unit>`` (whole life), ``_total_`` and
    ``_per_year_``, each with ``_low``/``_high``; ``grid_gco2e_per_kwh``,
    ``grid_year``.

    >>> import empreinte
    >>> fp = empreinte.device_footprint("laptop", country="BE", year=2023,
    ...                                 lifespan_years=4, annual_energy_kwh=20,
    ...                                 embodied_gwp_kgco2e=200)
    >>> round(fp["gwp_total_kgco2e"][0], 4)  # 200 + 4 × 20 × 0.134915
    210.7932
    """
    return _frame(
        _native.device_footprint(
            kind, country, year, lifespan_years, annual_energy_kwh, embodied_gwp_kgco2e, _factors(factors)
        )
    )


def grid_intensity(zone: str, year: int) -> GridIntensity:
    """The life-cycle carbon intensity of a zone's electricity (Ember / OWID).

    >>> import empreinte
    >>> empreinte.grid_intensity("BE", 2023)
    GridIntensity(zone='BE', gco2e_per_kwh=134.915, requested_year=2023, data_year=2023)
    """
    g, requested, data = _native.grid_intensity(zone, year)
    return GridIntensity(zone, g, requested, data)


def archetypes() -> pl.DataFrame:
    """The device kinds with their defaults (lifespan, energy, embodied
    footprint with intervals, phase shares) and sources.

    >>> import empreinte
    >>> a = empreinte.archetypes()
    >>> "laptop" in a["kind"].to_list()
    True
    >>> a.columns[:5]
    ['kind', 'label', 'quality', 'method', 'source']
    """
    return _frame(_native.archetypes())


def datasets() -> pl.DataFrame:
    """The embedded dataset editions with licence and attribution.

    >>> import empreinte
    >>> empreinte.datasets().select("id", "licence").rows()
    [('ember-owid', 'CC BY 4.0'), ('empreinte-archetypes', 'ODbL 1.0')]
    """
    return _frame(_native.datasets())


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
