"""Assessments come in by planner upload, person upload and the machine API: whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client
from sqlmodel import col, select

from app.data import assessments as assessment_data
from app.db import unit_of_work
from app.models import Council, ImportedAssessment, ImportLog, Plan
from tests.conftest import link_in, subject_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "assessments"
BAD_FIXTURES = {
    "bad-malformed.json": ["line 5, column 3"],
    "bad-schema.json": ["$.assessment.assessor", "$.needs[0].eligible", "$.budgett"],
    "bad-unknown-outcome.json": ["$.needs[2].outcome"],
    "bad-missing-fields.json": ["$.needs", "$.budget"],
    "bad-negative-amount.json": ["$.budget.contribution.amount"],
    "bad-absurd-amount.json": ["$.budget.indicative_annual"],
    "bad-dates.json": ["$.assessment.date", "$.review_date"],
    "bad-encoding.csv": ["line 2"],
    "bad-formula.csv": ['line 2, column "contribution"'],
    "bad-inconsistent-rows.csv": ['line 3, column "assessor"'],
    "bad-other-council.json": ["$.council"],
}


def _demo_council(make):
    council = make.council("Demo Council")
    with unit_of_work() as db:
        stored = db.get(Council, council.id)
        assert stored is not None
        stored.slug = "demo"
        db.add(stored)
    council.slug = "demo"
    return council


def _upload(client, path: str, name: str, form_page: str):
    token = client.page(form_page).csrf_token()
    return client.post(
        path,
        data={"csrf_token": token},
        files={"file": (name, (FIXTURES / name).read_bytes(), "application/octet-stream")},
    )


def _plans():
    with unit_of_work() as db:
        return list(db.exec(select(Plan)))


def test_planner_imports_an_assessment_and_the_person_claims_the_plan(client, make, mailbox):
    council = _demo_council(make)
    client.sign_in_as(make.planner(council))
    response = _upload(client, "/council/import", "good-adult.json", "/council/import")
    assert response.status_code == 200, response.text
    assert "A plan has been started for Alex Morgan" in response.text
    (plan,) = _plans()
    assert plan.owner_id is None and plan.council_reference == "DC-000123"
    assert subject_of(mailbox[-1]) == "Your assessment is ready – start your plan"
    assert mailbox[-1]["To"] == "alex@example.org"
    link = link_in(mailbox[-1], "/start/")

    person = make.account("alex@example.org")
    client.cookies.clear()
    landing = client.page(link)
    assert "sign in or create an account" in landing.text()
    client.sign_in_as(person)
    response = client.submit(link, form_page=link)
    assert response.headers["location"] == f"/plans/{plan.id}"
    assessment_page = client.page(f"/plans/{plan.id}/assessment")
    assert "From your assessment on 14 September 2026" in assessment_page.text()
    assert "Managing and maintaining nutrition" in assessment_page.text()
    assert client.get(link).status_code == 410  # single use


def test_the_same_assessment_twice_changes_nothing_and_a_newer_one_updates(client, make, mailbox):
    council = _demo_council(make)
    client.sign_in_as(make.planner(council))
    _upload(client, "/council/import", "good-adult.json", "/council/import")
    again = _upload(client, "/council/import", "good-adult.json", "/council/import")
    assert "Nothing has changed" in again.text
    newer = _upload(client, "/council/import", "good-adult-updated.json", "/council/import")
    assert "Assessment updated" in newer.text
    assert "£14,560.00" in newer.text
    with unit_of_work() as db:
        rows = list(db.exec(select(ImportedAssessment)))
        assert len(rows) == 2 and sum(row.is_current for row in rows) == 1
        results = [row.result for row in db.exec(select(ImportLog).order_by(col(ImportLog.id)))]
    assert results == ["created", "unchanged", "updated"]
    older = _upload(client, "/council/import", "good-adult.json", "/council/import")
    assert older.status_code == 400 and "older than the one already in the plan" in older.text


def test_a_newer_assessment_never_overwrites_the_persons_words(client, make):
    council = _demo_council(make)
    planner = make.planner(council)
    client.sign_in_as(planner)
    _upload(client, "/council/import", "good-adult.json", "/council/import")
    (plan,) = _plans()
    person = make.account()
    with unit_of_work() as db:
        stored = db.get(Plan, plan.id)
        assert stored is not None
        stored.owner_id = person.id
        db.add(stored)
    client.sign_in_as(person)
    need_url = f"/plans/{plan.id}/assessment/needs/N3"
    response = client.submit(need_url, {"words": "I need help to get to the market on Fridays.", "version": "0"})
    assert response.status_code == 303
    client.sign_in_as(planner)
    _upload(client, "/council/import", "good-adult-updated.json", "/council/import")
    client.sign_in_as(person)
    page = client.page(f"/plans/{plan.id}/assessment")
    assert "I need help to get to the market on Fridays." in page.text()
    assert "What changed in your latest assessment" in page.text()


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_bad_files_are_refused_with_located_problems_and_nothing_saved(client, make, name):
    council = _demo_council(make)
    client.sign_in_as(make.planner(council))
    response = _upload(client, "/council/import", name, "/council/import")
    assert response.status_code == 400
    assert "Nothing has been saved" in response.text
    for where in BAD_FIXTURES[name]:
        assert where.replace('"', "&#34;") in response.text or where in response.text, where
    assert _plans() == []
    with unit_of_work() as db:
        (log,) = list(db.exec(select(ImportLog)))
    assert log.result == "rejected" and log.problems


def test_formula_cells_import_as_text_and_export_escaped(client, make):
    council = _demo_council(make)
    client.sign_in_as(make.planner(council))
    raw = (FIXTURES / "bad-formula.csv").read_text(encoding="utf-8").replace(",-5,", ",5,")
    token = client.page("/council/import").csrf_token()
    response = client.post(
        "/council/import", data={"csrf_token": token}, files={"file": ("formula.csv", raw.encode(), "text/csv")}
    )
    assert response.status_code == 200, response.text
    (plan,) = _plans()
    page = client.page(f"/plans/{plan.id}/assessment")
    assert '=HYPERLINK("http://evil.example")' in page.text()
    exported = client.get(f"/plans/{plan.id}/assessment.csv").text
    assert "'=HYPERLINK" in exported
    assert ",=HYPERLINK" not in exported and ',"=HYPERLINK' not in exported


def test_a_person_uploads_their_councils_file(client, make):
    council = _demo_council(make)
    owner = make.account()
    plan = make.plan(owner, council)
    client.sign_in_as(owner)
    response = _upload(
        client, f"/plans/{plan.id}/assessment/upload", "good-adult.csv", f"/plans/{plan.id}/assessment/upload"
    )
    assert response.status_code == 303
    assert "From your assessment on 14 September 2026" in client.page(f"/plans/{plan.id}/assessment").text()
    wrong = _upload(
        client, f"/plans/{plan.id}/assessment/upload", "good-carer.json", f"/plans/{plan.id}/assessment/upload"
    )
    assert wrong.status_code == 400 and "This assessment is for a different person" in wrong.text


def test_another_councils_planner_cannot_reach_or_import_into_a_plan(client, make):
    council = _demo_council(make)
    client.sign_in_as(make.planner(council))
    _upload(client, "/council/import", "good-adult.json", "/council/import")
    (plan,) = _plans()
    other = make.council("Other")
    client.sign_in_as(make.planner(other))
    assert client.get(f"/plans/{plan.id}/assessment").status_code == 404
    response = _upload(client, "/council/import", "good-adult.json", "/council/import")
    assert response.status_code == 400 and "This assessment is for another council" in response.text


def test_planners_of_another_council_see_no_import_log(client, make):
    council = _demo_council(make)
    client.sign_in_as(make.planner(council))
    _upload(client, "/council/import", "good-adult.json", "/council/import")
    client.sign_in_as(make.planner(make.council("Other")))
    assert "good-adult.json" not in client.page("/council/import").text()


# The machine API, with a real client-credentials token over a real HTTP connection ---------------


@pytest.fixture
def api_client_credentials(make):
    council = _demo_council(make)
    with unit_of_work() as db:
        client, secret = assessment_data.create_api_client(db, council.id, "Case system")
    return council, client.client_id, secret


JSON = {"content-type": "application/json"}


def _token_client(live_server: str, client_id: str, secret: str) -> OAuth2Client:
    session = OAuth2Client(client_id, secret, token_endpoint_auth_method="client_secret_basic")
    session.fetch_token(f"{live_server}/api/v1/oauth/token", grant_type="client_credentials")
    return session


def test_api_imports_with_a_client_credentials_token(live_server, api_client_credentials, mailbox):
    _council, client_id, secret = api_client_credentials
    session = _token_client(live_server, client_id, secret)
    assert session.token["token_type"].lower() == "bearer"
    body = (FIXTURES / "good-adult.json").read_bytes()
    created = session.post(
        f"{live_server}/api/v1/assessments", content=body, headers={"content-type": "application/json"}
    )
    assert created.status_code == 201, created.text
    assert created.json()["result"] == "created"
    again = session.post(
        f"{live_server}/api/v1/assessments", content=body, headers={"content-type": "application/json"}
    )
    assert again.status_code == 200 and again.json()["result"] == "unchanged"
    csv = (FIXTURES / "good-adult-updated.json").read_bytes()
    updated = session.post(
        f"{live_server}/api/v1/assessments", content=csv, headers={"content-type": "application/json"}
    )
    assert updated.json()["result"] == "updated" and updated.json()["changes"]


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_api_answers_problem_details_for_bad_files(live_server, api_client_credentials, name):
    _council, client_id, secret = api_client_credentials
    session = _token_client(live_server, client_id, secret)
    kind = "text/csv" if name.endswith(".csv") else "application/json"
    response = session.post(
        f"{live_server}/api/v1/assessments", content=(FIXTURES / name).read_bytes(), headers={"content-type": kind}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422 and problem["title"]
    wheres = [item["where"] for item in problem["errors"]]
    for where in BAD_FIXTURES[name]:
        assert where in wheres, (where, wheres)
    assert all(item["detail"] and item["fix"] is not None for item in problem["errors"])
    assert _plans() == []


def test_api_refuses_missing_wrong_and_other_councils_tokens(live_server, api_client_credentials, make):
    _council, client_id, _secret = api_client_credentials
    body = (FIXTURES / "good-adult.json").read_bytes()
    anonymous = httpx.post(f"{live_server}/api/v1/assessments", content=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    forged = httpx.post(f"{live_server}/api/v1/assessments", content=body, headers={"authorization": "Bearer nope"})
    assert forged.status_code == 401
    wrong_secret = httpx.post(
        f"{live_server}/api/v1/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, "wrong")
    )
    assert wrong_secret.status_code in (400, 401) and wrong_secret.json()["error"] == "invalid_client"
    other = make.council("Other Borough")
    with unit_of_work() as db:
        other_client, other_secret = assessment_data.create_api_client(db, other.id, "Their system")
    session = _token_client(live_server, other_client.client_id, other_secret)
    response = session.post(
        f"{live_server}/api/v1/assessments", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["where"] == "$.council"


def test_openapi_document_and_reference_page(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/assessments" in spec["paths"] and "/oauth/token" in spec["paths"]
    schema = client.get("/schemas/assessment-v1.json")
    assert schema.status_code == 200 and json.loads(schema.text)["properties"]["format"]
    page = client.page("/api/docs")
    assert "POST /api/v1/assessments" in page.text()
    assert client.page("/docs/assessment-format").soup.find("h1")


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_bad_files_uploaded_by_the_person_are_refused_too(client, make, name):
    council = _demo_council(make)
    owner = make.account()
    plan = make.plan(owner, council)
    client.sign_in_as(owner)
    upload_page = f"/plans/{plan.id}/assessment/upload"
    response = _upload(client, upload_page, name, upload_page)
    assert response.status_code == 400
    for where in BAD_FIXTURES[name]:
        assert where.replace('"', "&#34;") in response.text or where in response.text, where
    with unit_of_work() as db:
        assert list(db.exec(select(ImportedAssessment))) == []
        stored = db.get(Plan, plan.id)
        assert stored is not None and stored.council_reference is None


def test_an_oversized_file_gets_a_clear_answer(live_server, api_client_credentials):
    _council, client_id, secret = api_client_credentials
    session = _token_client(live_server, client_id, secret)
    huge = b"{" + b" " * (6 * 1024 * 1024) + b"}"
    response = session.post(f"{live_server}/api/v1/assessments", content=huge, headers=JSON)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
