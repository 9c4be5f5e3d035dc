#!/usr/bin/env python3
"""Independent reference calculator for the data-centre golden cases of empreinte.

Plain Python 3 standard library; it never runs or imports the Rust engine. It
applies the formulas of docs/methodology.md section 14 to each case of
`golden/datacentre_cases.json`, with the committed tables:

  datasets/data/empreinte-grid-direct/2025/grid_intensity_direct.csv   yearly direct intensity (scope 2, CUE)
  datasets/data/ember-owid/2025/grid_intensity.csv          yearly life-cycle intensity (category 3 = life-cycle - direct)
  datasets/data/empreinte-datacentre/2027.1/factors.csv     refrigerant GWP100, diesel factor

and, for an IT equipment inventory, the archetype defaults and booking rules of
golden/reference.py (the fleet's own reference calculator). Readings across
calendar years take each year's factors for that year's kWh; yearly items
(refrigerant top-ups, building, equipment) are booked x the fraction of each
calendar year covered (methodology 14).

    python3 golden/datacentre_reference.py --check   # recompute; exit 1 naming case and field
    python3 golden/datacentre_reference.py --write   # rewrite the expected values (inputs, sources, tolerances kept)

A case: {name, source, tolerance_rel, inputs, expected}. inputs = {readings_csv,
facility_csv, instruments_csv|null, tenants_csv|null, hourly_csv|null,
equipment_csv (optional), time_zone ("UTC" or "Europe/Brussels"), allocation
("energy"|"share"|"mix"), mode (optional: "amortised" or "acquisition")};
the CSV texts are comma-separated, UTF-8, in the formats of the command.

Tolerance rule (as golden/reference.py): abs(got - want) <= tol * max(abs(want), 1) + 1e-9.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import reference as fleet_ref  # the fleet's reference calculator: inventory rows, defaults, booking
from _common import GRID_CSV, check_or_write, intensity_g, load_grid

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "golden" / "datacentre_cases.json"
DIRECT_CSV = REPO / "datasets" / "data" / "empreinte-grid-direct" / "2025" / "grid_intensity_direct.csv"
FACTORS_CSV = REPO / "datasets" / "data" / "empreinte-datacentre" / "2027.1" / "factors.csv"
EPOCH = dt.datetime(1970, 1, 1)


def rows(text: str | None) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text))) if text else []


def num(row: dict, key: str) -> float:
    v = (row.get(key) or "").strip()
    return float(v) if v else 0.0


def grid_intensity(zone: str, year: int, path: Path = GRID_CSV) -> float:
    """kg CO2e/kWh of `zone` for `year` from the series at `path` (the shared year rule of golden/_common.py)."""
    return intensity_g(load_grid(path), zone, year)[0] / 1000


def factors() -> tuple[dict, float]:
    gwp, diesel = {}, None
    norm = lambda s: "".join(c for c in s.upper() if c not in "-()_ ")
    with FACTORS_CSV.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["factor"].startswith("gwp100:"):
                for name in [r["factor"][7:]] + [a for a in r["aliases"].split(";") if a.strip()]:
                    gwp[norm(name)] = float(r["value"])
            elif r["factor"] == "diesel_kgco2e_per_l":
                diesel = float(r["value"])
    return {"norm": norm, "gwp": gwp}, diesel


def last_sunday(year: int, month: int) -> dt.datetime:
    d = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    d -= dt.timedelta(days=(d.weekday() + 1) % 7)
    return dt.datetime.combine(d, dt.time(1))


def to_utc(text: str, zone: str, not_before: dt.datetime | None) -> tuple[dt.datetime, int]:
    """UTC naive datetime of a timestamp, and its written year."""
    t = text.strip().replace("T", " ")
    for suffix in ("Z", "z"):
        if t.endswith(suffix):
            d = dt.datetime.fromisoformat(t[:-1])
            return d, d.year
    if len(t) > 16 and t[-6] in "+-":
        d = dt.datetime.fromisoformat(t)
        return d.replace(tzinfo=None) - d.utcoffset(), d.year
    local = dt.datetime.fromisoformat(t)
    if zone == "UTC":
        return local, local.year
    assert zone == "Europe/Brussels", zone
    cands = []
    for off in (2, 1):
        u = local - dt.timedelta(hours=off)
        summer = last_sunday(u.year, 3) <= u < last_sunday(u.year, 10)
        if (2 if summer else 1) == off:
            cands.append(u)
    for u in cands:
        if not_before is None or u >= not_before:
            return u, local.year
    return cands[0], local.year


def calendar_years(start: dt.datetime, end: dt.datetime, offset: dt.timedelta) -> list[tuple[int, float, float]]:
    """(year, seconds covered, seconds in the year) of [start, end) (UTC) in the calendar offset ahead of UTC."""
    out, t = [], start
    while t < end:
        y = (t + offset).year
        jan1 = lambda k: dt.datetime(k, 1, 1) - offset
        nxt = min(jan1(y + 1), end)
        out.append((y, (nxt - t).total_seconds(), (jan1(y + 1) - jan1(y)).total_seconds()))
        t = nxt
    return out


def utc_starts(rd: list[dict], zone: str) -> list[tuple[dt.datetime, int]]:
    """Each row's start in UTC and its written year."""
    starts, prev = [], None
    for r in rd:
        u, y = to_utc(r["start"], zone, prev + dt.timedelta(seconds=1) if prev else None)
        starts.append((u, y))
        prev = u
    return starts


