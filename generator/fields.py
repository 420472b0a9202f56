"""Markdown fields (summaries, answers, permits, prohibits, notes): rendered, cleaned, made inert.

A field is parsed once by Python-Markdown, the way a reader would expect, and the HTML that comes
out is cleaned by ``nh3`` (a maintained sanitiser) against an allow-list; no regular expression
edits the Markdown. The cleaned HTML then enters the page as raw HTML whose every text node and
attribute value is written in character references, so that neither the page's own Markdown engine
(with whatever extensions a site adds) nor another engine can read anything in it as Markdown.

Validation parses a field with the same renderer and reports what the output would drop: raw HTML,
images, links other than web and mail ones, ``[[id]]`` naming nothing.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions.abbr import AbbrExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from .escaping import SAFE_SCHEMES, escape_all, escape_raw, line_start, url_scheme

WIKI_PATTERN = r"\[\[([^\[\]\n]*)\]\]"
_WIKI = re.compile(WIKI_PATTERN)


@dataclass(frozen=True)
class Target:
    """Where an ``[[id]]`` link goes: an address for raw HTML (engines do not rewrite it)."""

    href: str
    name: str
    title: str | None = None


Resolve = Callable[[str], "Target | None"]

BLOCK_TAGS = {"p", "a", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr", "abbr"}
INLINE_TAGS = {"a", "strong", "em", "code", "abbr"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
_VOID = {"br", "hr"}
_HEADINGS = {f"h{n}" for n in range(1, 7)}


# --- parsing -----------------------------------------------------------------------------------


class _WikiLinks(InlineProcessor):
    """``[[id]]`` as a link, recognised by the parser (so never inside a code span)."""

    def __init__(self, renderer: _Renderer):
        super().__init__(WIKI_PATTERN)
        self.renderer = renderer

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # type: ignore[override]
        ident = m.group(1).strip()
        self.renderer.found.ids.append(ident)
        target = self.renderer.resolve(ident) if self.renderer.resolve else None
        if target is None:
            el = etree.Element("span")  # dropped by the cleaner, keeping its text
            el.text = AtomicString(ident)
            return el, m.start(0), m.end(0)
        el = etree.Element("a", {"href": target.href})
        if target.title:
            el.set("title", target.title)
        el.text = AtomicString(target.name)
        el.set("data-wiki", "")
        return el, m.start(0), m.end(0)


class _Inspect(Treeprocessor):
    """Collects, from the parsed field, what the cleaner would drop (images, unsafe links), and
    makes headings paragraphs."""

    def __init__(self, md: markdown.Markdown, renderer: _Renderer):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        found = self.renderer.found
        for el in root.iter():
            if el.tag == "img":
                found.problems.append(f"image '{_attr(el, 'src')}': images are not allowed in text "
                                      "(they would load from another site)")
            elif el.tag == "a" and "data-wiki" not in el.attrib:
                href = _attr(el, "href")
                if not _web_or_mail(href):
                    hint = "" if url_scheme(href) or _PROTOCOL_RELATIVE.match(href) else " (link a page of the briefing with [[id]])"
                    found.problems.append(f"link to '{href}': only https, http and mailto links are allowed{hint}")
            elif el.tag in _HEADINGS:
                el.tag = "p"  # a heading in a summary would break the outline of the page around it
            el.attrib.pop("data-wiki", None)


def _attr(el: etree.Element, name: str) -> str:
    return html.unescape(el.get(name, "").replace(AMP_SUBSTITUTE, "&"))


@dataclass
class _Found:
    ids: list[str]
    problems: list[str]


class _Renderer:
    """One Python-Markdown instance, reset for each field (building one costs more than a field)."""

    def __init__(self) -> None:
        self.abbr = AbbrExtension()
        self.md = markdown.Markdown(extensions=[self.abbr])
        # short names come from the briefing, not from definitions written in a field
        self.md.parser.blockprocessors.deregister("abbr")
        self.md.inlinePatterns.register(_WikiLinks(self), "wiki", 175)
        self.md.treeprocessors.register(_Inspect(self.md, self), "inspect", 1)
        self.resolve: Resolve | None = None
        self.found = _Found([], [])

    def convert(self, text: str, resolve: Resolve | None, shorts: dict[str, str]) -> tuple[str, _Found]:
        self.md.reset()
        self.abbr.abbrs.update(shorts)
        self.resolve, self.found = resolve, _Found([], [])
        try:
            out = self.md.convert(text)
        finally:
            # the renderer outlives the build: a resolver kept here would keep the briefing alive
            self.resolve = None
        found = self.found
        raw = [r for r in self.md.htmlStash.rawHtmlBlocks if isinstance(r, str) and not r.startswith("&")]  # entities are stashed too
        opening = [r for r in raw if not r.startswith("</")]  # an end tag is named only when it is all there is
        for piece in opening or raw[:1]:
            found.problems.append(f"raw HTML '{_short(piece)}' is not allowed: write Markdown, "
                                  "or put it in backticks to show it as code")
        return out, found


def _short(raw: str) -> str:
    text = " ".join(raw.split())
    return text if len(text) <= 40 else text[:39] + "…"


_RENDERER = _Renderer()


# --- links -------------------------------------------------------------------------------------

_PROTOCOL_RELATIVE = re.compile(r"^\s*[/\\]{2}")  # //host, or /\host, which browsers read alike


def _web_or_mail(url: str) -> bool:
    return url_scheme(url) in SAFE_SCHEMES


def _in_site_or_web(url: str) -> bool:
    """What the cleaner keeps: web and mail links, and relative ones that stay on this host."""
    bare = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    scheme = url_scheme(url)
    if scheme is not None:
        return scheme in SAFE_SCHEMES
    return not _PROTOCOL_RELATIVE.match(bare)


def _filter(tag: str, name: str, value: str) -> str | None:
    if name == "href" and not _in_site_or_web(value):
        return None
    return value


def clean(rendered: str, *, inline: bool) -> str:
    """HTML from a field cut down to the allow-list: the one place that decides what survives."""
    return nh3.clean(rendered, tags=INLINE_TAGS if inline else BLOCK_TAGS, attributes=ATTRIBUTES,
                     attribute_filter=_filter, url_schemes=set(SAFE_SCHEMES), link_rel=None,
                     clean_content_tags={"script", "style"}, strip_comments=True)


# --- inert output ------------------------------------------------------------------------------

class _Inert(HTMLParser):
    """Re-writes cleaned HTML with character references for every character Markdown could read."""

    def __init__(self, *, inline: bool):
        super().__init__(convert_charrefs=True)
        self.inline = inline
        self.out: list[str] = []
        self.pre = 0
        self.abbr = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ATTRIBUTES.get(tag, set())
        written = "".join(f' {k}="{escape_raw(v or "")}"' for k, v in attrs if k in allowed)
        self.out.append(f"<{tag}{written}>")
        self.pre += tag == "pre"
        self.abbr += tag == "abbr"

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.out.append(f"</{tag}>")
        self.pre -= tag == "pre"
        self.abbr -= tag == "abbr"

    def handle_data(self, data: str) -> None:
        if self.abbr:
            self.out.append(escape_all(data))
        elif self.pre and not self.inline:
            self.out.append(escape_raw(data))
        elif not data.strip() and "\n" in data and not self.inline:
            self.out.append("\n")  # between blocks: one line break, never a blank line
        else:
            self.out.append(escape_raw(re.sub(r"\s+", " ", data)))


def inert(cleaned: str, *, inline: bool) -> str:
    """Cleaned HTML as raw HTML no Markdown engine re-reads."""
    parser = _Inert(inline=inline)
    parser.feed(cleaned)
    parser.close()
    text = "".join(parser.out)
    if inline:
        return line_start(text.strip())
    body = re.sub(r"\n+", "\n", text.strip())
    return f'<div class="briefing-md">\n{body}\n</div>' if body else ""


# --- the three uses ----------------------------------------------------------------------------


def render(text: str, resolve: Resolve, *, inline: bool = False, shorts: dict[str, str] | None = None) -> str:
    """A field for a page: a raw HTML block, or (``inline``) a run of inline HTML for one line."""
    rendered, _ = _RENDERER.convert(text, resolve, shorts or {})
    return inert(clean(rendered, inline=inline), inline=inline)


def problems(text: str) -> tuple[list[str], list[str]]:
    """The ``[[id]]`` a field names, and what is wrong in it, in words for the analyst."""
    if _prose(text):
        return [m.group(1).strip() for m in _WIKI.finditer(text)], []
    _, found = _RENDERER.convert(text, None, {})
    return found.ids, found.problems


# What could make Python-Markdown read a field as more than paragraphs of words and [[id]] links:
# markup characters, a block marker or indentation at a line's start, characters its preprocessors
# rewrite, a bracket outside an [[id]]. Without any, its only findings are the [[id]] links, in
# order; most fields are such prose, and `briefing check` need not parse them.
_NOT_PROSE = re.compile(r"[*_`<>&\\!\x00-\x09\x0b-\x1f\x7f-\x9f]|^(?:[ ]|[-+#=]|\d+[.)])", re.M)


def _prose(text: str) -> bool:
    if _NOT_PROSE.search(text):
        return False
    rest = _WIKI.sub("", text)
    return "[" not in rest and "]" not in rest


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


# Without these, a field is prose that Markdown would leave as it is (most summaries are).
_MARKUP = re.compile(r"[\[\]*_`<&\\]|^\s*(?:[-+>#=]|\d+[.)])", re.M)


def plain_text(text: str, names: dict[str, str]) -> str:
    """A field as one line of plain text (a meta description): its words, ``[[id]]`` as names."""
    if not _MARKUP.search(_WIKI.sub("", text)):
        return " ".join(_WIKI.sub(lambda m: names.get(m.group(1).strip(), m.group(1).strip()), text).split())
    resolve = lambda ident: Target("#", names[ident]) if ident in names else None  # noqa: E731
    rendered, _ = _RENDERER.convert(text, resolve, {})
    parser = _Text()
    parser.feed(clean(rendered, inline=True))
    parser.close()
    return " ".join("".join(parser.parts).split())
