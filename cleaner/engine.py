"""Matching: one pass over a document's lines, rules in, removed segments out. No I/O."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import generic, shape
from .prefilter import cue_text
from .rules import Rule, Selection
from .textio import Line, View, view_of

JOIN = " "  # what takes the place of spans cut from between two words


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
    """Rules split by how they match, in the selection's order."""

    lines: tuple[Rule, ...]
    blocks: tuple[Rule, ...]
    spans: tuple[tuple[Rule, frozenset[str] | None], ...]  # with the heads matches start at
    extracts: tuple[Rule, ...]


@functools.lru_cache(maxsize=4096)
def _split(selection: Selection, mask: int) -> _Rules:
    """The selection's rules in a mask (bit n: the n-th rule, one a line may match), split;
    lines mostly share a few masks, so each is split once."""
    chosen = []
    while mask:  # the set bits, lowest first: the rules in their order
        low = mask & -mask
        chosen.append(low.bit_length() - 1)
        mask ^= low
    rules = [selection.rules[n] for n in chosen]
    remove = [r for r in rules if r.action == "remove"]
    return _Rules(
        tuple(r for r in remove if r.match == "line"),
        tuple(r for r in remove if r.match == "block"),
        tuple(
            (selection.rules[n], selection.heads[n])
            for n in chosen
            if selection.rules[n].action == "remove" and selection.rules[n].match == "span"
        ),
        tuple(r for r in rules if r.action == "extract"),
    )


def analyse(
    lines: Sequence[Line],
    rules: Selection | Sequence[Rule],
    detectors: Sequence[str] = generic.IDS,
    title: str | None = None,
) -> Analysis:
    """Find every removed segment: named rules in one forward pass, then generic detectors
    (`title`: the page's own headline, when the input names one). A line is tried only
    against the rules whose cue it holds (prefilter.py): the answer is the same, sooner."""
    selection = rules if isinstance(rules, Selection) else Selection.of(rules)
    views = [view_of(line.text) for line in lines]
    texts = [view.text for view in views]
    maybe = [_split(selection, mask) for mask in selection.cues.candidates(texts)]
    segments: list[Segment] = []
    i = 0
    while i < len(lines):
        text = texts[i]
        if not text.strip():
            i += 1
            continue
        heading = _first(maybe[i].blocks, text)
        if heading:
            last = _block_end(lines, views, maybe, i, heading[0])
            segments.append(_segment(heading, lines[i].number, lines[last].number))
            i = last + 1
            continue
        whole = _first(maybe[i].lines, text)
        if whole:
            segments.append(_segment(whole, lines[i].number, lines[i].number))
        elif maybe[i].spans:
            segments.extend(_spans(lines[i], views[i], maybe[i].spans))
        i += 1
    found = generic.detect(lines, views, segments, detectors, title)
    dropped = {n for s in found for n in range(s.first, s.last + 1)}
    # A line a detector drops whole takes its removed spans with it (no double count).
    segments = [s for s in segments if s.span is None or s.first not in dropped] + found
    extracts = _extracts(lines, texts, maybe, segments)
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


def _block_end(
    lines: Sequence[Line], views: Sequence[View], maybe: Sequence[_Rules], start: int, rule: Rule
) -> int:
    """A heading's block runs over separators, bullets and headlines; it ends at prose,
    at the next heading, or after max_lines lines (the look-ahead bound). A line the block
    would take is judged again without the spans glued into it: a short paragraph with a
    byline glued on is prose, though as a whole it reads as a headline."""
    last = start
    limit = min(len(lines), start + 1 + rule.max_lines)
    for j in range(start + 1, limit):
        text = views[j].text
        if not text.strip():
            continue
        if _first(maybe[j].blocks, text) or not _in_block(text):
            break
        if maybe[j].spans and shape.may_end_a_block(text):
            rest = _without_spans(lines[j], views[j], maybe[j].spans)
            if rest and not _in_block(rest):
                break
        last = j
    return last


def _in_block(text: str) -> bool:
    """A line a block runs over: a separator, bullet or headline, not prose."""
    if shape.is_prose(text) or shape.is_list_intro(text):
        return False
    return shape.is_separator(text) or shape.is_headline(text)


def _spans(
    line: Line, view: View, rules: Sequence[tuple[Rule, frozenset[str] | None]]
) -> list[Segment]:
    """Spans glued inside a line; non-overlapping, leftmost first, then longest, then rule order."""
    found: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    folded = cue_text(view.text) if any(h for _, h in rules) else ""
    for order, (rule, heads) in enumerate(rules):
        if heads:
            hits: Iterable[re.Match[str]] = _at_heads(rule.pattern, view.text, folded, heads)
        else:
            hits = rule.pattern.finditer(view.text)
        for hit in hits:
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


