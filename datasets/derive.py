#!/usr/bin/env python3
"""Re-derive every derived table of empreinte's `datasets/` folder.

Stdlib-only, deterministic. Reads the raw upstream files committed in
`datasets/raw/` (byte-for-byte copies, each folder with its LICENCE.md;
`--raw DIR` reads another copy) and writes:

  datasets/data/ember-owid/2025/grid_intensity.csv            + SOURCE.toml
  datasets/data/empreinte-archetypes/2027.2/archetypes.csv   + SOURCE.toml
  datasets/data/empreinte-usage-profiles/2027.2/usage_profiles.csv + SOURCE.toml
  datasets/crosscheck.csv                                     (embedded values vs ADEME/Arcep and Boavizta API;
                                                               fails on a comparable value outside [1/3x, 3x])
  datasets/optional/ademe-arcep-2022/archetypes.csv           (not embedded)
  datasets/examples/municipal-fleet.csv
  datasets/examples/factors-adpe-pe.csv

Editions 2026.11, 2026.12 and 2027.1 of the archetypes stay in the repository
for history; they are no longer re-derived (their rules are those of the
derive.py of their time, in git history) and not embedded.

SOURCE.toml files are generated too (they carry the sha256 of the raw and the
derived files), so edit them here, not by hand.

  python3 datasets/derive.py           # write the files
  python3 datasets/derive.py --check   # re-derive in memory, exit 1 on any difference
  python3 datasets/derive.py --raw DIR # read the raw files from DIR instead of datasets/raw
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import random
import re
import statistics
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATASETS = Path(__file__).resolve().parent
REPO = DATASETS.parent
DEFAULT_RAW = DATASETS / "raw"

GRID_RAW = "ember-owid-carbon-intensity/carbon-intensity-electricity.csv"
BOAVIZTA_RAW = "boavizta-pcf/boavizta-data-us.csv"
# Where SOURCE.toml says the raw files are (repository-relative, whatever --raw reads).
RAW_PREFIX = "datasets/raw/"
ISO_FILE = DATASETS / "iso3166.csv"

GRID_DIR = DATASETS / "data" / "ember-owid" / "2025"
ARCH_EDITION = "2027.2"
PREVIOUS_ARCH_EDITION = "2027.1"
ARCH_DIR = DATASETS / "data" / "empreinte-archetypes" / ARCH_EDITION
PROFILES_DIR = DATASETS / "data" / "empreinte-usage-profiles" / ARCH_EDITION
CROSSCHECK_FILE = DATASETS / "crosscheck.csv"
CROSSCHECK_RAW = ["crosscheck-ademe-arcep-2022/values.csv", "crosscheck-boaviztapi-2.5.0/values.csv"]
EXAMPLES_DIR = DATASETS / "examples"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


def fmt(x: float | None, nd: int) -> str:
    """Round half-up to `nd` decimals, drop trailing zeros ('' for None)."""
    if x is None:
        return ""
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP)
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (numpy 'linear' / Excel PERCENTILE.INC)."""
    v = sorted(values)
    if not v:
        raise ValueError("empty")
    pos = p * (len(v) - 1)
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fnum(s: str) -> float | None:
    s = (s or "").strip()
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        return None


# --------------------------------------------------------------------------
# 1. grid intensity (Ember / OWID)
# --------------------------------------------------------------------------
GRID_AGGREGATES = {"European Union (27)": "EU27", "World": "WORLD"}
GRID_SPECIAL_CODES = {"OWID_KOS": "XK"}  # Kosovo: user-assigned code XK
EU_EMBER = "EU (Ember)"


def derive_grid(raw_dir: Path) -> dict[Path, bytes]:
    raw_path = raw_dir / GRID_RAW
    raw = raw_path.read_bytes()
    iso = {}
    with ISO_FILE.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            iso[r["alpha3"]] = r["alpha2"]
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    value_col = reader.fieldnames[3]
    out = []
    unmapped = set()
    for r in reader:
        ent, code = r["Entity"], r["Code"]
        if ent in GRID_AGGREGATES and not (code and not code.startswith("OWID_")):
            zone = GRID_AGGREGATES[ent]
        elif code in GRID_SPECIAL_CODES:
            zone = GRID_SPECIAL_CODES[code]
        elif code == "OWID_WRL":
            zone = "WORLD"
        elif code and not code.startswith("OWID_"):
            if code not in iso:
                unmapped.add(code)
                continue
            zone = iso[code]
        else:
            continue  # other aggregates (continents, income groups, Ember regions)
        val = Decimal(r[value_col].strip()).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        out.append((zone, ent, int(r["Year"]), format(val, "f")))
    if unmapped:
        raise SystemExit(f"grid: alpha-3 codes without alpha-2 mapping: {sorted(unmapped)}")
    # EU27 years OWID publishes only under Ember's own "EU (Ember)" region
    # (2024): the same EU-27 aggregate (equal in every year both give).
    eu = {y: v for z, _, y, v in out if z == "EU27"}
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    for r in reader:
        if r["Entity"] != EU_EMBER:
            continue
        y = int(r["Year"])
        v = format(Decimal(r[value_col].strip()).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP), "f")
        if y in eu and eu[y] != v:
            raise SystemExit(f"grid: {EU_EMBER} {y} {v} differs from European Union (27) {eu[y]}")
        if y not in eu:
            out.append(("EU27", EU_EMBER, y, v))
    out.sort(key=lambda t: (t[0], t[2]))
    seen = set()
    for z, _, y, _ in out:
        if (z, y) in seen:
            raise SystemExit(f"grid: duplicate zone/year {z} {y}")
        seen.add((z, y))
    data = csv_bytes(["zone", "name", "year", "intensity_gco2e_per_kwh"], [list(t) for t in out])
    years = sorted({t[2] for t in out})
    zones = sorted({t[0] for t in out})
    toml = f"""# Generated by datasets/derive.py -- do not edit by hand.
id = "ember-owid"
edition = "2025"
title = "Carbon intensity of electricity generation (life-cycle), yearly, by country"
publisher = "Our World in Data, based on Ember (Yearly Electricity Data, 2025 release) and Energy Institute (Statistical Review of World Energy 2025)"
url = "https://ourworldindata.org/grapher/carbon-intensity-electricity"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
attribution = "Ember (2025); Energy Institute - Statistical Review of World Energy (2025) - with major processing by Our World in Data"
retrieved = "2025"
raw_file = "{RAW_PREFIX}{GRID_RAW}"
raw_sha256 = "{sha256_bytes(raw)}"
mapping_file = "datasets/iso3166.csv"
mapping_sha256 = "{sha256_bytes(ISO_FILE.read_bytes())}"
file = "grid_intensity.csv"
sha256 = "{sha256_bytes(data)}"
rows = {len(out)}
zones = {len(zones)}
years = "{years[0]}-{years[-1]}"
notes = \"\"\"Life-cycle (not direct-only) greenhouse-gas intensity of electricity GENERATION in each \
country, as published by OWID (column header upstream says gCO2/kWh; the values are CO2-equivalent, \
life-cycle, per Ember's methodology). It is not the intensity of electricity CONSUMPTION: imports \
and exports are not accounted for. The retrieval date of the raw export is not recorded; "2025" is \
the upstream release year. Values are the published ones rounded half-up to 3 decimals. \
zone = ISO 3166-1 alpha-2 from alpha-3 via datasets/iso3166.csv (generated from pycountry / \
Debian iso-codes, LGPL-2.1-or-later); OWID_KOS -> XK (user-assigned code for Kosovo); \
"European Union (27)" -> EU27, with the years OWID gives only under Ember's "EU (Ember)" region (2024: \
213.310; the two agree in every year both give); "World" -> WORLD; all other aggregates (continents, \
income groups, other Ember regions) are dropped.\"\"\"

[columns]
zone = "ISO 3166-1 alpha-2 code (uppercase); EU27 = European Union (27); WORLD = world total"
name = "entity name as published by OWID"
year = "calendar year (integer)"
intensity_gco2e_per_kwh = "life-cycle carbon intensity of electricity generation, gCO2e per kWh generated (3 decimals)"
"""
    return {GRID_DIR / "grid_intensity.csv": data, GRID_DIR / "SOURCE.toml": toml.encode("utf-8")}


# --------------------------------------------------------------------------
# 2. device archetypes (Boavizta + cited figures)
# --------------------------------------------------------------------------
KINDS = [
    "laptop", "desktop", "desktop_all_in_one", "thin_client", "chromebook", "monitor_lt22", "monitor_22_24",
    "monitor_25_27", "monitor_28_plus", "display_large", "tablet", "smartphone", "printer",
    "multifunction_printer", "projector", "wifi_access_point", "network_switch",
    "ip_phone", "rack_server", "server_1s", "server_2s", "server_4s", "storage_array", "storage_hdd",
    "storage_ssd",
]
LABELS = {
    "laptop": "Laptop (excluding Chromebooks)",
    "desktop": "Desktop PC (tower, small form factor, micro; no screen)",
    "desktop_all_in_one": "All-in-one desktop PC (screen included)",
    "thin_client": "Thin client",
    "chromebook": "Chromebook",
    "monitor_lt22": "Monitor, under 22 inches",
    "monitor_22_24": "Monitor, 22 to 24.9 inches",
    "monitor_25_27": "Monitor, 25 to 27.9 inches",
    "monitor_28_plus": "Monitor, 28 to 42.9 inches",
    "display_large": "Large-format display, 43 inches and over (meeting room, signage)",
    "tablet": "Tablet",
    "smartphone": "Smartphone",
    "printer": "Printer, single-function (laser)",
    "multifunction_printer": "Multifunction printer (print/scan/copy, laser)",
    "projector": "Video projector",
    "wifi_access_point": "Wi-Fi access point",
    "network_switch": "Network switch (access, 24-48 ports)",
    "ip_phone": "IP desk phone",
    "rack_server": "Server (rack, tower or blade)",
    "server_1s": "Server, 1 processor socket populated (rack or tower)",
    "server_2s": "Server, 2 processor sockets populated (rack, tower or blade)",
    "server_4s": "Server, 4 processor sockets populated (rack or blade)",
    "storage_array": "Storage enclosure (5U, 84 drive bays)",
    "storage_hdd": "Data-centre hard disk drive (enterprise)",
    "storage_ssd": "Data-centre solid-state drive (enterprise)",
}
# Data-centre kinds derived from the same sheets as rack_server (by populated
# sockets) or from Boavizta's Datacenter storage sheets (issue 10).
SERVER_SOCKET_KINDS = {1: "server_1s", 2: "server_2s", 4: "server_4s"}
SSD_NAME_MARKS = ("ssd", "nytro", "nitro", "pulsar")
# Storage drives: footprint per TB (issue 18). The capacity of a sheet is
# read from its name ("14TB", "1.92 TB", "800GB", "300 Go").
STORAGE_PER_TB = ("storage_hdd", "storage_ssd")
CAPACITY_IN_NAME = re.compile(r"(\d+(?:\.\d+)?)\s*(TB|GB|Go)\b", re.I)
# Tannu and Nair (HotCarbon 2022; ACM SIGENERGY Energy Informatics Review
# 2023), from 94 SSD and 24 HDD LCAs: about 0.16 kg CO2e per GB of SSD and
# about 20 kg per TB of HDD, far above the manufacturers' enterprise-drive
# sheets: the high bound per TB reaches them, so the interval discloses it.
PEER_PER_TB = {"storage_ssd": 160.0, "storage_hdd": 20.0}


def capacity_tb_of(r: dict) -> float:
    m = CAPACITY_IN_NAME.search(r["name"])
    if not m:
        raise SystemExit(f"storage sheet without a capacity in its name: {r['name']}")
    v = float(m.group(1))
    return v if m.group(2).upper() == "TB" else v / 1000
BOAVIZTA_CITATION = "Boavizta environmental-footprint-data (boavizta-data-us.csv), ODbL 1.0"
PROVENANCE_COLS = {"added_date", "add_method", "sources", "sources_hash", "report_date", "comment"}
# Lexmark naming: B/C = single-function printers; MB/MC/MX/CX = multifunction.
MFP_PREFIXES = ("MB", "MC", "MX", "CX")
# Kinds with fewer than this many sheets carrying all three non-use ratios fall
# back to the pooled shares of all end-user device sheets.
MIN_SHARE_SHEETS = 3
END_USER_KINDS = ["laptop", "chromebook", "desktop", "desktop_all_in_one", "thin_client", "monitor_lt22",
                  "monitor_22_24", "monitor_25_27", "monitor_28_plus", "display_large", "tablet", "smartphone"]
# Monitor size classes, smallest first: their embodied values are made
# monotonic by pooling adjacent classes (monotone_pools).
MONITOR_CLASSES = ["monitor_lt22", "monitor_22_24", "monitor_25_27", "monitor_28_plus", "display_large"]
LARGE_DISPLAY_FROM_IN = 43  # 43 in and over: meeting-room and signage displays, not desk monitors
# Dell notebooks filed upstream as Workplace/Desktop (issue 18): a Dell
# "Desktop" sheet whose name is a notebook model line (Inspiron 13/14/16,
# Precision 3xxx/5xxx/7xxx mobile workstations, Vostro 13/15/16 notebooks)
# and which gives a notebook screen size (11-18 in). Left out of every kind.
MISFILED_NOTEBOOK = re.compile(r"^(Inspiron 1[346] |Precision [357][4-7]\d\d$|Vostro (15 )?[35-7][3-6][12]\d$)")
# All-in-one desktops (screen included): the name says so, or an iMac.
ALL_IN_ONE = re.compile(r"all-in-one|\baio\b|imac|^thinkcentre m[0-9]+z\b|^v[0-9]+z\b|^ideacentre a540", re.I)

