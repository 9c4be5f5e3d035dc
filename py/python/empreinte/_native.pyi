# Stub of the private native module (py/src/*.rs). Checked by mypy.stubtest.
from empreinte._types import ArrowStreamExportable

SCI_DEFAULT_MACHINE: str
SCI_DEFAULT_ZONE: str
ERROR_CODES: list[str]
INPUT_ERROR_CODES: list[str]
INVENTORY_COLUMNS: list[str]
POLICY_KEYS: list[str]
__version__: str
__all__ = [
    "ERROR_CODES",
    "INPUT_ERROR_CODES",
    "INVENTORY_COLUMNS",
    "POLICY_KEYS",
    "SCI_DEFAULT_MACHINE",
    "SCI_DEFAULT_ZONE",
    "__version__",
    "archetypes",
    "assess_arrow",
    "assess_check",
    "assess_combine",
    "assess_csv",
    "assess_partial",
    "assess_partial_lanes",
    "datacentre",
    "datacentre_combine",
    "datacentre_monte_carlo",
    "datasets",
    "device_footprint",
    "example_datacentre_csv",
    "example_factors_csv",
    "example_fleet_csv",
    "extend_or_replace",
    "ghg",
    "ghg_monte_carlo",
    "grid_intensity",
    "hourly_grid",
    "keep_longer",
    "keep_longer_csv",
    "criterion_runs",
    "monte_carlo_arrow",
    "monte_carlo_csv",
    "compare_monte_carlo_arrow",
    "compare_monte_carlo_csv",
    "parse_criterion",
    "parse_pytest_benchmark",
    "policy_file_json",
    "readings_partial",
    "reference_scenarios",
    "sci",
    "sci_saved",
    "simulate_arrow",
    "simulate_csv",
    "tender",
    "criteria",
    "read_sci_file",
    "zones",
]

# A CSV input: its name, and its text (None: the name is a file to read).
_Input = tuple[str, str | None]
# A benchmark: id, iterations, measured time (s), elements per iteration,
# relative noise, source file (core's `sci::Benchmark`).
_Benchmark = tuple[str, float, float, float | None, float | None, str]
# Table, whole-fleet table, sources, dataset editions, notes (code, message),
# the table as CSV text (core's writer, as the command writes it).
_Assessed = tuple[
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[tuple[str, str]],
    str,
]

