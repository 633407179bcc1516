"""Line shapes on invented lines."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import region, shape

PROSE = [
    "Warga Desa Sukamaju menanam seribu pohon bakau di pesisir utara pada Minggu pagi.",
    "The council approved the plan after a two-hour debate on Tuesday evening.",
    "x" * shape.PROSE_MIN_CHARS,
]
HEADLINES = [
    "Lima Cara Menghemat Listrik di Musim Kemarau",
    "* Ferry timetables change as the bridge closes for repairs",
    "Harga Cabai Naik Jelang Ramadan, Pedagang Mengeluh",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose(text: str) -> None:
    assert shape.is_prose(text)
    assert not shape.is_headline(text)


@pytest.mark.parametrize("text", HEADLINES)
def test_headline(text: str) -> None:
    assert shape.is_headline(text)
    assert not shape.is_prose(text)


@pytest.mark.parametrize("text", ["-", "•", "***", " | ", "»"])
def test_separator(text: str) -> None:
    assert shape.is_separator(text)


def test_list_intro_is_neither_headline_nor_prose() -> None:
    text = "Berikut daftar lengkapnya:"
    assert shape.is_list_intro(text)
    assert not shape.is_headline(text) and not shape.is_prose(text)


@pytest.mark.parametrize("text", ["* Home", "Sign in", "Berita Terkini", "Privacy Policy"])
def test_labels_are_short_lines_of_words(text: str) -> None:
    assert shape.is_label(text)


@pytest.mark.parametrize("text", ["FF6QW2ZP8K1M", "1234 5678", "", "---"])
def test_codes_and_numbers_are_not_labels(text: str) -> None:
    assert not shape.is_label(text)


def test_continues_spots_a_hard_wrapped_paragraph() -> None:
    assert shape.continues("The minister said the budget would grow by", "five percent next year.")
    assert not shape.continues("The budget will grow.", "five percent is the target")
    assert not shape.continues("Related stories", "Ferry timetables change")


def test_region_is_the_densest_run_of_prose() -> None:
    menu = [f"{a} {b}" for a in ("World", "Local", "Money", "Sport", "Style") for b in "ABCDE"]
    teaser = "A teaser sentence about another story entirely, told short."
    teasers = ["Other story", "Two hours ago", teaser] * 3
    texts = [*menu, "Title of the story", *PROSE[:2], "Subheading", *PROSE[:2], *teasers]
    found = region.article(texts)
    assert found == range(len(menu) + 1, len(menu) + 6)


def test_region_needs_a_page() -> None:
    assert region.article([*PROSE, *HEADLINES]) is None


def test_chinese_and_japanese_sentences_are_prose() -> None:
    assert shape.is_prose("図書館は土曜日に開館し、四百人以上の住民が桟橋に並んだと市は発表した。")
    assert shape.is_headline("港町に浮かぶ図書館が開館")


@pytest.mark.parametrize("text", ["Kelbrook -", "SEMARANG, Warta Kita —", "–"])
def test_dateline_piece(text: str) -> None:
    assert shape.is_dateline_piece(text)


@pytest.mark.parametrize("text", ["Kelbrook", "The ferry sails at noon - weather permitting"])
def test_not_a_dateline_piece(text: str) -> None:
    assert not shape.is_dateline_piece(text)


@pytest.mark.parametrize(
    ("text", "n"),
    [("", 0), ("  \t ", 0), ("one-two three_four", 3), ("caf\u00e9 \u00fcber Stra\u00dfe", 3),
     ("港町に浮かぶ", 4), ("Kota 港町", 3)],
)  # fmt: skip
def test_words_counts_runs_of_word_characters_and_pairs_of_cjk_ones(text: str, n: int) -> None:
    assert shape.words(text) == n


@pytest.mark.parametrize("size", [shape.PROSE_MIN_CHARS - 1, shape.PROSE_MIN_CHARS])
def test_a_line_of_prose_length_is_neither_label_nor_headline(size: int) -> None:
    text = ("Menu-" * size)[:size]
    long_enough = size >= shape.PROSE_MIN_CHARS
    assert shape.is_prose(text) == long_enough
    assert shape.is_label(text) != long_enough
    assert shape.is_headline(text) is False  # too many words either way
    padded = f"  {text}\t"  # surrounding spaces count for neither
    assert shape.is_prose(padded) == long_enough and shape.is_label(padded) != long_enough


def test_a_short_sentence_is_not_a_label_whatever_its_script() -> None:
    assert not shape.is_label("The ferry sails from the east pier at noon.")
    assert not shape.is_label("図書館は土曜日に開館し、四百人が並んだ。")
    assert shape.is_label("Caf\u00e9 \u00e0 la une")


def test_a_page_needs_enough_different_labels() -> None:
    labels = [f"Section {name}" for name in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][: region.PAGE_MIN_LABELS]
    assert region.is_page(labels)
    assert region.is_page([*labels, *PROSE, None])
    assert not region.is_page(labels[:-1])
    assert not region.is_page([*labels[:-1], labels[0].upper(), None, *PROSE])  # the same label
    # Wherever the labels stand among the other lines (the count stops once too few are left).
    assert region.is_page([*PROSE, *labels[:10], *PROSE, *labels[10:]])
    assert not region.is_page([*PROSE, *labels[:10], *PROSE, *labels[10:-1], *PROSE])


@pytest.mark.parametrize(
    "text",
    ["", "word", "Menu " * 100, "a" * 500, "港町に浮かぶ" * 40, PROSE[0] * 3,
     "x" * 239 + " and then many more words" * 9],
)  # fmt: skip
@pytest.mark.parametrize("n", [1, 4, 25, 30])
def test_has_words_agrees_with_words(text: str, n: int) -> None:
    assert shape.has_words(text, n) == (shape.words(text) >= n)


@pytest.mark.parametrize(
    ("text", "intro"),
    [("Berikut daftarnya:", True), ("Berikut daftarnya: \t\u00a0", True), ("Daftarnya:", False),
     ("Berikut: daftarnya", False), (":", False), ("", False)],
)  # fmt: skip
def test_a_list_intro_ends_in_a_colon_whatever_spaces_follow(text: str, intro: bool) -> None:
    assert shape.is_list_intro(text) == intro
    assert not (intro and shape.is_headline(text))


_SENTENCE_END = re.compile(r"[.!?…。．！？][\"'”’)\]」』]*\s*$")
_FULL_STOP_END = re.compile(r"[.。．][\"'”’)\]」』]*\s*$")
_LINE = st.text(st.sampled_from("ab1 .!?:…。\"'”’)]」』-•\t\u00a0\u3000港"), max_size=40)


@given(_LINE)
def test_a_sentences_end_is_told_as_the_regex_tells_it(text: str) -> None:
    assert shape.ends_sentence(text) == bool(_SENTENCE_END.search(text))
    assert shape.ends_with_full_stop(text) == bool(_FULL_STOP_END.search(text))


_PARTS = ["Word", "word.", "- ", "1.", ":", " ", "”", "x" * 60]


@given(st.lists(st.sampled_from(_PARTS), max_size=30))
def test_headline_and_prose_as_first_defined(parts: list[str]) -> None:
    # The cheap checks go first now; the answers are those of the plain definitions.
    text = "".join(parts)
    stripped = text.strip()
    sentence = shape.words(stripped) >= shape.SENTENCE_MIN_WORDS and bool(
        _FULL_STOP_END.search(stripped)
    )
    assert shape.is_prose(text) == (len(stripped) >= shape.PROSE_MIN_CHARS or sentence)
    core = shape._BULLET.sub("", text).strip() if shape.is_bullet(text) else stripped
    n = shape.words(core)
    headline = (
        len(core) <= shape.HEADLINE_MAX_CHARS and len(core) < shape.PROSE_MIN_CHARS
        and 1 <= n <= shape.HEADLINE_MAX_WORDS and not core.endswith(":")
        and not (n >= shape.SENTENCE_MIN_WORDS and _FULL_STOP_END.search(core))
    )  # fmt: skip
    assert shape.is_headline(text) == headline


@given(st.lists(st.sampled_from([*_PARTS, "12", "x1", "\u00e9t\u00e9", "港町に", "\t"]), max_size=30))
def test_label_as_first_defined(parts: list[str]) -> None:
    text = "".join(parts)
    stripped = text.strip()
    tokens = shape.WORD.findall(text)
    n = len(tokens) if text.isascii() else shape.words(text)
    label = (
        len(stripped) < shape.PROSE_MIN_CHARS and bool(tokens)
        and not (n >= shape.SENTENCE_MIN_WORDS and _FULL_STOP_END.search(stripped))
        and 2 * sum(t.isalpha() for t in tokens) > len(tokens)
    )  # fmt: skip
    assert shape.is_label(text) == label


_WORDS = st.sampled_from(["Warga", "pulang", "ke", "desa", "Editor:", "x", "\u2014"])
_ENDS = st.sampled_from(["", ".", ":", "\u3002", "\uff0e", "!", "?", ".)", " ", ":  "])


@given(st.tuples(st.lists(_WORDS, max_size=12).map(" ".join), _ENDS).map("".join))
def test_a_short_line_that_may_end_a_block_is_told_by_may_end_a_block(text: str) -> None:
    """engine._block_end re-judges a line without its spans only where may_end_a_block says
    that some part of it could be prose or a list's introduction: it must never miss one."""
    short = len(text.strip()) < shape.PROSE_MIN_CHARS
    if (short and shape.is_prose(text)) or shape.is_list_intro(text):
        assert shape.may_end_a_block(text)
    assert not shape.may_end_a_block("Harga Cabai Turun di Pasar Pagi")
    assert shape.may_end_a_block("Penulis: Andi") and shape.may_end_a_block("Ia pulang.")
    assert shape.may_end_a_block("Warga pulang ke desa hari ini\u3002")  # ideographic stop
