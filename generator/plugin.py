"""The MkDocs plugin: a thin adapter that adds the generated pages to a build, in memory."""

from __future__ import annotations

import gc
import os
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from . import material_fixes, pagefind, stash
from .errors import BriefingError
from .escaping import escape_attr, page_title
from .pipeline import STYLESHEETS, generate
from .provenance import STALE_AFTER_DAYS
from .readcache import ReadCache
from .rendering import Site

log = get_plugin_logger("briefing")
"""mkdocs.plugins.briefing: its warnings fail `mkdocs build --strict`."""

ASSETS = Path(__file__).parent / "assets"
SEARCH_WORKER = "assets/javascripts/workers/" + material_fixes.SEARCH_WORKER
PAGEFIND_COUNT = "assets/javascripts/briefing-pagefind-count.js"
"""The script that puts the number of pages Pagefind matched in Material's count of results."""
"""Beside Material's worker, which it imports by a relative address."""


class BriefingConfig(base.Config):
    briefings = c.Type(str, default="briefings")
    """Folder holding the briefings, one sub-folder each; relative to `mkdocs.yml`."""
    templates = c.Type(str, default="templates")
    """Folder of Jinja templates that override the built-in ones by file name; relative to
    `mkdocs.yml`. It may be missing or hold only the templates you change."""
    home = c.Type(bool, default=True)
    """Generate the site's home page listing the briefings, unless the docs folder has an `index.md`."""
    stale_after_days = c.Type(int, default=STALE_AFTER_DAYS)
    """A fact whose `as_of` is more than this many days before its briefing's `updated` is marked
    "possibly out of date". 30 by default: a month, in situations that change week by week."""
    search = c.Choice(pagefind.BACKENDS, default="material")
    """What answers the search box: `material`, Material's own search, whose one index of every
    page's text the browser downloads before the first result (0.7 MB gzipped at 1,000
    entities); or `pagefind`, an index split by word that a search fetches in small pieces, for
    large briefings. Needs Material's `search` plugin, which keeps the search box."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Generates a page per force, mission, authority and source, and each briefing's views."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.root = Path.cwd()
        self.material: str | None = None
        """Material's version when it is the theme: its pages get generator/material_fixes.py."""
        self.material_worker: str | None = None
        self.search = False
        self.reported: set[str] = set()
        self.held: dict[str, stash.Held] = {}
        """Each generated page's pre-built HTML, by its path, until the page is written."""
        self.cache: ReadCache | None = None
        """What each briefing file gave, kept between `mkdocs serve`'s rebuilds (not for one build:
        it would keep the briefings' objects alive through it)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Its presence keeps this instance, and :attr:`cache`, across `mkdocs serve`'s rebuilds."""
        self.cache = ReadCache() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        if isinstance(self.config.stale_after_days, bool) or self.config.stale_after_days < 0:
            raise PluginError(f"briefing: stale_after_days must be a whole number of days, 0 or more, got {self.config.stale_after_days}")
        for css in STYLESHEETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        self.material = _material_version(config)
        self.search = "material/search" in config.plugins and bool(config.plugins["material/search"].config.enabled)
        if self.config.search == "pagefind" and (self.material is None or not self.search):
            raise PluginError("briefing: search: pagefind answers Material's search box: it needs the material theme "
                              "and the search plugin in mkdocs.yml")
        if self.config.search == "pagefind" and PAGEFIND_COUNT not in config.extra_javascript:
            config.extra_javascript.append(PAGEFIND_COUNT)

    def _dir(self, name: str) -> Path:
        return (self.root / name).resolve()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.reported, self.held = set(), {}  # the instance lives through `serve`: each build starts afresh
        # Before MkDocs cleans the site folder: a bad briefing leaves the last good site in place.
        try:
            self.site = generate(self._dir(self.config.briefings), self._dir(self.config.templates), base=self.root,
                                 home=self.config.home, stale_after_days=self.config.stale_after_days,
                                 directory_urls=config.use_directory_urls, site_url=config.site_url or None,
                                 hold_html=True, cache=self.cache)
        except BriefingError as e:
            raise PluginError(f"The briefings or their templates have problems:\n{e}") from None

        for line in self.site.log if self.site else []:
            log.info(line)
        gc.collect()  # the briefings' objects, before MkDocs builds every page on top of them

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        docs_dir = Path(config.docs_dir)
        for css, source in STYLESHEETS.items():
            files.append(File.generated(config, css, abs_src_path=str(source)))
        if PAGEFIND_COUNT in config.extra_javascript:
            files.append(File.generated(config, PAGEFIND_COUNT, abs_src_path=str(ASSETS / "pagefind-count.js")))
        self.material_worker = None
        if self.material is not None and self.search:
            self.material_worker = _material_worker(config)
            if self.material_worker is None:
                self._missing(material_fixes.WORKER, "Material's search worker (assets/javascripts/workers/search.*.min.js)")
            else:
                if self.config.search == "pagefind":
                    worker = pagefind.worker((ASSETS / "pagefind-worker.js").read_text(encoding="utf-8"))
                else:
                    worker = material_fixes.search_worker((ASSETS / "search-worker.js").read_text(encoding="utf-8"),
                                                          self.material_worker)
                files.append(File.generated(config, SEARCH_WORKER, content=worker))
        for path, page in self.site.pages.items():
            if files.get_file_from_path(path) is not None:
                if path == "index.md":
                    continue  # the docs folder's own home page wins
                raise PluginError(f"{docs_dir.name}/{path} is also a generated page; rename or remove that file")
            in_nav = InclusionLevel.INCLUDED if path == "index.md" else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=page.markdown, inclusion=in_nav)
            file.edit_uri = Path(os.path.relpath(self.root / page.source, docs_dir)).as_posix()
            files.append(file)
            if page.held is not None:
                self.held[path] = page.held
        self.site.pages = {}  # MkDocs' files hold the Markdown now
        for path, text in self.site.files.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each briefing as a section of its index pages only: Material renders the whole nav
        into every page, so listing every entity would make the build quadratic."""
        assert self.site is not None
        if config.nav is not None:
            return nav  # the author wrote the navigation themselves
        sections = []
        for outline in self.site.nav:
            pages = [files.get_file_from_path(path).page for _, path in outline.items]  # type: ignore[union-attr]
            section = Section(page_title(outline.title), pages)  # type: ignore[arg-type]  # the theme prints it raw
            for page in pages:
                page.parent = section
            prefix = outline.items[0][1].split("/")[0] + "/"
            for file in files.documentation_pages():
                if file.src_uri.startswith(prefix) and file.page is not None and file.page.parent is None:
                    file.page.parent = section  # entity pages open their briefing's section
            sections.append(section)
        first = 1 if nav.items and isinstance(nav.items[0], Page) and nav.items[0].is_homepage else 0
        nav.items[first:first] = sections
        nav.pages = [p for p in _pages(nav.items)]
        for a, b in zip(nav.pages, nav.pages[1:]):
            a.next_page, b.previous_page = b, a
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is not None and page.file.src_uri in self.held:
            page.file.content_string = ""  # the page has its Markdown: one copy is enough
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's fields back in its HTML before the search plugin indexes it (on_page_context);
        its decoration waits for :meth:`on_post_page`. MkDocs needs the Markdown no more."""
        held = self.held.get(page.file.src_uri)
        if held is None:
            return html
        page.markdown = ""
        html = stash.resolve(html, held, search=True)
        held.searched.clear()
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Material's fixes concern the theme's markup around the content: the content (most of a
        page, and ours) is left out of the scan, and its decoration put back after."""
        held = self.held.pop(page.file.src_uri, None)
        content = page.content or ""
        at = output.find(content) if content else -1
        if at < 0:
            output = self._fix(output, page.file.dest_uri)
            output = stash.resolve(output, held, search=False) if held else output
        else:
            marker = f"<!--briefing-content-{stash.new_key()}-->"
            fixed = self._fix(output[:at] + marker + output[at + len(content):], page.file.dest_uri)
            output = fixed.replace(marker, stash.resolve(content, held, search=False) if held else content, 1)
        output = self._feed_link(output, page, config)
        if self.config.search == "pagefind":
            marked = pagefind.mark_page(output)
            if marked is None:
                self._missing("pagefind", f"{pagefind.ARTICLE} is not on {page.file.dest_uri}")
            output = marked or output
        return output

    @event_priority(-100)  # after Material's search plugin has written its index, which this empties
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search == "pagefind":
            try:
                pagefind.write_index(Path(config.site_dir))
            except pagefind.PagefindError as e:
                raise PluginError(f"briefing: Pagefind could not index the site:\n{e}") from None

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._fix(output_content, template_name) if template_name.endswith(".html") else output_content

    def _fix(self, html: str, where: str) -> str:
        if self.material is None:
            return html
        result = material_fixes.fix_page(html, search=self.search, material_worker=self.material_worker)
        for fix, looked_for in result.missing:
            self._missing(fix, f"{looked_for} is not on {where}")
        return result.html

    def _missing(self, fix: str, detail: str) -> None:
        """Once per fix and build, as a warning: `--strict` fails rather than publish without it."""
        if fix not in self.reported:
            self.reported.add(fix)
            log.warning(f"Material {self.material}: the fix '{fix}' cannot be applied: {detail}")

    def _feed_link(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Every page of a briefing names its feed of changes, for feed readers to find."""
        assert self.site is not None
        briefing = page.file.src_uri.split("/")[0]
        feed = f"{briefing}/feed.xml"
        if feed not in self.site.files or "</head>" not in output:
            return output
        href = posixpath.relpath(feed, posixpath.dirname(page.url) or ".") if not config.site_url else config.site_url.rstrip("/") + "/" + feed
        titles = {outline.items[0][1].split("/")[0]: outline.title for outline in self.site.nav if outline.items}
        title = escape_attr(f"{titles.get(briefing, briefing)}: what's new")
        # "alternate feed", not "alternate" alone: Material's script takes every rel="alternate" for
        # another language of the site and fetches a sitemap.xml beside it
        link = f'<link rel="alternate feed" type="application/atom+xml" title="{title}" href="{escape_attr(href)}">'
        return output.replace("</head>", f"{link}\n</head>", 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> None:
        for name in (self.config.briefings, self.config.templates):
            if self._dir(name).exists():
                server.watch(str(self._dir(name)))


def _material_version(config: MkDocsConfig) -> str | None:
    if config.theme.name != "material":
        return None
    try:
        from material import __version__
    except ImportError:
        return None
    return __version__


def _material_worker(config: MkDocsConfig) -> str | None:
    """Material's search worker's file name, from the theme folder that serves its assets."""
    for folder in reversed(config.theme.dirs):
        name = material_fixes.material_search_worker(Path(folder))
        if name is not None:
            return name
    return None


def _pages(items: list[Any]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        elif isinstance(item, Section):
            out.extend(_pages(item.children))
    return out
