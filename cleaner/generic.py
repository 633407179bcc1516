"""Generic detectors: boilerplate no pack names, found by shape and position alone.

They run after the named rules, on the lines those rules kept, so a second run over the
output sees the same tail and head and changes nothing (idempotence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import shape
from .textio import Line, View

if TYPE_CHECKING:
    from .engine import Segment

# A trailing run must hold this many headlines of this many words to count as a list of
# other stories; fewer is too easily the story's own closing lines.
TRAILING_MIN_HEADLINES = 3
TRAILING_MIN_WORDS = 4
# A leading menu: this many very short lines before the first paragraph.
MENU_MIN_LINES = 4
MENU_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    kind: str
    description: str


DETECTORS = (
    Detector(
        "generic.trailing-headlines",
        "related",
        "A run of three or more headline-shaped lines after the last paragraph (an unknown "
        "site's related, popular or latest list); kept when a line ending in ':' announces it.",
    ),
    Detector(
        "generic.leading-menu",
        "nav",
        "Four or more one-to-three-word lines before the first paragraph (a site menu).",
    ),
)
IDS = tuple(d.id for d in DETECTORS)


def detect(
    lines: Sequence[Line], views: Sequence[View], segments: Sequence[Segment], enabled: Sequence[str]
) -> list[Segment]:
    from .engine import Segment

    taken = {n for s in segments for n in range(s.first, s.last + 1)}
    kept = [
        i for i, line in enumerate(lines) if line.number not in taken and views[i].text.strip()
    ]
    runs = []
    if IDS[0] in enabled:
        runs.append((DETECTORS[0], _trailing_run(views, kept)))
    if IDS[1] in enabled:
        runs.append((DETECTORS[1], _leading_menu(views, kept)))
    out: list[Segment] = []
    for detector, run in runs:
        for first, last in _ranges(run, taken, lines):
            out.append(Segment(detector.kind, detector.id, first, last))
    return out


def _ranges(run: Sequence[int], taken: set[int], lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Line-number ranges covering the run without crossing lines another segment holds."""
    ranges: list[tuple[int, int]] = []
    for i in sorted(run):
        number = lines[i].number
        if ranges and not any(n in taken for n in range(ranges[-1][1] + 1, number)):
            ranges[-1] = (ranges[-1][0], number)
        else:
            ranges.append((number, number))
    return ranges


def _trailing_run(views: Sequence[View], kept: Sequence[int]) -> list[int]:
    """Kept line indexes that form a headline list at the end, or []."""
    run: list[int] = []
    for i in reversed(kept):
        text = views[i].text
        if shape.is_separator(text) or shape.is_headline(text):
            run.append(i)
            continue
        if shape.is_list_intro(text) or not shape.is_prose(text):
            return []  # the list is announced by the story, or the tail is not a clean run
        break
    else:
        return []  # no paragraph before the run: not an article we can tell apart
    headlines = [
        i for i in run
        if shape.words(views[i].text) >= TRAILING_MIN_WORDS and not shape.is_numbered(views[i].text)
    ]  # fmt: skip
    if len(headlines) < TRAILING_MIN_HEADLINES:
        return []
    return sorted(run)


def _leading_menu(views: Sequence[View], kept: Sequence[int]) -> list[int]:
    run: list[int] = []
    for i in kept:
        text = views[i].text
        if shape.words(text) <= MENU_MAX_WORDS and not shape.ends_sentence(text):
            run.append(i)
            continue
        break
    return run if len(run) >= MENU_MIN_LINES else []
