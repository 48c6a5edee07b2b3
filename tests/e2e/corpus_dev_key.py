"""Score a warehouse against the hand key of the development corpus (tests/fixtures/corpus_dev).

The key was written by reading the documents (see tests/fixtures/corpus_dev/README.md). For each
document it scores what the marts say:

    survey facts     a report presents a survey (or an article none), and each fact (respondents,
                     fieldwork start and end, countries, margin of error, confidence level,
                     question count) stated by the key or by the warehouse is equal in both;
                     a fact neither states is not counted, an invented one counts as wrong
    questions        key questions found among dim_questions (same code, or wording / title
                     sharing most content words), and base_n right where the key prints one
    segments         key segments found among dim_segments (same label), n right where printed
    claims           key claims found in fct_claims: same value (rounding tolerated), unit and
                     page, and a subject that holds one of the key subject's content words and,
                     with the row's section, question and segment, half of them, and is not
                     much longer (a whole paragraph is not a subject) (recall);
                     key non-claims that became claims (false positives)
    usable           the share of fct_claims rows with a subject and three words beside the number
    statuses         articles: key claims found with the key's verification_status, and (for
                     corroborated and mismatch) the key's backing document as cited_document_id
                     or as the document of verified_by_claim_id

    python -m tests.e2e.corpus_dev_key path/to/warehouse.duckdb [--details] [--document ID]

prints one table per measure with a row per document and the totals (``make evaluate`` builds
the development corpus and runs this). The same functions back tests/e2e/test_corpus_dev.py.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KEY_DIR = PROJECT_ROOT / "tests" / "fixtures" / "corpus_dev"
# Hand audits of random fct_claims rows, one file per sample (see each file's header).
RANDOM_AUDITS = sorted((PROJECT_ROOT / "tests" / "fixtures").glob("corpus_dev_claims_audit*.yaml"))
FACTS = (
    "respondents",
    "fieldwork_start",
    "fieldwork_end",
    "countries",
    "margin_of_error_pct",
    "confidence_level_pct",
    "question_count",
)
# Words that say nothing about what is measured: they never decide a match.
_STOP = frozenset(
    """
    a an and are as at be by for from has have in is it its of on or our that the their them
    they this to was were which who with what how do does did you your i we % percent
    respondents respondent people share number
    """.split()  # noqa: SIM905
)


# --------------------------------------------------------------------------------------------
# Reading the key and the warehouse
# --------------------------------------------------------------------------------------------


def load_keys(key_dir: Path = KEY_DIR) -> dict[str, dict[str, Any]]:
    keys = {}
    for path in sorted(key_dir.glob("*.yaml")):
        key = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys[key["document_id"]] = key
    return keys


def _rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class Warehouse:
    documents: dict[str, dict[str, Any]]
    surveys: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    segments: list[dict[str, Any]]
    claims: list[dict[str, Any]]

    @classmethod
    def read(cls, path: Path) -> Warehouse:
        with duckdb.connect(str(path), read_only=True) as connection:
            documents = _rows(connection, "select * from marts.dim_documents")
            return cls(
                documents={row["document_id"]: row for row in documents},
                surveys=_rows(connection, "select * from marts.dim_surveys"),
                questions=_rows(
                    connection,
                    "select q.*, s.document_id from marts.dim_questions q "
                    "join marts.dim_surveys s using (survey_id)",
                ),
                segments=_rows(
                    connection,
                    "select g.*, s.document_id from marts.dim_segments g "
                    "join marts.dim_surveys s using (survey_id)",
                ),
                claims=_rows(
                    connection,
                    "select c.*, q.question_text, g.segment_label from marts.fct_claims c "
                    "left join marts.dim_questions q using (question_id) "
                    "left join marts.dim_segments g using (segment_id)",
                ),
            )

    def of(self, rows: list[dict[str, Any]], document_id: str) -> list[dict[str, Any]]:
        return [row for row in rows if row["document_id"] == document_id]


# --------------------------------------------------------------------------------------------
# Text matching
# --------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def content_words(text: str | None) -> set[str]:
    """Lower-case words and numbers, stemmed to their first six letters; stop words dropped.

    CJK text has no spaces: each run of CJK characters gives its character pairs.
    """
    if not text:
        return set()
    words: set[str] = set()
    for token in re.findall(r"[^\W_]+", _fold(text)):
        if re.search(r"[\u3400-\u9fff]", token):
            chars = re.findall(r"[\u3400-\u9fff]", token)
            words.update(a + b for a, b in itertools.pairwise(chars))
            words.update(re.findall(r"[a-z0-9]+", token))
        elif token not in _STOP:
            words.add(token[:6])
    return words


def overlap(key_text: str | None, found_text: str | None) -> float:
    """Shared content words over the smaller side's (1.0: one side's words are all in the other)."""
    key, found = content_words(key_text), content_words(found_text)
    if not key or not found:
        return 0.0
    return len(key & found) / min(len(key), len(found))


def coverage(key_text: str | None, found_text: str | None) -> float:
    """The share of the key's content words that the found text has."""
    key, found = content_words(key_text), content_words(found_text)
    return len(key & found) / len(key) if key else 0.0


