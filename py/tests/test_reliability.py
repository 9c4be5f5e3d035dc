"""Issue 23, "Reliability, round 2", through Python: the same inputs refused
(with the same exception classes) or read the same as by the command and
JavaScript: whole years, a kind named twice, unnamed policies compared,
impossible data-centre values, a change of resolution without ``end``, a
bench filter that keeps each benchmark's share of the run."""

from __future__ import annotations

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


def test_forty_thousand_tenants_as_a_dataframe() -> None:
    n = 40_000
    tenants = pl.DataFrame({"tenant": [f"t{i}" for i in range(n)], "it_kwh": [1.0] * n})
    year = "start,end,it_kwh,facility_kwh\n2022-01-01,2023-01-01,100000,130000\n"
    dc = empreinte.datacentre(year, facility=FACILITY, tenants=tenants)
    loc = dc.tenants.filter(pl.col("scope2_method") == "location_based")
    assert loc.height == n + 1
    assert loc["it_kwh"][-1] == pytest.approx(60_000)
