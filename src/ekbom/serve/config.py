"""The configuration of `ekbom serve`: one TOML file, checked strictly at start-up."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ekbom.errors import InputError

Positive = Annotated[float, Field(gt=0)]


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt setting must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Issuer(Strict):
    """A trusted CDS client: its `iss`, and where its public keys come from.

    Keys come from `jwks` (inline), `jwks_file`, or the `jku` URLs listed in `jku` (only those
    are ever fetched). `tenants`, when set, is the allowlist of the `tenant` claim.
    """

    iss: str
    jwks: dict[str, Any] | None = None
    jwks_file: Path | None = None
    jku: list[str] = Field(default_factory=list)
    tenants: list[str] | None = None


class Orderable(Strict):
    """A code a site orders a work-up test by (overrides the knowledge's codes)."""

    system: str
    code: str
    display: str | None = None


class ServeConfig(Strict):
    """Every setting, with the defaults a loopback development run needs."""

    public_base_url: str | None = None
    insecure_dev: bool = False
    issuers: list[Issuer] = Field(default_factory=list)
    cors_origins: list[str] = Field(default_factory=list)
    quiet: bool = True
    """True: patient-view speaks only for patients with RLS present; False: also when possible."""
    max_cards: Annotated[int, Field(ge=1)] = 4
    timezone: str = "UTC"
    max_body_bytes: Annotated[int, Field(ge=1024)] = 8 * 1024 * 1024
    fhir_budget_seconds: Positive = 3.0
    fhir_max_pages: Annotated[int, Field(ge=1)] = 10
    jwt_leeway_seconds: Annotated[int, Field(ge=0)] = 60
    jwt_max_lifetime_seconds: Annotated[int, Field(ge=1)] = 3600
    jwks_cache_seconds: Annotated[int, Field(ge=0)] = 3600
    state_db: Path = Path("ekbom-serve.sqlite")
    """SQLite file (WAL) holding feedback and the jti replay cache, shared by all workers."""
    orderables: dict[str, list[Orderable]] = Field(default_factory=dict)
    """Site codes per work-up test id, e.g. {"iron-studies": [...]}; default: the knowledge's."""
    as_of: date | None = None
    """A fixed as-of day instead of today (tests, demonstrations); never set in production."""
    fhir_servers: list[str] | None = None
    """When set, the only fhirServer base URLs the service will fetch from (against SSRF)."""
    log_level: str = "info"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone such as Europe/Paris") from None
        return value

    @field_validator("public_base_url")
    @classmethod
    def _base(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError("expected an absolute http(s) URL")
        return value.rstrip("/")


def load_config(path: Path | None, **overrides: Any) -> ServeConfig:
    """Read the TOML file (or start from defaults) and apply command-line overrides.

    Raises:
        InputError: the file cannot be read, is not TOML, or holds a bad or unknown setting.
    """
    data: dict[str, Any] = {}
    name = str(path) if path else "--config"
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(name, f"cannot be read ({error.strerror or error})") from None
        except tomllib.TOMLDecodeError as error:
            raise InputError(name, f"is not TOML ({error})") from None
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        config = ServeConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise InputError(name, first["msg"], key) from None
    base = path.parent if path else Path.cwd()
    issuers = [
        i.model_copy(update={"jwks_file": base / i.jwks_file}) if i.jwks_file else i
        for i in config.issuers
    ]
    return config.model_copy(update={"state_db": base / config.state_db, "issuers": issuers})