# Cited non-Boavizta figures --------------------------------------------------
# Idle power of 24/48-port access switches, W, measured (single 1000BASE-T link,
# no PoE load): the HP, Ubiquiti, Cisco, Dell and SMC rows of the list in
# github.com/adlerweb/SwitchPower (README table).
SWITCH_IDLE_W = [23, 43, 24, 16, 39, 38, 45, 15, 27, 10, 11, 37]
HOURS_PER_YEAR = 8760
# Enterprise PoE Wi-Fi access point, W (engineering estimate, issue 18):
# IEEE 802.3af class 3 allows 12.95 W at the powered device, 802.3at class 4 25.5 W.
AP_POWER_W, AP_POWER_W_LOW, AP_POWER_W_HIGH = 12.0, 6.0, 25.5

SOURCES = {
    "boavizta": ("Boavizta environmental-footprint-data, boavizta-data-us.csv (ODbL 1.0 / DbCL 1.0)",
                 "https://github.com/Boavizta/environmental-footprint-data"),
    "switchpower": ("adlerweb/SwitchPower: measured idle power of network switches (README table)",
                    "https://github.com/adlerweb/SwitchPower"),
    "ericsson_embodied": ("Ericsson Research, 'Embodied carbon emissions of ICT devices assessed by different "
                          "approaches' (research brief of the peer-reviewed article 'Assessing embodied carbon "
                          "emissions of communication user devices by combining approaches'): representative "
                          "2020 embodied values, e.g. smartphone 50, feature phone 20, tablet 100, laptop 200, "
                          "desktop 350, PC display 100, customer premises equipment (CPE) 30 kgCO2e",
                          "https://www.ericsson.com/en/reports-and-papers/research-papers/embodied-carbon-emissions-of-ict-devices"),
    "ieee_poe": ("IEEE 802.3af/at Power over Ethernet power classes (class 1 <= 3.84 W, class 2 <= 6.49 W "
                 "at the powered device)", "https://standards.ieee.org/ieee/802.3/10422/"),
    "ademe_arcep_crosscheck": ("ADEME/Arcep 2022 (NegaOctet) figures as shipped in the npm package "
                               "@incubateur-ademe/publicodes-acv-numerique 2.1.0 (MIT code; NegaOctet value "
                               "rights unsettled): CROSS-CHECK ONLY, never an embedded value (the data-centre "
                               "switch, router and firewall also form the optional table "
                               "datasets/optional/ademe-arcep-2022, passed only on purpose). laptop "
                               "170+12.3+2.79, office desktop 203+1.85+6.61, monitor 64.6+1.29+3.95, smartphone "
                               "77+2.27+0.246, tablet 80.5+3.43+0.364, printer 10.5+0.3+10.2 kgCO2e (manufacture + "
                               "distribution + end of life); construction: server 748 (400 W), switch 367, "
                               "firewall 355, router 41.2, storage 144 (6 W) kgCO2e; support equipment 187 "
                               "kgCO2e per m2 of IT room over 25 years; per server 1.468 switches, 0.286 routers, "
                               "0.0358 firewalls, 0.68 m2 (APL Datacenter market averages)",
                               "https://www.npmjs.com/package/@incubateur-ademe/publicodes-acv-numerique"),
}


def load_boavizta(raw_dir: Path) -> tuple[list[dict], bytes, dict]:
    raw = (raw_dir / BOAVIZTA_RAW).read_bytes()
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    cols = reader.fieldnames
    rows = list(reader)
    stats = {"raw_rows": len(rows)}
    seen, stage1 = set(), []
    for r in rows:
        key = tuple(r[c] for c in cols)
        if key not in seen:
            seen.add(key)
            stage1.append(r)
    stats["exact_duplicates"] = len(rows) - len(stage1)
    data_cols = [c for c in cols if c not in PROVENANCE_COLS]
    seen, stage2 = set(), []
    for r in stage1:
        key = tuple(r[c].strip() for c in data_cols)
        if key not in seen:
            seen.add(key)
            stage2.append(r)
    stats["same_data_duplicates"] = len(stage1) - len(stage2)
    stats["dedup_rows"] = len(stage2)
    return stage2, raw, stats


def classify(r: dict) -> str | None:
    cat, sub = r["category"].strip(), r["subcategory"].strip()
    name = r["name"]
    if cat == "Workplace" and sub in ("Laptop", "Desktop") and "chromebook" in name.lower():
        return "chromebook"  # includes 2 Dell Chromebook 3100 sheets filed under Desktop upstream
    if cat == "Workplace" and sub == "Laptop":
        return "laptop"
    if cat == "Workplace" and sub == "Desktop":
        if r["manufacturer"].strip() == "Dell" and is_misfiled_notebook(r):
            return "_misfiled_notebook"
        return "desktop_all_in_one" if ALL_IN_ONE.search(name.strip()) else "desktop"
    if cat == "Workplace" and sub in ("Thin Client", "Thin client"):
        return "thin_client"
    if cat == "Workplace" and sub == "Monitor":
        s = fnum(r["screen_size"])
        if s is None:
            return None
        if s < 22:
            return "monitor_lt22"
        if s < 25:
            return "monitor_22_24"
        if s < 28:
            return "monitor_25_27"
        if s < LARGE_DISPLAY_FROM_IN:
            return "monitor_28_plus"
        return "display_large"
    if cat == "Workplace" and sub == "Tablet":
        return "tablet"
    if cat == "Workplace" and sub == "Smartphone":
        return "smartphone"
    if cat == "Workplace" and sub == "Printer":
        return "multifunction_printer" if name.strip().upper().startswith(MFP_PREFIXES) else "printer"
    if cat == "Datacenter" and sub == "Server":
        return "rack_server"
    if cat == "Home" and sub == "Network":
        return "_home_wifi"  # proxy pool for wifi_access_point
    if cat == "Datacenter" and sub == "SAN/NAS":
        return "storage_array"
    if cat == "Datacenter" and sub == "Hard drive":
        return "storage_ssd" if any(m in name.lower() for m in SSD_NAME_MARKS) else "storage_hdd"
    return None


MISFILED_NOTEBOOK_SEEN: set[str] = set()


def is_misfiled_notebook(r: dict) -> bool:
    s = fnum(r["screen_size"])
    hit = bool(MISFILED_NOTEBOOK.match(r["name"].strip())) and s is not None and 11 <= s < 18
    if hit:
        MISFILED_NOTEBOOK_SEEN.add(r["name"].strip())
    return hit


def extra_kinds(r: dict) -> list[str]:
    """Kinds a sheet also counts in besides classify(): servers by the number of
    processor sockets populated in the assessed configuration (number_cpu;
    Lenovo's sheets give none)."""
    if r["category"].strip() == "Datacenter" and r["subcategory"].strip() == "Server":
        n = fnum(r["number_cpu"])
        if n is not None and n.is_integer() and int(n) in SERVER_SOCKET_KINDS:
            return [SERVER_SOCKET_KINDS[int(n)]]
    return []


def sheet_values(r: dict) -> dict | None:
    total, use = fnum(r["gwp_total"]), fnum(r["gwp_use_ratio"])
    if total is None or use is None or not (0 <= use < 1) or total <= 0:
        return None
    out = {"embodied": total * (1 - use), "lifetime": fnum(r["lifetime"]), "tec": fnum(r["yearly_tec"]),
           "shares": None}
    m, t, e = fnum(r["gwp_manufacturing_ratio"]), fnum(r["gwp_transport_ratio"]), fnum(r["gwp_eol_ratio"])
    # Dell sheets with transport == eol == 0 exactly do not report those phases
    # (parser default), so they are treated as missing rather than as true zeros.
    if m is not None and t is not None and e is not None and (t > 0 or e > 0) and (m + t + e) > 0:
        s = m + t + e
        out["shares"] = (m / s, t / s, e / s)
    return out


def interval(values: list[float]) -> tuple[float, float, float]:
    c = statistics.median(values)
    if len(values) >= 10:
        return c, percentile(values, 0.10), percentile(values, 0.90)
    return c, min(values) * 0.75, max(values) * 1.25


def widen(c: float, lo: float, hi: float) -> tuple[float, float, float]:
    """Ensure at least -50 % / +100 % around the central value (proxies, estimates)."""
    return c, min(lo, 0.5 * c), max(hi, 2.0 * c)


def shares_of(sheets: list[dict]) -> tuple[float, float, float] | None:
    full = [s["shares"] for s in sheets if s["shares"] is not None]
    if len(full) < MIN_SHARE_SHEETS:
        return None
    return tuple(statistics.median(x[i] for x in full) for i in range(3))  # type: ignore


def round_shares(sh: tuple[float, float, float]) -> list[str]:
    tot = sum(sh)
    vals = [Decimal(repr(x / tot)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) for x in sh]
    big = max(range(3), key=lambda i: vals[i])
    vals[big] += Decimal("1.0000") - sum(vals)
    return [format(v, "f") for v in vals]


# Balanced aggregation ---------------------------------------------------------
# A manufacturer's sheets follow its own LCA method: aggregate per
# manufacturer first, so that no single method decides a default.
MIN_SHEETS_PER_MANUFACTURER = 3  # a manufacturer with fewer sheets counts in the interval, not in the central


def balanced(sheets: list[dict], key: str) -> dict | None:
    """Median per manufacturer, then median across manufacturers (those with
    >= MIN_SHEETS_PER_MANUFACTURER sheets, or all when none has that many);
    interval = the wider of the sheet spread (p10/p90, or min x 0.75 / max x
    1.25 under 10 sheets) and the range of the manufacturer medians."""
    by_manu: dict[str, list[float]] = {}
    for s in sheets:
        v = s[key]
        if v is None or v <= 0:
            continue
        by_manu.setdefault(s["manufacturer"], []).append(v)
    if not by_manu:
        return None
    values = [v for vs in by_manu.values() for v in vs]
    medians = {m: statistics.median(vs) for m, vs in by_manu.items()}
    counted = [m for m, vs in by_manu.items() if len(vs) >= MIN_SHEETS_PER_MANUFACTURER] or list(by_manu)
    central = statistics.median(medians[m] for m in counted)
    if len(values) >= 10:
        lo, hi = percentile(values, 0.10), percentile(values, 0.90)
    else:
        lo, hi = min(values) * 0.75, max(values) * 1.25
    lo = min(lo, min(medians.values()), central)
    hi = max(hi, max(medians.values()), central)
    top = max(by_manu, key=lambda m: (len(by_manu[m]), m))
    return dict(central=central, low=lo, high=hi, sheets=len(values), manufacturers=len(by_manu),
                counted=len(counted), top=top, top_share=len(by_manu[top]) / len(values),
                pooled_median=statistics.median(values))


def quality_for(n: int, manufacturers: int, top_share: float) -> str:
    """high: >= 30 sheets from >= 3 manufacturers, none above half of them;
    medium: >= 5 sheets from >= 2 manufacturers, none above 80 %; else low.
    A kind dominated by one manufacturer is never high."""
    if n >= 30 and manufacturers >= 3 and top_share <= 0.5:
        return "high"
    if n >= 5 and manufacturers >= 2 and top_share <= 0.8:
        return "medium"
    return "low"


# Usage profiles -----------------------------------------------------------------
# Hours per year in each power mode; a kind's power per mode times these hours
# is its annual energy under the profile (docs/methodology.md section 5).
WORKING_DAYS = 220  # 52 x 5 = 260 weekdays minus ~25 days of leave and ~15 public holidays and bridges
OFFICE_HOURS_PER_DAY = 9  # 8 h of work + breaks; devices are switched on on arrival
AFTER_HOURS_LEFT_ON = 0.4  # share of after-hours time office PCs stay on (40 % left on at night: AVOB audits)
SCHOOL_DAYS = 180
SCHOOL_HOURS_PER_DAY = 7
DISPLAY_ON_SHARE = 0.35  # ENERGY STAR Displays: E_TEC = 8.76 x (0.35 P_on + 0.65 P_sleep)


