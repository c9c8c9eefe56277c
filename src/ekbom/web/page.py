"""Server-side rendering of the self-check's pages (Jinja2, escaped throughout)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from ekbom.web import limits
from ekbom.web.questionnaire import Answers, Form, Question, Step
from ekbom.web.summary import summarise, text

if TYPE_CHECKING:
    from jinja2 import Environment
    from starlette.requests import Request
    from starlette.responses import HTMLResponse

    from ekbom.result import Result


class Page:
    """Renders each page; knows the questionnaire, never keeps an answer."""

    def __init__(self, form: Form) -> None:
        self.form = form

    @cached_property
    def environment(self) -> Environment:
        """The template environment (web/templates)."""
        from ekbom.render.templates import environment

        return environment("ekbom.web", "templates")

    @cached_property
    def medicine_names(self) -> tuple[str, ...]:
        """Generic, salt and brand names the knowledge recognises (for the search list)."""
        from ekbom.kb.load import load_knowledge

        names: set[str] = set()
        for row in load_knowledge().drugs.rows.values():
            names.update([row.id, *row.names, *row.salts, *row.brands])
        return tuple(sorted(names, key=str.casefold))

    def html(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """One page as a response."""
        from starlette.responses import HTMLResponse

        base = str(request.scope.get("root_path", "")).rstrip("/")
        body = self.environment.get_template(template).render(
            t=text(), base=base, steps=len(self.form.steps), **context
        )
        return HTMLResponse(body, status_code=status)

    def step(
        self,
        request: Request,
        step: Step,
        answers: Answers,
        errors: dict[str, str],
        add: str | None = None,
    ) -> HTMLResponse:
        """One step of questions, with earlier answers carried in hidden fields."""
        shown = step.shown(answers)
        here = {q.link_id for q in shown} | {p.link_id for q in shown for p in q.parts}
        return self.html(
            request,
            "step.html.j2",
            status=422 if errors else 200,
            step=step,
            questions=[self._view(q, step, answers, add) for q in shown],
            errors=errors,
            texts={k: self.form.questions[k].text for k in errors},
            hidden=_hidden(answers, exclude=here),
            medicine_names=self.medicine_names if _wants_names(shown) else (),
        )

    def result(self, request: Request, answers: Answers, result: Result) -> HTMLResponse:
        """The result in plain words, with the downloads."""
        return self.html(
            request,
            "result.html.j2",
            s=summarise(result),
            hidden=_hidden(answers, exclude=set()),
            back_step=len(self.form.steps) + 1,
        )

    def _view(
        self, question: Question, step: Step, answers: Answers, add: str | None
    ) -> dict[str, Any]:
        here = {q.link_id for q in step.questions}
        follow_up = [c for c in question.enable_when if c.question in here]
        view: dict[str, Any] = {
            "q": question,
            "values": answers.get(question.link_id, ()),
            "show_when": [f"{c.question}{'=' if c.equal else '!='}{c.code}" for c in follow_up],
        }
        if question.parts or (question.repeats and not question.options):
            first = question.parts[0].link_id if question.parts else question.link_id
            filled = len(answers.get(first, ()))
            rows = max(limits.MEDICINE_ROWS, filled + 1) + (add == question.link_id)
            view["rows"] = min(rows, limits.MAX_ROWS)
            view["parts"] = [(p, answers.get(p.link_id, ())) for p in question.parts]
        return view


def _hidden(answers: Answers, exclude: set[str]) -> list[tuple[str, str]]:
    return [(k, v) for k, values in answers.items() if k not in exclude for v in values]


def _wants_names(questions: tuple[Question, ...]) -> bool:
    return any(
        (q.kind == "open-choice" and not q.options) or _wants_names(q.parts) for q in questions
    )
