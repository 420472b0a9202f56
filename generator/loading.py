"""Reading briefing files: YAML and documents with front matter, keeping every value's position.

YAML is parsed by libyaml (``yaml.CSafeLoader``) into a node tree, then turned into plain Python
values here rather than by PyYAML's constructor, for three reasons: duplicate keys must be errors
(PyYAML keeps the last one silently), an impossible date such as ``2025-02-30`` must be a
positioned error (PyYAML raises a bare ``ValueError``), and every value needs its position so that
later stages can say ``path:line:column``.
"""

from __future__ import annotations

import os
import re
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .yaml_errors import syntax_problem

try:  # libyaml is ten times faster; the pure-Python parser gives the same nodes.
    from yaml import CSafeLoader as _Safe
except ImportError:  # pragma: no cover - libyaml is in every PyYAML wheel we pin
    from yaml import SafeLoader as _Safe  # type: ignore[assignment]

_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


class _Loader(_Safe):  # type: ignore[misc, valid-type]
    """libyaml's loader with PyYAML's resolution of tags written lean: it runs for every value.

    The same rules (a plain value is tried against the patterns for its first character, else
    it is a string); without path resolvers, which the format does not use.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if value is None:  # a list or mapping
            return _SEQ if kind is yaml.SequenceNode else _MAP
        if not implicit[0]:
            return _STR
        candidates = _IMPLICIT.get(value[:1])
        if candidates is None:
            return _STR
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = next((tag for tag, regexp in candidates if regexp.match(value)), _STR)
            if len(_RESOLVED) < 10_000:
                _RESOLVED[value] = tag
        return tag


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_RESOLVED: dict[str, str] = {}
"""Tags of plain values that might not be strings, as resolved before: keys (``name``, ``text``),
units and dates recur thousands of times."""

MAX_YAML_BYTES = 5 * 1024 * 1024
"""A YAML file larger than this is refused: hand-curated facts never come near it."""
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""A source document larger than this is refused (a long report is about 1 MB of text)."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings; the format itself needs 6."""
MAX_ALIASED = 100_000
"""Most values YAML aliases may add to one file: stops "billion laughs" without capping files
written out in full, whose size :data:`MAX_YAML_BYTES` bounds."""

Path_ = tuple[str | int, ...]

_SCALAR = yaml.constructor.SafeConstructor()


_LINE = 1 << 24
"""A position is kept as one number, ``line * _LINE + column``, in an array of its mapping or list:
a file has hundreds of thousands, and positions kept by path took more memory than the values."""


class Mapping(dict[str, Any]):
    """A YAML mapping, with where each key and value starts: ``at`` holds key, value, key ... in order."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        super().__init__()
        self.at = array("q")


class Sequence(list[Any]):
    """A YAML list, with where each item starts in ``at``."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        super().__init__()
        self.at = array("q")


@dataclass
class Located:
    """Values read from one file (:class:`Mapping` and :class:`Sequence` knowing where each of
    theirs starts), with where the whole value starts (0 for an empty file)."""

    path: str
    data: Any
    start: int = 0

    def position(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or of its key) at ``loc``, or of its nearest ancestor."""
        at, data = self.start, self.data
        for step in loc:
            if data.__class__ is Mapping and step in data:
                i = list(data).index(step)
                at = data.at[2 * i + (0 if key else 1)]
            elif data.__class__ is Sequence and type(step) is int and 0 <= step < len(data):
                at = data.at[step]
            else:
                break
            data = data[step]
        return divmod(at, _LINE) if at else (1, 1)

    def item_positions(self, loc: Path_, count: int) -> list[tuple[int, int]]:
        """:meth:`position` of items ``0 .. count - 1`` of the list at ``loc``, the path walked once:
        a fact's place is kept for each of tens of thousands."""
        data = self.data
        for step in loc:
            if data.__class__ is Mapping and step in data or data.__class__ is Sequence and type(step) is int and 0 <= step < len(data):
                data = data[step]
            else:
                break
        else:
            if data.__class__ is Sequence and len(data) >= count:
                return [divmod(at, _LINE) for at in data.at[:count]]
        return [self.position((*loc, i)) for i in range(count)]

    def problem(self, loc: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, message)


class WrittenInt(int):
    """An integer that remembers how it was written: a text field keeps `007` or `1:20`, not 7 or 80."""

    written: str


class WrittenFloat(float):
    """A float that remembers how it was written: a text field keeps `1.10`, not 1.1."""

    written: str


def written(value: Any) -> Any:
    """The text of a YAML number as the analyst typed it; any other value unchanged."""
    return getattr(value, "written", value)


class _TooBig(Exception):
    def __init__(self, at: int):
        self.at = at
        """Where the key nearest above the alias starts (0: there is none)."""


