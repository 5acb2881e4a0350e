"""The wizard, through HTTP: every section of both kinds of plan, validation, no loss, conflicts, history."""

from sqlmodel import select

from app.data import answers as answer_data
from app.db import unit_of_work
from app.domain.plan_template import Variant, load_template
from app.models import AnswerChange, PlanFor
from tests.plan_filler import fill_plan


def _person_plan(client, make, plan_for=PlanFor.MYSELF):
    owner = make.account(name="Mags Morgan")
    plan = make.plan(owner, make.council(), plan_for)
    client.sign_in_as(owner)
    return owner, plan


def test_a_person_completes_every_section(client, make):
    _owner, plan = _person_plan(client, make)
    answered = fill_plan(client, plan)
    template = load_template()
    assert answered == sum(len(section.questions) for section in template.sections_for(Variant.PERSON))
    task_list = client.page(f"/plans/{plan.id}")
    statuses = {
        item.select_one(".govuk-task-list__link").get_text(strip=True): item.select_one(
            ".govuk-task-list__status"
        ).get_text(strip=True)
        for item in task_list.soup.select(".govuk-task-list__item")
    }
    assert statuses["About me"] == "Completed"
    assert statuses["My contingency plan"] == "Completed"
    assert statuses["My budget"] == "Not started"
    whole = client.page(f"/plans/{plan.id}/plan")
    about = load_template().sections["about_me"].question("home")
    assert about is not None and about.example in whole.text()
    assert whole.soup.select("section[aria-labelledby] > h2")


def test_a_carer_completes_the_carers_plan(client, make):
    _owner, plan = _person_plan(client, make, PlanFor.CARER)
    template = load_template()
    assert fill_plan(client, plan) == sum(len(section.questions) for section in template.sections_for(Variant.CARER))
    whole = client.page(f"/plans/{plan.id}/plan").text()
    assert "About me and the person I care for" in whole
    assert "If I cannot care" in whole


def test_opening_a_section_starts_at_the_first_question_then_goes_to_check_answers(client, make):
    _owner, plan = _person_plan(client, make)
    response = client.get(f"/plans/{plan.id}/sections/about_me")
    assert response.headers["location"] == f"/plans/{plan.id}/sections/about_me/name"
    client.submit(f"/plans/{plan.id}/sections/about_me/name", {"answer": "Mags", "version": "0"})
    response = client.get(f"/plans/{plan.id}/sections/about_me")
    assert response.headers["location"] == f"/plans/{plan.id}/sections/about_me/check"


def test_bad_input_is_explained_and_kept(client, make):
    _owner, plan = _person_plan(client, make)
    url = f"/plans/{plan.id}/sections/about_me/started"
    response = client.submit(url, {"answer-day": "31", "answer-month": "2", "answer-year": "2024", "version": "0"})
    assert response.status_code == 400
    assert "Date must be a real date" in response.text
    assert 'value="31"' in response.text
    # The typed date is kept for this person and offered back later.
    page = client.page(url)
    assert page.value_of("answer-day") == "31"
    assert "We kept what you typed last time" in page.text()

    long_url = f"/plans/{plan.id}/sections/about_me/first"
    response = client.submit(long_url, {"answer": "x" * 1200, "version": "0"})
    assert response.status_code == 400
    assert "Your answer must be 1,000 characters or fewer. It is 1,200 characters." in response.text


