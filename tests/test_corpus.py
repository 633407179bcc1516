"""Corpus template lines: which lines are candidates, the thresholds, their removal, and
exact counts past the memory cap (spilled to SQLite)."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import RuleSet, corpus, restore
from cleaner.cli import cli
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


def _spread(seed: int) -> list[tuple[str, set[int]]]:
    """Documents of three groups: a few keys most of them hold, many that only some hold,
    and keys at both ends of the 64-bit range."""
    rng = random.Random(seed)
    groups = ["dir:a", "host:b.test", "dir:\udcff"]  # a folder name that is not UTF-8
    docs = []
    for n in range(300):
        keys = {k for k in (1, 2, 0, 2**64 - 1) if rng.random() < 0.6}
        keys |= {rng.randrange(2**64) for _ in range(3)} | {rng.randrange(40) for _ in range(4)}
        docs.append((groups[n % 3], keys))
    return docs


def test_spilled_counts_give_the_same_templates_at_any_cap(tmp_path: Path) -> None:
    plain = corpus.Counts()
    for group, keys in _spread(1):
        plain.add(group, keys)
    expected = plain.templates()
    assert plain.path is None and set(expected) == {"dir:a", "host:b.test", "dir:\udcff"}
    assert {0, 2**64 - 1} <= expected["dir:a"]
    for cap in (1, 7, 500):
        with corpus.Counts(cap, str(tmp_path)) as counts:
            for group, keys in _spread(1):
                counts.add(group, keys)
            assert counts.path is not None  # it did spill
            assert counts.templates() == expected
            assert counts.templates(2, 0.5) == plain.templates(2, 0.5)
        assert list(tmp_path.iterdir()) == []  # closed: the database is gone


def test_merging_spilled_pieces_in_any_order_adds_up(tmp_path: Path) -> None:
    docs = _spread(2)
    plain = corpus.Counts()
    for group, keys in docs:
        plain.add(group, keys)

    def pieces() -> list[corpus.Counts]:
        """Four workers' counts, as they reach the parent (pickled); two of them spilled."""
        made = []
        for i, cap in enumerate((None, 5, 50, 10_000)):
            piece = corpus.Counts(cap, str(tmp_path))
            for group, keys in docs[i::4]:
                piece.add(group, keys)
            made.append(pickle.loads(pickle.dumps(piece)))
        assert [p.path is not None for p in made] == [False, True, True, False]
        return made

    for cap, order in ((3, [0, 3, 2, 1]), (None, [1, 0, 2, 3]), (10_000, [3, 2, 1, 0])):
        found = pieces()
        with corpus.Counts(cap, str(tmp_path)) as total:
            for i in order:  # a spilled piece first: the total takes its database over
                total.merge(found[i])
            assert total.templates() == plain.templates()
            assert len(list(tmp_path.iterdir())) == 1  # the pieces' databases are gone
        assert list(tmp_path.iterdir()) == []


def _site(root: Path) -> Path:
    """Text files in two folders and a JSONL file over three hosts: menu lines every
    document of a site holds, and lines of their own."""
    src = root / "in"
    for folder in ("kota", "desa"):
        (src / folder).mkdir(parents=True)
        for n in range(8):
            lines = [f"Menu {folder} Beranda", f"Rubrik {folder} {n} nomor {n * 7}", STORY]
            (src / folder / f"{n}.txt").write_text("\n".join(lines), encoding="utf-8")
    records = [
        {"url": f"https://situs{n % 3}.test/{n}",
         "text": f"Ikuti Situs {n % 3}\nTopik {n} ragam\nArsip {n} indeks\n{STORY}"}
        for n in range(30)
    ]  # fmt: skip
    (src / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return src


def test_a_batch_writes_the_same_bytes_at_any_cap_and_worker_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _site(tmp_path)
    trees = []
    for cap, jobs in ((corpus.MAX_HELD, "1"), (2, "1"), (2, "2"), (5, "2")):
        monkeypatch.setattr(corpus, "MAX_HELD", cap)  # the forked workers see it too
        out = tmp_path / f"out-{cap}-{jobs}"
        result = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "-j", jobs])
        assert result.exit_code == 0, result.output
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert all(tree == trees[0] for tree in trees)
    assert not [p for p in trees[0] if p.parts[:1] == (".cleaner",) and p.parts[1] != "done"]
    assert b"Menu kota" not in trees[0][Path("kota/3.txt")]
    assert b"Ikuti Situs" not in trees[0][Path("dump.jsonl")]
