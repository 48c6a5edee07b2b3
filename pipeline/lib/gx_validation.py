"""Validate pandas frames against Great Expectations suites stored as JSON files.

The suites live in ``expectations/*.json`` in GX 1.x's own serialization. Each call to
:func:`validate_frame` runs one suite in a fresh ephemeral GX context (in-memory stores, no
analytics, no progress bars) and returns a plain :class:`SuiteOutcome`.

Data Docs: when ``data_docs_dir`` is given, the suite's latest result is written as an offline
page (``pipeline.lib.data_docs``: plain HTML, CSS inline, no CDN, no script) and the index of
every suite is rebuilt. Nothing is written to disk otherwise.

``great_expectations`` is imported lazily (importing it takes several seconds), so importing
this module is cheap for code that only builds definitions.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from numbers import Integral
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )
    from great_expectations.data_context import EphemeralDataContext

# Must be set before great_expectations is imported; the context config below also disables it.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

__all__ = ["FailedExpectation", "SuiteOutcome", "load_suite", "validate_frame"]

logger = logging.getLogger(__name__)

PARTIAL_UNEXPECTED_COUNT = 20
_DATASOURCE = "pandas_frames"
_BATCH_DEFINITION = "whole_frame"
_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")


@dataclass(frozen=True)
class FailedExpectation:
    """One unsuccessful expectation of a validation run."""

    expectation: str
    column: str | None
    kwargs: dict[str, object]
    unexpected_count: int | None
    unexpected_examples: list[object]
    unexpected_rows: pd.DataFrame = field(compare=False)


@dataclass(frozen=True)
class SuiteOutcome:
    """Summary of validating one frame against one suite."""

    suite_name: str
    success: bool
    evaluated: int
    successful: int
    failures: tuple[FailedExpectation, ...]
    data_docs_index: Path | None
    data_docs_page: Path | None = None
    """This suite's own page in the Data Docs."""


def load_suite(path: Path) -> gx.ExpectationSuite:
    """Read an ExpectationSuite from its GX JSON file, failing on any invalid expectation."""
    from great_expectations import ExpectationSuite
    from great_expectations.core.expectation_suite import expectationSuiteSchema
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        data: dict[str, Any] = expectationSuiteSchema.load(raw)
    except Exception as exc:
        raise ValueError(f"{path}: not a valid GX expectation suite: {exc}") from exc
    # ExpectationSuite(**data) logs and *drops* invalid expectations; build them first so a
    # broken suite file raises instead of silently validating less.
    expectations = []
    for index, config in enumerate(data.pop("expectations", [])):
        if not isinstance(config, ExpectationConfiguration):
            config = ExpectationConfiguration(**config)
        try:
            expectations.append(config.to_domain_obj())
        except Exception as exc:
            msg = f"{path}: expectation #{index} ({config.type}) is invalid: {exc}"
            raise ValueError(msg) from exc
    return ExpectationSuite(expectations=expectations, **data)


