"""The text around a number: the window before it, the word before it, where it stands.

Every pattern read from the text before a number is anchored at the number and reads at most
``ClaimSettings.context_chars`` characters back (a few rules read a wider window of their own).
"""

from __future__ import annotations

import re

from extract.settings import ClaimSettings
from extract.vocabulary import FUNCTION_WORDS

CJK_CHAR = re.compile(r"[\u3400-\u9fff\u3040-\u30ff]")
"""A Chinese or Japanese character: words are not spaced, so no glue rule of Latin script holds."""


def is_year(core: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", core)) and 1900 <= int(core) <= 2100


def window(text: str, end: int, size: int) -> str:
    """The ``size`` characters before ``end``; a NUL stands for any text cut off before them.

    Every pattern read from the text before a number is anchored at the number, so it never
    needs more; the NUL keeps '^' and look-behinds from matching at the cut.
    """
    start = max(0, end - size)
    return ("\x00" if start else "") + text[start:end]


def _previous_word(text: str, pos: int, settings: ClaimSettings) -> str | None:
    match = re.search(r"([^\W\d_][\w'’.&-]*)[ \u00a0]+$", window(text, pos, settings.context_chars))
    return match.group(1) if match else None


def after_capitalised_name(text: str, pos: int, settings: ClaimSettings) -> bool:
    """Is the number at ``pos`` right after a capitalised word that is not a common word?"""
    word = _previous_word(text, pos, settings)
    if not word or not (word[0].isupper() or re.fullmatch(r"[A-Z0-9-]+", word)):
        return False
    return word.lower().rstrip(".") not in FUNCTION_WORDS


def sentence_initial(text: str, pos: int) -> bool:
    return not re.search(r"[^\W_]", text[:pos].replace("“", "").replace('"', ""))
