#!/usr/bin/env python3
"""Independent reference calculator for Monte Carlo uncertainty (docs/methodology.md §8).

Plain Python 3 standard library; it never runs or imports the Rust engine.
For each case of golden/uncertainty_cases.json (independent inputs, each a
triangular or uniform distribution fitted to low/central/high by the rule of
§8.2, times a coefficient) it computes in closed form:

  sum cases      Y = sum_j c_j X_j
                 mean = sum c_j E[X_j], variance = sum c_j^2 Var[X_j],
                 variance_share_j = c_j^2 Var[X_j] / variance,
                 and, for one input, its 5th/50th/95th percentiles and the
                 density there (for the standard error of a sample quantile).
  product cases  Y = c X_1 X_2 (use = energy x grid intensity)
                 mean = c E1 E2, variance = c^2 (E[X1^2] E[X2^2] - E1^2 E2^2),
                 first-order Sobol S_1 = c^2 Var1 E2^2 / variance,
                 S_2 = c^2 E1^2 Var2 / variance.

  fleet cases   a fleet of catalog defaults (archetypes.csv 2027.2; the grid and
                 its year rule from _common.py),
                 amortised, reporting year Y, no line past its lifespan: each
                 kind's embodied footprint is ONE triangular draw serving all
                 its devices and phases (§8.3), its annual energy another;
                 the grid is exact. Y = sum_k booked_k X_k + sum_k q_k g E_k,
                 booked = q (L - age) / L; mean, variance and the shares of
                 the inputs kind:<kind>:embodied and kind:<kind>:energy.

  datacentre cases  a data centre (golden/datacentre_reference.py computes its
                 exact figures: scope 1, scope 2 by both methods, the
                 building) with an IT equipment inventory of catalog
                 defaults (the lines of a fleet case). Only the equipment's
                 embodied footprint is uncertain (§8.8: the grid, GWP100
                 and diesel factors have no interval in the data): one
                 triangular draw per kind, booked amortised as in fleet
                 cases, its electricity not counted (it is the metered IT
                 energy). Per scope 2 method: scope1, scope2, scope3_mean,
                 scope3_variance, total_mean, total_variance (= scope 3's),
                 and the variance shares of the kinds' embodied inputs.

  ghg cases     an organisation's fleet in its GHG inventory (§8.9): the
                 location-based total and the management view as sums of
                 coefficient x triangular draw (see ghg_expected).

Triangular (a = low, c = central, b = high): mean (a+b+c)/3, variance
(a^2+b^2+c^2-ab-ac-bc)/18. Uniform (a = low, b = high): mean (a+b)/2,
variance (b-a)^2/12.

    python3 golden/uncertainty_reference.py --check   # exit 1 naming case and value on a mismatch
    python3 golden/uncertainty_reference.py --write   # rewrite the expected values

Tolerance of --check: abs(got - want) <= 1e-9 * max(abs(want), 1).
The Rust suite (core/tests/uncertainty.rs, uncertainty_policy.rs,
uncertainty_datacentre.rs) compares its Monte Carlo runs with these values: means within 4 standard errors, variances within 4 standard
errors of the sample variance, percentiles within 4 standard errors of a
sample quantile, variance shares within 0.02.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

from _common import intensity_g, load_grid
import datacentre_reference
import policy_reference

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "golden" / "uncertainty_cases.json"
ARCHETYPES_CSV = REPO / "datasets" / "data" / "empreinte-archetypes" / "2027.2" / "archetypes.csv"


def fleet_inputs(case: dict) -> list[dict]:
    """The fleet's uncertain inputs as coefficient x triangular variable."""
    arch = {r["kind"]: r for r in csv.DictReader(ARCHETYPES_CSV.open(newline=""))}
    grid = load_grid()
    year = case["year"]
    coef: dict[str, float] = {}
    tri: dict[str, tuple[float, float, float]] = {}
    for line in case["lines"]:
        a = arch[line["kind"]]
        age = year - line["purchase_year"]
        life = line["lifespan_years"]
        assert 0 <= age < life, "the reference covers lines within their lifespan"
        booked = line["quantity"] * min(max(life - age, 0), 1) / life
        k = f"kind:{line['kind']}:embodied"
        coef[k] = coef.get(k, 0) + booked
        tri[k] = tuple(float(a[f"embodied_gwp_kgco2e{s}"]) for s in ("_low", "", "_high"))
        k = f"kind:{line['kind']}:energy"
        coef[k] = coef.get(k, 0) + line["quantity"] * intensity_g(grid, line["country"], year)[0] / 1000
        tri[k] = tuple(float(a[f"annual_energy_kwh{s}"]) for s in ("_low", "", "_high"))
    return [dict(key=k, shape="triangular", low=t[0], central=t[1], high=t[2], coef=coef[k])
            for k, t in tri.items()]


