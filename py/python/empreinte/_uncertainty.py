"""Monte Carlo uncertainty of a fleet assessment (core's
``fleet::montecarlo``, the same as ``empreinte assess --uncertainty
monte-carlo``): mean, P5, P50 and P95 of every measure, what drives the
spread of the total, and the total's samples for your own plots; and
policies compared under Monte Carlo (``empreinte compare --uncertainty
monte-carlo``); a data centre's scope totals under Monte Carlo
(``empreinte datacentre --uncertainty monte-carlo``) and an organisation's
GHG inventory (``empreinte ghg --uncertainty monte-carlo``).

The interval view (:func:`empreinte.assess`) stays the default; the two are
never mixed in one table. The same seed gives the same bits here, in the
command and in JavaScript.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Self, TypeAlias

import polars as pl

from empreinte import _native
from empreinte._api import Factors, Inventory, Mode, Note, _arrow, _by, _csv, _factors, _frame
from empreinte._datacentre import Allocation, CsvInput, _input
from empreinte._policy import PolicyInput, _policy

#: The distribution fitted to every low / central / high: ``triangular``
#: (the default), ``pert``, ``uniform`` or ``lognormal`` (low and high are
#: its 5th and 95th percentiles).
Distribution: TypeAlias = Literal["triangular", "pert", "uniform", "lognormal"]


@dataclass(frozen=True)
class MonteCarloReport:
    """The result of :func:`monte_carlo`.

    ``table`` has the columns of ``empreinte assess --uncertainty
    monte-carlo --format csv`` (the grouping keys, ``lines``, ``devices``,
    then every measure's ``_mean``, ``_p5``, ``_p50`` and ``_p95``);
    ``total`` the same for the whole fleet; ``drivers`` each uncertain
    input's share of the total's variance (``input``, ``key``,
    ``variance_share``, ``method``), largest first; ``samples`` the total
    climate footprint of every sample, kg CO2e (a polars Series named
    ``gwp_total_kgco2e``); ``sentence`` the largest driver in words.
    """

    table: pl.DataFrame
    total: pl.DataFrame
    drivers: pl.DataFrame
    samples: pl.Series
    sources: pl.DataFrame
    datasets: pl.DataFrame
    notes: tuple[Note, ...]
    sentence: str | None


def monte_carlo(
    inventory: Inventory,
    *,
    year: int,
    mode: Mode | None = None,
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
    samples: int | None = None,
    seed: int | None = None,
    distribution: Distribution | None = None,
) -> MonteCarloReport:
    """The footprint of a fleet under Monte Carlo: how sure, and what to
    measure better.

    Arguments as :func:`empreinte.assess`, plus ``samples`` (default
    10,000), ``seed`` (default 1) and ``distribution`` (default
    ``"triangular"``); what is not given is core's default.

    >>> import empreinte
    >>> r = empreinte.monte_carlo(empreinte.example_fleet(), year=2024, samples=2000, seed=7)
    >>> r.samples.len()
    2000
    >>> bool(r.total["gwp_total_kgco2e_p5"][0] <= r.total["gwp_total_kgco2e_p95"][0])
    True
    >>> r.drivers["input"][0]
    'Desktop PC (tower, small form factor, micro; no screen), embodied'

    Raises:
        InputError: a subclass naming the problem, with ``row``/``line`` and ``column``.
    """
    args = (year, mode, _by(by), country, _factors(factors), samples, seed, distribution)
    if isinstance(inventory, (str, os.PathLike)):
        out = _native.monte_carlo_csv(_csv(inventory, "inventory"), *args)
    else:
        out = _native.monte_carlo_arrow(_arrow(inventory), *args)
    table, total, drivers, draws, sources, datasets, notes, sentence = out
    return MonteCarloReport(
        _frame(table),
        _frame(total),
        _frame(drivers),
        _frame(draws).to_series(),
        _frame(sources),
        _frame(datasets),
        tuple(Note(c, m) for c, m in notes),
        sentence,
    )


@dataclass(frozen=True)
class ComparisonMonteCarloReport:
    """The result of :func:`compare_monte_carlo`.

    ``summary`` has the columns of ``empreinte compare --uncertainty
    monte-carlo --format csv``: ``scenario``, the cumulative total's and
    the difference from the first policy's ``_mean``, ``_p5``, ``_p50``,
    ``_p95`` (kg CO2e; the difference is null for the first) and
    ``probability_below_first``; ``drivers`` what drives each difference
    (``scenario``, ``input``, ``key``, ``variance_share``, ``method``);
    ``sentences`` one per policy after the first.
    """

    summary: pl.DataFrame
    drivers: pl.DataFrame
    sentences: tuple[str, ...]
    sources: pl.DataFrame
    datasets: pl.DataFrame
    notes: tuple[Note, ...]


def compare_monte_carlo(
    inventory: Inventory,
    policies: Sequence[PolicyInput],
    *,
    country: str | None = None,
    factors: Factors = None,
    samples: int | None = None,
    seed: int | None = None,
    distribution: Distribution | None = None,
) -> ComparisonMonteCarloReport:
    """Policies compared under Monte Carlo with common random numbers (one
    draw of each input serves every policy): the probability that each
    policy's cumulative total is below the first's, and the P5-P95 of the
    difference. Arguments as :func:`empreinte.compare`, plus ``samples``,
    ``seed`` and ``distribution`` as :func:`monte_carlo`.

    >>> import empreinte
    >>> r = empreinte.compare_monte_carlo(empreinte.reference_inventory("workstations-4-years"),
    ...                                   ["workstations-4-years", "workstations-6-years"], samples=1000)
    >>> r.summary["probability_below_first"].to_list()
    [None, 1.0]
    >>> r.sentences[0].startswith("workstations 6 years instead of workstations 4 years saves ")
    True

    Raises:
        InputError: a bad policy (``source``, ``column`` the key) or
            inventory (row or line, column), or a bad option.
    """
    named = [_policy(p, f"policies[{i}]") for i, p in enumerate(policies)]
    args = (named, country, _factors(factors), samples, seed, distribution)
    if isinstance(inventory, (str, os.PathLike)):
        out = _native.compare_monte_carlo_csv(_csv(inventory, "inventory"), *args)
    else:
        out = _native.compare_monte_carlo_arrow(_arrow(inventory), *args)
    summary, drivers, sentences, sources, datasets, notes = out
    return ComparisonMonteCarloReport(
        _frame(summary),
        _frame(drivers),
        tuple(sentences),
        _frame(sources),
        _frame(datasets),
        tuple(Note(c, m) for c, m in notes),
    )


@dataclass(frozen=True)
class _ScopesMonteCarloReport:
    """What :class:`DatacentreMonteCarloReport` and
    :class:`GhgMonteCarloReport` hold: the reporting year, the scope totals
    with their percentiles, the drivers, the samples of the location-based
    total, the sources, the dataset editions, the notes and the drivers'
    sentence (core's one writer for both, ``report::montecarlo``)."""

    year: int
    total: pl.DataFrame
    drivers: pl.DataFrame
    samples: pl.Series
    sources: pl.DataFrame
    datasets: pl.DataFrame
    notes: tuple[Note, ...]
    sentence: str | None

    @classmethod
    def _from_native(cls, out: tuple[Any, ...]) -> Self:
        """The report from the native module's tuple (conversion only)."""
        year, total, drivers, draws, sources, datasets, notes, sentence = out
        return cls(
            year,
            _frame(total),
            _frame(drivers),
            _frame(draws).to_series(),
            _frame(sources),
            _frame(datasets),
            tuple(Note(c, m) for c, m in notes),
            sentence,
        )


@dataclass(frozen=True)
class DatacentreMonteCarloReport(_ScopesMonteCarloReport):
    """The result of :func:`datacentre_monte_carlo`.

    ``total`` has the columns of ``empreinte datacentre --uncertainty
    monte-carlo --format csv``: ``scope2_method`` (``location_based``,
    ``market_based``), then ``scope1_kgco2e``, ``scope2_kgco2e``,
    ``scope3_kgco2e`` and ``total_kgco2e``, each as ``_mean``, ``_p5``,
    ``_p50`` and ``_p95`` (null where not computed: market-based without
    instruments); ``drivers`` each uncertain input's share of the
    location-based total's variance (``input``, ``key``, ``variance_share``,
    ``method``), largest first; ``samples`` the location-based total of
    every sample, kg CO2e (a polars Series named ``total_kgco2e``).
    """


def datacentre_monte_carlo(
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
    mode: Mode | None = None,
    samples: int | None = None,
    seed: int | None = None,
    distribution: Distribution | None = None,
) -> DatacentreMonteCarloReport:
    """A data centre's scope totals under Monte Carlo, as ``empreinte
    datacentre --uncertainty monte-carlo``: only the IT equipment's embodied
    footprint is uncertain in the data (methodology §8.8), so scopes 1 and
    2 are exact and scope 3 and the totals move.

    Arguments as :func:`empreinte.datacentre`, plus ``samples``, ``seed``
    and ``distribution`` as :func:`monte_carlo`. Without ``readings`` and
    ``facility``, the embedded ILLUSTRATIVE data centre.

    >>> import empreinte
    >>> r = empreinte.datacentre_monte_carlo(samples=1000, seed=3)
    >>> r.total["scope2_method"].to_list()
    ['location_based', 'market_based']
    >>> bool(r.total["scope1_kgco2e_p5"][0] == r.total["scope1_kgco2e_p95"][0])
    True
    >>> r.drivers["key"][0]
    'kind:server_2s:embodied'

    Raises:
        InputError: a subclass naming the problem, with ``source``, ``line`` and ``column``.
        IoError: a file could not be read.
    """
    out = _native.datacentre_monte_carlo(
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
        mode,
        samples,
        seed,
        distribution,
    )
    return DatacentreMonteCarloReport._from_native(out)


@dataclass(frozen=True)
class GhgMonteCarloReport(_ScopesMonteCarloReport):
    """The result of :func:`ghg_monte_carlo`.

    ``total`` has the columns of ``empreinte ghg --uncertainty monte-carlo
    --format csv``: ``scope2_method``, then ``scope1_kgco2e``,
    ``scope2_kgco2e``, ``scope3_kgco2e``, ``total_kgco2e`` and
    ``management_kgco2e`` (the management view, NOT a GHG Protocol figure),
    each as ``_mean``, ``_p5``, ``_p50`` and ``_p95``; ``drivers`` each
    uncertain input's share of the location-based total's variance;
    ``samples`` the location-based total of every sample, kg CO2e (a polars
    Series named ``total_kgco2e``).
    """


def ghg_monte_carlo(
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
    samples: int | None = None,
    seed: int | None = None,
    distribution: Distribution | None = None,
) -> GhgMonteCarloReport:
    """The organisation's GHG inventory under Monte Carlo, as ``empreinte
    ghg --uncertainty monte-carlo`` (methodology §8.9): one model for the
    fleet and the data centre's equipment (a kind's value is one draw for
    every device, in every view). Arguments as :func:`empreinte.ghg`, plus
    ``samples``, ``seed`` and ``distribution`` as :func:`monte_carlo`.
    Without any file, the embedded ILLUSTRATIVE organisation.

    >>> import empreinte
    >>> r = empreinte.ghg_monte_carlo(samples=1000, seed=3)
    >>> r.year, r.total["scope2_method"].to_list()
    (2022, ['location_based', 'market_based'])
    >>> bool(r.total["total_kgco2e_p5"][0] < r.total["total_kgco2e_p95"][0])
    True

    Raises:
        InputError: a subclass naming the problem, with ``source``, ``line`` and ``column``.
        IoError: a file could not be read.
    """
    out = _native.ghg_monte_carlo(
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
        samples,
        seed,
        distribution,
    )
    return GhgMonteCarloReport._from_native(out)
