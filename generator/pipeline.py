"""The whole core in one call: briefings folder → validated briefings → pages."""

from __future__ import annotations

from pathlib import Path

from .rendering import Site, make_environment, render_site, template_dirs
from .validation import load_site


def generate(briefings: Path, templates: Path | None = None, *, base: Path | None = None, home: bool = True) -> Site:
    """Every page of the site, or :class:`~generator.errors.BriefingError` listing every problem."""
    loaded = load_site(briefings, base)
    env = make_environment(template_dirs(templates))
    return render_site(loaded, env, home=home)


def write_pages(site: Site, out: Path) -> list[Path]:
    """Write the pages as plain Markdown files under ``out``, for another engine to build."""
    written = []
    contents = {**{path: page.markdown for path, page in site.pages.items()}, **site.files}
    for path, text in contents.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
