#!/usr/bin/env python3
"""Independent reference calculator for the golden cases of empreinte.

Plain Python 3.11 standard library. It computes every number of
`golden/cases.json` from the formulas of `docs/methodology.md` and from the
committed dataset tables (it never runs or imports the Rust engine):

  datasets/data/ember-owid/2025/grid_intensity.csv            grid intensity
  datasets/data/empreinte-archetypes/2027.2/archetypes.csv    device defaults
  datasets/data/empreinte-usage-profiles/2027.2/usage_profiles.csv   usage profiles

  python3 golden/reference.py --check   # recompute every expected value; exit 1 on a difference
  python3 golden/reference.py --write   # rewrite the expected values from this calculator

A case is {name, source, tolerance_rel, options, inventory_csv, expected,
and optionally factors_csv}:

* options: year, mode (amortised | acquisition), by (comma list of entity,
  kind, phase, or none), country (default country, or null);
* factors_csv: a list of {"name": ..., "csv": ...} factor tables, format of
  the core crate's `factors.rs` (criterion,unit,kind,phase,value,low,high,source),
  applied in order (a later table wins for the same criterion, kind, phase);
* expected: rows in the engine's order (entities by name, then kinds in
  archetype-file order, then phases manufacture, transport, use,
  end_of_life), each a subset of the output columns: column -> value, null
  meaning "reported missing".

One tolerance rule everywhere (also stated in cases.json "about"):

    abs(got - want) <= tolerance_rel * max(abs(want), 1) + 1e-9

`--write` keeps each case's chosen columns, names, sources and tolerances and
replaces the expected values by the computed ones; a value already within the
tolerance is left as written, so that re-running `--write` changes nothing
and a diff shows only real changes. When a case's expected rows do not match
the computed rows in number (a new case drafted with one template row), every
computed row gets the union of the template's columns.

Inputs the engine refuses are refused here too, never resolved by a silent
choice: a row giving `utilisation` with `annual_energy_kwh` or
`usage_profile`, `utilisation` outside 0-1 or for a kind without idle and
full-load power, a profile for a kind without power per mode, no energy at
all, a `_low`/`_high` without its central value; in an archetype table
sleep/off power without on power, idle without max power (or the reverse),
`utilisation_typical` outside 0-1 or without the two powers. `--check`
reports such a case as a failure naming the case and row.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

from _common import intensity_g, load_grid

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "golden" / "cases.json"
GRID_CSV = REPO / "datasets" / "data" / "ember-owid" / "2025" / "grid_intensity.csv"
ARCHETYPES_CSV = REPO / "datasets" / "data" / "empreinte-archetypes" / "2027.2" / "archetypes.csv"
PROFILES_CSV = REPO / "datasets" / "data" / "empreinte-usage-profiles" / "2027.2" / "usage_profiles.csv"

PHASES = ["manufacture", "transport", "use", "end_of_life"]
EMBODIED = ["manufacture", "transport", "end_of_life"]
GHG_SCOPE = {
    "manufacture": "scope 3 cat. 2 (capital goods)",
    "transport": "scope 3 cat. 4 (upstream transportation)",
    "use": "scope 2 (location-based)",
    "end_of_life": "scope 3 cat. 5 (waste generated in operations)",
}
STANDARD_CRITERIA = [("gwp", "kgco2e"), ("adpe", "kgsbeq"), ("pe", "mj")]
COUNT_COLUMNS = {"lines", "devices", "devices_beyond_amortisation"}

# A value with its interval: (central, low, high). None = missing.
Triple = tuple[float, float, float]


class Refused(ValueError):
    """An input the engine refuses (the message names the case and row)."""


def close(got: float, want: float, tol: float) -> bool:
    """The one tolerance rule of the golden cases."""
    return abs(got - want) <= tol * max(abs(want), 1.0) + 1e-9


# --------------------------------------------------------------------------
# interval arithmetic (non-negative quantities, fully correlated bounds)
# --------------------------------------------------------------------------
def t_add(a: Triple | None, b: Triple | None) -> Triple | None:
    if a is None or b is None:
        return None
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def t_mul(a: Triple | None, b: Triple | None) -> Triple | None:
    if a is None or b is None:
        return None
    return (a[0] * b[0], a[1] * b[1], a[2] * b[2])


def exact(x: float) -> Triple:
    return (x, x, x)


# --------------------------------------------------------------------------
# CSV reading (the inventory dialects of docs/README: `,` or `;` + decimal comma)
# --------------------------------------------------------------------------
def read_table(text: str) -> tuple[list[str], list[list[str]], bool]:
    """Header (lowercased, trimmed), rows, and whether decimals use a comma."""
    if text.startswith("\ufeff"):
        text = text[1:]
    header_line = text.split("\n", 1)[0]
    semicolon = header_line.count(";") > header_line.count(",")
    reader = csv.reader(io.StringIO(text), delimiter=";" if semicolon else ",")
    rows = [r for r in reader if any(c.strip() for c in r)]
    header = [h.strip().lower() for h in rows[0]]
    return header, rows[1:], semicolon


def number(cell: str | None, decimal_comma: bool) -> float | None:
    s = (cell or "").strip()
    if not s:
        return None
    if decimal_comma:
        s = s.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    return float(s)


def norm_kind(kind: str) -> str:
    return "".join("_" if c in "- " else c.lower() for c in kind.strip())


# --------------------------------------------------------------------------
# datasets
# --------------------------------------------------------------------------
def intensity_kg(grid: dict[str, dict[int, float]], zone: str, year: int) -> float:
    """methodology.md section 3: after the series the latest year, before it the
    first, in a gap the previous year; gCO2e/kWh -> kgCO2e/kWh."""
    return intensity_g(grid, zone, year)[0] / 1000.0


def load_archetypes() -> tuple[list[str], dict[str, dict]]:
    kinds, arch = [], {}
    with ARCHETYPES_CSV.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            k = r["kind"]
            kinds.append(k)
            where = f"{ARCHETYPES_CSV.name} kind {k}"
            try:
                energy = triple_of(r, "annual_energy_kwh", False)  # None: no default
            except Refused as e:
                raise Refused(f"{where}: {e}") from None
            arch[k] = {
                "lifespan": float(r["lifespan_years"]),
                "energy": energy,
                "embodied": (float(r["embodied_gwp_kgco2e"]), float(r["embodied_gwp_kgco2e_low"]),
                             float(r["embodied_gwp_kgco2e_high"])),
                "shares": {"manufacture": float(r["share_manufacture"]),
                           "transport": float(r["share_transport"]),
                           "end_of_life": float(r["share_end_of_life"])},
                "power": power_of(r, False, where),
                "load": load_of(r, False, where),
                "capacity": number(r.get("capacity_tb"), False),  # storage: TB the embodied values describe
            }
    return kinds, arch


def power_of(r: dict, dc: bool, where: str) -> tuple[Triple, float | None, float | None] | None:
    """Power per mode, W: (on (central, low, high), sleep, off), sleep and off
    None when the table leaves them empty (the energy then uses the on power);
    None when the row gives no on power (sleep or off alone are refused)."""
    on = triple_of(r, "power_on_w", dc)
    sleep = number(r.get("power_sleep_w"), dc)
    off = number(r.get("power_off_w"), dc)
    if on is None:
        if sleep is not None or off is not None:
            raise Refused(f"{where}: power_sleep_w or power_off_w without power_on_w")
        return None
    return (on, sleep, off)


def load_of(r: dict, dc: bool, where: str) -> tuple[Triple, Triple] | None:
    """Servers' load model: (power at active idle, power at full load), W,
    each (central, low, high); None when the row has none. Both powers or
    neither; utilisation_typical is informative (never in a formula) and may
    be empty, but given it is in 0-1 and needs the two powers."""
    idle = triple_of(r, "power_idle_w", dc)
    full = triple_of(r, "power_max_w", dc)
    typical = number(r.get("utilisation_typical"), dc)
    if typical is not None and not 0.0 <= typical <= 1.0:
        raise Refused(f"{where}: utilisation_typical {typical} outside 0-1")
    if idle is None and full is None:
        if typical is not None:
            raise Refused(f"{where}: utilisation_typical without power_idle_w and power_max_w")
        return None
    if idle is None or full is None:
        raise Refused(f"{where}: power_idle_w and power_max_w go together (one is empty)")
    if any(i > f for i, f in zip(idle, full)):
        raise Refused(f"{where}: power_idle_w above power_max_w")
    return (idle, full)


def utilisation_energy(a: dict, u: float) -> Triple:
    """Linear load model (Fan, Weber and Barroso 2007; Cloud Carbon Footprint):
    P(u) = P_idle + u x (P_max - P_idle), all year: 8,760 h x P(u) / 1000 kWh;
    the low lane from both low powers, the high lane from both high ones."""
    idle, full = a["load"]
    return tuple(8760.0 * (i + u * (f - i)) / 1000.0 for i, f in zip(idle, full))


def load_profiles() -> dict[str, tuple[float, float, float]]:
    """profile -> (hours on, hours asleep, hours off)."""
    with PROFILES_CSV.open(encoding="utf-8", newline="") as f:
        return {r["profile"]: (float(r["hours_on"]), float(r["hours_sleep"]), float(r["hours_off"]))
                for r in csv.DictReader(f)}


def profile_energy(a: dict, profile: str) -> Triple:
    """methodology.md section 5: hours per mode x the kind's power per mode (kWh).
    Sleep and off are central values; left empty in the table they are the
    central on-mode power (a kind that never sleeps), in every lane: only the
    on-mode power carries an interval."""
    profiles = load_profiles()
    if norm_kind(profile) not in profiles:
        raise Refused(f"unknown usage_profile {profile!r}")
    if a["power"] is None:
        raise Refused(f"usage_profile {profile!r} for a kind without power per mode")
    on_h, sleep_h, off_h = profiles[norm_kind(profile)]
    on, sleep, off = a["power"]
    sleep = on[0] if sleep is None else sleep
    off = on[0] if off is None else off
    return tuple((on_h * w + sleep_h * sleep + off_h * off) / 1000.0 for w in on)


# --------------------------------------------------------------------------
# inputs of a case
# --------------------------------------------------------------------------
def triple_of(row: dict, name: str, dc: bool) -> Triple | None:
    """(central, low, high); None when all three are empty; a bound without
    its central value is refused (as the engine does)."""
    c = number(row.get(name), dc)
    lo = number(row.get(name + "_low"), dc)
    hi = number(row.get(name + "_high"), dc)
    if c is None:
        if lo is not None or hi is not None:
            raise Refused(f"{name}_low or {name}_high without {name}")
        return None
    return (c, c if lo is None else lo, c if hi is None else hi)


def row_energy(r: dict, a: dict, dc: bool) -> Triple:
    """methodology.md section 5, in order: the row's `utilisation` on the
    kind's load model (alone: with `annual_energy_kwh` or `usage_profile` the
    row is ambiguous and refused), the row's `annual_energy_kwh`, its
    `usage_profile`, the archetype's energy."""
    given = triple_of(r, "annual_energy_kwh", dc)
    profile = (r.get("usage_profile") or "").strip()
    u = number(r.get("utilisation"), dc)
    if u is not None:
        if not 0.0 <= u <= 1.0:
            raise Refused(f"utilisation {u} outside 0-1")
        if given is not None:
            raise Refused("utilisation and annual_energy_kwh both set the electricity use")
        if profile:
            raise Refused("utilisation and usage_profile both set the electricity use")
        if a["load"] is None:
            raise Refused("utilisation for a kind without power at idle and at full load")
        return utilisation_energy(a, u)
    if given is not None:
        return given
    if profile:
        return profile_energy(a, profile)
    if a["energy"] is None:
        raise Refused("no annual_energy_kwh on the row and none by default for the kind")
    return a["energy"]


