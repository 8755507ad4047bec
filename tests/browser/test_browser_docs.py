"""The API docs work offline: Swagger UI (/docs) and ReDoc (/redoc) load everything from the
app, start under a policy with scripts from the app only, and show the operations."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.harness import LiveApp, RequestGuard, screenshot

OPERATION = "Every rule in the catalogue"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def test_swagger_ui_renders_the_operations_from_the_app_alone(
    page: Page, live_app: LiveApp, guard: RequestGuard
) -> None:
    # axe-core is not run here: Swagger UI is a third-party page (it has colour-contrast,
    # nested-control and target-size violations we cannot fix without forking it).
    page.goto("/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text(OPERATION)).to_be_visible()
    assert page.locator(".opblock").count() >= 10
    assert f"GET {live_app.url}/openapi.json" in guard.requests
    screenshot(page, "docs-swagger-ui")


def test_redoc_renders_the_operations_from_the_app_alone(page: Page, guard: RequestGuard) -> None:
    # ReDoc 2 always shows its maker's logo from the maker's CDN; the policy stops it before
    # any request is made (the harness would fail on a request), and the link text stays.
    guard.tolerate(REDOC_LOGO)
    page.goto("/redoc")
    expect(page.get_by_role("heading", name=OPERATION)).to_be_visible()
    screenshot(page, "docs-redoc")


def test_docs_assets_are_only_the_known_files(page: Page, live_app: LiveApp) -> None:
    assert page.request.get(f"{live_app.url}/docs/assets/swagger-ui.css").ok
    assert page.request.get(f"{live_app.url}/docs/assets/..%2Fdocs.py").status == 404
    assert page.request.get(f"{live_app.url}/docs/assets/core.py").status == 404
