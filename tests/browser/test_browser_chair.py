"""The chair's journey in a real browser, by keyboard only: sign in, load a case that is not
ready, read why and what to do next, complete a missing field and see the verdict change.
axe-core finds no WCAG 2.2 AA violation on any page; nothing is requested from another host
(the `page` fixture fails the test otherwise); screenshots are saved as test artefacts."""

from __future__ import annotations

import re

from playwright.sync_api import FilePayload, Page, expect

from models.api_keys import Scope
from tests.browser.harness import REPO, LiveApp, assert_accessible, screenshot

NOT_READY = REPO / "examples" / "not-ready-step-down.json"
INSUFFICIENT = REPO / "examples" / "insufficient-information.json"
MAX_TABS = 200


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element is focused: it can be reached by keyboard."""
    target = page.locator(selector).first
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def check(page: Page, name: str) -> None:
    assert_accessible(page)
    screenshot(page, name)


def load_case(page: Page, path: str, name: str) -> None:
    tab_to(page, "a:has-text('Load a case file')")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Load a case file")
    check(page, f"{name}-load")
    tab_to(page, "#case-file")
    page.locator("#case-file").set_input_files(path)  # the file chooser is the system's
    tab_to(page, "button:has-text('Load and assess')")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Is the case ready to be de-planned?")


def test_the_chairs_journey_by_keyboard(page: Page, live_app: LiveApp) -> None:
    key = live_app.make_key(Scope.CHAIR, name="chair-browser")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    check(page, "chair-01-sign-in")

    # The skip link comes first and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    tab_to(page, "#key")
    page.keyboard.type("deplan_not-a-key")
    page.keyboard.press("Enter")
    expect(page.locator(".app-error-summary")).to_contain_text("This key is not valid")
    expect(page.locator(".app-error-summary")).to_be_focused()
    check(page, "chair-02-sign-in-error")
    tab_to(page, "#key")
    page.keyboard.type(key)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Cases")
    check(page, "chair-03-cases")

    # A case that is not ready: the verdict, the reasons and the next steps.
    load_case(page, str(NOT_READY), "chair-04")
    expect(page.locator("#verdict")).to_contain_text("not ready")
    blocking = page.locator(".app-finding").filter(has_text="Three months' sustained change")
    expect(blocking.first).to_contain_text("Keep the plan until change has been sustained")
    expect(blocking.first).to_contain_text("29 April 2024")
    check(page, "chair-05-result-not-ready")
    tab_to(page, "summary:has-text('rules met or not applicable')")
    page.keyboard.press("Enter")
    expect(page.locator("#settled + details")).to_have_attribute("open", "")

    # A case lacking information: answer one missing field, the verdict changes.
    page.goto("/cases")
    load_case(page, str(INSUFFICIENT), "chair-06")
    expect(page.locator("#verdict")).to_contain_text("insufficient information")
    check(page, "chair-07-result-insufficient")
    tab_to(page, "#rule-disguised-compliance-analysis a:has-text('Answer what is missing')")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Answer what is missing")
    check(page, "chair-08-complete")

    tab_to(page, "button:has-text('Assess again')")  # nothing answered: an error summary
    page.keyboard.press("Enter")
    expect(page.locator(".app-error-summary")).to_contain_text("Answer at least one question")
    check(page, "chair-09-complete-error")

    tab_to(page, "input[type=radio]:checked")  # "Not known", the default
    page.keyboard.press("ArrowLeft")  # "No, not done"
    expect(page.locator("input[type=radio][value=no]")).to_be_checked()
    tab_to(page, "button:has-text('Assess again')")
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_contain_text("not ready")
    expect(page.locator("#attestations + p + table")).to_contain_text(
        "Whether signs of disguised compliance were analysed"
    )
    expect(page.locator("#history + table tbody tr")).to_have_count(2)
    check(page, "chair-10-result-completed")

    # Signing out, by keyboard too.
    tab_to(page, "button:has-text('Sign out')")
    page.keyboard.press("Enter")
    expect(page.locator(".app-notice")).to_contain_text("You have signed out")
    check(page, "chair-11-signed-out")


def test_an_upload_that_does_not_validate_and_a_missing_page(page: Page, live_app: LiveApp) -> None:
    key = live_app.make_key(Scope.CHAIR)
    page.goto("/sign-in")
    page.fill("#key", key)
    page.click("button:has-text('Sign in')")
    page.goto("/cases/new")
    bad: FilePayload = {
        "name": "case.json",
        "mimeType": "application/json",
        "buffer": b'{"case_ref": "X1", "adults": [{"adult_ref": "A1", "role": "uncle"}]}',
    }
    page.locator("#case-file").set_input_files(files=bad)
    page.click("button:has-text('Load and assess')")
    summary = page.locator(".app-error-summary")
    expect(summary).to_contain_text("The conference type: is missing")
    expect(summary).to_contain_text("Adult A1's role in the family: must be one of")
    assert "uncle" not in page.content()
    check(page, "chair-12-upload-errors")
    page.goto("/assessments/00000000-0000-0000-0000-000000000000")
    expect(page.locator("h1")).to_have_text("Page not found")
    check(page, "chair-13-not-found")
