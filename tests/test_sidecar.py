"""The sidecar against its JSON Schema (cleaner/sidecar.schema.json): the seeds, varied inputs,
generated documents; and the schema against the code (kinds, field names) and the metaschema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import Document, documents, noisy_bytes

from cleaner import Options, RuleSet, clean_bytes, load_rules, restore
from cleaner.engine import Analysis, Segment
from cleaner.errors import CleanerError
from cleaner.html import METADATA_FIELDS
from cleaner.pipeline import Result, apply, verify
from cleaner.rules import FIELDS, KINDS
from cleaner.sidecar import CREDIT_FIELDS, SCHEMA, SCHEMA_PATH, SCHEMA_VERSION, segment_text
from cleaner.textio import split_lines

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SCHEMA_DOC = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA_DOC)
RULES = load_rules()

# Invented documents, one per feature of the sidecar.
PARAGRAPH = (
    "Pemerintah kota menyiapkan dua puluh bus listrik baru untuk rute pinggiran mulai bulan "
    "depan, kata kepala dinas perhubungan kepada wartawan di balai kota."
)
STORY = (
    "MEDAN, Kabarkita.com - Pemerintah kota menyiapkan dua puluh bus listrik baru untuk rute "
    "pinggiran mulai bulan depan, kata kepala dinas perhubungan kepada wartawan.\n"
    "Bus itu akan melayani warga yang selama ini harus berganti angkutan dua kali untuk "
    "mencapai pusat kota setiap pagi.\n"
    "Kepala dinas menambahkan bahwa tarif tidak akan naik sampai akhir tahun ini."
    "Pewarta: Dimas Pratama Editor: Sari Lestari\n"
    "Baca Juga: Jalan Layang Baru Dibuka Pekan Depan\n"
    "Penulis: Andi Wijaya\n"
    "Senin, 3 Maret 2025 10:15 WIB\n"
)
PAGE = f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Bus Listrik Baru untuk Rute Pinggiran | Kabarkita</title>
<meta property="og:site_name" content="Kabarkita">
<meta property="article:tag" content="transportasi, kota">
</head><body><article><h1>Bus Listrik Baru untuk Rute Pinggiran</h1>
<p>{PARAGRAPH}</p><p>Baca juga: Jalan Layang Baru Dibuka Pekan Depan</p>
<p>{PARAGRAPH} Warga menyambut baik.</p>
</article></body></html>"""

INPUTS = {
    "story": STORY.encode(),
    "empty": b"",
    "blank-lines": b"\n\n\r\n",
    "invalid-utf8": PARAGRAPH.encode() + b"\n\xff\xfe kata dia.\n",
    "crlf-bom-no-final-newline": b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode()[:-2],
    "lone-cr-and-nul": STORY.replace("\n", "\r").replace("Bus itu", "Bus\x00itu").encode(),
    "related-block": (
        f"{PARAGRAPH}\nBerita Terkait\n-\nHarga Cabai Turun di Pasar Pagi\n-\n"
        "Sekolah Baru Dibuka di Desa Hulu\n"
    ).encode(),
    "other-language": "市政府宣布了城市公交车的新路线。\n".encode(),
    "glued-cut": (
        f"{PARAGRAPH}\nHujan turun sejak pagi (4/6).Baca juga: Banjir Surut di Hilir "
        "SungaiSelain itu warga membersihkan rumah mereka.\n"
    ).encode(),
    "html": PAGE.encode(),
}


