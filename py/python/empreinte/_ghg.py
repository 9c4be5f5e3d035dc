"""The organisation's GHG inventory of one reporting year (GHG Protocol:
scope 1, scope 2 location- and market-based on the direct basis, scope 3
categories 2 to 5) with the management view beside it, computed by core's
``report::ghg`` (the same call as ``empreinte ghg``).

This module converts inputs (paths, CSV text, DataFrames) for the native
module and wraps its Arrow tables as DataFrames; readers, formulas, checks,
defaults and notes are core's.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from empreinte import _native
from empreinte._api import Factors, Note, _factors, _frame
from empreinte._datacentre import Allocation, CsvInput, _input


@dataclass(frozen=True)
class GhgReport:
    """An organisation's GHG inventory, section by section (the sections of
    ``empreinte ghg --format json``, with the same columns).

    ``inventory``: one row per GHG Protocol line (``item``, ``ghg_scope``,
    ``basis``, ``kgco2e``); every electricity line names its basis
    (``direct`` for scope 2, ``upstream`` for category 3). ``total``: scopes
    1, 2 and 3 and the total, one row per scope-2 method
    (``location_based``, ``market_based``). ``organisation``,
    ``entities`` and ``tenants`` (``None`` without a data centre's
    tenants): every line per row, the basis in the column names
    (``scope2_location_based_direct_kgco2e``...). ``management_view``:
    embodied amortised and electricity on its life-cycle basis, NOT GHG
    Protocol scope 3. ``memo``: items never added to a total (the
    management total, the data centre's hourly timing effect). ``notes``,
    ``sources`` and ``datasets`` say where the numbers come from
    (``example_data`` for the embedded ILLUSTRATIVE organisation).
    """

    year: int
    inventory: pl.DataFrame
    total: pl.DataFrame
    organisation: pl.DataFrame
    entities: pl.DataFrame
    tenants: pl.DataFrame | None
    management_view: pl.DataFrame
    memo: pl.DataFrame
    notes: tuple[Note, ...]
    sources: pl.DataFrame
    datasets: pl.DataFrame

    def value(self, item: str) -> float:
        """The ``kgco2e`` of the inventory line (or management-view line)
        whose item starts with ``item``.

        Scope 2 location-based (direct basis) plus category 3 (upstream) is
        the electricity's life-cycle figure of the management view:

        >>> import empreinte
        >>> g = empreinte.ghg()
        >>> s2, c3 = g.value("scope 2 (location-based)"), g.value("scope 3 cat. 3")
        >>> abs(s2 + c3 - g.value("use, life-cycle basis")) < 1e-6 * (s2 + c3)
        True
        """
        for table in (self.inventory, self.management_view):
            row = table.filter(pl.col("item").str.starts_with(item))
            if row.height:
                return float(row["kgco2e"][0])
        raise KeyError(item)


def ghg(
    inventory: CsvInput | None = None,
    *,
    year: int | None = None,
    country: str | None = None,
    fleet_instruments: CsvInput | None = None,
    grid_factors: CsvInput | None = None,
    readings: CsvInput | None = None,
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
) -> GhgReport:
    """The organisation's GHG inventory of one reporting year, as
    ``empreinte ghg``: its device fleet and, optionally, its energy
    instruments and its data centre.

    Without any file, the embedded ILLUSTRATIVE organisation (the example
    municipal fleet, its instruments and the example data centre, 2022; a
    note ``example_data`` says so).

    Args:
        inventory: the device fleet (the ``assess`` format): a path, CSV
            text or a DataFrame.
        year: the reporting year (default: the data centre's readings'
            year; required without a data centre).
        country: of inventory rows without one.
        fleet_instruments: the organisation's guarantees of origin,
            contracts and residual mix for the fleet's electricity (the
            data centre's format).
        grid_factors: your own grid factors
            (``zone,year,intensity_gco2e_per_kwh,basis,source``; an empty
            basis is taken as direct), replacing the dataset's for that zone
            and year, cited.
        readings, facility, instruments, tenants, equipment, hourly_grid,
            allocation, time_zone, interval_minutes, fill_gaps, encoding:
            the data centre's files and options, as in :func:`datacentre`.
        factors: extra tables, as in :func:`assess`.

    >>> import empreinte
    >>> g = empreinte.ghg()
    >>> g.year, g.notes[0].code
    (2022, 'example_data')
    >>> g.total["scope2_method"].to_list()
    ['location_based', 'market_based']

    Raises:
        InputError: a subclass naming the problem, with ``source``, ``line`` and ``column``.
        IoError: a file could not be read.
    """
    year_out, (sections, notes, sources, datasets) = _native.ghg(
        _input(inventory, "inventory"),
        year,
        country,
        _input(fleet_instruments, "fleet_instruments"),
        _input(grid_factors, "grid_factors"),
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
    return GhgReport(
        year=year_out,
        inventory=tables["inventory"],
        total=tables["total"],
        organisation=tables["organisation"],
        entities=tables["entities"],
        tenants=tables.get("tenants"),
        management_view=tables["management_view"],
        memo=tables["memo"],
        notes=tuple(Note(c, m) for c, m in notes),
        sources=_frame(sources),
        datasets=_frame(datasets),
    )
