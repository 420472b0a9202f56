"""The whole core in one call: briefings folder → validated briefings → pages."""

from __future__ import annotations

from pathlib import Path

import yaml

from . import heap, history, model, resolved, schema
from .changes import changes
from .escaping import page_title
from .filters import make_environment, template_dirs
from .provenance import STALE_AFTER_DAYS
from .readcache import ReadCache
from .rendering import Site, render_site
from .validation import load_site

ASSETS = Path(__file__).parent / "assets"
STYLESHEETS = {"assets/briefing/briefing.css": ASSETS / "briefing.css", "assets/briefing/a11y.css": ASSETS / "a11y.css"}
"""The site's stylesheets, by their address in the site."""
NAV_FILE = ".nav.yml"


def generate(briefings: Path, templates: Path | None = None, *, base: Path | None = None, home: bool = True,
             stale_after_days: int = STALE_AFTER_DAYS, directory_urls: bool = True, site_url: str | None = None,
             hold_html: bool = False, cache: ReadCache | None = None) -> Site:
    """Every page and data file of the site (each briefing's ``briefing.json``, the format's JSON
    Schemas), or :class:`~generator.errors.BriefingError` listing every problem. ``hold_html``: the
    pages carry placeholders for their pre-built HTML (:mod:`generator.stash`), for the plugin.
    ``cache`` keeps what each file gave for the next call (`mkdocs serve`): only files that changed
    are read again."""
    loaded = load_site(briefings, base, cache)
    env = make_environment(template_dirs(templates))
    with heap.frozen():
        past = read_history(base or Path.cwd(), loaded)
        site = render_site(loaded, env, home=home, stale_after_days=stale_after_days, directory_urls=directory_urls, site_url=site_url,
                           changes={b.id: changes(b, past) for b in loaded}, base=base, hold_html=hold_html)
    if not past.available:
        site.log.append(f"What's new: {past.reason}; dates are the information's own (a fact's as_of, a document's publication)")
    site.files.update(schema.files())
    return site


def engine_files(site: Site) -> dict[str, str]:
    """What another engine needs beside the pages to build the site the plugin builds: our
    stylesheets, and the navigation (each briefing a section of its index pages, titled with the
    briefing's title) as a `.nav.yml` in each folder, the format of mkdocs-awesome-nav, which
    Zensical reads. MkDocs and Zensical publish no file whose name starts with a dot."""
    files = {path: source.read_text(encoding="utf-8") for path, source in STYLESHEETS.items()}
    top = ["index.md"] if "index.md" in site.pages else []
    for section in site.nav:
        folder = section.items[0][1].split("/")[0]
        top.append(folder)
        nav = [path.removeprefix(folder + "/") for _, path in section.items]
        files[f"{folder}/{NAV_FILE}"] = _yaml({"title": page_title(section.title), "nav": nav})
    files[NAV_FILE] = _yaml({"nav": top})
    return files


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def write_pages(site: Site, out: Path) -> list[Path]:
    """Write the pages as plain Markdown files under ``out``, with what another engine needs to
    build them (:func:`engine_files`)."""
    written = []
    contents = {**{path: page.markdown for path, page in site.pages.items()}, **site.files, **engine_files(site)}
    for path, text in contents.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def read_history(base: Path, briefings: list[resolved.Briefing]) -> history.History:
    """The repository's history of every briefing's YAML files and documents."""
    yaml_files = [f"{b.source}/{name}" for b in briefings for name in ("briefing.yml", *model.LIST_FILES)
                  if (base / b.source / name).is_file()]
    documents = [d.source for b in briefings for d in b.documents.values()]
    return history.read(base, yaml_files, documents)
