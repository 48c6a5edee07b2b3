"""Damage of a text layer that geometry cannot repair: found, marked on the words, never guessed.

Overprinted copies of a character drawn at the same place are repaired where they are read
(:mod:`extract.pdf.characters` drops them). What remains is marked, word by word, so that blocks
and the claims read from them say so (``Block.damage``; a number in a damaged word is kept with
its value left null):

``doubled_glyphs``
    Every character of a word printed twice in a row, side by side ("JJaakkaarrttaa",
    "116633", "((7755..11%%))"): a text layer that lays each glyph's copies one after the other.
    A word of at least ``PdfSettings.doubled_min_chars`` characters whose every pair is one
    character twice.

``glyph_mapping``
    A font whose characters map to the wrong letters ("Sostware" for "Software"): among the
    words of one font, at least ``glyph_mapping_min_unknown_share`` are not English words, and
    one letter changed for another turns at least ``glyph_mapping_min_explained_share`` of those
    into English words (``glyph_mapping_min_words`` words at the least). Only checked when most
    of the document's words are English; the unknown words of that font are marked.
"""

from __future__ import annotations

import re
import string
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache

from extract.pdf.model import Page, Word
from extract.settings import PdfSettings

DOUBLED_GLYPHS = "doubled_glyphs"
GLYPH_MAPPING = "glyph_mapping"
_WORD_RE = re.compile(r"^[A-Za-z]{4,}$")


def is_doubled(text: str, min_chars: int) -> bool:
    """Every character twice in a row ("116633"), and not one repeated character ("----")."""
    if len(text) < min_chars or len(text) % 2:
        return False
    pairs = [text[i : i + 2] for i in range(0, len(text), 2)]
    return all(p[0] == p[1] for p in pairs) and len({p[0] for p in pairs}) > 1


@cache
def _english() -> frozenset[str] | object:
    from spellchecker import SpellChecker  # imported on first use: its dictionary takes 0.3 s

    return SpellChecker(language="en", distance=1).word_frequency


def _known(word: str) -> bool:
    return word in _english()  # type: ignore[operator]


def _best_substitution(unknown: Sequence[str]) -> tuple[tuple[str, str], int]:
    """The one-letter change (printed -> meant) that turns the most unknown words into words."""
    explained: Counter[tuple[str, str]] = Counter()
    for word in unknown:
        found = set()
        for i, printed in enumerate(word):
            for meant in string.ascii_lowercase:
                if meant != printed and _known(word[:i] + meant + word[i + 1 :]):
                    found.add((printed, meant))
        explained.update(found)
    return explained.most_common(1)[0] if explained else (("", ""), 0)


def mark_damage(pages: Sequence[Page], settings: PdfSettings) -> list[str]:
    """Mark damaged words on every page; a warning per kind of damage found."""
    warnings: list[str] = []
    doubled = 0
    for page in pages:
        for word in page.words:
            if is_doubled(word.text, settings.doubled_min_chars):
                word.damage = DOUBLED_GLYPHS
                doubled += 1
    if doubled:
        warnings.append(
            f"{doubled} words print every character twice in a row (a damaged text layer); "
            "their numbers are not read"
        )
    fonts = _glyph_mapping_fonts([w for page in pages for w in page.words], settings)
    for font, (printed, meant) in fonts.items():
        for page in pages:
            for word in page.words:
                if word.font == font and word.damage is None and not _is_english(word):
                    word.damage = GLYPH_MAPPING
        warnings.append(
            f"the font {font} seems to map characters to the wrong letters (e.g. '{printed}' "
            f"printed for '{meant}'); its text is marked damaged"
        )
    return warnings


def word_damage(words: Sequence[Word]) -> tuple[str, ...]:
    """The kinds of damage among ``words``, in a stable order."""
    return tuple(sorted({w.damage for w in words if w.damage}))


def _is_english(word: Word) -> bool:
    text = word.text.strip(".,;:!?()[]\"'“”‘’").lower()
    return not _WORD_RE.match(text) or _known(text)


def _glyph_mapping_fonts(
    words: Sequence[Word], settings: PdfSettings
) -> dict[str, tuple[str, str]]:
    by_font: dict[str, list[str]] = defaultdict(list)
    for word in words:
        text = word.text.strip(".,;:!?()[]\"'“”‘’").lower()
        if _WORD_RE.match(text):
            by_font[word.font].append(text)
    total = [t for texts in by_font.values() for t in texts]
    if len(total) < settings.glyph_mapping_min_words:
        return {}
    if sum(not _known(t) for t in total) > 0.5 * len(total):
        return {}  # mostly not English: nothing to compare with
    damaged: dict[str, tuple[str, str]] = {}
    for font, texts in by_font.items():
        unknown = sorted({t for t in texts if not _known(t)})
        if len(texts) < settings.glyph_mapping_min_words:
            continue
        if len(
            [t for t in texts if not _known(t)]
        ) < settings.glyph_mapping_min_unknown_share * len(texts):
            continue
        substitution, count = _best_substitution(unknown)
        if count >= max(
            settings.glyph_mapping_min_words,
            settings.glyph_mapping_min_explained_share * len(unknown),
        ):
            damaged[font] = substitution
    return damaged
