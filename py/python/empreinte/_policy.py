"""Fleet policies over the years (core's ``policy`` module, the same as
``empreinte simulate``, ``compare`` and ``tender``): a stock-and-flow
simulation by vintage, policies compared against a reduction trajectory,
second life and avoided emissions (a memo, never subtracted), extend or
replace, and tender ranking.

A policy is a dict of the keys of a policy file (``POLICY_KEYS``), a path
to a TOML file or a JSON file (both read by core), or the id of an
embedded reference scenario (``REFERENCE_SCENARIOS``); it crosses to core
as JSON, and core checks it (``Policy::from_json``) with errors naming the
file and the key.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import polars as pl

from empreinte import _native
from empreinte._api import Factors, Inventory, Note, _arrow, _csv, _factors, _frame, _html, _section
from empreinte._datacentre import CsvInput, _input
from empreinte._errors import BY_CODE, EmpreinteError

#: A policy: a dict of policy keys, a path to a TOML (or ``.json``) file,
#: or the id of an embedded reference scenario.
PolicyInput: TypeAlias = Mapping[str, Any] | str | os.PathLike[str]

_SCENARIOS: dict[str, tuple[str, str, str]] = {
    sid: (policy, name, csv) for sid, policy, name, csv in _native.reference_scenarios()
}

#: The ids of the embedded ILLUSTRATIVE reference scenarios (not real data,
#: ``datasets/scenarios/``).
REFERENCE_SCENARIOS: tuple[str, ...] = tuple(_SCENARIOS)
#: The keys of a policy (core's ``POLICY_KEYS``), in documentation order.
POLICY_KEYS: tuple[str, ...] = tuple(_native.POLICY_KEYS)


@dataclass(frozen=True)
class PolicyReport:
    """The result of :func:`simulate` or :func:`compare`, section by section
    (the sections of ``empreinte simulate --format json``, same columns).

    Of :func:`simulate`: ``inventory`` is the yearly stock, flows and
    emissions per scenario, year, entity and kind; ``total`` the same per
    scenario and year. Of :func:`compare`: ``inventory`` is per scenario
    and year, ``total`` per scenario (cumulative total, difference with the
    first policy, crossing year). Both: ``trajectory`` (the total against
    the −x %/year line from the base year), ``second_life`` and
    ``avoided_emissions`` (MEMO sections: never subtracted from any total),
    ``extend_or_replace`` (per kind, of the first policy). ``summary`` has
    one row per policy: ``scenario``, ``crossing_year`` (the first year at
    or below the trajectory, null if none) and ``cumulative_gwp_kgco2e``
    with its ``_low``/``_high`` bounds.
    """

    inventory: pl.DataFrame
    total: pl.DataFrame
    trajectory: pl.DataFrame
    second_life: pl.DataFrame
    avoided_emissions: pl.DataFrame
    extend_or_replace: pl.DataFrame
    summary: pl.DataFrame
    notes: tuple[Note, ...]
    sources: pl.DataFrame
    datasets: pl.DataFrame

    #: The names :meth:`section` accepts.
    SECTIONS = ("summary", "total", "inventory", "trajectory", "second_life", "avoided_emissions",
                "extend_or_replace", "sources", "datasets")

    def section(self, name: str) -> pl.DataFrame:
        """A section as a polars DataFrame, one of :attr:`SECTIONS`.

        Raises:
            KeyError: another name, with the names there are.
        """
        return _section(self, self.SECTIONS, name)

    def _repr_html_(self) -> str:
        """A compact display in a notebook: each policy's cumulative total
        and the year it meets the trajectory, the notes, the sections."""
        from html import escape

        lines = []
        for row in self.summary.iter_rows(named=True):
            total = row.get("cumulative_gwp_kgco2e")
            crossing = row.get("crossing_year")
            lines.append(
                f"<strong>{escape(str(row.get('scenario')))}</strong>: "
                + (f"{total:,.0f} kg CO₂e over the horizon" if total is not None else "no total")
                + (f", meets the trajectory in {crossing}" if crossing is not None else ", never meets the trajectory")
            )
        head = "<br>".join(lines) or "<strong>empreinte policy report</strong>"
        return _html(head, self.notes, {name: self.section(name) for name in self.SECTIONS})


@dataclass(frozen=True)
class TenderReport:
    """Bids ranked by life-cycle footprint per year of service: ``ranking``
    (one row per bid, by rank, with the criterion's ``points``), the
    ``formula`` in words (print it with the ranking), the grid intensity
    used, and the notes (assumptions)."""

    ranking: pl.DataFrame
    formula: str
    intensity_kgco2e_per_kwh: float
    notes: tuple[Note, ...]
    #: Where the grid intensity came from (the bids' values are the bidders').
    sources: pl.DataFrame
    #: The dataset editions behind the sources.
    datasets: pl.DataFrame

    def _repr_html_(self) -> str:
        """A compact display in a notebook: the best bid, the formula, the
        notes, the ranking's shape."""
        from html import escape

        head = "<strong>empreinte tender ranking</strong>"
        if self.ranking.height:
            best = self.ranking.row(0, named=True)
            head = f"<strong>First: {escape(str(best['bidder']))}</strong><br>{escape(self.formula)}"
        return _html(head, self.notes, {"ranking": self.ranking})


def _error(code: str, message: str, source: str, line: int | None = None) -> EmpreinteError:
    """An exception of the class of a core error code, located as core's."""
    error = BY_CODE[code](message)
    error.source, error.line = source, line
    return error


def _file(path: str) -> str:
    """A policy file (TOML, or JSON when it ends in ``.json``) as the JSON
    text core checks; core reads it (the command's parser and errors)."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise _error("io", f"{path}: {e.strerror or e}", path) from e
    return _native.policy_file_json(path, data)


def _policy(policy: PolicyInput, name: str) -> tuple[str, str]:
    """``(source, JSON text)`` of a policy for the native module."""
    if isinstance(policy, Mapping):
        return (name, json.dumps(dict(policy), default=str))
    if isinstance(policy, str) and policy in _SCENARIOS:
        return (policy, _SCENARIOS[policy][0])
    if isinstance(policy, (str, os.PathLike)):
        path = os.fspath(policy)
        return (path, _file(path))
    raise TypeError(f"{name} must be a dict, a path to a TOML file or a reference scenario id, not {type(policy).__name__}")


def reference_policy(scenario: str) -> dict[str, Any]:
    """The policy of an embedded ILLUSTRATIVE reference scenario, as a dict
    (its TOML file's keys).

    >>> import empreinte
    >>> empreinte.REFERENCE_SCENARIOS
    ('workstations-4-years', 'workstations-6-years', 'school-kit-handover', 'donation-amortised')
    >>> empreinte.reference_policy("workstations-6-years")["lifespan_years"]
    {'desktop': 6, 'laptop': 6}
    """
    return dict(json.loads(_SCENARIOS[scenario][0]))


def reference_inventory(scenario: str) -> pl.DataFrame:
    """The inventory of an embedded ILLUSTRATIVE reference scenario (not
    real data).

    >>> import empreinte
    >>> inv = empreinte.reference_inventory("workstations-4-years")
    >>> inv["entity"].n_unique()
    35
    """
    return pl.read_csv(io.StringIO(_SCENARIOS[scenario][2]), infer_schema_length=None)


def _run(
    inventory: Inventory | None,
    policies: list[tuple[str, str]],
    compare: bool,
    country: str | None,
    factors: Factors,
) -> PolicyReport:
    if inventory is None:
        raise TypeError("an inventory is needed (empreinte.reference_inventory(id) gives the illustrative ones)")
    args = (policies, compare, country, _factors(factors))
    if isinstance(inventory, (str, os.PathLike)):
        (sections, notes, sources, datasets), summaries = _native.simulate_csv(_csv(inventory, "inventory"), *args)
    else:
        (sections, notes, sources, datasets), summaries = _native.simulate_arrow(_arrow(inventory), *args)
    tables = {name: _frame(t) for name, t in sections}
    summary = pl.DataFrame(
        {
            "scenario": [s[0] for s in summaries],
            "crossing_year": [s[1] for s in summaries],
            "cumulative_gwp_kgco2e": [s[2][0] for s in summaries],
            "cumulative_gwp_kgco2e_low": [s[2][1] for s in summaries],
            "cumulative_gwp_kgco2e_high": [s[2][2] for s in summaries],
        },
        schema_overrides={"crossing_year": pl.Int32},
    )
    empty = pl.DataFrame()
    return PolicyReport(
        inventory=tables.get("inventory", empty),
        total=tables.get("total", empty),
        trajectory=tables.get("trajectory", empty),
        second_life=tables.get("second_life", empty),
        avoided_emissions=tables.get("avoided_emissions", empty),
        extend_or_replace=tables.get("extend_or_replace", empty),
        summary=summary,
        notes=tuple(Note(c, m) for c, m in notes),
        sources=_frame(sources),
        datasets=_frame(datasets),
    )


def simulate(
    inventory: Inventory,
    policy: PolicyInput,
    *,
    country: str | None = None,
    factors: Factors = None,
) -> PolicyReport:
    """Simulates a fleet policy year by year over an inventory (the
    purchase years give the vintages), as ``empreinte simulate``.

    >>> import empreinte
    >>> fleet = [{"entity": "Town hall", "kind": "laptop", "quantity": 10, "purchase_year": 2021,
    ...           "lifespan_years": 4, "country": "BE", "annual_energy_kwh": 20,
    ...           "embodied_gwp_kgco2e": 200}]
    >>> r = empreinte.simulate(fleet, {"name": "keep 6 years", "end_year": 2026,
    ...                                "lifespan_years": {"laptop": 6}})
    >>> r.total["gwp_embodied_amortised_kgco2e"].to_list()[:2]  # 10 × 200 / 4
    [500.0, 500.0]

    Raises:
        InputError: a bad policy (``source`` the file, ``column`` the key,
            ``lifespan_years.laptop``) or inventory (row or line, column).
    """
    return _run(inventory, [_policy(policy, "policy")], False, country, factors)


def compare(
    inventory: Inventory,
    policies: Sequence[PolicyInput],
    *,
    country: str | None = None,
    factors: Factors = None,
) -> PolicyReport:
    """Simulates several policies over the same inventory and compares them
    (the first is the reference of the differences), as ``empreinte
    compare``.

    >>> import empreinte
    >>> r = empreinte.compare(empreinte.reference_inventory("workstations-4-years"),
    ...                       ["workstations-4-years", "workstations-6-years"])
    >>> r.summary["scenario"].to_list()
    ['workstations 4 years', 'workstations 6 years']
    >>> bool(r.summary["cumulative_gwp_kgco2e"][1] < r.summary["cumulative_gwp_kgco2e"][0])
    True
    """
    named = [_policy(p, f"policies[{i}]") for i, p in enumerate(policies)]
    return _run(inventory, named, True, country, factors)


def tender(
    bids: CsvInput | Sequence[Mapping[str, Any]],
    *,
    weight_pct: float | None = None,
    country: str | None = None,
    year: int | None = None,
) -> TenderReport:
    """Ranks bids by life-cycle footprint per year of service and gives the
    points of a responsible-digital criterion, as ``empreinte tender``.

    ``bids``: ``bidder``, ``kind``, ``embodied_gwp_kgco2e``,
    ``annual_energy_kwh``, ``lifespan_years``, ``warranty_years``,
    ``spare_parts_years``, ``refurbished`` (a path, CSV text, a DataFrame or
    a list of dicts). Unset options are core's defaults (weight 10 %, BE,
    the last year the grid data publishes for the country).

    >>> import empreinte
    >>> bids = [
    ...     {"bidder": "A", "kind": "laptop", "embodied_gwp_kgco2e": 250, "annual_energy_kwh": 20,
    ...      "lifespan_years": 4, "warranty_years": 3, "spare_parts_years": 5, "refurbished": "no"},
    ...     {"bidder": "B", "kind": "laptop", "embodied_gwp_kgco2e": 280, "annual_energy_kwh": 15,
    ...      "lifespan_years": 6, "warranty_years": 5, "spare_parts_years": 7, "refurbished": "no"},
    ... ]
    >>> t = empreinte.tender(bids, weight_pct=10, country="BE", year=2024)
    >>> t.ranking.select("bidder", "rank", "points").rows()[0]
    ('B', 1, 10.0)
    """
    if isinstance(bids, Sequence) and not isinstance(bids, str):
        bids = pl.DataFrame(list(bids), infer_schema_length=None)
    given = _input(bids, "bids")
    assert given is not None
    sections, formula, intensity = _native.tender(given, weight_pct, country, year)
    tables, notes, sources, datasets = sections
    ranking = dict(tables)["ranking"]
    return TenderReport(_frame(ranking), formula, intensity, tuple(Note(c, m) for c, m in notes),
                        _frame(sources), _frame(datasets))


def extend_or_replace(
    kind: str,
    *,
    country: str,
    policy: PolicyInput | None = None,
    annual_energy_kwh: float | None = None,
    factors: Factors = None,
) -> pl.DataFrame:
    """Extend or replace a device kind: the year a replacement using the
    policy's ``replacement_efficiency_gain_pct`` less electricity pays back
    its embodied footprint under the grid trajectory, and the verdict over
    the new device's life (one row; for every kind of an inventory, see
    ``simulate(...).extend_or_replace``).

    >>> import empreinte
    >>> v = empreinte.extend_or_replace("laptop", country="BE")
    >>> v["verdict"][0].split()[0], v["pays_back_within_life"][0]
    ('extend:', False)
    """
    given = None if policy is None else _policy(policy, "policy")
    verdict = _native.extend_or_replace(kind, country, annual_energy_kwh, given, _factors(factors))
    return pl.DataFrame([json.loads(verdict)], schema_overrides={"payback_years": pl.Float64})
