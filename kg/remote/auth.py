"""Credentials for remote endpoints: HTTP basic, digest or a bearer token; never shown.

Sources, first found wins: the environment (``KG_ENDPOINT_TOKEN``, or ``KG_ENDPOINT_USER`` with
``KG_ENDPOINT_PASSWORD``; ``KG_ENDPOINT_AUTH=digest`` switches user/password to HTTP digest, which Virtuoso's
``-auth`` endpoints need), then the endpoint's entry in the configuration file (``user``, ``password`` or
``password_env``, ``token`` or ``token_env``, ``auth``), then the user info of the endpoint URL.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Credentials:
    """User/password or token.  ``repr`` and :meth:`describe` never show the secret."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    scheme: str = "basic"  # "basic" or "digest" for user/password

    def __bool__(self) -> bool:
        return bool(self.token or self.user)

    def __repr__(self) -> str:
        return f"Credentials({self.describe()})"

    __str__ = __repr__

    def describe(self) -> str:
        if self.token:
            return "bearer token"
        if self.user:
            return f"{self.scheme} auth as {self.user}"
        return "no authentication"

    def header(self) -> dict[str, str]:
        """The ``Authorization`` header for basic and bearer auth ({} for digest or none)."""
        if self.token:
            return {"Authorization": "Bearer " + self.token}
        if self.user and self.scheme == "basic":
            raw = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        return {}

    def secrets(self) -> list[str]:
        """Strings that must never appear in output (used to scrub error texts)."""
        found = [s for s in (self.password, self.token) if s]
        if self.user and self.password:
            raw = f"{self.user}:{self.password}".encode()
            found.append(base64.b64encode(raw).decode("ascii"))
        return found

    def scrub(self, text: str) -> str:
        for secret in self.secrets():
            text = text.replace(secret, "***")
        return text

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Credentials:
        token = env.get("KG_ENDPOINT_TOKEN") or None
        user = env.get("KG_ENDPOINT_USER") or None
        scheme = (env.get("KG_ENDPOINT_AUTH") or "basic").lower()
        if token:
            return cls(token=token)
        if user:
            return cls(user=user, password=env.get("KG_ENDPOINT_PASSWORD"), scheme=_scheme(scheme))
        return cls()

    @classmethod
    def from_mapping(cls, entry: Mapping[str, Any], env: Mapping[str, str]) -> Credentials:
        token = entry.get("token") or (env.get(entry["token_env"]) if entry.get("token_env") else None)
        if token:
            return cls(token=str(token))
        user = entry.get("user")
        if user:
            password = entry.get("password")
            if password is None and entry.get("password_env"):
                password = env.get(str(entry["password_env"]))
            return cls(user=str(user), password=None if password is None else str(password),
                       scheme=_scheme(str(entry.get("auth", "basic"))))
        return cls()


def _scheme(name: str) -> str:
    name = name.lower()
    if name not in ("basic", "digest"):
        raise ValueError(f"authentication scheme must be basic or digest, not {name!r}")
    return name
