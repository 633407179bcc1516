"""`cleaner batch`: many input files cleaned into a mirrored output tree, in parallel.

The unit of work is one input file (DataTrove, DCLM and NeMo Curator do the same): the sorted
list of inputs is the plan, shard i of N takes files i, i+N, ..., and a completion marker
written after a file's outputs lets a rerun skip it. `process_file` is the one per-file
function; the local pool here and the Ray runner (ray_runner.py) both call it, so both give
the same bytes. Nothing in here touches stdout or exits: cli.py does that.
"""

from __future__ import annotations

import glob
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar
from urllib.parse import urlsplit

from . import corpus, html, streams
from .errors import CleanerError
from .pipeline import Options, clean_bytes
from .rules import RuleSet
from .textio import decode, split_lines

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSED = (".gz", ".zst", ".bz2", ".xz")
MAX_MESSAGES = 20  # error lines one file reports on stderr; its errors file has them all
STATE_DIR = ".cleaner"  # OUT/.cleaner/done/<hash>.json: one completion marker per input
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Task:
    """One input file: where it is, and its path under OUT (posix, relative)."""

    path: str
    rel: str
    kind: str  # "text" (text or HTML document) or "jsonl"


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs besides the task; the same for every file of a run."""

    out: str
    ruleset: RuleSet
    options: Options = Options()
    fields: streams.Fields = streams.Fields()
    meta_field: str | None = None  # JSONL: meta into this field of each record, not a file
    templates: Mapping[str, frozenset[int]] = field(default_factory=dict)
    resume: bool = False
    scratch: str = ""  # the corpus pass's folder for spilled counts (run() makes and removes it)

    key: str = ""  # fingerprint(), computed once by run()

    def fingerprint(self) -> str:
        """What the outputs depend on besides the input: a marker from another job is stale."""
        o = self.options
        spec = [self.ruleset.digest, sorted(self.ruleset.disabled), o.language, o.generic,
                o.format, self.fields.text, self.fields.id, self.fields.meta_format,
                self.meta_field, corpus.digest(self.templates)]  # fmt: skip
        return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:16]


@dataclass(slots=True)
class FileResult:
    rel: str
    docs: int = 0
    bytes_in: int = 0  # of the input file as stored (compressed if it is)
    bytes_out: int = 0
    removed: Counter[str] = field(default_factory=Counter)  # segments by kind
    errors: list[str] = field(default_factory=list)  # "rel[:line]: reason", the first few
    failed: int = 0  # bad records, or 1 for a file that could not be done
    skipped: bool = False  # finished by an earlier run (--resume)

    def fail(self, message: str) -> None:
        self.failed += 1
        if self.failed <= MAX_MESSAGES:
            self.errors.append(message)
        elif self.failed == MAX_MESSAGES + 1:
            self.errors.append(f"{self.rel}: more bad records; all are in its errors file")


# -- planning: inputs to a sorted task list ---------------------------------------------------


def kind_of(name: str) -> str | None:
    base = name.lower()
    for suffix in COMPRESSED:
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    if base.endswith(TEXT_SUFFIXES):
        return "text"
    if base.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def expand(inputs: Sequence[str], out: str) -> tuple[list[Task], list[str]]:
    """Folders (walked), files and globs to tasks sorted by output path, and problems.

    A folder's files keep their path below it; a glob's keep theirs below the part of the
    pattern before the first wildcard; a named file is its name. Files under OUT are skipped,
    so OUT may sit inside an input folder."""
    tasks: dict[str, Task] = {}
    problems: list[str] = []
    out_dir = Path(out).resolve()
    for given in inputs:
        found = list(_files(given, out_dir))
        if not found:
            problems.append(f"{given}: no such file, or nothing to clean in it")
        for path, rel in found:
            kind = kind_of(path.name)
            if kind is None:
                problems.append(f"{path}: not a .txt/.html/.jsonl file (compressed or not)")
            elif rel in tasks and tasks[rel].path != str(path):
                problems.append(f"{path}: same output path as {tasks[rel].path} ({rel})")
            else:
                tasks[rel] = Task(str(path), rel, kind)
    ordered = sorted(tasks.values(), key=lambda t: t.rel)
    owner: dict[str, str] = {}  # output path -> the input writing it
    kept = []
    for task in ordered:  # a.txt and a.txt.gz both write a.txt; x.jsonl writes x.meta.jsonl
        names = list(output_names(task).values())
        clash = next((n for n in names if n in owner), None)
        if clash is not None:
            problems.append(f"{task.path}: same output path as {owner[clash]} ({clash})")
            continue
        owner.update((n, task.path) for n in names)
        kept.append(task)
    return kept, problems


def _files(given: str, out_dir: Path) -> Iterator[tuple[Path, str]]:
    if any(ch in given for ch in "*?["):
        parts = Path(given).parts
        fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _wild(p))]]
        root = Path(*fixed) if fixed else Path(".")
        for name in sorted(glob.glob(given, recursive=True)):
            path = Path(name)
            if kind_of(path.name) and path.is_file() and not _inside(path, out_dir):
                yield path, path.relative_to(root).as_posix()
        return
    path = Path(given)
    if path.is_file():
        yield path, path.name
    elif path.is_dir():
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                full = Path(folder) / name
                if kind_of(name) and full.is_file() and not _inside(full, out_dir):
                    yield full, full.relative_to(path).as_posix()


def _wild(part: str) -> bool:
    return any(ch in part for ch in "*?[")


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder)


def parse_shard(spec: str) -> tuple[int, int]:
    """'i/N', 1-based: shard 1/4 takes files 1, 5, 9, ... of the sorted list."""
    try:
        i, n = (int(part) for part in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard {spec!r}: expected i/N, e.g. 3/16") from None
    if not 1 <= i <= n:
        raise ValueError(f"--shard {spec!r}: i must be between 1 and N (shards are 1-based)")
    return i, n


def shard(tasks: Sequence[Task], i: int, n: int) -> list[Task]:
    return list(tasks[i - 1 :: n])


# -- output paths ------------------------------------------------------------------------------


def output_rel(task: Task) -> str:
    """Text/HTML: <rel>.txt, uncompressed ('a.txt.gz' -> 'a.txt', 'b.html' -> 'b.html.txt').
    JSONL: <rel> itself, same compression."""
    if task.kind == "jsonl":
        return task.rel
    base = _strip_compression(task.rel)
    return base if base.lower().endswith(".txt") else base + ".txt"


def output_names(task: Task) -> dict[str, str]:
    """The paths under OUT a task writes: text and meta, or data, meta and errors."""
    main = output_rel(task)
    if task.kind == "text":
        return {"text": main, "meta": main[: -len(".txt")] + ".meta.json"}
    plain = _strip_compression(main)
    stem, ext = os.path.splitext(plain)
    return {"data": main, "meta": stem + ".meta" + ext + main[len(plain) :],
            "errors": stem + ".errors.jsonl"}  # fmt: skip


def outputs(task: Task, out: str) -> dict[str, Path]:
    """The files a task writes, each checked to stay inside OUT."""
    return {key: safe_target(out, rel) for key, rel in output_names(task).items()}


def safe_target(out: str, rel: str) -> Path:
    """OUT/rel, refused when rel is absolute, climbs with '..' or lands outside OUT through
    a symlink."""
    parts = Path(rel).parts
    if not rel or Path(rel).is_absolute() or ".." in parts or rel.startswith(("/", "\\")):
        raise CleanerError(f"{rel}: output path would leave the output folder")
    root = Path(out).resolve()
    target = root / rel
    if not target.resolve().is_relative_to(root):
        raise CleanerError(f"{rel}: output path leads outside the output folder (symlink)")
    return target


def marker_path(out: str, rel: str) -> Path:
    name = hashlib.sha256(rel.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return Path(out) / STATE_DIR / "done" / f"{name}.json"


def _strip_compression(name: str) -> str:
    for suffix in COMPRESSED:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


@contextmanager
def _writer(target: Path) -> Iterator[BinaryIO]:
    """streams.open_output (atomic, compressed by suffix) into a folder made first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with streams.open_output(str(target)) as out:
        yield out


