"""The engine's mechanics on an invented pack (blocks and where they end, line rules, spans,
extract rules), then the promises the bundled packs keep on invented text: article lists
("Berikut daftarnya:" and its items) survive, glued credits are cut at the sentence's end."""

from __future__ import annotations

import pytest

from cleaner import Options, RuleSet, clean_text, load_rules

TOY = """
description = "An invented pack: one rule of each sort the engine knows."
languages = ["*"]

[[rule]]
id = "toy.related"
kind = "related"
match = "block"
pattern = '^Kabar Lain$'
max_lines = 6
description = "A heading over other stories."
examples.match = ["Kabar Lain"]
examples.keep = ["Kabar lain datang dari desa tetangga."]

[[rule]]
id = "toy.popular"
kind = "popular"
match = "block"
pattern = '^Paling Dibaca$'
description = "A heading over the most read stories."
examples.match = ["Paling Dibaca"]
examples.keep = ["Buku itu paling dibaca tahun ini."]

[[rule]]
id = "toy.promo"
kind = "ad"
match = "line"
pattern = '^Promo\\b'
description = "A promotion line."
examples.match = ["Promo akhir pekan"]
examples.keep = ["Toko itu menggelar promo."]

[[rule]]
id = "toy.read-more"
kind = "read_also"
match = "line"
pattern = '^Baca pula:\\s*(?P<headline>.+)$'
description = "A cross-link."
examples.match = ["Baca pula: Jalan Baru Dibuka"]
examples.keep = ["Baca pula buku itu."]

[[rule]]
id = "toy.byline"
kind = "credit"
match = "span"
pattern = '(?<=[.!?])\\s*Penulis:\\s*(?P<author>[A-Z]\\w+(?: [A-Z]\\w+)*)\\s*$'
description = "A byline glued after the last sentence."
examples.match = ["Selesai.Penulis: Andi Wijaya"]
examples.keep = ["Penulis buku itu datang."]

[[rule]]
id = "toy.ad-glued"
kind = "ad"
match = "span"
pattern = '\\s*IKLAN\\s*'
ignore_case = false
description = "An ad label glued anywhere into a line."
examples.match = ["Satu kalimat.IKLAN Kalimat dua."]
examples.keep = ["Iklan itu ditarik."]

[[rule]]
id = "toy.dateline"
kind = "credit"
match = "line"
action = "extract"
pattern = '^(?P<place>[A-Z]+), (?P<outlet>\\w+\\.com) -'
description = "The dateline: read, not removed."
examples.match = ["MEDAN, Kabarku.com - Isi berita."]
examples.keep = ["Medan kota besar."]
"""

# Invented paragraphs: long sentences that end with a full stop (prose by any measure).
P1 = (
    "MEDAN, Kabarku.com - Pemerintah kota menyiapkan dua puluh bus listrik baru untuk rute "
    "pinggiran mulai bulan depan, kata kepala dinas perhubungan kepada wartawan."
)
P2 = "Warga berharap layanan itu tepat waktu setiap hari kerja, terutama pada jam sibuk pagi."
P3 = "Kepala dinas menambahkan bahwa tarif tidak akan naik sampai akhir tahun ini."


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    folder = tmp_path_factory.mktemp("toy")
    (folder / "toy.toml").write_text(TOY, encoding="utf-8")
    return load_rules([folder], bundled=False)


def removed(lines: list[str], rules: RuleSet) -> list[tuple[str, object, str]]:
    """(rule, lines or (line, span), text) of each removed segment; named rules only."""
    sidecar = clean_text("\n".join(lines) + "\n", rules, Options(generic=False)).sidecar
    return [
        (s["rule"], tuple(s["lines"]) if "lines" in s else (s["line"], tuple(s["span"])), s["text"])
        for s in sidecar["removed"]
    ]


# --- blocks ------------------------------------------------------------------------------------


def test_a_block_runs_over_separators_bullets_headlines_and_blank_lines(toy: RuleSet) -> None:
    lines = [
        P1,
        "Kabar Lain",
        "-",
        "Harga Cabai Turun di Pasar Pagi",
        "",
        "• Sekolah Baru Dibuka di Desa Hulu",
        "2. Jembatan Gantung Diperbaiki",
        "",
        P2,
    ]
    assert [r[:2] for r in removed(lines, toy)] == [("toy.related", (2, 7))]


def test_a_block_ends_at_prose_and_the_prose_stays(toy: RuleSet) -> None:
    lines = [P1, "Kabar Lain", "Harga Cabai Turun di Pasar Pagi", P2, "Sekolah Baru Dibuka"]
    result = clean_text("\n".join(lines), toy, Options(generic=False))
    assert [s["lines"] for s in result.sidecar["removed"]] == [[2, 3]]
    assert result.text == f"{P1}\n{P2}\nSekolah Baru Dibuka\n"