def normalize_code(code: str | None) -> str | None:
    if not code:
        return None
    return re.sub(r"[\s._-]+", "", _fold(str(code)))


def _label(text: str | None) -> str:
    return " ".join(re.findall(r"[^\W_]+", _fold(text or "")))


# --------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str = "") -> None:
        self.total += 1
        if ok:
            self.right += 1
        elif miss:
            self.misses.append(miss)

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None

    def cell(self) -> str:
        if not self.total:
            return "–"
        return f"{self.right}/{self.total} ({100 * self.right / self.total:.0f}%)"


def _key_date(value: Any, end: bool) -> date | None:
    if value in (None, ""):
        return None
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = map(int, text.split("-"))
        if not end:
            return date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date.fromisoformat(text)


def _same_fact(name: str, key_value: Any, found: Any) -> bool:
    if name.startswith("fieldwork"):
        found_date = found if isinstance(found, date) else None
        return _key_date(key_value, name.endswith("end")) == found_date
    if key_value is None or found is None or (isinstance(found, float) and math.isnan(found)):
        return False
    return abs(float(key_value) - float(found)) < 0.005


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def score_survey(key: dict, warehouse: Warehouse) -> Tally:
    tally = Tally()
    document_id = key["document_id"]
    surveys = warehouse.of(warehouse.surveys, document_id)
    expected = key.get("survey")
    tally.add(
        bool(surveys) == bool(expected),
        f"survey {'missing' if expected else 'invented'}",
    )
    if not expected:
        return tally
    if not surveys:
        for name in FACTS:
            if expected.get(name) is not None:
                tally.add(False, f"{name}: want {expected[name]}, no survey")
        return tally
    survey = surveys[0]
    for name in FACTS:
        want, got = expected.get(name), survey.get(name)
        if want is None and _is_null(got):
            continue
        tally.add(_same_fact(name, want, got), f"{name}: want {want}, got {got}")
    return tally


def _question_similarity(key: dict, row: dict) -> float:
    code = normalize_code(key.get("code"))
    if code and code == normalize_code(row.get("question_code")):
        return 2.0
    best = 0.0
    for wording in (key.get("text"), key.get("title")):
        if wording:
            best = max(
                best,
                min(
                    coverage(wording, row.get("question_text")),
                    overlap(wording, row.get("question_text")),
                ),
            )
    return best


def _assign(
    wanted: Sequence[dict], rows: Sequence[dict], similarity: Any, threshold: float
) -> list[dict | None]:
    """Greedy one-to-one matching, best pairs first."""
    pairs = sorted(
        (
            (similarity(item, row), i, j)
            for i, item in enumerate(wanted)
            for j, row in enumerate(rows)
        ),
        reverse=True,
    )
    matched: list[dict | None] = [None] * len(wanted)
    used: set[int] = set()
    for score, i, j in pairs:
        if score < threshold:
            break
        if matched[i] is None and j not in used:
            matched[i] = rows[j]
            used.add(j)
    return matched