def validate(sidecar: dict[str, Any]) -> None:
    """Fail with every schema error listed, not only the first."""
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(sidecar)
    ]
    assert not errors, "\n".join(errors)


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA_DOC)
    assert SCHEMA_DOC["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA_DOC["$id"] == SCHEMA


def test_schema_names_what_the_code_names() -> None:
    """Kinds, field names and versions come from the code; the schema must follow it."""
    defs, props = SCHEMA_DOC["$defs"], SCHEMA_DOC["properties"]
    assert defs["kind"]["enum"] == list(KINDS)
    assert list(defs["segment"]["properties"]["fields"]["properties"]) == list(FIELDS)
    assert props["schema_version"]["const"] == SCHEMA_VERSION
    credits = props["metadata"]["properties"]["credits"]["items"]["properties"]
    assert credits["role"]["enum"] == list(CREDIT_FIELDS)
    assert list(props["html"]["properties"]["metadata"]["properties"]) == list(METADATA_FIELDS)


def test_every_field_is_described() -> None:
    """Each property in the schema carries a description or a $ref to a described definition."""
    missing: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                described = "description" in sub or "$ref" in sub
                if isinstance(sub, dict) and not described:
                    missing.append(f"{where}/{name}")
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    walk(SCHEMA_DOC, "")
    assert not missing


@pytest.mark.parametrize("meta", sorted(SEEDS.glob("*.meta.json")), ids=lambda p: p.stem)
def test_seed_sidecars_validate(meta: Path) -> None:
    validate(json.loads(meta.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", INPUTS)
def test_sidecars_of_varied_inputs_validate(name: str) -> None:
    data = INPUTS[name]
    result = clean_bytes(data, RULES, Options(source=f"{name}.txt"))
    sidecar = json.loads(json.dumps(result.sidecar))  # what a reader of the file gets
    validate(sidecar)
    restored = restore(result.text, sidecar)  # checks the input hash itself
    if name != "html":  # HTML restores to the extracted article text
        assert restored == data


def test_the_story_fills_every_part_of_the_schema() -> None:
    """The invented story exercises spans, credits, dates, read-also and a dateline at once,
    so that the validations above are not vacuous."""
    sidecar = clean_bytes(INPUTS["story"], RULES).sidecar
    assert sidecar["dateline"] is not None and sidecar["outlet"]
    assert {"lines", "span"} <= {k for seg in sidecar["removed"] for k in seg}
    metadata = sidecar["metadata"]
    assert metadata["read_also"] and metadata["credits"] and metadata["dates"]
    assert sidecar["counts"]["spans_removed"] >= 1


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("invalid-utf8", lambda s: s["restore"]["original_base64"] and s["warnings"]),
        (
            "crlf-bom-no-final-newline",
            lambda s: s["restore"]["bom"] and s["restore"]["newline"] == "\r\n",
        ),
        ("lone-cr-and-nul", lambda s: s["restore"]["newline"] == "\r" and s["warnings"]),
        ("empty", lambda s: s["input"]["lines"] == 0 and s["warnings"] == ["empty input"]),
        ("other-language", lambda s: s["language"]["method"] in ("langdetect", "none")),
        ("html", lambda s: s["html"]["metadata"]["tags"] == ["transportasi", "kota"]),
        ("glued-cut", lambda s: [seg.get("joined") for seg in s["removed"]] == [" "]),
    ],
)
def test_varied_inputs_reach_the_parts_they_are_for(name: str, check: Any) -> None:
    assert check(clean_bytes(INPUTS[name], RULES).sidecar)


def test_language_override_and_no_generic_validate() -> None:
    result = clean_bytes(INPUTS["related-block"], RULES, Options(language="ms", generic=False))
    assert result.sidecar["language"] == {"code": "ms", "confidence": 1.0, "method": "override"}
    validate(result.sidecar)


def test_generic_detector_segments_validate() -> None:
    data = (
        f"{PARAGRAPH}\nWarga berharap layanan itu tepat waktu setiap hari kerja sepanjang tahun.\n"
        "Harga Cabai Merah Turun Lagi di Pasar Pagi\n"
        "Sekolah Baru Dibuka untuk Anak Desa Hulu\n"
        "Jembatan Gantung Diperbaiki Warga Secara Gotong Royong\n"
    ).encode()
    sidecar = clean_bytes(data, RULES).sidecar
    assert any(seg["rule"].startswith("generic.") for seg in sidecar["removed"])
    validate(sidecar)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("removed", 0, "kind"), "advert"),  # not a kind
        (("removed", 0, "rule"), "Read Also"),  # not a rule id
        (("removed", 0, "span"), [0, 3]),  # lines and span at once
        (("removed", 0, "colour"), "red"),  # unknown key on a segment
        (("removed", 0, "fields", "mood"), "sad"),  # not a field a pattern may capture
        (("removed", 0, "lines"), [0, 1]),  # line numbers start at 1
        (("input", "sha256"), "ABC"),
        (("restore", "newline"), "\n\n"),
        (("language", "method"), "guess"),
        (("schema_version",), 2),
        (("surprise",), True),  # unknown top-level key
    ],
)
def test_schema_rejects_malformed_sidecars(path: tuple[Any, ...], value: Any) -> None:
    sidecar = json.loads((SEEDS / "000_9cbcbe727e660f3c.meta.json").read_text(encoding="utf-8"))
    node = sidecar
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert not VALIDATOR.is_valid(sidecar)


