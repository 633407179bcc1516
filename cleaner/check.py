"""`cleaner check`: what `clean` would remove, reported as findings (and removed with --fix).

Text files are checked as one document each; JSONL files record by record (the record's text
field is the document; findings carry the file's line number and the record's id). --fix
rewrites a file atomically with exactly the reported findings removed and every other byte
(line ends, BOM, other JSON fields, untouched records) as it was.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import baseline as baselines
from . import config, generic
from .config import LEVELS, Settings
from .engine import Segment, cut_spans, spans_by_line
from .errors import CleanerError
from .pipeline import Options, Result, clean_bytes
from .rules import RuleSet
from .sidecar import segment_text
from .streams import read_records
from .textio import BOM, decode, view_of

# How bad each kind of boilerplate is for a text dataset. Lists of other stories and ads are
# text no article has; menus, share prompts, tags and footers are noise; credits and dates
# are metadata some datasets keep on purpose. Config `severity` overrides per kind or rule.
SEVERITY = {
    "read_also": "error", "related": "error", "popular": "error", "picks": "error",
    "latest": "error", "ad": "error",
    "nav": "warning", "share": "warning", "tags": "warning", "pagination": "warning",
    "comment": "warning", "copyright": "warning", "other": "warning",
    "credit": "note", "date": "note",
}  # fmt: skip
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
EXCERPT_CHARS = 60


@dataclass(frozen=True, slots=True)
class Finding:
    path: str  # as given on the command line (or found under a folder given)
    line: int  # 1-based line of the file; in JSONL, the record's line
    column: int | None  # 1-based; 1 for whole lines; None inside JSONL records
    end_line: int  # last line of a block (== line otherwise; the record's line in JSONL)
    kind: str
    rule: str
    severity: str
    excerpt: str  # the removed text's first line, shortened
    extra_lines: int  # lines a block covers after its heading
    fingerprint: str  # stable across line shifts (see baseline.py)
    record: str | None = None  # JSONL: "id=<id>", or the record's number when it has no id
    record_line: int | None = None  # JSONL: the line inside the record's text


@dataclass(frozen=True, slots=True)
class Problem:
    """A file or record that could not be checked or fixed; it was left as it was."""

    path: str
    line: int | None
    message: str


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fixed: list[tuple[str, int]] = field(default_factory=list)  # (path, findings removed)
    accepted: int = 0  # findings the baseline accepts
    files: int = 0
    rules: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id -> (kind, description)

    @property
    def exit_code(self) -> int:
        """2 if anything could not be checked, else 1 if findings (or fixes), else 0."""
        if self.problems:
            return 2
        return 1 if self.findings or self.fixed else 0


@dataclass(frozen=True, slots=True)
class _Hit:
    finding: Finding
    segment: Segment
    record: int  # index of the JSONL record (0 for text files)


@dataclass(frozen=True, slots=True)
class _Record:
    line: int  # the file's line number
    end: bytes  # the line's terminator, kept when the record is rewritten
    data: dict[str, Any]
    label: str | None


class Checker:
    """Checks files with one configuration; stateless between files, as pre-commit expects."""

    def __init__(self, settings: Settings, baseline: baselines.Baseline | None = None) -> None:
        self.settings = settings
        self.ruleset: RuleSet = config.ruleset(settings)
        self.options: Options = config.options(settings)
        self.baseline = baseline
        self.floor = LEVELS.index(settings.min_severity)

    def run(self, paths: Sequence[Path], fix: bool = False) -> Report:
        report = Report(rules=self.catalog())
        for item in self.expand(paths):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            path, name = item
            report.files += 1
            self.check_file(path, name, fix, report)
        return report

    def catalog(self) -> dict[str, tuple[str, str]]:
        rules = {r.id: (r.kind, r.description) for r in self.ruleset.rules}
        rules.update((d.id, (d.kind, d.description)) for d in generic.DETECTORS)
        return rules

    def expand(self, paths: Sequence[Path]) -> Iterator[tuple[Path, str] | Problem]:
        """Files named, and the .txt/.jsonl files under folders named, minus excluded ones;
        each file once."""
        seen: set[Path] = set()
        for given in paths:
            if not given.exists():
                yield Problem(str(given), None, "no such file or folder")
                continue
            for found in self._files(given):
                full = found.resolve()
                if full not in seen and not self.excluded(full):
                    seen.add(full)
                    yield found, str(found)

    @staticmethod
    def _files(given: Path) -> Iterator[Path]:
        if not given.is_dir():
            yield given
            return
        for found in sorted(given.rglob("*")):
            hidden = any(part.startswith(".") for part in found.relative_to(given).parts)
            wanted = found.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES
            if wanted and not hidden and found.is_file():
                yield found

    def excluded(self, full: Path) -> bool:
        try:
            where = full.relative_to(self.settings.root).as_posix()
        except ValueError:
            where = full.as_posix()
        return any(fnmatch.fnmatchcase(where, glob) for glob in self.settings.exclude)

    def check_file(self, path: Path, name: str, fix: bool, report: Report) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.problems.append(Problem(name, None, f"cannot read: {exc.strerror or exc}"))
            return
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                records, results, problems = self.jsonl(data, name)
                report.problems.extend(problems)
            else:
                records, results = [], [self.clean(data)]
        except CleanerError as exc:  # the pipeline's own safety net tripped: skip this file
            report.problems.append(Problem(name, None, str(exc)))
            return
        hits = [h for n, result in enumerate(results) for h in self.hits(result, name, records, n)]
        hits = [h for h in hits if LEVELS.index(h.finding.severity) >= self.floor]
        if self.baseline is not None:
            new, accepted = self.baseline.split([h.finding for h in hits])
            report.accepted += len(accepted)
            keep = {id(f) for f in new}
            hits = [h for h in hits if id(h.finding) in keep]
        report.findings.extend(h.finding for h in hits)
        if fix and hits:
            self.fix(path, name, data, records, results, hits, report)

    def hits(
        self, result: Result, name: str, records: Sequence[_Record], index: int
    ) -> Iterator[_Hit]:
        record = records[index] if records else None
        for seg in result.analysis.segments:
            text = segment_text(seg, result.lines)
            head = text if seg.span else result.lines[seg.first - 1].text
            default = SEVERITY.get(seg.kind, "warning")
            label = record.label if record else None
            finding = Finding(
                path=name,
                line=record.line if record else seg.first,
                column=None if record else (seg.span[0] + 1 if seg.span else 1),
                end_line=record.line if record else seg.last,
                kind=seg.kind,
                rule=seg.rule,
                severity=config.severity_of(self.settings, seg.kind, seg.rule, default),
                excerpt=excerpt(head),
                extra_lines=seg.last - seg.first,
                fingerprint=baselines.fingerprint(seg.rule, text, label),
                record=(label or str(index + 1)) if record else None,
                record_line=seg.first if record else None,
            )
            yield _Hit(finding, seg, index)

    def jsonl(self, data: bytes, name: str) -> tuple[list[_Record], list[Result], list[Problem]]:
        """Each non-blank line a JSON object whose text field is cleaned as one document."""
        records: list[_Record] = []
        results: list[Result] = []
        problems: list[Problem] = []
        field_name, id_name = self.settings.text_field, self.settings.id_field
        for rec in read_records(data.splitlines(keepends=True), field_name):
            if rec.error is not None or rec.data is None or rec.text is None:
                why = rec.error or "no text"
                if rec.fault == "object":  # check's wording for JSON that is not an object
                    why = f"record has no string field {field_name!r}"
                problems.append(Problem(name, rec.line, why))
                continue
            ident = rec.data.get(id_name)
            label = f"{id_name}={ident}" if isinstance(ident, (str, int)) else None
            records.append(_Record(rec.line, rec.end, rec.data, label))
            results.append(self.clean(rec.text.encode("utf-8")))
        return records, results, problems

    def clean(self, data: bytes) -> Result:
        options = self.options
        if len(self.settings.languages) > 1:
            text = decode(data).text
            options = config.options_for(self.settings, self.ruleset, text)
        return clean_bytes(data, self.ruleset, options)

    def fix(
        self,
        path: Path,
        name: str,
        data: bytes,
        records: Sequence[_Record],
        results: Sequence[Result],
        hits: Sequence[_Hit],
        report: Report,
    ) -> None:
        chosen: dict[int, list[Segment]] = {}
        for hit in hits:
            chosen.setdefault(hit.record, []).append(hit.segment)
        if records:
            fixed = _fixed_jsonl(data, records, results, chosen, self.settings.text_field)
        else:
            if _invalid_utf8(data):
                report.problems.append(Problem(name, None, "not valid UTF-8; not rewritten"))
                return
            fixed = rewrite(results[0], chosen[0], bom=data.startswith(BOM.encode()))
        if fixed == data:
            return
        try:
            write_atomically(path, fixed)
        except OSError as exc:
            report.problems.append(Problem(name, None, f"cannot write: {exc.strerror or exc}"))
            return
        report.fixed.append((name, len(hits)))


def rewrite(result: Result, segments: Sequence[Segment], bom: bool = False) -> bytes:
    """The document without these segments; every other character and line end as it was
    (but for the space cut_spans leaves where a cut would glue two words together)."""
    dropped = {n for s in segments if s.span is None for n in range(s.first, s.last + 1)}
    spans = spans_by_line(segments)
    pieces = [BOM] if bom else []
    for line in result.lines:
        if line.number in dropped:
            continue
        text = cut_spans(line.text, spans[line.number]) if line.number in spans else line.text
        pieces.append(text + line.end)
    return "".join(pieces).encode("utf-8")


def _fixed_jsonl(
    data: bytes,
    records: Sequence[_Record],
    results: Sequence[Result],
    chosen: Mapping[int, Sequence[Segment]],
    text_field: str,
) -> bytes:
    """Records with findings re-serialised with their text fixed; all other lines verbatim."""
    replaced: dict[int, bytes] = {}
    for index, segments in chosen.items():
        record = records[index]
        obj = dict(record.data)
        obj[text_field] = rewrite(results[index], segments).decode("utf-8")
        replaced[record.line] = json.dumps(obj, ensure_ascii=False).encode("utf-8") + record.end
    lines = data.splitlines(keepends=True)
    return b"".join(replaced.get(n, raw) for n, raw in enumerate(lines, 1))


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file's content at once, keeping its permissions; a symlink's target is
    rewritten, not the link."""
    target = path.resolve()
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "permission denied", str(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def excerpt(text: str) -> str:
    """The first words of a removed text, on one line."""
    flat = " ".join(view_of(text).text.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    cut = flat[:EXCERPT_CHARS].rsplit(" ", 1)[0] or flat[:EXCERPT_CHARS]
    return cut.rstrip(",;:") + " ..."


def _invalid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def check(
    paths: Sequence[Path],
    settings: Settings,
    fix: bool = False,
    baseline_path: Path | None = None,
    use_baseline: bool = True,
) -> Report:
    """Check (or fix) these files and folders; findings the baseline (the one named, else the
    config's) accepts are left out unless use_baseline is False."""
    use = (baseline_path or settings.baseline) if use_baseline else None
    if use and not use.exists():
        raise CleanerError(f"{use}: no such baseline; write one with --write-baseline")
    accepted = baselines.load(use) if use else None
    return Checker(settings, accepted).run(paths, fix)
