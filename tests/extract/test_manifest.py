"""The sources manifest: entries resolve relative to it and stay inside it (or an allowed root);
a bad entry fails alone; a manifest that is not one says so, quickly, whatever it holds."""

from __future__ import annotations

import os
import resource
import threading
import time

import pandas as pd
import pytest

from extract import ManifestError, extract_document, load_manifest
from extract.manifest import MAX_EXPANDED_NODES


def _write(tmp_path, body: str, name: str = "manifest.yaml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_entries_resolve_relative_to_the_manifest(tmp_path):
    path = _write(
        tmp_path,
        "documents:\n"
        "  - id: a-report\n    file: docs/a.pdf\n    published_on: 2024-11\n"
        "    document_type: survey_report\n    authors: [A, B]\n    license: CC BY\n"
        "  - id: a-page\n    url: https://example.org/page.html\n",
    )
    manifest = load_manifest(path)
    report, page = manifest.documents
    assert report.path == (tmp_path / "docs" / "a.pdf").resolve()
    assert report.published_on == "2024-11"
    assert report.authors == ("A", "B")
    assert report.extra == {"license": "CC BY"}
    assert page.url == "https://example.org/page.html" and page.path is None
    assert not manifest.invalid


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("documents:\n  - id: Bad Id\n    file: a.txt\n", "lower-case slug"),
        ("documents:\n  - id: a\n", "exactly one of 'file' or 'url'"),
        ("documents:\n  - id: a\n    file: a.txt\n    url: https://x.org/\n", "exactly one"),
        ("documents:\n  - id: a\n    url: ftp://x/y\n", "must be http(s)"),
        ("documents:\n  - id: a\n    file: a.txt\n    document_type: blog\n", "document_type"),
        ("documents:\n  - id: a\n    file: a.txt\n    published_on: March\n", "published_on"),
        ("documents:\n  - just a string\n", "expected a mapping"),
        ("documents:\n  - id: manifest-entry-9\n    file: a.txt\n", "reserved"),
    ],
)
def test_a_bad_entry_becomes_a_failing_document(tmp_path, body, message):
    manifest = load_manifest(_write(tmp_path, body))
    (document,) = manifest.documents
    assert document.problem is not None and message in document.problem
    assert "entry 1" in document.problem and "manifest.yaml" in document.problem
    row = extract_document(document).document.iloc[0]
    assert row["extraction_status"] == "failed"
    assert row["failure_reason"] == "invalid_manifest_entry"
    assert message in row["extraction_error"]


def test_invalid_entries_get_stable_ids(tmp_path):
    body = (
        "documents:\n"
        "  - id: good\n    file: a.txt\n"
        "  - id: Bad Id\n    file: b.txt\n"  # no usable id: synthetic
        "  - id: typed\n    file: c.txt\n    document_type: blog\n"  # keeps its id
        "  - id: good\n    file: d.txt\n"  # duplicate: the first keeps the id
        "  - id: manifest-entry-2\n    file: e.txt\n"  # reserved form: own synthetic id
    )
    manifest = load_manifest(_write(tmp_path, body))
    assert manifest.document_ids == [
        "good",
        "manifest-entry-2",
        "typed",
        "manifest-entry-4",
        "manifest-entry-5",
    ]
    assert manifest.get("good").problem is None
    assert manifest.get("good").path == (tmp_path / "a.txt").resolve()
    assert "appears twice" in (manifest.get("manifest-entry-4").problem or "")
    assert load_manifest(tmp_path / "manifest.yaml").document_ids == manifest.document_ids


