"""How text from YAML and documents enters a page: the one place where escaping is decided.

Pages are Markdown that Python-Markdown turns into HTML, and Markdown lets raw HTML through, so
data is never pasted in as it is. Plain text (names, quotes, titles) is escaped for both Markdown
and HTML with character references, which every Markdown engine leaves as text. Markdown fields
(summaries, answers) keep their formatting but lose raw HTML, attribute lists and unsafe links.
Anything the generator itself writes is :class:`Md`, which the template engine prints as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import quote

from markupsafe import Markup

from .dates import PartialDate
from .numbers import grouped


class Md(Markup):
    """Markdown the generator vouches for: printed by templates without escaping.

    A :class:`markupsafe.Markup`, so that Jinja's autoescape machinery treats it (and the output
    of macros) as safe; what is not ``Md`` is escaped by :func:`finalize` before Jinja sees it.
    """

    __slots__ = ()


# Character references, not backslashes: a backslash escape only works for the characters a
# given Markdown engine and its extensions know, a reference works everywhere.
_INLINE = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>#+!|~^=:$@%"}
_INLINE.update({"&": "&amp;", '"': "&quot;", "'": "&#39;"})
_INLINE_TABLE = str.maketrans(_INLINE)
_LINE_START = re.compile(r"^(\d+)([.)])|^()(-)")


def escape_text(value: str) -> str:
    """Plain text as inert Markdown, safe inline anywhere (paragraph, list item, table cell)."""
    text = " ".join(str(value).split()).translate(_INLINE_TABLE)
    # a leading "-", "1." or "." could start a list or a rule when it lands at a line start
    return _LINE_START.sub(lambda m: f"{m.group(1) or ''}&#{ord(m.group(2) or m.group(4))};", text)


def escape_block(value: str) -> str:
    """Plain text with its line breaks, for a paragraph of a document."""
    return "<br>\n".join(escape_text(line) for line in value.split("\n") if line.strip())


def escape_attr(value: str) -> str:
    """Text for an HTML attribute value written by the generator."""
    return html.escape(" ".join(str(value).split()), quote=True)


def page_title(value: str) -> str:
    """A title for the theme, which prints it without escaping (and unescapes it in <title>)."""
    text = html.escape(" ".join(str(value).split()), quote=True)
    return text.replace("&lt;/", "&lt;\u200b/")


SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)


def unsafe_url(url: str) -> bool:
    """True for a link that could run script or load something: only web and mail links pass."""
    decoded = html.unescape(url)
    decoded = re.sub(r"[\x00-\x20\x7f]", "", decoded)
    match = _SCHEME.match(decoded)
    return bool(match) and match.group(1).lower() not in SAFE_SCHEMES


def url(value: str) -> Md:
    """A link destination: percent-encoded so that it cannot end the Markdown link early."""
    if unsafe_url(value):
        return Md("#")
    return Md(quote(str(value).strip(), safe="/:?#[]@!$&'*+,;=%~-._"))


# Markdown fields ---------------------------------------------------------------------------

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_WIKI = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(\S+)", re.M)


def wiki_links(text: str) -> list[tuple[str, int]]:
    """The ids of ``[[id]]`` links in a Markdown field, with their offsets."""
    return [(m.group(1).strip(), m.start()) for m in _WIKI.finditer(text)]


def link_problems(text: str) -> list[str]:
    """What is wrong with the links of a Markdown field, in words for the analyst."""
    problems = []
    for m in _INLINE_LINK.finditer(text):
        if m.group(1):
            problems.append(f"image '{m.group(3)}': images are not allowed in text (they would load from another site)")
        elif unsafe_url(m.group(3)):
            problems.append(f"link to '{m.group(3)}': only https, http and mailto links are allowed")
    for m in _REF_DEF.finditer(text):
        if unsafe_url(m.group(2)):
            problems.append(f"link to '{m.group(2)}': only https, http and mailto links are allowed")
    return problems


def markdown_field(text: str, link: Callable[[str], str | None], *, inline: bool = False) -> Md:
    """A Markdown field made safe, with ``[[id]]`` turned into links by ``link``.

    ``link(id)`` returns the Markdown of the link (already escaped), or ``None`` for an unknown id,
    which validation has reported already.
    """
    out = []
    last = 0
    for m in _CODE.finditer(text):
        out.append(_markdown_prose(text[last : m.start()], link))
        out.append(m.group(0))  # code spans show their content literally in every engine
        last = m.end()
    out.append(_markdown_prose(text[last:], link))
    result = "".join(out)
    if inline:
        result = " ".join(result.split())
    return Md(result)


def _markdown_prose(text: str, link: Callable[[str], str | None]) -> str:
    text = text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")

    def image_or_link(m: re.Match[str]) -> str:
        if m.group(1) or unsafe_url(m.group(3)):
            return escape_text(m.group(2))
        return m.group(0)

    text = _INLINE_LINK.sub(image_or_link, text)
    text = _REF_DEF.sub(lambda m: m.group(1) + ("#" if unsafe_url(m.group(2)) else m.group(2)), text)
    return _WIKI.sub(lambda m: link(m.group(1).strip()) or escape_text(m.group(1)), text)


def finalize(value: object) -> Markup:
    """What ``{{ value }}`` prints in a template: escaped unless the generator vouched for it."""
    if isinstance(value, Markup):
        return value  # Md from a filter, or the output of a macro (made of escaped parts)
    if value is None:
        return Md("")
    if isinstance(value, PartialDate):
        text = value.human()
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (int, float)):
        text = grouped(value)
    else:
        text = str(value)
    return Md(escape_text(text))
