"""Exceptions: one class per core error code.

Every error core can report has a stable ``code`` (``empreinte._native.ERROR_CODES``)
and its own class here, so that callers can catch exactly what they expect.
Errors about the caller's input also subclass :class:`ValueError`; the place
of the problem is on the exception: ``source`` (file or ``inventory``),
``line`` (1-based line of a CSV file), ``row`` (0-based index of a DataFrame
row or list item) and ``column``.
"""

from __future__ import annotations


class EmpreinteError(Exception):
    """Base class of every error raised by empreinte.

    >>> import empreinte
    >>> try:
    ...     empreinte.grid_intensity("XX", 2023)
    ... except empreinte.EmpreinteError as e:
    ...     print(e.code, e.column)
    unknown_country country
    """

    #: Stable identifier of the error kind (see ``ERROR_CODES``).
    code: str = "empreinte"
    #: The input the problem is in (a file name, ``inventory``, ...).
    source: str | None = None
    #: 1-based line of a text file (the header is line 1).
    line: int | None = None
    #: 0-based index of an in-memory row (DataFrame row, list item).
    row: int | None = None
    #: The column or field.
    column: str | None = None


class InputError(EmpreinteError, ValueError):
    """Base class of the errors about the caller's input."""


class MalformedCsvError(InputError):
    """A CSV line could not be read (field count, quoting, UTF-8)."""

    code = "malformed_csv"


class EmptyInventoryError(InputError):
    """The inventory has no device row."""

    code = "empty_inventory"


class MissingColumnError(InputError):
    """A required column is absent."""

    code = "missing_column"


class UnknownColumnError(InputError):
    """A column name looks like a known one with a typo (often the unit)."""

    code = "unknown_column"


class MissingValueError(InputError):
    """A required value is empty."""

    code = "missing_value"


class InvalidNumberError(InputError):
    """A value is not a number (units go in the column name, not the cell)."""

    code = "invalid_number"


class NotFiniteError(InputError):
    """A number is NaN or infinite."""

    code = "not_finite"


class OutOfRangeError(InputError):
    """A number is outside its allowed range."""

    code = "out_of_range"


class InvalidDateError(InputError):
    """A date is not ``YYYY-MM-DD`` (or ``DD/MM/YYYY``)."""

    code = "invalid_date"


class UnknownKindError(InputError):
    """A device kind that no archetype describes."""

    code = "unknown_kind"


class UnknownCountryError(InputError):
    """A country or zone code with no grid-intensity data."""

    code = "unknown_country"


class MissingCountryError(InputError):
    """A row has no country and no default country was given."""

    code = "missing_country"


class InvalidCriterionError(InputError):
    """An impact criterion is unknown or written with the wrong unit."""

    code = "invalid_criterion"


class InvalidOptionError(InputError):
    """An option (``mode``, ``by``, ...) has a value outside its choices."""

    code = "invalid_option"


class DatasetError(EmpreinteError):
    """An embedded or user-supplied dataset is inconsistent."""

    code = "dataset"


class IoError(EmpreinteError, OSError):
    """Reading the input failed (missing file, permissions, ...)."""

    code = "io"


#: The class of every error code; the native module raises through this map.
BY_CODE: dict[str, type[EmpreinteError]] = {
    cls.code: cls
    for cls in (
        MalformedCsvError,
        EmptyInventoryError,
        MissingColumnError,
        UnknownColumnError,
        MissingValueError,
        InvalidNumberError,
        NotFiniteError,
        OutOfRangeError,
        InvalidDateError,
        UnknownKindError,
        UnknownCountryError,
        MissingCountryError,
        InvalidCriterionError,
        InvalidOptionError,
        DatasetError,
        IoError,
    )
}