def test_a_bad_entry_fails_alone_and_the_valid_documents_still_extract(tmp_path):
    """Finding 9: one bad entry used to reject the whole run."""
    (tmp_path / "a.txt").write_text("84% of organizations have adopted GenAI.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Three in four teams use open models.\n", encoding="utf-8")
    body = (
        "documents:\n"
        "  - id: first\n    file: a.txt\n"
        "  - id: outside\n    file: /etc/hostname\n"
        "  - id: first\n    file: b.txt\n"
        "  - {id: Nope}\n"
        "  - id: second\n    file: b.txt\n"
    )
    manifest = load_manifest(_write(tmp_path, body))
    rows = {d.document_id: extract_document(d).document.iloc[0] for d in manifest.documents}
    assert {k: r["extraction_status"] for k, r in rows.items()} == {
        "first": "ok",
        "outside": "failed",
        "manifest-entry-3": "failed",
        "manifest-entry-4": "failed",
        "second": "ok",
    }
    assert {r["failure_reason"] for r in rows.values() if r["extraction_status"] == "failed"} == {
        "invalid_manifest_entry"
    }
    assert "outside the manifest's folder" in rows["outside"]["extraction_error"]
    assert rows["manifest-entry-3"]["source_uri"] == "manifest entry 3"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("nothing: here\n", "'documents' list"),
        ("documents: [unclosed\n", "not valid YAML"),
        ("- a\n- b\n", "'documents' list"),
    ],
)
def test_an_unusable_manifest_is_a_manifest_error(tmp_path, body, message):
    with pytest.raises(ManifestError, match=message):
        load_manifest(_write(tmp_path, body))


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match="manifest not found"):
        load_manifest(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------------------------
# Finding 3: files outside the manifest's folder
# --------------------------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path):
    """A secret beside (not inside) the manifest's folder, and the folder."""
    secret = tmp_path / "secret.txt"
    secret.write_text("42% of passwords are hunter2.\n", encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    return folder, secret


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink", "symlinked-dir"])
def test_files_outside_the_manifest_folder_are_refused(outside, kind):
    folder, secret = outside
    if kind == "absolute":
        file = str(secret)
    elif kind == "dotdot":
        file = "../secret.txt"
    elif kind == "symlink":
        (folder / "innocent.txt").symlink_to(secret)
        file = "innocent.txt"
    else:
        (folder / "docs").symlink_to(secret.parent)
        file = "docs/secret.txt"
    manifest = load_manifest(_write(folder, f"documents:\n  - id: doc\n    file: {file}\n"))
    (document,) = manifest.documents
    assert document.path is None
    assert "outside the manifest's folder" in (document.problem or "")
    row = extract_document(document).document.iloc[0]
    assert row["failure_reason"] == "invalid_manifest_entry"
    assert pd.isna(row["sha256"])  # nothing was read


def test_allowed_roots_admit_another_folder(outside, monkeypatch):
    folder, secret = outside
    body = f"documents:\n  - id: doc\n    file: {secret}\n"
    path = _write(folder, body)
    manifest = load_manifest(path, allowed_roots=[secret.parent])
    assert manifest.documents[0].problem is None
    assert extract_document(manifest.documents[0]).status == "ok"
    monkeypatch.setenv("SOURCES_ALLOWED_ROOTS", f"/nonexistent{os.pathsep}{secret.parent}")
    assert load_manifest(path).documents[0].problem is None
    monkeypatch.delenv("SOURCES_ALLOWED_ROOTS")
    assert load_manifest(path).documents[0].problem is not None


def test_symlinks_inside_the_folder_are_followed(tmp_path):
    (tmp_path / "real.txt").write_text("84% of organizations have adopted GenAI.\n")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    manifest = load_manifest(_write(tmp_path, "documents:\n  - id: doc\n    file: alias.txt\n"))
    assert manifest.documents[0].path == (tmp_path / "real.txt").resolve()
    assert extract_document(manifest.documents[0]).status == "ok"


def test_a_symlink_swapped_after_loading_is_not_followed(outside):
    folder, secret = outside
    (folder / "doc.txt").write_text("84% of organizations have adopted GenAI.\n")
    manifest = load_manifest(_write(folder, "documents:\n  - id: doc\n    file: doc.txt\n"))
    (folder / "doc.txt").unlink()
    (folder / "doc.txt").symlink_to(secret)
    row = extract_document(manifest.documents[0]).document.iloc[0]
    assert row["extraction_status"] == "failed"
    assert row["failure_reason"] == "invalid_manifest_entry"
    assert "now resolves to" in row["extraction_error"]


# --------------------------------------------------------------------------------------------
# Finding 5: YAML alias bombs, and unknown keys kept only as short scalars
# --------------------------------------------------------------------------------------------

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    + "documents:\n  - id: doc\n    file: a.txt\n    notes: *i\n"
)


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_an_alias_bomb_is_refused_fast(tmp_path):
    path = _write(tmp_path, BOMB)  # 9**9 = 387 million "lol"s once expanded
    before = _max_rss_mib()
    started = time.monotonic()
    with pytest.raises(ManifestError, match="alias"):
        load_manifest(path)
    assert time.monotonic() - started < 2.0
    assert _max_rss_mib() - before < 100


def test_aliases_within_the_budget_are_fine(tmp_path):
    body = (
        "publisher: &lf The Linux Foundation\n"
        "documents:\n"
        "  - id: a\n    file: a.txt\n    publisher: *lf\n"
        "  - id: b\n    file: b.txt\n    publisher: *lf\n"
    )
    manifest = load_manifest(_write(tmp_path, body))
    assert [d.publisher for d in manifest.documents] == ["The Linux Foundation"] * 2
    assert MAX_EXPANDED_NODES >= 100_000


def test_a_recursive_alias_is_refused(tmp_path):
    with pytest.raises(ManifestError, match="recursive"):
        load_manifest(_write(tmp_path, "documents: &d\n  - *d\n"))


def test_unknown_keys_keep_short_scalars_only(tmp_path, caplog):
    body = (
        "documents:\n  - id: a\n    file: a.txt\n    license: CC BY\n    pages: 12\n"
        "    reviewed: true\n    nested: {x: [1, 2]}\n    listed: [1, 2]\n"
        f"    long: {'x' * 600}\n"
    )
    manifest = load_manifest(_write(tmp_path, body))
    assert manifest.documents[0].extra == {"license": "CC BY", "pages": "12", "reviewed": "true"}
    assert len(manifest.warnings) == 3
    assert any("'nested' holds a dict" in warning for warning in manifest.warnings)
    assert any("dropped" in record.getMessage() for record in caplog.records)


# --------------------------------------------------------------------------------------------
# Finding 4: a FIFO never blocks
# --------------------------------------------------------------------------------------------


def _within(seconds: float, target, *args):
    """Run ``target`` in a thread; fail (instead of hanging the suite) if it blocks."""
    result: list = []

    def run() -> None:
        try:
            result.append(("ok", target(*args)))
        except BaseException as exc:
            result.append(("raised", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"{target.__name__} blocked for more than {seconds} s"
    return result[0]


def test_a_fifo_as_the_manifest_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "manifest.yaml")
    outcome, value = _within(5.0, load_manifest, tmp_path / "manifest.yaml")
    assert outcome == "raised" and isinstance(value, ManifestError)
    assert "FIFO" in str(value)
