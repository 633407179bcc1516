#!/usr/bin/env python3
"""Single-core throughput of cleaner next to jusText and the C4 line filter, in one run.

usage: bench/throughput.py [--docs N] [--devset DIR] [--seed S]

Corpora: (a) N generated noisy news documents (Indonesian, Malay, English; invented sentences
with invented boilerplate blocks), (b) the devset's raw text documents when the folder exists
(../shared/devset/text/raw beside the project). Every tool gets the same documents in the same
process; times are CPU seconds (time.process_time), so other load on the machine matters less.

- cleaner: clean_bytes with language detection on (the language lands in the sidecar).
- jusText: each line fed as a paragraph (<p>), the stoplist of the document's language.
- C4: the line filter of C4's clean_page (Raffel et al. 2020), reimplemented below.

Targets (issue 4): cleaner >= 15 MB/s, >= 10x jusText, >= 0.5x C4.
Needs the `bench` extra (pip install '.[bench]') for jusText; without it jusText is skipped.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The installed cleaner when it holds this checkout's files (a wheel's compiled modules), else
# this checkout: tests/flavour.py decides for the tests and for this benchmark alike.
sys.path.insert(0, str(ROOT / "tests"))
from flavour import flavour, use_installed_if_current  # noqa: E402 (after the path)

INSTALLED = use_installed_if_current()
if INSTALLED is None:
    sys.path.insert(0, str(ROOT))
from cleaner import Options, clean_bytes, load_rules  # noqa: E402 (after the path)

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "text" / "raw"
STOPLISTS = {"id": "Indonesian", "ms": "Malay", "en": "English"}
TARGETS = {"mb_s": 15.0, "justext": 10.0, "c4": 0.5}

# --- generated corpus: invented wording only ------------------------------------------------

SUBJECTS = {
    "id": ["Pemerintah kota", "Warga desa", "Kepala dinas", "Para petani", "Pengurus koperasi"],
    "ms": [
        "Kerajaan negeri",
        "Penduduk kampung",
        "Pegawai daerah",
        "Para nelayan",
        "Majlis bandar",
    ],
    "en": ["The city council", "Local farmers", "The health office", "Residents", "School heads"],
}
PREDICATES = {
    "id": [
        "menyampaikan bahwa bantuan akan disalurkan pekan depan",
        "mengeluhkan harga pupuk yang terus naik sejak awal musim",
        "meminta perbaikan jalan desa sebelum musim hujan tiba",
        "menyebut anggaran tahun ini meningkat dibandingkan tahun lalu",
        "berencana membuka pasar murah di tiga kecamatan",
    ],
    "ms": [
        "berkata bahawa projek itu akan siap hujung tahun ini",
        "menerima bantuan banjir selepas hujan lebat minggu lalu",
        "mahu jalan raya kampung dibaiki sebelum musim tengkujuh",
        "mengesahkan peruntukan tambahan untuk sekolah luar bandar",
        "merancang program kesihatan percuma di dewan orang ramai",
    ],
    "en": [
        "said the new bridge would open to traffic before winter",
        "asked for more buses on the river route after the floods",
        "confirmed that the budget for clinics will rise next year",
        "plan to reopen the weekly market once repairs are done",
        "warned that prices of rice and cooking oil may climb again",
    ],
}
BOILERPLATE = {
    "id": [
        ["Baca Juga: {h}"],
        ["Berita Terkait", "{h}", "{h}", "{h}"],
        ["Terpopuler", "1. {h}", "2. {h}", "3. {h}"],
        ["Editor: Budi Santoso"],
        ["Simak berita lainnya di kanal kami."],
        ["Copyright © 2024 Kabar Contoh. All rights reserved."],
    ],
    "ms": [
        ["Baca juga: {h}"],
        ["Berita Berkaitan", "{h}", "{h}"],
        ["Ikuti kami di media sosial untuk berita terkini."],
        ["Hak cipta terpelihara 2024 Berita Contoh"],
    ],
    "en": [
        ["Read more: {h}"],
        ["Related stories", "{h}", "{h}", "{h}"],
        ["Share this article", "Facebook", "Twitter", "WhatsApp"],
        ["Copyright 2024 Example News. All rights reserved."],
    ],
}
HEADLINES = {
    "id": [
        "Harga Cabai Turun di Pasar Induk",
        "Jembatan Baru Dibuka Akhir Bulan",
        "Sekolah Desa Dapat Bantuan Buku",
    ],
    "ms": [
        "Harga Ikan Naik Menjelang Perayaan",
        "Jalan Kampung Dibaiki Minggu Ini",
        "Klinik Baharu Dibuka di Pekan",
    ],
    "en": [
        "River Levels Fall After Storm",
        "New Library Opens Downtown",
        "Bus Fares to Stay the Same",
    ],
}


def generated(count: int, seed: int) -> list[tuple[str, bytes]]:
    """(language, document) pairs: a headline-free article of 6-20 sentences in 3-10
    paragraphs, with 1-4 boilerplate blocks inside and after it."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        lang = ("id", "id", "ms", "en")[n % 4]  # Indonesian first, as the project's users are
        paragraphs = []
        for _ in range(rng.randint(3, 10)):
            sentences = [
                f"{rng.choice(SUBJECTS[lang])} {rng.choice(PREDICATES[lang])}."
                for _ in range(rng.randint(1, 4))
            ]
            paragraphs.append(" ".join(sentences))
        for _ in range(rng.randint(1, 4)):
            block = rng.choice(BOILERPLATE[lang])
            lines = [line.format(h=rng.choice(HEADLINES[lang])) for line in block]
            at = rng.randint(1, len(paragraphs))
            paragraphs[at:at] = lines
        docs.append((lang, ("\n".join(paragraphs) + "\n").encode("utf-8")))
    return docs


