"""A briefing's citations resolved: each source's document found and its quote verified.

Apart from the cross-file checks of validation.py because checking spends most of its time
here: every quote of every fact, event and question is looked for in its document.
"""

from __future__ import annotations

from typing import Any

from . import model, resolved
from .errors import Problem
from .fingerprint import leans_on
from .model_errors import suggest
from .quotes import normalise, verify
from .reading import Entry


_UrlSource = model.UrlSource


class Citer:
    """Turns an entry's sources into citations, adding a problem for each that fails; the
    problems and warnings go to the lists it is given, the briefing's own."""

    def __init__(self, documents: dict[str, Entry], broken: set[str], problems: list[Problem], warnings: list[Problem]):
        self.documents = documents
        self.broken = broken
        """Documents that failed to load: a source citing one adds no problem of its own."""
        self.problems = problems
        self.warnings = warnings
        self.needles: dict[str, str] = {}
        """Each quote normalised, by its text, as :meth:`search` found it."""
        self.texts = [(ident, entry.value.normalised) for ident, entry in documents.items()]
        """Every document's text, where a quote not found in its own is looked for."""

    def search(self, entries: dict[str, list[Entry]]) -> None:
        """Each document searched once for every quote citing it (:meth:`Normalised.search`),
        before :meth:`cite` asks for them one by one."""
        wanted: dict[str, list[str]] = {}
        for kind, listed in entries.items():
            for entry in listed:
                value = entry.value
                for sources in [f.cite for f in value.facts] if kind in model.ENTITY_KINDS else [value.cite or []]:
                    for source in sources:
                        if source.__class__ is not _UrlSource and source.doc in self.documents:
                            needle = self.needles[source.quote] = normalise(source.quote)
                            wanted.setdefault(source.doc, []).append(needle)
        for ident, needles in wanted.items():
            self.documents[ident].value.normalised.search(needles)

    def cite(self, sources: list[Any], entry: Entry, loc: tuple[str | int, ...]) -> list[resolved.Citation]:
        """The citations of ``sources``, written at ``loc`` of ``entry``; those that fail are left out."""
        out = []
        for i, source in enumerate(sources):
            if source.__class__ is _UrlSource:
                out.append(resolved.Citation(None, None, source.url, source.title, source.quote, source.publisher, source.published))
                continue
            doc_entry = self.documents.get(source.doc)
            if doc_entry is None:
                if source.doc not in self.broken:
                    message = f"unknown document '{source.doc}'{suggest(source.doc, self.documents)}: there is no documents/{source.doc}.md"
                    self.problems.append(entry.problem((*source_loc(entry, loc, i), "doc"), message))
                continue
            doc: resolved.Document = doc_entry.value
            verdict = verify(source.quote, doc.id, doc.normalised, self.texts, self.needles.get(source.quote))
            if verdict.warning:
                self.warnings.append(entry.problem((*source_loc(entry, loc, i), "quote"), verdict.warning))
            span = verdict.span
            if span is None:
                error = verdict.error or ""
                if doc.changed:
                    error += " (the document's text changed after it was fingerprinted)"
                self.problems.append(entry.problem((*source_loc(entry, loc, i), "quote"), error))
                continue
            if doc.changed and (changed := leans_on(doc.changed, *span)) is not None:
                self.problems.append(entry.problem((*source_loc(entry, loc, i), "quote"), f"this quote leans on a paragraph of "
                                                   f"'{doc.id}' (line {changed.line}) changed after the document was fingerprinted"))
            anchor = verdict.anchor
            quote = doc.quotes.get(anchor) or doc.quotes.setdefault(anchor, resolved.Quote(anchor, *span, doc.body[span[0]:span[1]]))
            meta = doc.meta
            out.append(resolved.Citation(doc, quote, meta.url, meta.title, quote.text, meta.publisher, meta.published))
        return out


def source_loc(entry: Entry, loc: tuple[str | int, ...], i: int) -> tuple[str | int, ...]:
    """Where source ``i`` of ``loc`` was written: ``cite`` holds one source or a list of them.
    Worked out only for a message, as it walks the file's values."""
    return (*loc, i) if isinstance(_get(entry, loc), list) else loc


def _get(entry: Entry, loc: tuple[str | int, ...]) -> Any:
    data = entry.located.data
    for step in entry.base + loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
