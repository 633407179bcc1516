"""Corpus-level template lines: short lines that recur across many documents of one site.

A batch learns them in a first pass, as CCNet does: every document's distinct normalised
non-prose lines are hashed and counted per group (a site: the input's folder, or a JSONL
record's url host / outlet / source), exactly and in bounded memory (Counts spills to
SQLite past a cap). A line that at least MIN_DOCS documents and at least MIN_SHARE of its
group's documents hold is a menu, footer or promo line that no rule names.
The second pass hands each document its group's set (Options.template_lines) and `mark`
removes those lines with kind `nav` and rule id `corpus.template-line`. No outlet is named.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from typing import Self

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
# Counts keeps this many (group, key) counts in memory (about 100 bytes each) before it adds
# them into its database: a batch's first pass then stays well under 150 MB however many
# distinct lines its input holds.
MAX_HELD = 200_000
_HALF = 1 << 63  # keys are unsigned 64-bit; shifted by this, they fit SQLite's signed ones


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


class Counts:
    """Documents per group and, per group, how many documents hold each candidate key.

    Exact, in bounded memory when given a `cap` (batch gives MAX_HELD): the counts live in
    Counters until they hold more than `cap` keys, then are added into an SQLite table (a new file in `folder`, or a temporary
    folder) and the Counters start afresh, as external counting does; sums do not care in
    which order or in how many pieces they are added. `close` deletes the file. The
    documents per group stay in memory (one entry per group)."""

    def __init__(self, cap: int | None = None, folder: str | None = None) -> None:
        self.docs: Counter[str] = Counter()
        self.lines: dict[str, Counter[int]] = {}
        self.held = 0  # keys in self.lines
        self.cap = cap
        self.folder = folder
        self.path: str | None = None  # the database, once the counts spilled into it

    def add(self, group: str, keys: Iterable[int]) -> None:
        self.docs[group] += 1
        self._update(group, keys)

    def merge(self, other: Counts) -> None:
        """Add other's counts to these; other's database, if any, becomes or is added into
        this one's (and is deleted)."""
        self.docs.update(other.docs)
        if other.path is not None and self.path is None:
            self.path, other.path = other.path, None
        elif other.path is not None:
            with self._connect() as db:
                db.execute("ATTACH DATABASE ? AS other", (other.path,))
                db.execute(
                    "INSERT INTO counts SELECT grp, key, n FROM other.counts WHERE true"
                    " ON CONFLICT (grp, key) DO UPDATE SET n = n + excluded.n"
                )
                db.commit()
                db.execute("DETACH DATABASE other")
            other.close()
        for group, counter in other.lines.items():
            self._update(group, counter)

    def _update(self, group: str, keys: Iterable[int] | Counter[int]) -> None:
        counter = self.lines.setdefault(group, Counter())
        before = len(counter)
        counter.update(keys)
        self.held += len(counter) - before
        if self.cap is not None and self.held > self.cap:
            self.spill()

    def spill(self) -> None:
        """Add the in-memory counts into the database and empty the Counters. Rows go in
        key order, so that the B-tree's pages are written in turn, not at random."""
        rows = (
            (name, key - _HALF, counter[key])  # SQLite's integers are signed
            for name, counter in sorted((_blob(g), c) for g, c in self.lines.items())
            for key in sorted(counter)
        )
        with self._connect() as db:
            db.executemany(
                "INSERT INTO counts VALUES (?, ?, ?)"
                " ON CONFLICT (grp, key) DO UPDATE SET n = n + excluded.n",
                rows,
            )
            db.commit()
        self.lines.clear()
        self.held = 0

    def _connect(self) -> closing[sqlite3.Connection]:
        if self.path is None:
            folder = self.folder or tempfile.gettempdir()
            os.makedirs(folder, exist_ok=True)
            handle, path = tempfile.mkstemp(".sqlite", "corpus-counts-", folder)
            os.close(handle)
            self.path = os.path.abspath(path)  # the parent may run in another folder (Ray)
        db = sqlite3.connect(self.path)
        # a scratch file: a crash loses the run anyway, so no journal and no fsync
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(
            "CREATE TABLE IF NOT EXISTS counts (grp BLOB, key INTEGER, n INTEGER,"
            " PRIMARY KEY (grp, key)) WITHOUT ROWID"
        )
        return closing(db)

    def close(self) -> None:
        """Delete the database, if there is one."""
        if self.path is not None:
            os.unlink(self.path)
            self.path = None

    def templates(
        self, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE
    ) -> dict[str, frozenset[int]]:
        """Per group, the keys of its template lines (groups without any are left out)."""
        # a count reaches max(min_docs, min_share * docs) when it reaches the integer above
        needs = {g: math.ceil(max(min_docs, min_share * n)) for g, n in sorted(self.docs.items())}
        if self.path is None:
            found = {
                group: frozenset(k for k, n in self.lines.get(group, {}).items() if n >= need)
                for group, need in needs.items()
            }
        else:
            self.spill()
            with self._connect() as db:
                query = "SELECT key FROM counts WHERE grp = ? AND n >= ?"
                found = {
                    group: frozenset(k + _HALF for (k,) in db.execute(query, (_blob(group), need)))
                    for group, need in needs.items()
                }
        return {group: keys for group, keys in found.items() if keys}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _blob(group: str) -> bytes:
    """A group as SQLite stores it (a folder name may hold lone surrogates)."""
    return group.encode("utf-8", "surrogatepass")


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
