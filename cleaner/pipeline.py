"""The one place that knows the stage order: input bytes in, clean text and sidecar out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import corpus, engine, generic, html, language, sidecar
from .engine import Analysis
from .errors import CleanerError
from .rules import RuleSet
from .textio import Line, decode, split_lines


@dataclass(frozen=True, slots=True)
class Options:
    language: str | None = None  # skip detection and use this code
    source: str | None = None  # a name for the input, recorded in the sidecar
    generic: bool = True  # run the generic detectors besides the named rules
    format: str = "auto"  # "text", "html", or "auto": HTML if named *.html or it starts like a page
    # corpus.line_key hashes of lines a batch found recurring across this document's site
    template_lines: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    sidecar: dict[str, Any]
    lines: Sequence[Line] = field(repr=False)
    analysis: Analysis = field(repr=False)


def clean_bytes(data: bytes | bytearray, ruleset: RuleSet, options: Options = Options()) -> Result:
    """Clean one document.

    1. decode: UTF-8 with BOM; invalid bytes replaced and recorded
    2. split: lines on \\n, \\r\\n and \\r, terminators kept for restore
    3. detect language: pack stopwords first, seeded langdetect when unsure
    4. analyse: the rules for that language, then the generic detectors -> segments
    5. apply: drop removed lines, cut removed spans; kept lines stay verbatim
    6. verify: kept + removed accounts for every input character
    7. report: the sidecar

    HTML input is first replaced by the article trafilatura extracts (one paragraph a line);
    the stages run on that text, so restore gives back that text, and the sidecar's `html`
    field names the page (sha256), its charset and trafilatura's metadata.
    """
    data = bytes(data) if isinstance(data, bytearray) else data  # compiled modules take bytes
    page = None
    if html.is_html(data, options.format, options.source):
        page = html.extract_html(data)
        data = page.text.encode("utf-8")
    decoded = decode(data)
    lines = split_lines(decoded.text)
    found = language.detect(decoded.text, ruleset.profiles(), options.language)
    rules = ruleset.select(found.code)
    # On HTML, trafilatura has already cut the page down to the article by its markup; most
    # generic detectors, made for text dumps, would cut it again by shape (measured on
    # ../shared/devset/html: they cost ScrapingHub recall and bought no precision).
    available = generic.IDS if page is None else generic.HTML_IDS
    detectors = [d for d in available if options.generic and d not in ruleset.disabled]
    title = page.metadata.get("title") if page is not None else None
    analysis = engine.analyse(lines, rules, detectors, title)
    if options.template_lines:
        analysis = corpus.mark(lines, analysis, options.template_lines)
    output = apply(lines, analysis)
    verify(lines, analysis, output)
    doc = sidecar.Document(
        data, decoded, lines, found, analysis, output, ruleset.digest, options.source, page
    )
    return Result(output, sidecar.build(doc), lines, analysis)


def clean_text(text: str, ruleset: RuleSet, options: Options = Options()) -> Result:
    return clean_bytes(text.encode("utf-8", errors="surrogatepass"), ruleset, options)


def apply(lines: Sequence[Line], analysis: Analysis) -> str:
    """Kept lines, verbatim but for removed spans, each ended by \\n."""
    segments = analysis.segments
    dropped = {n for seg in segments if seg.span is None for n in range(seg.first, seg.last + 1)}
    spans = engine.spans_by_line(segments)
    if spans:
        kept = [
            engine.cut_spans(line.text, spans[line.number]) if line.number in spans else line.text
            for line in lines
            if line.number not in dropped
        ]
    else:  # the common case: whole lines only
        kept = [line.text for line in lines if line.number not in dropped]
    kept.append("")  # so that join ends the last kept line with \n too
    return "\n".join(kept)


def verify(lines: Sequence[Line], analysis: Analysis, output: str) -> None:
    """The safety net: every input character is either in the output or in a segment."""
    lengths = [len(line.text) for line in lines]
    removed = 0
    for seg in analysis.segments:
        if seg.span is not None:
            removed += len(lines[seg.first - 1].text[seg.span[0] : seg.span[1]])
        elif 1 <= seg.first <= seg.last <= len(lines):
            removed += sum(lengths[seg.first - 1 : seg.last])
        else:
            raise CleanerError(
                f"internal error: segment lines {seg.first}-{seg.last} lie outside the "
                f"{len(lines)} input lines; please report this input"
            )
    # cut_spans put a JOIN where a cut would have glued two words: not input characters
    joined = len(engine.joins(lines, analysis.segments)) * len(engine.JOIN)
    kept = len(output) - output.count("\n") - joined
    total = sum(lengths)
    if kept + removed != total:
        raise CleanerError(
            f"internal error: {kept} kept + {removed} removed != {total} input characters; "
            "please report this input"
        )
