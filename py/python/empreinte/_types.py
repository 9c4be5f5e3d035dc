"""Typing helpers shared by the public API and the native module's stub."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class ArrowStreamExportable(Protocol):
    """An object exporting Arrow data through the PyCapsule interface
    (a polars or pyarrow table, an arro3 table, ...)."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> Any: ...
