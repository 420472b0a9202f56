"""Adding a saved article to a briefing: its main text and metadata, read offline, as a document.

A web page as a browser saves it goes through trafilatura, which finds the article's text among
menus, advertisements and footers, and its title, site, author, date and canonical address in the
page's own metadata (Open Graph, JSON-LD, ``<meta>``). Plain text is kept as it is. Nothing is
fetched: the page is the file on disk.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from . import frontmatter, model
from .dates import PartialDate
from .locate import CommandError

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_BLOCKS = {"p", "head", "quote", "item", "row", "code"}
"""Elements of trafilatura's output that are each one paragraph of the document."""
_KEYS = ("title", "publisher", "author", "url", "published")


@dataclass
class Intake:
    """What ``add-document`` wrote and where each value came from, to tell the analyst."""

    path: Path
    id: str
    fields: dict[str, Any]
    origin: dict[str, str]
    """Each filled key → ``the page``, ``the option`` or ``today``..."""
    missing: list[str]
    paragraphs: int
    words: int
    page_words: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Extracted:
    body: str
    meta: dict[str, str | None]
    page_words: int | None


def add_document(source: Path, folder: Path, *, ident: str | None = None, options: dict[str, str | None] | None = None,
                 today: dt.date | None = None) -> Intake:
    """Write ``source`` (saved HTML or plain text) as a new document of the briefing in ``folder``."""
    options = {k: v for k, v in (options or {}).items() if v}
    today = today or dt.date.today()
    if not source.is_file():
        raise CommandError(f"{source.as_posix()}: no such file")
    raw = source.read_bytes()
    extracted = _from_html(raw, source) if _is_html(source, raw) else _from_text(raw, source)
    if not extracted.body.strip():
        raise CommandError(f"{source.as_posix()}: no article text found in it; nothing written")
    fields: dict[str, Any] = {}
    origin: dict[str, str] = {}
    inferred: list[str] = []
    for key in _KEYS:
        if options.get(key):
            fields[key], origin[key] = options[key], "given"
        elif extracted.meta.get(key):
            fields[key], origin[key] = extracted.meta[key], "from the page"
    if "title" not in fields and extracted.meta.get("first_line"):
        fields["title"], origin["title"] = extracted.meta["first_line"], "the text's first line (listed in inferred)"
        inferred.append("title")
    if "title" not in fields:
        raise CommandError(f"{source.as_posix()}: no title found in it; give one with --title (nothing written)")
    if "published" in fields:
        fields["published"] = _date(fields["published"], "--published" if origin["published"] == "given" else "the page's date")
    fields["retrieved"], origin["retrieved"] = today, "today"
    if inferred:
        fields["inferred"] = inferred
    body = extracted.body
    fields.update(frontmatter.fingerprint_fields(body))
    origin["sha256"] = "the text"
    documents = folder / "documents"
    if ident is not None:
        if not model.ID_PATTERN.match(ident) or ident in model.RESERVED_IDS:
            raise CommandError(f"--id '{ident}' is not an id: use 1-64 lowercase letters, digits and hyphens (e.g. '{model.id_hint(ident)}')")
        path = documents / f"{ident}.md"
    else:
        ident, path = _free_id(documents, fields)
    frontmatter.create(path, fields, body)
    paragraphs = len([p for p in body.split("\n\n") if p.strip()])
    return Intake(path, ident, fields, origin, [k for k in _KEYS if k not in fields], paragraphs, len(body.split()),
                  extracted.page_words)


def _is_html(source: Path, raw: bytes) -> bool:
    if source.suffix.lower() in _HTML_SUFFIXES:
        return True
    head = raw[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _from_html(raw: bytes, source: Path) -> _Extracted:
    if source.suffix.lower() in (".mhtml", ".mht"):
        raise CommandError(f"{source.as_posix()}: a web archive (MHTML); save the page as 'Web page, HTML only' instead")
    document = trafilatura.bare_extraction(raw, with_metadata=True, favor_recall=True, include_comments=False,
                                           include_tables=True, include_formatting=False, include_links=False, deduplicate=False)
    if document is None or document.body is None:
        raise CommandError(f"{source.as_posix()}: no article text found in it; nothing written")
    paragraphs = [_block_text(el) for el in document.body.iter() if el.tag in _BLOCKS and not _inside_block(el)]
    body = "\n\n".join(p for p in paragraphs if p) + "\n"
    meta = {"title": document.title, "publisher": document.sitename, "author": document.author,
            "url": document.url, "published": document.date}
    page_text = trafilatura.html2txt(raw) or ""
    return _Extracted(body, meta, len(page_text.split()))


def _inside_block(el: Any) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in _BLOCKS:
            return True
        parent = parent.getparent()
    return False


def _block_text(el: Any) -> str:
    """An element's text; a line break stays a line break, a table row's cells are split by ' | '."""
    if el.tag == "row":
        return " | ".join(" ".join("".join(cell.itertext()).split()) for cell in el if cell.tag == "cell")
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else "".join(child.itertext()))
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _from_text(raw: bytes, source: Path) -> _Extracted:
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise CommandError(f"{source.as_posix()}: not UTF-8 text; save it as UTF-8 (nothing written)") from None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    first = body.split("\n\n", 1)[0]
    first_line = first if "\n" not in first and len(first) <= 200 else None
    return _Extracted(body, {"first_line": first_line}, None)


def _date(value: str, what: str) -> Any:
    """A date for the front matter, written with the precision it has."""
    try:
        date = PartialDate.parse(str(value).strip()[:10] if re.match(r"\d{4}-\d\d-\d\dT", str(value)) else str(value).strip())
    except ValueError as e:
        raise CommandError(f"{what} '{value}': {e} (nothing written)") from None
    return date.to_date() if date.precision == "day" else date.iso()


def _slug(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return model.id_hint(ascii_text)[:limit].rstrip("-")


def _free_id(documents: Path, fields: dict[str, Any]) -> tuple[str, Path]:
    """An id from the publisher (else the title) and the date, with -2, -3 ... when it is taken."""
    date = fields.get("published")
    suffix = f"-{date.isoformat() if isinstance(date, dt.date) else date}" if date else ""
    name = fields.get("publisher") or " ".join(str(fields["title"]).split()[:6])
    base = (_slug(str(name), 60 - len(suffix)) or "document") + suffix
    for n in range(1, 1000):
        ident = base if n == 1 else f"{base}-{n}"
        if not (documents / f"{ident}.md").exists():
            return ident, documents / f"{ident}.md"
    raise CommandError(f"too many documents named {base}-N: give one with --id")  # pragma: no cover
