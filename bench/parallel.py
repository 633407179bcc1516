#!/usr/bin/env python3
"""CPU cost of parallelism: total CPU seconds of `cleaner batch` at -j 1 and at -j 2.

usage: bench/parallel.py [--files 300] [--jsonl-mb 20] [--rounds 2] [--keep DIR]

Generates a corpus (invented sentences and boilerplate; nothing from the devset): --files
text documents in site folders, and four JSONL files of --jsonl-mb MB in all. Then runs
`cleaner batch` on it with -j 1 and -j 2, alternating, --rounds times, and reads the CPU
seconds (user + sys) of the run and all its workers from getrusage(RUSAGE_CHILDREN). These
machines give about one real core, so CPU seconds are compared, not wall time.
Target: -j 2 within 10% of -j 1.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["Pemerintah daerah", "Warga kampung", "Tim peneliti", "Dinas pendidikan",
            "Para petani", "Komunitas nelayan", "Pengurus koperasi", "Panitia festival"]  # fmt: skip
VERBS = ["meresmikan", "membahas", "menolak", "mendukung", "menyiapkan", "meninjau"]
OBJECTS = ["rencana jalan baru di pinggir kota", "anggaran sekolah untuk tahun depan",
           "pasar ikan yang lama tidak terurus", "program tanam pohon di lereng bukit",
           "jadwal kapal penyeberangan antarpulau", "perbaikan saluran air di desa"]  # fmt: skip
TAILS = ["pada Senin pagi.", "setelah rapat panjang.", "meski hujan turun deras.",
         "bersama tokoh masyarakat setempat.", "untuk kedua kalinya tahun ini."]  # fmt: skip
BOILER = ["Baca Juga: Festival Layang-layang Ramaikan Pantai Selatan",
          "Berita Terkait", "- Harga Cabai Naik Jelang Akhir Pekan",
          "- Jembatan Gantung Kembali Dibuka untuk Warga", "Bagikan artikel ini",
          "Menu Utama", "Kanal Daerah"]  # fmt: skip


def paragraph(rng: random.Random) -> str:
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
        for _ in range(rng.randint(2, 4))
    )


def document(rng: random.Random) -> str:
    lines = ["Menu Utama", "Kanal Daerah"] + [paragraph(rng) for _ in range(rng.randint(4, 12))]
    lines.insert(rng.randint(3, len(lines)), rng.choice(BOILER))
    lines += BOILER[1:4]
    return "\n".join(lines) + "\n"


def generate(root: Path, files: int, jsonl_mb: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for n in range(files):
        path = root / f"site{n % 6}" / f"{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        total += path.write_text(document(rng), encoding="utf-8")
    per_file = jsonl_mb * 1e6 / 4
    for part in range(4):
        path = root / "dumps" / f"part{part}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with path.open("w", encoding="utf-8") as fh:
            n = 0
            while size < per_file:
                row = {"id": f"{part}-{n}", "url": f"https://site{n % 5}.test/{n}",
                       "text": document(rng)}  # fmt: skip
                size += fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        total += size
    return total


def cpu_of(cmd: list[str]) -> tuple[float, float]:
    """CPU seconds (user + sys, the process and every descendant) and wall seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--jsonl-mb", type=float, default=20.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="generate the corpus here and leave it")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cleaner-parallel-"))
    corpus = a.keep or tmp / "in"
    try:
        size = generate(corpus, a.files, a.jsonl_mb)
        print(f"corpus: {a.files} text files + 4 JSONL files, {size / 1e6:.1f} MB")
        figures: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(a.rounds):
            for jobs in (1, 2):
                out = tmp / f"out-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                cmd = [sys.executable, "-m", "cleaner", "batch", str(corpus), "-o", str(out),
                       "-j", str(jobs)]  # fmt: skip
                cpu, wall = cpu_of(cmd)
                figures[jobs].append(cpu)
                print(f"round {round_ + 1}  -j {jobs}: {cpu:7.2f} CPU s  {wall:7.2f} wall s  "
                      f"{size / 1e6 / cpu:.2f} MB per CPU s")  # fmt: skip
        one, two = min(figures[1]), min(figures[2])
        print(f"CPU seconds, best of {a.rounds}: -j 1 {one:.2f}, -j 2 {two:.2f}; "
              f"ratio -j2/-j1 = {two / one:.3f} (target <= 1.10)")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
