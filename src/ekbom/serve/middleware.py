"""ASGI middleware: access log with error containment, and the request body size limit."""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ekbom.serve.logs import elapsed_ms, log


class AccessLog:
    """Logs method, route template, status and time; turns an unhandled error into a bare 500.

    The error is logged by its type only: an exception message may quote request data.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500, "started": False}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["started"] = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:
            log("internal-error", logging.ERROR, error=type(error).__name__)
            if not status["started"]:
                await _bare(send, 500)
        route = scope.get("route")
        log(
            "request",
            method=scope.get("method"),
            route=getattr(route, "path", "(unmatched)"),
            status=status["code"],
            ms=elapsed_ms(start),
        )


class BodyLimit:
    """Refuses a request body over `limit` bytes with 413, by header or while it streams."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _bare(send, 413)
            return
        seen = {"bytes": 0, "over": False}

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["bytes"] += len(message.get("body", b""))
                if seen["bytes"] > self.limit:
                    seen["over"] = True
                    raise _TooLarge
            return message

        try:
            await self.app(scope, receiving, send)
        except _TooLarge:
            await _bare(send, 413)


class _TooLarge(Exception):
    pass


async def _bare(send: Send, status: int, headers: list[Any] | None = None) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers or []})
    await send({"type": "http.response.body", "body": b""})
