"""empreinte on Apache Spark: the same numbers as the single-machine calls,
for inventories and meter readings too large for one machine.

Install with ``pip install empreinte[spark]`` (pyspark 4, pyarrow, pandas)
on the driver and on every executor. The functions take Spark DataFrames and
return Spark DataFrames. Each partition goes through the native module as
Arrow batches (``mapInArrow``) and becomes core's partial sums; Spark adds
them (``groupBy`` with ``sum`` and ``bit_or``); core turns the sums into the
report on the driver. No formula lives here: the per-row arithmetic, the
combination of the intervals (low, central, high), the notes and the
sources are core's, as in :func:`empreinte.report`.

The sums are added in another order than on one machine, so results agree
to a relative ``1e-9`` (:data:`RELATIVE_TOLERANCE`), whatever the
partitioning. Errors are those of the single-machine call, with the
partition named: ``source`` is ``inventory partition 3`` and ``row`` the
0-based row within that partition.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]  # no type information
import pyarrow.compute as pc  # type: ignore[import-untyped]

from empreinte import _native
from empreinte._api import Factors, Mode, Note, _by, _factors
from empreinte._datacentre import Allocation, CsvInput, _input
from empreinte._errors import BY_CODE, EmpreinteError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["RELATIVE_TOLERANCE", "SparkDatacentreReport", "SparkReport", "assess", "datacentre_hourly", "report"]

#: How far a result computed on Spark may be from the single-machine one,
#: relative to its magnitude: only the order of the additions differs.
RELATIVE_TOLERANCE: float = 1e-9

#: The key columns of the partial sums (core's ``PARTIAL_KEYS``).
_KEYS = ("record", "entity", "kind", "zone")


@dataclass(frozen=True)
class SparkReport:
    """The report of :func:`report`: the tables of :class:`empreinte.Report`
    as Spark DataFrames (same columns, same rows), and the notes."""

    table: DataFrame
    total: DataFrame
    sources: DataFrame
    datasets: DataFrame
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class SparkDatacentreReport:
    """The report of :func:`datacentre_hourly`: the sections of
    :class:`empreinte.DatacentreReport` (same columns and rows) as Spark
    DataFrames, with the reporting year and the notes."""

    year: int
    kpi: DataFrame
    total: DataFrame
    scopes: DataFrame
    cooling: DataFrame
    tenants: DataFrame
    hourly: DataFrame | None
    notes: tuple[Note, ...]
    sources: DataFrame
    datasets: DataFrame


def _spark_schema(schema: pa.Schema) -> StructType:
    """A partial table's Arrow schema (text and numbers) for Spark."""
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    spark_type = {pa.string(): StringType(), pa.float64(): DoubleType(), pa.int64(): LongType()}
    return StructType([StructField(f.name, spark_type[f.type]) for f in schema])


def _spark_frame(spark: SparkSession, table: Any) -> DataFrame:
    """An Arrow table of the native module as a Spark DataFrame."""
    return spark.createDataFrame(pa.table(table))


#: The text that starts an error record in a partial table.
_ERROR = "\x00error "


def _on_driver(value: CsvInput | DataFrame | None, name: str) -> tuple[str, str | None] | None:
    """A small input read on the driver (the facility meter, the user's
    hourly grid: 8,760 rows a year) for the native module: a path, CSV
    text, a polars frame, or a Spark DataFrame, collected."""
    from pyspark.sql import DataFrame as SparkFrame

    if isinstance(value, SparkFrame):
        frame = pl.from_arrow(value.toArrow())
        assert isinstance(frame, pl.DataFrame)
        return _input(frame, name)
    return _input(value, name)


