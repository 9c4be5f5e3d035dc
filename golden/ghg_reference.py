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

  kind "ghg": the GHG inventory of an organisation for one reporting year Y
  (methodology, "The organisation's GHG inventory"): a fleet inventory, and
  optionally the organisation's instruments (for the fleet's electricity) and
  a data centre (readings, facility, instruments, tenants, equipment). The
  fleet's rows and defaults are read by golden/reference.py's functions (the
  fleet's reference calculator), the data centre's totals here.

  python3 golden/ghg_reference.py --check   # recompute every expected value; exit 1 naming case and field
  python3 golden/ghg_reference.py --write   # rewrite the expected values

Tolerance rule (as golden/reference.py): abs(got - want) <= tol * max(abs(want), 1) + 1e-9.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as fleet_ref  # noqa: E402  (the fleet's reference calculator: rows, defaults, booking)
import datacentre_reference as dc_ref  # noqa: E402  (the data centre's calendar: grid by year, year fractions)
from _common import check_or_write  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "golden" / "ghg_cases.json"
LC_CSV = REPO / "datasets" / "data" / "ember-owid" / "2025" / "grid_intensity.csv"
SHARES_CSV = REPO / "datasets" / "raw" / "owid-electricity-shares" / "share-elec-by-source.csv"
ISO_CSV = REPO / "datasets" / "iso3166.csv"
DC_FACTORS_CSV = REPO / "datasets" / "data" / "empreinte-datacentre" / "2027.1" / "factors.csv"

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


def rows(text: str | None) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text))) if text else []


def num(row: dict, key: str) -> float:
    v = (row.get(key) or "").strip()
    return float(v) if v else 0.0


def refrigerant_gwp() -> tuple[dict, float, object]:
    gwp, diesel = {}, None
    norm = lambda t: "".join(c for c in t.upper() if c not in "-()_ ")
    with DC_FACTORS_CSV.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["factor"].startswith("gwp100:"):
                for name in [r["factor"][7:]] + [a for a in r["aliases"].split(";") if a.strip()]:
                    gwp[norm(name)] = float(r["value"])
            elif r["factor"] == "diesel_kgco2e_per_l":
                diesel = float(r["value"])
    return gwp, diesel, norm


def market(instruments_csv: str | None, kwh: float) -> float | None:
    """Market-based kg: contracted kWh x their factors + the rest x the residual mix;
    None without instruments (the caller falls back to the location-based figure, disclosed)."""
    if not instruments_csv:
        return None
    covered, contracted, residual = 0.0, 0.0, None
    for r in rows(instruments_csv):
        factor = float(r["factor_gco2e_per_kwh"]) / 1000 if (r.get("factor_gco2e_per_kwh") or "").strip() else 0.0
        if r["instrument"] == "residual_mix":
            residual = factor
            continue
        covered += float(r["kwh"])
        contracted += float(r["kwh"]) * factor
    return contracted + (kwh - covered) * residual


def resolve(v):
    """A case's text, or `@path` (from the repository root) for an example file."""
    if isinstance(v, dict):
        return {k: resolve(x) for k, x in v.items()}
    if isinstance(v, str) and v.startswith("@"):
        return (REPO / v[1:]).read_text(encoding="utf-8")
    return v


