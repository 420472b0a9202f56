"""The format's values: how each YAML value a model holds is checked, and its JSON Schema.

An id, a text, a date, a number ...: each a type annotated with its validator (pydantic's
``PlainValidator``: the one place the rule is written, with the message an analyst reads) and the
schema an editor checks it by. The models of :mod:`generator.model` are made of them.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import PartialDate
from .loading import WrittenInt, written

ID_PATTERN = re.compile(r"^[a-z0-9-]{1,64}$")
RESERVED_IDS = frozenset({"index"})


def id_hint(value: str) -> str:
    """The id an analyst most likely meant: ``Task Force`` → ``task-force``."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", value.lower())).strip("-")[:64].rstrip("-")


def _id(value: Any) -> str:
    if value.__class__ is str and value in _IDS:  # an entity's id is written once, and referred to often
        return value
    value = written(value)  # `id: 2025` is the id "2025"
    if not isinstance(value, str):
        raise PydanticCustomError("id", "expected an id (lowercase letters, digits and hyphens), got {got}", {"got": _kind(value)})
    if len(value) > 64 and ID_PATTERN.match(value[:64]):
        raise PydanticCustomError("id", "id '{value}' is {n} characters long; the most is 64", {"value": value, "n": len(value)})
    if not ID_PATTERN.match(value):
        hint = id_hint(value)
        raise PydanticCustomError(
            "id",
            "bad id '{value}': use 1-64 lowercase letters, digits and hyphens{hint}",
            {"value": value, "hint": f" (e.g. '{hint}')" if hint and hint != value else ""},
        )
    if value in RESERVED_IDS:
        raise PydanticCustomError("id", "the id '{value}' is reserved for index pages; choose another", {"value": value})
    if len(_IDS) < 100_000:
        _IDS.add(value)
    return value


_IDS: set[str] = set()
"""Ids that passed :func:`_id`, each checked once whatever the number of references to it."""


def _text(value: Any) -> str:
    """Plain text shown inline: runs of white space (line breaks included) become one space."""
    if value.__class__ is str and (text := " ".join(value.split())):
        return text
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError("text", "expected text, got {got}", {"got": _text_kind(value)})
    text = " ".join(str(written(value)).split())
    if not text:
        raise PydanticCustomError("text", "must not be empty")
    return text


