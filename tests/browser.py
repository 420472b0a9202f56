"""Helpers for the browser tests: a local HTTP server for a built site, Chromium, and a page that
records what went wrong in it (console errors, uncaught exceptions).

The browser is Debian's Chromium driven by Playwright; Playwright's own browser downloads are never
used. Requests to anything but the local server are aborted, so the tests run offline and see only
what the site itself serves.
"""

from __future__ import annotations

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
    """Console errors and uncaught exceptions of the site's own pages and scripts."""

    base: str
    errors: list[str] = field(default_factory=list)

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


def open_page(browser, base: str):
    """A fresh page whose requests stay on ``base``; returns (page, problems)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    page = context.new_page()
    problems = Problems(base)
    page.on("console", problems.console)
    page.on("pageerror", problems.exception)
    return page, problems


def screenshot(page, name: str) -> Path:
    """A full-page PNG in tests/.screenshots/ (not committed) for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # From the top: a page scrolled to an anchor would draw its sticky header mid-way down the image.
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(100)
    page.screenshot(path=str(path), full_page=True)
    return path
