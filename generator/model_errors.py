"""Pydantic's validation errors in the analyst's words, each at the position of what it is about.

Pydantic reports locations in its own terms (union tags, a single source as a list of one);
these are mapped back onto the YAML as written, and a misspelt key is reported once, as unknown
with its correction, not again as the missing key it was meant to be.
"""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model
from .errors import Problem
from .loading import Located

_TAGS = {"doc-source": model.DocSource, "url-source": model.UrlSource, "derived-date": model.DerivedDate, "exact-date": None}


def suggest(word: str, options: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest option, or nothing when none is near."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate(located: Located, base: tuple[str | int, ...], cls: type[BaseModel], problems: list[Problem]) -> Any:
    """The value at ``base`` of ``located`` as a ``cls``, or ``None`` with its problems added."""
    data = located.data
    for step in base:
        data = data[step]
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        errors = e.errors(include_url=False)
        misspelt = _misspelt(data, errors, cls)
        for error in errors:
            loc = _real_loc(data, error["loc"])
            if error["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
                continue  # `nme:` is reported once, as unknown with its correction 'name'
            problems.append(_problem(located, base, data, error, cls))
        return None


def _misspelt(data: Any, errors: list[Any], cls: type[BaseModel]) -> set[tuple[tuple[str | int, ...], str]]:
    """(mapping, key) for each missing key that an unknown key of the same mapping is close to."""
    out = set()
    for error in errors:
        if error["type"] == "extra_forbidden" and (close := _nearest_key(cls, error["loc"])):
            out.add((_real_loc(data, error["loc"])[:-1], close))
    return out


def _nearest_key(cls: type[BaseModel], raw_loc: tuple[Any, ...]) -> str | None:
    """The known key nearest to the unknown one at ``raw_loc``, if one is near."""
    owner = _model_at(cls, raw_loc[:-1])
    close = difflib.get_close_matches(str(raw_loc[-1]), list(owner.model_fields) if owner else [], n=1, cutoff=0.6)
    return close[0] if close else None


def _problem(located: Located, base: tuple[str | int, ...], data: Any, error: dict[str, Any], cls: type[BaseModel]) -> Problem:
    """A pydantic error in the analyst's words, at the position of what it is about."""
    raw_loc = error["loc"]
    loc = _real_loc(data, raw_loc)
    kind, value = error["type"], error.get("input")
    owner = _model_at(cls, raw_loc[:-1])
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    if kind == "missing":
        return located.problem(base + loc[:-1], f"missing required key '{loc[-1]}'")
    if kind == "extra_forbidden":
        what = f" for {_article(owner)}" if owner else ""
        close = _nearest_key(cls, raw_loc)
        hint = f" (did you mean '{close}'?)" if close else ""
        if owner is model.Figure and str(loc[-1]).isdigit():  # {value: 2,200} reads as value 2 and a key 200
            hint = ": write numbers without a thousands separator, e.g. 2200"
        return located.problem(base + loc, f"unknown key '{loc[-1]}'{what}{hint}", key=True)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        if not isinstance(value, str):  # `status: yes` is the boolean true, not the word 'True'
            return located.problem(base + loc, f"{name}: expected one of {', '.join(options)}, got {model._kind(value)}")
        return located.problem(base + loc, f"'{value}' is not a valid {name}{suggest(str(value), options)}: one of {', '.join(options)}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping of keys and values, got {model._kind(value)}"
    elif kind == "list_type" and name == "cite":
        message = f"expected a source, {{doc: <document id>, quote: <its words>}}, or a list of them, got {model._kind(value)}"
    elif kind == "list_type":
        message = f"expected a list, got {model._kind(value)}: write [a, b] or one '- item' per line"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"expected true or false, got {model._kind(value)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"expected a whole number, got {model._kind(value)}"
    elif kind == "too_short":
        message = "needs at least one source" if name == "cite" else "must not be empty"
    else:
        message = error["msg"].removeprefix("Value error, ")
    if name and name != "id" and kind != "source":
        message = f"{name}: {message}"
    return located.problem(base + loc, message)


def _article(cls: type[BaseModel]) -> str:
    name = {"DocSource": "a document source", "UrlSource": "an outside source", "DocumentMeta": "a document's front matter",
            "BriefingMeta": "briefing.yml", "DerivedDate": "a derived date"}.get(cls.__name__)
    word = cls.__name__.lower()
    return name or f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _real_loc(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Pydantic's error location mapped back onto the YAML: tags dropped, one source not a list."""
    out: list[str | int] = []
    for step in loc:
        if step in _TAGS:
            continue
        if isinstance(step, int) and not isinstance(data, list):
            continue
        out.append(step)
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            data = None
    return tuple(out)


def _model_at(cls: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    for step in loc:
        if step in _TAGS:
            cls = _TAGS[step]
        elif isinstance(step, str):
            cls = inner_model(cls.model_fields[step].annotation) if cls is not None and step in cls.model_fields else None
    return cls


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The one model a field's type holds (``Figure | None``, a list of ``Fact``), if just one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    found = [m for a in typing.get_args(annotation) if (m := inner_model(a))]
    return found[0] if len(found) == 1 else None

