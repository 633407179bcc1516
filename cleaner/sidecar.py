"""The sidecar: a versioned JSON record of what was removed, why, and how to undo it."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .engine import Analysis, Segment
from .language import Language
from .textio import Decoded, Line

if TYPE_CHECKING:
    from .html import Extracted

SCHEMA = "https://cleaner.example/schema/sidecar-1.json"
SCHEMA_VERSION = 1
# The JSON Schema (draft 2020-12) of what build() returns; shipped in the wheel.
SCHEMA_PATH = Path(__file__).with_name("sidecar.schema.json")
CREDIT_FIELDS = ("author", "editor", "reporter", "source", "credit")


@dataclass(frozen=True, slots=True)
class Document:
    """What the pipeline knows about one document when it writes the sidecar."""

    data: bytes
    decoded: Decoded
    lines: Sequence[Line]
    language: Language
    analysis: Analysis
    output: str
    rules_digest: str
    source: str | None = None
    html: Extracted | None = None  # the page, when the input was HTML


def build(doc: Document) -> dict[str, Any]:
    segments = doc.analysis.segments
    out_bytes = doc.output.encode("utf-8")
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cleaner", "version": __version__, "rules": doc.rules_digest},
        "source": doc.source,
        "input": {
            "sha256": hashlib.sha256(doc.data).hexdigest(),
            "bytes": len(doc.data),
            "lines": len(doc.lines),
            "chars": sum(len(line.text) for line in doc.lines),
        },
        "output": {
            "sha256": hashlib.sha256(out_bytes).hexdigest(),
            "bytes": len(out_bytes),
            "lines": doc.output.count("\n"),
            "chars": len(doc.output) - doc.output.count("\n"),
        },
        "language": {
            "code": doc.language.code,
            "confidence": doc.language.confidence,
            "method": doc.language.method,
        },
        **_dateline(doc.analysis),
        "removed": [_removed(seg, doc.lines) for seg in segments],
        "counts": _counts(segments, doc.lines),
        "metadata": _metadata(doc.analysis),
        "warnings": _warnings(doc),
        "restore": _restore(doc),
        # only for HTML input: "input" above is then the extracted text restore gives back
        **({"html": doc.html.record()} if doc.html else {}),
    }


def segment_text(seg: Segment, lines: Sequence[Line]) -> str:
    if seg.span is not None:
        return lines[seg.first - 1].text[seg.span[0] : seg.span[1]]
    return "\n".join(line.text for line in lines[seg.first - 1 : seg.last])


def _removed(seg: Segment, lines: Sequence[Line]) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": seg.kind, "rule": seg.rule}
    if seg.span is None:
        entry["lines"] = [seg.first, seg.last]
    else:
        entry["line"] = seg.first
        entry["span"] = list(seg.span)
    entry["text"] = segment_text(seg, lines)
    if seg.fields:
        entry["fields"] = dict(seg.fields)
    return entry


def _counts(segments: Sequence[Segment], lines: Sequence[Line]) -> dict[str, Any]:
    by_kind: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for seg in segments:
        by_kind[seg.kind] += 1
        by_rule[seg.rule] += 1
        text = segment_text(seg, lines)
        chars[seg.kind] += len(text) - (text.count("\n") if seg.span is None else 0)
    return {
        "segments_by_kind": dict(sorted(by_kind.items())),
        "segments_by_rule": dict(sorted(by_rule.items())),
        "chars_by_kind": dict(sorted(chars.items())),
        "lines_removed": sum(s.last - s.first + 1 for s in segments if s.span is None),
        "spans_removed": sum(1 for s in segments if s.span is not None),
    }


def _metadata(analysis: Analysis) -> dict[str, Any]:
    read_also, credits, dates = [], [], []
    for seg in analysis.segments:
        fields = dict(seg.fields)
        if seg.kind == "read_also" and "headline" in fields:
            read_also.append({"headline": fields["headline"], "line": seg.first})
        credits += [
            {"role": k, "name": fields[k], "line": seg.first} for k in CREDIT_FIELDS if k in fields
        ]
        if "date" in fields:
            dates.append({"date": fields["date"], "line": seg.first})
    return {"read_also": read_also, "credits": credits, "dates": dates}


def _dateline(analysis: Analysis) -> dict[str, Any]:
    """The outlet named where the story starts ("Suara.com - ..."), else in a credit."""
    for found in analysis.extracts:
        fields = dict(found.fields)
        if "outlet" in fields:
            return {
                "outlet": fields["outlet"],
                "dateline": {"line": found.line, "rule": found.rule, **fields},
            }
    for seg in analysis.segments:
        fields = dict(seg.fields)
        if "outlet" in fields:
            return {"outlet": fields["outlet"], "dateline": None}
    return {"outlet": None, "dateline": None}


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
    if any("\x00" in line.text for line in doc.lines):
        warnings.append("the input holds NUL characters")
    return warnings


def _restore(doc: Document) -> dict[str, Any]:
    """Line terminators and the bytes decoding could not keep: all restore needs besides
    the clean text and the removed segments."""
    ends = Counter(line.end for line in doc.lines if line.end)
    newline = ends.most_common(1)[0][0] if ends else "\n"
    exceptions = [[line.number, line.end] for line in doc.lines if line.end != newline]
    return {
        "bom": doc.decoded.bom,
        "newline": newline,
        "newline_exceptions": exceptions,
        "original_base64": (
            base64.b64encode(doc.data).decode("ascii") if doc.decoded.replaced else None
        ),
    }
