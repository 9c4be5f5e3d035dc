"""The public API: single devices, grid, archetypes, datasets, example
fleet, groupings, modes, and the same numbers as the command."""

from __future__ import annotations

import dataclasses
import datetime
import io
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


def test_namespace_is_the_api() -> None:
    public = {name for name in dir(empreinte) if not name.startswith("_")}
    # empreinte.spark (the `spark` extra) is a submodule: an attribute of the
    # package once imported (tests/test_spark.py imports it), never a name of it.
    if "spark" in public:
        assert getattr(empreinte, "spark").__name__ == "empreinte.spark"
        public.remove("spark")
    assert public == set(empreinte.__all__)
    for helper in ("Any", "Iterable", "Literal", "Mapping", "Sequence", "TypeAlias", "dataclass", "io", "os", "pl"):
        assert helper not in dir(empreinte), helper
    assert len(empreinte.__all__) == len(set(empreinte.__all__))


def test_data_centre_and_policy_functions_are_public() -> None:
    for name in ("datacentre", "DatacentreReport", "HourlyGrid", "hourly_grid_intensity", "example_datacentre_csv",
                 "simulate", "compare", "tender", "extend_or_replace", "PolicyReport", "TenderReport",
                 "REFERENCE_SCENARIOS", "POLICY_KEYS", "reference_policy", "reference_inventory"):  # fmt: skip
        assert name in empreinte.__all__ and name in dir(empreinte), name
    assert "tomllib" not in dir(empreinte) and "json" not in dir(empreinte)


def test_inventory_columns_come_from_the_schema() -> None:
    columns = empreinte.INVENTORY_COLUMNS
    assert columns[:3] == ("entity", "kind", "quantity")
    assert "annual_energy_kwh" in columns and "disposal_year" in columns
    assert len(columns) == len(set(columns))


def test_grid_intensity() -> None:
    g = empreinte.grid_intensity("be", 2023)
    assert (g.zone, g.year, g.data_year) == ("BE", 2023, 2023)
    assert g.gco2e_per_kwh == pytest.approx(134.915)
    later = empreinte.grid_intensity("BE", 2099)
    assert later.data_year < later.year  # the series stops earlier


def test_grid_intensity_has_the_javascript_field_names() -> None:
    fields = [f.name for f in dataclasses.fields(empreinte.GridIntensity)]
    assert fields == ["zone", "year", "data_year", "gco2e_per_kwh"]
    with pytest.raises(empreinte.OutOfRangeError) as info:
        empreinte.grid_intensity("BE", 3000)
    assert (info.value.source, info.value.column) == ("options", "year")


def test_device_footprint_defaults_and_overrides() -> None:
    default = empreinte.device_footprint("laptop", country="FR", year=2023)
    assert default.height == 1
    total = default["gwp_total_kgco2e"][0]
    assert default["gwp_total_kgco2e_low"][0] <= total <= default["gwp_total_kgco2e_high"][0]
    per_year = default["gwp_per_year_kgco2e"][0]
    assert per_year == pytest.approx(total / default["lifespan_years"][0])
    longer = empreinte.device_footprint("laptop", country="FR", year=2023, lifespan_years=8)
    assert longer["gwp_per_year_kgco2e"][0] < per_year


def test_device_footprint_in_year() -> None:
    fp = empreinte.device_footprint(
        "laptop", country="BE", year=2023, lifespan_years=4, annual_energy_kwh=20, embodied_gwp_kgco2e=200
    )
    assert fp["gwp_in_year_kgco2e"][0] == pytest.approx(200 / 4 + 20 * 0.134915)
    acquisition = empreinte.device_footprint(
        "laptop", country="BE", year=2023, mode="acquisition", lifespan_years=4, embodied_gwp_kgco2e=200
    )
    assert acquisition["gwp_in_year_kgco2e"][0] > 190  # all but end of life booked in the year of purchase
    bought_before = empreinte.device_footprint(
        "laptop",
        country="BE",
        year=2023,
        purchase_year=2021,
        mode="acquisition",
        lifespan_years=4,
        embodied_gwp_kgco2e=200,
    )
    assert bought_before["gwp_manufacture_kgco2e"][0] == pytest.approx(acquisition["gwp_manufacture_kgco2e"][0])
    assert bought_before["gwp_in_year_kgco2e"][0] < 20  # only its electricity
    gone = empreinte.device_footprint("laptop", country="BE", year=2023, purchase_year=2018, disposal_year=2020)
    assert gone["gwp_in_year_kgco2e"][0] == 0
    with pytest.raises(empreinte.InvalidOptionError):
        empreinte.device_footprint("laptop", country="BE", year=2023, mode="yearly")  # type: ignore[arg-type]