def assess_arrow(
    data: ArrowStreamExportable,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
    all_criteria: bool = False,
) -> _Assessed: ...
def assess_csv(
    input: _Input,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
    all_criteria: bool = False,
) -> _Assessed: ...
def keep_longer(
    data: ArrowStreamExportable,
    extra_years: float,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> tuple[ArrowStreamExportable, tuple[float, float, float], list[tuple[str, str]]]: ...
def keep_longer_csv(
    input: _Input,
    extra_years: float,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> tuple[ArrowStreamExportable, tuple[float, float, float], list[tuple[str, str]]]: ...
def device_footprint(
    kind: str,
    country: str,
    year: int,
    purchase_year: int | None = None,
    disposal_year: int | None = None,
    mode: str | None = None,
    lifespan_years: float | None = None,
    annual_energy_kwh: float | None = None,
    embodied_gwp_kgco2e: float | None = None,
    factors: list[_Input] = ...,
) -> ArrowStreamExportable: ...
def grid_intensity(zone: str, year: int) -> tuple[str, int, int, float]: ...
def archetypes(factors: list[tuple[str, str | None]] = ...) -> ArrowStreamExportable: ...
def datasets(factors: list[tuple[str, str | None]] = ...) -> ArrowStreamExportable: ...
def zones() -> ArrowStreamExportable: ...
def criteria(factors: list[tuple[str, str | None]] = ...) -> ArrowStreamExportable: ...
def example_fleet_csv() -> str: ...
def example_factors_csv() -> str: ...
def sci(
    machine: str,
    zone: str,
    year: int,
    vcpus: float,
    wall_time_s: float,
    cpu_time_s: float,
    rapl_energy_kwh: float | None = None,
    rapl_status: str | None = None,
    memory_gb: float | None = None,
    embodied_kgco2e: float | None = None,
    lifespan_years: float | None = None,
    host_vcpus: float | None = None,
    per: float | None = None,
    benchmarks: list[_Benchmark] | None = None,
    command: list[str] = ...,
    exit_code: int | None = ...,
    bench_filter: str | None = None,
    other_measured_time_s: float = 0.0,
    processes_outliving: int = 0,
) -> str: ...
def sci_saved(source: str, text: str) -> tuple[str, str]: ...
def read_sci_file(path: str) -> str: ...
def criterion_runs(files: list[str]) -> list[tuple[str, str, str, str]]: ...
def parse_criterion(dir: str, benchmark_json: str, estimates_json: str, sample_json: str) -> _Benchmark: ...
def parse_pytest_benchmark(source: str, text: str) -> list[_Benchmark]: ...

# A report: (section name, table) in core's order, notes (code, message),
# sources, dataset editions.
_Sections = tuple[
    list[tuple[str, ArrowStreamExportable]],
    list[tuple[str, str]],
    ArrowStreamExportable,
    ArrowStreamExportable,
]
# A policy: the name of its source and its JSON text.
_Policy = tuple[str, str]
# Per policy: name, crossing year, cumulative total (central, low, high).
_Summary = tuple[str, int | None, tuple[float, float, float]]

def datacentre(
    readings: _Input | None = None,
    facility: _Input | None = None,
    instruments: _Input | None = None,
    tenants: _Input | None = None,
    equipment: _Input | None = None,
    hourly_grid: _Input | None = None,
    allocation: str | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: list[_Input] = ...,
    mode: str | None = None,
) -> tuple[int, _Sections, ArrowStreamExportable | None]: ...
def datacentre_monte_carlo(
    readings: _Input | None = None,
    facility: _Input | None = None,
    instruments: _Input | None = None,
    tenants: _Input | None = None,
    equipment: _Input | None = None,
    hourly_grid: _Input | None = None,
    allocation: str | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: list[_Input] = ...,
    mode: str | None = None,
    samples: int | None = None,
    seed: int | None = None,
    distribution: str | None = None,
) -> tuple[
    int,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[tuple[str, str]],
    str | None,
]: ...
def hourly_grid(
    zone: str, series: _Input | None = None, basis: str | None = None
) -> tuple[str, str, ArrowStreamExportable]: ...
def example_datacentre_csv() -> list[tuple[str, str]]: ...
def ghg(
    inventory: _Input | None = None,
    year: int | None = None,
    country: str | None = None,
    fleet_instruments: _Input | None = None,
    grid_factors: _Input | None = None,
    readings: _Input | None = None,
    facility: _Input | None = None,
    instruments: _Input | None = None,
    tenants: _Input | None = None,
    equipment: _Input | None = None,
    hourly_grid: _Input | None = None,
    allocation: str | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: list[_Input] = ...,
) -> tuple[int, _Sections]: ...
def ghg_monte_carlo(
    inventory: _Input | None = None,
    year: int | None = None,
    country: str | None = None,
    fleet_instruments: _Input | None = None,
    grid_factors: _Input | None = None,
    readings: _Input | None = None,
    facility: _Input | None = None,
    instruments: _Input | None = None,
    tenants: _Input | None = None,
    equipment: _Input | None = None,
    hourly_grid: _Input | None = None,
    allocation: str | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: list[_Input] = ...,
    samples: int | None = None,
    seed: int | None = None,
    distribution: str | None = None,
) -> tuple[
    int,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[tuple[str, str]],
    str | None,
]: ...
def simulate_arrow(
    data: ArrowStreamExportable,
    policies: list[_Policy],
    compare: bool,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> tuple[_Sections, list[_Summary]]: ...
def simulate_csv(
    input: _Input,
    policies: list[_Policy],
    compare: bool,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> tuple[_Sections, list[_Summary]]: ...
def tender(
    bids: _Input,
    weight_pct: float | None = None,
    country: str | None = None,
    year: int | None = None,
) -> tuple[_Sections, str, float]: ...
def extend_or_replace(
    kind: str,
    country: str,
    annual_energy_kwh: float | None = None,
    policy: _Policy | None = None,
    factors: list[_Input] = ...,
) -> str: ...
def reference_scenarios() -> list[tuple[str, str, str, str]]: ...
def policy_file_json(source: str, data: bytes) -> str: ...

# empreinte.spark (py/src/spark.rs): partial sums per partition, combined
# on the driver.
def assess_partial_lanes(
    year: int, mode: str | None = None, by: str | None = None, factors: list[_Input] = ...
) -> list[str]: ...
def assess_check(
    columns: list[str],
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> None: ...
def assess_partial(
    data: ArrowStreamExportable,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> ArrowStreamExportable: ...
def assess_combine(
    combined: ArrowStreamExportable,
    columns: list[str],
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
    all_criteria: bool = False,
) -> _Assessed: ...
def readings_partial(
    data: ArrowStreamExportable, time_zone: str | None = None, interval_minutes: float | None = None
) -> ArrowStreamExportable: ...
def datacentre_combine(
    sums: ArrowStreamExportable,
    readings: _Input,
    facility: _Input,
    instruments: _Input | None = None,
    tenants: _Input | None = None,
    equipment: _Input | None = None,
    hourly_grid: _Input | None = None,
    allocation: str | None = None,
    time_zone: str | None = None,
    interval_minutes: float | None = None,
    fill_gaps: str | None = None,
    encoding: str | None = None,
    factors: list[_Input] = ...,
) -> tuple[int, _Sections, ArrowStreamExportable | None]: ...
# Groups, total, drivers, samples of the total, sources, dataset editions,
# notes (code, message), the drivers' sentence.
_MonteCarlo = tuple[
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[tuple[str, str]],
    str | None,
]

def monte_carlo_arrow(
    data: ArrowStreamExportable,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
    samples: int | None = None,
    seed: int | None = None,
    distribution: str | None = None,
) -> _MonteCarlo: ...
def monte_carlo_csv(
    input: _Input,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
    samples: int | None = None,
    seed: int | None = None,
    distribution: str | None = None,
) -> _MonteCarlo: ...
# The comparison table, the drivers of each difference, the sentences, the
# sources, the dataset editions, the notes (code, message).
_ComparisonMonteCarlo = tuple[
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[str],
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[tuple[str, str]],
]

def compare_monte_carlo_arrow(
    data: ArrowStreamExportable,
    policies: list[tuple[str, str]],
    country: str | None = None,
    factors: list[_Input] = ...,
    samples: int | None = None,
    seed: int | None = None,
    distribution: str | None = None,
) -> _ComparisonMonteCarlo: ...
def compare_monte_carlo_csv(
    input: _Input,
    policies: list[tuple[str, str]],
    country: str | None = None,
    factors: list[_Input] = ...,
    samples: int | None = None,
    seed: int | None = None,
    distribution: str | None = None,
) -> _ComparisonMonteCarlo: ...