def validate_frame(
    suite_path: Path,
    frame: pd.DataFrame,
    *,
    data_docs_dir: Path | None = None,
    id_columns: Sequence[str] = (),
) -> SuiteOutcome:
    """Validate ``frame`` against the suite at ``suite_path``; optionally update Data Docs.

    ``unexpected_rows`` of each failure holds up to 20 offending rows (original index kept),
    restricted to ``id_columns`` plus the expectation's and its row_condition's columns; it is
    empty when none of ``id_columns`` is in ``frame``. Expectations that raised (e.g. on a
    missing column) count as failures and their errors are logged as warnings.
    """
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    suite = load_suite(suite_path)
    docs_dir = Path(data_docs_dir).resolve() if data_docs_dir is not None else None
    gx_frame = _frame_for_gx(frame)

    context = _make_context()
    suite = context.suites.add_or_update(suite)
    asset = context.data_sources.add_pandas(_DATASOURCE).add_dataframe_asset(suite.name)
    batch_definition = asset.add_batch_definition_whole_dataframe(_BATCH_DEFINITION)
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=suite)
    )
    result = definition.run(
        batch_parameters={"dataframe": gx_frame},
        result_format={
            "result_format": "SUMMARY",
            "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
        },
        run_id=RunIdentifier(run_name=suite.name, run_time=datetime.now(UTC)),
    )

    stats = result.statistics
    order = {exp.id: i for i, exp in enumerate(suite.expectations)}
    ranked = sorted(result.results, key=lambda r: order.get(r.expectation_config.id, len(order)))
    failures = tuple(_failure(r, frame, id_columns) for r in ranked if not r.success)
    for r in ranked:
        for message in dict.fromkeys(_exception_messages(r.exception_info)):
            logger.warning(
                "%s: %s raised: %s", suite.name, r.expectation_config.type, message.strip()
            )
    page = index = None
    if docs_dir is not None:
        from pipeline.lib.data_docs import write_suite

        page = write_suite(
            docs_dir,
            suite_name=suite.name,
            table=".".join(suite_table(Path(suite_path))),
            success=bool(result.success),
            records=_records(ranked, failures),
            suite_notes=str(suite.notes or ""),
        )
        index = docs_dir / "index.html"
    return SuiteOutcome(
        suite_name=suite.name,
        success=bool(result.success),
        evaluated=int(stats.get("evaluated_expectations", 0)),
        successful=int(stats.get("successful_expectations", 0)),
        failures=failures,
        data_docs_index=index,
        data_docs_page=page,
    )