def devset(root: Path) -> list[tuple[str, bytes]]:
    """raw/<lang>/<outlet>/<n>.txt: the language is the first folder."""
    return [
        (path.relative_to(root).parts[0], path.read_bytes()) for path in sorted(root.rglob("*.txt"))
    ]


# --- the tools --------------------------------------------------------------------------------


def cleaner_tool() -> Callable[[str, bytes], object]:
    ruleset = load_rules()
    options = Options()  # language detection on
    # One-offs, not inside the timed pass: langdetect loads its profiles (0.3 s) and each
    # language's rules are compiled with their cue index (0.2 s), once per process.
    clean_bytes(b"Salve, quid agis hodie?", ruleset, options)
    for profile in ruleset.profiles():
        ruleset.select(profile.code)

    def run(lang: str, data: bytes) -> object:
        return clean_bytes(data, ruleset, options).text

    return run


def justext_tool() -> Callable[[str, bytes], object] | None:
    try:
        import justext
    except ImportError:
        return None
    stoplists = {code: justext.get_stoplist(name) for code, name in STOPLISTS.items()}

    def run(lang: str, data: bytes) -> object:
        lines = data.decode("utf-8", errors="replace").splitlines()
        page = (
            "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in lines) + "</body></html>"
        )
        paragraphs = justext.justext(page, stoplists.get(lang, stoplists["en"]))
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


# C4's clean_page line filter (Raffel et al. 2020, JMLR 21(140), section 2.2, and
# tensorflow_datasets' c4_utils.clean_page), with the paper's thresholds: keep lines that end
# in terminal punctuation (not an ellipsis) with at least 3 words; drop lines that mention
# javascript or a policy; drop the page for "lorem ipsum", a curly bracket, or fewer than 5
# sentences. Sentences are counted by end marks (the TFDS code uses nltk's punkt, slower:
# this keeps C4 fast, so the ratio is not flattered).
C4_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
C4_END_MARKS = (".", "?", "!", '"')
C4_POLICY = (
    "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
    "use cookies",
)  # fmt: skip
C4_SENTENCE = re.compile(r"[.?!]+(?:\s|$)")
C4_MIN_WORDS, C4_MIN_SENTENCES, C4_MAX_WORD = 3, 5, 1000


def c4_clean_page(text: str) -> str | None:
    kept: list[str] = []
    sentences = 0
    for raw in text.splitlines():
        line = raw.strip()
        words = line.split()
        if any(len(word) > C4_MAX_WORD for word in words):
            continue
        line = C4_CITATION.sub("", line)
        if not line.endswith(C4_END_MARKS) or line.endswith("..."):
            continue
        if len(line.split()) < C4_MIN_WORDS:
            continue
        lower = line.lower()
        if "lorem ipsum" in lower:
            return None
        if "javascript" in lower:
            continue
        if "{" in line:
            return None
        if any(p in lower for p in C4_POLICY):
            continue
        sentences += max(1, len(C4_SENTENCE.findall(line)))
        kept.append(line)
    if sentences < C4_MIN_SENTENCES:
        return None
    return "\n".join(kept).strip()


def c4_tool() -> Callable[[str, bytes], object]:
    def run(lang: str, data: bytes) -> object:
        return c4_clean_page(data.decode("utf-8", errors="replace"))

    return run


# --- measuring --------------------------------------------------------------------------------


def measure(tool: Callable[[str, bytes], object], docs: Sequence[tuple[str, bytes]]) -> float:
    """CPU seconds for one pass, after a warm-up on a few documents (lazy loading)."""
    for lang, data in docs[:5]:
        tool(lang, data)
    started = time.process_time()
    for lang, data in docs:
        tool(lang, data)
    return time.process_time() - started


def report(name: str, docs: Sequence[tuple[str, bytes]]) -> None:
    size = sum(len(d) for _, d in docs) / 1e6
    print(f"\n{name}: {len(docs)} documents, {size:.2f} MB")
    tools = {"cleaner": cleaner_tool(), "jusText": justext_tool(), "C4": c4_tool()}
    seconds = {}
    for tool_name, tool in tools.items():
        if tool is None:
            print(f"  {tool_name:<8} skipped (pip install '.[bench]')")
            continue
        seconds[tool_name] = measure(tool, docs)
        rate = size / seconds[tool_name]
        print(f"  {tool_name:<8} {rate:8.2f} MB/s {len(docs) / seconds[tool_name]:9.0f} docs/s")
    ours = seconds["cleaner"]
    _target("cleaner MB/s", size / ours, TARGETS["mb_s"], " MB/s")
    if "jusText" in seconds:
        _target("cleaner / jusText", seconds["jusText"] / ours, TARGETS["justext"], "x")
    _target("cleaner / C4", seconds["C4"] / ours, TARGETS["c4"], "x")


def _target(label: str, value: float, target: float, unit: str) -> None:
    verdict = "met" if value >= target else "MISSED"
    print(f"  {label:<18} {value:8.3f}{unit:<5} (target >= {target:g}{unit.strip()}) {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="generated documents [2000]")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--devset", type=Path, default=DEVSET, help="raw text folder")
    args = parser.parse_args()
    print(f"cleaner: {flavour()} ({INSTALLED or 'this checkout, not installed'})")
    report("generated", generated(args.docs, args.seed))
    if args.devset.is_dir():
        report(f"devset ({args.devset})", devset(args.devset))
    else:
        print(f"\n{args.devset}: not there; devset skipped")


if __name__ == "__main__":
    main()
