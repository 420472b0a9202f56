"""Reading with a forked worker (`briefing check` at scale) gives exactly what reading alone gives.

Every bad-input case, the fixture briefings and a synthetic briefing are read both ways and compared
value by value: types, positions of every value and key, numbers as written, problems in order, and
what is marked broken. A worker that fails must cost time only, never a problem or a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from generator import parallel, reading
from generator.errors import BriefingError, Problems
from generator.loading import Located, Mapping, Sequence, WrittenFloat, WrittenInt
from generator.reading import Read, Reader
from generator.validation import briefing_folders, load_site

from conftest import FIXTURES

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from synthetic import write_briefing  # noqa: E402

CASES = Path(__file__).parent / "cases"
CORPUS = sorted(p / "briefings" for p in CASES.iterdir() if (p / "briefings").is_dir()) + sorted(
    p for p in FIXTURES.iterdir() if p.is_dir())


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fork for every briefing with a list file, however small; returns the names of the files
    whose parse came from a worker, to show that the worker did the reading."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # pytest's other tests may have left threads
    received: list[str] = []
    real = parallel._read

    def read(pipe: Any) -> Any:
        name, result = real(pipe)
        received.append(name)
        return name, result

    monkeypatch.setattr(parallel, "_read", read)
    return received


def read(folder: Path, root: Path, *, parallel_: bool) -> tuple[Read, list[Any]]:
    problems = Problems()
    result = Reader(folder, root, root.parent, problems, parallel=parallel_).read()
    result.end()
    return result, problems.items


def paths(data: Any, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += paths(value, (*at, i))
    return out


def assert_same_values(a: Any, b: Any, where: tuple[str | int, ...] = ()) -> None:
    assert type(a) is type(b), where
    if type(a) in (Mapping, Sequence):
        assert a.at == b.at, where
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            assert_same_values(a[key], b[key], (*where, key))
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_values(x, y, (*where, i))
    else:
        assert a == b or (a != a and b != b), where  # NaN (`.nan`) is not equal to itself
    if type(a) in (WrittenInt, WrittenFloat):
        assert a.written == b.written, where


def assert_same_located(a: Located, b: Located) -> None:
    assert (a.path, a.start) == (b.path, b.start)
    assert_same_values(a.data, b.data)
    for p in paths(a.data):
        assert a.position(p) == b.position(p), p
        assert a.position(p, key=True) == b.position(p, key=True), p


def assert_same_read(a: Read, b: Read) -> None:
    assert (a.id, a.display, a.broken) == (b.id, b.display, b.broken)
    assert (a.meta is None) == (b.meta is None)
    assert list(a.documents) == list(b.documents)
    for ident, doc in a.documents.items():
        other = b.documents[ident]
        assert (doc.value.meta, doc.value.body) == (other.value.meta, other.value.body)
        assert_same_located(doc.located, other.located)
    assert list(a.entries) == list(b.entries)
    for kind, entries in a.entries.items():
        others = b.entries[kind]
        assert [(e.value, e.base, e.complete) for e in entries] == [(e.value, e.base, e.complete) for e in others]
        if entries:
            assert_same_located(entries[0].located, others[0].located)


def assert_same_both_ways(root: Path) -> None:
    for folder in briefing_folders(root):
        alone, alone_problems = read(folder, root, parallel_=False)
        forked, forked_problems = read(folder, root, parallel_=True)
        assert forked_problems == alone_problems, folder
        assert_same_read(alone, forked)


def loaded(root: Path, *, parallel_: bool) -> Any:
    """What a whole load gives, checks across files included: the problems, or each briefing's
    warnings, every quote of every document and every citation's quote."""
    try:
        if parallel_:
            with parallel.allowed():
                briefings = load_site(root)
        else:
            briefings = load_site(root)
    except BriefingError as e:
        return e.problems
    return [(b.id, b.warnings,
             [(d.id, [(q.anchor, q.start, q.end, q.text) for q in d.quotes_in_order()]) for d in b.documents.values()],
             [[(c.document and c.document.id, c.quote and c.quote.anchor, c.quote_text) for c in t.citations]
              for t in (*b.facts, *b.events, *b.questions)])
            for b in briefings]


def assert_same_load(root: Path) -> None:
    assert loaded(root, parallel_=True) == loaded(root, parallel_=False)


@pytest.mark.parametrize("root", CORPUS, ids=lambda p: p.parent.name if p.name == "briefings" else p.name)
def test_every_case_reads_the_same_with_a_worker(root: Path, forking: list[str]) -> None:
    assert_same_both_ways(root)
    assert_same_load(root)


