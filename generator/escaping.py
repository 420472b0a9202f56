"""How text from YAML and documents enters a page: the one place where escaping is decided.

Pages are Markdown that Python-Markdown turns into HTML, and Markdown lets raw HTML through, so
data is never pasted in as it is. Plain text (names, quotes, titles) is escaped for both Markdown
and HTML with character references, which every Markdown engine leaves as text. Markdown fields
(summaries, answers) are rendered and cleaned as HTML in :mod:`generator.fields`.
Anything the generator itself writes is :class:`Md`, which the template engine prints as it is.
"""

from __future__ import annotations

import html
import re
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
    return line_start(" ".join(str(value).split()).translate(_INLINE_TABLE))


def line_start(text: str) -> str:
    """Escaped text that may land at a line start: a leading "-" or "1." would start a list."""
    return _LINE_START.sub(lambda m: f"{m.group(1) or ''}&#{ord(m.group(2) or m.group(4))};", text)


_RAW = {**_INLINE, **{c: f"&#{ord(c)};" for c in "\n\r\t"}}
_RAW_TABLE = str.maketrans(_RAW)


def escape_raw(value: str) -> str:
    """Text or an attribute value inside raw HTML that a page's Markdown engine may still read.

    Text between inline tags is parsed as Markdown (in a list item, a table cell), and a ``>`` or a
    ``|`` in an attribute can end an inline tag or a table row early: references leave nothing to
    read. White space is kept (a caller decides what it means).
    """
    return value.translate(_RAW_TABLE)


def escape_all(value: str) -> str:
    """Text that no Markdown extension may match: every character a reference (the page's abbr
    extension would otherwise wrap a short name that a field already shows as a tooltip)."""
    return "".join(f"&#{ord(c)};" for c in value)


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


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see: after character references, ignoring spaces and controls."""
    match = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)))
    return match.group(1).lower() if match else None


def unsafe_url(url: str) -> bool:
    """True for a link that could run script or load something: only web and mail links pass."""
    scheme = url_scheme(url)
    return scheme is not None and scheme not in SAFE_SCHEMES


def url(value: str) -> Md:
    """A link destination: percent-encoded so that it cannot end the Markdown link early."""
    if unsafe_url(value):
        return Md("#")
    return Md(quote(str(value).strip(), safe="/:?#[]@!$&'*+,;=%~-._"))


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
