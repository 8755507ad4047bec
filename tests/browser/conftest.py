"""Browser fixtures: `live_app` (the real app on a fresh SQLite store, served by uvicorn on a
free loopback port), `chromium` (Debian's, launched by path, once per module; never a downloaded browser) and
`page` (a Playwright page on the app that may reach no other host, screenshotted at the end).

Write browser tests in this folder; see `harness.py` for `assert_accessible` and `screenshot`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from api.http.app import create_app
from api.persistence import migrate
from api.persistence.db import make_engine
from api.settings import Settings
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveApp,
    LiveServer,
    RequestGuard,
    screenshot,
)


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DEPLAN_DATABASE_URL", "DEPLAN_DATA_DIR", "DEPLAN_STORE_CASES", "DEPLAN_RULES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Per module, not per session: Playwright's sync API runs an event loop in this thread
    while it is open, and other tests (the audit report's layout) start their own."""
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI installs Debian's chromium (.ci/run)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_settings(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    return Settings(
        database_url=f"sqlite:///{(data / 'deplan.sqlite3').as_posix()}",
        data_dir=data,
        store_cases=True,
        rules_overlay=None,
    )


@pytest.fixture
def live_app(live_settings: Settings) -> Iterator[LiveApp]:
    """The real app, migrated store, served until the test ends."""
    engine = make_engine(live_settings)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(live_settings)
    try:
        with LiveServer(app) as server:
            yield LiveApp(url=server.url, app=app, engine=app.state.engine)
    finally:
        app.state.engine.dispose()


@pytest.fixture
def guard(live_app: LiveApp) -> RequestGuard:
    """What `page` records: `guard.requests` lists every request the page made."""
    return RequestGuard(origin=live_app.url)


@pytest.fixture
def page(
    chromium: Browser, live_app: LiveApp, guard: RequestGuard, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A page in a fresh browser context (1280×900, relative URLs go to the app). A request to
    any other host is blocked and fails the test, as do CSP violations and uncaught script
    errors; the page as it ended is saved to test-artifacts/screenshots/<test>.png."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=live_app.url)
    context.route("**/*", guard.route)
    new_page = context.new_page()
    new_page.on("console", guard.console)
    new_page.on("pageerror", guard.page_error)
    try:
        yield new_page
        if not new_page.is_closed() and new_page.url != "about:blank":
            screenshot(new_page, request.node.name)
    finally:
        context.close()
    problems = guard.problems()
    assert problems == [], "\n".join(problems)
