"""The self-check page at `/`: one short step at a time, then the result in plain words.

`create_selfcheck_app()` returns the ASGI app (Starlette, extra `[server]`); `ekbom serve`
mounts it at `/`. The web framework is imported only when the app is created, so importing
this package (the PDF renderer uses `ekbom.web.summary`) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_selfcheck_app"]

if TYPE_CHECKING:
    from ekbom.web.app import create_selfcheck_app


def __getattr__(name: str) -> Any:
    if name == "create_selfcheck_app":
        from ekbom.web.app import create_selfcheck_app

        return create_selfcheck_app
    raise AttributeError(f"module 'ekbom.web' has no attribute {name!r}")
