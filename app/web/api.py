"""The machine API for council case management systems: OAuth2 client credentials, then assessments.

Mounted at /api/v1 as its own app, so its OpenAPI document describes only the API.
Errors are RFC 9457 problem details (application/problem+json).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.data import assessments as assessment_data
from app.data import councils
from app.db import unit_of_work
from app.domain.assessment_formats import MAX_FILE_BYTES
from app.imports import bring_in
from app.mail import send
from app.models import ApiClient
from app.web.middleware import RequestTooLarge
from app.web.oauth import TokenServer

PROBLEM = "application/problem+json"


class ApiProblem(Exception):
    def __init__(self, status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors or []


class ProblemItem(BaseModel):
    where: str = Field(
        description="Where the problem is: a JSON path like $.needs[2].outcome, or a CSV line and column"
    )
    detail: str = Field(description="What is wrong, in plain English")
    fix: str = Field(description="How to fix it")


class ProblemDetails(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[ProblemItem] = []


class ImportResponse(BaseModel):
    result: str = Field(description="created (a plan was started), updated, or unchanged (the same assessment again)")
    plan_id: str
    changes: list[dict[str, str]] = Field(default=[], description="What changed since the last assessment")


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int
    scope: str


def _db() -> Iterator[Session]:
    with unit_of_work() as session:
        yield session


Db = Annotated[Session, Depends(_db, scope="function")]


def _client(request: Request, db: Db) -> ApiClient:
    header = request.headers.get("authorization", "")
    scheme, _sep, token = header.partition(" ")
    client = assessment_data.client_for_token(db, token.strip()) if scheme.lower() == "bearer" and token else None
    if client is None:
        raise ApiProblem(401, "Not authorised", "Send a valid bearer token from POST /api/v1/oauth/token")
    return client


async def _form(request: Request) -> dict[str, str]:
    return {key: str(value) for key, value in (await request.form()).items()}


async def _body(request: Request) -> bytes:
    return await request.body()


def _problem(status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None) -> JSONResponse:
    body = ProblemDetails(
        title=title, status=status, detail=detail, errors=[ProblemItem(**item) for item in errors or []]
    )
    headers = {"www-authenticate": 'Bearer realm="myplan"'} if status == 401 else {}
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM, headers=headers)


def create_api() -> FastAPI:
    api = FastAPI(
        title="My Plan API",
        version="1",
        description=(
            "For council case management systems. Get a token with the OAuth2 client-credentials grant at "
            "`/api/v1/oauth/token` (HTTP Basic authentication with your client id and secret), then send "
            "assessments to `/api/v1/assessments`. See docs/assessment-format.md for the formats."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    @api.exception_handler(ApiProblem)
    async def api_problem(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return _problem(exc.status, exc.title, exc.detail, exc.errors)

    @api.exception_handler(RequestTooLarge)
    async def too_large(_request: Request, _exc: Exception) -> Response:
        return _problem(413, "Too large", f"Assessment files must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB")

    @api.exception_handler(RequestValidationError)
    async def invalid(_request: Request, _exc: Exception) -> Response:
        return _problem(400, "Bad request", "The request could not be read")

    @api.post(
        "/oauth/token",
        response_model=TokenResponse,
        summary="Get an access token (OAuth2 client credentials)",
        responses={400: {"description": "OAuth2 error"}, 401: {"description": "Unknown client or wrong secret"}},
    )
    def token(request: Request, db: Db, form: Annotated[dict[str, str], Depends(_form)]) -> Response:
        return TokenServer(db).token_response(request, form)

    @api.post(
        "/assessments",
        response_model=ImportResponse,
        summary="Send an assessment (JSON or CSV)",
        responses={
            201: {"model": ImportResponse, "description": "Imported; a plan was started for the person"},
            401: {"model": ProblemDetails, "description": "No valid token"},
            413: {"model": ProblemDetails, "description": "Too large"},
            422: {"model": ProblemDetails, "description": "The assessment has problems; nothing was saved"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "/schemas/assessment-v1.json"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        },
    )
    def send_assessment(
        request: Request,
        db: Db,
        client: Annotated[ApiClient, Depends(_client)],
        raw: Annotated[bytes, Depends(_body)],
        background: BackgroundTasks,
    ) -> Response:
        council = councils.get_council(db, client.council_id)
        assert council is not None
        is_csv = request.headers.get("content-type", "").startswith("text/csv")
        result = bring_in(
            db, council, raw, "assessment.csv" if is_csv else "assessment.json", "api", api_client_id=client.id
        )
        if not result.ok:
            return _problem(
                422,
                "The assessment could not be imported",
                "Nothing was saved. Fix each problem listed, then send the whole assessment again.",
                [{"where": p.where, "detail": p.message, "fix": p.fix} for p in result.problems],
            )
        assert result.plan is not None
        for email in result.emails:
            background.add_task(send, email)
        body: dict[str, Any] = ImportResponse(
            result=result.result,
            plan_id=result.plan.id,
            changes=[
                {"kind": change.kind, "what": change.what, "before": change.before, "after": change.after}
                for change in result.changes
            ],
        ).model_dump()
        return JSONResponse(body, status_code=201 if result.result == "created" else 200, background=background)

    return api