def test_device_footprint_with_factor_table(tmp_path: Path) -> None:
    path = tmp_path / "factors.csv"
    path.write_text(empreinte.example_factors_csv())
    fp = empreinte.device_footprint("laptop", country="BE", year=2023, factors=path)
    assert fp["adpe_total_kgsbeq"][0] is not None
    assert empreinte.device_footprint("laptop", country="BE", year=2023)["adpe_total_kgsbeq"][0] is None


# A `gwp` row of a factor table replaces the archetype's default for the
# devices that give no embodied footprint of their own.
GWP_OVERRIDE = "criterion,unit,kind,phase,value,low,high,source\ngwp,kgco2e,laptop,manufacture,1000,900,1100,study X\n"
ONE_LAPTOP = pl.DataFrame(
    {"entity": ["Mairie"], "kind": ["laptop"], "quantity": [1], "purchase_year": [2024], "lifespan_years": [4]}
)


def _manufacture(df: pl.DataFrame, column: str = "gwp_manufacture_kgco2e") -> tuple[float, float, float]:
    return (df[column][0], df[f"{column}_low"][0], df[f"{column}_high"][0])


@pytest.mark.parametrize("as_path", [False, True], ids=["text", "path"])
def test_gwp_factor_override_in_assess(as_path: bool, tmp_path: Path) -> None:
    factors: str | Path = GWP_OVERRIDE
    if as_path:
        factors = tmp_path / "study-x.csv"
        factors.write_text(GWP_OVERRIDE)
    df = empreinte.assess(ONE_LAPTOP, year=2024, country="BE", factors=factors)
    assert _manufacture(df) == pytest.approx((250, 225, 275))
    assert _manufacture(empreinte.assess(ONE_LAPTOP, year=2024, country="BE")) != pytest.approx((250, 225, 275))
    # From a CSV file, a CSV text and a list of factor tables: the same.
    csv_path = tmp_path / "fleet.csv"
    ONE_LAPTOP.write_csv(csv_path)
    assert _manufacture(empreinte.assess(csv_path, year=2024, country="BE", factors=[factors])) == pytest.approx(
        (250, 225, 275)
    )
    text = csv_path.read_text()
    assert _manufacture(empreinte.assess(text, year=2024, country="BE", factors=factors)) == pytest.approx(
        (250, 225, 275)
    )


def test_gwp_factor_override_in_device_footprint_and_keep_longer() -> None:
    fp = empreinte.device_footprint("laptop", country="BE", year=2024, lifespan_years=4, factors=GWP_OVERRIDE)
    assert _manufacture(fp) == pytest.approx((1000, 900, 1100))
    assert fp["gwp_in_year_kgco2e"][0] == pytest.approx(
        250 + fp["gwp_transport_kgco2e"][0] / 4 + fp["gwp_end_of_life_kgco2e"][0] / 4 + fp["gwp_use_kgco2e"][0] / 4
    )
    default = empreinte.keep_longer(ONE_LAPTOP, 1, country="BE").table
    overridden = empreinte.keep_longer(ONE_LAPTOP, 1, country="BE", factors=[GWP_OVERRIDE]).table
    before = overridden["embodied_gwp_kgco2e_per_year"][0]
    assert before != pytest.approx(default["embodied_gwp_kgco2e_per_year"][0])
    assert before == pytest.approx(250 + fp["gwp_transport_kgco2e"][0] / 4 + fp["gwp_end_of_life_kgco2e"][0] / 4)
    csv = ONE_LAPTOP.write_csv()
    assert empreinte.keep_longer(csv, 1, country="BE", factors=GWP_OVERRIDE).table.equals(overridden)


