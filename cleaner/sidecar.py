"""The sidecar: a versioned JSON record of what was removed, why, and how to undo it."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__
from .engine import JOIN, Analysis, Segment, joins
from .language import Language
from .textio import Decoded, Line

if TYPE_CHECKING:
    from .html import Extracted

SCHEMA = "https://cleaner.example/schema/sidecar-1.json"
SCHEMA_VERSION = 1
# The JSON Schema (draft 2020-12) of what build() returns; shipped in the wheel.
SCHEMA_PATH = Path(__file__).with_name("sidecar.schema.json")
CREDIT_FIELDS = ("author", "editor", "reporter", "source", "credit")


class Document(NamedTuple):  # a NamedTuple, like textio.Line: one per document, made fast
    """What the pipeline knows about one document when it writes the sidecar."""

    data: bytes
    decoded: Decoded
    lines: Sequence[Line]  # decoded.text split by textio.split_lines
    language: Language
    analysis: Analysis
    output: str
    rules_digest: str
    source: str | None = None
    html: Extracted | None = None  # the page, when the input was HTML


def build(doc: Document) -> dict[str, Any]:
    text = doc.decoded.text
    breaks, newline, exceptions = _line_ends(text, doc.lines)
    out_bytes = doc.output.encode("utf-8")
    out_lines = doc.output.count("\n")
    outlet, dateline = _dateline(doc.analysis)
    removed, counts = _segments(doc.analysis.segments, doc.lines)
    sidecar: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cleaner", "version": __version__, "rules": doc.rules_digest},
        "source": doc.source,
        "input": {
            "sha256": hashlib.sha256(doc.data).hexdigest(),
            "bytes": len(doc.data),
            "lines": len(doc.lines),
            "chars": len(text) - breaks,
        },
        "output": {
            "sha256": hashlib.sha256(out_bytes).hexdigest(),
            "bytes": len(out_bytes),
            "lines": out_lines,
            "chars": len(doc.output) - out_lines,
        },
        "language": {
            "code": doc.language.code,
            "confidence": doc.language.confidence,
            "method": doc.language.method,
        },
        "outlet": outlet,
        "dateline": dateline,
        "removed": removed,
        "counts": counts,
        "metadata": _metadata(doc.analysis),
        "warnings": _warnings(doc),
        "restore": {
            "bom": doc.decoded.bom,
            "newline": newline,
            "newline_exceptions": exceptions,
            "original_base64": (
                base64.b64encode(doc.data).decode("ascii") if doc.decoded.replaced else None
            ),
        },
    }
    if doc.html:  # only for HTML input: "input" above is then the extracted text restore gives back
        sidecar["html"] = doc.html.record()
    return sidecar


def segment_text(seg: Segment, lines: Sequence[Line]) -> str:
    """The text a segment removed: its span, or its lines joined by \\n."""
    if seg.span is not None:
        return lines[seg.first - 1].text[seg.span[0] : seg.span[1]]
    return "\n".join([line.text for line in lines[seg.first - 1 : seg.last]])


def _segments(
    segments: Sequence[Segment], lines: Sequence[Line]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The `removed` entries and the `counts`, in one pass that builds each segment's text
    (what segment_text gives) once."""
    removed: list[dict[str, Any]] = []
    entry: dict[str, Any]
    joined = joins(lines, segments)
    by_kind: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    chars: dict[str, int] = {}
    lines_removed = spans_removed = 0
    for seg in segments:
        kind, first, last, span = seg.kind, seg.first, seg.last, seg.span
        if span is None:
            if first == last:  # the common case: one line, nothing to join
                text = lines[first - 1].text
                size = len(text)
            else:
                text = "\n".join([line.text for line in lines[first - 1 : last]])
                size = len(text) - text.count("\n")  # the joins are not input characters
            entry = {"kind": kind, "rule": seg.rule, "lines": [first, last], "text": text}
            lines_removed += last - first + 1
        else:
            text = lines[first - 1].text[span[0] : span[1]]
            size = len(text)
            entry = {"kind": kind, "rule": seg.rule, "line": first, "span": list(span)}
            entry["text"] = text
            if (first, span[0]) in joined:
                entry["joined"] = JOIN  # in the clean line, in the span's place
            spans_removed += 1
        if seg.fields:
            entry["fields"] = dict(seg.fields)
        removed.append(entry)
        by_kind[kind] = by_kind.get(kind, 0) + 1
        by_rule[seg.rule] = by_rule.get(seg.rule, 0) + 1
        chars[kind] = chars.get(kind, 0) + size
    counts: dict[str, Any] = {
        "segments_by_kind": _by_key(by_kind),
        "segments_by_rule": _by_key(by_rule),
        "chars_by_kind": _by_key(chars),
        "lines_removed": lines_removed,
        "spans_removed": spans_removed,
    }
    return removed, counts


def _by_key(counts: dict[str, int]) -> dict[str, int]:
    """The counts in key order (most documents have one or two keys: nothing to sort)."""
    return counts if len(counts) < 2 else dict(sorted(counts.items()))


def _metadata(analysis: Analysis) -> dict[str, Any]:
    read_also, credits, dates = [], [], []
    for seg in analysis.segments:
        if not seg.fields:  # most segments carry none
            continue
        fields = dict(seg.fields)
        if seg.kind == "read_also" and "headline" in fields:
            read_also.append({"headline": fields["headline"], "line": seg.first})
        credits += [
            {"role": k, "name": fields[k], "line": seg.first} for k in CREDIT_FIELDS if k in fields
        ]
        if "date" in fields:
            dates.append({"date": fields["date"], "line": seg.first})
    return {"read_also": read_also, "credits": credits, "dates": dates}


def _dateline(analysis: Analysis) -> tuple[str | None, dict[str, Any] | None]:
    """The outlet named where the story starts ("Suara.com - ..."), else in a credit; and
    the dateline that named it."""
    for found in analysis.extracts:
        fields = dict(found.fields)
        if "outlet" in fields:
            return fields["outlet"], {"line": found.line, "rule": found.rule, **fields}
    for seg in analysis.segments:
        if seg.fields:  # most segments carry none
            fields = dict(seg.fields)
            if "outlet" in fields:
                return fields["outlet"], None
    return None, None


def _warnings(doc: Document) -> list[str]:
    warnings = list(doc.html.warnings) if doc.html else []
    if doc.decoded.replaced:
        warnings.append(
            f"invalid UTF-8: {doc.decoded.replaced} byte sequence(s) replaced by U+FFFD; "
            "the original bytes are kept under restore.original_base64"
        )
    if doc.decoded.bom:
        warnings.append("a byte order mark was removed from the start of the input")
    if not doc.data:
        warnings.append("empty input")
    if "\x00" in doc.decoded.text:
        warnings.append("the input holds NUL characters")
    return warnings


def _line_ends(text: str, lines: Sequence[Line]) -> tuple[int, str, list[list[Any]]]:
    """The characters the line terminators take, the usual terminator, and [number, end] of
    the lines ended otherwise: restore needs these besides the clean text and the segments.
    `lines` is `text` split by textio.split_lines."""
    if "\r" not in text:
        # The common case, without a loop over the lines: every line ends with \n but
        # perhaps the last, which then has no terminator.
        if lines and not lines[-1].end:
            return len(lines) - 1, "\n", [[lines[-1].number, ""]]
        return len(lines), "\n", []
    ends = Counter(line.end for line in lines if line.end)
    newline = ends.most_common(1)[0][0] if ends else "\n"
    exceptions = [[line.number, line.end] for line in lines if line.end != newline]
    return sum(len(line.end) for line in lines), newline, exceptions
