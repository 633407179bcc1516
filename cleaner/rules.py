"""Rule packs: load rules/*.toml, validate them, and select the rules a document gets."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleError
from .generic import IDS as GENERIC_IDS
from .prefilter import CueIndex, heads

KINDS = (
    "read_also", "related", "popular", "picks", "latest", "nav", "ad", "share", "credit",
    "date", "tags", "pagination", "comment", "copyright", "other",
)  # fmt: skip
MATCHES = ("line", "block", "span")
ACTIONS = ("remove", "extract")
# Named groups a pattern may capture; they become metadata in the sidecar.
FIELDS = ("headline", "outlet", "place", "author", "editor", "reporter", "source", "date", "credit")
PACK_KEYS = {"description", "languages", "language", "rule"}
RULE_KEYS = {
    "id", "kind", "match", "pattern", "description", "languages", "ignore_case", "action",
    "max_lines", "examples",
}  # fmt: skip
EXAMPLE_KEYS = {"match", "keep", "fix"}
LANGUAGE_KEYS = {"code", "name", "stopwords", "langdetect"}
ID_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_MAX_LINES = 40


@dataclass(frozen=True, slots=True)
class Examples:
    match: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    fix: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: what it matches (a line, a heading opening a block, a span) and what it is."""

    id: str
    pack: str
    kind: str
    match: str
    pattern: re.Pattern[str]
    description: str
    languages: frozenset[str]
    action: str = "remove"
    max_lines: int = DEFAULT_MAX_LINES
    examples: Examples = Examples()

    def applies_to(self, language: str) -> bool:
        return "*" in self.languages or language in self.languages


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """Cheap language evidence a pack ships: its most frequent function words."""

    code: str
    name: str
    stopwords: frozenset[str]
    # The code langdetect reports this language by, when not its own: it has no Malay
    # profile and calls Malay "id". Packs that langdetect calls alike only their words tell apart.
    langdetect: str = ""

    @property
    def detected_as(self) -> str:
        return self.langdetect or self.code


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    path: Path
    description: str
    rules: tuple[Rule, ...]
    language: LanguageProfile | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Selection:
    """The rules one document gets, in order, and the cue index that tells which of them
    each of its lines may match (compiled once per rule set and language)."""

    rules: tuple[Rule, ...]
    cues: CueIndex
    heads: tuple[frozenset[str] | None, ...]  # per rule: prefilter.heads of its pattern

    @classmethod
    def of(cls, rules: Sequence[Rule]) -> Selection:
        patterns = [r.pattern for r in rules]
        return cls(tuple(rules), CueIndex(patterns), tuple(heads(p) for p in patterns))


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All loaded packs, in a fixed order: earlier packs win when two rules claim one line."""

    packs: tuple[Pack, ...]
    digest: str
    disabled: frozenset[str] = field(default=frozenset())
    # language -> Selection, filled on first use (the set itself never changes)
    _selections: dict[str, Selection] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # the packs' language profiles, read for every document: one tuple, made once
    _profiles: tuple[LanguageProfile, ...] = field(
        default=(), init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        profiles = tuple(p.language for p in self.packs if p.language is not None)
        object.__setattr__(self, "_profiles", profiles)  # frozen: set once, here

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for p in self.packs for r in p.rules if not self._off(r))

    def _off(self, rule: Rule) -> bool:
        return bool({rule.id, rule.pack, rule.kind} & self.disabled)

    def for_language(self, language: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.applies_to(language))

    def select(self, language: str) -> Selection:
        """for_language's rules, compiled for matching; cached per language."""
        found = self._selections.get(language)
        if found is None:
            found = self._selections[language] = Selection.of(self.for_language(language))
        return found

    def profiles(self) -> tuple[LanguageProfile, ...]:
        return self._profiles

    def get(self, rule_id: str) -> Rule:
        for pack in self.packs:
            for rule in pack.rules:
                if rule.id == rule_id:
                    return rule
        raise RuleError(f"no rule with id {rule_id!r}; `cleaner rules list` shows the ids")

    def without(self, names: Iterable[str]) -> RuleSet:
        """Turn off rules by id, pack name or kind."""
        names = frozenset(names)
        known = {r.id for p in self.packs for r in p.rules} | {p.name for p in self.packs}
        known |= set(GENERIC_IDS)  # detectors are turned off by id like rules
        unknown = sorted(n for n in names if n not in known and n not in KINDS)
        if unknown:
            raise RuleError(f"--disable {unknown[0]!r}: no rule id, pack or kind has that name")
        return RuleSet(self.packs, self.digest, self.disabled | names)

    def only(self, rule_id: str) -> RuleSet:
        """The set with just one rule on (used to run a rule's own examples)."""
        rule = self.get(rule_id)
        pack = Pack(rule.pack, Path(rule.pack), "", (rule,), None)
        return RuleSet((pack,), self.digest)