def ghg(i: dict) -> dict:
    i = resolve(i)
    y = i["year"]
    out: dict[str, float] = {}
    kinds, arch = fleet_ref.load_archetypes()

    def add(entity: str | None, key: str, v: float) -> None:
        out[key] = out.get(key, 0.0) + v
        if entity is not None:
            k = f"entity:{entity}:{key}"
            out[k] = out.get(k, 0.0) + v

    def devices(text: str, country: str | None, owner: str | None, use: bool, years: dict[int, float] | None = None) -> None:
        """Books a device inventory: capital goods in their acquisition year (and their
        transport, end of life), the management view, and (`use`) their electricity;
        `years` (a data centre's equipment): each calendar year's booking x the fraction of
        it the readings cover."""
        for r in fleet_ref.parse_inventory(text, country, arch):
            entity = owner or r["entity"]
            q = r["q"]
            for yy, frac in (years or {y: 1.0}).items():
                if r["P"] > yy or (r["D"] is not None and r["D"] < yy):
                    continue
                acq = fleet_ref.booked_shares(r, yy, "acquisition")
                amo = fleet_ref.booked_shares(r, yy, "amortised")
                for phase, key in (("manufacture", "scope3_cat2"), ("transport", "scope3_cat4"), ("end_of_life", "scope3_cat5")):
                    whole = fleet_ref.per_device("gwp", r, phase, arch, {})[0]
                    add(entity, key + "_kgco2e", frac * q * acq[phase] * whole)
                    add(entity, "management_embodied_kgco2e", frac * q * amo[phase] * whole)
            if r["P"] > y or (r["D"] is not None and r["D"] < y):
                continue
            if use:
                kwh = q * r["energy"][0]
                d, lc, _ = direct(r["zone"].upper(), y)
                add(entity, "electricity_kwh", kwh)
                add(entity, "scope2_location_kgco2e", kwh * d / 1000)
                add(entity, "scope3_cat3_kgco2e", kwh * (lc - d) / 1000)
                add(entity, "management_use_life_cycle_kgco2e", kwh * lc / 1000)

    devices(i["inventory_csv"], i.get("country"), None, True)
    fleet_entities = sorted({k.split(":")[1] for k in out if k.startswith("entity:")})
    fleet_kwh = out.get("electricity_kwh", 0.0)
    fleet_location = out.get("scope2_location_kgco2e", 0.0)
    # The fleet's market-based figure: the organisation's instruments, allocated to the
    # entities pro rata to their electricity; without instruments, the location-based one.
    fleet_market = market(i.get("instruments_csv"), fleet_kwh)
    for e in fleet_entities:
        mine = out.get(f"entity:{e}:electricity_kwh", 0.0)
        v = out.get(f"entity:{e}:scope2_location_kgco2e", 0.0) if fleet_market is None else fleet_market * mine / fleet_kwh
        add(e, "scope2_market_kgco2e", v)
    dc = i.get("datacentre")
    if dc:
        gwp, diesel_default, norm = refrigerant_gwp()
        fac = rows(dc["facility_csv"])
        field = lambda n: next((float(r["value"]) for r in fac if r["field"] == n), None)
        dzone = next(r["value"] for r in fac if r["field"] == "zone")
        name = next(r["value"] for r in fac if r["field"] == "name")
        rd = rows(dc["readings_csv"])
        it = sum(num(r, "it_kwh") for r in rd)
        grid_kwh = sum(num(r, "facility_kwh") - num(r, "onsite_renewable_kwh") - num(r, "generator_kwh") for r in rd)
        # Each calendar year of the readings at its own factors, yearly items x the fraction
        # of each year covered (methodology 14; golden/datacentre_reference.py's calendar).
        by_year, fractions = dc_ref.calendar(rd, dc.get("time_zone", "UTC"))
        leaks = sum(fractions.values()) * sum(float(r["value"]) * gwp[norm(r["gas"])] for r in fac if r["field"] == "refrigerant_topped_up_kg")
        fuel = sum(num(r, "diesel_l") for r in rd) * (field("diesel_kgco2e_per_l") or diesel_default)
        loc = sum(kwh * direct(dzone, yy)[0] / 1000 for yy, kwh in by_year.items())
        lc_kg = sum(kwh * direct(dzone, yy)[1] / 1000 for yy, kwh in by_year.items())
        up = lc_kg - loc
        dm = market(dc.get("instruments_csv"), grid_kwh)
        dm = loc if dm is None else dm
        building_acq = building_amo = 0.0
        if field("building_embodied_kgco2e_per_kw_it") is not None:
            whole = field("building_embodied_kgco2e_per_kw_it") * field("it_capacity_kw")
            life, first = field("building_lifespan_years"), int(field("building_first_year"))
            for yy, frac in fractions.items():
                building_acq += frac * (whole if yy == first else 0.0)
                age = yy - first
                building_amo += frac * (0.0 if age < 0 else whole * min(max(life - age, 0), 1) / life)
        cat2_before = out.get("scope3_cat2_kgco2e", 0.0)
        if dc.get("equipment_csv"):
            devices(dc["equipment_csv"], dzone, name, False, fractions)  # its electricity is in the readings
        for k, v in (("scope1_refrigerant_kgco2e", leaks), ("scope1_generator_fuel_kgco2e", fuel),
                     ("electricity_kwh", grid_kwh), ("scope2_location_kgco2e", loc), ("scope2_market_kgco2e", dm),
                     ("scope3_cat3_kgco2e", up), ("scope3_cat2_kgco2e", building_acq),
                     ("management_embodied_kgco2e", building_amo), ("management_use_life_cycle_kgco2e", lc_kg)):
            add(name, k, v)
        # Tenants: energy items by IT energy, capital goods by capacity share, the rest unallocated.
        tenants = rows(dc.get("tenants_csv"))
        if tenants:
            e = [float(t["it_kwh"]) for t in tenants]
            c = [float(t["capacity_share"]) for t in tenants]
            e.append(it - sum(e))
            c.append(1 - sum(c))
            cap = out.get("scope3_cat2_kgco2e", 0.0) - cat2_before
            for n, ei, ci in zip([t["tenant"] for t in tenants] + ["(unallocated)"], e, c):
                w, wc = ei / sum(e), ci / sum(c)
                out[f"tenant:{n}:scope1_kgco2e"] = (leaks + fuel) * w
                out[f"tenant:{n}:scope2_location_kgco2e"] = loc * w
                out[f"tenant:{n}:scope2_market_kgco2e"] = dm * w
                out[f"tenant:{n}:scope3_cat3_kgco2e"] = up * w
                out[f"tenant:{n}:scope3_cat2_kgco2e"] = cap * wc
    out["scope1_kgco2e"] = out.get("scope1_refrigerant_kgco2e", 0.0) + out.get("scope1_generator_fuel_kgco2e", 0.0)
    out["management_total_kgco2e"] = out.get("management_embodied_kgco2e", 0.0) + out.get("management_use_life_cycle_kgco2e", 0.0)
    return out


def compute(case: dict) -> dict:
    kind = case["kind"]
    i = case["inputs"]
    if kind == "ghg":
        return ghg(i)
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


def main() -> int:
    return check_or_write(__doc__.splitlines()[0], CASES, compute, "GHG")


if __name__ == "__main__":
    sys.exit(main())
