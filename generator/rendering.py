"""Resolved briefings → pages (``{path: Markdown}``) through the Jinja templates.

Nothing here knows MkDocs: the pages are plain Markdown with YAML front matter and relative
``.md`` links, which MkDocs, ProperDocs or another engine turns into a site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import resolved
from .escaping import Md, escape_attr, escape_text, finalize, markdown_field, page_title, url
from .resolved import KIND_TITLES, KINDS

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


def _targets(briefing: resolved.Briefing) -> dict[str, Any]:
    cached = getattr(briefing, "_targets", None)
    if cached is None:
        cached = {**briefing.entities, **{e.id: e for e in briefing.events}, **{q.id: q for q in briefing.questions}}
        briefing._targets = cached  # type: ignore[attr-defined]
    return cached


@jinja2.pass_context
def _cite(ctx: Any, citation: resolved.Citation) -> Md:
    """A citation as a link to its highlighted passage, the quoted words on hover."""
    when = f", {citation.published.human()}" if citation.published else ""
    label = escape_text(citation.label + when)
    hover = f' "{escape_text(citation.quote_text)}"' if citation.quote_text else ""
    if citation.document is not None and citation.quote is not None:
        target = relative(f"{path_of(citation.document)}#{citation.quote.anchor}", ctx["page_path"])
        return Md(f"[{label}]({target}{hover})")
    return Md(f"[{label}]({url(citation.url or '#')}{hover}) (unverified: outside source)")


def format_figure(figure: Any) -> str:
    """``about 2,200 troops``, ``1,100–1,300 crossings per day``."""
    def num(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
    value = figure.value
    text = f"{num(value[0])}–{num(value[1])}" if isinstance(value, tuple) else num(value)
    return f"{'about ' if figure.approx else ''}{text} {figure.unit}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


# pages -----------------------------------------------------------------------------------

_PAGE_TEMPLATES = {"overview": "overview.md.j2", "figures": "figures.md.j2", "timeline": "timeline.md.j2",
                   "questions": "questions.md.j2", "kind_index": "kind-index.md.j2", "entity": "entity.md.j2",
                   "sources": "sources.md.j2", "source": "source.md.j2", "home": "home.md.j2"}


class _Renderer:
    def __init__(self, env: jinja2.Environment, briefings: list[resolved.Briefing]):
        self.env = env
        self.briefings = briefings
        self.pages: dict[str, Page] = {}
        self.templates = {k: env.get_template(v) for k, v in _PAGE_TEMPLATES.items()}

    def page(self, template: str, path: str, source: str, title: str, description: str, *, boost: float | None = None,
             briefing: resolved.Briefing | None = None, **context: Any) -> None:
        body = self.templates[template].render(page_path=path, briefing=briefing, briefings=self.briefings, **context)
        names = {k: _name(v) for k, v in _targets(briefing).items()} if briefing else {}
        meta: dict[str, Any] = {"title": page_title(title), "description": page_title(_plain(description, names))}
        if boost:
            meta["search"] = {"boost": boost}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        abbreviations = _abbreviations(body, briefing) if briefing is not None else ""
        self.pages[path] = Page(f"---\n{front}---\n\n{body.rstrip()}\n{abbreviations}", source, title)

    def briefing(self, b: resolved.Briefing) -> NavSection:
        p, about = b.id, f" of the briefing {b.meta.title}"
        section = NavSection(b.meta.title)

        def view(template: str, path: str, source: str, title: str, description: str, **context: Any) -> None:
            self.page(template, f"{p}/{path}", source, title, description, briefing=b, **context)
            section.items.append((title, f"{p}/{path}"))

        view("overview", "index.md", f"{b.source}/briefing.yml", b.meta.title, b.meta.summary, boost=1.5)
        view("figures", "figures.md", f"{b.source}/briefing.yml", "Key figures", f"Key figures{about}, each with its source.")
        view("timeline", "timeline.md", f"{b.source}/events.yml", "Timeline", f"Events{about} in date order, each with its source.")
        view("questions", "questions.md", f"{b.source}/questions.yml", "Open questions", f"What is not yet known{about}.")
        for kind, folder in KINDS.items():
            entities = b.of_kind(kind)
            view("kind_index", f"{folder}/index.md", f"{b.source}/{folder}.yml", KIND_TITLES[kind], f"{KIND_TITLES[kind]}{about}.",
                 kind=kind, entities=entities)
            for e in entities:
                title = f"{e.name} ({e.short})" if e.short else e.name
                self.page("entity", path_of(e), e.source, title, e.model.summary, briefing=b, entity=e, boost=3)
        view("sources", "sources/index.md", f"{b.source}/documents", "Sources", f"The source documents{about}.")
        for doc in b.documents.values():
            self.page("source", path_of(doc), doc.source, doc.title, f"Source document{about}: {doc.title}", briefing=b,
                      document=doc, body=document_body(doc))
        return section


_TOKEN = re.compile(r"[\w.\-/&]+")


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
    used = [s for s in shorts if (s in tokens if _TOKEN.fullmatch(s) else s in body)]
    lines = "".join(f"*[{s}]: {escape_attr(shorts[s])}\n" for s in used if not re.search(r"[\[\]\n]", s))
    return "\n" + lines if lines else ""


def render_site(briefings: list[resolved.Briefing], env: jinja2.Environment, *, home: bool = True) -> Site:
    """Every page of the site, and the navigation outline."""
    renderer = _Renderer(env, briefings)
    nav = [renderer.briefing(b) for b in briefings]
    if home:
        renderer.page("home", "index.md", "briefings", "Briefings", "Briefings: " + "; ".join(b.meta.title for b in briefings),
                      briefing=briefings[0] if len(briefings) == 1 else None)
    return Site(renderer.pages, nav)


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
