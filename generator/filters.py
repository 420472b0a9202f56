"""The templates' vocabulary: the one Jinja environment of a build and its filters.

Each filter returns :class:`~generator.escaping.Md`, Markdown or HTML it built from escaped
values, so that data can never add markup of its own; HTML a filter built may be held out of
Markdown (:mod:`generator.stash`) through the page's ``stash``.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import Any

import jinja2

from . import fields, listings, paging, pictures, resolved, stash
from .abbreviations import used_shorts
from .citing import citation_text
from .escaping import Md, escape_attr, escape_text, finalize, url
from .notes import Notes
from .numbers import format_figure
from .resolved import KIND_TITLES, KINDS
from .urls import addresses, path_of, relative, url_relative

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
"""Templates shipped in the package (copied from the repository's ``templates/`` when built)."""
REPO_TEMPLATES = Path(__file__).parent.parent / "templates"
"""The same templates in a source checkout, where the package is installed in place."""


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
    env.filters.update(link=_link, href=_href, citation_text=_citation_text, md=_md, md_inline=_md_inline, href_url=url, cite=_cite, figure=format_figure, html=_html,
                       chart=pictures.chart, diagram=pictures.diagram,
                       attr=lambda v: Md(escape_attr(v)), plural=_plural,
                       label=lambda v: str(v).replace("-", " ").capitalize())
    env.globals.update(KIND_TITLES=KIND_TITLES, KINDS=KINDS, top=paging.top, moved_anchors=_moved_anchors)
    return env


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


_NAMES = {resolved.Briefing: attrgetter("meta.title"), resolved.Entity: attrgetter("name"),
          resolved.Document: attrgetter("title"), resolved.Event: attrgetter("model.title"),
          resolved.Question: attrgetter("model.question"), resolved.Fact: attrgetter("text"),
          paging.Part: attrgetter("title")}
"""What a link to each kind of thing says."""


def _name(obj: Any) -> str:
    name = _NAMES.get(type(obj))
    return name(obj) if name is not None else str(obj)


@jinja2.pass_context
def _md(ctx: Any, text: str | None, briefing: resolved.Briefing | None = None) -> Md:
    return _markdown(ctx, text, briefing, inline=False)


@jinja2.pass_context
def _md_inline(ctx: Any, text: str | None, briefing: resolved.Briefing | None = None) -> Md:
    return _markdown(ctx, text, briefing, inline=True)


def _markdown(ctx: Any, text: str | None, briefing: resolved.Briefing | None, *, inline: bool) -> Md:
    """A Markdown field with its ``[[id]]`` links resolved in ``briefing`` (the page's by default).

    The field becomes raw HTML, whose links engines do not rewrite: they are web addresses.
    """
    if not text:
        return Md("")
    briefing = briefing or ctx["briefing"]
    targets = _targets(briefing)
    page, directory_urls = ctx["page_path"], ctx["directory_urls"]

    def resolve(ident: str) -> fields.Target | None:
        obj = targets.get(ident)
        if obj is None:
            return None
        path, _, fragment = path_of(obj).partition("#")
        href = url_relative(path, page, directory_urls) + (f"#{fragment}" if fragment else "")
        return fields.Target(href, _name(obj), obj.short if isinstance(obj, resolved.Entity) and obj.short else None)

    shorts = {s: briefing.abbreviations[s] for s in used_shorts(text, briefing)}
    return ctx["stash"].put(fields.render(text, resolve, inline=inline, shorts=shorts), search=True, block=not inline)


def target_names(briefing: resolved.Briefing) -> dict[str, str]:
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


@jinja2.pass_context
def _citation_text(ctx: Any, fact: resolved.Fact) -> Md:
    return Md(escape_text(citation_text(fact, ctx["briefing"], ctx["permalinks"])))


@jinja2.pass_context
def _html(ctx: Any, html: str, search: bool = True) -> Md:
    """Inline HTML a template built (its values escaped like any other), held out of Markdown,
    which would only scan it; ``search=False`` for what the search index leaves out anyway. A
    value the template did not build (``{{ name | html }}``) is escaped like any other."""
    return ctx["stash"].put(str(finalize(html)), search=search, block=False)


_MOVED_SCRIPT = (Path(__file__).parent / "assets" / "moved-anchors.js").read_text(encoding="utf-8")


@jinja2.pass_context
def _moved_anchors(ctx: Any, parts: list[paging.Part[Any]]) -> Md:
    """For a list split into ``parts``: a script that takes an address saved before the split
    (``timeline/#ev-1``) on to the part its anchor is on now (:func:`listings.moved_anchors`)."""
    where = addresses(ctx["page_path"], directory_urls=ctx["directory_urls"])
    anchors = where(listings.anchors_file(parts[0].path))
    return ctx["stash"].put(f'<script data-anchors="{escape_attr(anchors)}">\n{_MOVED_SCRIPT}</script>', search=False)


@jinja2.pass_context
def _cite(ctx: Any, citation: resolved.Citation) -> Md:
    """A citation as a link to its highlighted passage, labelled with the publisher (or the title)
    and the date; the quoted words are its title, which Material's ``content.tooltips`` shows on
    hover and on keyboard focus. An outside page, which the build cannot check, gets a badge."""
    when = f", {citation.published.human()}" if citation.published else ""
    label = escape_text(citation.label + when)
    hover = f' "{escape_text(citation.quote_text)}"' if citation.quote_text else ""
    notes: Notes | None = ctx.get("notes")
    held: stash.Held = ctx["stash"]
    note = "" if notes is None else held.put(
        f'<sup class="briefing-note-ref" data-search-exclude="">{notes.number(citation, citation.label + when)}</sup>', search=False, block=False)
    if citation.document is not None and citation.quote is not None:
        target = relative(f"{path_of(citation.document)}#{citation.quote.anchor}", ctx["page_path"])
        return Md(f"[{label}]({target}{hover}){note}")
    badge = held.put('<span class="briefing-badge briefing-badge--unverified">unverified outside source</span>', search=True, block=False)
    return Md(f"[{label}]({url(citation.url or '#')}{hover}){note} {badge}")



def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