def parse_inventory(text: str, country: str | None, arch: dict, case: str = "") -> list[dict]:
    header, rows, dc = read_table(text)
    out = []
    for n, cells in enumerate(rows, start=1):
        r = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        kind = norm_kind(r["kind"])
        a = arch[kind]
        try:
            energy = row_energy(r, a, dc)
        except Refused as e:
            raise Refused(f"{case}: inventory data row {n} (kind {kind}): {e}") from None
        if (r.get("purchase_year") or "").strip():
            purchase = int(number(r["purchase_year"], dc))
        else:  # purchase_date: YYYY-MM-DD or DD/MM/YYYY, only the year counts
            d = r["purchase_date"].strip()
            purchase = int(d[:4]) if "-" in d else int(d.split("/")[2])
        lifespan = number(r.get("lifespan_years"), dc)
        disposal = number(r.get("disposal_year"), dc)
        embodied = triple_of(r, "embodied_gwp_kgco2e", dc)  # None = not given on the row
        capacity = number(r.get("capacity_tb"), dc)
        if capacity is not None:
            # methodology.md section 2, storage per capacity: E x capacity / reference, each bound alike.
            if not capacity > 0:
                raise Refused(f"{case}: inventory data row {n}: capacity_tb {capacity} not above 0")
            if a.get("capacity") is None:
                raise Refused(f"{case}: inventory data row {n}: capacity_tb for {kind}, whose footprint is not per TB")
            if embodied is None:
                embodied = tuple(x * capacity / a["capacity"] for x in a["embodied"])
        zone = (r.get("country") or "").strip() or country
        out.append({
            "entity": r["entity"].strip(),
            "kind": kind,
            "q": number(r["quantity"], dc),
            "P": purchase,
            "L": a["lifespan"] if lifespan is None else lifespan,
            "D": None if disposal is None else int(disposal),
            "zone": zone,
            "energy": energy,
            "embodied": embodied,
        })
    return out


