"""Reading one briefing's folder: its files, each checked on its own against the format's models.

What spans files (references, quotes, dates counted from other events) is checked afterwards by
:mod:`generator.validation`; what failed to read is remembered in :class:`Broken`, so that a
reference into it is not reported as a second problem.
"""

from __future__ import annotations

import copy
import functools
import os
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model, resolved
from .fingerprint import Changed, changed_paragraphs, paragraphs, text_digest
from .errors import Problem, Problems
from .loading import MAX_DOCUMENT_BYTES, MAX_YAML_BYTES, Located, parse_yaml, read_text, split_front_matter, written
from .model_errors import inner_model, suggest, validate
from .parallel import Ahead, start_worker
from .quotes import Normalised
from .readcache import ReadCache

LIST_FILES = tuple(model.LIST_FILES)
T = TypeVar("T")
KNOWN_FILES = ("briefing.yml", *LIST_FILES)


def display(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()


def is_briefing_folder(folder: Path) -> bool:
    """True for one briefing's folder, even one still without its ``briefing.yml``: taken for the
    folder of all briefings, its ``documents/`` would be reported as a briefing missing one."""
    return (folder / "documents").is_dir() or any((folder / name).is_file() for name in KNOWN_FILES)


@dataclass
class Entry:
    """A validated entry and where it was read, for messages about it."""

    value: Any
    located: Located
    base: tuple[str | int, ...]
    complete: bool = True
    """False for an entry that failed its checks: ``value`` then holds what could be read of it
    (:func:`salvage`), so that its id still counts and its references are still checked."""

    def problem(self, loc: tuple[str | int, ...], message: str, *, key: bool = False) -> Problem:
        return self.located.problem(self.base + loc, message, key=key)


@dataclass
class Broken:
    """What failed to load: a reference into it may be right, so it is not reported as well."""

    files: set[str] = field(default_factory=set)
    """List files not read at all (YAML syntax, not a list ...)."""
    ids: set[str] = field(default_factory=set)
    """Ids (as written, and as they were likely meant) of entries whose id itself is bad."""
    documents: set[str] = field(default_factory=set)
    """Ids of documents that failed to load."""

    def may_hold(self, ident: str, kinds: typing.Iterable[str]) -> bool:
        """True when ``ident`` may be the id of something broken of one of ``kinds``."""
        return ident in self.ids or any(model.KIND_FILES[k] in self.files for k in kinds)


@dataclass
class Read:
    """One briefing folder as read: each file checked on its own, nothing yet resolved."""

    id: str
    display: str
    meta: Entry | None
    documents: dict[str, Entry]
    entries: dict[str, list[Entry]]
    """Each kind's entries (``force``, ``event`` ...) in file order, with those that failed their
    checks (``complete`` false)."""
    broken: Broken
    ahead: Ahead | None = None
    """The worker still looking for the quotes, if one was started (:meth:`learn_quotes`)."""

    def learn_quotes(self) -> bool:
        """Give the documents what the worker found of their quotes, waiting for it as late as
        possible (quotes are checked last), then end the worker. False if there was none, or
        it failed: the quotes are then all to look for here."""
        if self.ahead is None:
            return False
        try:
            found = self.ahead.found()
            for ident, known in (found or {}).items():
                self.documents[ident].value.normalised.known.update(known)
            return found is not None
        finally:
            self.end()

    def end(self) -> None:
        """End the worker, if any, whatever became of it: called once reading is done with."""
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None


class Reader:
    """Reads one briefing folder, adding every problem it meets to ``problems``.

    With ``parallel``, a forked worker parses the largest list files while this reader reads the
    documents, then looks for every quote while this reader checks the entries, where that pays
    and is safe (:func:`generator.parallel.start_worker`); unless told,
    as :func:`generator.parallel.allowed` says: `briefing check` allows it, the MkDocs plugin,
    whose `mkdocs serve` runs threads, does not. The result is the same either way.
    """

    def __init__(self, folder: Path, root: Path, base: Path, problems: Problems, cache: ReadCache | None = None,
                 parallel: bool | None = None):
        self.folder, self.root, self.base, self.problems = folder, root, base, problems
        self.display = display(folder, base)
        self.real_root = root.resolve()
        self.broken = Broken()
        self.cache = cache
        self.parallel = parallel
        self.ahead: Ahead | None = None

    def cached(self, kind: str, name: str, text: str, read: Callable[[Reader], T]) -> T:
        """``read`` of a file's ``text`` by a reader of its own, or what it gave last time: with
        the problems it found and what it found broken, which are this reader's as well."""
        def make() -> tuple[T, list[Problem], Broken]:
            reader = copy.copy(self)  # not Reader(...): a thousand documents would work out the paths again
            reader.problems, reader.broken, reader.cache = Problems(), Broken(), None
            return read(reader), reader.problems.items, reader.broken

        value, problems, broken = make() if self.cache is None else self.cache.get(kind, self.path(name), text, make)
        self.problems.extend(problems)
        self.broken.files |= broken.files
        self.broken.ids |= broken.ids
        return value

    def path(self, name: str) -> str:
        return f"{self.display}/{name}"

    # reading ---------------------------------------------------------------------------

    def read(self) -> Read:
        """Every file of the folder, each checked on its own; what is broken is in ``broken``."""
        if not model.ID_PATTERN.match(self.folder.name):
            self.problems.add(self.display, 1, 1, f"briefing folder name '{self.folder.name}' is not an id: use lowercase letters, digits and hyphens")
        self.check_file_names()
        meta = self.read_meta()
        if self.parallel is not False:
            names = [name for name in LIST_FILES if (self.folder / name).exists()]
            self.ahead = start_worker(self.folder, self.real_root, {name: self.path(name) for name in names}, self.parallel)
        try:
            documents = self.read_documents()
            if self.ahead is not None:
                self.ahead.parse_own({ident: entry.value.body for ident, entry in documents.items()})
            entries = {kind: self.read_list(name) for kind, name in model.KIND_FILES.items()}
        except BaseException:
            if self.ahead is not None:
                self.ahead.close()
                self.ahead = None
            raise
        ahead, self.ahead = self.ahead, None  # still looking for the quotes: the caller ends it
        return Read(self.folder.name, self.display, meta, documents, entries, self.broken, ahead)

    def check_file_names(self) -> None:
        for p in sorted(self.folder.iterdir()):
            if p.is_file() and p.suffix in (".yml", ".yaml") and p.name not in KNOWN_FILES:
                self.problems.add(self.path(p.name), 1, 1, f"unknown file '{p.name}'{suggest(p.stem + '.yml', KNOWN_FILES)}: a briefing holds {', '.join(KNOWN_FILES)}")

    def read_file(self, name: str, limit: int) -> str | None:
        ahead = self.ahead.text(name) if self.ahead is not None else None
        text, problems = ahead or read_text(self.folder / name, self.real_root, self.path(name), limit)
        self.problems.extend(problems)
        return text

    def parse(self, name: str, text: str) -> Located | None:
        ahead = self.ahead.parse(name, text) if self.ahead is not None else None
        located, problems = ahead or parse_yaml(text, self.path(name))
        self.problems.extend(problems)
        return located if not problems else None

    def read_meta(self) -> Entry | None:
        if not (self.folder / "briefing.yml").exists():
            self.problems.add(self.path("briefing.yml"), 1, 1, "missing: every briefing folder needs a briefing.yml (title, summary, updated)")
            return None
        text = self.read_file("briefing.yml", MAX_YAML_BYTES)
        return None if text is None else self.cached("meta", "briefing.yml", text, lambda reader: reader.meta_entry(text))

    def meta_entry(self, text: str) -> Entry | None:
        located = self.parse("briefing.yml", text)
        if located is None:
            return None
        if located.data is None:
            self.problems.add(located.path, 1, 1, "file is empty: it needs title, summary and updated")
            return None
        if isinstance(located.data, list):
            self.problems.add(located.path, 1, 1, "expected keys (title, summary, updated), got a list: remove the '- ' in front of them")
            return None
        meta = validate(located, (), model.BriefingMeta, self.problems.items)
        return Entry(meta, located, ()) if meta is not None else None

    def read_list(self, name: str) -> list[Entry]:
        if not (self.folder / name).exists():
            return []
        text = self.read_file(name, MAX_YAML_BYTES)
        if text is None:
            self.broken.files.add(name)
            return []
        return list(self.cached("list", name, text, lambda reader: reader.list_entries(name, text)))

    def list_entries(self, name: str, text: str) -> list[Entry]:
        located = self.parse(name, text)
        if located is None:
            self.broken.files.add(name)
            return []
        if located.data is None:
            return []  # an empty file is a list not yet started
        if not isinstance(located.data, list):
            self.broken.files.add(name)
            self.problems.add(located.path, *located.position(()), f"expected a list of entries, each starting with '- ', got {model._kind(located.data)}")
            return []
        cls = model.LIST_FILES[name]
        out = []
        for i, item in enumerate(located.data):
            value = validate(located, (i,), cls, self.problems.items)
            if value is not None:
                out.append(Entry(value, located, (i,)))
                continue
            part = salvage(cls, item)
            if part is not None:
                out.append(Entry(part, located, (i,), complete=False))
            if (part is None or part.id is None) and isinstance(item, dict) and isinstance(ident := written(item.get("id")), str):
                self.broken.ids.update({ident, model.id_hint(ident)})
        return out

    def check_fingerprint(self, front: Located, meta: model.DocumentMeta, body: str, body_line: int, ident: str) -> list[Changed]:
        """The paragraphs changed since the text was fingerprinted; a problem when there are any."""
        if meta.sha256 is None or text_digest(body) == meta.sha256:
            return []
        changed = changed_paragraphs(body, meta.sha256_paragraphs, body_line)
        fewer = len(meta.sha256_paragraphs) - len(paragraphs(body))
        where = [f"paragraph{'s' if len(changed) != 1 else ''} changed at line{'s' if len(changed) != 1 else ''} "
                 f"{', '.join(str(c.line) for c in changed)}"] if changed else []
        if fewer > 0 and meta.sha256_paragraphs:
            where.append(f"{fewer} paragraph{'s' if fewer != 1 else ''} fewer than when fingerprinted")
        what = "; ".join(where) or "only the blank lines between paragraphs changed"
        self.problems.add(front.path, *front.position(("sha256",)),
                          f"the text no longer matches its sha256 fingerprint: {what}. A document is kept verbatim: restore "
                          f"the text, or if the source itself changed, run `briefing fingerprint {self.folder.name} {ident} --update`")
        return changed

    def read_documents(self) -> dict[str, Entry]:
        folder = self.folder / "documents"
        documents: dict[str, Entry] = {}
        if not folder.is_dir():
            return documents
        for p in sorted(folder.iterdir()):
            name = f"documents/{p.name}"
            if p.name.startswith("."):
                continue
            if p.suffix != ".md" or p.is_dir():
                self.problems.add(self.path(name), 1, 1, "not a document: documents are .md files (front matter, then the text)")
                continue
            if not model.ID_PATTERN.match(p.stem):
                self.problems.add(self.path(name), 1, 1, f"file name '{p.stem}' is not an id: use lowercase letters, digits and hyphens")
                continue
            self.broken.documents.add(p.stem)  # until it has loaded
            text = self.read_file(name, MAX_DOCUMENT_BYTES)
            if text is None:
                continue
            parsed = self.cached("document", name, text, lambda reader: reader.document(name, text))
            if parsed is not None:
                doc = resolved.Document(p.stem, self.folder.name, parsed.meta, parsed.body, self.path(name))
                doc.normalised = parsed.normalised
                doc.changed = self.check_fingerprint(parsed.front, parsed.meta, parsed.body, parsed.body_line, p.stem)
                documents[p.stem] = Entry(doc, parsed.front, ())
                self.broken.documents.discard(p.stem)
        return documents

    def document(self, name: str, text: str) -> ParsedDocument | None:
        front, body, body_line, problems = split_front_matter(text, self.path(name))
        self.problems.extend(problems)
        if front is None or problems:
            return None
        if front.data is None:
            self.problems.add(front.path, 1, 1, "front matter is empty: it needs at least a title")
            return None
        meta = validate(front, (), model.DocumentMeta, self.problems.items)
        if not body.strip():
            self.problems.add(front.path, body_line, 1, "the document has no text after its front matter")
            return None
        return None if meta is None else ParsedDocument(front, meta, body, body_line)


@dataclass
class ParsedDocument:
    """A document's file as read, before it becomes a :class:`resolved.Document` of one load."""

    front: Located
    meta: model.DocumentMeta
    body: str
    body_line: int

    @functools.cached_property
    def normalised(self) -> Normalised:
        """The body made ready for quotes, once for every load that reads this same text."""
        return Normalised(self.body)


def salvage(cls: type[BaseModel], data: Any) -> Any:
    """What can still be read of an entry that failed its checks, or ``None`` if not a mapping.

    Each key that is valid on its own keeps its value; one that is not is ``None``, and so is a bad
    item of a list, which keeps the others at their places (and positions). A model of the result
    is built without validation: it serves the checks across files only, never a page.
    """
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if name not in data:
            values[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _field_adapter(cls, name).validate_python(data[name])
        except ValidationError:
            inner = inner_model(info.annotation)  # `date: {after: x, days: yes}` still names x
            if inner is not None and isinstance(data[name], dict):
                values[name] = salvage(inner, data[name])
            else:
                values[name] = _salvage_items(_item_type(info.annotation), data[name])
    return cls.model_construct(**values)


def _salvage_items(item: Any, raw: Any) -> list[Any] | None:
    """A list of which each item is checked on its own; one source written alone is a list of one."""
    if item is None:
        return None
    items = [raw] if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        return None
    out = []
    for value in items:
        try:
            out.append(_adapter(item).validate_python(value))
        except ValidationError:
            model_cls = inner_model(item)
            out.append(salvage(model_cls, value) if model_cls is not None and isinstance(value, dict) else None)
    return out


@functools.cache
def _field_adapter(cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = cls.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)


_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    """One adapter per type, kept by identity: some annotations (discriminated unions) are not hashable."""
    if id(annotation) not in _ADAPTERS:
        _ADAPTERS[id(annotation)] = (annotation, TypeAdapter(annotation))
    return _ADAPTERS[id(annotation)][1]


def _item_type(annotation: Any) -> Any:
    """``X`` of a field typed ``list[X]`` (optional or annotated, as ``Cite`` is), else ``None``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
