"""Servers' load model: the inventory column ``utilisation`` gives a row's
energy from its kind's power at idle and at full load."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

import empreinte

SERVERS = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "archetypes-server-load.csv"


def _fixture() -> dict[str, str]:
    with SERVERS.open(newline="") as f:
        return next(csv.DictReader(f))


def _model_kwh(idle: float, full: float, u: float) -> float:
    """8,760 h at idle + u x (full - idle) W, in kWh."""
    return 8760.0 * (idle + u * (full - idle)) / 1000.0


def test_a_dataframe_row_with_utilisation_uses_the_fixture_model() -> None:
    row = _fixture()
    idle, full = float(row["power_idle_w"]), float(row["power_max_w"])
    df = pl.DataFrame({"entity": ["DC"], "kind": ["test_server"], "quantity": [2], "purchase_year": [2022],
                       "utilisation": [0.3]})
    r = empreinte.report(df, year=2023, country="BE", by="none", factors=SERVERS)
    assert r.total["use_energy_kwh"][0] == pytest.approx(2 * _model_kwh(idle, full, 0.3), rel=1e-12)
    assert r.total["use_energy_kwh"][0] == pytest.approx(2 * 963.6, rel=1e-12)
    src = r.sources.filter(pl.col("item").str.starts_with("test_server:"))
    assert src.height == 1 and "annual energy" in src["item"][0]


def test_the_embedded_two_socket_server_follows_its_table() -> None:
    table = empreinte.archetypes()
    s2 = table.filter(pl.col("kind") == "server_2s").row(0, named=True)
    for u in (0.1, 0.6):
        rows = [{"entity": "DC", "kind": "server_2s", "quantity": 1, "purchase_year": 2022, "utilisation": u}]
        total = empreinte.report(rows, year=2023, country="BE", by="none").total
        for suffix in ("", "_low", "_high"):
            want = _model_kwh(s2["power_idle_w" + suffix], s2["power_max_w" + suffix], u)
            assert total["use_energy_kwh" + suffix][0] == pytest.approx(want, rel=1e-12), (u, suffix)
    laptop = table.filter(pl.col("kind") == "laptop").row(0, named=True)
    assert laptop["power_idle_w"] is None and laptop["utilisation_typical"] is None


def test_errors_name_the_row_and_the_column() -> None:
    base = {"entity": "DC", "kind": "test_server", "quantity": 1, "purchase_year": 2022}
    cases: list[tuple[dict[str, object], type[empreinte.EmpreinteError]]] = [
        ({"utilisation": 1.5}, empreinte.OutOfRangeError),
        ({"kind": "laptop", "utilisation": 0.5}, empreinte.NoLoadModelError),
        ({"utilisation": 0.5, "annual_energy_kwh": 900.0}, empreinte.ConflictingColumnsError),
        ({"utilisation": 0.5, "usage_profile": "always_on"}, empreinte.ConflictingColumnsError),
    ]
    for change, cls in cases:
        df = pl.DataFrame([{**base, "utilisation": 0.2}, {**base, **change}], infer_schema_length=None)
        with pytest.raises(cls) as info:
            empreinte.assess(df, year=2023, country="BE", factors=SERVERS)
        e = info.value
        assert isinstance(e, ValueError)
        assert (e.row, e.column) == (1, "utilisation"), (change, str(e))
    with pytest.raises(empreinte.NoLoadModelError, match="give `annual_energy_kwh`"):
        empreinte.assess("entity,kind,quantity,purchase_year,utilisation\nA,laptop,1,2022,0.5\n",
                         year=2023, country="BE")
