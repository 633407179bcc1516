"""`cleaner batch --engine ray`: one Ray task per input file (pip install 'cleaner[ray]').

Each task calls the same per-file function as the local pool (batch.process_file, or
batch.count_file for the corpus pass), so the bytes written are the same. The job (rules,
options, template sets) goes into Ray's object store once and every task reads it from there.
A task whose worker dies is run again, up to MAX_RETRIES times; the file's outputs are atomic
and its completion marker comes last, so a retried file starts clean. Inputs and OUT must be
paths every node sees (a shared file system).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .batch import Job, Task
from .errors import CleanerError

MAX_RETRIES = 3


def connect(address: str | None) -> None:
    """ray.init once: a local instance for None, else the cluster at `address` ('auto', or
    'ray://head:10001' through Ray Client)."""
    try:
        import ray
    except ImportError:
        raise CleanerError("--engine ray needs Ray: pip install 'cleaner[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=address, log_to_driver=False)


def run(
    func: Callable[[Task, Job], Any],
    tasks: Sequence[Task],
    job: Job,
    max_retries: int = MAX_RETRIES,
) -> Iterator[Any]:
    """func(task, job) as one Ray task per file; results as they finish."""
    import ray

    remote = ray.remote(max_retries=max_retries)(func)
    shared = ray.put(job)
    pending = [remote.remote(task, shared) for task in tasks]
    while pending:
        done, pending = ray.wait(pending, num_returns=min(16, len(pending)), timeout=0.2)
        yield from ray.get(done)


def mapper(
    address: str | None,
) -> Callable[[Callable[[Task, Job], Any], Sequence[Task], Job], Iterator[Any]]:
    """What batch.run takes: connect now, then run every map on the cluster."""
    connect(address)
    return run