def usage_profiles() -> list[dict]:
    office_on = WORKING_DAYS * OFFICE_HOURS_PER_DAY
    after = HOURS_PER_YEAR - office_on
    left_on = after * AFTER_HOURS_LEFT_ON
    school_on = SCHOOL_DAYS * SCHOOL_HOURS_PER_DAY
    return [
        dict(profile="office", label="Office workstation (town hall, administration)",
             on=office_on + left_on, sleep=after - left_on, off=0.0,
             method=(f"{WORKING_DAYS} working days x {OFFICE_HOURS_PER_DAY} h on = {office_on} h; of the other "
                     f"{fmt(after, 0)} h, {AFTER_HOURS_LEFT_ON:.0%} left on (observed: 40 % of enterprise PCs left on "
                     f"at night in 50 audits, AVOB 2011; over 70 % of 400 desktops on after hours, SLAC 2011), the "
                     f"rest asleep"),
             source="AVOB (2011) enterprise PC energy audits; SLAC Today (2011) after-hours survey; empreinte"),
        dict(profile="school", label="School device (pupils' laptop or Chromebook, classroom)",
             on=float(school_on), sleep=0.0, off=float(HOURS_PER_YEAR - school_on),
             method=(f"{SCHOOL_DAYS} school days x {SCHOOL_HOURS_PER_DAY} h on = {school_on} h; switched off (or "
                     f"charging, counted as off) the rest of the year"),
             source="empreinte estimate (school year of about 180 days in Belgium and France)"),
        dict(profile="display", label="Desk display (ENERGY STAR display duty cycle)",
             on=DISPLAY_ON_SHARE * HOURS_PER_YEAR, sleep=(1 - DISPLAY_ON_SHARE) * HOURS_PER_YEAR, off=0.0,
             method=(f"the ENERGY STAR Displays test basis: {DISPLAY_ON_SHARE:.0%} of 8,760 h on = "
                     f"{fmt(DISPLAY_ON_SHARE * HOURS_PER_YEAR, 0)} h, the rest asleep (E_TEC = 8.76 x (0.35 P_on + "
                     f"0.65 P_sleep)), so a display's default energy is its own certified TEC; a screen sleeps when "
                     f"its PC is left on but idle, so it does not follow the office profile's 4,692 h"),
             source="US EPA ENERGY STAR Displays key product criteria (TEC duty cycle); empreinte"),
        dict(profile="always_on", label="Always on (servers, network, shared equipment)",
             on=float(HOURS_PER_YEAR), sleep=0.0, off=0.0, method="8,760 h on",
             source="definition"),
    ]


# ENERGY STAR duty cycles behind a sheet's yearly TEC (fractions of 8,760 h in
# off, sleep and idle = long + short idle). The weighting depends on the
# specification the sheet's TEC was measured under, told by its report year:
# Computers v6.x/v7.x (sheets up to 2020): desktops off 45 %, sleep 5 %, long
# idle 15 %, short idle 35 %; notebooks 25/35/10/30 %; thin clients as
# desktops (conventional weighting, the one v8.0 keeps for them; 2027.1
# weighted them as notebooks, issue 18); Computers v8.0 (in force from the second half of 2020, so every
# sheet dated 2021 or later): desktops 15/45/10/30 %, notebooks unchanged,
# thin clients 45/5/15/35 %. Sheets dated 2020 or undated keep v6/v7 (the
# weighting of most products then on sale). Displays (all versions since
# v7.0): E_TEC = 8.76 x (0.35 P_on + 0.65 P_sleep).
# Power in off and sleep: typical values below the EU ecodesign caps
# (Regulation (EU) 617/2013 for computers, (EU) 2019/2021 for displays).
V8_FROM_YEAR = 2021
WEIGHTS = {  # (family, spec) -> (off, sleep, on)
    ("desktop", "v6"): (0.45, 0.05, 0.50), ("desktop", "v8"): (0.15, 0.45, 0.40),
    ("notebook", "v6"): (0.25, 0.35, 0.40), ("notebook", "v8"): (0.25, 0.35, 0.40),
    ("thin_client", "v6"): (0.45, 0.05, 0.50), ("thin_client", "v8"): (0.45, 0.05, 0.50),
    ("display", "v6"): (0.0, 0.65, 0.35), ("display", "v8"): (0.0, 0.65, 0.35),
}
DUTY = {  # kind -> weighting family and the sleep/off powers, W
    "desktop": dict(family="desktop", p_off=0.5, p_sleep=1.5),
    "desktop_all_in_one": dict(family="desktop", p_off=0.5, p_sleep=1.5),
    "thin_client": dict(family="thin_client", p_off=0.5, p_sleep=1.5),
    "laptop": dict(family="notebook", p_off=0.3, p_sleep=0.8),
    "chromebook": dict(family="notebook", p_off=0.3, p_sleep=0.8),
    "monitor_lt22": dict(family="display", p_off=0.3, p_sleep=0.4),
    "monitor_22_24": dict(family="display", p_off=0.3, p_sleep=0.4),
    "monitor_25_27": dict(family="display", p_off=0.3, p_sleep=0.4),
    "monitor_28_plus": dict(family="display", p_off=0.3, p_sleep=0.4),
    "display_large": dict(family="display", p_off=0.3, p_sleep=0.5),
}


def energy_star_spec(r: dict) -> str:
    """'v8' for a sheet dated V8_FROM_YEAR or later, else 'v6' (v6.x/v7.x)."""
    m = re.search(r"(?:19|20)\d\d", r["report_date"])
    return "v8" if m and int(m.group(0)) >= V8_FROM_YEAR else "v6"


DEFAULT_PROFILE = {k: "office" for k in DUTY} | {k: "display" for k in MONITOR_CLASSES} | {"chromebook": "school", "rack_server": "always_on",
                                                  "network_switch": "always_on", "wifi_access_point": "always_on",
                                                  "ip_phone": "always_on", "server_1s": "always_on",
                                                  "server_2s": "always_on", "server_4s": "always_on",
                                                  "storage_array": "always_on", "storage_hdd": "always_on",
                                                  "storage_ssd": "always_on"}


def on_power(tec_kwh: float, d: dict, spec: str) -> float:
    """On-mode (idle) power, W, that gives the yearly TEC under the ENERGY STAR
    duty cycle of the sheet's specification."""
    off, sleep, on = WEIGHTS[(d["family"], spec)]
    w = tec_kwh * 1000 / HOURS_PER_YEAR - off * d["p_off"] - sleep * d["p_sleep"]
    return max(w / on, d["p_sleep"])


def profile_energy(profile: dict, p_on: float, p_sleep: float, p_off: float) -> float:
    return (profile["on"] * p_on + profile["sleep"] * p_sleep + profile["off"] * p_off) / 1000


SERVER_REFRESH_OBSERVED = ("observed: the most common time between server refreshes reported by data-centre "
                           "operators is 5 years, up from 3 years in 2015 (Uptime Institute Global Data Center "
                           "Survey 2020, as reported by ITAD Summit, 'Analyzing hardware refresh cycles in the data "
                           "center 2020'); the Uptime Institute Global Data Center Survey 2022 (12th annual survey) "
                           "is the latest survey of the same operators")
WORKSTATION_LIFE = 5.5
WORKSTATION_OBSERVED = ("observed: 5.5 y mean purchase-to-disposal of PCs in a US university (Babbitt et al. 2009, "
                        "Environ. Sci. Technol. 43(13):5106-5112, https://doi.org/10.1021/es803542k); UK public "
                        "bodies replace ICT at about 5 y (National Audit Office, 'Improving the disposal of public "
                        "sector Information, Communication and Technology Equipment', HC 531, session 2006-07, "
                        "31 July 2007, executive summary http://www.nao.org.uk/publications/nao_reports/06-07/"
                        "0607531es.pdf: 'on average, public bodies replace their ICT equipment at around five "
                        "years')")
# Lifespans other than the manufacturers' assumption: kind -> (years, basis, text).
# First-use service life observed in organisations where a cited study exists
# (basis observed); an assumption borrowed from another kind is an estimate.
# The manufacturers' lifetime always stays in manufacturer_lifespan_years.
OBSERVED_LIFESPAN = {
    "desktop": (WORKSTATION_LIFE, "observed", WORKSTATION_OBSERVED),
    "desktop_all_in_one": (WORKSTATION_LIFE, "observed", WORKSTATION_OBSERVED + " (PCs of every form factor)"),
    "thin_client": (WORKSTATION_LIFE, "estimate",
                    "ASSUMPTION, not observed: the desktop's observed 5.5 y (Babbitt et al. 2009; NAO HC 531, "
                    "2006-07) applied to a thin client in the same fixed office use; no survey of thin-client "
                    "service lives was found; the one manufacturer's 2 y is an accounting assumption"),
    "laptop": (4.0, "observed",
               "observed: laptops used about 80 % of an expected life of 5 years or more, i.e. about 4 years "
               "(Cetinkaya and Woidasky (2021), 'Laptop use patterns research on product lifetime and "
               "obsolescence aspects', surveys 2015 and 2018, https://depositonce.tu-berlin.de/handle/11303/17521); "
               "the UK National Audit Office's about 5 y (HC 531, 2006-07) is for ICT equipment as a whole; "
               "4 y is also the manufacturers' balanced assumption"),
    # A desk display is replaced with the workstation it serves (issue 18).
    **{k: (WORKSTATION_LIFE, "estimate",
           "ASSUMPTION: a desk display is kept as long as the workstation it serves, the desktop's observed 5.5 y "
           "(Babbitt et al. 2009; NAO HC 531, 2006-07); ADEME/Arcep 2022 assume 6 y for a monitor, the "
           "manufacturers 4.5-5 y") for k in MONITOR_CLASSES if k != "display_large"},
    # Servers: operators' reported refresh interval (a survey of data-centre operators).
    **{k: (5.0, "observed", SERVER_REFRESH_OBSERVED)
       for k in ("rack_server", "server_1s", "server_2s", "server_4s")},
}


def justify(kind: str, phase: str) -> tuple[str, str]:
    return CROSSCHECK_JUSTIFICATIONS.get((kind, phase), ("", ""))


URL_ADEME = "https://www.npmjs.com/package/@incubateur-ademe/publicodes-acv-numerique"
URL_BOAVIZTA_API = "https://github.com/Boavizta/boaviztapi"
URL_BOAVIZTA = "https://github.com/Boavizta/environmental-footprint-data"
URL_ESTAR_DISPLAYS = "https://www.energystar.gov/products/office_equipment/displays/displays_key_product_criteria"
URL_ESTAR_COMPUTERS = "https://www.energystar.gov/products/office_equipment/computers"
URL_SPECPOWER = "https://www.spec.org/power_ssj2008/results/"
# (kind, phase) -> (justification, the sources it rests on). Every row outside
# [0.5x, 2x] of the cross-check median needs one, citing its sources.
CROSSCHECK_JUSTIFICATIONS = {
    **{(k, "embodied"): (
        "Every manufacturer's own PCF median of this size (HP 95-257 kg, Lenovo 109-296 kg, Dell 259-569 kg) is "
        "above the ADEME Base Empreinte 24-inch average that both peers quote (one source, 98.6 % LCD panel); "
        "the peers are scaled by screen area to the class's median diagonal (the panel dominates a monitor's "
        "footprint). The interval does not reach the national reference: no sheet of any manufacturer goes that "
        "low, and NegaOctet values may not be embedded (rights not settled); a report that must use the ADEME "
        "factor passes it with --factors.",
        f"{URL_BOAVIZTA}; {URL_ADEME}; {URL_BOAVIZTA_API}") for k in ("monitor_lt22", "monitor_22_24",
                                                                       "monitor_25_27", "monitor_28_plus",
                                                                       "display_large")},
    ("desktop", "use"): (
        "Boavizta API assumes 175 W for 30 % of the year (460 kWh) and ADEME/Arcep's office desktop 70 W x 6 h "
        "x 365 d (153 kWh): both are generic draws. The embedded value is the office profile (4,692 h on, "
        "4,068 h asleep) x the on-mode power back-solved from each sheet's ENERGY STAR TEC (with the duty cycle "
        "of its specification, v6/v7 or v8.0) and balanced across manufacturers (office PCs idle at 10-25 W). "
        "It ignores active load above idle: give annual_energy_kwh when metered.",
        f"{URL_BOAVIZTA}; {URL_ESTAR_COMPUTERS}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("desktop_all_in_one", "use"): (
        "The peers are a desktop plus a monitor at their generic draws (ADEME/Arcep 70 W x 6 h + 50 W x 4 h a "
        "day; Boavizta API 175 W and 55 W for 30 % of the year); the embedded value is the office profile x the "
        "on-mode power back-solved from the all-in-ones' own ENERGY STAR TEC.",
        f"{URL_BOAVIZTA}; {URL_ESTAR_COMPUTERS}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("laptop", "use"): (
        "Boavizta API assumes 75 W (a charger rating, not a draw) for 30 % of the year; ADEME/Arcep's 26.5 W x "
        "3 h x 365 d (29 kWh) is within 2x of the embedded value. Embedded = office profile x on-mode power "
        "back-solved from the balanced ENERGY STAR TEC.",
        f"{URL_BOAVIZTA}; {URL_ESTAR_COMPUTERS}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    **{(k, "use"): (
        "Boavizta API assumes 55 W for 30 % of the year for any monitor and ADEME/Arcep 50 W x 4 h a day; the "
        "embedded value is the class's own ENERGY STAR TEC (the display duty cycle, 35 % on and 65 % asleep), "
        "balanced across manufacturers.",
        f"{URL_BOAVIZTA}; {URL_ESTAR_DISPLAYS}; {URL_ADEME}; {URL_BOAVIZTA_API}") for k in (
            "monitor_lt22", "monitor_22_24", "monitor_25_27", "monitor_28_plus", "display_large")},
    ("server", "embodied"): (
        "Boavizta API's server is its bottom-up component model over 4 years (900 kg, end of life not included); "
        "ADEME/Arcep's 748 kg is one construction figure. The embedded value is the balanced median of Dell, "
        "HP and Lenovo PCF sheets (whole server, cradle to grave).",
        f"{URL_BOAVIZTA}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("server", "use"): (
        "Boavizta API (536 W all year) and ADEME/Arcep (400 W all year) assume a heavily loaded dual-socket "
        "server; the embedded value is the manufacturers' yearly TEC at their typical utilisation (balanced "
        "median 156 W; range 98-316 W). Give annual_energy_kwh from the PDU or BMC when known.",
        f"{URL_BOAVIZTA}; {URL_SPECPOWER}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("server_2s", "embodied"): (
        "The median of 29 two-socket Dell sheets (HP gives one): quality low, interval 657-2,628 kg; the peers "
        "are a generic server of unstated socket count (Boavizta API 900 kg over 4 years without end of life, "
        "ADEME/Arcep 748 kg).",
        f"{URL_BOAVIZTA}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("server_2s", "use"): (
        "Both peers assume a heavily loaded server all year (400-536 W); the embedded value is the two-socket "
        "manufacturers' TEC (a median of 181 W, Dell sheets). Give annual_energy_kwh from the PDU or BMC, or the "
        "measured utilisation, when known.",
        f"{URL_BOAVIZTA}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("server_4s", "embodied"): (
        "Four populated sockets against the peers' generic server (its socket count is not stated): more "
        "processors, memory and power supplies; 3 Dell sheets, quality low, interval widened to -50 %/+100 %.",
        f"{URL_BOAVIZTA}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
}
# Peers that describe another product than the kind: listed in crosscheck.csv
# with comparable = no and the reason, never used as a plausibility bound.
NOT_COMPARABLE = {
    ("chromebook", "use"): (
        "The peers are a generic laptop drawing 26.5 W (ADEME/Arcep, 3 h a day) or 75 W (Boavizta API, 30 % of "
        "the year); a Chromebook's own ENERGY STAR TEC is 5-7 kWh a year (29 sheets), and the school profile "
        "keeps it on 1,260 h.", f"{URL_BOAVIZTA}; {URL_ESTAR_COMPUTERS}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    ("network_switch", "embodied"): (
        "ADEME/Arcep's 'switch' (367 kg) is a data-centre switch of the APL Datacenter model (1.468 per server), "
        "not a 24-48-port access switch; it is in the optional table datasets/optional/ademe-arcep-2022.",
        URL_ADEME),
    ("printer", "embodied"): (
        "ADEME/Arcep's 'imprimante' is a personal printer (60 W for 1 h a day, 21 kg of which half end of "
        "life); printer is an office laser printer (Lexmark's own PCF sheets).", f"{URL_ADEME}; {URL_BOAVIZTA}"),
    ("server_1s", "use"): (
        "Both peers are a heavily loaded dual-socket server all year (400-536 W); a one-socket server's own "
        "manufacturer TEC is a balanced median of 114 W (Dell and HP sheets), within the SPECpower range of "
        "one-chip servers.", f"{URL_BOAVIZTA}; {URL_SPECPOWER}; {URL_ADEME}; {URL_BOAVIZTA_API}"),
    **{(k, "embodied"): (
        "ADEME/Arcep's 'stockage' (144 kg, 6 W) is a data-centre storage unit of unstated capacity allocated per "
        "server, not one drive; Seagate's own enterprise-drive PCFs give 8-179 kg (embodied part).",
        f"{URL_ADEME}; {URL_BOAVIZTA}") for k in ("storage_hdd", "storage_ssd")},
}


