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


def close(got: float, want: float, tol: float) -> bool:
    """The tolerance rule of every golden file: abs(got - want) <= tol *
    max(abs(want), 1) + 1e-9."""
    return abs(got - want) <= tol * max(abs(want), 1) + 1e-9


def check_or_write(description: str, cases: Path, compute, label: str) -> int:  # type: ignore[no-untyped-def]
    """The command line of a reference calculator over a golden file:
    ``--check`` compares each case's ``expected`` values with
    ``compute(case)`` (a dict of name to value) under the case's
    ``tolerance_rel``; ``--write`` rewrites them (keeping a value that still
    agrees, so that the file changes only where the reference does).
    Returns the exit status."""
    import argparse
    import json
    import sys

    ap = argparse.ArgumentParser(description=description)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true")
    g.add_argument("--write", action="store_true")
    a = ap.parse_args()
    doc = json.loads(cases.read_text(encoding="utf-8"))
    bad = 0
    for case in doc["cases"]:
        got = compute(case)
        tol = case["tolerance_rel"]
        if a.write:
            old = case.get("expected", {})
            case["expected"] = {k: (old[k] if k in old and close(v, old[k], tol) else v) for k, v in got.items()}
            continue
        for k, want in case["expected"].items():
            if k not in got:
                print(f"{case['name']}: {k}: not computed", file=sys.stderr)
                bad += 1
            elif not close(got[k], want, tol):
                print(f"{case['name']}: {k}: expected {want}, reference computes {got[k]}", file=sys.stderr)
                bad += 1
    if a.write:
        cases.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(doc['cases'])} cases to {cases.name}")
        return 0
    if bad:
        print(f"{bad} difference(s)", file=sys.stderr)
        return 1
    print(f"{len(doc['cases'])} {label} cases agree with the reference calculator")
    return 0