def _frame_for_gx(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with a RangeIndex (GX reports index labels) and object string columns.

    pandas 3 stores ``str`` columns in pyarrow; GX filters the whole frame once per metric and
    each filter then runs ``pyarrow.compute.take`` per string column, which made validation
    several times slower (100k claims: ~5 s instead of ~1-2 s). Object columns: same results.
    """
    gx_frame = frame.reset_index(drop=True)
    strings = [c for c, dtype in gx_frame.dtypes.items() if isinstance(dtype, pd.StringDtype)]
    return gx_frame.astype(dict.fromkeys(strings, object)) if strings else gx_frame


def _make_context() -> EphemeralDataContext:
    """Ephemeral context: in-memory stores, no Data Docs site, no analytics, no progress bars."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _records(ranked: Sequence[ExpectationValidationResult], failures: Sequence[FailedExpectation]):
    """Every expectation's outcome for the Data Docs page (failures with their offending rows)."""
    from pipeline.lib.data_docs import ExpectationRecord

    failed = iter(failures)
    records = []
    for r in ranked:
        config = r.expectation_config
        kwargs = _json_safe(config.to_json_dict()["kwargs"])
        kwargs.pop("batch_id", None)
        details = _json_safe(dict(r.result or {}))
        failure = None if r.success else next(failed, None)
        rows = []
        if failure is not None and not failure.unexpected_rows.empty:
            rows = _json_safe(failure.unexpected_rows.astype(str).to_dict(orient="records"))
        messages = list(dict.fromkeys(_exception_messages(r.exception_info)))
        records.append(
            ExpectationRecord(
                expectation=config.type,
                column=kwargs.get("column") if isinstance(kwargs.get("column"), str) else None,
                kwargs=kwargs,
                notes=str(getattr(config, "notes", None) or ""),
                success=bool(r.success),
                observed=details.get("observed_value"),
                unexpected_count=details.get("unexpected_count"),
                unexpected_percent=details.get("unexpected_percent"),
                examples=details.get("partial_unexpected_list") or [],
                rows=rows,
                error="; ".join(m.strip() for m in messages) or None,
            )
        )
    return records


def _failure(
    result: ExpectationValidationResult, frame: pd.DataFrame, id_columns: Sequence[str]
) -> FailedExpectation:
    config = result.expectation_config
    kwargs: dict[str, object] = _json_safe(config.to_json_dict()["kwargs"])
    kwargs.pop("batch_id", None)
    details: Mapping[str, Any] = result.result or {}
    examples: list[object] = _json_safe(list(details.get("partial_unexpected_list") or []))
    count = details.get("unexpected_count")
    positions = details.get("partial_unexpected_index_list") or []
    return FailedExpectation(
        expectation=config.type,
        column=kwargs.get("column") if isinstance(kwargs.get("column"), str) else None,
        kwargs=kwargs,
        unexpected_count=int(count) if count is not None else None,
        unexpected_examples=examples,
        unexpected_rows=_unexpected_rows(frame, positions, kwargs, id_columns),
    )


def _unexpected_rows(
    frame: pd.DataFrame,
    positions: Sequence[object],
    kwargs: Mapping[str, object],
    id_columns: Sequence[str],
) -> pd.DataFrame:
    present_ids = [c for c in id_columns if c in frame.columns]
    if not present_ids:
        return pd.DataFrame()
    wanted: list[str] = list(present_ids)
    for key in _COLUMN_KWARGS:
        value = kwargs.get(key)
        wanted.extend([value] if isinstance(value, str) else _strings(value))
    wanted.extend(_condition_columns(kwargs.get("row_condition")))
    columns = [c for c in dict.fromkeys(wanted) if c in frame.columns]
    rows = [int(p) for p in positions if isinstance(p, Integral) and 0 <= int(p) < len(frame)]
    return frame.iloc[rows[:PARTIAL_UNEXPECTED_COUNT]][columns]


def _condition_columns(condition: object) -> list[str]:
    """Column names referenced by a serialized row_condition (dict form)."""
    if not isinstance(condition, Mapping):
        return []
    names: list[str] = []
    column = condition.get("column")
    if isinstance(column, Mapping) and isinstance(column.get("name"), str):
        names.append(column["name"])
    for child in condition.get("conditions") or []:
        names.extend(_condition_columns(child))
    return names


def _exception_messages(info: object) -> list[str]:
    """Messages of exceptions GX caught while evaluating one expectation."""
    if not isinstance(info, Mapping):
        return []
    if "raised_exception" in info:
        raised = info.get("raised_exception") and info.get("exception_message")
        return [str(info["exception_message"])] if raised else []
    return [m for nested in info.values() for m in _exception_messages(nested)]


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _json_safe(value: Any) -> Any:
    """Plain JSON types only (GX leaves numpy floats, which subclass float, as they are)."""
    from great_expectations.util import convert_to_json_serializable

    return json.loads(json.dumps(convert_to_json_serializable(value)))


def suite_table(suite_path: Path) -> tuple[str, str]:
    """``expectations/<schema>_<table>.json`` validates the table ``<schema>.<table>``."""
    schema, _, table = suite_path.stem.partition("_")
    return schema, table


def suite_id_columns(table: str, frame_columns: Sequence[str]) -> list[str]:
    """The table's own key and its document, shown beside offending values to find the rows."""
    entity = table.removeprefix("dim_").removeprefix("fct_").removesuffix("s")
    wanted = dict.fromkeys([f"{entity}_id", "document_id"])
    return [column for column in wanted if column in frame_columns]


def validate_stored_table(
    suite_path: Path, database: Path, *, data_docs_dir: Path | None = None
) -> tuple[SuiteOutcome, pd.DataFrame]:
    """Validate the suite's table in ``database`` (or its ``meta.query`` result, e.g. a join that
    exposes referential integrity as a column). ``meta.id_columns`` names the columns shown
    beside offending values (default: the table's key and document_id)."""
    from pipeline.lib.warehouse import connect, read_table

    schema, table = suite_table(suite_path)
    meta = json.loads(suite_path.read_text(encoding="utf-8")).get("meta", {})
    query = meta.get("query")
    if query:
        with connect(database, read_only=True) as connection:
            frame = connection.execute(query).df()
    else:
        frame = read_table(database, schema, table)
    outcome = validate_frame(
        suite_path,
        frame,
        data_docs_dir=data_docs_dir,
        id_columns=meta.get("id_columns") or suite_id_columns(table, list(frame.columns)),
    )
    return outcome, frame
