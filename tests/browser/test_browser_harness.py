"""The browser harness itself: the app is served, keys work, other hosts are blocked and
reported, and axe-core finds what it should."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, Page

from models.api_keys import Scope
from tests.browser.harness import LiveApp, RequestGuard, axe_violations, screenshot, tab_order

ACCESSIBLE = """<!DOCTYPE html><html lang="en"><head><title>A page</title></head>
<body><main><h1>A page</h1><p>Text.</p></main></body></html>"""
INACCESSIBLE = """<!DOCTYPE html><html lang="en"><head><title>A page</title></head>
<body><main><h1>A page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>"""


def test_the_app_is_served_and_a_made_key_is_accepted(live_app: LiveApp) -> None:
    key = live_app.make_key(Scope.READ)
    assert httpx.get(f"{live_app.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{live_app.url}/v1/rules").status_code == 401
    answer = httpx.get(f"{live_app.url}/v1/rules", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200
    assert len(live_app.keys) == 1


def test_the_page_goes_to_the_app_and_is_screenshotted(page: Page) -> None:
    page.goto("/healthz")
    assert "ok" in page.content()
    assert screenshot(page, "harness-healthz").stat().st_size > 0


def test_a_request_to_another_host_is_blocked_and_reported(
    chromium: Browser, live_app: LiveApp
) -> None:
    guard = RequestGuard(origin=live_app.url)
    context = chromium.new_context(base_url=live_app.url)
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("console", guard.console)
    page.goto("/healthz")
    page.set_content(
        '<img alt="x" src="http://cdn.example.invalid/pixel.gif"><link rel="stylesheet" href="/s.css">'
    )
    context.close()
    assert guard.foreign == ["http://cdn.example.invalid/pixel.gif"]
    assert guard.problems() == ["request to another host: http://cdn.example.invalid/pixel.gif"]
    assert f"GET {live_app.url}/s.css" in guard.requests


def test_axe_passes_a_plain_page_and_names_a_missing_alt_text(page: Page) -> None:
    page.goto("/healthz")
    page.set_content(ACCESSIBLE)
    assert axe_violations(page) == []
    page.set_content(INACCESSIBLE)
    assert [violation["id"] for violation in axe_violations(page)] == ["image-alt"]


def test_tab_order_lists_the_controls_keyboard_users_reach(page: Page) -> None:
    page.goto("/healthz")
    page.set_content(
        '<main><a href="#x">Skip\n  to content</a><form><label for="k">Key</label><input id="k" name="key">'
        '<button type="submit">Sign in</button></form><p tabindex="-1">Not in order</p></main>'
    )
    assert tab_order(page) == ["a: Skip to content", "input: key", "button: Sign in"]
