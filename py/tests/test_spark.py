"""``empreinte.spark`` on a local Spark (``local[2]``, one session for the
whole run): the golden inventories through Spark give the golden numbers;
any partitioning gives the single-process results (to
``empreinte.spark.RELATIVE_TOLERANCE``: only the order of the additions
differs), with the same notes, sources and dataset editions; errors name
the partition, the row in it and the column.

Java and pyspark are installed by scripts/test-python.sh; nothing here is
skipped when they are missing (conftest.py turns a skip into a failure)."""

from __future__ import annotations

import importlib.util
import os
import random
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]  # no type information
import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import empreinte
import empreinte.spark

ROOT = Path(__file__).resolve().parents[2]
TOL = empreinte.spark.RELATIVE_TOLERANCE


def _golden() -> Any:
    """tests/test_golden.py (its cases and its comparison rule)."""
    spec = importlib.util.spec_from_file_location("golden_cases", Path(__file__).with_name("test_golden.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLDEN = _golden()


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark for every test: two cores, no web UI, few shuffle
    partitions; the workers run this interpreter (which has empreinte)."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("empreinte-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        # Tiny jobs: compiling each query's code costs more than it saves.
        .config("spark.sql.codegen.wholeStage", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _polars(df: DataFrame) -> pl.DataFrame:
    frame = pl.from_arrow(df.toArrow())
    assert isinstance(frame, pl.DataFrame)
    return frame


def assert_same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    """Same columns, rows and text; numbers within the relative tolerance;
    a missing value missing in both."""
    assert got.columns == want.columns
    assert got.height == want.height
    for name in want.columns:
        for g, w in zip(got[name].to_list(), want[name].to_list(), strict=True):
            if isinstance(w, float) and g is not None:
                assert abs(g - w) <= TOL * max(abs(w), 1e-300), (name, g, w)
            else:
                assert g == w, (name, g, w)


@pytest.fixture(scope="module")
def golden_through_spark(spark: SparkSession) -> dict[str, pl.DataFrame | Exception]:
    """Every golden inventory through Spark, as many partitions as the
    session's parallelism (2; some cases have one row, so an empty
    partition too). The cases run as concurrent Spark jobs: each is tiny
    and waits on Spark's scheduling more than it computes."""

    def run(case: dict[str, Any]) -> pl.DataFrame | Exception:
        df = GOLDEN._frame(case["inventory_csv"], infer_schema_length=None)
        try:
            result = empreinte.spark.assess(
                spark.createDataFrame(df.to_arrow()), **GOLDEN._options(case), factors=GOLDEN._factor_texts(case)
            )
            return _polars(result)
        except Exception as e:  # noqa: BLE001  # reported by the case's own test
            return e

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(run, GOLDEN.CASES)
        return {case["name"]: result for case, result in zip(GOLDEN.CASES, results, strict=True)}


@pytest.mark.parametrize("case", GOLDEN.CASES, ids=[c["name"] for c in GOLDEN.CASES])
def test_golden_cases_through_spark(golden_through_spark: dict[str, pl.DataFrame | Exception], case: dict[str, Any]) -> None:
    result = golden_through_spark[case["name"]]
    if isinstance(result, Exception):
        raise result
    GOLDEN._check(result, case)


@pytest.mark.parametrize("by", ["entity", "entity,kind", "phase", "none"])
def test_any_partitioning_gives_the_single_process_report(spark: SparkSession, by: str) -> None:
    """A property over partitionings: one partition, a random number of
    round-robin partitions (rows of an entity spread over several) and a
    random number of partitions by entity (all its rows in one), drawn
    afresh for each grouping (seeded: a failure can be replayed)."""
    fleet = pl.concat([empreinte.example_fleet()] * 7).with_columns(
        pl.int_range(pl.len()).alias("n"),  # not an inventory column: a note
    )
    want = empreinte.report(fleet, year=2024, by=by, factors=empreinte.example_factors_csv())
    source = spark.createDataFrame(fleet.to_arrow())
    draw = random.Random(by)
    spread, by_entity = draw.randint(2, 16), draw.randint(2, 16)
    partitionings = {
        "1": source.repartition(1),
        f"{spread} round-robin": source.repartition(spread),
        f"{by_entity} by entity": source.repartition(by_entity, "entity"),
    }

    def run(frame: DataFrame) -> empreinte.spark.SparkReport:
        return empreinte.spark.report(frame, year=2024, by=by, factors=empreinte.example_factors_csv())

    with ThreadPoolExecutor(max_workers=3) as pool:  # concurrent Spark jobs: each is tiny
        reports = dict(zip(partitionings, pool.map(run, partitionings.values()), strict=True))
    for where, got in reports.items():
        assert_same(_polars(got.table), want.table)
        assert_same(_polars(got.total), want.total)
        assert _polars(got.sources).equals(want.sources), where
        assert _polars(got.datasets).equals(want.datasets), where
        assert got.notes == want.notes, where
    assert any(n.code == "ignored_column" for n in want.notes)


def test_a_million_lines_in_eight_partitions(spark: SparkSession, tmp_path: Path) -> None:
    n = 1_000_000
    kinds = ["laptop", "desktop", "monitor_22_24", "smartphone", "printer"]
    fleet = pl.DataFrame({"i": pl.int_range(n, eager=True)}).select(
        entity=pl.format("entity {}", pl.col("i") % 300),
        kind=pl.col("i").mod(len(kinds)).replace_strict(dict(enumerate(kinds))),
        quantity=(pl.col("i") % 7 + 1).cast(pl.Float64),
        purchase_year=2016 + pl.col("i") % 9,
        country=pl.col("i").mod(3).replace_strict({0: "BE", 1: "FR", 2: "DE"}),
    )
    path = tmp_path / "fleet.parquet"
    fleet.write_parquet(path)
    source = spark.read.parquet(str(path)).repartition(8)
    assert source.rdd.getNumPartitions() == 8
    want = empreinte.report(fleet, year=2024)
    got = empreinte.spark.report(source, year=2024)
    assert_same(_polars(got.total), want.total)
    assert_same(_polars(got.table), want.table)
    assert _polars(got.sources).equals(want.sources)
    assert got.notes == want.notes


def test_a_bad_row_names_its_partition_row_and_column(spark: SparkSession) -> None:
    fleet = empreinte.example_fleet().with_row_index("n").with_columns(pl.col("n").cast(pl.Int64))
    bad = 17
    fleet = fleet.with_columns(pl.when(pl.col("n") == bad).then(pl.lit("lapotp")).otherwise("kind").alias("kind"))
    source = spark.createDataFrame(fleet.to_arrow())
    # Where row `bad` is: its partition, and its place in it (Spark keeps
    # the order of rows within a partition).
    placed = source.select("n", F.spark_partition_id().alias("p")).collect()
    partition = next(r["p"] for r in placed if r["n"] == bad)
    row = [r["n"] for r in placed if r["p"] == partition].index(bad)
    with pytest.raises(empreinte.UnknownKindError) as e:
        empreinte.spark.assess(source, year=2024)
    assert (e.value.source, e.value.row, e.value.column) == (f"inventory partition {partition}", row, "kind")
    assert f"partition {partition}" in str(e.value) and "lapotp" in str(e.value)
    # The single-machine call reports the same error at the whole frame's row.
    with pytest.raises(empreinte.UnknownKindError) as single:
        empreinte.assess(fleet, year=2024)
    assert (single.value.row, single.value.column) == (bad, "kind")


def test_option_and_column_errors_are_raised_on_the_driver(spark: SparkSession) -> None:
    source = spark.createDataFrame(empreinte.example_fleet().drop("kind").to_arrow())
    with pytest.raises(empreinte.MissingColumnError):
        empreinte.spark.assess(source, year=2024)
    with pytest.raises(empreinte.UnknownCountryError):
        empreinte.spark.assess(spark.createDataFrame(empreinte.example_fleet().to_arrow()), year=2024, country="XX")
    with pytest.raises(empreinte.InvalidOptionError):
        empreinte.spark.assess(spark.createDataFrame(empreinte.example_fleet().to_arrow()), year=2024, by="colour")


def test_an_empty_frame_is_an_empty_inventory(spark: SparkSession) -> None:
    source = spark.createDataFrame(empreinte.example_fleet().to_arrow()).limit(0)
    with pytest.raises(empreinte.EmptyInventoryError):
        empreinte.spark.assess(source, year=2024)
    with pytest.raises(empreinte.EmptyInventoryError):
        empreinte.assess(empreinte.example_fleet().head(0), year=2024)


def test_arrow_is_the_path() -> None:
    """The partial sums are an Arrow table from the native module."""
    table = pa.table(
        empreinte._native.assess_partial(empreinte.example_fleet(), 2024, None, None, None, [])
    )
    assert table.column_names[:5] == ["record", "entity", "kind", "zone", "flags"]
    assert set(table["record"].to_pylist()) == {"group", "kind", "zone", "read"}


def _servers(hours: int = 48, servers: int = 30) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Quarter-hourly readings of `servers` servers of three tenants (each
    its own daily shape) from 2022-01-01T00:00Z, and the facility meter's
    hourly readings (IT: the servers' sum; facility: 1.3 times it)."""
    quarters = hours * 4
    grid = pl.DataFrame({"s": pl.int_range(servers, eager=True)}).join(
        pl.DataFrame({"q": pl.int_range(quarters, eager=True)}), how="cross"
    )
    start = pl.datetime(2022, 1, 1, time_zone="UTC") + pl.duration(minutes=15 * pl.col("q"))
    readings = grid.select(
        server=pl.format("srv-{}", pl.col("s")),
        tenant=pl.col("s").mod(3).replace_strict({0: "Ministry", 1: "City", 2: "Hospital"}),
        start=start,
        end=start + pl.duration(minutes=15),
        it_kwh=0.05 + 0.01 * (pl.col("s") % 5) + 0.02 * ((pl.col("q") // 4 + 6 * (pl.col("s") % 3)) % 24) / 24,
    )
    hourly = (
        readings.group_by(pl.col("start").dt.truncate("1h"))
        .agg(pl.col("it_kwh").sum())
        .sort("start")
        .select(
            pl.col("start").dt.to_string("%Y-%m-%dT%H:%MZ"),
            (pl.col("start") + pl.duration(hours=1)).dt.to_string("%Y-%m-%dT%H:%MZ").alias("end"),
            "it_kwh",
            facility_kwh=pl.col("it_kwh") * 1.3,
        )
    )
    return readings, hourly


FACILITY = "field,value\nzone,BE\nit_capacity_kw,40\n"


def test_datacentre_hourly_per_tenant_scope_2(spark: SparkSession) -> None:
    readings, meter = _servers()
    source = spark.createDataFrame(readings.to_arrow()).cache()
    single = empreinte.datacentre(meter, facility=FACILITY)
    intensity = empreinte.hourly_grid_intensity("BE").table
    # The reference, computed here from the readings: each tenant's share of
    # each hour's IT energy times the hour's grid energy and intensity.
    per_hour = (
        readings.group_by("tenant", pl.col("start").dt.truncate("1h").alias("start_utc"))
        .agg(pl.col("it_kwh").sum())
        .join(
            meter.select(
                pl.col("start").str.to_datetime(time_zone="UTC").alias("start_utc"),
                it="it_kwh",
                facility="facility_kwh",
            ),
            on="start_utc",
        )
        .join(intensity.with_columns(pl.col("start_utc").cast(pl.Datetime("us", "UTC"))), on="start_utc")
        .with_columns(
            kg=pl.col("it_kwh") / pl.col("it") * pl.col("facility") * pl.col("intensity_gco2e_per_kwh") / 1000
        )
        .group_by("tenant")
        .agg(pl.col("it_kwh").sum(), pl.col("kg").sum())
    )
    first = None
    for partitions in (1, 3, 8):
        dc = empreinte.spark.datacentre_hourly(
            source.repartition(partitions), facility_readings=meter, facility=FACILITY
        )
        kpi = _polars(dc.kpi)
        assert_same(kpi, single.kpi)
        tenants = _polars(dc.tenants)
        location = tenants.filter(pl.col("scope2_method") == "location_based")
        assert location.height == 4  # three tenants and the unallocated line
        for row in per_hour.iter_rows(named=True):
            got = location.filter(pl.col("tenant") == row["tenant"]).row(0, named=True)
            assert abs(got["it_kwh"] - row["it_kwh"]) <= TOL * row["it_kwh"]
            assert abs(got["scope2_kgco2e"] - row["kg"]) <= TOL * row["kg"], (got, row)
        if first is None:
            first = tenants
        else:
            assert_same(tenants, first)
        assert dc.notes == single.notes
        assert _polars(dc.sources).equals(single.sources)
    assert first is not None
    # The user's hourly grid as a Spark DataFrame (collected to the driver,
    # as a broadcast would send it): twice the embedded intensity of these
    # 48 hours doubles every tenant's location-based scope 2, and gives the
    # single-machine call's KPIs with the same grid.
    grid = intensity.filter(pl.col("start_utc").dt.year() == 2022).head(48).select(
        datetime_utc=pl.col("start_utc").dt.to_string("%Y-%m-%dT%H:%MZ"),
        intensity_gco2e_per_kwh=pl.col("intensity_gco2e_per_kwh") * 2,
    )
    dc = empreinte.spark.datacentre_hourly(
        source.repartition(2), facility_readings=meter, facility=FACILITY, hourly_grid=spark.createDataFrame(grid.to_arrow())
    )
    assert_same(_polars(dc.kpi), empreinte.datacentre(meter, facility=FACILITY, hourly_grid=grid).kpi)
    doubled = _polars(dc.tenants).filter(pl.col("scope2_method") == "location_based")
    embedded = first.filter(pl.col("scope2_method") == "location_based")
    for got, once in zip(doubled["scope2_kgco2e"], embedded["scope2_kgco2e"], strict=True):
        assert abs(got - 2 * once) <= TOL * abs(got)
    source.unpersist()


def test_datacentre_hourly_bad_reading_names_its_partition(spark: SparkSession) -> None:
    readings, meter = _servers(hours=4, servers=3)
    readings = readings.with_row_index("n").with_columns(
        pl.col("n").cast(pl.Int64),
        it_kwh=pl.when(pl.col("n") == 5).then(-1.0).otherwise("it_kwh")
    )
    source = spark.createDataFrame(readings.to_arrow())
    placed = source.select("n", F.spark_partition_id().alias("p")).collect()
    partition = next(r["p"] for r in placed if r["n"] == 5)
    row = [r["n"] for r in placed if r["p"] == partition].index(5)
    with pytest.raises(empreinte.OutOfRangeError) as e:
        empreinte.spark.datacentre_hourly(source, facility_readings=meter, facility=FACILITY)
    assert (e.value.source, e.value.row, e.value.column) == (f"readings partition {partition}", row, "it_kwh")
