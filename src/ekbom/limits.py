"""Operational limits (not clinical numbers): sizes and counts that protect the process."""

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""The largest input file `ekbom check` reads; larger files exit with status 2."""

EVIDENCE_DECIMALS = 4
"""Decimal places kept for normalized values shown in evidence."""

DATE_CACHE_SIZE = 8192
"""Distinct date strings remembered while reading (resources of one visit share a time)."""

RESOLVE_CACHE_SIZE = 16384
"""Distinct medication descriptions whose ingredients are remembered (records repeat a few)."""
