"""The JSON Schemas editors use: made from the model, committed, and checked by an outside validator.

check-jsonschema (its command line, as an author or a CI job runs it) is the independent judge:
it reads YAML with another parser (ruamel.yaml) and validates with the `jsonschema` library.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from conftest import FIXTURES, ROOT, run
from generator import model, schema
from generator.loading import parse_yaml, split_front_matter

SCHEMAS = ROOT / "schemas"
EXAMPLE = ROOT / "briefings/us-mexico-border-2025"
KINDS = ["briefing", "forces", "missions", "authorities", "events", "questions"]


def check_jsonschema(schema_file: Path, *instances: Path) -> tuple[int, str]:
    result = run(["check_jsonschema", "--color", "never", "--schemafile", str(schema_file), *map(str, instances)], ROOT)
    return result.returncode, result.stdout + result.stderr


def test_committed_schemas_are_what_the_model_generates() -> None:
    """`briefing schema --out schemas` after any change to generator/model.py, or this fails."""
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    generated = {name: schema.text(s) for name, s in schema.schemas().items()}
    assert sorted(committed) == sorted(generated) == sorted(f"{k}.schema.json" for k in [*KINDS, "document"])
    for name in generated:
        assert committed[name] == generated[name], f"schemas/{name} is out of date: run `briefing schema --out schemas`"


def test_field_docstrings_are_the_descriptions_editors_show() -> None:
    forces = schema.schemas()["forces.schema.json"]
    force = forces["$defs"]["Force"]
    assert force["properties"]["parent"]["description"] == "Id of the force it belongs to."
    assert force["properties"]["name"]["description"] == "Full name."  # inherited from Entity
    assert forces["$defs"]["Fact"]["properties"]["as_of"]["description"] == \
        "When the claim was true; defaults to the cited document's `published` date."


ACCEPTED = {
    # what YAML gives for the forms the format allows: partial dates, years as numbers, numbers as text
    "events": """\
        - id: 2025
          date: 2025
          title: 1999
          cite: {url: https://example.com/a, title: A page, published: 2025-01}
        - id: later
          date: {after: "2025", days: -3}
          title: Later
          cite: [{doc: d, quote: 101}]
        """,
    "missions": """\
        - id: m
          name: M
          summary: S
          started: 2025-01
          ended: 2025-02-03
          status:
        """,
    "questions": """\
        - id: q
          question: Which?
          status: answered
          answer: This.
        """,
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_yaml_file_of_the_example_and_the_fixtures_passes(tmp_path: Path, kind: str) -> None:
    """With them, the forms YAML gives for what the format allows (ACCEPTED)."""
    files = sorted({*EXAMPLE.glob(f"{kind}.yml"), *FIXTURES.glob(f"*/*/{kind}.yml"),
                    *(ROOT / "tests/cases").glob(f"good-*/briefings/*/{kind}.yml")})
    assert EXAMPLE / f"{kind}.yml" in files
    if kind in ACCEPTED:
        text = textwrap.dedent(ACCEPTED[kind])
        located, problems = parse_yaml(text, f"{kind}.yml")
        assert located is not None and not problems
        TypeAdapter(list[model.LIST_FILES[f"{kind}.yml"]]).validate_python(located.data)  # the generator takes it too
        files.append(tmp_path / f"{kind}.yml")
        files[-1].write_text(text, encoding="utf-8")
    code, output = check_jsonschema(SCHEMAS / f"{kind}.schema.json", *files)
    assert code == 0, output


def test_document_front_matter_passes(tmp_path: Path) -> None:
    fronts = []
    for doc in sorted([*EXAMPLE.glob("documents/*.md"), *FIXTURES.glob("*/*/documents/*.md")]):
        located, _, _, problems = split_front_matter(doc.read_text(encoding="utf-8"), doc.name)
        assert located is not None and not problems
        front = tmp_path / f"{doc.parent.parent.name}-{doc.stem}.yml"
        front.write_text(re.match(r"---\n(.*?\n)---\n", doc.read_text(encoding="utf-8"), re.S).group(1), encoding="utf-8")
        fronts.append(front)
    assert len(fronts) >= 7
    code, output = check_jsonschema(SCHEMAS / "document.schema.json", *fronts)
    assert code == 0, output


def test_each_example_yaml_file_names_its_schema_for_editors() -> None:
    for kind in KINDS:
        first = (EXAMPLE / f"{kind}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
        assert (EXAMPLE / first.split("=", 1)[1]).resolve() == (SCHEMAS / f"{kind}.schema.json").resolve()


REJECTED = [
    ("forces", "- id: f\n  nme: F\n  name: F\n  summary: S\n", "Additional properties are not allowed ('nme' was unexpected)"),
    ("forces", "- id: Task Force\n  name: F\n  summary: S\n", "'Task Force' does not match '^[a-z0-9-]{1,64}$'"),
    ("forces", "- id: index\n  name: F\n  summary: S\n", "should not be valid under {'enum': ['index']}"),
    ("forces", "- id: f\n  name: F\n  summary: S\n  component: marines\n", "'marines' is not one of ['active-duty'"),
    ("forces", "- id: f\n  name: F\n", "'summary' is a required property"),
    ("forces", "- id: f\n  name: F\n  summary: S\n  facts:\n    - text: T\n      figure: {value: 2, unit: troops}\n"
               "      cite: {doc: d, quote: q, page: 3}\n", "is not valid under any of the given schemas"),
    ("missions", "- id: m\n  name: M\n  summary: S\n  started: 2025-13-01\n", "does not match"),
    ("authorities", "- id: a\n  name: A\n  summary: S\n  text_url: ftp://example.com/x\n", "does not match"),
    ("questions", "- id: q\n  question: Which?\n  status: answered\n", "'answer' is a required property"),
    ("briefing", "title: T\nsummary: S\n", "'updated' is a required property"),
]


def test_known_bad_files_are_rejected(tmp_path: Path) -> None:
    by_kind: dict[str, list[tuple[Path, str]]] = {}
    for i, (kind, text, message) in enumerate(REJECTED):
        path = tmp_path / f"bad-{i}-{kind}.yml"
        path.write_text(text, encoding="utf-8")
        by_kind.setdefault(kind, []).append((path, message))
    for kind, cases in by_kind.items():  # one run per schema: each run costs half a second
        code, output = check_jsonschema(SCHEMAS / f"{kind}.schema.json", *(path for path, _ in cases))
        assert code == 1
        for path, message in cases:
            said = "\n".join(line for line in output.splitlines() if f"{path.name}::" in line)
            assert message in said, f"{path.name}: {said or output}"


def test_the_example_with_its_schema_comments_still_checks() -> None:
    result = run(["generator.cli", "check", str(EXAMPLE)], ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 1 briefing, 1 document, 17 entities")