@pytest.mark.parametrize("key", ["removed", "restore", "input", "language", "counts"])
def test_schema_requires_the_core_keys(key: str) -> None:
    sidecar = json.loads((SEEDS / "000_9cbcbe727e660f3c.meta.json").read_text(encoding="utf-8"))
    del sidecar[key]
    assert not VALIDATOR.is_valid(sidecar)


@given(documents(RULES))
def test_any_generated_documents_sidecar_validates(doc: Document) -> None:
    validate(json.loads(json.dumps(clean_bytes(doc.data, RULES).sidecar)))


@given(noisy_bytes())
def test_any_bytes_sidecar_validates(data: bytes) -> None:
    validate(clean_bytes(data, RULES, Options(format="text")).sidecar)


def test_ruleset_fixture_digest_is_in_the_sidecar(ruleset: RuleSet) -> None:
    assert clean_bytes(b"x\n", ruleset).sidecar["tool"]["rules"] == ruleset.digest


def test_readme_documents_every_top_level_field() -> None:
    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Sidecar\n", 1)[1].split("\n## ", 1)[0]
    for name in SCHEMA_DOC["properties"]:
        assert f"`{name}`" in section, f"README's Sidecar section does not describe {name!r}"
    assert "cleaner/sidecar.schema.json" in section


# --- the sidecar's counts against their per-line definitions ---------------------------------
# build() reads whole-document facts off the decoded text with a fast path for text without
# \r, and apply/verify work on lengths; these restate each fact line by line, the slow way.

EDGE_INPUTS = {
    "empty": b"",
    "one-newline": b"\n",
    "no-final-newline": b"satu\ndua",
    "only-terminators": b"\r\n\r\n\r\r\n\n",
    "crlf-lines": PARAGRAPH.encode() + b"\r\nBaca Juga: Harga Cabai Turun\r\n",
    "cr-tie-first-wins": b"a\rb\nc",
    "lf-tie-first-wins": b"a\nb\rc",
    "non-ascii": (
        "Kota \u00e9t\u00e9 \u201ccuaca\u201d \u2014 \U0001f600\nBaca Juga: Ca\u0301ra\n".encode()
    ),
    "nul": b"Bus\x00itu\nBaca Juga: Berita Lain\n",
    "very-long-line": (PARAGRAPH * 400).encode() + b"\nBaca Juga: Berita Lain",
    "story": STORY.encode(),
    "related-block": INPUTS["related-block"],
}


def check_against_lines(result: Result) -> None:
    sidecar, lines = result.sidecar, result.lines
    assert sidecar["input"]["chars"] == sum(len(line.text) for line in lines)
    assert sidecar["input"]["lines"] == len(lines)
    ends: dict[str, int] = {}
    for line in lines:
        if line.end:
            ends[line.end] = ends.get(line.end, 0) + 1
    # the most frequent terminator; on a tie the one met first
    newline = max(ends, key=lambda end: ends[end]) if ends else "\n"
    assert sidecar["restore"]["newline"] == newline
    exceptions = [[line.number, line.end] for line in lines if line.end != newline]
    assert sidecar["restore"]["newline_exceptions"] == exceptions
    holds_nul = any("\x00" in line.text for line in lines)
    assert ("the input holds NUL characters" in sidecar["warnings"]) == holds_nul
    segments = result.analysis.segments
    assert [seg["text"] for seg in sidecar["removed"]] == [segment_text(s, lines) for s in segments]
    chars: dict[str, int] = {}
    for seg in segments:
        size = sum(len(lines[n - 1].text) for n in range(seg.first, seg.last + 1))
        if seg.span is not None:
            size = seg.span[1] - seg.span[0]
        chars[seg.kind] = chars.get(seg.kind, 0) + size
    counts = sidecar["counts"]
    assert counts["chars_by_kind"] == dict(sorted(chars.items()))
    assert list(counts["segments_by_kind"]) == sorted(counts["segments_by_kind"])
    assert sum(counts["segments_by_rule"].values()) == len(segments)
    assert counts["lines_removed"] == sum(s.last - s.first + 1 for s in segments if not s.span)
    assert counts["spans_removed"] == sum(1 for s in segments if s.span)
    output = result.text
    assert sidecar["output"]["lines"] == len(output.split("\n")) - 1
    assert sidecar["output"]["chars"] == len(output) - output.count("\n")