ARCHETYPE_TABLE_COLUMNS = {"kind", "label", "lifespan_years", "embodied_gwp_kgco2e"}


def is_archetype_table(text: str) -> bool:
    """README "Archetype tables as extra tables": told by the header alone."""
    header, _, _ = read_table(text)
    return ARCHETYPE_TABLE_COLUMNS <= set(header)


def add_archetypes(text: str, kinds: list[str], arch: dict, factors: dict, where: str = "") -> None:
    """An archetype table adds its kinds (after the embedded ones) or replaces
    a kind whole; a gwp factor given earlier for that kind is replaced too.
    Empty energy cells: the kind has no default electricity use. Power per
    mode (on with its interval, sleep, off) and the load model (idle and
    full-load power; utilisation_typical optional) as in the embedded table."""
    header, rows, dc = read_table(text)
    for n, cells in enumerate(rows, start=1):
        r = {h: (cells[i] if i < len(cells) else "").strip() for i, h in enumerate(header)}
        k = norm_kind(r["kind"])
        at = f"{where} data row {n} (kind {k})"
        try:
            arch[k] = {
                "lifespan": number(r["lifespan_years"], dc),
                "energy": triple_of(r, "annual_energy_kwh", dc),
                "embodied": triple_of(r, "embodied_gwp_kgco2e", dc),
                "shares": {p: number(r["share_" + p], dc) for p in EMBODIED},
                "power": power_of(r, dc, at),
                "load": load_of(r, dc, at),
                "capacity": number(r.get("capacity_tb"), dc),
            }
        except Refused as e:
            msg = str(e)
            raise Refused(msg if msg.startswith(at) else f"{at}: {msg}") from None
        if k not in kinds:
            kinds.append(k)
        for p in EMBODIED:
            factors.pop(("gwp", k, p), None)


