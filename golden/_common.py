"""What the reference calculators share, standard library only and
independent of the engine: the yearly grid intensity series
(datasets/data/ember-owid/2025/grid_intensity.csv) and its year rule.

docs/methodology.md section 3: a year after the series takes the latest
published year, a year before it the first, and a year in a gap the previous
published year. One rule, here, for golden/reference.py, sci_reference.py,
policy_reference.py, datacentre_reference.py and uncertainty_reference.py."""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GRID_CSV = REPO / "datasets" / "data" / "ember-owid" / "2025" / "grid_intensity.csv"


def load_grid(path: Path = GRID_CSV) -> dict[str, dict[int, float]]:
    """zone (upper case) -> year -> g CO2e/kWh (the life-cycle series unless `path` names another)."""
    grid: dict[str, dict[int, float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            grid.setdefault(r["zone"].upper(), {})[int(r["year"])] = float(r["intensity_gco2e_per_kwh"])
    return grid


def grid_year(series: dict[int, float], year: int) -> int:
    """The published year whose intensity `year` takes (methodology section 3)."""
    if not series:
        raise KeyError("no grid data")
    y = min(max(year, min(series)), max(series))
    while y not in series:
        y -= 1
    return y


def intensity_g(grid: dict[str, dict[int, float]], zone: str, year: int) -> tuple[float, int]:
    """g CO2e/kWh of `zone` for `year`, and the published year it comes from."""
    series = grid.get(zone.upper())
    if not series:
        raise KeyError(f"no grid data for {zone}")
    y = grid_year(series, year)
    return series[y], y
