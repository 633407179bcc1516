"""Language detection: the packs' stopwords decide Indonesian, Malay and English cheaply."""

from __future__ import annotations

from collections import Counter
from math import ceil

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import language, load_rules
from cleaner.language import _WORD, UNKNOWN, _count, _vocabulary, detect
from cleaner.rules import LanguageProfile

PROFILES = load_rules().profiles()

INDONESIAN = (
    "Pemerintah kabupaten mengatakan bahwa perbaikan jalan desa itu bisa selesai pada Juli "
    "karena anggaran tambahan sudah cair. Warga berharap pekerjaan tersebut tidak molor lagi, "
    "sebab saat musim hujan jalan itu sering terputus. Kepala dinas menyebutkan sejumlah "
    "jembatan kecil juga akan diperbaiki setelah pengaspalan rampung."
)
MALAY = (
    "Kerajaan negeri berkata bahawa kerja-kerja membaiki jalan kampung itu dijangka siap pada "
    "Julai kerana peruntukan tambahan telah diluluskan. Beliau berkata penduduk tidak perlu "
    "bimbang selepas jambatan sementara dibuka, iaitu sebelum musim tengkujuh. Menerusi "
    "kenyataan itu, pihak berkenaan turut meminta orang ramai memandu dengan berhati-hati."
)
ENGLISH = (
    "The council said that repairs to the village road would be finished in July because the "
    "extra budget has been approved. Residents were told that the temporary bridge will open "
    "before the rainy season, and officials asked drivers to take care while the work is on."
)


@pytest.mark.parametrize(
    "text,code", [(INDONESIAN, "id"), (MALAY, "ms"), (ENGLISH, "en")], ids=["id", "ms", "en"]
)
def test_stopwords_decide_each_language(text: str, code: str) -> None:
    found = detect(text, PROFILES)
    assert (found.code, found.method) == (code, "stopwords")
    assert 0.5 < found.confidence <= 1.0


def test_malay_is_not_taken_for_indonesian_in_a_long_mixed_document() -> None:
    # One Indonesian-looking word does not outvote a Malay text full of Malay function words.
    found = detect(MALAY + " Katanya, harga barang naik setelah cuti.", PROFILES)
    assert found.code == "ms"


def test_words_both_languages_share_decide_nothing_between_them() -> None:
    shared = "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada mereka"
    found = detect(shared, PROFILES)
    # Family settled (not English), the two undecided: the commoner wins at even odds.
    assert found.code == "id"
    assert found.confidence == 0.5


def test_only_words_one_pack_lists_tell_two_packs_apart() -> None:
    common = ["ka", "ke", "ki", "ko", "ku", "ma", "me", "mi", "mo", "mu"]
    left = LanguageProfile("aa", "Left", frozenset(common + ["alpha"]))
    right = LanguageProfile("bb", "Right", frozenset(common + ["beta"]))
    text = " ".join(common * 3 + ["beta"] * 2)
    assert detect(text, [left, right]).code == "bb"


# Short texts: the hits needed scale with the number of words (one in eight, at least three).
@pytest.mark.parametrize(
    "text,code",
    [
        ("Warga mengeluh karena jalan itu belum juga diperbaiki", "id"),  # 4 hits of 8 words
        ("Penduduk berkata jalan itu masih rosak kerana hujan", "ms"),
        ("Residents said the road was still broken after the rain", "en"),
    ],
    ids=["id", "ms", "en"],
)
def test_a_short_text_with_clear_evidence_is_decided_by_stopwords(text: str, code: str) -> None:
    found = detect(text, PROFILES)
    assert (found.code, found.method) == (code, "stopwords")


def test_two_hits_are_too_few_however_short_the_text() -> None:
    assert detect("Banjir di kota itu", PROFILES).method == "langdetect"


def test_a_longer_text_needs_more_hits() -> None:
    # Five hits decide ten words, not fifty (the other words: names, menu items).
    short = "Warga mengeluh karena jalan itu belum juga diperbaiki pekan ini"
    padding = " ".join(f"Menu{chr(97 + i)} Kategori{chr(97 + i)}" for i in range(20))
    assert detect(short, PROFILES).method == "stopwords"
    assert detect(short + "\n" + padding, PROFILES).method == "langdetect"


