"""Survey-design tables: the table that lists a survey's questions by range, with their topic
and who answers them.

A table with a column of codes or ranges ("Q7 - Q16") gives every question of each range its
``topic`` (the category column) and who answers it: "Orgs who adopted GenAI (N=297)", per code in
"(N=297 for Q17, All respondents (N=316) for Q18)" and "Orgs who use GenAI for inference (N=193)
Q35, Q36, Q38, or who train models (N=113), Q37, Q39" ("who train models" takes the first
population's head noun: "Orgs who train models").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.surveys.questions import Questions
from extract.surveys.reading import CODE, CODE_TOKEN_RE, NUM, TextBlock, clean, to_int
from extract.vocabulary import DESIGN_BASE_HEADERS, DESIGN_TOPIC_HEADERS

_CODE_RANGE_CELL_RE = re.compile(
    rf"^\s*(?P<a>{CODE})(?:\s*(?:-|–|—|to)\s*(?P<b>{CODE}))?\s*$", re.I
)
_TABLE_N_RE = re.compile(rf"\(\s*N\s*=\s*(?P<n>{NUM})", re.I)
_TOPIC_HEADER_RE = re.compile("|".join(DESIGN_TOPIC_HEADERS), re.I)
_BASE_HEADER_RE = re.compile("|".join(DESIGN_BASE_HEADERS), re.I)


def questions_from_design_tables(rows: Sequence[TextBlock], questions: Questions) -> list[str]:
    """Question ranges of survey-design tables; returns the block ids of those tables."""
    tables: list[str] = []
    for block in rows:
        if block.block_type != "table":
            continue
        table = [[clean(c) for c in line.split("\t")] for line in block.text.split("\n")]
        if len(table) < 3:
            continue
        width = max(len(r) for r in table)
        table = [r + [""] * (width - len(r)) for r in table]
        header, body = table[0], table[1:]
        code_col = next(
            (
                c
                for c in range(width)
                if sum(bool(_CODE_RANGE_CELL_RE.match(r[c])) for r in body) >= 2
            ),
            None,
        )
        if code_col is None:
            continue
        others = [c for c in range(width) if c != code_col]
        topic_col = next(
            (c for c in others if _TOPIC_HEADER_RE.search(header[c])),
            others[0] if others else None,
        )
        who_col = next(
            (c for c in others if _BASE_HEADER_RE.search(header[c])),
            next(
                (
                    c
                    for c in others
                    if c != topic_col and any(_TABLE_N_RE.search(r[c]) for r in body)
                ),
                None,
            ),
        )
        tables.append(block.block_id)
        for line in body:
            match = _CODE_RANGE_CELL_RE.match(line[code_col])
            if not match:
                continue
            codes = _expand_range(match.group("a"), match.group("b"))
            topic = line[topic_col] if topic_col is not None and line[topic_col] else None
            default, per_code = (
                _parse_who(line[who_col]) if who_col is not None else ((None, None), {})
            )
            for code in codes:
                question = questions.coded(code, block, 0)
                if question.topic is None:
                    question.topic = topic
                population, n = per_code.get(code, default)
                if question.design_population is None and population:
                    question.design_population, question.design_n = population, n
    return tables


def _expand_range(first: str, last: str | None) -> list[str]:
    a = int(re.sub(r"\D", "", first))
    if last is None:
        return [first.upper()]
    b = int(re.sub(r"\D", "", last))
    if b < a or b - a > 500:
        return [first.upper(), last.upper()]
    return [f"Q{i}" for i in range(a, b + 1)]


def _parse_who(
    cell: str,
) -> tuple[tuple[str | None, int | None], dict[str, tuple[str, int | None]]]:
    """Who answers a range: the default (population, N) and per-code overrides."""
    matches = list(_TABLE_N_RE.finditer(cell))
    if not matches:
        text = cell.strip()
        return ((text or None), None), {}
    default: tuple[str | None, int | None] = (None, None)
    per_code: dict[str, tuple[str, int | None]] = {}
    head_noun: str | None = None
    previous_end = 0
    for index, match in enumerate(matches):
        before = cell[previous_end : match.start()]
        population = re.split(r"[,)]", before)[-1]
        population = CODE_TOKEN_RE.sub("", population)
        population = re.sub(r"^\s*(?:or|and|for)\s+", "", population).strip(" ,()")
        if head_noun is None:
            head = re.match(r"^(.+?)\s+(?:who|that|which|with)\b", population)
            head_noun = head.group(1) if head else None
        elif head_noun and re.match(r"^(?:who|that|which|with)\b", population):
            population = f"{head_noun} {population}"
        n = to_int(match.group("n"))
        after_end = matches[index + 1].start() if index + 1 < len(matches) else len(cell)
        after = cell[match.end() : after_end]
        # Codes stop where the next population's words begin.
        codes = _codes_before_words(after)
        if codes:
            for code in codes:
                per_code.setdefault(code, (population, n))
        elif default == (None, None):
            default = (population or None, n)
        previous_end = match.end()
    return default, per_code


def _codes_before_words(text: str) -> list[str]:
    """Question codes at the start of ``text`` ("for Q17", ") Q35, Q36, Q38, or ...")."""
    codes: list[str] = []
    for token in re.findall(r"[\w-]+", text):
        if re.fullmatch(CODE, token, re.I):
            codes.append(token.upper())
        elif token.lower() in ("for", "and", "or", "in"):
            continue
        elif codes or token.isalpha():
            break
    return codes
