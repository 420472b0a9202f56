"""Markdown fields: rendered by Python-Markdown, cleaned by nh3, and inert in the page around them."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import fields

EXTENSIONS = ["abbr", "admonition", "attr_list", "tables", "toc"]
REPRODUCERS = [
    "[click](javascript:alert((6)))",
    "see [x]\n\n> [x]: javascript:alert(7)",
    "see [x]\n\n- [x]: javascript:alert(8)",
    "[click](javascript:alert((1))) `x\n\n<img src=x onerror=alert(1)>\n\n`",
    "<b onclick=alert(1)>bold</b>",
    "[p](//evil.example/x) [q](/\\evil.example/y) [r]( //evil.example/z)",
    "[x](&#106;avascript:alert(1)) [y](java\tscript:alert(1)) [z](<javascript:alert(1)>)",
    "<div>\n\n<script>alert(1)</script>\n\n</div>",
]


def target(ident: str) -> fields.Target | None:
    return fields.Target("../forces/f/", "Force F", "F-1") if ident == "f" else None


def page(body: str) -> str:
    """The HTML a reader's browser gets, character references read (as a browser reads them)."""
    return str(BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "html.parser"))


@pytest.mark.parametrize("text", REPRODUCERS)
@pytest.mark.parametrize("inline", [False, True])
def test_the_sanitiser_alone_lets_no_script_through(text: str, inline: bool) -> None:
    """Defence in depth: even a field validation never saw comes out without script or images."""
    out = page(fields.render(text, target, inline=inline)).lower()
    for bad in ("<script", "<img", "onerror", "onclick", "javascript:", "href=\"//", "href=\"/\\", "<div>"):
        assert bad not in out, out


@pytest.mark.parametrize("text", REPRODUCERS)
def test_validation_names_each_reproducer(text: str) -> None:
    _, problems = fields.problems(text)
    assert problems and all(("link to" in p or "raw HTML" in p) for p in problems), problems


def test_formatting_lists_quotes_code_and_links_survive() -> None:
    text = ("Runs [[f]] with **two** teams:\n\n- one on the *river*\n- one at [the crossing](https://example.com/a?b=1&c=2)\n\n"
            "> quoted\n\nCode `<b>[[f]]</b>` and\n\n    <pre> block\n    | x |\n\nMail <desk@example.com>.")
    out = page(fields.render(text, target))
    assert '<a href="../forces/f/" title="F-1">Force F</a>' in out
    assert "<strong>two</strong>" in out and "<em>river</em>" in out
    assert "<li>one at <a href=\"https://example.com/a?b=1&amp;c=2\">the crossing</a></li>" in out
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in out
    assert "<code>&lt;b&gt;[[f]]&lt;/b&gt;</code>" in out  # a code span is shown, never linked
    assert "<pre><code>&lt;pre&gt; block\n| x |\n</code></pre>" in out
    assert 'href="mailto:desk@example.com"' in out


def test_a_block_field_is_one_raw_html_block_the_page_does_not_touch() -> None:
    out = fields.render("A *b* {: onclick=x }\n\n*[A]: Hyper\n\n1. x\n2. y\n\n# h\n\n| a | b |\n|---|---|\n| 1 | 2 |",
                        target, shorts={"A": "Alpha"})
    assert "\n\n" not in out
    assert markdown.markdown(out, extensions=EXTENSIONS) == out  # the page's Markdown leaves it exactly as it is
    html = page(out)
    assert '<abbr title="Alpha">A</abbr> <em>b</em> {: onclick=x }</p>' in html  # no attribute list
    assert "<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n<p>h</p>" in html  # a heading would break the page's outline
    assert "<p>| a | b | |---|---| | 1 | 2 |</p>" in html  # tables are not part of the field format


@pytest.mark.parametrize("wrap", ["- {}", "| a | b |\n|---|---|\n| {} | x |", "Text {} text"])
def test_an_inline_field_stays_on_its_line_and_in_its_cell(wrap: str) -> None:
    text = 'One *para* with `a|b` and [x](https://e.com/?q=a|b "t>i|t") and [[f]].\n\nTwo | three\n\n- 1. four'
    out = fields.render(text, target, inline=True)
    assert "\n" not in out and "<p>" not in out
    html = page(wrap.format(out))
    assert html.count("<td>") == (2 if "|" in wrap else 0)
    assert '<a href="https://e.com/?q=a|b" title="t&gt;i|t">x</a>' in html
    assert "<em>para</em>" in html and "<code>a|b</code>" in html and "Two | three" in html and "<ol>" not in html


