# Stub of the private native module (py/src/*.rs). Checked by mypy.stubtest.
from empreinte._types import ArrowStreamExportable

ERROR_CODES: list[str]
INPUT_ERROR_CODES: list[str]
INVENTORY_COLUMNS: list[str]
__version__: str
__all__ = [
    "ERROR_CODES",
    "INPUT_ERROR_CODES",
    "INVENTORY_COLUMNS",
    "__version__",
    "archetypes",
    "assess_arrow",
    "assess_csv",
    "datasets",
    "device_footprint",
    "example_factors_csv",
    "example_fleet_csv",
    "grid_intensity",
    "keep_longer",
    "keep_longer_csv",
]

# A CSV input: its name, and its text (None: the name is a file to read).
_Input = tuple[str, str | None]
# Table, whole-fleet table, sources, dataset editions, notes (code, message).
_Assessed = tuple[
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    ArrowStreamExportable,
    list[tuple[str, str]],
]

def assess_arrow(
    data: ArrowStreamExportable,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> _Assessed: ...
def assess_csv(
    input: _Input,
    year: int,
    mode: str | None = None,
    by: str | None = None,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> _Assessed: ...
def keep_longer(
    data: ArrowStreamExportable,
    extra_years: float,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> ArrowStreamExportable: ...
def keep_longer_csv(
    input: _Input,
    extra_years: float,
    country: str | None = None,
    factors: list[_Input] = ...,
) -> ArrowStreamExportable: ...
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
def archetypes() -> ArrowStreamExportable: ...
def datasets() -> ArrowStreamExportable: ...
def example_fleet_csv() -> str: ...
def example_factors_csv() -> str: ...
