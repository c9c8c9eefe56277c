"""A validator of CDS Hooks 2.0.1 responses, written from the spec's tables and invariants.

It returns the problems it finds (an empty list means valid). ekbom runs it on every response in
its test suite; it is strict in what ekbom sends: unknown keys and empty values are problems,
since the spec says optional attributes without a value are omitted.
"""

from __future__ import annotations

from typing import Any

SUMMARY_LIMIT = 140
"""The spec's "<140-character" summary."""
INDICATORS = ("info", "warning", "critical")
SELECTION = ("at-most-one", "any")
ACTION_TYPES = ("create", "update", "delete")
LINK_TYPES = ("absolute", "smart")
CARD_KEYS = {
    "uuid",
    "summary",
    "detail",
    "indicator",
    "source",
    "suggestions",
    "selectionBehavior",
    "overrideReasons",
    "links",
    "extension",
}
SOURCE_KEYS = {"label", "url", "icon", "topic"}
SUGGESTION_KEYS = {"label", "uuid", "isRecommended", "actions", "extension"}
ACTION_KEYS = {"type", "description", "resource", "resourceId", "extension"}
LINK_KEYS = {"label", "url", "type", "appContext", "autolaunchable", "extension"}
SERVICE_KEYS = {"hook", "title", "description", "id", "prefetch", "usageRequirements", "extension"}


def validate_response(body: Any) -> list[str]:
    """Problems of a service response `{"cards": [...], "systemActions": [...]}`.

    >>> validate_response({"cards": []})
    []
    >>> validate_response({"cards": [{"summary": "x", "indicator": "success",
    ...                                "source": {"label": "s"}}]})
    ['cards[0].indicator: expected one of info, warning, critical']
    """
    if not isinstance(body, dict) or not isinstance(body.get("cards"), list):
        return ["(top): expected an object with a cards array"]
    problems = _unknown(body, {"cards", "systemActions", "extension"}, "(top)")
    for number, card in enumerate(body["cards"]):
        problems += validate_card(card, f"cards[{number}]")
    if "systemActions" in body:
        problems += _list(body["systemActions"], "systemActions", _action)
    return problems


def validate_card(card: Any, where: str = "card") -> list[str]:
    """Problems of one card."""
    if not isinstance(card, dict):
        return [f"{where}: expected an object"]
    problems = _unknown(card, CARD_KEYS, where)
    problems += _text(card, "summary", where, required=True)
    summary = card.get("summary")
    if isinstance(summary, str) and len(summary) >= SUMMARY_LIMIT:
        problems.append(f"{where}.summary: {len(summary)} characters; must be under 140")
    problems += _text(card, "detail", where) + _text(card, "uuid", where)
    if card.get("indicator") not in INDICATORS:
        problems.append(f"{where}.indicator: expected one of {', '.join(INDICATORS)}")
    problems += _source(card.get("source"), f"{where}.source")
    if "suggestions" in card:
        problems += _list(card["suggestions"], f"{where}.suggestions", _suggestion)
        if "selectionBehavior" not in card:
            problems.append(f"{where}.selectionBehavior: required with suggestions (cds-resp-6)")
    if "selectionBehavior" in card:
        if card["selectionBehavior"] not in SELECTION:
            problems.append(f"{where}.selectionBehavior: expected at-most-one or any")
        recommended = [s for s in card.get("suggestions") or [] if isinstance(s, dict)]
        if (
            card["selectionBehavior"] == "at-most-one"
            and sum(s.get("isRecommended") is True for s in recommended) > 1
        ):
            problems.append(f"{where}.suggestions: at-most-one allows one recommended (cds-resp-1)")
    if "overrideReasons" in card:
        problems += _list(card["overrideReasons"], f"{where}.overrideReasons", _reason)
    if "links" in card:
        problems += _list(card["links"], f"{where}.links", _link)
    return problems


def validate_discovery(body: Any) -> list[str]:
    """Problems of a discovery response `{"services": [...]}`."""
    if not isinstance(body, dict) or not isinstance(body.get("services"), list):
        return ["(top): expected an object with a services array"]
    problems: list[str] = []
    for number, service in enumerate(body["services"]):
        where = f"services[{number}]"
        if not isinstance(service, dict):
            problems.append(f"{where}: expected an object")
            continue
        problems += _unknown(service, SERVICE_KEYS, where)
        for key in ("hook", "description", "id"):
            problems += _text(service, key, where, required=True)
        problems += _text(service, "title", where) + _text(service, "usageRequirements", where)
        prefetch = service.get("prefetch")
        if prefetch is not None and (
            not isinstance(prefetch, dict)
            or not prefetch
            or not all(isinstance(v, str) and v for v in prefetch.values())
        ):
            problems.append(f"{where}.prefetch: expected a non-empty object of query templates")
    return problems


