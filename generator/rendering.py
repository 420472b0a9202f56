"""Resolved briefings → pages (``{path: Markdown}``) through the Jinja templates.

Nothing here knows MkDocs: the pages are plain Markdown with YAML front matter and relative
``.md`` links, which MkDocs, ProperDocs or another engine turns into a site.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import charts, export, resolved
from .escaping import Md, escape_attr, escape_text, finalize, markdown_field, page_title, url
from .provenance import STALE_AFTER_DAYS, Provenance, Series, bounds
from .resolved import KIND_TITLES, KINDS
from .search_terms import entity_boost, entity_terms, names_heading, terms_block

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
"""Templates shipped in the package (copied from the repository's ``templates/`` when built)."""
REPO_TEMPLATES = Path(__file__).parent.parent / "templates"
"""The same templates in a source checkout, where the package is installed in place."""


@dataclass
class Page:
    """One generated page: its Markdown and the file an editor should open to change it."""

    markdown: str
    source: str
    title: str


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


def template_dirs(user_dir: Path | None) -> list[Path]:
    """Where templates are looked up: the user's folder first, then the shipped defaults."""
    dirs = [d for d in (user_dir, BUILTIN_TEMPLATES, REPO_TEMPLATES) if d is not None and d.is_dir()]
    return list(dict.fromkeys(d.resolve() for d in dirs))


def make_environment(dirs: list[Path]) -> jinja2.Environment:
    """The one template environment of a build; :func:`escaping.finalize` escapes every value."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        # finalize escapes every value for Markdown and HTML and marks it safe; autoescape only
        # makes Jinja keep what is already safe (filters' Md, macros' output) as it is.
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(link=_link, href=_href, md=_md, md_inline=_md_inline, href_url=url, cite=_cite, figure=format_figure,
                       chart=_chart, diagram=_diagram,
                       attr=lambda v: Md(escape_attr(v)), plural=_plural,
                       label=lambda v: str(v).replace("-", " ").capitalize())
    env.globals.update(KIND_TITLES=KIND_TITLES, KINDS=KINDS)
    return env


# where things live -----------------------------------------------------------------------

def path_of(obj: Any) -> str:
    """The page (and anchor) of anything a page may link to."""
    if isinstance(obj, resolved.Briefing):
        return f"{obj.id}/index.md"
    if isinstance(obj, resolved.Entity):
        return f"{obj.briefing_id}/{obj.folder}/{obj.id}.md"
    if isinstance(obj, resolved.Document):
        return f"{obj.briefing_id}/sources/{obj.id}.md"
    if isinstance(obj, resolved.Event):
        return f"{obj.briefing_id}/timeline.md#{obj.id}"
    if isinstance(obj, resolved.Question):
        return f"{obj.briefing_id}/questions.md#{obj.id}"
    if isinstance(obj, resolved.Fact):
        return f"{path_of(obj.subject)}#{obj.anchor}"
    raise TypeError(f"no page for {type(obj).__name__}")


def relative(target: str, page: str) -> str:
    """A link from ``page`` to ``target`` (both paths from the docs root, target maybe with #)."""
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(page) or ".") if path else ""
    if path and rel == posixpath.basename(page) and fragment and path == page:
        rel = ""
    return rel + (f"#{fragment}" if fragment else "")


# filters ---------------------------------------------------------------------------------

@jinja2.pass_context
def _href(ctx: Any, obj: Any) -> Md:
    return Md(relative(path_of(obj), ctx["page_path"]))


@jinja2.pass_context
def _link(ctx: Any, obj: Any, text: str | None = None) -> Md:
    name = text if text is not None else _name(obj)
    title = ""
    if isinstance(obj, resolved.Entity) and obj.short:
        title = f' "{escape_text(obj.short)}"'
    return Md(f"[{escape_text(name)}]({relative(path_of(obj), ctx['page_path'])}{title})")


def _name(obj: Any) -> str:
    if isinstance(obj, resolved.Briefing):
        return obj.meta.title
    if isinstance(obj, resolved.Entity):
        return obj.name
    if isinstance(obj, resolved.Document):
        return obj.title
    if isinstance(obj, resolved.Event):
        return obj.model.title
    if isinstance(obj, resolved.Question):
        return obj.model.question
    if isinstance(obj, resolved.Fact):
        return obj.text
    return str(obj)


@jinja2.pass_context
def _md(ctx: Any, text: str | None, briefing: resolved.Briefing | None = None) -> Md:
    return _markdown(ctx, text, briefing, inline=False)


@jinja2.pass_context
def _md_inline(ctx: Any, text: str | None, briefing: resolved.Briefing | None = None) -> Md:
    return _markdown(ctx, text, briefing, inline=True)


def _markdown(ctx: Any, text: str | None, briefing: resolved.Briefing | None, *, inline: bool) -> Md:
    """A Markdown field with its ``[[id]]`` links resolved in ``briefing`` (the page's by default)."""
    if not text:
        return Md("")
    briefing = briefing or ctx["briefing"]
    targets = _targets(briefing)

    def link(ident: str) -> str | None:
        obj = targets.get(ident)
        return _link(ctx, obj) if obj is not None else None

    return markdown_field(text, link, inline=inline)


def _names(briefing: resolved.Briefing) -> dict[str, str]:
    """Id → name of everything ``[[id]]`` may name, worked out once per briefing, not per page."""
    cached = getattr(briefing, "_names", None)
    if cached is None:
        cached = {k: _name(v) for k, v in _targets(briefing).items()}
        briefing._names = cached  # type: ignore[attr-defined]
    return cached


def _targets(briefing: resolved.Briefing) -> dict[str, Any]:
    cached = getattr(briefing, "_targets", None)
    if cached is None:
        cached = {**briefing.entities, **{e.id: e for e in briefing.events}, **{q.id: q for q in briefing.questions}}
        briefing._targets = cached  # type: ignore[attr-defined]
    return cached


@dataclass
class Notes:
    """A page's citations in the order they first appear, numbered for its printed footnotes.

    On paper a link leads nowhere: each citation prints a number, and the page ends with the
    numbered sources, their quoted words and addresses (hidden on screen). Material's tooltips
    take the quoted words out of a link's title once hovered, so they are written here. A
    document without an address of its own is given its passage's address on the published site,
    which only ``where`` (absolute, from ``site_url``) can tell: a relative one means nothing on paper.
    """

    where: export.Where | None = None
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def number(self, citation: resolved.Citation, label: str) -> int:
        where = citation.url or (citation.document.title if citation.document is not None else "")
        key = (where, citation.quote_text or "")
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            line = escape_text(label)
            if citation.document is not None and citation.label != citation.document.title:
                line += f", <em>{escape_text(citation.document.title)}</em>"
            if citation.quote_text:
                line += f": \u201c{escape_text(citation.quote_text)}\u201d"
            address = citation.url
            if address is None and self.where is not None and citation.quote is not None:
                address = self.where(citation.document, anchor=citation.quote.anchor)
            if address:
                line += f" &lt;{escape_text(address)}&gt;"
            self.lines.append(line)
        return self.numbers[key]

    def block(self) -> str:
        """The footnotes as HTML that only print shows (and site search skips)."""
        if not self.lines:
            return ""
        items = "".join(f"<li>{line}</li>" for line in self.lines)
        return f'<div class="briefing-print-notes" data-search-exclude=""><p><strong>Sources</strong></p><ol>{items}</ol></div>'


@jinja2.pass_context
def _cite(ctx: Any, citation: resolved.Citation) -> Md:
    """A citation as a link to its highlighted passage, labelled with the publisher (or the title)
    and the date; the quoted words are its title, which Material's ``content.tooltips`` shows on
    hover and on keyboard focus. An outside page, which the build cannot check, gets a badge."""
    when = f", {citation.published.human()}" if citation.published else ""
    label = escape_text(citation.label + when)
    hover = f' "{escape_text(citation.quote_text)}"' if citation.quote_text else ""
    notes: Notes | None = ctx.get("notes")
    note = "" if notes is None else \
        f'<sup class="briefing-note-ref" data-search-exclude="">{notes.number(citation, citation.label + when)}</sup>'
    if citation.document is not None and citation.quote is not None:
        target = relative(f"{path_of(citation.document)}#{citation.quote.anchor}", ctx["page_path"])
        return Md(f"[{label}]({target}{hover}){note}")
    badge = '<span class="briefing-badge briefing-badge--unverified">unverified outside source</span>'
    return Md(f"[{label}]({url(citation.url or '#')}{hover}){note} {badge}")


def format_figure(figure: Any) -> str:
    """``about 2,200 troops``, ``1,100–1,300 crossings per day``."""
    def num(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
    value = figure.value
    text = f"{num(value[0])}–{num(value[1])}" if isinstance(value, tuple) else num(value)
    return f"{'about ' if figure.approx else ''}{text} {figure.unit}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


# pictures --------------------------------------------------------------------------------

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


def addresses(here: str, *, directory_urls: bool, site_url: str | None = None) -> export.Where:
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
        to = page_url(path, directory_urls)
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


def _short_date(date: Any) -> str:
    human = date.human()
    return human if date.precision == "year" else " ".join(w[:3] if w.isalpha() else w for w in human.split())


@jinja2.pass_context
def _chart(ctx: Any, s: Series) -> Md:
    """A series of figures as a chart whose every mark links to its fact on the same page."""
    marks, label = [], {}
    for fact in s.facts:
        assert fact.figure is not None and fact.as_of is not None
        low, high = bounds(fact)
        when = fact.as_of.to_date()
        label.setdefault(when, _short_date(fact.as_of))
        marks.append(charts.Mark(when, low, high, f"{format_figure(fact.figure)}, as of {fact.as_of.human()}", f"#{fact.anchor}"))
    ident = "chart-" + hashlib.sha1(f"{s.entity.id} {s.unit}".encode()).hexdigest()[:8]
    values = "; ".join(f"{format_figure(f.figure)} as of {f.as_of.human()}" for f in s.facts if f.figure and f.as_of)
    title = f"{s.unit[:1].upper()}{s.unit[1:]} of {s.entity.name}, by date"
    return Md(charts.line_chart(marks, ident=ident, title=title, date_label=label,
                                description=f"{values}. The table below gives each figure with its sources.",
                                caption="A dot is one figure, a bar a range; each leads to its fact and sources."))


MAX_DIAGRAM_NODES = 60
"""Beyond this many entities a diagram is a tangle no one reads; the lists say the same."""
_COLUMNS = ("force", "mission", "authority")


@dataclass
class DiagramView:
    """A relationship diagram, what it shows in words, or why it is not drawn."""

    svg: Md
    connections: list[tuple[resolved.Entity, list[tuple[str, resolved.Entity]]]]
    too_many: int = 0


@jinja2.pass_context
def _diagram(ctx: Any, subject: resolved.Entity | resolved.Briefing) -> DiagramView:
    """How forces, missions and authorities connect: the whole briefing, or one entity's neighbours."""
    briefing: resolved.Briefing = ctx["briefing"]
    if isinstance(subject, resolved.Entity):
        near = briefing.links_by_entity.get(subject.id, [])
        members = {subject.id: subject, **{x.id: x for link in near for x in (link.source, link.target)}}
        between = {id(x): x for m in members for x in briefing.links_by_entity.get(m, [])
                   if x.source.id in members and x.target.id in members}
        links = sorted(between.values(), key=lambda x: briefing.link_rank[id(x)])
        ident, own = f"diagram-{subject.id}", subject
        title = f"How {subject.name} connects to other forces, missions and legal authorities"
    else:
        members, links, ident, own = dict(briefing.entities), briefing.links, "diagram-briefing", None
        title = f"How the forces, missions and legal authorities of {briefing.meta.title} connect"
    connections: dict[str, list[tuple[str, resolved.Entity]]] = {}
    for x in links:
        connections.setdefault(x.source.id, []).append((charts.EDGE_STYLES[x.kind][0], x.target))
    listed = [(briefing.entities[k], v) for k, v in connections.items()]
    if not links:
        return DiagramView(Md(""), listed)
    if len(members) > MAX_DIAGRAM_NODES:
        return DiagramView(Md(""), listed, len(members))
    ordered = _diagram_order(list(members.values()), links)
    nodes = [charts.Node(e.id, e.name, _COLUMNS.index(e.kind), None if e is own else
                         url_relative(path_of(e), ctx["page_path"], ctx["directory_urls"]),
                         f"{e.name} ({e.short})" if e.short else e.name) for e in ordered]
    edges = [charts.Edge(x.source.id, x.target.id, x.kind) for x in links]
    words = "; ".join(f"{e.name} {w} {o.name}" for e, ws in listed for w, o in ws)
    svg = charts.diagram([KIND_TITLES[k] for k in _COLUMNS], nodes, edges, ident=ident, title=title,
                         description=f"{words}.", caption="Each box leads to its page; the same connections are listed as text below.")
    return DiagramView(Md(svg), listed)


def _diagram_order(entities: list[resolved.Entity], links: list[resolved.Link]) -> list[resolved.Entity]:
    """Forces with their units below them; missions and authorities next to what they connect to,
    so that few lines cross. Ties go by name: the order never depends on the YAML's."""
    by_name = sorted(entities, key=lambda e: (e.name.casefold(), e.id))
    forces = [e for e in by_name if e.kind == "force"]
    parent = {x.source.id: x.target.id for x in links if x.kind == "part-of"}
    ids = {e.id for e in forces}
    children: dict[str | None, list[resolved.Entity]] = {}
    for e in forces:
        up = parent.get(e.id)
        children.setdefault(up if up in ids and up != e.id else None, []).append(e)
    ordered: list[resolved.Entity] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        e = stack.pop()
        if e not in ordered:
            ordered.append(e)
            stack.extend(reversed(children.get(e.id, [])))
    ordered += [e for e in forces if e not in ordered]  # a cycle validation has reported already
    for kind in ("mission", "authority"):
        rank = {e.id: i for i, e in enumerate(ordered)}

        def centre(e: resolved.Entity) -> float:
            near = [rank[o.id] for x in links for o in (x.source, x.target)
                    if e in (x.source, x.target) and o is not e and o.id in rank]
            return sum(near) / len(near) if near else float(len(rank))

        ordered += sorted((e for e in by_name if e.kind == kind), key=lambda e: (centre(e), e.name.casefold(), e.id))
    return ordered


# pages -----------------------------------------------------------------------------------

_PAGE_TEMPLATES = {"overview": "overview.md.j2", "figures": "figures.md.j2", "timeline": "timeline.md.j2",
                   "questions": "questions.md.j2", "kind_index": "kind-index.md.j2", "entity": "entity.md.j2",
                   "sources": "sources.md.j2", "source": "source.md.j2", "home": "home.md.j2",
                   "disagreements": "disagreements.md.j2",
                   "tags": "tags.md.j2"}


class _Renderer:
    def __init__(self, env: jinja2.Environment, briefings: list[resolved.Briefing], *, stale_after_days: int = STALE_AFTER_DAYS,
                 directory_urls: bool = True, site_url: str | None = None):
        self.env = env
        self.site_url = site_url
        self.briefings = briefings
        self.pages: dict[str, Page] = {}
        self.provenance = {b.id: Provenance(b, stale_after_days) for b in briefings}
        self.directory_urls = directory_urls
        self.templates = {k: env.get_template(v) for k, v in _PAGE_TEMPLATES.items()}

    def page(self, template: str, path: str, source: str, title: str, description: str, *, boost: float | None = None,
             briefing: resolved.Briefing | None = None, search_terms: str = "", aliases: str = "", **context: Any) -> None:
        where = addresses(path, directory_urls=self.directory_urls, site_url=self.site_url)
        notes = Notes(where if self.site_url else None)
        body = self.templates[template].render(page_path=path, briefing=briefing, briefings=self.briefings,
                                               provenance=self.provenance[briefing.id] if briefing else None,
                                               directory_urls=self.directory_urls, notes=notes, **context)
        if search_terms:
            body = _into_first_section(body, search_terms)
        for block in (notes.block(), aliases):
            if block:
                body = f"{body.rstrip()}\n\n{block}\n"
        names = _names(briefing) if briefing else {}
        plain = _plain(description, names)
        meta: dict[str, Any] = {"title": page_title(title), "description": page_title(plain)}
        if boost:
            meta["search"] = {"boost": boost}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        abbreviations = _abbreviations(body, briefing) if briefing is not None else ""
        jsonld = export.jsonld_script(export.PageContext(
            template, path, title, plain, briefing, self.briefings, where, lambda text: _plain(text, names), context))
        self.pages[path] = Page(f"---\n{front}---\n\n{body.rstrip()}\n\n{jsonld}\n{abbreviations}", source, title)

    def briefing(self, b: resolved.Briefing) -> NavSection:
        p, about = b.id, f" of the briefing {b.meta.title}"
        section = NavSection(b.meta.title)

        def view(template: str, path: str, source: str, title: str, description: str, **context: Any) -> None:
            self.page(template, f"{p}/{path}", source, title, description, briefing=b, **context)
            section.items.append((title, f"{p}/{path}"))

        view("overview", "index.md", f"{b.source}/briefing.yml", b.meta.title, b.meta.summary, boost=1.5)
        view("figures", "figures.md", f"{b.source}/briefing.yml", "Key figures", f"Key figures{about}, each with its source.")
        view("disagreements", "disagreements.md", f"{b.source}/briefing.yml", "Where sources disagree",
             f"Figures{about} on which its sources disagree, shown side by side.")
        view("timeline", "timeline.md", f"{b.source}/events.yml", "Timeline", f"Events{about} in date order, each with its source.")
        view("questions", "questions.md", f"{b.source}/questions.yml", "Open questions", f"What is not yet known{about}.")
        for kind, folder in KINDS.items():
            entities = b.of_kind(kind)
            view("kind_index", f"{folder}/index.md", f"{b.source}/{folder}.yml", KIND_TITLES[kind], f"{KIND_TITLES[kind]}{about}.",
                 kind=kind, entities=entities)
            for e in entities:
                title = f"{e.name} ({e.short})" if e.short else e.name
                self.page("entity", path_of(e), e.source, title, e.model.summary, briefing=b, entity=e,
                          boost=entity_boost(e), search_terms=terms_block(entity_terms(e)), aliases=names_heading(e))
        view("tags", "tags.md", b.source, "Tags", f"The forces, missions and legal authorities{about}, grouped by tag.")
        view("sources", "sources/index.md", f"{b.source}/documents", "Sources", f"The source documents{about}.")
        for doc in b.documents.values():
            self.page("source", path_of(doc), doc.source, doc.title, f"Source document{about}: {doc.title}", briefing=b,
                      document=doc, body=document_body(doc))
        return section


_SECOND_HEADING = re.compile(r"^#{2,6} ", re.M)


def _into_first_section(body: str, block: str) -> str:
    """``block`` at the end of the page's first section (before its first sub-heading), which is
    the part of the page that site search ranks highest."""
    match = _SECOND_HEADING.search(body)
    at = match.start() if match else len(body)
    return f"{body[:at].rstrip()}\n\n{block}\n\n{body[at:]}"


_TOKEN = re.compile(r"[\w.\-/&]+")


def _odd_shorts(briefing: resolved.Briefing) -> list[str]:
    """Short names that are not one token (e.g. with a space), looked for in the text itself."""
    cached = getattr(briefing, "_odd_shorts", None)
    if cached is None:
        cached = [s for s in briefing.abbreviations if not _TOKEN.fullmatch(s)]
        briefing._odd_shorts = cached  # type: ignore[attr-defined]
    return cached


def _abbreviations(body: str, briefing: resolved.Briefing) -> str:
    """Definitions for the short names this page uses, so that each becomes a tooltip.

    Only those used: Python-Markdown's abbr extension costs time per definition per page, and a
    briefing with a thousand short names would make every page pay for all of them.
    """
    shorts = briefing.abbreviations
    if not shorts:
        return ""
    tokens = set(_TOKEN.findall(body))
    for token in list(tokens):
        tokens.update(token.strip(".-/&").split("/"))
    used = [s for s in shorts if s in tokens] + [s for s in _odd_shorts(briefing) if s in body]
    # a short name the abbr extension cannot take (brackets, a backslash) would leave its line as
    # Markdown text, the full name with it: such a name gets no tooltip
    lines = "".join(f"*[{s}]: {escape_attr(shorts[s])}\n" for s in used if not re.search(r"[\[\]\n\\]", s))
    return "\n" + lines if lines else ""


def render_site(briefings: list[resolved.Briefing], env: jinja2.Environment, *, home: bool = True,
                stale_after_days: int = STALE_AFTER_DAYS, directory_urls: bool = True, site_url: str | None = None) -> Site:
    """Every page of the site, each briefing's ``briefing.json``, and the navigation outline.

    ``directory_urls`` says how the engine will name the pages (``x/`` or ``x.html``), for the
    links of pictures and data, which are raw HTML and JSON that engines do not rewrite; with a
    ``site_url`` those links are absolute.
    """
    renderer = _Renderer(env, briefings, stale_after_days=stale_after_days, directory_urls=directory_urls, site_url=site_url)
    nav = [renderer.briefing(b) for b in briefings]
    if home:
        renderer.page("home", "index.md", "briefings", "Briefings", "Briefings: " + "; ".join(b.meta.title for b in briefings),
                      briefing=briefings[0] if len(briefings) == 1 else None)
    files = {f"{b.id}/briefing.json": export.briefing_json(b, addresses(f"{b.id}/briefing.json", directory_urls=directory_urls,
                                                                        site_url=site_url)) for b in briefings}
    return Site(renderer.pages, nav, files)


_MD_MARKUP = re.compile(r"\[\[([^\]]*)\]\]|!?\[([^\]]*)\]\([^)]*\)|[*_`#>]")


def _plain(text: str, names: dict[str, str]) -> str:
    """A Markdown field as one plain line, for a meta description."""
    plain = _MD_MARKUP.sub(lambda m: names.get(m.group(1) or "", m.group(1)) or m.group(2) or "", text)
    plain = " ".join(plain.split())
    return plain if len(plain) <= 200 else plain[:199].rsplit(" ", 1)[0] + "…"


# a document's text with its cited passages highlighted -----------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def document_body(doc: resolved.Document) -> Md:
    """The text as published, paragraph by paragraph, each cited passage marked and anchored."""
    text = doc.body
    quotes = doc.quotes_in_order()
    cuts = sorted({0, len(text), *(q.start for q in quotes), *(q.end for q in quotes)})
    starts: dict[int, list[resolved.Quote]] = {}
    for q in quotes:
        starts.setdefault(q.start, []).append(q)
    paragraphs: list[list[str]] = [[]]
    for a, b in zip(cuts, cuts[1:]):
        marked = any(q.start <= a and b <= q.end for q in quotes)
        anchors = "".join(f'<span id="{q.anchor}" class="briefing-anchor"></span>' for q in starts.get(a, []))
        if anchors:
            paragraphs[-1].append(anchors)
        for piece in re.split(r"(\n[ \t]*\n\s*|\n)", text[a:b]):
            if not piece:
                continue
            if _PARAGRAPH_BREAK.fullmatch(piece):
                if paragraphs[-1]:
                    paragraphs.append([])
            elif piece == "\n":
                paragraphs[-1].append("<br>\n")
            else:
                escaped = _escape_keep_edges(piece, at_line_start=not paragraphs[-1] or paragraphs[-1][-1] == "<br>\n")
                paragraphs[-1].append(f'<mark class="briefing-quote">{escaped}</mark>' if marked and piece.strip() else escaped)
    joined = ("".join(p).strip().removesuffix("<br>").strip() for p in paragraphs)
    return Md("\n\n".join(p for p in joined if p))


def _escape_keep_edges(piece: str, *, at_line_start: bool) -> str:
    lead = " " if piece[:1].isspace() and not at_line_start else ""
    trail = " " if piece[-1:].isspace() else ""
    body = escape_text(piece) if at_line_start else escape_text("x" + piece)[1:].lstrip()
    return f"{lead}{body}{trail}" if piece.strip() else (" " if not at_line_start else "")
