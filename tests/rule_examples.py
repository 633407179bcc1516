"""Reading a rule's diff-annotated `examples.fix` snippets into (input, expected output)."""

from __future__ import annotations


def parse_fix(snippet: str) -> tuple[str, str]:
    """'  ' kept, '- ' removed, '+ ' what a removed line becomes (span rules)."""
    given: list[str] = []
    expected: list[str] = []
    for raw in snippet.strip("\n").split("\n"):
        marker, text = raw[:2], raw[2:]
        if raw == "" or marker == "  ":
            given.append(text)
            expected.append(text)
        elif marker == "- ":
            given.append(text)
        elif marker == "+ ":
            expected.append(text)
        else:
            raise ValueError(f"fix line must start with '  ', '- ' or '+ ': {raw!r}")
    return "".join(t + "\n" for t in given), "".join(t + "\n" for t in expected)
