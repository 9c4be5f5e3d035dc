"""Throughput of empreinte.assess on a 1,000,000-row polars DataFrame.

Usage: python py/bench/bench_assess.py [rows]
Prints the best of 5 runs (seconds and rows per second); asserts nothing.
"""

from __future__ import annotations

import sys
import time

import polars as pl

import empreinte


def fleet(rows: int) -> pl.DataFrame:
    """A synthetic inventory: a few hundred entities, several kinds and countries."""
    kinds = ["laptop", "desktop", "smartphone", "monitor_22_24", "printer_laser", "tablet"]
    known = set(empreinte.archetypes()["kind"].to_list())
    kinds = [k for k in kinds if k in known] or sorted(known)[:6]
    countries = ["BE", "FR", "DE", "NL", "LU"]
    i = pl.int_range(0, rows, eager=True)
    return pl.DataFrame(
        {
            "entity": ("entity-" + (i * 7919 % 400).cast(pl.String)),
            "kind": pl.Series(kinds).gather(i % len(kinds)),
            "quantity": (i % 20 + 1),
            "purchase_year": (2016 + i % 9),
            "country": pl.Series(countries).gather(i % len(countries)),
            "annual_energy_kwh": (10.0 + (i % 50).cast(pl.Float64)),
        }
    )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    df = fleet(rows)
    empreinte.assess(df.head(1000), year=2024, by="entity")  # warm-up
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        result = empreinte.assess(df, year=2024, by="entity")
        best = min(best, time.perf_counter() - start)
    print(f"assess: {rows:,} rows, {df['entity'].n_unique()} entities -> {result.height} groups")
    print(f"assess: best of 5 = {best:.3f} s, {rows / best:,.0f} rows/s")


if __name__ == "__main__":
    main()
