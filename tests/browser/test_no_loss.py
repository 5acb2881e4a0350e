"""Nothing typed is lost: autosave, reload, back button, validation errors, dropped connection, uploads."""

from __future__ import annotations

import io
import struct
import wave
import zlib
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from app.data import answers as answer_data
from app.db import unit_of_work
from tests.browser.conftest import Axe, screenshot
from tests.browser.keyboard import follow, press, type_into
from tests.factories import PASSWORD, Factory


def _plan_page(page: Page, axe: Axe) -> str:
    factory = Factory()
    account = factory.account()
    plan = factory.plan(account, factory.council("Demo Council"))
    page.goto("/sign-in")
    axe(page)
    type_into(page, page.get_by_label("Email address"), account.email)
    type_into(page, page.get_by_label("Password", exact=True), PASSWORD)
    follow(page, page.get_by_role("button", name="Sign in"))
    axe(page)
    return plan.id


def _stored(plan_id: str, key: str):
    with unit_of_work() as db:
        answer = answer_data.get_answer(db, plan_id, key)
        return answer.value if answer else None


def test_autosave_then_reload_keeps_text(page: Page, axe: Axe):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/home")
    axe(page)
    type_into(page, page.locator("#answer"), "I live by the sea with my dog.")
    status = page.locator("#save-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("Saved at", timeout=8000)
    assert _stored(plan_id, "about_me.home") == "I live by the sea with my dog."
    page.reload()
    axe(page)
    expect(page.locator("#answer")).to_have_value("I live by the sea with my dog.")
    screenshot(page, "question-page")


def test_leaving_before_autosave_still_saves(page: Page, axe: Axe):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/first")
    axe(page)
    page.locator("#answer").fill("Please face me when you talk.")
    page.go_back()  # the browser's own back button, straight away
    axe(page)
    page.wait_for_timeout(500)
    assert _stored(plan_id, "about_me.first") == "Please face me when you talk."


def test_validation_error_keeps_text_and_is_accessible(page: Page, axe: Axe):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/started")
    axe(page)
    type_into(page, page.locator("#answer-day"), "31")
    type_into(page, page.locator("#answer-month"), "2")
    type_into(page, page.locator("#answer-year"), "24")
    follow(page, page.get_by_role("button", name="Save and continue"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Year must include 4 numbers")
    expect(summary).to_be_focused()
    axe(page, "date error")
    expect(page.locator("#answer-day")).to_have_value("31")
    page.goto(f"/plans/{plan_id}/sections/about_me/first")
    type_into(page, page.locator("#answer"), "x" * 1010)
    follow(page, page.get_by_role("button", name="Save and continue"))
    expect(summary).to_contain_text("1,000 characters or fewer")
    axe(page, "too long")
    expect(page.locator("#answer")).to_have_value("x" * 1010)


def test_back_link_saves_without_javascript(no_js_page: Page, axe: Axe):
    page = no_js_page
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/home")
    axe(page)
    type_into(page, page.locator("#answer"), "Typed and went back")
    follow(page, page.get_by_role("button", name="Back", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("What would you like to be called?")
    axe(page)
    assert _stored(plan_id, "about_me.home") == "Typed and went back"


def test_dropped_connection_keeps_text_and_saves_when_back(page: Page, axe: Axe):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/background")
    axe(page)
    page.context.set_offline(True)
    type_into(page, page.locator("#answer"), "Written on the train with no signal.")
    expect(page.locator("#save-status")).to_contain_text("you may have lost your connection", timeout=8000)
    axe(page, "offline")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=8000)
    assert _stored(plan_id, "about_me.background") == "Written on the train with no signal."


def test_copy_on_device_is_offered_back_if_it_never_arrived(page: Page, axe: Axe):
    plan_id = _plan_page(page, axe)
    url = f"/plans/{plan_id}/sections/about_me/work"
    # What a tab that closed while offline leaves behind: a copy on this device, never saved.
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"myplan:unsaved:{url}", '{"values": {"answer": ["I volunteer on Tuesdays."]}, "version": "0"}'],
    )
    page.goto(url)
    expect(page.locator("#answer")).to_have_value("I volunteer on Tuesdays.")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=8000)
    axe(page, "restored")
    assert _stored(plan_id, "about_me.work") == "I volunteer on Tuesdays."
    # Once saved, the copy is gone and is not offered again.
    page.reload()
    axe(page)
    expect(page.locator("#save-status")).to_have_text("")
    axe(page, "after reload")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (40, 30), (20, 130, 90))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(struct.pack("<800h", *([0, 1000] * 400)))
    return buffer.getvalue()


