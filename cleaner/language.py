"""Language: cheap stopword evidence from the packs first, langdetect only when that is unsure.

langdetect has no Malay profile (Malay comes back as `id`) and costs over a millisecond a
call, so the packs' own function words decide most documents, Malay included; langdetect
(seeded, so the answer never changes between runs) settles the rest: texts with too few of
the packs' words, and texts where two packs' words are too close to call. "Too few" scales
with the text, so that short records (captions, comments) need not pay for langdetect: one
word in eight, but at most MIN_HITS (a long document) and at least FLOOR_HITS. In news text a
pack's words are typically a quarter (Indonesian, Malay) to a third (English) of the words;
in a language without a pack, few.

A word counts for every pack that lists it, but two languages are told apart only by the
words that one of them lists and the other does not: "yang" and "dengan" are as Malay as they
are Indonesian, so they set both apart from English and decide nothing between the two,
where "kerana" or "karena" decides. A pack may therefore list its language's common words
freely, whatever it shares with a neighbour.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from math import ceil

from .rules import LanguageProfile

SAMPLE_CHARS = 4000  # enough words to decide; bounded so long documents cost the same
MIN_HITS = 8  # stopword hits the winner needs before we trust the cheap evidence, ...
HITS_PER_WORD = 1 / 8  # ... or in a shorter text this share of its words (bench/language.py)
FLOOR_HITS = 3  # ... but never fewer than this (one or two shared words prove little)
MIN_MARGIN = 2.0  # ... and how many times a rival's hits on the words that tell them apart
UNKNOWN = "und"

_WORD = re.compile(r"[^\W\d_]+")
# For counting words without running _WORD over every character (it is slow): on the UTF-8
# bytes, ASCII letters are lowered, other ASCII bytes become spaces (no word goes across one)
# and bytes of non-ASCII characters stay as they are, for _WORD to split.
_ASCII_WORDS = bytes(
    b if b >= 128 else ord(chr(b).lower()) if chr(b).isalpha() else ord(" ") for b in range(256)
)
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    confidence: float
    method: str  # "stopwords", "langdetect", "override" or "none"


def detect(text: str, profiles: Sequence[LanguageProfile], override: str | None = None) -> Language:
    if override:
        return Language(override, 1.0, "override")
    sample = text[:SAMPLE_CHARS]
    profiles = tuple(profiles)
    if not profiles:
        return Language(UNKNOWN, 0.0, "none")
    words = _count(sample, *_vocabulary(profiles))
    if not words:
        return Language(UNKNOWN, 0.0, "none")
    listed = [(mask, n) for mask, n in words.items() if mask]  # words some pack lists

    def hits(by: int) -> int:
        """Words all the profiles of the bit mask `by` list."""
        return sum(n for mask, n in listed if mask & by == by)

    total = [hits(1 << i) for i in range(len(profiles))]
    best, *rivals = sorted(range(len(profiles)), key=lambda i: (-total[i], profiles[i].code))
    # For and against the winner, per rival: hits on the words only one of the two lists
    # (its hits less those on the words both list).
    duels = []
    for r in rivals:
        both = hits(1 << best | 1 << r)
        duels.append((total[best] - both, total[r] - both))
    needed = max(FLOOR_HITS, min(MIN_HITS, ceil(HITS_PER_WORD * words.total())))
    if total[best] < needed or any(ours < MIN_MARGIN * theirs for ours, theirs in duels):
        return _langdetect(sample, [profiles[i] for i in (best, *rivals)])
    confidence = min((ours / (ours + theirs) if ours else 0.5 for ours, theirs in duels), default=1.0)
    return Language(profiles[best].code, round(confidence, 3), "stopwords")


@lru_cache(maxsize=8)
def _vocabulary(profiles: tuple[LanguageProfile, ...]) -> tuple[dict[str, int], dict[bytes, int]]:
    """Each stopword -> the bit mask of the profiles that list it (bit i: profiles[i]), by
    text, and for the ASCII ones also by UTF-8 bytes; built once per set of packs."""
    by_text: dict[str, int] = {}
    for i, profile in enumerate(profiles):
        for word in profile.stopwords:
            by_text[word] = by_text.get(word, 0) | 1 << i
    by_bytes = {w.encode(): mask for w, mask in by_text.items() if w.isascii()}
    return by_text, by_bytes


def _count(sample: str, by_text: dict[str, int], by_bytes: dict[bytes, int]) -> Counter[int | None]:
    """The sample's words, lowered, counted by the mask of the profiles that list them (None:
    no profile does); the same words _WORD finds, in one C-level pass for ASCII words."""
    chunks = sample.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS).split()
    if sample.isascii():
        return Counter(map(by_bytes.get, chunks))
    # A chunk of ASCII letters only is one whole word; the others (with non-ASCII characters,
    # letters or not) go through _WORD, joined by spaces so no two of their words merge.
    words = Counter(map(by_bytes.get, filter(bytes.isascii, chunks)))
    rest = b" ".join(filterfalse(bytes.isascii, chunks)).decode("utf-8", "surrogatepass")  # type: ignore[arg-type]  # join's Buffer
    words.update(map(by_text.get, map(str.lower, _WORD.findall(rest))))
    return words


def _langdetect(sample: str, ranked: Sequence[LanguageProfile]) -> Language:
    try:
        from langdetect import DetectorFactory, detector_factory
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # pragma: no cover - a declared dependency
        return Language(UNKNOWN, 0.0, "none")
    with _lock:  # langdetect's factory is a module-level singleton
        DetectorFactory.seed = 0
        detector_factory.init_factory()
        detector = detector_factory._factory.create()
        detector.append(sample)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return Language(UNKNOWN, 0.0, "none")
    if not found:
        return Language(UNKNOWN, 0.0, "none")
    top = found[0]
    code = str(top.lang)
    if code == "id":
        # langdetect calls Malay Indonesian: the packs' words pick between the two (ranked
        # puts more hits first and, on a tie, "id", the commoner of the two).
        code = next((p.code for p in ranked if p.code in ("id", "ms")), "id")
    return Language(code, round(float(top.prob), 3), "langdetect")
