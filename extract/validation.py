"""Validate the extractor's frames against their pandera schemas, quickly when they pass.

pandera answers each column and each check through its general machinery: every check builds
a result object and looks for failure cases, every column's schema is deep-copied to coerce it.
That is about ten milliseconds a frame whatever its length, eleven frames a document, and most
of what a small document costs. :func:`validate` answers a frame that passes in bulk, with the
schema's own dtypes, coercions and check functions. Any frame that fails anything, any check
that raises or answers in a form pandera does not take, any schema feature not modelled here
and any pandera configuration other than the default go through pandera's own lazy
validation, so an invalid frame raises pandera's ``SchemaErrors`` with its failure cases,
exactly as before. The fast answer is never laxer than pandera's for the schemas of
``extract/`` (``tests/extract/test_validation.py`` compares the two on each of them).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.config import ValidationDepth, get_config_context
from pandera.engines import pandas_engine

__all__ = ["validate"]

_EMPTY: dict[tuple[object, ...], tuple[pa.DataFrameSchema, pd.DataFrame]] = {}


def validate(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """``schema.validate(frame, lazy=True)``: the validated (coerced) frame, or pandera's
    ``SchemaErrors`` when the frame breaks the schema."""
    if not _default_config():
        return schema.validate(frame, lazy=True)
    if frame.empty and schema.index is None:
        return _validate_empty(schema, frame)
    if not frame.empty and _supported(schema):
        passed = _passing(schema, frame)
        if passed is not None:
            return passed
    return schema.validate(frame, lazy=True)


def _default_config() -> bool:
    """Whether pandera validates fully, with its own pandas backend (what is modelled here)."""
    config = get_config_context()
    return (
        config.validation_enabled
        and config.validation_depth in (None, ValidationDepth.SCHEMA_AND_DATA)
        and not config.use_narwhals_backend
    )


def _validate_empty(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """An empty frame's validation depends only on its columns and their dtypes: pandera
    answers each kind once; the copy keeps the caller's index and attributes."""
    key = (id(schema), tuple(frame.columns), tuple(frame.dtypes))
    known = _EMPTY.get(key)
    if known is None or known[0] is not schema:
        known = _EMPTY[key] = (schema, schema.validate(frame, lazy=True))
    result = known[1].copy()
    result.index, result.columns = frame.index, frame.columns
    result.attrs = dict(frame.attrs)
    return result.pandera.add_schema(schema)


def _supported(schema: pa.DataFrameSchema) -> bool:
    """Whether the schema uses only what :func:`_passing` models."""
    return (
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
            for column in schema.columns.values()
        )
    )


def _passing(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame | None:
    """The coerced frame when it passes every part of the schema; None when anything fails or
    cannot be decided here (pandera then answers)."""
    # The checks' functions dispatch on the data's type: pandera registers its pandas
    # implementations when it first validates, which may not have happened yet.
    schema.register_default_backends(pd.DataFrame)
    names = list(schema.columns)
    if frame.columns.has_duplicates or (
        set(frame.columns) != set(names) if schema.strict else not set(names) <= set(frame.columns)
    ):
        return None
    frame = frame.copy(deep=False)  # copy-on-write: replaced columns never touch the caller's
    try:
        for name, column in schema.columns.items():
            series = frame[name]
            if column.coerce or schema.coerce:
                try:
                    series = column.dtype.try_coerce(series)
                except Exception:  # pandera reports the values that cannot be coerced
                    return None
                frame[name] = series
            if not _column_passes(column, series):
                return None
        for check in schema.checks:
            output = _apply(check, frame)
            if (
                isinstance(output, pd.Series)
                and check.ignore_na
                and output.index.equals(frame.index)
            ):
                output = output | frame.isna().all(axis="columns")
            if not _passed(output):
                return None
    except Exception:  # a check that raises: pandera reports it as that check's failure
        return None
    return frame.pandera.add_schema(schema)


def _column_passes(column: pa.Column, series: pd.Series) -> bool:
    if not _passed(column.dtype.check(pandas_engine.Engine.dtype(series.dtype), series)):
        return False
    has_nulls = series.hasnans
    if has_nulls and not column.nullable:
        return False
    if column.unique and series.duplicated().any():
        return False
    for check in column.checks:
        data = series.dropna() if has_nulls and check.ignore_na else series
        if not _passed(_apply(check, data)):
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


def _passed(output: Any) -> bool:
    """True only for an answer pandera takes as a pass: a true boolean, or a Series of them
    (any other form is left to pandera, which decides)."""
    if isinstance(output, (bool, np.bool_)):
        return bool(output)
    if isinstance(output, pd.Series):
        return bool(output.all())
    return False
