"""Fingerprints: `briefing fingerprint` records them, `briefing check` fails when the text changed
and names the quotes that lean on the changed paragraphs (tests/cases/fingerprint-* show the lines)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from generator.fingerprint import paragraph_digests, text_digest

DOC = "briefings/alpha/documents/report-one.md"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "good", tmp_path / "briefings")
    return tmp_path


def test_what_is_hashed_is_the_text_after_the_front_matter() -> None:
    body = "First paragraph,\non two lines.\n\n\nSecond.\n"
    assert text_digest(body) == hashlib.sha256(body.encode()).hexdigest()
    assert paragraph_digests(body) == [hashlib.sha256(p.encode()).hexdigest()[:8] for p in ("First paragraph,\non two lines.", "Second.")]


def test_a_document_without_a_fingerprint_is_accepted_with_a_note(project: Path) -> None:
    result = run(["generator.cli", "check"], project)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "OK: 1 briefing, 1 document, 4 entities, 2 facts, 4 verified quotes, 0 warnings",
        "Note: 1 document has no fingerprint (sha256), so a change to its text would go unnoticed: alpha/report-one; "
        "`briefing fingerprint <briefing>` adds one",
        "Note: 2 facts have no id, so a link to one breaks when its text is edited: `briefing ids briefings` gives each a lasting one",
    ]
    github = run(["generator.cli", "check", "--format", "github"], project)
    assert github.stdout.splitlines()[1].startswith("::notice::1 document has no fingerprint")


def test_the_note_names_the_first_ten_documents_without_a_fingerprint_and_counts_the_rest(project: Path) -> None:
    source = project / DOC
    for n in range(2, 13):
        (source.parent / f"report-{n:02}.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    note = run(["generator.cli", "check"], project).stdout.splitlines()[1]
    named = ", ".join(["alpha/report-02", "alpha/report-03", "alpha/report-04", "alpha/report-05", "alpha/report-06",
                       "alpha/report-07", "alpha/report-08", "alpha/report-09", "alpha/report-10", "alpha/report-11"])
    assert note == (f"Note: 12 documents have no fingerprint (sha256), so a change to their text would go unnoticed: {named} "
                    "and 2 more; `briefing fingerprint <briefing>` adds one")


def test_fingerprint_adds_the_keys_and_keeps_the_text_byte_for_byte(project: Path) -> None:
    path = project / DOC
    before = path.read_text(encoding="utf-8")
    result = run(["generator.cli", "fingerprint", "alpha"], project)
    assert result.stdout == "report-one: fingerprint added\n"
    after = path.read_text(encoding="utf-8")
    assert after.split("---\n", 2)[2] == before.split("---\n", 2)[2]
    body = before.split("---\n", 2)[2]
    assert f"sha256: {text_digest(body)}\nsha256_paragraphs: [{', '.join(paragraph_digests(body))}]\n---\n" in after
    check = run(["generator.cli", "check"], project)
    assert check.returncode == 0 and check.stdout.splitlines() == [  # (the good fixture's facts have no ids)
        "OK: 1 briefing, 1 document, 4 entities, 2 facts, 4 verified quotes, 0 warnings",
        "Note: 2 facts have no id, so a link to one breaks when its text is edited: `briefing ids briefings` gives each a lasting one",
    ]
    assert run(["generator.cli", "fingerprint", "briefings/alpha", "report-one"], project).stdout == "report-one: already fingerprinted\n"


def test_a_changed_text_fails_until_restored_or_deliberately_refingerprinted(project: Path) -> None:
    path = project / DOC
    run(["generator.cli", "fingerprint", "alpha"], project)
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("300 soldiers", "3,000 soldiers"), encoding="utf-8")
    check = run(["generator.cli", "check"], project)
    assert check.returncode == 1
    assert check.stderr.splitlines() == [
        "briefings/alpha/documents/report-one.md:6:9: the text no longer matches its sha256 fingerprint: paragraph changed "
        "at line 9. A document is kept verbatim: restore the text, or if the source itself changed, run "
        "`briefing fingerprint alpha report-one --update`",
        "briefings/alpha/events.yml:5:34: this quote leans on a paragraph of 'report-one' (line 9) changed after the document was fingerprinted",
        "briefings/alpha/events.yml:10:34: this quote leans on a paragraph of 'report-one' (line 9) changed after the document was fingerprinted",
        "briefings/alpha/forces.yml:11:38: quote not found in document 'report-one'; the closest passage is "
        "\"The “Task Force” has about 3,000 soldiers\" (the document's text changed after it was fingerprinted)",
        "4 problems found.",
    ]
    refused = run(["generator.cli", "fingerprint", "alpha"], project)
    assert refused.returncode == 1
    assert refused.stdout == "report-one: text changed since its fingerprint: left as it is (restore the text, or use --update)\n"
    path.write_text(original, encoding="utf-8")
    assert run(["generator.cli", "check"], project).returncode == 0
    path.write_text(original.replace("northern sector", "southern sector"), encoding="utf-8")
    assert run(["generator.cli", "fingerprint", "alpha", "--update"], project).stdout == "report-one: fingerprint updated\n"
    updated = run(["generator.cli", "check"], project)
    assert updated.stderr.splitlines()[0].startswith("briefings/alpha/missions.yml:12:18: quote not found in document 'report-one'")
    assert "fingerprint" not in updated.stderr


def test_windows_line_ends_hash_as_the_check_reads_them(project: Path) -> None:
    path = project / DOC
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run(["generator.cli", "fingerprint", "alpha"], project).returncode == 0
    assert run(["generator.cli", "check"], project).returncode == 0


def test_fingerprint_names_a_missing_document(project: Path) -> None:
    result = run(["generator.cli", "fingerprint", "alpha", "report-on"], project)
    assert result.returncode == 1
    assert result.stderr == "error: no document 'report-on' (did you mean 'report-one'?) in briefings/alpha/documents/\n"
