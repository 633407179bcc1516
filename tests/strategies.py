"""Hypothesis strategies: noisy news documents whose every line knows what it is.

A generated document is a list of lines, each with a role: `article` (a paragraph of
invented prose that must survive), `boilerplate` (a line a rule or a heading block must
remove: drawn from the rule packs' own examples), `span` (a span rule's example: cut or
dropped, never checked line by line) or `noise` (blank lines, stray bytes, emoji: no
expectation). Noise that the engine promises to see through (NBSP, zero-width and control
characters, case) is put on the lines themselves; noise the engine does not promise to read
(random bytes, mojibake, odd terminators) only ever on article lines or on lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import strategies as st

from cleaner.rules import Rule, RuleSet
from cleaner.textio import view_of

# Invented vocabulary: everyday news words, none of them a boilerplate cue.
WORDS = {
    "id": (
        "pemerintah daerah warga menyampaikan bahwa program bantuan akan segera disalurkan kepada "
        "masyarakat yang membutuhkan di wilayah itu dan sekitarnya menurut kepala dinas anggaran "
        "tahun ini meningkat dibandingkan sebelumnya petani sawah musim hujan harga beras pasar "
        "pedagang mengatakan jalan rusak perbaikan sekolah guru siswa rumah sakit pasien dokter "
        "kota desa camat tidak karena dengan untuk dari dalam pada juga sudah telah oleh"
    ).split(),
    "ms": (
        "kerajaan negeri rakyat berkata bahawa projek akan dilaksanakan pada minggu hadapan "
        "kementerian sekolah murid kerana tidak boleh jalan raya kenderaan polis siasatan "
        "mahkamah tersebut penduduk kampung menerima bantuan banjir sebelum ini mereka dengan "
        "untuk dalam lebih ramai pegawai daerah hospital pesakit doktor bandar ekonomi harga"
    ).split(),
    "en": (
        "the council said that residents would receive support before winter officials "
        "confirmed budget increase farmers prices market bridge repairs school teachers hospital "
        "patients city village police investigation court families river flood road workers "
        "plan was and of in to for with after their new local week year"
    ).split(),
}
LANGUAGES = tuple(WORDS)

BOM = "\ufeff"
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
ODD_SPACES = ("\u00a0", "\u2009", "\u202f", "\u3000")
CONTROLS = ("\x00", "\x01", "\x07", "\x1b", "\x7f")
EMOJI = ("🔥", "👉", "📰", "✅", "😀", "🇮🇩")
MOJIBAKE = ("â€œ", "â€\x9d", "â€™", "Ã©", "Ã¨", "Â ", "â€“")
SEPARATORS = ("-", "•", "—", "*", "|")
TERMINATORS = ("\n", "\r\n", "\r")


@dataclass(frozen=True, slots=True)
class Piece:
    role: str  # article, boilerplate, span, noise
    raw: bytes  # the line's bytes, without terminator (never holds \r or \n)

    @property
    def text(self) -> str:
        """What cleaner decodes this line to (decoding is per line: \\r and \\n are ASCII)."""
        return self.raw.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Document:
    pieces: tuple[Piece, ...]
    data: bytes
    language: str
    bom: bool = False  # the data starts with a byte order mark before the first piece

    def texts(self, role: str) -> list[str]:
        """What cleaner reads the pieces of a role as. Decoding takes a U+FEFF at the very
        start of the data for the byte order mark, so the first piece loses a leading one
        (surface noise) when no byte order mark comes before it."""
        out = []
        for n, piece in enumerate(self.pieces):
            if piece.role == role:
                text = piece.text
                out.append(text[1:] if n == 0 and not self.bom and text[:1] == BOM else text)
        return out


# --- article text ---------------------------------------------------------------------------


@st.composite
def sentence(draw: st.DrawFn, language: str) -> str:
    words = draw(st.lists(st.sampled_from(WORDS[language]), min_size=8, max_size=18))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), str(draw(st.integers(2, 2030))))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


@st.composite
def paragraph(draw: st.DrawFn, language: str) -> str:
    """Two to four sentences: prose by any measure (long, ends with a full stop)."""
    sentences = draw(st.lists(sentence(language), min_size=2, max_size=4))
    if draw(st.integers(0, 9)) == 0:  # now and then a very long line
        sentences = sentences * draw(st.integers(20, 120))
    return " ".join(sentences)


@st.composite
def headline(draw: st.DrawFn, language: str) -> str:
    """A linked headline: four to ten title-case words, no full stop at the end."""
    words = draw(st.lists(st.sampled_from(WORDS[language]), min_size=4, max_size=10))
    text = " ".join(w.capitalize() for w in words)
    return text + draw(st.sampled_from(("", "", "?", "!")))


# --- noise ----------------------------------------------------------------------------------


@st.composite
def surface_noise(draw: st.DrawFn, text: str, change_case: bool) -> str:
    """Noise a rule must see through: odd spaces, zero-width and control characters, case."""
    if change_case:
        text = draw(st.sampled_from((str, str.upper, str.lower, str.title)))(text)
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(("zw", "space", "control")))
        if kind == "space":
            spaces = [i for i, c in enumerate(chars) if c == " "]
            if spaces:
                chars[draw(st.sampled_from(spaces))] = draw(st.sampled_from(ODD_SPACES))
        else:
            chars.insert(where, draw(st.sampled_from(ZERO_WIDTH if kind == "zw" else CONTROLS)))
    return "".join(chars)


@st.composite
def article_noise(draw: st.DrawFn, text: str) -> bytes:
    """Everything but line breaks may happen inside a paragraph: emoji, mojibake, bad bytes."""
    text = draw(surface_noise(text, change_case=True))
    words = text.split(" ")
    for _ in range(draw(st.integers(0, 3))):
        extra = draw(st.sampled_from(EMOJI + MOJIBAKE + ("  ", "\t")))
        # In front of the last word: the paragraph still ends with its full stop.
        words.insert(draw(st.integers(1, max(1, len(words) - 1))), extra)
    raw = " ".join(words).encode("utf-8")
    if draw(st.integers(0, 5)) == 0:
        junk = draw(st.binary(min_size=1, max_size=6)).replace(b"\r", b"").replace(b"\n", b"")
        cut = draw(st.integers(0, max(0, len(raw) - 2)))
        raw = raw[:cut] + junk + raw[cut:]
    return raw


@st.composite
def noise_line(draw: st.DrawFn) -> Piece:
    kind = draw(st.sampled_from(("blank", "blank", "spaces", "emoji", "bytes", "controls")))
    if kind == "blank":
        raw = b""
    elif kind == "spaces":
        raw = draw(st.sampled_from((" ", "\t", "\u00a0", "  \u200b "))).encode()
    elif kind == "emoji":
        raw = "".join(draw(st.lists(st.sampled_from(EMOJI), min_size=1, max_size=4))).encode()
    elif kind == "controls":
        raw = "".join(draw(st.lists(st.sampled_from(CONTROLS), min_size=1, max_size=3))).encode()
    else:
        raw = draw(st.binary(min_size=1, max_size=40)).replace(b"\r", b"").replace(b"\n", b"")
    return Piece("noise", raw)


# --- boilerplate from the packs -------------------------------------------------------------


def _usable(rule: Rule, line: str) -> bool:
    return bool(rule.pattern.search(view_of(line).text))


@st.composite
def rule_line(draw: st.DrawFn, rule: Rule) -> str:
    """One of the rule's own examples.match, with surface noise if the rule still reads it."""
    example = draw(st.sampled_from(rule.examples.match))
    noisy = draw(surface_noise(example, change_case=bool(rule.pattern.flags & re.IGNORECASE)))
    return noisy if _usable(rule, noisy) else example


