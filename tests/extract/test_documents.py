"""extract_document: one call per document, and bad documents come back failed, never raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import DocumentError, SourceDocument, detect_format, extract_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _source(path: Path, **metadata) -> SourceDocument:
    return SourceDocument(document_id="doc", path=path, url=None, **metadata)


def test_text_document_is_extracted_with_its_claims(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Findings\n\n84% of organizations have adopted GenAI.\n", encoding="utf-8")
    extraction = extract_document(_source(path, title="Report", document_type="survey_report"))
    document = extraction.document.iloc[0]
    # A survey report whose text states no survey (no respondents, dates or questions) is read,
    # but partial: the warning says so.
    assert document["extraction_status"] == "partial"
    assert document["extraction_warnings"].startswith("no survey could be read")
    assert document["source_format"] == "text"
    assert document["word_count"] == 7
    assert len(document["sha256"]) == 64
    assert extraction.claims["value"].tolist() == [84.0]
    assert extraction.claims["block_id"].iloc[0] in set(extraction.blocks["block_id"])


@pytest.mark.parametrize(
    ("name", "content", "reason", "message"),
    [
        ("missing.pdf", None, "missing", "file not found"),
        ("empty.txt", b"", "empty", "empty (0 bytes)"),
        ("fake.pdf", (FIXTURES / "pdfs" / "not-a-pdf.pdf").read_bytes(), "not_a_pdf", "not one"),
        ("data.bin", b"\x00\x01\x02binary", "unsupported_format", "unsupported format"),
    ],
)
def test_bad_documents_fail_alone_with_a_clear_error(tmp_path, name, content, reason, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = path.read_bytes() if content is not None else None
    extraction = extract_document(_source(path))
    document = extraction.document.iloc[0]
    assert document["extraction_status"] == "failed"
    assert document["failure_reason"] == reason
    assert message in document["extraction_error"]
    assert extraction.blocks.empty and extraction.claims.empty
    if before is not None:
        assert path.read_bytes() == before  # the original file is never modified


def test_format_comes_from_content_before_name():
    assert detect_format(b"%PDF-1.7 ...", "report.txt") == "pdf"
    assert detect_format(b"<!DOCTYPE html><html></html>", "page") == "html"
    assert detect_format(b"plain words", "notes.md") == "text"
    with pytest.raises(DocumentError) as error:
        detect_format(b"hello", "report.pdf")
    assert error.value.reason == "not_a_pdf"


def test_output_that_breaks_its_contract_is_not_kept(tmp_path, monkeypatch):
    """A claims frame that breaks CLAIMS_SCHEMA (a share of 140% without a flag) is not
    returned: the document is failed with reason contract_violation and the failure cases."""
    import extract.documents as documents

    def broken_claims(blocks):
        values = real_extract_claim_values(blocks)
        values.claims.loc[:, "value"] = 140.0
        documents.CLAIMS_SCHEMA.validate(values.claims, lazy=True)
        return values

    real_extract_claim_values = documents.extract_claim_values
    monkeypatch.setattr(documents, "extract_claim_values", broken_claims)
    path = tmp_path / "report.txt"
    path.write_text("84% of organizations have adopted GenAI.\n", encoding="utf-8")
    extraction = extract_document(_source(path))
    document = extraction.document.iloc[0]
    assert document["extraction_status"] == "failed"
    assert document["failure_reason"] == "contract_violation"
    assert "broke its contract" in document["extraction_error"]
    assert extraction.claims.empty and extraction.blocks.empty
    assert extraction.contract_failures is not None
    assert "140.0" in extraction.contract_failures["failure_case"].tolist()
