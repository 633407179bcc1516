"""Streams: inputs and outputs by name with transparent compression, JSONL records in and
out, atomic file output, and `clean --jsonl` record by record.

One record is in memory at a time, so a dump of any size streams in flat memory. Files are
(de)compressed by suffix (.gz, .bz2, .xz, .zst); stdin is sniffed by its magic bytes, so
`cat x.jsonl.gz | cleaner clean --jsonl -` works. Only the CLI decides which names to open.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from .errors import CleanerError, DamagedInput, InputError
from .pipeline import Options, Result, clean_bytes
from .rules import RuleSet

SUFFIXES = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
# bz2's "BZh" could start a text: its block size digit and block magic must follow.
MAGIC = (
    (re.compile(rb"\x1f\x8b"), "gzip"),
    (re.compile(rb"BZh[1-9]1AY&SY"), "bz2"),
    (re.compile(rb"\xfd7zXZ\x00"), "xz"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd"),
)
SNIFF_BYTES = 10
META_FORMATS = ("cleaner", "dolma")
DOLMA_SCORE = 1.0  # a rule either removed a span or did not


def compression_of(name: str) -> str | None:
    """The compression a file name's suffix announces, or None."""
    return SUFFIXES.get(Path(name).suffix.lower())


def plain_name(name: str) -> str:
    """The name without its compression suffix: 'page.html.gz' -> 'page.html'."""
    return name[: -len(Path(name).suffix)] if compression_of(name) else name


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in MAGIC if magic.match(head)), None)


# --- reading --------------------------------------------------------------------------------


def open_input(name: str) -> BinaryIO:
    """A binary stream of the decompressed content of a file, or of stdin for '-'."""
    if name == "-":
        raw: BinaryIO = sys.stdin.buffer
        head = _read_exactly(raw, SNIFF_BYTES)
        raw = cast(BinaryIO, io.BufferedReader(_Prefixed(head, raw)))
        kind = sniff(head)
    else:
        if Path(name).is_dir():
            raise InputError(f"{name}: is a folder; give a file, or '-' for stdin")
        raw = open(name, "rb")  # noqa: SIM115 - the caller closes the returned stream
        kind = compression_of(name)
    return _decompressed(raw, kind) if kind else raw


def _decompressed(raw: BinaryIO, kind: str) -> BinaryIO:
    if kind == "gzip":
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))
    if kind == "bz2":
        return cast(BinaryIO, bz2.BZ2File(raw, mode="rb"))
    if kind == "xz":
        return cast(BinaryIO, lzma.LZMAFile(raw, mode="rb"))
    import zstandard  # only when needed: importing it costs start-up time

    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, reader)))


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes; a pipe may hand them over in pieces."""
    head = b""
    while len(head) < size:
        chunk = stream.read(size - len(head))
        if not chunk:
            break
        head += chunk
    return head


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff them): gives them back first."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = (
            self._rest.read1(len(view))
            if hasattr(self._rest, "read1")
            else self._rest.read(len(view))
        )
        view[: len(data)] = data
        return len(data)


def read_bytes(name: str) -> bytes:
    """The whole (decompressed) content: for single documents, not for dumps."""
    with open_input(name) as stream, _corrupt(name):
        return stream.read()


def read_lines(stream: BinaryIO, name: str) -> Iterator[bytes]:
    """The stream's lines (\n-terminated); damaged compressed data is an InputError."""
    with _corrupt(name):
        yield from stream


@contextmanager
def _corrupt(name: str) -> Iterator[None]:
    """Decompressors fail with EOFError, LZMAError, zstd's own error...: one message."""
    try:
        yield
    except (EOFError, lzma.LZMAError, OSError, zlib.error) as exc:  # zlib: damaged gzip data
        raise DamagedInput(f"{_shown(name)}: cannot read: {exc}", str(exc)) from None
    except Exception as exc:
        if type(exc).__name__ != "ZstdError":
            raise
        raise DamagedInput(f"{_shown(name)}: cannot read: {exc}", str(exc)) from None


def _shown(name: str) -> str:
    return "<stdin>" if name == "-" else name


# --- writing --------------------------------------------------------------------------------


@contextmanager
def open_output(name: str) -> Iterator[BinaryIO]:
    """Write to stdout for '-', else atomically to a file, compressed by its suffix.

    The data goes to a temporary file in the same folder, renamed over the target only when
    the block ends without error: an error or Ctrl-C leaves no half-written output (and an
    existing file as it was).
    """
    if name == "-":
        out = cast(BinaryIO, sys.stdout.buffer)
        yield out
        out.flush()
        return
    path = Path(name)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            kind = compression_of(name)
            stream = _compressed(raw, kind) if kind else raw
            yield stream
            if stream is not raw:
                stream.close()  # writes the compressed stream's trailer; raw stays open
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _compressed(raw: BinaryIO, kind: str) -> BinaryIO:
    # mtime=0 and no file name in the gzip header: the same input gives the same bytes
    if kind == "gzip":
        return cast(BinaryIO, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0))
    if kind == "bz2":
        return cast(BinaryIO, bz2.BZ2File(raw, mode="wb"))
    if kind == "xz":
        return cast(BinaryIO, lzma.LZMAFile(raw, mode="wb"))
    import zstandard

    return cast(BinaryIO, zstandard.ZstdCompressor().stream_writer(raw, closefd=False))


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets the umask's (mkstemp's 0600
    would hide the output from other users)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


