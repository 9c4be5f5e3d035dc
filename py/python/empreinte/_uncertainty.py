"""Monte Carlo uncertainty of a fleet assessment (core's
``fleet::montecarlo``, the same as ``empreinte assess --uncertainty
monte-carlo``): mean, P5, P50 and P95 of every measure, what drives the
spread of the total, and the total's samples for your own plots.

The interval view (:func:`empreinte.assess`) stays the default; the two are
never mixed in one table. The same seed gives the same bits here, in the
command and in JavaScript.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

import polars as pl

from empreinte import _native
from empreinte._api import Factors, Inventory, Mode, Note, _arrow, _by, _csv, _factors, _frame

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
