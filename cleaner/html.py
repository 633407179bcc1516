"""HTML input: tell HTML from text, decode it, and extract the article with trafilatura.

trafilatura finds the main content by markup; what it keeps (inline "Baca juga" paragraphs,
credits, copyright lines) then goes through the same rules as any text. The extracted text
has one paragraph a line, so the rules see what a scraper's text dump would hold.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:  # lxml and trafilatura load only when a page comes in
    from lxml.etree import _Element
    from lxml.html import HtmlElement

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
METADATA_FIELDS = ("title", "author", "date", "sitename", "url", "hostname", "categories", "tags")
LATEST_DATE = "2099-12-31"
_SECTION = "//head/meta[@property='article:section']/@content"
# trafilatura's settings, measured on ../shared/devset/html with bench/html_accuracy.py.
SETTINGS: dict[str, Any] = {
    "include_comments": False,  # reader comments are never article
    "include_tables": True,  # tables in stories hold data the story needs
    "deduplicate": False,  # its dedup cache is stateful: the same page could differ between runs
}
# trafilatura's main extractor alone (fast=True) first; its full cascade (comparison with
# readability and jusText) only when the fast run fell back to a page dump. Measured with
# bench/html_accuracy.py: ScrapingHub shingle F1 0.961 -> 0.966, the Indonesian pages unchanged,
# and extraction about 40% faster than the full cascade on every page.
FAST_FIRST = True
# trafilatura's last resort is the whole page's text as one block: one element holding at
# least this many lines. A real article body comes as one element per paragraph.
DUMP_MIN_LINES = 20

# WHATWG MIME sniffing: a page starts (after whitespace, comments and an XML declaration)
# with one of these tags followed by a space or '>'.
_LEADING_JUNK = re.compile(rb"(?:\s+|<!--.*?-->|<\?xml[^>]*>)*", re.DOTALL)
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p"
    rb"|meta|link|article|section|main|header|nav)[\s>/]",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096
# What a page's first byte can be: the junk starts with whitespace or '<', the tag with '<';
# \xef starts a UTF-8 BOM. Any other first byte settles it without a regex (most text).
_PAGE_FIRST_BYTES = frozenset(b"<\xef \t\n\r\x0b\x0c")
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding>
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_DECLARE_BYTES = 16384
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Browsers read these labels as windows-1252 (WHATWG Encoding): it is what such pages hold.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"}
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

# Elements of trafilatura's output tree that start a new line; `lb` (<br>) does too.
_BLOCKS = {"doc", "body", "main", "p", "head", "list", "item", "quote", "table", "row", "code", "div"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Decoding:
    text: str
    encoding: str  # what the bytes were decoded with
    declared: str | None  # the charset the page declares, when it declares one


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article of an HTML page as text, one paragraph a line, with what the page said."""

    text: str
    metadata: dict[str, Any]
    encoding: str
    declared_charset: str | None
    sha256: str
    bytes: int
    warnings: tuple[str, ...] = field(default=())

    def record(self) -> dict[str, Any]:
        """The sidecar's `html` field."""
        import trafilatura

        return {
            "sha256": self.sha256,
            "bytes": self.bytes,
            "encoding": self.encoding,
            "declared_charset": self.declared_charset,
            "extractor": {
                "name": "trafilatura", "version": trafilatura.__version__, **SETTINGS,
                "fast_first": FAST_FIRST,
            },
            "metadata": self.metadata,
        }


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like a web page (the WHATWG sniffing rule, a few tags more)."""
    if not data or data[0] not in _PAGE_FIRST_BYTES:
        return False
    head = data[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8)
    junk = _LEADING_JUNK.match(head)
    return bool(_HTML_START.match(head, junk.end() if junk else 0))


def is_html(data: bytes, fmt: str, name: str | None = None) -> bool:
    """Whether this input takes the HTML route: `fmt` is "auto", "text" or "html"."""
    if fmt == "auto":
        return bool(name and name.lower().endswith(HTML_SUFFIXES)) or looks_like_html(data)
    if fmt in ("text", "html"):
        return fmt == "html"
    raise InputError(f"unknown format {fmt!r}: use auto, text or html")


def decode_html(data: bytes) -> Decoding:
    """Decode a page by what its bytes hold, not only by what it declares.

    Pages often declare one charset and hold another (ISO-8859-1 declared, UTF-8 sent), so:
    a BOM wins; then valid UTF-8 (legacy text with accents is almost never valid UTF-8); then
    the declared charset if the bytes decode with it; then, for mostly-UTF-8 bytes, UTF-8 with
    stray bytes read as windows-1252; last, charset_normalizer's guess.
    """
    declared = _declared_charset(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoding(data[len(bom) :].decode(name, errors="replace"), name, declared)
    try:
        return Decoding(data.decode("utf-8"), "utf-8", declared)
    except UnicodeDecodeError:
        pass
    if declared and _codec(declared) not in (None, "utf-8"):
        try:
            return Decoding(data.decode(_codec(declared) or ""), _codec(declared) or "", declared)
        except (UnicodeDecodeError, LookupError):
            pass
    utf8_bytes = sum(len(seq) for seq in _UTF8_MULTIBYTE.findall(data))
    if utf8_bytes > len(_HIGH_BYTE.findall(data)) - utf8_bytes:
        return Decoding(data.decode("utf-8", errors=_CP1252_FALLBACK), "utf-8+windows-1252", declared)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return Decoding(str(best), best.encoding, declared)
    return Decoding(data.decode("cp1252", errors="replace"), "windows-1252", declared)


def extract_html(data: bytes, url: str | None = None) -> Extracted:
    """The main content of a page, one paragraph a line, and the page's metadata.

    For callers holding HTML in other containers (a JSONL field): pass its UTF-8 bytes.
    """
    from trafilatura.utils import load_html

    decoding = decode_html(data)
    warnings = []
    if (
        decoding.declared
        and not data.isascii()
        and _codec(decoding.declared) != _codec(decoding.encoding)
    ):
        warnings.append(
            f"the page declares charset {decoding.declared} but holds {decoding.encoding}; "
            f"read as {decoding.encoding}"
        )
    tree = load_html(decoding.text)
    found = None
    if tree is not None:
        found = _extract(tree, url, fast=FAST_FIRST)
        if FAST_FIRST and _is_page_dump(found):
            found = _extract(tree, url, fast=False)
    if found is None or found.body is None:
        warnings.append("trafilatura found no main content in this page")
    text = "".join(line + "\n" for line in _lines(found.body)) if found and found.body is not None else ""
    metadata = _metadata(tree, url) if tree is not None else dict.fromkeys(METADATA_FIELDS)
    return Extracted(
        text, metadata, decoding.encoding, decoding.declared,
        hashlib.sha256(data).hexdigest(), len(data), tuple(warnings),
    )  # fmt: skip


def _extract(tree: HtmlElement, url: str | None, fast: bool) -> Any:
    from trafilatura import bare_extraction

    try:  # trafilatura works on a copy of the tree: the metadata reads the original
        return bare_extraction(tree, url=url, fast=fast, **SETTINGS)
    except ValueError:  # how trafilatura says "nothing to extract"
        return None


def _is_page_dump(found: Any) -> bool:
    """No content, or trafilatura's last resort: the page's whole text in one element."""
    if found is None or found.body is None or len(found.body) == 0:
        return True
    return len(found.body) == 1 and "".join(found.body.itertext()).count("\n") >= DUMP_MIN_LINES - 1


def _metadata(tree: HtmlElement, url: str | None) -> dict[str, Any]:
    """trafilatura's metadata readers that cost little: meta tags, OpenGraph, JSON-LD, <title>,
    and htmldate without its extensive search. Left out: trafilatura's search for a byline and
    for category/tag links in the body (12 ms a page, 40% of the extraction's own time, measured
    on ../shared/devset/html); bylines in the text reach the sidecar through the credit rules."""
    from courlan import extract_domain
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url,
    )  # fmt: skip

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # trafilatura's own check: one-word "authors" are site handles
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura guards this call alike: JSON-LD in the wild
        pass
    meta.title = meta.title or extract_title(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.hostname = extract_domain(meta.url, fast=True) if meta.url else None
    # A fixed latest date: with the default (today) the same page could date differently later.
    meta.date = find_date(
        tree, extensive_search=False, original_date=True, url=meta.url, max_date=LATEST_DATE
    )
    meta.sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@") or None
    meta.categories = meta.categories or tree.xpath(_SECTION)
    meta.clean_and_trim()
    # <meta name="keywords"> arrives as one comma-separated string
    meta.tags = list(dict.fromkeys(t.strip() for tag in meta.tags or [] for t in tag.split(",")))
    return {name: _plain(getattr(meta, name, None)) for name in METADATA_FIELDS}


def _lines(body: _Element) -> list[str]:
    """One line a block of trafilatura's output tree, whitespace collapsed as a browser does."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            lines.append(text)
        current.clear()

    def walk(node: _Element) -> None:
        block = node.tag in _BLOCKS
        if block or node.tag == "lb":
            flush()
        elif node.tag == "cell" and current:
            current.append(" | ")
        current.append(node.text or "")
        for child in node:
            walk(child)
        if block:
            flush()
        current.append(node.tail or "")

    walk(body)
    flush()
    return lines


def _declared_charset(data: bytes) -> str | None:
    found = _DECLARED.search(data[:_DECLARE_BYTES])
    if not found:
        return None
    return (found.group(1) or found.group(2)).decode("ascii", errors="replace").lower()


def _codec(label: str) -> str | None:
    """Python's name for a charset label, windows-1252 for the labels browsers read so."""
    label = label.lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _plain(value: Any) -> Any:
    """Metadata as JSON values: lists stay lists, empty becomes None."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v] or None
    return str(value) if value else None


def _read_stray_as_cp1252(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    # the five bytes windows-1252 leaves undefined are read as ISO-8859-1, like browsers do
    stray = err.object[err.start : err.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in stray), err.end


_CP1252_FALLBACK = "cleaner-stray-cp1252"
codecs.register_error(_CP1252_FALLBACK, _read_stray_as_cp1252)
