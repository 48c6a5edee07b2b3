"""The text around a number: the window before it, the word before it, where it stands.

Every pattern read from the text before a number is anchored at the number and reads at most
``ClaimSettings.context_chars`` characters back (a few rules read a wider window of their own).
"""

from __future__ import annotations

import re

from extract.settings import ClaimSettings


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


FUNCTION_WORDS = word_set(
    """a an the and or but nor so yet of in on at to by for from with within without into onto
    upon over under above below about around across after before behind beside besides between
    beyond during except inside outside near past since through throughout toward towards until
    up down off out among amid against along despite via per than as like unlike only just
    nearly almost roughly approximately some all any each every another both either neither
    these those this that its their our his her my your more less fewer most least many much
    several when while where if though although because once today now still even also then
    here there already recently currently overall total exactly precisely estimated average
    approx just fully nearly half is are was were be been being has have had will would can
    could may might must should do does did it they we he she you i who which what whose whom
    how why respectively just another other such same own"""
)


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
