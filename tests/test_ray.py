"""`cleaner batch --engine ray` on a local Ray instance: same bytes as the local pool, and a
task whose worker dies is run again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from test_batch import make_tree, run, tree  # noqa: E402

from cleaner import batch, load_rules, ray_runner  # noqa: E402


@pytest.fixture(scope="session")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_writes_the_same_bytes_as_the_local_pool(local_ray: None, tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    local, remote = tmp_path / "local", tmp_path / "ray"
    assert run(src, "-o", local, "-j", "2").exit_code == 1  # the broken JSONL record
    result = run(src, "-o", remote, "--engine", "ray")
    assert result.exit_code == 1, result.stderr
    assert "error: dump.jsonl.gz:3:" in result.stderr
    assert tree(remote) == tree(local)


def test_a_crashed_worker_is_retried(local_ray: None, tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    tasks, _ = batch.expand([str(src)], str(tmp_path / "out"))
    job = batch.Job(str(tmp_path / "out"), load_rules())
    crashed = tmp_path / "crashed-once"

    def flaky(task: batch.Task, job: batch.Job) -> batch.FileResult:
        # The first attempt at this file kills its worker process outright.
        if task.rel == "pesisir/2.txt" and not crashed.exists():
            crashed.touch()
            os._exit(1)
        return batch.process_file(task, job)

    results = list(ray_runner.run(flaky, tasks, job, max_retries=2))
    assert crashed.exists()
    assert sorted(r.rel for r in results) == [t.rel for t in tasks]
    assert (tmp_path / "out" / "pesisir" / "2.txt").exists()


def test_without_retries_the_crash_surfaces(local_ray: None, tmp_path: Path) -> None:
    src = make_tree(tmp_path)
    tasks, _ = batch.expand([str(src)], str(tmp_path / "out"))
    job = batch.Job(str(tmp_path / "out"), load_rules())

    def dies(task: batch.Task, job: batch.Job) -> batch.FileResult:
        os._exit(1)

    with pytest.raises(ray.exceptions.RayError):
        list(ray_runner.run(dies, tasks[:1], job, max_retries=0))
