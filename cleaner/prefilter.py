"""Cues: literal text a rule's every match must contain, so most lines skip most regexes.

A line is tried against a rule only when it holds one of the rule's cues (or the rule has
none). Cues come from the compiled pattern itself, so the rule packs stay plain regexes: for
`^\\s*(?:baca|simak)\\s+juga\\b` any match contains "juga", and a line without "juga" cannot
match. One Aho-Corasick pass over a document's folded lines finds every cue at once. A rule
whose every match holds a digit (dates, times: `\\d{1,2}\\s+mei\\s+\\d{4}`) is also skipped on a
line without one, cue or no cue.

A cue is a *necessary* condition, never a sufficient one: the rule's regex still decides.
Cues are searched in `cue_text(line)`, the line lower-cased with the few characters that
Python's case-insensitive matching equates with an ASCII letter folded to it, so a cue found
by lower-casing is found whatever the case of the line and whether or not the rule ignores case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate, product
from typing import Any

import ahocorasick

try:  # the parser behind re.compile; a pattern it cannot read just gets no cue
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # private: no stub
except ImportError:  # pragma: no cover - Python < 3.11 is not supported anyway
    sre_parse = None

# A cue shorter than this saves work only when prose rarely holds it: "©", "[", "|" do,
# "a", ". " and ", " do not.
MIN_CUE = 3
_PROSE = set(" .,-'\"")
# Strings a run of literals may be before it is given up as too loose ("[abc]d" -> 3).
MAX_RUN = 16
# Cues a rule may have (one per alternative of "(?:home|menu|search|...)").
MAX_CUES = 64
# Characters that case-insensitive matching equates with an ASCII letter but lower() does not
# turn into it (re._casefix): dotless i, long s, and capital I with a dot (lower() adds a mark).
_FOLD = (("\u0131", "i"), ("\u017f", "s"), ("\u0130", "i"))

_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_ENDS = {"AT_END", "AT_END_STRING"}
# A decimal digit, as `\d` reads one in a str pattern (Unicode category Nd, str.isdecimal).
_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def cue_text(text: str) -> str:
    """The form of a line cues are searched in."""
    if not text.isascii():
        for odd, plain in _FOLD:
            if odd in text:  # rare: a replace only then (str.translate is slow on long text)
                text = text.replace(odd, plain)
    return text.lower()


def _parse(pattern: re.Pattern[str]) -> list[tuple[Any, Any]] | None:
    """The pattern's top-level items, or None when the parser is not there to read them."""
    if sre_parse is None:  # pragma: no cover
        return None
    try:
        return list(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover - it compiled, so it parses; stay safe anyway
        return None


def cues(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains, or None when there is no such
    set worth checking (the rule is then tried on every line)."""
    items = _parse(pattern)
    return None if items is None else _Sequence(items).best()


class _Sequence:
    """Walks one sequence of parsed items. `run` holds the strings the current run of
    adjacent literals can be (None once something else broke it); `candidates` collects the
    cue sets met so far, any one of which every match contains."""

    def __init__(self, items: Sequence[tuple[Any, Any]]):
        self.run: set[str] | None = {""}
        self.whole = True  # the run still starts at the start of the sequence
        self.candidates: list[frozenset[str]] = []
        for op, arg in items:
            self._item(str(op), arg)
        self._flush()

    def best(self) -> frozenset[str] | None:
        usable = [c for c in self.candidates if all(map(_selective, c))]
        if not usable:
            return None
        return max(usable, key=lambda c: (min(map(len, c)), -len(c), sorted(c)))

    def exact(self) -> set[str] | None:
        """The strings the whole sequence can match, when that is a small finite set."""
        return self.run if self.whole else None

    def _item(self, op: str, arg: Any) -> None:
        if op == "LITERAL":
            self._extend(_literal({arg}))
        elif op == "IN":
            self._extend(_literal(_charset(arg)))
        elif op in ("SUBPATTERN", "ATOMIC_GROUP"):
            self._nested(_Sequence(list(arg[-1] if op == "SUBPATTERN" else arg)))
        elif op == "BRANCH":
            self._branch([_Sequence(list(alt)) for alt in arg[1]])
        elif op in _REPEATS and arg[0] >= 1:
            inner = _Sequence(list(arg[2]))
            if arg[0] == arg[1] == 1:
                self._nested(inner)
                return
            # The first repetition follows the run; what comes after it is unknown.
            self._extend(inner.exact())
            self._break()
            self.candidates.extend(inner.candidates)
        elif op == "ASSERT":  # a lookaround's text is in the line, though not in the match
            self.candidates.extend(_Sequence(list(arg[1])).candidates)
        elif op not in _ZERO_WIDTH:  # ANY, NOT_LITERAL, CATEGORY, an optional part ...
            self._break()

    def _nested(self, inner: _Sequence) -> None:
        self._extend(inner.exact())
        self.candidates.extend(inner.candidates)  # lookarounds inside it, say

    def _branch(self, alternatives: Sequence[_Sequence]) -> None:
        exact = [alt.exact() for alt in alternatives]
        self._extend(set().union(*exact) if all(e is not None for e in exact) else None)  # type: ignore[arg-type]  # all() ruled None out
        # Each alternative must bring a cue set, else the branch as a whole requires nothing.
        picks = [alt.best() for alt in alternatives]
        if all(p is not None for p in picks):
            merged = frozenset().union(*picks)  # type: ignore[arg-type]
            if len(merged) <= MAX_CUES:
                self.candidates.append(merged)

    def _extend(self, options: set[str] | None) -> None:
        if options is None or len(options) > MAX_RUN:
            self._break()
            return
        grown = {a + b for a, b in product(self.run or {""}, options)}
        if len(grown) > MAX_RUN:
            self._break()
            grown = set(options)
        self.run = grown

    def _break(self) -> None:
        self._flush()
        self.run = None
        self.whole = False

    def _flush(self) -> None:
        if self.run and "" not in self.run:  # a run that may be empty requires nothing
            self.candidates.append(frozenset(self.run))


def _selective(cue: str) -> bool:
    if not cue:
        return False  # an empty cue is in every line
    return len(cue) >= MIN_CUE or not any(c.isalnum() or c in _PROSE for c in cue)


def _literal(chars: set[int] | None) -> set[str] | None:
    """The lower-cased strings a set of code points can be, or None when one of them cannot
    be searched for by lower-casing (a newline, a cased non-ASCII letter)."""
    if not chars or len(chars) > MAX_RUN:
        return None
    out = set()
    for code in chars:
        char = chr(code)
        if char == "\n" or (not char.isascii() and char.lower() != char.upper()):
            return None
        out.add(char.lower())
    return out


def _charset(items: Sequence[tuple[Any, Any]]) -> set[int] | None:
    """The code points of a character class made of single characters only."""
    chars: set[int] = set()
    for op, arg in items:
        if str(op) != "LITERAL":
            return None  # a range, a category, a negation: too many characters
        chars.add(arg)
    return chars


def needs_digit(pattern: re.Pattern[str]) -> bool:
    """True when every line the pattern matches holds a decimal digit: date, time and count
    rules, which have no literal cue ("12 Mei 2024", "14.27 BST") but need not be tried on the
    many lines of prose without a digit."""
    items = _parse(pattern)
    return items is not None and _holds_digit(items)


def _holds_digit(items: Sequence[tuple[Any, Any]]) -> bool:
    return any(_item_holds_digit(str(op), arg) for op, arg in items)


def _item_holds_digit(op: str, arg: Any) -> bool:
    if op == "LITERAL":
        return chr(arg).isdecimal()
    if op == "IN":  # a class of digits only: \d, [0-9], [12]; not [^a], not \w
        return bool(arg) and all(_digits_only(str(o), a) for o, a in arg)
    if op == "SUBPATTERN":
        return _holds_digit(list(arg[-1]))
    if op == "ATOMIC_GROUP":
        return _holds_digit(list(arg))
    if op == "BRANCH":
        return all(_holds_digit(list(alt)) for alt in arg[1])
    if op in _REPEATS:
        return bool(arg[0] >= 1) and _holds_digit(list(arg[2]))
    if op == "ASSERT":  # a lookaround's text is in the line, though not in the match
        return _holds_digit(list(arg[1]))
    return False  # anything else may match without a digit (a negative lookaround, say)


def _digits_only(op: str, arg: Any) -> bool:
    if op == "CATEGORY":
        return str(arg) == "CATEGORY_DIGIT"
    if op == "LITERAL":
        return chr(arg).isdecimal()
    if op == "RANGE":
        return all(chr(c).isdecimal() for c in range(arg[0], arg[1] + 1))
    return False  # NEGATE, another category


def _has_digit(text: str) -> bool:
    if text.isascii():  # ten substring searches (memchr) beat one regex scan of the line
        return any(digit in text for digit in _ASCII_DIGITS)
    return _DIGIT.search(text) is not None


def tails(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every line the pattern matches ends with (trailing whitespace
    aside), when the pattern closes with literal text and `\\s*$`: "(ant)" closing credits."""
    items = _parse(pattern)
    if not items or str(items[-1][0]) != "AT" or str(items[-1][1]) not in _ENDS:
        return None
    end = len(items) - 1
    while end and _is_spaces(items[end - 1]):
        end -= 1
    start = end
    while start and str(items[start - 1][0]) in ("LITERAL", "IN"):
        start -= 1
    run = _Sequence(items[start:end]).exact() if start < end else None
    return frozenset(run) if run and "" not in run and all(map(_selective, run)) else None


def heads(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match starts with, but for leading white space, when the
    pattern opens with literal text after only lookarounds, anchors and `\\s*`:
    `(?<=[.!?])\\s*\\(` -> "(", `^\\s*[-–]+` -> "-", "–", `(?:baca|simak\\s+video)` -> "baca",
    "simak". Such a rule need only be tried where a head occurs."""
    items = _parse(pattern)
    run = None if items is None else _heads(items)
    if not run or len(run) > MAX_CUES or any(_common_start(h) for h in run):
        return None
    return frozenset(run)


def _heads(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    start = 0
    while start < len(items) and (_is_spaces(items[start]) or _zero_width(items[start])):
        start += 1
    end = start
    while end < len(items) and _Sequence(items[end : end + 1]).exact() is not None:
        end += 1
    if start < end:
        run = _Sequence(items[start:end]).exact()
        return run if run and all(h and not h[0].isspace() for h in run) else None
    if start == len(items):
        return None
    op, arg = str(items[start][0]), items[start][1]
    if op == "BRANCH":
        found = [_heads(list(alt)) for alt in arg[1]]
        return None if any(f is None for f in found) else set().union(*found)  # type: ignore[arg-type]
    if op in ("SUBPATTERN", "ATOMIC_GROUP"):
        inner = list(arg[-1] if op == "SUBPATTERN" else arg)
        return _heads(inner)
    if op in _REPEATS and arg[0] >= 1:  # "[-–]+": one at least
        return _heads(list(arg[2]))
    return None


def _common_start(head: str) -> bool:
    """A short word part ("p", "di") starts too many places to be worth trying each;
    punctuation ("(", "-") does not."""
    return len(head) < MIN_CUE and any(c.isalnum() for c in head)


def _zero_width(item: tuple[Any, Any]) -> bool:
    """An anchor, a lookaround, or a choice between such (`(?:(?<=\\.)|^)`)."""
    op, arg = item
    if str(op) in _ZERO_WIDTH:
        return True
    if str(op) == "BRANCH":
        return all(all(_zero_width(x) for x in alt) for alt in arg[1])
    return False


def _is_spaces(item: tuple[Any, Any]) -> bool:
    """`\\s*` (or `\\s+`): what str.rstrip() removes."""
    op, arg = item
    if str(op) not in _REPEATS:
        return False
    body = list(arg[2])
    return len(body) == 1 and str(body[0][0]) == "IN" and [str(x) for _, x in body[0][1]] == [
        "CATEGORY_SPACE"
    ]


class CueIndex:
    """The cues of a sequence of rules, ready to find which rules a document's lines may match.
    Rule sets are bit masks: bit n stands for the n-th rule."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        found = [cues(p) for p in patterns]
        self.always = sum(1 << n for n, c in enumerate(found) if c is None)
        owners: dict[str, int] = {}
        for n, rule_cues in enumerate(found):
            for cue in rule_cues or ():
                owners[cue] = owners.get(cue, 0) | 1 << n
        self._automaton = ahocorasick.Automaton() if owners else None
        if self._automaton is not None:
            for cue, mask in sorted(owners.items()):
                self._automaton.add_word(cue, mask)
            self._automaton.make_automaton()
        ends = [(n, tails(p)) for n, p in enumerate(patterns)]
        self._tails = [(1 << n, tuple(sorted(t))) for n, t in ends if t]
        self._tail_mask = sum(bit for bit, _ in self._tails)
        self._digit_mask = sum(1 << n for n, p in enumerate(patterns) if needs_digit(p))

    def __reduce__(self) -> tuple[type[CueIndex], tuple[tuple[re.Pattern[str], ...]]]:
        return CueIndex, (self.patterns,)  # rebuilt, not pickled: the automaton is native

    def candidates(self, texts: Sequence[str]) -> list[int]:
        """Per text, the mask of the rules it may match (always-rules included)."""
        found = [self.always] * len(texts)
        if self._automaton is not None and texts:
            self._find_cues(texts, found)
        if self._digit_mask:
            for n, text in enumerate(texts):
                if found[n] & self._digit_mask and not _has_digit(text):
                    found[n] &= ~self._digit_mask
        return found

    def _find_cues(self, texts: Sequence[str], found: list[int]) -> None:
        """Add to each text's mask the rules whose cues it holds (and whose tails it ends with)."""
        assert self._automaton is not None
        joined = "\n".join(texts)
        folded = cue_text(joined)
        lines = folded.split("\n")
        if len(lines) != len(texts) or len(folded) != len(joined):
            # A text holding a newline itself (never a line of split_lines), or a character
            # lower() grew: cue each text on its own, cues never cross a text's end then.
            lines = [cue_text(t).replace("\n", " ") for t in texts]
            folded = "\n".join(lines)
        ends = list(accumulate(len(f) + 1 for f in lines))  # past each line's "\n"
        line = 0
        for end, mask in self._automaton.iter(folded):
            while end >= ends[line]:
                line += 1
            found[line] |= mask
        if self._tail_mask:
            for n, mask in enumerate(found):
                if mask & self._tail_mask:
                    found[n] = self._check_tails(mask, lines[n].rstrip())

    def _check_tails(self, mask: int, text: str) -> int:
        for bit, ends in self._tails:
            if mask & bit and not text.endswith(ends):
                mask &= ~bit
        return mask
