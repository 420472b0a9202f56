"""What a reader's first search downloads, gzipped, from a built site: for bench.py and the tests.

    python benchmarks/search_size.py SITE_FOLDER

With Material's search (`material`), the browser fetches the whole index (search/search_index.json)
and the search worker scripts before it shows any result. With Pagefind (`pagefind`), it fetches
Pagefind's script, entry file, WebAssembly and metadata once, then the index chunk of each word
typed and the stored text of each result it lists (20 at most, generator/pagefind.py); the figure
is for a one-word query at its largest: the largest chunk and the 20 largest page texts. Each file
counts at its `gzip -9` size (Pagefind's index files are gzipped already and count about as is).
The backend is read from the site: a pagefind/ folder means Pagefind.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

RESULTS_FETCHED = 20
"""generator/pagefind.py RESULT_LIMIT: kept apart so that the benchmark imports no generator code."""


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def backend(site: Path) -> str:
    return "pagefind" if (site / "pagefind" / "pagefind-entry.json").is_file() else "material"


def first_search_files(site: Path, search: str | None = None) -> list[Path]:
    """The files a first one-word search fetches (for Pagefind: at most, see the module's docstring)."""
    search = search or backend(site)
    workers = site / "assets" / "javascripts" / "workers"
    index = [site / "search" / "search_index.json"]
    if search == "material":
        return index + sorted(workers.glob("*.js"))
    folder = site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = max(entry["languages"].values(), key=lambda lang: lang["page_count"])  # what Pagefind loads
    fixed = [workers / "briefing-search.js", folder / "pagefind.js", folder / "pagefind-entry.json",
             folder / f"pagefind.{language['hash']}.pf_meta", folder / f"wasm.{language['wasm']}.pagefind"]
    chunks = sorted(folder.glob("index/*.pf_index"), key=lambda p: p.stat().st_size, reverse=True)[:1]
    pages = sorted(folder.glob("fragment/*.pf_fragment"), key=lambda p: p.stat().st_size, reverse=True)
    return index + fixed + chunks + pages[:RESULTS_FETCHED]


def first_search_bytes(site: Path, search: str | None = None) -> int:
    """Gzipped bytes a reader's first search downloads from the built site folder ``site``."""
    return sum(gzipped(p) for p in first_search_files(site, search))


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        site = Path(folder)
        print(f"{folder}\t{backend(site)}\t{first_search_bytes(site):,} bytes gzipped")
