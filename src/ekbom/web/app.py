"""The self-check ASGI app: the start page, one form post per step, the result and downloads.

Stateless by design: every answer travels in the form post (hidden fields carry earlier
steps), never in a URL, and nothing is written, cached or logged. Responses say `no-store`, and
a strict content security policy allows only this app's own script and style sheet.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from ekbom.web import limits
from ekbom.web.answers import check_step, read_answers, response, stops
from ekbom.web.page import Page
from ekbom.web.questionnaire import Answers, Form, Step, load_form

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from ekbom.result import Result

LOG = logging.getLogger("ekbom.web")
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def create_selfcheck_app() -> Starlette:
    """The self-check page as a Starlette app (mount it at `/`, or serve it alone)."""
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    form = load_form()
    page = Page(form)
    routes = [
        Route("/", partial(_start, page), methods=["GET"]),
        Route("/check", partial(_check, form, page), methods=["POST"]),
        Route("/summary.pdf", partial(_pdf, form), methods=["POST"]),
        Route("/answers.json", partial(_json, form), methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("ekbom.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(Guard)
    return app


class Guard:
    """Security headers on every response, a size limit on posts, and errors that never log
    an answer (only the exception's type is logged, never its message or a traceback)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > limits.MAX_FORM_BYTES:
            await _plain(send, 413, b"The form is too large.")
            return
        started = False
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limits.MAX_FORM_BYTES:
                raise TooLarge
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except TooLarge:
            if not started:
                await _plain(send, 413, b"The form is too large.")
        except Exception as error:  # answers must never reach a log: the type only
            LOG.error("self-check request failed: %s", type(error).__name__)
            if not started:
                await _plain(send, 500, b"Something went wrong. Nothing was kept.")


class TooLarge(Exception):
    """A post grew past limits.MAX_FORM_BYTES while it was read."""


async def _plain(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _start(page: Page, request: Request) -> Response:
    return page.html(request, "start.html.j2")


async def _fields(request: Request) -> list[tuple[str, str]]:
    posted = await request.form(max_files=0, max_fields=limits.MAX_ROWS * 100)
    return [(k, v) for k, v in posted.multi_items() if isinstance(v, str)]


async def _check(form: Form, page: Page, request: Request) -> Response:
    fields = await _fields(request)
    answers = tidy(form, read_answers(form, fields))
    posted = dict(fields)
    nav = posted.get("nav", "start")
    number = int(posted["step"]) if posted.get("step", "").isdigit() else 0
    if nav == "start" or not 1 <= number <= len(form.steps) + 1:
        return page.step(request, form.steps[0], {}, {})
    if number > len(form.steps):
        return _back_from(form, page, request, number, answers)
    step = form.steps[number - 1]
    if nav.startswith("add:"):
        return page.step(request, step, answers, {}, add=nav.removeprefix("add:"))
    if nav == "back":
        return _back_from(form, page, request, number, answers)
    errors = check_step(step, answers)
    if errors:
        return page.step(request, step, answers, errors)
    if step.red_flag and stops(form, answers):
        return page.html(request, "red_flag.html.j2")
    following = _next(form, number, answers)
    if following is None:
        return page.result(request, answers, evaluate_answers(form, answers))
    return page.step(request, following, answers, {})


def _back_from(form: Form, page: Page, request: Request, number: int, answers: Answers) -> Response:
    earlier = [s for s in form.steps[: number - 1] if s.shown(answers)]
    if not earlier:
        return page.html(request, "start.html.j2")
    return page.step(request, earlier[-1], answers, {})


def _next(form: Form, number: int, answers: Answers) -> Step | None:
    return next((s for s in form.steps[number:] if s.shown(answers)), None)


def tidy(form: Form, answers: Answers) -> dict[str, tuple[str, ...]]:
    """Empty values dropped; rows of a repeating group without a name dropped whole."""
    out = {k: tuple(v for v in values if v) for k, values in answers.items()}
    for question in form.questions.values():
        if not question.parts:
            continue
        columns = [answers.get(p.link_id, ()) for p in question.parts]
        rows = [r for r in _rows(columns) if r[0]]
        for index, part in enumerate(question.parts):
            out[part.link_id] = tuple(row[index] for row in rows)
    return {k: v for k, v in out.items() if v}


def _rows(columns: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    height = max((len(c) for c in columns), default=0)
    return [tuple(c[i] if i < len(c) else "" for c in columns) for i in range(height)]


def evaluate_answers(form: Form, answers: Answers) -> Result:
    """The answers judged by the engine, exactly as `ekbom check` judges a response file."""
    from ekbom.engine.evaluate import evaluate
    from ekbom.kb.load import load_knowledge
    from ekbom.sources.questionnaire import read_questionnaire_response

    resource = response(form, answers, datetime.now().astimezone())
    facts = read_questionnaire_response(resource, "self-check")
    return evaluate(load_knowledge(), facts, date.today())


async def _answers(form: Form, request: Request) -> dict[str, tuple[str, ...]]:
    return tidy(form, read_answers(form, await _fields(request)))


async def _pdf(form: Form, request: Request) -> Response:
    from starlette.responses import Response

    from ekbom.render.pdf import to_pdf

    answers = await _answers(form, request)
    data = to_pdf(evaluate_answers(form, answers))
    return Response(data, media_type="application/pdf", headers=_attachment("summary.pdf"))


async def _json(form: Form, request: Request) -> Response:
    import orjson
    from starlette.responses import Response

    answers = await _answers(form, request)
    resource: Any = response(form, answers, datetime.now().astimezone())
    data = orjson.dumps(resource, option=orjson.OPT_INDENT_2)
    return Response(data, media_type="application/fhir+json", headers=_attachment("answers.json"))


def _attachment(suffix: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="restless-legs-{suffix}"'}
