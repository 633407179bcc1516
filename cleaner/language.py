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

langdetect knows no Malay and calls it Indonesian (the Malay pack says so: `langdetect = "id"`
in its [language] table), so it is never asked to settle a close call between two packs it
calls alike: their own words decide it, at the confidence they give.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from math import ceil
from typing import NamedTuple

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
_MARK_NON_ASCII = bytes(min(b, 0x80) for b in range(256))  # every non-ASCII byte -> 0x80
_lock = threading.Lock()
VOCABULARIES = 8  # sets of packs whose vocabulary is kept (a process mostly uses one)
# id(profiles) -> (profiles, its vocabulary); holding the tuple keeps its id from being reused
_by_identity: dict[int, tuple[tuple[LanguageProfile, ...], _Vocabulary]] = {}


class Language(NamedTuple):  # a NamedTuple: as immutable as a frozen dataclass, made faster
    code: str
    confidence: float
    method: str  # "stopwords", "langdetect", "override" or "none"


class _Vocabulary(NamedTuple):
    """The stopwords of a set of packs, built once per set (bit i of a mask: profiles[i])."""

    by_text: dict[str, int]  # each stopword -> the mask of the profiles that list it
    by_bytes: dict[bytes, int]  # the same for the ASCII stopwords, by UTF-8 bytes
    members: dict[int, tuple[int, ...]]  # each mask above -> the profiles it holds


def detect(text: str, profiles: Sequence[LanguageProfile], override: str | None = None) -> Language:
    if override:
        return Language(override, 1.0, "override")
    sample = text[:SAMPLE_CHARS]
    profiles = tuple(profiles)
    if not profiles:
        return Language(UNKNOWN, 0.0, "none")
    vocabulary = _vocabulary(profiles)
    words, listed = _count(sample, vocabulary)
    if not words:
        return Language(UNKNOWN, 0.0, "none")
    # Hits per profile: the listed words it lists. (A handful of masks: one per set of packs
    # that share words.)
    total = [0] * len(profiles)
    for mask, n in listed.items():
        for i in vocabulary.members[mask]:
            total[i] += n
    ranked = sorted(range(len(profiles)), key=lambda i: (-total[i], profiles[i].code))
    best = ranked[0]
    needed = max(FLOOR_HITS, min(MIN_HITS, ceil(HITS_PER_WORD * words)))
    if total[best] < needed:
        return _langdetect(sample, [profiles[i] for i in ranked])
    # For and against the winner, per rival: hits on the words only one of the two lists
    # (its hits less those on the words both list).
    shared = [0] * len(profiles)  # shared[r]: hits on the words both the winner and r list
    for mask, n in listed.items():
        if mask >> best & 1:
            for i in vocabulary.members[mask]:
                shared[i] += n
    confidence = 1.0
    for r in ranked[1:]:
        ours, theirs = total[best] - shared[r], total[r] - shared[r]
        # a close call langdetect can settle (not one between packs it calls alike)
        if ours < MIN_MARGIN * theirs and profiles[r].detected_as != profiles[best].detected_as:
            return _langdetect(sample, [profiles[i] for i in ranked])
        confidence = min(confidence, ours / (ours + theirs) if ours else 0.5)
    return Language(profiles[best].code, round(confidence, 3), "stopwords")


def _vocabulary(profiles: tuple[LanguageProfile, ...]) -> _Vocabulary:
    """_build_vocabulary, looked up by the tuple itself first: a RuleSet hands the same tuple
    for every document, and looking it up by value hashes every profile's stopwords (in
    Python: the profiles are dataclasses) each time."""
    found = _by_identity.get(id(profiles))
    if found is None or found[0] is not profiles:  # an id is only reused once its tuple is gone
        if len(_by_identity) >= VOCABULARIES:
            _by_identity.clear()
        found = _by_identity[id(profiles)] = (profiles, _build_vocabulary(profiles))
    return found[1]


@lru_cache(maxsize=VOCABULARIES)
def _build_vocabulary(profiles: tuple[LanguageProfile, ...]) -> _Vocabulary:
    """Each stopword -> the bit mask of the profiles that list it; built once per set of packs."""
    by_text: dict[str, int] = {}
    for i, profile in enumerate(profiles):
        for word in profile.stopwords:
            by_text[word] = by_text.get(word, 0) | 1 << i
    by_bytes = {w.encode(): mask for w, mask in by_text.items() if w.isascii()}
    members = {
        mask: tuple(i for i in range(len(profiles)) if mask >> i & 1)
        for mask in set(by_text.values())
    }
    return _Vocabulary(by_text, by_bytes, members)


def _count(sample: str, vocabulary: _Vocabulary) -> tuple[int, dict[int, int]]:
    """How many words the sample holds, and its words some profile lists (lowered), counted
    by the mask of the profiles that list them; the same words _WORD finds, in one C-level
    pass for ASCII words. Only the listed words are counted: most words are not."""
    ascii_words = sample.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS)
    chunks = ascii_words.split()
    # by_bytes lists ASCII words only, so a chunk with non-ASCII bytes is never found here.
    listed: dict[int, int] = {}
    _tally(listed, map(vocabulary.by_bytes.get, chunks))
    if sample.isascii():
        return len(chunks), listed
    # A chunk of ASCII letters only is one whole word; the few others (with non-ASCII
    # characters, letters or not) go through _WORD, joined by spaces so no two words merge.
    odd = _non_ascii_chunks(ascii_words)
    others = _WORD.findall(b" ".join(odd).decode("utf-8", "surrogatepass"))
    _tally(listed, map(vocabulary.by_text.get, map(str.lower, others)))
    return len(chunks) - len(odd) + len(others), listed


def _tally(counts: dict[int, int], masks: Iterable[int | None]) -> None:
    """Count the masks that are there (a word no profile lists has none). A plain loop, not
    a Counter: Counter's constructor and update are Python functions, run per document."""
    for mask in masks:
        if mask:
            counts[mask] = counts.get(mask, 0) + 1


def _non_ascii_chunks(ascii_words: bytes) -> list[bytes]:
    """The space-separated chunks that hold a non-ASCII byte, found by looking for those
    bytes (news text holds few) rather than by testing every chunk."""
    marked = ascii_words.translate(_MARK_NON_ASCII)  # so that find() looks for one byte
    found = []
    end = 0
    while (at := marked.find(0x80, end)) >= 0:
        start = ascii_words.rfind(b" ", 0, at) + 1
        end = ascii_words.find(b" ", at)
        if end < 0:
            end = len(ascii_words)
        found.append(ascii_words[start:end])
    return found


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
    # langdetect calls Malay Indonesian: the packs it calls so are picked between by their
    # words (ranked puts more hits first and, on a tie, the code that sorts first).
    code = next((p.code for p in ranked if p.detected_as == code), code)
    return Language(code, round(float(top.prob), 3), "langdetect")