def score_questions(key: dict, warehouse: Warehouse) -> tuple[Tally, Tally]:
    found, base = Tally(), Tally()
    wanted = key.get("questions") or []
    rows = warehouse.of(warehouse.questions, key["document_id"])
    for item, row in zip(wanted, _assign(wanted, rows, _question_similarity, 0.6), strict=True):
        name = item.get("code") or (item.get("text") or item.get("title") or "")[:60]
        found.add(row is not None, f"question not found: {name}")
        if item.get("base_n") is not None:
            got = None if row is None else row.get("base_n")
            base.add(
                row is not None and not _is_null(got) and int(got) == int(item["base_n"]),
                f"base_n of {name}: want {item['base_n']}, got {got}",
            )
    return found, base


def _segment_similarity(key: dict, row: dict) -> float:
    if _label(key.get("label")) == _label(row.get("segment_label")):
        return 2.0 + overlap(key.get("dimension"), row.get("dimension"))
    aliases = [a for a in str(row.get("aliases") or "").split(";") if a.strip()]
    if any(_label(key.get("label")) == _label(alias) for alias in aliases):
        return 1.5
    return min(
        coverage(key.get("label"), row.get("segment_label")),
        overlap(key.get("label"), row.get("segment_label")),
    )


def score_segments(key: dict, warehouse: Warehouse) -> tuple[Tally, Tally]:
    found, counts = Tally(), Tally()
    wanted = key.get("segments") or []
    rows = warehouse.of(warehouse.segments, key["document_id"])
    for item, row in zip(wanted, _assign(wanted, rows, _segment_similarity, 0.8), strict=True):
        name = f"{item.get('dimension')}: {item.get('label')}"
        found.add(row is not None, f"segment not found: {name}")
        if item.get("n") is not None:
            got = None if row is None else row.get("respondents")
            counts.add(
                row is not None and not _is_null(got) and int(got) == int(item["n"]),
                f"n of {name}: want {item['n']}, got {got}",
            )
    return found, counts


def _same_value(want: Any, row: dict) -> bool:
    """The value, or one end of a range ("85% - 91%" is keyed as two claims)."""
    if want is None:
        return False
    want = float(want)
    return any(
        not _is_null(got) and abs(float(got) - want) <= max(0.051, abs(want) * 1e-6)
        for got in (row.get("value"), row.get("value_low"), row.get("value_high"))
    )


def _claim_candidates(item: dict, rows: Iterable[dict]) -> list[dict]:
    page = item.get("page")
    return [
        row
        for row in rows
        if row.get("unit") == item.get("unit")
        and _same_value(item.get("value"), row)
        and (page is None or row.get("page_number") == page)
    ]


# A subject names what is measured: it covers half the key's words and is not a whole paragraph.
# The key states context ("cloud platforms used with Go: AWS") that a row may carry in its
# section, question or segment instead of its subject ("AWS"); the subject must still hold one
# of the key's words.
MIN_SUBJECT_COVERAGE = 0.5
MAX_SUBJECT_WORDS_RATIO = 2.5
MAX_SUBJECT_EXTRA_WORDS = 8


def _is_cjk(word: str) -> bool:
    return bool(re.search(r"[\u3400-\u9fff]", word))


def _subject_right(item: dict, row: dict) -> bool:
    """A bilingual key subject ("所开发的 Go 软件 respondents working on Go software") is right
    when either language's part is."""
    key = content_words(item.get("subject"))
    parts = [{w for w in key if _is_cjk(w)}, {w for w in key if not _is_cjk(w)}]
    return any(_subject_part_right(part, row) for part in parts if part)


