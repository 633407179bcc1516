#!/usr/bin/env python3
"""Plain trafilatura against cleaner (trafilatura + our rules) on labeled HTML pages, in one run.

usage: bench/html_accuracy.py [SET ...] [--root DIR] [--repeat N] [--breakdown] [--list N] [--keep DIR]

ROOT (default ../shared/devset/html beside the project) holds raw/<set>/<id>.html and
gold/<set>/<id>.txt; SET names the sets to run (default: all). For each set it prints, for each
run, precision/recall/F1 with two metrics, and the time taken:

- shingle: the ScrapingHub article-extraction-benchmark metric. Text is cut into word tokens
  (the regex \\w+, Unicode, case kept); every run of 4 consecutive tokens is a shingle (a text
  of fewer than 4 tokens is one shorter shingle). Per page, true positives are the shingles
  output and gold share (counted as multisets), false positives the output's extra shingles,
  false negatives the gold's missed ones; the three are divided by their sum so that long pages
  weigh no more than short ones. Precision is the mean over pages with tp+fp > 0 (a page with
  fp = fn = 0 scores 1, one with tp = fp = 0 scores 0), recall the mean over pages with
  tp+fn > 0, and F1 = 2PR/(P+R) of those two means. Written from the benchmark's description
  and evaluate.py's arithmetic; no code copied.
- token: ../shared/eval/score.py (micro token precision/recall/F1 against the gold text), with
  its leak and loss rates (share of pages with a stray line of 4+ words / a missing gold line).

Runs: "trafilatura" is trafilatura.extract(html_bytes, include_comments=False), the call the
benchmark makes; "cleaner" is cleaner.clean_bytes(html_bytes, format="html"): decoding,
extraction, metadata, language, rules, sidecar. --breakdown adds "extract only" (cleaner's
extraction stage without rules) to show what the rules add. Timing interleaves the runs page by
page (so load from other processes hits them alike) and keeps each page's fastest of --repeat
(default 2: what a page costs in a long run, without one-off start-up costs such as langdetect
loading its profiles, about 0.25 s once per process; --repeat 1 includes them).
"""

from __future__ import annotations

import argparse
import collections
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cleaner import Options, clean_bytes, load_rules  # noqa: E402
from cleaner.html import extract_html  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "devset" / "html"
SCORER_DIR = SHARED / "eval"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")

Run = Callable[[bytes], str]


def shingles(text: str) -> collections.Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    count = max(1, len(tokens) - SHINGLE + 1)
    return collections.Counter(t for i in range(count) if (t := tuple(tokens[i : i + SHINGLE])))


