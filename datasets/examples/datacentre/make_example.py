#!/usr/bin/env python3
"""Generates the ILLUSTRATIVE regional data centre (NOT real data).

Standard library only, deterministic (fixed seed). A public IT agency's
regional data centre in Belgium, 2022: a year of hourly readings in local
time (Europe/Brussels, daylight-saving days included: 23 hours on 27 March,
25 on 30 October with 02:00 written twice), two tenants (a road-toll
platform and a mobility data platform) and the agency's own unallocated
capacity, cooling partly powered by on-site solar and by guarantees of
origin bought for it, free cooling in cold hours, heat reuse in winter.

    python3 datasets/examples/datacentre/make_example.py           # write
    python3 datasets/examples/datacentre/make_example.py --check   # exit 1 naming a file that differs
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2022
YEAR = 2022


def last_sunday(year: int, month: int) -> dt.date:
    d = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def brussels_offset(t: dt.datetime) -> int:
    """Hours east of UTC at UTC instant t (EU rule: summer time from the last
    Sunday of March to the last Sunday of October, 01:00 UTC)."""
    start = dt.datetime.combine(last_sunday(t.year, 3), dt.time(1))
    end = dt.datetime.combine(last_sunday(t.year, 10), dt.time(1))
    return 2 if start <= t < end else 1


def r2(x: float) -> str:
    return f"{x:.2f}"


def readings() -> str:
    rng = random.Random(SEED)
    lines = ["start,it_kwh,facility_kwh,cooling_kwh,onsite_renewable_kwh,reused_heat_kwh,water_m3,diesel_l,free_cooling_h"]
    # The UTC hours of 2022 (those of the embedded hourly series), written in
    # Brussels local time: 2022-01-01 01:00 to 2023-01-01 00:00.
    t = dt.datetime(YEAR, 1, 1, 0)
    end = dt.datetime(YEAR + 1, 1, 1, 0)
    while t < end:
        local = t + dt.timedelta(hours=brussels_offset(t))
        doy = local.timetuple().tm_yday
        hour = local.hour
        temp = 10.5 - 7.5 * math.cos(2 * math.pi * (doy - 20) / 365) + 4 * math.sin(2 * math.pi * (hour - 9) / 24) + rng.gauss(0, 1.5)
        it = 230 + 25 * math.sin(2 * math.pi * (hour - 8) / 24) + (10 if local.weekday() < 5 else -5) + rng.gauss(0, 4)
        free = temp < 14
        cooling = it * (0.06 if free else 0.10 + 0.012 * max(0.0, temp - 14))
        other = 0.07 * it  # UPS losses, lighting, offices
        facility = it + cooling + other
        sun = max(0.0, math.sin(math.pi * (hour - 6) / 14)) if 6 <= hour <= 20 else 0.0
        season = 0.55 + 0.45 * math.sin(2 * math.pi * (doy - 80) / 365)
        solar = 120 * sun * season * (0.6 + 0.4 * rng.random())
        onsite = min(solar, facility)
        reused = 0.12 * it if local.month in (1, 2, 3, 4, 10, 11, 12) else 0.0
        water = 0.0004 * it if temp > 22 else 0.0
        diesel = 40.0 if local.day <= 7 and local.weekday() == 0 and hour == 10 else 0.0
        lines.append(
            ",".join(
                [local.strftime("%Y-%m-%d %H:%M"), r2(it), r2(facility), r2(cooling), r2(onsite), r2(reused), f"{water:.4f}", r2(diesel), "1" if free else "0"]
            )
        )
        t += dt.timedelta(hours=1)
    return "\n".join(lines) + "\n"


FACILITY = """field,value,gas
name,Illustrative regional data centre (NOT real data),
zone,BE,
it_capacity_kw,400,
refrigerant_charge_kg,300,R-1234ze(E)
refrigerant_topped_up_kg,6,R-1234ze(E)
refrigerant_charge_kg,40,R-410A
refrigerant_topped_up_kg,2.5,R-410A
building_embodied_kgco2e_per_kw_it,3000,
building_lifespan_years,30,
building_first_year,2012,
"""

INSTRUMENTS = """instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers
go,800000,0,2022-01-01,2022-12-31,true,all
go,150000,0,2022-01-01,2022-12-31,true,cooling
residual_mix,,180,2022-01-01,2022-12-31,,
"""

TENANTS = """tenant,it_kwh,capacity_share,basis
Road-toll platform (illustrative),1100000,0.5,racks
Mobility data platform (illustrative),620000,0.3,racks
"""

EQUIPMENT = """entity,kind,quantity,purchase_year,lifespan_years,country
Data centre,server_2s,60,2019,5,BE
Data centre,server_2s,40,2021,5,BE
Data centre,server_1s,30,2022,5,BE
Data centre,storage_array,2,2021,,BE
Data centre,network_switch,12,2020,8,BE
"""


def files() -> dict[str, str]:
    return {
        "readings.csv": readings(),
        "facility.csv": FACILITY,
        "instruments.csv": INSTRUMENTS,
        "tenants.csv": TENANTS,
        "equipment.csv": EQUIPMENT,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true")
    args = p.parse_args()
    out = files()
    if args.check:
        bad = [n for n, text in out.items() if not (HERE / n).is_file() or (HERE / n).read_text(encoding="utf-8") != text]
        for n in bad:
            print(f"{HERE / n} differs from make_example.py", file=sys.stderr)
        return 1 if bad else 0
    for n, text in out.items():
        (HERE / n).write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
