"""Input hygiene: whatever the bytes, a clean result, a warning where it is due, exact restore."""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Result, clean_bytes, load_rules, restore
from cleaner.textio import Line, View, decode, fold, split_lines, view_of

RULES = load_rules()
ARTICLE = "Pemerintah kota menyalurkan bantuan beras kepada warga yang terdampak banjir pekan ini."
# A second paragraph: the same one twice would be a scraper's repeat (generic.repeated-text).
SECOND = "Warga berharap bantuan berikutnya datang sebelum musim hujan mencapai puncaknya."
READ_ALSO = "Baca Juga: Harga Cabai di Pasar Induk Turun Lagi"


def clean(data: bytes) -> Result:
    result = clean_bytes(data, RULES)
    assert restore(result.text, result.sidecar) == data
    result.text.encode("utf-8")  # valid UTF-8, always
    return result


def test_bom_is_dropped_recorded_and_restored() -> None:
    result = clean(b"\xef\xbb\xbf" + f"{ARTICLE}\n{READ_ALSO}\n".encode())
    assert result.text == ARTICLE + "\n"
    assert result.sidecar["restore"]["bom"] is True
    assert any("byte order mark" in w for w in result.sidecar["warnings"])


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_terminators_split_lines_and_come_back(newline: str) -> None:
    result = clean(newline.join([ARTICLE, READ_ALSO, SECOND]).encode() + newline.encode())
    assert result.text == f"{ARTICLE}\n{SECOND}\n"
    assert result.sidecar["restore"]["newline"] == newline
    assert result.sidecar["removed"][0]["lines"] == [2, 2]


def test_mixed_terminators_and_missing_final_newline_restore_exactly() -> None:
    data = f"{ARTICLE}\r\n{READ_ALSO}\r{SECOND}\n\n{ARTICLE[:-1]} lagi.".encode()
    result = clean(data)
    assert result.text == f"{ARTICLE}\n{SECOND}\n\n{ARTICLE[:-1]} lagi.\n"
    assert result.sidecar["restore"]["newline_exceptions"]


def test_only_cr_lf_and_crlf_end_lines() -> None:
    # Vertical tab, form feed, NEL and U+2028 stay inside their line, as the gold labels count.
    text = "satu\x0bdua\x0ctiga\x85empat\u2028lima\r\nenam"
    assert [line.text for line in split_lines(text)] == ["satu\x0bdua\x0ctiga\x85empat\u2028lima", "enam"]


def test_nul_and_control_characters_are_kept_and_seen_through() -> None:
    data = f"{ARTICLE}\x00\n\x07Baca\x00 Juga:\x1b Harga Naik\n".encode()
    result = clean(data)
    assert result.text == f"{ARTICLE}\x00\n"
    assert any("NUL" in w for w in result.sidecar["warnings"])


@pytest.mark.parametrize(
    "line",
    [
        "Baca\u00a0Juga: Harga Cabai Turun Lagi",  # no-break space
        "Baca\u200bJuga: Harga Cabai Turun Lagi",  # zero-width space between the words
        "Ba\u200dca Ju\u2060ga: Harga Cabai Turun Lagi",  # joiners inside the words
        "Baca\u3000Juga\u00ad: Harga Cabai Turun Lagi",  # ideographic space, soft hyphen
        "\ufeffBaca Juga:\u202fHarga Cabai Turun Lagi",  # BOM mid-file, narrow no-break space
    ],
)
def test_rules_match_through_odd_spaces_and_zero_width_characters(line: str) -> None:
    result = clean(f"{ARTICLE}\n{line}\n".encode())
    assert result.text == ARTICLE + "\n"
    assert result.sidecar["removed"][0]["text"] == line  # the record is verbatim


def test_view_maps_offsets_back_to_the_verbatim_line() -> None:
    line = "a\u200db\u00a0c\x00d"
    view = view_of(line)
    assert view.text == "ab c" + "d"
    start = view.text.index("c")
    assert view.to_line(start, start + 2) == (line.index("c"), len(line))


def test_invalid_utf8_is_replaced_warned_and_restored() -> None:
    data = f"{ARTICLE}\n".encode() + b"Harga \xff\xfe naik \xc3 lagi.\n" + READ_ALSO.encode()
    result = clean(data)
    assert "Harga \ufffd\ufffd naik \ufffd lagi." in result.text
    warnings = result.sidecar["warnings"]
    assert any(w.startswith("invalid UTF-8: 3 ") for w in warnings), warnings
    assert result.sidecar["restore"]["original_base64"]