# -- the per-file work -------------------------------------------------------------------------


def process_file(task: Task, job: Job) -> FileResult:
    """Clean one input file into OUT, then write its completion marker. Never raises for a
    bad file: the problem is returned in `errors` and the other files go on."""
    result = FileResult(task.rel)
    try:
        stat = os.stat(task.path)
        result.bytes_in = stat.st_size
        marker = marker_path(job.out, task.rel)
        stamp = {"rel": task.rel, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                 "job": job.key or job.fingerprint()}  # fmt: skip
        if job.resume and _finished(marker, stamp):
            return _from_marker(marker, result)
        marker.unlink(missing_ok=True)
        targets = outputs(task, job.out)
        if task.kind == "text":
            _clean_document(task, job, targets, result)
        else:
            _clean_jsonl(task, job, targets, result)
        with _writer(marker) as fh:
            fh.write(json.dumps({**stamp, "result": _summary(result)}, sort_keys=True).encode())
    except (OSError, CleanerError) as exc:
        result.fail(f"{task.rel}: {_reason(exc, task.path)}")
    return result


def _finished(marker: Path, stamp: dict[str, Any]) -> bool:
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(found.get(k) == v for k, v in stamp.items())


def _from_marker(marker: Path, result: FileResult) -> FileResult:
    saved = json.loads(marker.read_text(encoding="utf-8"))["result"]
    result.docs, result.bytes_out = saved["docs"], saved["bytes_out"]
    result.removed = Counter(saved["removed"])
    result.errors, result.failed = list(saved["errors"]), saved["failed"]
    result.skipped = True
    return result