def _markdown(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError("text", "expected Markdown text, got {got}", {"got": _text_kind(value)})
    text = str(written(value)).strip()
    if not text:
        raise PydanticCustomError("text", "must not be empty")
    return text


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("url", "expected a web address, got {got}", {"got": _kind(value)})
    url = value.strip()
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+", url, re.I) or re.search(r"[\s<>\"]", url):
        raise PydanticCustomError("url", "'{value}' is not a web address: it must start with https:// or http://", {"value": value})
    return url


def _date(value: Any) -> PartialDate:
    if value.__class__ is str and (known := _DATES.get(value)) is not None:
        return known
    try:
        date = PartialDate.parse(written(value))
    except ValueError as e:
        raise PydanticCustomError("date", str(e)) from None
    if value.__class__ is str and len(_DATES) < 10_000:  # dates are frozen: one serves every fact of that date
        _DATES[value] = date
    return date


_DATES: dict[str, PartialDate] = {}


def _number(value: Any) -> int | float:
    if value.__class__ is WrittenInt:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number", "expected a number such as 2200 (no thousands separator), got {got}", {"got": _kind(value)})
    if not math.isfinite(value):
        raise PydanticCustomError("number", "expected a number such as 2200, got {got}", {"got": written(value)})
    return value


def _whole(value: Any) -> int:
    """Strict where pydantic is lax: `days: yes` (a boolean), `"30"` or `30.0` are not whole numbers."""
    if isinstance(value, bool):
        raise PydanticCustomError("whole", "expected a whole number, got {got} (YAML reads yes/no/on/off as true/false)",
                                  {"got": str(value).lower()})
    if not isinstance(value, int):
        raise PydanticCustomError("whole", "expected a whole number, got {got}", {"got": _kind(value)})
    return int(value)


def _flag(value: Any) -> bool:
    """Strict where pydantic is lax: `"yes"`, `"true"` or `1` are not true."""
    if not isinstance(value, bool):
        raise PydanticCustomError("flag", "expected true or false (without quotes), got {got}", {"got": _kind(value)})
    return value


def _figure_value(value: Any) -> int | float | tuple[int | float, int | float]:
    if isinstance(value, list):
        if len(value) != 2:
            raise PydanticCustomError("figure", "a range is written [low, high], got {n} numbers", {"n": len(value)})
        low, high = (_number(v) for v in value)
        if low > high:
            raise PydanticCustomError("figure", "range [{low}, {high}] has its low end above its high end: write [{high}, {low}]",
                                      {"low": written(low), "high": written(high)})
        return (low, high)
    return _number(value)


def _hex(digits: int) -> Any:
    """A validator of ``digits`` lowercase hex digits, which YAML may have read as a number."""
    def check(value: Any) -> str:
        text = written(value)
        if not isinstance(text, str) or not re.fullmatch(f"[0-9a-f]{{{digits}}}", text):
            raise PydanticCustomError("hex", "expected {digits} hex digits, as `briefing fingerprint` writes them, got {got}",
                                      {"digits": digits, "got": _kind(text)})
        return text
    return check


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


def _text_kind(value: Any) -> str:
    """What a text field got; a one-key mapping there is text with an unquoted ': ' in it."""
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return f"a mapping: YAML reads '{key}: ' as a key; put the text in quotes"
    return _kind(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false: put the word in quotes)"
    if isinstance(value, (int, float)):
        return f"the number {written(value)}"
    if isinstance(value, str):
        return f"text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# JSON Schema of each custom type (generator.schema): what the validator above accepts, as an
# editor can check it. YAML reads `2025-01-22` as a date and `2025` as a number, and a text field
# may be written as a number (`short: 101`), so those are accepted in the forms YAML gives them.
# (A "pattern" applies to strings only, "minimum" to numbers only: one schema holds both forms.)
_TEXT_SCHEMA = {"type": ["string", "number"], "pattern": r"\S"}
_ID_SCHEMA = {"type": ["string", "integer"], "pattern": ID_PATTERN.pattern, "not": {"enum": sorted(RESERVED_IDS)},
              "description": "1-64 lowercase letters, digits and hyphens."}
_URL_SCHEMA = {"type": "string", "pattern": r'^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#<>"]+\.[^\s/?#<>"]+[^\s<>"]*\s*$'}
_DATE_SCHEMA = {"type": ["string", "integer"], "pattern": r"^\s*\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\s*$",
                "minimum": 1, "maximum": 9999,
                "description": "YYYY-MM-DD, YYYY-MM or YYYY: the precision written is the precision shown."}

Id = Annotated[str, PlainValidator(_id), WithJsonSchema(_ID_SCHEMA)]
Sha256 = Annotated[str, PlainValidator(_hex(64)), WithJsonSchema({"type": ["string", "integer"], "pattern": "^[0-9a-f]{64}$"})]
ParagraphDigest = Annotated[str, PlainValidator(_hex(8)), WithJsonSchema({"type": ["string", "integer"], "pattern": "^[0-9a-f]{8}$"})]
Text = Annotated[str, PlainValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
Markdown = Annotated[str, PlainValidator(_markdown), WithJsonSchema({**_TEXT_SCHEMA, "description": "Markdown; [[id]] links an entity."})]
Url = Annotated[str, PlainValidator(_url), WithJsonSchema(_URL_SCHEMA)]
Date = Annotated[PartialDate, PlainValidator(_date), WithJsonSchema(_DATE_SCHEMA)]
WholeNumber = Annotated[int, PlainValidator(_whole), WithJsonSchema({"type": "integer"})]
Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]
FigureValue = Annotated[Any, PlainValidator(_figure_value), WithJsonSchema({
    "anyOf": [{"type": "number"}, {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}]})]
