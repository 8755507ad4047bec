"""The chair records a decision with an override and opens the conference record, in
Debian's chromium: keyboard-reachable, no axe-core violations, nothing fetched from elsewhere;
the record also as printed (print media) and as PDF."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from models.api_keys import Scope
from tests.browser.harness import SCREENSHOTS, LiveApp, assert_accessible, screenshot, tab_order

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "not-ready-step-down.json"
MAPPA = (
    "Probation consulted and MAPPA status established for alleged perpetrators of abuse or violence"
)
JUSTIFICATION = "Probation confirmed at conference that neither adult is managed under MAPPA."


def stored_assessment(page: Page, live_app: LiveApp) -> str:
    """The not-ready example, sent by the organisation's case system over the API."""
    key = live_app.make_key(Scope.ASSESS, name="case-system")
    response = page.request.post(
        f"{live_app.url}/v1/assessments",
        data=json.loads(EXAMPLE.read_text()),
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status == 201, response.text()
    return str(response.json()["id"])


def sign_in(page: Page, live_app: LiveApp, next_path: str) -> None:
    page.goto(next_path)
    page.get_by_label("Your key").fill(live_app.make_key(Scope.CHAIR, name="chair-one"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def test_record_a_decision_with_an_override_and_open_the_record(
    page: Page, live_app: LiveApp
) -> None:
    assessment_id = stored_assessment(page, live_app)
    sign_in(page, live_app, f"/assessments/{assessment_id}")
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Record the decision")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "decision-form")
    reached = tab_order(page)
    # A radio group is one Tab stop (its first radio until one is chosen): one per child.
    assert reached.count("input: deplan") == 2, reached
    assert sum(item.startswith("summary: ") for item in reached) == 11, "every finding"
    assert "button: Record the decision" in reached

    # Keyboard only: the radios, the finding's disclosure, its controls and the button.
    page.get_by_label("De-plan (end the plan)").first.focus()
    page.keyboard.press("Space")
    page.get_by_role("group", name="Child C2").get_by_label("Continue the plan").check()
    summary = page.locator("summary", has_text=MAPPA)
    summary.focus()
    page.keyboard.press("Enter")
    item = page.locator("details", has=summary)
    item.get_by_label("Your position").select_option(label="It is met")
    item.get_by_label("C1").check()
    page.get_by_role("button", name="Record the decision").click()

    # No justification: an error summary, focused, linking to the field; choices kept.
    summary_box = page.get_by_role("alert")
    expect(summary_box).to_contain_text("Give your justification for overruling")
    expect(item.get_by_label("Your position")).to_have_value("met")
    assert_accessible(page)
    screenshot(page, "decision-form-error")
    summary_box.get_by_role("link").first.click()
    expect(item.get_by_label("Why you overrule it")).to_be_focused()
    page.keyboard.type(JUSTIFICATION)
    page.get_by_role("button", name="Record the decision").click()

    # The record: the engine's verdict stands, the override beside its finding.
    page.wait_for_url(f"**/assessments/{assessment_id}/record?recorded=1")
    expect(page.get_by_role("heading", name="Conference record")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The decision was recorded")
    expect(page.locator(".record-verdict")).to_contain_text("not ready")
    finding = page.locator(".record-finding", has_text=MAPPA)
    expect(finding).to_contain_text("Overruled by the chair for C1")
    expect(finding).to_contain_text(JUSTIFICATION)
    expect(page.get_by_role("table", name="Each child")).to_contain_text("De-plan")
    assert_accessible(page)
    screenshot(page, "record")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the record as PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"conference-record-{assessment_id}.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    (SCREENSHOTS.parent / "conference-record.pdf").write_bytes(content)  # kept to look at

    # Back on the result page, the decision sits under the engine's verdict.
    page.get_by_role("link", name="Back to the assessment").click()
    panel = page.locator("#decision")
    expect(panel).to_contain_text("De-plan for C1; continue for C2.")
    expect(panel).to_contain_text("held met (the engine: not met)")
    assert_accessible(page)
    screenshot(page, "result-with-decision")
    panel.get_by_role("link", name="Open the conference record").click()

    page.emulate_media(media="print")
    expect(page.locator(".app-header")).to_be_hidden()
    expect(page.locator(".record-actions")).to_be_hidden()
    screenshot(page, "record-print")
