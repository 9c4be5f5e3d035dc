"""empreinte: the carbon footprint of device fleets, with uncertainty and sources.

The numbers come from the Rust library ``empreinte`` (the same code as the
``empreinte`` command); this package converts inventories and results to and
from polars DataFrames through Arrow, without a Python loop over rows.

>>> import empreinte
>>> fleet = empreinte.example_fleet()
>>> result = empreinte.assess(fleet, year=2024)
>>> result.columns[:4]
['entity', 'lines', 'devices', 'devices_beyond_amortisation']
>>> bool((result["gwp_total_kgco2e_low"] <= result["gwp_total_kgco2e_high"]).all())
True
"""

# Only the API is bound here (`dir(empreinte)` shows nothing else): the
# implementation and its imports live in private modules.
from empreinte import _native
from empreinte._api import (
    Extension,
    Factors,
    GridIntensity,
    Inventory,
    Mode,
    Note,
    Report,
    archetypes,
    assess,
    criteria,
    datasets,
    device_footprint,
    example_factors_csv,
    example_fleet,
    example_fleet_csv,
    grid_intensity,
    keep_longer,
    report,
    zones,
)
from empreinte._datacentre import (
    DatacentreReport,
    HourlyGrid,
    datacentre,
    example_datacentre_csv,
    hourly_grid_intensity,
)
from empreinte._ghg import GhgReport, ghg
from empreinte._policy import (
    POLICY_KEYS,
    REFERENCE_SCENARIOS,
    PolicyReport,
    TenderReport,
    compare,
    extend_or_replace,
    reference_inventory,
    reference_policy,
    simulate,
    tender,
)
from empreinte._sci import SciBenchmark, SciResult, measure, sci, sci_report
from empreinte._uncertainty import (
    ComparisonMonteCarloReport,
    DatacentreMonteCarloReport,
    Distribution,
    GhgMonteCarloReport,
    MonteCarloReport,
    compare_monte_carlo,
    datacentre_monte_carlo,
    ghg_monte_carlo,
    monte_carlo,
)
from empreinte._errors import *  # noqa: F403  (one exception class per core error code)

__version__: str = _native.__version__

#: Every error code core can report (derived from core's error enum); each
#: has its own exception class.
ERROR_CODES: tuple[str, ...] = tuple(_native.ERROR_CODES)
#: The columns of the inventory format, units in the names (core's schema).
INVENTORY_COLUMNS: tuple[str, ...] = tuple(_native.INVENTORY_COLUMNS)

# The exception classes are made from core's error codes (_errors.py); their
# names are listed here too for type checkers, which read `__all__`
# statically. stubtest (scripts/test-python.sh) and tests/test_errors.py fail
# when a core code's class is missing from this list or from _errors.pyi.
__all__ = [
    "ERROR_CODES",
    "INVENTORY_COLUMNS",
    "AmbiguousNumberError",
    "ConflictingColumnsError",
    "DatasetError",
    "EmpreinteError",
    "EmptyInventoryError",
    "InputError",
    "InvalidCriterionError",
    "InvalidDateError",
    "InvalidNumberError",
    "InvalidOptionError",
    "IoError",
    "MalformedCsvError",
    "MissingColumnError",
    "MissingCountryError",
    "MissingValueError",
    "NoDefaultEnergyError",
    "NoLoadModelError",
    "NotCsvError",
    "NotFiniteError",
    "OutOfRangeError",
    "UnknownColumnError",
    "UnknownCountryError",
    "UnknownKindError",
    "Extension",
    "Factors",
    "GridIntensity",
    "Inventory",
    "Mode",
    "Note",
    "Report",
    "archetypes",
    "assess",
    "criteria",
    "datasets",
    "device_footprint",
    "example_factors_csv",
    "example_fleet",
    "example_fleet_csv",
    "grid_intensity",
    "keep_longer",
    "report",
    "DatacentreReport",
    "HourlyGrid",
    "datacentre",
    "example_datacentre_csv",
    "hourly_grid_intensity",
    "GhgReport",
    "ghg",
    "POLICY_KEYS",
    "REFERENCE_SCENARIOS",
    "PolicyReport",
    "TenderReport",
    "compare",
    "extend_or_replace",
    "reference_inventory",
    "reference_policy",
    "simulate",
    "tender",
    "SciBenchmark",
    "SciResult",
    "measure",
    "sci",
    "sci_report",
    "Distribution",
    "MonteCarloReport",
    "monte_carlo",
    "ComparisonMonteCarloReport",
    "compare_monte_carlo",
    "DatacentreMonteCarloReport",
    "datacentre_monte_carlo",
    "GhgMonteCarloReport",
    "ghg_monte_carlo",
    "zones",
]