@st.composite
def block(draw: st.DrawFn, rule: Rule, language: str) -> list[Piece]:
    """A heading and the list under it, in one of the layouts sites use."""
    heading = draw(rule_line(rule))
    style = draw(st.sampled_from(("dash-lines", "bullets", "plain", "numbered")))
    room = rule.max_lines if style != "dash-lines" else rule.max_lines // 2
    count = draw(st.integers(1, max(1, min(6, room))))
    lines = [heading]
    for n in range(1, count + 1):
        title = draw(headline(language))
        if style == "dash-lines":
            lines += [draw(st.sampled_from(SEPARATORS)), title]
        elif style == "bullets":
            lines.append(f"{draw(st.sampled_from(('-', '•', '»')))} {title}")
        elif style == "numbered":
            lines.append(f"{n}. {title}")
        else:
            lines.append(title)
    return [Piece("boilerplate", line.encode()) for line in lines]


def removal_rules(ruleset: RuleSet, language: str) -> list[Rule]:
    """Rules whose examples must vanish from a document in this language."""
    return [r for r in ruleset.for_language(language) if r.action == "remove"]


@st.composite
def boilerplate(draw: st.DrawFn, rules: list[Rule], language: str) -> list[Piece]:
    rule = draw(st.sampled_from(rules))
    if rule.match == "block":
        return draw(block(rule, language))
    role = "span" if rule.match == "span" else "boilerplate"
    return [Piece(role, draw(rule_line(rule)).encode())]