def parse_factors(tables: list[dict], kinds: list[str] | None = None,
                  arch: dict | None = None, case: str = "") -> tuple[list[tuple[str, str]], dict]:
    """Criteria (standard first, then new ones in order of appearance) and
    factors {(criterion, kind, phase): triple}; kind 'electricity' = per kWh.
    Archetype tables among them update `kinds` and `arch` in place, in order."""
    criteria = list(STANDARD_CRITERIA)
    factors: dict[tuple[str, str, str], Triple] = {}
    for t in tables:
        if is_archetype_table(t["csv"]):
            add_archetypes(t["csv"], kinds, arch, factors, f"{case}: archetype table {t['name']}")
            continue
        header, rows, dc = read_table(t["csv"])
        for cells in rows:
            r = {h: (cells[i] if i < len(cells) else "").strip() for i, h in enumerate(header)}
            crit, unit = r["criterion"].lower(), r["unit"].lower()
            if crit not in [c for c, _ in criteria]:
                criteria.append((crit, unit))
            kind = norm_kind(r["kind"])
            v = number(r["value"], dc)
            lo, hi = number(r.get("low"), dc), number(r.get("high"), dc)
            factors[(crit, kind, r["phase"])] = (v, v if lo is None else lo, v if hi is None else hi)
    return criteria, factors


