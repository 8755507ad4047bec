"""What browser tests share: the app served by uvicorn on a free loopback port, a guard that
lets the browser reach that app and nothing else, axe-core, and screenshots.

The fixtures that use these are in `conftest.py` beside this file; tests import the helpers
(`assert_accessible`, `screenshot`) from here.
"""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import ConsoleMessage, Page, Route
from sqlalchemy import Engine
from sqlmodel import Session

from api.persistence.keys import create_key
from models.api_keys import Scope

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core's tags for every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA."""
CSP_VIOLATION = "Content Security Policy"


class LiveServer:
    """uvicorn serving `app` in a thread on a loopback port chosen by the system."""

    def __init__(self, app: FastAPI) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = int(self.socket.getsockname()[1])
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        self.thread.join(timeout=0.05)
        for _ in range(400):
            if self.server.started:
                return self
            assert self.thread.is_alive(), "uvicorn stopped while starting"
            self.thread.join(timeout=0.05)
        raise AssertionError("uvicorn did not start within 20 s")

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@dataclass
class LiveApp:
    """The real app (`create_app`) on a fresh SQLite store, served at `url`."""

    url: str
    app: FastAPI
    db_engine: Engine
    keys: list[str] = field(default_factory=list)
    """Ids of the keys `make_key` made."""

    def make_key(
        self, *scopes: Scope, name: str | None = None, organisation: str = "default"
    ) -> str:
        """A new key with these scopes in the app's store; returns the key itself (what a
        person would paste into a sign-in form; prefix `Bearer ` for an API call)."""
        with Session(self.db_engine) as session:
            public, key = create_key(
                session, name or f"browser-{len(self.keys)}", scopes, organisation
            )
        self.keys.append(public.id)
        return key


@dataclass
class RequestGuard:
    """Every request the browser makes: those to the app go through, any other is aborted
    and recorded. Console CSP violations and uncaught script errors are recorded too."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)
    """Console CSP violations naming any of these are not problems (a third-party page that
    the policy rightly stops; say why in the test). Requests to other hosts always are."""

    def tolerate(self, text: str) -> None:
        self.tolerated.append(text)

    def route(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(f"{route.request.method} {url}")
        if _origin(url) == self.origin:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def console(self, message: ConsoleMessage) -> None:
        text = message.text
        csp = message.type == "error" and CSP_VIOLATION in text
        if csp and not any(tolerated in text for tolerated in self.tolerated):
            self.errors.append(text)

    def page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught script error: {error}")

    def problems(self) -> list[str]:
        return [f"request to another host: {url}" for url in self.foreign] + self.errors


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def axe_source() -> str:
    """axe-core as shipped inside the axe-playwright-python wheel (its Python wrapper is
    untyped, and all it does is evaluate this file)."""
    return (
        resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    )


def axe_violations(page: Page, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now. `exclude`: CSS selectors
    of parts not to check (third-party widgets only, and say why in the test). Waits for the
    page to finish loading first: before its stylesheet applies, the page is judged unstyled."""
    page.wait_for_load_state("load")
    page.evaluate(axe_source())
    context: dict[str, Any] = {"exclude": [[selector] for selector in exclude or []]}
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    results: dict[str, Any] = page.evaluate(
        "([context, options]) => axe.run(context.exclude.length ? context : document, options)",
        [context, options],
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def assert_accessible(page: Page, exclude: list[str] | None = None) -> None:
    """Fails, naming each rule and the elements, if axe-core finds any WCAG 2.2 AA violation."""
    violations = axe_violations(page, exclude)
    if violations:
        raise AssertionError(_describe(page.url, violations))


def _describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.2 AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:5]
        )
    return "\n".join(lines)


FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const name = e.getAttribute('aria-label') || e.innerText || e.value || e.name || e.id || '';
    return `${e.tagName.toLowerCase()}: ${name.trim().replace(/\\s+/g, ' ').slice(0, 60)}`;
}"""


def tab_order(page: Page, limit: int = 200) -> list[str]:
    """What Tab reaches from the top of the page, in order, as "tag: name" ("a: Sign out",
    "input: key", "button: Sign in"), until focus leaves the page or comes round again.
    For keyboard-only tests: assert that every control a journey needs is in the list."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    reached: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused: str | None = page.evaluate(FOCUSED)
        if focused is None or (reached and focused == reached[0]):
            break
        reached.append(focused)
    return reached


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot kept in `test-artifacts/screenshots/<name>.png` (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
