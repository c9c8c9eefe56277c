"""Card pieces shared by both services: ids, source, links, Markdown, summary fitting."""

from __future__ import annotations

import re
import uuid
from typing import Any

from ekbom.serve.validator import SUMMARY_LIMIT
from ekbom.serve.wording import Reason, Topic, Wording

NAMESPACE = uuid.UUID("6f1c1f0e-4a57-5d0b-9a3e-2b7f6c0d9e11")
"""Card and suggestion uuids are uuid5 in this namespace: the same advice on the same record
keeps its uuid across calls, so feedback on it can be matched and an override remembered."""
_MARKDOWN = re.compile(r"([\\`*_\[\]|<>~])")


def card_id(*parts: str) -> str:
    """A stable uuid for a card or suggestion from what it is about."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def escape(text: str) -> str:
    r"""Record text made inert in Markdown.

    >>> escape("*bold* [link](x)")
    '\\*bold\\* \\[link\\](x)'
    """
    return _MARKDOWN.sub(r"\\\1", text)


def fit(summary: str) -> str:
    """A summary cut to the spec's limit at a word boundary, with an ellipsis if cut."""
    if len(summary) < SUMMARY_LIMIT:
        return summary
    cut = summary[: SUMMARY_LIMIT - 2].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def source(wording: Wording, topic: Topic) -> dict[str, Any]:
    """The card source: label, url about ekbom's guidance, and a stable topic Coding."""
    src = wording.cards.source
    return {
        "label": src.label,
        "url": src.url,
        "topic": {"system": src.topic_system, "code": topic.code, "display": topic.display},
    }


def override_reasons(wording: Wording, kind: str) -> list[dict[str, str]]:
    """Override reasons for a card kind (medication or workup), each with its display."""
    reasons: list[Reason] = wording.cards.override_reasons.get(kind, [])  # type: ignore[call-overload]
    system = wording.cards.override_system
    return [{"system": system, "code": r.code, "display": r.display} for r in reasons]


def citation_url(ref: str) -> str | None:
    """An absolute URL for a citation reference (a DOI or a web page), else None."""
    if ref.startswith("doi:"):
        return "https://doi.org/" + ref.removeprefix("doi:")
    if ref.startswith(("https://", "http://")):
        return ref
    return None


def capital(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]