def _pdf() -> bytes:
    stream = b"BT /F1 12 Tf 20 20 Td (My plan) Tj ET"
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n"
        + b"4 0 obj<</Length "
        + str(len(stream)).encode()
        + b">>stream\n"
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _webm() -> bytes:
    # An EBML header with the webm doc type: enough for the type to be recognised from content.
    return bytes.fromhex(
        "1a45dfa39f4286810142f7810142f2810442f381084282847765626d42878104428581021853806701"
    ) + zlib.compress(b"x" * 200)


def _mp4() -> bytes:
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "kind", "alt"),
    [
        ("garden.png", _png(), "image", "My garden in spring"),
        ("holiday.jpg", _jpeg_with_location(), "image", "Me at the beach"),
        ("voice-note.wav", _wav(), "audio", ""),
        ("walk.webm", _webm(), "video", ""),
        ("clip.mp4", _mp4(), "video", ""),
        ("letter.pdf", _pdf(), "document", ""),
    ],
)
def test_upload_each_kind_of_file(page: Page, axe: Axe, tmp_path: Path, name: str, content: bytes, kind: str, alt: str):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/check")
    axe(page)
    follow(page, page.get_by_role("link", name="Add a picture, recording, video or document"))
    axe(page)
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("#file").set_input_files(str(path))
    if alt:
        type_into(page, page.locator("#alt_text"), alt)
    with page.expect_navigation():
        press(page, page.get_by_role("button", name="Add to my plan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    axe(page, f"after {name}")
    with unit_of_work() as db:
        (attachment,) = answer_data.attachments_for(db, plan_id)
        assert attachment.kind == kind
        stored = answer_data.attachment_content(db, attachment.id) or b""
    if name.endswith(".jpg"):
        assert Image.open(io.BytesIO(stored)).getexif().get(0x8825) is None, "location was not removed"
    if kind == "image":
        expect(page.get_by_role("img", name=alt)).to_be_visible()


def test_disguised_file_is_refused_with_a_clear_message(page: Page, axe: Axe, tmp_path: Path):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/attachments")
    axe(page)
    disguised = tmp_path / "photo.jpg"
    disguised.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a Windows program, named like a photo
    page.locator("#file").set_input_files(str(disguised))
    press(page, page.get_by_role("button", name="Add to my plan"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file must be a picture")
    axe(page, "refused upload")
    with unit_of_work() as db:
        assert answer_data.attachments_for(db, plan_id) == []


def test_picture_needs_a_description(page: Page, axe: Axe, tmp_path: Path):
    plan_id = _plan_page(page, axe)
    page.goto(f"/plans/{plan_id}/sections/about_me/attachments")
    axe(page)
    picture = tmp_path / "me.png"
    picture.write_bytes(_png())
    page.locator("#file").set_input_files(str(picture))
    press(page, page.get_by_role("button", name="Add to my plan"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the picture")
    axe(page, "missing alt text")


def test_exit_this_page_leaves_at_once(page: Page, axe: Axe):
    plan_id = _plan_page(page, axe)
    page.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(status=200, body="<html lang=en><title>Weather</title></html>"),
    )
    page.goto(f"/plans/{plan_id}")
    axe(page)
    button = page.get_by_role("button", name="Exit this page")
    expect(button).to_be_visible()
    assert button.get_attribute("href") == "https://www.bbc.co.uk/weather"
    with page.expect_navigation(url="https://www.bbc.co.uk/weather"):
        for _ in range(3):
            page.keyboard.press("Shift")
    axe.checked.add(page.url)
