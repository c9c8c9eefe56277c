"""JWT verification per the CDS Hooks 2.0.1 checklist.

The issuer must be allowlisted; keys come from its configured JWKS or from an allowlisted `jku`
(a `jku` that is not allowlisted is never fetched); the key is chosen by `kid`; the algorithm
comes from the key (ES384 for P-384 EC keys, RS384 for RSA keys), never from the token header;
`aud` must equal the URL called; `exp` and `iat` are checked with a small leeway and a cap on
the token's lifetime; each `jti` is accepted once across all workers. Every failure is the same
`Unauthorized`, so the 401 says nothing about why.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from ekbom.serve.config import Issuer, ServeConfig
from ekbom.serve.store import Store

ALGORITHMS = {"EC": "ES384", "RSA": "RS384"}
"""The one algorithm accepted for each key type."""
EC_CURVE = "P-384"


class Unauthorized(Exception):
    """The token failed a check (which one is never told to the caller)."""


class Verifier:
    """Checks bearer tokens against the configured issuers."""

    def __init__(
        self,
        config: ServeConfig,
        store: Store,
        client: httpx.AsyncClient,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.store = store
        self.client = client
        self.now = now
        self.issuers = {issuer.iss: issuer for issuer in config.issuers}
        self._fetched: dict[str, tuple[float, dict[str, Any]]] = {}

    async def verify(self, authorization: str | None, audiences: list[str]) -> dict[str, Any]:
        """The verified claims of `Authorization: Bearer <jwt>`.

        Raises:
            Unauthorized: any check failed.
        """
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthorized("no bearer token")
        token = authorization.removeprefix("Bearer ").strip()
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise Unauthorized("malformed") from None
        issuer = self.issuers.get(unverified.get("iss"))  # type: ignore[arg-type]
        kid = header.get("kid")
        if issuer is None or not isinstance(kid, str) or str(header.get("typ")).upper() != "JWT":
            raise Unauthorized("issuer, kid or typ")
        key = await self._key(issuer, header.get("jku"), kid)
        claims = self._decode(token, key, issuer, audiences)
        if not self.store.first_use(issuer.iss, claims["jti"], float(claims["exp"])):
            raise Unauthorized("replayed jti")
        return claims

    def _decode(
        self, token: str, key: jwt.PyJWK, issuer: Issuer, audiences: list[str]
    ) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[key.algorithm_name],
                audience=audiences,
                issuer=issuer.iss,
                options={
                    "require": ["iss", "aud", "exp", "iat", "jti"],
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError:
            raise Unauthorized("signature or claims") from None
        self._times(claims)
        if not isinstance(claims["jti"], str) or not claims["jti"]:
            raise Unauthorized("jti")
        if issuer.tenants is not None and claims.get("tenant") not in issuer.tenants:
            raise Unauthorized("tenant")
        return claims

    def _times(self, claims: dict[str, Any]) -> None:
        exp, iat = claims["exp"], claims["iat"]
        if not all(isinstance(t, int | float) and not isinstance(t, bool) for t in (exp, iat)):
            raise Unauthorized("exp or iat")
        now, leeway = self.now(), self.config.jwt_leeway_seconds
        if exp < now - leeway or iat > now + leeway:
            raise Unauthorized("expired or issued in the future")
        if exp - iat > self.config.jwt_max_lifetime_seconds:
            raise Unauthorized("lifetime")

    async def _key(self, issuer: Issuer, jku: Any, kid: str) -> jwt.PyJWK:
        """The key named by kid: from the configured JWKS, else from an allowlisted jku."""
        if jku is not None and (not isinstance(jku, str) or jku not in issuer.jku):
            raise Unauthorized("jku not allowlisted")  # and never fetched
        found = _find(self._static(issuer), kid)
        if found is None:
            urls = [jku] if isinstance(jku, str) else issuer.jku
            for url in urls:
                found = found or _find([await self._fetch(url)], kid)
        if found is None:
            raise Unauthorized("unknown kid")
        return _usable(found)

    def _static(self, issuer: Issuer) -> list[dict[str, Any]]:
        sets: list[dict[str, Any]] = []
        if issuer.jwks is not None:
            sets.append(issuer.jwks)
        if issuer.jwks_file is not None:
            sets.append(json.loads(issuer.jwks_file.read_text(encoding="utf-8")))
        return sets

    async def _fetch(self, url: str) -> dict[str, Any]:
        cached = self._fetched.get(url)
        if cached and cached[0] > self.now():
            return cached[1]
        try:
            response = await self.client.get(url, timeout=self.config.fhir_budget_seconds)
            response.raise_for_status()
            keys = response.json()
        except (httpx.HTTPError, ValueError):
            raise Unauthorized("jwks unavailable") from None
        if not isinstance(keys, dict):
            raise Unauthorized("jwks malformed")
        self._fetched[url] = (self.now() + self.config.jwks_cache_seconds, keys)
        return keys


def _find(sets: list[dict[str, Any]], kid: str) -> dict[str, Any] | None:
    for keys in sets:
        for jwk in keys.get("keys") or []:
            if isinstance(jwk, dict) and jwk.get("kid") == kid:
                return jwk
    return None


def _usable(jwk: dict[str, Any]) -> jwt.PyJWK:
    """A JWK as a verifying key of the one algorithm its type allows."""
    kty = jwk.get("kty")
    if kty not in ALGORITHMS or (kty == "EC" and jwk.get("crv") != EC_CURVE):
        raise Unauthorized("key type")
    try:
        return jwt.PyJWK(jwk, algorithm=ALGORITHMS[str(kty)])
    except jwt.PyJWTError:
        raise Unauthorized("key") from None
