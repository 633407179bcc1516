"""cleaner: strip boilerplate from scraped news text, with a sidecar of what was removed."""

__version__ = "0.1.0"

from . import _pickle  # noqa: E402, F401  (compiled frozen dataclasses pickle: see there)
from .errors import CleanerError, InputError, RuleError  # noqa: E402
from .pipeline import Options, Result, clean_bytes, clean_text  # noqa: E402
from .restore import restore  # noqa: E402
from .rules import RuleSet, load_rules  # noqa: E402

__all__ = [
    "CleanerError",
    "InputError",
    "Options",
    "Result",
    "RuleError",
    "RuleSet",
    "__version__",
    "clean_bytes",
    "clean_text",
    "load_rules",
    "restore",
]