@pytest.mark.parametrize("name", EDGE_INPUTS)
def test_sidecar_counts_match_the_lines(name: str) -> None:
    result = clean_bytes(EDGE_INPUTS[name], RULES, Options(format="text"))
    check_against_lines(result)
    validate(result.sidecar)
    assert restore(result.text, json.loads(json.dumps(result.sidecar))) == EDGE_INPUTS[name]


def test_tied_terminators_keep_the_first_met() -> None:
    assert clean_bytes(b"a\rb\nc", RULES).sidecar["restore"]["newline"] == "\r"
    assert clean_bytes(b"a\nb\rc", RULES).sidecar["restore"]["newline"] == "\n"


@given(st.one_of(noisy_bytes(), documents(RULES).map(lambda doc: doc.data)))
def test_any_input_sidecar_counts_match_the_lines(data: bytes) -> None:
    check_against_lines(clean_bytes(data, RULES, Options(format="text")))


# --- apply and verify ------------------------------------------------------------------------

LINES = split_lines("eins\nzwei drei\n\nvier\r\nf\u00fcnf")


def analysis(*segments: Segment) -> Analysis:
    return Analysis(segments, ())


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        ((), "eins\nzwei drei\n\nvier\nf\u00fcnf\n"),
        ((Segment("other", "t.a", 1, 5),), ""),
        ((Segment("other", "t.a", 2, 3), Segment("other", "t.b", 5, 5)), "eins\nvier\n"),
        ((Segment("other", "t.a", 2, 2, (4, 9)),), "eins\nzwei\n\nvier\nf\u00fcnf\n"),
        (  # two spans on one line, given out of order, and a dropped line
            (
                Segment("other", "t.a", 2, 2, (4, 9)),
                Segment("other", "t.b", 2, 2, (0, 2)),
                Segment("other", "t.c", 1, 1),
            ),
            "ei\n\nvier\nf\u00fcnf\n",
        ),
        # a cut between two visible characters leaves a space in its place
        ((Segment("other", "t.a", 5, 5, (1, 2)),), "eins\nzwei drei\n\nvier\nf nf\n"),
        (  # adjacent spans are one cut: one space; at the line's end, none
            (Segment("other", "t.a", 2, 2, (2, 4)), Segment("other", "t.b", 2, 2, (4, 6))),
            "eins\nzw rei\n\nvier\nf\u00fcnf\n",
        ),
        ((Segment("other", "t.a", 2, 2, (3, 9)),), "eins\nzwe\n\nvier\nf\u00fcnf\n"),
    ],
)
def test_apply_keeps_the_rest_verbatim_and_verify_accepts_it(
    segments: tuple[Segment, ...], expected: str
) -> None:
    found = analysis(*segments)
    output = apply(LINES, found)
    assert output == expected
    verify(LINES, found, output)


def test_apply_and_verify_of_no_lines() -> None:
    assert apply([], analysis()) == ""
    verify([], analysis(), "")


@pytest.mark.parametrize(
    ("segments", "output"),
    [
        ((), "eins\nzwei drei\n\nvier\n"),  # a line lost without a segment
        ((Segment("other", "t.a", 1, 1),), "eins\nzwei drei\n\nvier\nf\u00fcnf\n"),  # kept too
        ((Segment("other", "t.a", 5, 6),), "eins\nzwei drei\n\nvier\n"),  # past the end
        ((Segment("other", "t.a", 0, 1),), "zwei drei\n\nvier\nf\u00fcnf\n"),  # before line 1
        ((Segment("other", "t.a", 3, 2),), "eins\nzwei drei\n\nvier\nf\u00fcnf\n"),  # reversed
    ],
)
def test_verify_refuses_what_does_not_add_up(segments: tuple[Segment, ...], output: str) -> None:
    with pytest.raises(CleanerError, match="internal error"):
        verify(LINES, analysis(*segments), output)