def _summary(result: FileResult) -> dict[str, Any]:
    return {"docs": result.docs, "bytes_out": result.bytes_out,
            "removed": dict(sorted(result.removed.items())), "errors": result.errors,
            "failed": result.failed}  # fmt: skip


def _reason(exc: BaseException, path: str) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return (str(exc) or type(exc).__name__).removeprefix(f"{path}: ")


def _clean_document(task: Task, job: Job, targets: dict[str, Path], result: FileResult) -> None:
    data = streams.read_bytes(task.path)
    keys = job.templates.get(group_of(task.rel), frozenset())
    options = replace(job.options, source=streams.plain_name(task.rel), template_lines=keys)
    cleaned = clean_bytes(data, job.ruleset, options)
    text = cleaned.text.encode("utf-8")
    meta = (json.dumps(cleaned.sidecar, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    for target, body in ((targets["text"], text), (targets["meta"], meta)):
        with _writer(target) as out:
            out.write(body)
    result.docs = 1
    result.bytes_out = len(text)
    result.removed.update(s.kind for s in cleaned.analysis.segments)


def _clean_jsonl(task: Task, job: Job, targets: dict[str, Path], result: FileResult) -> None:
    """streams.clean_records one record at a time, each with its site's template lines; bad
    records go to the errors file, opened at the first one."""
    base = streams.record_options(job.options, task.rel)
    with ExitStack() as stack:
        src = stack.enter_context(streams.open_input(task.path))
        out = stack.enter_context(_writer(targets["data"]))
        meta = None if job.meta_field else stack.enter_context(_writer(targets["meta"]))
        errors: BinaryIO | None = None
        for record in streams.read_records(streams.read_lines(src, task.path), job.fields.text):
            group = record_group(record.data, task.rel) if record.data else ""
            options = replace(base, template_lines=job.templates.get(group, frozenset()))
            for done in streams.clean_records([record], job.ruleset, options, job.fields, task.rel):
                if done.output is None or done.meta is None:
                    if errors is None:
                        errors = stack.enter_context(_writer(targets["errors"]))
                    errors.write(streams.error_row(task.rel, done))
                    result.fail(f"{task.rel}:{record.line}: {done.error}")
                    continue
                if job.meta_field:
                    done.output[job.meta_field] = done.meta
                body = streams.dump_record(done.output)
                out.write(body)
                if meta is not None:
                    meta.write(streams.dump_record(done.meta))
                result.docs += 1
                result.bytes_out += len(body)
                result.removed.update(_kinds(done.meta))
        # files an earlier run of a changed input or other options may have left
        if errors is None:
            targets["errors"].unlink(missing_ok=True)
        if meta is None:
            targets["meta"].unlink(missing_ok=True)


def _kinds(meta: Mapping[str, Any]) -> list[str]:
    """The kinds of the segments a meta row records (sidecar or Dolma attributes)."""
    if "sidecar" in meta:
        return [r["kind"] for r in meta["sidecar"]["removed"]]
    return [k.removeprefix("cleaner__") for k, spans in meta["attributes"].items() for _ in spans]


# -- corpus template lines: the first pass -----------------------------------------------------


def group_of(rel: str) -> str:
    """A document file's site: its folder under the input root."""
    return "dir:" + (Path(rel).parent.as_posix() if "/" in rel else ".")


def record_group(record: Mapping[str, Any], rel: str) -> str:
    """A JSONL record's site: its url's host, else its outlet or source field, else the
    file's folder."""
    url = record.get("url")
    if isinstance(url, str):
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return "host:" + host.removeprefix("www.")
    for key in ("outlet", "source"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return f"{key}:{value.strip().casefold()}"
    return group_of(rel)


def count_file(task: Task, job: Job) -> corpus.Counts | str:
    """Candidate template lines of one input file by group, or why it could not be read.
    HTML documents are not counted: trafilatura already drops a page's template. A file
    with more distinct lines than corpus.MAX_HELD spills them into a database of its own
    in job.scratch, which learn_templates merges and deletes."""
    counts = corpus.Counts(corpus.MAX_HELD, job.scratch or state_dir(job.out))
    try:
        if task.kind == "text":
            data = streams.read_bytes(task.path)
            if not html.is_html(data, job.options.format, streams.plain_name(task.rel)):
                lines = (line.text for line in split_lines(decode(data).text))
                counts.add(group_of(task.rel), corpus.document_keys(lines))
            return counts
        with streams.open_input(task.path) as src:
            for record in streams.read_records(streams.read_lines(src, task.path), job.fields.text):
                if record.data is None or record.text is None:
                    continue
                if html.is_html(record.text.encode("utf-8"), job.options.format, None):
                    continue
                keys = corpus.document_keys(x.text for x in split_lines(record.text))
                counts.add(record_group(record.data, task.rel), keys)
    except (OSError, CleanerError) as exc:
        counts.close()
        return f"{task.rel}: {_reason(exc, task.path)}"
    return counts


def learn_templates(
    results: Iterable[corpus.Counts | str], folder: str | None = None
) -> dict[str, frozenset[int]]:
    """Merge per-file counts (in any order: sums do not care) into template sets; past
    corpus.MAX_HELD keys they go into a database in `folder`, deleted at the end."""
    with corpus.Counts(corpus.MAX_HELD, folder) as total:
        for found in results:
            if isinstance(found, corpus.Counts):
                total.merge(found)
        return total.templates()


def _learn(
    tasks: Sequence[Task],
    job: Job,
    mapper: Callable[[Callable[[Task, Job], Any], Sequence[Task], Job], Iterable[Any]],
) -> dict[str, frozenset[int]]:
    """The corpus pass. Spilled counts go into a folder of this run's own, removed at the end
    whatever became of them: a worker killed after spilling (a retried Ray task, say) leaves
    its database behind, and shards that share OUT must not remove each other's."""
    os.makedirs(state_dir(job.out), exist_ok=True)
    scratch = os.path.abspath(tempfile.mkdtemp(prefix="counts-", dir=state_dir(job.out)))
    try:
        found = mapper(count_file, tasks, replace(job, scratch=scratch))
        return learn_templates(found, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def state_dir(out: str) -> str:
    return str(Path(out) / STATE_DIR)


# -- running: a local process pool ------------------------------------------------------------

_JOB: Job | None = None


def _init(job: Job) -> None:
    """A pool worker: Ctrl-C is the main process's to handle; the SIGTERM with which it then
    stops the pool unwinds the task, so that no temporary file is left behind."""
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _call(func: Callable[[Task, Job], R], task: Task) -> R:
    assert _JOB is not None
    return func(task, _JOB)


def warm(job: Job) -> None:
    """Load what every document needs (langdetect's profiles) once, before workers fork."""
    from langdetect import detector_factory

    detector_factory.init_factory()


def default_workers() -> int:
    """The cores this process may run on (all of the machine's where that is unknown)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def run_local(
    func: Callable[[Task, Job], R], tasks: Sequence[Task], job: Job, workers: int
) -> Iterator[R]:
    """func(task, job) for every task, results as they finish. One worker runs in this
    process; more fork from it after `warm`, so each starts with the rules and langdetect
    loaded and none of them pickles the job."""
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield func(task, job)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(tasks) // (workers * 16))
    pool = ctx.Pool(min(workers, len(tasks)), initializer=_init, initargs=(job,))
    try:
        yield from pool.imap_unordered(_Bound(func), tasks, chunksize=chunk)
        # Done: let the workers finish their loop and exit. Terminating them (SIGTERM) is for
        # errors and Ctrl-C only: a worker stopped while it waits on the task queue's lock can
        # leave that lock held and its siblings (and so the join) hanging.
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


class _Bound:
    """func with the worker's job (a picklable callable for Pool.imap)."""

    def __init__(self, func: Callable[[Task, Job], Any]) -> None:
        self.func = func

    def __call__(self, task: Task) -> Any:
        return _call(self.func, task)


# -- totals and progress -----------------------------------------------------------------------


@dataclass(slots=True)
class Totals:
    files: int = 0
    skipped: int = 0
    docs: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    failed: int = 0
    seconds: float = 0.0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.skipped += result.skipped
        self.docs += result.docs
        self.bytes_in += result.bytes_in
        self.bytes_out += result.bytes_out
        self.removed.update(result.removed)
        self.errors.extend(result.errors)
        self.failed += result.failed

    def report(self) -> str:
        removed = ", ".join(f"{k} {n}" for k, n in sorted(self.removed.items())) or "nothing"
        skipped = f" ({self.skipped} already done)" if self.skipped else ""
        return (
            f"{self.files} files{skipped}, {self.docs} documents, "
            f"{_mb(self.bytes_in)} in, {_mb(self.bytes_out)} out, {self.seconds:.1f}s\n"
            f"removed: {removed}\n"
            f"errors: {self.failed}\n"
        )


class Progress:
    """One self-overwriting line on a terminal: files, documents, MB, rate, ETA."""

    def __init__(self, stream: IO[str] | None, total_files: int, total_bytes: int) -> None:
        self.stream, self.total_files, self.total_bytes = stream, total_files, total_bytes
        self.started = self.shown = time.monotonic()

    def update(self, totals: Totals, force: bool = False) -> None:
        now = time.monotonic()
        if self.stream is None or (now - self.shown < 0.2 and not force):
            return
        self.shown = now
        rate = totals.bytes_in / max(now - self.started, 1e-6)
        left = (self.total_bytes - totals.bytes_in) / rate if rate else 0.0
        eta = time.strftime("%H:%M:%S", time.gmtime(left)) if totals.bytes_in else "--:--:--"
        self.stream.write(
            f"\r{totals.files}/{self.total_files} files  {totals.docs} docs  "
            f"{_mb(totals.bytes_in)}/{_mb(self.total_bytes)}  {rate / 1e6:.1f} MB/s  ETA {eta} "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def sizes(tasks: Iterable[Task]) -> int:
    total = 0
    for task in tasks:
        try:
            total += os.stat(task.path).st_size
        except OSError:
            pass
    return total


def run(
    tasks: Sequence[Task],
    job: Job,
    mapper: Callable[[Callable[[Task, Job], Any], Sequence[Task], Job], Iterable[Any]],
    learn_from: Sequence[Task] | None = None,
    progress: IO[str] | None = None,
) -> Totals:
    """The batch: learn template lines from `learn_from` (every input, also under --shard,
    so that each shard gets the same sets) when given, then clean `tasks`."""
    started = time.monotonic()
    if learn_from is not None:
        job = replace(job, templates=_learn(learn_from, job, mapper))
    job = replace(job, key=job.fingerprint())
    totals = Totals()
    bar = Progress(progress, len(tasks), sizes(tasks))
    for result in mapper(process_file, tasks, job):
        totals.add(result)
        bar.update(totals)
    bar.update(totals, force=True)
    bar.close()
    totals.errors.sort()
    totals.seconds = time.monotonic() - started
    return totals
