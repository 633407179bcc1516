"""HTML input: sniffing, charsets, extraction one paragraph a line, metadata, the CLI route."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cleaner import InputError, Options, RuleSet, clean_bytes, html, restore
from cleaner.cli import cli
from cleaner.html import decode_html, extract_html, is_html, looks_like_html

# An original page: menu, an article with an inline read-also paragraph and a credit line, a
# related block and a footer; metadata in meta tags and JSON-LD.
PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Petani Kopi Gayo Panen Raya Lebih Awal | Kabar Lestari</title>
<meta property="og:title" content="Petani Kopi Gayo Panen Raya Lebih Awal">
<meta property="og:site_name" content="Kabar Lestari">
<meta property="og:url" content="https://kabarlestari.example/ekonomi/kopi-gayo-panen">
<meta property="article:section" content="Ekonomi">
<meta property="article:tag" content="kopi">
<meta property="article:tag" content="aceh">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Petani Kopi Gayo Panen Raya Lebih Awal",
 "datePublished": "2025-03-14T08:30:00+07:00",
 "author": {"@type": "Person", "name": "Rina Marlina"}}
</script>
</head>
<body>
<nav class="menu"><ul><li><a href="/">Beranda</a></li><li><a href="/ekonomi">Ekonomi</a></li>
<li><a href="/olahraga">Olahraga</a></li><li><a href="/hiburan">Hiburan</a></li></ul></nav>
<article>
<h1>Petani Kopi Gayo Panen Raya Lebih Awal</h1>
<p>Takengon - Ribuan petani kopi di dataran tinggi Gayo memulai panen raya dua pekan lebih awal
dari biasanya karena musim kemarau yang datang lebih cepat tahun ini, kata pengurus koperasi
setempat kepada wartawan pada Jumat pagi.</p>
<p><strong>Baca juga:</strong> <a href="/ekonomi/harga-cabai">Harga Cabai Merah Turun di Pasar Induk</a></p>
<p>Menurut koperasi, harga biji kopi merah di tingkat petani kini berkisar antara dua belas
hingga empat belas ribu rupiah per kilogram, sedikit lebih tinggi dibandingkan musim lalu
karena permintaan ekspor ke Eropa dan Jepang terus meningkat.</p>
<p>Para petani berharap pemerintah daerah segera memperbaiki jalan desa yang rusak agar hasil
panen dapat diangkut ke gudang tanpa terlambat dan mutu biji kopi tetap terjaga dengan baik.</p>
<p>Editor: Bambang Sutrisno</p>
</article>
<div class="related-posts"><h3>Berita Terkait</h3><ul>
<li><a href="/a">Nelayan Sabang Keluhkan Harga Solar</a></li>
<li><a href="/b">Festival Budaya Digelar di Banda Aceh</a></li>
<li><a href="/c">Harga Emas Antam Naik Lagi Hari Ini</a></li></ul></div>
<footer><p>Copyright &copy; 2025 Kabar Lestari. All rights reserved.</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def page() -> bytes:
    return PAGE.encode("utf-8")


@pytest.mark.parametrize(
    "start",
    [
        b"<!DOCTYPE html><html>",
        b"\xef\xbb\xbf  \n<html lang='id'>",
        b"<!-- saved from url=(0042) -->\n<html>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "x">',
        b"<div class='post'><p>Isi",
        b"<P>Paragraf",
        b"\t\x0b\x0c\r<body>",  # every ASCII whitespace byte may come first
        b"\xef\xbb\xbf<p>Isi",
    ],
)
def test_looks_like_html(start: bytes) -> None:
    assert looks_like_html(start)


@pytest.mark.parametrize(
    "start",
    [
        b"Jakarta - Harga beras naik.\nBaca juga: <b>Judul</b>",
        b"<3 untuk semua pembaca",
        b"a < b dan <bukan tag>",
        b"",
        b"\xef\xbb\xbfJakarta - <p>",
        b"\xc2\xa0<html>",  # a no-break space is not whitespace to the sniffing rule
    ],
)
def test_text_does_not_look_like_html(start: bytes) -> None:
    assert not looks_like_html(start)


def _sniffed(data: bytes) -> bool:
    """looks_like_html without its first-byte shortcut: the two regexes alone."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    junk = html._LEADING_JUNK.match(head)
    return bool(html._HTML_START.match(head, junk.end() if junk else 0))


