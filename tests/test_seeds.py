"""Golden seeds: each seeds/*.txt must give its .clean.txt and .meta.json through the CLI.

`pytest --update-golden` rewrites them; the reviewed diff is the review of a rule change.
The sidecar's `tool` field (version, rules digest) changes with every release and is not compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
INPUTS = sorted(p for p in SEEDS.glob("*.txt") if not p.name.endswith(".clean.txt"))


def _stable(sidecar: dict) -> dict:
    return {k: v for k, v in sidecar.items() if k != "tool"}


@pytest.mark.parametrize("seed", INPUTS, ids=lambda p: p.stem)
def test_seed_matches_golden(seed: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out, meta = tmp_path / "out.txt", tmp_path / "meta.json"
    result = CliRunner().invoke(cli, ["clean", str(seed), "-o", str(out), "--meta", str(meta)])
    assert result.exit_code == 0, result.output
    clean_golden = seed.with_suffix(".clean.txt")
    meta_golden = seed.with_suffix(".meta.json")
    if request.config.getoption("--update-golden"):
        clean_golden.write_bytes(out.read_bytes())
        meta_golden.write_bytes(meta.read_bytes())
    assert out.read_bytes() == clean_golden.read_bytes()
    assert _stable(json.loads(meta.read_text())) == _stable(json.loads(meta_golden.read_text()))


def test_first_seed_is_its_first_eight_lines() -> None:
    seed = SEEDS / "000_9cbcbe727e660f3c.txt"
    clean = seed.with_suffix(".clean.txt").read_text(encoding="utf-8")
    assert clean == "".join(seed.read_text(encoding="utf-8").splitlines(keepends=True)[:8])
    meta = json.loads(seed.with_suffix(".meta.json").read_text(encoding="utf-8"))
    kinds = [r["kind"] for r in meta["removed"]]
    assert kinds == ["read_also", "related", "popular", "picks", "latest"]
    assert meta["outlet"] == "Suara.com"
    assert meta["language"]["code"] == "id"
    assert meta["metadata"]["read_also"][0]["headline"].startswith("Kampanye di Riau")
