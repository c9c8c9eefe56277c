"""The keyword pre-filter: which sentences of a note can hold a mention at all.

A matcher rule can only match a sentence that contains every word of its phrase (the last one
perhaps in the plural; an abbreviation in the case written). The pre-filter keeps exactly the
sentences where some term's words are all present, so it finds a superset of what the matcher
can find: sentences it drops are never tokenised, and a note without any is not tokenised at all.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable

from ekbom.notes.terms import Term, words

_WORD = re.compile(r"\w+")
# Sentence ends: a line break, or . ! ? followed by space and a capital, digit or bullet.
_SENTENCE_END = re.compile(r"\n|(?<=[.!?])[ \t]+(?=[A-Z0-9\-*•(])")
_STOP = frozenset({"of", "the", "a", "an", "on", "in", "to", "and", "for", "with", "at", "s"})

Requirement = tuple[bool, tuple[tuple[str, ...], ...]]


def split_sentences(text: str) -> list[tuple[int, int]]:
    r"""The (start, end) of each sentence: cut at line breaks and at . ! ? before a capital.

    >>> split_sentences("No RLS. Mother has RLS.\nFerritin 22")
    [(0, 7), (7, 23), (23, 35)]
    """
    cuts = [0, *(m.start() for m in _SENTENCE_END.finditer(text)), len(text)]
    return list(itertools.pairwise(cuts))


def plural_forms(word: str) -> tuple[str, ...]:
    """A word and the plural forms the matcher also accepts.

    >>> plural_forms("cramp")
    ('cramp', 'cramps', 'crampes')
    """
    return (word, word + "s", word + "es")


def requirement(term: Term) -> Requirement:
    """The words a sentence needs for the term to match: each a tuple of accepted forms."""
    if term.exact:
        return True, tuple((w,) for w in _WORD.findall(term.phrase))
    found = words(term.phrase)
    return False, (*((w,) for w in found[:-1]), plural_forms(found[-1]))


def key_word(term: Term) -> str:
    """The word a term is indexed by: its longest word that is not a small function word."""
    candidates = [w for w in words(term.phrase) if w not in _STOP] or list(words(term.phrase))
    return max(candidates, key=len)


class Prefilter:
    """Finds the sentences of a note that contain all the words of some term."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.index: dict[str, set[Requirement]] = defaultdict(set)
        for term in terms:
            needed = requirement(term)
            key = key_word(term)
            forms = plural_forms(key) if key == words(term.phrase)[-1] else (key,)
            for form in forms:
                self.index[form].add(needed)
        self.keys = frozenset(self.index)

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every sentence that may hold a mention, in order."""
        lowered = text.lower()
        keys = self.keys
        if keys.isdisjoint(_WORD.findall(lowered)):
            return []
        sentences = split_sentences(text)
        ends = [end for _, end in sentences]
        candidates = {
            bisect.bisect_right(ends, m.start())
            for m in _WORD.finditer(lowered)
            if m.group() in keys
        }
        return [sentences[i] for i in sorted(candidates) if self._holds(text[slice(*sentences[i])])]

    def _holds(self, sentence: str) -> bool:
        written = _WORD.findall(sentence)
        lowered = {w.lower() for w in written}
        hits = lowered & self.keys
        if not hits:
            return False
        exact = set(written)
        for key in hits:
            for is_exact, needed in self.index[key]:
                present = exact if is_exact else lowered
                if all(any(form in present for form in forms) for forms in needed):
                    return True
        return False
