"""Clinical-note mentions as evidence: which mentions in the window match a `mention` rule."""

from __future__ import annotations

from ekbom.engine.outcome import FALSE, Outcome
from ekbom.engine.scope import Scope
from ekbom.facts import MentionFact
from ekbom.kb.predicates import Mention
from ekbom.result import Evidence

MODIFIERS = ("negated", "uncertain", "historical", "family", "hypothetical")


def mention_evidence(mention: MentionFact) -> Evidence:
    """Evidence for one mention: its span, the note's date and how it was mentioned."""
    flags = [name for name in MODIFIERS if getattr(mention, name)]
    if mention.drug_event:
        flags.append(f"drug {mention.drug_event}")
    note = "note mention" + (f" ({', '.join(flags)})" if flags else "")
    if mention.date is None:
        note += "; undated note"
    return Evidence(
        source=mention.source, code=None, display=mention.label, date=mention.date, note=note
    )


def matches(predicate: Mention, mention: MentionFact, relatives: frozenset[str]) -> bool:
    """Whether one mention is the kind the predicate asks for (dates aside).

    `relatives` are the concept sets of the mention's relationship codes.
    """
    if mention.hypothetical or mention.family != (predicate.about == "family"):
        return False
    if predicate.current and mention.historical:
        return False
    if predicate.relationship is not None and predicate.relationship not in relatives:
        return False
    if predicate.as_ == "stopped":
        wanted = predicate.label
        label_ok = mention.label == wanted if wanted else mention.label.startswith("drug:")
        return label_ok and mention.drug_event == "stop" and not mention.negated
    if mention.label != predicate.label:
        return False
    if predicate.as_ == "negated":
        return mention.negated
    if mention.negated:
        return False
    return mention.uncertain == (predicate.as_ == "uncertain")


def mention_outcome(predicate: Mention, scope: Scope) -> Outcome:
    """True when a note dated in the window (undated notes count) mentions the label as asked;
    never unknown: no such mention is false."""
    sets_of = scope.record.knowledge.codes.sets_of_any
    found = [
        mention_evidence(m)
        for m in scope.record.facts.mentions
        if (m.date is None or scope.in_window(m.date))
        and matches(predicate, m, sets_of(m.relatives))
    ]
    return Outcome(True, tuple(found)) if found else FALSE
