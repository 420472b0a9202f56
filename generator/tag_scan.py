"""The start tags of a built page that generator/material_fixes.py may change or reads, found as
the standard library's HTMLParser (``convert_charrefs=True``) finds them, at a fraction of its cost.

HTMLParser calls back into Python for every tag and every run of text, on every page of a build.
This scan steps over text and markup of no concern with one compiled expression (:data:`_SKIP`)
and reads in Python only the tags that may concern the fixes: a label, script or style element by
its name (a label for its text, a script or style because its text is not markup), any other by an
attribute the fixes read (``id``, ``role``, ``tabindex``, ``autocomplete``, ``aria-labelledby``, a
class they look for, or a character reference that might spell one), or by markup odd enough that
only HTMLParser's own rules (copied here from html/parser.py of Python 3.11 to 3.13.0) tell where
it ends. Where each tag, comment or raw text ends is as HTMLParser has it, so that both find the
same tags: tests/test_tag_scan.py holds this scan to HTMLParser's on built pages and on
adversarial markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape


@dataclass
class Tag:
    name: str
    attrs: list[tuple[str, str | None]]
    start: int
    end: int
    text: str = ""
    """The text inside the element, gathered for labels only (which hold no other element's text)."""

    def get(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.attrs)

    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def html(self) -> str:
        attrs = "".join(f" {k}" if v is None else f' {k}="{escape(v, quote=True)}"' for k, v in self.attrs)
        return f"<{self.name}{attrs}>"


@dataclass
class Scan:
    tags: list[Tag]
    """In page order: every tag the fixes may concern, and perhaps a few more."""
    config: tuple[int, int] | None = None
    """Where the text of the last ``<script id="__config">`` lies."""


def scan(page: str) -> Scan:
    tags: list[Tag] = []
    config: tuple[int, int] | None = None
    label: Tag | None = None
    """A label whose text is gathered tag by tag, its content being more than text and plain tags."""
    token, skip, plain_tag, pos = _TOKEN.search, _SKIP.match, _PLAIN_TAG.match, 0
    while True:
        plain = None
        if label is None:
            pos = skip(page, pos).end()  # type: ignore[union-attr]  # it matches the empty string
            plain = plain_tag(page, pos)
        if plain is not None:
            i, end, name = pos, plain.end(), plain.group(1).lower()
            tag, closed = Tag(name, _plain_attributes(page, plain.end(1), end), i, end), plain.group(2) == "/"
        else:
            m = token(page, pos)
            if m is None:
                if label is not None:
                    label.text += unescape(page[pos:])
                break
            i = m.start()
            if label is not None and pos < i:
                label.text += unescape(page[pos:i])
            if m.lastindex != 1:
                end = _end_tag_end(page, i) if m.lastindex == 2 else _markup_end(page, i, m.lastindex)
                if end < 0:
                    pos = _incomplete(page, i, label)
                else:
                    if label is not None and m.lastindex == 2 and _end_tag_name(page, i) == "label":
                        label = None
                    pos = end
                continue
            end = _start_tag_end(page, m.end())
            if end < 0:
                pos = _incomplete(page, i, label)
                continue
            name = m.group(1).lower()
            parsed = _start_tag(page, i, end, name)
            if parsed is None:  # text to HTMLParser
                if label is not None:
                    label.text += page[i:end]
                pos = end
                continue
            tag, closed = parsed
        tags.append(tag)
        pos = end
        if name == "label":
            label, pos = (None, end) if closed else _label_text(page, tag)
        if name in _RAW_TEXT_END and not closed:
            text = _RAW_TEXT_END[name].search(page, end)
            if text is None:  # HTMLParser keeps the rest of the page as the element's text
                break
            if label is not None:
                label.text += page[end:text.start()]
            pos = text.end()
        if name == "script" and tag.get("id") == "__config":
            config = (end, i if closed else text.start())  # closed: HTMLParser ends it before it begins
    return Scan(tags, config)


def _ascii_nocase(word: str) -> str:
    """``word`` in any case of ASCII letters: HTMLParser's names compare so, lower-cased."""
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_RAW_TEXT_END = {name: re.compile(rf"</\s*{_ascii_nocase(name)}\s*>") for name in ("script", "style")}
"""The end of a script's or style's text, which is not markup."""

_WS = r"[ \t\n\r\f]"
_NAME = r"""[^\s/>\x00"'<=&`]"""
"""A character of a name written plainly: HTMLParser would end the name where this does, or the
tag fails to match."""
_VALUE = r"""(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]++)"""
_QUIET = r"m(?!d-search__input|d-nav__title)"
_QUIET_VALUE = rf"""(?:"[^"&m]*+(?:{_QUIET}[^"&m]*+)*+"|'[^'&m]*+(?:{_QUIET}[^'&m]*+)*+'
                      |(?=[^\s"'=<>`&])[^\s"'=<>`&m]*+(?:{_QUIET}[^\s"'=<>`&m]*+)*+)"""
"""A class of no concern: none the fixes look for, no character reference that could spell one."""
_READ = r"(?i:id|role|tabindex|autocomplete|aria-labelledby|class)(?=[\s/=>])"
_QUIET_ATTRIBUTES = rf"""(?:{_WS}++(?:(?i:class)(?=[\s/=>])(?:{_WS}*+={_WS}*+{_QUIET_VALUE})?
                                  |(?!{_READ}){_NAME}++(?:{_WS}*+={_WS}*+{_VALUE})?))*+{_WS}*+"""
_QUIET_MARKUP = rf"""
      <(?!(?i:label|script|style))[a-zA-Z]{_NAME}*+{_QUIET_ATTRIBUTES}/?>   # a start tag of no concern
    | </(?!\s*(?i:label))[^>]*+>                                          # an end tag, not a label's
    | <!--.*?--\s*>                                                       # a comment
    | <\?[^>]*+>                                                          # a processing instruction
    | <!(?!--|\[)[^>]*+>                                                  # a declaration, a bogus comment
"""
_TEXT = r"[^<]++|<(?![a-zA-Z/!?])"
_RAW_TEXT = "|".join(
    rf"<{_ascii_nocase(name)}(?={_WS}|>){_QUIET_ATTRIBUTES}>[^<]*+(?:<(?!{end.pattern[1:]})[^<]*+)*+{end.pattern}"
    for name, end in _RAW_TEXT_END.items())
_SKIP = re.compile(rf"(?:{_TEXT}|{_QUIET_MARKUP}|{_RAW_TEXT})*+", re.VERBOSE | re.DOTALL)
"""Text and complete markup that hold no tag the fixes concern, stepped over in one call."""
_LABEL_BODY = re.compile(rf"(?:{_TEXT}|{_QUIET_MARKUP})*+", re.VERBOSE | re.DOTALL)
"""The same but for scripts and styles, whose text would be the label's."""
_MARKUP = re.compile(_QUIET_MARKUP, re.VERBOSE | re.DOTALL)

_PLAIN_TAG = re.compile(rf"""<([a-zA-Z]{_NAME}*+)(?:{_WS}++{_NAME}++(?:{_WS}*+={_WS}*+{_VALUE})?)*+{_WS}*+(/?)>""",
                        re.VERBOSE)
_PLAIN_ATTRIBUTE = re.compile(rf"""{_WS}++({_NAME}++)(?:{_WS}*+(=){_WS}*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++)))?""")
"""A start tag, and an attribute in it, written plainly enough that HTMLParser would read the same."""

# HTMLParser's own rules (Python 3.11's html/parser.py and _markupbase.py), for what is not plain.
_TOKEN = re.compile(r"""
    <(?:
        ([a-zA-Z][^\t\n\r\f />\x00]*)        # 1: a start tag, to where locatestarttagend_tolerant ends
        (?:[\s/]*
          (?:(?<=['"\s/])[^\s/>][^\s/=>]*
            (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?
            (?:\s|/(?!>))*
          )*
        )?\s*
      | (/)                                    # 2: an end tag
      | (!--)                                  # 3: a comment
      | (\?)                                   # 4: a processing instruction
      | (!)                                    # 5: a declaration, marked section or bogus comment
    )""", re.VERBOSE)
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_END_TAG = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>|</([a-zA-Z][^\t\n\r\f />\x00]*)")
_COMMENT_END = re.compile(r"--\s*>")
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_SECTION_END = re.compile(r"]\s*]\s*>")
_CONDITIONAL_END = re.compile(r"]\s*>")


def _plain_attributes(page: str, start: int, end: int) -> list[tuple[str, str | None]]:
    return [(key.lower(), None if not equals else unescape(value) if (value := double or single or bare) else value)
            for key, equals, double, single, bare in _PLAIN_ATTRIBUTE.findall(page, start, end)]


def _label_text(page: str, label: Tag) -> tuple[Tag | None, int]:
    """The label's text when it holds only text and markup of no concern, and where its end tag
    ends; else the label, whose text the scan then gathers tag by tag."""
    stop = _LABEL_BODY.match(page, label.end).end()  # type: ignore[union-attr]  # it matches the empty string
    end = _end_tag_end(page, stop)
    if end < 0 or _end_tag_name(page, stop) != "label":
        return label, label.end
    label.text = "".join(map(unescape, _MARKUP.split(page[label.end:stop])))
    return None, end


def _start_tag_end(page: str, at: int) -> int:
    """Where a start tag whose attributes end at ``at`` ends; -1 if it is incomplete."""
    after = page[at:at + 1]
    if after == ">":
        return at + 1
    if after == "/":
        return at + 2 if page.startswith("/>", at) else -1
    if after == "" or after in "abcdefghijklmnopqrstuvwxyz=ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        return -1
    return at


def _start_tag(page: str, start: int, end: int, name: str) -> tuple[Tag, bool] | None:
    """The tag and whether it closes itself (``/>``), as HTMLParser's parse_starttag reads it;
    None if that takes it for text."""
    plain = _PLAIN_TAG.match(page, start, end)
    if plain is not None and plain.end() == end:
        return Tag(name, _plain_attributes(page, plain.end(1), end), start, end), plain.group(2) == "/"
    at = _TAG_NAME.match(page, start + 1).end()  # type: ignore[union-attr]  # the name matched before
    attrs = []
    while at < end and (m := _ATTRIBUTE.match(page, at)):
        key, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attrs.append((key.lower(), unescape(value) if value else value))
        at = m.end()
    rest = page[at:end].strip()
    return (Tag(name, attrs, start, end), rest == "/>") if rest in (">", "/>") else None


def _end_tag_end(page: str, start: int) -> int:
    end = page.find(">", start + 1)
    return end + 1 if end >= 0 else -1


def _end_tag_name(page: str, start: int) -> str | None:
    m = _END_TAG.match(page, start)
    return (m[1] or m[2]).lower() if m else None


def _markup_end(page: str, start: int, kind: int) -> int:
    """Where a comment, processing instruction or declaration ends; -1 if it is incomplete."""
    if kind == 3:
        m = _COMMENT_END.search(page, start + 4)
        return m.end() if m else -1
    if kind == 4:
        end = page.find(">", start + 2)
        return end + 1 if end >= 0 else -1
    if page.startswith("<![", start):
        if start + 3 >= len(page):
            return -1
        m = _SECTION_NAME.match(page, start + 3)
        if m is None:
            return _bogus_end(page, start)  # where HTMLParser raises an AssertionError
        if m.end() == len(page):
            return -1
        name = m.group().strip().lower()
        if name in ("temp", "cdata", "ignore", "include", "rcdata"):
            found = _SECTION_END.search(page, start + 3)
        elif name in ("if", "else", "endif"):
            found = _CONDITIONAL_END.search(page, start + 3)
        else:
            return _bogus_end(page, start)  # where HTMLParser raises an AssertionError
        return found.end() if found else -1
    if page[start:start + 9].lower() == "<!doctype":
        end = page.find(">", start + 9)
        return end + 1 if end >= 0 else -1
    return _bogus_end(page, start)


def _bogus_end(page: str, start: int) -> int:
    end = page.find(">", start + 2)
    return end + 1 if end >= 0 else -1


def _incomplete(page: str, start: int, label: Tag | None) -> int:
    """Where markup cut short ends: HTMLParser takes it for text, to the next ``>``."""
    end = page.find(">", start + 1)
    if end >= 0:
        end += 1
    else:
        end = page.find("<", start + 1)
        end = end if end >= 0 else start + 1
    if label is not None:
        label.text += unescape(page[start:end])
    return end
