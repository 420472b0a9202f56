"""`briefing ids`: give every fact without an id a short, readable one, in its YAML file.

A fact's anchor comes from its words until it has an id, so every link to it breaks when a typo
is fixed. The ids are written into the analyst's own files, which must not change otherwise: not
their comments, order, quoting, flow mappings or line ends. Dumping a parsed file again would
reformat it, so ruamel.yaml's round-trip parser only says where each fact's first key starts, the
``id:`` is written in front of it in the style of its mapping (a line of its own, or ``id: x,``
inside braces), and the result is read again and compared with the original plus the ids before
anything is written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from . import model
from .errors import Problem
from .loading import parse_yaml
from .resolved import Briefing
from .validation import PAGE_ANCHOR_PREFIXES, PAGE_ANCHORS

WORDS = 3
"""Words of the fact in its id after the entity's: enough to tell a page's facts apart."""
_STOP = frozenset("a an the of to in on at for and or but is are was were be been being has have had by with as "
                  "that this these those it its from about more than into over under after before will would can "
                  "could may might not no there said says also yet only just their they he she his her we our you your i which who what".split())
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@dataclass
class Written:
    """What ``briefing ids`` did to one file."""

    path: Path
    ids: list[str]


def make_id(entity: str, text: str, taken: set[str]) -> str:
    """``jtf-n`` (the entity's short name, else its id) and "About 2,200 troops serve at the
    border" → ``jtf-n-2200-troops-serve``, unlike every id in ``taken`` and every anchor of an
    entity page."""
    joined = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text.lower())  # 2,200 is one word
    own = set(entity.split("-"))
    words = [w for w in re.findall(r"[a-z0-9]+", joined)
             if w not in _STOP and w not in own and (len(w) > 1 or w.isdigit())] or ["fact"]

    def fits(parts: list[str]) -> str:
        ident = "-".join([entity, *parts])
        while len(ident) > 64 and "-" in ident:
            ident = ident.rsplit("-", 1)[0]
        return ident[:64].rstrip("-")

    def free(ident: str) -> bool:
        return ident not in taken and ident not in PAGE_ANCHORS and not ident.startswith(PAGE_ANCHOR_PREFIXES) \
            and ident not in model.RESERVED_IDS and bool(model.ID_PATTERN.match(ident))

    for n in range(min(WORDS, len(words)), len(words) + 1):
        if free(ident := fits(words[:n])):
            return ident
    base, n = fits(words[:WORDS])[:60].rstrip("-"), 2
    while not free(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"


def add_ids(folders: list[Path], briefings: list[Briefing]) -> tuple[list[Written], list[Problem]]:
    """Write an id into every fact without one, in each briefing's entity files.

    ``briefings`` are the validated briefings of ``folders`` (each named by its folder): their
    ids are the ones a new id must not take. A file that cannot be changed without changing more than the
    ids is left as it is and reported.
    """
    done: list[Written] = []
    problems: list[Problem] = []
    by_id = {b.id: b for b in briefings}
    for folder in folders:
        briefing = by_id[folder.name]
        taken = {*briefing.entities, *(e.id for e in briefing.events), *(q.id for q in briefing.questions),
                 *(f.id for f in briefing.facts if f.id)}
        for name in model.ENTITY_FILES:
            path = folder / name
            if path.is_file():
                result = _add_to_file(path, f"{briefing.source}/{name}", taken)
                if isinstance(result, Problem):
                    problems.append(result)
                elif result.ids:
                    done.append(result)
    return done, problems


def _add_to_file(path: Path, display: str, taken: set[str]) -> Written | Problem:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3 if bom else 0:].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    data = YAML(typ="rt").load(text)
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    inserts: list[tuple[int, str]] = []
    added: dict[tuple[int, int], str] = {}
    for i, entity in enumerate(data or []):
        for j, fact in enumerate(entity.get("facts") or []):
            if "id" in fact:
                continue
            prefix = model.id_hint(str(entity.get("short") or "")) or str(entity["id"])
            ident = make_id(prefix, " ".join(str(fact["text"]).split()), taken)
            taken.add(ident)
            line, column = fact.lc.key(next(iter(fact)))
            if fact.fa.flow_style():
                inserts.append((starts[line] + column, f"id: {ident}, "))
            else:  # a line of its own after the fact's last: no line of the fact changes (What's new reads the lines)
                at = _after_block(text, starts, line, column)
                lead = "" if at == 0 or text[at - 1] in "\r\n" else newline
                inserts.append((at, f"{lead}{' ' * column}id: {ident}{newline if not lead else ''}"))
            added[(i, j)] = ident
    if not inserts:
        return Written(path, [])
    for at, piece in sorted(inserts, reverse=True):
        text = text[:at] + piece + text[at:]
    if not _only_ids_added(raw[3 if bom else 0:].decode("utf-8"), text, added, display):
        return Problem(display, 1, 1, "could not add the ids without changing anything else in the file: add them by hand")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return Written(path, list(added.values()))


def _after_block(text: str, starts: list[int], line: int, column: int) -> int:
    """Where the block mapping whose first key is at ``line``, ``column`` ends: just after its last
    line that is neither blank nor a comment, before the next line indented less than its keys."""
    last = line
    for n in range(line + 1, len(starts)):
        row = text[starts[n]:starts[n + 1] if n + 1 < len(starts) else len(text)].rstrip("\r\n")
        if not row.strip() or row.strip().startswith("#"):
            continue
        if len(row) - len(row.lstrip(" ")) < column:
            break
        last = n
    return starts[last + 1] if last + 1 < len(starts) else len(text)


def _only_ids_added(before: str, after: str, added: dict[tuple[int, int], str], display: str) -> bool:
    """True when ``after`` reads as ``before`` with the new ids, by the parser the build uses."""
    old, _ = parse_yaml(_plain(before), display)
    new, _ = parse_yaml(_plain(after), display)
    if old is None or new is None:
        return False
    expected: Any = copy.deepcopy(old.data)
    for (i, j), ident in added.items():
        expected[i]["facts"][j]["id"] = ident
    return bool(new.data == expected)


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
