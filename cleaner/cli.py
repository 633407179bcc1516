"""The command line: parse arguments, read and write files, map errors to exit codes."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, config, formats, generic, streams
from . import baseline as baselines
from .check import check as check_paths
from .errors import CleanerError
from .explain import explain as explain_lines
from .pipeline import Options, clean_bytes
from .restore import restore as restore_bytes
from .rules import RuleSet, load_rules
from .sidecar import SCHEMA_PATH

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """One line on stderr, exit status 2: the job could not be done."""

    exit_code = EXIT_ERROR


@contextmanager
def failures() -> Iterator[None]:
    try:
        yield
    except CleanerError as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise Failure(f"{where}{exc.strerror or exc}") from None


def rule_options(func: F) -> F:
    """--rules, --disable, --lang, --no-generic, --format: shared by the cleaning commands."""

    @click.option(
        "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
        help="A folder of extra rule packs (*.toml); repeatable.",
    )  # fmt: skip
    @click.option(
        "--disable", multiple=True, metavar="ID",
        help="Turn off a rule, a whole pack or a kind (e.g. id.read-also, common, ad); repeatable.",
    )  # fmt: skip
    @click.option("--lang", metavar="CODE", help="Skip language detection and use this code.")
    @click.option(
        "--no-generic", is_flag=True, help="Only named rules; no shape-based generic detectors."
    )
    @click.option(
        "--format", "input_format", type=click.Choice(["auto", "text", "html"]), default="auto",
        show_default=True,
        help="Input format; auto takes *.html files and input that starts like a web page as "
        "HTML (article extracted with trafilatura, then cleaned).",
    )  # fmt: skip
    @wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        with failures():
            ruleset = load_rules(kwargs.pop("rule_dirs")).without(kwargs.pop("disable"))
        options = Options(
            language=kwargs.pop("lang"),
            generic=not kwargs.pop("no_generic"),
            format=kwargs.pop("input_format"),
        )
        return func(ruleset=ruleset, options=options, **kwargs)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def cli() -> None:
    """Strip boilerplate from scraped news text, with a JSON sidecar of what was removed."""


@cli.command()
@click.argument("source", default="-", metavar="INPUT")
@click.option("-o", "--output", default="-", help="Where the clean text goes ('-': stdout).")
@click.option(
    "--meta", type=click.Path(dir_okay=False),
    help="Write the JSON sidecar here (with --jsonl: one meta row a record, as JSONL).",
)  # fmt: skip
@click.option("--jsonl", is_flag=True, help="INPUT is JSONL: clean each record's text field.")
@click.option("--text-field", default="text", show_default=True, help="JSONL: the text field.")
@click.option("--id-field", default="id", show_default=True, help="JSONL: the record's id field.")
@click.option("--meta-field", metavar="NAME", help="JSONL: put each record's meta in this field.")
@click.option(
    "--meta-format", type=click.Choice(streams.META_FORMATS), default="cleaner", show_default=True,
    help="JSONL meta: cleaner's sidecar, or Dolma's attribute row (character offsets).",
)  # fmt: skip
@click.option(
    "--errors", "errors_path", type=click.Path(dir_okay=False),
    help="JSONL: write bad records here (JSONL) instead of stderr lines.",
)  # fmt: skip
@rule_options
def clean(
    source: str, output: str, meta: str | None, jsonl: bool, text_field: str, id_field: str,
    meta_field: str | None, meta_format: str, errors_path: str | None, ruleset: RuleSet,
    options: Options,
) -> None:  # fmt: skip
    """Clean one document (a file, or '-' for stdin), or with --jsonl every record of a JSONL
    dump. Files ending in .gz, .bz2, .xz or .zst are (de)compressed; stdin is sniffed.

    Exit status: 0 done, 1 some JSONL records could not be cleaned (the rest were), 2 usage
    error or unreadable input.
    """
    targets = [t for t in (output, meta, errors_path) if t and t != "-"]
    for n, target in enumerate(targets):
        if source != "-" and _same_file(source, target):
            raise Failure(f"{target}: is the input too; write elsewhere, then move it over")
        if any(_same_file(target, other) for other in targets[:n]):
            raise Failure(f"{target}: named twice; -o, --meta and --errors need a file each")
    if not jsonl and (meta_field or errors_path or meta_format != "cleaner"):
        raise click.UsageError("--meta-field, --meta-format and --errors go with --jsonl")
    if meta and meta_field:
        raise click.UsageError("--meta and --meta-field do not go together")
    if jsonl:
        fields = streams.Fields(text_field, id_field, meta_format)
        with failures():
            bad = _clean_jsonl(
                source, output, meta, meta_field, errors_path, fields, ruleset, options
            )
        click.get_current_context().exit(EXIT_FINDINGS if bad else EXIT_OK)
    with failures():
        data = streams.read_bytes(source)
        named = replace(options, source=_name(streams.plain_name(source)))
        result = clean_bytes(data, ruleset, named)
        with streams.open_output(output) as out:
            out.write(result.text.encode("utf-8"))
        if meta:
            with streams.open_output(meta) as out:
                out.write((json.dumps(result.sidecar, ensure_ascii=False, indent=1) + "\n").encode())


def _clean_jsonl(
    source: str, output: str, meta: str | None, meta_field: str | None, errors_path: str | None,
    fields: streams.Fields, ruleset: RuleSet, options: Options,
) -> int:  # fmt: skip
    """Stream the records through; bad ones go to the errors file or stderr. Their count."""
    bad = 0
    with ExitStack() as stack:
        stream = stack.enter_context(streams.open_input(source))
        out = stack.enter_context(streams.open_output(output))
        meta_out = stack.enter_context(streams.open_output(meta)) if meta else None
        errors_out = stack.enter_context(streams.open_output(errors_path)) if errors_path else None
        name = "<stdin>" if source == "-" else source
        records = streams.read_records(streams.read_lines(stream, source), fields.text)
        opts = streams.record_options(options, source)
        for done in streams.clean_records(records, ruleset, opts, fields, name):
            if done.output is None or done.meta is None:
                bad += 1
                if errors_out is not None:
                    errors_out.write(streams.error_row(name, done))
                else:
                    click.echo(f"Error: {name}:{done.record.line}: {done.error}", err=True)
                continue
            if meta_field:
                done.output[meta_field] = done.meta
            out.write(streams.dump_record(done.output))
            if meta_out is not None:
                meta_out.write(streams.dump_record(done.meta))
    return bad


@cli.command()
@click.argument("source", default="-", metavar="INPUT")
@rule_options
def explain(source: str, ruleset: RuleSet, options: Options) -> None:
    """Show every line with its verdict (keep/drop/edit), kind and rule id."""
    with failures():
        data = read_input(source)
        result = clean_bytes(data, ruleset, replace(options, source=_name(source)))
    for row in explain_lines(result):
        click.echo(row)


@cli.command()
@click.argument("clean_path", metavar="CLEAN")
@click.option("--meta", required=True, type=click.Path(dir_okay=False), help="The sidecar JSON.")
@click.option("-o", "--output", default="-", help="Where the restored input goes ('-': stdout).")
def restore(clean_path: str, meta: str, output: str) -> None:
    """Give back the original input from clean text and its sidecar."""
    with failures():
        try:
            text = read_input(clean_path).decode("utf-8")
        except UnicodeDecodeError as exc:  # clean writes UTF-8: this is not its output
            raise Failure(f"{clean_path}: not clean text (bad UTF-8 at byte {exc.start})") from None
        try:
            sidecar = json.loads(Path(meta).read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise Failure(f"{meta}: not a JSON sidecar ({exc})") from None
        write_output(output, restore_bytes(text, sidecar))


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES...", type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Remove what is reported, rewriting files atomically.")
@click.option(
    "--format", "fmt", type=click.Choice(formats.NAMES), default="auto", show_default=True,
    help="Output; auto = github under GitHub Actions, else human.",
)  # fmt: skip
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="This .cleaner.toml or pyproject.toml instead of the one found from here upward.",
)  # fmt: skip
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Accept the findings recorded in this baseline file.")  # fmt: skip
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record every finding as accepted in this file; exit 0.")  # fmt: skip
@click.option("--min-severity", type=click.Choice(config.LEVELS), help="Report only from here up.")
@click.option(
    "--rules", "rule_dirs", multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of extra rule packs; repeatable.",
)  # fmt: skip
@click.option("--disable", multiple=True, metavar="ID", help="A rule, pack, kind or detector to turn off.")
@click.option("--lang", metavar="CODE", help="Skip language detection and use this code.")
@click.option("--no-generic", is_flag=True, help="Only named rules; no generic detectors.")
@click.option("--text-field", metavar="NAME", help="JSONL: the field holding the text [text].")
@click.option("--id-field", metavar="NAME", help="JSONL: the field naming a record [id].")
def check(
    paths: tuple[Path, ...], fix: bool, fmt: str, config_path: Path | None, baseline: Path | None,
    write_baseline: Path | None, min_severity: str | None, rule_dirs: tuple[Path, ...],
    disable: tuple[str, ...], lang: str | None, no_generic: bool, text_field: str | None,
    id_field: str | None,
) -> None:  # fmt: skip
    """Report boilerplate in text and JSONL files (folders: their .txt and .jsonl files).

    Exit status: 0 clean, 1 findings (or files fixed), 2 usage error or unreadable input.
    """
    if fix and write_baseline:
        raise click.UsageError("--fix and --write-baseline do not go together")
    with failures():
        found = config.load(config_path)
        settings = found.replace(
            rules=found.rules + rule_dirs, disable=found.disable + disable,
            flags=frozenset(disable), languages=(lang,) if lang else None,
            min_severity=min_severity, generic=False if no_generic else None,
            text_field=text_field, id_field=id_field,
        )  # fmt: skip
        report = check_paths(list(paths), settings, fix, baseline, not write_baseline)
        if write_baseline:
            write_output(str(write_baseline), baselines.dump(write_baseline, report.findings))
    if write_baseline:  # the findings are accepted now; only problems fail
        click.echo(formats.baseline_written(report, write_baseline), nl=False, err=True)
        click.get_current_context().exit(EXIT_ERROR if report.problems else EXIT_OK)
    out = formats.render(formats.resolve(fmt, os.environ), report)
    click.echo(out.stdout, nl=False)
    click.echo(out.stderr, nl=False, err=True)
    click.get_current_context().exit(report.exit_code)


@cli.group()
def rules() -> None:
    """List and show the rules."""


@rules.command("list")
@click.option("--lang", metavar="CODE", help="Only rules that apply to this language.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path))
def rules_list(lang: str | None, rule_dirs: tuple[Path, ...]) -> None:
    """One line a rule: id, kind, match, languages, description."""
    with failures():
        ruleset = load_rules(rule_dirs)
    chosen = ruleset.for_language(lang) if lang else ruleset.rules
    for rule in chosen:
        langs = ",".join(sorted(rule.languages))
        click.echo(f"{rule.id:<32} {rule.kind:<10} {rule.match:<5} {langs:<8} {rule.description}")
    for det in generic.DETECTORS:
        click.echo(f"{det.id:<32} {det.kind:<10} {'shape':<5} {'*':<8} {det.description}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path))
def rules_show(rule_id: str, rule_dirs: tuple[Path, ...]) -> None:
    """Everything about one rule, its examples included."""
    with failures():
        rule = load_rules(rule_dirs).get(rule_id)
    click.echo(f"id:          {rule.id}")
    click.echo(f"pack:        {rule.pack}")
    click.echo(f"kind:        {rule.kind}")
    click.echo(f"match:       {rule.match}{' (extract only)' if rule.action == 'extract' else ''}")
    click.echo(f"languages:   {', '.join(sorted(rule.languages))}")
    click.echo(f"description: {rule.description}")
    click.echo(f"pattern:     {rule.pattern.pattern}")
    for label, items in (("matches", rule.examples.match), ("keeps", rule.examples.keep)):
        for item in items:
            click.echo(f"{label}:     {item}")
    for snippet in rule.examples.fix:
        click.echo("fix:\n" + snippet.strip("\n"))


@cli.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) that every sidecar validates against."""
    click.echo(SCHEMA_PATH.read_text(encoding="utf-8"), nl=False)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="The output folder; it mirrors the input tree.")  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [all cores].")
