"""Fleet policies through Python: the golden cases of golden/policy_cases.json
(policies as dicts, TOML files and JSON files; inventories as CSV text and
DataFrames), the same numbers as ``empreinte simulate``/``compare``/
``tender --format json``, the reference scenarios, and bad policies raising
typed errors located at their file and key."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte

ROOT = Path(__file__).resolve().parents[2]
CASES: list[dict[str, Any]] = json.loads((ROOT / "golden" / "policy_cases.json").read_text())["cases"]
SIMULATIONS = [c for c in CASES if c["type"] == "simulate"]
TENDERS = [c for c in CASES if c["type"] == "tender"]


def _close(got: float | None, want: float | None, tol: float) -> bool:
    """The golden rule; an expected null (for example "never crosses") wants None."""
    if want is None or got is None:
        return got is None and want is None
    return abs(got - want) <= tol * max(abs(want), 1) + 1e-9


def test_the_rule_expects_null() -> None:
    assert _close(None, None, 0) and not _close(2030.0, None, 0) and not _close(None, 2030.0, 0)
    assert _close(1000.5, 1000.0, 1e-3) and not _close(1002.0, 1000.0, 1e-3)


def _toml(value: Any) -> str:
    """A policy dict as TOML (scalars first, then one table per map)."""
    def scalar(v: Any) -> str:
        return json.dumps(v)

    lines = [f"{k} = {scalar(v)}" for k, v in value.items() if not isinstance(v, dict)]
    for key, table in value.items():
        if isinstance(table, dict):
            flat = {k: v for k, v in table.items() if not isinstance(v, dict)}
            lines += [f"[{key}]"] + [f'"{k}" = {scalar(v)}' for k, v in flat.items()]
            for sub, inner in table.items():
                if isinstance(inner, dict):
                    lines += [f'[{key}."{sub}"]'] + [f'"{k}" = {scalar(v)}' for k, v in inner.items()]
    return "\n".join(lines) + "\n"


def _value(r: empreinte.PolicyReport, key: str, column: str) -> float | None:
    """A value of a simulation by the golden files' keys."""
    if key == "-":
        v = r.summary[column][0]
        return None if v is None else float(v)
    if not key.isdigit():  # a kind: its extend-or-replace verdict
        v = r.extend_or_replace.filter(pl.col("kind") == key)[column][0]
        return None if v is None else float(v)
    year = pl.col("year") == int(key)  # years are integers, as in the command's JSON
    yearly = r.total if "year" in r.total.columns else r.inventory  # simulate or compare
    for table in (yearly, r.trajectory, r.second_life, r.avoided_emissions):
        if column in table.columns:
            return float(table.filter(year)[column][0])
    raise KeyError(column)


def _check(r: empreinte.PolicyReport, case: dict[str, Any]) -> None:
    for e in case["expected"]:
        got = _value(r, e["key"], e["column"])
        assert _close(got, e["value"], case["tolerance_rel"]), f"{case['name']}: {e} got {got}"


def test_cases_are_there() -> None:
    assert len(SIMULATIONS) >= 3 and len(TENDERS) >= 1


@pytest.mark.parametrize("case", SIMULATIONS, ids=[c["name"] for c in SIMULATIONS])
def test_golden_policy_as_dict(case: dict[str, Any]) -> None:
    _check(empreinte.simulate(case["inventory_csv"], case["policy"]), case)
    df = pl.read_csv(io.StringIO(case["inventory_csv"]))
    _check(empreinte.simulate(df, case["policy"]), case)


