"""Accessibility and validity fixes to the HTML pages Material writes, applied to each built page.

Editing the built page, rather than shipping copies of Material's templates, keeps the fixes on
through Material's patch releases: each fix looks for the defect (a checkbox with `autocomplete`,
an unnamed dialog or navigation landmark, an empty `tabindex`, a label naming no control), not for
a line of a template. A fix whose element is not on the page is reported by name, so that a
release that changed its markup cannot silently drop it (the plugin logs it as a warning, which
fails `mkdocs build --strict`).

Pages are scanned for the start tags the fixes concern (generator/tag_scan.py, which finds them
as the standard library's HTML parser does, at a fraction of its cost), and only the start tags
that need a change are rewritten in place: the rest of the page is left byte for byte as Material
wrote it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .tag_scan import Scan, Tag, scan

SEARCH_WORKER = "briefing-search.js"
"""Our search worker's file name, beside Material's in assets/javascripts/workers/."""
WORKER_PLACEHOLDER = "__MATERIAL_SEARCH_WORKER__"
TOGGLE_FORM = "__md_toggles"

TOGGLES = "hidden toggles carry no autocomplete"
DIALOG = "the search dialog has a name"
TABINDEX = "no empty tabindex"
LABELS = "no label naming a missing control"
NAVS = "each navigation landmark has its own name"
WORKER = "hyphen-aware search worker"
FIXES = (TOGGLES, DIALOG, TABINDEX, LABELS, NAVS, WORKER)


@dataclass
class Result:
    html: str
    missing: list[tuple[str, str]] = field(default_factory=list)
    """Each fix that found nothing to fix where it must: (fix, what it looked for)."""


def fix_page(page: str, *, search: bool, material_worker: str | None) -> Result:
    """The page with every fix applied, and the fixes whose element is missing.

    ``search``: Material's search plugin is on, so the page must have its dialog and worker.
    ``material_worker``: the file name of Material's search worker, which ours loads; None when
    ours is not in the site.
    """
    return apply_fixes(page, scan(page), search=search, material_worker=material_worker)


def apply_fixes(page: str, found: Scan, *, search: bool, material_worker: str | None) -> Result:
    """The fixes, decided on the tags ``found`` on the page."""
    tags = found.tags
    ids = {t.get("id") for t in tags if t.get("id")}
    prefixes: dict[int, str] = {}
    changed: dict[int, Tag] = {}
    missing: list[tuple[str, str]] = []

    def rewrite(tag: Tag, before: str = "") -> None:
        changed[tag.start] = tag
        prefixes[tag.start] = prefixes.get(tag.start, "") + before

    # Checkboxes may not carry autocomplete (Nu validator); an empty form with autocomplete="off"
    # owning them keeps what it was for: Firefox does not restore an open drawer on reload.
    toggles = [t for t in tags if t.name == "input" and t.get("type") == "checkbox" and t.has("autocomplete")]
    for n, tag in enumerate(toggles):
        tag.attrs = [(k, v) for k, v in tag.attrs if k != "autocomplete"] + [("form", TOGGLE_FORM)]
        rewrite(tag, f'<form id="{TOGGLE_FORM}" autocomplete="off" hidden></form>\n    ' if n == 0 else "")
    if "__drawer" not in ids:
        missing.append((TOGGLES, 'the drawer toggle <input id="__drawer">'))

    # Screen readers announce a dialog by its name (axe: aria-dialog-name).
    dialogs = [t for t in tags if t.get("role") == "dialog" and "md-search" in t.classes()]
    query = next((t for t in tags if "md-search__input" in t.classes()), None)
    for dialog in dialogs:
        if not dialog.has("aria-label") and not dialog.has("aria-labelledby"):
            name = (query.get("aria-label") or query.get("placeholder")) if query else None
            if not name:
                missing.append((DIALOG, 'the search box <input class="md-search__input" aria-label="...">'))
                continue
            dialog.attrs.append(("aria-label", name))
            rewrite(dialog)
    if search and not dialogs:
        missing.append((DIALOG, 'the search dialog <div class="md-search" role="dialog">'))

    for tag in tags:
        if tag.get("tabindex") == "":  # Nu validator: not an integer
            tag.attrs = [(k, v) for k, v in tag.attrs if k != "tabindex"]
            rewrite(tag)
        if tag.name == "label" and tag.get("for") and tag.get("for") not in ids:  # Nu: must name a control
            tag.attrs = [(k, v) for k, v in tag.attrs if k != "for"]
            rewrite(tag)

    # A section's landmark is named by its toggle's label, which holds only an icon when the
    # section has an index page: every section's name is then empty, the same for all (axe:
    # landmark-unique). Its title, the label of the same toggle inside the section, names it.
    labels = {t.get("id"): t for t in tags if t.name == "label" and t.get("id")}
    titles = {t.get("for"): " ".join(t.text.split()) for t in tags if "md-nav__title" in t.classes() and t.get("for")}
    for nav in (t for t in tags if t.name == "nav" and t.get("aria-labelledby")):
        label = labels.get(nav.get("aria-labelledby"))
        if label is None or label.text.strip():
            continue
        title = titles.get(label.get("for"))
        if not title:
            missing.append((NAVS, f'the title <label class="md-nav__title" for="{label.get("for")}"> of a section'))
            continue
        nav.attrs = [("aria-label", title) if k == "aria-labelledby" else (k, v) for k, v in nav.attrs]
        rewrite(nav)

    edits = [(start, tag.end, prefixes[start] + tag.html()) for start, tag in changed.items()]
    if material_worker is not None:
        edit = _use_our_worker(page, found.config, material_worker)
        if edit is None:
            missing.append((WORKER, f'Material\'s search worker "{material_worker}" in <script id="__config">'))
        else:
            edits.append(edit)
    return Result(_apply(page, edits), missing)


def _apply(page: str, edits: list[tuple[int, int, str]]) -> str:
    parts, at = [], 0
    for start, end, text in sorted(edits):
        parts += [page[at:start], text]
        at = end
    return "".join(parts) + page[at:]


def _use_our_worker(page: str, config: tuple[int, int] | None, worker: str) -> tuple[int, int, str] | None:
    """Material's configuration pointed at our worker, beside its own (ours imports it)."""
    if config is None:
        return None
    start, end = config
    text = page[start:end]
    try:
        config = json.loads(text)
    except ValueError:
        return None
    address = config.get("search") if isinstance(config, dict) else None
    if not isinstance(address, str) or address.rsplit("/", 1)[-1] != worker:
        return None
    old = json.dumps(address)
    if text.count(old) != 1:
        return None
    ours = json.dumps(address.rsplit("/", 1)[0] + "/" + SEARCH_WORKER)
    return start, end, text.replace(old, ours)


def material_search_worker(theme_dir: Path) -> str | None:
    """The file name of Material's search worker (``search.<hash>.min.js``), found among its assets:
    the hash changes with Material's releases."""
    found = sorted(p.name for p in (theme_dir / "assets/javascripts/workers").glob("search.*.min.js"))
    return found[0] if len(found) == 1 else None


def search_worker(template: str, material_worker: str) -> str:
    """Our worker's script, importing Material's by its file name."""
    if template.count(WORKER_PLACEHOLDER) != 1:
        raise ValueError(f"the search worker must name {WORKER_PLACEHOLDER} once")
    return template.replace(WORKER_PLACEHOLDER, material_worker)
