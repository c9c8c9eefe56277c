"""`ekbom synth` (placeholder while it is being written)."""

from __future__ import annotations


def synth() -> None:
    """Not available yet."""
    from ekbom.cli import UserError

    raise UserError("ekbom synth is not available yet")
