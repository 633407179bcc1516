"""Output formats for `cleaner check`: human, json, github (workflow commands) and SARIF 2.1.0.

Each format turns a Report into what goes to stdout and what goes to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from . import __version__
from .check import SEVERITY, Finding, Problem, Report

NAMES = ("auto", "human", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


@dataclass(frozen=True, slots=True)
class Output:
    stdout: str
    stderr: str = ""


def resolve(name: str, environ: Mapping[str, str]) -> str:
    """'auto' is GitHub annotations under GitHub Actions, else the human format."""
    if name != "auto":
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "human"


def render(name: str, report: Report) -> Output:
    renderers: dict[str, Callable[[Report], Output]] = {
        "human": human, "json": as_json, "github": github, "sarif": sarif,
    }  # fmt: skip
    return renderers[name](report)


def _lines(rows: list[str]) -> str:
    return "".join(row + "\n" for row in rows)


def _unfixed(report: Report) -> list[Finding]:
    """Findings still in the files: all of them, less those in files --fix rewrote."""
    fixed = {path for path, _ in report.fixed}
    return [f for f in report.findings if f.path not in fixed]


def human(report: Report) -> Output:
    rows = [describe(f) for f in _unfixed(report)]
    rows += [f"{path}: fixed, {count} removed" for path, count in report.fixed]
    errors = [f"{_where(p)}: error: {p.message}" for p in report.problems]
    return Output(_lines(rows), _lines(errors + _summary(report)))


def baseline_written(report: Report, path: PurePath) -> str:
    """What --write-baseline says on stderr: problems, then how much it accepted."""
    errors = [f"{_where(p)}: error: {p.message}" for p in report.problems]
    found = len(report.findings)
    return _lines([*errors, f"{path}: {found} finding{'s' * (found != 1)} accepted"])


def describe(finding: Finding) -> str:
    """`path:line:col: kind rule "excerpt"`; in JSONL `path:line: [record id=..] kind ...`."""
    if finding.record is not None:
        where = f"{finding.path}:{finding.line}: [record {finding.record}]"
    else:
        where = f"{finding.path}:{finding.line}:{finding.column}:"
    more = f" (+{finding.extra_lines} lines)" if finding.extra_lines else ""
    quoted = json.dumps(finding.excerpt, ensure_ascii=False)
    return f"{where} {finding.kind} {finding.rule} {quoted}{more}"


def _where(problem: Problem) -> str:
    return problem.path if problem.line is None else f"{problem.path}:{problem.line}"


def _summary(report: Report) -> list[str]:
    found = len(report.findings)
    if not (found or report.accepted or report.fixed):
        return []
    files = len({f.path for f in report.findings})
    text = f"{found} finding{'s' * (found != 1)} in {files} file{'s' * (files != 1)}"
    if report.fixed:
        removed = sum(count for _, count in report.fixed)
        text = f"removed {removed} finding{'s' * (removed != 1)} from {len(report.fixed)} "
        text += f"file{'s' * (len(report.fixed) != 1)}"
        if found > removed:
            text += f"; {found - removed} left"
    if report.accepted:
        text += f"; {report.accepted} more accepted by the baseline"
    return [text]


def as_json(report: Report) -> Output:
    doc = {
        "version": 1,
        "findings": [asdict(f) for f in report.findings],
        "problems": [asdict(p) for p in report.problems],
        "fixed": [{"path": path, "removed": count} for path, count in report.fixed],
        "summary": {
            "files": report.files,
            "findings": len(report.findings),
            "accepted": report.accepted,
            "fixed": len(report.fixed),
            "problems": len(report.problems),
            "exit_code": report.exit_code,
        },
    }
    return Output(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def github(report: Report) -> Output:
    """Workflow commands: GitHub shows each as an annotation on the file and line."""
    rows = []
    for f in _unfixed(report):
        props = {"file": f.path, "line": f.line, "endLine": f.end_line, "title": f.rule}
        if f.column is not None:
            props["col"] = f.column
        record = f"[record {f.record}] " if f.record is not None else ""
        more = f" (+{f.extra_lines} lines)" if f.extra_lines else ""
        message = f"{record}{f.kind}: {json.dumps(f.excerpt, ensure_ascii=False)}{more}"
        rows.append(_command(GITHUB_LEVEL[f.severity], props, message))
    for p in report.problems:
        props = {"file": p.path} if p.line is None else {"file": p.path, "line": p.line}
        rows.append(_command("error", props, p.message))
    for path, count in report.fixed:
        rows.append(_command("notice", {"file": path}, f"fixed, {count} removed"))
    return Output(_lines(rows), _lines(_summary(report)))


def _command(level: str, props: Mapping[str, object], message: str) -> str:
    args = ",".join(f"{k}={_escape(str(v), True)}" for k, v in props.items())
    return f"::{level} {args}::{_escape(message, False)}"


def _escape(text: str, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def sarif(report: Report) -> Output:
    """SARIF 2.1.0, one run; columns count Unicode code points; paths are relative URIs
    (to the folder the check ran in) or file: URIs."""
    used = sorted({f.rule for f in report.findings})
    index = {rule: n for n, rule in enumerate(used)}
    rules = [_sarif_rule(rule, report.rules.get(rule)) for rule in used]
    results = [_sarif_result(f, index[f.rule]) for f in report.findings]
    notes = [
        {"level": "error", "message": {"text": f"{_where(p)}: {p.message}"}}
        for p in report.problems
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cleaner",
                "version": __version__,
                "informationUri": "https://pypi.org/project/cleaner/",
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {"executionSuccessful": not report.problems, "toolExecutionNotifications": notes}
        ],
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return Output(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def _sarif_rule(rule: str, known: tuple[str, str] | None) -> dict[str, Any]:
    kind, description = known or ("other", rule)
    return {
        "id": rule,
        "name": rule.replace(".", "-"),
        "shortDescription": {"text": description},
        "defaultConfiguration": {"level": SEVERITY.get(kind, "warning")},
        "properties": {"kind": kind},
    }


def _sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": f.line, "endLine": f.end_line}
    if f.column is not None:
        region["startColumn"] = f.column
    record = f"[record {f.record}] " if f.record is not None else ""
    more = f" (+{f.extra_lines} lines)" if f.extra_lines else ""
    text = f"{record}{f.kind} boilerplate: {json.dumps(f.excerpt, ensure_ascii=False)}{more}"
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": f.severity,
        "message": {"text": text},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact(f.path), "region": region}}
        ],
        "partialFingerprints": {"cleanerFingerprint/v1": f.fingerprint},
    }


def _artifact(path: str) -> dict[str, str]:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix())}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}