# Server power at active idle and full load: published SPECpower_ssj2008
# results (spec.org), as compiled by Cloud Carbon Footprint's coefficients
# repository (Apache-2.0). Single-node results (a power supply not "Shared"
# by several nodes) published SPECPOWER_FROM_YEAR or later, by the number of
# processor chips; balanced across hardware vendors like the PCF sheets.
SPECPOWER_RAW = "specpower-ccf/SPECpower-2023-05-01.csv"
SPECPOWER_FROM_YEAR = 2017
# A result whose power supply is "Shared", or not described at all, is a
# multi-node system (blade frames such as HPE Synergy compute modules,
# Fujitsu CX multi-node, 4-node 2U chassis): left out, since its chips are
# spread over several servers.
MULTI_NODE_PSU = {"shared", ""}
# One name per vendor (the whole "Hardware Vendor" string as published).
SPECPOWER_VENDORS = {
    "Hewlett Packard Enterprise": "HPE", "Hewlett-Packard Company": "HPE", "Dell Inc.": "Dell",
    "Lenovo Global Technology": "Lenovo", "Fujitsu": "Fujitsu", "ASUSTeK Computer Inc.": "ASUS",
    "GIGA-BYTE TECHNOLOGY CO., LTD.": "Gigabyte", "GIGA-BYTE Technology Co., Ltd.": "Gigabyte",
    "Huawei Technologies Co., Ltd": "Huawei", "Inspur Corporation": "Inspur", "New H3C Technologies Co., Ltd.": "H3C",
    "Quanta Cloud Technology": "Quanta", "Quanta Computer Inc.": "Quanta", "Supermicro Inc": "Supermicro",
    "Supermicro Inc.": "Supermicro", "xFusion Digital Technologies Co., Ltd": "xFusion",
}
SERVER_SOCKETS = {v: k for k, v in SERVER_SOCKET_KINDS.items()}


def specpower_by_sockets(raw_dir: Path) -> tuple[dict[int, dict], bytes]:
    raw = (raw_dir / SPECPOWER_RAW).read_bytes()
    by_chips: dict[int, list[dict]] = {}
    for r in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        year = re.search(r"(?:19|20)\d\d", r["Published"])
        chips = fnum(r["Chips"])
        idle, full = fnum(r["avg. watts @ active idle"]), fnum(r["avg. watts @ 100%"])
        if (not year or int(year.group(0)) < SPECPOWER_FROM_YEAR or chips is None or not chips.is_integer()
                or int(chips) not in SERVER_SOCKET_KINDS
                or r["Power Supply Details"].strip().lower() in MULTI_NODE_PSU
                or idle is None or full is None or not 0 < idle < full):
            continue
        vendor = SPECPOWER_VENDORS.get(r["Hardware Vendor"].strip(), r["Hardware Vendor"].strip())
        by_chips.setdefault(int(chips), []).append(
            dict(manufacturer=vendor, idle=idle, full=full, year=int(year.group(0))))
    out = {}
    for n, results in by_chips.items():
        idle_b, full_b = balanced(results, "idle"), balanced(results, "full")
        out[n] = dict(idle=idle_b, full=full_b, results=len(results),
                      years=(min(x["year"] for x in results), max(x["year"] for x in results)))
    return out, raw


LOAD_COLUMNS = ["power_idle_w", "power_idle_w_low", "power_idle_w_high", "power_max_w", "power_max_w_low",
                "power_max_w_high", "utilisation_typical"]


def load_cells(load: dict | None) -> list[str]:
    if not load:
        return [""] * len(LOAD_COLUMNS)
    return [*(fmt(x, 1) for x in load["idle"]), *(fmt(x, 1) for x in load["full"]), fmt(load["u"], 3)]


