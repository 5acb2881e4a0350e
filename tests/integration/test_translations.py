"""Every user-facing string is in the Welsh catalogue, and the language follows the person."""

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT
from app.i18n import use_locale
from app.web.templating import environment

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "N_": None}
METHOD_MAP = [
    ("app/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
    ("app/plan_template.yaml", "app.babel_extract:extract_plan_template"),
]
OPTIONS = {
    "templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"},
    "templates/**.txt": {"extensions": "jinja2.ext.i18n", "trimmed": "true"},
}


def _source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), METHOD_MAP, OPTIONS, KEYWORDS, comment_tags=()
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {message for message in found if message}


def _welsh_catalogue():
    with (PROJECT_ROOT / "locales" / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale="cy")


def test_every_string_has_a_welsh_translation():
    catalogue = _welsh_catalogue()
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    missing = sorted(text for text in _source_messages() if not translated.get(text))
    assert not missing, f"{len(missing)} strings are not translated into Welsh (run make i18n):\n" + "\n".join(
        missing[:40]
    )


def test_welsh_plural_forms_are_all_written():
    catalogue = _welsh_catalogue()
    assert catalogue.num_plurals == 5
    for message in catalogue:
        if isinstance(message.id, tuple):
            assert len(message.string) == 5 and all(message.string), message.id


def test_language_switch_is_remembered(client):
    page = client.page("/sign-in")
    assert page.soup.html["lang"] == "en"
    response = client.get("/language/cy?next=/sign-in")
    assert response.status_code == 303
    welsh = client.page("/sign-in")
    assert welsh.soup.html["lang"] == "cy"
    assert welsh.h1 == "Mewngofnodi"
    assert client.get("/language/fr").status_code == 404


def test_accept_language_chooses_welsh_when_no_choice_made(client):
    page = client.page("/", headers={"accept-language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert page.soup.html["lang"] == "cy"
    page = client.page("/", headers={"accept-language": "fr, en;q=0.3"})
    assert page.soup.html["lang"] == "en"


def test_templates_render_in_welsh_without_english_leaking():
    template = environment().get_template("macros/layout.html")
    with use_locale("cy"):
        module = template.make_module({"session_warning_seconds": 120})
        html = str(module.timeout_dialog("token", 120))  # type: ignore[attr-defined]
    assert "Arhoswch wedi mewngofnodi" in html or "mewngofnodi" in html.lower()
    assert "Stay signed in" not in html