def test_a_block_ends_at_the_next_heading(toy: RuleSet) -> None:
    lines = [
        P1,
        "Kabar Lain",
        "Harga Cabai Turun di Pasar Pagi",
        "Paling Dibaca",
        "Sekolah Baru Dibuka di Desa Hulu",
        "Kabar Lain",
        "Jembatan Gantung Diperbaiki",
    ]
    assert [r[:2] for r in removed(lines, toy)] == [
        ("toy.related", (2, 3)),
        ("toy.popular", (4, 5)),
        ("toy.related", (6, 7)),
    ]


def test_a_block_ends_at_a_list_introduction(toy: RuleSet) -> None:
    lines = [P1, "Kabar Lain", "Harga Cabai Turun", "Berikut jadwal bus kota:", "Senin Pagi"]
    assert [r[:2] for r in removed(lines, toy)] == [("toy.related", (2, 3))]


def test_a_block_looks_ahead_at_most_max_lines(toy: RuleSet) -> None:
    items = [f"Judul Kabar Nomor {n} dari Daerah" for n in range(1, 10)]
    lines = [P1, "Kabar Lain", *items]
    result = clean_text("\n".join(lines), toy, Options(generic=False))
    assert [s["lines"] for s in result.sidecar["removed"]] == [[2, 8]]  # heading + max_lines 6
    assert result.text.splitlines()[1:] == items[6:]


def test_a_heading_alone_at_the_end_is_a_block_of_one_line(toy: RuleSet) -> None:
    assert [r[:2] for r in removed([P1, "Paling Dibaca"], toy)] == [("toy.popular", (2, 2))]


def test_items_a_line_rule_knows_go_with_the_block(toy: RuleSet) -> None:
    """One segment for the block, not one per item that a line rule would also take."""
    lines = [P1, "Kabar Lain", "Promo Akhir Pekan Ini", "Baca pula: Jalan Baru Dibuka", P2]
    assert [r[:2] for r in removed(lines, toy)] == [("toy.related", (2, 4))]


def test_a_paragraph_with_a_glued_byline_ends_a_block(toy: RuleSet) -> None:
    lines = [P1, "Kabar Lain", "Harga Cabai Turun di Pasar Pagi", P3 + "Penulis: Andi Wijaya"]
    assert [r[:2] for r in removed(lines, toy)] == [
        ("toy.related", (2, 3)),
        ("toy.byline", (4, (len(P3), len(P3) + len("Penulis: Andi Wijaya")))),
    ]


# --- lines and spans ---------------------------------------------------------------------------


def test_a_line_rule_takes_the_whole_line_and_its_fields(toy: RuleSet) -> None:
    lines = [P1, "Baca pula: Jalan Layang Dibuka", P2, "Promo akhir pekan: diskon", P3]
    result = clean_text("\n".join(lines), toy, Options(generic=False))
    assert [(s["rule"], s["lines"]) for s in result.sidecar["removed"]] == [
        ("toy.read-more", [2, 2]),
        ("toy.promo", [4, 4]),
    ]
    assert result.sidecar["metadata"]["read_also"] == [
        {"headline": "Jalan Layang Dibuka", "line": 2}
    ]


def test_a_span_is_cut_at_the_sentence_end_and_the_line_kept(toy: RuleSet) -> None:
    line = P3 + "Penulis: Andi Wijaya"
    result = clean_text(f"{P1}\n{line}\n", toy, Options(generic=False))
    (seg,) = result.sidecar["removed"]
    assert seg["line"] == 2 and seg["span"] == [len(P3), len(line)]
    assert seg["text"] == "Penulis: Andi Wijaya"
    assert result.text.splitlines()[1] == P3  # the sentence keeps its full stop
    assert result.sidecar["metadata"]["credits"] == [
        {"role": "author", "name": "Andi Wijaya", "line": 2}
    ]


def test_span_offsets_are_in_the_verbatim_line(toy: RuleSet) -> None:
    """Zero-width and odd spaces are seen through for matching, but offsets and the cut
    text refer to the line as it was written."""
    line = "Kepala\u200b dinas\u00a0menambahkan bahwa tarif tetap.Penulis:\u00a0Andi Wijaya"
    (seg,) = clean_text(line, toy, Options(generic=False)).sidecar["removed"]
    start, end = seg["span"]
    assert line[start:end] == seg["text"] == "Penulis:\u00a0Andi Wijaya"


def test_a_span_that_would_leave_nothing_takes_the_line(toy: RuleSet) -> None:
    assert removed([P1, " IKLAN "], toy) == [("toy.ad-glued", (2, 2), " IKLAN ")]


def test_several_spans_in_one_line_leftmost_first(toy: RuleSet) -> None:
    line = "Bus baru tiba.IKLAN Warga senang. IKLAN Tarif tetap sama.Penulis: Andi Wijaya"
    result = clean_text(line, toy, Options(generic=False))
    assert [(s["rule"], s["text"]) for s in result.sidecar["removed"]] == [
        ("toy.ad-glued", "IKLAN "),
        ("toy.ad-glued", " IKLAN "),
        ("toy.byline", "Penulis: Andi Wijaya"),
    ]
    # where a cut would glue two words, a space takes its place; the sidecar says so
    assert result.text == "Bus baru tiba. Warga senang. Tarif tetap sama.\n"
    assert [s.get("joined") for s in result.sidecar["removed"]] == [" ", " ", None]


