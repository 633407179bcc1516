#!/usr/bin/env python3
"""Language detection on short texts: detect() against langdetect alone, by length.

usage: bench/language.py [--devset DIR] [--k 5,10,15,20,30,50,80]

Cuts every devset text document (DIR/text/raw/<lang>/..., the folder's name is the gold
language) into its first K words, for each K, and reports per K:
- agreement of cleaner.language.detect with the gold language (id, ms, en and all),
- the share of prefixes the packs' stopwords decided (the rest went to langdetect),
- the CPU time per prefix (time.process_time),
- the same agreement and time for langdetect alone (seeded, as detect runs it; it has no Malay
  profile, so a Malay text comes back as `id` and never agrees),
- how many prefixes of the invented samples below, in languages without a pack, detect() took
  for one of the packs' languages (should be 0).
A document shorter than K words is left out of that row. The devset is ../shared/devset beside
the project unless --devset names it (a git worktree lies elsewhere).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from cleaner import load_rules  # noqa: E402 (after the path)
from cleaner.language import Language, _langdetect, detect  # noqa: E402

DEVSET = HERE.parent.parent / "shared" / "devset"
GOLD = ("id", "ms", "en")
KS = (5, 10, 15, 20, 30, 50, 80)

# Invented texts in languages no pack covers (written for this bench, not taken from anywhere).
FOREIGN = {
    "de": (
        "Der Gemeinderat hat am Montag beschlossen, die alte Brücke über den Fluss im nächsten "
        "Frühjahr zu erneuern. Die Arbeiten sollen etwa drei Monate dauern, und in dieser Zeit "
        "wird der Verkehr über eine Umleitung durch das Nachbardorf geführt. Viele Anwohner "
        "sind froh darüber, weil die Brücke schon seit Jahren Risse zeigt, aber einige "
        "Händler fürchten, dass weniger Kunden kommen werden, solange die Straße gesperrt ist."
    ),
    "fr": (
        "Le conseil municipal a décidé lundi de rénover le vieux pont qui traverse la rivière "
        "au printemps prochain. Les travaux devraient durer environ trois mois, et pendant ce "
        "temps la circulation passera par une déviation à travers le village voisin. Beaucoup "
        "d'habitants sont contents, car le pont montre des fissures depuis des années, mais "
        "quelques commerçants craignent de voir moins de clients tant que la rue restera fermée."
    ),
    "es": (
        "El ayuntamiento decidió el lunes renovar el viejo puente que cruza el río la próxima "
        "primavera. Las obras durarán unos tres meses y durante ese tiempo el tráfico pasará "
        "por un desvío a través del pueblo vecino. Muchos vecinos están contentos, porque el "
        "puente tiene grietas desde hace años, pero algunos comerciantes temen que lleguen "
        "menos clientes mientras la calle siga cerrada al paso de los coches."
    ),
    "tl": (
        "Nagpasya ang konseho ng bayan noong Lunes na ayusin ang lumang tulay sa ibabaw ng ilog "
        "sa darating na tag-init. Tatagal ng mga tatlong buwan ang trabaho, at sa panahong iyon "
        "ay dadaan ang mga sasakyan sa ibang daan sa kabilang baryo. Maraming residente ang "
        "natutuwa dahil matagal nang may lamat ang tulay, pero nag-aalala ang ilang may-ari ng "
        "tindahan na kakaunti ang mamimili habang sarado ang kalsada."
    ),
    "vi": (
        "Hội đồng thành phố hôm thứ Hai đã quyết định sửa chữa cây cầu cũ bắc qua sông vào mùa "
        "xuân tới. Công việc sẽ kéo dài khoảng ba tháng, và trong thời gian đó xe cộ sẽ đi theo "
        "đường vòng qua làng bên cạnh. Nhiều người dân vui mừng vì cây cầu đã bị nứt từ nhiều "
        "năm nay, nhưng một số chủ cửa hàng lo rằng sẽ có ít khách hơn khi con đường bị đóng."
    ),
}


def devset_texts(devset: Path) -> list[tuple[str, str]]:
    """(gold language, text) for every text document of the devset."""
    root = devset / "text" / "raw"
    if not root.is_dir():
        sys.exit(f"no devset at {devset}: name it with --devset")
    return [
        (lang, path.read_text("utf-8", "replace"))
        for lang in GOLD
        for path in sorted((root / lang).rglob("*"))
        if path.is_file()
    ]


def prefix(text: str, k: int) -> str | None:
    words = text.split()
    return " ".join(words[:k]) if len(words) >= k else None


def timed(run: Callable[[str], Language], texts: list[str]) -> tuple[list[Language], float]:
    """The answers and the CPU milliseconds per text."""
    start = time.process_time()
    found = [run(t) for t in texts]
    return found, (time.process_time() - start) * 1000 / max(len(texts), 1)


def agreement(gold: list[str], found: list[Language], lang: str | None = None) -> str:
    pairs = [(g, f.code) for g, f in zip(gold, found) if lang in (None, g)]
    if not pairs:
        return "-"
    return f"{100 * sum(g == c for g, c in pairs) / len(pairs):.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--k", default=",".join(map(str, KS)), help="prefix lengths in words")
    args = parser.parse_args()
    profiles = load_rules().profiles()
    docs = devset_texts(args.devset)
    sizes = Counter(lang for lang, _ in docs)
    print(f"devset text documents: {dict(sizes)}; agreement in % of the row's prefixes")

    def ours(text: str) -> Language:
        return detect(text, profiles)

    def alone(text: str) -> Language:
        return _langdetect(text, ())  # no packs to rank: langdetect's own code

    ours("warm up"), alone("warm up")  # langdetect loads its profiles once
    head = (
        f"{'K':>3} {'docs':>4} | {'detect id/ms/en/all %':>21} {'stopw%':>6} {'ms/doc':>6} | "
        f"{'langdetect id/ms/en/all %':>25} {'ms/doc':>6} | foreign->pack"
    )
    print(head)
    print("-" * len(head))
    for k in map(int, args.k.split(",")):
        cut = [(lang, p) for lang, text in docs if (p := prefix(text, k)) is not None]
        gold = [lang for lang, _ in cut]
        texts = [p for _, p in cut]
        found, ours_ms = timed(ours, texts)
        ref, ref_ms = timed(alone, texts)
        stopwords = sum(f.method == "stopwords" for f in found) / max(len(found), 1)
        foreign = [
            f"{lang}:{code}"
            for lang, text in FOREIGN.items()
            if (p := prefix(text, k)) is not None and (code := ours(p).code) in GOLD
        ]
        ours_cells = "/".join(agreement(gold, found, lang) for lang in (*GOLD, None))
        ref_cells = "/".join(agreement(gold, ref, lang) for lang in (*GOLD, None))
        print(
            f"{k:>3} {len(cut):>4} | {ours_cells:>21} {100 * stopwords:>6.0f} {ours_ms:>6.2f} | "
            f"{ref_cells:>25} {ref_ms:>6.2f} | {', '.join(foreign) or 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