# --------------------------------------------------------------------------
# the calculation (docs/methodology.md sections 4-8)
# --------------------------------------------------------------------------
def booked_shares(row: dict, year: int, mode: str) -> dict[str, float]:
    """Fraction of the whole-life embodied value of each phase booked in `year`."""
    P, L, D = row["P"], row["L"], row["D"]
    a = year - P
    if mode == "amortised":
        if D is not None and D == year:  # write-off of what is not yet booked
            s = max(0.0, 1.0 - min(a, L) / L)
        else:
            s = min(max(L - a, 0.0), 1.0) / L
        return {p: s for p in EMBODIED}
    eol_year = D if D is not None else P + math.ceil(L) - 1
    mt = 1.0 if year == P else 0.0
    return {"manufacture": mt, "transport": mt, "end_of_life": 1.0 if year == eol_year else 0.0}


def per_device(crit: str, row: dict, phase: str, arch: dict, factors: dict) -> Triple | None:
    """Whole-life value of one device of the row in an embodied phase."""
    if crit == "gwp":
        share = arch[row["kind"]]["shares"][phase]
        if row["embodied"] is not None:  # the row's own total wins
            return t_mul(row["embodied"], exact(share))
        if ("gwp", row["kind"], phase) in factors:
            return factors[("gwp", row["kind"], phase)]
        return t_mul(arch[row["kind"]]["embodied"], exact(share))
    return factors.get((crit, row["kind"], phase))


def assess(case: dict, grid: dict, kinds: list[str], arch: dict) -> list[dict]:
    o = case["options"]
    year, mode = int(o["year"]), o["mode"]
    keys = {k.strip() for k in (o.get("by") or "none").split(",")} - {"", "none", "total"}
    kinds, arch = list(kinds), dict(arch)  # a case's archetype tables stay in the case
    criteria, factors = parse_factors(case.get("factors_csv") or [], kinds, arch, case["name"])
    rows = parse_inventory(case["inventory_csv"], o.get("country"), arch, case["name"])

    groups: dict[tuple, dict] = {}
    for r in rows:
        if r["P"] > year or (r["D"] is not None and r["D"] < year):
            continue  # not in the inventory of the year
        key = (r["entity"] if "entity" in keys else None, r["kind"] if "kind" in keys else None)
        g = groups.setdefault(key, {
            "lines": 0, "devices": 0.0, "beyond": 0.0, "energy": exact(0.0),
            "impacts": {c: {p: exact(0.0) for p in PHASES} for c, _ in criteria},
        })
        q, a = r["q"], year - r["P"]
        g["lines"] += 1
        g["devices"] += q
        if a >= r["L"]:
            g["beyond"] += q
        energy = t_mul(exact(q), r["energy"])  # kWh in the year
        g["energy"] = t_add(g["energy"], energy)
        shares = booked_shares(r, year, mode)
        for c, _ in criteria:
            imp = g["impacts"][c]
            for p in EMBODIED:
                booked = t_mul(exact(q * shares[p]), per_device(c, r, p, arch, factors))
                imp[p] = t_add(imp[p], booked)
            per_kwh = (exact(intensity_kg(grid, r["zone"], year)) if c == "gwp"
                       else factors.get((c, "electricity", "use")))
            imp["use"] = t_add(imp["use"], t_mul(energy, per_kwh))

    order = {k: i for i, k in enumerate(kinds)}
    out = []
    for key in sorted(groups, key=lambda k: (k[0] or "", order.get(k[1], -1))):
        g = groups[key]
        head = {}
        if "entity" in keys:
            head["entity"] = key[0]
        if "kind" in keys:
            head["kind"] = key[1]
        if "phase" in keys:
            for p in PHASES:
                # Amortised embodied phases are the management view, not a GHG Protocol scope.
                scope = GHG_SCOPE[p] if mode == "acquisition" or p == "use" else f"management view (amortised): NOT GHG Protocol {GHG_SCOPE[p]}"
                row = dict(head, phase=p, ghg_scope=scope)
                for c, unit in criteria:
                    put(row, f"{c}_{unit}", g["impacts"][c][p])
                out.append(row)
            continue
        row = dict(head, lines=g["lines"], devices=g["devices"], devices_beyond_amortisation=g["beyond"])
        put(row, "use_energy_kwh", g["energy"])
        for c, unit in criteria:
            total: Triple | None = exact(0.0)
            for p in PHASES:
                put(row, f"{c}_{p}_{unit}", g["impacts"][c][p])
                total = t_add(total, g["impacts"][c][p])
            put(row, f"{c}_total_{unit}", total)
        out.append(row)
    return out


