"""Issue 23, "Reliability, round 2", through Python: the same inputs refused
(with the same exception classes) or read the same as by the command and
JavaScript: whole years, a kind named twice, unnamed policies compared,
impossible data-centre values, a change of resolution without ``end``, a
bench filter that keeps each benchmark's share of the run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import empreinte

INVENTORY = "entity,kind,quantity,purchase_year,lifespan_years,country\nTown hall,laptop,10,2021,4,BE\n"
READINGS = "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2022-01-01T01:00Z,100,150\n"
FACILITY = "field,value\nzone,BE\n"


def test_a_whole_year_is_whole_however_written() -> None:
    a = empreinte.simulate(INVENTORY, {"start_year": 2021.0, "end_year": 2024})
    b = empreinte.simulate(INVENTORY, {"start_year": 2021, "end_year": 2024})
    assert a.total.equals(b.total)
    with pytest.raises(empreinte.OutOfRangeError) as info:
        empreinte.simulate(INVENTORY, {"start_year": 2021.5})
    assert info.value.column == "start_year"
    building = "it_capacity_kw,400\nbuilding_embodied_kgco2e_per_kw_it,3000\nbuilding_lifespan_years,30\n"
    with pytest.raises(empreinte.OutOfRangeError) as info:
        empreinte.datacentre(READINGS, facility=FACILITY + building + "building_first_year,2022.9\n")
    assert info.value.line == 6
    ok = empreinte.datacentre(READINGS, facility=FACILITY + building + "building_first_year,2022.0\n")
    assert ok.value("PUE") == 1.5


def test_a_kind_named_twice_and_unnamed_policies() -> None:
    with pytest.raises(empreinte.InvalidOptionError):
        empreinte.simulate(INVENTORY, {"lifespan_years": {"Laptop": 6, "laptop": 4}})
    c = empreinte.compare(INVENTORY, [{"lifespan_years": {"laptop": 4}}, {"lifespan_years": {"laptop": 6}}])
    assert c.total["scenario"].to_list() == ["policy", "policy (2)"]


@pytest.mark.parametrize(
    ("kwargs", "error", "line", "column"),
    [
        ({"facility": FACILITY + "zone,FR\n"}, empreinte.InvalidOptionError, 3, "field"),
        ({"facility": FACILITY, "tenants": "tenant,it_kwh\n(unallocated),10\n"}, empreinte.InvalidOptionError, 2, "tenant"),
        ({"facility": FACILITY, "instruments": "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,1e308\n"},
         empreinte.OutOfRangeError, 2, "factor_gco2e_per_kwh"),
        ({"facility": FACILITY, "instruments": "instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,100\nresidual_mix,,200\n"},
         empreinte.InvalidOptionError, 3, "instrument"),
    ],
    ids=["zone-twice", "unallocated-tenant", "residual-mix-1e308", "residual-mix-twice"],
)  # fmt: skip
def test_conflicting_or_impossible_values(
    kwargs: dict[str, str], error: type[empreinte.EmpreinteError], line: int, column: str
) -> None:
    with pytest.raises(error) as info:
        empreinte.datacentre(READINGS, **kwargs)  # type: ignore[arg-type]
    assert (info.value.line, info.value.column) == (line, column)


def test_readings_bounds() -> None:
    heat = READINGS.replace("facility_kwh\n", "facility_kwh,reused_heat_kwh\n").replace("100,150\n", "100,150,151\n")
    with pytest.raises(empreinte.OutOfRangeError) as info:
        empreinte.datacentre(heat, facility=FACILITY)
    assert info.value.column == "reused_heat_kwh"
    with pytest.raises(empreinte.OutOfRangeError):
        empreinte.datacentre("start,it_kwh,facility_kwh\n2022-01-01T00:00Z,1,2\n", facility=FACILITY, interval_minutes=1e18)
    with pytest.raises(empreinte.OutOfRangeError):
        empreinte.datacentre(READINGS.replace("2022-01-01T00:00Z", "0000-01-01T00:00Z"), facility=FACILITY)
    rows = ["start,it_kwh,facility_kwh"]
    rows += [f"2022-03-01T00:{m:02}Z,50,60" for m in (0, 15, 30, 45)]
    rows += [f"2022-03-01T{h:02}:00Z,100,120" for h in (1, 2, 3)]
    with pytest.raises(empreinte.MalformedCsvError) as spacing:
        empreinte.datacentre("\n".join(rows) + "\n", facility=FACILITY, fill_gaps="previous")
    assert (spacing.value.line, spacing.value.column) == (7, "start")


def test_a_bench_filter_keeps_each_benchmark_s_share() -> None:
    benchmarks = [
        empreinte.SciBenchmark(id="small", iterations=100, measured_time_s=1.0),
        empreinte.SciBenchmark(id="large", iterations=100, measured_time_s=250.0),
    ]
    args: dict[str, Any] = {"wall_time_s": 251.0, "cpu_time_s": 200.0, "vcpus": 2, "zone": "BE", "year": 2022}
    whole = empreinte.sci(**args, benchmarks=benchmarks)
    kept = empreinte.sci(**args, benchmarks=benchmarks, bench_filter="small")
    assert kept.benchmarks.height == 1
    assert kept.benchmarks["share"][0] == pytest.approx(1 / 251)
    small = whole.benchmarks.filter(pl.col("id") == "small")["sci_gco2e_per_iteration"][0]
    assert kept.benchmarks["sci_gco2e_per_iteration"][0] == pytest.approx(small)
    with pytest.raises(empreinte.OutOfRangeError):
        empreinte.sci(**args, per=1e-320)


def test_a_saved_run_keeps_its_outliving_processes(cli: Path) -> None:
    """A command that leaves a busy child behind: the command notes it, and
    `sci_report` of that saved run keeps the count and the note (it was
    dropped, as if every process had been measured)."""
    busy = "(end=$(($(date +%s) + 2)); while [ $(date +%s) -lt $end ]; do :; done) >/dev/null 2>&1 &"
    saved = subprocess.run(
        [str(cli), "sci", "run", "--format", "json", "--", "sh", "-c", busy],
        capture_output=True, text=True, check=True,
    ).stdout
    assert json.loads(saved)["inputs"]["measurement"]["processes_outliving"] >= 1
    again = empreinte.sci_report(saved)
    assert again.inputs["measurement"]["processes_outliving"] >= 1
    assert "processes_outliving" in [n.code for n in again.notes]
    # A run without such processes has no such note.
    clean = empreinte.sci_report(empreinte.sci(wall_time_s=2, cpu_time_s=1, vcpus=1, zone="BE", year=2022))
    assert "processes_outliving" not in [n.code for n in clean.notes]


def test_forty_thousand_tenants_as_a_dataframe() -> None:
    n = 40_000
    tenants = pl.DataFrame({"tenant": [f"t{i}" for i in range(n)], "it_kwh": [1.0] * n})
    year = "start,end,it_kwh,facility_kwh\n2022-01-01,2023-01-01,100000,130000\n"
    dc = empreinte.datacentre(year, facility=FACILITY, tenants=tenants)
    loc = dc.tenants.filter(pl.col("scope2_method") == "location_based")
    assert loc.height == n + 1
    assert loc["it_kwh"][-1] == pytest.approx(60_000)


def test_spreadsheet_habits_get_the_commands_hints() -> None:
    """Issue 19: a French Excel export read as a DataFrame gets the hints the
    command gives: every unknown column at once, a decimal comma in a text
    column, a total row."""
    frame = pl.DataFrame({"entity": ["A"], "kind": ["laptop"], "quantiy": [2], "purchse_year": [2021], "country": ["BE"]})
    with pytest.raises(empreinte.UnknownColumnError) as e:
        empreinte.assess(frame, year=2023)
    assert "`quantiy` (did you mean `quantity`?)" in str(e.value)
    assert "also unknown: `purchse_year` (did you mean `purchase_year`?)" in str(e.value)
    frame = pl.DataFrame({"entity": ["A"], "kind": ["laptop"], "quantity": [2], "purchase_year": [2021],
                          "lifespan_years": ["5,9"], "country": ["BE"]})
    with pytest.raises(empreinte.InvalidNumberError, match=r"a decimal comma\? write `5\.9`"):
        empreinte.assess(frame, year=2023)
    frame = pl.DataFrame({"entity": ["A", "Total"], "kind": ["laptop", None], "quantity": [2, 2],
                          "purchase_year": [2021, None], "country": ["BE", None]})
    with pytest.raises(empreinte.MalformedCsvError, match="total row"):
        empreinte.assess(frame, year=2023)


def test_every_report_has_a_compact_notebook_display() -> None:
    """Issue 19: showing a report in a notebook gives its headline, notes and
    sections, not every table; each section is reachable by name."""
    policy = empreinte.compare(empreinte.reference_inventory("workstations-4-years"), ["workstations-4-years", "workstations-6-years"])
    html = policy._repr_html_()
    for row in policy.summary.iter_rows(named=True):
        assert str(row["scenario"]) in html
        assert f"{row['cumulative_gwp_kgco2e']:,.0f} kg CO₂e" in html
    assert "report.section('trajectory')" in html and "<table" not in html
    assert policy.section("summary") is policy.summary
    with pytest.raises(KeyError, match="the sections are summary"):
        policy.section("nope")
    dc = empreinte.datacentre()
    html = dc._repr_html_()
    pue = dc.value("PUE")
    assert pue is not None and f"PUE {pue:.2f}" in html
    assert "scope 2 market-based" in html and "report.section('tenants')" in html
    assert "example_data" in html  # the embedded example says it is one
    assert dc.section("kpi") is dc.kpi


def test_years_ranks_and_flags_have_their_types() -> None:
    """Issue 19: integers are integers and booleans booleans (as in the
    command's JSON): no cast in a notebook."""
    r = empreinte.compare(empreinte.reference_inventory("workstations-4-years"),
                          ["workstations-4-years", "workstations-6-years"])
    assert r.trajectory.schema["year"] == pl.Int64
    assert r.trajectory.schema["on_track"] == pl.Boolean
    assert r.trajectory["on_track"][0] is True  # the base year is on its own line
    assert r.inventory.schema["year"] == pl.Int64
    assert r.summary.schema["crossing_year"].is_integer()
    assert r.total.schema["base_year"] == pl.Int64
    bids = ("bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\n"
            "A,laptop,200,20,5,3,5,no\nB,laptop,250,20,5,3,5,no\n")
    t = empreinte.tender(bids)
    assert t.ranking.schema["rank"] == pl.Int64
    assert t.ranking["rank"].to_list() == [1, 2]


def test_the_surfaces_python_lacked_and_the_errors_it_raised_differently(tmp_path: Path) -> None:
    """Issue 20's surface drift: zones() and criteria() as in JavaScript; the
    exceptions carry `suggestion`; a directory is `not_csv` as in the
    command; a non-UTF-8 SCI file is a typed error, not UnicodeDecodeError."""
    z = empreinte.zones()
    assert z.columns == ["code", "name", "first_year", "last_year"]
    assert z.schema["first_year"] == pl.Int64 and "BE" in z["code"].to_list()
    water = "criterion,unit,kind,phase,value,low,high,source\nwater,m3,laptop,manufacture,1.2,,,illustrative\n"
    assert empreinte.criteria()["id"].to_list()[0] == "gwp"
    assert empreinte.criteria(factors=water)["id"].to_list()[-1] == "water"
    with pytest.raises(empreinte.UnknownKindError) as e:
        empreinte.assess("entity,kind,quantity,purchase_year,country\nA,lapotp,1,2021,BE\n", year=2023)
    assert e.value.suggestion == "laptop"
    with pytest.raises(empreinte.NotCsvError, match="this is a directory"):
        empreinte.assess(tmp_path, year=2023)
    bad = tmp_path / "run.json"
    bad.write_bytes(b"\xff\xfe{}")
    with pytest.raises(empreinte.NotCsvError, match="byte 1 is not UTF-8"):
        empreinte.sci_report(bad)
    assert "invalid_option" in empreinte.ERROR_CODES


def test_a_horizon_not_named_is_the_inventorys() -> None:
    """Issue 19: `compare` over one's own inventory with policies that name
    no years starts from the whole inventory (its last purchase year), not
    from a 2021 fleet, and says so."""
    inventory = ("entity,kind,quantity,purchase_year,country\nA,laptop,10,2020,BE\n"
                 "A,laptop,5,2023,BE\nA,desktop,2.5,2024,BE\n")
    c = empreinte.compare(inventory, [{"name": "four", "lifespan_years": {"laptop": 4}},
                                      {"name": "six", "lifespan_years": {"laptop": 6}}])
    years = c.inventory.filter(pl.col("scenario") == "four")["year"]
    assert (years.min(), years.max()) == (2024, 2033)
    first = c.inventory.filter((pl.col("scenario") == "four") & (pl.col("year") == 2024))
    assert first["stock_devices"][0] == pytest.approx(17.5)
    assert any(n.code == "horizon_from_inventory" and "2024-2033" in n.message for n in c.notes)
    named = empreinte.simulate(inventory, {"start_year": 2021, "end_year": 2025})
    assert any(n.code == "later_purchases" for n in named.notes)


def test_a_tender_names_its_bidders_and_its_sources() -> None:
    """Issue 20: the bidder in a ``bidder`` column and the grid's source, as
    in the command's JSON."""
    bids = ("bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\n"
            "A,laptop,200,20,5,3,5,no\nB,laptop,250,20,5,3,5,no\n")
    t = empreinte.tender(bids, year=2024)
    assert t.ranking["bidder"].to_list() == ["A", "B"]
    assert t.sources["item"][0].startswith("grid intensity BE 2024")
    assert t.datasets["id"].to_list() == ["ember-owid"]
