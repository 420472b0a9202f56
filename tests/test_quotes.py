"""A quote is found in its document the way the format promises, and highlighted where it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collections.abc import Iterator
from pathlib import Path

from generator.highlight import document_body
from generator.quotes import Normalised, anchor, normalise, verify
from generator.validation import load_site

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


JTF = "The mission of Joint Task Force-North, US Northern Command's border mission, is unchanged."


@pytest.mark.parametrize(("document", "quote"), [
    ("Officials counted 11,500 vehicles at the crossing.", "1,500 vehicles at the crossing"),  # a number's tail
    ("Officials counted 1,500 vehicles at the crossing.", "500 vehicles at the crossing"),  # after its separator
    ("They sent 11,500 more troops.", "1,500 more troops"),
    ("Officials counted 1,500 vehicles at the crossing.", "officials counted 1,5"),  # a number's head
    ("Officials counted 1,500 vehicles at the crossing.", "officials counted 1"),
    ("The ratio rose to 2.5 per cent.", "the ratio rose to 2"),  # before a decimal point
    ("The ratio rose to 2.5 per cent.", "5 per cent"),
    (JTF, "oint Task Force-North, US Northern Command's border mission"),  # first letter cut
    (JTF, "the mission of joint task force-nort"),  # last letter cut
    (JTF, "Force-North, US Northern Command"),  # the possessive cut off
    (JTF, "s border mission, is unchanged"),
    (JTF, "North, US Northern Command's"),  # the second half of a hyphenated word
    (JTF, "the mission of joint task force"),  # and its first half
    (JTF, "mission of joint task force-"),
    ("We can't confirm the numbers.", "we can"),  # an apostrophe joins: "can" is not "can't"
    ("We can't confirm the numbers.", "t confirm the numbers"),
    ("Only non-combat troops were sent.", "combat troops were sent"),
    ("See 10 U.S.C. 253 for the text.", "S.C. 253 for"),  # an abbreviation's full stops join its letters
])
def test_a_quote_must_start_and_end_on_word_boundaries(document: str, quote: str) -> None:
    assert found(document, quote) is None


@pytest.mark.parametrize(("document", "quote", "passage"), [
    ("Officials counted 11,500 vehicles at the crossing.", "11,500 vehicles at the crossing", "11,500 vehicles at the crossing"),
    ("The ratio rose to 2.5 per cent.", "the ratio rose to 2.5", "The ratio rose to 2.5"),
    ("Troops arrived. 500 more followed.", "troops arrived. 500 more", "Troops arrived. 500 more"),  # a full stop ends a sentence
    ("Counted: 1, 500 and 7 more.", "500 and 7", "500 and 7"),  # a comma followed by a space is not a separator
    (JTF, "Joint Task Force-North, US Northern Command's border mission", "Joint Task Force-North, US Northern Command's border mission"),
    (JTF, "force-north, us northern command's", "Force-North, US Northern Command's"),
    (JTF, "border mission, is unchanged.", "border mission, is unchanged."),  # a quote may end on punctuation
    ('He said "we are ready" twice.', '"we are ready" twice', '"we are ready" twice'),  # or start on it
    ("He said “we are ready” twice.", 'said "we', 'said “we'),
    ("The soldiers\u2014all of them\u2014were on patrol.", "all of them", "all of them"),  # an unspaced em dash separates
    ("The soldiers\u2014all of them\u2014were on patrol.", "the soldiers", "The soldiers"),
    ("Le café ouvre à huit heures.", "le cafe\u0301 ouvre", "Le café ouvre"),
    ("东京都の人口は多い。", "人口は", "人口は"),  # each Chinese or Japanese character is a word
])
def test_whole_words_are_found_whatever_surrounds_them(document: str, quote: str, passage: str) -> None:
    assert found(document, quote) == passage


@pytest.mark.parametrize(("quote", "words"), [
    ("1,500 vehicles", 2),
    ("Joint Task Force-North", 3),
    ("Force-North", 1),
    ("US Northern Command's", 3),
    ("10 U.S.C. 253", 3),
    ("2.5 per cent", 3),
    ("x", 1),
    ("  “...”  ", 0),
    ("soldiers\u2014all of them", 4),
    ("soldiers-all of them", 3),
    ("人口は", 3),
])
def test_words_are_counted_as_a_reader_counts_them(quote: str, words: int) -> None:
    assert Normalised(quote).words() == words


def test_every_whole_word_occurrence_is_listed_in_order() -> None:
    document = "patrol duty, then patrol duty and patrol duty-free shops; patrol duty."
    assert list(Normalised(document).spans("patrol duty")) == [(0, 11), (18, 29), (58, 69)]


DOCS = {"pentagon": Normalised("The Pentagon is sending 1,500 more troops to the border. More troops could follow."),
        "wire": Normalised("Officials counted 11,500 vehicles at the crossing. Officials counted them again.")}


def verdict(quote: str, name: str = "wire") -> tuple[str | None, str | None]:
    result = verify(quote, name, DOCS[name], ((k, v) for k, v in DOCS.items() if k != name))
    return result.error, result.warning


@pytest.mark.parametrize(("quote", "error"), [
    ("x", "quote has 1 word: quote at least three words of the document, as a shorter quote could be found almost anywhere"),
    ("11,500 vehicles", "quote has 2 words: quote at least three words of the document, as a shorter quote could be found almost anywhere"),
    ("...", "quote has 0 words: quote at least three words of the document, as a shorter quote could be found almost anywhere"),
    ("sending 1,500 more troops", "quote not found in document 'wire'; it is in document 'pentagon'"),
    ("counted 11,500 vehicles … counted them again", "quote not found in document 'wire': it leaves words out with an ellipsis; "
                                                    "cite each passage as its own source"),
    ("counted 11,500 vehicles... counted them again", "quote not found in document 'wire': it leaves words out with an ellipsis; "
                                                     "cite each passage as its own source"),
    ("1,500 vehicles at the crossing", "quote not found in document 'wire' as whole words: it starts or ends inside a word or "
                                       "number; the closest passage is \"11,500 vehicles at the crossing.\""),
    ("officials counted 11,500 lorries", "quote not found in document 'wire'; the closest passage is \"Officials counted 11,500 vehicles\""),
])
def test_a_quote_that_fails_says_why(quote: str, error: str) -> None:
    assert verdict(quote) == (error, None)


def test_a_quote_in_several_other_documents_names_them_all() -> None:
    docs = {"a": Normalised("nothing here"), "c": Normalised("sending 1,500 more troops"), "b": Normalised("Sending 1,500 more troops.")}
    result = verify("sending 1,500 more troops", "a", docs["a"], ((k, v) for k, v in docs.items() if k != "a"))
    assert result.error == "quote not found in document 'a'; it is in documents 'b' and 'c'"


def test_a_quote_found_in_its_document_is_not_looked_for_elsewhere() -> None:
    def others() -> Iterator[tuple[str, Normalised]]:
        raise AssertionError("the other documents were read")
        yield  # pragma: no cover

    assert verify("officials counted 11,500", "wire", DOCS["wire"], others()).span == (0, 24)


def test_an_ellipsis_the_document_has_is_quoted_like_any_other_words() -> None:
    document = Normalised("He paused… and then the troops left.")
    assert verify("he paused... and then", "d", document, iter(())) == verify("He paused… and then", "d", document, iter(()))
    assert verify("he paused... and then", "d", document, iter(())).span == (0, 19)


def test_a_quote_found_more_than_once_is_a_warning_naming_the_count() -> None:
    assert verdict("officials counted") == (
        "quote has 2 words: quote at least three words of the document, as a shorter quote could be found almost anywhere", None)
    result = verify("more troops could", "pentagon", DOCS["pentagon"], iter(()))
    assert (result.error, result.warning) == (None, None)
    document = Normalised("Troops were sent. Then troops were sent. Troops were sent again.")
    result = verify("troops were sent", "d", document, iter(()))
    assert result.span == (0, 16) and result.error is None
    assert result.warning == "quote occurs 3 times in document 'd'; the first is highlighted: quote more words to pick one"


def test_a_quote_may_run_across_a_paragraph_break_and_is_highlighted_in_both() -> None:
    briefings = Path(__file__).parent / "cases/good-quote-across-paragraphs/briefings"
    (briefing,) = load_site(briefings, briefings.parent)
    body = document_body(briefing.documents["report-one"])
    first, second = body.split("\n\n")
    assert first.endswith('<mark class="briefing-quote">all of them on patrol duty.</mark>')
    assert second.startswith('<mark class="briefing-quote">A second paragraph says</mark> the patrol')


TRICKY = [*"ab AZ09,.-'`\t\n\r\x1c ", "\u00a0", "é", "É", "ﬃ", "Ａ", "–", "—", "“", "”", "’", "\u0301", "ß", "中", "カ",
          "\u00a8", "…", "½", "\u2212", "ꭰ", "İ", "\u3000", "\u2015", "\u02dc"]


def test_a_document_folded_in_bulk_is_what_the_definition_gives_character_by_character() -> None:
    """Normalised folds the common characters in bulk (:func:`quotes._fast`); the definition goes
    one character at a time (:func:`quotes._slow`). Both must give the same text, the same
    original index for every character, and the same words and boundaries."""
    import random

    from generator import quotes

    rnd = random.Random(12)
    for _ in range(5000):
        text = "".join(rnd.choice(TRICKY) for _ in range(rnd.randint(0, 30)))
        bulk = Normalised(text)
        slow = Normalised.__new__(Normalised)
        slow.original = text
        slow.text, slow._outer, slow._inner, dashes = quotes._slow(text)
        slow._clause_dashes = {i for i in range(len(slow.text)) if slow.origin(i) in dashes}
        assert bulk.text == slow.text, text
        assert [bulk.origin(i) for i in range(len(bulk.text))] == [slow.origin(i) for i in range(len(slow.text))], text
        assert bulk._clause_dashes == slow._clause_dashes, text
        defined = sum(1 for i in range(len(slow.text)) if slow._kind_at(i) == "a" or (slow._in_word(i) and not slow._in_word(i - 1)))
        assert bulk.words() == defined, text
        assert [bulk.boundary(i) for i in range(len(bulk.text) + 1)] == [slow.boundary(i) for i in range(len(slow.text) + 1)], text


def test_a_document_keeps_a_few_numbers_to_find_its_original_text_not_one_per_character() -> None:
    paragraphs = [" ".join(f"word{i}-{j}" for j in range(100)) for i in range(50)]
    document = Normalised("\n\n".join(paragraphs))
    assert len(document._outer[0]) <= len(paragraphs) and document._inner is None
    start, end = document.find("word49-0 word49-1 word49-2")
    assert document.original[start:end] == "word49-0 word49-1 word49-2"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=24))
def test_an_ascii_quote_folded_by_the_table_alone_is_what_the_definition_gives(quote: str) -> None:
    """Most quotes are ASCII and skip the origin-keeping normalisation: same form, same word count,
    so the same verdicts, anchors and messages."""
    definition = Normalised(quote)
    assert normalise(quote) == definition.text.strip()
    words = verify(quote, "d", Normalised("x"), []).error or ""
    expected = definition.words()
    assert (f"quote has {expected} word" in words) == (expected < 3)


_PIECES = st.sampled_from(["patrol", "duty", "1,500", "11,500", "2.5", "can't", "Force-North", "U.S.C.", " ", "  ", "\n",
                           ",", ".", "-", "'", "\u2014", "café", "e\u0301", "东京", "ＮＯＲＴＨ", "😀", "“", "”"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.lists(st.lists(_PIECES, min_size=1, max_size=4).map("".join), max_size=6))
def test_quotes_searched_together_are_found_where_each_is_found_alone(document: str, quotes: list[str]) -> None:
    """A build searches a document once for all its quotes; each must get the span and the count a
    search of its own gives, overlapping and repeated occurrences included."""
    alone = Normalised(document)
    together = Normalised(document)
    needles = [normalise(q) for q in quotes]
    together.search(needles + needles[:1])
    for needle in needles:
        spans = list(alone._spans(needle))
        assert together.occurrences(needle) == (spans[0] if spans else None, len(spans))
        assert alone.occurrences(needle) == (spans[0] if spans else None, len(spans))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.lists(st.lists(_PIECES, min_size=1, max_size=8).map("".join), max_size=6),
       st.lists(_PIECES, max_size=10).map("".join))
def test_quotes_looked_for_elsewhere_verify_as_if_looked_for_here(document: str, quotes: list[str], other: str) -> None:
    """`briefing check`'s worker looks for the quotes in a copy of the text; what it found gives
    every verdict (span, count, anchor, error) a search here gives, and spares normalising the text."""
    here = Normalised(document)
    there = Normalised(document)
    there.known.update(Normalised(document).look_for(quotes))
    others = [("d", there), ("other", Normalised(other))]
    for quote in quotes:
        assert verify(quote, "d", there, others) == verify(quote, "d", here, [("other", Normalised(other))])
        if verify(quote, "d", here, []).span is None:
            continue
        assert anchor(quote) == verify(quote, "d", here, []).anchor
    if all(verify(q, "d", here, []).span for q in quotes):
        assert "text" not in vars(there)  # never normalised here


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_a_word_boundary_is_where_the_rules_put_it(document: str) -> None:
    """:meth:`Normalised.boundary` tells most places from the characters on either side alone."""
    text = Normalised(document)
    for i in range(len(text.text) + 1):
        assert text.boundary(i) == (not (text._in_word(i - 1) and text._in_word(i)))