def monotone_pools(groups: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Monitor size classes pooled so that their embodied centrals never fall
    as the screen grows: start from one pool per class (smallest first);
    while a pool's balanced median exceeds the next pool's, merge the two
    (pool-adjacent-violators). Returns kind -> the classes of its pool."""
    pools = [[k] for k in MONITOR_CLASSES if k in groups]

    def central(pool: list[str]) -> float:
        return balanced([s for k in pool for s in groups[k]], "embodied")["central"]

    merged = True
    while merged:
        merged = False
        for i in range(len(pools) - 1):
            if central(pools[i]) > central(pools[i + 1]):
                pools[i:i + 2] = [pools[i] + pools[i + 1]]
                merged = True
                break
    return {k: pool for pool in pools for k in pool}


def derive_archetypes(raw_dir: Path) -> tuple[dict[Path, bytes], dict]:
    rows, raw, dstats = load_boavizta(raw_dir)
    specpower, specpower_raw = specpower_by_sockets(raw_dir)
    groups: dict[str, list[dict]] = {}
    skipped_no_use = 0
    for r in rows:
        k = classify(r)
        if k is None:
            continue
        v = sheet_values(r)
        if v is None:
            skipped_no_use += 1
            continue
        v["row"] = r
        v["manufacturer"] = r["manufacturer"].strip()
        groups.setdefault(k, []).append(v)
        for extra in extra_kinds(r):
            groups.setdefault(extra, []).append(v)
    dstats["skipped_missing_use_ratio"] = skipped_no_use

    pooled_sheets = [s for k in END_USER_KINDS for s in groups.get(k, [])]
    pooled_shares = shares_of(pooled_sheets)
    n_pooled_shares = sum(1 for s in pooled_sheets if s["shares"] is not None)
    profiles = {p["profile"]: p for p in usage_profiles()}

    pool_of = monotone_pools(groups)
    result = {}
    for k in KINDS:
        if k not in groups:
            continue
        sh = groups[k]
        pool = pool_of.get(k, [k])
        emb_b = balanced([s for kk in pool for s in groups[kk]], "embodied")
        tec_b = balanced(sh, "tec")
        life_b = balanced(sh, "lifetime")
        shares = shares_of(sh)
        n_sh = sum(1 for s in sh if s["shares"] is not None)
        share_note = (f"phase shares are medians over the {n_sh} sheets with manufacturing, transport and "
                      f"end-of-life ratios" if shares else
                      f"phase shares are the pooled end-user-device medians ({n_pooled_shares} sheets) "
                      f"because {n_sh or 'no'} sheets of this kind give all three ratios")
        if shares is None:
            shares = pooled_shares
        q = quality_for(emb_b["sheets"], emb_b["manufacturers"], emb_b["top_share"])
        emb = (emb_b["central"], emb_b["low"], emb_b["high"])
        capacity = None
        if k in STORAGE_PER_TB:
            for sheet in sh:
                sheet["capacity_tb"] = capacity_tb_of(sheet["row"])
                sheet["per_tb"] = sheet["embodied"] / sheet["capacity_tb"]
            pt_b = balanced(sh, "per_tb")
            capacity = statistics.median(sheet["capacity_tb"] for sheet in sh)
            per_tb = (pt_b["central"], pt_b["low"], max(pt_b["high"], PEER_PER_TB[k]))
            emb = tuple(x * capacity for x in per_tb)
        if q == "low":
            emb = widen(*emb)
        manu_life = life_b["central"]
        life, life_basis = manu_life, "manufacturers"
        if k in OBSERVED_LIFESPAN:
            life, life_basis = OBSERVED_LIFESPAN[k][0], OBSERVED_LIFESPAN[k][1]
        tec = (tec_b["central"], tec_b["low"], tec_b["high"]) if tec_b else None
        profile = DEFAULT_PROFILE.get(k, "")
        power = None
        energy = tec
        energy_note = f"energy = balanced yearly_tec ({tec_b['sheets']} sheets, {tec_b['manufacturers']} manufacturers)"
        if k in DUTY and tec:
            d = DUTY[k]
            for sheet in sh:
                sheet["p_on"] = (on_power(sheet["tec"], d, energy_star_spec(sheet["row"]))
                                 if sheet["tec"] else None)
            pon_b = balanced(sh, "p_on")
            n_v8 = sum(1 for sheet in sh if sheet["p_on"] is not None and energy_star_spec(sheet["row"]) == "v8")
            p_on = (pon_b["central"], pon_b["low"], pon_b["high"])
            power = (p_on, d["p_sleep"], d["p_off"])
            pr = profiles[profile]
            energy = tuple(profile_energy(pr, p, d["p_sleep"], d["p_off"]) for p in p_on)
            energy_note = (f"energy = '{profile}' profile ({fmt(pr['on'], 0)} h on, {fmt(pr['sleep'], 0)} h asleep, "
                           f"{fmt(pr['off'], 0)} h off) x power per mode; on-mode power {fmt(p_on[0], 1)} W, "
                           f"back-solved per sheet from its ENERGY STAR yearly_tec with the duty cycle of its "
                           f"specification ({n_v8} of {pon_b['sheets']} sheets dated {V8_FROM_YEAR} or later under "
                           f"Computers v8.0, the rest v6/v7{'; displays: one weighting' if d['family'] == 'display' else ''}), "
                           f"then balanced ({pon_b['manufacturers']} manufacturers); sleep {d['p_sleep']} W, off "
                           f"{d['p_off']} W")
        elif profile == "always_on" and tec:
            power = (tuple(t * 1000 / HOURS_PER_YEAR for t in tec), None, None)
        load = None
        if k in SERVER_SOCKETS and tec and SERVER_SOCKETS[k] in specpower:
            sp = specpower[SERVER_SOCKETS[k]]
            i_b, f_b = sp["idle"], sp["full"]
            typical_w = tec[0] * 1000 / HOURS_PER_YEAR
            u = min(max((typical_w - i_b["central"]) / (f_b["central"] - i_b["central"]), 0.0), 1.0)
            load = dict(idle=(i_b["central"], i_b["low"], i_b["high"]), full=(f_b["central"], f_b["low"], f_b["high"]),
                        u=u)
            energy_note += (f"; power at active idle {fmt(i_b['central'], 1)} W and at full load "
                            f"{fmt(f_b['central'], 1)} W = balanced SPECpower_ssj2008 results with {SERVER_SOCKETS[k]} "
                            f"chip(s), single node, published {sp['years'][0]}-{sp['years'][1]} ({sp['results']} "
                            f"results, {i_b['manufacturers']} vendors, largest {i_b['top']} {i_b['top_share']:.0%}); "
                            f"the manufacturers' typical {fmt(typical_w, 1)} W then sits at utilisation "
                            f"{fmt(u, 2)} on the linear model idle + u x (full - idle)")
        who = (f"{emb_b['sheets']} sheets from {emb_b['manufacturers']} manufacturers (largest: {emb_b['top']}, "
               f"{emb_b['top_share']:.0%})")
        if len(pool) > 1:
            who += (f"; embodied POOLED over the size classes {' + '.join(pool)} (their own balanced medians were not "
                    f"monotonic in screen size, so adjacent classes are pooled until each class is at least as "
                    f"heavy as the one below)")
        method = (f"Boavizta sheets classified as this kind, embodied = gwp_total x (1 - gwp_use_ratio) per sheet; "
                  f"balanced: median per manufacturer, then median across the {emb_b['counted']} manufacturers with "
                  f"at least {MIN_SHEETS_PER_MANUFACTURER} sheets, interval = the wider of the sheets' p10/p90 and the "
                  f"range of manufacturer medians; {who}; {energy_note}; lifespan "
                  f"{'balanced median of the manufacturers lifetime assumptions' if life_basis == 'manufacturers' else life_basis + ' (see source)'}; "
                  f"{share_note}.")
        source = BOAVIZTA_CITATION
        if k in ("printer", "multifunction_printer"):
            method = (f"Lexmark PCF sheets ({emb_b['sheets']}; {'MB/MC/MX/CX' if k == 'multifunction_printer' else 'B/C'} "
                      f"models): their use phase (94-99 % of the total) includes paper and toner, so embodied = "
                      f"gwp_total x (1 - gwp_use_ratio) is read as the device's own manufacture, transport and end of "
                      f"life; median and min/max widened by 25 %, at least -50 %/+100 %; energy = yearly_tec (an "
                      f"ENERGY STAR typical-week TEC of office imaging equipment); single manufacturer so quality "
                      f"low; {share_note}.")
        if k == "chromebook":
            method = method.replace("Boavizta sheets classified as this kind",
                                    "Boavizta Laptop sheets whose name contains 'Chromebook' (plus 2 Dell "
                                    "Chromebook 3100 sheets filed under Desktop upstream)")
        if k == "rack_server":
            method = method.replace("Boavizta sheets classified as this kind",
                                    "Boavizta Datacenter/Server sheets (rack, tower and blade models)")
        if k in SERVER_SOCKET_KINDS.values():
            n_sock = k[len("server_"):-1]
            method = method.replace("Boavizta sheets classified as this kind",
                                    f"Boavizta Datacenter/Server sheets whose assessed configuration has {n_sock} "
                                    f"processor socket(s) populated (number_cpu = {n_sock}; Lenovo's sheets give no "
                                    f"number_cpu and count only in rack_server)")
        if k == "storage_array":
            method = method.replace("Boavizta sheets classified as this kind",
                                    "Boavizta Datacenter SAN/NAS sheet (one: Seagate OneStor SP2584, a 5U 84-bay "
                                    "storage platform; the data do not say which drives were fitted, its 14,800 "
                                    "kWh/year (1.7 kW) suggests a populated enclosure)")
        if k in ("storage_hdd", "storage_ssd"):
            method = method.replace("Boavizta sheets classified as this kind",
                                    f"Boavizta Datacenter 'Hard drive' sheets whose name marks "
                                    f"{'a solid-state drive (SSD, Nytro, Nitro, Pulsar)' if k == 'storage_ssd' else 'a hard disk drive (no SSD mark)'}")
        if k in OBSERVED_LIFESPAN:
            source = f"{source}; lifespan: {OBSERVED_LIFESPAN[k][2]}"
        if load:
            source = (f"{source}; load model (power_idle_w, power_max_w, and the energy of a row that gives its "
                      f"utilisation): SPEC SPECpower_ssj2008 published results, as compiled by Cloud Carbon "
                      f"Footprint (cloud-carbon-coefficients, Apache-2.0)")
        if k in DUTY:
            source = (f"{source}; duty cycle: ENERGY STAR Program Requirements for Computers v6/v7 and v8.0 "
                      f"(per sheet date) / Displays (US EPA, public domain); usage profile: "
                      f"datasets/data/empreinte-usage-profiles")
        if capacity is not None:
            method += (f" PER CAPACITY (issue 18): embodied per TB = each sheet's embodied / its capacity (read from "
                       f"its name, {fmt(min(x['capacity_tb'] for x in sh), 2)}-{fmt(max(x['capacity_tb'] for x in sh), 2)} "
                       f"TB), balanced: {fmt(pt_b['central'], 2)} kg/TB (sheets {fmt(min(x['per_tb'] for x in sh), 2)}-"
                       f"{fmt(max(x['per_tb'] for x in sh), 2)}); the default is a drive of the sheets' median capacity, "
                       f"capacity_tb = {fmt(capacity, 2)} TB (embodied_gwp_kgco2e = per TB x capacity_tb); an inventory "
                       f"row's capacity_tb scales it. The high bound reaches {fmt(PEER_PER_TB[k], 0)} kg/TB, Tannu and "
                       f"Nair's figure from 94 SSD and 24 HDD LCAs, {fmt(PEER_PER_TB[k] / pt_b['central'], 0)}x the "
                       f"manufacturers' balanced figure: the two disagree, and the interval says so.")
            source += ("; per-TB high bound: Tannu and Nair, 'The Dirty Secret of SSDs: Embodied Carbon', HotCarbon "
                       "2022 (ACM SIGENERGY Energy Informatics Review 2023), about 0.16 kg CO2e/GB of SSD and about "
                       "20 kg/TB of HDD, https://hotcarbon.org/assets/2022/pdf/hotcarbon22-tannu.pdf")
        result[k] = dict(basis="manufacturer", pool=pool, capacity=capacity, life=life, manu_life=manu_life, life_basis=life_basis,
                         energy=energy, emb=emb,
                         shares=shares, n=emb_b["sheets"], manufacturers=emb_b["manufacturers"],
                         top_share=emb_b["top_share"], q=q, method=method, source=source, profile=profile,
                         power=power, tec=tec, pooled_emb=emb_b["pooled_median"], load=load)

    # ---- proxies and cited estimates -------------------------------------
    home = groups["_home_wifi"]
    c, lo, hi = widen(*interval([s["embodied"] for s in home]))
    home_w = statistics.median([s["tec"] for s in home if s["tec"]]) * 1000 / HOURS_PER_YEAR
    ap_w = (AP_POWER_W, AP_POWER_W_LOW, AP_POWER_W_HIGH)
    ap_life = statistics.median([s["lifetime"] for s in home])
    result["wifi_access_point"] = dict(
        basis="estimate", life=ap_life, manu_life=ap_life, life_basis="manufacturers",
        energy=tuple(w * HOURS_PER_YEAR / 1000 for w in ap_w), emb=(c, lo, hi),
        shares=shares_of(home) or pooled_shares, n=len(home), manufacturers=1, top_share=1.0, q="low",
        profile="always_on", power=(ap_w, None, None),
        method=(f"ESTIMATE: embodied = PROXY, the median of Boavizta Home/Network Wi-Fi router sheets ({len(home)}, "
                f"Google Wifi / Nest Wifi) standing in for an enterprise access point, interval widened to at least "
                f"-50 %/+100 %; no open PCF of an enterprise PoE access point was found. Power = ENGINEERING "
                f"ESTIMATE {fmt(AP_POWER_W, 0)} W ({fmt(AP_POWER_W_LOW, 0)}-{fmt(AP_POWER_W_HIGH, 1)} W) all year: an "
                f"enterprise PoE access point draws 10-25 W (IEEE 802.3af class 3 allows 12.95 W at the device, "
                f"802.3at class 4 25.5 W), not the {fmt(home_w, 1)} W of the home units (2027.1 used theirs)."),
        source=(f"{BOAVIZTA_CITATION} (proxy, embodied and lifespan); IEEE 802.3af/at PoE classes (power); "
                f"empreinte engineering estimate"))

    proj = result["monitor_22_24"]
    # Ericsson Research representative PC display = 100 kgCO2e as central; low -50 %;
    # high = the pooled Boavizta 22-24.9 in sheet median (monitors carry an LCD panel a projector lacks).
    c, lo, hi = widen(100.0, 100.0, max(proj["pooled_emb"], 200.0))
    # 250 W on-mode x 4 h/day x 180 school days (engineering estimate)
    proj_kwh = 250 * 4 * 180 / 1000
    result["projector"] = dict(
        life=proj["manu_life"], manu_life=proj["manu_life"], life_basis="manufacturers",
        energy=widen(proj_kwh, proj_kwh, proj_kwh), emb=(c, lo, hi),
        shares=pooled_shares, n=0, manufacturers=0, top_share=0.0, q="low", profile="", power=None, basis="estimate",
        method=("ESTIMATE (proxy + engineering estimate): no open projector PCF found; embodied central = "
                "Ericsson Research representative PC display (100 kgCO2e), low -50 %, high = the median of all "
                "Boavizta 22-24.9 in monitor sheets (a projector has no large LCD panel); lifespan from "
                "monitor_22_24 manufacturers; energy = 250 W x 4 h/day x 180 school days = 180 kWh "
                "(-50 %/+100 %); phase shares pooled."),
        source=("Ericsson Research embodied-carbon brief (PC display 100 kgCO2e, proxy); Boavizta monitor "
                "22-24.9 in sheets (ODbL 1.0) for the high bound and lifespan; empreinte engineering estimate"))

    net_max = max(s["embodied"] for s in home)
    srv_min = min(s["embodied"] for s in groups["rack_server"])
    sw_c = math.sqrt(net_max * srv_min)
    sw_w = statistics.median(SWITCH_IDLE_W)
    result["network_switch"] = dict(
        life=6.0, manu_life=6.0, life_basis="estimate",
        energy=(sw_w * HOURS_PER_YEAR / 1000, min(SWITCH_IDLE_W) * HOURS_PER_YEAR / 1000,
                max(SWITCH_IDLE_W) * HOURS_PER_YEAR / 1000),
        emb=(sw_c, net_max, srv_min), shares=pooled_shares, n=0, manufacturers=0, top_share=0.0, q="low",
        basis="estimate",
        profile="always_on", power=((sw_w, min(SWITCH_IDLE_W), max(SWITCH_IDLE_W)), None, None),
        method=(f"ESTIMATE (engineering estimate; no open access-switch PCF found): embodied bracketed by the largest Boavizta Wi-Fi router "
                f"({fmt(net_max, 1)} kg) and the smallest Boavizta server ({fmt(srv_min, 1)} kg), central = "
                f"their geometric mean; energy = 8760 h x measured idle power of {len(SWITCH_IDLE_W)} 24/48-port "
                f"switches (median {fmt(sw_w, 1)} W, range {min(SWITCH_IDLE_W)}-{max(SWITCH_IDLE_W)} W, PoE "
                f"load excluded); lifespan 6 years is an estimate; shares pooled."),
        source=("empreinte engineering estimate bounded by Boavizta (ODbL 1.0); power: adlerweb/SwitchPower; "
                "lifespan: 6 years, an empreinte estimate (no survey of access-switch service lives found)"))

    ip_c = 30.0
    ip_w = 3.0
    result["ip_phone"] = dict(
        life=7.0, manu_life=7.0, life_basis="estimate",
        energy=widen(ip_w * HOURS_PER_YEAR / 1000, 1.5 * HOURS_PER_YEAR / 1000, 6.0 * HOURS_PER_YEAR / 1000),
        emb=widen(ip_c, ip_c, ip_c), shares=pooled_shares, n=0, manufacturers=0, top_share=0.0, q="low",
        basis="estimate",
        profile="always_on", power=((ip_w, 1.5, 6.0), None, None),
        method=("ESTIMATE (proxy + engineering estimate): no open IP-phone PCF found; embodied = Ericsson Research's "
                "representative 30 kgCO2e for customer premises equipment (small mains/PoE device with one "
                "board and a plastic housing), interval -50 %/+100 %; energy = 3 W (1.5-6 W, PoE class 1-2) "
                "x 8760 h; lifespan 7 years is an estimate; shares pooled."),
        source=("Ericsson Research embodied-carbon brief (CPE 30 kgCO2e, proxy); IEEE 802.3af PoE classes; empreinte "
                "engineering estimate; lifespan: 7 years, an empreinte estimate (no survey of desk-phone service "
                "lives found)"))

    out_rows = []
    for k in KINDS:
        a = result[k]
        e = a["energy"]
        pw = a["power"]
        p_on = pw[0] if pw else None
        out_rows.append([
            k, LABELS[k], fmt(a["life"], 2),
            fmt(e[0], 2) if e else "", fmt(e[1], 2) if e else "", fmt(e[2], 2) if e else "",
            fmt(a["emb"][0], 1), fmt(a["emb"][1], 1), fmt(a["emb"][2], 1),
            *round_shares(a["shares"]), str(a["n"]), a["q"], a["method"], a["source"],
            str(a["manufacturers"]), fmt(a["top_share"], 3), fmt(a["manu_life"], 2), a["life_basis"],
            a["profile"],
            fmt(p_on[0], 2) if p_on else "", fmt(p_on[1], 2) if p_on else "", fmt(p_on[2], 2) if p_on else "",
            fmt(pw[1], 2) if pw and pw[1] is not None else "", fmt(pw[2], 2) if pw and pw[2] is not None else "",
            *load_cells(a.get("load")), a["basis"],
            fmt(a["capacity"], 2) if a.get("capacity") else "",
        ])
    header = ["kind", "label", "lifespan_years", "annual_energy_kwh", "annual_energy_kwh_low",
              "annual_energy_kwh_high", "embodied_gwp_kgco2e", "embodied_gwp_kgco2e_low",
              "embodied_gwp_kgco2e_high", "share_manufacture", "share_transport", "share_end_of_life",
              "sample_size", "quality", "method", "source", "manufacturers", "top_manufacturer_share",
              "manufacturer_lifespan_years", "lifespan_basis", "usage_profile", "power_on_w", "power_on_w_low",
              "power_on_w_high", "power_sleep_w", "power_off_w", *LOAD_COLUMNS, "basis", "capacity_tb"]
    data = csv_bytes(header, out_rows)

    src = dict(SOURCES)
    src.update(EXTRA_SOURCES)
    src_lines = "\n".join(
        f"[sources.{key}]\ncitation = {toml_str(cit)}\nurl = {toml_str(url)}\n" for key, (cit, url) in src.items())
    toml = f"""# Generated by datasets/derive.py -- do not edit by hand.
id = "empreinte-archetypes"
edition = "{ARCH_EDITION}"
title = "Device archetypes: embodied GWP (all phases except use), lifespan and yearly electricity per device kind"
publisher = "empreinte contributors"
url = "https://github.com/Boavizta/environmental-footprint-data"
licence = "ODbL 1.0"
licence_url = "https://opendatacommons.org/licenses/odbl/1-0/"
attribution = "Boavizta environmental-footprint-data; SPECpower_ssj2008 results (SPEC) as compiled by Cloud Carbon Footprint; empreinte contributors"
retrieved = "2025"
raw_file = "{RAW_PREFIX}{BOAVIZTA_RAW}"
raw_sha256 = "{sha256_bytes(raw)}"
specpower_raw_file = "{RAW_PREFIX}{SPECPOWER_RAW}"
specpower_raw_sha256 = "{sha256_bytes(specpower_raw)}"
file = "archetypes.csv"
sha256 = "{sha256_bytes(data)}"
rows = {len(out_rows)}
previous_edition = "{PREVIOUS_ARCH_EDITION}"
notes = \"\"\"Derived from an ODbL database (Boavizta), so the derived table is ODbL 1.0 too (contents DbCL 1.0). \\
Boavizta rows: {dstats['raw_rows']} raw, {dstats['exact_duplicates']} exact duplicates removed, \\
{dstats['same_data_duplicates']} more removed as identical on every data column (differing only in \\
sources/added_date/add_method/report_date/comment), {dstats['dedup_rows']} kept; \\
{dstats['skipped_missing_use_ratio']} classified sheets without gwp_use_ratio skipped. \\
Embodied = gwp_total x (1 - gwp_use_ratio) per sheet. BALANCED (new in 2026.12): median per manufacturer, then \\
median across manufacturers with at least {MIN_SHEETS_PER_MANUFACTURER} sheets; interval = the wider of the sheets' \\
p10/p90 (under 10 sheets: min x 0.75, max x 1.25) and the range of manufacturer medians; the same for yearly_tec and \\
lifetime. Quality: high = at least 30 sheets from at least 3 manufacturers, none above 50 %; medium = at least 5 \\
sheets from at least 2 manufacturers, none above 80 %; else low (interval widened to at least -50 %/+100 %). \\
Lifespan: observed first-use service lives where a cited study exists (lifespan_basis = observed), else the \\
balanced manufacturers' assumption; manufacturer_lifespan_years always keeps the latter. Office devices: \\
annual_energy_kwh = a usage profile (usage_profile, from empreinte-usage-profiles {ARCH_EDITION}) x power per \\
mode, the on-mode power back-solved per sheet from its ENERGY STAR yearly_tec with the mode weighting of the \\
specification its report year implies (v6/v7 up to {V8_FROM_YEAR - 1}, v8.0 from {V8_FROM_YEAR}; new in 2027.1), then \\
balanced. Data-centre kinds (new in 2027.1): server_1s/2s/4s = the Datacenter/Server sheets by populated sockets \\
(number_cpu), with a load model (power_idle_w, power_max_w) from SPECpower_ssj2008 results ({RAW_PREFIX}{SPECPOWER_RAW}, \\
single-node, published {SPECPOWER_FROM_YEAR} or later, balanced across vendors) and utilisation_typical solved so that \\
the line meets the manufacturers' typical power (by construction, informative); storage_array, storage_hdd, \\
storage_ssd = the SAN/NAS and drive sheets (quality low). Phase shares: median of per-sheet manufacturing/transport/eol ratios renormalised to their sum, only sheets \\
giving all three (Dell sheets with transport = eol = 0 exactly are treated as not reporting them); kinds with \\
fewer than {MIN_SHARE_SHEETS} such sheets use the pooled end-user-device medians; rounded to 4 decimals, \\
largest adjusted so the three sum to exactly 1. Boavizta warns its data give orders of magnitude, not \\
accurate evaluations. projector, network_switch, ip_phone and wifi_access_point are proxies or engineering \\
estimates (quality low, intervals at least -50 %/+100 %); see each row's method and [sources]. \\
datasets/crosscheck.csv compares every central value with ADEME/Arcep 2022 and Boavizta API 2.5.0. \
New in 2027.2 (issue 18): desktop_all_in_one and display_large kinds; {len(MISFILED_NOTEBOOK_SEEN)} Dell notebooks filed \
upstream as desktops left out; monitor size classes pooled until monotonic; desk displays on the 'display' usage \
profile (ENERGY STAR display duty cycle) and the workstation's lifespan; basis column (manufacturer, observed, \
estimate); storage drives per TB (capacity_tb); laptop lifespan 4 y; access point power 12 W (PoE).\"\"\"

[columns]
kind = "device kind id (stable, snake_case)"
label = "human-readable label"
lifespan_years = "default service life, years (observed where lifespan_basis = observed)"
annual_energy_kwh = "electricity per device per year, kWh/year (central), under usage_profile when one is named"
annual_energy_kwh_low = "kWh/year, low bound"
annual_energy_kwh_high = "kWh/year, high bound"
embodied_gwp_kgco2e = "GWP of manufacture + transport + end of life per device, kgCO2e (central)"
embodied_gwp_kgco2e_low = "kgCO2e, low bound"
embodied_gwp_kgco2e_high = "kgCO2e, high bound"
share_manufacture = "fraction of embodied_gwp_kgco2e from manufacture (0-1)"
share_transport = "fraction of embodied_gwp_kgco2e from transport (0-1)"
share_end_of_life = "fraction of embodied_gwp_kgco2e from end of life (0-1); the three shares sum to 1"
sample_size = "number of distinct Boavizta PCF sheets (deduplicated rows) used; 0 when no Boavizta sheet of this kind"
quality = "high | medium | low, computed from sheets, manufacturers and the largest manufacturer's share"
method = "one sentence on how the row was derived"
source = "citation"
manufacturers = "number of manufacturers among the sheets (0 when no sheet)"
top_manufacturer_share = "share of the sheets from the largest manufacturer (0-1; 0 when no sheet)"
manufacturer_lifespan_years = "the manufacturers' lifetime assumption (balanced median), years, kept for comparison"
lifespan_basis = "observed | manufacturers | estimate"
usage_profile = "usage profile behind annual_energy_kwh (empreinte-usage-profiles), empty when the energy is a test or estimate figure"
power_on_w = "power when on (idle/active office use), W; empty when unknown"
power_on_w_low = "W, low bound"
power_on_w_high = "W, high bound"
power_sleep_w = "power asleep, W (empty: treated as the on-mode power)"
power_off_w = "power off but plugged in, W (empty: treated as the on-mode power)"
power_idle_w = "servers: power at active idle, W (balanced SPECpower_ssj2008 results; low/high bounds follow)"
power_idle_w_low = "W, low bound"
power_idle_w_high = "W, high bound"
power_max_w = "servers: power at 100 % load, W (balanced SPECpower_ssj2008 results; low/high bounds follow)"
power_max_w_low = "W, low bound"
power_max_w_high = "W, high bound"
utilisation_typical = "servers: utilisation (0-1) at which idle + u x (max - idle) gives the manufacturers' typical power (annual_energy_kwh / 8,760 h)"
capacity_tb = "storage: capacity of the device the embodied values describe, TB (footprint per TB = embodied_gwp_kgco2e / capacity_tb); an inventory row's capacity_tb scales the embodied footprint; empty for other kinds"
basis = "what the embodied and energy values rest on: manufacturer (manufacturers' PCF sheets), observed (measurements) or estimate (proxy or engineering estimate: an official report may exclude or flag it)"

{src_lines}"""
    files = {ARCH_DIR / "archetypes.csv": data, ARCH_DIR / "SOURCE.toml": toml.encode("utf-8")}
    files.update(derive_profiles())
    return files, {"rows": rows, "result": result, "groups": groups}


EXTRA_SOURCES = {
    "specpower": ("SPEC SPECpower_ssj2008 published results (average watts at active idle and at 100 % target "
                  "load, chips, publication date), https://www.spec.org/power_ssj2008/results/, as compiled in "
                  "Cloud Carbon Footprint's cloud-carbon-coefficients repository (data/SPECpower-2023-05-01.csv, "
                  "Apache-2.0); numbers are published facts, cited",
                  "https://github.com/cloud-carbon-footprint/cloud-carbon-coefficients"),
    "energy_star_computers": ("US EPA ENERGY STAR Program Requirements for Computers: typical energy consumption "
                              "(TEC) mode weightings (off, sleep, long idle, short idle). v6.x/v7.x: desktops "
                              "45/5/15/35 %, notebooks and thin clients 25/35/10/30 %; v8.0 (from the second half of "
                              "2020): desktops 15/45/10/30 %, notebooks 25/35/10/30 %, thin clients 45/5/15/35 %. "
                              "US government work, public domain. The primary tables could not be retrieved offline: "
                              "the weightings were read as implemented in Canonical's ENERGY STAR calculator "
                              "energy-tools (energystar60.py, energystar70.py, and energystar80.py, which that tool "
                              "labels 'Energy Star 8 draft 2'; its thin-client rule for v6/v7 differs between "
                              "versions of the tool); facts cited, no code used. The final v8.0 specification and "
                              "the v6.1/v7.1 thin-client weighting are still to be checked against EPA's text. A "
                              "sheet's report year stands for its certification version (a 2021 sheet may be of a "
                              "v7.1 product)",
                              "https://www.energystar.gov/products/office_equipment/computers"),
    "energy_star_displays": ("US EPA ENERGY STAR Displays key product criteria: E_TEC = 8.76 x (0.35 x P_ON + "
                             "0.65 x P_SLEEP) kWh; public domain",
                             "https://www.energystar.gov/products/office_equipment/displays/displays_key_product_criteria"),
    "ecodesign_caps": ("Commission Regulation (EU) No 617/2013 (computers) and (EU) 2019/2021 (electronic "
                       "displays): caps on off-mode and sleep/standby power, below which the sleep and off powers "
                       "used here lie", "https://eur-lex.europa.eu/eli/reg/2013/617/oj"),
    "babbitt2009": ("Babbitt, Kahhat, Williams, Babbitt (2009), 'Evolution of product lifespan and implications for "
                    "environmental assessment and management: a case study of personal computers in higher "
                    "education', Environ. Sci. Technol. 43(13):5106-5112: mean PC lifespan (purchase to disposal) "
                    "5.5 years for PCs bought in 2000", "https://doi.org/10.1021/es803542k"),
    "nao2007": ("UK National Audit Office, 'Improving the disposal of public sector Information, Communication "
                "and Technology Equipment', report by the Comptroller and Auditor General, HC 531, session 2006-07, "
                "31 July 2007: public bodies replace ICT equipment at around five years (executive summary)",
                "http://www.nao.org.uk/publications/nao_reports/06-07/0607531es.pdf"),
    "uptime2020": ("Uptime Institute Global Data Center Survey 2020: the most common time between server "
                   "refreshes is five years (three years in 2015), as reported by ITAD Summit, 'Analyzing hardware "
                   "refresh cycles in the data center 2020'",
                   "https://www.itadsummit.com/index.php/itad-blog-analyzing-hardware-refresh-cycles-in-the-data-center-2020/"),
    "uptime2022": ("Uptime Institute Global Data Center Survey 2022 (12th annual survey): average annual PUE 1.55 "
                   "(1.57 in 2021); the Global Data Center Survey 2023 (UII keynote report 106, July 2023) reports "
                   "1.58, flat for four years",
                   "https://intelligence.uptimeinstitute.com/index.php/resource/uptime-institute-global-data-center-survey-2023"),
    "cetinkaya2021": ("Cetinkaya, Woidasky (2021), 'Laptop use patterns research on product lifetime and "
                      "obsolescence aspects' (surveys 2015 and 2018): actual use about 80 % of an expected life "
                      "above 5 years", "https://depositonce.tu-berlin.de/handle/11303/17521"),
    "avob2011": ("AVOB (2011) energy audits of about 50 companies in 6 countries: 40 % of workplace PCs left on "
                 "at night, 26 % over weekends (reported by blog.economie-numerique.net, 31 Jan 2011)",
                 "https://blog.economie-numerique.net/2011/01/31/40-des-ordinateurs-allumes-24-heures-sur-24/"),
    "slac2011": ("SLAC Today (2011), 'Computer power awareness': over 70 % of about 400 desktops observed powered "
                 "on after working hours", "http://today.slac.stanford.edu/feature/2011/energy2-computers.asp"),
}


def derive_profiles() -> dict[Path, bytes]:
    rows = [[p["profile"], p["label"], fmt(p["on"], 1), fmt(p["sleep"], 1), fmt(p["off"], 1), p["method"],
             p["source"]] for p in usage_profiles()]
    header = ["profile", "label", "hours_on", "hours_sleep", "hours_off", "method", "source"]
    data = csv_bytes(header, rows)
    toml = f"""# Generated by datasets/derive.py -- do not edit by hand.
id = "empreinte-usage-profiles"
edition = "{ARCH_EDITION}"
title = "Usage profiles: hours per year on, asleep and off (office, school, always on)"
publisher = "empreinte contributors"
url = "datasets/derive.py (usage_profiles)"
licence = "CC0 1.0"
licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
attribution = "empreinte contributors"
retrieved = "2026-11"
file = "usage_profiles.csv"
sha256 = "{sha256_bytes(data)}"
rows = {len(rows)}
notes = \"\"\"The hours of each profile sum to 8,760. A device row that names a usage_profile and gives no \\
annual_energy_kwh uses hours_on x power_on_w + hours_sleep x power_sleep_w + hours_off x power_off_w of its kind \\
(empreinte-archetypes {ARCH_EDITION}). Change these hours (in datasets/derive.py) to fit an organisation: a school \\
Chromebook is not on like a town-hall desktop.\"\"\"

[columns]
profile = "profile id (stable, snake_case)"
label = "human-readable label"
hours_on = "hours per year on (active or idle), h"
hours_sleep = "hours per year asleep, h"
hours_off = "hours per year off but plugged in, h"
method = "how the hours were set"
source = "citation"
"""
    return {PROFILES_DIR / "usage_profiles.csv": data, PROFILES_DIR / "SOURCE.toml": toml.encode("utf-8")}


# --------------------------------------------------------------------------
# 2b. cross-checks (ADEME/Arcep 2022, Boavizta API 2.5.0): facts, never defaults
# --------------------------------------------------------------------------
ADEME_CITE = "ADEME/Arcep 2022 (NegaOctet), @incubateur-ademe/publicodes-acv-numerique 2.1.0"
BOAVIZTA_API_CITE = "Boavizta API 2.5.0"
# kind -> (ADEME item, Boavizta API item); a tuple of items is a sum (an
# all-in-one = a desktop + a monitor).
CROSSCHECK_ITEMS = {
    "laptop": ("laptop", "laptop"), "desktop": ("desktop_office", "desktop"),
    "desktop_all_in_one": (("desktop_office", "monitor"), ("desktop", "monitor")),
    "chromebook": ("laptop", "laptop"),
    "monitor_lt22": ("monitor", "monitor"), "monitor_22_24": ("monitor", "monitor"),
    "monitor_25_27": ("monitor", "monitor"), "monitor_28_plus": ("monitor", "monitor"),
    "display_large": ("monitor", "monitor"),
    "tablet": ("tablet", "tablet"), "smartphone": ("smartphone", "smartphone"),
    "printer": ("printer", None), "rack_server": ("server", "server"), "network_switch": ("switch", None),
    "server_1s": ("server", "server"), "server_2s": ("server", "server"), "server_4s": ("server", "server"),
    "storage_hdd": ("storage", None), "storage_ssd": ("storage", None),
}
# Kinds with no peer value in either source (said in datasets/README.md).
NO_PEER = ["thin_client", "projector", "wifi_access_point", "ip_phone", "storage_array", "multifunction_printer"]
# The peers' monitor is a 24-inch average (ADEME Base Empreinte); a size class
# is compared with it scaled by screen area to the class's median diagonal.
PEER_MONITOR_IN = 24.0
PLAUSIBLE = (1 / 3, 3.0)  # a comparable row outside it fails derive.py --check, whatever its text


def read_values(path: Path) -> dict[tuple[str, str], float]:
    with path.open(encoding="utf-8", newline="") as f:
        return {(r["item"], r["quantity"]): float(r["value"]) for r in csv.DictReader(f)}


def derive_crosscheck(raw_dir: Path, arch: dict) -> dict[Path, bytes]:
    ademe = read_values(raw_dir / CROSSCHECK_RAW[0])
    bz = read_values(raw_dir / CROSSCHECK_RAW[1])
    days = ademe[("common", "days_per_year")]

    def items(x):
        return x if isinstance(x, tuple) else (x,)

    def a_emb_of(i):
        if (i, "construction") in ademe:
            return ademe[(i, "construction")] / 1000
        return sum(ademe[(i, q)] for q in ("manufacture", "distribution", "end_of_life")) / 1000

    def a_use_of(i):
        return ademe[(i, "power_active")] * ademe[(i, "hours_per_day")] * days / 1000

    out = []
    for kind, (ai, bi) in CROSSCHECK_ITEMS.items():
        a = arch["result"][kind]
        jkind = "server" if kind == "rack_server" else kind
        scale, scale_note = 1.0, ""
        if kind in MONITOR_CLASSES:
            size = statistics.median(fnum(s["row"]["screen_size"]) for kk in a["pool"] for s in arch["groups"][kk])
            scale = (size / PEER_MONITOR_IN) ** 2
            scale_note = f"peers x {fmt(scale, 3)} (area of {fmt(size, 1)} in / {fmt(PEER_MONITOR_IN, 0)} in)"
        a_emb = sum(a_emb_of(i) for i in items(ai)) * scale
        b_emb = None
        if bi:
            b_emb = 0.0
            for i in items(bi):
                v = bz[(i, "embedded_gwp")]
                b_emb += v
            b_emb *= scale
        a_use = (sum(a_use_of(i) for i in items(ai)) if all((i, "power_active") in ademe for i in items(ai))
                 else None)
        b_use = (sum(bz[(i, "avg_power")] * bz[(i, "use_time_ratio")] * HOURS_PER_YEAR / 1000 for i in items(bi))
                 if bi else None)
        first_a, first_b = items(ai)[0], (items(bi)[0] if bi else None)
        a_life = ademe.get((first_a, "lifespan"))
        b_life = bz[(first_b, "hours_life_time")] / HOURS_PER_YEAR if first_b else None
        e = a["energy"]
        for phase, unit, mine, av, bv in (
                ("embodied", "kgCO2e", a["emb"][0], a_emb, b_emb),
                ("use", "kWh/year", e[0] if e else None, a_use, b_use),
                ("lifespan", "years", a["life"], a_life, b_life)):
            peers = [x for x in (av, bv) if x is not None]
            if mine is None or not peers:
                continue
            med = statistics.median(peers)
            ratio = mine / med
            nearest = min(peers, key=lambda x: abs(math.log(mine / x)))
            comparable = (jkind, phase) not in NOT_COMPARABLE and (kind, phase) not in NOT_COMPARABLE
            if comparable:
                text, cites = justify(jkind, phase) if not 0.5 <= ratio <= 2.0 else ("", "")
                if not PLAUSIBLE[0] <= mine / nearest <= PLAUSIBLE[1]:
                    raise SystemExit(f"crosscheck: {kind} {phase} {fmt(mine, 2)} is {fmt(mine / nearest, 2)}x its "
                                     f"nearest cross-check value {fmt(nearest, 2)}, outside [1/3x, 3x]")
                if not 0.5 <= ratio <= 2.0 and not (len(text) >= 40 and "http" in cites):
                    raise SystemExit(f"crosscheck: {kind} {phase} is {fmt(ratio, 2)}x the median without a "
                                     f"justification citing its sources")
            else:
                text, cites = NOT_COMPARABLE.get((kind, phase)) or NOT_COMPARABLE[(jkind, phase)]
            scaled = scale_note if phase == "embodied" else ""
            out.append([kind, phase, unit, fmt(mine, 2), fmt(av, 2), fmt(bv, 2), fmt(med, 2), fmt(ratio, 3),
                        fmt(mine / nearest, 3), "yes" if 0.5 <= ratio <= 2.0 else "no",
                        "yes" if comparable else "no", scaled, text, cites,
                        ADEME_CITE if av is not None else "", BOAVIZTA_API_CITE if bv is not None else ""])
    header = ["kind", "phase", "unit", "embedded", "ademe_arcep_2022", "boavizta_api_2_5_0", "crosscheck_median",
              "ratio", "ratio_to_nearest", "within_half_to_double", "comparable", "peer_scaling", "justification",
              "justification_sources", "ademe_source", "boavizta_source"]
    return {CROSSCHECK_FILE: csv_bytes(header, out)}


# --------------------------------------------------------------------------
# 2c. optional table: ADEME/Arcep 2022 data-centre network equipment
# --------------------------------------------------------------------------
OPTIONAL_ADEME_DIR = DATASETS / "optional" / "ademe-arcep-2022"
# kind -> (ADEME item, label)
OPTIONAL_ADEME_KINDS = {
    "datacentre_switch": ("switch", "Data-centre switch (ADEME/Arcep 2022, optional table)"),
    "router": ("router", "Router (ADEME/Arcep 2022, optional table)"),
    "firewall": ("firewall", "Firewall appliance (ADEME/Arcep 2022, optional table)"),
}


def derive_optional_ademe(raw_dir: Path) -> dict[Path, bytes]:
    """The data-centre network kinds no open redistributable source gives,
    from ADEME/Arcep 2022 (NegaOctet): an archetype table a user passes on
    purpose (--factors), never embedded. ADEME gives one 'construction'
    figure and a lifespan per item, no electricity: the energy columns stay
    empty, so a row must give annual_energy_kwh (or be a data-centre
    equipment row, whose electricity is metered)."""
    ademe = read_values(raw_dir / CROSSCHECK_RAW[0])
    rows = []
    for kind, (item, label) in OPTIONAL_ADEME_KINDS.items():
        emb = ademe[(item, "construction")] / 1000
        c, lo, hi = widen(emb, emb, emb)
        life = ademe[(item, "lifespan")]
        per_server = ademe.get((item, "per_server"))
        rows.append([
            kind, label, fmt(life, 2), "", "", "", fmt(c, 1), fmt(lo, 1), fmt(hi, 1), "1.0000", "0.0000", "0.0000",
            "0", "low",
            (f"ADEME/Arcep 2022 (NegaOctet) '{item} . construction' {fmt(emb, 1)} kgCO2e, one 'construction' "
             f"figure booked entirely as manufacture (which life-cycle stages it covers is not stated); interval "
             f"-50 %/+100 % (a single "
             f"database value); lifespan '{item} . durée de vie' {fmt(life, 0)} years; no electricity figure in the "
             f"source (give annual_energy_kwh per row, or meter it)"
             + (f"; the model counts {per_server} per server (APL Datacenter market average)" if per_server else "")
             + "."),
            ADEME_CITE + " (rights in the NegaOctet values not settled: optional table, not a default)",
            "0", "0", fmt(life, 2), "source", "", "", "", "", "", ""])
    header = ["kind", "label", "lifespan_years", "annual_energy_kwh", "annual_energy_kwh_low",
              "annual_energy_kwh_high", "embodied_gwp_kgco2e", "embodied_gwp_kgco2e_low",
              "embodied_gwp_kgco2e_high", "share_manufacture", "share_transport", "share_end_of_life",
              "sample_size", "quality", "method", "source", "manufacturers", "top_manufacturer_share",
              "manufacturer_lifespan_years", "lifespan_basis", "usage_profile", "power_on_w", "power_on_w_low",
              "power_on_w_high", "power_sleep_w", "power_off_w"]
    return {OPTIONAL_ADEME_DIR / "archetypes.csv": csv_bytes(header, rows)}


# --------------------------------------------------------------------------
# 3. example municipal fleet (illustrative, seeded)
# --------------------------------------------------------------------------
FLEET_SEED = 20261101
# Rows whose embodied_gwp_kgco2e comes from one named Boavizta sheet
# (gwp_total x (1 - gwp_use_ratio)), to show a manufacturer PCF override.
PCF_OVERRIDES = [
    ("Town hall", "laptop", "Dell", "Latitude 5420"),
    ("Town hall", "monitor_22_24", "Dell", "P2422H Monitor"),
    ("Social-welfare centre (CPAS/OCMW)", "desktop", "Dell", "OptiPlex 7090 Micro Form Factor"),
    ("Secondary school Jacques Brel", "chromebook", "Dell", "Chromebook 3100"),
    ("Municipal library", "thin_client", "Dell", "Wyse 5070 Thin Client"),
    ("Technical services", "smartphone", "Apple", "iPhone 12 128GB"),
]

ENTITIES = {
    "Town hall": [("desktop", 6, 5, 30), ("laptop", 5, 3, 25), ("thin_client", 3, 5, 20),
                  ("monitor_lt22", 2, 2, 10), ("monitor_22_24", 5, 5, 35), ("monitor_25_27", 3, 2, 15),
                  ("monitor_28_plus", 2, 1, 4), ("multifunction_printer", 4, 1, 4), ("printer", 2, 1, 3),
                  ("ip_phone", 4, 10, 40), ("network_switch", 4, 1, 4), ("wifi_access_point", 3, 2, 6),
                  ("rack_server", 4, 1, 3), ("smartphone", 3, 5, 20), ("projector", 1, 1, 3)],
    "Social-welfare centre (CPAS/OCMW)": [("desktop", 5, 4, 25), ("laptop", 4, 3, 20), ("thin_client", 3, 4, 15),
                  ("monitor_lt22", 2, 2, 8), ("monitor_22_24", 4, 4, 25), ("monitor_25_27", 2, 2, 10),
                  ("monitor_28_plus", 1, 1, 3), ("multifunction_printer", 3, 1, 3), ("ip_phone", 3, 10, 35),
                  ("network_switch", 3, 1, 3), ("wifi_access_point", 2, 1, 4), ("smartphone", 2, 3, 12)],
    "Secondary school Jacques Brel": [("laptop", 5, 8, 40), ("chromebook", 5, 10, 40), ("tablet", 4, 5, 30),
                  ("projector", 4, 2, 8), ("desktop", 3, 5, 25), ("monitor_22_24", 3, 5, 25),
                  ("multifunction_printer", 2, 1, 3), ("network_switch", 2, 1, 3)],
    "Secondary school Annie Cordy": [("laptop", 5, 8, 40), ("chromebook", 4, 10, 40), ("tablet", 4, 5, 30),
                  ("projector", 4, 2, 8), ("desktop", 3, 5, 25), ("monitor_22_24", 3, 5, 25),
                  ("multifunction_printer", 2, 1, 3), ("network_switch", 2, 1, 3)],
    "Primary school Les Tilleuls": [("laptop", 3, 2, 15), ("chromebook", 3, 8, 25), ("tablet", 4, 5, 25),
                  ("projector", 3, 1, 6), ("desktop", 2, 1, 5), ("monitor_22_24", 2, 1, 5),
                  ("multifunction_printer", 1, 1, 2), ("network_switch", 1, 1, 2)],
    "Public digital space": [("desktop", 4, 4, 16), ("laptop", 4, 4, 16), ("thin_client", 2, 4, 12),
                  ("monitor_22_24", 4, 4, 16), ("monitor_25_27", 2, 2, 8), ("tablet", 3, 4, 12),
                  ("multifunction_printer", 2, 1, 2), ("printer", 2, 1, 2), ("projector", 2, 1, 2),
                  ("wifi_access_point", 2, 1, 3), ("network_switch", 2, 1, 2), ("ip_phone", 1, 2, 4)],
    "Municipal library": [("desktop", 3, 3, 12), ("thin_client", 3, 4, 16), ("laptop", 3, 2, 10),
                  ("monitor_lt22", 2, 2, 8), ("monitor_22_24", 3, 3, 15), ("monitor_28_plus", 1, 1, 2),
                  ("tablet", 3, 4, 15), ("multifunction_printer", 2, 1, 3), ("ip_phone", 2, 3, 10),
                  ("wifi_access_point", 2, 2, 4), ("network_switch", 2, 1, 2), ("projector", 1, 1, 2)],
    "Technical services": [("desktop", 4, 3, 15), ("laptop", 4, 3, 15), ("thin_client", 2, 2, 8),
                  ("monitor_lt22", 2, 1, 6), ("monitor_22_24", 3, 3, 15), ("monitor_25_27", 2, 1, 6),
                  ("monitor_28_plus", 1, 1, 3), ("multifunction_printer", 2, 1, 2), ("ip_phone", 3, 5, 20),
                  ("network_switch", 2, 1, 3), ("smartphone", 4, 5, 25), ("tablet", 3, 2, 10),
                  ("wifi_access_point", 2, 1, 3)],
}
SCHOOLS = ["Secondary school Jacques Brel", "Secondary school Annie Cordy", "Primary school Les Tilleuls"]
FLEET_HEADER = ["entity", "kind", "quantity", "purchase_year", "lifespan_years", "country",
                "annual_energy_kwh", "embodied_gwp_kgco2e", "disposal_year"]


def derive_fleet(arch: dict) -> tuple[dict[Path, bytes], list]:
    rnd = random.Random(FLEET_SEED)
    rows = []
    for ent, plan in ENTITIES.items():
        for kind, batches, qmin, qmax in plan:
            years = sorted(rnd.sample(range(2014, 2026), min(12, round(batches * 1.35))))
            for y in years:
                rows.append({"entity": ent, "kind": kind, "quantity": rnd.randint(qmin, qmax),
                             "purchase_year": y, "lifespan_years": "", "annual_energy_kwh": "",
                             "embodied_gwp_kgco2e": "", "disposal_year": ""})
        if ent in SCHOOLS:  # 8-11 access points in total, over 2-4 purchase batches
            total = rnd.randint(8, 11)
            nb = rnd.randint(2, 4)
            cuts = sorted(rnd.sample(range(1, total), nb - 1))
            qtys = [b - a for a, b in zip([0] + cuts, cuts + [total])]
            for y, q in zip(sorted(rnd.sample(range(2014, 2026), nb)), qtys):
                rows.append({"entity": ent, "kind": "wifi_access_point", "quantity": q, "purchase_year": y,
                             "lifespan_years": "", "annual_energy_kwh": "", "embodied_gwp_kgco2e": "",
                             "disposal_year": ""})
    # lifespan extensions: 14 rows get 6, 7 or 8 years (older laptops/desktops/monitors/thin clients)
    ext = [i for i, r in enumerate(rows) if r["kind"] in ("laptop", "desktop", "thin_client", "monitor_22_24")
           and r["purchase_year"] <= 2019]
    for i in rnd.sample(ext, 14):
        rows[i]["lifespan_years"] = str(rnd.choice([6, 7, 8]))
    # measured/metered energy on 8 rows: archetype central x a factor in 0.6-1.4
    meas = [i for i, r in enumerate(rows) if r["kind"] in ("desktop", "rack_server", "network_switch",
                                                            "multifunction_printer")]
    for i in rnd.sample(meas, 8):
        e = arch["result"][rows[i]["kind"]]["energy"][0]
        rows[i]["annual_energy_kwh"] = fmt(e * rnd.uniform(0.6, 1.4), 1)
    # manufacturer PCF overrides from named Boavizta sheets
    by_name = {(r["manufacturer"].strip(), r["name"].strip()): r for r in arch["rows"]}
    for ent, kind, manu, name in PCF_OVERRIDES:
        sheet = by_name[(manu, name)]
        emb = float(sheet["gwp_total"]) * (1 - float(sheet["gwp_use_ratio"]))
        cand = [r for r in rows if r["entity"] == ent and r["kind"] == kind and not r["embodied_gwp_kgco2e"]]
        cand[-1]["embodied_gwp_kgco2e"] = fmt(emb, 1)
    # disposals: 10 rows bought 2014-2017, disposed 2022-2025
    old = [i for i, r in enumerate(rows) if r["purchase_year"] <= 2017 and not r["lifespan_years"]
           and not r["embodied_gwp_kgco2e"]]
    for i in rnd.sample(old, 10):
        rows[i]["disposal_year"] = str(rnd.randint(2022, 2025))
    for r in rows:
        r["country"] = "BE"
    out = [[r[c] for c in FLEET_HEADER] for r in rows]
    return {EXAMPLES_DIR / "municipal-fleet.csv": csv_bytes(FLEET_HEADER, out)}, rows


# --------------------------------------------------------------------------
# 4. example multi-criteria factor table
# --------------------------------------------------------------------------
ILLUSTRATIVE = "illustrative value for the format example, not for reporting"
EED_PEF = ("Directive (EU) 2023/1791 (Energy Efficiency Directive recast), Art. 31: default primary energy "
           "factor 1.9 for electricity = 6.84 MJ primary per kWh; low/high are illustrative")
# criterion, unit, kind, phase, value, low, high, source
FACTORS = [
    ("adpe", "kgsbeq", "laptop", "manufacture", 0.01, 0.005, 0.02),
    ("adpe", "kgsbeq", "laptop", "transport", 0.00001, 0.000005, 0.00002),
    ("adpe", "kgsbeq", "laptop", "end_of_life", 0.00005, 0.00001, 0.0001),
    ("adpe", "kgsbeq", "desktop", "manufacture", 0.01, 0.005, 0.02),
    ("adpe", "kgsbeq", "desktop", "transport", 0.00001, 0.000005, 0.00002),
    ("adpe", "kgsbeq", "desktop", "end_of_life", 0.00005, 0.00001, 0.0001),
    ("adpe", "kgsbeq", "monitor_22_24", "manufacture", 0.005, 0.0025, 0.01),
    ("adpe", "kgsbeq", "monitor_22_24", "transport", 0.00001, 0.000005, 0.00002),
    ("adpe", "kgsbeq", "monitor_22_24", "end_of_life", 0.00002, 0.00001, 0.00005),
    ("adpe", "kgsbeq", "smartphone", "manufacture", 0.005, 0.0025, 0.01),
    ("adpe", "kgsbeq", "smartphone", "transport", 0.000001, 0.0000005, 0.000002),
    ("adpe", "kgsbeq", "smartphone", "end_of_life", 0.00001, 0.000005, 0.00002),
    ("adpe", "kgsbeq", "tablet", "manufacture", 0.005, 0.0025, 0.01),
    ("adpe", "kgsbeq", "tablet", "transport", 0.000001, 0.0000005, 0.000002),
    ("adpe", "kgsbeq", "tablet", "end_of_life", 0.00001, 0.000005, 0.00002),
    ("adpe", "kgsbeq", "electricity", "use", 0.0000001, 0.00000005, 0.0000002),
    ("pe", "mj", "laptop", "manufacture", 3000, 1500, 6000),
    ("pe", "mj", "laptop", "transport", 100, 50, 200),
    ("pe", "mj", "laptop", "end_of_life", 20, 10, 40),
    ("pe", "mj", "desktop", "manufacture", 4000, 2000, 8000),
    ("pe", "mj", "desktop", "transport", 100, 50, 200),
    ("pe", "mj", "desktop", "end_of_life", 30, 15, 60),
    ("pe", "mj", "monitor_22_24", "manufacture", 1000, 500, 2000),
    ("pe", "mj", "monitor_22_24", "transport", 50, 25, 100),
    ("pe", "mj", "monitor_22_24", "end_of_life", 20, 10, 40),
    ("pe", "mj", "smartphone", "manufacture", 1000, 500, 2000),
    ("pe", "mj", "smartphone", "transport", 20, 10, 40),
    ("pe", "mj", "smartphone", "end_of_life", 5, 2.5, 10),
    ("pe", "mj", "tablet", "manufacture", 1200, 600, 2400),
    ("pe", "mj", "tablet", "transport", 30, 15, 60),
    ("pe", "mj", "tablet", "end_of_life", 5, 2.5, 10),
    ("pe", "mj", "electricity", "use", 6.84, 3.6, 10.8),
]


def derive_factors() -> dict[Path, bytes]:
    rows = []
    for crit, unit, kind, phase, v, lo, hi in FACTORS:
        src = EED_PEF if (crit, kind) == ("pe", "electricity") else ILLUSTRATIVE
        rows.append([crit, unit, kind, phase, fmt(v, 9), fmt(lo, 9), fmt(hi, 9), src])
    header = ["criterion", "unit", "kind", "phase", "value", "low", "high", "source"]
    return {EXAMPLES_DIR / "factors-adpe-pe.csv": csv_bytes(header, rows)}


# --------------------------------------------------------------------------
def derive_all(raw_dir: Path) -> dict[Path, bytes]:
    files: dict[Path, bytes] = {}
    files.update(derive_grid(raw_dir))
    arch_files, arch = derive_archetypes(raw_dir)
    files.update(arch_files)
    fleet_files, fleet = derive_fleet(arch)
    kinds = set(KINDS)
    assert all(r["kind"] in kinds for r in fleet), "fleet uses an unknown kind"
    files.update(fleet_files)
    files.update(derive_factors())
    files.update(derive_crosscheck(raw_dir, arch))
    files.update(derive_optional_ademe(raw_dir))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW,
                    help="folder with the raw upstream files (default: datasets/raw)")
    ap.add_argument("--check", action="store_true",
                    help="re-derive in memory and exit 1 if any committed file differs")
    args = ap.parse_args(argv)
    raw = args.raw.resolve()
    if not raw.is_dir():
        print(f"derive.py: raw data folder not found: {raw}", file=sys.stderr)
        return 2
    files = derive_all(raw)
    if args.check:
        bad = []
        for path, data in sorted(files.items()):
            rel = path.relative_to(REPO)
            if not path.exists():
                bad.append(f"{rel}: missing")
            elif path.read_bytes() != data:
                bad.append(f"{rel}: differs from re-derived content")
        if bad:
            for b in bad:
                print(f"derive.py --check: {b}", file=sys.stderr)
            return 1
        print(f"derive.py --check: {len(files)} files up to date")
        return 0
    for path, data in sorted(files.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(REPO)} ({len(data)} bytes, sha256 {sha256_bytes(data)[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
