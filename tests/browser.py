"""Helpers for the browser tests: a local HTTP server for a built site, Chromium, and a page that
records what went wrong in it (console errors, uncaught exceptions).

The browser is Debian's Chromium driven by Playwright; Playwright's own browser downloads are never
used. Requests to anything but the local server are aborted, so the tests run offline and see only
what the site itself serves.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-gpu", "--disable-sync"]
SCREENSHOTS = Path(__file__).parent / ".screenshots"


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine without a browser; in CI (``CI`` set) a missing browser is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` with `python -m http.server` on 127.0.0.1 and a free port; yields the base URL."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline() if server.stdout else ""  # "Serving HTTP on 127.0.0.1 port N (...) ..."
        match = re.search(r"port (\d+)", line)
        if not match:
            raise RuntimeError(f"http.server did not start: {line!r} (exit code {server.poll()})")
        yield f"http://127.0.0.1:{match.group(1)}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()


@dataclass
class Problems:
    """Console errors and uncaught exceptions of the site's own pages and scripts, and every
    request the pages made to anything but the site (each was aborted)."""

    base: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    """Every address requested, the site's own included."""

    def route(self, route) -> None:  # playwright.sync_api.Route
        self.seen.append(route.request.url)
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.foreign.append(f"{route.request.resource_type} {route.request.url}")
            route.abort()

    def console(self, message) -> None:  # playwright.sync_api.ConsoleMessage
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # A request to another host was aborted by us (web fonts, the GitHub API for the repository
        # badge): not the site's fault, and the page works without it.
        if message.text.startswith("Failed to load resource") and url and not url.startswith(self.base):
            return
        self.errors.append(f"console: {message.text} ({url or 'no location'})")

    def exception(self, error) -> None:
        self.errors.append(f"uncaught: {error}")


def open_page(browser, base: str, *, color_scheme: str = "light"):
    """A fresh page whose requests stay on ``base``; returns (page, problems).

    ``color_scheme`` is the system setting the site sees (``light`` or ``dark``), which picks
    its palette until the reader uses the toggle.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
    problems = Problems(base)
    context.route("**/*", problems.route)
    page = context.new_page()
    page.on("console", problems.console)
    page.on("pageerror", problems.exception)
    return page, problems


@contextmanager
def launch() -> Iterator[object]:
    """Debian's Chromium through Playwright, or a skip (a failure in CI) where either is missing.

    One browser for the whole test run, shared by every module that asks: Playwright's sync API
    cannot run twice at once in a process, and starting Chromium once is faster. It closes when
    the run ends.
    """
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found: install Debian's chromium package to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is not installed")
    global _SHARED
    if _SHARED is None:
        playwright = sync_playwright().start()
        _SHARED = (playwright, playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS))
        atexit.register(_close)
    yield _SHARED[1]


_SHARED: tuple[object, object] | None = None


def _close() -> None:
    global _SHARED
    if _SHARED is not None:
        playwright, chromium = _SHARED
        _SHARED = None
        chromium.close()  # type: ignore[attr-defined]
        playwright.stop()  # type: ignore[attr-defined]


def search(page, base: str, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into the site's search box as a reader does; the results, best first, as
    (path of the page, its title)."""
    from playwright.sync_api import expect

    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    if page.url.startswith(base) and box.is_visible():
        box.fill("")  # the search box is open from the last query: empty it, and its results with it
        box.press("End")
    else:
        page.goto(base)
        page.keyboard.press("/")  # Material's shortcut: opens the search box and focuses it
        expect(box).to_be_focused()
    expect(meta).to_have_text("Type to start searching", timeout=10_000)  # the index has loaded; no results shown
    box.fill(query)
    box.press("End")  # Material searches on keyup: one query, with the whole text
    # "20 of 412 matching documents" with the pagefind backend, which gives Material the best 20
    expect(meta).to_have_text(re.compile(r"^\d+ (of [\d,]+ )?matching documents?$"))
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    # Material adds the results one by one (ten at most until the list is scrolled): wait for
    # as many as the count above them says, so that the list returned is whole.
    page.wait_for_function("""() => {
        const n = parseInt(document.querySelector('.md-search-result__meta').textContent);
        return document.querySelectorAll('.md-search-result__item').length >= Math.min(n, 10) }""")
    # Each result is a page: its first link is to the page itself (title in h1), then its sections.
    return page.locator(".md-search-result__item > a.md-search-result__link:first-child").evaluate_all(
        "links => links.map(a => [new URL(a.href).pathname, a.querySelector('h1').innerText.split(/\\s+/).join(' ')])")


def screenshot(page, name: str) -> Path:
    """A full-page PNG in tests/.screenshots/ (not committed) for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # From the top: a page scrolled to an anchor would draw its sticky header mid-way down the image.
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(100)
    page.screenshot(path=str(path), full_page=True)
    return path