def test_the_corpus_is_read_by_the_worker(forking: list[str]) -> None:
    for root in CORPUS:
        assert_same_both_ways(root)
    assert {"forces.yml", "events.yml"} <= set(forking)  # whichever is largest goes to the worker


def test_a_large_briefing_reads_the_same_with_a_worker(tmp_path: Path, forking: list[str]) -> None:
    root = tmp_path / "briefings"
    write_briefing(root / "bench", 300, questions=30)
    text = (root / "bench/forces.yml").read_text(encoding="utf-8")  # numbers as written, and a bad entry
    late = "- id: late\n  figure: {value: 0x1F, unit: 1.50, when: 2025-02-30, n: ~, t: 1:20, o: 007, y: yes, i: .inf}\n"
    text = text.replace("value: 1", "value: 1_", 3).replace("- id: e-7\n", "- id: E 7\n", 1)
    (root / "bench/forces.yml").write_text(text + late, encoding="utf-8")
    assert_same_both_ways(root)
    assert forking == ["forces.yml"]  # the largest; this process parsed the others meanwhile


def test_the_worker_looks_for_every_quote(tmp_path: Path, forking: list[str]) -> None:
    """Quotes of the files parsed on either side are looked for by the worker: this process
    normalises no document, and verifies the same quotes at the same places."""
    root = tmp_path / "briefings"
    write_briefing(root / "bench", 300, questions=30)
    with open(root / "bench/events.yml", "a", encoding="utf-8") as f:  # parsed here, not by the worker
        f.write("- id: late\n  date: 2025-03-01\n  title: Late\n  entities: [e-1]\n"
                "  cite: {doc: doc-0, quote: \"words that no document holds at all\"}\n")
    with parallel.allowed():
        with pytest.raises(BriefingError) as e:
            load_site(root)
    assert ["quote not found in document 'doc-0'" in p.message for p in e.value.problems] == [True]
    assert forking == ["forces.yml", parallel.QUOTES]
    assert_same_load(root)
    text = (root / "bench/events.yml").read_text(encoding="utf-8")
    (root / "bench/events.yml").write_text(text[: text.index("- id: late")], encoding="utf-8")
    assert_same_load(root)
    forking.clear()
    with parallel.allowed():
        [briefing] = load_site(root)
    assert forking == ["forces.yml", parallel.QUOTES]
    cited = [c for t in (*briefing.facts, *briefing.events, *briefing.questions) for c in t.citations if c.document]
    assert len(cited) > 1500 and all(c.verified for c in cited)
    assert [d.id for d in briefing.documents.values() if "text" in vars(d.normalised)] == []


def test_the_plugin_and_library_read_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking is for `briefing check` only: the plugin runs in `mkdocs serve`, which has threads."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    started: list[Path] = []
    real = parallel.Ahead.__init__

    def spy(self: parallel.Ahead, folder: Path, *args: Any) -> None:
        started.append(folder)
        real(self, folder, *args)

    monkeypatch.setattr(parallel.Ahead, "__init__", spy)
    load_site(FIXTURES / "good")
    assert started == []
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    with parallel.allowed():
        load_site(FIXTURES / "good")
    assert started == [FIXTURES / "good/alpha"]


def test_no_worker_in_a_threaded_process_or_for_little_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = FIXTURES / "good/alpha"
    names = {name: name for name in reading.LIST_FILES if (folder / name).exists()}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    assert parallel.start_worker(folder, folder.parent, names, True) is None  # a few KB: not worth a fork
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    assert parallel.start_worker(folder, folder.parent, names, False) is None
    assert parallel.start_worker(folder, folder.parent, names) is None  # not allowed by the caller
    ahead = parallel.start_worker(folder, folder.parent, names, True)
    assert ahead is not None and ahead.sent
    ahead.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)  # ended and collected, not left a zombie


def test_the_largest_files_go_to_the_worker_in_the_readers_order() -> None:
    sizes = {"forces.yml": 3_800_000, "missions.yml": 1_900_000, "authorities.yml": 1_900_000, "events.yml": 70_000}
    assert parallel.share(list(sizes), sizes) == ["forces.yml"]
    even = {"forces.yml": 2_000_000, "missions.yml": 2_000_000, "authorities.yml": 2_000_000, "events.yml": 2_000_000}
    assert parallel.share(list(even), even) == ["forces.yml", "events.yml"]  # 2.8 + 2.8 MB against 2 + 2 + 0.3 + 0.3


def _die(*args: Any) -> None:
    os._exit(3)


def _raise(*args: Any) -> None:
    raise RuntimeError("worker failed")


def _garbage(out: Any, name: str, result: Any) -> None:
    out.put(b"\x80\x05junk")


