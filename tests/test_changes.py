"""What's new and the feed: dates read from a real git history, never from the build's clock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, make_project, mkdocs_build, run
from generator import history
from generator.pipeline import generate
from generator.validation import load_site

NEW_FACT = """
    - text: Task Force Alpha has about 350 soldiers.
      figure: {value: 350, unit: troops, approx: true}
      cite: {doc: report-one, quote: "the \\"task force\\" has about 300 soldiers"}
"""


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "a@example.com",
           "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "a@example.com"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small fixture briefing with a history of its own, one change a day."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", root / "briefings")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start", date="2025-02-01T10:00:00+00:00")
    alpha = root / "briefings/alpha"
    edit(alpha / "forces.yml", "- id: command\n", NEW_FACT.lstrip("\n") + "- id: command\n")
    git(root, "commit", "-qam", "a fact", date="2025-02-03T09:00:00+00:00")
    edit(alpha / "forces.yml", "figure: {value: 300, unit: troops, approx: true}", "figure: {value: 310, unit: troops, approx: true}")
    git(root, "commit", "-qam", "a figure corrected in place", date="2025-02-05T23:30:00-05:00")
    edit(alpha / "questions.yml", "  entities: [patrol]", "  status: answered\n  answer: Two weeks.\n  entities: [patrol]")
    git(root, "commit", "-qam", "answered", date="2025-02-07T08:00:00+00:00")
    return root


def whats_new(root: Path) -> str:
    site = generate(root / "briefings", base=root)
    return site.pages["alpha/whats-new.md"].markdown


def sections(markdown: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:]
            out[current] = []
        elif line.startswith("- **") and current:
            out[current].append(line)
    return out


def test_each_change_is_dated_by_its_commit(repo: Path) -> None:
    days = sections(whats_new(repo))
    assert list(days) == ["7 February 2025", "5 February 2025", "3 February 2025", "1 February 2025"]
    assert [line.split(":**")[0] for line in days["7 February 2025"]] == ["- **Answered"]
    assert "How long will the patrol last?" in days["7 February 2025"][0]
    # the commit's own zone decides the day: 23:30 in New York is the 5th, not the 6th
    assert days["5 February 2025"] == [line for line in days["5 February 2025"] if line.startswith("- **Fact changed:**")]
    assert "about 300 soldiers" in days["5 February 2025"][0]
    assert any("about 350 soldiers" in line and line.startswith("- **New fact:**") for line in days["3 February 2025"])
    first = days["1 February 2025"]
    assert any(line.startswith("- **New source:**") and "First report on the exercise" in line for line in first)
    assert not any("350" in line for line in first)


def test_edits_not_yet_committed_are_shown_as_such_and_not_dated_by_the_clock(repo: Path) -> None:
    edit(repo / "briefings/alpha/forces.yml", "about 350 soldiers.", "about 350 soldiers in all.")
    markdown = whats_new(repo)
    days = sections(markdown)
    assert list(days)[0] == "Not yet committed"
    assert len(days["Not yet committed"]) == 1 and "350 soldiers in all" in days["Not yet committed"][0]
    assert "2026" not in markdown.split("<script", 1)[0]


def test_keeping_the_books_is_not_a_change(repo: Path) -> None:
    """Giving every fact an id with `briefing ids` is not news about the facts."""
    result = run(["generator.cli", "ids", "briefings"], repo)
    assert result.returncode == 0 and "ids added" in result.stdout, result.stdout + result.stderr
    git(repo, "commit", "-qam", "ids", date="2025-03-01T10:00:00+00:00")
    assert "1 March 2025" not in sections(whats_new(repo))


def test_without_a_history_the_information_dates_itself_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "tarball"
    shutil.copytree(FIXTURES / "good", root / "briefings")
    site = generate(root / "briefings", base=root)
    markdown = site.pages["alpha/whats-new.md"].markdown
    assert "no repository history" in markdown
    days = sections(markdown)
    # the fact's as_of (its document's publication), not today
    assert any("about 300 soldiers" in line for line in days["1 February 2025"])
    assert len(site.log) == 1 and "What's new" in site.log[0]


def test_a_shallow_clone_is_no_history(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    found = history.read(shallow, ["briefings/alpha/forces.yml"], [])
    assert not found.available and "shallow" in found.reason
    assert history.read(repo, ["briefings/alpha/forces.yml"], []).available


def test_the_feed_has_one_entry_per_thing_with_stable_ids_and_its_latest_change(repo: Path) -> None:
    def feed() -> feedparser.FeedParserDict:
        site = generate(repo / "briefings", base=repo)
        parsed = feedparser.parse(site.files["alpha/feed.xml"])
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.version == "atom10"
        return parsed

    before = feed()
    by_title = {e.title: e for e in before.entries}
    changed = by_title["Fact changed: about 310 troops: Task Force Alpha has about 300 soldiers. (Task Force Alpha)"]
    assert changed.updated.startswith("2025-02-05T23:30:00")
    assert changed.published.startswith("2025-02-01")
    assert re.fullmatch(r"forces/task-force/#fact-[0-9a-f]+", changed.link)  # relative to feed.xml without a site_url
    assert before.feed.updated.startswith("2025-02-07")  # the newest change, not the build's clock
    ids = {e.id for e in before.entries}
    assert len(ids) == len(before.entries)

    edit(repo / "briefings/alpha/forces.yml", "figure: {value: 310", "figure: {value: 320")
    git(repo, "commit", "-qam", "again", date="2025-03-02T10:00:00+00:00")
    after = {e.id: e for e in feed().entries}
    assert set(after) == ids  # same things, same ids
    assert after[changed.id].updated.startswith("2025-03-02")  # a reader shows it again as updated


def test_every_page_of_the_briefing_links_its_feed(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "good")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("What's new: the project is not in a git repository") == 1  # said once, and not a warning
    pages = list((project / "site/alpha").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', html)
        assert match, page
        assert match.group(1) == "https://example.com/briefings/alpha/feed.xml"  # the project's site_url
    assert "application/atom+xml" not in (project / "site/index.html").read_text(encoding="utf-8")


def test_an_explicit_added_date_wins_over_the_history(repo: Path) -> None:
    edit(repo / "briefings/alpha/questions.yml", "  question: How long", "  added: 2025-01-15\n  question: How long")
    git(repo, "commit", "-qam", "backdated", date="2025-03-01T10:00:00+00:00")
    days = sections(whats_new(repo))
    assert any(line.startswith("- **New question:**") for line in days["15 January 2025"])
    assert "1 March 2025" not in days  # the `added:` line itself is no change


def test_corrections_and_retractions_are_dated_by_their_own_dates_and_updated_in_the_feed(repo: Path) -> None:
    forces = repo / "briefings/alpha/forces.yml"
    assert run(["generator.cli", "ids", "briefings"], repo).returncode == 0
    git(repo, "commit", "-qam", "ids", date="2025-02-10T10:00:00+00:00")
    ids = {f.text: f.anchor for f in generate(repo / "briefings", base=repo).pages and load_site(repo / "briefings", repo)[0].facts}
    assert "10 February 2025" not in sections(whats_new(repo))
    site = generate(repo / "briefings", base=repo)
    before = {e.id: e for e in feedparser.parse(site.files["alpha/feed.xml"]).entries}

    edit(forces, "      figure: {value: 310, unit: troops, approx: true}\n", "      figure: {value: 310, unit: troops, approx: true}\n"
                 "      corrections: [{date: 2025-02-20, note: The count was of soldiers on patrol only.}]\n")
    edit(forces, "      figure: {value: 350, unit: troops, approx: true}\n", "      figure: {value: 350, unit: troops, approx: true}\n"
                 "      retracted: {date: 2025-02-22, note: Misread; the report says 300.}\n")
    git(repo, "commit", "-qam", "corrections", date="2025-02-23T10:00:00+00:00")
    days = sections(whats_new(repo))
    assert "23 February 2025" not in days  # the bookkeeping commit is not a change of its own
    assert [line.split(":**")[0] for line in days["20 February 2025"]] == ["- **Correction"]
    assert "The count was of soldiers on patrol only." in days["20 February 2025"][0]
    assert [line.split(":**")[0] for line in days["22 February 2025"]] == ["- **Retracted"]

    site = generate(repo / "briefings", base=repo)
    after = {e.id: e for e in feedparser.parse(site.files["alpha/feed.xml"]).entries}
    assert set(after) == set(before)  # the same entries, now updated
    corrected = next(e for e in after.values() if e.link.endswith("#" + ids["Task Force Alpha has about 300 soldiers."]))
    assert corrected.title.startswith("Correction: ") and corrected.updated.startswith("2025-02-20")
    assert before[corrected.id].updated < corrected.updated
    retracted = next(e for e in after.values() if e.link.endswith("#" + ids["Task Force Alpha has about 350 soldiers."]))
    assert retracted.title.startswith("Retracted: ") and retracted.updated.startswith("2025-02-22")


def test_commits_listed_in_git_blame_ignore_revs_date_nothing(repo: Path) -> None:
    """An id written in front of a fact moves its `- `: a commit listed as bookkeeping is looked through."""
    forces = repo / "briefings/alpha/forces.yml"
    edit(forces, "    - text: Task Force Alpha has about 350", "    - id: alpha-350\n      text: Task Force Alpha has about 350")
    git(repo, "commit", "-qam", "ids in front", date="2025-03-01T10:00:00+00:00")
    assert "1 March 2025" in sections(whats_new(repo))  # the text line changed, as far as git can tell
    (repo / ".git-blame-ignore-revs").write_text(git(repo, "rev-parse", "HEAD"), encoding="utf-8")
    git(repo, "add", ".git-blame-ignore-revs")
    git(repo, "commit", "-qm", "bookkeeping", date="2025-03-02T10:00:00+00:00")
    days = sections(whats_new(repo))
    assert "1 March 2025" not in days and "2 March 2025" not in days
    assert any("about 350 soldiers" in line and line.startswith("- **New fact:**") for line in days["3 February 2025"])