# --- documents ------------------------------------------------------------------------------


@st.composite
def documents(draw: st.DrawFn, ruleset: RuleSet, language: str | None = None) -> Document:
    """Article paragraphs and boilerplate in any order, noise between and on them."""
    language = language or draw(st.sampled_from(LANGUAGES))
    rules = removal_rules(ruleset, language)
    sections: list[list[Piece]] = []
    for k in range(draw(st.integers(1, 4))):
        # A number of its own makes each paragraph distinct: a second copy of a paragraph is
        # boilerplate by design (generic.repeated-text), not an article paragraph.
        text = draw(paragraph(language))[:-1] + f" {3001 + k}."
        sections.append([Piece("article", draw(article_noise(text)))])
    for _ in range(draw(st.integers(0, 5)) if rules else 0):
        sections.append(draw(boilerplate(rules, language)))
    for _ in range(draw(st.integers(0, 3))):
        sections.append([draw(noise_line())])
    order = draw(st.permutations(range(len(sections))))
    pieces = [p for i in order for p in sections[i]]
    bom = draw(st.integers(0, 4)) == 0
    return Document(tuple(pieces), draw(assemble(pieces, bom)), language, bom)


@st.composite
def assemble(draw: st.DrawFn, pieces: list[Piece], bom: bool = False) -> bytes:
    """Join lines with one terminator or a mix, after a BOM if asked, maybe no final newline."""
    mixed = draw(st.booleans())
    usual = draw(st.sampled_from(TERMINATORS))
    out = [BOM.encode()] if bom else []
    for n, piece in enumerate(pieces):
        end = draw(st.sampled_from(TERMINATORS)) if mixed else usual
        if n == len(pieces) - 1 and draw(st.booleans()):
            end = ""
        out.append(piece.raw + end.encode())
    return b"".join(out)


def noisy_bytes() -> st.SearchStrategy[bytes]:
    """Anything at all: random bytes, and text built from the characters that cause trouble."""
    tricky = st.sampled_from(
        ("\r", "\n", "\r\n", "\ufeff", "\x00", "\u00a0", "\u200b", "\u2028", "\x0b", "\x0c", "\x85")
        + EMOJI + MOJIBAKE + SEPARATORS
        + ("Baca Juga: ", "Berita Terkait", "Terpopuler", "- ", "ADVERTISEMENT", ":", ".")
    )  # fmt: skip
    text = st.lists(st.one_of(tricky, st.text(max_size=20)), max_size=40).map("".join)
    return st.one_of(
        st.binary(max_size=400),
        text.map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    )
