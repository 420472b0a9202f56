"""Build time and peak memory of synthetic briefings, against plain `mkdocs build` of the same pages.

    python benchmarks/bench.py [--sizes 100 1000 3000]

For each size: (1) `mkdocs build` with the briefing plugin; (2) `briefing render` writes the same
pages as Markdown, then plain `mkdocs build` (no plugin) builds them with the same navigation.
The difference is what the plugin costs. Each build runs in its own process, timed wall-clock,
its peak resident memory read from the kernel (wait4).
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr.read().decode()[-2000:]}")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
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
