"""Read FHIR input files: a resource, a Bundle (any type, nested too) or NDJSON.

Every resource comes out with its file and its place in the file, so errors can point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ekbom.errors import InputError
from ekbom.limits import MAX_INPUT_BYTES as MAX_BYTES
from ekbom.sources.fields import json_kind

BOM = b"\xef\xbb\xbf"
TOP_LEVEL = "$"
"""The place of a document that is the whole file (NDJSON lines are `line N`)."""


@dataclass(frozen=True, slots=True)
class Located:
    """A resource with where it was found: its file, its place and its Bundle fullUrl."""

    resource: dict[str, Any]
    file: str
    where: str
    full_url: str | None


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing unreadable, empty and oversized files."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"is {size} bytes; the limit is {max_bytes} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror or error})") from None
    if not data.strip():
        raise InputError(name, "is empty; expected a FHIR R4 resource, Bundle or NDJSON")
    return data


def parse_json(data: bytes, name: str) -> list[tuple[dict[str, Any], str]]:
    """Top-level JSON objects with their place: one for JSON, one per line for NDJSON."""
    data = data.removeprefix(BOM)
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as whole_error:
        if b"\n" not in data.strip():
            raise InputError(name, f"is not JSON ({whole_error})") from None
        return _ndjson(data, name, whole_error)
    if not isinstance(document, dict):
        raise InputError(
            name, "expected a JSON object (a FHIR resource or Bundle), got " + json_kind(document)
        )
    return [(document, TOP_LEVEL)]


def _ndjson(data: bytes, name: str, whole_error: Exception) -> list[tuple[dict[str, Any], str]]:
    out: list[tuple[dict[str, Any], str]] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            if not out:  # not even the first line is JSON: report the document as a whole
                raise InputError(name, f"is not JSON ({whole_error})") from None
            raise InputError(name, f"is not JSON or NDJSON ({error})", f"line {number}") from None
        if not isinstance(value, dict):
            raise InputError(
                name, "expected one JSON object per line, got " + json_kind(value), f"line {number}"
            )
        out.append((value, f"line {number}"))
    return out


def resources(
    document: dict[str, Any], name: str, where: str, full_url: str | None = None
) -> Iterator[Located]:
    """The resources of a document, entering Bundles; every object must name its type."""
    kind = document.get("resourceType")
    if not isinstance(kind, str):
        got = "it is missing" if "resourceType" not in document else f"got {json_kind(kind)}"
        raise InputError(
            name,
            f"expected a FHIR R4 resource with a resourceType such as Patient or Bundle; {got}",
            f"{where}.resourceType",
        )
    if kind != "Bundle":
        yield Located(document, name, where, full_url)
        return
    entries = document.get("entry", [])
    if not isinstance(entries, list):
        raise InputError(name, f"expected an array, got {json_kind(entries)}", f"{where}.entry")
    for index, entry in enumerate(entries):
        place = f"{where}.entry[{index}]"
        if not isinstance(entry, dict):
            raise InputError(name, f"expected an object, got {json_kind(entry)}", place)
        resource = entry.get("resource")
        if resource is None:
            continue  # e.g. a delete in a transaction, or a search entry without a resource
        if not isinstance(resource, dict):
            raise InputError(
                name, f"expected an object, got {json_kind(resource)}", f"{place}.resource"
            )
        url = entry.get("fullUrl")
        if url is not None and not isinstance(url, str):
            raise InputError(name, f"expected a string, got {json_kind(url)}", f"{place}.fullUrl")
        kind = resource.get("resourceType")
        if isinstance(kind, str) and kind != "Bundle":
            yield Located(resource, name, f"{place}.resource", url or None)
        else:  # a nested Bundle, or a resource without a type (which the call reports)
            yield from resources(resource, name, f"{place}.resource", url or None)
