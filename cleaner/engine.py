"""Matching: one pass over a document's lines, rules in, removed segments out. No I/O."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import generic, shape
from .rules import Rule
from .textio import Line, View, view_of


@dataclass(frozen=True, slots=True)
class Segment:
    """A removed piece: whole lines first..last, or a span [start, end) inside line `first`."""

    kind: str
    rule: str
    first: int
    last: int
    span: tuple[int, int] | None = None
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Extract:
    """Metadata a rule read off a kept line (a dateline's outlet, say)."""

    rule: str
    line: int
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    segments: tuple[Segment, ...]
    extracts: tuple[Extract, ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    """The selected rules, split by how they match."""

    lines: tuple[Rule, ...]
    blocks: tuple[Rule, ...]
    spans: tuple[Rule, ...]
    extracts: tuple[Rule, ...]

    @classmethod
    def of(cls, rules: Sequence[Rule]) -> _Rules:
        remove = [r for r in rules if r.action == "remove"]
        return cls(
            tuple(r for r in remove if r.match == "line"),
            tuple(r for r in remove if r.match == "block"),
            tuple(r for r in remove if r.match == "span"),
            tuple(r for r in rules if r.action == "extract"),
        )


def analyse(
    lines: Sequence[Line],
    rules: Sequence[Rule],
    detectors: Sequence[str] = generic.IDS,
    title: str | None = None,
) -> Analysis:
    """Find every removed segment: named rules in one forward pass, then generic detectors
    (`title`: the page's own headline, when the input names one)."""
    views = [view_of(line.text) for line in lines]
    selected = _Rules.of(rules)
    segments: list[Segment] = []
    i = 0
    while i < len(lines):
        text = views[i].text
        if not text.strip():
            i += 1
            continue
        heading = _first(selected.blocks, text)
        if heading:
            last = _block_end(views, i, heading[0], selected.blocks)
            segments.append(_segment(heading, lines[i].number, lines[last].number))
            i = last + 1
            continue
        whole = _first(selected.lines, text)
        if whole:
            segments.append(_segment(whole, lines[i].number, lines[i].number))
        else:
            segments.extend(_spans(lines[i], views[i], selected.spans))
        i += 1
    found = generic.detect(lines, views, segments, detectors, title)
    dropped = {n for s in found for n in range(s.first, s.last + 1)}
    # A line a detector drops whole takes its removed spans with it (no double count).
    segments = [s for s in segments if s.span is None or s.first not in dropped] + found
    extracts = _extracts(lines, views, segments, selected.extracts)
    return Analysis(tuple(sorted(segments, key=_order)), extracts)


def _first(rules: Sequence[Rule], text: str) -> tuple[Rule, re.Match[str]] | None:
    for rule in rules:
        found = rule.pattern.search(text)
        if found:
            return rule, found
    return None


def _segment(hit: tuple[Rule, re.Match[str]], first: int, last: int) -> Segment:
    rule, found = hit
    return Segment(rule.kind, rule.id, first, last, None, _fields(found))


def _fields(found: re.Match[str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v.strip()) for k, v in sorted(found.groupdict().items()) if v and v.strip())


def _block_end(views: Sequence[View], start: int, rule: Rule, blocks: Sequence[Rule]) -> int:
    """A heading's block runs over separators, bullets and headlines; it ends at prose,
    at the next heading, or after max_lines lines (the look-ahead bound)."""
    last = start
    limit = min(len(views), start + 1 + rule.max_lines)
    for j in range(start + 1, limit):
        text = views[j].text
        if not text.strip():
            continue
        if _first(blocks, text) or shape.is_prose(text) or shape.is_list_intro(text):
            break
        if not (shape.is_separator(text) or shape.is_headline(text)):
            break
        last = j
    return last


def _spans(line: Line, view: View, rules: Sequence[Rule]) -> list[Segment]:
    """Spans glued inside a line; non-overlapping, leftmost first, then longest, then rule order."""
    found: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    for order, rule in enumerate(rules):
        for hit in rule.pattern.finditer(view.text):
            if hit.end() > hit.start():
                found.append((hit.start(), -hit.end(), order, rule, hit))
    found.sort(key=lambda f: f[:3])
    chosen: list[Segment] = []
    reach = 0
    for start, neg_end, _, rule, hit in found:
        if start < reach:
            continue
        reach = -neg_end
        span = view.to_line(start, reach)
        chosen.append(Segment(rule.kind, rule.id, line.number, line.number, span, _fields(hit)))
    if chosen and not _rest(line.text, chosen).strip():
        # Nothing of the line would be left: it is a boilerplate line, not a glued span.
        first = chosen[0]
        return [Segment(first.kind, first.rule, line.number, line.number, None, first.fields)]
    return chosen


def _rest(text: str, spans: Sequence[Segment]) -> str:
    return view_of(cut_spans(text, spans)).text


def cut_spans(text: str, spans: Sequence[Segment]) -> str:
    """The line without its removed spans (spans sorted and non-overlapping)."""
    pieces, at = [], 0
    for seg in sorted(spans, key=_order):
        assert seg.span is not None
        pieces.append(text[at : seg.span[0]])
        at = seg.span[1]
    pieces.append(text[at:])
    return "".join(pieces)


def _extracts(
    lines: Sequence[Line], views: Sequence[View], segments: Sequence[Segment], rules: Sequence[Rule]
) -> tuple[Extract, ...]:
    """Metadata rules read kept lines only; each rule reports its first hit."""
    if not rules:
        return ()
    removed = {n for s in segments if s.span is None for n in range(s.first, s.last + 1)}
    out: list[Extract] = []
    for rule in rules:
        for line, view in zip(lines, views):
            if line.number in removed:
                continue
            hit = rule.pattern.search(view.text)
            if hit:
                out.append(Extract(rule.id, line.number, _fields(hit)))
                break
    return tuple(sorted(out, key=lambda e: (e.line, e.rule)))


def _order(seg: Segment) -> tuple[int, int, int]:
    return seg.first, seg.span[0] if seg.span else -1, seg.last
