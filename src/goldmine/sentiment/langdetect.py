"""Per-text language detection for mixed Chinese/English corpora (issue #8).

A script-based detector: it counts Han ideographs (CJK Unified Ideographs, Extension A and the
compatibility block) and Latin-letter words, and calls a text Chinese when its estimated number of
Chinese words (ideographs / 1.5: a rough mean word length chosen here, since modern Chinese words
are mostly one or two characters long) is at least its number of Latin words. Texts without letters
are ``und`` (undetermined). It needs no model files, so it works offline, and it is fast
(~10^5 texts/s). It only separates ``zh`` from ``en``: other Latin-script languages come out as
``en``, other scripts as ``und``.

* :func:`detect` — ``zh`` / ``en`` / ``und`` for one text.
* :func:`script_counts` — (Han characters, Latin words) of a text.
* :func:`split_scripts` — the Han part and the Latin part of a mixed text.
"""

from __future__ import annotations

import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+(?:['\-][A-Za-z]+)*")
_OTHER_LETTER_RE = re.compile(r"[^\W\d_A-Za-z" + HAN + r"]")
CHARS_PER_ZH_WORD = 1.5


def script_counts(text: str) -> tuple[int, int]:
    """(number of Han characters, number of Latin-letter words)."""
    return len(_HAN_RE.findall(text)), len(_LATIN_WORD_RE.findall(text))


def detect(text: str) -> str:
    """``zh`` when Han script dominates, ``en`` when Latin words do, ``und`` without letters."""
    if not text:
        return "und"
    han, latin = script_counts(text)
    if han == 0 and latin == 0:
        return "und"
    if han / CHARS_PER_ZH_WORD >= latin:
        return "zh"
    other = len(_OTHER_LETTER_RE.findall(text))
    latin_letters = sum(len(w) for w in _LATIN_WORD_RE.findall(text))
    if other > latin_letters:
        return "und"
    return "en"


def is_mixed(text: str, min_han: int = 2, min_latin: int = 2) -> bool:
    """True when a text has at least ``min_han`` Han characters and ``min_latin`` Latin words."""
    han, latin = script_counts(text)
    return han >= min_han and latin >= min_latin


def split_scripts(text: str) -> tuple[str, str]:
    """(Han part, Latin part): the Latin words joined by spaces, everything else kept in the first."""
    latin = " ".join(_LATIN_WORD_RE.findall(text))
    han = _LATIN_WORD_RE.sub(" ", text)
    return han, latin
