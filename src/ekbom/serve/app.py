"""The app factory of `ekbom serve`: CDS Hooks routes, health, and the self-check page at `/`."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, ValidationError

from ekbom import __version__
from ekbom.serve import hooks
from ekbom.serve.config import ServeConfig
from ekbom.serve.logs import log, setup
from ekbom.serve.middleware import AccessLog, BodyLimit
from ekbom.serve.models import (
    MEDICATION_CHECK,
    PATIENT_VIEW,
    FeedbackRequest,
    MedicationCheckRequest,
    PatientViewRequest,
)
from ekbom.serve.state import State

CONFIG_ENV = "EKBOM_SERVE_CONFIG_JSON"
"""Environment variable through which `ekbom serve` hands its config to worker processes."""
JSON = "application/json"
ERRORS: dict[int | str, dict[str, Any]] = {
    "401": {"description": "The JWT failed verification (no detail is given)."},
    "412": {"description": "Required FHIR data could not be obtained."},
    "413": {"description": "The request body is over the size limit."},
    "422": {"description": "The request does not match the CDS Hooks 2.0.1 model."},
}


def create_app(config: ServeConfig) -> FastAPI:
    """The service: discovery, two services, feedback, health; the self-check page at `/`."""
    setup(config.log_level)
    state = State(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state.start()
        if config.insecure_dev:
            log("insecure-dev", logging.WARNING, reason="JWT verification is OFF")
        yield
        await state.stop()

    app = FastAPI(
        title="ekbom serve",
        version=__version__,
        description="CDS Hooks 2.0.1 services for restless legs syndrome.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.ekbom = state
    _routes(app, state)
    _openapi(app)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=config.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.add_middleware(AccessLog)
    _mount_selfcheck(app)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call: the config comes from CONFIG_ENV."""
    return create_app(ServeConfig.model_validate_json(os.environ[CONFIG_ENV]))


def _mount_selfcheck(app: FastAPI) -> None:
    try:
        from ekbom.web import create_selfcheck_app  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return
    # The router's fallback rather than a Mount at "/": a Mount would match every path and turn
    # "wrong method on a known route" (405) into the page's 404.
    app.router.default = create_selfcheck_app()


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=JSON)


def _unauthorized() -> Response:
    return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _invalid(error: ValidationError | hooks.BadInput) -> Response:
    """422 naming where and what, never quoting the input (it may be patient data)."""
    details: list[dict[str, Any]]
    if isinstance(error, hooks.BadInput):
        details = [{"loc": ["body", *error.loc], "msg": error.msg, "type": "value_error"}]
    else:
        details = [
            {"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]}
            for e in error.errors(include_url=False, include_input=False)
        ]
    return _json({"detail": details}, 422)


def _routes(app: FastAPI, state: State) -> None:
    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], responses={"503": {"description": "Not ready."}})
    async def readyz() -> Response:
        ready = state.ready()
        return _json({"status": "ready" if ready else "not ready"}, 200 if ready else 503)

    @app.get("/cds-services", tags=["cds-hooks"], responses={"401": ERRORS["401"]})
    async def discovery(request: Request) -> Response:
        if not await state.authorized(request):
            return _unauthorized()
        return _json(state.discovery)

    def service_route(service: str, model: type[BaseModel]) -> None:
        async def call(request: Request) -> Response:
            if not await state.authorized(request):
                return _unauthorized()
            try:
                parsed = model.model_validate_json(await request.body())
                cards = await hooks.run(state, service, parsed)
            except (ValidationError, hooks.BadInput) as error:
                return _invalid(error)
            except hooks.Precondition:
                return _json(hooks.OPERATION_OUTCOME, 412)
            return _json({"cards": cards})

        app.add_api_route(
            f"/cds-services/{service}",
            call,
            methods=["POST"],
            tags=["cds-hooks"],
            name=service,
            openapi_extra=_body(model),
            responses={**ERRORS, "200": {"description": "Cards (possibly none)."}},
        )

    service_route(PATIENT_VIEW, PatientViewRequest)
    service_route(MEDICATION_CHECK, MedicationCheckRequest)

    def feedback_route(service: str) -> None:
        async def feedback(request: Request) -> Response:
            if not await state.authorized(request, feedback_of=service):
                return _unauthorized()
            try:
                parsed = FeedbackRequest.model_validate_json(await request.body())
            except ValidationError as error:
                return _invalid(error)
            stored = state.store.add_feedback(service, list(parsed.feedback))
            log("feedback", service=service, stored=stored)
            return _json({})

        app.add_api_route(
            f"/cds-services/{service}/feedback",
            feedback,
            methods=["POST"],
            tags=["cds-hooks"],
            name=f"{service}-feedback",
            openapi_extra=_body(FeedbackRequest),
            responses={k: ERRORS[k] for k in ("401", "413", "422")},
        )

    feedback_route(PATIENT_VIEW)
    feedback_route(MEDICATION_CHECK)


def _body(model: type[BaseModel]) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {JSON: {"schema": ref}}}}


def _openapi(app: FastAPI) -> None:
    """Add the request models (parsed by the routes themselves) to the OpenAPI components."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (PatientViewRequest, MedicationCheckRequest, FeedbackRequest):
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(found.pop("$defs", {}))
            components[model.__name__] = found
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = ["CONFIG_ENV", "app_from_env", "create_app"]
