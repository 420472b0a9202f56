"""`briefing add-document`: saved pages in tests/intake/ (written like real ones, with menus, ads,
footers and their metadata) through the real extraction library, offline."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from generator.intake import add_document
from generator.locate import CommandError

PAGES = Path(__file__).parent / "intake"
TODAY = dt.date.today().isoformat()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "good", tmp_path / "briefings")
    return tmp_path


def _add(project: Path, page: str, *options: str) -> tuple[str, Path | None]:
    result = run(["generator.cli", "add-document", str(PAGES / page), "--briefing", "alpha", *options], project)
    assert "Traceback" not in result.stderr
    written = [line.split()[1].rstrip(":") for line in result.stdout.splitlines() if line.startswith("Wrote ")]
    return result.stdout + result.stderr, (project / written[0]) if written else None


def _front_and_body(path: Path) -> tuple[str, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return front, body


def test_a_news_page_keeps_its_paragraphs_and_fills_its_metadata(project: Path) -> None:
    out, path = _add(project, "news-article.html")
    assert path == project / "briefings/alpha/documents/example-herald-2025-01-22.md", out
    front, body = _front_and_body(path)
    assert front.splitlines()[:6] == [
        "title: Pentagon to send 1,500 more troops to southern border",
        "publisher: Example Herald",
        "author: Maria Lopez",
        "url: https://www.example-herald.com/world/2025/01/22/pentagon-border-troops",
        "published: 2025-01-22",
        f"retrieved: {TODAY}",
    ]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("The Defense Department is sending 1,500 more active-duty troops")
    assert paragraphs[2] == ("“These forces will do detection and monitoring, logistics and transportation,” a defense "
                             "official said, speaking on the condition of anonymity because the plans had not yet been announced.")
    for boilerplate in ("Subscribe", "Advertisement", "Most read", "All rights reserved", "dataLayer"):
        assert boilerplate not in body
    assert "5 paragraphs, 154 words of the page's 177" in out
    assert "published: 2025-01-22  (from the page)" in out
    check = run(["generator.cli", "check"], project)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: 1 briefing, 2 documents")


def test_json_ld_gives_the_date_publisher_and_authors_and_what_is_missing_is_said(project: Path) -> None:
    out, path = _add(project, "press-release-jsonld.html")
    assert path is not None and path.name == "us-northern-command-2025-01-24.md", out
    front, body = _front_and_body(path)
    assert "publisher: US Northern Command\n" in front
    assert "author: Daniel Reyes; Ann Wu\n" in front
    assert "published: 2025-01-24\n" in front
    assert "url:" not in front
    assert "Not found: url." in out
    assert "about 4,000.\n\nTroops will not conduct law enforcement activities." in body
    assert "Further announcements will be made as units are identified.\n" in body
    assert "FOIA" not in body


def test_plain_text_is_kept_as_it_is_with_its_first_line_as_an_inferred_title(project: Path) -> None:
    out, path = _add(project, "wire-report.txt")
    assert path is not None and path.name == "governor-orders-state-guard-to-the.md", out
    front, body = _front_and_body(path)
    assert body == (PAGES / "wire-report.txt").read_text(encoding="utf-8")
    assert "title: Governor orders state guard to the river\n" in front
    assert "inferred: [title]\n" in front
    assert "Not found: publisher, author, url, published." in out
    assert run(["generator.cli", "check"], project).returncode == 0


def test_options_override_the_page(project: Path) -> None:
    out, path = _add(project, "news-article.html", "--id", "herald-troops", "--title", "Troops to the border",
                     "--publisher", "The Herald", "--published", "2025-01", "--url", "https://herald.example/a")
    assert path == project / "briefings/alpha/documents/herald-troops.md", out
    front, _ = _front_and_body(path)
    assert front.splitlines()[:5] == ["title: Troops to the border", "publisher: The Herald", "author: Maria Lopez",
                                      "url: https://herald.example/a", "published: 2025-01"]
    assert "publisher: The Herald  (given)" in out


def test_nothing_is_ever_written_over(project: Path) -> None:
    _, first = _add(project, "news-article.html")
    assert first is not None
    before = first.read_bytes()
    out, second = _add(project, "news-article.html")
    assert second == first.with_name("example-herald-2025-01-22-2.md"), out
    out, third = _add(project, "wire-report.txt", "--id", "example-herald-2025-01-22")
    assert third is None
    assert "example-herald-2025-01-22.md exists; a document is never written over: choose another --id" in out
    assert first.read_bytes() == before


@pytest.mark.parametrize(("options", "message"), [
    (["--published", "2025-02-30"], "--published '2025-02-30': '2025-02-30' is not a date: February 2025 has 28 days (nothing written)"),
    (["--url", "example.com/a"], "'example.com/a' is not a web address"),
    (["--id", "Bad Id"], "--id 'Bad Id' is not an id: use 1-64 lowercase letters, digits and hyphens (e.g. 'bad-id')"),
])
def test_a_value_check_would_reject_writes_nothing(project: Path, options: list[str], message: str) -> None:
    out, path = _add(project, "news-article.html", *options)
    assert path is None
    assert message in out
    assert sorted(p.name for p in (project / "briefings/alpha/documents").iterdir()) == ["report-one.md"]


def test_a_page_without_text_writes_nothing(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    result = run(["generator.cli", "add-document", str(empty), "--briefing", "alpha"], project)
    assert result.returncode == 1
    assert "no article text found in it; nothing written" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_network_is_used(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("add-document tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for page in ("news-article.html", "press-release-jsonld.html"):
        done = add_document(PAGES / page, project / "briefings/alpha")
        assert done.paragraphs >= 4
    with pytest.raises(CommandError, match="no such file"):
        add_document(PAGES / "missing.html", project / "briefings/alpha")
