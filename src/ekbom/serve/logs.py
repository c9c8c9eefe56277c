"""Structured logs: one JSON object per line on stderr, built from an allowlist of fields.

Only fields named in SAFE_FIELDS reach a log line, so a token, a header, a body or a patient
detail cannot be logged by accident: there is no field to put it in.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import orjson

LOGGER = "ekbom.serve"
SAFE_FIELDS = (
    "event", "method", "route", "status", "ms", "service", "hook", "hook_instance", "cards",
    "fetched", "reason", "iss", "jti", "error", "stored", "workers",
)  # fmt: skip


class JsonFormatter(logging.Formatter):
    """Formats records as one JSON object with only the safe fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "pid": record.process,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", {})
        for key in SAFE_FIELDS:
            if key in fields:
                out[key] = fields[key]
        return orjson.dumps(out).decode()


def setup(level: str) -> logging.Logger:
    """The service logger writing JSON lines to stderr (idempotent)."""
    logger = logging.getLogger(LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level.upper())
    return logger


def log(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event with allowlisted fields."""
    logging.getLogger(LOGGER).log(level, event, extra={"fields": {"event": event, **fields}})


def elapsed_ms(start: float) -> float:
    """Milliseconds since `start` (a perf_counter value), to 0.1 ms."""
    return round((time.perf_counter() - start) * 1000, 1)
