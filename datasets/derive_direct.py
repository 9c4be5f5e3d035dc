#!/usr/bin/env python3
"""Derives the DIRECT (combustion-only) yearly grid intensities, every zone of
the embedded life-cycle table (ember-owid), for GHG Protocol scope 2.

Standard library only, deterministic. Writes
datasets/data/empreinte-grid-direct/2025/grid_intensity_direct.csv and its
SOURCE.toml (raw and derived sha256).

    python3 datasets/derive_direct.py           # write
    python3 datasets/derive_direct.py --check   # re-derive in memory; exit 1 naming any file that differs

Method (docs/methodology.md, "Two factor bases"):

    upstream(z, y)  = sum_f share_f(z, y) x (LC_f - D_f)       IPCC AR5 WGIII Annex III, Table A.III.2 medians
    direct(z, y)    = max(0, life_cycle(z, y) - upstream(z, y))  the default ("direct_residual")
    direct_ar5(z, y)= sum_f share_f(z, y) x D_f                 shown beside it for comparison

life_cycle(z, y) is the embedded ember-owid value, so direct + upstream equals
the life-cycle figure the product views use (scope 2 + scope 3 category 3 = the
life-cycle total: nothing counted twice, nothing lost). share_f are the OWID
"share of electricity generation by source" shares (Ember; Energy Institute).

Before deriving, the script checks that Ember's own per-fuel life-cycle factors
(emissions / generation of the US states, Ember's data API file) are the AR5
life-cycle medians used here: the upstream it subtracts is then the upstream of
the same factors Ember's life-cycle figure was built from.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"
SHARES = DATASETS / "raw" / "owid-electricity-shares" / "share-elec-by-source.csv"
EMBER_US = DATASETS / "raw" / "ember-data-api" / "api_generation_usa_yearly.csv"
LIFE_CYCLE = DATASETS / "data" / "ember-owid" / "2025" / "grid_intensity.csv"
ISO = DATASETS / "iso3166.csv"
OUT = DATASETS / "data" / "empreinte-grid-direct" / "2025"
FILE = "grid_intensity_direct.csv"
# Not embedded (build.rs embeds `file` only): the columns behind each value.
DERIVATION = "derivation.csv"

# IPCC AR5 WGIII Annex III (Schlomer et al. 2014), Table A.III.2, medians,
# g CO2e/kWh: (life-cycle, direct). Coal = pulverised coal; gas = combined
# cycle; bioenergy = dedicated biomass (biogenic CO2 of combustion is reported
# outside the scopes: direct 0); solar = utility PV; other renewables =
# geothermal; wind = onshore. "Oil" is Ember's "other fossil" (700 life-cycle,
# Ember's own factor): AR5 has no row for it; its direct share is taken as
# that of coal (760 / 820), an assumption stated in the methodology.
AR5 = {
    "Coal": (820.0, 760.0),
    "Gas": (490.0, 370.0),
    "Oil": (700.0, 700.0 * 760.0 / 820.0),
    "Bioenergy": (230.0, 0.0),
    "Nuclear": (12.0, 0.0),
    "Hydropower": (24.0, 0.0),
    "Wind": (11.0, 0.0),
    "Solar": (48.0, 0.0),
    "Other renewables": (38.0, 0.0),
}
# Ember data API variable names of the same fuels (for the factor check).
EMBER_NAMES = {
    "Coal": "Coal",
    "Gas": "Gas",
    "Oil": "Other Fossil",
    "Bioenergy": "Bioenergy",
    "Nuclear": "Nuclear",
    "Hydropower": "Hydro",
    "Wind": "Wind",
    "Solar": "Solar",
    "Other renewables": "Other Renewables",
}
AGGREGATES = {"European Union (27)": "EU27", "World": "WORLD"}
SPECIAL_CODES = {"OWID_KOS": "XK"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fmt(x: float) -> str:
    d = Decimal(repr(x)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    if d == 0:
        return "0"
    return format(d.normalize(), "f") if d != d.to_integral() else str(int(d))


def check_ember_factors() -> None:
    """Ember's per-fuel factors (US states, 2022) are the AR5 life-cycle medians."""
    gen: dict[str, float] = defaultdict(float)
    emis: dict[str, float] = defaultdict(float)
    with EMBER_US.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["year"] != "2022" or not r["generation_gwh"] or not r["emissions_ktco2"]:
                continue
            gen[r["variable"]] += float(r["generation_gwh"])
            emis[r["variable"]] += float(r["emissions_ktco2"])
    for fuel, name in EMBER_NAMES.items():
        if not gen[name]:
            raise SystemExit(f"{EMBER_US}: no 2022 generation for {name}")
        factor = emis[name] / gen[name] * 1000.0
        if abs(factor - AR5[fuel][0]) > 0.5:
            raise SystemExit(f"{EMBER_US}: Ember's {name} factor {factor:.2f} is not the {AR5[fuel][0]} used here")


