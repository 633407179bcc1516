"""Accepted findings: a baseline lets a check start on an existing dataset and fail only on
boilerplate added later.

A finding's fingerprint is a hash of its rule id, its record id (JSONL) and its text, folded
(case, accents, spacing), so it survives lines moving up or down. Each (file, fingerprint) is
stored with how often it occurs: one more copy of an accepted line is a new finding.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from .errors import CleanerError
from .textio import fold

VERSION = 1


class Fingerprinted(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def excerpt(self) -> str: ...


F = TypeVar("F", bound=Fingerprinted)


def fingerprint(rule: str, text: str, record: str | None = None) -> str:
    key = "\0".join((rule, record or "", fold(text)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Baseline:
    folder: Path  # file paths in the baseline are relative to it
    accepted: Counter[tuple[str, str]]  # (file, fingerprint) -> how many are accepted

    def split(self, findings: Sequence[F]) -> tuple[list[F], list[F]]:
        """(new, accepted): the first n findings of an accepted fingerprint in a file are
        accepted, later ones are new."""
        left = Counter(self.accepted)
        new, accepted = [], []
        for finding in findings:
            key = (_relative(finding.path, self.folder), finding.fingerprint)
            if left[key] > 0:
                left[key] -= 1
                accepted.append(finding)
            else:
                new.append(finding)
        return new, accepted


def load(path: Path) -> Baseline:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CleanerError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CleanerError(f"{path}: not a cleaner baseline (not JSON: {exc})") from None
    entries = raw.get("findings") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or raw.get("version") != VERSION:
        raise CleanerError(f"{path}: not a cleaner baseline (version {VERSION} expected)")
    accepted: Counter[tuple[str, str]] = Counter()
    for n, entry in enumerate(entries, 1):
        try:
            accepted[(str(entry["path"]), str(entry["fingerprint"]))] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise CleanerError(f"{path}: finding #{n} needs a path and a fingerprint") from None
    return Baseline(path.resolve().parent, accepted)


def dump(path: Path, findings: Sequence[Fingerprinted]) -> bytes:
    """The baseline that accepts exactly these findings, sorted so that diffs stay small."""
    folder = path.resolve().parent
    counts: Counter[tuple[str, str, str]] = Counter()
    excerpts: dict[tuple[str, str, str], str] = {}
    for finding in findings:
        key = (_relative(finding.path, folder), finding.rule, finding.fingerprint)
        counts[key] += 1
        excerpts.setdefault(key, finding.excerpt)
    entries = [
        {
            "path": p,
            "rule": r,
            "fingerprint": f,
            "count": counts[(p, r, f)],
            "excerpt": excerpts[(p, r, f)],
        }
        for p, r, f in sorted(counts)
    ]
    doc = {"version": VERSION, "tool": "cleaner", "findings": entries}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _relative(path: str, folder: Path) -> str:
    full = Path(path).resolve()
    try:
        return full.relative_to(folder).as_posix()
    except ValueError:
        return full.as_posix()