def shingle_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """A page's (tp, fp, fn), normalised to sum to 1."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def shingle_scores(pages: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean([precision(*c) for c in pages if c[0] + c[1] > 0] or [0.0])
    r = statistics.mean([recall(*c) for c in pages if c[0] + c[2] > 0] or [0.0])
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_set(root: Path, name: str) -> list[tuple[str, bytes, str]]:
    pages = []
    for raw in sorted((root / "raw" / name).glob("*.html")):
        gold = root / "gold" / name / (raw.stem + ".txt")
        if gold.exists():
            pages.append((raw.stem, raw.read_bytes(), gold.read_text(encoding="utf-8")))
    return pages


def run_set(
    pages: Sequence[tuple[str, bytes, str]], runs: dict[str, Run], repeat: int
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Every run on every page, interleaved; outputs and total seconds (fastest of repeats)."""
    outputs: dict[str, list[str]] = {name: [] for name in runs}
    seconds = dict.fromkeys(runs, 0.0)
    for _, data, _ in pages:
        for name, run in runs.items():
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                out = run(data)
                best = min(best, time.perf_counter() - started)
            outputs[name].append(out)
            seconds[name] += best
    return outputs, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("sets", nargs="*", help="set names under ROOT/raw (default: all)")
    ap.add_argument("--root", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=2, help="time each page N times, keep the fastest")
    ap.add_argument("--breakdown", action="store_true", help="also run the extraction alone")
    ap.add_argument("--list", type=int, default=0, metavar="N",
                    help="print the N pages where cleaner loses most shingle F1 to trafilatura")  # fmt: skip
    ap.add_argument("--keep", type=Path, help="write each run's outputs under DIR/<run>/<set>/")
    a = ap.parse_args()
    if not (SCORER_DIR / "score.py").exists():
        sys.exit(f"scorer not found: {SCORER_DIR / 'score.py'}")
    sys.path.insert(0, str(SCORER_DIR))
    from score import aggregate, score_gold_text  # the project's scorer, unchanged

    import trafilatura

    ruleset = load_rules()
    runs: dict[str, Run] = {
        "trafilatura": lambda d: trafilatura.extract(d, include_comments=False) or "",
        "cleaner": lambda d: clean_bytes(d, ruleset, Options(format="html")).text,
    }
    if a.breakdown:
        runs["extract only"] = lambda d: extract_html(d).text
    names = a.sets or sorted(p.name for p in (a.root / "raw").iterdir() if p.is_dir())
    print(f"trafilatura {trafilatura.__version__}; shingle = ScrapingHub metric, token = score.py")
    for name in names:
        pages = load_set(a.root, name)
        if not pages:
            print(f"\n{name}: no pages with gold")
            continue
        outputs, seconds = run_set(pages, runs, a.repeat)
        head = (f"{'run':<14}{'shP':>7}{'shR':>7}{'shF1':>7}{'tokP':>8}{'tokR':>7}{'tokF1':>7}"
                f"{'leak':>7}{'loss':>7}{'seconds':>9}{'x traf':>8}")  # fmt: skip
        print(f"\n{name}: {len(pages)} pages\n{head}\n{'-' * len(head)}")
        per_page: dict[str, list[tuple[float, float, float]]] = {}
        for run_name, outs in outputs.items():
            per_page[run_name] = [shingle_counts(g, o) for (_, _, g), o in zip(pages, outs)]
            sp, sr, sf = shingle_scores(per_page[run_name])
            tok = aggregate([score_gold_text(g, o) for (_, _, g), o in zip(pages, outs)])
            ratio = seconds[run_name] / seconds["trafilatura"]
            print(f"{run_name:<14}{sp:>7.3f}{sr:>7.3f}{sf:>7.3f}{tok['token_precision']:>8.3f}"
                  f"{tok['token_recall']:>7.3f}{tok['token_f1']:>7.3f}{tok['leak']:>7.2f}"
                  f"{tok['loss']:>7.2f}{seconds[run_name]:>9.2f}{ratio:>8.2f}")  # fmt: skip
            if a.keep:
                folder = a.keep / run_name.replace(" ", "-") / name
                folder.mkdir(parents=True, exist_ok=True)
                for (page_id, _, _), out in zip(pages, outs):
                    (folder / f"{page_id}.txt").write_text(out, encoding="utf-8")
        if a.list:
            _list_worst(pages, per_page, a.list)


def _list_worst(
    pages: Sequence[tuple[str, bytes, str]],
    per_page: dict[str, list[tuple[float, float, float]]],
    n: int,
) -> None:
    def f1(c: tuple[float, float, float]) -> float:
        return shingle_scores([c])[2]

    diffs = sorted(
        (f1(ours) - f1(base), page[0])
        for page, base, ours in zip(pages, per_page["trafilatura"], per_page["cleaner"])
    )
    print("pages where cleaner's shingle F1 differs most from trafilatura's (cleaner - traf):")
    for diff, page_id in diffs[:n]:
        print(f"  {diff:+.3f}  {page_id}")
    for diff, page_id in diffs[-n:][::-1]:
        if diff > 0:
            print(f"  {diff:+.3f}  {page_id}")


if __name__ == "__main__":
    main()
