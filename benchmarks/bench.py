"""Build time and peak memory of synthetic briefings, against plain `mkdocs build` of the same pages.

    python benchmarks/bench.py [--sizes 100 1000 3000]
    python benchmarks/bench.py --sizes 1000 --history 500 --runs 5

For each size: (1) `mkdocs build` with the briefing plugin; (2) `briefing render` writes the same
pages as Markdown, then plain `mkdocs build` (no plugin) builds them with the same navigation.
The difference is what the plugin costs. Each build runs in its own process, timed wall-clock,
its peak resident memory read from the kernel (wait4). With ``--history N``: the plugin build of
a briefing whose repository has N commits (What's new reads them) against the same project
without a repository, medians of ``--runs`` interleaved runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_briefing  # noqa: E402

CONFIG = """site_name: Bench
docs_dir: docs
theme: {{name: material, features: [navigation.indexes, navigation.sections]}}
plugins: [search{plugin}]
markdown_extensions: [abbr, admonition, attr_list, tables, toc]
{nav}"""


def measure(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak MB of one command."""
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


def bench(size: int, work: Path) -> dict[str, float]:
    py = sys.executable
    plugin = work / f"plugin-{size}"
    write_briefing(plugin / "briefings" / "bench", size)
    (plugin / "docs").mkdir()
    (plugin / "mkdocs.yml").write_text(CONFIG.format(plugin=", briefing", nav=""))
    t_check, m_check = measure([py, "-m", "generator.cli", "check"], plugin)
    t_plugin, m_plugin = measure([py, "-m", "mkdocs", "build", "-q"], plugin)

    plain = work / f"plain-{size}"
    plain.mkdir()
    measure([py, "-m", "generator.cli", "render", "--out", str(plain / "docs"), "--briefings", str(plugin / "briefings")], plugin)
    sections = ["index.md", "figures.md", "timeline.md", "questions.md", "forces/index.md", "missions/index.md",
                "authorities/index.md", "sources/index.md"]
    nav = "nav:\n  - index.md\n  - Bench:\n" + "".join(f"    - bench/{s}\n" for s in sections)
    (plain / "mkdocs.yml").write_text(CONFIG.format(plugin="", nav=nav))
    t_plain, m_plain = measure([py, "-m", "mkdocs", "build", "-q"], plain)
    pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
    return {"size": size, "pages": pages, "check_s": t_check, "plugin_s": t_plugin, "plain_s": t_plain,
            "check_mb": m_check, "plugin_mb": m_plugin, "plain_mb": m_plain}


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
    py = sys.executable
    timings: dict[str, list[float]] = {"git": [], "none": []}
    for _ in range(runs):  # interleaved, so that a busy moment of the machine weighs on both
        timings["git"].append(measure([py, "-m", "mkdocs", "build", "-q"], with_git)[0])
        timings["none"].append(measure([py, "-m", "mkdocs", "build", "-q"], without)[0])
    return {"git_s": statistics.median(timings["git"]), "none_s": statistics.median(timings["none"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--history", type=int, metavar="COMMITS",
                        help="instead: what reading a git history of COMMITS commits adds to the plugin build (What's new)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build with --history; medians are reported")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    if args.history:
        print(f"{'entities':>8} {'commits':>8} {'runs':>5} {'with history s':>15} {'without s':>10} {'extra':>7}")
        try:
            for size in args.sizes:
                r = bench_history(size, args.history, args.runs, work)
                extra = (r["git_s"] - r["none_s"]) / r["none_s"] * 100
                print(f"{size:>8} {args.history:>8} {args.runs:>5} {r['git_s']:>15.2f} {r['none_s']:>10.2f} {extra:>6.1f}%", flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        return
    print(f"{'entities':>8} {'pages':>6} {'check s':>8} {'plugin s':>9} {'plain s':>8} {'overhead':>9} {'plugin MB':>10} {'plain MB':>9}")
    try:
        for size in args.sizes:
            r = bench(size, work)
            overhead = (r["plugin_s"] - r["plain_s"]) / r["plain_s"] * 100
            print(f"{r['size']:>8} {r['pages']:>6} {r['check_s']:>8.2f} {r['plugin_s']:>9.2f} {r['plain_s']:>8.2f} "
                  f"{overhead:>8.0f}% {r['plugin_mb']:>10.0f} {r['plain_mb']:>9.0f}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