def test_genuine_replacement_characters_are_not_a_warning() -> None:
    result = clean(f"{ARTICLE} \ufffd\n".encode())
    assert not any("invalid UTF-8" in w for w in result.sidecar["warnings"])
    assert decode("\ufffd".encode()).replaced == 0


@pytest.mark.parametrize("data", [b"", b"\n", b"\r\n\r\n", b"\xef\xbb\xbf", b"   \t\n"])
def test_empty_and_blank_inputs(data: bytes) -> None:
    result = clean(data)
    assert result.sidecar["removed"] == []
    assert result.text.strip() == ""
    if not data:
        assert result.text == "" and "empty input" in result.sidecar["warnings"]


def test_utf16_input_does_not_crash() -> None:
    clean(f"{ARTICLE}\n{READ_ALSO}\n".encode("utf-16"))


@pytest.mark.parametrize(
    "unit",
    [
        b"Warga desa menerima bantuan beras dari pemerintah daerah pekan ini. ",
        b"- ",
        b": ",
        "a\u200b\u00a0".encode(),
        b"\x01\xff",
    ],
    ids=["prose", "dashes", "colons", "invisibles", "controls-and-bad-bytes"],
)
def test_one_enormous_line(unit: bytes) -> None:
    # 5 MB without a newline; a super-linear step would not finish (timing lives in bench/).
    data = unit * (5_000_000 // len(unit))
    result = clean(data)
    assert result.sidecar["input"]["lines"] == 1


# split_lines: str.split on "\n" when there is no "\r", the line-break pattern otherwise.
LINE_TEXT = st.text(alphabet="ab \r\n\t\x0b\x85\u2028é\u00a0", max_size=30)


@given(LINE_TEXT)
@example("\n\r")  # LF then a lone CR: two empty lines
@example("a\r\n\r\nb\r")
def test_lines_and_their_ends_give_back_the_text(text: str) -> None:
    lines = split_lines(text)
    assert "".join(line.text + line.end for line in lines) == text
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert all("\r" not in line.text and "\n" not in line.text for line in lines)
    assert all(line.end in ("\n", "\r\n", "\r") for line in lines[:-1])
    assert not lines or lines[-1].end or lines[-1].text  # no empty last line without an end


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", []),
        ("\n", [(1, "", "\n")]),
        ("a", [(1, "a", "")]),
        ("a\nb", [(1, "a", "\n"), (2, "b", "")]),
        ("a\n\nb\n", [(1, "a", "\n"), (2, "", "\n"), (3, "b", "\n")]),
        ("a\r\nb\rc\n", [(1, "a", "\r\n"), (2, "b", "\r"), (3, "c", "\n")]),
        ("\n\r", [(1, "", "\n"), (2, "", "\r")]),
        ("a\r", [(1, "a", "\r")]),
        ("é\u2028x\n", [(1, "é\u2028x", "\n")]),
    ],
)
def test_split_lines_cases(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert split_lines(text) == [Line(*row) for row in expected]


def test_a_very_long_line_and_many_lines_split_the_same_way() -> None:
    long = "kata " * 200_000
    assert split_lines(long) == [Line(1, long, "")]
    many = "baris\n" * 10_000 + "akhir"
    lines = split_lines(many)
    assert len(lines) == 10_001 and lines[-1] == Line(10_001, "akhir", "")
    assert split_lines(many.replace("\n", "\r\n"))[9_999] == Line(10_000, "baris", "\r\n")


def test_lines_and_views_are_immutable_values_that_pickle() -> None:
    line, view = Line(3, "teks", "\n"), view_of("a\u200db")
    with pytest.raises(AttributeError):
        line.text = "lain"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        view.text = "lain"  # type: ignore[misc]
    assert (line.number, line.text, line.end) == (3, "teks", "\n")
    assert pickle.loads(pickle.dumps(line)) == line
    assert pickle.loads(pickle.dumps(view)) == view == View("ab", (0, 2))
    assert {line, Line(3, "teks", "\n")} == {line}


# fold: the marks are looked for among the non-ASCII characters only; the key must not change.
def _plain_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=30))
@example("Café  Crème\u00a0Brûlée")
@example("ＡＢＣ ﬁ ẞ İ ǅ \u0301 a\u0327 \u3000x")  # compatibility forms, lone marks, odd spaces
@example("tanda\ud800lone")  # a lone surrogate
def test_fold_is_casefold_nfkd_without_marks_and_with_spaces_squeezed(text: str) -> None:
    assert fold(text) == _plain_fold(text)
