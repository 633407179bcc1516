"""The hooks for real: the pre-commit framework installs cleaner from this checkout and runs
.pre-commit-hooks.yaml in a throwaway dataset repository.

pre-commit clones the checkout, so the hooks tested are those of the committed HEAD (commit
before running this locally). It pip-installs cleaner with its dependencies: the first run at a
new HEAD takes about half a minute per environment; the git hook's environment is kept in
.pytest_cache between runs.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STORY = """\
Warga desa di lereng gunung mulai menanam kopi jenis baru yang tahan kemarau panjang.
Baca Juga: Jembatan Gantung Baru Diresmikan Bupati
Menurut kepala desa, hasil panen pertama akan dijual ke koperasi setempat bulan depan.
ADVERTISEMENT
Koperasi berjanji membeli seluruh hasil panen dengan harga yang disepakati bersama.
"""
STORY_FIXED = """\
Warga desa di lereng gunung mulai menanam kopi jenis baru yang tahan kemarau panjang.
Menurut kepala desa, hasil panen pertama akan dijual ke koperasi setempat bulan depan.
Koperasi berjanji membeli seluruh hasil panen dengan harga yang disepakati bersama.
"""

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None,
    reason="pre-commit is not installed (pip install '.[test]')",
)


def test_the_manifest_is_valid_and_documented() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert sorted(hooks) == ["cleaner-check", "cleaner-fix"]
    assert hooks["cleaner-check"]["entry"] == "cleaner check"
    assert hooks["cleaner-fix"]["entry"] == "cleaner check --fix"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"]
        wanted = re.compile(hook["files"])
        assert all(wanted.search(name) for name in ("a.txt", "d/b.jsonl", "c.ndjson"))
        assert not any(wanted.search(name) for name in ("README.md", "x.py", "txt"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "{id: cleaner-check}, {id: cleaner-fix}" in readme


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture
def dataset(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, dict[str, str]]:
    """A git repository with a story and a JSONL corpus, and the environment to work in it."""
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    store = cache.mkdir("pre-commit") if cache is not None else tmp_path / "pre-commit"
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env |= {"PRE_COMMIT_HOME": str(store), "PRE_COMMIT_COLOR": "never"}
    for who in ("AUTHOR", "COMMITTER"):
        env |= {f"GIT_{who}_NAME": "Data Owner", f"GIT_{who}_EMAIL": "owner@example.org"}
    repo = tmp_path / "dataset"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "story.txt").write_text(STORY, encoding="utf-8")
    corpus = '{"id": "r1", "text": "Baca Juga: Harga Kopi Naik\\nPanen kopi tahun ini melimpah."}\n'
    (repo / "data" / "corpus.jsonl").write_text(corpus, encoding="utf-8")
    assert _run("git", "init", "-q", cwd=repo, env=env).returncode == 0
    return repo, env


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="not a git checkout: pre-commit clones the repository"
)
def test_commit_refused_then_fixed(dataset: tuple[Path, dict[str, str]]) -> None:
    repo, env = dataset
    head = _run("git", "rev-parse", "HEAD", cwd=ROOT, env=env).stdout.strip()
    pre_commit = (sys.executable, "-m", "pre_commit")

    # 1. The hook from a dataset repository's config refuses a commit with boilerplate.
    config = f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks: [{{id: cleaner-check}}]\n"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    installed = _run(*pre_commit, "install", cwd=repo, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _run("git", "add", "-A", cwd=repo, env=env)
    refused = _run("git", "commit", "-q", "-m", "add data", cwd=repo, env=env)
    said = refused.stdout + refused.stderr  # git shows the hook's output on stderr
    assert refused.returncode != 0, said
    assert 'data/story.txt:2:1: read_also id.read-also "Baca Juga: Jembatan' in said
    assert "data/corpus.jsonl:1: [record id=r1] read_also id.read-also" in said
    assert _run("git", "rev-parse", "--verify", "HEAD", cwd=repo, env=env).returncode != 0

    # 2. try-repo runs both hooks on the files: check reports, fix rewrites them.
    tried = _run(
        *pre_commit, "try-repo", str(ROOT), "--ref", head,
        "--files", "data/story.txt", "data/corpus.jsonl", cwd=repo, env=env,
    )  # fmt: skip
    out = tried.stdout + tried.stderr
    assert tried.returncode == 1, out
    assert "cleaner check" in out and "files were modified by this hook" in out
    assert (repo / "data" / "story.txt").read_text(encoding="utf-8") == STORY_FIXED
    corpus = (repo / "data" / "corpus.jsonl").read_text(encoding="utf-8")
    assert corpus == '{"id": "r1", "text": "Panen kopi tahun ini melimpah."}\n'

    # 3. The fixed files pass the hook and the commit goes in.
    _run("git", "add", "-A", cwd=repo, env=env)
    accepted = _run("git", "commit", "-q", "-m", "add clean data", cwd=repo, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    _run(*pre_commit, "gc", cwd=repo, env=env)  # drop environments of older HEADs
