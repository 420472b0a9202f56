"""`briefing ids`: lasting fact ids written into the analyst's YAML, nothing else of it changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from generator.ids import make_id
from generator.validation import load_site

# Comments, odd quoting, a flow mapping, a folded text, a fact already with an id, two facts with
# the same words, a fact whose natural id an event already has: all must survive as written.
FORCES = """\
# yaml-language-server: $schema=../../schemas/forces.schema.json
- id: task-force   # the main force
  name: 'Task Force'
  short: TF
  summary: "A test force."
  facts:
    # the first count
    - text: "About 300 soldiers serve in the task force."
      figure: {value: 300, unit: soldiers, approx: true}
      cite: {doc: report-one, quote: 'about 300 soldiers'}
    - {text: All of them are on patrol duty., cite: {doc: report-one, quote: "all of them on patrol duty"}}
    - text: >-
        All of them are on
        patrol duty.
      cite:
        - doc: report-one   # same words, another fact
          quote: all of them on patrol duty
    - id: tf-kept-as-written
      text: The patrol covers the northern sector.
      cite: {doc: report-one, quote: covers the northern sector}
    -   text:     Soldiers patrol duty northern sector.
        cite: {doc: report-one, quote: covers the northern sector}
"""
EVENTS = """\
- id: tf-soldiers-patrol-duty
  date: 2025-02-01
  title: Patrol order issued
  cite: {doc: report-one, quote: all of them on patrol duty}
"""


def _briefing(tmp_path: Path, *, crlf: bool = False, bom: bool = False) -> Path:
    folder = tmp_path / "briefings" / "alpha"
    shutil.copytree(FIXTURES / "good/alpha/documents", folder / "documents")
    (folder / "briefing.yml").write_text("title: Alpha\nsummary: A test.\nupdated: 2025-03-01\n", encoding="utf-8")
    for name, text in (("forces.yml", FORCES), ("events.yml", EVENTS)):
        data = text.replace("\n", "\r\n") if crlf else text
        (folder / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    # the document must hold the quotes above
    doc = folder / "documents/report-one.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nThe patrol covers the northern sector.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("crlf, bom", [(False, False), (True, False), (True, True)], ids=["lf", "crlf", "crlf-bom"])
def test_ids_are_written_and_nothing_else_changes(tmp_path: Path, crlf: bool, bom: bool) -> None:
    project = _briefing(tmp_path, crlf=crlf, bom=bom)
    forces = project / "briefings/alpha/forces.yml"
    before = forces.read_bytes()
    result = run(["generator.cli", "ids"], project)
    assert result.returncode == 0, result.stderr
    assert "briefings/alpha/forces.yml: 4 ids added" in result.stdout
    after = forces.read_bytes()
    eol = b"\r\n" if crlf else b"\n"
    # taking the new ids out again gives back the file byte for byte
    # block mappings get a line of their own after the fact's last, flow mappings the id first
    added = re.findall(rb"(?m)^ +id: [a-z0-9-]+" + re.escape(eol) + rb"|id: [a-z0-9-]+, ", after)
    new = [a for a in added if b"id: task-force" not in a and b"id: tf-kept" not in a]
    assert len(new) == 4
    stripped = after
    for piece in new:
        stripped = stripped.replace(piece, b"", 1)
    assert stripped == before
    # the flow mapping stays a flow mapping, the id first inside its braces
    assert b"- {id: tf-all-them-patrol, text: All of them are on patrol duty., cite:" in after
    assert after.startswith(b"\xef\xbb\xbf") == bom
    assert after.count(b"\r\n") == (after.count(b"\n") if crlf else 0)
    # a second run changes nothing
    again = run(["generator.cli", "ids"], project)
    assert again.returncode == 0 and "Every fact has an id already." in again.stdout
    assert forces.read_bytes() == after


def test_ids_are_readable_unique_and_become_the_anchors(tmp_path: Path) -> None:
    project = _briefing(tmp_path)
    assert run(["generator.cli", "ids"], project).returncode == 0
    (briefing,) = load_site(project / "briefings", project)
    anchors = [f.anchor for f in briefing.entities["task-force"].facts]
    assert anchors == ["tf-300-soldiers-serve", "tf-all-them-patrol", "tf-all-them-patrol-duty", "tf-kept-as-written",
                       "tf-soldiers-patrol-duty-northern"]  # the event has tf-soldiers-patrol-duty
    assert [f.id for f in briefing.entities["task-force"].facts] == anchors


def test_make_id_uses_the_short_name_and_words_and_avoids_taken_ids() -> None:
    assert make_id("jtf-n", "About 2,200 active-duty troops serve at the border under JTF-North.", set()) == "jtf-n-2200-active-duty"
    assert make_id("cbp", "Between 1,100 and 1,300 migrants cross daily.", {"cbp-between-1100-1300"}) == "cbp-between-1100-1300-migrants"
    assert make_id("x", "Soldiers.", {"x-soldiers"}) == "x-soldiers-2"
    assert make_id("x", "The", set()) == "x-fact"
    long = make_id("a" * 60, "Many words follow here in this fact", set())
    assert len(long) <= 64 and re.fullmatch(r"[a-z0-9-]+", long) and not long.endswith("-")


def test_ids_refuses_a_briefing_with_problems_and_writes_nothing(tmp_path: Path) -> None:
    project = _briefing(tmp_path)
    forces = project / "briefings/alpha/forces.yml"
    forces.write_text(FORCES.replace("quote: 'about 300 soldiers'", "quote: 'about 400 soldiers'"), encoding="utf-8")
    before = forces.read_bytes()
    result = run(["generator.cli", "ids"], project)
    assert result.returncode == 1
    assert "briefings/alpha/forces.yml:10:38: quote not found in document 'report-one'" in result.stderr
    assert "Traceback" not in result.stderr
    assert forces.read_bytes() == before


def test_check_suggests_ids_for_facts_without_one(tmp_path: Path) -> None:
    project = _briefing(tmp_path)
    result = run(["generator.cli", "check", "briefings/alpha"], project)
    assert result.returncode == 0
    assert ("Note: 4 facts have no id, so a link to one breaks when its text is edited: "
            "`briefing ids briefings/alpha` gives each a lasting one") in result.stdout.splitlines()
    run(["generator.cli", "ids", "briefings/alpha"], project)
    assert "facts have no id" not in run(["generator.cli", "check", "briefings/alpha"], project).stdout


def test_the_example_briefing_carries_ids() -> None:
    from conftest import ROOT

    (briefing,) = load_site(ROOT / "briefings", ROOT)
    assert briefing.facts and all(f.id and f.anchor == f.id for f in briefing.facts)
    assert briefing.entities["joint-task-force-north"].facts[0].anchor == "jtf-n-2200-active-duty"
