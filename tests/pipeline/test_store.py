"""The extraction store: one complete entry per document version, the marker written last."""

from __future__ import annotations

import duckdb

from extract import EXTRACTOR_VERSION, extract_document, load_manifest
from pipeline.lib.raw_tables import frames_of
from pipeline.lib.store import ENTRY_MARKER, ExtractionStore, entry_key
from pipeline.lib.warehouse import connect, load_entries
from tests.conftest import write_manifest

# A survey report states its survey (a report that does not is partial: extract.documents).
_REPORT = (
    "A total of 120 respondents completed the survey.\n\n84% of organizations adopted GenAI.\n"
)


def _manifest(tmp_path, text=_REPORT):
    (tmp_path / "report.txt").write_text(f"Findings\n\n{text}", encoding="utf-8")
    return load_manifest(
        write_manifest(
            tmp_path / "sources.yaml",
            [
                {"id": "report", "file": "report.txt", "document_type": "survey_report"},
                {"id": "missing", "file": "missing.pdf"},
            ],
        )
    )


def test_an_entry_is_keyed_by_content_and_version_and_complete_only_with_its_marker(tmp_path):
    manifest = _manifest(tmp_path)
    store = ExtractionStore(tmp_path / "store")
    source = manifest.get("report")
    assert store.current_entry(source) is None
    entry = store.write("report", frames_of(extract_document(source)))
    assert entry.key == entry_key(entry.sha256) and entry.key.endswith(EXTRACTOR_VERSION)
    assert store.current_entry(source) == entry
    assert entry.rows["claims"] >= 1 and entry.status == "ok"
    # no marker, no entry: a crash between the table files and the marker leaves nothing
    (tmp_path / "store" / "report" / entry.key / ENTRY_MARKER).unlink()
    assert store.current_entry(source) is None

    # a new version replaces the old entry
    store.write("report", frames_of(extract_document(source)))
    (tmp_path / "report.txt").write_text("Findings\n\n42% said so.\n", encoding="utf-8")
    changed = store.write("report", frames_of(extract_document(source)))
    assert changed.key != entry.key
    assert [p.name for p in (tmp_path / "store" / "report").iterdir()] == [changed.key]


def test_a_missing_file_failing_the_same_way_keeps_its_entry(tmp_path):
    manifest = _manifest(tmp_path)
    store = ExtractionStore(tmp_path / "store")
    source = manifest.get("missing")
    first = store.write("missing", frames_of(extract_document(source)))
    again = store.write("missing", frames_of(extract_document(source)))
    assert first.status == "failed" and again == first
    assert store.current_entry(source) is None  # its content is unknown: always retried
    assert store.only_entry("missing") == first


def test_load_replaces_a_documents_rows_from_its_entry(tmp_path):
    manifest = _manifest(tmp_path)
    store = ExtractionStore(tmp_path / "store")
    entries = [
        store.write(source.document_id, frames_of(extract_document(source)))
        for source in manifest.documents
    ]
    database = tmp_path / "work.duckdb"
    for _ in range(2):  # loading twice leaves one copy
        with connect(database) as connection:
            load_entries(connection, store, entries)
    with duckdb.connect(str(database), read_only=True) as connection:
        documents = connection.execute(
            "select document_id, extraction_status from raw.documents order by 1"
        ).fetchall()
        claims = connection.execute("select count(*) from raw.claims").fetchone()[0]
        timestamp_type = connection.execute(
            "select data_type from information_schema.columns "
            "where table_name = 'documents' and column_name = 'extracted_at'"
        ).fetchone()[0]
    assert documents == [("missing", "failed"), ("report", "ok")]
    assert claims == entries[0].rows["claims"]
    assert timestamp_type == "TIMESTAMP WITH TIME ZONE"
