"""Resolved briefings → pages (``{path: Markdown}``) through the Jinja templates.

Nothing here knows MkDocs: the pages are plain Markdown with YAML front matter and relative
``.md`` links, which MkDocs, ProperDocs or another engine turns into a site.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import export, feed, fields, listings, resolved, stash
from .abbreviations import definitions
from .changes import Changes
from .errors import BriefingError, Problem
from .escaping import page_title
from .filters import target_names
from .highlight import document_body
from .jsonld import PageContext, jsonld_script
from .notes import Notes
from .provenance import STALE_AFTER_DAYS, Provenance
from .reading import display
from .resolved import KIND_TITLES, KINDS
from .search_terms import (
    entity_boost,
    entity_terms,
    names_heading,
    terms_block,
    title_terms,
)
from .urls import addresses, path_of

GUIDE = "guide.md"
"""The authors' guide, "How this briefing is made", linked from the home page."""


@dataclass
class Page:
    """One generated page: its Markdown and the file an editor should open to change it."""

    markdown: str
    source: str
    title: str
    held: stash.Held | None = None
    """The page's pre-built HTML when its Markdown carries placeholders (the plugin's pages)."""


@dataclass
class NavSection:
    """A briefing's entry in the navigation: only sections and index pages, never every entity."""

    title: str
    items: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Site:
    """What a build adds to the site: Markdown pages, other files (data, schemas), the nav outline."""

    pages: dict[str, Page]
    nav: list[NavSection]
    files: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    """What the build log should say once (e.g. that What's new has no repository history)."""


# pages -----------------------------------------------------------------------------------

WHATS_NEW = "whats-new.md"
"""Each briefing's page of changes, ``<briefing>/whats-new/``."""

_PAGE_TEMPLATES = {"overview": "overview.md.j2", "figures": "figures.md.j2", "timeline": "timeline.md.j2",
                   "questions": "questions.md.j2", "kind_index": "kind-index.md.j2", "entity": "entity.md.j2",
                   "sources": "sources.md.j2", "source": "source.md.j2", "home": "home.md.j2",
                   "disagreements": "disagreements.md.j2", "corrections": "corrections.md.j2",
                   "tags": "tags.md.j2", "guide": "guide.md.j2", "whats_new": "whats-new.md.j2", "part": "part.md.j2"}


