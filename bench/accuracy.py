#!/usr/bin/env python3
"""Clean a labeled folder and score it next to the identity baseline, in one command.

usage: bench/accuracy.py DATA [--scorer PATH] [--by lang|outlet] [--list] [--worst N] [--keep DIR]

DATA holds raw/<id>.txt and labels/ or gold/ (../shared/devset/text or .../fullpage). The scorer
is ../shared/eval/score.py beside the project unless --scorer names another; both runs (the raw
input as output, and cleaner's output) go through it, so the figures are comparable.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cleaner import Options, clean_bytes, load_rules  # noqa: E402

DEFAULT_SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"
FIGURES = ("docs", "token_precision", "token_recall", "token_f1", "exact", "leak", "loss")


def clean_folder(raw: Path, out: Path, identity: bool) -> float:
    ruleset = load_rules()
    started = time.perf_counter()
    for path in sorted(raw.rglob("*.txt")):
        target = out / path.relative_to(raw)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if identity:
            target.write_bytes(data)
        else:
            target.write_text(clean_bytes(data, ruleset, Options()).text, encoding="utf-8")
    return time.perf_counter() - started


def score(scorer: Path, data: Path, pred: Path, by: str | None, listing: bool) -> dict:
    cmd = [sys.executable, str(scorer), "--data", str(data), "--pred", str(pred)]
    if by:
        cmd += ["--by", by]
    with tempfile.NamedTemporaryFile(suffix=".json") as fh:
        cmd += ["--json", fh.name]
        if listing:
            cmd.append("--list")
        run = subprocess.run(cmd, capture_output=True, text=True, check=True)
        if listing:
            print(run.stdout.split("\n{")[0])
        return json.loads(Path(fh.name).read_text())


def table(rows: list[tuple[str, dict]]) -> str:
    head = f"{'run':<28}" + "".join(f"{f:>16}" for f in FIGURES)
    lines = [head, "-" * len(head)]
    for name, figures in rows:
        lines.append(f"{name:<28}" + "".join(f"{figures.get(f, ''):>16}" for f in FIGURES))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--by", choices=["lang", "outlet"], default="lang")
    ap.add_argument("--list", action="store_true", help="print the failing documents")
    ap.add_argument("--worst", type=int, default=10, help="list the N worst documents by F1")
    ap.add_argument("--keep", type=Path, help="write cleaner's outputs here instead of a temp dir")
    a = ap.parse_args()
    if not a.scorer.exists():
        sys.exit(f"scorer not found: {a.scorer} (give --scorer)")
    with tempfile.TemporaryDirectory() as tmp:
        ident, ours = Path(tmp) / "identity", a.keep or Path(tmp) / "cleaner"
        clean_folder(a.data / "raw", ident, identity=True)
        seconds = clean_folder(a.data / "raw", ours, identity=False)
        base = score(a.scorer, a.data, ident, a.by, False)
        got = score(a.scorer, a.data, ours, a.by, a.list)
    summary_base, summary = base["summary"], got["summary"]
    rows = [("identity (raw input)", summary_base["all"]), ("cleaner", summary["all"])]
    for group, figures in summary.get("groups", {}).items():
        rows.append((f"  identity {group}", summary_base["groups"][group]))
        rows.append((f"  cleaner  {group}", figures))
    print(table(rows))
    print(f"\nleaked kinds: {summary.get('leaked_kinds')}")
    print(f"cleaner time: {seconds:.2f}s for {summary['all']['docs']} documents")
    worst = sorted(got["docs"], key=lambda d: _doc_f1(d))[: a.worst]
    print(f"\nworst {len(worst)} documents by token F1:")
    for doc in worst:
        print(f"  {_doc_f1(doc):.3f}  leaks={len(doc['leaks'])} losses={len(doc['losses'])}  {doc['id']}")


def _doc_f1(doc: dict) -> float:
    p = doc["overlap"] / doc["pred_tokens"] if doc["pred_tokens"] else 1.0
    r = doc["overlap"] / doc["gold_tokens"] if doc["gold_tokens"] else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    main()