@pytest.mark.parametrize("failure", [_die, _raise, lambda *args: "junk"], ids=["dies", "raises", "sends-garbage"])
def test_a_worker_failing_at_the_quotes_loses_nothing(failure: Any, tmp_path: Path, forking: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "briefings"
    write_briefing(root / "bench", 60)
    with open(root / "bench/forces.yml", "a", encoding="utf-8") as f:
        f.write("- id: wrong\n  name: Wrong\n  summary: Wrong.\n  facts:\n  - text: Misquoted.\n"
                "    cite: {doc: doc-1, quote: \"these words are in no document\"}\n")
    alone = loaded(root, parallel_=False)
    assert ["quote not found in document 'doc-1'" in p.message for p in alone] == [True]
    monkeypatch.setattr(parallel, "look_for", failure)  # only the worker looks for quotes
    assert loaded(root, parallel_=True) == alone
    assert forking == ["forces.yml"] + ([parallel.QUOTES] if failure not in (_die, _raise) else [])


@pytest.mark.parametrize("failure", [_die, _raise, _garbage], ids=["dies", "raises", "sends-garbage"])
def test_a_failing_worker_loses_nothing(failure: Any, tmp_path: Path, forking: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "briefings"
    write_briefing(root / "bench", 60)
    with open(root / "bench/forces.yml", "a", encoding="utf-8") as f:
        f.write("- id: broken\n  name: [unclosed\n")
    monkeypatch.setattr(parallel, "_send", failure)  # only the worker sends
    pids: list[int] = []
    real = parallel.Ahead._fork

    def fork(self: parallel.Ahead) -> None:
        real(self)
        pids.append(self.pid)

    monkeypatch.setattr(parallel.Ahead, "_fork", fork)
    alone, alone_problems = read(root / "bench", root, parallel_=False)
    forked, forked_problems = read(root / "bench", root, parallel_=True)
    assert any("forces.yml" in p.path for p in alone_problems)
    assert forked_problems == alone_problems
    assert_same_read(alone, forked)
    assert forking == [] and len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)


def _fails_at(call: int, real: Any) -> Any:
    """``real``, failing from its ``call``-th call on as a system out of resources does."""
    calls = []

    def wrapper(*args: Any) -> Any:
        calls.append(args)
        if len(calls) >= call:
            raise OSError(24, "Too many open files")
        return real(*args)

    return wrapper


@pytest.mark.parametrize("what, call", [("fork", 1), ("memfd_create", 1), ("memfd_create", 2), ("pipe", 2)])
def test_no_process_or_descriptor_to_spare_reads_alone(what: str, call: int, tmp_path: Path, forking: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "briefings"
    write_briefing(root / "bench", 60)
    alone, alone_problems = read(root / "bench", root, parallel_=False)
    monkeypatch.setattr(os, what, _fails_at(call, getattr(os, what)))
    open_before = sorted(os.listdir("/proc/self/fd"))
    forked, forked_problems = read(root / "bench", root, parallel_=True)
    assert forked_problems == alone_problems
    assert_same_read(alone, forked)
    assert forking == []
    assert sorted(os.listdir("/proc/self/fd")) == open_before  # none left open by the attempt


CHECK_WITH_A_SPY = """
import sys
from generator import cli, parallel
real = parallel.Ahead._fork
def fork(self):
    real(self)
    print("worker:", *self.sent, file=sys.stderr)
parallel.Ahead._fork = fork
sys.argv = ["briefing", "check", "briefings"]
cli.main()
"""


@pytest.mark.skipif(sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
                    reason="one core, or not Linux: briefing check reads alone there, as tested above")
def test_briefing_check_forks_a_worker_for_a_large_briefing_and_reports_the_same(tmp_path: Path) -> None:
    """The real decision, in a fresh process as an analyst runs it: 800 entities are 1.2 MB of YAML."""
    root = tmp_path / "briefings"
    write_briefing(root / "bench", 800)
    forces = root / "bench/forces.yml"
    text = forces.read_text(encoding="utf-8").replace("- id: e-3\n", "- id: E 3\n", 1)
    forces.write_text(text + "- id: twice\n  name: One\n  name: Two\n", encoding="utf-8")
    (root / "bench/missions.yml").write_text((root / "bench/missions.yml").read_text(encoding="utf-8")
                                             + "- id: e-1\n  name: [unclosed\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", CHECK_WITH_A_SPY], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 1
    assert "worker: forces.yml\n" in result.stderr
    with pytest.raises(BriefingError) as alone:
        load_site(root, tmp_path)
    assert [line for line in result.stderr.splitlines() if not line.startswith("worker:")] == [
        *map(str, alone.value.problems), f"{len(alone.value.problems)} problems found."]
    assert any("forces.yml" in str(p) for p in alone.value.problems)
    assert any("missions.yml" in str(p) for p in alone.value.problems)
