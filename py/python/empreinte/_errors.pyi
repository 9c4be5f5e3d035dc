# Typed declaration of the exception classes that _errors.py builds from the
# native module's error codes (core's `Error::codes()`). mypy.stubtest checks
# it against the runtime module: a core error code without its class here
# fails the check.

__all__ = [
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
]

class EmpreinteError(Exception):
    """Base class of every error raised by empreinte."""

    #: Stable identifier of the error kind (see ``ERROR_CODES``).
    code: str
    #: The input the problem is in (a file name, ``inventory``, ``options``, ...).
    source: str | None
    #: 1-based line of a text file (the header is line 1).
    line: int | None
    #: 0-based index of an in-memory row (DataFrame row, list item).
    row: int | None
    #: The column, field or keyword argument.
    column: str | None
    suggestion: str | None

class InputError(EmpreinteError, ValueError):
    """Base class of the errors about the caller's input."""

class MalformedCsvError(InputError):
    """A CSV line could not be read (field count, quoting, UTF-8)."""

class EmptyInventoryError(InputError):
    """The inventory has no device row."""

class MissingColumnError(InputError):
    """A required column is absent."""

class UnknownColumnError(InputError):
    """A column name looks like a known one with a typo (often the unit)."""

class MissingValueError(InputError):
    """A required value is empty."""

class InvalidNumberError(InputError):
    """A value is not a number (units go in the column name, not the cell)."""

class AmbiguousNumberError(InputError):
    """A number whose ``.`` is neither a decimal point nor a thousands separator
    in its file's dialect (``1.5`` in a ``;`` file with decimal commas)."""

class NotFiniteError(InputError):
    """A number is NaN or infinite."""

class OutOfRangeError(InputError):
    """A number is outside its allowed range."""

class InvalidDateError(InputError):
    """A date is not ``YYYY-MM-DD`` (or ``DD/MM/YYYY``)."""

class UnknownKindError(InputError):
    """A device kind that no archetype describes."""

class NoDefaultEnergyError(InputError):
    """A device kind without a default electricity use (embodied footprint only), where the input gives none."""

class NoLoadModelError(InputError):
    """A row gives a ``utilisation`` for a kind without power at idle and at full load."""

class ConflictingColumnsError(InputError):
    """Two columns of one row set the same value (``utilisation`` with ``annual_energy_kwh`` or ``usage_profile``)."""

class UnknownCountryError(InputError):
    """A country or zone code with no grid-intensity data."""

class MissingCountryError(InputError):
    """A row has no country and no default country was given."""

class InvalidCriterionError(InputError):
    """An impact criterion is unknown or written with the wrong unit."""

class InvalidOptionError(InputError):
    """An option (``mode``, ``by``, a factor table's ``phase``) has a value outside its choices."""

class NotCsvError(InputError):
    """The input is not a CSV text (a spreadsheet, a PDF, a directory...)."""

class DatasetError(EmpreinteError):
    """An embedded or user-supplied dataset is inconsistent."""

class IoError(EmpreinteError, OSError):
    """Reading the input failed (missing file, permissions, ...)."""

#: The class of every error code; the native module raises through this map.
BY_CODE: dict[str, type[EmpreinteError]]
