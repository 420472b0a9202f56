"""A quote is found in its document the way the format promises, and highlighted where it is."""

from __future__ import annotations

import pytest

from generator.quotes import Normalised, anchor, normalise

DOC = ("The “Task Force” has about 300 soldiers — all of them on patrol duty.\n\n"
       "A second paragraph says the patrol\ncovers the northern sector.")


def found(document: str, quote: str) -> str | None:
    span = Normalised(document).find(quote)
    return None if span is None else document[span[0]:span[1]]


@pytest.mark.parametrize(("quote", "passage"), [
    ('the "task force" has about 300 soldiers', "The “Task Force” has about 300 soldiers"),
    ("THE “TASK FORCE” HAS ABOUT 300 SOLDIERS", "The “Task Force” has about 300 soldiers"),
    ("soldiers - all of them", "soldiers — all of them"),
    ("soldiers – all of them", "soldiers — all of them"),
    ("soldiers \u2212 all of them", "soldiers — all of them"),
    ("the patrol covers the northern sector", "the patrol\ncovers the northern sector"),
    ("  the   patrol \n\n covers  ", "the patrol\ncovers"),
    ("the patrol\u00a0covers", "the patrol\ncovers"),
    ("duty. A second", "duty.\n\nA second"),
    ("ｃｏｖｅｒｓ the ＮＯＲＴＨＥＲＮ sector", "covers the northern sector"),
])
def test_quote_is_found_whatever_its_quotes_dashes_spaces_width_and_case(quote: str, passage: str) -> None:
    assert found(DOC, quote) == passage


@pytest.mark.parametrize(("document", "quote", "passage"), [
    ("The oﬃce said so.", "the office said", "The oﬃce said"),  # NFKC: the ligature is "ffi"
    ("He said ‘no’ twice.", "said 'no' twice", "said ‘no’ twice"),
    ("Die Straße ist zu.", "STRASSE", "Straße"),
    ("Le café ouvre.", "cafe\u0301 ouvre", "café ouvre"),  # precomposed in the text, combining in the quote
    ("Le cafe\u0301 ouvre.", "café", "cafe\u0301"),  # and the other way round: the accent is highlighted too
    ("Range 10–20 km", "10-20 km", "10–20 km"),
])
def test_spans_map_back_to_the_original_text(document: str, quote: str, passage: str) -> None:
    assert found(document, quote) == passage


@pytest.mark.parametrize(("document", "quote"), [
    ("Es ist schön hier.", "schon"),  # a letter is not its accented form
    ("Le café ouvre.", "le cafe"),
    ("Le cafe\u0301 ouvre.", "le cafe"),  # nor the letter before a combining accent
    (DOC, "about 3000 soldiers"),
    (DOC, "the task force has 300 soldiers"),
    (DOC, ""),
    (DOC, " \n "),
])
def test_a_quote_that_is_not_there_is_not_found(document: str, quote: str) -> None:
    assert found(document, quote) is None


def test_a_quote_found_twice_is_highlighted_where_it_first_appears() -> None:
    document = "patrol duty. Then more patrol duty."
    assert Normalised(document).find("PATROL DUTY") == (0, 11)


def test_normalise_is_the_form_quotes_are_compared_in() -> None:
    assert normalise("  Oﬃce ＡＢＣ – “x” ‘y’\u00a0\n STRASSE ") == "office abc - \"x\" 'y' strasse"


def test_closest_passage_shows_what_the_document_really_says() -> None:
    document = Normalised(DOC)
    assert document.closest("the task force has about 3000 soldiers") == "The “Task Force” has about 300 soldiers"
    assert document.closest("the patrol covers the southern sector") == "the patrol covers the northern sector."
    assert document.closest("nothing like it at all") == ""
    assert document.closest("") == ""


def test_closest_passage_is_cut_to_a_readable_length() -> None:
    document = Normalised(" ".join(f"word{i}" for i in range(200)))
    quote = " ".join(f"word{i}" for i in range(50, 150)) + " extra"
    passage = document.closest(quote)
    assert passage.startswith("word50 word51 ")
    assert len(passage) == 160 and passage.endswith("…")


def test_anchor_is_the_same_for_the_same_words() -> None:
    assert anchor("The  “Task Force”") == anchor('the "task force"')
    assert anchor("the task force") != anchor("the task forces")
    assert anchor("x").startswith("q-") and len(anchor("x")) == 10