def test_a_long_document_still_needs_min_hits() -> None:
    # Past 64 words, MIN_HITS (8) is enough: one in eight of 101 words would be 13.
    text = " ".join(["yang dan di ini itu dengan untuk"] + ["Nama"] * 93)
    assert detect(text, PROFILES).method == "langdetect"  # 7 hits
    assert detect(text + " juga", PROFILES).method == "stopwords"  # 8 hits


@pytest.mark.parametrize(
    "text",
    [
        "Pumunta kami sa palengke at bumili kami ng isda para sa hapunan",  # Tagalog
        "Die Kinder spielen in dem Park, was sie so mögen",  # German
        "Le maire a dit que le pont sera réparé en juillet",  # French
    ],
    ids=["tl", "de", "fr"],
)
def test_a_short_text_in_a_language_without_a_pack_goes_to_langdetect(text: str) -> None:
    found = detect(text, PROFILES)
    assert found.method == "langdetect"
    assert found.code not in {"id", "ms", "en"}


def test_a_close_call_langdetect_cannot_make_is_left_to_the_words() -> None:
    # Ten words only Indonesian lists, seven only Malay lists: short of the 2:1 margin, but
    # langdetect calls both "id" (the Malay pack says so), so asking it would settle nothing.
    indonesian, malay = ["karena", "bisa", "bahwa", "hingga", "kemudian"], ["kerana", "bahawa", "beliau"]
    assert all(w in PROFILES[1].stopwords - PROFILES[2].stopwords for w in indonesian)
    assert all(w in PROFILES[2].stopwords - PROFILES[1].stopwords for w in malay)
    shared = "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada " * 4
    text = shared + " ".join(indonesian * 2 + malay * 2 + malay[:1])
    found = detect(text, PROFILES)
    assert (found.code, found.method) == ("id", "stopwords")
    assert found.confidence == round(10 / 17, 3)


def test_packs_langdetect_calls_alike_are_picked_between_by_their_words() -> None:
    """A pack of a language langdetect knows by another code takes that code's answers
    when its words outnumber the other pack's."""
    common = ["ka", "ke", "ki", "ko", "ku", "ma", "me", "mi", "mo", "mu"]
    plain = LanguageProfile("fr", "French", frozenset(common + ["alpha"]))
    local = LanguageProfile("zz", "Local French", frozenset(common + ["beta"]), langdetect="fr")
    assert (plain.detected_as, local.detected_as) == ("fr", "fr")
    french = (
        "Le conseil municipal a annoncé que les travaux de la route du village seront terminés "
        "en juillet, car le budget supplémentaire a été approuvé par la région. beta"
    )
    assert language._langdetect(french, [local, plain]).code == "zz"
    assert language._langdetect(french, [plain, local]).code == "fr"


def test_override_skips_detection() -> None:
    assert detect(ENGLISH, PROFILES, override="ms").method == "override"
    assert detect(ENGLISH, PROFILES, override="ms").code == "ms"


@pytest.mark.parametrize("text", ["", "   \n", "12345 67 -- !!", "🔥🔥"])
def test_no_words_is_unknown(text: str) -> None:
    assert detect(text, PROFILES).code == UNKNOWN


def test_other_languages_fall_back_to_langdetect() -> None:
    french = (
        "Le conseil municipal a annoncé que les travaux de la route du village seront terminés "
        "en juillet, car le budget supplémentaire a été approuvé par la région."
    )
    found = detect(french, PROFILES)
    assert (found.code, found.method) == ("fr", "langdetect")


def test_detection_is_deterministic() -> None:
    short = "Kerajaan akan bantu."  # too few words for the cheap path: langdetect decides
    first = [detect(t, PROFILES) for t in (INDONESIAN, MALAY, ENGLISH, short)]
    again = [detect(t, PROFILES) for t in (INDONESIAN, MALAY, ENGLISH, short)]
    assert first == again


def test_bundled_packs_each_have_words_of_their_own() -> None:
    by_code = {p.code: p.stopwords for p in PROFILES}
    assert {"id", "ms", "en"} <= set(by_code)
    for code, words in by_code.items():
        others = set().union(*(w for c, w in by_code.items() if c != code))
        assert len(words - others) >= 20, f"{code} needs words no other pack lists"


# Counting words: the byte-level fast path must find exactly the words _WORD finds, lowered.
ODD_WORDS = ["é", "ça", "straße", "i̇stanbul", "ς", "σοφιας", "i"]  # "i̇stanbul": "İstanbul".lower()
ODD_PACK = LanguageProfile("xx", "Odd", frozenset(ODD_WORDS))
WORDS = sorted(set().union(*(p.stopwords for p in PROFILES)) | ODD_PACK.stopwords)
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(str.upper),
    st.text(alphabet="aZ _-1'’“”\u00a0\u200b\t\r\nİıΣσςéÉßẞǅ½²Ⅸ🔥\x00", max_size=4),
    st.text(max_size=4),
)