def put(row: dict, name: str, v: Triple | None) -> None:
    row[name] = None if v is None else v[0]
    row[name + "_low"] = None if v is None else v[1]
    row[name + "_high"] = None if v is None else v[2]


# --------------------------------------------------------------------------
# check / write
# --------------------------------------------------------------------------
def compare(name: str, got_rows: list[dict], want_rows: list[dict], tol: float) -> list[str]:
    errors = []
    if len(got_rows) != len(want_rows):
        return [f"{name}: {len(got_rows)} rows computed, {len(want_rows)} expected"]
    for i, (got, want) in enumerate(zip(got_rows, want_rows)):
        for col, w in want.items():
            where = f"{name} row {i} column {col}"
            if col not in got:
                errors.append(f"{where}: no such output column")
                continue
            g = got[col]
            if w is None or isinstance(w, str) or g is None or isinstance(g, str):
                if g != w:
                    errors.append(f"{where}: computed {g!r}, expected {w!r}")
            elif not close(float(g), float(w), tol):
                errors.append(f"{where}: computed {g!r}, expected {w!r} (difference {float(g) - float(w):.3g})")
    return errors


def json_value(col: str, v):
    if isinstance(v, float) and col in COUNT_COLUMNS and v.is_integer():
        return int(v)
    return v


def rewrite(case: dict, got_rows: list[dict]) -> dict:
    want_rows = case["expected"]
    tol = case["tolerance_rel"]
    if len(want_rows) == len(got_rows):
        templates = want_rows
    else:
        if not want_rows:
            raise SystemExit(f"{case['name']}: give at least one expected row naming the columns to keep")
        cols: list[str] = []
        for w in want_rows:
            cols += [c for c in w if c not in cols]
        templates = [{c: None for c in cols} for _ in got_rows]
        print(f"reference.py: {case['name']}: {len(want_rows)} template rows -> {len(got_rows)} rows")
    new_rows = []
    for got, want in zip(got_rows, templates):
        row = {}
        for col, w in want.items():
            if col not in got:
                raise SystemExit(f"{case['name']}: no output column {col}")
            g = got[col]
            keep = (w is not None and not isinstance(w, str) and g is not None
                    and not isinstance(g, str) and close(float(g), float(w), tol))
            row[col] = w if keep else json_value(col, g)
        new_rows.append(row)
    return {**case, "expected": new_rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="recompute every expected value; exit 1 on a difference")
    mode.add_argument("--write", action="store_true", help="rewrite the expected values of cases.json")
    ap.add_argument("--cases", type=Path, default=CASES, help="cases file (default: golden/cases.json)")
    args = ap.parse_args(argv)

    doc = json.loads(args.cases.read_text(encoding="utf-8"))
    grid = load_grid()
    try:
        kinds, arch = load_archetypes()
    except Refused as e:
        print(f"reference.py: refused input (the engine refuses it too): {e}", file=sys.stderr)
        return 1
    if args.write:
        try:
            doc["cases"] = [rewrite(c, assess(c, grid, kinds, arch)) for c in doc["cases"]]
        except Refused as e:
            raise SystemExit(f"reference.py --write: refused input (the engine refuses it too): {e}") from None
        args.cases.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"reference.py --write: {len(doc['cases'])} cases written to {args.cases}")
        return 0
    errors: list[str] = []
    values = 0
    names = set()
    for c in doc["cases"]:
        if c["name"] in names:
            errors.append(f"{c['name']}: duplicate case name")
        names.add(c["name"])
        try:
            got = assess(c, grid, kinds, arch)
        except Refused as e:
            errors.append(f"refused input (the engine refuses it too): {e}")
            continue
        errors += compare(c["name"], got, c["expected"], c["tolerance_rel"])
        values += sum(len(r) for r in c["expected"])
    for e in errors:
        print(f"reference.py --check: {e}", file=sys.stderr)
    if errors:
        return 1
    print(f"reference.py --check: {len(doc['cases'])} cases, {values} expected values agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
