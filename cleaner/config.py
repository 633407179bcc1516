"""Project settings for `cleaner check`: `.cleaner.toml` or `[tool.cleaner]` in pyproject.toml.

Discovered from the working folder upward (the first folder holding either wins; in one folder
`.cleaner.toml` beats pyproject.toml), or named with `--config`. Paths inside a config file
(rule folders, the baseline, exclude globs) are relative to the folder that holds it.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import generic, language
from .errors import CleanerError
from .pipeline import Options
from .rules import KINDS, RuleSet, load_rules

LEVELS = ("note", "warning", "error")  # severities, lowest first (SARIF's names)
DEDICATED = ".cleaner.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(CleanerError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path  # the folder relative paths are resolved from (the config's, else the cwd)
    source: Path | None = None  # the config file read, if any
    enable: tuple[str, ...] = ()  # only these rules, packs, kinds or detectors (empty: all)
    disable: tuple[str, ...] = ()  # rules, packs, kinds or detectors turned off
    rules: tuple[Path, ...] = ()  # extra rule folders
    languages: tuple[str, ...] = ()  # the dataset's languages (one: detection is skipped)
    exclude: tuple[str, ...] = ()  # globs of paths not to check
    min_severity: str = "note"
    severity: Mapping[str, str] = field(default_factory=dict)  # kind or rule id -> level
    generic: bool = True
    baseline: Path | None = None
    text_field: str = "text"  # JSONL: the field holding a record's text
    id_field: str = "id"  # JSONL: the field naming a record in messages
    flags: frozenset[str] = frozenset()  # names given with --disable (for error messages)

    def replace(self, **changes: Any) -> Settings:
        """These settings with command-line overrides (None means 'not given')."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


# key -> what it must be, as said in the error message
KEYS = {
    "enable": "a list of rule ids, pack names or kinds",
    "disable": "a list of rule ids, pack names or kinds",
    "rules": "a list of folders of rule packs",
    "languages": 'a list of language codes such as ["id", "ms"]',
    "exclude": "a list of glob patterns",
    "min-severity": f"one of {', '.join(LEVELS)}",
    "severity": f"a table of kind or rule id = one of {', '.join(LEVELS)}",
    "generic": "true or false",
    "baseline": "a path to a baseline file",
    "text-field": "a field name",
    "id-field": "a field name",
}