def _subject_part_right(key: set[str], row: dict) -> bool:
    found = content_words(row.get("subject"))
    if not found or not key & found:
        return False
    limit = max(len(key) * MAX_SUBJECT_WORDS_RATIO, len(key) + MAX_SUBJECT_EXTRA_WORDS)
    context = set().union(
        *(content_words(row.get(name)) for name in ("section", "question_text", "segment_label"))
    )
    return len(key & (found | context)) / len(key) >= MIN_SUBJECT_COVERAGE and len(found) <= limit


def _claim_name(item: dict) -> str:
    where = f"p{item['page']} " if item.get("page") else ""
    return f"{where}{item.get('quote')!r} = {item.get('value')} {item.get('unit')}"


def score_claims(key: dict, warehouse: Warehouse) -> tuple[Tally, Tally]:
    """(recall on the key's claims with subject right, non-claims kept out)."""
    recall, kept_out = Tally(), Tally()
    rows = warehouse.of(warehouse.claims, key["document_id"])
    for item in key.get("claims") or []:
        candidates = _claim_candidates(item, rows)
        ok = any(_subject_right(item, row) for row in candidates)
        detail = (
            "not found"
            if not candidates
            else ("subject wrong: " + "; ".join(repr(row.get("subject")) for row in candidates[:3]))
        )
        recall.add(ok, f"{_claim_name(item)} {detail} (want subject {item.get('subject')!r})")
    for item in key.get("non_claims") or []:
        quote = re.sub(r"\s+", " ", str(item.get("quote") or ""))
        numbers = set(re.findall(r"\d+(?:[.,]\d+)*", quote))
        leaked = [
            row
            for row in rows
            if quote
            and quote in re.sub(r"\s+", " ", row.get("claim_text") or "")
            and set(re.findall(r"\d+(?:[.,]\d+)*", row.get("value_text") or "")) & numbers
        ]
        kept_out.add(not leaked, f"non-claim {quote!r} ({item.get('why')}) became a claim")
    return recall, kept_out


_NUMBERISH = re.compile(r"^[\W\d_]*$")


def is_usable(row: dict) -> bool:
    """A subject, and at least three words beside the number in the claim's text."""
    if not (row.get("subject") or "").strip():
        return False
    text = (row.get("claim_text") or "").replace(row.get("value_text") or "\0", " ")
    words = [w for w in re.findall(r"\S+", text) if not _NUMBERISH.match(w)]
    cjk = re.findall(r"[\u3400-\u9fff]", text)
    return len(words) >= 3 or len(cjk) >= 4


def score_usable(document_id: str, warehouse: Warehouse) -> Tally:
    tally = Tally()
    for row in warehouse.of(warehouse.claims, document_id):
        tally.add(is_usable(row), f"{row.get('value_text')!r} in {row.get('claim_text')!r}")
    return tally


def score_statuses(key: dict, warehouse: Warehouse) -> tuple[Tally, Tally]:
    """Articles: (status right among the key's claims, backing document resolved)."""
    statuses, backing = Tally(), Tally()
    rows = warehouse.of(warehouse.claims, key["document_id"])
    by_id = {row["claim_id"]: row for row in warehouse.claims}
    for item in key.get("claims") or []:
        want = item.get("verification_status")
        if not want:
            continue
        candidates = _claim_candidates(item, rows)
        got = sorted({row.get("verification_status") for row in candidates})
        statuses.add(want in got, f"{_claim_name(item)}: want {want}, got {got or 'no claim'}")
        if want in ("corroborated", "mismatch") and item.get("backed_by"):
            documents = set()
            for row in candidates:
                documents.add(row.get("cited_document_id"))
                backer = by_id.get(row.get("verified_by_claim_id") or "")
                if backer:
                    documents.add(backer["document_id"])
            backing.add(
                item["backed_by"] in documents,
                f"{_claim_name(item)}: want backing {item['backed_by']}, got {documents - {None}}",
            )
    return statuses, backing


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class DocumentScore:
    document_id: str
    document_type: str
    measures: dict[str, Tally]


