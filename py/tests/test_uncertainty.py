"""Monte Carlo uncertainty in Python: the same numbers as the command
(the bits pinned in golden/uncertainty_surfaces.json), percentile columns,
drivers and the samples as a polars Series."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte

PIN = json.loads((Path(__file__).resolve().parents[2] / "golden" / "uncertainty_surfaces.json").read_text())


def test_same_seed_same_bits_as_the_command() -> None:
    r = empreinte.monte_carlo(
        PIN["inventory_csv"],
        year=PIN["year"],
        samples=PIN["samples"],
        seed=PIN["seed"],
        distribution=PIN["distribution"],
    )
    for stat, text in PIN["gwp_total_kgco2e"].items():
        assert r.total[f"gwp_total_kgco2e_{stat}"][0] == float(text), stat
    assert r.samples.head(5).to_list() == [float(v) for v in PIN["first_samples_kgco2e"]]
    # A DataFrame gives the same bits as CSV text.
    frame = pl.read_csv(PIN["inventory_csv"].encode())
    again = empreinte.monte_carlo(frame, year=PIN["year"], samples=PIN["samples"], seed=PIN["seed"])
    assert again.samples.to_list() == r.samples.to_list()


def test_percentile_columns_drivers_and_samples() -> None:
    r = empreinte.monte_carlo(empreinte.example_fleet(), year=2024, samples=1000, seed=3, by="kind")
    assert isinstance(r.samples, pl.Series) and r.samples.name == "gwp_total_kgco2e"
    assert r.samples.len() == 1000
    cols = r.table.columns
    assert cols[0] == "kind"
    for stat in ("mean", "p5", "p50", "p95"):
        assert f"gwp_total_kgco2e_{stat}" in cols
    assert not any(c.endswith(("_low", "_high")) for c in cols)
    t = r.total
    assert t["gwp_total_kgco2e_p5"][0] <= t["gwp_total_kgco2e_p50"][0] <= t["gwp_total_kgco2e_p95"][0]
    assert abs(float(r.drivers["variance_share"].sum()) - 1) < 1e-9
    assert r.drivers["variance_share"].is_sorted(descending=True)
    assert r.sentence is not None and "% of the uncertainty" in r.sentence
    assert r.sources.columns == ["item", "dataset", "reference", "licence"]


def test_bad_options_are_input_errors() -> None:
    fleet = empreinte.example_fleet()
    with pytest.raises(empreinte.OutOfRangeError):
        empreinte.monte_carlo(fleet, year=2024, samples=5)
    with pytest.raises(empreinte.InvalidOptionError):
        empreinte.monte_carlo(fleet, year=2024, distribution="normal")  # type: ignore[arg-type]


def test_compare_same_bits_as_the_command() -> None:
    pin = PIN["compare"]
    r = empreinte.compare_monte_carlo(
        PIN["inventory_csv"], pin["policies"], samples=PIN["samples"], seed=PIN["seed"]
    )
    second = r.summary.row(1, named=True)
    for stat, text in pin["difference_kgco2e"].items():
        assert second[f"difference_kgco2e_{stat}"] == float(text), stat
    assert second["probability_below_first"] == float(pin["probability_below_first"])
    assert r.summary["cumulative_kgco2e_mean"].to_list() == [float(v) for v in pin["cumulative_kgco2e_mean"]]
    assert r.summary["difference_kgco2e_mean"][0] is None
    assert set(r.drivers["scenario"].to_list()) == {"laptops 6 years"}
    assert len(r.sentences) == 1 and r.sentences[0].endswith("with probability 1.00")
    # A DataFrame gives the same bits as CSV text.
    frame = pl.read_csv(PIN["inventory_csv"].encode())
    again = empreinte.compare_monte_carlo(frame, pin["policies"], samples=PIN["samples"], seed=PIN["seed"])
    assert again.summary.equals(r.summary)


def test_a_dataframe_keeps_its_reading_notes_under_monte_carlo() -> None:
    """An ignored column is said under Monte Carlo too, from a DataFrame as
    from CSV text (issue 20: an accepted input is used or refused, never
    dropped without a word)."""
    frame = pl.read_csv(PIN["inventory_csv"].encode()).with_columns(pl.lit("x").alias("comment"))
    policies = PIN["compare"]["policies"]
    for inventory in (frame, frame.write_csv()):
        r = empreinte.monte_carlo(inventory, year=2024, samples=200, seed=1)
        assert "ignored_column" in [n.code for n in r.notes], r.notes
        c = empreinte.compare_monte_carlo(inventory, policies, samples=200, seed=1)
        assert "ignored_column" in [n.code for n in c.notes], c.notes


def test_compare_bad_options_are_input_errors() -> None:
    pin = PIN["compare"]
    with pytest.raises(empreinte.InputError) as e:
        empreinte.compare_monte_carlo(PIN["inventory_csv"], pin["policies"], samples=5)
    assert e.value.code == "out_of_range"
    with pytest.raises(empreinte.InputError) as e:
        empreinte.compare_monte_carlo(PIN["inventory_csv"], [{"name": "x", "lifespan_years": {"tablet_xxl": 3}}])
    assert e.value.column == "lifespan_years.tablet_xxl"


CASES = json.loads((Path(__file__).resolve().parents[2] / "golden" / "uncertainty_cases.json").read_text())["cases"]
CLOSE_CALLS = [
    c
    for c in CASES
    if c["model"] == "policy" and 0.05 < c["expected"]["policies"][1]["difference"]["probability_below_zero"] < 0.95
]


@pytest.mark.parametrize("case", CLOSE_CALLS, ids=[c["name"] for c in CLOSE_CALLS])
def test_compare_probability_agrees_with_the_reference_on_a_close_call(case: dict[str, Any]) -> None:
    """The probability that the second policy's cumulative total is below the
    first's, against golden/uncertainty_reference.py's exact integral, within
    4 binomial standard errors."""
    r = empreinte.compare_monte_carlo(
        case["inventory_csv"], case["policies"], samples=case["samples"], seed=case["seed"]
    )
    got = r.summary["probability_below_first"][1]
    want = case["expected"]["policies"][1]["difference"]["probability_below_zero"]
    n = case["samples"]
    assert abs(got - want) <= 4 * (want * (1 - want) / n) ** 0.5 + 1 / n, (got, want)


def test_there_is_a_close_call() -> None:
    assert CLOSE_CALLS, "golden/uncertainty_cases.json needs a policy case with 0.05 < P < 0.95"


def test_datacentre_same_bits_as_the_command() -> None:
    pin = PIN["datacentre"]
    r = empreinte.datacentre_monte_carlo(samples=PIN["samples"], seed=PIN["seed"])
    location = r.total.row(0, named=True)
    assert location["scope2_method"] == "location_based"
    for part in ("total_kgco2e", "scope3_kgco2e"):
        for stat, text in pin[part].items():
            assert location[f"{part}_{stat}"] == float(text), (part, stat)
    assert r.samples.name == "total_kgco2e"
    assert r.samples.head(5).to_list() == [float(v) for v in pin["first_samples_kgco2e"]]
    assert r.drivers["key"].to_list() == pin["drivers"]


def test_datacentre_percentile_columns_exact_scopes_and_drivers() -> None:
    r = empreinte.datacentre_monte_carlo(samples=500, seed=2)
    assert r.total["scope2_method"].to_list() == ["location_based", "market_based"]
    assert not any(c.endswith(("_low", "_high")) for c in r.total.columns)
    for row in r.total.iter_rows(named=True):
        # Scopes 1 and 2 have no uncertain input (methodology §8.8).
        for scope in ("scope1_kgco2e", "scope2_kgco2e"):
            assert row[f"{scope}_p5"] == row[f"{scope}_p95"]
        assert row["total_kgco2e_p5"] < row["total_kgco2e_p50"] < row["total_kgco2e_p95"]
    assert abs(float(r.drivers["variance_share"].sum()) - 1) < 1e-9
    assert r.sentence is not None and "% of the uncertainty" in r.sentence
    assert r.year == 2022 and r.samples.len() == 500
    assert any(n.code == "example_data" for n in r.notes)
    with pytest.raises(empreinte.OutOfRangeError):
        empreinte.datacentre_monte_carlo(samples=5)


DATACENTRE_CASES = [c for c in CASES if c["model"] == "datacentre"]


@pytest.mark.parametrize("case", DATACENTRE_CASES, ids=[c["name"] for c in DATACENTRE_CASES])
def test_datacentre_agrees_with_the_reference(case: dict[str, Any]) -> None:
    """golden/uncertainty_reference.py's data-centre cases: scopes 1 and 2
    exact, the totals' means within 4 standard errors, shares within 0.02."""
    inp = case["inputs"]
    equipment = "entity,kind,quantity,purchase_year,lifespan_years,country\n" + "".join(
        f"Data centre,{l['kind']},{l['quantity']},{l['purchase_year']},{l['lifespan_years']},{l['country']}\n"
        for l in case["lines"]
    )
    r = empreinte.datacentre_monte_carlo(
        inp["readings_csv"],
        facility=inp["facility_csv"],
        instruments=inp["instruments_csv"],
        tenants=inp["tenants_csv"],
        equipment=equipment,
        time_zone=inp["time_zone"],
        allocation=inp["allocation"],
        samples=case["samples"],
        seed=case["seed"],
    )
    n = case["samples"]
    se = statistics.stdev(r.samples.to_list()) / n**0.5
    for row in r.total.iter_rows(named=True):
        want = case["expected"]["scopes"][row["scope2_method"]]
        for key in ("scope1", "scope2"):
            assert abs(row[f"{key}_kgco2e_mean"] - want[key]) <= 1e-9 * max(want[key], 1)
        assert abs(row["total_kgco2e_mean"] - want["total_mean"]) <= 4 * se
    shares = dict(zip(r.drivers["key"].to_list(), r.drivers["variance_share"].to_list()))
    assert shares.keys() == case["expected"]["variance_share"].keys()
    for key, share in case["expected"]["variance_share"].items():
        assert abs(shares[key] - share) <= 0.02, key