def test_markup_is_shown_as_typed_never_run(client, make):
    _owner, plan = _person_plan(client, make)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    url = f"/plans/{plan.id}/sections/about_me/home"
    assert client.submit(url, {"answer": hostile, "version": "0"}).status_code == 303
    for path in (url, f"/plans/{plan.id}/sections/about_me/check", f"/plans/{plan.id}/plan"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


def test_autosave_saves_quietly_and_returns_the_new_version(client, make):
    _owner, plan = _person_plan(client, make)
    url = f"/plans/{plan.id}/sections/about_me/home"
    token = client.page(url).csrf_token()
    response = client.post(
        url,
        data={"csrf_token": token, "answer": "I live in Leeds", "version": "0", "action": "autosave"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    assert "Saved at" in response.text
    assert 'value="1"' in response.text
    with unit_of_work() as db:
        answer = answer_data.get_answer(db, plan.id, "about_me.home")
        assert answer is not None and answer.value == "I live in Leeds"


def test_going_back_saves_what_was_typed(client, make):
    _owner, plan = _person_plan(client, make)
    url = f"/plans/{plan.id}/sections/about_me/home"
    response = client.submit(url, {"answer": "Typed then went back", "version": "0", "action": "back"})
    assert response.headers["location"] == f"/plans/{plan.id}/sections/about_me/name"
    assert client.page(url).value_of("answer") == "Typed then went back"


def test_concurrent_edits_never_silently_overwrite(client, make):
    owner, plan = _person_plan(client, make)
    url = f"/plans/{plan.id}/sections/about_me/home"
    client.submit(url, {"answer": "First words", "version": "0"})
    stale_token = client.page(url).csrf_token()
    # Someone else saves a different answer (version 1 -> 2) while this page is open at version 1.
    with unit_of_work() as db:
        answer_data.save_answer(db, plan.id, "about_me", "about_me.home", "Their words", owner.id, 1)
    response = client.post(url, data={"csrf_token": stale_token, "answer": "My words", "version": "1"})
    assert response.status_code == 409
    assert "Someone else changed this answer" in response.text
    assert "Their words" in response.text and "My words" in response.text
    with unit_of_work() as db:
        answer = answer_data.get_answer(db, plan.id, "about_me.home")
        assert answer is not None and answer.value == "Their words"
    # Saving again, having seen both, is a deliberate choice.
    page_version = "2"
    response = client.post(url, data={"csrf_token": stale_token, "answer": "My words", "version": page_version})
    assert response.status_code == 303


def test_every_change_is_recorded_with_old_and_new_values(client, make):
    owner, plan = _person_plan(client, make)
    url = f"/plans/{plan.id}/sections/about_me/name"
    client.submit(url, {"answer": "Margaret", "version": "0"})
    with unit_of_work() as db:
        changes = list(db.exec(select(AnswerChange)))
    assert len(changes) == 1
    assert changes[0].new_value == "Margaret" and changes[0].old_value is None
    assert changes[0].account_id == owner.id
    activity = client.page(f"/plans/{plan.id}/activity").text()
    assert "Changed: About me" in activity


def test_list_items_can_be_added_changed_and_removed(client, make):
    _owner, plan = _person_plan(client, make)
    base = f"/plans/{plan.id}/sections/risks/risks"
    page = client.page(base)
    assert "You have not added anything yet." in page.text()
    item = load_template().sections["risks"].questions[0]
    summary = f"item-{item.summary_field}"
    response = client.submit(f"{base}/items/new", {summary: "I might fall on the stairs"})
    assert response.status_code == 303
    page = client.page(base)
    assert "I might fall on the stairs" in page.text()
    item_url = next(
        link["href"]
        for link in page.soup.select("a[href*='/items/']")
        if not link["href"].endswith(("/remove", "/new"))
    )
    client.submit(item_url, {summary: "I might fall on the stairs at night", "version": "1"})
    assert "at night" in client.page(base).text()
    response = client.submit(f"{item_url}/remove", {})
    assert response.status_code == 400 and "Select yes if you want to remove this" in response.text
    client.submit(f"{item_url}/remove", {"confirm": "yes"})
    assert "You have not added anything yet." in client.page(base).text()


def test_a_section_cannot_be_completed_without_required_answers(client, make):
    _owner, plan = _person_plan(client, make)
    response = client.submit(f"/plans/{plan.id}/sections/about_me/check", {"completed": "yes"})
    assert response.status_code == 400
    assert "before you mark this section as complete" in response.text
    response = client.submit(f"/plans/{plan.id}/sections/about_me/check", {"completed": "no"})
    assert response.status_code == 303


def test_planner_reads_but_cannot_change(client, make):
    council = make.council()
    owner = make.account()
    plan = make.plan(owner, council)
    client.sign_in_as(owner)
    client.submit(f"/plans/{plan.id}/sections/about_me/name", {"answer": "Mags", "version": "0"})
    client.sign_in_as(make.planner(council))
    check = client.page(f"/plans/{plan.id}/sections/about_me/check")
    assert "Mags" in check.text()
    assert "Change" not in check.text()
    assert client.get(f"/plans/{plan.id}/sections/about_me/name").status_code == 404
    token = check.csrf_token()
    response = client.post(f"/plans/{plan.id}/sections/about_me/name", data={"csrf_token": token, "answer": "X"})
    assert response.status_code == 404
    assert "Mags" in client.page(f"/plans/{plan.id}/plan").text()


def test_own_sections(client, make):
    _owner, plan = _person_plan(client, make)
    response = client.submit(f"/plans/{plan.id}/own-sections/new", {"title": "", "body": "words"})
    assert response.status_code == 400 and "Enter a title for this section" in response.text
    response = client.submit(f"/plans/{plan.id}/own-sections/new", {"title": "My music", "body": "I play the fiddle."})
    assert response.status_code == 303
    page = client.page(f"/plans/{plan.id}/own-sections")
    assert "My music" in page.text() and "I play the fiddle." in page.text()
    assert "My music" in client.page(f"/plans/{plan.id}/plan").text()