def discover(start: Path) -> Path | None:
    """The config file for `start`: the nearest folder upward with .cleaner.toml or a
    pyproject.toml that has a [tool.cleaner] table."""
    for folder in (start, *start.parents):
        if (folder / DEDICATED).is_file():
            return folder / DEDICATED
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and "cleaner" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load(path: Path | None = None, start: Path | None = None) -> Settings:
    """Settings from `path`, else from the discovered config, else the defaults."""
    start = (start or Path.cwd()).resolve()
    path = path or discover(start)
    if path is None:
        return Settings(root=start)
    raw = _read(path)
    if path.name == PYPROJECT or "tool" in raw:
        if "cleaner" not in raw.get("tool", {}):
            raise ConfigError(f"{path}: has no [tool.cleaner] table")
        raw, where = raw["tool"]["cleaner"], f"{path}: [tool.cleaner]"
    else:
        where = str(path)
    return _settings(raw, path.resolve().parent, path, where)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _settings(raw: Mapping[str, Any], root: Path, path: Path, where: str) -> Settings:
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(KEYS)}")

    def names(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{where}: {key!r} must be {KEYS[key]}")
        return tuple(value)

    def text(key: str, default: str) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: {key!r} must be {KEYS[key]}")
        return value

    min_severity = text("min-severity", "note")
    if min_severity not in LEVELS:
        raise ConfigError(f"{where}: 'min-severity' must be {KEYS['min-severity']}")
    severity = raw.get("severity", {})
    if not isinstance(severity, dict) or not all(v in LEVELS for v in severity.values()):
        raise ConfigError(f"{where}: 'severity' must be {KEYS['severity']}")
    generic_on = raw.get("generic", True)
    if not isinstance(generic_on, bool):
        raise ConfigError(f"{where}: 'generic' must be {KEYS['generic']}")
    baseline = text("baseline", "-") if "baseline" in raw else None
    return Settings(
        root=root,
        source=path,
        enable=names("enable"),
        disable=names("disable"),
        rules=tuple(root / p for p in names("rules")),
        languages=names("languages"),
        exclude=names("exclude"),
        min_severity=min_severity,
        severity=dict(severity),
        generic=generic_on,
        baseline=root / baseline if baseline else None,
        text_field=text("text-field", "text"),
        id_field=text("id-field", "id"),
    )


def ruleset(settings: Settings) -> RuleSet:
    """The bundled packs plus the extra folders, with enable/disable applied."""
    for folder in settings.rules:
        if not folder.is_dir():
            raise ConfigError(f"{_where(settings)}'rules': {folder} is not a folder of rule packs")
    loaded = load_rules(settings.rules)
    if settings.languages:
        loaded = _only_languages(loaded, settings.languages)
    names = _names(loaded)
    for key, chosen in (("enable", settings.enable), ("disable", settings.disable)):
        unknown = sorted(set(chosen) - names)
        if unknown:
            name = unknown[0]
            where = "--disable " if name in settings.flags else f"{_where(settings)}{key!r}: "
            raise ConfigError(
                f"{where}{name!r} is no rule id, pack, kind or detector; "
                "`cleaner rules list` shows them"
            )
    unknown = sorted(set(settings.severity) - names)
    if unknown:
        raise ConfigError(f"{_where(settings)}'severity': {unknown[0]!r} is no rule id or kind")
    off = set(settings.disable)
    if settings.enable:
        on = set(settings.enable)
        items = [(r.id, r.pack, r.kind) for p in loaded.packs for r in p.rules]
        items += [(d.id, "generic", d.kind) for d in generic.DETECTORS]
        off |= {ident for ident, pack, kind in items if not {ident, pack, kind} & on}
    # Disabling a kind also silences the generic detectors that report it.
    off |= {d.id for d in generic.DETECTORS if d.kind in off or "generic" in off}
    return RuleSet(loaded.packs, loaded.digest, loaded.disabled | off)


def options(settings: Settings) -> Options:
    only = settings.languages[0] if len(settings.languages) == 1 else None
    # Always text: --fix rewrites the file's own lines, never an article extracted from HTML.
    return Options(language=only, generic=settings.generic, format="text")


def options_for(settings: Settings, loaded: RuleSet, text: str) -> Options:
    """With several languages, a document detected as none of them gets the first."""
    chosen = options(settings)
    if len(settings.languages) > 1:
        found = language.detect(text, loaded.profiles())
        if found.code not in settings.languages:
            return dataclasses.replace(chosen, language=settings.languages[0])
    return chosen


def severity_of(settings: Settings, kind: str, rule: str, default: str) -> str:
    """A rule's own entry beats its kind's, which beats the built-in default."""
    return settings.severity.get(rule, settings.severity.get(kind, default))


def _names(loaded: RuleSet) -> set[str]:
    rules = {r.id for p in loaded.packs for r in p.rules} | {p.name for p in loaded.packs}
    return rules | set(KINDS) | set(generic.IDS) | {"generic"}


def _only_languages(loaded: RuleSet, codes: Sequence[str]) -> RuleSet:
    """Keep only these languages' stopword profiles, so detection chooses among them."""
    packs = tuple(
        dataclasses.replace(p, language=None)
        if p.language is not None and p.language.code not in codes
        else p
        for p in loaded.packs
    )
    return RuleSet(packs, loaded.digest, loaded.disabled)


def _where(settings: Settings) -> str:
    if settings.source is None:
        return ""
    table = " [tool.cleaner]:" if settings.source.name == PYPROJECT else ""
    return f"{settings.source}:{table} "
