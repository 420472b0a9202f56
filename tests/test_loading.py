"""Reading files: every value keeps its line and column, and a broken file says where it breaks."""

from __future__ import annotations

import datetime
import math
import os
from pathlib import Path

import pytest
import yaml

import generator.loading as loading
from generator.errors import Problem
from generator.loading import parse_yaml, read_text, split_front_matter

FORCES = """\
- id: task-force
  name: Task Force Alpha
  aliases: [Alpha Force, TF-A]
  facts:
    - text: About 300 soldiers.
      cite: {doc: report-one, quote: about 300 soldiers}
"""


def problems(text: str) -> list[str]:
    return [str(p) for p in parse_yaml(text, "f.yml")[1]]


def test_values_and_keys_keep_their_line_and_column() -> None:
    located, found = parse_yaml(FORCES, "f.yml")
    assert found == [] and located is not None
    assert located.position((0, "name")) == (2, 9)
    assert located.position((0, "name"), key=True) == (2, 3)
    assert located.position((0, "aliases", 1)) == (3, 26)
    assert located.position((0, "facts", 0, "cite", "quote")) == (6, 38)
    assert located.position((0, "facts", 0, "cite", "quote"), key=True) == (6, 31)
    assert located.position((0,)) == (1, 3)


def test_a_missing_value_is_placed_at_its_nearest_ancestor() -> None:
    located, _ = parse_yaml(FORCES, "f.yml")
    assert located is not None
    assert located.position((0, "summary")) == (1, 3)  # where the entry that lacks it starts
    assert located.position((0, "facts", 0, "figure", "unit")) == (5, 7)
    assert located.problem((0, "summary"), "missing required key 'summary'") == Problem("f.yml", 1, 3, "missing required key 'summary'")


@pytest.mark.parametrize("loc", [(0, "facts"), (0, "aliases"), (0, "name"), (0, "missing"), (1, "facts"), ()])
def test_the_places_of_a_lists_items_are_each_items_place(loc: tuple[str | int, ...]) -> None:
    """Where each of a list's items starts, found at once or one by one; a list too short, a value
    that is not a list, or a path that goes nowhere gives the nearest place, as for one."""
    located, _ = parse_yaml(FORCES + "  summary: Not a list.\n", "f.yml")
    assert located is not None
    for count in range(4):
        assert located.item_positions(loc, count) == [located.position((*loc, i)) for i in range(count)]


def test_scalars_are_read_as_written() -> None:
    located, _ = parse_yaml("a: 2025-01-22\nb: no\nc: ~\nd: 300\ne: 1.5\nf: '2,200'\n", "f.yml")
    assert located is not None
    assert located.data == {"a": "2025-01-22", "b": False, "c": None, "d": 300, "e": 1.5, "f": "2,200"}


def test_numbers_remember_how_they_were_written() -> None:
    located, _ = parse_yaml("a: 007\nb: 1.10\nc: 1:20\nd: 0x1F\ne: 2_200\n", "f.yml")
    assert located is not None
    assert located.data == {"a": 7, "b": 1.1, "c": 80, "d": 31, "e": 2200}  # YAML 1.1 as PyYAML reads it
    assert [loading.written(v) for v in located.data.values()] == ["007", "1.10", "1:20", "0x1F", "2_200"]
    assert loading.written("text") == "text" and loading.written(True) is True


PLAIN = ["0", "00", "010", "0x1f", "0b101", "0o17", "1_000", "1:20", "-5", "+5", "123", "9" * 30, "1.5", "1e3", "6.8e+3",
         ".inf", "-.Inf", ".nan", "yes", "No", "on", "OFF", "true", "~", "null", "", "2025", "2025-01-22", "٣", "text", "'007'"]


@pytest.mark.parametrize("plain", PLAIN)
def test_every_value_is_what_pyyaml_reads_with_how_it_was_written(plain: str) -> None:
    """Tags are resolved once per distinct value, and numbers built without PyYAML's constructor
    where they are plain digits: each value is still the one PyYAML gives (dates aside, which
    the model reads)."""
    expected = yaml.safe_load(f"- {plain}\n- {plain}\n")
    located, _ = parse_yaml(f"- {plain}\n- {plain}\n", "f.yml")
    assert located is not None
    for value, want in zip(located.data, expected):
        if isinstance(want, datetime.date):
            assert value == plain
        elif isinstance(want, float) and math.isnan(want):
            assert math.isnan(value)
        else:
            assert value == want and type(value) in (type(want), loading.WrittenInt, loading.WrittenFloat)
            assert type(want) is bool or not isinstance(want, (int, float)) or loading.written(value) == plain