def calendar(rd: list[dict], zone: str) -> tuple[dict[int, float], dict[int, float]]:
    """The readings' grid electricity by calendar year, each interval split in proportion of
    time, and the fraction of each calendar year they cover. The calendar is the readings'
    own: each interval's year boundary in the offset written on its end (in effect on
    1 January), else on its start (methodology 14)."""
    starts = utc_starts(rd, zone)
    has_end = "end" in rd[0]
    step = starts[1][0] - starts[0][0] if len(starts) > 1 else None
    local = lambda text: dt.datetime.fromisoformat(text.strip().replace("T", " ")[:16])
    grid_by_year: dict[int, float] = {}
    seconds: dict[int, float] = {}
    for r, (u, _) in zip(rd, starts):
        if has_end:
            end = to_utc(r["end"], zone, u + dt.timedelta(seconds=1))[0]
            offset = local(r["end"]) - end
        else:
            end = u + step
            offset = local(r["start"]) - u
        grid = num(r, "facility_kwh") - num(r, "onsite_renewable_kwh") - num(r, "generator_kwh")
        for y, covered, _ in calendar_years(u, end, offset):
            grid_by_year[y] = grid_by_year.get(y, 0.0) + grid * covered / (end - u).total_seconds()
            seconds[y] = seconds.get(y, 0.0) + covered
    fractions = {y: c / (dt.datetime(y + 1, 1, 1) - dt.datetime(y, 1, 1)).total_seconds() for y, c in seconds.items()}
    return grid_by_year, fractions


