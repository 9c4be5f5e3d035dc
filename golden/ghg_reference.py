#!/usr/bin/env python3
"""Independent reference calculator for the GHG-inventory golden cases of empreinte.

Plain Python 3 standard library; it never runs or imports the Rust engine, nor
datasets/derive_direct.py. It applies docs/methodology.md, "Two factor bases"
and "The organisation's GHG inventory", to each case of `golden/ghg_cases.json`:

  kind "grid_basis": electricity E (kWh) in a zone and year ->
      direct intensity  D = max(0, LC - sum_f share_f x (AR5 LC_f - AR5 D_f))
      scope 2 location-based   = E x D                 (GHG Protocol Scope 2 Guidance)
      scope 3 category 3       = E x (LC - D)          (Scope 3 Standard, category 3)
      product view (life-cycle)= E x LC
  computed from the raw shares (datasets/raw/owid-electricity-shares), the AR5
  medians written out below and the embedded life-cycle table
  (datasets/data/ember-owid/2025), never from the derived direct table.

  python3 golden/ghg_reference.py --check   # recompute every expected value; exit 1 naming case and field
  python3 golden/ghg_reference.py --write   # rewrite the expected values

Tolerance rule (as golden/reference.py): abs(got - want) <= tol * max(abs(want), 1) + 1e-9.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "golden" / "ghg_cases.json"
LC_CSV = REPO / "datasets" / "data" / "ember-owid" / "2025" / "grid_intensity.csv"
SHARES_CSV = REPO / "datasets" / "raw" / "owid-electricity-shares" / "share-elec-by-source.csv"
ISO_CSV = REPO / "datasets" / "iso3166.csv"

# IPCC AR5 WGIII Annex III Table A.III.2 medians, g CO2e/kWh: upstream = life-cycle - direct.
# Coal PC 820 - 760; gas CC 490 - 370; biomass dedicated 230 - 0; nuclear 12; hydropower 24;
# wind onshore 11; solar PV utility 48; geothermal ("other renewables") 38; "oil" (Ember's other
# fossil, 700) with the direct share of coal (methodology): 700 x 60 / 820.
UPSTREAM = {
    "Coal": 820 - 760,
    "Gas": 490 - 370,
    "Oil": 700 * (820 - 760) / 820,
    "Bioenergy": 230,
    "Nuclear": 12,
    "Hydropower": 24,
    "Wind": 11,
    "Solar": 48,
    "Other renewables": 38,
}


def life_cycle(zone: str, year: int) -> tuple[float, int, str]:
    """(g CO2e/kWh, data year, name): nearest year with data, a gap takes the previous one."""
    series: dict[int, float] = {}
    with LC_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["zone"] == zone:
                series[int(row["year"])] = float(row["intensity_gco2e_per_kwh"])
    if not series:
        raise KeyError(zone)
    y = min(max(year, min(series)), max(series))
    while y not in series:
        y -= 1
    return series[y], y, zone


def shares(zone: str, year: int) -> dict[str, float]:
    alpha3 = {}
    with ISO_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            alpha3[row["alpha2"]] = row["alpha3"]
    entity = {"EU27": "European Union (27)", "WORLD": "World"}.get(zone)
    code = {"XK": "OWID_KOS"}.get(zone, alpha3.get(zone))
    with SHARES_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if int(row["Year"]) != year:
                continue
            if (entity and row["Entity"] == entity) or (not entity and row["Code"] == code):
                return {k: float(row[k] or 0) / 100 for k in UPSTREAM}
    raise KeyError((zone, year))


def direct(zone: str, year: int) -> tuple[float, float, int]:
    """(direct, life-cycle, data year), g CO2e/kWh; direct rounded half-up to 3 decimals as published."""
    lc, y, _ = life_cycle(zone, year)
    s = shares(zone, y)
    d = max(0.0, lc - sum(s[f] * UPSTREAM[f] for f in UPSTREAM))
    return round(d + 1e-12, 3), lc, y


def compute(case: dict) -> dict:
    kind = case["kind"]
    i = case["inputs"]
    if kind == "grid_basis":
        d, lc, y = direct(i["zone"], i["year"])
        e = i["energy_kwh"]
        return {
            "data_year": y,
            "direct_gco2e_per_kwh": d,
            "life_cycle_gco2e_per_kwh": lc,
            "upstream_gco2e_per_kwh": lc - d,
            "scope2_location_kgco2e": e * d / 1000,
            "scope3_cat3_kgco2e": e * (lc - d) / 1000,
            "life_cycle_kgco2e": e * lc / 1000,
        }
    raise ValueError(f"unknown kind {kind}")


def close(got: float, want: float, tol: float) -> bool:
    return abs(got - want) <= tol * max(abs(want), 1) + 1e-9


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true")
    g.add_argument("--write", action="store_true")
    a = ap.parse_args()
    doc = json.loads(CASES.read_text(encoding="utf-8"))
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
        CASES.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(doc['cases'])} cases to {CASES.relative_to(REPO)}")
        return 0
    if bad:
        print(f"{bad} difference(s)", file=sys.stderr)
        return 1
    print(f"{len(doc['cases'])} GHG cases agree with the reference calculator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
