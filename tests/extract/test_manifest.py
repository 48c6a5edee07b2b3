"""The sources manifest: entries resolve relative to it, and a broken one says where."""

from __future__ import annotations

import pytest

from extract import ManifestError, load_manifest


def test_entries_resolve_relative_to_the_manifest(tmp_path):
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n"
        "  - id: a-report\n    file: docs/a.pdf\n    published_on: 2024-11\n"
        "    document_type: survey_report\n    authors: [A, B]\n    license: CC BY\n"
        "  - id: a-page\n    url: https://example.org/page.html\n",
        encoding="utf-8",
    )
    manifest = load_manifest(tmp_path / "manifest.yaml")
    report, page = manifest.documents
    assert report.path == (tmp_path / "docs" / "a.pdf").resolve()
    assert report.published_on == "2024-11"
    assert report.authors == ("A", "B")
    assert report.extra == {"license": "CC BY"}
    assert page.url == "https://example.org/page.html" and page.path is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("documents:\n  - id: Bad Id\n    file: a.txt\n", "lower-case slug"),
        ("documents:\n  - id: a\n    file: a.txt\n  - id: a\n    file: b.txt\n", "appears twice"),
        ("documents:\n  - id: a\n", "exactly one of 'file' or 'url'"),
        ("documents:\n  - id: a\n    url: ftp://x/y\n", "must be http(s)"),
        ("documents:\n  - id: a\n    file: a.txt\n    document_type: blog\n", "document_type"),
        ("nothing: here\n", "'documents' list"),
    ],
)
def test_broken_manifests_say_what_is_wrong(tmp_path, body, message):
    (tmp_path / "m.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ManifestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_manifest(tmp_path / "m.yaml")


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match="manifest not found"):
        load_manifest(tmp_path / "nope.yaml")
