"""An HTTP test client that checks every HTML page it gets, the way a careful reviewer would."""

from __future__ import annotations

from collections.abc import Mapping

import html5lib
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx2 import Response

from app.main import app
from app.models import Account
from app.web.cookies import SESSION_COOKIE
from tests.factories import Factory


class Page:
    def __init__(self, response: Response) -> None:
        self.response = response
        self.status = response.status_code
        self.soup = BeautifulSoup(response.text, "html.parser")

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    def text(self) -> str:
        main = self.soup.find("main")
        return main.get_text(" ", strip=True) if main else ""

    def error_summary(self) -> list[str]:
        summary = self.soup.find(class_="govuk-error-summary")
        return [item.get_text(strip=True) for item in summary.find_all("a")] if summary else []

    def csrf_token(self) -> str:
        field = self.soup.find("input", {"name": "csrf_token"})
        assert field is not None, "page has no form token"
        return str(field["value"])

    def value_of(self, name: str) -> str:
        field = self.soup.find(None, {"name": name})
        assert field is not None, f"no field {name}"
        return field.get_text() if field.name == "textarea" else str(field.get("value", ""))


def check_html(response: Response) -> None:
    """Well-formed HTML5, one h1, unique ids, a token in every form that posts."""
    html5lib.HTMLParser(strict=True).parse(response.text)
    soup = BeautifulSoup(response.text, "html.parser")
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"expected one h1, found {len(headings)}"
    ids = [tag["id"] for tag in soup.find_all(id=True) if not tag.find_parent("template")]
    duplicates = {value for value in ids if ids.count(value) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in soup.find_all("form", method="post"):
        assert form.find("input", attrs={"name": "csrf_token"}), f"form to {form.get('action')} has no token"
    assert soup.html and soup.html.get("lang"), "html element has no lang"


class WebClient(TestClient):
    def __init__(self) -> None:
        super().__init__(app, base_url="http://testserver", follow_redirects=False)

    def page(self, path: str, expect: int = 200, **kwargs: object) -> Page:
        response = self.get(path, follow_redirects=True, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == expect, f"{path}: {response.status_code}\n{response.text[:2000]}"
        if response.headers.get("content-type", "").startswith("text/html"):
            check_html(response)
        return Page(response)

    def submit(
        self,
        path: str,
        data: Mapping[str, str | list[str]] | None = None,
        *,
        form_page: str | None = None,
        **kwargs: object,
    ) -> Response:
        """Posts a form the way a browser would: with the token from the page the form is on."""
        token = self.page(form_page or path).csrf_token()
        return self.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)  # type: ignore[arg-type]

    def sign_in_as(self, account: Account) -> None:
        self.cookies.set(SESSION_COOKIE, Factory().session_token(account))
