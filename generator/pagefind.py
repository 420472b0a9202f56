"""The `pagefind` search backend: Material's search box, answered from a Pagefind index.

Material's search has the browser download one index of every page's text before the first
result: 0.7 MB gzipped at 1,000 entities, 3.5 MB at 5,000 (benchmarks/RESULTS.md).
Pagefind splits its index by word and stores each page's text apart, so a search fetches the
chunks of the words typed and the pages it shows. Its program (the `pagefind` package with its
binary) indexes the built site after MkDocs has written it; Material's search box and result
list stay, talking to our worker (generator/assets/pagefind-worker.js) as they talk to Material's.

The pages tell Pagefind what to index and how much each part weighs: only the article (not the
navigation, header or footer that every page repeats), not what Material's search skips either
(`data-search-exclude`), nor the "¶" of each heading's permalink; and an entity's hidden names and
other spellings (generator/search_terms.py) weigh the most.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

BACKENDS = ("material", "pagefind")
"""The values of the plugin's `search` option."""
FOLDER = "pagefind"
"""Where Pagefind writes its index and script, in the site folder."""
RESULT_LIMIT = 20
"""Results a search lists: Pagefind fetches each listed page's text, so a list of every match
to a common word would download most of the site."""
LIMIT_PLACEHOLDER = "__RESULT_LIMIT__"
ARTICLE = "the article <article class=\"md-content__inner ...\">"

_ARTICLE = re.compile(r"<article\b(?=[^>]*\bclass=\"md-content__inner\b)")
_EXCLUDED = re.compile(r"(<[a-z0-9]+\b[^>]*?)\sdata-search-exclude(?:=\"\")?")
_TERMS = re.compile(r"(<p\b[^>]*?class=\"briefing-search-terms\")")
_PERMALINK = re.compile(r"<a class=\"headerlink\"")

TERMS_WEIGHT = 10.0
"""An entity's hidden names and other spellings (generator/search_terms.py) weigh most, as in
Material's index, where they stand in the page's first section and the page has a search boost:
Pagefind's highest weight, above a page's `<h1>` (7) and `<h2>` (6), so that the page of what a
reader names comes before the pages whose titles mention it. The worker also tells Pagefind to
count a word's further mentions on a page for little (`termSaturation`), so that a page that
names a thing once in its title does not lose to a longer one that repeats it. The paragraph is
also kept as the page's `names`: the worker lists first a page one of whose names is the query."""


def worker(template: str) -> str:
    """Our Pagefind worker's script, with its number of results."""
    if template.count(LIMIT_PLACEHOLDER) != 1:
        raise ValueError(f"the Pagefind worker must name {LIMIT_PLACEHOLDER} once")
    return template.replace(LIMIT_PLACEHOLDER, str(RESULT_LIMIT))


def mark_page(html: str) -> str | None:
    """The built page with Pagefind's attributes, or None when it has no article to index."""
    if not _ARTICLE.search(html):
        return None
    html = _ARTICLE.sub("<article data-pagefind-body", html, count=1)
    html = _EXCLUDED.sub(r"\1 data-search-exclude data-pagefind-ignore", html)
    html = _PERMALINK.sub('<a data-pagefind-ignore class="headerlink"', html)  # the "¶" after each heading
    html = _TERMS.sub(rf'\1 data-pagefind-weight="{TERMS_WEIGHT:g}" data-pagefind-meta="names"', html)
    return html


class PagefindError(Exception):
    """Pagefind failed; its own words."""


def write_index(site_dir: Path) -> None:
    """Index the built site into ``site_dir/pagefind``, and empty Material's index of its pages,
    which the browser still fetches (for the search settings it holds) but no longer searches."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", FOLDER,
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PagefindError((result.stderr or result.stdout).strip() or f"exit code {result.returncode}")
    index = site_dir / "search" / "search_index.json"
    if index.exists():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps({"config": data.get("config", {}), "docs": []}, separators=(",", ":")),
                         encoding="utf-8")
