"""Quotes are the paper's own words: whole when short, best sentences with "…" when long."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from member_bot.quote import ELLIPSIS, MAX_QUOTE, cut_quote, quote_pieces, sentence_spans
from member_bot.terms import stem_all

LONG = (
    "The Cabinet Member introduced the report on the budget. "
    "Several members asked about the timetable for consultation. "
    "The number of children in care in Kent has stabilised at just over 1,600. "
    + "Members discussed many other matters at length without any conclusion. " * 8
    + "The Committee thanked the officers for the report."
)


def test_a_short_passage_is_quoted_whole():
    text = "RESOLVED that the report be noted."
    assert cut_quote(text, {"report": 1.0}, stem_all) == text


def test_a_long_passage_is_cut_to_the_matching_sentence_with_ellipses():
    quote = cut_quote(LONG, {"children": 2.0, "care": 1.5, "kent": 1.0}, stem_all)
    assert len(quote) <= MAX_QUOTE
    assert "just over 1,600" in quote
    assert quote.startswith(ELLIPSIS) and quote.endswith(ELLIPSIS)
    assert all(piece in LONG for piece in quote_pieces(quote))


def test_adjacent_sentences_keep_the_papers_own_spacing():
    quote = cut_quote(LONG, {"timetabl": 2.0, "consult": 2.0, "children": 2.0}, stem_all)
    assert "consultation. The number of children" in quote


def test_one_very_long_sentence_is_windowed_at_word_boundaries():
    sentence = " ".join(["word"] * 150 + ["safeguarding", "referrals"] + ["word"] * 150) + "."
    quote = cut_quote(sentence, {"safeguard": 3.0, "referr": 2.0}, stem_all)
    assert len(quote) <= MAX_QUOTE
    assert "safeguarding referrals" in quote
    for piece in quote_pieces(quote):
        assert piece in sentence
        assert not piece.startswith("ord")  # never a word cut in half


def test_sentences_split_at_stops_and_line_breaks():
    text = "First point. Second point; Third point, e.g. this\nFourth"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "First point.",
        "Second point;",
        "Third point, e.g. this",
        "Fourth",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.text(min_size=1, max_size=2000),
    st.lists(st.sampled_from(["care", "children", "budget", "the", "1"]), max_size=4),
)
def test_every_piece_of_any_quote_is_verbatim_and_short_enough(text, words):
    quote = cut_quote(text, {stem_all([w])[0]: 1.0 for w in words}, stem_all)
    assert len(quote) <= MAX_QUOTE
    for piece in quote_pieces(quote):
        assert piece in text