def template_problem(error: Exception, dirs: list[str], base: Path) -> Problem | None:
    """A mistake in a template (often a user's copy) as a problem at its line, or ``None`` when
    the error did not arise in a template.

    Jinja rewrites a traceback so that its frames carry the template's file and line: the
    innermost such frame is where the mistake is.
    """
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Problem(display(Path(error.filename), base), error.lineno or 1, 1, f"template syntax error: {error.message}")
    frames = [(frame.f_code.co_filename, line) for frame, line in traceback.walk_tb(error.__traceback__)
              if any(Path(frame.f_code.co_filename).is_relative_to(d) for d in dirs)]
    if not frames:
        return None
    filename, line = frames[-1]
    words = {jinja2.UndefinedError: "undefined", jinja2.TemplateNotFound: "template not found"}.get(type(error), "template error")
    message = str(error) if isinstance(error, jinja2.TemplateError) else f"{type(error).__name__}: {error}"
    return Problem(display(Path(filename), base), line, 1, f"{words}: {message}")


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's writer where PyYAML has it: a page's front matter is written for every page."""


class _Renderer:
    def __init__(self, env: jinja2.Environment, briefings: list[resolved.Briefing], *, stale_after_days: int = STALE_AFTER_DAYS,
                 directory_urls: bool = True, site_url: str | None = None, base: Path | None = None, hold_html: bool = False):
        self.env = env
        self.hold_html = hold_html
        self.key = stash.new_key()
        self.site_url = site_url
        self.briefings = briefings
        self.pages: dict[str, Page] = {}
        self.provenance = {b.id: Provenance(b, stale_after_days) for b in briefings}
        self.directory_urls = directory_urls
        self.base = base or Path.cwd()
        self.problems: list[Problem] = []
        self.templates: dict[str, jinja2.Template] = {}
        self.changes: dict[str, Changes] = {}
        for key, name in _PAGE_TEMPLATES.items():
            try:
                self.templates[key] = env.get_template(name)
            except jinja2.TemplateError as e:
                self.failed(e)
        self.permalinks = addresses("index.md", directory_urls=directory_urls, site_url=site_url)
        """Addresses for citations a reader copies elsewhere: absolute, or from the site's root."""

    def failed(self, error: Exception) -> None:
        """Remember a template's mistake, so that every template's are listed at once."""
        dirs = [str(d) for d in getattr(self.env.loader, "searchpath", [])]
        problem = template_problem(error, dirs, self.base)
        if problem is None:
            raise error
        self.problems.append(problem)

    def page(self, template: str, path: str, source: str, title: str, description: str, *, boost: float | None = None,
             briefing: resolved.Briefing | None = None, search_terms: str = "", aliases: str = "", **context: Any) -> None:
        if template not in self.templates:
            return  # it did not load; its problem is listed
        where = addresses(path, directory_urls=self.directory_urls, site_url=self.site_url)
        notes = Notes(where if self.site_url else None)
        held = stash.Held(self.key)
        try:
            body = self.templates[template].render(page_path=path, briefing=briefing, briefings=self.briefings,
                                                   provenance=self.provenance[briefing.id] if briefing else None,
                                                   directory_urls=self.directory_urls, notes=notes, stash=held,
                                                   permalinks=self.permalinks, **context)
        except Exception as e:  # a user's template may fail in any way; template_problem says where
            self.failed(e)
            return
        if search_terms:
            body = _into_first_section(body, search_terms)
        for block in (held.put(notes.block(), search=False), aliases):
            if block:
                body = f"{body.rstrip()}\n\n{block}\n"
        names = target_names(briefing) if briefing else {}
        plain = _plain(description, names)
        meta: dict[str, Any] = {"title": page_title(title), "description": page_title(plain)}
        if boost:
            meta["search"] = {"boost": boost}
        front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        jsonld = held.put(jsonld_script(PageContext(
            template, path, title, plain, briefing, self.briefings, where, lambda text: _plain(text, names), context)), search=False)
        if not self.hold_html:
            body, jsonld, held = stash.inline(body, held), stash.inline(jsonld, held), None
        # the short names Markdown reads: a field's HTML, when held back, carries its own tooltips
        abbreviations = definitions(body, briefing) if briefing is not None else ""
        self.pages[path] = Page(f"---\n{front}---\n\n{body.rstrip()}\n\n{jsonld}\n{abbreviations}", source, title, held)

    def briefing(self, b: resolved.Briefing) -> NavSection:
        p, about = b.id, f" of the briefing {b.meta.title}"
        section = NavSection(b.meta.title)
        provenance = self.provenance[b.id]
        # first: they say on which page each event and question is, for every link to one
        events, questions = listings.timeline(b), listings.questions(b)

        def view(template: str, path: str, source: str, title: str, description: str, listing: listings.Listing | None = None,
                 **context: Any) -> None:
            self.page(template, f"{p}/{path}", source, title, description, briefing=b,
                      parts=listing.parts if listing else [], **context)
            section.items.append((title, f"{p}/{path}"))
            if listing is not None:
                self.parts(listing, b, source, description)

        view("overview", "index.md", f"{b.source}/briefing.yml", b.meta.title, b.meta.summary, boost=1.5)
        if b.id in self.changes:
            view("whats_new", WHATS_NEW, f"{b.source}/briefing.yml", "What's new",
                 f"What changed{about}, newest first: facts, events, questions and sources added, corrected or retracted.",
                 listings.whats_new(b, self.changes[b.id], WHATS_NEW), changes=self.changes[b.id])
        view("figures", "figures.md", f"{b.source}/briefing.yml", "Key figures", f"Key figures{about}, each with its source.",
             listings.figures(b))
        view("disagreements", "disagreements.md", f"{b.source}/briefing.yml", "Where sources disagree",
             f"Figures{about} on which its sources disagree, shown side by side.", listings.disagreements(b, provenance))
        view("corrections", "corrections.md", b.source, "Corrections",
             f"Facts{about} that were corrected or retracted, newest first.", listings.corrections(b))
        view("timeline", "timeline.md", f"{b.source}/events.yml", "Timeline", f"Events{about} in date order, each with its source.",
             events)
        view("questions", "questions.md", f"{b.source}/questions.yml", "Open questions", f"What is not yet known{about}.",
             questions)
        for kind, folder in KINDS.items():
            entities = b.of_kind(kind)
            view("kind_index", f"{folder}/index.md", f"{b.source}/{folder}.yml", KIND_TITLES[kind], f"{KIND_TITLES[kind]}{about}.",
                 listings.kind_index(b, kind), kind=kind, entities=entities)
            for e in entities:
                title = f"{e.name} ({e.short})" if e.short else e.name
                self.page("entity", path_of(e), e.source, title, e.model.summary, briefing=b, entity=e,
                          title_terms=title_terms(e), boost=entity_boost(e), search_terms=terms_block(entity_terms(e)), aliases=names_heading(e))
        tagged, per_tag = listings.tags(b)
        view("tags", "tags.md", _tags_source(b), "Tags", f"The forces, missions and legal authorities{about}, grouped by tag.",
             tagged, per_tag=per_tag)
        outside = listings.outside_sources(b)
        view("sources", "sources/index.md", _sources_source(b), "Sources", f"The source documents{about}.", listings.sources(b),
             outside=outside)
        self.parts(outside, b, _sources_source(b), f"The outside pages cited in the briefing {b.meta.title}, which the build cannot check.")
        for doc in b.documents.values():
            self.page("source", path_of(doc), doc.source, doc.title, f"Source document{about}: {doc.title}", briefing=b,
                      document=doc, body=document_body(doc))
        return section

    def parts(self, listing: listings.Listing, b: resolved.Briefing, source: str, description: str) -> None:
        """The pages of a split list, each reached from its view's page (not from the navigation)."""
        for part in listing.parts:
            previous, following = listing.neighbours(part)
            self.page("part", part.path, source, f"{listing.index.title}: {part.title}",
                      f"{description} Part: {part.title}.", briefing=b, listing=listing, part=part,
                      previous=previous, following=following, **listing.context)


