"""Data from YAML and documents can never add markup: the one place escaping is decided."""

from __future__ import annotations

import markdown
import pytest

from generator.escaping import Md, escape_raw, escape_text, finalize, page_title, unsafe_url, url

EXTENSIONS = ["abbr", "admonition", "attr_list", "tables", "toc"]


def html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "*bold* _it_ `code` {: onclick=alert(1) }",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "| not | a table |",
    "{{ jinja }} {% if %}",
    "&lt;script&gt;",
    "--8<-- 'secret.txt'",
])
def test_plain_text_comes_out_as_the_same_text(text: str) -> None:
    out = html(escape_text(text))
    assert out.startswith("<p>") and out.count("<") == 2, out  # one paragraph, no element of its own
    import html as h
    assert h.unescape(out[3:-4]) == text


def test_a_template_value_is_escaped_unless_the_generator_vouched_for_it() -> None:
    assert finalize("<b>") == "&#60;b&#62;"
    assert finalize(Md("[x](y.md)")) == "[x](y.md)"
    assert finalize(None) == ""
    assert finalize(2200) == "2,200"


@pytest.mark.parametrize("text", ["a | b", "x > y", "*not* _em_ `code` [l](https://e.com)", "1. one", "&lt; &amp"])
def test_raw_text_keeps_its_characters_in_a_list_item_a_table_cell_and_an_attribute(text: str) -> None:
    import html as h
    cell = html(f"| a | b |\n|---|---|\n| <em title=\"{escape_raw(text)}\">{escape_raw(text)}</em> | c |")
    assert cell.count("<td>") == 2
    attribute, inner = cell.split('<em title="', 1)[1].split("</em>", 1)[0].split('">', 1)
    assert h.unescape(attribute) == text and h.unescape(inner) == text


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:x", "java\tscript:x", "&#106;avascript:x",
                                  "data:text/html,x", "vbscript:x", " javascript:x"])
def test_unsafe_urls_are_recognised_however_disguised(href: str) -> None:
    assert unsafe_url(href)
    assert url(href) == "#"


@pytest.mark.parametrize("href", ["https://example.com/a?b=c", "http://x.org", "mailto:a@b.c", "../forces/x.md", "#anchor"])
def test_safe_urls_pass(href: str) -> None:
    assert not unsafe_url(href)


def test_url_cannot_end_a_markdown_link_early() -> None:
    assert url("https://e.com/a b)c") == "https://e.com/a%20b%29c"


def test_page_title_cannot_close_the_title_element() -> None:
    # The theme prints titles raw, and unescapes them inside <title>.
    assert page_title('</title><script>x</script> & "q"') == '&lt;\u200b/title&gt;&lt;script&gt;x&lt;\u200b/script&gt; &amp; &quot;q&quot;'