@click.option("--resume", is_flag=True, help="Skip inputs a previous run finished.")
@click.option("--shard", metavar="I/N", help="Do only files I, I+N, ... of the sorted list (1-based).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool; ray: one Ray task per file (pip install 'cleaner[ray]').")  # fmt: skip
@click.option("--address", help="Ray cluster address for ray.init ('auto', 'ray://head:10001').")
@click.option("--no-corpus", is_flag=True, help="Do not learn and remove corpus template lines.")
@click.option("--text-field", default="text", show_default=True, help="JSONL: the text field.")
@click.option("--id-field", default="id", show_default=True, help="JSONL: the id field.")
@click.option("--meta-format", type=click.Choice(streams.META_FORMATS), default="cleaner",
              show_default=True, help="JSONL: sidecar rows, or Dolma attribute rows.")  # fmt: skip
@click.option("--meta-field", metavar="NAME", help="JSONL: meta into this field, not a file.")
@rule_options
def batch(
    inputs: tuple[str, ...], out: str, jobs: int | None, resume: bool, shard: str | None,
    engine: str, address: str | None, no_corpus: bool, text_field: str, id_field: str,
    meta_format: str, meta_field: str | None, ruleset: RuleSet, options: Options,
) -> None:  # fmt: skip
    """Clean folders, files and quoted globs into OUT, mirroring the tree.

    Text and HTML files give OUT/<path>.txt and OUT/<path>.meta.json; JSONL files give
    OUT/<path> (same compression), a .meta sidecar JSONL beside it and, for bad records, an
    .errors.jsonl. Exit status: 0 done, 1 some files or records failed (the rest are done),
    2 usage error.
    """
    from . import batch as batches

    try:
        part = batches.parse_shard(shard) if shard else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None
    if address and engine != "ray":
        raise click.UsageError("--address goes with --engine ray")
    tasks, problems = batches.expand(inputs, out)
    if not tasks and problems:
        raise Failure(problems[0])
    fields = streams.Fields(text_field, id_field, meta_format)
    job = batches.Job(out, ruleset, options, fields, meta_field, resume=resume)
    mine = batches.shard(tasks, *part) if part else tasks
    learn = None if no_corpus else tasks
    with failures():
        if engine == "ray":
            from . import ray_runner

            mapper = ray_runner.mapper(address)
        else:
            batches.warm(job)
            workers = jobs or batches.default_workers()
            mapper = lambda f, ts, j: batches.run_local(f, ts, j, workers)  # noqa: E731
        progress = sys.stderr if sys.stderr.isatty() else None
        totals = batches.run(mine, job, mapper, learn, progress)
    for line in problems + totals.errors:
        click.echo(f"error: {line}", err=True)
    click.echo(totals.report(), nl=False, err=True)
    errors = bool(problems or totals.errors)
    click.get_current_context().exit(EXIT_FINDINGS if errors else EXIT_OK)


def read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    if Path(source).is_dir():
        raise Failure(f"{source}: is a folder; give a file, or '-' for stdin")
    return Path(source).read_bytes()


def write_output(target: str, data: bytes) -> None:
    """Write to stdout, or atomically to a file: a crash never leaves half a file."""
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _name(source: str) -> str | None:
    return None if source == "-" else Path(source).name


def main() -> None:
    # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit status 1.
    try:
        code = cli.main(prog_name="cleaner", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (click.Abort, KeyboardInterrupt):  # click wraps Ctrl-C in Abort
        click.echo("Interrupted", err=True)
        code = EXIT_INTERRUPTED
    sys.exit(code if isinstance(code, int) else EXIT_OK)
