"""YAML syntax errors in words an analyst can act on, at the place the mistake is."""

from __future__ import annotations

import re

import yaml

from .errors import Problem


def syntax_problem(e: yaml.MarkedYAMLError, text: str, display: str, line_offset: int) -> Problem:
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    mark = e.problem_mark or e.context_mark
    at = mark.index if mark else -1
    if 0 <= at < len(text) and text[at] == "\t":
        message = "tab character: indent YAML with spaces"
    elif "expected a single document" in f"{problem} {context}":
        message = "more than one YAML document (a second '---'); keep one per file"
    elif (flow := _colon_in_flow(e, text)) is not None:
        message = flow
    else:
        for pattern, where, words in _SYNTAX:
            if re.search(pattern, f"{problem} ({context})"):
                if where == "context" and e.context_mark:
                    mark = e.context_mark
                at = mark.index if mark else -1
                char = text[at] if 0 <= at < len(text) else ""
                message = words.format(char=char)
                break
        else:
            message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
    return Problem(display, line, column, message)


_FLOWS = {"}": ("{", "{…}", "mapping"), "]": ("[", "[…]", "list")}


def _colon_in_flow(e: yaml.MarkedYAMLError, text: str) -> str | None:
    """What is wrong when libyaml stops at a second ': ' inside ``{…}`` or ``[…]``.

    libyaml then says the mapping or list is never closed, though its closing bracket may be
    right there: the real mistake is an unquoted value holding ': ', which YAML reads as a key.
    """
    found = re.search(r"expected ',' or '([}\]])'", e.problem or "")
    mark = e.problem_mark
    if not found or mark is None or text[mark.index:mark.index + 2].rstrip() != ":":
        return None
    opener, shape, noun = _FLOWS[found.group(1)]
    lines = text.split("\n")
    if e.context_mark and mark.line > e.context_mark.line and _indent(lines[mark.line]) <= _indent(lines[e.context_mark.line]):
        return None  # the flow ran on into the next key: it is never closed
    line = lines[mark.line]
    start = max(line.rfind(",", 0, mark.column), line.rfind(opener, 0, mark.column)) + 1
    end = min((i for i in (line.find(",", mark.column), line.find(found.group(1), mark.column)) if i >= 0), default=len(line))
    item = line[start:end].strip()
    if noun == "mapping" and ": " in item:
        key, value = item.split(": ", 1)
        example = f'{key}: "{value}"'
    else:
        example = f'"{item}"'
    hint = f", e.g. {example}" if item and '"' not in item else ""
    message = f"': ' inside {shape} makes YAML read a new key here: put the value that holds ': ' in quotes{hint}"
    return message if _closed(lines, e, found.group(1)) else f"{message}; and close the {noun} with '{found.group(1)}'"


def _closed(lines: list[str], e: yaml.MarkedYAMLError, closer: str) -> bool:
    """Whether ``closer`` follows the problem on its line or on the lines continuing the flow."""
    mark, context = e.problem_mark, e.context_mark
    if closer in lines[mark.line][mark.column:]:
        return True
    indent = _indent(lines[context.line]) if context else 0
    for line in lines[mark.line + 1:]:
        if line.strip() and _indent(line) <= indent:
            return False
        if closer in line:
            return True
    return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_SYNTAX = [
    # (libyaml's words, where to point: the problem or the context mark, what to tell the analyst)
    (r"end of stream \(while scanning a quoted scalar", "context",
     "this {char} opens a quoted value that is never closed: add the closing {char}"),
    (r"expected ',' or '\]'", "context", "this '[' opens a list that is never closed: add ']' (and separate items with ',')"),
    (r"expected ',' or '\}'", "context", "this '{{' opens a mapping that is never closed: add '}}' (and separate keys with ',')"),
    (r"mapping values are not allowed", "problem",
     "unexpected ': ' here: put a value containing ': ' in quotes, or check this line's indentation"),
    (r"could not find expected ':'", "context", "this line has no ':': write 'key: value', or indent it to continue the value above"),
    (r"expected '-' indicator|expected key", "problem",
     "this line does not line up with the ones above: check its indentation, and that nothing follows a closing quote"),
    (r"cannot start any token", "problem", "a value cannot start with '{char}': put the value in quotes"),
    (r"undefined alias", "problem", "'*' starts a YAML alias here: put the value in quotes"),
]
"""Common YAML mistakes in words an analyst can act on; anything else keeps libyaml's words."""
