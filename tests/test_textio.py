"""Input hygiene: whatever the bytes, a clean result, a warning where it is due, exact restore."""

from __future__ import annotations

import pytest

from cleaner import Result, clean_bytes, load_rules, restore
from cleaner.textio import decode, split_lines, view_of

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
