"""Line shapes: prose, headline, list item, separator. Language-neutral evidence for blocks."""

from __future__ import annotations

import re

# Thresholds, measured on the devset: article paragraphs are long or end like sentences;
# headlines of other stories are short, and end without a full stop.
PROSE_MIN_CHARS = 220
SENTENCE_MIN_WORDS = 6
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 220
# Title case: this share of the words of this many letters or more start with a capital
# (shorter words are the function words titles leave in lower case: "di", "of", "the").
TITLE_CASE_SHARE = 0.7
TITLE_WORD_MIN_CHARS = 4

WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
# Chinese and Japanese write without spaces: a sentence is one \w+ run. Two characters
# count as a word, so their sentences and headlines get the shapes Latin ones get.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CJK_CHARS_PER_WORD = 2
# has_words() looks at this many characters a word first (a word and a space are mostly fewer).
HEAD_CHARS_PER_WORD = 8
_SEPARATOR = re.compile(r"^\s*[-–—•·*|>»›_=~.]{1,8}\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•·*»›●▪■◦‣○►▶+]|\d{1,2}[.)])\s+\S")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+\S")
# A sentence ends in one of these marks, then any closing quotes or brackets, then spaces.
# Told from the line's end with string methods: a regex search for it scans the whole line.
_SENTENCE_MARKS = tuple(".!?…。．！？")
_FULL_STOPS = tuple(".。．")
_CLOSERS = "\"'”’)]」』"
# A dateline on a line of its own: "Badung -", "JAKARTA, KOMPAS.com —", or the dash alone
# after a line holding the place.
_DATELINE_PIECE = re.compile(
    r"^\s*(?:[A-Z][\w.'’]*(?:[ ,/]+[\w.'’]+){0,4}\s*)?[-–—]{1,2}\s*$"
)
_DASH = re.compile(r"^\s*[-–—]{1,2}\s*$")
_PLACE = re.compile(r"^\s*[A-Z][\w.'’]*(?:[ ,]+[\w.'’]+){0,3}\s*$")


def words(text: str) -> int:
    n = len(WORD.findall(text))
    # CJK characters are never ASCII: most lines skip the second pass (isascii() is O(1)).
    return n if text.isascii() else n + len(_CJK.findall(text)) // CJK_CHARS_PER_WORD


def has_words(text: str, n: int) -> bool:
    """words(text) >= n, most often told from the line's head alone (which holds no more
    words than the line): a long paragraph's words need not all be counted."""
    head = text[: n * HEAD_CHARS_PER_WORD]
    return words(head) >= n or (len(head) < len(text) and words(text) >= n)


def is_separator(text: str) -> bool:
    """A line that only separates list items: '-', '•', '|', '***'."""
    return bool(_SEPARATOR.match(text))


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def bullet_mark(text: str) -> str:
    """The marker a bulleted line starts with ('•', '-', '1.'), '' for none; numbers count
    as one mark so that '3.' follows '2.'."""
    found = _BULLET.match(text)
    if not found:
        return ""
    mark = text.lstrip()[0]
    return "1." if mark.isdigit() else mark


def is_numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


def is_prose(text: str) -> bool:
    """A paragraph of the story: long, or a sentence that ends with a full stop."""
    stripped = text.strip()
    return len(stripped) >= PROSE_MIN_CHARS or _is_sentence(stripped)


def is_sentence(stripped: str, n: int) -> bool:
    """is_prose() of a stripped line shorter than PROSE_MIN_CHARS that has n words (for
    callers that need the count too: words are counted once)."""
    return n >= SENTENCE_MIN_WORDS and ends_with_full_stop(stripped)


def _is_sentence(stripped: str) -> bool:
    """is_sentence() for callers without the count: the end first, then the words (only as
    many as it takes)."""
    return ends_with_full_stop(stripped) and has_words(stripped, SENTENCE_MIN_WORDS)


def is_headline(text: str) -> bool:
    """Short, not a sentence, not an introduction to a list: the shape of a linked headline."""
    stripped = _BULLET.sub("", text).strip() if is_bullet(text) else text.strip()
    if len(stripped) > HEADLINE_MAX_CHARS or len(stripped) >= PROSE_MIN_CHARS:
        return False  # too long for a headline, or prose: no need to count its words
    if stripped.endswith(":") or _is_sentence(stripped):
        return False  # a list's introduction, or a sentence
    return 1 <= words(stripped) <= HEADLINE_MAX_WORDS


def is_title_case(text: str) -> bool:
    """Most words of TITLE_WORD_MIN_CHARS letters or more start with a capital: how
    headlines of other stories are written ("Editor Ditemukan Tewas di Tol Pesanggrahan"),
    and not the story's own points. Scripts without case never are."""
    long_words = [w for w in _LETTERS.findall(text) if len(w) >= TITLE_WORD_MIN_CHARS]
    capitals = sum(1 for w in long_words if w[0].isupper())
    return bool(long_words) and capitals >= TITLE_CASE_SHARE * len(long_words)


def is_dateline_piece(text: str) -> bool:
    return bool(_DATELINE_PIECE.match(text))


def is_dash(text: str) -> bool:
    return bool(_DASH.match(text))


def is_place(text: str) -> bool:
    return bool(_PLACE.match(text))


def is_label(text: str) -> bool:
    """A short line mostly of plain words: a menu item, a button, a headline (not a code)."""
    stripped = text.strip()
    if len(stripped) >= PROSE_MIN_CHARS or _is_sentence(stripped):
        return False  # prose, or a sentence (told before all its words are listed)
    tokens = WORD.findall(text)
    return bool(tokens) and 2 * sum(map(str.isalpha, tokens)) > len(tokens)


def may_end_a_block(text: str) -> bool:
    """Whether some part of the line could be prose or a list's introduction: only if it
    holds a full stop or a colon (what is_prose, for a short line, and is_list_intro need)."""
    return ":" in text or any(stop in text for stop in _FULL_STOPS)


def is_list_intro(text: str) -> bool:
    """'Berikut daftarnya:' - a line announcing that a list of the story follows."""
    return text.rstrip().endswith(":") and words(text) >= 2


def continues(previous: str, text: str) -> bool:
    """True when `text` carries on the sentence of `previous`: a hard-wrapped paragraph."""
    first = text.lstrip()[:1]
    return first.islower() and not ends_sentence(previous)


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_MARKS)


def ends_with_full_stop(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS).endswith(_FULL_STOPS)
