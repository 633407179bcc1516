#!/usr/bin/env python3
"""Peak memory of `cleaner clean --jsonl` while it streams a large JSONL dump.

usage: bench/memory.py [--size MB ...] [--keep-output] [--tmp DIR]

For each size (default 200 and 2000 MB) a JSONL file of that size is written to a temporary
folder (streamed: generated documents from bench/throughput.py, cycled with fresh ids), then
`python -m cleaner clean --jsonl IN -o OUT --meta META` runs on it in a subprocess. The peak
resident set size of that process comes from os.wait4 (the kernel's ru_maxrss for that child
alone); /proc/<pid>/status is also polled to show RSS early and late in the run, which should
be the same: memory is flat in the input size. Target (issue 4): under 150 MB.
Temporary files are deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import generated  # noqa: E402 (after the path)

TARGET_MB = 150.0


def write_dump(path: Path, size_mb: float) -> int:
    """Write records until the file holds size_mb MB; the number of records."""
    pool = generated(2000, seed=11)
    limit = int(size_mb * 1e6)
    written = count = 0
    with path.open("wb") as out:
        while written < limit:
            lang, data = pool[count % len(pool)]
            record = {
                "id": f"doc-{count}",
                "url": f"https://news.example/{lang}/{count}",
                "text": data.decode("utf-8"),
                "lang_hint": lang,
            }
            line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
            out.write(line)
            written += len(line)
            count += 1
    return count


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def run_clean(source: Path, folder: Path) -> tuple[float, list[int], float, int]:
    """Peak RSS (MB), RSS samples (kB), wall seconds, exit status of one clean --jsonl run."""
    command = [
        sys.executable, "-m", "cleaner", "clean", "--jsonl", str(source),
        "-o", str(folder / "out.jsonl"), "--meta", str(folder / "meta.jsonl"),
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    samples: list[int] = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = rss_kb(proc.pid)
        if rss:
            samples.append(rss)
        time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, samples, time.perf_counter() - started, proc.returncode


def verdict(peaks: list[float]) -> str:
    """The largest peak against the target, and the spread between sizes (flat or not)."""
    met = "met" if max(peaks) < TARGET_MB else "MISSED"
    return (f"largest peak {max(peaks):.1f} MB (target < {TARGET_MB:g} MB) {met}; "
            f"spread between sizes {max(peaks) - min(peaks):.1f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, nargs="+", default=[200, 2000], help="MB [200 2000]")
    parser.add_argument("--tmp", type=Path, default=None, help="where the temporary files go")
    args = parser.parse_args()
    peaks = []
    for size in args.size:
        with tempfile.TemporaryDirectory(dir=args.tmp, prefix="cleaner-memory-") as tmp:
            folder = Path(tmp)
            source = folder / "dump.jsonl"
            records = write_dump(source, size)
            real = source.stat().st_size / 1e6
            peak, samples, seconds, status = run_clean(source, folder)
            early = samples[len(samples) // 4] / 1024 if samples else float("nan")
            late = samples[-1] / 1024 if samples else float("nan")
            print(
                f"{real:8.0f} MB, {records} records: peak RSS {peak:6.1f} MB "
                f"(RSS at 1/4 {early:.1f} MB, at the end {late:.1f} MB), "
                f"{seconds:.0f} s, {real / seconds:.2f} MB/s, exit {status}",
                flush=True,
            )
            peaks.append(peak)
    print(verdict(peaks))


if __name__ == "__main__":
    main()