def moments(x: dict) -> tuple[float, float]:
    a, c, b = x["low"], x["central"], x["high"]
    if x["shape"] == "triangular":
        return (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    if x["shape"] == "uniform":
        return (a + b) / 2, (b - a) ** 2 / 12
    raise ValueError(x["shape"])


def quantile_and_density(x: dict, p: float) -> tuple[float, float]:
    a, c, b = x["low"], x["central"], x["high"]
    if x["shape"] == "uniform":
        return a + p * (b - a), 1 / (b - a)
    fc = (c - a) / (b - a)
    if p < fc:
        q = a + math.sqrt(p * (b - a) * (c - a))
        return q, 2 * (q - a) / ((b - a) * (c - a))
    q = b - math.sqrt((1 - p) * (b - a) * (b - c))
    return q, 2 * (b - q) / ((b - a) * (b - c))


def policy_coefficients(case: dict, policy: dict) -> list[dict]:
    """A policy's cumulative total as coefficient x triangular variable per
    kind's embodied footprint and annual energy (§8.7): golden/policy_reference.py
    simulated with one value at one per device and every other at zero (the
    totals are linear in the values; the devices bought do not depend on them)."""
    arch = policy_reference.ARCH
    saved = {k: dict(v) for k, v in arch.items()}
    out = []
    try:
        for kind in case["kinds"]:
            for what, col in (("embodied", "embodied_gwp_kgco2e"), ("energy", "annual_energy_kwh")):
                for k, v in arch.items():
                    v["embodied_gwp_kgco2e"] = "0"
                    v["annual_energy_kwh"] = "0"
                arch[kind][col] = "1"
                coef = policy_reference.simulate(case["inventory_csv"], policy)["-"]["cumulative_gwp_kgco2e"]
                a = saved[kind]
                out.append(dict(key=f"kind:{kind}:{what}", shape="triangular",
                                low=float(a[col + "_low"]), central=float(a[col]), high=float(a[col + "_high"]),
                                coef=coef))
    finally:
        for k, v in saved.items():
            arch[k].clear()
            arch[k].update(v)
    return out


def tri_cdf(x: dict, v: float) -> float:
    a, c, b = x["low"], x["central"], x["high"]
    if v <= a:
        return 0.0
    if v >= b:
        return 1.0
    if v <= c:
        return (v - a) ** 2 / ((b - a) * (c - a))
    return 1 - (b - v) ** 2 / ((b - a) * (b - c))


def tri_pdf(x: dict, v: float) -> float:
    a, c, b = x["low"], x["central"], x["high"]
    if v <= a or v >= b:
        return 0.0
    return 2 * (v - a) / ((b - a) * (c - a)) if v <= c else 2 * (b - v) / ((b - a) * (b - c))


def two_input_cdf(xs: list[dict], d: float, points: int = 4000) -> tuple[float, float]:
    """P(c1 X1 + c2 X2 <= d) and its density at d, X1, X2 independent
    triangular: the integral over X1's density of X2's CDF (Simpson's rule
    on each side of X1's mode)."""
    (x1, x2) = sorted(xs, key=lambda x: -abs(x["coef"]))[:2]
    c1, c2 = x1["coef"], x2["coef"]

    def f(v: float) -> tuple[float, float]:
        w = (d - c1 * v) / c2
        p = tri_cdf(x2, w) if c2 > 0 else 1 - tri_cdf(x2, w)
        return tri_pdf(x1, v) * p, tri_pdf(x1, v) * tri_pdf(x2, w) / abs(c2)

    total_p = total_f = 0.0
    for lo, hi in ((x1["low"], x1["central"]), (x1["central"], x1["high"])):
        h = (hi - lo) / points
        for i in range(points + 1):
            w = 1 if i in (0, points) else (4 if i % 2 else 2)
            p, dens = f(lo + i * h)
            total_p += w * p * h / 3
            total_f += w * dens * h / 3
    return total_p, total_f


def two_input_quantile(xs: list[dict], q: float, lo: float, hi: float) -> tuple[float, float]:
    """The q-quantile of c1 X1 + c2 X2 (bisection) and the density there."""
    for _ in range(60):
        mid = (lo + hi) / 2
        if two_input_cdf(xs, mid, 400)[0] < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2, two_input_cdf(xs, (lo + hi) / 2)[1]


def policy_expected(case: dict) -> dict:
    """Per policy: the cumulative total's mean and variance; after the first,
    the difference D = T_P - T_first under common random numbers (one draw
    of each input serves every policy): mean, variance, variance shares,
    and, when D depends on two inputs, P(D < 0), its P5 and P95 and the
    density there."""
    coefs = [policy_coefficients(case, p) for p in case["policies"]]
    rows = []
    for i, xs in enumerate(coefs):
        parts = [(x["coef"], *moments(x)) for x in xs]
        row = {"mean": sum(c * m for c, m, _ in parts), "variance": sum(c * c * v for c, _, v in parts)}
        if i > 0:
            ds = [dict(x, coef=x["coef"] - f["coef"]) for x, f in zip(xs, coefs[0])]
            ds = [x for x in ds if x["coef"] != 0]
            parts = [(x["coef"], *moments(x)) for x in ds]
            mean = sum(c * m for c, m, _ in parts)
            var = sum(c * c * v for c, _, v in parts)
            row["difference"] = {"mean": mean, "variance": var}
            row["variance_share"] = {x["key"]: c * c * v / var for x, (c, _, v) in zip(ds, parts)}
            if len(ds) == 2:
                lo = sum(min(x["coef"] * x["low"], x["coef"] * x["high"]) for x in ds)
                hi = sum(max(x["coef"] * x["low"], x["coef"] * x["high"]) for x in ds)
                row["difference"]["probability_below_zero"] = two_input_cdf(ds, 0.0)[0]
                for name, q in (("p5", 0.05), ("p95", 0.95)):
                    v, dens = two_input_quantile(ds, q, lo, hi)
                    row["difference"][name] = v
                    row["difference"][name + "_density"] = dens
        rows.append(row)
    return {"policies": rows}


def datacentre_expected(case: dict) -> dict:
    """Scope totals of a data centre whose equipment's embodied footprint is
    the only uncertain input: exact scopes 1 and 2 and building from
    golden/datacentre_reference.py; scope 3 = building + sum_k booked_k X_k."""
    exact = datacentre_reference.compute(case["inputs"])
    xs = [x for x in fleet_inputs(case) if x["key"].endswith(":embodied")]
    parts = [(x["coef"], *moments(x)) for x in xs]
    mean3 = exact.get("scope3_building_kgco2e", 0.0) + sum(c * m for c, m, _ in parts)
    var = sum(c * c * v for c, _, v in parts)
    s1 = exact["scope1_kgco2e"]
    out: dict = {"scopes": {}}
    for method, key in (("location_based", "scope2_location_kgco2e"), ("market_based", "scope2_market_kgco2e")):
        if exact.get(key) is None:
            continue
        s2 = exact[key]
        out["scopes"][method] = {"scope1": s1, "scope2": s2, "scope3_mean": mean3, "scope3_variance": var,
                                 "total_mean": s1 + s2 + mean3, "total_variance": var}
    out["variance_share"] = {x["key"]: c * c * v / var for x, (c, _, v) in zip(xs, parts)}
    return out


def ghg_expected(case: dict) -> dict:
    """An organisation's fleet (no data centre, no instruments) in its GHG
    inventory: acquisition mode, each kind's embodied footprint one
    triangular draw X_k (its phases move together: share_p X_k) and its
    annual electricity another, E_k. Location-based total = scope 2
    (direct) + category 3 (upstream) + categories 2, 4, 5 =
    sum_k a_k X_k + sum_k b_k E_k with a_k = sum of q (share_m + share_t)
    over the lines bought in Y and q share_eol over those whose last year
    (P + ceil(L) - 1) is Y, and b_k = sum of q I_lc over the lines in
    service (direct + upstream = life-cycle). Management view: the
    embodied amortised, q / L a year (all three phases), and the
    electricity at the life-cycle intensity."""
    arch = {r["kind"]: r for r in csv.DictReader(ARCHETYPES_CSV.open(newline=""))}
    grid = load_grid()
    year = case["year"]
    loc: dict[str, float] = {}
    man: dict[str, float] = {}
    xs: dict[str, dict] = {}
    for line in case["lines"]:
        kind, q, p, life = line["kind"], line["quantity"], line["purchase_year"], line["lifespan_years"]
        a = arch[kind]
        last = p + max(math.ceil(life), 1) - 1
        assert p <= year <= last, "the reference covers lines in service"
        shares = [float(a[f"share_{ph}"]) for ph in ("manufacture", "transport", "end_of_life")]
        ke, kx = f"kind:{kind}:embodied", f"kind:{kind}:energy"
        for k, col in ((ke, "embodied_gwp_kgco2e"), (kx, "annual_energy_kwh")):
            xs[k] = dict(key=k, shape="triangular", low=float(a[col + "_low"]), central=float(a[col]),
                         high=float(a[col + "_high"]))
        acquired = q * (shares[0] + shares[1]) * (p == year) + q * shares[2] * (last == year)
        loc[ke] = loc.get(ke, 0.0) + acquired
        lc = intensity_g(grid, line["country"], year)[0] / 1000
        loc[kx] = loc.get(kx, 0.0) + q * lc
        age = year - p
        man[ke] = man.get(ke, 0.0) + q * min(max(life - age, 0), 1) / life
        man[kx] = man.get(kx, 0.0) + q * lc
    out: dict = {}
    for name, coef in (("location_total", loc), ("management", man)):
        parts = [(coef[k], *moments(xs[k])) for k in coef]
        var = sum(c * c * v for c, _, v in parts)
        out[name] = {"mean": sum(c * m for c, m, _ in parts), "variance": var}
        if name == "location_total":
            out["variance_share"] = {k: c * c * v / var for k, (c, _, v) in zip(coef, parts)}
    return out


def expected(case: dict) -> dict:
    if case["model"] == "ghg":
        return ghg_expected(case)
    if case["model"] == "policy":
        return policy_expected(case)
    if case["model"] == "datacentre":
        return datacentre_expected(case)
    xs = fleet_inputs(case) if case["model"] == "fleet" else case["inputs"]
    out: dict = {}
    if case["model"] in ("sum", "fleet"):
        parts = [(x["coef"], *moments(x)) for x in xs]
        out["mean"] = sum(c * m for c, m, _ in parts)
        out["variance"] = sum(c * c * v for c, _, v in parts)
        out["variance_share"] = {x["key"]: c * c * v / out["variance"] for x, (c, _, v) in zip(xs, parts)}
        if len(xs) == 1:
            x, c = xs[0], xs[0]["coef"]
            for name, p in (("p5", 0.05), ("p50", 0.5), ("p95", 0.95)):
                q, f = quantile_and_density(x, p)
                out[name] = c * q
                out[name + "_density"] = f / c
    elif case["model"] == "product":
        (x1, x2), c = xs, case["coef"]
        (m1, v1), (m2, v2) = moments(x1), moments(x2)
        out["mean"] = c * m1 * m2
        out["variance"] = c * c * ((v1 + m1 * m1) * (v2 + m2 * m2) - m1 * m1 * m2 * m2)
        out["variance_share"] = {
            x1["key"]: c * c * v1 * m2 * m2 / out["variance"],
            x2["key"]: c * c * m1 * m1 * v2 / out["variance"],
        }
    else:
        raise ValueError(case["model"])
    return out


def close(got: float, want: float) -> bool:
    return abs(got - want) <= 1e-9 * max(abs(want), 1)


def flatten(v, prefix: str = "") -> dict[str, float]:
    """Nested dicts and lists of numbers as {"a.b.0.c": number}."""
    if isinstance(v, dict):
        items = v.items()
    elif isinstance(v, list):
        items = ((str(i), x) for i, x in enumerate(v))
    else:
        return {prefix: v}
    out: dict[str, float] = {}
    for k, x in items:
        out.update(flatten(x, f"{prefix}.{k}" if prefix else str(k)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true")
    g.add_argument("--write", action="store_true")
    args = ap.parse_args()
    doc = json.loads(CASES.read_text())
    bad = 0
    for case in doc["cases"]:
        want = expected(case)
        if args.write:
            case["expected"] = want
            continue
        got = flatten(case.get("expected", {}))
        for k, v in flatten(want).items():
            if not close(got.get(k, math.nan), v):
                print(f"{case['name']}: {k}: file {got.get(k)}, reference {v}")
                bad += 1
    if args.write:
        CASES.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {len(doc['cases'])} cases to {CASES}")
        return 0
    print(f"{len(doc['cases'])} cases checked, {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
