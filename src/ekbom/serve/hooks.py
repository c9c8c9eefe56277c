"""Running one hook call: prefetch, facts, evaluation, cards."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ekbom.errors import InputError
from ekbom.serve.discovery import SERVICE_REQUESTS
from ekbom.serve.logs import log
from ekbom.serve.medication_check import order_cards
from ekbom.serve.models import BaseRequest, MedicationCheckRequest, PatientViewRequest
from ekbom.serve.patient_view import Chart, patient_view_cards, speaks_for
from ekbom.serve.prefetch import PrefetchFailed, gather
from ekbom.serve.records import draft_medications, patient_facts, pending_codes, result_of
from ekbom.serve.state import State
from ekbom.vocab import Status

OPERATION_OUTCOME = {
    "resourceType": "OperationOutcome",
    "issue": [
        {
            "severity": "error",
            "code": "incomplete",
            "diagnostics": "The FHIR data this service needs could not be obtained.",
        }
    ],
}


class BadInput(Exception):
    """Part of the request is not readable FHIR R4: a 422 naming where."""

    def __init__(self, loc: list[str], msg: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg


class Precondition(Exception):
    """Required data could not be obtained: 412."""


async def run(state: State, service: str, request: BaseModel) -> list[dict[str, Any]]:
    """The cards of one call.

    Raises:
        BadInput: a prefetch document or draftOrders is not readable FHIR R4.
        Precondition: required data is missing and could not be fetched in the budget.
    """
    assert isinstance(request, BaseRequest)
    context = request.context  # type: ignore[attr-defined]
    allowed = state.config.fhir_servers
    if request.fhirServer and allowed is not None and request.fhirServer not in allowed:
        raise Precondition("fhirServer not allowlisted")
    try:
        documents = await gather(
            request,
            context,
            state.services[service].prefetch,
            state.client,
            state.config.fhir_budget_seconds,
            state.config.fhir_max_pages,
        )
    except PrefetchFailed as failed:
        log("precondition-failed", service=service, reason=str(failed))
        raise Precondition(str(failed)) from None
    day = state.today()
    try:
        facts = patient_facts(documents, context.patientId, day)
    except InputError as error:
        raise BadInput(["prefetch", error.file.removeprefix("prefetch.")], error.detail) from None
    result = result_of(state.knowledge, facts, day)
    if isinstance(request, PatientViewRequest):
        cards = _patient_view(state, request, documents, result)
    else:
        assert isinstance(request, MedicationCheckRequest)
        cards = _medication_check(state, request, result)
    cards = cards[: state.config.max_cards]
    log(
        "hook",
        service=service,
        hook=request.hook,
        hook_instance=request.hookInstance,
        cards=len(cards),
    )
    return cards


def _patient_view(
    state: State, request: PatientViewRequest, documents: dict[str, Any], result: Any
) -> list[dict[str, Any]]:
    if not speaks_for(result, state.config.quiet):
        return []
    test = state.wording.cards.workup.test
    chart = Chart(
        patient=request.context.patientId,
        orderables=state.config.orderables.get(test),
        pending=pending_codes(documents.get(SERVICE_REQUESTS)),
    )
    return patient_view_cards(result, state.knowledge, state.wording, chart)


def _medication_check(
    state: State, request: MedicationCheckRequest, result: Any
) -> list[dict[str, Any]]:
    if result.rls.status != Status.PRESENT:
        return []
    context = request.context
    try:
        orders = draft_medications(context.draftOrders, context.patientId)
    except InputError as error:
        raise BadInput(["context", "draftOrders"], error.detail) from None
    if request.hook == "order-select":
        chosen = set(context.selections or [])
        orders = [o for o in orders if o.source in chosen]
    return order_cards(
        state.knowledge,
        state.wording,
        request.hook,
        context.patientId,
        orders,
        state.store.overridden,
    )
