"""Validate the extractor's frames against their pandera schemas, quickly when they pass.

pandera answers each column and each check through its general machinery: every check builds
a result object and looks for failure cases, every column's schema is deep-copied to coerce it.
That is about ten milliseconds a frame whatever its length, eleven frames a document, and most
of what a small document costs. :func:`validate` answers a frame that passes in bulk, with the
schema's own dtypes, coercions and check functions. Any frame that fails anything, and any
schema feature not modelled here, goes through pandera's own lazy validation, so an invalid
frame raises pandera's ``SchemaErrors`` with its failure cases, exactly as before. The fast
answer is never laxer than pandera's (``tests/extract/test_validation.py`` compares them).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

__all__ = ["validate"]

_SUPPORTED: dict[int, tuple[pa.DataFrameSchema, bool]] = {}
_EMPTY: dict[tuple[object, ...], pd.DataFrame] = {}


def validate(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """``schema.validate(frame, lazy=True)``: the validated (coerced) frame, or pandera's
    ``SchemaErrors`` when the frame breaks the schema."""
    if frame.empty:
        return _validate_empty(schema, frame)
    if _supported(schema):
        passed = _passing(schema, frame)
        if passed is not None:
            return passed
    return schema.validate(frame, lazy=True)


def _validate_empty(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """An empty frame's validation depends only on its columns and their dtypes: pandera
    answers each kind once."""
    key = (id(schema), tuple(frame.columns), tuple(str(dtype) for dtype in frame.dtypes))
    if key not in _EMPTY:
        _EMPTY[key] = schema.validate(frame, lazy=True)
    return _EMPTY[key].copy()


def _supported(schema: pa.DataFrameSchema) -> bool:
    """Whether the schema uses only what :func:`_passing` models (cached per schema object,
    which the extractor keeps for the life of the process)."""
    known = _SUPPORTED.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    columns = schema.columns.values()
    supported = (
        schema.index is None
        and schema.dtype is None
        and not schema.unique
        and not schema.ordered
        and schema.strict in (True, False)
        and not schema.add_missing_columns
        and not schema.drop_invalid_rows
        and not getattr(schema, "parsers", None)
        and all(check.groupby is None for check in schema.checks)
        and all(
            column.dtype is not None
            and not column.regex
            and column.required
            and column.default is None
            and not column.drop_invalid_rows
            and not getattr(column, "parsers", None)
            and all(check.groupby is None for check in column.checks)
            for column in columns
        )
    )
    # The checks' functions dispatch on the data's type: pandera registers its pandas
    # implementations when it first validates, which may not have happened yet.
    schema.register_default_backends(pd.DataFrame)
    _SUPPORTED[id(schema)] = (schema, supported)
    return supported


def _passing(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """The coerced frame when it passes every part of the schema; None when anything fails or
    cannot be decided here (pandera then answers)."""
    names = list(schema.columns)
    if frame.columns.has_duplicates or (
        set(frame.columns) != set(names) if schema.strict else not set(names) <= set(frame.columns)
    ):
        return None
    frame = frame.copy(deep=False)  # copy-on-write: replaced columns never touch the caller's
    for name, column in schema.columns.items():
        series = frame[name]
        if (column.coerce or schema.coerce) and series.dtype != column.dtype.type:
            try:
                series = column.dtype.try_coerce(series)
            except Exception:  # pandera reports the values that cannot be coerced
                return None
            frame[name] = series
        if not _column_passes(column, series):
            return None
    for check in schema.checks:
        output = _apply(check, frame)
        if isinstance(output, pd.Series) and check.ignore_na and output.index.equals(frame.index):
            output = output | frame.isna().all(axis="columns")
        if not _all_true(output):
            return None
    if hasattr(frame, "pandera"):
        frame = frame.pandera.add_schema(schema)
    return frame


def _column_passes(column: pa.Column, series: pd.Series) -> bool:
    if series.dtype != column.dtype.type:
        dtype_ok = column.dtype.check(pandas_engine.Engine.dtype(series.dtype), series)
        if not _all_true(dtype_ok):
            return False
    has_nulls = series.hasnans
    if has_nulls and not column.nullable:
        return False
    if column.unique and series.duplicated().any():
        return False
    for check in column.checks:
        data = series.dropna() if has_nulls and check.ignore_na else series
        if not _all_true(_apply(check, data)):
            return False
    return True


def _apply(check: pa.Check, data: pd.Series | pd.DataFrame) -> Any:
    """The check's own function on the data, as pandera's backend applies it."""
    function = check._check_fn
    # A built-in check is looked up again by name, as pandera does on every call: its
    # implementations for pandas are registered after the check was made.
    name = getattr(function, "__name__", None)
    if name is not None and check.is_builtin_check(name):
        function = check.get_builtin_check_fn(name)
    function = partial(function, **check._check_kwargs)
    if not check.element_wise:
        return function(data)
    if isinstance(data, pd.DataFrame):
        return data.apply(function, axis=1)
    return data.map(function)


def _all_true(output: Any) -> bool:
    if isinstance(output, (bool, np.bool_)):
        return bool(output)
    if isinstance(output, pd.Series):
        return bool(output.all())
    if isinstance(output, np.ndarray):
        return bool(output.all())
    return False
