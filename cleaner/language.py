"""Language: cheap stopword evidence from the packs first, langdetect only when that is unsure.

langdetect has no Malay profile (Malay comes back as `id`) and costs over a millisecond a
call, so the packs' own function words decide most documents, Malay included; langdetect
(seeded, so the answer never changes between runs) settles the rest.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from .rules import LanguageProfile

SAMPLE_CHARS = 4000  # enough words to decide; bounded so long documents cost the same
MIN_HITS = 8  # stopword hits the winner needs before we trust the cheap evidence
MIN_MARGIN = 1.5  # ... and how many times the runner-up's hits
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
    tokens = [t.lower() for t in _WORD.findall(sample)]
    if not tokens:
        return Language(UNKNOWN, 0.0, "none")
    scores = sorted(
        ((sum(t in p.stopwords for t in tokens), p.code) for p in profiles), reverse=True
    )
    best, code = scores[0] if scores else (0, UNKNOWN)
    runner_up = scores[1][0] if len(scores) > 1 else 0
    if best >= MIN_HITS and best >= MIN_MARGIN * runner_up:
        return Language(code, round(best / (best + runner_up), 3), "stopwords")
    return _langdetect(sample, scores)


def _langdetect(sample: str, scores: Sequence[tuple[int, str]]) -> Language:
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
        # langdetect calls Malay Indonesian: let the packs' words pick between the two.
        ranked = [c for _, c in scores if c in ("id", "ms")]
        code = ranked[0] if ranked and scores[0][0] > 0 else "id"
    return Language(code, round(float(top.prob), 3), "langdetect")
