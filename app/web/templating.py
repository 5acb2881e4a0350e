"""One Jinja environment for every page, with translations and GOV.UK Frontend macros."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    select_autoescape,
)
from jinja2_fragments import render_block
from markupsafe import Markup

from app import i18n
from app.config import PROJECT_ROOT, get_settings
from app.domain.budget import PERIOD_LABELS
from app.models import Plan, PlanFor
from app.security import csrf_token_for
from app.web.cookies import csrf_binding
from app.web.flash import clear_flash, read_flash


def _gettext(message: str) -> str:
    return i18n._translations(i18n.current_locale()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n._translations(i18n.current_locale()).ngettext(singular, plural, n)


def _nl2br(value: str) -> Markup:
    """Shows line breaks a person typed, escaping everything else."""
    escaped = Markup.escape(value)
    return Markup("<br>").join(escaped.split("\n"))


def plan_title(plan: Plan) -> str:
    if plan.plan_for is PlanFor.CARER:
        return i18n._("Carer’s support plan")
    if plan.plan_for is PlanFor.SOMEONE_I_SUPPORT and plan.subject_name:
        return i18n._("Care and support plan for %(name)s", name=plan.subject_name)
    return i18n._("Care and support plan")


ACTIVITY_TEXT = {
    "created": i18n.lazy_gettext("Started the plan"),
    "viewed": i18n.lazy_gettext("Looked at the plan"),
    "changed": i18n.lazy_gettext("Changed"),
    "section_completed": i18n.lazy_gettext("Marked as complete"),
    "assessment_imported": i18n.lazy_gettext("Assessment added from the council"),
    "claimed": i18n.lazy_gettext("Added the plan to their account"),
}


def activity_text(row: Any, section_titles: dict[str, str]) -> str:
    text = i18n._(ACTIVITY_TEXT.get(row.action, row.action))
    detail = section_titles.get(row.detail)
    return f"{text}: {i18n._(detail)}" if detail else text


IMPORT_CHANNELS = {
    "planner_upload": i18n.lazy_gettext("Uploaded by a planner"),
    "person_upload": i18n.lazy_gettext("Uploaded by the person"),
    "api": i18n.lazy_gettext("Sent by the council’s system"),
}
IMPORT_RESULTS = {
    "created": i18n.lazy_gettext("Imported, plan started"),
    "updated": i18n.lazy_gettext("Imported, plan updated"),
    "unchanged": i18n.lazy_gettext("Already imported, nothing changed"),
    "rejected": i18n.lazy_gettext("Not imported"),
}


def _council_option(council: Any) -> dict[str, str]:
    return {"value": str(council.id), "text": council.name}


def _radio_item(option: dict[str, Any], chosen: str) -> dict[str, Any]:
    return {**option, "checked": option.get("value") == chosen}


@lru_cache
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(PROJECT_ROOT / "templates"),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=select_autoescape(["html"], default_for_string=True, default=False),
        undefined=ChainableUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=get_settings().template_auto_reload,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        money=i18n.format_money,
        nl2br=_nl2br,
        radio_item=_radio_item,
        council_option=_council_option,
    )
    env.globals.update(
        supported_locales=i18n.SUPPORTED_LOCALES,
        plan_title=plan_title,
        activity_text=activity_text,
        import_channel=lambda key: i18n._(IMPORT_CHANNELS.get(key) or key),
        import_result=lambda key: i18n._(IMPORT_RESULTS.get(key) or key),
        period_labels=PERIOD_LABELS,
    )
    return env


def page_context(request: Request) -> dict[str, Any]:
    state = request.state
    settings = get_settings()
    return {
        "request": request,
        "user": getattr(state, "user", None),
        "council": getattr(state, "council", None),
        "csrf_token": csrf_token_for(csrf_binding(request)),
        "locale": i18n.current_locale(),
        "session_idle_seconds": settings.session_idle_minutes * 60,
        "session_warning_seconds": settings.session_warning_seconds,
        "is_development": not settings.is_production,
    }


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Renders a page, or with ``block`` one named fragment of it for htmx."""
    full_context = page_context(request)
    full_context["flash"] = read_flash(request)
    if context:
        full_context.update(context)
    env = environment()
    if block is None:
        html = env.get_template(template).render(full_context)
    else:
        html = render_block(env, template, block, full_context)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    clear_flash(request, response)
    return response