def _at_heads(
    pattern: re.Pattern[str], text: str, folded: str, heads: frozenset[str]
) -> list[re.Match[str]]:
    """pattern.finditer(text) for a pattern whose every match starts at one of `heads`
    (or at white space just before it): only those places are tried, in order."""
    places = sorted({i for head in heads for i in _occurrences(folded, head)})
    hits: list[re.Match[str]] = []
    reach = 0
    for place in places:
        if place < reach:
            continue
        start = place
        while start > reach and text[start - 1].isspace():
            start -= 1
        for at in range(start, place + 1):
            hit = pattern.match(text, at)
            if hit:
                hits.append(hit)
                reach = hit.end()
                break
    return hits


def _occurrences(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _without_spans(
    line: Line, view: View, rules: Sequence[tuple[Rule, frozenset[str] | None]]
) -> str:
    """The line's text as the reader sees it once its glued spans are cut ("" when spans
    would take it all)."""
    cut = _spans(line, view, rules)
    if not cut:
        return view.text
    if cut[0].span is None:
        return ""  # the spans would take the whole line
    return _rest(line.text, cut)


def _rest(text: str, spans: Sequence[Segment]) -> str:
    return view_of(cut_spans(text, spans)).text


def cut_spans(text: str, spans: Sequence[Segment]) -> str:
    """The line without its removed spans (non-overlapping). Where a cut would glue two words
    together ("2024).[-Baca juga: X-]Utje"), a space takes the spans' place ("2024). Utje"):
    the scraper glued what the page kept apart. The sidecar records it (`joined`)."""
    ordered = sorted(spans, key=_order)
    pieces, at = [], 0
    for seg, joined in zip(ordered, _joined(text, ordered)):
        assert seg.span is not None
        pieces.append(text[at : seg.span[0]])
        if joined:
            pieces.append(JOIN)
        at = seg.span[1]
    pieces.append(text[at:])
    return "".join(pieces)


def spans_by_line(segments: Iterable[Segment]) -> dict[int, list[Segment]]:
    """The segments that cut spans, by the line they cut."""
    by_line: dict[int, list[Segment]] = {}
    for seg in segments:
        if seg.span is not None:
            by_line.setdefault(seg.first, []).append(seg)
    return by_line


def joins(lines: Sequence[Line], segments: Sequence[Segment]) -> frozenset[tuple[int, int]]:
    """(line, span start) of the spans whose place cut_spans fills with JOIN."""
    found = set()
    for number, spans in spans_by_line(segments).items():
        ordered = sorted(spans, key=_order)
        for seg, joined in zip(ordered, _joined(lines[number - 1].text, ordered)):
            if joined and seg.span is not None:
                found.add((number, seg.span[0]))
    return frozenset(found)


def _joined(text: str, ordered: Sequence[Segment]) -> list[bool]:
    """Per span (in order): does JOIN go in its place? Yes for the last span of a run of
    adjacent ones when the run has a visible character on both sides (not a space, not a
    format character such as a zero-width joiner)."""
    spans = [seg.span or (0, 0) for seg in ordered]
    flags = []
    run_start = 0
    for n, (start, end) in enumerate(spans):
        if n == 0 or spans[n - 1][1] != start:
            run_start = start  # a new run: the previous span ends before this one starts
        last = n + 1 == len(spans) or spans[n + 1][0] != end
        flags.append(
            last and 0 < run_start and end < len(text)
            and _visible(text[run_start - 1]) and _visible(text[end])
        )  # fmt: skip
    return flags


def _visible(char: str) -> bool:
    return char.isprintable() and not char.isspace()


def _extracts(
    lines: Sequence[Line], texts: Sequence[str], maybe: Sequence[_Rules], segments: Sequence[Segment]
) -> tuple[Extract, ...]:
    """Metadata rules read kept lines only; each rule reports its first hit."""
    removed = {n for s in segments if s.span is None for n in range(s.first, s.last + 1)}
    found: dict[str, Extract] = {}
    for line, text, rules in zip(lines, texts, maybe):
        if not rules.extracts or line.number in removed:
            continue
        for rule in rules.extracts:
            hit = None if rule.id in found else rule.pattern.search(text)
            if hit:
                found[rule.id] = Extract(rule.id, line.number, _fields(hit))
    return tuple(sorted(found.values(), key=lambda e: (e.line, e.rule)))


def _order(seg: Segment) -> tuple[int, int, int]:
    return seg.first, seg.span[0] if seg.span else -1, seg.last