def _source(source: Any, where: str) -> list[str]:
    if not isinstance(source, dict):
        return [f"{where}: required object"]
    problems = _unknown(source, SOURCE_KEYS, where) + _text(source, "label", where, required=True)
    for key in ("url", "icon"):
        problems += _text(source, key, where) + _absolute(source, key, where)
    if "topic" in source:
        problems += _coding(source["topic"], f"{where}.topic", display=False)
    return problems


def _suggestion(suggestion: dict[str, Any], where: str) -> list[str]:
    problems = _unknown(suggestion, SUGGESTION_KEYS, where)
    problems += _text(suggestion, "label", where, required=True) + _text(suggestion, "uuid", where)
    if "isRecommended" in suggestion and not isinstance(suggestion["isRecommended"], bool):
        problems.append(f"{where}.isRecommended: expected a boolean")
    if "actions" in suggestion:
        problems += _list(suggestion["actions"], f"{where}.actions", _action)
    return problems


def _action(action: dict[str, Any], where: str) -> list[str]:
    problems = _unknown(action, ACTION_KEYS, where)
    problems += _text(action, "description", where, required=True)
    kind = action.get("type")
    if kind not in ACTION_TYPES:
        problems.append(f"{where}.type: expected create, update or delete")
    resource = action.get("resource")
    if kind in ("create", "update") and (
        not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str)
    ):
        problems.append(f"{where}.resource: a FHIR resource is required for {kind}")
    if kind == "delete":
        problems += _text(action, "resourceId", where, required=True)
        if "resource" in action:
            problems.append(f"{where}.resource: not allowed with delete (cds-resp-2)")
    return problems


def _reason(reason: dict[str, Any], where: str) -> list[str]:
    return _coding(reason, where, display=True)


def _coding(coding: Any, where: str, *, display: bool) -> list[str]:
    if not isinstance(coding, dict):
        return [f"{where}: expected a Coding object"]
    problems = _unknown(coding, {"code", "system", "display"}, where)
    problems += _text(coding, "code", where, required=True) + _text(coding, "system", where)
    problems += _text(coding, "display", where, required=display)
    return problems


def _link(link: dict[str, Any], where: str) -> list[str]:
    problems = _unknown(link, LINK_KEYS, where)
    for key in ("label", "url", "type"):
        problems += _text(link, key, where, required=True)
    if link.get("type") not in LINK_TYPES:
        problems.append(f"{where}.type: expected absolute or smart")
    if link.get("type") == "absolute":
        problems += _absolute(link, "url", where)
    if "appContext" in link and link.get("type") != "smart":
        problems.append(f"{where}.appContext: only for smart links (cds-resp-3)")
    if "autolaunchable" in link and not isinstance(link["autolaunchable"], bool):
        problems.append(f"{where}.autolaunchable: expected a boolean")
    return problems


def _list(items: Any, where: str, check: Any) -> list[str]:
    if not isinstance(items, list) or not items:
        return [f"{where}: expected a non-empty array (omit it when empty)"]
    problems: list[str] = []
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"{where}[{number}]: expected an object")
        else:
            problems += check(item, f"{where}[{number}]")
    return problems


def _text(obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> list[str]:
    if key not in obj:
        return [f"{where}.{key}: required"] if required else []
    value = obj[key]
    if not isinstance(value, str):
        return [f"{where}.{key}: expected a string"]
    if not value.strip():
        return [f"{where}.{key}: empty; omit it or give a value"]
    return []


def _absolute(obj: dict[str, Any], key: str, where: str) -> list[str]:
    value = obj.get(key)
    if isinstance(value, str) and not value.startswith(("https://", "http://")):
        return [f"{where}.{key}: expected an absolute URL"]
    return []


def _unknown(obj: dict[str, Any], allowed: set[str], where: str) -> list[str]:
    return [f"{where}.{key}: not a CDS Hooks 2.0.1 field" for key in obj if key not in allowed]
