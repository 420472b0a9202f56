"""JSON Schemas of the authoring format, for editors to complete and check YAML as it is typed.

Made from the models of :mod:`generator.model` (their field docstrings become the descriptions an
editor shows), never kept by hand beside them: ``briefing schema --out schemas`` writes the files
committed in ``schemas/``, a test fails when they differ from what the models give, and every
site publishes them under ``schemas/``. A schema checks one file; what spans files (references,
quotes found in their documents) only ``briefing check`` can tell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import model

DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7, the newest that editors' YAML support (yaml-language-server) reads fully; the schemas
use no keyword a later draft added (``$defs`` is only where ``$ref`` points)."""

_FILES: dict[str, tuple[str, Any]] = {
    "briefing": ("briefing.yml", model.BriefingMeta),
    **{name.removesuffix(".yml"): (name, list[entry]) for name, entry in model.LIST_FILES.items()},  # type: ignore[valid-type]
    "document": ("the front matter of a document (documents/*.md)", model.DocumentMeta),
}
"""Each schema's name, what it describes, and the type a file of that kind is read as."""


class _Generator(GenerateJsonSchema):
    """Pydantic's schemas, but an optional key's value is one schema that also allows null, not
    ``anyOf`` two: a validator or an editor then names the real mistake ("'marines' is not one
    of ...") instead of "not valid under any of the given schemas"."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if "type" not in inner or any(k in inner for k in ("$ref", "anyOf", "oneOf", "allOf", "const")):
            return self.get_union_of_schemas([inner, {"type": "null"}])
        types = inner["type"] if isinstance(inner["type"], list) else [inner["type"]]
        out = {**inner, "type": [*types, "null"]}
        if "enum" in inner:
            out["enum"] = [*inner["enum"], None]
        return out


def schemas() -> dict[str, dict[str, Any]]:
    """Each schema by file name, e.g. ``forces.schema.json``."""
    out = {}
    for name, (what, kind) in _FILES.items():
        generated = TypeAdapter(kind).json_schema(schema_generator=_Generator)
        entry = model.LIST_FILES.get(what)
        about = re.sub(r" \(`[^`]*`\)", "", (entry or kind).__doc__.strip().splitlines()[0])
        if entry is not None:
            about = f"A list; each entry: {about[0].lower()}{about[1:]} An empty file means no entries yet."
            generated["type"] = ["array", "null"]  # YAML reads an empty file as null; "anyOf" would blur the messages
        out[f"{name}.schema.json"] = {"$schema": DIALECT, "title": f"Briefing format: {what}", "description": about,
                                      **{k: v for k, v in generated.items() if k not in ("title", "description")}}
    return out


def text(schema: dict[str, Any]) -> str:
    """A schema as the file written: stable, readable, ending in a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def files() -> dict[str, str]:
    """The schema files as a site publishes them: ``schemas/<name>.schema.json``."""
    return {f"schemas/{name}": text(schema) for name, schema in schemas().items()}


def write(out: Path) -> list[Path]:
    """Write every schema into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        target = out / name
        target.write_text(text(schema), encoding="utf-8")
        written.append(target)
    return written