@pytest.mark.parametrize("case", SIMULATIONS, ids=[c["name"] for c in SIMULATIONS])
def test_golden_policy_as_files(case: dict[str, Any], tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(case["inventory_csv"])
    toml = tmp_path / "policy.toml"
    toml.write_text(_toml(case["policy"]))
    _check(empreinte.simulate(inventory, toml), case)
    as_json = tmp_path / "policy.json"
    as_json.write_text(json.dumps(case["policy"]))
    _check(empreinte.simulate(str(inventory), str(as_json)), case)
    # compare with one policy: the same figures, and the cumulative section.
    c = empreinte.compare(inventory, [toml])
    _check(c, case)
    assert c.total["scenario"].to_list() == [case["policy"]["name"]]


@pytest.mark.parametrize("case", TENDERS, ids=[c["name"] for c in TENDERS])
def test_golden_tender(case: dict[str, Any]) -> None:
    o = case["options"]
    for bids in (case["bids_csv"], pl.read_csv(io.StringIO(case["bids_csv"]))):
        t = empreinte.tender(bids, weight_pct=o["weight_pct"], country=o["country"], year=o["year"])
        for e in case["expected"]:
            row = t.ranking.filter(pl.col("bidder") == e["key"])
            got = float(row[e["column"]][0])
            assert _close(got, e["value"], case["tolerance_rel"]), (e, got)
        # The formula printed with the ranking names this call's weight, zone and year.
        assert t.formula.startswith(
            f"points = {o['weight_pct']} × F_min / F; F = embodied_gwp_kgco2e / T + annual_energy_kwh × I"
        ), t.formula
        assert "T = min(lifespan_years, max(warranty_years, spare_parts_years))" in t.formula, t.formula
        assert f"({o['country']} {o['year']})" in t.formula, t.formula
        assert t.ranking["rank"].to_list() == sorted(t.ranking["rank"].to_list())


def _rows_close(python: pl.DataFrame, command: list[dict[str, Any]]) -> None:
    assert python.height == len(command), (python.height, len(command))
    for got, want in zip(python.iter_rows(named=True), command, strict=True):
        assert set(got) == set(want), set(got) ^ set(want)
        for column, value in want.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                # The command writes 10 significant digits by default (one
                # number rule for CSV and JSON): agree to 1e-9 relative.
                assert _close(got[column], value, 1e-9), (column, got[column], value)
            else:
                assert got[column] == value, (column, got[column], value)


def _command(cli: Path, *args: str) -> dict[str, Any]:
    out = subprocess.run([str(cli), *args, "--format", "json"], check=True, capture_output=True, text=True)
    sections = json.loads(out.stdout)["sections"]
    return {s["name"]: s["rows"] for s in sections}


SECTIONS = ("inventory", "total", "trajectory", "second_life", "avoided_emissions", "extend_or_replace")


@pytest.mark.parametrize("case", SIMULATIONS, ids=[c["name"] for c in SIMULATIONS])
def test_simulate_gives_the_commands_numbers(case: dict[str, Any], cli: Path, tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(case["inventory_csv"])
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(case["policy"]))
    command = _command(cli, "simulate", str(inventory), "--policy", str(policy))
    r = empreinte.simulate(inventory, case["policy"])
    for name in SECTIONS:
        _rows_close(getattr(r, name), command[name])


def test_compare_and_tender_give_the_commands_numbers(cli: Path, tmp_path: Path) -> None:
    command = _command(cli, "compare")  # the reference scenarios, workstations 4 vs 6 years
    inventory = empreinte.reference_inventory("workstations-4-years")
    r = empreinte.compare(inventory, ["workstations-4-years", "workstations-6-years"])
    for name in SECTIONS:
        _rows_close(getattr(r, name), command[name])
    case = TENDERS[0]
    bids = tmp_path / "bids.csv"
    bids.write_text(case["bids_csv"])
    o = case["options"]
    command = _command(cli, "tender", str(bids), "--weight", str(o["weight_pct"]), "--country", o["country"], "--year", str(o["year"]))
    t = empreinte.tender(bids, weight_pct=o["weight_pct"], country=o["country"], year=o["year"])
    _rows_close(t.ranking, command["ranking"])


def test_reference_scenarios() -> None:
    assert empreinte.REFERENCE_SCENARIOS == (
        "workstations-4-years", "workstations-6-years", "school-kit-handover", "donation-amortised",
    )  # fmt: skip
    for sid in empreinte.REFERENCE_SCENARIOS:
        policy = empreinte.reference_policy(sid)
        assert "ILLUSTRATIVE" in policy["description"]
        assert set(policy) <= set(empreinte.POLICY_KEYS)
        r = empreinte.simulate(empreinte.reference_inventory(sid), sid)
        assert r.total.height == policy["end_year"] - policy["start_year"] + 1
        # the dict gives the same numbers as the id
        same = empreinte.simulate(empreinte.reference_inventory(sid), policy)
        assert same.total.equals(r.total)
    school = empreinte.reference_inventory("school-kit-handover")
    assert {"laptop", "tablet"} <= set(school["kind"])


def test_avoided_emissions_are_a_memo() -> None:
    r = empreinte.simulate(empreinte.reference_inventory("donation-amortised"), "donation-amortised")
    assert r.avoided_emissions["avoided_gwp_kgco2e"].sum() > 0
    assert all("never subtracted" in a for a in r.avoided_emissions["assumptions"])
    # Gross, an upper bound: refurbishment and the recipients' use are not netted (issue 17).
    assert all(a.startswith("gross (upper bound") for a in r.avoided_emissions["assumptions"])
    assert r.second_life["donated_devices"].sum() > 0


def test_extend_or_replace() -> None:
    v = empreinte.extend_or_replace("laptop", country="BE")
    assert v.height == 1 and not v["pays_back_within_life"][0]
    faster = empreinte.extend_or_replace("desktop", country="DE", annual_energy_kwh=400,
                                         policy={"replacement_efficiency_gain_pct": 60})  # fmt: skip
    assert faster["energy_old_kwh"][0] == 400
    with pytest.raises(empreinte.UnknownKindError):
        empreinte.extend_or_replace("lapotp", country="BE")


def test_bad_policies_name_the_file_and_the_key(tmp_path: Path) -> None:
    inventory = empreinte.reference_inventory("workstations-4-years")
    with pytest.raises(empreinte.UnknownKindError) as kind:
        empreinte.simulate(inventory, {"lifespan_years": {"lapotp": 6}})
    assert (kind.value.source, kind.value.column) == ("policy", "lifespan_years.lapotp")
    with pytest.raises(empreinte.UnknownColumnError) as key:
        empreinte.compare(inventory, [{}, {"lifespan_yaers": {}}])
    assert (key.value.source, key.value.column) == ("policies[1]", "lifespan_yaers")
    assert "lifespan_years" in str(key.value)
    toml = tmp_path / "p.toml"
    toml.write_text("name = 'x'\nrefurbished_pct = 120\n")
    with pytest.raises(empreinte.OutOfRangeError) as pct:
        empreinte.simulate(inventory, toml)
    assert (pct.value.source, pct.value.column) == (str(toml), "refurbished_pct")
    toml.write_text("name = 'x'\nstart_year = \n")
    with pytest.raises(empreinte.InvalidOptionError) as syntax:
        empreinte.simulate(inventory, toml)
    assert (syntax.value.source, syntax.value.line) == (str(toml), 2)
    with pytest.raises(empreinte.InvalidOptionError) as wrong:
        empreinte.simulate(inventory, {"donated_pct": "half"})
    assert wrong.value.column == "donated_pct"
    with pytest.raises(empreinte.IoError):
        empreinte.simulate(inventory, tmp_path / "missing.toml")


def test_bad_inventories_and_bids() -> None:
    with pytest.raises(empreinte.UnknownKindError) as info:
        empreinte.simulate("entity,kind,quantity,purchase_year\nA,lapotp,1,2020\n", {}, country="BE")
    assert (info.value.source, info.value.line, info.value.column) == ("inventory", 2, "kind")
    with pytest.raises(empreinte.OutOfRangeError) as bid:
        empreinte.tender("bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,"
                         "spare_parts_years,refurbished\nA,laptop,-5,20,4,3,5,no\n")  # fmt: skip
    assert (bid.value.source, bid.value.line, bid.value.column) == ("bids", 2, "embodied_gwp_kgco2e")


def test_policy_files_are_read_by_core_even_when_not_utf8(tmp_path: Path) -> None:
    """Core reads policy files (TOML and JSON) for every surface: bytes that
    are not UTF-8 are core's typed error at the file, never a bare
    ``UnicodeDecodeError``; a TOML date is refused at its key by core."""
    inventory = empreinte.reference_inventory("workstations-4-years")
    for name in ("latin1.toml", "latin1.json"):
        path = tmp_path / name
        path.write_bytes(b'{"name": "caf\xe9"}' if name.endswith("json") else b"name = 'caf\xe9'\n")
        with pytest.raises(empreinte.NotCsvError) as e:
            empreinte.simulate(inventory, path)
        assert e.value.source == str(path) and "UTF-8" in str(e.value)
    dated = tmp_path / "dated.toml"
    dated.write_text("start_year = 2024-01-01\n")
    with pytest.raises(empreinte.InvalidOptionError) as date:
        empreinte.simulate(inventory, dated)
    assert date.value.column == "start_year"


def test_tender_defaults_are_cores() -> None:
    """Without a year, core's default: the zone's last published year (AE's
    data stops in 2023); a bad weight is named ``weight_pct``, as in JS."""
    bids = ("bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,"
            "spare_parts_years,refurbished\nA,laptop,250,20,4,3,5,no\n")  # fmt: skip
    t = empreinte.tender(bids, country="AE")
    assert "(AE 2023)" in t.formula
    with pytest.raises(empreinte.OutOfRangeError) as weight:
        empreinte.tender(bids, weight_pct=150)
    assert weight.value.column == "weight_pct"