def test_factor_tables_apply_in_order() -> None:
    later = GWP_OVERRIDE.replace("1000,900,1100", "2000,1800,2200")
    df = empreinte.assess(ONE_LAPTOP, year=2024, country="BE", factors=[GWP_OVERRIDE, later])
    assert _manufacture(df) == pytest.approx((500, 450, 550))
    r = empreinte.report(ONE_LAPTOP, year=2024, country="BE", factors=[GWP_OVERRIDE, later])
    assert r.datasets["id"].to_list()[-2:] == ["factors[0]", "factors[1]"]
    alone = empreinte.report(ONE_LAPTOP, year=2024, country="BE", factors=[GWP_OVERRIDE])
    assert alone.datasets["id"].to_list()[-1] == "factors"
    used = alone.sources.filter(pl.col("dataset").str.starts_with("factors "))
    assert used["reference"].to_list() == ["study X"]  # the overridden value says where it came from


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
    df = empreinte.assess(empreinte.example_fleet(), year=2024, all_criteria=True)
    assert df["adpe_total_kgsbeq"].null_count() == df.height
    assert df["gwp_total_kgco2e"].null_count() == 0
    assert df.schema["gwp_total_kgco2e"] == pl.Float64


def test_report_has_sources_and_notes() -> None:
    r = empreinte.report(empreinte.example_fleet(), year=2024)
    assert r.sources.height > 0
    # Criteria left out are not noted as missing; asked for, they are.
    assert not any(n.code == "criterion_missing" for n in r.notes)
    every = empreinte.report(empreinte.example_fleet(), year=2024, all_criteria=True)
    assert any(n.code == "criterion_missing" for n in every.notes)
    assert r.total.height == 1
    assert r.total["gwp_total_kgco2e"][0] == pytest.approx(r.table["gwp_total_kgco2e"].sum(), rel=1e-12)
    assert r.datasets["id"].to_list() == empreinte.datasets()["id"].to_list()


def test_default_grouping_and_mode_are_cores() -> None:
    fleet = empreinte.example_fleet()
    assert empreinte.assess(fleet, year=2024).equals(
        empreinte.assess(fleet, year=2024, by="entity", mode="amortised")
    )


def test_unknown_columns_are_notes() -> None:
    df = ONE_LAPTOP.with_columns(pl.lit("spare").alias("comment"))
    r = empreinte.report(df, year=2024, country="BE")
    ignored = [n for n in r.notes if n.code == "ignored_column"]
    assert [n.message for n in ignored] == [
        "inventory: column `comment` is not part of the inventory format and was ignored"
    ]
    assert r.table.equals(empreinte.report(ONE_LAPTOP, year=2024, country="BE").table)
    text = df.write_csv()
    from_text = empreinte.report(text, year=2024, country="BE")
    assert [n.message for n in from_text.notes if n.code == "ignored_column"] == [ignored[0].message]


def test_unknown_column_near_miss_is_an_error() -> None:
    for frame in (ONE_LAPTOP.rename({"lifespan_years": "lifespan_year"}), ONE_LAPTOP.rename({"quantity": "Quantty"})):
        with pytest.raises(empreinte.UnknownColumnError) as info:
            empreinte.assess(frame, year=2024, country="BE")
        assert "did you mean" in str(info.value)
        assert info.value.source == "inventory" and info.value.column is not None
    typo = ONE_LAPTOP.with_columns(pl.lit(20).alias("annual_energy_wh"))
    with pytest.raises(empreinte.UnknownColumnError, match="did you mean `annual_energy_kwh`"):
        empreinte.assess(typo, year=2024, country="BE")
    with pytest.raises(empreinte.UnknownColumnError, match="did you mean `annual_energy_kwh`"):
        empreinte.assess(typo.write_csv(), year=2024, country="BE")


def test_csv_text_inventory(tmp_path: Path) -> None:
    text = empreinte.example_fleet_csv()
    path = tmp_path / "fleet.csv"
    path.write_text(text)
    assert empreinte.assess(text, year=2024).equals(empreinte.assess(path, year=2024))
    assert empreinte.assess(text, year=2024).equals(empreinte.assess(str(path), year=2024))


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


def test_a_column_of_the_wrong_type_is_an_input_error() -> None:
    df = pl.DataFrame([{"entity": "a", "kind": "laptop", "quantity": 1, "purchase_year": 2020, "country": "BE"}])
    with pytest.raises(empreinte.InvalidNumberError) as info:
        empreinte.assess(df.with_columns(pl.concat_list("quantity").alias("quantity")), year=2023)
    assert (info.value.row, info.value.column) == (0, "quantity")
    # Bytes that are not UTF-8 have no conversion to text at all.
    with pytest.raises(TypeError, match="entity"):
        empreinte.assess(df.with_columns(pl.Series("entity", [b"\xff"])), year=2023)


