#!/usr/bin/env python3
"""Peak memory of `cleaner batch` learning corpus template lines from a large JSONL dump.

usage: bench/corpus_memory.py [--size MB ...] [--hosts N] [-j N] [--lang CODE] [--tmp DIR]

For each size (default 30 and 150 MB) a JSONL dump is written to a temporary folder: short
invented records, each from one of --hosts url hosts, holding two lines its host repeats in
every record (a menu and a footer: template lines), five short lines no other record has
(the candidates that make the first pass's counts grow) and one story sentence. Then
`python -m cleaner batch IN -o OUT -j N --lang id` runs on it in a subprocess (from this
checkout; --lang skips language detection, which would take most of the time and none of
the memory: pass --lang '' to detect);
its peak resident set size comes from os.wait4 (the kernel's ru_maxrss for that child
alone). Target (issue 4): flat in the input size and under 150 MB. The run must also leave
no count database behind in OUT/.cleaner. Temporary files are deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import verdict  # noqa: E402 (after the path): the same target and verdict

ROOT = Path(__file__).resolve().parent.parent
# Invented words: the lines only need to be short, non-prose and distinct.
WORDS = ("kanal", "ragam", "warta", "pilihan", "sorot", "rubrik", "info", "kabar", "galeri",
         "topik", "jelajah", "arsip", "indeks", "terkini", "populer", "video", "foto", "opini")  # fmt: skip


def record(n: int, hosts: int, rng: random.Random) -> dict[str, str]:
    host = n % hosts
    unique = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}-{i}" for i in range(5)]
    lines = [
        f"Menu Situs {host} Beranda Daerah Nasional",
        *unique,
        f"Warga kampung {host} membangun balai baru bersama pada akhir pekan yang cerah itu.",
        f"Hak cipta situs {host} dilindungi",
    ]
    return {"id": f"doc-{n}", "url": f"https://www.situs{host}.example/berita/{n}",
            "text": "\n".join(lines) + "\n"}  # fmt: skip


def write_dump(path: Path, size_mb: float, hosts: int) -> int:
    """Write records until the file holds size_mb MB; the number of records."""
    rng = random.Random(7)
    limit = int(size_mb * 1e6)
    written = count = 0
    with path.open("wb") as out:
        while written < limit:
            line = json.dumps(record(count, hosts, rng), ensure_ascii=False).encode() + b"\n"
            out.write(line)
            written += len(line)
            count += 1
    return count


def run_batch(source: Path, out: Path, jobs: int, lang: str) -> tuple[float, float, float, int]:
    """Peak RSS (MB), wall and CPU seconds (user + system), exit status of one batch run."""
    command = [sys.executable, "-m", "cleaner", "batch", str(source), "-o", str(out),
               "-j", str(jobs)] + (["--lang", lang] if lang else [])  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return usage.ru_maxrss / 1024, time.perf_counter() - started, cpu, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, nargs="+", default=[30, 150], help="MB [30 150]")
    parser.add_argument("--hosts", type=int, default=2000, help="url hosts (groups) [2000]")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="batch workers [1]")
    parser.add_argument("--lang", default="id", help="passed to batch ('' detects) [id]")
    parser.add_argument("--tmp", type=Path, default=None, help="where the temporary files go")
    args = parser.parse_args()
    peaks = []
    for size in args.size:
        with tempfile.TemporaryDirectory(dir=args.tmp, prefix="cleaner-corpus-") as tmp:
            source = Path(tmp) / "dump.jsonl"
            records = write_dump(source, size, args.hosts)
            real = source.stat().st_size / 1e6
            out = Path(tmp) / "out"
            peak, seconds, cpu, status = run_batch(source, out, args.jobs, args.lang)
            left = [p.name for p in (out / ".cleaner").glob("*") if p.name != "done"]
            print(
                f"{real:6.0f} MB, {records} records, {args.hosts} hosts, -j {args.jobs}: "
                f"peak RSS {peak:6.1f} MB, {seconds:.0f} s wall, {cpu:.0f} s CPU, "
                f"exit {status}, left in .cleaner: {left or 'nothing'}",
                flush=True,
            )
            peaks.append(peak)
    print(verdict(peaks))


if __name__ == "__main__":
    main()
