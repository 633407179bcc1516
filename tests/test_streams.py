"""cleaner/streams.py and `cleaner clean --jsonl`: compression, records, meta, errors, atomicity.

Every document here is invented wording.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import re
from pathlib import Path
from typing import Any

import pytest
import zstandard
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from cleaner import RuleSet, clean_bytes
from cleaner.cli import cli
from cleaner.streams import dolma_row, open_input, open_output, read_bytes, read_records

ARTICLE = (
    "Pemerintah kota membuka pasar murah di tiga kecamatan mulai pekan depan.\n"
    "Baca Juga: Harga Bawang Merah Naik Lagi\n"
    "Kepala dinas menyebut stok beras cukup hingga akhir tahun ini.\n"
)
CLEAN = (
    "Pemerintah kota membuka pasar murah di tiga kecamatan mulai pekan depan.\n"
    "Kepala dinas menyebut stok beras cukup hingga akhir tahun ini.\n"
)
# a glued span, a heading block and \r\n line ends, after a byte order mark
SPANNED = (
    "\ufeffWarga desa menerima bantuan benih padi dari dinas pertanian setempat.\r\n"
    "Bantuan itu dibagikan di balai desa pada Senin pagi.Baca juga: Petani Panen Raya\r\n"
    "Berita Terkait\r\n"
    "- Jalan Desa Diperbaiki Bulan Depan\r\n"
    "- Sekolah Baru Dibuka di Kecamatan\r\n"
)
COMPRESS = {
    ".gz": lambda b: gzip.compress(b, mtime=0),
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": lambda b: zstandard.ZstdCompressor().compress(b),
}
DECOMPRESS = {
    ".gz": gzip.decompress,
    ".bz2": bz2.decompress,
    ".xz": lzma.decompress,
    ".zst": lambda b: zstandard.ZstdDecompressor().stream_reader(b).read(),
    "": lambda b: b,
}


def jsonl(*records: Any) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def rows(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines()]


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["clean", *args], input=stdin)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- streams --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst", ""])
def test_open_output_and_input_round_trip(here: Path, suffix: str) -> None:
    data = jsonl(*({"id": n, "text": ARTICLE} for n in range(50)))
    with open_output(f"x.jsonl{suffix}") as out:
        out.write(data)
    assert DECOMPRESS[suffix]((here / f"x.jsonl{suffix}").read_bytes()) == data
    with open_input(f"x.jsonl{suffix}") as stream:
        assert b"".join(stream) == data
    assert read_bytes(f"x.jsonl{suffix}") == data
    assert [p.name for p in here.iterdir()] == [f"x.jsonl{suffix}"]  # no temporary left


def test_open_output_leaves_nothing_half_written(here: Path) -> None:
    (here / "out.jsonl.gz").write_bytes(b"the old content")
    for target in ("out.jsonl.gz", "new.jsonl.zst"):
        with pytest.raises(KeyboardInterrupt), open_output(target) as out:
            out.write(b"half a record")
            raise KeyboardInterrupt
    assert (here / "out.jsonl.gz").read_bytes() == b"the old content"
    assert sorted(p.name for p in here.iterdir()) == ["out.jsonl.gz"]


def test_compressed_output_is_the_same_bytes_every_run(here: Path) -> None:
    (here / "in.jsonl").write_bytes(jsonl({"id": "a", "text": ARTICLE}))
    assert run("--jsonl", "in.jsonl", "-o", "one.jsonl.gz").exit_code == 0
    assert run("--jsonl", "in.jsonl", "-o", "two.jsonl.gz").exit_code == 0
    assert (here / "one.jsonl.gz").read_bytes() == (here / "two.jsonl.gz").read_bytes()


def test_record_reader_says_why_a_record_is_bad() -> None:
    lines = [
        b'{"id": 1, "text": "Satu kalimat."}\r\n', b"\n", b"{broken\n", b"[1, 2]\n",
        b'{"id": 4}\n', b'{"text": null}\n', b'{"text": "\\ud800"}\n', b'{"text": "akhir"}',
    ]  # fmt: skip
    got = [(r.line, r.fault, r.error, r.end) for r in read_records(lines)]
    assert got[0] == (1, None, None, b"\r\n")
    assert [(line, fault) for line, fault, _, _ in got[1:]] == [
        (3, "json"), (4, "object"), (5, "field"), (6, "type"), (7, "surrogate"), (8, None)
    ]  # fmt: skip
    assert got[2][2] == "not a JSON object but a list"
    assert got[3][2] == "record has no string field 'text'"
    assert got[4][2] == "record field 'text' is null, not a string"
    assert got[6][3] == b""


# --- clean --jsonl --------------------------------------------------------------------------


def test_text_replaced_and_every_other_field_kept_in_order(here: Path) -> None:
    record = {
        "url": "https://contoh.example/a",
        "id": "a1",
        "text": ARTICLE,
        "meta": {"n": [1, 2.5, None]},
        "z": True,
    }
    (here / "in.jsonl").write_bytes(jsonl(record, {"text": CLEAN, "id": 7}))
    result = run("--jsonl", "in.jsonl")
    assert result.exit_code == 0, result.output
    first, second = rows(result.stdout_bytes)
    assert list(first) == list(record)
    assert first == {**record, "text": CLEAN}
    assert second == {"text": CLEAN, "id": 7}


@pytest.mark.parametrize("suffix_in", [".gz", ".bz2", ".xz", ".zst"])
@pytest.mark.parametrize("suffix_out", [".gz", ".zst", ""])
def test_compressed_in_and_out(here: Path, suffix_in: str, suffix_out: str) -> None:
    data = jsonl({"id": "a", "text": ARTICLE}, {"id": "b", "text": CLEAN})
    (here / f"in.jsonl{suffix_in}").write_bytes(COMPRESS[suffix_in](data))
    out = f"out.jsonl{suffix_out}"
    result = run("--jsonl", f"in.jsonl{suffix_in}", "-o", out, "--meta", f"meta.jsonl{suffix_out}")
    assert result.exit_code == 0, result.output
    cleaned = rows(DECOMPRESS[suffix_out]((here / out).read_bytes()))
    assert [r["text"] for r in cleaned] == [CLEAN, CLEAN]
    meta = rows(DECOMPRESS[suffix_out]((here / f"meta.jsonl{suffix_out}").read_bytes()))
    assert [m["id"] for m in meta] == ["a", "b"]


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_compressed_stdin_is_sniffed(suffix: str) -> None:
    data = jsonl({"id": "a", "text": ARTICLE})
    result = run("--jsonl", "-", stdin=COMPRESS[suffix](data))
    assert result.exit_code == 0, result.output
    assert rows(result.stdout_bytes) == [{"id": "a", "text": CLEAN}]


def test_meta_field_and_meta_file_say_the_same(here: Path) -> None:
    records = [{"id": f"r{n}", "text": text} for n, text in enumerate([ARTICLE, CLEAN, SPANNED])]
    (here / "in.jsonl").write_bytes(jsonl(*records))
    assert run("--jsonl", "in.jsonl", "-o", "a.jsonl", "--meta", "m.jsonl").exit_code == 0
    assert run("--jsonl", "in.jsonl", "-o", "b.jsonl", "--meta-field", "cleaner").exit_code == 0
    meta = rows((here / "m.jsonl").read_bytes())
    with_field = rows((here / "b.jsonl").read_bytes())
    assert [m["id"] for m in meta] == ["r0", "r1", "r2"]
    assert [r.pop("cleaner") for r in with_field] == meta
    assert with_field == rows((here / "a.jsonl").read_bytes())
    sidecar = meta[0]["sidecar"]
    assert sidecar["removed"][0]["rule"] == "id.read-also"
    assert sidecar["language"]["code"] == "id"


def test_dolma_rows_point_at_the_removed_text(here: Path) -> None:
    records = [
        {"id": "x", "source": "crawl-7", "text": SPANNED},
        {"text": ARTICLE},  # no id: its line stands in
    ]
    (here / "in.jsonl").write_bytes(jsonl(*records))
    result = run(
        "--jsonl", "in.jsonl", "-o", "out.jsonl", "--meta", "d.jsonl", "--meta-format", "dolma"
    )
    assert result.exit_code == 0, result.output
    first, second = rows((here / "d.jsonl").read_bytes())
    assert (first["id"], first["source"], second["id"], second["source"]) == (
        "x",
        "crawl-7",
        "2",
        "in.jsonl",
    )
    spans = first["attributes"]
    assert set(spans) == {"cleaner__read_also", "cleaner__related"}
    pieces = {kind: [SPANNED[s:e] for s, e, _ in found] for kind, found in spans.items()}
    assert pieces["cleaner__read_also"] == ["Baca juga: Petani Panen Raya"]
    assert pieces["cleaner__related"][0].startswith("Berita Terkait\r\n- Jalan")
    assert pieces["cleaner__related"][0].endswith("Kecamatan\r\n")
    assert all(score == 1.0 for found in spans.values() for _, _, score in found)
    start, end, _ = second["attributes"]["cleaner__read_also"][0]
    assert ARTICLE[start:end] == "Baca Juga: Harga Bawang Merah Naik Lagi\n"


LINE_END = re.compile(r"\r\n|\r|\n")


@given(st.data())
def test_dolma_offsets_slice_out_each_removed_segment(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """Property: text[start:end] is what the sidecar says was removed (a removed line's span
    also takes its line end)."""
    from strategies import documents

    doc = data.draw(documents(ruleset))
    text = doc.data.decode("utf-8", errors="replace")  # what a JSON text field can hold
    result = clean_bytes(text.encode("utf-8"), ruleset)
    row = dolma_row(result, text, "d", "s")
    sliced = sorted(
        (start, LINE_END.sub("\n", text[start:end]))
        for found in row["attributes"].values()
        for start, end, _ in found
    )
    removed = sorted(
        result.sidecar["removed"],
        key=lambda r: (r.get("lines", [r.get("line")])[0], r.get("span", [-1])[0]),
    )
    assert len(sliced) == len(removed)
    for (_, piece), entry in zip(sliced, removed):
        if "span" in entry:
            assert piece == entry["text"]
        else:
            assert piece in (entry["text"], entry["text"] + "\n")


def test_bad_records_are_reported_and_the_rest_cleaned(here: Path) -> None:
    lines = (
        jsonl({"id": "a", "text": ARTICLE})
        + b"not json at all\n"
        + jsonl(["a", "list"], {"id": "c"}, {"id": "d", "text": 42}, {"id": "e", "text": ARTICLE})
    )
    (here / "in.jsonl").write_bytes(lines)
    result = run("--jsonl", "in.jsonl", "-o", "out.jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: in.jsonl:2: not a JSON record: Expecting value: line 1 column 1 (char 0)",
        "Error: in.jsonl:3: not a JSON object but a list",
        "Error: in.jsonl:4: record has no string field 'text'",
        "Error: in.jsonl:5: record field 'text' is a number, not a string",
    ]
    assert [r["id"] for r in rows((here / "out.jsonl").read_bytes())] == ["a", "e"]
    result = run("--jsonl", "in.jsonl", "-o", "out2.jsonl", "--errors", "bad.jsonl.gz")
    assert result.exit_code == 1 and result.stderr == ""
    bad = rows(gzip.decompress((here / "bad.jsonl.gz").read_bytes()))
    assert [(b["line"], b["raw"]) for b in bad][:2] == [
        (2, "not json at all"),
        (3, '["a", "list"]'),
    ]
    assert bad[3] == {
        "input": "in.jsonl", "line": 5, "error": "record field 'text' is a number, not a string",
        "raw": '{"id": "d", "text": 42}',
    }  # fmt: skip
    assert (here / "out2.jsonl").read_bytes() == (here / "out.jsonl").read_bytes()


def test_text_field_and_id_field(here: Path) -> None:
    (here / "in.jsonl").write_bytes(jsonl({"doc_id": "q", "body": ARTICLE, "text": "tetap"}))
    result = run(
        "--jsonl", "--text-field", "body", "--id-field", "doc_id", "--meta", "m.jsonl", "in.jsonl"
    )
    assert result.exit_code == 0, result.output
    assert rows(result.stdout_bytes) == [{"doc_id": "q", "body": CLEAN, "text": "tetap"}]
    assert rows((here / "m.jsonl").read_bytes())[0]["id"] == "q"


@pytest.mark.parametrize("cut", ["truncated", "corrupt"])
def test_broken_compressed_input_keeps_the_records_before_the_break(here: Path, cut: str) -> None:
    """A dump cut off mid-download (or damaged mid-way) loses its unreadable rest, reported
    as one error at the line where reading stopped, and nothing before it."""
    data = gzip.compress(jsonl(*({"id": n, "text": ARTICLE} for n in range(200))), mtime=0)
    middle = len(data) // 2
    broken = data[:middle] if cut == "truncated" else data[:middle] + b"\xff" * 64 + data[middle:]
    (here / "in.jsonl.gz").write_bytes(broken)
    result = run("--jsonl", "in.jsonl.gz", "-o", "out.jsonl", "--meta", "m.jsonl")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    kept = rows((here / "out.jsonl").read_bytes())
    assert 0 < len(kept) < 200
    assert [r["id"] for r in kept] == list(range(len(kept)))
    assert [m["id"] for m in rows((here / "m.jsonl").read_bytes())] == list(range(len(kept)))
    assert result.stderr.startswith(
        f"Error: in.jsonl.gz:{len(kept) + 1}: the input cannot be read on from here:"
    )


def test_compressed_input_of_which_not_a_line_can_be_read_leaves_no_output(here: Path) -> None:
    (here / "in.jsonl.gz").write_bytes(b"this is not gzip data\n" * 50)
    result = run("--jsonl", "in.jsonl.gz", "-o", "out.jsonl", "--meta", "m.jsonl")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: in.jsonl.gz: cannot read:")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in here.iterdir()) == ["in.jsonl.gz"]


def test_html_in_a_record_is_extracted_unless_told_text(here: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Pasar murah</title></head><body><article>"
        "<p>Pemerintah kota membuka pasar murah di tiga kecamatan mulai pekan depan, kata "
        "kepala dinas perdagangan kepada wartawan di balai kota.</p>"
        "<p>Kepala dinas menyebut stok beras cukup hingga akhir tahun ini dan harga akan "
        "tetap dijaga agar warga tidak kesulitan.</p></article></body></html>"
    )
    (here / "in.jsonl").write_bytes(jsonl({"id": "h", "text": page}))
    result = run("--jsonl", "in.jsonl", "--meta-field", "m")
    assert result.exit_code == 0, result.output
    (record,) = rows(result.stdout_bytes)
    assert "<p>" not in record["text"] and "stok beras cukup" in record["text"]
    assert "html" in record["m"]["sidecar"]
    result = run("--jsonl", "--format", "text", "in.jsonl")
    assert rows(result.stdout_bytes)[0]["text"].startswith("<!DOCTYPE html>")


def test_one_document_compressed_in_and_out(here: Path) -> None:
    (here / "page.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    assert run("page.txt.gz", "-o", "page.clean.txt.xz").exit_code == 0
    assert lzma.decompress((here / "page.clean.txt.xz").read_bytes()).decode() == CLEAN


def test_options_that_need_jsonl(here: Path) -> None:
    (here / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for extra in (["--meta-field", "m"], ["--errors", "e.jsonl"], ["--meta-format", "dolma"]):
        result = run("a.txt", *extra)
        assert result.exit_code == 2 and "--jsonl" in result.output
    result = run("--jsonl", "a.txt", "--meta", "m.jsonl", "--meta-field", "m")
    assert result.exit_code == 2
    (here / "in.jsonl").write_bytes(jsonl({"text": ARTICLE}))
    result = run("--jsonl", "in.jsonl", "-o", "in.jsonl")
    assert result.exit_code == 2 and "is the input too" in result.stderr


def test_plain_text_that_starts_like_a_bz2_header_is_read_as_text() -> None:
    text = "BZh adalah singkatan yang dipakai warga desa untuk balai zona hijau.\n"
    result = run("-", stdin=text.encode())
    assert result.exit_code == 0, result.output
    assert result.stdout == text
