"""Language: cheap stopword evidence from the packs first, langdetect only when that is unsure.

langdetect has no Malay profile (Malay comes back as `id`) and costs over a millisecond a
call, so the packs' own function words decide most documents, Malay included; langdetect
(seeded, so the answer never changes between runs) settles the rest.

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

from .rules import LanguageProfile

SAMPLE_CHARS = 4000  # enough words to decide; bounded so long documents cost the same
MIN_HITS = 8  # stopword hits the winner needs before we trust the cheap evidence
MIN_MARGIN = 2.0  # ... and how many times a rival's hits on the words that tell them apart
UNKNOWN = "und"

_WORD = re.compile(r"[^\W\d_]+")
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
    words = Counter(t.lower() for t in _WORD.findall(sample))
    if not words or not profiles:
        return Language(UNKNOWN, 0.0, "none")
    best, *rivals = sorted(profiles, key=lambda p: (-_hits(words, p.stopwords), p.code))
    # For and against the winner, per rival: hits on the words only one of the two lists.
    duels = [
        (_hits(words, best.stopwords - r.stopwords), _hits(words, r.stopwords - best.stopwords))
        for r in rivals
    ]
    sure = _hits(words, best.stopwords) >= MIN_HITS
    if not sure or any(ours < MIN_MARGIN * theirs for ours, theirs in duels):
        return _langdetect(sample, [best, *rivals])
    confidence = min((ours / (ours + theirs) if ours else 0.5 for ours, theirs in duels), default=1.0)
    return Language(best.code, round(confidence, 3), "stopwords")


def _hits(words: Counter[str], vocabulary: frozenset[str]) -> int:
    return sum(n for w, n in words.items() if w in vocabulary)


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
