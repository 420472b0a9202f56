"""Time, memory and page weight of synthetic briefings, against plain `mkdocs build` of the same pages.

    python benchmarks/bench.py                       # 100, 1,000 and 5,000 entities, 3 runs each
    python benchmarks/bench.py --sizes 1000 --runs 5
    python benchmarks/bench.py --sizes 1000 --history 500 --runs 5
    python benchmarks/bench.py --sizes 1000 --serve --runs 5

For each size, a synthetic briefing (benchmarks/synthetic.py: 6.5 facts an entity) and, in each of
``--runs`` rounds, interleaved so that a busy moment of the machine weighs on all of them alike:
(1) `briefing check`; (2) `mkdocs build` with the briefing plugin; (3) `briefing render` writes the
same pages as Markdown, which plain `mkdocs build` (no plugin, the same navigation) builds. The
difference between (2) and (3) is what the plugin costs. Every command runs in its own process,
timed wall-clock, its peak resident memory read from the kernel (wait4); medians are reported.
Once per size: the largest generated page (Markdown, from `briefing render`) and what a reader's
first search downloads, gzipped (benchmarks/search_size.py), with each search backend (`material`
from the plugin build, `pagefind` from one more build with `search: pagefind`). With ``--history N``: the plugin build of a briefing whose
repository has N commits (What's new reads them) against the same project without a repository.
With ``--serve``: seconds from saving an edit of one fact to `mkdocs serve` reloading the browser.
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from search_size import first_search_bytes  # noqa: E402
from synthetic import write_briefing  # noqa: E402

CONFIG = """site_name: Bench
docs_dir: docs
theme: {{name: material, features: [navigation.indexes, navigation.sections]}}
plugins: [search{plugin}]
markdown_extensions: [abbr, admonition, attr_list, tables, toc]
{nav}"""
PY = sys.executable
BUILD = [PY, "-m", "mkdocs", "build", "-q"]


def measure(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a full pipe would stall a chatty build
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(args)} failed:\n{err.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def projects(size: int, work: Path) -> tuple[Path, Path]:
    """The project with the plugin, and the plain project of the same pages from `briefing render`."""
    plugin = work / f"plugin-{size}"
    write_briefing(plugin / "briefings" / "bench", size)
    (plugin / "docs").mkdir()
    (plugin / "mkdocs.yml").write_text(CONFIG.format(plugin=", briefing", nav=""))
    plain = work / f"plain-{size}"
    plain.mkdir()
    measure([PY, "-m", "generator.cli", "render", "--out", str(plain / "docs"), "--briefings", str(plugin / "briefings")], plugin)
    # The render output carries its navigation as .nav.yml files (for other engines); plain MkDocs
    # reads none, so the same sections are spelt out from them.
    section = yaml.safe_load((plain / "docs" / "bench" / ".nav.yml").read_text(encoding="utf-8"))
    nav = "nav:\n  - index.md\n  - Bench:\n" + "".join(f"    - bench/{s}\n" for s in section["nav"])
    (plain / "mkdocs.yml").write_text(CONFIG.format(plugin="", nav=nav))
    return plugin, plain


def largest_page(docs: Path) -> tuple[int, str]:
    """Bytes and path of the largest Markdown page."""
    return max((p.stat().st_size, p.relative_to(docs).as_posix()) for p in docs.rglob("*.md"))


def pagefind_site(plugin: Path, size: int, work: Path) -> Path:
    """The same briefing built once with the plugin's `search: pagefind` backend (its download is
    a size, not a timing: one build tells it)."""
    project = work / f"pagefind-{size}"
    project.mkdir()
    (project / "docs").mkdir()
    (project / "briefings").symlink_to(plugin / "briefings")
    (project / "mkdocs.yml").write_text(CONFIG.format(plugin=", briefing: {search: pagefind}", nav=""))
    measure(BUILD, project)
    return project / "site"


def bench(size: int, runs: int, work: Path) -> dict[str, float | str]:
    plugin, plain = projects(size, work)
    timings: dict[str, list[tuple[float, float]]] = {"check": [], "plugin": [], "plain": []}
    for _ in range(runs):
        timings["check"].append(measure([PY, "-m", "generator.cli", "check"], plugin))
        timings["plugin"].append(measure(BUILD, plugin))
        timings["plain"].append(measure(BUILD, plain))
    med = {f"{k}_{m}": statistics.median(run[i] for run in v) for k, v in timings.items() for i, m in enumerate(("s", "mb"))}
    med["time_ratio"] = med["plugin_s"] / med["plain_s"]
    med["memory_ratio"] = med["plugin_mb"] / med["plain_mb"]
    biggest, where = largest_page(plain / "docs")
    return {"size": size, "runs": runs, "pages": sum(1 for _ in (plain / "docs").rglob("*.md")), **med,
            "largest_kb": biggest / 1024, "largest": where, "search_kb": first_search_bytes(plugin / "site", "material") / 1024,
            "pagefind_kb": first_search_bytes(pagefind_site(plugin, size, work), "pagefind") / 1024}


def make_history(project: Path, commits: int) -> None:
    """A repository whose history of the briefing has ``commits`` commits, each editing one fact."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "start")
    files = sorted(p for name in ("forces.yml", "missions.yml", "authorities.yml") for p in (project / "briefings").rglob(name))
    for i in range(commits - 1):
        path = files[i % len(files)]
        lines = path.read_text(encoding="utf-8").split("\n")
        texts = [n for n, line in enumerate(lines) if line.lstrip().startswith("- text:")]
        n = texts[(i * 7919) % len(texts)]
        lines[n] += f" (revised {i})"
        path.write_text("\n".join(lines), encoding="utf-8")
        git("commit", "-qam", f"edit {i}")


