#!/usr/bin/env python3
"""Independent reference calculator for fleet policies (docs/methodology.md §13).

Plain Python 3 standard library; it never runs or imports the Rust engine.
It recomputes every expected value of golden/policy_cases.json from each
case's inventory, policy (or bids) and the committed dataset tables:

  datasets/data/ember-owid/2025/grid_intensity.csv            grid intensity
  datasets/data/empreinte-archetypes/2027.2/archetypes.csv   device defaults

    python3 golden/policy_reference.py --check   # exit 1 naming case and value on a mismatch
    python3 golden/policy_reference.py --write   # rewrite expected values (names, sources, tolerances kept)

Tolerance: abs(got - want) <= tolerance_rel * max(abs(want), 1) + 1e-9.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

from _common import grid_year, load_grid

REPO = Path(__file__).resolve().parent.parent
GRID_CSV = REPO / "datasets" / "data" / "ember-owid" / "2025" / "grid_intensity.csv"
ARCHETYPES_CSV = REPO / "datasets" / "data" / "empreinte-archetypes" / "2027.2" / "archetypes.csv"
CASES = REPO / "golden" / "policy_cases.json"

# zone -> year -> kg CO2e/kWh
GRID: dict[str, dict[int, float]] = {z: {y: g / 1000 for y, g in s.items()} for z, s in load_grid().items()}
ARCH: dict[str, dict] = {}
with ARCHETYPES_CSV.open(newline="") as f:
    for r in csv.DictReader(f):
        ARCH[r["kind"]] = r


def intensity(zone: str, year: int, decline: float) -> float:
    series = GRID[zone]
    last = max(series)
    if year > last:
        return series[last] * (1 - decline) ** (year - last)
    return series[grid_year(series, year)]


def policy_defaults(p: dict) -> dict:
    d = {"start_year": 2021, "end_year": 2030, "mode": "amortised", "lifespan_years": {},
         "amortisation_years": {}, "replacement_mix": {}, "growth_pct_per_year": 0,
         "refurbished_pct": 0, "refurbished_embodied_pct": 20, "donated_pct": 0,
         "second_life_years": 3, "refurbishment_kgco2e": 0, "donation_rule": "cut_off",
         "substitution_pct": 50, "efficiency_gain_pct_per_year": 0,
         "grid_decline_pct_per_year": 0, "trajectory_pct_per_year": 5,
         "replacement_efficiency_gain_pct": 10}
    d.update(p)
    d.setdefault("trajectory_base_year", d["start_year"])
    return d


def booked(mode: str, vintage: int, amort: float, last: int, year: int) -> float:
    """Share of embodied (manufacture + transport) booked in `year` (§6)."""
    age = year - vintage
    if mode == "acquisition":
        return 1.0 if year == vintage else 0.0
    if year == last:
        return max(0.0, 1 - min(age, amort) / amort)
    return min(max(amort - age, 0.0), 1.0) / amort


def booked_eol(mode: str, vintage: int, amort: float, last: int, year: int) -> float:
    if mode == "acquisition":
        return 1.0 if year == last else 0.0
    return booked(mode, vintage, amort, last, year)


def simulate(inventory_csv: str, p: dict) -> dict:
    p = policy_defaults(p)
    start, end = p["start_year"], p["end_year"]
    decline = p["grid_decline_pct_per_year"] / 100
    donated = p["donated_pct"] / 100
    s2 = p["second_life_years"]
    cohorts = []  # dicts: entity, kind, zone, vintage, q, amort, last, d, energy (total), mt, eol (totals)
    for r in csv.DictReader(io.StringIO(inventory_csv)):
        kind = r["kind"]
        a = ARCH[kind]
        q = float(r["quantity"])
        row_life = float(r.get("lifespan_years") or a["lifespan_years"])
        energy = float(r.get("annual_energy_kwh") or a["annual_energy_kwh"])
        shares = [float(a["share_manufacture"]), float(a["share_transport"]), float(a["share_end_of_life"])]
        own = r.get("embodied_gwp_kgco2e")
        m = float(own) if own else float(a["embodied_gwp_kgco2e"])
        vintage = int(r["purchase_year"])
        service = p["lifespan_years"].get(kind, row_life)
        last = max(vintage + max(math.ceil(service), 1) - 1, start)
        cohorts.append(dict(entity=r["entity"], kind=kind, zone=r.get("country") or "BE", vintage=vintage, q=q,
                            amort=p["amortisation_years"].get(kind, row_life), last=last, d=donated,
                            energy=q * energy, mt=q * m * (shares[0] + shares[1]), eol=q * m * shares[2]))
    years = list(range(start, end + 1))
    out = {y: dict.fromkeys(["stock_devices", "purchases_devices", "disposals_devices", "donations_devices",
                              "devices_beyond_amortisation", "gwp_embodied_amortised_kgco2e",
                              "gwp_embodied_acquisition_kgco2e", "gwp_use_kgco2e", "avoided_gwp_kgco2e",
                              "devices_in_second_life", "recipient_gwp_use_kgco2e",
                              "recipient_gwp_refurbishment_kgco2e"], 0.0)
           for y in years}
    for i, y in enumerate(years):
        if i > 0:
            demand: dict[tuple, list] = {}
            for c in cohorts:
                if c["vintage"] < y and c["last"] >= y - 1:
                    dm = demand.setdefault((c["entity"], c["kind"], c["zone"]), [0.0, 0.0])
                    dm[1] += c["q"]
                    if c["last"] == y - 1:
                        dm[0] += c["q"]
            for (entity, kind, zone), (left, stock) in sorted(demand.items()):
                n = max(left + stock * p["growth_pct_per_year"] / 100, 0.0)
                mix = p["replacement_mix"].get(kind, {kind: 100})
                for to, pct in mix.items():
                    a = ARCH[to]
                    amort = p["amortisation_years"].get(to, float(a["lifespan_years"]))
                    service = p["lifespan_years"].get(to, amort)
                    r = p["refurbished_pct"] / 100
                    for part, factor in ((1 - r, 1.0), (r, p["refurbished_embodied_pct"] / 100)):
                        q = n * pct / 100 * part
                        if q <= 0:
                            continue
                        m = float(a["embodied_gwp_kgco2e"]) * factor
                        eol_share = float(a["share_end_of_life"])
                        energy = float(a["annual_energy_kwh"]) * (1 - p["efficiency_gain_pct_per_year"] / 100) ** (y - start)
                        cohorts.append(dict(entity=entity, kind=to, zone=zone, vintage=y, q=q, amort=amort,
                                            last=y + max(math.ceil(service), 1) - 1, d=donated, energy=q * energy,
                                            mt=q * m * (1 - eol_share), eol=q * m * eol_share))
        o = out[y]
        for c in cohorts:
            if not (c["vintage"] <= y <= c["last"]):
                continue
            o["stock_devices"] += c["q"]
            if c["vintage"] == y:
                o["purchases_devices"] += c["q"]
            if c["last"] == y:
                o["disposals_devices"] += c["q"] * (1 - c["d"])
                o["donations_devices"] += c["q"] * c["d"]
                a = ARCH[c["kind"]]
                o["avoided_gwp_kgco2e"] += (c["q"] * c["d"] * p["substitution_pct"] / 100 * float(a["embodied_gwp_kgco2e"])
                                           * min(s2 / float(a["lifespan_years"]), 1))
                # §13.3 cut-off: the donated devices' second life, from the next
                # year for ceil(S2) years (memo): their use at the zone's grid,
                # the refurbishment in the year they are received.
                for y2 in range(y + 1, y + 1 + max(math.ceil(s2), 1)):
                    if y2 in out:
                        o2 = out[y2]
                        o2["devices_in_second_life"] += c["q"] * c["d"]
                        o2["recipient_gwp_use_kgco2e"] += c["energy"] * c["d"] * intensity(c["zone"], y2, decline)
                        if y2 == y + 1:
                            o2["recipient_gwp_refurbishment_kgco2e"] += c["q"] * c["d"] * p["refurbishment_kgco2e"]
            if y - c["vintage"] >= c["amort"]:
                o["devices_beyond_amortisation"] += c["q"]
            # Cut-off: the donor books the manufacture and transport of every device, the end of
            # life only of those it disposes of (the donated ones are their recipients').
            share, eol_share = 1.0, 1 - c["d"]
            if p["donation_rule"] == "service_years":
                s1 = c["last"] - c["vintage"] + 1
                share = eol_share = (1 - c["d"]) + c["d"] * s1 / (s1 + s2)
            for mode, col in (("amortised", "gwp_embodied_amortised_kgco2e"), ("acquisition", "gwp_embodied_acquisition_kgco2e")):
                o[col] += (share * booked(mode, c["vintage"], c["amort"], c["last"], y) * c["mt"]
                           + eol_share * booked_eol(mode, c["vintage"], c["amort"], c["last"], y) * c["eol"])
            o["gwp_use_kgco2e"] += c["energy"] * intensity(c["zone"], y, decline)
        emb = o["gwp_embodied_amortised_kgco2e"] if p["mode"] == "amortised" else o["gwp_embodied_acquisition_kgco2e"]
        o["gwp_total_kgco2e"] = emb + o["gwp_use_kgco2e"]
    base = out[p["trajectory_base_year"]]["gwp_total_kgco2e"]
    rate = p["trajectory_pct_per_year"] / 100
    crossing = None
    for y in years:
        out[y]["trajectory_gwp_kgco2e"] = base * (1 - rate) ** max(y - p["trajectory_base_year"], 0)
        if crossing is None and y > p["trajectory_base_year"] and out[y]["gwp_total_kgco2e"] <= out[y]["trajectory_gwp_kgco2e"]:
            crossing = y
    out["-"] = {"crossing_year": crossing, "cumulative_gwp_kgco2e": sum(out[y]["gwp_total_kgco2e"] for y in years)}
    out.update(extend_or_replace(inventory_csv, p))
    return out


def extend_or_replace(inventory_csv: str, p: dict) -> dict:
    """§13.5 per kind of the inventory (one zone and one electricity use per
    kind in the golden cases): a replacement using x % less electricity
    saves dE = E x a year; it pays back its embodied footprint M_new after
    the smallest t with sum dE I(y) = M_new over the grid trajectory from the
    start year, linear within the year that reaches it, searched over 200
    years (None: never)."""
    out: dict = {}
    for r in csv.DictReader(io.StringIO(inventory_csv)):
        kind = r["kind"]
        a = ARCH[kind]
        energy = float(r.get("annual_energy_kwh") or a["annual_energy_kwh"])
        saving = energy * p["replacement_efficiency_gain_pct"] / 100
        shares = sum(float(a[f"share_{ph}"]) for ph in ("manufacture", "transport", "end_of_life"))
        embodied = float(a["embodied_gwp_kgco2e"]) * shares
        zone = r.get("country") or "BE"
        left, payback = embodied, None
        for n in range(200):
            saved = saving * intensity(zone, p["start_year"] + n, p["grid_decline_pct_per_year"] / 100)
            if saving > 0 and saved >= left:
                payback = n + left / saved
                break
            left -= saved
        out[kind] = {"saving_kwh_per_year": saving, "embodied_new_gwp_kgco2e": embodied,
                     "saving_first_year_gwp_kgco2e": saving * intensity(zone, p["start_year"], p["grid_decline_pct_per_year"] / 100),
                     "payback_years": payback}
    return out


def tender(bids_csv: str, options: dict) -> dict:
    i = intensity(options.get("country", "BE"), options["year"], 0)
    rows = {}
    for r in csv.DictReader(io.StringIO(bids_csv)):
        t = min(float(r["lifespan_years"]), max(float(r["warranty_years"]), float(r["spare_parts_years"])))
        rows[r["bidder"]] = {"credited_years": t,
                             "gwp_kgco2e_per_service_year": float(r["embodied_gwp_kgco2e"]) / t + float(r["annual_energy_kwh"]) * i}
    best = min(v["gwp_kgco2e_per_service_year"] for v in rows.values())
    for v in rows.values():
        v["points"] = options.get("weight_pct", 10) * best / v["gwp_kgco2e_per_service_year"]
    return rows


def compute(case: dict) -> dict:
    if case["type"] == "tender":
        return tender(case["bids_csv"], case["options"])
    return {str(k): v for k, v in simulate(case["inventory_csv"], case["policy"]).items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true")
    g.add_argument("--write", action="store_true")
    args = ap.parse_args()
    cases = json.loads(CASES.read_text())
    bad = 0
    for case in cases["cases"]:
        got = compute(case)
        for e in case["expected"]:
            value = got[e["key"]][e["column"]]
            if args.write:
                e["value"] = value
                continue
            want = e["value"]
            if want is None or value is None:
                ok = want == value
            else:
                ok = abs(value - want) <= case["tolerance_rel"] * max(abs(want), 1) + 1e-9
            if not ok:
                print(f"{case['name']}: {e['key']} {e['column']}: reference {value}, file {want}", file=sys.stderr)
                bad += 1
    if args.write:
        CASES.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
        return 0
    n = sum(len(c["expected"]) for c in cases["cases"])
    print(f"{len(cases['cases'])} cases, {n} values: {'OK' if not bad else f'{bad} mismatches'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
