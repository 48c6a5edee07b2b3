"""Hostile documents: limits are checked before the work, and the work itself is bounded in time
and memory. Each test reproduces a finding of the hostile-input issue and shows it fixed."""

from __future__ import annotations

import json
import os
import threading
import time
import zlib
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

import extract.documents as documents
from extract import DOCUMENTS_SCHEMA, ExtractionSettings, SourceDocument, extract_document
from extract.errors import FAILURE_REASONS
from extract.files import read_regular_file, regular_file_sha256
from extract.genre import sentence_spans

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEXT = "Findings\n\n84% of organizations have adopted GenAI.\n"


def _source(path: Path, document_id: str = "doc") -> SourceDocument:
    return SourceDocument(document_id=document_id, path=path, url=None)


def _row(extraction) -> pd.Series:
    return extraction.document.iloc[0]


def _timed(source: SourceDocument, settings: ExtractionSettings) -> tuple[pd.Series, float]:
    started = time.monotonic()
    extraction = extract_document(source, settings)
    return _row(extraction), time.monotonic() - started


# --------------------------------------------------------------------------------------------
# Minimal PDFs, written directly (milliseconds, whatever their page count)
# --------------------------------------------------------------------------------------------


def _pdf(page_count: int, content: bytes) -> bytes:
    """A valid PDF whose pages all draw the same (compressed) content stream."""
    stream = zlib.compress(content)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
    }
    kids = []
    for index in range(page_count):
        number = 5 + index
        kids.append(b"%d 0 R" % number)
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000 1000] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>"
        )
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), page_count)
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _dense_page(side: int = 1000) -> bytes:
    """side x side one-point characters on one page."""
    line = b"(" + b"a" * side + b") Tj T*\n"
    return b"BT /F1 1 Tf 1 TL 0 999 Td\n" + line * side + b"ET"


@pytest.fixture
def no_pdf_parsing(monkeypatch):
    """pdfplumber must not be reached: reading would turn the result into extractor_error."""

    def refuse(data, settings):
        raise AssertionError("read_pdf was called")

    monkeypatch.setattr(documents, "read_pdf", refuse)


def test_a_pdf_over_the_page_limit_is_refused_before_parsing(tmp_path, no_pdf_parsing):
    """Finding 7: a 3,000-page PDF was parsed completely before the 2,000-page limit refused it."""
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf(2100, b"BT /F1 12 Tf 72 720 Td (Open models: 63%) Tj ET"))
    row, elapsed = _timed(_source(path), ExtractionSettings())
    assert row["failure_reason"] == "too_large"
    assert "2,100 pages, over the limit of 2,000; refused before reading" in row["extraction_error"]
    assert elapsed < 5.0


def test_a_page_of_a_million_glyphs_is_refused_before_parsing(tmp_path, no_pdf_parsing):
    """Finding 7: one page of 1,000 x 1,000 one-point characters ran for 577 CPU-s and 1.8 GB."""
    path = tmp_path / "dense.pdf"
    path.write_bytes(_pdf(1, _dense_page()))
    row, elapsed = _timed(_source(path), ExtractionSettings())
    assert row["failure_reason"] == "too_large"
    assert "page 1 has 1,00" in row["extraction_error"]
    assert "per page; refused before reading" in row["extraction_error"]
    assert elapsed < 5.0


def test_the_dense_page_parsed_anyway_is_stopped_by_the_time_limit(tmp_path):
    """With the character cap lifted, the same page reaches pdfplumber: the child is stopped."""
    path = tmp_path / "dense.pdf"
    path.write_bytes(_pdf(1, _dense_page()))
    settings = ExtractionSettings(max_page_chars=10**9, max_seconds=2.0)
    row, elapsed = _timed(_source(path), settings)
    assert row["extraction_status"] == "failed"
    assert row["failure_reason"] == "too_slow"
    assert "limit of 2 s" in row["extraction_error"]
    assert elapsed < 2.0 + 3.0  # the limit, then killing the child and writing the row


def test_normal_pdfs_pass_the_checks_before_parsing():
    path = PROJECT_ROOT / "tests" / "fixtures" / "pdfs" / "nics-background-checks-2015-11.pdf"
    assert extract_document(_source(path)).status == "ok"


# --------------------------------------------------------------------------------------------
# The child process: wall-clock and memory limits per document
# --------------------------------------------------------------------------------------------


