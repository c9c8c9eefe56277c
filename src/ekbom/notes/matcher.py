"""The spaCy pipeline: medspaCy's TargetMatcher with rules generated from the knowledge, and
medspaCy's ConText with ekbom's own cue rules (language.yaml). No PyRuSH: sentences come from
the pre-filter, which keeps note text out of PyRuSH's loguru debug log as well."""

from __future__ import annotations

from typing import Any

from ekbom.notes.language import cues, is_modifier
from ekbom.notes.terms import Term

# spaCy and medspaCy are imported inside functions: `ekbom.notes.terms` and the core stay light.


def _disable_pyrush_logging() -> None:
    """PyRuSH logs every document at DEBUG through loguru; ekbom never runs it, and mutes it."""
    try:
        from loguru import logger
    except ImportError:  # pragma: no cover - loguru comes with medspaCy
        return
    logger.disable("PyRuSH")


def target_rules(nlp: Any, term: Term) -> list[Any]:
    """The TargetRules of a term. Plain phrases go to the phrase matcher (lower case), one rule
    per form: as written and, for a last word of three letters or more, with -s and -es. An
    abbreviation matches only as written; a test name before a value needs the number.

    Only plain attribute patterns are used: spaCy evaluates set predicates (`IN`) in Python for
    every token, which made matching 50 times slower.
    """
    from medspacy.target_matcher import TargetRule  # type: ignore[import-untyped]

    label = "|".join(term.labels)
    tokens = [token.text for token in nlp.make_doc(term.phrase)]
    if term.before_value:
        attr = "ORTH" if term.exact else "LOWER"
        words = [{attr: t if term.exact else t.lower()} for t in tokens]
        return [
            TargetRule(term.phrase, label, pattern=[*words, *middle, {"LIKE_NUM": True}])
            for middle in ([], [{"IS_PUNCT": True}])
        ]
    if term.exact:
        return [TargetRule(term.phrase, label, pattern=[{"ORTH": t} for t in tokens])]
    forms = [term.phrase]
    if tokens[-1].isalpha() and len(tokens[-1]) >= 3:
        stem = term.phrase[: len(term.phrase) - len(tokens[-1])]
        forms += [stem + tokens[-1] + "s", stem + tokens[-1] + "es"]
    return [TargetRule(form, label) for form in forms]


def build_nlp(terms: list[Term]) -> Any:
    """A blank English pipeline with the target matcher and ConText, rules loaded."""
    _disable_pyrush_logging()
    import medspacy  # type: ignore[import-untyped]  # noqa: F401  (registers the components)
    import spacy
    from medspacy.context import ConTextRule  # type: ignore[import-untyped]

    nlp = spacy.blank("en")
    target: Any = nlp.add_pipe("medspacy_target_matcher")
    target.add([rule for term in terms for rule in target_rules(nlp, term)])
    context: Any = nlp.add_pipe("medspacy_context", config={"rules": None, "span_attrs": None})
    context.add(
        [
            ConTextRule(
                cue.literal,
                cue.category,
                # Punctuation cues ("?", ";") as token patterns; this also keeps ConText's token
                # matcher from warning (W036) that it has no pattern.
                pattern=None if any(c.isalnum() for c in cue.literal) else [{"ORTH": cue.literal}],
                direction="TERMINATE" if cue.category == "TERMINATE" else cue.direction,
                max_scope=cue.max_scope,
            )
            for cue in cues()
            if is_modifier(cue.category) or cue.category in {"TERMINATE", "PSEUDO"}
        ]
    )
    return nlp
