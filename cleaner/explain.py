"""`cleaner explain`: every input line with its verdict, kind and rule, spans marked in place."""

from __future__ import annotations

from collections.abc import Iterator

from .engine import Segment
from .pipeline import Result

CUT_OPEN, CUT_CLOSE = "[-", "-]"  # marks a removed span inside a kept line, as wdiff does


def explain(result: Result) -> Iterator[str]:
    """One row a line: number, verdict (keep/drop/edit), kind, rule id, then the text."""
    language = result.sidecar["language"]
    yield (
        f"# language {language['code']} ({language['method']}, {language['confidence']}), "
        f"outlet {result.sidecar['outlet'] or '-'}, "
        f"{len(result.analysis.segments)} segment(s) removed"
    )
    whole: dict[int, Segment] = {}
    spans: dict[int, list[Segment]] = {}
    for seg in result.analysis.segments:
        if seg.span is None:
            whole.update((n, seg) for n in range(seg.first, seg.last + 1))
        else:
            spans.setdefault(seg.first, []).append(seg)
    width = len(str(len(result.lines)))
    for line in result.lines:
        number = f"{line.number:>{width}}"
        if line.number in whole:
            seg = whole[line.number]
            yield f"{number} drop {seg.kind:<10} {seg.rule:<28} {line.text}"
        elif line.number in spans:
            cuts = spans[line.number]
            kinds = ",".join(dict.fromkeys(s.kind for s in cuts))
            rules = ",".join(dict.fromkeys(s.rule for s in cuts))
            yield f"{number} edit {kinds:<10} {rules:<28} {_mark(line.text, cuts)}"
        else:
            yield f"{number} keep {'':<10} {'':<28} {line.text}"


def _mark(text: str, cuts: list[Segment]) -> str:
    pieces, at = [], 0
    for seg in sorted(cuts, key=lambda s: s.span or (0, 0)):
        assert seg.span is not None
        start, end = seg.span
        pieces += [text[at:start], CUT_OPEN, text[start:end], CUT_CLOSE]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
