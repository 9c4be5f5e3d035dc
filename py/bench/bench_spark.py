"""Rows per second of empreinte.spark on a local Spark beside one process.

Usage: python py/bench/bench_spark.py [inventory_rows] [servers] [hours]
(default 10,000,000 inventory lines; 10,000 servers x 8,760 hours =
87.6 M hourly readings). Prints figures; asserts nothing. On two cores
Spark does not win: the figure is the overhead per row that a cluster
divides among its executors.

The single-process figures run the same core without Spark: the
inventory through ``empreinte.assess`` (one call, the whole frame in
memory), the server readings through the native per-partition function
on chunks of 1,000,000 rows made by polars (the time of the native calls
only; the readings of a year do not fit one process's memory at once).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]  # no type information
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import empreinte
import empreinte.spark
from empreinte import _native

sys.path.insert(0, str(Path(__file__).parent))
from bench_assess import fleet  # noqa: E402

#: 2022-01-01T00:00Z, seconds since 1970.
START_S = 1_640_995_200
TENANTS = 20


def report(label: str, rows: int, seconds: float) -> None:
    print(f"{label}: {rows:,} rows in {seconds:.1f} s, {rows / seconds:,.0f} rows/s", flush=True)


def timed(label: str, rows: int, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    run()
    report(label, rows, time.perf_counter() - start)


def readings_chunk(first: int, n: int, servers: int) -> pl.DataFrame:
    """Readings number `first` to `first + n` (server-fastest), as the Spark
    job generates them."""
    i = pl.int_range(first, first + n, eager=True)
    start = (START_S + (i // servers) * 3600) * 1_000_000
    return pl.DataFrame(
        {
            "tenant": "tenant " + ((i % servers) % TENANTS).cast(pl.String),
            "start": start.cast(pl.Datetime("us", "UTC")),
            "end": (start + 3_600_000_000).cast(pl.Datetime("us", "UTC")),
            "it_kwh": 0.15 + ((i % servers) % 17).cast(pl.Float64) * 0.01,
        }
    )


def single_process_readings(servers: int, hours: int) -> None:
    """The per-partition function of core over every reading, in chunks."""
    total, seconds, chunk = servers * hours, 0.0, 1_000_000
    for first in range(0, total, chunk):
        df = readings_chunk(first, min(chunk, total - first), servers)
        start = time.perf_counter()
        pa.table(_native.readings_partial(df, None, None))
        seconds += time.perf_counter() - start
    report("single process (core, chunks of 1,000,000), server readings", total, seconds)


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
        # Untimed warm-up: the Python workers start and import empreinte once.
        empreinte.spark.assess(source.limit(10_000), year=2024).count()
        timed("spark local[2], inventory", rows, lambda: empreinte.spark.assess(source, year=2024).count())
    single_process_readings(servers, hours)
    # Hourly readings of `servers` servers generated inside Spark (never in
    # one process's memory), 20 tenants; the facility meter is their sum
    # per hour (the same every hour) times 1.3.
    readings = spark.range(servers * hours).select(
        F.format_string("tenant %d", (F.col("id") % servers) % TENANTS).alias("tenant"),
        F.timestamp_seconds(F.lit(START_S) + (F.col("id") / servers).cast("long") * 3600).alias("start"),
        (0.15 + (F.col("id") % servers % 17) * 0.01).alias("it_kwh"),
    )
    readings = readings.withColumn("end", F.col("start") + F.expr("INTERVAL 1 HOUR"))
    it_per_hour = sum(0.15 + (s % 17) * 0.01 for s in range(servers))
    hour = pl.int_range(hours, eager=True) * 3600 + START_S
    meter_csv = pl.DataFrame(
        {
            "start": pl.from_epoch(hour, "s").dt.strftime("%Y-%m-%dT%H:%MZ"),
            "end": pl.from_epoch(hour + 3600, "s").dt.strftime("%Y-%m-%dT%H:%MZ"),
            "it_kwh": [it_per_hour] * hours,
            "facility_kwh": [it_per_hour * 1.3] * hours,
        }
    ).write_csv()
    timed(
        "spark local[2], server readings",
        servers * hours,
        lambda: empreinte.spark.datacentre_hourly(
            readings, facility_readings=meter_csv, facility="field,value\nzone,BE\n"
        ),
    )
    spark.stop()


if __name__ == "__main__":
    main()