def compute(inp: dict) -> dict:
    fac_rows = rows(inp["facility_csv"])
    zone = next(r["value"] for r in fac_rows if r["field"] == "zone")
    field = lambda name: next((float(r["value"]) for r in fac_rows if r["field"] == name), None)
    f, diesel_default = factors()
    # Readings: intervals in UTC, totals, grid energy per UTC hour.
    rd = rows(inp["readings_csv"])
    starts = utc_starts(rd, inp["time_zone"])
    has_end = "end" in (rd[0] if rd else {})
    step = starts[1][0] - starts[0][0] if len(starts) > 1 else None
    tot = {k: 0.0 for k in ("it_kwh", "facility_kwh", "cooling_kwh", "onsite_renewable_kwh", "reused_heat_kwh", "water_m3", "diesel_l", "generator_kwh")}
    hourly: dict[int, float] = {}
    sub_hourly = True
    year = starts[0][1]
    first, last_end = None, None
    for r, (u, _) in zip(rd, starts):
        end = to_utc(r["end"], inp["time_zone"], u + dt.timedelta(seconds=1))[0] if has_end else u + step
        first = first or u
        last_end = end
        for k in tot:
            tot[k] += num(r, k)
        span = (end - u).total_seconds()
        if span > 3600:
            sub_hourly = False
        # E_DC = grid + on-site renewable + generator output (EN 50600-4-2).
        grid = num(r, "facility_kwh") - num(r, "onsite_renewable_kwh") - num(r, "generator_kwh")
        s = (u - EPOCH).total_seconds()
        e = (end - EPOCH).total_seconds()
        while s < e:
            h = int(s // 3600)
            nxt = min((h + 1) * 3600, e)
            hourly[h] = hourly.get(h, 0.0) + grid * (nxt - s) / span
            s = nxt
    it, fac = tot["it_kwh"], tot["facility_kwh"]
    grid_kwh = fac - tot["onsite_renewable_kwh"] - tot["generator_kwh"]
    # Each calendar year (readings' calendar) at its own factors; yearly items x the fraction
    # of each year covered (methodology 14).
    grid_by_year, fractions = calendar(rd, inp["time_zone"])
    loc_annual = sum(kwh * grid_intensity(zone, y, DIRECT_CSV) for y, kwh in grid_by_year.items())
    out = {"pue": fac / it, "wue_l_per_kwh": tot["water_m3"] * 1000 / it, "erf": tot["reused_heat_kwh"] / fac,
           "scope2_location_annual_kgco2e": loc_annual}
    location = loc_annual
    if inp.get("hourly_csv") and sub_hourly:
        series = {}
        for r in rows(inp["hourly_csv"]):
            h = int((to_utc(r["datetime_utc"], "UTC", None)[0] - EPOCH).total_seconds() // 3600)
            series[h] = float(r["intensity_gco2e_per_kwh"]) / 1000
        if all(h in series for h in range(min(hourly), max(hourly) + 1)):
            hours = range(min(hourly), max(hourly) + 1)
            mean = sum(series[h] for h in hours) / len(hours)
            out["scope2_location_hourly_kgco2e"] = sum(hourly.get(h, 0.0) * series[h] for h in hours)
            out["scope2_series_mean_kgco2e"] = grid_kwh * mean
    # The reported figure is the yearly one whatever the meter resolution
    # (methodology 3.1): the hourly one only gives the timing effect.
    out["scope2_location_kgco2e"] = location
    out["scope3_cat3_kgco2e"] = sum(kwh * max(grid_intensity(zone, y) - grid_intensity(zone, y, DIRECT_CSV), 0.0) for y, kwh in grid_by_year.items())
    # Scope 1.
    leaks = 0.0
    for r in fac_rows:
        if r["field"] == "refrigerant_topped_up_kg":
            leaks += float(r["value"]) * f["gwp"][f["norm"](r["gas"])] * sum(fractions.values())
    diesel = tot["diesel_l"] * (field("diesel_kgco2e_per_l") or diesel_default)
    s1 = leaks + diesel
    out["scope1_kgco2e"] = s1
    # Scope 3 building.
    s3 = 0.0
    if field("building_embodied_kgco2e_per_kw_it") is not None:
        whole = field("building_embodied_kgco2e_per_kw_it") * field("it_capacity_kw")
        life = field("building_lifespan_years")
        for y, frac in fractions.items():
            age = y - field("building_first_year")
            if inp.get("mode") == "acquisition":
                # GHG Protocol Scope 3 Standard, category 2: the whole building in its first year.
                s3 += frac * (whole if age == 0 else 0.0)
            else:
                s3 += frac * (0.0 if age < 0 else whole * min(max(life - age, 0), 1) / life)
        out["scope3_building_kgco2e"] = s3
    # IT equipment (an inventory in the assess format; methodology 14-15): each calendar
    # year's booking (amortised, or in the acquisition year) x the fraction of it covered,
    # manufacture + transport + end of life, from golden/reference.py's rows and defaults.
    if inp.get("equipment_csv"):
        kinds, arch = fleet_ref.load_archetypes()
        eq = 0.0
        for row in fleet_ref.parse_inventory(inp["equipment_csv"], zone, arch):
            for y, frac in fractions.items():
                if row["P"] > y or (row["D"] is not None and row["D"] < y):
                    continue
                booked = fleet_ref.booked_shares(row, y, inp.get("mode") or "amortised")
                for phase in ("manufacture", "transport", "end_of_life"):
                    eq += frac * row["q"] * booked[phase] * fleet_ref.per_device("gwp", row, phase, arch, {})[0]
        out["scope3_equipment_kgco2e"] = eq
        s3 += eq
    # Market-based and REF.
    # On-site energy whose guarantees of origin the site sold is "null power": not renewable
    # in REF (EN 50600-4-3), at the residual mix in market-based (Scope 2 Guidance).
    sold = next((r["value"].strip().lower() == "false" for r in fac_rows if r["field"] == "onsite_certificates_retired"), False)
    renewable = 0.0 if sold else tot["onsite_renewable_kwh"]
    market_kwh = grid_kwh + (tot["onsite_renewable_kwh"] if sold else 0.0)
    market = None
    cool_kwh = cool_kg = 0.0  # instruments marked covers = cooling (their counted kWh, kg)
    if inp.get("instruments_csv"):
        covered, contracted, residual = 0.0, 0.0, None
        for r in rows(inp["instruments_csv"]):
            kind = r["instrument"]
            factor = float(r["factor_gco2e_per_kwh"]) / 1000 if r.get("factor_gco2e_per_kwh") else 0.0
            if kind == "residual_mix":
                residual = factor
                continue
            kwh = float(r["kwh"])
            # An instrument counts for its days inside the readings, in the readings'
            # calendar as written (methodology 14): pro rata to its period's days.
            if r.get("start") and r.get("end") and has_end:
                d0, d1 = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"])
                first_day = dt.date.fromisoformat(rd[0]["start"][:10])
                end_text = rd[-1]["end"]
                last_day = dt.date.fromisoformat(end_text[:10])
                if end_text[11:16] in ("", "00:00"):
                    last_day -= dt.timedelta(days=1)
                overlap = (min(d1, last_day) - max(d0, first_day)).days + 1
                kwh *= max(overlap, 0) / ((d1 - d0).days + 1)
            covered += kwh
            contracted += kwh * factor
            if (r.get("covers") or "").strip().lower() == "cooling":
                cool_kwh += kwh
                cool_kg += kwh * factor
            ren = (r.get("renewable") or "").strip().lower()
            if ren == "true" or (ren == "" and kind in ("go", "ppa")):
                renewable += kwh
        market = contracted + (market_kwh - covered) * residual
        out["scope2_market_kgco2e"] = market
        out["cue_market_kgco2e_per_kwh"] = (market + diesel) / it
    out["ref"] = renewable / fac
    out["cue_kgco2e_per_kwh"] = (location + diesel) / it
    # Renewable cooling (methodology 14): cooling covered on site, interval by interval
    # (none when the on-site certificates were sold), then by the cooling instruments;
    # without it, REF loses the covered kWh, location-based adds the on-site-covered kWh at
    # the intensity used, market-based puts the covered kWh back at the residual mix.
    onsite_cov = 0.0 if sold else sum(min(num(r, "cooling_kwh"), num(r, "onsite_renewable_kwh")) for r in rd)
    onsite_cov = min(onsite_cov, tot["cooling_kwh"])
    contracted_cov = max(min(cool_kwh, tot["cooling_kwh"] - onsite_cov), 0.0)
    out["cooling_onsite_covered_kwh"] = onsite_cov
    out["cooling_contracted_covered_kwh"] = contracted_cov
    out["ref_without_renewable_cooling"] = (renewable - onsite_cov - contracted_cov) / fac
    out["scope2_location_without_cooling_kgco2e"] = location + onsite_cov * location / grid_kwh
    if market is not None:
        mean = cool_kg / cool_kwh if cool_kwh > 0 else 0.0
        out["scope2_market_without_cooling_kgco2e"] = market - contracted_cov * mean + (contracted_cov + onsite_cov) * residual
    # Tenants: by energy (the rest unallocated) or by share.
    tenants = rows(inp.get("tenants_csv"))
    if tenants:
        alloc = inp["allocation"]
        ew = [float(t["it_kwh"]) for t in tenants] + [it - sum(float(t["it_kwh"]) for t in tenants)] if alloc != "share" else None
        sw = [float(t["capacity_share"]) for t in tenants] + [1 - sum(float(t["capacity_share"]) for t in tenants)] if alloc != "energy" else None
        e = ew if alloc != "share" else sw
        c = sw if alloc != "energy" else ew
        names = [t["tenant"] for t in tenants] + ["(unallocated)"]
        for i, n in enumerate(names):
            out[f"tenant:{n}:it_kwh"] = it * e[i] / sum(e)
            out[f"tenant:{n}:scope1_kgco2e"] = s1 * e[i] / sum(e)
            out[f"tenant:{n}:scope2_location_kgco2e"] = location * e[i] / sum(e)
            if market is not None:
                out[f"tenant:{n}:scope2_market_kgco2e"] = market * e[i] / sum(e)
            out[f"tenant:{n}:scope3_kgco2e"] = s3 * c[i] / sum(c)
            # Tenant CUE (ISO/IEC 30134-8 on the tenant's share): its scope 2 and its share of
            # the generator fuel over its IT energy; refrigerant leaks are not energy use.
            if e[i] > 0:
                out[f"tenant:{n}:cue_kgco2e_per_kwh"] = (location * e[i] / sum(e) + diesel * e[i] / sum(e)) / (it * e[i] / sum(e))
    return out


def main() -> int:
    return check_or_write(__doc__.splitlines()[0], CASES, values, "data-centre")


def values(case: dict) -> dict:
    """A case's values, by name, rounded to 1e-9 (within every tolerance)."""
    return {k: round(v, 9) for k, v in sorted(compute(case["inputs"]).items())}


if __name__ == "__main__":
    sys.exit(main())
