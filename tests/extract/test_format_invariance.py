"""Format invariance: each corpus document read as text and as its PDF or HTML rendition yields
the same claims (value, unit and sentence modulo whitespace).

``python -m tests.extract.test_format_invariance`` prints the figures quoted in the README.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from extract import extract_document, load_manifest

SOURCES = Path(__file__).resolve().parents[2] / "sources"
THRESHOLD = 0.97


def _number(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 6)


def _claim_keys(document) -> set[tuple]:
    """A claim as (value, low, high, unit, sentence with punctuation and spacing folded)."""
    claims = extract_document(document).claims
    return {
        (
            _number(row.value),
            _number(row.value_low),
            _number(row.value_high),
            row.unit,
            re.sub(r"\W+", " ", row.claim_text).strip(),
        )
        for row in claims.itertuples()
    }


@dataclass(frozen=True)
class Agreement:
    document_id: str
    rendition_format: str
    text_claims: int
    rendition_claims: int
    shared: int

    @property
    def share(self) -> float:
        return self.shared / self.text_claims if self.text_claims else 1.0


def measure() -> list[Agreement]:
    text = load_manifest(SOURCES / "corpus" / "sources.yaml")
    rendered = load_manifest(SOURCES / "sources.yaml")
    results = []
    for document in text.documents:
        rendition = rendered.get(document.document_id)
        text_keys, rendition_keys = _claim_keys(document), _claim_keys(rendition)
        results.append(
            Agreement(
                document.document_id,
                rendition.path.suffix.lstrip("."),
                len(text_keys),
                len(rendition_keys),
                len(text_keys & rendition_keys),
            )
        )
    return results


@pytest.fixture(scope="module")
def agreements() -> list[Agreement]:
    return measure()


def test_renditions_are_the_default_manifest():
    manifest = yaml.safe_load((SOURCES / "sources.yaml").read_text(encoding="utf-8"))
    suffixes = sorted(Path(entry["file"]).suffix for entry in manifest["documents"])
    assert suffixes == [".html", ".html", ".pdf", ".pdf"]


def test_claims_agree_across_formats(agreements: list[Agreement]):
    total = sum(a.text_claims for a in agreements)
    shared = sum(a.shared for a in agreements)
    assert shared / total >= THRESHOLD, agreements
    for agreement in agreements:
        assert agreement.share >= 0.9, agreement


if __name__ == "__main__":
    rows = measure()
    print("| document | rendition | claims (text) | claims (rendition) | same claims | share |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for a in rows:
        print(
            f"| {a.document_id} | {a.rendition_format} | {a.text_claims} | {a.rendition_claims} "
            f"| {a.shared} | {a.share:.1%} |"
        )
    total = sum(a.text_claims for a in rows)
    shared = sum(a.shared for a in rows)
    rendition_total = sum(a.rendition_claims for a in rows)
    print(f"| all | | {total} | {rendition_total} | {shared} | {shared / total:.1%} |")
    sys.exit(0)