# --- JSONL records --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """One line of a JSONL file: its object and text, or why it cannot be cleaned."""

    line: int  # 1-based line number in the file
    raw: bytes  # the line without its terminator
    end: bytes  # the terminator (kept by `check --fix`)
    data: dict[str, Any] | None = None
    text: str | None = None
    error: str | None = None  # why the record cannot be cleaned
    fault: str | None = None  # json | object | field | type | surrogate | stream


def read_records(lines: Iterable[bytes], text_field: str = "text") -> Iterator[Record]:
    """Each non-blank line as a Record; a bad line is a Record with an error, never raised.
    So is the rest of a damaged stream (a truncated .gz, say): the records before it are
    not lost with it."""
    number = 0
    try:
        for number, line in enumerate(lines, 1):
            body = line.rstrip(b"\r\n")
            if not body.strip():
                continue
            yield _record(number, body, line[len(body) :], text_field)
    except DamagedInput as exc:
        if number == 0:
            raise  # not a line could be read: the input as a whole is unreadable
        why = f"the input cannot be read on from here: {exc.reason}"
        yield Record(number + 1, b"", b"", None, None, why, "stream")


def _record(number: int, body: bytes, end: bytes, field: str) -> Record:
    def bad(fault: str, why: str, data: dict[str, Any] | None = None) -> Record:
        return Record(number, body, end, data, None, why, fault)

    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return bad("json", f"not a JSON record: {exc}")
    if not isinstance(data, dict):
        return bad("object", f"not a JSON object but {_what(data)}")
    if field not in data:
        return bad("field", f"record has no string field {field!r}", data)
    text = data[field]
    if not isinstance(text, str):
        return bad("type", f"record field {field!r} is {_what(text)}, not a string", data)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return bad("surrogate", "text holds a lone surrogate (\\ud...)", data)
    return Record(number, body, end, data, text)


def _what(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def error_row(source: str, done: Cleaned) -> bytes:
    """A bad record for the errors file: where it was, why, and the line itself."""
    row = {
        "input": source,
        "line": done.record.line,
        "error": done.error,
        "raw": done.record.raw.decode("utf-8", errors="replace"),
    }
    return dump_record(row)


def dump_record(obj: Any) -> bytes:
    """One JSONL line: UTF-8 as it is (no \\u escapes), keys in their order."""
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8") + b"\n"


# --- cleaning records -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fields:
    """Where things are in a record, and what meta to produce."""

    text: str = "text"
    id: str = "id"
    meta_format: str = "cleaner"  # cleaner: the sidecar; dolma: Dolma's attributes row


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A record cleaned: the output record and its meta row; or the record's error."""

    record: Record
    output: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    error: str | None = None


def clean_records(
    records: Iterable[Record], ruleset: RuleSet, options: Options, fields: Fields, source: str
) -> Iterator[Cleaned]:
    """Each record with its text field replaced by the clean text, other fields as they were
    and in their order; a record that cannot be cleaned comes back with its error."""
    for record in records:
        if record.error is not None or record.data is None or record.text is None:
            yield Cleaned(record, error=record.error or "no text")
            continue
        try:
            result = clean_bytes(record.text.encode("utf-8"), ruleset, options)
        except CleanerError as exc:  # the pipeline's safety net tripped on this record
            yield Cleaned(record, error=str(exc))
            continue
        output = dict(record.data)
        output[fields.text] = result.text
        ident = record.data.get(fields.id)
        if fields.meta_format == "dolma":
            meta = dolma_row(result, record.text, ident, record.data.get("source", source), record)
        else:
            meta = {"id": ident, "line": record.line, "sidecar": result.sidecar}
        yield Cleaned(record, output, meta)


def dolma_row(
    result: Result, text: str, ident: Any, source: Any, record: Record | None = None
) -> dict[str, Any]:
    """Dolma's attribute row: `{id, source, attributes: {"cleaner__<kind>": [[start, end,
    score], ...]}}` with character offsets into the input text, so that text[start:end] is
    what was removed. A removed line's span takes its line end along, so Dolma's mixer
    removing the spans leaves no blank line behind. HTML input has no offsets into the input
    (the text cleaned is trafilatura's extract): its row has no spans."""
    if ident is None and record is not None:
        ident = str(record.line)  # Dolma needs an id; the record's line stands in for it
    attributes: dict[str, list[list[float | int]]] = {}
    if "html" not in result.sidecar:
        starts = _line_starts(result, text)
        for seg in result.analysis.segments:
            if seg.span is not None:
                start, end = (
                    starts[seg.first - 1] + seg.span[0],
                    starts[seg.first - 1] + seg.span[1],
                )
            else:
                last = result.lines[seg.last - 1]
                start = starts[seg.first - 1]
                end = starts[seg.last - 1] + len(last.text) + len(last.end)
            attributes.setdefault(f"cleaner__{seg.kind}", []).append([start, end, DOLMA_SCORE])
        for spans in attributes.values():
            spans.sort()
    return {"id": ident, "source": source, "attributes": attributes}


def _line_starts(result: Result, text: str) -> list[int]:
    """Where each line starts in the input text (after a BOM, which decoding drops)."""
    offset = 1 if text.startswith("\ufeff") else 0
    starts = []
    for line in result.lines:
        starts.append(offset)
        offset += len(line.text) + len(line.end)
    return starts


def record_options(options: Options, source: str) -> Options:
    """Options for a record: the input's name (less a compression suffix) as the source, so
    a record is never taken for HTML by the dump's name, only by what its text looks like."""
    return replace(options, source=plain_name(source) if source != "-" else None)
