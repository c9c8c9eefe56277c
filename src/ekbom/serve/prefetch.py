"""Prefetch: take what the client sent, fetch what is missing, or fail with 412.

A missing key means "not attempted or failed", `null` means "ran, found nothing", an
OperationOutcome is a failure, and a Bundle with a `next` link is incomplete. Missing data is
fetched from `fhirServer` with the lent token, all keys at once, within one time budget.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import httpx

from ekbom.serve.models import BaseRequest, PatientContext


class PrefetchFailed(Exception):
    """Required data could not be had: the service answers 412."""


def render(template: str, context: PatientContext) -> str:
    """A template with its context tokens filled (values URL-encoded)."""
    out = template
    for name in ("patientId", "userId", "encounterId"):
        value = getattr(context, name)
        if value is not None:
            out = out.replace("{{context." + name + "}}", quote(value, safe=""))
    return out


def _next_link(bundle: dict[str, Any]) -> str | None:
    for link in bundle.get("link") or []:
        if isinstance(link, dict) and link.get("relation") == "next":
            url = link.get("url")
            return url if isinstance(url, str) else None
    return None


def _usable(value: dict[str, Any] | None) -> bool:
    """Whether a sent prefetch value can be used as it is."""
    if value is None:
        return True
    kind = value.get("resourceType")
    return kind != "OperationOutcome" and not (kind == "Bundle" and _next_link(value))


async def gather(
    request: BaseRequest,
    context: PatientContext,
    templates: dict[str, str],
    client: httpx.AsyncClient,
    budget: float,
    max_pages: int,
) -> dict[str, dict[str, Any] | None]:
    """Every template key, from the prefetch or from the FHIR server.

    Raises:
        PrefetchFailed: something required is missing and cannot be fetched in the budget.
    """
    given = request.prefetch or {}
    out: dict[str, dict[str, Any] | None] = {}
    todo: dict[str, tuple[str, dict[str, Any] | None]] = {}
    for key, template in templates.items():
        if key in given and _usable(given[key]):
            out[key] = given[key]
            continue
        value = given.get(key)
        partial = value if value is not None and value.get("resourceType") == "Bundle" else None
        todo[key] = (render(template, context), partial)
    if not todo:
        return out
    if not request.fhirServer:
        raise PrefetchFailed("missing prefetch and no fhirServer")
    fetcher = _Fetcher(client, request, max_pages)
    try:
        async with asyncio.timeout(budget):
            results = await asyncio.gather(
                *(fetcher.get(url, partial) for url, partial in todo.values())
            )
    except (TimeoutError, httpx.HTTPError) as error:
        raise PrefetchFailed(type(error).__name__) from None
    out.update(zip(todo, results, strict=True))
    return out


class _Fetcher:
    """GETs against one FHIR server with the lent token; follows `next` links on that server."""

    def __init__(self, client: httpx.AsyncClient, request: BaseRequest, max_pages: int) -> None:
        self.client = client
        self.base = (request.fhirServer or "").rstrip("/")
        self.headers = {"Accept": "application/fhir+json"}
        if request.fhirAuthorization is not None:
            self.headers["Authorization"] = f"Bearer {request.fhirAuthorization.access_token}"
        self.max_pages = max_pages

    async def get(self, url: str, partial: dict[str, Any] | None) -> dict[str, Any] | None:
        if partial is not None:
            document: dict[str, Any] | None = partial
        else:
            document = await self._one(f"{self.base}/{url}", is_read="?" not in url)
        pages = 1
        while document is not None and document.get("resourceType") == "Bundle":
            following = _next_link(document)
            if following is None:
                break
            if not following.startswith(self.base + "/") or pages >= self.max_pages:
                raise PrefetchFailed("pagination beyond the FHIR server or the page limit")
            page = await self._one(following, is_read=False)
            pages += 1
            if page is None or page.get("resourceType") != "Bundle":
                raise PrefetchFailed("a next page is not a Bundle")
            document = {
                **page,
                "entry": [*(document.get("entry") or []), *(page.get("entry") or [])],
            }
        return document

    async def _one(self, url: str, *, is_read: bool) -> dict[str, Any] | None:
        response = await self.client.get(url, headers=self.headers)
        if response.status_code == httpx.codes.NOT_FOUND and is_read:
            return None  # a read that found nothing: the same as a null prefetch
        if response.status_code != httpx.codes.OK:
            raise PrefetchFailed(f"FHIR server answered {response.status_code}")
        try:
            document = response.json()
        except ValueError:
            raise PrefetchFailed("FHIR server sent no JSON") from None
        if not isinstance(document, dict) or document.get("resourceType") == "OperationOutcome":
            raise PrefetchFailed("FHIR server sent an OperationOutcome or no resource")
        return document
