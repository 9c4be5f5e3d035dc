"""The public API: single devices, grid, archetypes, datasets, example
fleet, groupings, modes, and the same numbers as the command."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
from pathlib import Path

import polars as pl
import pytest

import empreinte

ROOT = Path(__file__).resolve().parents[2]


def test_native_module_is_private() -> None:
    assert "_native" not in empreinte.__all__
    for name in empreinte.__all__:
        assert hasattr(empreinte, name), name


def test_grid_intensity() -> None:
    g = empreinte.grid_intensity("BE", 2023)
    assert g.gco2e_per_kwh == pytest.approx(134.915)
    assert (g.requested_year, g.data_year) == (2023, 2023)
    later = empreinte.grid_intensity("BE", 2099)
    assert later.data_year < later.requested_year  # the series stops earlier


def test_device_footprint_defaults_and_overrides() -> None:
    default = empreinte.device_footprint("laptop", country="FR", year=2023)
    assert default.height == 1
    total = default["gwp_total_kgco2e"][0]
    assert default["gwp_total_kgco2e_low"][0] <= total <= default["gwp_total_kgco2e_high"][0]
    per_year = default["gwp_per_year_kgco2e"][0]
    assert per_year == pytest.approx(total / default["lifespan_years"][0])
    longer = empreinte.device_footprint("laptop", country="FR", year=2023, lifespan_years=8)
    assert longer["gwp_per_year_kgco2e"][0] < per_year


def test_device_footprint_with_factor_table(tmp_path: Path) -> None:
    path = tmp_path / "factors.csv"
    path.write_text(empreinte.example_factors_csv())
    fp = empreinte.device_footprint("laptop", country="BE", year=2023, factors=path)
    assert fp["adpe_total_kgsbeq"][0] is not None
    assert empreinte.device_footprint("laptop", country="BE", year=2023)["adpe_total_kgsbeq"][0] is None


def test_archetypes_and_datasets() -> None:
    a = empreinte.archetypes()
    assert a["kind"].n_unique() == a.height > 5
    assert (a["embodied_gwp_kgco2e_low"] <= a["embodied_gwp_kgco2e_high"]).all()
    d = empreinte.datasets()
    assert {"id", "edition", "licence", "attribution", "url"} <= set(d.columns)
    assert d["attribution"].str.len_chars().min() > 0  # type: ignore[operator]


def test_example_fleet() -> None:
    fleet = empreinte.example_fleet()
    assert set(fleet.columns) <= set(empreinte.INVENTORY_COLUMNS)
    assert fleet.height > 100


@pytest.mark.parametrize("by", [None, "none", "entity", "kind", ["entity", "kind"], "entity,kind,phase", "phase"])
def test_groupings_sum_to_the_whole(by: object) -> None:
    fleet = empreinte.example_fleet()
    total = empreinte.assess(fleet, year=2024, by="none")
    df = empreinte.assess(fleet, year=2024, by=by)  # type: ignore[arg-type]
    column = "gwp_kgco2e" if "phase" in str(by) else "gwp_total_kgco2e"
    assert df[column].sum() == pytest.approx(total["gwp_total_kgco2e"][0], rel=1e-12)
    if by is None:
        assert df.columns[0] == "entity"  # the command's default


def test_modes_differ_but_keep_their_shape() -> None:
    fleet = empreinte.example_fleet()
    amortised = empreinte.assess(fleet, year=2024, mode="amortised")
    acquisition = empreinte.assess(fleet, year=2024, mode="acquisition")
    assert amortised.columns == acquisition.columns
    assert amortised["gwp_use_kgco2e"].to_list() == acquisition["gwp_use_kgco2e"].to_list()
    assert amortised["gwp_manufacture_kgco2e"].sum() != acquisition["gwp_manufacture_kgco2e"].sum()


def test_missing_is_null_not_zero() -> None:
    df = empreinte.assess(empreinte.example_fleet(), year=2024)
    assert df["adpe_total_kgsbeq"].null_count() == df.height
    assert df["gwp_total_kgco2e"].null_count() == 0
    assert df.schema["gwp_total_kgco2e"] == pl.Float64


def test_report_has_sources_and_notes() -> None:
    r = empreinte.report(empreinte.example_fleet(), year=2024)
    assert r.sources.height > 0
    assert any(n.code == "criterion_missing" for n in r.notes)
    assert r.table.equals(empreinte.assess(empreinte.example_fleet(), year=2024))


def test_factor_tables_add_criteria(tmp_path: Path) -> None:
    path = tmp_path / "factors.csv"
    path.write_text(empreinte.example_factors_csv())
    df = empreinte.assess(empreinte.example_fleet(), year=2024, by="kind", factors=[path])
    assert df["adpe_total_kgsbeq"].null_count() < df.height
    r = empreinte.report(empreinte.example_fleet(), year=2024, factors=path)
    assert str(path) in r.sources["dataset"].str.join(" ")[0]


def test_input_dtypes_are_coerced() -> None:
    base = pl.read_csv(io.StringIO(empreinte.example_fleet_csv()), infer_schema_length=None)
    expected = empreinte.assess(base, year=2024)
    cast = base.with_columns(
        pl.col("quantity").cast(pl.Int32),
        pl.col("purchase_year").cast(pl.UInt16),
        pl.col("entity").cast(pl.Categorical),
        pl.col("kind").cast(pl.Categorical),
    )
    assert empreinte.assess(cast, year=2024).equals(expected)


def test_purchase_date_as_date_column() -> None:
    df = pl.DataFrame(
        {
            "entity": ["a"],
            "kind": ["laptop"],
            "quantity": [3],
            "purchase_date": [datetime.date(2021, 3, 15)],
            "country": ["BE"],
        }
    )
    by_date = empreinte.assess(df, year=2023)
    by_year = empreinte.assess(
        [{"entity": "a", "kind": "laptop", "quantity": 3, "purchase_year": 2021, "country": "BE"}], year=2023
    )
    assert by_date.equals(by_year)


def test_unconvertible_column_type_is_a_type_error() -> None:
    df = pl.DataFrame([{"entity": "a", "kind": "laptop", "quantity": 1, "purchase_year": 2020, "country": "BE"}])
    with pytest.raises(TypeError, match="quantity"):
        empreinte.assess(df.with_columns(pl.concat_list("quantity").alias("quantity")), year=2023)


def test_keep_longer(tmp_path: Path) -> None:
    ext = empreinte.keep_longer(empreinte.example_fleet(), 2)
    assert (ext["saving_gwp_kgco2e_per_year"] > 0).all()
    path = tmp_path / "fleet.csv"
    path.write_text(empreinte.example_fleet_csv())
    assert empreinte.keep_longer(path, 2).equals(ext)


def _cli() -> Path:
    path = Path(os.environ.get("EMPREINTE_CLI", ROOT / "target" / "release" / "empreinte"))
    if not path.exists():
        pytest.skip(f"the command is not built ({path}); scripts/test-python.sh builds it")
    return path


@pytest.mark.parametrize(
    ("mode", "by"), [("amortised", "entity"), ("acquisition", "entity,kind"), ("amortised", "kind,phase")]
)
def test_same_numbers_as_the_command(mode: str, by: str, tmp_path: Path) -> None:
    csv_path = tmp_path / "fleet.csv"
    csv_path.write_text(empreinte.example_fleet_csv())
    out = subprocess.run(
        [_cli(), "assess", csv_path, "--year", "2024", "--mode", mode, "--by", by, "--format", "csv"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    command = pl.read_csv(io.StringIO(out), infer_schema_length=None)
    for inventory in (csv_path, empreinte.example_fleet()):
        python = empreinte.assess(inventory, year=2024, mode=mode, by=by)  # type: ignore[arg-type]
        assert python.columns == command.columns
        assert python.height == command.height
        for name in python.columns:
            for a, b in zip(python[name].to_list(), command[name].to_list(), strict=True):
                # Exact: the command writes the shortest text that reads back exactly.
                assert a == b, (name, a, b)