def test_short_names_become_tooltips_once_even_in_an_inline_field() -> None:
    out = fields.render("Led by TF-A.", target, inline=True, shorts={"TF-A": "Task Force Alpha"})
    html = page(f"- {out}\n\n*[TF-A]: Task Force Alpha")
    assert html.count("<abbr") == 1 and '<abbr title="Task Force Alpha">TF-A</abbr>' in html


def test_plain_text_is_the_words_of_the_field() -> None:
    assert fields.plain_text("**Leads** [[f]] at [the crossing](https://e.com).\n\n- `x<y` &amp; z", {"f": "Force F"}) \
        == "Leads Force F at the crossing. x<y & z"


def test_raw_html_is_named_once_per_tag_with_what_to_do() -> None:
    assert fields.problems("a <b onclick=x>b</b> <!-- c -->")[1] == [
        "raw HTML '<b onclick=x>' is not allowed: write Markdown, or put it in backticks to show it as code",
        "raw HTML '<!-- c -->' is not allowed: write Markdown, or put it in backticks to show it as code",
    ]


def test_ids_are_found_by_the_parser_not_in_code() -> None:
    assert fields.problems("[[a]] `[[b]]` \\[[c]] [[ d ]]")[0] == ["a", "d"]


def test_images_and_links_are_named_for_the_analyst() -> None:
    assert fields.problems("[x](javascript:alert(1)) and ![p](https://e.com/p.png) and [r](../x.md)")[1] == [
        "link to 'javascript:alert(1)': only https, http and mailto links are allowed",
        "image 'https://e.com/p.png': images are not allowed in text (they would load from another site)",
        "link to '../x.md': only https, http and mailto links are allowed (link a page of the briefing with [[id]])",
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["[[f]]", "[[nothing]]", "\n", "\n\n", "- ", "1. ", "2025-01", "(x)", "A.B"]),
                          st.text(alphabet="ab .,:;-'\"()/!?%$0123456789\n", max_size=12)), max_size=8).map("".join))
def test_plain_text_of_prose_is_what_the_renderer_shows(text: str) -> None:
    """Prose skips the renderer (most summaries are prose); its words must be those a reader sees."""
    shown = BeautifulSoup(fields.render(text, lambda i: fields.Target("#", "Force F") if i == "f" else None, inline=True),
                          "html.parser").get_text()
    assert fields.plain_text(text, {"f": "Force F"}) == " ".join(shown.split())


def _parsed(text: str) -> tuple[list[str], list[str]]:
    """What Python-Markdown itself finds in a field: the reference the shortcut must equal."""
    _, found = fields._RENDERER.convert(text, None, {})
    return found.ids, found.problems


PROSE_PIECES = ["word", "Word 12", " ", "  ", "\n", "\n\n", "[[e-1]]", "[[ e-2 ]]", "[[a b]]", "[[", "]]", "[", "]",
                "(https://x.example)", "(javascript:alert(1))", "- ", "1. ", "# ", "> ", "    ", "\t", "*", "_", "`",
                "<b>", "&amp;", "\\", "!", ":", "=", "+", "é", "\x02", "---", "[x]: javascript:y"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=12).map("".join))
def test_prose_fields_are_checked_without_markdown_to_the_same_result(text: str) -> None:
    """`briefing check` skips Python-Markdown for a field of plain words and [[id]] links: for every
    field, shortcut or not, the links named and the problems found are those Markdown finds."""
    assert fields.problems(text) == _parsed(text)


@pytest.mark.parametrize("text", ["Entity 0 works with [[e-1]].", "Two lines\nwith [[a]] and [[ b ]] in them.\n\nA second paragraph.", "[[a]](//x.example) reads as a link to a, then words"])
def test_a_summary_of_words_and_links_takes_the_shortcut(text: str) -> None:
    assert fields._prose(text)
    assert fields.problems(text) == _parsed(text)


@pytest.mark.parametrize("text", [*REPRODUCERS, "    [[indented]] is code", "`[[code]]`", "\\[[a]]"])
def test_markup_goes_through_markdown(text: str) -> None:
    assert not fields._prose(text)
