"""Corpus template lines: which lines are candidates, the thresholds, and their removal."""

from __future__ import annotations

from cleaner import RuleSet, corpus, restore
from cleaner.pipeline import Options, clean_text

STORY = (
    "Pemerintah kota meresmikan jembatan baru di tepi sungai pada Senin pagi kemarin.\n"
    "Warga menyambut jembatan itu karena jalan memutar kini tidak perlu lagi ditempuh.\n"
)


def test_short_non_prose_lines_are_candidates_and_prose_is_not() -> None:
    assert corpus.line_key("Langganan Kabar Kota") is not None
    assert corpus.line_key("   ") is None
    assert corpus.line_key("-----") is None  # no word in it
    assert corpus.line_key(STORY.splitlines()[0]) is None  # a sentence of the story


def test_keys_fold_case_accents_and_odd_spaces() -> None:
    key = corpus.line_key("Berita Populer Hari Ini")
    assert corpus.line_key("BERITA  populer hari\u00a0ini ") == key
    assert corpus.line_key("Café Terbaru") == corpus.line_key("cafe terbaru")


def _counts(holding: int, docs: int) -> corpus.Counts:
    counts = corpus.Counts()
    menu = corpus.line_key("Menu Pilihan Redaksi")
    assert menu is not None
    for n in range(docs):
        counts.add("dir:site", {menu} if n < holding else set())
    return counts


def test_a_line_needs_enough_documents_and_a_share_of_its_group() -> None:
    assert _counts(5, 20).templates()  # 5 documents, 25%
    assert not _counts(4, 20).templates()  # too few documents
    assert not _counts(5, 100).templates()  # 5% of the group only


def test_groups_are_counted_apart_and_merge_adds_up() -> None:
    key = corpus.line_key("Ikuti Kami")
    assert key is not None
    a, b = corpus.Counts(), corpus.Counts()
    for _ in range(3):
        a.add("dir:one", {key})
        b.add("dir:one", {key})
        b.add("dir:two", {key})
    assert not a.templates()
    a.merge(b)
    assert a.templates() == {"dir:one": frozenset({key})}  # dir:two has only 3 documents


def test_template_lines_are_removed_and_recorded(ruleset: RuleSet) -> None:
    keys = frozenset({corpus.line_key("Kanal Warta Sore")})
    text = "Kanal Warta Sore\n" + STORY + "kanal warta  SORE\n"
    result = clean_text(text, ruleset, Options(template_lines=keys))  # type: ignore[arg-type]
    assert result.text == STORY
    removed = [r for r in result.sidecar["removed"] if r["rule"] == corpus.RULE_ID]
    assert [(r["kind"], r["lines"]) for r in removed] == [("nav", [1, 1]), ("nav", [4, 4])]
    assert restore(result.text, result.sidecar) == text.encode()


def test_without_template_lines_nothing_changes(ruleset: RuleSet) -> None:
    text = "Kanal Warta Sore\n" + STORY
    plain = clean_text(text, ruleset)
    assert clean_text(text, ruleset, Options(template_lines=frozenset())).text == plain.text
    assert "Kanal Warta Sore" in plain.text


def test_digest_changes_with_the_sets() -> None:
    one = {"dir:a": frozenset({1, 2})}
    assert corpus.digest(one) == corpus.digest({"dir:a": frozenset({2, 1})})
    assert corpus.digest(one) != corpus.digest({"dir:a": frozenset({1})})
