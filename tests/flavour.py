"""Which cleaner the tests and benchmarks import: the installed one when it holds this
checkout's files (a `pip install .` wheel, whose hot modules mypyc compiled), else this
checkout's source tree (pure Python; an editable install points there too).

An installed copy of other files (an older install, another checkout's) is left alone rather
than tested by mistake. Call use_installed_if_current() before the first `import cleaner`."""

from __future__ import annotations

import importlib.machinery
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOT = (
    "engine", "prefilter", "generic", "region", "shape", "textio", "language", "sidecar",
    "pipeline",
)  # fmt: skip


def use_installed_if_current() -> Path | None:
    """Drop the checkout from sys.path when an installed cleaner has the same files; that
    installed package's folder, or None (the checkout is imported)."""
    elsewhere = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
    spec = importlib.machinery.PathFinder.find_spec("cleaner", elsewhere)
    if spec is None or not spec.submodule_search_locations:
        return None
    installed = Path(next(iter(spec.submodule_search_locations)))
    ours = [p for p in (ROOT / "cleaner").iterdir() if p.suffix in (".py", ".json")]
    pairs = [(p, installed / p.name) for p in ours]
    pairs += [(p, installed / "rules" / p.name) for p in (ROOT / "rules").glob("*.toml")]
    if installed.resolve() == (ROOT / "cleaner").resolve() or not all(
        theirs.is_file() and theirs.read_bytes() == p.read_bytes() for p, theirs in pairs
    ):
        return None
    sys.path[:] = elsewhere
    return installed


def flavour() -> str:
    """'compiled' when the imported cleaner's hot modules are C extensions (mypyc), else 'pure'."""
    import cleaner.engine

    return "pure" if cleaner.engine.__file__.endswith(".py") else "compiled"