def _error_batch(schema: pa.Schema, partition: int, e: EmpreinteError) -> pa.RecordBatch:
    """A failed partition as one error record of its partial table (first
    column, text: the error and the partition; the rest empty or zero); the
    driver raises it as the same exception."""
    detail = {"partition": partition, "code": e.code, "message": str(e), "row": e.row, "column": e.column}
    columns = [
        pa.array([_ERROR + json.dumps(detail) if i == 0 else ""], f.type)
        if pa.types.is_string(f.type)
        else pa.array([0], pa.int64()).cast(f.type)
        for i, f in enumerate(schema)
    ]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _raise_first_error(combined: pa.Table, source: str) -> None:
    """Raises the error of the first partition that had one, as the
    exception class of its code, naming the partition and the row in it."""
    text = combined.column_names[0]
    marked = pc.starts_with(combined[text], pattern=_ERROR)
    errors = [json.loads(t[len(_ERROR) :]) for t in combined.filter(marked)[text].to_pylist()]
    if not errors:
        return
    detail = min(errors, key=lambda d: d["partition"])
    partition = detail["partition"]
    exc = BY_CODE[detail["code"]](f"partition {partition}: {detail['message']}")
    exc.source = f"{source} partition {partition}"
    exc.row = detail["row"]
    exc.column = detail["column"]
    raise exc