def read_shares() -> dict[tuple[str, int], dict[str, float]]:
    iso = {}
    with ISO.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            iso[r["alpha3"]] = r["alpha2"]
    shares = {}
    with SHARES.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            zone = AGGREGATES.get(r["Entity"]) or SPECIAL_CODES.get(r["Code"]) or iso.get(r["Code"])
            if not zone:
                continue
            shares[(zone, int(r["Year"]))] = {k: float(r[k] or 0.0) / 100.0 for k in AR5}
    return shares


def derive() -> dict[str, bytes]:
    check_ember_factors()
    shares = read_shares()
    lc_bytes = LIFE_CYCLE.read_bytes()
    lines = ["zone,name,year,intensity_gco2e_per_kwh"]
    detail = ["zone,year,intensity_gco2e_per_kwh,life_cycle_gco2e_per_kwh,upstream_gco2e_per_kwh,direct_ar5_gco2e_per_kwh,floored"]
    zones = set()
    floored = 0
    compare = {}
    for r in csv.DictReader(lc_bytes.decode("utf-8").splitlines()):
        key = (r["zone"], int(r["year"]))
        if key not in shares:
            raise SystemExit(f"{SHARES}: no shares for {key[0]} {key[1]}")
        s = shares[key]
        life_cycle = float(r["intensity_gco2e_per_kwh"])
        upstream = sum(s[f] * (lc - d) for f, (lc, d) in AR5.items())
        direct_ar5 = sum(s[f] * d for f, (_, d) in AR5.items())
        direct = life_cycle - upstream
        is_floored = direct < 0.0
        if is_floored:
            floored += 1
            direct = 0.0
        # Rounded direct, then upstream = life-cycle - direct exactly (decimal),
        # so the two columns add up to the published life-cycle value.
        direct_d = Decimal(repr(direct)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        up = Decimal(r["intensity_gco2e_per_kwh"]) - direct_d
        zones.add(key[0])
        name = r["name"]
        if "," in name or '"' in name:
            name = '"' + name.replace('"', '""') + '"'
        lines.append(f"{key[0]},{name},{key[1]},{fmt(float(direct_d))}")
        detail.append(
            f"{key[0]},{key[1]},{fmt(float(direct_d))},{r['intensity_gco2e_per_kwh']},{fmt(float(up))},{fmt(direct_ar5)},{'true' if is_floored else 'false'}"
        )
        if key[1] == 2022 and key[0] in ("BE", "FR", "DE", "NL", "PL"):
            compare[key[0]] = (direct_ar5, direct)
    table = ("\n".join(lines) + "\n").encode()
    derivation = ("\n".join(detail) + "\n").encode()
    comparison = "; ".join(f"{z} {a:.1f} / {d:.1f}" for z, (a, d) in sorted(compare.items()))
    rows = len(lines) - 1
    toml = f'''# Generated by datasets/derive_direct.py -- do not edit by hand.
id = "empreinte-grid-direct"
edition = "2025"
title = "Direct (combustion) carbon intensity of electricity generation, yearly, by country: life-cycle minus the IPCC AR5 upstream of the generation mix"
publisher = "empreinte, from Our World in Data (Ember; Energy Institute) and IPCC AR5 WGIII Annex III"
url = "https://ourworldindata.org/grapher/share-elec-by-source"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
attribution = "Ember (2025); Energy Institute - Statistical Review of World Energy (2025) - with major processing by Our World in Data; direct share derived by empreinte with IPCC AR5 WGIII Annex III Table A.III.2 (Schlomer et al. 2014)"
retrieved = "2025"
shares_file = "datasets/raw/owid-electricity-shares/share-elec-by-source.csv"
shares_sha256 = "{sha256(SHARES.read_bytes())}"
life_cycle_file = "datasets/data/ember-owid/2025/grid_intensity.csv"
life_cycle_sha256 = "{sha256(lc_bytes)}"
factor_check_file = "datasets/raw/ember-data-api/api_generation_usa_yearly.csv"
factor_check_sha256 = "{sha256(EMBER_US.read_bytes())}"
mapping_file = "datasets/iso3166.csv"
mapping_sha256 = "{sha256(ISO.read_bytes())}"
file = "{FILE}"
sha256 = "{sha256(table)}"
derivation_file = "{DERIVATION}"
derivation_sha256 = "{sha256(derivation)}"
rows = {rows}
zones = {len(zones)}
floored = {floored}
method = "direct_residual"
comparison_2022 = "direct_ar5 / direct_residual, g CO2e/kWh: {comparison}"
notes = """Direct (combustion at the power plant) greenhouse-gas intensity of electricity GENERATION, for GHG Protocol scope 2 location-based. direct = life-cycle (the embedded ember-owid value) - upstream, upstream = sum over fuels of share x (AR5 life-cycle median - AR5 direct median), IPCC AR5 WGIII Annex III Table A.III.2: coal 820/760, gas 490/370, bioenergy 230/0 (biogenic CO2 outside the scopes), nuclear 12/0, hydropower 24/0, wind 11/0, solar 48/0, other renewables (geothermal) 38/0; other fossil (oil; no AR5 row) 700 (Ember's factor) with the direct share of coal, 648.78. Ember's own per-fuel factors are these life-cycle medians (checked on its US state file by the derivation), so upstream is the upstream of the figure it is subtracted from, and direct + upstream = life-cycle exactly: scope 2 + scope 3 category 3 equal the life-cycle total. Where Ember's national figure is below the AR5 upstream of the mix (hydropower grids whose published value rounds under 24), direct is 0 and floored = true ({floored} rows). direct_ar5 = sum of share x AR5 direct median, shown for comparison: it runs lower for coal grids (AR5's generic medians are below lignite and older plants). Shares: OWID grapher export share-elec-by-source (Ember; Energy Institute), through a public copy (GitHub enisshabani/BigData-Projekti---2026, commit 4c11a93), rows sum to 100 within 2 points. Values rounded half-up to 3 decimals."""

[columns]
zone = "ISO 3166-1 alpha-2 code (uppercase); EU27 = European Union (27); WORLD = world total"
name = "entity name as published by OWID"
year = "calendar year (integer)"
intensity_gco2e_per_kwh = "direct (combustion) intensity of electricity generation, g CO2e per kWh generated: life-cycle minus upstream, floored at 0"

[derivation_columns]
life_cycle_gco2e_per_kwh = "the ember-owid life-cycle intensity it is derived from, g CO2e/kWh"
upstream_gco2e_per_kwh = "life-cycle minus direct: upstream of the generation mix (scope 3 category 3 per kWh, before T&D losses), g CO2e/kWh"
direct_ar5_gco2e_per_kwh = "comparison: sum of share x AR5 direct median, g CO2e/kWh"
floored = "true when life-cycle was below the AR5 upstream of the mix and direct was set to 0"
'''
    return {FILE: table, DERIVATION: derivation, "SOURCE.toml": toml.encode()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="compare with the committed files; exit 1 when one differs")
    args = p.parse_args()
    files = derive()
    if args.check:
        bad = [n for n, data in files.items() if not (OUT / n).is_file() or (OUT / n).read_bytes() != data]
        for n in bad:
            print(f"datasets/derive_direct.py --check: {OUT / n} differs from its derivation", file=sys.stderr)
        if not bad:
            print(f"derive_direct: {len(files)} files up to date")
        return 1 if bad else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for n, data in files.items():
        (OUT / n).write_bytes(data)
        print(f"wrote {OUT / n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