def test_ghg_same_bits_as_the_command() -> None:
    pin = PIN["ghg"]
    r = empreinte.ghg_monte_carlo(samples=PIN["samples"], seed=PIN["seed"])
    location = r.total.row(0, named=True)
    for part in ("total_kgco2e", "management_kgco2e"):
        for stat, text in pin[part].items():
            assert location[f"{part}_{stat}"] == float(text), (part, stat)
    assert r.samples.head(5).to_list() == [float(v) for v in pin["first_samples_kgco2e"]]
    assert r.drivers["key"].head(3).to_list() == pin["drivers"]
    assert location["scope1_kgco2e_p5"] == location["scope1_kgco2e_p95"]
    assert not any(c.endswith(("_low", "_high")) for c in r.total.columns)


GHG_CASES = [c for c in CASES if c["model"] == "ghg"]


@pytest.mark.parametrize("case", GHG_CASES, ids=[c["name"] for c in GHG_CASES])
def test_ghg_agrees_with_the_reference(case: dict[str, Any]) -> None:
    """golden/uncertainty_reference.py's GHG cases: the location-based total's
    mean within 4 standard errors, its shares within 0.02."""
    inventory = "entity,kind,quantity,purchase_year,lifespan_years,country\n" + "".join(
        f"Town hall,{l['kind']},{l['quantity']},{l['purchase_year']},{l['lifespan_years']},{l['country']}\n"
        for l in case["lines"]
    )
    r = empreinte.ghg_monte_carlo(inventory, year=case["year"], samples=case["samples"], seed=case["seed"])
    n = case["samples"]
    se = statistics.stdev(r.samples.to_list()) / n**0.5
    want = case["expected"]["location_total"]["mean"]
    assert abs(r.total["total_kgco2e_mean"][0] - want) <= 4 * se
    shares = dict(zip(r.drivers["key"].to_list(), r.drivers["variance_share"].to_list()))
    for key, share in case["expected"]["variance_share"].items():
        assert abs(shares.get(key, 0.0) - share) <= 0.02, key