MEASURES = (
    ("survey", "survey facts"),
    ("questions", "questions found"),
    ("base_n", "base n right"),
    ("segments", "segments found"),
    ("segment_n", "segment n right"),
    ("claims", "key claims found"),
    ("non_claims", "non-claims kept out"),
    ("usable", "usable claims"),
    ("statuses", "statuses right"),
    ("backing", "backing resolved"),
)


def score(warehouse: Warehouse, keys: dict[str, dict]) -> list[DocumentScore]:
    scores = []
    for document_id, key in keys.items():
        questions, base = score_questions(key, warehouse)
        segments, segment_n = score_segments(key, warehouse)
        claims, non_claims = score_claims(key, warehouse)
        statuses, backing = score_statuses(key, warehouse)
        measures = {
            "survey": score_survey(key, warehouse),
            "questions": questions,
            "base_n": base,
            "segments": segments,
            "segment_n": segment_n,
            "claims": claims,
            "non_claims": non_claims,
            "usable": score_usable(document_id, warehouse),
            "statuses": statuses,
            "backing": backing,
        }
        scores.append(DocumentScore(document_id, key.get("document_type", "?"), measures))
    return scores


def total(scores: Iterable[DocumentScore], measure: str, document_type: str | None = None) -> Tally:
    tally = Tally()
    for document in scores:
        if document_type and document.document_type != document_type:
            continue
        part = document.measures[measure]
        tally.right += part.right
        tally.total += part.total
    return tally


def report(scores: list[DocumentScore], details: bool = False) -> str:
    columns = [name for name, _ in MEASURES if any(s.measures[name].total for s in scores)]
    titles = dict(MEASURES)
    lines = [
        "| document | " + " | ".join(titles[c] for c in columns) + " |",
        "| --- | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for document in scores:
        cells = [document.measures[c].cell() for c in columns]
        lines.append(f"| {document.document_id} | " + " | ".join(cells) + " |")
    for label, document_type in (("survey reports", "survey_report"), ("articles", "article")):
        cells = [total(scores, c, document_type).cell() for c in columns]
        lines.append(f"| **{label}** | " + " | ".join(cells) + " |")
    lines.append("| **all** | " + " | ".join(total(scores, c).cell() for c in columns) + " |")
    if details:
        for document in scores:
            misses = [
                f"  - [{titles[name]}] {miss}"
                for name, tally in document.measures.items()
                if name != "usable"
                for miss in tally.misses
            ]
            if misses:
                lines += ["", f"{document.document_id}:", *misses]
    return "\n".join(lines)


@dataclass(frozen=True)
class AuditTally:
    """A hand audit of random claims against a warehouse: rows judged, judged usable, and of
    these how many the warehouse still has unchanged (the audit judges rows, not the key)."""

    name: str
    judged: int
    usable: int
    usable_unchanged: int
    unchanged: int

    def line(self) -> str:
        return (
            f"random claims audit ({self.name}): {self.usable}/{self.judged} usable; "
            f"{self.unchanged}/{self.judged} of the audited rows are in this warehouse unchanged"
        )


def random_audit(warehouse: Warehouse, path: Path) -> AuditTally:
    audited = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("claims") or []
    judged = [c for c in audited if c.get("verdict")]
    rows = {row["claim_id"]: row for row in warehouse.claims}

    def unchanged(c: dict) -> bool:
        row = rows.get(c["claim_id"])
        return (
            row is not None
            and row.get("subject") == c.get("subject")
            and _same_value(c.get("value"), row)
        )

    usable = [c for c in judged if c["verdict"] == "usable"]
    return AuditTally(
        path.name,
        len(judged),
        len(usable),
        sum(unchanged(c) for c in usable),
        sum(unchanged(c) for c in judged),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument("--document", action="append", help="only these documents")
    args = parser.parse_args(argv)
    keys = load_keys()
    if args.document:
        keys = {k: v for k, v in keys.items() if k in args.document}
    warehouse = Warehouse.read(args.warehouse)
    print(report(score(warehouse, keys), details=args.details))
    if RANDOM_AUDITS and not args.document:
        print()
        for path in RANDOM_AUDITS:
            print(random_audit(warehouse, path).line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
