"""Corpus-level template lines: short lines that recur across many documents of one site.

A batch learns them in a first pass, as CCNet does: every document's distinct normalised
non-prose lines are hashed and counted per group (a site: the input's folder, or a JSONL
record's url host / outlet / source). A line that at least MIN_DOCS documents and at least
MIN_SHARE of its group's documents hold is a menu, footer or promo line that no rule names.
The second pass hands each document its group's set (Options.template_lines) and `mark`
removes those lines with kind `nav` and rule id `corpus.template-line`. No outlet is named.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import shape
from .engine import Analysis, Segment
from .textio import Line, fold, view_of

RULE_ID = "corpus.template-line"
KIND = "nav"
# Measured on ../shared/devset (fullpage per set, text per outlet): a line must recur in
# this many documents of its group, and in this share of them, to be a template line.
MIN_DOCS = 5
MIN_SHARE = 0.10
# Longer lines are story text even when they recur (a standing paragraph, a quote).
MAX_WORDS = 25
_WORDY = re.compile(r"\w")


def line_key(text: str) -> int | None:
    """The hashed folded form of a line that could be a template line, or None."""
    view = view_of(text).text
    if not _WORDY.search(view) or shape.is_prose(view) or shape.words(view) > MAX_WORDS:
        return None
    digest = hashlib.blake2b(fold(view).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


def document_keys(lines: Iterable[str]) -> set[int]:
    """The distinct candidate keys of one document."""
    keys = {line_key(text) for text in lines}
    keys.discard(None)
    return keys  # type: ignore[return-value]


@dataclass(slots=True)
class Counts:
    """Documents per group and, per group, how many documents hold each candidate key."""

    docs: Counter[str] = field(default_factory=Counter)
    lines: dict[str, Counter[int]] = field(default_factory=dict)

    def add(self, group: str, keys: Iterable[int]) -> None:
        self.docs[group] += 1
        self.lines.setdefault(group, Counter()).update(keys)

    def merge(self, other: Counts) -> None:
        self.docs.update(other.docs)
        for group, counter in other.lines.items():
            self.lines.setdefault(group, Counter()).update(counter)

    def templates(
        self, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE
    ) -> dict[str, frozenset[int]]:
        """Per group, the keys of its template lines (groups without any are left out)."""
        out: dict[str, frozenset[int]] = {}
        for group in sorted(self.lines):
            need = max(min_docs, min_share * self.docs[group])
            keys = frozenset(k for k, n in self.lines[group].items() if n >= need)
            if keys:
                out[group] = keys
        return out


def digest(templates: Mapping[str, frozenset[int]]) -> str:
    """A short fingerprint of the template sets (resume redoes files when they change)."""
    h = hashlib.sha256()
    for group in sorted(templates):
        h.update(group.encode("utf-8", "surrogatepass") + b"\0")
        h.update(b"".join(k.to_bytes(8, "big") for k in sorted(templates[group])))
    return h.hexdigest()[:16]


def mark(lines: Sequence[Line], analysis: Analysis, keys: frozenset[int]) -> Analysis:
    """The analysis plus a segment for every kept line whose key is in `keys`; a line
    removed whole takes its removed spans with it."""
    whole = {n for s in analysis.segments if s.span is None for n in range(s.first, s.last + 1)}
    found = [
        Segment(KIND, RULE_ID, line.number, line.number)
        for line in lines
        if line.number not in whole and line_key(line.text) in keys
    ]
    if not found:
        return analysis
    dropped = {s.first for s in found}
    kept = [s for s in analysis.segments if s.span is None or s.first not in dropped]
    segments = sorted(kept + found, key=lambda s: (s.first, s.span[0] if s.span else -1, s.last))
    return Analysis(tuple(segments), analysis.extracts)