def test_keep_longer(tmp_path: Path) -> None:
    ext = empreinte.keep_longer(empreinte.example_fleet(), 2)
    assert (ext.table["saving_gwp_kgco2e_per_year"] > 0).all()
    assert ext.extra_years == 2.0
    # Core's total, not a sum Python makes: it equals the per-kind column's sum.
    assert ext.total_saving_gwp_kgco2e_per_year == pytest.approx(ext.table["saving_gwp_kgco2e_per_year"].sum())
    low, high = ext.total_saving_gwp_kgco2e_per_year_low, ext.total_saving_gwp_kgco2e_per_year_high
    assert low <= ext.total_saving_gwp_kgco2e_per_year <= high
    path = tmp_path / "fleet.csv"
    path.write_text(empreinte.example_fleet_csv())
    assert empreinte.keep_longer(path, 2).table.equals(ext.table)


def test_keep_longer_and_simulate_keep_the_reading_notes() -> None:
    """An ignored column is said in every result, never dropped (issue 20):
    keep_longer's notes, simulate's from a DataFrame as from CSV text."""
    frame = ONE_LAPTOP.with_columns(pl.lit("x").alias("comment"), pl.lit(20.0).alias("annual_energy_kwh"))
    for inventory in (frame, frame.write_csv()):
        ext = empreinte.keep_longer(inventory, 1, country="BE")
        assert [n.code for n in ext.notes] == ["ignored_column"], ext.notes
        r = empreinte.simulate(inventory, {"end_year": 2026}, country="BE")
        assert "ignored_column" in [n.code for n in r.notes], r.notes


@pytest.mark.parametrize(
    ("mode", "by"), [("amortised", "entity"), ("acquisition", "entity,kind"), ("amortised", "kind,phase")]
)
def test_same_numbers_as_the_command(mode: str, by: str, cli: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "fleet.csv"
    csv_path.write_text(empreinte.example_fleet_csv())
    out = subprocess.run(
        [cli, "assess", csv_path, "--year", "2024", "--mode", mode, "--by", by, "--format", "csv",
         # Every criterion, with digits enough to read back the same double.
         "--all-criteria", "--precision", "17"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    command = pl.read_csv(io.StringIO(out), infer_schema_length=None)
    for inventory in (csv_path, empreinte.example_fleet()):
        python = empreinte.assess(inventory, year=2024, mode=mode, by=by, all_criteria=True)  # type: ignore[arg-type]
        assert python.columns == command.columns
        assert python.height == command.height
        for name in python.columns:
            for a, b in zip(python[name].to_list(), command[name].to_list(), strict=True):
                # Exact: 17 significant digits read back the same double.
                assert a == b, (name, a, b)


def test_hidden_criteria_as_the_command(cli: Path, tmp_path: Path) -> None:
    """Criteria no factor table gives are left out, as the command does, unless asked."""
    csv_path = tmp_path / "fleet.csv"
    csv_path.write_text(empreinte.example_fleet_csv())
    for every in (False, True):
        flags = ["--all-criteria"] if every else []
        out = subprocess.run(
            [cli, "assess", csv_path, "--year", "2024", "--format", "csv", *flags],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        header = out.splitlines()[0].split(",")
        assert empreinte.assess(csv_path, year=2024, all_criteria=every).columns == header
        assert empreinte.report(csv_path, year=2024, all_criteria=every).csv.splitlines()[0].split(",") == header
    shown = empreinte.assess(empreinte.example_fleet(), year=2024)
    assert not any(c.startswith(("adpe_", "pe_")) for c in shown.columns)
    assert len(shown.columns) < len(empreinte.assess(empreinte.example_fleet(), year=2024, all_criteria=True).columns)


def test_report_displays_in_a_notebook_and_gives_its_sections() -> None:
    r = empreinte.report(empreinte.example_fleet().with_columns(pl.lit("x").alias("comment")), year=2024)
    html = r._repr_html_()
    total = r.total["gwp_total_kgco2e"][0]
    assert f"{total:,.0f} kg CO₂e" in html
    assert any(n.code == "ignored_column" for n in r.notes)
    assert all(f"<code>{n.code}</code>" in html for n in r.notes)
    for name in r.SECTIONS:
        assert f"report.section({name!r})" in html
        assert r.section(name).equals(getattr(r, name))
    assert isinstance(r.section("total"), pl.DataFrame)
    with pytest.raises(KeyError, match="table, total, sources, datasets"):
        r.section("kpi")
