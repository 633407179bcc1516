"""The cue prefilter must never hide a match: a line a rule's regex matches always lists the rule."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import RuleSet, engine
from cleaner.prefilter import CueIndex, cue_text, cues, heads, needs_digit, tails
from cleaner.rules import Selection
from cleaner.textio import split_lines, view_of

from strategies import LANGUAGES, ODD_SPACES, ZERO_WIDTH, documents


def _may(index: CueIndex, text: str, n: int) -> bool:
    return bool(index.candidates([text])[0] >> n & 1)


def test_cues_are_literal_text_every_match_holds() -> None:
    assert cues(re.compile(r"^\s*(?:baca|simak)\s+juga\b:?", re.I)) == {"juga"}
    assert cues(re.compile(r"^(?:Editor|Pewarta)\s*:", re.I)) == {"editor", "pewarta"}
    assert cues(re.compile(r"[Ss]ponsored\s+by")) == {"sponsored"}
    assert cues(re.compile(r"(?<=oleh )\w+$")) == {"oleh "}  # a lookbehind's text counts too
    assert cues(re.compile(r"copyright|©", re.I)) == {"copyright", "©"}


def test_no_cue_when_nothing_literal_is_required() -> None:
    assert cues(re.compile(r"^\d+$")) is None
    assert cues(re.compile(r"^(?:foo)?\s*\d+")) is None  # an optional part requires nothing
    assert cues(re.compile(r"^[-=_]{4,}$")) is None  # "-" is too common in prose to help
    assert cues(re.compile(r"^(?:x|twitter)\b", re.I)) is None  # one alternative is a letter


def test_tails_are_what_a_line_must_end_with() -> None:
    assert tails(re.compile(r"\(\s*[a-z]+/[a-z]+\s*\)\s*$")) == {")"}
    assert tails(re.compile(r"\(\w+\)")) is None  # not anchored at the end
    assert tails(re.compile(r"\w+\.\s*$")) is None  # "." ends most lines: no help
    index = CueIndex([re.compile(r"\(\s*[a-z]+/[a-z]+\s*\)\s*$")])
    assert _may(index, "Ia pulang. (ant/jpnn)  ", 0)
    assert not _may(index, "Ia pulang (ant/jpnn) lalu pergi", 0)


def test_digit_rules_are_known_by_their_digits() -> None:
    assert needs_digit(re.compile(r"^\W*\d{1,2}\s+(?:mei|juni)\s+\d{4}\W*$", re.I))
    assert needs_digit(re.compile(r"^(?:pukul\s+)?[0-2]?[0-9][:.][0-5][0-9]$"))
    assert needs_digit(re.compile(r"^(?=[^\n]*\b20\d\d)[a-z ]+$"))  # a lookahead's text counts
    assert needs_digit(re.compile(r"(?:\d+ menit|[1-3] jam)"))  # every alternative has one
    assert needs_digit(re.compile("\u0663"))  # ARABIC-INDIC DIGIT THREE: a \d too
    assert not needs_digit(re.compile(r"^\d*$"))  # may be empty
    assert not needs_digit(re.compile(r"\d+|kemarin"))  # one alternative has none
    assert not needs_digit(re.compile(r"[^0-9]+|\w+|[0-9a]"))  # classes beyond the digits
    assert not needs_digit(re.compile(r"(?!\d)x"))  # a negative lookahead requires nothing


def test_a_line_without_a_digit_skips_the_digit_rules() -> None:
    index = CueIndex([re.compile(r"^\d{1,2} mei \d{4}$", re.I), re.compile(r"^x+$")])
    arabic_indic = "\u0661\u0662 Mei \u0662\u0660\u0662\u0664"  # 12 Mei 2024
    masks = index.candidates(["Warga desa pulang.", "12 Mei 2024", arabic_indic, "Mei", ""])
    assert [m & 1 for m in masks] == [0, 1, 1, 0, 0]
    assert all(index.patterns[0].search(t) for t in ("12 Mei 2024", arabic_indic))
    assert all(m & 2 for m in masks)  # the other rule, cue-less, is tried everywhere


def test_case_and_odd_letters_do_not_hide_a_cue() -> None:
    """re.IGNORECASE equates 'ſ' with 's' and 'ı', 'İ' with 'i'; lower() alone does not."""
    pattern = re.compile(r"baca\s+juga|sponsored", re.I)
    index = CueIndex([pattern])
    for line in ("BACA JUGA: x", "Baca Juga x", "Sponſored content", "BACA JUGA", "ſponsored"):
        assert pattern.search(line)
        assert _may(index, line, 0), line
    kelvin = re.compile(r"klik", re.I)
    assert kelvin.search("\u212aLIK") and _may(CueIndex([kelvin]), "\u212aLIK", 0)
    dotted = re.compile(r"lain", re.I)
    assert dotted.search("LA\u0130N") and _may(CueIndex([dotted]), "LA\u0130N", 0)


def test_candidates_find_each_line_of_a_document() -> None:
    index = CueIndex([re.compile(r"^baca juga", re.I), re.compile(r"^\W+$")])
    masks = index.candidates(["Paragraf satu.", "BACA JUGA: lain", "", "12", "baca juga"])
    assert [m & 1 for m in masks] == [0, 1, 0, 0, 1]
    assert all(m & 2 for m in masks)  # a rule without cues is tried everywhere


def test_a_selection_pickles(ruleset: RuleSet) -> None:
    selection = ruleset.select("id")
    again = pickle.loads(pickle.dumps(selection))
    assert again.rules == selection.rules
    texts = [r.examples.match[0] for r in selection.rules]
    assert again.cues.candidates(texts) == selection.cues.candidates(texts)


def _every_example(ruleset: RuleSet) -> list[str]:
    lines = []
    for rule in ruleset.rules:
        lines += [*rule.examples.match, *rule.examples.keep, *rule.examples.fix]
    return lines


@pytest.fixture(scope="module")
def every_rule(ruleset: RuleSet) -> Selection:
    """All bundled rules, whatever their language, compiled once."""
    return Selection.of(ruleset.rules)


def test_no_bundled_rule_loses_a_match_to_its_cues(ruleset: RuleSet, every_rule: Selection) -> None:
    """Every example line of every pack, against every rule: a match implies a candidate."""
    selection = every_rule
    texts = [view_of(line).text for line in _every_example(ruleset)]
    masks = selection.cues.candidates(texts)
    for n, rule in enumerate(selection.rules):
        for text, mask in zip(texts, masks):
            if rule.pattern.search(text):
                assert mask >> n & 1, (rule.id, text)


_NOISE = st.sampled_from((*ZERO_WIDTH, *ODD_SPACES, "\u0130", "\u0131", "\u017f", "(", ")", ":"))


@given(data=st.data())
def test_noisy_example_lines_keep_their_candidates(
    ruleset: RuleSet, every_rule: Selection, data: st.DataObject
) -> None:
    selection = every_rule
    line = data.draw(st.sampled_from(_every_example(ruleset)))
    casing = data.draw(st.sampled_from((str, str.upper, str.lower, str.title, str.swapcase)))
    chars = list(casing(line))
    for _ in range(data.draw(st.integers(0, 4))):
        chars.insert(data.draw(st.integers(0, len(chars))), data.draw(_NOISE))
    text = view_of("".join(chars)).text
    mask = selection.cues.candidates([text])[0]
    for n, rule in enumerate(selection.rules):
        if rule.pattern.search(text):
            assert mask >> n & 1, (rule.id, text)


def _every_rule(count: int) -> CueIndex:
    """No prefilter: every line is tried against every rule. An index of cue-less patterns
    lists them all for every line (not a subclass: compiled, CueIndex cannot have one)."""
    every = CueIndex([re.compile(".")] * count)
    assert every.candidates(["x", ""]) == [(1 << count) - 1] * 2
    return every


_PLAIN: dict[str, Selection] = {}  # per language, compiled once


@given(data=st.data())
def test_the_prefilter_changes_no_analysis(ruleset: RuleSet, data: st.DataObject) -> None:
    language = data.draw(st.sampled_from(LANGUAGES))
    doc = data.draw(documents(ruleset, language))
    lines = split_lines(doc.data.decode("utf-8", errors="replace"))
    selection = ruleset.select(language)
    if language not in _PLAIN:
        every = _every_rule(len(selection.rules))
        _PLAIN[language] = Selection(selection.rules, every, (None,) * len(selection.rules))
    plain = _PLAIN[language]
    assert engine.analyse(lines, selection) == engine.analyse(lines, plain)


def test_cue_text_keeps_one_character_per_character() -> None:
    text = "İSTANBUL ıſ KELVIN \u212a Straße"
    assert len(cue_text(text)) == len(text)


def test_heads_are_where_every_match_starts() -> None:
    assert heads(re.compile(r"(?:(?<=[.!?])|^)\s*\((?P<credit>\w+)\)")) == {"("}
    assert heads(re.compile(r"\b(?:Baca|Lihat)\s+juga", re.I)) == {"baca", "lihat"}
    assert heads(re.compile(r"\w+\s*\(")) is None  # a word before the literal
    assert heads(re.compile(r"(?:x)?\(")) is None  # an optional part before it
    assert heads(re.compile(r"p\w+")) is None  # "p" is everywhere: no faster
    assert heads(re.compile(r"(?:baca\s+juga|(?:simak|lihat)(?:\s+ini)?\s+video)")) == {
        "baca", "simak", "lihat"
    }  # fmt: skip
    assert heads(re.compile(r"(?:baca|(?:\w+\s+)?video)")) is None  # one branch has none
    assert heads(re.compile(r"(?:(?<=[.!?])|^)\s*[-–]+\s*[A-Z]+$")) == {"-", "–"}


_HEADED = [
    re.compile(r"(?:(?<=[.!?])|(?<=[.!?]\s)|^)\s*\((?P<credit>[a-z]+(?:/[a-z]+)*)\)"),
    re.compile(r"\s*\[\s*baca[^\]]*\]", re.I),
    re.compile(r"(?<![a-z])(?:baca|lihat)\s+juga:?", re.I),
    re.compile(r"(?:(?<=[.!?])|^)\s*[-–]+\s*(?:ab|x)\s*$"),
    re.compile(r"(?<![a-z])(?:baca\s+juga|\s*lihat(?:\s+ab)?\s+x)\s*:", re.I),
]


@given(
    st.sampled_from(_HEADED),
    st.lists(st.sampled_from(["(", ")", "[", "]", ".", " ", "  ", "ab", "/", "Baca", "LIHAT",
                              " juga", ":", "x", "\u00a0", "-", "–"]), max_size=30).map("".join),
)
def test_trying_heads_only_finds_what_finditer_finds(pattern: re.Pattern[str], text: str) -> None:
    found = heads(pattern)
    assert found
    expected = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    assert [m.span() for m in engine._at_heads(pattern, text, cue_text(text), found)] == expected


# --- any pattern a user's pack may hold: built from pieces that stress the parser walk -------

_ATOMS = st.sampled_from([
    "abc", "Bca", "ab", "Ba", "c", "(", ")", "-", r"\.", " ", r"\s*", r"\s+", r"\w+", r"\d", ".", "[aB]", "[^a]",
    r"\b", "^", "$", "(?<=a)", "(?<!b)", "(?=c)", "(?!a)", "ſ", "ı", "İ", "é",
    "7", "[0-9]", "[1-3]", r"\d{2}", "[^0-9]", "(?=.*\\d)", "(?!\\d)",
])  # fmt: skip


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda alts: "(?:" + "|".join(alts) + ")"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{1,3}", "+?"])).map(
                lambda t: "(?:" + t[0] + ")" + t[1]
            ),
            inner.map(lambda x: "(" + x + ")"),
            inner.map(lambda x: "(?<=" + x + ")" if x.isalpha() else "(?=" + x + ")"),
        )

    body = st.recursive(_ATOMS, extend, max_leaves=8)
    starts = st.sampled_from(["", "^", "(?<=a)", r"(?:(?<=\.)|^)\s*", r"\s*"])
    ends = st.sampled_from(["", "$", r"\s*$", r"abc\s*$", r"\)\s*$"])
    return st.tuples(starts, body, ends).map("".join)


_TEXT = st.lists(
    st.sampled_from(["a", "b", "B", "c", "A", "(", ")", "-", ".", " ", "\u00a0", "1", "ſ", "ı",
                     "İ", "É", "é", "S", "i", "I", "7", "\u0663"]),
    max_size=24,
).map("".join)  # fmt: skip


@given(_patterns(), st.booleans(), st.lists(_TEXT, min_size=1, max_size=4))
def test_any_pattern_keeps_its_matches(source: str, ignore_case: bool, texts: list[str]) -> None:
    try:
        pattern = re.compile(source, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return
    index = CueIndex([pattern])
    masks = index.candidates(texts)
    for text, mask in zip(texts, masks):
        if pattern.search(text):
            assert mask & 1, (source, text)
    found = heads(pattern)
    if found:
        for text in texts:
            expected = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
            got = [m.span() for m in engine._at_heads(pattern, text, cue_text(text), found)]
            assert got == expected, (source, text)
