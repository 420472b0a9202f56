"""Lighthouse scores of the example site: builds it, serves it on 127.0.0.1, audits pages on a phone.

    python scripts/lighthouse.py             # or: make lighthouse
    python scripts/lighthouse.py --runs 3 --reports out/

Runs `npx lighthouse` from node_modules (`npm ci` installs it) with Debian's Chromium, mobile form
factor and Lighthouse's default simulated throttling, on the overview and an entity page, and prints
the four category scores of each (the median of ``--runs`` runs). Exits 1 if a score is under
``--min`` (95). The site is served with gzip, as any static host serves it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"overview": "us-mexico-border-2025/", "entity (JTF-North)": "us-mexico-border-2025/forces/joint-task-force-north/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
                " --no-first-run")
BUSY = 1000
"""Lighthouse's CPU benchmark of the machine under which other work is slowing the page down."""
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class Handler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it; logs nothing."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.partition("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()  # folders without "/" are redirected, other files sent as they are
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


def build(out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = out / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)], cwd=ROOT, env=env,
                   check=True)
    return site


def lighthouse(url: str, report: Path) -> dict[str, int]:
    npx = shutil.which("npx")
    if npx is None or not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        sys.exit("lighthouse not found: run `npm ci` (or `make lighthouse`)")
    subprocess.run([npx, "--no-install", "lighthouse", url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile", f"--chrome-flags={CHROME_FLAGS}"],
                   cwd=ROOT, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME)}, check=True)
    result = json.loads(report.read_text(encoding="utf-8"))
    speed = result["environment"]["benchmarkIndex"]
    if speed < BUSY:
        print(f"    (CPU benchmark {speed:.0f}, under {BUSY}: the machine is busy, which lowers the performance score)",
              flush=True)
    return {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}


def shortfalls(report: Path) -> list[str]:
    """The audits that cost points, for the page's latest report."""
    result = json.loads(report.read_text(encoding="utf-8"))
    lines = []
    for c in CATEGORIES:
        for ref in result["categories"][c]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"    {c}: {audit['id']} {audit['score']:.2f}{value}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is reported")
    parser.add_argument("--min", type=int, default=95, help="the lowest score that passes")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building the example site")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        site = args.site.resolve() if args.site else build(out)
        reports = args.reports or out / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        failed = False
        try:
            print(f"{'page':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
            for name, path in PAGES.items():
                runs = []
                for n in range(args.runs):
                    report = reports / f"{name.split()[0]}-{n + 1}.json"
                    runs.append(lighthouse(base + path, report))
                scores = {c: int(statistics.median(r[c] for r in runs)) for c in CATEGORIES}
                print(f"{name:<22}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
                if min(scores.values()) < args.min:
                    failed = True
                lines = shortfalls(report)
                if lines:
                    print("\n".join(lines), flush=True)
        finally:
            server.shutdown()
            server.server_close()
    if failed:
        print(f"a score is under {args.min}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
