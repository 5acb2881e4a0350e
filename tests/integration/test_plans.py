"""Starting a plan, the task list, and who may see a plan."""

from app.data import plans as plan_data
from app.db import unit_of_work
from app.models import PlanFor


def test_start_a_plan_for_myself_lands_on_the_task_list(client, make):
    make.council("Demo Council")
    client.sign_in_as(make.account())
    page = client.page("/plans/new")
    assert page.h1 == "Who is this plan for?"
    response = client.submit("/plans/new", {"plan_for": "myself"})
    assert response.status_code == 303
    task_list = client.page(response.headers["location"])
    assert task_list.h1 == "Care and support plan"
    assert "Your plan has been started" in task_list.text()
    statuses = [tag.get_text(strip=True) for tag in task_list.soup.select(".govuk-task-list__status")]
    assert len(statuses) == 12 and set(statuses) == {"Not started"}
    titles = [a.get_text(strip=True) for a in task_list.soup.select(".govuk-task-list__link")]
    assert titles[:3] == ["About me", "One-page profile", "What is working and not working"]
    assert "My budget" in titles and "My own sections" in titles


def test_a_carer_gets_the_carers_plan(client, make):
    make.council()
    client.sign_in_as(make.account())
    response = client.submit("/plans/new", {"plan_for": "carer"})
    page = client.page(response.headers["location"])
    assert page.h1 == "Carer’s support plan"
    assert "About me and the person I care for" in page.text()


def test_start_plan_errors_keep_choices(client, make):
    make.council("One")
    make.council("Two")
    client.sign_in_as(make.account())
    response = client.submit("/plans/new", {"plan_for": "someone_i_support", "subject_name": ""})
    assert response.status_code == 400
    assert "Enter the name of the person you support" in response.text
    assert "Select your council" in response.text
    assert 'value="someone_i_support" checked' in response.text
    response = client.submit("/plans/new", {})
    assert "Select who the plan is for" in response.text


def test_task_list_shows_real_statuses(client, make):
    owner = make.account()
    plan = make.plan(owner, make.council())
    with unit_of_work() as db:
        plan_data.mark_section_completed(db, plan.id, "about_me", completed=True)
        plan_data.mark_section_started(db, plan.id, "outcomes")
    client.sign_in_as(owner)
    page = client.page(f"/plans/{plan.id}")
    rows = {
        item.select_one(".govuk-task-list__link").get_text(strip=True): item.select_one(
            ".govuk-task-list__status"
        ).get_text(strip=True)
        for item in page.soup.select(".govuk-task-list__item")
    }
    assert rows["About me"] == "Completed"
    assert rows["What I want to achieve"] == "In progress"
    assert rows["Risks and how they are managed"] == "Not started"
    assert "You have completed 1 of 12 sections." in page.text()


def test_planner_sees_own_council_plans_only(client, make):
    home, away = make.council("Home"), make.council("Away")
    person = make.account(name="Rowan Person")
    plan = make.plan(person, home)
    make.plan(make.account(), away)
    planner = make.planner(home)
    client.sign_in_as(planner)
    listing = client.page("/council")
    assert listing.text().count("Care and support plan") == 1
    assert "Rowan Person" in listing.text()
    assert client.page(f"/plans/{plan.id}").h1 == "Care and support plan"

    other_planner = make.planner(away)
    client.sign_in_as(other_planner)
    assert client.get(f"/plans/{plan.id}").status_code == 404
    assert client.get(f"/plans/{plan.id}/sections/about_me").status_code == 404
    assert "Rowan Person" not in client.page("/council").text()


def test_another_person_cannot_see_a_plan(client, make):
    plan = make.plan(make.account(), make.council())
    client.sign_in_as(make.account())
    assert client.get(f"/plans/{plan.id}").status_code == 404
    assert client.get(f"/plans/{plan.id}/activity").status_code == 404


def test_people_who_are_not_staff_cannot_see_council_lists(client, make):
    client.sign_in_as(make.account())
    assert client.get("/council").status_code == 404


def test_the_person_sees_who_looked_at_their_plan(client, make):
    council = make.council()
    owner = make.account(name="Owner Person")
    plan = make.plan(owner, council, PlanFor.MYSELF)
    planner = make.planner(council)
    client.sign_in_as(planner)
    client.page(f"/plans/{plan.id}")
    client.page(f"/plans/{plan.id}")
    assert client.get(f"/plans/{plan.id}/activity").status_code == 404  # the log is the person's
    client.sign_in_as(owner)
    activity = client.page(f"/plans/{plan.id}/activity").text()
    assert activity.count("Pat Planner") == 1
    assert "Looked at the plan" in activity
    assert "Started the plan" in activity


def test_signed_out_visitors_are_sent_to_sign_in(client, make):
    plan = make.plan(make.account(), make.council())
    response = client.get(f"/plans/{plan.id}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next=/plans/{plan.id}"
