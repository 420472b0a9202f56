"""No input may add markup: arbitrary strings in every field come out as text or allowed HTML.

Hypothesis writes briefings whose every text and Markdown field holds arbitrary or hostile input,
on one line or as several Markdown blocks (blank lines, lists, quotes, code spans and fences,
reference definitions, nested brackets, entities, HTML); the core renders them, Python-Markdown
(with the site's extensions) turns the pages into HTML, and the HTML may hold only the elements,
attributes and link schemes the templates and the Markdown-field allow-list produce.
"""

from __future__ import annotations

import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import make_project, mkdocs_build
from generator import fields
from generator.errors import BriefingError
from generator.pipeline import generate

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n(.*)\Z", re.S)
EXTENSIONS = ["abbr", "admonition", "attr_list", "tables", "toc"]

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "javascript:alert(1)",
    "[click](javascript:alert(1))", "[x]: javascript:alert(1)", "![x](https://evil.example/x.png)", "{{ 7*7 }}",
    "{% include 'x' %}", "{: onclick=alert(1) }", "*[HTML]: Hyper", "<!-- x -->", "&lt;script&gt;", "&#106;avascript:",
    "]]", "[[", "\\", "`", "|", "---", "# h", "1. x", "- x", "> q", "</title><script>alert(1)</script>",
    "<svg onload=alert(1)>", "<a href='javascript:x'>y</a>", "--8<-- 'x'", "%}", "}}", "\u2028", "\x00",
]

