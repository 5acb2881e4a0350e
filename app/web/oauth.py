"""OAuth2 client credentials (RFC 6749 section 4.4) with Authlib, for council case management systems.

Each council's system has its own client; a token lets it write assessments for that council only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    OAuth2Payload,
    OAuth2Request,
    grants,
)
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from app.data import assessments
from app.models import ApiClient
from app.security import new_token, verify_password

TOKEN_LIFETIME = timedelta(hours=1)
SCOPE = "assessments:write"


@dataclass
class _Client(ClientMixin):  # type: ignore[misc]
    model: ApiClient

    def get_client_id(self) -> str:
        return self.model.client_id

    def get_default_redirect_uri(self) -> str:
        return ""

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.model.scope.split())
        return " ".join(part for part in (scope or "").split() if part in allowed) or self.model.scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return verify_password(self.model.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, form: dict[str, str]) -> None:
        self._form = form

    @property
    def data(self) -> dict[str, str]:
        return self._form

    @property
    def datalist(self) -> dict[str, list[str]]:
        return {key: [value] for key, value in self._form.items()}


class _Request(OAuth2Request):  # type: ignore[misc]
    def __init__(self, method: str, uri: str, headers: Mapping[str, str], form: dict[str, str]) -> None:
        super().__init__(method=method, uri=uri, headers=headers)
        self._form = form
        self.payload = _Payload(form)

    @property
    def args(self) -> dict[str, str]:
        return {}

    @property
    def form(self) -> dict[str, str]:
        return self._form


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's authorisation server, wired to our database for one request."""

    def __init__(self, db: Session) -> None:
        super().__init__(scopes_supported=[SCOPE])
        self.db = db
        self.issued: dict[str, Any] = {}
        self.register_grant(grants.ClientCredentialsGrant)
        self.register_token_generator(
            "default",
            BearerTokenGenerator(lambda **_kwargs: new_token(), expires_generator=int(TOKEN_LIFETIME.total_seconds())),
        )

    def query_client(self, client_id: str) -> _Client | None:
        model = assessments.active_client(self.db, client_id)
        return _Client(model=model) if model is not None else None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        client: _Client = request.client
        assessments.store_api_token(self.db, client.model, token["access_token"], TOKEN_LIFETIME)

    def create_oauth2_request(self, request: _Request) -> _Request:
        return request

    def create_json_request(self, request: Any) -> Any:
        raise NotImplementedError

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
        return Response(json.dumps(body), status_code=status, headers=dict(headers), media_type="application/json")

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def token_response(self, request: Request, form: dict[str, str]) -> Response:
        oauth_request = _Request(request.method, str(request.url), request.headers, form)
        return self.create_token_response(oauth_request)  # type: ignore[no-any-return]
