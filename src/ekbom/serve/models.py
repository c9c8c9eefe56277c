"""Strict input models of the CDS Hooks 2.0.1 requests ekbom serves (no type coercion).

Unknown fields are ignored (clients add their own), but a field of the wrong JSON type is a 422:
`"patientId": 5` is not read as "5".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

SERVER_WITH_TOKEN: JsonDict = {
    "if": {
        "required": ["fhirAuthorization"],
        "properties": {"fhirAuthorization": {"type": "object"}},
    },
    "then": {
        "required": ["fhirServer"],
        "properties": {"fhirServer": {"type": "string", "minLength": 1}},
    },
}
"""cds-r-1 in JSON Schema, so that generated requests (schemathesis) respect it too."""
PATIENT_VIEW = "ekbom-rls-patient-view"
MEDICATION_CHECK = "ekbom-rls-medication-check"


class Model(BaseModel):
    """Strict types; unknown keys ignored (lenient in what we accept, strict in what we send)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class FhirAuthorization(Model):
    """The access token the client lends for fetching missing prefetch from `fhirServer`."""

    access_token: str = Field(min_length=1)
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    subject: str
    patient: str | None = None


class BaseRequest(Model):
    """Fields every hook call carries."""

    model_config = ConfigDict(
        strict=True,
        extra="ignore",
        frozen=True,
        json_schema_extra=SERVER_WITH_TOKEN,
    )

    hookInstance: str = Field(min_length=1)
    fhirServer: str | None = None
    fhirAuthorization: FhirAuthorization | None = None
    prefetch: dict[str, dict[str, Any] | None] | None = None
    extension: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _server_with_token(self) -> BaseRequest:
        if self.fhirAuthorization is not None and not self.fhirServer:
            raise ValueError("fhirServer is required when fhirAuthorization is given (cds-r-1)")
        return self


class PatientContext(Model):
    """patient-view context."""

    userId: str = Field(min_length=1)
    patientId: str = Field(min_length=1)
    encounterId: str | None = None


class OrderContext(PatientContext):
    """order-select and order-sign context: the unsigned orders of the session."""

    draftOrders: dict[str, Any]
    selections: list[str] | None = None


class PatientViewRequest(BaseRequest):
    """A call of ekbom-rls-patient-view."""

    hook: Literal["patient-view"]
    context: PatientContext


class MedicationCheckRequest(BaseRequest):
    """A call of ekbom-rls-medication-check."""

    model_config = ConfigDict(
        strict=True,
        extra="ignore",
        frozen=True,
        json_schema_extra={
            "allOf": [
                SERVER_WITH_TOKEN,
                {
                    "if": {"properties": {"hook": {"const": "order-select"}}},
                    "then": {
                        "properties": {
                            "context": {
                                "required": ["selections"],
                                "properties": {"selections": {"type": "array"}},
                            }
                        }
                    },
                },
            ]
        },
    )

    hook: Literal["order-select", "order-sign"]
    context: OrderContext

    @model_validator(mode="after")
    def _selections(self) -> MedicationCheckRequest:
        if self.hook == "order-select" and self.context.selections is None:
            raise ValueError("context.selections is required for order-select")
        return self


class Coding(Model):
    """A CDS Hooks Coding."""

    code: str
    system: str | None = None
    display: str | None = None


class AcceptedSuggestion(Model):
    """The uuid of an accepted suggestion."""

    id: str = Field(min_length=1)


class OverrideReason(Model):
    """Why a card was overridden: a chosen reason, a comment, or both (cds-fb-3)."""

    model_config = ConfigDict(
        strict=True,
        extra="ignore",
        frozen=True,
        json_schema_extra={
            "anyOf": [
                {"required": ["reason"], "properties": {"reason": {"type": "object"}}},
                {"required": ["userComment"], "properties": {"userComment": {"type": "string"}}},
            ]
        },
    )

    reason: Coding | None = None
    userComment: str | None = None

    @model_validator(mode="after")
    def _something(self) -> OverrideReason:
        if self.reason is None and self.userComment is None:
            raise ValueError("overrideReason needs reason or userComment (cds-fb-3)")
        return self


class Feedback(Model):
    """One feedback item on one card."""

    model_config = ConfigDict(
        strict=True,
        extra="ignore",
        frozen=True,
        json_schema_extra={
            "if": {"properties": {"outcome": {"const": "accepted"}}},
            "then": {
                "required": ["acceptedSuggestions"],
                "properties": {"acceptedSuggestions": {"type": "array"}},
            },
        },
    )

    card: str = Field(min_length=1)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = Field(default=None, min_length=1)
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: datetime

    @model_validator(mode="after")
    def _accepted(self) -> Feedback:
        if self.outcome == "accepted" and not self.acceptedSuggestions:
            raise ValueError("acceptedSuggestions is required when outcome is accepted (cds-fb-2)")
        return self


class FeedbackRequest(Model):
    """POST /cds-services/{id}/feedback."""

    feedback: list[Feedback] = Field(min_length=1)
