#!/usr/bin/env python3
"""One-off generator of datasets/iso3166.csv (alpha2, alpha3, name).

Requires `pip install pycountry`. The data comes from pycountry, which ships
the Debian iso-codes database (LGPL-2.1-or-later). Run once; derive.py only
reads the resulting CSV so it stays stdlib-only.
"""
import csv
import pathlib

import pycountry

out = pathlib.Path(__file__).resolve().parent / "iso3166.csv"
rows = sorted((c.alpha_2, c.alpha_3, c.name) for c in pycountry.countries)
with out.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["alpha2", "alpha3", "name"])
    w.writerows(rows)
print(f"wrote {len(rows)} rows to {out} (pycountry {getattr(pycountry, '__version__', '?')})")