@pytest.fixture
def text_file(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_a_document_over_the_time_limit_fails_alone_as_too_slow(text_file, monkeypatch):
    """Finding 7: there was no per-document time limit."""

    def endless(content):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(documents, "read_text", endless)
    row, elapsed = _timed(_source(text_file), ExtractionSettings(max_seconds=1.0))
    assert (row["extraction_status"], row["failure_reason"]) == ("failed", "too_slow")
    assert row["sha256"] is not None and row["source_format"] == "text"
    assert 1.0 <= elapsed < 3.0


def test_a_document_over_the_memory_limit_fails_alone_as_too_large(text_file, monkeypatch):
    def hungry(content):
        hoard = [bytearray(64 * 2**20) for _ in range(64)]  # 4 GiB
        return hoard

    monkeypatch.setattr(documents, "read_text", hungry)
    settings = ExtractionSettings(max_memory_bytes=256 * 2**20, max_seconds=20.0)
    row, elapsed = _timed(_source(text_file), settings)
    assert (row["extraction_status"], row["failure_reason"]) == ("failed", "too_large")
    assert "memory limit of 256 MiB" in row["extraction_error"]
    assert elapsed < 10.0


def test_a_child_that_dies_is_an_extractor_error(text_file, monkeypatch):
    monkeypatch.setattr(documents, "read_text", lambda content: os.abort())
    row = _row(extract_document(_source(text_file)))
    assert row["failure_reason"] == "extractor_error"
    assert "SIGABRT" in row["extraction_error"]


def test_the_child_returns_what_the_calling_process_would(text_file):
    in_child = extract_document(_source(text_file))
    in_process = extract_document(
        _source(text_file), ExtractionSettings(max_seconds=None, max_memory_bytes=None)
    )
    assert in_child.status == in_process.status == "ok"
    columns = [c for c in in_child.document.columns if c != "extracted_at"]
    pd.testing.assert_frame_equal(in_child.document[columns], in_process.document[columns])
    pd.testing.assert_frame_equal(in_child.claims, in_process.claims)
    pd.testing.assert_frame_equal(in_child.blocks, in_process.blocks)


# --------------------------------------------------------------------------------------------
# HTML: a size limit before parsing, and linear handling of deep nesting
# --------------------------------------------------------------------------------------------


def test_an_html_page_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    """Finding 7: a 60 MB page took 546 CPU-s and 3.5 GB."""
    monkeypatch.setattr(documents, "read_html", lambda *a, **k: pytest.fail("parsed"))
    path = tmp_path / "huge.html"
    paragraph = b"<p>Open models now run 63% of production AI workloads.</p>\n"
    path.write_bytes(b"<html><body>" + paragraph * (11 * 2**20 // len(paragraph)) + b"</body>")
    row, elapsed = _timed(_source(path), ExtractionSettings())
    assert row["failure_reason"] == "too_large"
    assert (
        "over the HTML limit of 10,485,760 bytes; refused before parsing"
        in (row["extraction_error"])
    )
    assert elapsed < 5.0


def test_twenty_thousand_nested_divs_are_read_in_linear_time(tmp_path):
    """Finding 7: 20,000 nested <div>s took 96 s (unwrapping them one by one was quadratic)."""
    sentence = "Open models now run 63% of production AI workloads, the survey found."
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 20_000 + f"<p>{sentence}</p>" + "</div>" * 20_000,
        encoding="utf-8",
    )
    row, elapsed = _timed(_source(path), ExtractionSettings(max_seconds=20.0))
    assert row["extraction_status"] == "ok"
    assert row["claim_count"] == 1
    assert elapsed < 8.0


# --------------------------------------------------------------------------------------------
# The sentence splitter: linear time
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param("open models keep winning " * 200_000, id="5MB-no-sentence-end"),
        pytest.param("Adoption rose e.g. A. B. Smith et al. found " * 115_000, id="abbreviations"),
        pytest.param("Really?! " * 560_000, id="punctuation"),
    ],
)
def test_a_5mb_paragraph_is_split_in_linear_time(paragraph):
    """Finding 7: 320 K characters took 25 s; 5 MB over 855 s."""
    assert len(paragraph) >= 5_000_000
    started = time.monotonic()
    spans = sentence_spans(paragraph)
    assert time.monotonic() - started < 3.0
    assert spans and spans[-1][1] == len(paragraph.rstrip())


def test_sentences_are_split_as_before():
    text = 'Dr. A. Smith said "63% agree." The U.S. share rose 4 pts. in 2024! Next, see p. 4. And'
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        'Dr. A. Smith said "63% agree."',
        "The U.S. share rose 4 pts. in 2024!",
        "Next, see p. 4.",
        "And",
    ]


# --------------------------------------------------------------------------------------------
# Finding 4: only regular files are opened; a FIFO never blocks
# --------------------------------------------------------------------------------------------


def _within(seconds: float, target, *args):
    result: list = []

    def run() -> None:
        try:
            result.append(("ok", target(*args)))
        except BaseException as exc:
            result.append(("raised", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"{getattr(target, '__name__', target)} blocked for more than {seconds} s"
    return result[0]


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def test_a_fifo_is_neither_read_nor_hashed(fifo):
    outcome, row = _within(10.0, lambda: _row(extract_document(_source(fifo))))
    assert outcome == "ok"
    assert (row["extraction_status"], row["failure_reason"]) == ("failed", "not_a_regular_file")
    assert "FIFO" in row["extraction_error"]
    assert _within(5.0, regular_file_sha256, fifo) == ("ok", None)
    outcome, error = _within(5.0, read_regular_file, fifo, 1000)
    assert outcome == "raised" and error.reason == "not_a_regular_file"


def test_refresh_planning_hashes_with_the_same_helper(fifo, text_file):
    refresh = pytest.importorskip("pipeline.lib.refresh")
    assert _within(5.0, refresh.file_sha256, fifo) == ("ok", None)
    assert refresh.file_sha256(text_file) == regular_file_sha256(text_file)
    assert regular_file_sha256(text_file) is not None


def test_a_directory_is_not_a_regular_file(tmp_path):
    row = _row(extract_document(_source(tmp_path)))
    assert row["failure_reason"] == "not_a_regular_file"


# --------------------------------------------------------------------------------------------
# Every failure reason is accepted by the schemas, and nothing else is
# --------------------------------------------------------------------------------------------


def test_failure_reasons_are_a_closed_vocabulary_shared_with_the_suite():
    suite = json.loads((PROJECT_ROOT / "expectations" / "raw_documents.json").read_text())
    (in_set,) = [
        e
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set"
        and e["kwargs"]["column"] == "failure_reason"
    ]
    assert tuple(in_set["kwargs"]["value_set"]) == FAILURE_REASONS
    for reason in ("too_slow", "invalid_manifest_entry", "not_a_regular_file"):
        assert reason in FAILURE_REASONS
    row = extract_document(SourceDocument("x", None, None, problem="bad", entry=1)).document.assign(
        failure_reason="made_up"
    )
    with pytest.raises(pa.errors.SchemaErrors):
        DOCUMENTS_SCHEMA.validate(row, lazy=True)
