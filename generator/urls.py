"""Where each page and anchor lives, and the address of one page seen from another.

Markdown links between pages are written as ``.md`` paths, which every engine rewrites; raw HTML
(charts, diagrams, Markdown fields rendered here) and data (JSON-LD, ``briefing.json``) hold web
addresses, which no engine rewrites, so they are worked out here for the engine's URL style.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from . import resolved
from .paging import Part

Where = Callable[..., str]
"""``where(thing, anchor=None)``: the web address of a page path or of anything the renderer
places on a page (briefing, entity, document, event, question, fact), with ``#anchor`` added."""


def path_of(obj: Any) -> str:
    """The page (and anchor) of anything a page may link to."""
    if isinstance(obj, resolved.Briefing):
        return f"{obj.id}/index.md"
    if isinstance(obj, resolved.Entity):
        return f"{obj.briefing_id}/{obj.folder}/{obj.id}.md"
    if isinstance(obj, resolved.Document):
        return f"{obj.briefing_id}/sources/{obj.id}.md"
    if isinstance(obj, resolved.Event):
        return f"{obj.page or obj.briefing_id + '/timeline.md'}#{obj.id}"
    if isinstance(obj, resolved.Question):
        return f"{obj.page or obj.briefing_id + '/questions.md'}#{obj.id}"
    if isinstance(obj, resolved.Fact):
        return f"{path_of(obj.subject)}#{obj.anchor}"
    if isinstance(obj, Part):
        return obj.path
    raise TypeError(f"no page for {type(obj).__name__}")


def relative(target: str, page: str) -> str:
    """A link from ``page`` to ``target`` (both paths from the docs root, target maybe with #)."""
    path, _, fragment = target.partition("#")
    rel = _relpath(path, posixpath.dirname(page)) if path else ""
    if path and rel == posixpath.basename(page) and fragment and path == page:
        rel = ""
    return rel + (f"#{fragment}" if fragment else "")



def _relpath(path: str, folder: str) -> str:
    """``posixpath.relpath(path, folder or ".")`` for the plain paths pages have, without its two
    ``abspath`` calls: this runs for every link of every page."""
    if not _plain(path) or (folder and not _plain(folder)):
        return posixpath.relpath(path, folder or ".")
    parts, base = path.split("/"), folder.split("/") if folder else []
    common = 0
    while common < len(base) and common < len(parts) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _plain(path: str) -> bool:
    return all(part not in ("", ".", "..") for part in path.split("/"))


def page_url(path: str, directory_urls: bool) -> str:
    """The address an engine gives the page at ``path``: ``b/forces/x/`` (or ``b/forces/x.html``)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def url_relative(target: str, page: str, directory_urls: bool) -> str:
    """A link for raw HTML, which engines do not rewrite: from ``page``'s address to ``target``'s."""
    to, here = page_url(target, directory_urls), page_url(page, directory_urls)
    folder = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(to or ".", folder.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/" if to.endswith("/") else rel


def addresses(here: str, *, directory_urls: bool, site_url: str | None = None) -> Where:
    """``where(thing, anchor=None)``: the address of a page path, or of anything :func:`path_of`
    places, for links that engines do not rewrite (JSON-LD, ``briefing.json``): absolute under
    ``site_url`` when there is one, else relative to the file ``here``."""
    own = page_url(here, directory_urls) if here.endswith(".md") else here
    folder = [part for part in own.split("/")[:-1] if part]
    root = site_url.rstrip("/") + "/" if site_url else None

    def where(thing: Any, anchor: str | None = None) -> str:
        target = thing if isinstance(thing, str) else path_of(thing)
        path, _, fragment = target.partition("#")
        fragment = anchor or fragment
        to = page_url(path, directory_urls) if path.endswith(".md") else path
        if root is not None:
            address = root + to
        else:  # (posixpath.relpath would do, at ten times the cost: this runs for every link of every page)
            parts = to.split("/")
            common = 0
            while common < min(len(folder), len(parts) - 1) and folder[common] == parts[common]:
                common += 1
            address = "../" * (len(folder) - common) + "/".join(parts[common:]) or "./"
        return f"{address}#{fragment}" if fragment else address

    return where