@given(
    st.one_of(
        st.binary(max_size=12),
        st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b" \n", b"<!-- x -->"]),
                  st.sampled_from([b"<p>", b"<html ", b"<3", b"x<p>"]))
        .map(b"".join),
    )
)
def test_the_first_byte_shortcut_gives_the_regexes_answer(data: bytes) -> None:
    assert looks_like_html(data) == _sniffed(data)


def test_format_choice() -> None:
    assert is_html(b"plain text", "auto", "page.HTML")
    assert not is_html(b"<html><body>", "text", "page.html")
    assert is_html(b"plain text", "html")
    with pytest.raises(InputError, match="unknown format"):
        is_html(b"", "pdf")


def test_declared_latin1_holding_utf8_is_read_as_utf8() -> None:
    data = '<html><head><meta charset="iso-8859-1"></head><body>Café © 2025</body></html>'
    decoded = decode_html(data.encode("utf-8"))
    assert decoded.encoding == "utf-8" and decoded.declared == "iso-8859-1"
    assert "Café © 2025" in decoded.text


def test_declared_latin1_is_read_as_windows_1252() -> None:
    data = '<html><head><meta charset="ISO-8859-1"></head><body>“Kutipan” – café</body></html>'
    decoded = decode_html(data.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert "“Kutipan” – café" in decoded.text


def test_declared_utf8_with_stray_windows_1252_bytes() -> None:
    data = '<html><head><meta charset="utf-8"></head><body>Café — ok, “kutipan”'.encode()
    data += " and one stray é".encode("cp1252") + b"</body></html>"
    decoded = decode_html(data)
    assert decoded.encoding == "utf-8+windows-1252"
    assert "Café — ok, “kutipan” and one stray é" in decoded.text


def test_utf16_with_bom() -> None:
    data = "\ufeff<html><body>Kopi Gayo</body></html>".encode("utf-16-le")
    assert "Kopi Gayo" in decode_html(data).text


def test_extract_one_paragraph_a_line(page: bytes) -> None:
    found = extract_html(page)
    lines = found.text.splitlines()
    assert found.text.endswith("\n")
    assert any(line.startswith("Takengon - Ribuan petani kopi") for line in lines)
    assert all(line == " ".join(line.split()) and line for line in lines)  # no wrapping inside
    assert not any("Beranda" in line or "Nelayan Sabang" in line for line in lines)


def test_extract_metadata(page: bytes) -> None:
    meta = extract_html(page).metadata
    assert meta["title"] == "Petani Kopi Gayo Panen Raya Lebih Awal"
    assert meta["author"] == "Rina Marlina"
    assert meta["date"] == "2025-03-14"
    assert meta["sitename"] == "Kabar Lestari"
    assert meta["url"] == "https://kabarlestari.example/ekonomi/kopi-gayo-panen"
    assert meta["hostname"] == "kabarlestari.example"
    assert meta["categories"] == ["Ekonomi"]
    assert meta["tags"] == ["kopi", "aceh"]


def _count_extractions(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    real = html._extract

    def counting(tree: object, url: str | None, fast: bool) -> object:
        calls.append(fast)
        return real(tree, url, fast)  # type: ignore[arg-type]

    monkeypatch.setattr(html, "_extract", counting)
    return calls


def test_article_page_takes_the_fast_extraction_only(
    page: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_extractions(monkeypatch)
    assert "Takengon - Ribuan petani kopi" in extract_html(page).text
    assert calls == [True]


def test_page_dump_falls_back_to_the_full_cascade(monkeypatch: pytest.MonkeyPatch) -> None:
    # A page of links and one short line: the fast extractor finds no article and returns
    # the whole page's text as one block, so the full cascade gets its turn.
    items = "".join(f'<li><a href="/k{i}">Rubrik nomor {i}</a></li>' for i in range(30))
    page = f"<html><body><ul>{items}</ul><div>Satu kalimat saja.</div></body></html>"
    calls = _count_extractions(monkeypatch)
    extract_html(page.encode())
    assert calls == [True, False]


def test_page_without_content_gives_empty_text_and_a_warning() -> None:
    found = extract_html(b"<html><head><title>x</title></head><body></body></html>")
    assert found.text == ""
    assert any("no main content" in w for w in found.warnings)


def test_pipeline_runs_rules_on_the_extracted_article(page: bytes, ruleset: RuleSet) -> None:
    result = clean_bytes(page, ruleset, Options(source="kopi.html"))
    assert "Baca juga" not in result.text
    assert "Takengon - Ribuan petani kopi" in result.text
    side = result.sidecar
    assert side["language"]["code"] == "id"
    assert side["html"]["bytes"] == len(page)
    assert side["html"]["encoding"] == "utf-8"
    assert side["html"]["metadata"]["title"] == "Petani Kopi Gayo Panen Raya Lebih Awal"
    assert side["html"]["extractor"]["name"] == "trafilatura"
    assert any(r["kind"] == "read_also" for r in side["removed"])
    # the <h1> repeats the page's title above the story: it goes, on the record
    assert "Petani Kopi Gayo Panen Raya Lebih Awal" in extract_html(page).text
    assert "Petani Kopi Gayo Panen Raya Lebih Awal" not in result.text
    assert any(r["rule"] == "generic.page-title" for r in side["removed"])
    # restore gives back the extracted article, which the sidecar's input hash describes
    restored = restore(result.text, side).decode("utf-8")
    assert restored == extract_html(page).text


def test_same_page_same_output(page: bytes, ruleset: RuleSet) -> None:
    first = clean_bytes(page, ruleset, Options(format="html"))
    second = clean_bytes(page, ruleset, Options(format="html"))
    assert first.text == second.text and first.sidecar == second.sidecar


def test_text_input_has_no_html_field(ruleset: RuleSet) -> None:
    result = clean_bytes("Jakarta - Harga beras naik lagi.\n".encode(), ruleset)
    assert "html" not in result.sidecar


def test_charset_mismatch_is_a_warning(ruleset: RuleSet) -> None:
    data = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Jumat", "Jum’at")
    result = clean_bytes(data.encode("utf-8"), ruleset, Options(format="html"))
    assert "Jum’at pagi" in result.text
    assert any("declares charset iso-8859-1 but holds utf-8" in w for w in result.sidecar["warnings"])
    ascii_only = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("utf-8")
    result = clean_bytes(ascii_only, ruleset, Options(format="html"))
    assert not result.sidecar["warnings"]  # pure ASCII reads the same in both


def test_cli_html_file_stdin_and_format(page: bytes, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "kopi.html"
    path.write_bytes(page)
    meta = tmp_path / "kopi.meta.json"
    by_file = runner.invoke(cli, ["clean", str(path), "--meta", str(meta)])
    assert by_file.exit_code == 0, by_file.output
    assert "Takengon" in by_file.output and "<p>" not in by_file.output
    assert json.loads(meta.read_text())["html"]["metadata"]["sitename"] == "Kabar Lestari"
    by_stdin = runner.invoke(cli, ["clean", "-"], input=page)
    assert by_stdin.output == by_file.output
    as_text = runner.invoke(cli, ["clean", "-", "--format", "text"], input=page)
    assert "<p>" in as_text.output
    explained = runner.invoke(cli, ["explain", str(path)])
    assert "id.read-also" in explained.output
    bad = runner.invoke(cli, ["clean", "-", "--format", "pdf"], input=page)
    assert bad.exit_code == 2


def test_other_stories_listed_at_the_end_of_the_article_go(ruleset: RuleSet) -> None:
    # A site that prints its latest headlines inside the article's own container, unlabeled
    # and unlinked (a script links them), so trafilatura keeps them.
    story = "".join(
        f"<p>{s}</p>"
        for s in (
            "Palu - Warga tiga desa di lembah Palu mulai menanam kembali sawah mereka setelah "
            "saluran irigasi yang rusak akibat banjir bulan lalu selesai diperbaiki pekan ini.",
            "Kepala desa setempat mengatakan perbaikan dikerjakan secara gotong royong oleh "
            "lebih dari dua ratus warga dengan bantuan alat berat dari pemerintah kabupaten.",
        )
    )
    others = "".join(
        f"<p>{h}</p>"
        for h in (
            "Harga Gabah Kering Naik Menjelang Musim Tanam",
            "Jembatan Gantung Baru Hubungkan Dua Kecamatan",
            "Pasar Malam Kembali Ramai Setelah Dua Tahun Sepi",
        )
    )
    body = f"<article><h1>Sawah Kembali Ditanami</h1>{story}{others}</article>"
    page = f"<html><body>{body}</body></html>"
    result = clean_bytes(page.encode(), ruleset, Options(format="html"))
    assert "Warga tiga desa" in result.text and "gotong royong" in result.text
    assert "Harga Gabah" in extract_html(page.encode()).text
    assert "Harga Gabah" not in result.text and "Pasar Malam" not in result.text