def bench_history(size: int, commits: int, runs: int, work: Path) -> dict[str, float]:
    """Median plugin build with the briefing's git history read, and of the same project without one."""
    with_git = work / f"history-{size}"
    write_briefing(with_git / "briefings" / "bench", size)
    (with_git / "docs").mkdir()
    (with_git / "mkdocs.yml").write_text(CONFIG.format(plugin=", briefing", nav=""))
    make_history(with_git, commits)
    without = work / f"nohistory-{size}"
    shutil.copytree(with_git, without, ignore=shutil.ignore_patterns(".git"))
    timings: dict[str, list[float]] = {"git": [], "none": []}
    for _ in range(runs):
        timings["git"].append(measure(BUILD, with_git)[0])
        timings["none"].append(measure(BUILD, without)[0])
    return {"git_s": statistics.median(timings["git"]), "none_s": statistics.median(timings["none"])}


def bench_serve(size: int, runs: int, work: Path) -> float:
    """Median seconds from saving an edit of one fact to `mkdocs serve` telling the browser to reload."""
    project = work / f"serve-{size}"
    write_briefing(project / "briefings" / "bench", size)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(CONFIG.format(plugin=", briefing", nav=""))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()  # type: ignore[union-attr]

    def wait_for(text: str) -> None:
        while text not in lines.get(timeout=600):
            pass

    forces = project / "briefings" / "bench" / "forces.yml"
    times = []
    try:
        wait_for("Serving on")
        for i in range(runs):
            text = forces.read_text(encoding="utf-8").replace("Fact 0 about entity 0", f"Fact 0 about entity 0 (edit {i})", 1)
            start = time.perf_counter()
            forces.write_text(text, encoding="utf-8")
            wait_for("Reloading browsers")
            times.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        proc.wait()
    return statistics.median(times)


def row(r: dict[str, float | str]) -> str:
    return (f"| {r['size']:,} | {r['pages']:,} | {r['runs']} | {r['check_s']:.2f} s | {r['check_mb']:.0f} MiB "
            f"| {r['plugin_s']:.2f} s | {r['plain_s']:.2f} s | {r['time_ratio']:.2f}× "
            f"| {r['plugin_mb']:.0f} MiB | {r['plain_mb']:.0f} MiB | {r['memory_ratio']:.2f}× "
            f"| {r['largest_kb']:.0f} KB ({r['largest']}) | {r['search_kb']:,.0f} KB | {r['pagefind_kb']:,.0f} KB |")


HEADER = ("| entities | pages | runs | check | check memory | plugin build | plain build | ratio | plugin memory "
          "| plain memory | ratio | largest page | first search, material (gzip) | first search, pagefind (gzip) |\n|" + "---|" * 14)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="rounds of each command; medians are reported")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--serve", action="store_true",
                        help="instead: seconds from saving an edit to `mkdocs serve` reloading the page")
    parser.add_argument("--history", type=int, metavar="COMMITS",
                        help="instead: what reading a git history of COMMITS commits adds to the plugin build (What's new)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        if args.history:
            print("| entities | commits | runs | with history | without | extra |\n|---|---|---|---|---|---|")
            for size in args.sizes:
                r = bench_history(size, args.history, args.runs, work)
                extra = (r["git_s"] - r["none_s"]) / r["none_s"] * 100
                print(f"| {size:,} | {args.history} | {args.runs} | {r['git_s']:.2f} s | {r['none_s']:.2f} s | {extra:.1f} % |", flush=True)
            return
        if args.serve:
            print("| entities | edits | save to reload |\n|---|---|---|")
            for size in args.sizes:
                print(f"| {size:,} | {args.runs} | {bench_serve(size, args.runs, work):.2f} s |", flush=True)
            return
        print(HEADER, flush=True)
        for size in args.sizes:
            print(row(bench(size, args.runs, work)), flush=True)
    finally:
        if args.keep:
            print(f"projects kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
