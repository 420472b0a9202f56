"""When each line of a briefing's files entered the repository, read from git once per build.

What's new in a briefing is what its history says, never the build machine's clock: each YAML
file is read with ``git blame`` (the working copy, so that a preview shows edits not yet
committed as such), and the documents' first commits with one ``git log``. Blame is a few tenths
of a second for a file of a thousand entities with hundreds of commits, far less than parsing
every past version of every file; the blames run side by side, and each is kept in memory for
the next rebuild of ``mkdocs serve`` while neither the file nor HEAD changes.

Without a usable history (not a repository, git missing, a shallow clone whose blame would date
everything to its one commit) :func:`read` says why, and the caller falls back on the
information's own dates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

IGNORE_REVS = ".git-blame-ignore-revs"
"""Git's usual file of commits that only reformat, at the repository's top: blame looks through
them, so that a commit that only keeps the books (ids written in front of facts) dates nothing."""
UNCOMMITTED = "0" * 40
"""The commit blame names for lines of the working copy that no commit has yet."""
_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ \d+(?: \d+)?$")


@dataclass(frozen=True)
class Line:
    """One line of a file as it is now, and when the commit that last changed it was made."""

    text: str
    when: dt.datetime | None
    """``None``: changed in the working copy and not yet committed."""


@dataclass
class History:
    """What the repository says about the briefings' files."""

    reason: str = ""
    """Why there is no history (empty when there is one)."""
    lines: dict[str, list[Line]] = field(default_factory=dict)
    """Each YAML file (path as given to :func:`read`), line by line."""
    added: dict[str, dt.datetime | None] = field(default_factory=dict)
    """When each file was first committed; ``None`` when it is not yet."""

    @property
    def available(self) -> bool:
        return not self.reason


_CACHE: dict[tuple[str, ...], list[Line]] = {}
"""(HEAD, path, digest of the file's text) → its blame: unchanged files are not blamed again."""


def _git(base: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=base, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if result.returncode != 0:
        raise _NoHistory(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {args[0]} failed")
    return result.stdout


class _NoHistory(Exception):
    pass


def read(base: Path, yaml_files: list[str], other_files: list[str]) -> History:
    """The history of ``yaml_files`` (line by line) and of ``other_files`` (when each was added),
    paths relative to ``base``; a :class:`History` with a ``reason`` when there is none."""
    try:
        if _git(base, "rev-parse", "--is-shallow-repository").strip() == "true":
            return History("the repository is a shallow clone (fetch its full history: git fetch --unshallow)")
        head = _git(base, "rev-parse", "HEAD").strip()
        top = Path(_git(base, "rev-parse", "--show-toplevel").strip())
    except FileNotFoundError:
        return History("git is not installed")
    except _NoHistory as e:
        return History("the project is not in a git repository" if "not a git repository" in str(e) else f"no git history ({e})")
    history = History()
    with ThreadPoolExecutor(max_workers=4) as pool:
        ignore = top / IGNORE_REVS
        options = [f"--ignore-revs-file={ignore}"] if ignore.is_file() else []
        for path, lines in zip(yaml_files, pool.map(lambda p: _blame(base, head, p, options), yaml_files)):
            history.lines[path] = lines
    history.added = _first_commits(base, [*yaml_files, *other_files])
    return history


def _blame(base: Path, head: str, path: str, options: list[str]) -> list[Line]:
    try:
        text = (base / path).read_bytes()
    except OSError:
        return []
    key = (head, path, hashlib.sha1(text).hexdigest(), *options)
    if key not in _CACHE:
        try:
            _CACHE[key] = parse_blame(_git(base, "blame", "--porcelain", *options, "--", path))
        except _NoHistory:  # a file git does not track yet: every line is new
            _CACHE[key] = [Line(t, None) for t in text.decode("utf-8", "replace").splitlines()]
    return _CACHE[key]


def parse_blame(porcelain: str) -> list[Line]:
    """``git blame --porcelain`` as one :class:`Line` per line of the file.

    Porcelain names a commit's time and zone only the first time the commit appears; later
    lines of the same commit carry its hash alone.
    """
    times: dict[str, tuple[int, str]] = {}
    out: list[Line] = []
    sha, stamp, zone = "", 0, "+0000"
    for row in porcelain.split("\n"):
        if row.startswith("\t"):
            if sha != UNCOMMITTED:
                times.setdefault(sha, (stamp, zone))
            when = None if sha == UNCOMMITTED else _datetime(*times[sha])
            out.append(Line(row[1:], when))
        elif match := _HEADER.match(row):
            sha = match.group(1)
            stamp, zone = times.get(sha, (0, "+0000"))
        elif row.startswith("committer-time "):
            stamp = int(row.split()[1])
        elif row.startswith("committer-tz "):
            zone = row.split()[1]
    return out


def _datetime(stamp: int, zone: str) -> dt.datetime:
    """The commit's time in its committer's own zone, whose calendar day is the day shown."""
    sign = -1 if zone.startswith("-") else 1
    offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
    return dt.datetime.fromtimestamp(stamp, dt.timezone(offset))


def _first_commits(base: Path, paths: list[str]) -> dict[str, dt.datetime | None]:
    """When each path was first committed (renames count as additions), in one ``git log``."""
    wanted = set(paths)
    found: dict[str, dt.datetime | None] = dict.fromkeys(paths)
    try:
        log = _git(base, "log", "--reverse", "--diff-filter=A", "--no-renames", "--format=%x00%ct %cI", "--name-only",
                   "--relative", "--", *sorted({str(Path(p).parent) for p in paths} or {"."}))
    except _NoHistory:
        return found
    when: dt.datetime | None = None
    for row in log.split("\n"):
        if row.startswith("\x00"):
            stamp, iso = row[1:].split(" ", 1)
            when = _datetime(int(stamp), iso[-6:].replace(":", "") if iso[-6] in "+-" else "+0000")
        elif row in wanted and found[row] is None:
            found[row] = when
    return found
