#!/usr/bin/env python3
"""Independent reference calculator for the SCI golden cases of empreinte.

Plain Python 3 standard library; it never runs or imports the Rust engine.
It applies the formulas of docs/methodology.md section 12 (ISO/IEC 21031:2024
Software Carbon Intensity) to each case of `golden/sci_cases.json`, with the
committed tables:

  datasets/data/ember-owid/2025/grid_intensity.csv   I, yearly (latest year when the run's is after the data)
  datasets/data/sci-machines/2027.2/machines.csv      ToR, power model; the archetype behind TE and EL
  datasets/data/empreinte-archetypes/2027.2/archetypes.csv   TE (central, low, high) and EL of that archetype

  python3 golden/sci_reference.py --check   # recompute every expected value; exit 1 naming case and field
  python3 golden/sci_reference.py --write   # rewrite the expected values

A case: {name, source, tolerance_rel, inputs, unit, expected}. inputs =
{machine, vcpus, memory_gb|null, zone, year, wall_time_s, cpu_time_s,
rapl_energy_kwh|null, embodied_kgco2e|null, lifespan_years|null,
host_vcpus|null}; unit = {"kind": "run"} | {"kind": "operations", "count": N}
| {"kind": "iterations", "benchmarks": [{id, iterations, measured_time_s,
elements_per_iteration|null}]}.

Tolerance rule (as golden/reference.py): abs(got - want) <= tol * max(abs(want), 1) + 1e-9.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from _common import check_or_write, intensity_g, load_grid

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "golden" / "sci_cases.json"
GRID_CSV = REPO / "datasets" / "data" / "ember-owid" / "2025" / "grid_intensity.csv"
MACHINES_CSV = REPO / "datasets" / "data" / "sci-machines" / "2027.2" / "machines.csv"
ARCHETYPES_CSV = REPO / "datasets" / "data" / "empreinte-archetypes" / "2027.2" / "archetypes.csv"
# A machine's empty footprint and lifespan come from its archetype: column -> archetype column.
FROM_ARCHETYPE = {"embodied_kgco2e": "embodied_gwp_kgco2e", "embodied_kgco2e_low": "embodied_gwp_kgco2e_low",
                  "embodied_kgco2e_high": "embodied_gwp_kgco2e_high", "lifespan_years": "lifespan_years"}
HOURS_PER_YEAR = 365 * 24


def grid_intensity(zone: str, year: int) -> tuple[float, int]:
    """g CO2e/kWh of `zone` in `year`: nearest year with data, a gap takes the previous one."""
    return intensity_g(load_grid(), zone, year)


def machine(name: str) -> dict:
    with MACHINES_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["machine"] == name:
                break
        else:
            raise KeyError(name)
    if row.get("archetype"):
        with ARCHETYPES_CSV.open(newline="", encoding="utf-8") as f:
            arch = next(a for a in csv.DictReader(f) if a["kind"] == row["archetype"])
        for col, acol in FROM_ARCHETYPE.items():
            if not row[col]:
                row[col] = arch[acol]
    return row


def compute(inputs: dict, unit: dict) -> dict:
    m = machine(inputs["machine"])
    te = inputs.get("embodied_kgco2e") or float(m["embodied_kgco2e"])
    te_low = inputs.get("embodied_kgco2e") or float(m["embodied_kgco2e_low"])
    te_high = inputs.get("embodied_kgco2e") or float(m["embodied_kgco2e_high"])
    el_years = inputs.get("lifespan_years") or float(m["lifespan_years"])
    tor = inputs.get("host_vcpus") or float(m["host_vcpus"])
    whole = m["whole_device"] == "true"
    vcpus = float(inputs["vcpus"])
    memory_gb = inputs.get("memory_gb")
    if memory_gb is None:
        memory_gb = vcpus * float(m["memory_gb_per_vcpu"])
    wall_h = inputs["wall_time_s"] / 3600
    cpu_h = inputs["cpu_time_s"] / 3600

    # E: CCF compute formula, average watts = min + u (max - min), per vCPU-hour, + memory, x PUE.
    u = cpu_h / (wall_h * vcpus)
    if inputs.get("rapl_energy_kwh") is not None:
        cpu_kwh = inputs["rapl_energy_kwh"]
    else:
        watts = float(m["min_w_per_vcpu"]) + min(max(u, 0), 1) * (float(m["max_w_per_vcpu"]) - float(m["min_w_per_vcpu"]))
        cpu_kwh = watts * vcpus * wall_h / 1000
    mem_kwh = memory_gb * float(m["memory_w_per_gb"]) * wall_h / 1000
    e_kwh = (cpu_kwh + mem_kwh) * float(m["pue"])

    # I
    i_g, _ = grid_intensity(inputs["zone"], inputs["year"])

    # M = TE x TiR/EL x RR/ToR
    time_share = wall_h / (el_years * HOURS_PER_YEAR)
    resource_share = 1.0 if whole else vcpus / tor
    m_g = te * 1000 * time_share * resource_share

    # R
    kind = unit["kind"]
    if kind == "run":
        r = 1.0
    elif kind == "operations":
        r = float(unit["count"])
    else:
        r = sum(b["iterations"] for b in unit["benchmarks"])
    c_g = e_kwh * i_g + m_g
    out = {
        "energy_kwh": e_kwh,
        "cpu_utilisation": u,
        "intensity_gco2e_per_kwh": i_g,
        "embodied_gco2e": m_g,
        "embodied_gco2e_low": te_low * 1000 * time_share * resource_share,
        "embodied_gco2e_high": te_high * 1000 * time_share * resource_share,
        "total_gco2e": c_g,
        "r": r,
        "sci_gco2e_per_unit": c_g / r,
    }
    if kind == "iterations":
        total_t = sum(b["measured_time_s"] for b in unit["benchmarks"])
        for b in unit["benchmarks"]:
            share = b["measured_time_s"] / total_t
            g = c_g * share
            out[f"{b['id']}: sci_gco2e_per_iteration"] = g / b["iterations"]
            if b.get("elements_per_iteration"):
                out[f"{b['id']}: sci_gco2e_per_million_elements"] = g / (b["iterations"] * b["elements_per_iteration"]) * 1e6
    return out


def main() -> int:
    return check_or_write(__doc__.splitlines()[0], CASES, lambda case: compute(case["inputs"], case["unit"]), "SCI")


if __name__ == "__main__":
    sys.exit(main())
