"""Data centres through Python: the golden cases of golden/datacentre_cases.json
(from CSV text, files and DataFrames), the same numbers as ``empreinte
datacentre --format json``, the embedded illustrative data centre, and bad
inputs raising typed errors located at their file, line and column."""

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
CASES: list[dict[str, Any]] = json.loads((ROOT / "golden" / "datacentre_cases.json").read_text())["cases"]
FILES = ("readings", "facility", "instruments", "tenants", "hourly", "equipment")


def _close(got: float | None, want: float, tol: float) -> bool:
    return got is not None and abs(got - want) <= tol * max(abs(want), 1) + 1e-9


def _kwargs(case: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
    i = case["inputs"]
    return {
        "facility": files["facility"],
        "instruments": files["instruments"],
        "tenants": files["tenants"],
        "hourly_grid": files["hourly"],
        "equipment": files["equipment"],
        "time_zone": i["time_zone"],
        "allocation": i["allocation"],
        "mode": i.get("mode"),
    }


def _value(dc: empreinte.DatacentreReport, key: str) -> float | None:
    """A value of the report by the golden files' keys."""
    kpi = {"pue": "PUE", "wue_l_per_kwh": "WUE", "erf": "ERF", "ref": "REF",
           "cue_kgco2e_per_kwh": "CUE carbon usage effectiveness (location",
           "cue_market_kgco2e_per_kwh": "CUE carbon usage effectiveness (market",
           "scope2_location_annual_kgco2e": "location-based, yearly",
           "scope2_location_hourly_kgco2e": "location-based, hourly",
           "scope2_series_mean_kgco2e": "location-based, series mean",
           "scope3_cat3_kgco2e": "scope 3 cat. 3, upstream of electricity",
           "scope3_building_kgco2e": "building and M&E embodied",
           "scope3_equipment_kgco2e": "IT equipment embodied"}  # fmt: skip
    if key in kpi:
        return dc.value(kpi[key])
    cooling = {"cooling_onsite_covered_kwh": "covered by on-site renewables",
               "cooling_contracted_covered_kwh": "covered by instruments for cooling",
               "ref_without_renewable_cooling": "REF without renewable cooling",
               "scope2_location_without_cooling_kgco2e": "scope 2 location-based without",
               "scope2_market_without_cooling_kgco2e": "scope 2 market-based without"}  # fmt: skip
    if key in cooling:
        row = dc.cooling.filter(pl.col("indicator").str.starts_with(cooling[key]))
        return None if row.height == 0 or row["value"][0] is None else float(row["value"][0])
    total = {"scope1_kgco2e": ("location_based", "scope1_kgco2e"),
             "scope2_location_kgco2e": ("location_based", "scope2_kgco2e"),
             "scope2_market_kgco2e": ("market_based", "scope2_kgco2e")}  # fmt: skip
    if key in total:
        method, column = total[key]
        return float(dc.total.filter(pl.col("scope2_method") == method)[column][0])
    _, tenant, column = key.split(":")
    method = "market_based" if column == "scope2_market_kgco2e" else "location_based"
    row = dc.tenants.filter((pl.col("tenant") == tenant) & (pl.col("scope2_method") == method))
    assert row.height == 1, (tenant, dc.tenants)
    return float(row[column.replace("_location", "").replace("_market", "")][0])


def _check(dc: empreinte.DatacentreReport, case: dict[str, Any]) -> None:
    for key, want in case["expected"].items():
        got = _value(dc, key)
        assert _close(got, want, case["tolerance_rel"]), f"{case['name']}: {key} = {got}, expected {want}"


def test_cases_are_there() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_from_text(case: dict[str, Any]) -> None:
    files = {f: case["inputs"].get(f"{f}_csv") for f in FILES}
    _check(empreinte.datacentre(files["readings"], **_kwargs(case, files)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_from_files(case: dict[str, Any], tmp_path: Path) -> None:
    files: dict[str, Any] = {}
    for f in FILES:
        text = case["inputs"].get(f"{f}_csv")
        files[f] = None
        if text is not None:
            files[f] = tmp_path / f"{f}.csv"
            files[f].write_text(text)
    _check(empreinte.datacentre(files["readings"], **_kwargs(case, files)), case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_from_dataframes(case: dict[str, Any]) -> None:
    """Readings and tenants as DataFrames (timestamps as text or datetimes) give the same numbers."""
    files = {f: case["inputs"].get(f"{f}_csv") for f in FILES}
    readings = pl.read_csv(io.StringIO(files["readings"]))
    tenants = files["tenants"] and pl.read_csv(io.StringIO(files["tenants"]))
    _check(empreinte.datacentre(readings, **_kwargs(case, {**files, "tenants": tenants})), case)
    if case["inputs"]["time_zone"] == "UTC":
        # Timestamps as datetimes in the zone of their offsets (written back
        # with it, so the reporting year is the one written).
        zone = "Europe/Brussels" if "+01:00" in files["readings"] else "UTC"
        dated = readings.with_columns(
            pl.col(c).str.to_datetime(time_zone="UTC").dt.convert_time_zone(zone) for c in ("start", "end") if c in readings.columns
        )
        _check(empreinte.datacentre(dated.lazy(), **_kwargs(case, files)), case)


def _rows_close(python: pl.DataFrame, command: list[dict[str, Any]]) -> None:
    assert python.height == len(command)
    for got, want in zip(python.iter_rows(named=True), command, strict=True):
        assert set(got) == set(want), (set(got) ^ set(want))
        for column, value in want.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                # The command writes 10 significant digits by default (one
                # number rule for CSV and JSON): agree to 1e-9 relative.
                assert _close(got[column], value, 1e-9), (column, got[column], value)
            else:
                assert got[column] == value, (column, got[column], value)



def _section(out: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The rows of the command's JSON section `name` (sections in order)."""
    rows: list[dict[str, Any]] = next(s for s in out["sections"] if s["name"] == name)["rows"]
    return rows

@pytest.mark.parametrize("case", CASES[:1], ids=[c["name"] for c in CASES[:1]])
def test_same_numbers_as_the_command(case: dict[str, Any], cli: Path, tmp_path: Path) -> None:
    args = [str(cli), "datacentre", "--format", "json"]
    for f, option in [("readings", "--readings"), ("facility", "--facility"),
                      ("instruments", "--instruments"), ("tenants", "--tenants")]:  # fmt: skip
        path = tmp_path / f"{f}.csv"
        path.write_text(case["inputs"][f"{f}_csv"])
        args += [option, str(path)]
    args += ["--time-zone", case["inputs"]["time_zone"], "--allocation", case["inputs"]["allocation"]]
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    files = {f: case["inputs"].get(f"{f}_csv") for f in FILES}
    dc = empreinte.datacentre(files["readings"], **_kwargs(case, files))
    for name in ("kpi", "total", "scopes", "cooling", "tenants"):
        _rows_close(getattr(dc, name), _section(out, name))


def test_the_example_is_the_commands_example(cli: Path) -> None:
    out = json.loads(subprocess.run([str(cli), "datacentre", "--format", "json"], check=True,
                                    capture_output=True, text=True).stdout)  # fmt: skip
    dc = empreinte.datacentre()
    assert dc.year == out["year"] == 2022
    for name in ("kpi", "total", "scopes", "cooling", "tenants"):
        _rows_close(getattr(dc, name), _section(out, name))
    assert [n.code for n in dc.notes] == [n["code"] for n in out["notes"]]
    assert dc.notes[0].code == "example_data" and "ILLUSTRATIVE" in dc.notes[0].message


def test_the_example_has_its_hourly_series() -> None:
    dc = empreinte.datacentre()
    assert dc.hourly is not None and dc.hourly.height == 8760
    assert dc.hourly.columns == ["start_utc", "it_kwh", "facility_kwh", "grid_kwh"]
    assert dc.hourly["it_kwh"].sum() == pytest.approx(dc.value("E_IT"), rel=1e-12)
    # One basis for the headline whatever the meter resolution (issue 17):
    # the yearly direct figure; the hourly one gives the timing effect only.
    assert dc.value("location-based, reported") == dc.value("location-based, yearly")
    timing, hourly, mean = (dc.value(k) for k in ("hourly minus series mean", "location-based, hourly", "location-based, series mean"))
    assert timing is not None and hourly is not None and mean is not None
    assert timing == hourly - mean
    # The series of the timing effect is on the direct basis too.
    assert "electricitymaps-hourly-direct" in dc.datasets["id"].to_list()
    files = empreinte.example_datacentre_csv()
    assert files["time_zone"] == "Europe/Brussels"
    again = empreinte.datacentre(files["readings"], facility=files["facility"], time_zone=files["time_zone"])
    assert again.value("PUE") == dc.value("PUE")


def test_hourly_grid_intensity() -> None:
    for zone in ("BE", "FR", "NL", "DE"):
        grid = empreinte.hourly_grid_intensity(zone)
        assert grid.zone == zone and grid.table.height == 8760
        assert grid.source.startswith("electricitymaps-hourly")
    own = empreinte.hourly_grid_intensity("X", "datetime_utc,intensity_gco2e_per_kwh\n2022-01-01T00:00Z,100\n2022-01-01T01:00Z,50\n")
    assert own.table["intensity_gco2e_per_kwh"].to_list() == [100.0, 50.0]


READINGS = "start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2022-01-01T01:00Z,100,150\n"
FACILITY = "field,value\nzone,BE\n"


@pytest.mark.parametrize(
    ("readings", "facility", "extra", "error", "line", "column"),
    [
        (READINGS.replace("100,150", "100,90"), FACILITY, {}, empreinte.OutOfRangeError, 2, "facility_kwh"),
        (READINGS.replace("100,150", "-1,150"), FACILITY, {}, empreinte.OutOfRangeError, 2, "it_kwh"),
        (READINGS + "2022-01-01T00:30Z,2022-01-01T01:30Z,100,150\n", FACILITY, {}, empreinte.MalformedCsvError, 3, "start"),
        (READINGS, "field,value,gas\nzone,BE,\nrefrigerant_topped_up_kg,1,R-999\n", {}, empreinte.InvalidOptionError, 3, "gas"),
        (READINGS, FACILITY, {"instruments": "instrument,kwh,factor_gco2e_per_kwh\ngo,1000,0\nresidual_mix,,200\n"},
         empreinte.OutOfRangeError, 2, "kwh"),
        (READINGS.replace("2022-01-01T00:00Z", "2022-13-01T00:00Z"), FACILITY, {}, empreinte.InvalidDateError, 2, "start"),
    ],
    ids=["pue-below-1", "negative", "overlap", "unknown-refrigerant", "instruments-exceed", "bad-date"],
)  # fmt: skip
def test_bad_inputs_name_the_file_line_and_column(
    readings: str, facility: str, extra: dict[str, Any], error: type[empreinte.EmpreinteError], line: int, column: str
) -> None:
    with pytest.raises(error) as info:
        empreinte.datacentre(readings, facility=facility, **extra)
    assert isinstance(info.value, ValueError)
    assert info.value.line == line and info.value.column == column, (info.value, info.value.line)
    assert info.value.source in {"readings", "facility", "instruments"}


def test_a_bad_file_path_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(empreinte.IoError) as info:
        empreinte.datacentre(tmp_path / "missing.csv", facility=FACILITY)
    assert info.value.source == str(tmp_path / "missing.csv")


def test_readings_without_facility_is_an_error() -> None:
    with pytest.raises(empreinte.MissingValueError) as info:
        empreinte.datacentre(READINGS)
    assert info.value.column == "facility"


def test_bad_options() -> None:
    with pytest.raises(empreinte.InvalidOptionError):
        empreinte.datacentre(READINGS, facility=FACILITY, allocation="by-racks")
    with pytest.raises(empreinte.InvalidOptionError):
        empreinte.datacentre(READINGS, facility=FACILITY, fill_gaps="interpolate")
    with pytest.raises(TypeError):
        empreinte.datacentre(42, facility=FACILITY)  # type: ignore[arg-type]


def test_the_example_refuses_files_it_would_ignore() -> None:
    """Without readings and facility, the embedded example (core's one
    assembly, as the command): tenants, instruments, equipment or a time
    zone given with it would be dropped, so core refuses them."""
    for key, value in [
        ("tenants", "tenant,it_kwh\nA,1\n"),
        ("instruments", "instrument,kwh\n"),
        ("equipment", "entity,kind,quantity\nA,laptop,1\n"),
        ("time_zone", "UTC"),
    ]:
        with pytest.raises(empreinte.InvalidOptionError) as e:
            empreinte.datacentre(**{key: value})  # type: ignore[arg-type]
        assert e.value.column == key
    assert any(n.code == "example_data" for n in empreinte.datacentre().notes)


def test_reading_notes_and_onsite_energy_entered_again_are_said() -> None:
    """Issues 17 and 20: an ignored instruments column (`scope` meant as
    `covers`) and the on-site energy listed again as an instrument reach the
    notes."""
    c = CASES[0]["inputs"]
    scoped = (
        "instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,scope\n"
        "go,500000,0,2022-01-01,2022-12-31,true,cooling\nresidual_mix,,200,,,,\n"
    )
    dc = empreinte.datacentre(c["readings_csv"], facility=c["facility_csv"], instruments=scoped)
    assert any(n.code == "ignored_column" and "column `scope`" in n.message for n in dc.notes), dc.notes
    twice = c["instruments_csv"].replace("residual_mix,", "go,50000,0,2022-01-01,2022-12-31,true,all\nresidual_mix,")
    dc = empreinte.datacentre(c["readings_csv"], facility=c["facility_csv"], instruments=twice)
    assert any(n.code == "onsite_and_instrument" for n in dc.notes), dc.notes