def _plain_count(sample: str, profiles: tuple[LanguageProfile, ...]) -> tuple[int, Counter[int]]:
    by_text = _vocabulary(profiles).by_text
    words = _WORD.findall(sample)
    return len(words), Counter(by_text[w.lower()] for w in words if w.lower() in by_text)


@given(st.lists(PIECES, max_size=40).map("".join))
@example("“yang” dan, (karena) kerana_the 2the")  # ASCII words next to non-ASCII punctuation
@example("ΟΔΟΣ'Α İSTANBUL Straße ÇA café σοφιαΣ")  # lower() that depends on the whole word
@example("“awal”\u00a0yang\u00a0dan tengah karena é")  # non-ASCII first, NBSP-joined words
@example("yang dan akhir”")  # a non-ASCII chunk last, without a space after it
@example("the\ud800yang")  # a lone surrogate (not from decode, but detect takes any str)
@example("")
def test_fast_word_count_finds_the_same_words_as_the_word_pattern(sample: str) -> None:
    profiles = (*PROFILES, ODD_PACK)
    assert _count(sample, _vocabulary(profiles)) == _plain_count(sample, profiles)


def test_a_pack_may_list_words_with_non_ascii_letters() -> None:
    words = "für über straße daß wäre schön müssen können größe ähnlich".split()
    german = LanguageProfile("de", "German", frozenset(words))
    found = detect("Für Straße, über (daß) “wäre” schön; Müssen KÖNNEN größe ähnlich.", [german])
    assert (found.code, found.method) == ("de", "stopwords")


def test_stopwords_count_when_glued_to_quotes_digits_or_underscores() -> None:
    plain = detect(INDONESIAN, PROFILES)
    glued = INDONESIAN.replace(" bahwa ", " “bahwa” ").replace(" karena ", " 1karena_")
    assert detect(glued, PROFILES) == plain


# The decision, restated the plain way: hits on the words all the profiles of a mask list.
def _plain_detect(text: str, profiles: tuple[LanguageProfile, ...]) -> tuple[str, float, str]:
    sample = text[: language.SAMPLE_CHARS]
    words, listed = _plain_count(sample, profiles)
    if not words:
        return (UNKNOWN, 0.0, "none")

    def hits(by: int) -> int:
        return sum(n for mask, n in listed.items() if mask & by == by)

    total = [hits(1 << i) for i in range(len(profiles))]
    best, *rivals = sorted(range(len(profiles)), key=lambda i: (-total[i], profiles[i].code))
    duels = [
        (total[best] - hits(1 << best | 1 << r), total[r] - hits(1 << best | 1 << r))
        for r in rivals
    ]
    needed = max(language.FLOOR_HITS, min(language.MIN_HITS, ceil(language.HITS_PER_WORD * words)))
    # A close call between packs langdetect calls alike (Malay is "id" to it) is the words' own.
    unsure = [
        ours < language.MIN_MARGIN * theirs
        and profiles[r].detected_as != profiles[best].detected_as
        for r, (ours, theirs) in zip(rivals, duels)
    ]
    if total[best] < needed or any(unsure):
        return (",".join(profiles[i].code for i in (best, *rivals)), 0.0, "langdetect")
    confidence = min(
        (ours / (ours + theirs) if ours else 0.5 for ours, theirs in duels), default=1.0
    )
    return (profiles[best].code, round(confidence, 3), "stopwords")


@given(
    st.lists(st.one_of(st.sampled_from(WORDS), PIECES), max_size=60).map(" ".join),
    st.lists(st.sampled_from([*PROFILES, ODD_PACK]), min_size=1, max_size=4, unique=True),
)
def test_detect_decides_as_the_plain_restatement(text: str, chosen: list[LanguageProfile]) -> None:
    # When the stopwords are unsure the real langdetect answers (a compiled build calls it
    # directly, so it cannot be stubbed): then only that it was asked is compared.
    profiles = tuple(chosen)
    found, plain = tuple(detect(text, profiles)), _plain_detect(text, profiles)
    if plain[2] == "langdetect":
        assert found[2] in ("langdetect", "none")
    else:
        assert found == plain
