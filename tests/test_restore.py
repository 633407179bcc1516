"""restore(): the input back from an honest pair; a clear InputError, never a wrong answer or a
traceback, from a tampered sidecar or the wrong clean text."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from cleaner import InputError, Result, RuleSet, clean_bytes, restore

# Invented: a dateline, a span cut from a kept line, a read-also line, a related block; CRLF
# with one line ending otherwise and a BOM, so that every restore field is used.
STORY = (
    "\ufeffMEDAN, Kabarkita.com - Pemerintah kota menyiapkan dua puluh bus listrik baru untuk rute "
    "pinggiran mulai bulan depan, kata kepala dinas perhubungan kepada wartawan.\r\n"
    "Kepala dinas menambahkan bahwa tarif tidak akan naik sampai akhir tahun ini."
    "Pewarta: Dimas Pratama Editor: Sari Lestari\r\n"
    "Baca Juga: Jalan Layang Baru Dibuka Pekan Depan\r\n"
    "Bus itu akan melayani warga yang selama ini harus berganti angkutan dua kali untuk "
    "mencapai pusat kota setiap pagi.\n"
    "Berita Terkait\r\n-\r\nHarga Cabai Turun di Pasar Pagi\r\n-\r\n"
    "Sekolah Baru Dibuka di Desa Hulu"
).encode()


@pytest.fixture(scope="module")
def story(ruleset: RuleSet) -> Result:
    result = clean_bytes(STORY, ruleset)
    kinds = {("span" in seg, seg["kind"]) for seg in result.sidecar["removed"]}
    assert {(True, "credit"), (False, "read_also"), (False, "related")} <= kinds, kinds
    return result


def test_an_honest_pair_gives_the_input_back(story: Result) -> None:
    sidecar = json.loads(json.dumps(story.sidecar))
    assert restore(story.text, sidecar) == STORY
    assert sidecar["restore"]["bom"] and sidecar["restore"]["newline"] == "\r\n"


def _edit(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(sidecar: dict[str, Any]) -> None:
        node = sidecar
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return apply


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def apply(sidecar: dict[str, Any]) -> None:
        node = sidecar
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return apply


def _segment(sidecar: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(seg for seg in sidecar["removed"] if seg["kind"] == kind)


def _retext(kind: str, text: str) -> Callable[[dict[str, Any]], None]:
    def apply(sidecar: dict[str, Any]) -> None:
        _segment(sidecar, kind)["text"] = text

    return apply


def _move_span(sidecar: dict[str, Any]) -> None:
    seg = _segment(sidecar, "credit")
    seg["span"] = [seg["span"][0] - 5, seg["span"][1] - 5]


def _forget(kind: str) -> Callable[[dict[str, Any]], None]:
    def apply(sidecar: dict[str, Any]) -> None:
        sidecar["removed"].remove(_segment(sidecar, kind))

    return apply


TAMPERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "read-also text reworded": _retext("read_also", "Baca Juga: Jembatan Baru Dibuka Pekan Depan"),
    "related block one line short": _retext("related", "Berita Terkait\n-\nHarga Cabai Turun"),
    "span text reworded": _retext("credit", "Pewarta: Dimas Pratama Editor: Sari"),
    "span moved": _move_span,
    "segment forgotten": _forget("read_also"),
    "input hash": _edit(("input", "sha256"), "0" * 64),
    "input line count": _edit(("input", "lines"), 3),
    "newline": _edit(("restore", "newline"), "\n"),
    "bom": _edit(("restore", "bom"), False),
    "no restore field": _drop(("restore",)),
    "no removed field": _drop(("removed",)),
    "segment without text": _drop(("removed", 0, "text")),
    "segment without lines": _drop(("removed", 1, "lines")),
    "text not a string": _edit(("removed", 1, "text"), 7),
    "lines not a pair": _edit(("removed", 1, "lines"), "3-3"),
    "newline exceptions not pairs": _edit(("restore", "newline_exceptions"), [[4]]),
    "original bytes not base64": _edit(("restore", "original_base64"), "@@ not base64 @@"),
    "removed not a list": _edit(("removed",), {"kind": "ad"}),
}


@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_a_tampered_sidecar_is_refused(
    story: Result, tamper: Callable[[dict[str, Any]], None]
) -> None:
    sidecar = copy.deepcopy(story.sidecar)
    tamper(sidecar)
    with pytest.raises(InputError) as caught:
        restore(story.text, sidecar)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("sidecar", [None, [], "sidecar", {"schema_version": 1}])
def test_something_else_than_a_sidecar_is_refused(story: Result, sidecar: Any) -> None:
    with pytest.raises(InputError, match="lacks"):
        restore(story.text, sidecar)


WRONG_TEXTS: dict[str, Callable[[str], str]] = {
    "a kept line edited": lambda text: text.replace("dua puluh", "tiga puluh"),
    "a line more": lambda text: text + "Satu baris lagi.\n",
    "a line fewer": lambda text: text.split("\n", 1)[1],
    "nothing": lambda text: "",
    "lines swapped": lambda text: "\n".join(reversed(text.rstrip("\n").split("\n"))) + "\n",
    "CRLF instead of LF": lambda text: text.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("wrong", WRONG_TEXTS.values(), ids=WRONG_TEXTS.keys())
def test_the_wrong_clean_text_is_refused(story: Result, wrong: Callable[[str], str]) -> None:
    with pytest.raises(InputError):
        restore(wrong(story.text), story.sidecar)


def test_a_clean_text_that_lost_its_final_newline_still_restores(story: Result) -> None:
    """Editors drop it; the input hash still vouches for the result."""
    assert restore(story.text.rstrip("\n"), story.sidecar) == STORY


def test_another_documents_clean_text_is_refused(story: Result, ruleset: RuleSet) -> None:
    other = clean_bytes(STORY.replace(b"dua puluh", b"tiga puluh"), ruleset)
    assert other.sidecar["removed"] == story.sidecar["removed"]  # same shape, other words
    with pytest.raises(InputError, match="hash"):
        restore(other.text, story.sidecar)
    assert restore(other.text, other.sidecar) != STORY


def test_restore_does_not_change_the_sidecar(story: Result) -> None:
    sidecar = copy.deepcopy(story.sidecar)
    restore(story.text, sidecar)
    assert sidecar == story.sidecar