def bundled_rules_dir() -> Path:
    """rules/ inside an installed wheel, else the checkout's top-level rules/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError("the bundled rules/ folder is missing; reinstall cleaner")


def load_rules(extra_dirs: Sequence[Path] = (), bundled: bool = True) -> RuleSet:
    """Load the bundled packs, then packs from extra folders (later folders add rules)."""
    dirs = ([bundled_rules_dir()] if bundled else []) + [Path(d) for d in extra_dirs]
    packs: list[Pack] = []
    sha = hashlib.sha256()
    for folder in dirs:
        if not folder.is_dir():
            raise RuleError(f"{folder}: not a folder of rule packs")
        for path in sorted(folder.glob("*.toml"), key=_pack_order):
            data = path.read_bytes()
            sha.update(path.name.encode() + b"\0" + data)
            packs.append(_load_pack(path, data))
    _check_unique(packs)
    return RuleSet(tuple(packs), sha.hexdigest()[:16])


def _pack_order(path: Path) -> tuple[int, str]:
    # Site packs (site-*.toml) are the most specific, language packs next, common packs last.
    stem = path.stem
    rank = 0 if stem.startswith("site-") else 2 if stem in ("common", "generic") else 1
    return rank, stem


def _load_pack(path: Path, data: bytes) -> Pack:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None
    where = str(path)
    _no_unknown(raw, PACK_KEYS, where)
    description = _text(raw, "description", where)
    languages = _languages(raw.get("languages", ["*"]), where)
    language = _profile(raw["language"], where) if "language" in raw else None
    rules = raw.get("rule", [])
    if not isinstance(rules, list):
        raise RuleError(f"{where}: 'rule' must be an array of tables ([[rule]])")
    parsed = tuple(_rule(r, path.stem, languages, where, n) for n, r in enumerate(rules, 1))
    return Pack(path.stem, path, description, parsed, language)


def _rule(raw: object, pack: str, languages: frozenset[str], where: str, n: int) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: rule #{n} is not a table")
    rid = raw.get("id")
    where = f"{where}: rule {rid!r}" if isinstance(rid, str) else f"{where}: rule #{n}"
    _no_unknown(raw, RULE_KEYS, where)
    rid = _text(raw, "id", where)
    if not ID_SHAPE.match(rid) or rid.split(".")[0] != pack:
        raise RuleError(f"{where}: id must look like '{pack}.some-name' (pack name, dot, kebab-case)")
    kind = _choice(raw, "kind", KINDS, where)
    match = _choice(raw, "match", MATCHES, where)
    action = _choice(raw, "action", ACTIONS, where, default="remove")
    flags = re.IGNORECASE if raw.get("ignore_case", True) else 0
    pattern = _pattern(_text(raw, "pattern", where), flags, where)
    max_lines = raw.get("max_lines", DEFAULT_MAX_LINES)
    if not isinstance(max_lines, int) or isinstance(max_lines, bool) or max_lines < 1:
        raise RuleError(f"{where}: max_lines must be a whole number of at least 1")
    if "languages" in raw:
        languages = _languages(raw["languages"], where)
    examples = _examples(raw.get("examples", {}), match, where)
    return Rule(
        rid, pack, kind, match, pattern, _text(raw, "description", where), languages,
        action, max_lines, examples,
    )  # fmt: skip


def _pattern(source: str, flags: int, where: str) -> re.Pattern[str]:
    try:
        pattern = re.compile(source, flags)
    except re.error as exc:
        raise RuleError(f"{where}: pattern does not compile: {exc}") from None
    for probe in ("", "   "):
        if pattern.search(probe):
            raise RuleError(f"{where}: pattern matches an empty line; anchor it or require a word")
    bad = sorted(set(pattern.groupindex) - set(FIELDS))
    if bad:
        raise RuleError(f"{where}: unknown named group {bad[0]!r}; use one of {', '.join(FIELDS)}")
    return pattern


def _examples(raw: object, match: str, where: str) -> Examples:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: examples must be a table (examples.match = [...])")
    _no_unknown(raw, EXAMPLE_KEYS, f"{where}: examples")
    lists = {}
    for key in EXAMPLE_KEYS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(f"{where}: examples.{key} must be a list of strings")
        lists[key] = tuple(value)
    if not lists["match"]:
        raise RuleError(f"{where}: needs at least one examples.match (a line it must match)")
    if not lists["keep"]:
        raise RuleError(f"{where}: needs at least one examples.keep (a near miss it must not match)")
    return Examples(lists["match"], lists["keep"], lists["fix"])


def _profile(raw: object, where: str) -> LanguageProfile:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: [language] must be a table")
    _no_unknown(raw, LANGUAGE_KEYS, f"{where}: [language]")
    words = raw.get("stopwords", [])
    if not isinstance(words, list) or len(words) < 10:
        raise RuleError(f"{where}: [language] stopwords must list at least 10 words")
    langdetect = raw.get("langdetect", "")
    if not isinstance(langdetect, str):
        raise RuleError(f"{where}: [language] langdetect must be a language code")
    return LanguageProfile(
        _text(raw, "code", where),
        _text(raw, "name", where),
        frozenset(w.lower() for w in words),
        langdetect,
    )


def _check_unique(packs: Sequence[Pack]) -> None:
    seen: dict[str, Path] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise RuleError(f"{pack.path}: rule {rule.id!r} is also defined in {seen[rule.id]}")
            seen[rule.id] = pack.path


def _no_unknown(raw: dict[str, object], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise RuleError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}")


def _text(raw: dict[str, object], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: {key!r} is required and must be a non-empty string")
    return value


def _choice(
    raw: dict[str, object], key: str, allowed: Sequence[str], where: str, default: str = ""
) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise RuleError(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _languages(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: languages must be a list of codes such as [\"id\", \"ms\"]")
    return frozenset(value)
