"""The whole core in one call: briefings folder → validated briefings → pages."""

from __future__ import annotations

from pathlib import Path

from . import schema
from .provenance import STALE_AFTER_DAYS
from .rendering import Site, make_environment, render_site, template_dirs
from .validation import load_site


def generate(briefings: Path, templates: Path | None = None, *, base: Path | None = None, home: bool = True,
             stale_after_days: int = STALE_AFTER_DAYS, directory_urls: bool = True, site_url: str | None = None) -> Site:
    """Every page and data file of the site (each briefing's ``briefing.json``, the format's JSON
    Schemas), or :class:`~generator.errors.BriefingError` listing every problem."""
    loaded = load_site(briefings, base)
    env = make_environment(template_dirs(templates))
    site = render_site(loaded, env, home=home, stale_after_days=stale_after_days, directory_urls=directory_urls, site_url=site_url,
                       base=base)
    site.files.update(schema.files())
    return site


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
