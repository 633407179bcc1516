#!/usr/bin/env python3
"""Output snapshot: prove a speed change changed nothing else.

usage: bench/snapshot.py write FILE [--html] [--devset DIR]
       bench/snapshot.py compare FILE [--html] [--devset DIR]

Cleans every document of the devset (text dumps and full pages under ../shared/devset, and the
HTML pages with --html) plus the generated corpus of bench/throughput.py, and writes one JSON
line per document (clean text and sidecar), or compares a run against such a file and prints
the documents whose text or sidecar differ (key order included). The devset is
../shared/devset beside the project unless --devset names it (a git worktree lies elsewhere). Keep FILE outside the project: it holds
third-party text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from cleaner import Options, clean_bytes, load_rules  # noqa: E402 (after the path)
from throughput import generated  # noqa: E402

DEVSET = HERE.parent.parent / "shared" / "devset"


def documents(with_html: bool, devset: Path) -> Iterator[tuple[str, bytes]]:
    folders = ["text/raw", "fullpage/raw"] + (["html/raw"] if with_html else [])
    if not devset.is_dir():
        sys.exit(f"no devset at {devset}: name it with --devset")
    for folder in folders:
        root = devset / folder
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            yield str(path.relative_to(devset)), path.read_bytes()
    for n, (_, data) in enumerate(generated(400, seed=7)):
        yield f"generated/{n}", data


def records(with_html: bool, devset: Path) -> Iterator[dict]:
    ruleset = load_rules()
    for name, data in documents(with_html, devset):
        result = clean_bytes(data, ruleset, Options(source=name))
        yield {"name": name, "text": result.text, "sidecar": result.sidecar}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "compare"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--html", action="store_true", help="include the HTML pages (slower)")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    args = parser.parse_args()
    if args.action == "write":
        with args.file.open("w", encoding="utf-8") as out:
            for n, record in enumerate(records(args.html, args.devset), 1):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"wrote {n} documents to {args.file}")
        return 0
    expected = {}
    with args.file.open(encoding="utf-8") as saved:
        for line in saved:
            record = json.loads(line)
            expected[record["name"]] = record
    differ = 0
    for n, record in enumerate(records(args.html, args.devset), 1):
        old = expected.get(record["name"])
        if old is None:
            print(f"new: {record['name']}")
            continue
        for part in ("text", "sidecar"):
            if json.dumps(old[part]) != json.dumps(record[part]):
                differ += 1
                print(f"differs ({part}): {record['name']}")
                break
    print(f"{n} documents compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
