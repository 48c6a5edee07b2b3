"""Data Docs that work offline: one self-contained HTML page per suite, and an index.

Great Expectations' own site loads Bootstrap, jQuery and its table plugins from public CDNs: offline
its index lists no suite (the list is drawn by JavaScript) and its pass/fail icons (an icon font)
are blank. These pages are plain HTML with their CSS inline and no script, so they render the
same from disk, from ``make docs`` (http://127.0.0.1) or from any static file server.

Layout (``<data_docs_dir>``)::

    index.html                 every suite: status, failed / evaluated, validated at, table
    suites/<suite>.html        one suite: failed expectations first (offending values and rows),
                               then every expectation with its notes
    results/<suite>.json       the latest result of the suite, from which the index is rebuilt

Only the newest result of each suite is kept. Writers hold a lock (parallel checks share the
folder); readers never see half a page (every file is written through a rename).
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DOCS_URL_ENV = "DATA_DOCS_URL"
DEFAULT_DOCS_URL = "http://127.0.0.1:3080/data_docs"
"""Where ``make docs`` serves the pages (the UI cannot open file:// links)."""


@dataclass(frozen=True)
class ExpectationRecord:
    """One expectation's outcome, as the pages show it."""

    expectation: str
    column: str | None
    kwargs: Mapping[str, Any]
    notes: str
    success: bool
    observed: Any = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    examples: Sequence[Any] = ()
    rows: Sequence[Mapping[str, Any]] = ()
    error: str | None = None


def docs_url(suite_name: str | None = None) -> str:
    base = (os.environ.get(DOCS_URL_ENV) or DEFAULT_DOCS_URL).rstrip("/")
    return f"{base}/suites/{suite_name}.html" if suite_name else f"{base}/index.html"


def suite_page(docs_dir: Path, suite_name: str) -> Path:
    return docs_dir / "suites" / f"{suite_name}.html"


@contextmanager
def docs_lock(docs_dir: Path) -> Iterator[None]:
    """Serialize writers of one Data Docs folder (parallel asset checks share it)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX: no locking
        yield
        return
    with (docs_dir / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_suite(
    docs_dir: Path,
    *,
    suite_name: str,
    table: str,
    success: bool,
    records: Sequence[ExpectationRecord],
    suite_notes: str = "",
    validated_at: datetime | None = None,
) -> Path:
    """Write the suite's page and its result, and rebuild the index. Returns the suite's page."""
    validated_at = validated_at or datetime.now(UTC)
    failed = [r for r in records if not r.success]
    summary = {
        "suite": suite_name,
        "table": table,
        "success": success,
        "evaluated": len(records),
        "failed": len(failed),
        "validated_at": validated_at.isoformat(timespec="seconds"),
        "failed_expectations": [_label(r) for r in failed],
    }
    with docs_lock(docs_dir):
        _write(docs_dir / "results" / f"{suite_name}.json", json.dumps(summary, indent=1))
        page = suite_page(docs_dir, suite_name)
        _write(page, _suite_html(summary, records, suite_notes))
        write_index(docs_dir)
    return page


def write_index(docs_dir: Path) -> Path:
    summaries = []
    for path in sorted((docs_dir / "results").glob("*.json")):
        try:
            summaries.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    index = docs_dir / "index.html"
    _write(index, _index_html(summaries))
    return index


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)


def _label(record: ExpectationRecord) -> str:
    return record.expectation + (f" ({record.column})" if record.column else "")


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433}
header{background:#1d2433;color:#fff;padding:12px 24px}header a{color:#cfe0ff}
main{padding:16px 24px;max-width:1400px}h1{font-size:20px;margin:0}h2{font-size:17px}
table{border-collapse:collapse;width:100%;margin:8px 0 20px}
th,td{border:1px solid #d5dae3;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f6}code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;margin:0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px}
.pass{background:#d7f5dd;color:#0b5a1b}.fail{background:#ffd9d9;color:#8a0b0b}
tr.failed td{background:#fff4f4}tr.failed td:first-child{border-left:4px solid #c62828}
.muted{color:#5b6475}.summary{margin:8px 0 16px}.summary span{margin-right:18px}
"""


def _badge(success: bool) -> str:
    return (
        '<span class="badge pass">&#10003; passed</span>'
        if success
        else '<span class="badge fail">&#10007; FAILED</span>'
    )


def _page(title: str, body: str, *, home: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{html.escape(title)}</h1><a href="{home}">All suites</a></header>'
        f"<main>{body}</main></body></html>"
    )


def _index_html(summaries: list[dict]) -> str:
    failing = [s for s in summaries if not s.get("success")]
    rows = []
    for s in sorted(summaries, key=lambda s: (bool(s.get("success")), s["suite"])):
        failures = ", ".join(html.escape(f) for f in s.get("failed_expectations", []))
        name = html.escape(s["suite"])
        rows.append(
            f'<tr class="{"" if s.get("success") else "failed"}">'
            f"<td>{_badge(bool(s.get('success')))}</td>"
            f'<td><a href="suites/{name}.html">{name}</a></td>'
            f"<td><code>{html.escape(s.get('table', ''))}</code></td>"
            f"<td>{s.get('failed', 0)} / {s.get('evaluated', 0)}</td>"
            f"<td>{html.escape(s.get('validated_at', ''))}</td>"
            f"<td>{failures}</td></tr>"
        )
    body = (
        f'<p class="summary"><span><b>{len(summaries)}</b> suites</span>'
        f"<span><b>{len(failing)}</b> failing</span></p>"
        "<table><tr><th>status</th><th>suite</th><th>table</th><th>failed / evaluated</th>"
        "<th>validated at (UTC)</th><th>failed expectations</th></tr>"
        + "".join(rows)
        + "</table>"
        + '<p class="muted">Latest validation of every Great Expectations suite of the '
        "warehouse (expectations/*.json). Failing suites are listed first.</p>"
    )
    return _page("Data Docs: Great Expectations suites", body, home="index.html")


def _cell(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    if len(text) > 2000:
        text = text[:2000] + " …"
    return f"<pre>{html.escape(text)}</pre>"


def _rows_table(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return ""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _suite_html(summary: dict, records: Sequence[ExpectationRecord], suite_notes: str) -> str:
    failed = [r for r in records if not r.success]
    parts = [
        f'<p class="summary"><span>{_badge(summary["success"])}</span>'
        f"<span>table <code>{html.escape(summary['table'])}</code></span>"
        f"<span><b>{summary['failed']}</b> failed of <b>{summary['evaluated']}</b></span>"
        f"<span>validated at {html.escape(summary['validated_at'])} UTC</span></p>"
    ]
    if suite_notes:
        parts.append(f'<p class="muted">{html.escape(suite_notes)}</p>')
    if failed:
        parts.append(f"<h2>Failed expectations ({len(failed)})</h2>")
        for record in failed:
            count = (
                f"{record.unexpected_count} unexpected"
                + (
                    f" ({record.unexpected_percent:.2f}%)"
                    if record.unexpected_percent is not None
                    else ""
                )
                if record.unexpected_count is not None
                else ""
            )
            parts.append(
                f"<h3>{_badge(False)} <code>{html.escape(_label(record))}</code> "
                f'<span class="muted">{html.escape(count)}</span></h3>'
                f"<p>{html.escape(record.notes)}</p>"
                + (f"<p><b>error:</b> {html.escape(record.error)}</p>" if record.error else "")
                + (f"<p><b>observed:</b></p>{_cell(record.observed)}" if record.observed else "")
                + (
                    f"<p><b>unexpected values:</b></p>{_cell(list(record.examples))}"
                    if record.examples
                    else ""
                )
                + (
                    f"<p><b>offending rows:</b></p>{_rows_table(record.rows)}"
                    if record.rows
                    else ""
                )
                + f"<p><b>arguments:</b></p>{_cell(dict(record.kwargs))}"
            )
    parts.append(f"<h2>Every expectation ({len(records)})</h2>")
    parts.append(
        "<table><tr><th>status</th><th>expectation</th><th>arguments</th><th>observed</th>"
        "<th>why it exists</th></tr>"
    )
    for record in sorted(records, key=lambda r: r.success):
        parts.append(
            f'<tr class="{"" if record.success else "failed"}"><td>{_badge(record.success)}</td>'
            f"<td><code>{html.escape(_label(record))}</code></td>"
            f"<td>{_cell(dict(record.kwargs))}</td>"
            f"<td>{_cell(record.observed)}"
            + (f"{record.unexpected_count} unexpected" if record.unexpected_count else "")
            + f"</td><td>{html.escape(record.notes)}</td></tr>"
        )
    parts.append("</table>")
    return _page(f"Suite {summary['suite']}", "".join(parts), home="../index.html")
