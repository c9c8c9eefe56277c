"""Note analysis: text in, `NoteMention`s out.

    analyze(text)          one note
    analyze_many(texts)    many notes (OMOP NOTE, many files), in order

Steps per note: the keyword pre-filter keeps only the sentences that hold every word of some
term (a note without one is never tokenised); those sentences become one spaCy document with
its sentence boundaries set; medspaCy's TargetMatcher finds the terms and ConText their
modifiers; sections come from the note's headings; relative times and results are read from
the sentence. Mention text is patient data: nothing here logs it.
"""

from __future__ import annotations

import bisect
import functools
import multiprocessing
from collections.abc import Iterable, Iterator
from typing import Any

from ekbom.kb.load import load_knowledge
from ekbom.notes.extract import Sentence, mentions_of
from ekbom.notes.language import cue_words
from ekbom.notes.matcher import build_nlp
from ekbom.notes.mention import NoteMention
from ekbom.notes.prefilter import Prefilter, split_sentences
from ekbom.notes.sections import Sections
from ekbom.notes.terms import Term, build_terms, load_note_terms
from ekbom.vocab import Category

__all__ = ["Analyzer", "analyze", "analyze_many", "analyzer"]


class Analyzer:
    """The built pipeline: terms, pre-filter and spaCy rules, made once per process."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.prefilter = Prefilter(terms)
        self.nlp = build_nlp(terms)
        knowledge = load_knowledge()
        units: dict[str, list[str]] = {}
        for conversion in knowledge.units.conversions:
            if conversion.unit:
                units.setdefault(conversion.test, []).append(conversion.unit)
        self.units = {test: tuple(found) for test, found in units.items()}
        self.lifestyle = frozenset(
            f.id for f in knowledge.factors if f.category is Category.LIFESTYLE
        )

    def analyze(self, text: str, *, prefilter: bool = True) -> list[NoteMention]:
        """The mentions of one note, in text order.

        With `prefilter=False` every sentence is analysed (for tests of the pre-filter).
        """
        spans = self.prefilter.sentences(text) if prefilter else split_sentences(text)
        spans = _trimmed(text, spans)
        if not spans:
            return []
        doc, starts = self._digest(text, spans)
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        sections = Sections(text)
        by_sentence: dict[int, list[Any]] = {}
        for span in doc.ents:
            by_sentence.setdefault(bisect.bisect_right(starts, span.start_char) - 1, []).append(
                span
            )
        found: list[NoteMention] = []
        for index, ents in by_sentence.items():
            where = Sentence(text, spans[index], starts[index], ents)
            for span in ents:
                section = sections.at(where.start + span.start_char - where.base)
                found.extend(mentions_of(span, where, section, self.units, self.lifestyle))
        return found

    def _digest(self, text: str, spans: list[tuple[int, int]]) -> tuple[Any, list[int]]:
        """One document of the chosen sentences, one sentence each, joined by line breaks."""
        import numpy
        from spacy.attrs import IDX, SENT_START  # type: ignore[import-not-found]

        starts = []
        position = 0
        for start, end in spans:
            starts.append(position)
            position += end - start + 1
        doc = self.nlp.make_doc("\n".join(text[start:end] for start, end in spans))
        offsets = doc.to_array([IDX])
        flags = numpy.full(len(doc), -1, dtype="int64")
        flags[numpy.searchsorted(offsets, starts)] = 1
        doc.from_array([SENT_START], flags.view("uint64"))
        return doc, starts

    def analyze_many(
        self, texts: Iterable[str], processes: int = 1, chunksize: int = 64
    ) -> Iterator[list[NoteMention]]:
        """The mentions of each note, in order; `processes` > 1 forks workers (POSIX only)."""
        if processes <= 1:
            for text in texts:
                yield self.analyze(text)
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(processes) as pool:
            yield from pool.imap(_analyze_in_worker, texts, chunksize=chunksize)


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans without their leading and trailing white space (empty ones dropped)."""
    kept = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            kept.append((start + left, start + right))
    return kept


@functools.cache
def analyzer() -> Analyzer:
    """The process-wide analyzer, built from the packaged knowledge on first use."""
    knowledge = load_knowledge()
    return Analyzer(build_terms(knowledge, load_note_terms(), cue_words()))


def _analyze_in_worker(text: str) -> list[NoteMention]:
    return analyzer().analyze(text)


def analyze(text: str) -> list[NoteMention]:
    """The mentions of one note."""
    return analyzer().analyze(text)


def analyze_many(texts: Iterable[str], processes: int = 1) -> Iterator[list[NoteMention]]:
    """The mentions of each note, in order (batched; see `Analyzer.analyze_many`)."""
    return analyzer().analyze_many(texts, processes=processes)