def test_keys_are_names_even_when_yaml_would_read_them_as_booleans_or_numbers() -> None:
    located, _ = parse_yaml("no: 1\non: 2\n2025: 3\n", "f.yml")
    assert located is not None and list(located.data) == ["no", "on", "2025"]


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    assert problems("- id: a\n  name: A\n  short: B\n  name: C\n") == ["f.yml:4:3: duplicate key 'name' (first at line 2)"]
    assert problems("{a: 1, a: 2}") == ["f.yml:1:8: duplicate key 'a' (first at line 1)"]


@pytest.mark.parametrize(("text", "expected"), [
    ("- id: a\n\tname: A\n", "f.yml:2:1: tab character: indent YAML with spaces"),
    ("- id: a\n  name: A\n \tshort: B\n", "f.yml:3:2: tab character: indent YAML with spaces"),
    ("a: |\n\ttext\n", "f.yml:2:1: tab character: indent YAML with spaces"),
])
def test_tab_indentation_is_named_as_such(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_tabs_inside_a_line_are_fine() -> None:
    located, found = parse_yaml("a:\tb\nc: [1,\td]\n", "f.yml")
    assert found == [] and located is not None and located.data == {"a": "b", "c": [1, "d"]}


@pytest.mark.parametrize(("text", "expected"), [
    ('- id: a\n  name: "Task Force\n  short: B\n',
     'f.yml:2:9: this " opens a quoted value that is never closed: add the closing "'),
    ("a: 'it''s\n", "f.yml:1:4: this ' opens a quoted value that is never closed: add the closing '"),
    ("- id: a\n  summary: Note: this\n",
     "f.yml:2:16: unexpected ': ' here: put a value containing ': ' in quotes, or check this line's indentation"),
    ("- id: a\n  name: A\n short: B\n",
     "f.yml:3:2: this line does not line up with the ones above: check its indentation, and that nothing follows a closing quote"),
    ("a: b\nc d\ne: f\n", "f.yml:2:1: this line has no ':': write 'key: value', or indent it to continue the value above"),
    ("a: [b, c\nd: e\n", "f.yml:1:4: this '[' opens a list that is never closed: add ']' (and separate items with ',')"),
    ("a: {b: c\n", "f.yml:1:4: this '{' opens a mapping that is never closed: add '}' (and separate keys with ',')"),
    ("cite: {doc: x, quote: he said: yes}\n",
     "f.yml:1:30: ': ' inside {…} makes YAML read a new key here: put the value that holds ': ' in quotes, e.g. quote: \"he said: yes\""),
    ("- cite: {doc: x,\n    quote: he said: yes}\n- id: b\n",
     "f.yml:2:19: ': ' inside {…} makes YAML read a new key here: put the value that holds ': ' in quotes, e.g. quote: \"he said: yes\""),
    ("- cite: {doc: x,\n    quote: he said: yes\n- id: b\n",
     "f.yml:2:19: ': ' inside {…} makes YAML read a new key here: put the value that holds ': ' in quotes, "
     "e.g. quote: \"he said: yes\"; and close the mapping with '}'"),
    ("tasks: [a, he said: yes: no]\n",
     "f.yml:1:24: ': ' inside […] makes YAML read a new key here: put the value that holds ': ' in quotes, e.g. \"he said: yes: no\""),
    ("a: @home\n", "f.yml:1:4: a value cannot start with '@': put the value in quotes"),
    ("a: *note\n", "f.yml:1:4: '*' starts a YAML alias here: put the value in quotes"),
    ("a: 1\n---\nb: 2\n", "f.yml:2:1: more than one YAML document (a second '---'); keep one per file"),
    ("a: !!binary aGk=\n", "f.yml:1:4: unsupported YAML tag 'tag:yaml.org,2002:binary'"),
    ("<<: {a: 1}\n", "f.yml:1:1: YAML merge keys ('<<') are not supported; write the keys out"),
    ("? [a]\n: b\n", "f.yml:1:3: a key must be a plain word, not a list or mapping"),
])
def test_syntax_errors_point_at_the_mistake_in_words_an_analyst_can_act_on(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_alias_bomb_is_refused_where_the_aliases_expand() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    located, found = parse_yaml("\n".join(lines) + "\n", "f.yml")
    assert located is None
    assert [str(p) for p in found] == ["f.yml:5:1: YAML aliases (*name) here expand to more than 100,000 values; write the entries out"]


def test_a_few_aliases_and_a_long_file_without_them_are_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_ALIASED", 10)
    located, found = parse_yaml("a: &x [1, 2, 3]\nb: *x\nc: *x\n", "f.yml")  # 8 values reached again
    assert found == [] and located is not None and located.data["c"] == [1, 2, 3]
    assert problems("a: &x [1, 2, 3]\nb: *x\nc: *x\nd: *x\n") == [
        "f.yml:4:1: YAML aliases (*name) here expand to more than 10 values; write the entries out"]
    assert problems("".join(f"- {i}\n" for i in range(1000))) == []


def test_nesting_is_limited() -> None:
    deep = "a: " + "[" * 40 + "]" * 40 + "\n"
    assert problems(deep) == ["f.yml:1:36: nested more than 32 levels deep"]
    assert problems("a: &x [*x]\n") == ["f.yml:1:4: nested more than 32 levels deep"]  # a list holding itself
    assert problems("a: " + "[" * 5000 + "]" * 5000 + "\n")  # refused by libyaml, without a crash


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "briefing.yml"
    path.write_bytes("\ufefftitle: A\n".encode())
    text, found = read_text(path, tmp_path, "briefing.yml", 1000)
    assert (text, found) == ("title: A\n", [])
    located, _ = parse_yaml(text or "", "briefing.yml")
    assert located is not None and located.position(("title",), key=True) == (1, 1)


def test_crlf_and_cr_line_ends_read_as_lf_with_the_same_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "forces.yml"
    path.write_bytes(b"- id: a\r\n  name: A\r\n  summary: >-\r\n    two\r\n    lines\r\n  short: S\r")
    text, found = read_text(path, tmp_path, "forces.yml", 1000)
    assert found == [] and text is not None and "\r" not in text
    located, _ = parse_yaml(text, "forces.yml")
    assert located is not None
    assert located.data[0]["summary"] == "two lines"
    assert located.position((0, "short")) == (6, 10)


def test_non_utf8_bytes_are_placed_by_line_and_character(tmp_path: Path) -> None:
    path = tmp_path / "forces.yml"
    path.write_bytes("- id: a\n  name: Tést ".encode() + "Spécial\n".encode("latin-1"))
    assert read_text(path, tmp_path, "forces.yml", 1000) == (
        None, [Problem("forces.yml", 2, 16, "is not UTF-8 text (byte 0xe9); save the file as UTF-8")])


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    assert read_text(path, tmp_path, "big.md", 2 * 1024 * 1024) == (
        None, [Problem("big.md", 1, 1, "file is 3.0 MB; the limit is 2 MB")])


def test_links_outside_the_root_and_broken_links_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "briefings"
    root.mkdir()
    (tmp_path / "secret.md").write_text("x", encoding="utf-8")
    os.symlink("../secret.md", root / "leak.md")
    os.symlink("nowhere.md", root / "broken.md")
    (root / "real.md").write_text("inside", encoding="utf-8")
    os.symlink("real.md", root / "alias.md")
    assert read_text(root / "leak.md", root, "leak.md", 1000) == (
        None, [Problem("leak.md", 1, 1, "is a link to '../secret.md', outside the briefings folder: copy the file in instead")])
    assert read_text(root / "broken.md", root, "broken.md", 1000) == (
        None, [Problem("broken.md", 1, 1, "is a link to 'nowhere.md', which does not exist")])
    assert read_text(root / "alias.md", root, "alias.md", 1000) == ("inside", [])


def test_front_matter_is_split_with_the_body_kept_exactly_and_lines_counted() -> None:
    text = "---\ntitle: A report\npublished: 2025-02-01\n---\nFirst line  \n\nsecond “line”\n"
    front, body, body_line, found = split_front_matter(text, "d.md")
    assert found == [] and front is not None
    assert front.data == {"title": "A report", "published": "2025-02-01"}
    assert front.position(("published",)) == (3, 12)
    assert (body, body_line) == ("First line  \n\nsecond “line”\n", 5)
    assert split_front_matter("---\ntitle: A\n...\nBody\n", "d.md")[1:3] == ("Body\n", 4)


def test_front_matter_errors_are_placed_in_the_document() -> None:
    assert [str(p) for p in split_front_matter("---\ntitle: A\n  bad: x\n---\nBody\n", "d.md")[3]] == [
        "d.md:3:6: unexpected ': ' here: put a value containing ': ' in quotes, or check this line's indentation"]
    assert [str(p) for p in split_front_matter("Body only\n", "d.md")[3]] == [
        "d.md:1:1: no front matter: start the document with a '---' line, its fields, and another '---' line"]
    assert [str(p) for p in split_front_matter("---\ntitle: A\nBody\n", "d.md")[3]] == [
        "d.md:1:1: front matter is not closed: add a '---' line after its fields"]
    front, body, _, found = split_front_matter("---\n---\nBody\n", "d.md")
    assert front is not None and front.data is None and body == "Body\n" and found == []
