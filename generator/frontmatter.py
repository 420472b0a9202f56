"""Writing a document's front matter: a new document, or a fingerprint added to an existing one.

Every text is checked as `briefing check` reads it before it is written, so that no command writes
a document that the check would reject; a new document is created, never written over.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from . import model
from .errors import Problem
from .fingerprint import paragraph_digests, text_digest
from .loading import _FRONT, MAX_DOCUMENT_BYTES, read_text, split_front_matter
from .locate import CommandError
from .model_errors import suggest, validate

_FINGERPRINT_KEYS = ("sha256", "sha256_paragraphs")


def fingerprint_fields(body: str) -> dict[str, Any]:
    return {"sha256": text_digest(body), "sha256_paragraphs": paragraph_digests(body)}


def dump(fields: dict[str, Any]) -> str:
    """Front matter lines for ``fields``, in their order; lists of digests on one line."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):  # on one line: [a, b]
            lines.append(f"{key}: {yaml.safe_dump(value, default_flow_style=True, width=1_000_000).strip()}")
        else:
            lines.append(yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1_000_000).rstrip("\n"))
    return "\n".join(lines) + "\n"


def problems_of(text: str, display: str) -> list[Problem]:
    """What `briefing check` would say of this document text on its own."""
    front, body, body_line, problems = split_front_matter(text, display)
    if front is None or problems:
        return problems
    found: list[Problem] = []
    if validate(front, (), model.DocumentMeta, found) is not None and not body.strip():
        found.append(Problem(display, body_line, 1, "the document has no text after its front matter"))
    return found


def create(path: Path, fields: dict[str, Any], body: str) -> None:
    """Write a new document, or fail: an existing file is never written over."""
    text = f"---\n{dump(fields)}---\n{body}"
    _refuse_problems(text, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise CommandError(f"{path.as_posix()} exists; a document is never written over: choose another --id") from None


def stamp(path: Path, root: Path, *, update: bool) -> str:
    """Write the fingerprint of the document at ``path`` into its front matter.

    Returns what was done: ``added``, ``updated``, ``unchanged`` or ``changed`` (the text no
    longer matches and ``update`` was not given, so nothing was written)."""
    text, problems = read_text(path, root.resolve(), path.as_posix(), MAX_DOCUMENT_BYTES)
    if text is None:
        raise CommandError(problems[0].message if problems else f"{path.as_posix()} cannot be read")
    match = _FRONT.match(text)
    front, body, _, problems = split_front_matter(text, path.as_posix())
    if match is None or match.group(1) is None or front is None or problems or not isinstance(front.data, dict):
        raise CommandError(f"{path.as_posix()}: its front matter must be fixed first (run `briefing check`)")
    fields = fingerprint_fields(body)
    old = front.data.get("sha256")
    if old == fields["sha256"] and front.data.get("sha256_paragraphs") == fields["sha256_paragraphs"]:
        return "unchanged"
    if old is not None and not update:
        return "changed"
    kept = _without_keys(match.group(1), _FINGERPRINT_KEYS)
    new = f"{text[:match.start(1)]}{''.join(kept)}{dump(fields)}{text[match.end(1):]}"
    _refuse_problems(new, path)
    temporary = path.with_name(f".{path.name}.fingerprint")
    temporary.write_text(new, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
    return "added" if old is None else "updated"


def _without_keys(front: str, keys: tuple[str, ...]) -> list[str]:
    """The front matter's lines less the top-level ``keys`` and their indented continuations."""
    out, skipping = [], False
    for line in front.splitlines(keepends=True):
        if not line[:1].isspace() and line.strip():
            skipping = line.split(":", 1)[0].strip() in keys
        if not skipping:
            out.append(line)
    return out


def _refuse_problems(text: str, path: Path) -> None:
    problems = problems_of(text, path.as_posix())
    if problems:
        raise CommandError("; ".join(f"{p.line}:{p.column}: {p.message}" for p in problems) + f" (nothing written to {path.as_posix()})")


def stamp_briefing(folder: Path, ids: list[str], *, update: bool) -> dict[str, str]:
    """Fingerprint the documents ``ids`` of the briefing in ``folder`` (all when none is named)."""
    documents = folder / "documents"
    present = sorted(p.stem for p in documents.glob("*.md")) if documents.is_dir() else []
    for ident in ids:
        if ident not in present:
            raise CommandError(f"no document '{ident}'{suggest(ident, present)} in {documents.as_posix()}/")
    return {ident: stamp(documents / f"{ident}.md", folder, update=update) for ident in ids or present}