def read_text(path: Path, root: Path, display: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file that must stay inside ``root`` (a resolved path), or say why it cannot be used."""
    real = path.resolve()
    if not real.is_relative_to(root):
        if path.is_symlink():
            message = f"is a link to '{os.readlink(path)}', outside the briefings folder: copy the file in instead"
        else:
            message = "is in a linked folder outside the briefings folder: copy the files in instead"
        return None, [Problem(display, 1, 1, message)]
    if path.is_symlink() and not real.exists():
        return None, [Problem(display, 1, 1, f"is a link to '{os.readlink(path)}', which does not exist")]
    try:
        size = real.stat().st_size
        if size > limit:
            return None, [Problem(display, 1, 1, f"file is {size / 1048576:.1f} MB; the limit is {limit // 1048576} MB")]
        raw = real.read_bytes()
    except OSError as e:
        return None, [Problem(display, 1, 1, f"cannot be read: {e.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [Problem(display, line, column, f"is not UTF-8 text (byte 0x{raw[e.start]:02x}); save the file as UTF-8")]
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml(text: str, display: str, *, line_offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document into plain values with positions; ``None`` data for an empty file."""
    located = Located(display, None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        return None, [syntax_problem(e, text, display, line_offset)]
    except yaml.YAMLError as e:  # pragma: no cover - libyaml marks every error it raises
        return None, [Problem(display, 1, 1, f"YAML error: {e}")]
    if node is None:
        return located, []
    problems: list[Problem] = []
    builder = _Builder(located, problems, line_offset, anchored="&" in text)
    try:
        located.start = builder.pos(node)
        located.data = builder.build(node, 0, 0, None)
    except _TooBig as e:
        line, column = divmod(e.at, _LINE) if e.at else (1, 1)
        message = f"YAML aliases (*name) here expand to more than {MAX_ALIASED:,} values; write the entries out"
        return None, [Problem(display, line, column, message)]
    return located, problems


class _Builder:
    """Plain values from a node tree, noting every value's and key's position on the way.

    It visits every node of every file, so it is written for speed: a string is taken where it is
    met, without a call of its own, and nodes are tracked for aliases only in a text that has an
    anchor (``&name``) for an alias to name.
    """

    def __init__(self, located: Located, problems: list[Problem], line_offset: int, anchored: bool):
        self.located = located
        self.problems = problems
        self.line_offset = line_offset
        self.seen: set[int] | None = set() if anchored else None
        self.aliased = 0

    def pos(self, node: yaml.Node) -> int:
        mark = node.start_mark
        return (mark.line + 1 + self.line_offset) * _LINE + mark.column + 1

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.located.path, *divmod(self.pos(node), _LINE), message))

    def build(self, node: yaml.Node, depth: int, near: int, alias: int | None) -> Any:
        """The value of ``node``. ``near`` is where the nearest key above it starts; ``alias`` the
        same for where an alias led here, if one did: a message about aliases names that key."""
        seen = self.seen
        if seen is not None:
            if id(node) in seen:
                if alias is None:
                    alias = near
                self.aliased += 1
                if self.aliased > MAX_ALIASED:
                    raise _TooBig(alias)
            seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if node.__class__ is _ScalarNode:
            return self.scalar(node)
        if node.__class__ is _SequenceNode:
            return self.sequence(node, depth, near, alias)
        if node.__class__ is _MappingNode:
            return self.mapping(node, depth, alias)
        self.problem(node, "unsupported YAML node")  # pragma: no cover
        return None

    def sequence(self, node: yaml.SequenceNode, depth: int, near: int, alias: int | None) -> Sequence:
        out = Sequence()
        at = out.at
        offset = self.line_offset + 1
        depth += 1
        inline = self.seen is None and depth <= MAX_DEPTH
        for item in node.value:
            mark = item.start_mark
            at.append((mark.line + offset) * _LINE + mark.column + 1)
            if inline and item.__class__ is _ScalarNode and item.tag == _STR:
                out.append(item.value)
            else:
                out.append(self.build(item, depth, near, alias))
        return out

    def mapping(self, node: yaml.MappingNode, depth: int, alias: int | None) -> Mapping:
        out = Mapping()
        at = out.at
        offset = self.line_offset + 1
        depth += 1
        inline = self.seen is None and depth <= MAX_DEPTH
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode:
                self.problem(key_node, "a key must be a plain word, not a list or mapping")
                continue
            # The raw text, not the resolved value: `on:`, `no:` or `2025:` are names here.
            key = key_node.value
            if key == "<<":
                self.problem(key_node, "YAML merge keys ('<<') are not supported; write the keys out")
                continue
            if key in out:
                first = at[2 * list(out).index(key)] // _LINE
                self.problem(key_node, f"duplicate key '{key}' (first at line {first})")
                continue
            mark = key_node.start_mark
            here = (mark.line + offset) * _LINE + mark.column + 1
            mark = value_node.start_mark
            at.append(here)
            at.append((mark.line + offset) * _LINE + mark.column + 1)
            if inline and value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, depth, here, alias)
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates are parsed by the model, which knows partial dates
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _SCALAR.construct_yaml_bool(node)
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            text = node.value
            if tag == "tag:yaml.org,2002:float":
                value = _SCALAR.construct_yaml_float(node)
            elif text.isdecimal() and text.isascii() and (text[0] != "0" or text == "0"):
                value = int(text)  # the commonest, as YAML 1.1 reads it (a leading 0 is octal)
            else:
                value = _SCALAR.construct_yaml_int(node)
            number = WrittenInt(value) if isinstance(value, int) else WrittenFloat(value)
            number.written = node.value
            return number
        self.problem(node, f"unsupported YAML tag {tag!r}")
        return None


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, display: str) -> tuple[Located | None, str, int, list[Problem]]:
    """Split a document into front matter and body; the body keeps its text exactly."""
    match = _FRONT.match(text)
    if not match:
        message = "no front matter: start the document with a '---' line, its fields, and another '---' line"
        if text.startswith("---"):
            message = "front matter is not closed: add a '---' line after its fields"
        return None, "", 0, [Problem(display, 1, 1, message)]
    front, problems = parse_yaml(match.group(1) or "", display, line_offset=1)
    body_line = text.count("\n", 0, match.end()) + 1
    return front, text[match.end() :], body_line, problems
