"""Undo a clean: the clean text plus its sidecar give back the input, byte for byte."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from .errors import InputError
from .textio import BOM


def restore(clean_text: str, sidecar: dict[str, Any]) -> bytes:
    """Re-insert every removed line and span, then the original terminators and BOM."""
    try:
        return _restore(clean_text, sidecar)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # a hand-edited or truncated sidecar: a field missing or of the wrong type
        raise InputError(f"the sidecar is malformed ({type(exc).__name__}: {exc})") from None


def _restore(clean_text: str, sidecar: dict[str, Any]) -> bytes:
    try:
        info = sidecar["restore"]
        total = sidecar["input"]["lines"]
        expected = sidecar["input"]["sha256"]
        removed = sidecar["removed"]
    except (KeyError, TypeError):
        raise InputError("the sidecar lacks the restore, input or removed fields") from None
    whole: dict[int, str] = {}
    spans: dict[int, list[tuple[int, str, str]]] = {}
    for seg in removed:
        if "span" in seg:
            cut = (seg["span"][0], seg["text"], seg.get("joined", ""))
            spans.setdefault(seg["line"], []).append(cut)
        else:
            first, last = seg["lines"]
            texts = seg["text"].split("\n")
            if last - first + 1 != len(texts):
                raise InputError(f"sidecar segment at line {first} does not match its line range")
            whole.update(zip(range(first, last + 1), texts))
    kept = clean_text.split("\n")
    if kept[-1] == "":
        kept.pop()  # every kept line ends with \n; an empty text holds no line at all
    kept_iter = iter(kept)
    ends = {number: end for number, end in info["newline_exceptions"]}
    pieces = [BOM] if info["bom"] else []
    for number in range(1, total + 1):
        if number in whole:
            text = whole[number]
        else:
            kept_line = next(kept_iter, None)
            if kept_line is None:
                raise InputError("the clean text has fewer lines than the sidecar describes")
            text = kept_line
            for start, piece, joined in sorted(spans.get(number, [])):
                # the span goes back in, in place of what joined the text around it
                text = text[:start] + piece + text[start + len(joined) :]
        pieces.append(text + ends.get(number, info["newline"]))
    if next(kept_iter, None) is not None:
        raise InputError("the clean text has more lines than the sidecar describes")
    data = "".join(pieces).encode("utf-8", errors="surrogatepass")
    if info.get("original_base64"):
        data = base64.b64decode(info["original_base64"])
    if hashlib.sha256(data).hexdigest() != expected:
        raise InputError("restored text does not match the sidecar's input hash; wrong pair?")
    return data