def _tags_source(b: resolved.Briefing) -> str:
    """The file holding the tag listed first (its first entity's YAML file): a page gathered from
    several files opens the one its top comes from; ``briefing.yml`` while nothing has a tag."""
    groups = b.tag_groups
    return groups[0].entities[0].source if groups else f"{b.source}/briefing.yml"


def _sources_source(b: resolved.Briefing) -> str:
    """The document listed first, whose front matter gives its line: a folder cannot be edited."""
    return next((d.source for d in b.documents.values()), f"{b.source}/briefing.yml")


_SECOND_HEADING = re.compile(r"^#{2,6} ", re.M)


def _into_first_section(body: str, block: str) -> str:
    """``block`` at the end of the page's first section (before its first sub-heading), which is
    the part of the page that site search ranks highest."""
    match = _SECOND_HEADING.search(body)
    at = match.start() if match else len(body)
    return f"{body[:at].rstrip()}\n\n{block}\n\n{body[at:]}"


def render_site(briefings: list[resolved.Briefing], env: jinja2.Environment, *, home: bool = True,
                stale_after_days: int = STALE_AFTER_DAYS, directory_urls: bool = True, site_url: str | None = None,
                base: Path | None = None, changes: dict[str, Changes] | None = None, hold_html: bool = False) -> Site:
    """Every page of the site, each briefing's ``briefing.json``, and the navigation outline.

    A mistake in a template raises :class:`BriefingError` at the template's line (paths relative
    to ``base``). ``hold_html``: pre-built HTML stays out of the pages' Markdown (:mod:`generator.stash`),
    for the plugin to put back after Markdown. ``directory_urls`` says how the engine will name the pages (``x/`` or ``x.html``), for the
    links of pictures and data, which are raw HTML and JSON that engines do not rewrite; with a
    ``site_url`` those links are absolute.
    """
    renderer = _Renderer(env, briefings, stale_after_days=stale_after_days, directory_urls=directory_urls, site_url=site_url,
                         base=base, hold_html=hold_html)
    renderer.changes = changes or {}
    nav = [renderer.briefing(b) for b in briefings]
    if home:
        # the home page shows each briefing's title, date and summary: its edit link opens the first's briefing.yml
        renderer.page("home", "index.md", f"{briefings[0].source}/briefing.yml", "Briefings",
                      "Briefings: " + "; ".join(b.meta.title for b in briefings),
                      briefing=briefings[0] if len(briefings) == 1 else None)
    renderer.page("guide", GUIDE, "templates/guide.md.j2", "How this briefing is made",
                  "How the briefings on this site are made and checked: documents kept verbatim, every fact tied to a quote in one.",
                  stale_after_days=stale_after_days, **_guide_example(briefings))
    if renderer.problems:
        raise BriefingError(renderer.problems)
    files = {f"{b.id}/briefing.json": export.briefing_json(b, addresses(f"{b.id}/briefing.json", directory_urls=directory_urls,
                                                                        site_url=site_url)) for b in briefings}
    for b in briefings:
        for split in ([ev for ev in b.events if ev.page], [q for q in b.questions if q.page]):
            if split:
                path, anchors = listings.moved_anchors(split, directory_urls=directory_urls)
                files[path] = export.dumps(anchors) + "\n"
        if b.id in renderer.changes:
            where = addresses(f"{b.id}/feed.xml", directory_urls=directory_urls, site_url=site_url)
            files[f"{b.id}/feed.xml"] = feed.atom(b, renderer.changes[b.id], where, page=f"{b.id}/{WHATS_NEW}")
    return Site(renderer.pages, nav, files)


def _guide_example(briefings: list[resolved.Briefing]) -> dict[str, Any]:
    """A fact of the site citing a document, to show on the guide how a citation works."""
    for b in briefings:
        for e in b.entities.values():
            for f in e.facts:
                for c in f.citations:
                    if c.quote is not None:
                        return {"example": f, "citation": c}
    return {"example": None, "citation": None}


def _plain(text: str, names: dict[str, str]) -> str:
    """A Markdown field as one plain line, for a meta description."""
    plain = fields.plain_text(text, names)
    return plain if len(plain) <= 200 else plain[:199].rsplit(" ", 1)[0] + "…"
