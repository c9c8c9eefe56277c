"""From a matched span and its ConText modifiers to a `NoteMention`."""

from __future__ import annotations

from typing import Any

from ekbom.notes.language import categories_of
from ekbom.notes.mention import NoteMention
from ekbom.notes.quantities import read_result, relative_times
from ekbom.notes.terms import IGNORE

FAMILY_SECTION = "family_history"
EARLY_ONSET = "early-onset"
TERMINATE = "TERMINATE"


def categories_by_distance(span: Any) -> dict[str, int]:
    """Each ConText category modifying the span, with the distance in tokens to its nearest cue
    (a cue of two categories, "NEGATED+FAMILY", counts for both)."""
    found: dict[str, int] = {}
    ends = _terminations(span.doc)
    for modifier in span._.modifiers:
        start, end = modifier.modifier_span
        if any(min(end, span.end) <= a and b <= max(start, span.start) for a, b in ends):
            continue
        distance = start - span.end if start >= span.end else span.start - end
        for category in categories_of(modifier.category):
            found[category] = min(distance, found.get(category, distance))
    return found


def _terminations(doc: Any) -> list[tuple[int, int]]:
    """Where the TERMINATE cues ("but", ";", "the patient has") are.

    medspaCy ends a cue's scope at a TERMINATE cue only when their scopes overlap by its
    `tuple_overlaps`, which misses a short scope (`max_scope`) lying inside the sentence: "The
    mother of the patient has no RLS but the patient has RLS" kept the second RLS about the
    mother. A modifier with a TERMINATE cue between it and the span is dropped here.
    """
    graph = getattr(doc._, "context_graph", None)
    if graph is None:
        return []
    return [m.modifier_span for m in graph.modifiers if m.category == TERMINATE]


def _drug_event(cats: dict[str, int]) -> str | None:
    if "HYPOTHETICAL" in cats:
        return None
    start, stop = cats.get("STARTED"), cats.get("STOPPED")
    if stop is not None and (start is None or stop <= start):
        return "stop"
    return "start" if start is not None else None


def _days_for(
    times: list[tuple[int, int, int]], span: tuple[int, int], spans: list[tuple[int, int]]
) -> int | None:
    """The relative time that dates this mention: each time dates the nearest mention before
    it ("stopped hydralazine three days ago"), or if none is before it, the nearest after."""
    best: tuple[int, int] | None = None
    for t_start, t_end, days in times:
        before = [s for s in spans if s[1] <= t_start]
        after = [s for s in spans if s[0] >= t_end]
        dated = max(before, key=lambda s: s[1]) if before else min(after, default=None)
        if dated == span:
            distance = t_start - span[1] if before else span[0] - t_end
            if best is None or distance < best[0]:
                best = (distance, days)
    return best[1] if best else None


class Sentence:
    """One sentence of the note with the spans matched in it.

    `start` is where it starts in the note, `base` where it starts in the spaCy document.
    """

    def __init__(self, note: str, bounds: tuple[int, int], base: int, ents: list[Any]) -> None:
        self.start = bounds[0]
        self.text = note[bounds[0] : bounds[1]]
        self.base = base
        self.times = relative_times(self.text)
        self.spans = [(e.start_char - base, e.end_char - base) for e in ents if e.label_ != IGNORE]


def mentions_of(
    span: Any,
    sentence: Sentence,
    section: str | None,
    units: dict[str, tuple[str, ...]],
    lifestyle: frozenset[str],
) -> list[NoteMention]:
    """The mentions of one matched span (one per label), in note offsets.

    A stop cue makes a habit (`lifestyle`: smoking, alcohol, caffeine) historical.
    """
    labels = span.label_.split("|")
    if IGNORE in labels:
        return []
    text = sentence.text
    local_start = span.start_char - sentence.base
    name_end = _name_end(span) - sentence.base
    cats = categories_by_distance(span)
    days_ago = _days_for(
        sentence.times, (local_start, span.end_char - sentence.base), sentence.spans
    )
    offset = sentence.start
    found = []
    for label in labels:
        is_drug = label.startswith("drug:")
        result = None
        if label.startswith("lab:"):
            result = read_result(text, name_end, units.get(label[4:], ()))
        elif label == EARLY_ONSET:
            result = read_result(text, name_end, ())
        found.append(
            NoteMention(
                label=label,
                start=offset + local_start,
                end=offset + name_end,
                text=text[local_start:name_end],
                negated="NEGATED" in cats,
                family="FAMILY" in cats or section == FAMILY_SECTION,
                historical="HISTORICAL" in cats or (label in lifestyle and "STOPPED" in cats),
                hypothetical="HYPOTHETICAL" in cats,
                uncertain="POSSIBLE" in cats,
                section=section,
                drug_event=_drug_event(cats) if is_drug else None,
                days_ago=days_ago,
                value=result.value if result else None,
                unit=result.unit if result else None,
                comparator=result.comparator if result else None,
            )
        )
    return found


def _name_end(span: Any) -> int:
    """Where a test's name ends inside a span that also took its number ("Mg 1.4")."""
    end = span.end
    while end - 1 > span.start and (span.doc[end - 1].like_num or span.doc[end - 1].is_punct):
        end -= 1
    return int(span.doc[end - 1].idx + len(span.doc[end - 1].text))