# What the templates produce, and nothing else may appear.
ALLOWED = {
    "p": {"class", "hidden"}, "h1": {"id"}, "h2": {"id", "class", "hidden"}, "h3": {"id"}, "a": {"href", "title", "class"}, "ul": set(), "ol": set(),
    "li": set(), "strong": set(), "em": set(), "code": set(), "small": set(), "br": set(), "hr": set(),
    "table": set(), "thead": set(), "tbody": set(), "tr": set(), "th": set(), "td": set(),
    "div": {"class", "data-search-exclude"}, "sup": {"class", "data-search-exclude"}, "span": {"id", "class", "title", "hidden"}, "mark": {"class"}, "abbr": {"title"}, "blockquote": set(),
    "pre": set(),
    # a fact's citation and a retracted fact (templates/_macros.md.j2)
    "details": {"class", "data-search-exclude"}, "summary": set(), "s": {"class"},
    # charts and diagrams (generator/charts.py)
    "figure": {"class", "data-search-exclude"}, "figcaption": set(),
    "svg": {"xmlns", "class", "role", "width", "height", "viewbox", "aria-labelledby", "aria-describedby", "font-size", "fill"},
    "title": {"id"}, "desc": {"id"}, "g": {"aria-hidden"}, "tspan": {"aria-hidden"},
    "line": {"x1", "x2", "y1", "y2", "stroke", "stroke-opacity", "stroke-width", "stroke-dasharray"},
    "path": {"d", "fill", "stroke", "stroke-opacity", "stroke-width", "stroke-dasharray"},
    "text": {"x", "y", "text-anchor", "font-weight"}, "circle": {"class", "cx", "cy", "r"},
    "rect": {"class", "x", "y", "width", "height", "rx", "style", "stroke", "stroke-width"},
}
ALLOWED["a"] = ALLOWED["a"] | {"aria-label"}
ALLOWED["script"] = {"type"}  # the page's JSON-LD (generator/jsonld.py) only: see _Collector


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:  # data, not code: it parses as JSON, and no "<" could have ended the element
            json.loads(data)
            if "<" in data:
                self.bad.append(f"raw '<' in JSON-LD: {data[:60]!r}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        if tag == "script" and attrs != [("type", "application/ld+json")]:
            self.bad.append(f"<script {attrs}>")
        if tag not in ALLOWED:
            self.bad.append(f"<{tag}>")
            return
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                self.bad.append(f"<{tag} {name}>")
            elif name == "href" and value and (re.match(r"^\s*[a-z][a-z0-9+.-]*:", value, re.I)
                                               and not re.match(r"^(https?|mailto):", value, re.I)
                                               or re.match(r"^\s*[/\\]{2}", value)):
                self.bad.append(f"<{tag} href={value!r}>")


def unexpected_markup(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.bad


class _PageCheck(HTMLParser):
    """Over a whole themed page: no handler attributes, no script URLs, no script of ours."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        self.script_type = dict(attrs).get("type") if tag == "script" else None
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if value and re.sub(r"\s", "", value).lower().startswith(("javascript:", "vbscript:", "data:text")):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if tag in ("img", "script", "iframe", "link") and name in ("src", "href") and value and "evil" in value:
                self.bad.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and self.script_type == "application/ld+json":
            json.loads(data)  # data, escaped: it parses, and no "<" could have ended the element
            if "<" in data:
                self.bad.append(f"raw '<' in JSON-LD: {data[:60]!r}")
        elif self.in_script and "alert" in data:
            self.bad.append(f"script holding data: {data[:60]!r}")


def _page_problems(html: str) -> list[str]:
    check = _PageCheck()
    check.feed(html)
    return check.bad


plain = st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=30),
                  st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=3).map(" ".join))

# Pieces of Markdown an analyst may write, and that validation accepts ...
FAIR = ["word", "**bold**", "*em*", "_em_", "`<b onclick=alert(1)>`", "``a ` <img src=x> b``", "[[f]]", "[[m]]",
        "[a](https://example.com/(x))", "[x [y] z](https://example.com)", "[c][r]", "[r]", "&amp;", "&lt;script&gt;",
        "&#106;avascript:", "<https://example.com>", "<desk@example.com>", "{: onclick=alert(1) }", "*[HTML]: Hyper",
        "\\", "|", "TF-A", "{{ 7*7 }}", "--8<-- 'x'", "  ", "\t"]
# ... and what it refuses (the renderer must still make it harmless).
HOSTILE = ["<b onclick=alert(1)>", "</b>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>y</a>", "<!-- c -->",
           "[b](javascript:alert((1)))", "[q](//evil.example)", "[q](/\\evil.example)", "![i](https://evil.example/i.png)",
           "<javascript:alert(1)>", "[[nothing]]", "<svg onload=alert(1)>", "`", "[", "]("]


def _markdown(pieces: list[str]) -> st.SearchStrategy[str]:
    word = st.one_of(st.sampled_from(pieces), st.text(min_size=1, max_size=8))
    line = st.lists(word, min_size=1, max_size=5).map(" ".join)
    lines = st.lists(line, min_size=1, max_size=3)
    refs = ["[r]: https://example.com/r", "> [r]: https://example.com/q", "- [r]: https://example.com/l"]
    if pieces is HOSTILE:
        refs += ["[r]: javascript:alert(1)", "> [r]: javascript:alert(7)", "- [r]: javascript:alert(8)",
                 "<div>\n<script>alert(1)</script>\n</div>", "<img src=x onerror=alert(1)>"]
    block = st.one_of(
        line, lines.map("\n".join),
        lines.map(lambda ls: "\n".join(f"- {x}" for x in ls)), lines.map(lambda ls: "\n".join(f"1. {x}" for x in ls)),
        lines.map(lambda ls: "\n".join(f"> {x}" for x in ls)), line.map(lambda x: f"> - {x}\n>\n> > {x}"),
        lines.map(lambda ls: "```\n" + "\n".join(ls) + "\n```"), lines.map(lambda ls: "\n".join(f"    {x}" for x in ls)),
        st.sampled_from(refs + ["# heading", "---", "| a | b |\n|---|---|\n| 1 | 2 |", "!!! note\n    x"]),
    )
    seps = st.sampled_from(["\n\n", "\n", "\n\n\n", "\n  \n"])
    return st.lists(st.tuples(block, seps), min_size=1, max_size=5).map(lambda bs: "".join(b + s for b, s in bs).strip() or "x")


fair_markdown = _markdown(FAIR)
markdown_text = st.one_of(fair_markdown, _markdown(FAIR + HOSTILE))


def _nonblank(s: str) -> str:
    return s if s.strip() else s + "x"


@st.composite
def briefings(draw: st.DrawFn) -> dict:
    t = lambda: _nonblank(draw(st.one_of(plain, markdown_text)))  # noqa: E731
    # half the briefings hold only Markdown validation accepts, so that they reach the pages
    markdown_fields = fair_markdown if draw(st.booleans()) else st.one_of(plain, markdown_text)
    md = lambda: _nonblank(draw(markdown_fields))  # noqa: E731
    quote = "the quoted words " + draw(plain)
    unit = t()  # one unit at two dates (a chart) and two figures at one date (a disagreement)
    return {
        "briefing.yml": {"title": t(), "summary": md(), "updated": "2025-03-01", "tags": [t()]},
        "doc": {"front": {"title": t(), "publisher": t(), "author": t(), "license": t(), "notes": md()},
                "body": f"{t()}\n\n{quote}\n\n{t()}"},
        "forces.yml": [{"id": "f", "name": t(), "short": t(), "aliases": [t()], "summary": md(), "tags": [t()],
                        "based_at": t(), "missions": ["m"], "authorities": ["a"],
                        "facts": [{"text": t(), "figure": {"value": 5, "unit": unit}, "cite": {"doc": "doc", "quote": quote},
                                   "as_of": "2025-01-01"},
                                  {"text": t(), "figure": {"value": 6, "unit": unit}, "cite": {"doc": "doc", "quote": quote},
                                   "as_of": "2024-12-01"},
                                  {"text": t(), "figure": {"value": [3, 4], "unit": unit}, "as_of": "2024-12-01",
                                   "cite": {"doc": "doc", "quote": quote}},
                                  {"text": t(), "cite": {"url": "https://example.com/x", "title": t(), "quote": t()}}]}],
        "missions.yml": [{"id": "m", "name": t(), "summary": md(), "location": t(), "tasks": [t()], "lead": "f"}],
        "authorities.yml": [{"id": "a", "name": t(), "summary": md(), "citation": t(), "permits": [md()], "prohibits": [md()]}],
        "events.yml": [{"id": "e", "date": "2025-01-01", "title": t(), "summary": md(), "kind": t(), "entities": ["f"],
                        "cite": {"doc": "doc", "quote": quote}}],
        "questions.yml": [{"id": "q", "question": t(), "entities": ["m"]},
                          {"id": "q2", "question": t(), "status": "answered", "answer": md()}],
    }


def write(root: Path, data: dict) -> Path:
    folder = root / "hostile"
    (folder / "documents").mkdir(parents=True)
    for name, value in data.items():
        if name == "doc":
            front = yaml.safe_dump(value["front"], allow_unicode=False)
            (folder / "documents/doc.md").write_text(f"---\n{front}---\n{value['body']}\n", encoding="utf-8")
        else:
            (folder / name).write_text(yaml.safe_dump(value, allow_unicode=False), encoding="utf-8")
    return root


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefings())
def test_arbitrary_strings_in_every_field_add_no_markup(data: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "briefings", data)
        try:
            site = generate(root, base=Path(tmp))
        except BriefingError as e:
            # Refused input is fine, if it was refused for what it is, with a position.
            assert all(p.line >= 1 and p.column >= 1 for p in e.problems)
            event("refused")
            return
        event("built")
        for path, page in site.pages.items():
            # front matter as MkDocs reads it: up to the first line that is "---" alone (a title may end in "---")
            meta, body = FRONT_MATTER.match(page.markdown).groups()
            html = markdown.markdown(body, extensions=EXTENSIONS)
            assert unexpected_markup(html) == [], path
            front = yaml.safe_load(meta)
            assert "<" not in front["title"] and "<" not in front["description"]


def _targets(ident: str) -> fields.Target | None:
    return fields.Target("../forces/f/", "<b>F</b>", "F|>") if ident in ("f", "m") else None


@settings(max_examples=300, deadline=None)
@given(st.one_of(markdown_text, st.text(max_size=200)), st.booleans())
def test_the_sanitiser_alone_lets_nothing_outside_the_allow_list_through(text: str, inline: bool) -> None:
    """Defence in depth: a field validation never saw, in a block, a list item and a table cell."""
    out = fields.render(text, _targets, inline=inline, shorts={"TF-A": "Task | Force > A"})
    if inline:
        assert "\n" not in out
        places = [f"- {out}", f"| a | b |\n|---|---|\n| {out} | x |", f"Text {out} text"]
    else:
        assert "\n\n" not in out
        places = [out, f"- item\n\n    {out}"]
    for body in places:
        html = markdown.markdown(body, extensions=EXTENSIONS)
        assert unexpected_markup(html) == [], (body, html)
        assert html.count("<td>") in (0, 2), html
    assert fields.plain_text(text, {"f": "F"}).count("\n") == 0


# Accepted by validation, yet every block tries something: what a careless or hostile analyst may publish.
HOSTILE_MARKDOWN = "\n\n".join([
    "Leads [[m]] with `<script>alert(1)</script>` and ``<img src=x onerror=alert(1)>``.",
    "- [a [nested] link](https://example.com/(x)) &lt;script&gt;alert(2)&lt;/script&gt;\n- &#106;avascript:alert(3) {: onclick=alert(4) }",
    "> see [ref]\n>\n> [ref]: https://example.com/ref",
    "```\n<svg onload=alert(5)>\n| a | b |\n```",
    "    <iframe src=javascript:alert(6)>",
    "*[HTML]: Hyper\n\n| a | b |\n|---|---|\n| {{ 7*7 }} | {% include 'x' %} |",
    "<https://example.com/auto> <desk@example.com> TF-A",
])
HOSTILE_TEXT = "\n\n".join(PAYLOADS + ["<div>\n<script>alert(1)</script>\n</div>", "> [r]: javascript:alert(7)\n\n[r]"])


def test_hostile_briefing_builds_inert_with_real_mkdocs(tmp_path: Path) -> None:
    """Every payload at once, on one line and as blocks, through the real build and the theme."""
    data = {
        "briefing.yml": {"title": PAYLOADS[0], "summary": HOSTILE_MARKDOWN, "updated": "2025-03-01"},
        "doc": {"front": {"title": "</title><script>alert(1)</script>", "publisher": PAYLOADS[1], "notes": HOSTILE_MARKDOWN},
                "body": HOSTILE_TEXT + "\n\nthe quoted words\n"},
        "forces.yml": [{"id": "f", "name": "<script>alert('name')</script>", "short": "TF-A", "aliases": PAYLOADS[:5],
                        "summary": HOSTILE_MARKDOWN, "based_at": HOSTILE_TEXT, "facts": [
                            {"text": HOSTILE_TEXT, "figure": {"value": 5, "unit": PAYLOADS[3]},
                             "cite": {"doc": "doc", "quote": "the quoted words"}}]}],
        "missions.yml": [{"id": "m", "name": PAYLOADS[24], "summary": "{{ 7*7 }}", "tasks": [HOSTILE_TEXT, *PAYLOADS[:8]]}],
        "authorities.yml": [{"id": "a", "name": HOSTILE_TEXT, "summary": HOSTILE_MARKDOWN, "permits": [HOSTILE_MARKDOWN],
                             "prohibits": [HOSTILE_MARKDOWN]}],
        "questions.yml": [{"id": "q", "question": HOSTILE_TEXT, "status": "answered", "answer": HOSTILE_MARKDOWN}],
    }
    src = write(tmp_path / "src", data)
    project = make_project(tmp_path, src)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    for html in (project / "site").rglob("*.html"):
        assert _page_problems(html.read_text(encoding="utf-8")) == [], html
        for field in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select(".briefing-md"):
            assert unexpected_markup(str(field)) == [], html
    entity = (project / "site/hostile/forces/f/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in entity or "&#60;script&#62;" in entity
    # the field kept its Markdown: code shown as code, the [[m]] link pointing at the mission's page, a tooltip
    summary = str(BeautifulSoup(entity, "html.parser").select_one(".briefing-md"))
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in summary
    assert '<a href="../../missions/m/">&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>' in summary
    assert '<a href="https://example.com/(x)">a [nested] link</a>' in summary
    assert '<abbr title="&lt;script&gt;alert(\'name\')&lt;/script&gt;">TF-A</abbr>' in summary
    # a permit is one item of a list: its blocks run together on the item's line
    authority = BeautifulSoup((project / "site/hostile/authorities/a/index.html").read_text(encoding="utf-8"), "html.parser")
    permit = authority.find(id="what-it-permits").find_next("ul").find("li")
    assert permit.find(["p", "ul", "blockquote", "pre"]) is None
    assert permit.get_text().startswith("Leads ") and permit.get_text().rstrip().endswith("TF-A")
    assert "<li>javascript:alert(3) {: onclick=alert(4) }</li>" in summary
