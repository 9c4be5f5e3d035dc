"""Archetype tables through ``factors=``: kinds added or replaced, kinds
without a default electricity use, errors of a bad table."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

import empreinte

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures"
ROUTER = FIXTURES / "archetypes-router.csv"
LAPTOP_100 = FIXTURES / "archetypes-laptop-100.csv"
MALFORMED = FIXTURES / "archetypes-malformed.csv"


def _router() -> tuple[float, float]:
    """The router table's lifespan and embodied footprint, read from the table."""
    with ROUTER.open(newline="") as f:
        row = next(csv.DictReader(f))
    assert row["kind"] == "test_router" and row["annual_energy_kwh"] == ""
    return float(row["lifespan_years"]), float(row["embodied_gwp_kgco2e"])


def test_an_added_kind_books_its_embodied_footprint_and_cites_the_table() -> None:
    lifespan, embodied = _router()
    fleet = [{"entity": "Network", "kind": "test_router", "quantity": 3, "purchase_year": 2021,
              "annual_energy_kwh": 50}]
    r = empreinte.report(fleet, year=2023, country="BE", by="none", factors=str(ROUTER))
    total = r.total
    assert total["gwp_manufacture_kgco2e"][0] == pytest.approx(3 * embodied / lifespan, rel=1e-12)
    assert total["use_energy_kwh"][0] == pytest.approx(150.0)
    src = r.sources.filter(pl.col("item").str.starts_with("test_router:"))
    assert src.height == 1
    assert src["dataset"][0] == f"{ROUTER} user"
    assert str(ROUTER) in r.datasets["id"].to_list()


def test_a_row_without_energy_of_such_a_kind_is_a_typed_error() -> None:
    text = "entity,kind,quantity,purchase_year\nOffice,laptop,1,2021\nNetwork,test_router,3,2021\n"
    with pytest.raises(empreinte.NoDefaultEnergyError) as info:
        empreinte.assess(text, year=2023, country="BE", factors=ROUTER)
    e = info.value
    assert isinstance(e, ValueError)
    assert (e.code, e.line, e.column) == ("no_default_energy", 3, "annual_energy_kwh")
    assert "kind `test_router` has no default electricity use; fill `annual_energy_kwh`" in str(e)
    with pytest.raises(empreinte.NoDefaultEnergyError):
        empreinte.device_footprint("test_router", country="BE", year=2023, factors=ROUTER)
    with pytest.raises(empreinte.NoDefaultEnergyError):
        empreinte.extend_or_replace("test_router", country="BE", factors=ROUTER)
    fp = empreinte.device_footprint("test_router", country="BE", year=2023, annual_energy_kwh=50, factors=ROUTER)
    assert fp["annual_energy_kwh"][0] == 50.0


def test_replacing_laptop_changes_its_result() -> None:
    fleet = [{"entity": "Office", "kind": "laptop", "quantity": 2, "purchase_year": 2021}]
    before = empreinte.report(fleet, year=2023, country="BE", by="none").total
    after = empreinte.report(fleet, year=2023, country="BE", by="none", factors=LAPTOP_100).total
    # The table: 100 kg CO2e, all in manufacture, over 5 years; 20,5 kWh a year.
    assert after["gwp_manufacture_kgco2e"][0] == pytest.approx(2 * 100 / 5, rel=1e-12)
    assert after["use_energy_kwh"][0] == pytest.approx(2 * 20.5)
    assert abs(before["gwp_manufacture_kgco2e"][0] - after["gwp_manufacture_kgco2e"][0]) > 1


def test_a_malformed_archetype_table_names_the_table_line_and_column() -> None:
    with pytest.raises(empreinte.InvalidNumberError) as info:
        empreinte.assess([{"entity": "A", "kind": "laptop", "quantity": 1, "purchase_year": 2021}],
                         year=2023, country="BE", factors=MALFORMED)
    e = info.value
    assert (e.source, e.line, e.column) == (str(MALFORMED), 4, "embodied_gwp_kgco2e")


def test_a_datacentre_equipment_inventory_needs_no_energy_for_an_added_kind() -> None:
    lifespan, embodied = _router()
    dc = empreinte.datacentre(
        "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,1000000,1350000\n",
        facility="field,value\nzone,BE\n",
        equipment="entity,kind,quantity,purchase_year\nRoom A,test_router,4,2020\n",
        factors=ROUTER,
    )
    assert dc.value("IT equipment embodied") == pytest.approx(4 * embodied / lifespan, rel=1e-12)


def test_archetypes_and_datasets_list_what_an_archetype_table_adds() -> None:
    # The same list as `empreinte factors --factors`: the added kind, with
    # its energy missing (no default), and the table among the datasets.
    lifespan, embodied = _router()
    a = empreinte.archetypes(factors=str(ROUTER))
    router = a.filter(pl.col("kind") == "test_router")
    assert router.height == 1
    assert router["embodied_gwp_kgco2e"][0] == pytest.approx(embodied)
    assert router["lifespan_years"][0] == pytest.approx(lifespan)
    assert router["annual_energy_kwh"][0] is None
    assert a.height == empreinte.archetypes().height + 1
    assert "test_router" not in empreinte.archetypes()["kind"].to_list()
    assert str(ROUTER) in empreinte.datasets(factors=str(ROUTER))["id"].to_list()
    replaced = empreinte.archetypes(factors=str(LAPTOP_100)).filter(pl.col("kind") == "laptop")
    assert replaced["embodied_gwp_kgco2e"][0] == pytest.approx(100.0)
