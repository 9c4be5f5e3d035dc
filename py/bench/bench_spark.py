"""Rows per second of empreinte.spark on a local Spark beside one process.

Usage: python py/bench/bench_spark.py [inventory_rows] [servers] [hours]
(default 10,000,000 inventory lines; 10,000 servers x 8,760 hours =
87.6 M hourly readings). Prints figures; asserts nothing. On two cores
Spark does not win: the figure is the overhead per row that a cluster
divides among its executors.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import empreinte
import empreinte.spark

sys.path.insert(0, str(Path(__file__).parent))
from bench_assess import fleet  # noqa: E402


def timed(label: str, rows: int, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"{label}: {rows:,} rows in {seconds:.1f} s, {rows / seconds:,.0f} rows/s")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    servers = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    hours = int(sys.argv[3]) if len(sys.argv) > 3 else 8_760
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fleet.parquet"
        df = fleet(rows)
        df.write_parquet(path)
        del df
        timed("single process, inventory", rows, lambda: empreinte.assess(pl.read_parquet(path), year=2024))
        source = spark.read.parquet(str(path))
        timed("spark local[2], inventory", rows, lambda: empreinte.spark.assess(source, year=2024).count())
    # Hourly readings of `servers` servers generated inside Spark (never in
    # one process's memory), 20 tenants; the facility meter is their sum
    # per hour times 1.3 (computed by Spark, outside the timing).
    readings = (
        spark.range(servers * hours)
        .select(
            F.format_string("tenant %d", (F.col("id") % servers) % 20).alias("tenant"),
            F.timestamp_seconds(F.lit(1_640_995_200) + (F.col("id") / servers).cast("long") * 3600).alias("start"),
            (0.15 + (F.col("id") % servers % 17) * 0.01).alias("it_kwh"),
        )
        .withColumn("end", F.col("start") + F.expr("INTERVAL 1 HOUR"))
    )
    meter = (
        readings.groupBy("start", "end")
        .agg(F.sum("it_kwh").alias("it_kwh"))
        .withColumn("facility_kwh", F.col("it_kwh") * 1.3)
        .orderBy("start")
        .toPandas()
    )
    meter_csv = pl.from_pandas(meter).with_columns(
        pl.col("start", "end").dt.strftime("%Y-%m-%dT%H:%MZ")
    ).write_csv()
    timed(
        "spark local[2], server readings",
        servers * hours,
        lambda: empreinte.spark.datacentre_hourly(
            readings, facility_readings=meter_csv, facility="field,value\nzone,BE\n"
        ),
    )
    print("single process, server readings: see the criterion bench `datacentre` (core, in memory, one core)")
    spark.stop()


if __name__ == "__main__":
    main()
