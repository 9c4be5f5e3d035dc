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

_Assessed = tuple[ArrowStreamExportable, ArrowStreamExportable, list[tuple[str, str]]]
_Factors = list[tuple[str, bytes]]

def assess_arrow(
    data: ArrowStreamExportable,
    year: int,
    mode: str,
    by: str,
    country: str | None = None,
    factors: _Factors = ...,
) -> _Assessed: ...
def assess_csv(
    path: str,
    year: int,
    mode: str,
    by: str,
    country: str | None = None,
    factors: _Factors = ...,
) -> _Assessed: ...
def keep_longer(
    data: ArrowStreamExportable, extra_years: float, country: str | None = None
) -> ArrowStreamExportable: ...
def keep_longer_csv(path: str, extra_years: float, country: str | None = None) -> ArrowStreamExportable: ...
def device_footprint(
    kind: str,
    country: str,
    year: int,
    lifespan_years: float | None = None,
    annual_energy_kwh: float | None = None,
    embodied_gwp_kgco2e: float | None = None,
    factors: _Factors = ...,
) -> ArrowStreamExportable: ...
def grid_intensity(code: str, year: int) -> tuple[float, int, int]: ...
def archetypes() -> ArrowStreamExportable: ...
def datasets() -> ArrowStreamExportable: ...
def example_fleet_csv() -> str: ...
def example_factors_csv() -> str: ...
