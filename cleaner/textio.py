"""Bytes to lines and back: decoding, line splitting, and the normalised view rules match on."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import partial
from itertools import count, repeat
from typing import NamedTuple

BOM = "\ufeff"
# Only these end a line. str.splitlines() would also split on \x0b, \x1c, U+2028 ...,
# which scrapers leave inside paragraphs; the gold labels count lines the same way.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPLIT_KEEPING_BREAKS = re.compile(f"({LINE_BREAK.pattern})")
# Characters that change how a line looks to a rule but not what it says.
_INVISIBLE = re.compile(r"[\u200c-\u200f\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f]")
# U+200B, the zero-width *space*, marks a word boundary ("Baca\u200bJuga:"), so it reads as one.
_ODD_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\t]")
_ASCII_BYTES = bytes(range(128))


# Decoded, Line and View are NamedTuples rather than frozen dataclasses: as immutable, and
# made in about half the time (there is one Decoded per document, a Line and a View per line).
class Decoded(NamedTuple):
    """Text decoded from input bytes, with what decoding had to change."""

    text: str
    bom: bool
    replaced: int  # invalid UTF-8 sequences replaced by U+FFFD


class Line(NamedTuple):
    """One input line: its 1-based number, its verbatim text and its terminator."""

    number: int
    text: str
    end: str  # "\n", "\r\n", "\r" or "" for a last line without one


def decode(data: bytes) -> Decoded:
    """Decode UTF-8 (BOM allowed); invalid sequences become U+FFFD and are counted."""
    try:
        text = data.decode("utf-8")
        replaced = 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        replaced = max(1, text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd"))
    bom = text.startswith(BOM)
    return Decoded(text[1:] if bom else text, bom, replaced)


def split_lines(text: str) -> list[Line]:
    """Split text into lines on \\n, \\r\\n and lone \\r, keeping each terminator."""
    ends: Iterable[str]
    if "\r" in text:
        parts = _SPLIT_KEEPING_BREAKS.split(text)  # [line, break, line, break, ..., rest]
        texts, ends = parts[::2], parts[1::2]
    else:  # the common case: \n ends every line; str.split does it in C
        texts, ends = text.split("\n"), repeat("\n")
    rest = texts.pop()  # after the last break: "" or a last line without a terminator
    # map and zip build the (number, text, end) triples in C, and tuple.__new__ makes each a
    # Line in C too (Line._make and Line(...) are Python functions: a frame a line).
    lines = list(map(partial(tuple.__new__, Line), zip(count(1), texts, ends)))
    if rest:
        lines.append(Line(len(lines) + 1, rest, ""))
    return lines


class View(NamedTuple):
    """The text a rule sees for one line, and where each of its characters came from."""

    text: str
    origin: tuple[int, ...] | None  # index into the line per view character; None = identity

    def to_line(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span [start, end) back to offsets in the verbatim line."""
        if self.origin is None:
            return start, end
        if start == end:
            pos = self.origin[start] if start < len(self.origin) else len(self.origin)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


def _plain_view(text: str) -> View:
    """View(text, None), made in C: a NamedTuple's own constructor is a Python function, and
    most lines take this way."""
    return tuple.__new__(View, (text, None))


def view_of(line: str) -> View:
    """NFC-free normalisation that keeps offsets: odd spaces become spaces, invisibles go."""
    if line.isascii() and line.isprintable():
        return _plain_view(line)
    spaced = _ODD_SPACE.sub(" ", line)
    if not _INVISIBLE.search(spaced):
        return _plain_view(spaced)
    kept = [(i, ch) for i, ch in enumerate(spaced) if not _INVISIBLE.match(ch)]
    return View("".join(ch for _, ch in kept), tuple(i for i, _ in kept))


def is_blank(text: str) -> bool:
    """True for lines with nothing a reader would see."""
    return not text.strip() or not view_of(text).text.strip()


def fold(text: str) -> str:
    """Case- and accent-insensitive key for comparing short lines (e.g. headlines)."""
    if text.isascii():  # the same key without NFKD and a per-character pass (hot: generic)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Drop the combining marks (accents). They are all non-ASCII, so look for them among the
    # line's non-ASCII characters only: its UTF-8 without the ASCII bytes.
    others = decomposed.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    for mark in set(filter(unicodedata.combining, others.decode("utf-8", "surrogatepass"))):
        decomposed = decomposed.replace(mark, "")
    return " ".join(decomposed.split())
