"""The Flesch-Kincaid grade level, measured the usual way (Kincaid et al. 1975):

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Syllables are counted by vowel groups with the common English corrections (a silent final
"e", "-le" endings, "-ed" and "-es" that add no syllable); this is the same approximation the
textstat and readability packages use, good to about half a grade on ordinary prose.

>>> syllables("medicine"), syllables("restless"), syllables("table"), syllables("stopped")
(3, 2, 2, 1)
>>> round(grade("The cat sat on the mat. It was happy."), 1)
-0.7
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n\s*\n")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """An estimate of the syllables in one English word."""
    w = word.lower().strip("'’-")
    if len(w) <= 3:
        return 1
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        count -= 1
    if w.endswith(("ed", "es")) and not w.endswith(
        ("ted", "ded", "ses", "zes", "ces", "ges", "xes", "shes", "ches")
    ):
        count -= 1 if count > 1 else 0
    return max(count, 1)


def words_of(text: str) -> list[str]:
    """The words of a text (numbers and symbols left out)."""
    return _WORD.findall(text)


def sentences_of(text: str) -> int:
    """The number of sentences (a heading or list item without a full stop counts as one)."""
    parts = [p for p in _SENTENCE_END.split(text) if words_of(p)]
    return max(len(parts), 1)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade level of a text."""
    words = words_of(text)
    if not words:
        return 0.0
    count = sum(syllables(w) for w in words)
    return 0.39 * (len(words) / sentences_of(text)) + 11.8 * (count / len(words)) - 15.59