# --- extract rules -----------------------------------------------------------------------------


def test_an_extract_rule_reads_metadata_and_removes_nothing(toy: RuleSet) -> None:
    result = clean_text(f"{P1}\n{P2}\n", toy, Options(generic=False))
    assert result.sidecar["removed"] == []
    assert result.text == f"{P1}\n{P2}\n"
    assert result.sidecar["outlet"] == "Kabarku.com"
    assert result.sidecar["dateline"] == {
        "line": 1,
        "rule": "toy.dateline",
        "outlet": "Kabarku.com",
        "place": "MEDAN",
    }


def test_an_extract_rule_reads_kept_lines_only_and_its_first_hit(toy: RuleSet) -> None:
    second = "PADANG, Kabarmu.com - Kota tetangga menyusul dengan rencana serupa tahun depan."
    lines = ["Kabar Lain", "JAMBI, Kabarnya.com - Judul", P2, second, P1]
    sidecar = clean_text("\n".join(lines), toy, Options(generic=False)).sidecar
    assert sidecar["dateline"]["line"] == 4  # line 2 went with the block
    assert sidecar["outlet"] == "Kabarmu.com"


def test_turning_off_an_extract_rule_forgets_the_outlet(toy: RuleSet) -> None:
    sidecar = clean_text(P1, toy.without(["toy.dateline"]), Options(generic=False)).sidecar
    assert sidecar["outlet"] is None and sidecar["dateline"] is None


# --- the bundled packs on invented text --------------------------------------------------------

LEAD = (
    "Pemerintah kota menyiapkan dua puluh bus listrik baru untuk rute pinggiran mulai bulan "
    "depan, kata kepala dinas perhubungan kepada wartawan di balai kota pada Senin."
)
STOPS = [
    "Halte Terminal Kota Lama di Jalan Merdeka",
    "Halte Pasar Induk Baru di Jalan Sudirman",
    "Halte Rumah Sakit Umum Daerah Kota",
    "Halte Kampus Negeri di Ujung Timur Kota",
]


@pytest.mark.parametrize("style", ["numbered", "bullets", "plain"])
def test_an_article_list_at_the_end_survives(ruleset: RuleSet, style: str) -> None:
    marks = {"numbered": [f"{n}. " for n in range(1, 5)], "bullets": ["- "] * 4, "plain": [""] * 4}
    items = [m + s for m, s in zip(marks[style], STOPS)]
    text = "\n".join([LEAD, "Berikut daftarnya:", *items]) + "\n"
    result = clean_text(text, ruleset)
    assert result.text == text, result.sidecar["removed"]


def test_an_article_list_survives_and_a_related_block_after_it_goes(ruleset: RuleSet) -> None:
    story = [
        LEAD,
        "Berikut daftar halte yang akan dilayani:",
        *(f"- {s}" for s in STOPS),
        "Warga menyambut baik rencana itu dan berharap bus datang tepat waktu setiap pagi.",
    ]
    related = ["Berita Terkait", "-", "Harga Cabai Turun di Pasar Pagi", "-", "Sekolah Dibuka Lagi"]
    result = clean_text("\n".join(story + related) + "\n", ruleset)
    assert result.text == "\n".join(story) + "\n"
    assert [s["rule"] for s in result.sidecar["removed"]] == ["id.related"]


def test_an_article_list_after_a_popular_block_survives(ruleset: RuleSet) -> None:
    popular = ["Terpopuler", "- Harga Cabai Turun di Pasar Pagi Ini", "- Sekolah Baru Dibuka"]
    story = ["Berikut daftarnya:", *(f"- {s}" for s in STOPS)]
    result = clean_text("\n".join([LEAD, *popular, *story]) + "\n", ruleset)
    assert result.text == "\n".join([LEAD, *story]) + "\n"


def test_a_glued_credit_is_cut_after_the_full_stop(ruleset: RuleSet) -> None:
    last = "Kepala dinas menambahkan bahwa tarif tidak akan naik sampai akhir tahun ini."
    credit = "Pewarta: Dimas Pratama Editor: Sari Lestari"
    result = clean_text(f"{LEAD}\n{last}{credit}\n", ruleset)
    (seg,) = result.sidecar["removed"]
    assert (seg["kind"], seg["line"], seg["span"]) == ("credit", 2, [len(last), len(last + credit)])
    assert result.text == f"{LEAD}\n{last}\n"
    roles = {(c["role"], c["name"]) for c in result.sidecar["metadata"]["credits"]}
    assert roles == {("author", "Dimas Pratama"), ("editor", "Sari Lestari")}


def test_a_dateline_names_the_outlet_and_stays(ruleset: RuleSet) -> None:
    text = f"SURABAYA, Kabarku.com - {LEAD}\n"
    result = clean_text(text, ruleset)
    assert result.text == text
    assert result.sidecar["outlet"] == "Kabarku.com"
    assert result.sidecar["dateline"]["line"] == 1
