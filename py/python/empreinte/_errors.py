"""Exceptions: one class per core error code, built from the codes core reports.

Every error core can report has a stable ``code`` (``empreinte.ERROR_CODES``,
derived from core's error enum) and its own class here, named after it
(``unknown_kind`` is :class:`UnknownKindError`), so that callers can catch
exactly what they expect. Errors about the caller's input also subclass
:class:`ValueError` (through :class:`InputError`); ``io`` also subclasses
:class:`OSError`. The place of the problem is on the exception: ``source``
(file or ``inventory``), ``line`` (1-based line of a CSV file), ``row``
(0-based index of a DataFrame row or list item) and ``column``.

The classes are made from the native module's list of codes, so a new core
error gets its class without a change here; ``_errors.pyi`` declares them
for type checkers, and stubtest fails when it misses one.
"""

from empreinte import _native


class EmpreinteError(Exception):
    """Base class of every error raised by empreinte.

    >>> import empreinte
    >>> try:
    ...     empreinte.grid_intensity("XX", 2023)
    ... except empreinte.EmpreinteError as e:
    ...     print(e.code, e.source, e.column)
    unknown_country options zone
    """

    #: Stable identifier of the error kind (see ``ERROR_CODES``).
    code: str = ""
    #: The input the problem is in (a file name, ``inventory``, ``options``, ...).
    source: str | None = None
    #: 1-based line of a text file (the header is line 1).
    line: int | None = None
    #: 0-based index of an in-memory row (DataFrame row, list item).
    row: int | None = None
    #: The column, field or keyword argument.
    column: str | None = None
    #: The closest known name (an unknown column, kind or country), as in
    #: the message's "did you mean".
    suggestion: str | None = None


class InputError(EmpreinteError, ValueError):
    """Base class of the errors about the caller's input."""


#: Further base classes of some codes (beyond ``InputError`` / ``EmpreinteError``).
_EXTRA_BASES: dict[str, tuple[type[Exception], ...]] = {"io": (OSError,)}


def _class_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("_")) + "Error"


def _make(code: str) -> type[EmpreinteError]:
    base: type[EmpreinteError] = InputError if code in _native.INPUT_ERROR_CODES else EmpreinteError
    doc = f"Core error ``{code}``" + (" (about the caller's input)." if base is InputError else ".")
    attributes = {"code": code, "__doc__": doc, "__module__": __name__}
    return type(_class_name(code), (base, *_EXTRA_BASES.get(code, ())), attributes)


#: The class of every error code; the native module raises through this map.
BY_CODE: dict[str, type[EmpreinteError]] = {code: _make(code) for code in _native.ERROR_CODES}

globals().update({cls.__name__: cls for cls in BY_CODE.values()})

__all__ = ["EmpreinteError", "InputError", *sorted(cls.__name__ for cls in BY_CODE.values())]
