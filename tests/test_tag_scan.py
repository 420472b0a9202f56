"""generator/tag_scan.py finds the tags the standard library's HTMLParser finds, so that the fixes
of generator/material_fixes.py decide the same as when they scanned pages with HTMLParser.

The oracle is that former scan: an HTMLParser (``convert_charrefs=True``) that keeps every start
tag with its attributes, position and, for a label, its text. It is held to the new scan on every
page a real build hands to the fixes (Material's markup before any fix), on every page the build
writes (with their content: charts, diagrams, JSON-LD, tables), on adversarial markup, and on
thousands of pages pieced together at random (a fixed seed) from that markup.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from generator.material_fixes import apply_fixes, fix_page
from generator.tag_scan import Scan, Tag, scan

WORKER = "search.abc.min.js"


class _Oracle(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0] + [m.end() for m in re.finditer("\n", page)]
        self.tags: list[Tag] = []
        self.label: Tag | None = None
        self.script: Tag | None = None
        self.config: tuple[int, int] | None = None

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._at()
        found = Tag(tag, attrs, start, start + len(self.get_starttag_text() or ""))
        self.tags.append(found)
        if tag == "label":
            self.label = found
        elif tag == "script" and found.get("id") == "__config":
            self.script = found

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label = None
        elif tag == "script" and self.script is not None:
            self.config = (self.script.end, self._at())
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.label is not None:
            self.label.text += data


def oracle_scan(page: str) -> Scan:
    oracle = _Oracle(page)
    oracle.feed(page)
    oracle.close()
    return Scan(oracle.tags, oracle.config)


def concerns_the_fixes(tag: Tag) -> bool:
    """What material_fixes.apply_fixes reads of a tag, whatever its name."""
    return bool(tag.name == "label" or tag.get("id") or tag.get("role") == "dialog" or tag.get("tabindex") == ""
                or (tag.name == "input" and tag.has("autocomplete")) or (tag.name == "nav" and tag.get("aria-labelledby"))
                or {"md-search__input", "md-nav__title"} & set(tag.classes()))


def _key(tag: Tag) -> tuple:
    return tag.name, tuple(tag.attrs), tag.start, tag.end, tag.text


def assert_as_htmlparser_finds(page: str, *, search: bool = True, worker: str | None = WORKER) -> Scan:
    """The scan's tags are HTMLParser's (name, attributes, place, a label's text), it misses none
    the fixes concern, finds the same configuration script, and the fixes come out the same."""
    ours, theirs = scan(page), oracle_scan(page)
    found, expected = [_key(t) for t in ours.tags], [_key(t) for t in theirs.tags]
    assert set(found) <= set(expected), f"not HTMLParser's: {sorted(set(found) - set(expected))[:3]} in {page[:300]!r}"
    needed = [_key(t) for t in theirs.tags if concerns_the_fixes(t)]
    assert [k for k in found if k in set(needed)] == needed, f"missed: {sorted(set(needed) - set(found))[:3]} in {page[:300]!r}"
    assert ours.config == theirs.config, page[:300]
    fixed = fix_page(page, search=search, material_worker=worker)
    assert fixed == apply_fixes(page, oracle_scan(page), search=search, material_worker=worker), page[:300]
    return ours


# Real pages ------------------------------------------------------------------------------

CAPTURE = textwrap.dedent("""\
    import json, sys
    from generator import material_fixes
    from mkdocs.__main__ import cli
    pages, fix = [], material_fixes.fix_page
    def record(page, *, search, material_worker):
        pages.append([page, search, material_worker])
        return fix(page, search=search, material_worker=material_worker)
    material_fixes.fix_page = record
    try:
        cli(["build", "--strict", "--quiet"], standalone_mode=False)
    finally:
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            json.dump(pages, out)
    """)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, bool, str | None]], list[Path]]:
    """The repository's site with a second briefing, built by `mkdocs build --strict`: each page as
    Material wrote it, handed to the fixes, and each page the build wrote."""
    project = tmp_path_factory.mktemp("tag-scan") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "__pycache__",
                                                                 "node_modules", "rendered"))
    shutil.copytree(FIXTURES / "good/alpha", project / "briefings/alpha")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    pages = project / "pages.json"
    result = subprocess.run([sys.executable, "-c", CAPTURE, str(pages)], cwd=project, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    handed = [tuple(p) for p in json.loads(pages.read_text(encoding="utf-8"))]
    return handed, sorted((project / "site").rglob("*.html"))


def test_on_every_page_material_writes_the_scan_finds_what_htmlparser_finds(built) -> None:
    handed, _ = built
    assert len(handed) > 40
    changed = 0
    for page, search, worker in handed:
        assert_as_htmlparser_finds(page, search=search, worker=worker)
        changed += fix_page(page, search=search, material_worker=worker).html != page
    assert changed == len(handed), "every page as Material wrote it has something to fix"


def test_on_every_page_the_build_writes_the_scan_finds_what_htmlparser_finds(built) -> None:
    """The written pages hold the content too (the fixes scan Material's markup around it)."""
    _, written = built
    assert len(written) > 40
    for html in written:
        assert_as_htmlparser_finds(html.read_text(encoding="utf-8"))


def test_the_scan_reads_few_of_a_pages_tags(built) -> None:
    """What makes it cheap: of the tags on Material's pages, Python reads only those that may
    concern the fixes; the rest are stepped over by one compiled expression."""
    handed, _ = built
    read = sum(len(scan(page).tags) for page, _, _ in handed)
    every = sum(len(oracle_scan(page).tags) for page, _, _ in handed)
    assert read * 4 < every, (read, every)


# Adversarial markup ----------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>T</title>{head}</head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<div class="md-search" data-md-component="search" role="dialog"><input type="text" class="md-search__input"
 name="query" aria-label="Search" placeholder="Search"></div>{body}
<nav class="md-nav" aria-labelledby="__nav_2_label"><label class="md-nav__title" for="__nav_2">Alpha &amp; beta</label>
<input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_2"><label class="md-nav__link" for="__nav_2"
 id="__nav_2_label" tabindex=""><span class="md-nav__icon md-icon"></span></label></nav>
<script id="__config" type="application/json">{{"search": "../assets/javascripts/workers/search.abc.min.js"}}</script>
</body></html>"""

ADVERSARIAL = {
    "a quoted value holding >": '<a title="a > b <label for=\'x\'>" id="q">x</a><label for="__gone" title=\'1 > 0\'>L</label>',
    "quotes in quotes": """<div title='say "hi" id="no"' id="yes"><label for="__drawer" title="it's">ok</label></div>""",
    "a comment holding tags": '<!-- <input id="__drawer2" type="checkbox" autocomplete="off"> <label for="x"> --><!----><!-->',
    "a comment ended by -- >": '<!-- <label for="ghost"> -- ><label for="__gone2">after</label>',
    "a script holding a label": """<script>document.write('<label for="ghost">x</label>'); var a = "</scr" + "ipt>";</script>""",
    "a script not ended by </script x>": '<script>var x = "</script x>"; "<label for=ghost>"</script><label for="__gone">',
    "an upper-case script end": '<SCRIPT type="x">"<label for=ghost>"</Script ><label for="__nowhere">x</label>',
    "a style holding a label": '<style>/* <label for="ghost"> */ a::after { content: "</styl" }</style>',
    "upper-case names": '<LABEL FOR="__gone" ID="UP">Up</LABEL><INPUT TYPE="checkbox" AUTOCOMPLETE="off" ID="__up">',
    "unquoted attributes": '<label for=__gone class=md-nav__title>x</label><input type=checkbox autocomplete=off id=__bare>'
                           '<a href=/x/ id=slash>y</a><div tabindex= id=t>',
    "character references in values": '<div class="md-search__inp&#117;t" aria-label="S&eacute;arch &amp; find">'
                                      '<label for="&#95;_nav_2">r</label><label for="&#95;_gone" id="&amp;l">g</label>'
                                      '<div role="dia&#108;og" class="md&#45;search">d</div><a id="&ampx">',
    "character references in a label": '<nav aria-labelledby="l3"></nav><label id="l3" for="__t3">&#32;&nbsp;</label>'
                                       '<label class="md-nav__title" for="__t3">A&amp;B &lt;c&gt; &ampd</label>',
    "a label holding markup": '<nav aria-labelledby="l4"></nav><label id="l4" for="__t4"><span>  </span><!-- c --></label>'
                              '<label class="md-nav__title" for="__t4">Gamma <b>bold</b><?pi?> <br/>end</label>',
    "a label holding a script": '<nav aria-labelledby="l5"></nav><label id="l5" for="__t5"><script>1 < 2</script></label>'
                                '<label class="md-nav__title" for="__t5">T<script>x</script></label>',
    "empty tabindex in every spelling": """<p tabindex=""></p><p tabindex=''></p><p tabindex=></p><p TABINDEX="">""",
    "self-closing tags": '<label for="__gone"/>text<br/><label id="l6" for="__t6"/><nav aria-labelledby="l6"/>',
    "declarations and sections": '<?xml version="1.0"?><!DOCTYPE x><![CDATA[ <label for="cdata"> ]]><![if x]><!bogus <a>',
    "whitespace of every kind": '<a\tid="t"\n class="c"\r\f>x</a><a\xa0id="nbsp">y</a><a\x0bid="vt">z</a><label\n for="__gone"\n>w',
    "odd attributes": """<a  =x id=y>.<a id==z>.<a "id"="q">.<a id='a'b=c>.<a id="a"b="c">.<a id="w"\x00>""",
    "duplicate attributes": '<input type="checkbox" type="text" autocomplete id="dup" id="dup2"><label for="x" for="__drawer">',
    "text that looks like markup": '&lt;label for="ghost"&gt; < label for="ghost"> <1> a<b c</ >',
    "a lone < at the end": "<",
}

CUT_SHORT = {
    "a tag": '<label for="__gone"',
    "a label": '<label for="__gone" id="cut">text &amp; more <span>',
    "a comment": '<!-- <label for="ghost"> <label for="__gone">after',
    "an end tag": '<label for="__drawer">x</label',
    "a script": '<script>"<label for=ghost>"',
    "a marked section": '<![CDATA[ <label for="ghost">',
}


@pytest.mark.parametrize("markup", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
@pytest.mark.parametrize("where", ["head", "body"])
def test_on_adversarial_markup_the_scan_finds_what_htmlparser_finds(markup: str, where: str) -> None:
    page = PAGE.format(head=markup if where == "head" else "", body=markup if where == "body" else "")
    found = assert_as_htmlparser_finds(page)
    assert any(t.get("id") == "__drawer" for t in found.tags)


@pytest.mark.parametrize("markup", CUT_SHORT.values(), ids=CUT_SHORT.keys())
def test_at_a_page_cut_short_the_scan_finds_what_htmlparser_finds(markup: str) -> None:
    assert_as_htmlparser_finds(PAGE.split("<nav")[0] + markup)


def test_what_the_fixes_decide_on_adversarial_markup() -> None:
    """The oracle could be wrong the same way: a few decisions, spelled out."""
    page = PAGE.format(head="", body=ADVERSARIAL["a script holding a label"] + ADVERSARIAL["unquoted attributes"]
                       + ADVERSARIAL["a comment holding tags"] + '<label for="&#95;_nav_2">r</label>')
    html = fix_page(page, search=True, material_worker=WORKER).html
    assert '<label for="ghost">' in html, "a script's text is not markup"
    assert '<label class="md-nav__title">x</label>' in html, "an unquoted for naming no control goes"
    assert '<input type="checkbox" id="__bare" form="__md_toggles">' in html
    assert '<label for="&#95;_nav_2">r</label>' in html, "__nav_2 is a control: the label is left as written"
    assert '<nav class="md-nav" aria-label="Alpha &amp; beta">' in html
    assert 'id="__drawer2" type="checkbox" autocomplete="off">' in html, "a comment is not markup"


def test_markup_htmlparser_fails_on_is_read_as_a_browser_reads_it() -> None:
    """An unknown marked section made HTMLParser raise (a traceback in the build): it is a bogus
    comment to the next ``>``, as in a browser."""
    page = PAGE.format(head="", body='<![foo <label for="ghost">]><label for="__gone">x</label>')
    with pytest.raises(AssertionError):
        oracle_scan(page)
    assert '<label>x</label>' in fix_page(page, search=True, material_worker=WORKER).html


PIECES = [*ADVERSARIAL.values(), *CUT_SHORT.values(), '<label for="__gone">', "</label>", "</LABEL >", "</label x>",
          '<nav aria-labelledby="__nav_2_label">', '<span class="md-nav__title" for="__nav_2">', "<script>", "</script>",
          '<script id="__config" type="application/json">', '{"search": "w/search.abc.min.js"}', "<style>", "</style>",
          "<!--", "-->", "-- >", "<!-- x -->", "<textarea>", "</textarea>", "text", " ", "&amp;", "&amp", "&", "<", ">", '"',
          "'", "=", "/", "<a", "</", "</ label>", "</>", '<svg><path d="M0"/></svg>', "<la\"bel for=x>", "<scripT>",
          "<Style media=x>", "<script/>", '<script id="__config"/>', '<div id="__drawer">', "<?pi", "<!", "<![if x]>"]


def test_on_pages_pieced_together_from_adversarial_markup_the_scan_finds_what_htmlparser_finds() -> None:
    rng = random.Random(12)
    checked = 0
    for _ in range(3000):
        page = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        try:
            oracle_scan(page)
        except AssertionError:  # an unknown marked section
            continue
        assert_as_htmlparser_finds(page, search=rng.random() < 0.5, worker=rng.choice([None, WORKER]))
        checked += 1
    assert checked > 2500
