"""Errors that reach users. Each names the file, the field, what was expected and the fix."""

from __future__ import annotations


class EkbomError(Exception):
    """Base class of ekbom's own errors."""


class InputError(EkbomError):
    """The user's input cannot be read: the command exits with status 2."""

    def __init__(self, file: str, message: str, field: str | None = None) -> None:
        self.file = file
        self.field = field
        self.detail = message
        where = f"{file}: {field}: " if field else f"{file}: "
        super().__init__(where + message)


class KnowledgeError(EkbomError):
    """A knowledge file breaks the schema. The message names file, key and fix."""

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        super().__init__(f"{file}: {key}: {message}")
