"""Properties over generated noisy documents (tests/strategies.py) and arbitrary bytes.

The oracle here is independent of the engine: it splits the input itself and rebuilds the
expected output from the sidecar's record of what was removed.
Profiles: HYPOTHESIS_PROFILE=ci (fixed, derandomized; what CI runs), dev (default), long.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Options, Result, clean_bytes, load_rules, restore
from cleaner.cli import cli
from strategies import BOM, Document, Piece, documents, noisy_bytes

RULES = load_rules()
BREAK = re.compile(r"\r\n|\r|\n")


def input_lines(data: bytes) -> list[str]:
    """The input's lines as a reader would count them: \\n, \\r\\n or \\r end a line."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the last line had a terminator; nothing follows it
    return lines


def expected_output(lines: list[str], sidecar: dict[str, Any]) -> str:
    """The input minus what the sidecar says was removed; kept lines verbatim, in order, but
    for the space that the sidecar says joins the two sides of a cut (`joined`)."""
    dropped: set[int] = set()
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for seg in sidecar["removed"]:
        if "lines" in seg:
            first, last = seg["lines"]
            dropped.update(range(first, last + 1))
        else:
            start, end = seg["span"]
            joined = seg.get("joined", "")
            assert joined in ("", " ")
            spans.setdefault(seg["line"], []).append((start, end, joined))
    out = []
    for number, text in enumerate(lines, start=1):
        if number in dropped:
            continue
        for start, end, joined in sorted(spans.get(number, []), reverse=True):
            if joined:  # only ever before a visible character
                assert text[end].isprintable() and not text[end].isspace(), (text, end)
            text = text[:start] + joined + text[end:]
        out.append(text + "\n")
    return "".join(out)


def check_invariants(data: bytes, result: Result) -> None:
    lines = input_lines(data)
    sidecar = result.sidecar
    # Valid UTF-8 out, whatever came in.
    result.text.encode("utf-8")
    # Output lines are the input lines in order, minus removed lines and spans; nothing else.
    assert result.text == expected_output(lines, sidecar)
    # Every segment's recorded text is what the input holds there; segments never overlap.
    covered: set[tuple[int, int]] = set()
    removed_chars = 0
    for seg in sidecar["removed"]:
        if "lines" in seg:
            first, last = seg["lines"]
            assert 1 <= first <= last <= len(lines)
            assert seg["text"] == "\n".join(lines[first - 1 : last])
            cells = {(n, -1) for n in range(first, last + 1)}
            removed_chars += sum(len(t) for t in lines[first - 1 : last])
        else:
            start, end = seg["span"]
            line = lines[seg["line"] - 1]
            assert 0 <= start < end <= len(line)
            assert seg["text"] == line[start:end]
            cells = {(seg["line"], i) for i in range(start, end)}
            removed_chars += end - start
        assert not cells & covered, f"overlapping segment {seg}"
        covered |= cells
    whole = {n for n, i in covered if i == -1}
    assert not any(n in whole for n, i in covered if i != -1), "a span inside a dropped line"
    # Kept + removed accounts for every input character.
    total = sum(len(t) for t in lines)
    assert sidecar["input"]["chars"] == total and sidecar["input"]["lines"] == len(lines)
    # The output also holds the spaces put where a cut would have glued two words together.
    joined_chars = sum(len(seg.get("joined", "")) for seg in sidecar["removed"])
    assert sidecar["output"]["chars"] - joined_chars + removed_chars == total
    assert len(result.text) - result.text.count("\n") == sidecar["output"]["chars"]
    # The sidecar survives JSON and gives back the input byte for byte.
    assert restore(result.text, json.loads(json.dumps(sidecar))) == data
    assert sidecar["input"]["sha256"] == hashlib.sha256(data).hexdigest()


@given(noisy_bytes())
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\r\r\n\n\r")
@example(b"\xff\xfe\x00B\x00a\x00c\x00a")
@example("Baca\u00a0Juga: Harga Naik\rBerita Terkait\r\n-\r\nJudul Lain Hari Ini".encode())
@example(b"ABaca Juga:Bek 0A")  # a glued cut: a space takes its place (found by the long profile)
def test_any_bytes_clean_without_crash_and_losslessly(data: bytes) -> None:
    check_invariants(data, clean_bytes(data, RULES))


@given(documents(RULES))
def test_noisy_documents_clean_losslessly(doc: Document) -> None:
    check_invariants(doc.data, clean_bytes(doc.data, RULES))


# Found by the long profile: a line's own U+FEFF at the very start of the document.
PARAGRAPH = "Pemerintah kota menyampaikan bahwa bantuan akan disalurkan pekan depan."
LEADING_FEFF = Document(
    (Piece("article", (BOM + PARAGRAPH).encode()),), (BOM + PARAGRAPH).encode(), "id"
)
TWO_FEFF = Document(
    (Piece("article", (BOM + PARAGRAPH).encode()),), (BOM + BOM + PARAGRAPH).encode(), "id", True
)


@given(documents(RULES))
@example(LEADING_FEFF)
@example(TWO_FEFF)
def test_injected_boilerplate_goes_and_article_stays(doc: Document) -> None:
    result = clean_bytes(doc.data, RULES, Options(language=doc.language))
    out = result.text.split("\n")
    # Article paragraphs come out whole and in order.
    at = 0
    for paragraph in doc.texts("article"):
        assert paragraph in out[at:], f"article paragraph lost: {paragraph[:80]!r}"
        at = out.index(paragraph, at) + 1
    for line in doc.texts("boilerplate"):
        assert line not in out, f"boilerplate kept: {line!r}"


@given(documents(RULES))
@example(TWO_FEFF)
def test_cleaning_is_idempotent(doc: Document) -> None:
    # The language is an input of cleaning: when the removed lines are what tipped a
    # mixed-language document's detection, its output may read as another language and get
    # that language's rules. With the language of the first run, a second run changes nothing.
    first = clean_bytes(doc.data, RULES)
    once = first.text
    again = Options(language=first.sidecar["language"]["code"])
    twice = clean_bytes(once.encode("utf-8"), RULES, again)
    # A clean text that starts with U+FEFF (a line's own, kept verbatim) is read back with
    # that character as its byte order mark: the second run keeps it in the sidecar instead.
    assert twice.text == once.removeprefix("\ufeff")
    assert twice.sidecar["restore"]["bom"] == once.startswith("\ufeff")
    assert twice.sidecar["removed"] == []


@given(documents(RULES))
def test_cleaning_is_deterministic(doc: Document) -> None:
    first = clean_bytes(doc.data, RULES)
    second = clean_bytes(doc.data, RULES)
    assert first.text == second.text
    assert first.sidecar == second.sidecar


@given(documents(RULES), st.booleans())
def test_cli_gives_what_the_api_gives(doc: Document, from_file: bool) -> None:
    runner = CliRunner()
    with runner.isolated_filesystem():
        if from_file:
            Path("doc.txt").write_bytes(doc.data)
            args, stdin, source = ["clean", "doc.txt"], None, "doc.txt"
        else:
            args, stdin, source = ["clean", "-"], doc.data, None
        run = runner.invoke(cli, [*args, "--meta", "meta.json"], input=stdin)
        assert run.exit_code == 0, run.output
        sidecar = json.loads(Path("meta.json").read_text(encoding="utf-8"))
    api = clean_bytes(doc.data, RULES, Options(source=source))
    assert run.stdout_bytes == api.text.encode("utf-8")
    assert sidecar == api.sidecar