def _partials(
    native: Callable[..., Any], schema: pa.Schema, args: tuple[Any, ...]
) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each partition runs: its batches through ``native``
    to core's partial sums (an error as an error record)."""

    def run(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from pyspark import TaskContext

        rows = [b for b in batches if b.num_rows]
        if not rows:
            return
        context = TaskContext.get()
        partition = context.partitionId() if context is not None else 0
        try:
            table = pa.table(native(pa.Table.from_batches(rows), *args))
        except EmpreinteError as e:
            yield _error_batch(schema, partition, e)
            return
        yield from table.cast(schema).to_batches()

    return run


def report(
    df: DataFrame,
    *,
    year: int,
    mode: Mode | None = None,
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
    all_criteria: bool = False,
) -> SparkReport:
    """Assesses an inventory held in a Spark DataFrame: the report of
    :func:`empreinte.report`, its tables as Spark DataFrames.

    Same arguments as :func:`empreinte.report`. The DataFrame's columns are
    core's inventory schema (``empreinte.INVENTORY_COLUMNS``); a factor
    table given as a path must be readable at that path on every executor
    (or give its CSV text). Runs one Spark job; the groups are finished on
    the driver (memory follows the number of groups, as with the command).

    Raises:
        InputError: the subclass of the single-machine call, naming the
            partition (``source``), the row in it and the column.
    """
    from pyspark.sql import functions as F

    by_ = _by(by)
    factors_ = _factors(factors)
    _native.assess_check(df.columns, year, mode, by_, country, factors_)
    lanes = _native.assess_partial_lanes(year, mode, by_, factors_)
    schema = pa.schema([(k, pa.string()) for k in _KEYS] + [(n, pa.float64()) for n in ["flags", *lanes]])
    args = (year, mode, by_, country, factors_)
    parts = df.mapInArrow(_partials(_native.assess_partial, schema, args), _spark_schema(schema))
    combined = (
        parts.groupBy(*_KEYS)
        .agg(F.bit_or(F.col("flags").cast("long")).alias("flags"), *[F.sum(c).alias(c) for c in lanes])
        .toArrow()
    )
    _raise_first_error(combined, "inventory")
    table, total, sources, datasets, notes, _csv = _native.assess_combine(combined, df.columns, *args, all_criteria)
    spark = df.sparkSession
    return SparkReport(
        _spark_frame(spark, table),
        _spark_frame(spark, total),
        _spark_frame(spark, sources),
        _spark_frame(spark, datasets),
        tuple(Note(c, m) for c, m in notes),
    )


def assess(
    df: DataFrame,
    *,
    year: int,
    mode: Mode | None = None,
    country: str | None = None,
    by: str | Iterable[str] | None = None,
    factors: Factors = None,
    all_criteria: bool = False,
) -> DataFrame:
    """The footprint of a fleet held in a Spark DataFrame: the table of
    :func:`empreinte.assess` (same columns, rows and numbers, to
    :data:`RELATIVE_TOLERANCE`), as a Spark DataFrame.

    See :func:`report` for the arguments, the notes, sources and datasets.
    """
    return report(df, year=year, mode=mode, country=country, by=by, factors=factors, all_criteria=all_criteria).table

def datacentre_hourly(
    readings: DataFrame,
    *,
    facility_readings: CsvInput | DataFrame,
    facility: CsvInput,
    instruments: CsvInput | None = None,
    tenants: CsvInput | None = None,
    equipment: CsvInput | None = None,
    hourly_grid: CsvInput | DataFrame | None = None,
    allocation: Allocation | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: Factors = None,
) -> SparkDatacentreReport:
    """A data centre whose servers (or racks) are metered per interval, the
    readings in a Spark DataFrame: per-tenant energy, hourly location-based
    scope 2 and the facility KPIs of :func:`empreinte.datacentre`.

    ``readings`` has a ``tenant`` column, ``start`` (a Spark timestamp, or
    text as in a readings file, local times in ``time_zone``), ``end`` (or
    the ``interval_minutes`` option; an interval lasts at most an hour)
    and ``it_kwh``, the IT energy of the server in the interval; other
    columns (a server id) are not read. Each partition sums its rows per
    tenant and UTC hour in core (intervals spread over the hours they
    cover); Spark adds the sums; on the driver, core joins them to the
    facility meter (``facility_readings``: the readings file of
    :func:`empreinte.datacentre`, hourly or finer) and to the hourly grid
    intensity (``hourly_grid``: the user's series as a file, CSV text, a
    polars or a Spark DataFrame, or the embedded series), and assesses the
    whole as :func:`empreinte.datacentre` does, with the same options,
    files and result. The grid series is small (8,760 hours a year) and
    goes where Spark's sums are, the driver, as a broadcast join would
    send it: the scope-2 formula stays in core. Without ``tenants``, every
    tenant of the readings is reported, metered.

    Raises:
        InputError: as :func:`empreinte.datacentre`; a bad server reading
            names its partition (``source`` ``readings partition 3``), its
            row in the partition and its column.
    """
    from pyspark.sql import functions as F

    schema = pa.schema([("tenant", pa.string()), ("hour_utc", pa.int64()), ("it_kwh", pa.float64())])
    parts = readings.mapInArrow(
        _partials(_native.readings_partial, schema, (time_zone, interval_minutes)), _spark_schema(schema)
    )
    meter, site = _on_driver(facility_readings, "readings"), _input(facility, "facility")
    if meter is None or site is None:
        raise TypeError("datacentre_hourly needs facility_readings and facility")
    sums = parts.groupBy("tenant", "hour_utc").agg(F.sum("it_kwh").alias("it_kwh")).toArrow()
    _raise_first_error(sums, "readings")
    year, (sections, notes, sources, datasets), hourly = _native.datacentre_combine(
        sums,
        meter,
        site,
        _input(instruments, "instruments"),
        _input(tenants, "tenants"),
        _input(equipment, "equipment"),
        _on_driver(hourly_grid, "hourly_grid"),
        allocation,
        time_zone,
        interval_minutes,
        fill_gaps,
        encoding,
        _factors(factors),
    )
    spark = readings.sparkSession
    tables = {name: _spark_frame(spark, t) for name, t in sections}
    return SparkDatacentreReport(
        year=year,
        kpi=tables["kpi"],
        total=tables["total"],
        scopes=tables["scopes"],
        cooling=tables["cooling"],
        tenants=tables["tenants"],
        hourly=None if hourly is None else _spark_frame(spark, hourly),
        notes=tuple(Note(c, m) for c, m in notes),
        sources=_spark_frame(spark, sources),
        datasets=_spark_frame(spark, datasets),
    )
