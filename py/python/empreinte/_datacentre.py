"""Data centres: the KPIs of the EU reporting scheme (Delegated Regulation
(EU) 2024/1364, Annex VII), emissions by scope with both scope-2 methods,
renewable cooling, tenants and the hourly series, computed by core's
``datacentre`` module (the same as ``empreinte datacentre``).

This module converts inputs (paths, CSV text, DataFrames) for the native
module and wraps its Arrow tables as DataFrames; the readers, formulas,
checks, defaults and notes are core's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeAlias

import polars as pl

from empreinte import _native
from empreinte._api import Factors, Note, _factors, _frame, _html, _section
from empreinte._types import ArrowStreamExportable

#: A data-centre file: a path to a CSV file, CSV text (a string with a line
#: break), or a polars DataFrame (or another Arrow table), which is read as
#: the CSV text polars writes of it (errors name its line: line 2 is row 0).
CsvInput: TypeAlias = str | os.PathLike[str] | pl.DataFrame | pl.LazyFrame | ArrowStreamExportable

#: The allocation of a data centre to its tenants: ``energy`` (sub-metered
#: IT energy, the default), ``share`` (capacity share), ``mix`` (energy and
#: scopes 1-2 by meter, scope 3 by share).
Allocation: TypeAlias = str


@dataclass(frozen=True)
class DatacentreReport:
    """A data-centre assessment, section by section (the sections of
    ``empreinte datacentre --format json``, with the same columns).

    ``kpi``: the EU reporting table (``indicator``, ``unit``, ``formula``,
    ``value``): E_DC, E_IT, W_IN, E_REUSE, E_RES, PUE, WUE, ERF, REF, CUE
    (both scope-2 methods). ``total``: emissions by scope, one row per
    scope-2 method (``location_based``, ``market_based``), kg CO2e.
    ``scopes``: the detail of each scope (yearly, hourly and series-mean
    location-based, instruments, residual mix, refrigerants...).
    ``cooling``: the effect of renewable cooling. ``tenants``: one row per
    tenant and scope-2 method, the unallocated capacity its own line.
    ``hourly``: the readings per UTC hour (``start_utc``, ``it_kwh``,
    ``facility_kwh``, ``grid_kwh``), ``None`` when intervals last more
    than an hour. ``notes``, ``sources`` and ``datasets`` say where the
    numbers come from (``example_data`` when the embedded ILLUSTRATIVE
    data centre was used).
    """

    year: int
    kpi: pl.DataFrame
    total: pl.DataFrame
    scopes: pl.DataFrame
    cooling: pl.DataFrame
    tenants: pl.DataFrame
    hourly: pl.DataFrame | None
    notes: tuple[Note, ...]
    sources: pl.DataFrame
    datasets: pl.DataFrame

    #: The names :meth:`section` accepts.
    SECTIONS = ("kpi", "total", "scopes", "cooling", "tenants", "hourly", "sources", "datasets")

    def section(self, name: str) -> pl.DataFrame:
        """A section as a polars DataFrame, one of :attr:`SECTIONS`
        (``hourly`` is an empty frame when intervals last more than an hour).

        Raises:
            KeyError: another name, with the names there are.
        """
        if name == "hourly" and self.hourly is None:
            return pl.DataFrame()
        return _section(self, self.SECTIONS, name)

    def _repr_html_(self) -> str:
        """A compact display in a notebook: the year, PUE and the total by
        scope-2 method, the notes, the sections."""
        from html import escape

        parts = [f"<strong>Data centre, {self.year}</strong>"]
        try:
            pue = self.value("PUE")
        except KeyError:
            pue = None
        if pue is not None:
            parts.append(f"PUE {pue:.2f}")
        if {"scope2_method", "scope2_kgco2e"} <= set(self.total.columns):
            for row in self.total.iter_rows(named=True):
                if row["scope2_kgco2e"] is not None:
                    method = str(row["scope2_method"]).replace("_", "-")
                    parts.append(f"scope 2 {escape(method)}: {row['scope2_kgco2e']:,.0f} kg CO₂e")
        sections: dict[str, pl.DataFrame | None] = {
            name: (None if name == "hourly" and self.hourly is None else self.section(name)) for name in self.SECTIONS
        }
        return _html(" · ".join(parts), self.notes, sections)

    def value(self, indicator: str) -> float | None:
        """The value of a row of ``kpi`` or ``scopes`` whose indicator starts
        with ``indicator`` (``"PUE"``, ``"market-based"``).

        >>> import empreinte
        >>> round(empreinte.datacentre().value("PUE"), 2)
        1.16
        """
        for table in (self.kpi, self.scopes):
            row = table.filter(pl.col("indicator").str.starts_with(indicator))
            if row.height:
                v = row["value"][0]
                return None if v is None else float(v)
        raise KeyError(indicator)


@dataclass(frozen=True)
class HourlyGrid:
    """An hourly grid-intensity series: ``table`` has ``start_utc`` and
    ``intensity_gco2e_per_kwh``, one row per UTC hour."""

    #: Zone code (``BE``) or the name given by the user.
    zone: str
    #: Dataset id and edition, or the file name.
    source: str
    table: pl.DataFrame


def _text(table: pl.DataFrame) -> str:
    """A frame as CSV text: datetimes as ISO 8601 (with their offset when
    they have a time zone), the rest as polars writes it."""
    dates = [
        pl.col(name).dt.to_string("%Y-%m-%dT%H:%M:%S%:z" if dtype.time_zone else "%Y-%m-%dT%H:%M:%S")
        for name, dtype in table.schema.items()
        if isinstance(dtype, pl.Datetime)
    ]
    return (table.with_columns(dates) if dates else table).write_csv()


def _input(value: CsvInput | None, name: str) -> tuple[str, str | None] | None:
    """A file for the native module: ``(name, text)`` for text or a frame,
    ``(path, None)`` for a file."""
    if value is None:
        return None
    if isinstance(value, str) and "\n" in value:
        return (name, value)
    if isinstance(value, (str, os.PathLike)):
        return (os.fspath(value), None)
    if isinstance(value, pl.LazyFrame):
        value = value.collect()
    if not isinstance(value, pl.DataFrame):
        if not isinstance(value, ArrowStreamExportable):
            raise TypeError(
                f"{name} must be a path, CSV text or a polars DataFrame, not {type(value).__name__}"
            )
        value = pl.DataFrame(value)
    return (name, _text(value))


def datacentre(
    readings: CsvInput | None = None,
    *,
    facility: CsvInput | None = None,
    instruments: CsvInput | None = None,
    tenants: CsvInput | None = None,
    equipment: CsvInput | None = None,
    hourly_grid: CsvInput | None = None,
    allocation: Allocation | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: Factors = None,
) -> DatacentreReport:
    """Assesses a data centre, as ``empreinte datacentre``.

    Without ``readings`` and ``facility``, the embedded ILLUSTRATIVE regional
    data centre (a year of generated hourly readings, 2022; a note
    ``example_data`` says so).

    Args:
        readings: meter readings, annual or interval (``start``, ``end``,
            ``it_kwh``, ``facility_kwh``, optional sub-meters).
        facility: ``field,value,gas`` rows: zone, IT capacity, refrigerants,
            building.
        instruments: guarantees of origin, PPAs, supplier factors and the
            residual mix, for market-based scope 2.
        tenants: ``tenant,it_kwh,capacity_share``.
        equipment: the IT equipment, an inventory (the ``assess`` format).
            Its electricity is the metered IT energy, so a kind without a
            default electricity use needs no ``annual_energy_kwh`` here.
        hourly_grid: an hourly grid-intensity series (default: the embedded
            2022 series of BE, DE, FR, NL).
        allocation: ``energy`` (default), ``share`` or ``mix``.
        time_zone: of timestamps written without an offset (default UTC;
            ``Europe/Brussels``, ``+01:00``...).
        interval_minutes: length of every interval without an ``end``.
        fill_gaps: ``error`` (default) or ``previous`` (noted).
        encoding: ``auto`` (default), ``utf-8`` or ``windows-1252``.
        factors: extra tables for the equipment, as in :func:`assess`:
            factor tables, or archetype tables adding or replacing kinds.

    >>> import empreinte
    >>> text = ("start,end,it_kwh,facility_kwh,water_m3\\n"
    ...         "2022-01-01T00:00Z,2023-01-01T00:00Z,1000000,1350000,1500\\n")
    >>> dc = empreinte.datacentre(text, facility="field,value\\nzone,BE\\n")
    >>> dc.value("PUE"), dc.value("WUE")
    (1.35, 1.5)

    Raises:
        InputError: a subclass naming the problem, with ``source``, ``line`` and ``column``.
        IoError: a file could not be read.
    """
    year, (sections, notes, sources, datasets), hourly = _native.datacentre(
        _input(readings, "readings"),
        _input(facility, "facility"),
        _input(instruments, "instruments"),
        _input(tenants, "tenants"),
        _input(equipment, "equipment"),
        _input(hourly_grid, "hourly_grid"),
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
        _factors(factors),
    )
    tables = {name: _frame(t) for name, t in sections}
    return DatacentreReport(
        year=year,
        kpi=tables["kpi"],
        total=tables["total"],
        scopes=tables["scopes"],
        cooling=tables["cooling"],
        tenants=tables["tenants"],
        hourly=None if hourly is None else _frame(hourly),
        notes=tuple(Note(c, m) for c, m in notes),
        sources=_frame(sources),
        datasets=_frame(datasets),
    )


def hourly_grid_intensity(zone: str, series: CsvInput | None = None) -> HourlyGrid:
    """The hourly grid intensity of a zone: the embedded 2022 series
    (Electricity Maps, BE, DE, FR, NL) or a series of your own
    (``datetime_utc`` and ``intensity_gco2e_per_kwh``, or a column per zone).

    >>> import empreinte
    >>> be = empreinte.hourly_grid_intensity("BE")
    >>> be.zone, be.table.height, be.table.columns
    ('BE', 8760, ['start_utc', 'intensity_gco2e_per_kwh'])
    """
    zone, source, table = _native.hourly_grid(zone, _input(series, "hourly_grid"))
    return HourlyGrid(zone, source, _frame(table))


def example_datacentre_csv() -> dict[str, str]:
    """The embedded ILLUSTRATIVE regional data centre (not real data): its
    files as CSV text (``readings``, ``facility``, ``instruments``,
    ``tenants``, ``equipment``) and the ``time_zone`` of its readings.

    >>> import empreinte
    >>> sorted(empreinte.example_datacentre_csv())
    ['equipment', 'facility', 'instruments', 'readings', 'tenants', 'time_zone']
    """
    return dict(_native.example_datacentre_csv())
