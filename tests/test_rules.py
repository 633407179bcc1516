"""Every rule's own examples run as tests; the packs on disk load and validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Options, RuleError, clean_text, load_rules
from cleaner.rules import Rule, bundled_rules_dir
from cleaner.textio import view_of
from rule_examples import parse_fix

RULESET = load_rules()
RULES = [r for p in RULESET.packs for r in p.rules]


def _language(rule: Rule) -> str:
    return "en" if "*" in rule.languages else sorted(rule.languages)[0]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_matches_its_examples(rule: Rule) -> None:
    for line in rule.examples.match:
        assert rule.pattern.search(view_of(line).text), f"{rule.id} must match {line!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_keeps_its_near_misses(rule: Rule) -> None:
    for line in rule.examples.keep:
        assert not rule.pattern.search(view_of(line).text), f"{rule.id} must not match {line!r}"


FIXES = [(r, snippet) for r in RULES for snippet in r.examples.fix]


@pytest.mark.parametrize("rule,snippet", FIXES, ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(FIXES)])
def test_rule_fix_example(rule: Rule, snippet: str) -> None:
    given, expected = parse_fix(snippet)
    alone = RULESET.only(rule.id)
    result = clean_text(given, alone, Options(language=_language(rule), generic=False))
    assert result.text == expected


def test_every_pack_on_disk_is_loaded() -> None:
    on_disk = {p.stem for p in bundled_rules_dir().glob("*.toml")}
    assert {p.name for p in RULESET.packs} == on_disk


def test_required_language_packs_exist() -> None:
    codes = {p.code for p in RULESET.profiles()}
    assert {"id", "ms", "en"} <= codes


@pytest.mark.parametrize(
    "body,message",
    [
        ("description = 'x'\n[[rule]]\nid = 'bad.a'\n", "'kind' is not one of"),
        ("description = 'x'\nsurprise = 1\n", "unknown key 'surprise'"),
        (
            "description='x'\n[[rule]]\nid='bad.a'\nkind='ad'\nmatch='line'\npattern='.*'\n"
            "description='d'\nexamples.match=['a']\nexamples.keep=['b']\n",
            "matches an empty line",
        ),
        (
            "description='x'\n[[rule]]\nid='other.a'\nkind='ad'\nmatch='line'\npattern='x'\n"
            "description='d'\nexamples.match=['x']\nexamples.keep=['b']\n",
            "id must look like 'bad.some-name'",
        ),
        (
            "description='x'\n[[rule]]\nid='bad.a'\nkind='ad'\nmatch='line'\npattern='(x'\n"
            "description='d'\nexamples.match=['x']\nexamples.keep=['b']\n",
            "pattern does not compile",
        ),
        ("description = 'x'\n[[rule]\n", "not valid TOML"),
    ],
)
def test_bad_pack_names_file_rule_and_problem(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "bad.toml").write_text(body.replace("'kind' is not one of", ""), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    text = str(info.value)
    assert str(tmp_path / "bad.toml") in text
    assert message.replace("'kind' is not one of", "kind") in text
