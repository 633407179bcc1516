"""`cleaner batch`: the mirrored tree, identical bytes at any worker count and under shards,
resume, corpus template lines, bad files, and output paths that never leave OUT."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner import batch, load_rules
from cleaner.cli import cli
from cleaner.errors import CleanerError

TEMPLATE = "Rubrik Kabar Pesisir"  # a site's menu line that no rule names
PARAGRAPHS = [
    "Nelayan di teluk utara melaporkan hasil tangkapan yang naik dua kali lipat pekan ini.",
    "Dinas perikanan menyebut cuaca tenang menjadi alasan utama kenaikan tersebut.",
    "Harga ikan di pasar pagi turun sedikit karena pasokan melimpah dari dermaga.",
    "Para pedagang berharap cuaca baik bertahan sampai akhir bulan depan.",
    "Koperasi nelayan menyiapkan gudang pendingin baru untuk menyimpan hasil laut.",
    "Pemerintah desa membantu perbaikan perahu yang rusak setelah badai bulan lalu.",
]


def _doc(n: int, template: bool) -> str:
    first, second = PARAGRAPHS[n % 6], PARAGRAPHS[(n + 1) % 6]
    lines = [f"Kabar nomor {n} dari pesisir utara pulau.", first, f"Laporan hari ke-{n}.", second]
    if template:
        lines.insert(0, TEMPLATE)
    return "\n".join(lines) + "\nBaca Juga: Perahu Hias Meriahkan Festival Laut\n"


def make_tree(root: Path) -> Path:
    src = root / "in"
    for n in range(6):
        _write(src / "pesisir" / f"{n}.txt", _doc(n, template=True))
    for n in range(3):
        _write(src / "kota" / "sub" / f"{n}.txt", _doc(n + 10, template=False))
    (src / "kota" / "arsip.txt.gz").write_bytes(gzip.compress(_doc(20, True).encode(), mtime=0))
    records = [
        {"id": f"r{n}", "url": f"https://www.contoh{n % 2}.test/a/{n}", "text": _doc(30 + n, True)}
        for n in range(4)
    ]
    rows = [json.dumps(r, ensure_ascii=False) for r in records]
    rows.insert(2, "{broken")
    (src / "dump.jsonl.gz").write_bytes(gzip.compress(("\n".join(rows) + "\n").encode(), mtime=0))
    return src


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["batch", *map(str, args)])


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tree(tmp_path_factory.mktemp("batch"))


@pytest.fixture(scope="module")
def single(src: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("single") / "out"
    result = run(src, "-o", out, "-j", "1")
    assert result.exit_code == 1, result.output  # the broken JSONL record
    return tree(out)


def test_outputs_mirror_the_tree(single: dict[str, bytes]) -> None:
    names = {n for n in single if not n.startswith(".cleaner/")}
    assert names == {
        *(f"pesisir/{n}.txt" for n in range(6)), *(f"pesisir/{n}.meta.json" for n in range(6)),
        *(f"kota/sub/{n}.txt" for n in range(3)), *(f"kota/sub/{n}.meta.json" for n in range(3)),
        "kota/arsip.txt", "kota/arsip.meta.json",
        "dump.jsonl.gz", "dump.meta.jsonl.gz", "dump.errors.jsonl",
    }  # fmt: skip
    assert len([n for n in single if n.startswith(".cleaner/done/")]) == 11
    sidecar = json.loads(single["pesisir/0.meta.json"])
    assert sidecar["source"] == "pesisir/0.txt"
    assert "Baca Juga" not in single["pesisir/0.txt"].decode()


def test_template_lines_go_per_site_with_the_corpus_rule(single: dict[str, bytes]) -> None:
    text = single["pesisir/3.txt"].decode()
    assert TEMPLATE not in text and PARAGRAPHS[3] in text
    rules = {r["rule"] for r in json.loads(single["pesisir/3.meta.json"])["removed"]}
    assert "corpus.template-line" in rules
    # kota/ holds the line once in 4 documents, and JSONL records group by url host (2 each):
    # below the thresholds, so it stays there
    assert TEMPLATE in single["kota/arsip.txt"].decode()
    assert TEMPLATE in gzip.decompress(single["dump.jsonl.gz"]).decode()


def test_no_corpus_keeps_template_lines(src: Path, tmp_path: Path) -> None:
    run(src, "-o", tmp_path, "-j", "1", "--no-corpus")
    assert TEMPLATE in (tmp_path / "pesisir" / "3.txt").read_text()


def test_jsonl_output_errors_and_exit_status(single: dict[str, bytes], src: Path, tmp_path: Path) -> None:
    rows = gzip.decompress(single["dump.jsonl.gz"]).decode().splitlines()
    assert [json.loads(r)["id"] for r in rows] == ["r0", "r1", "r2", "r3"]
    meta = [json.loads(r) for r in gzip.decompress(single["dump.meta.jsonl.gz"]).decode().splitlines()]
    assert [m["id"] for m in meta] == ["r0", "r1", "r2", "r3"]
    errors = [json.loads(r) for r in single["dump.errors.jsonl"].decode().splitlines()]
    assert [(e["line"], e["raw"]) for e in errors] == [(3, "{broken")]
    result = run(src, "-o", tmp_path, "-j", "1")
    assert result.exit_code == 1
    assert "error: dump.jsonl.gz:3: not a JSON record" in result.stderr
    assert "14 documents" in result.stderr and "errors: 1" in result.stderr
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_same_bytes_at_any_worker_count(
    src: Path, single: dict[str, bytes], tmp_path: Path, jobs: str
) -> None:
    run(src, "-o", tmp_path, "-j", jobs)
    assert tree(tmp_path) == single


def test_shards_together_equal_one_run(src: Path, single: dict[str, bytes], tmp_path: Path) -> None:
    for part in ("1/3", "2/3", "3/3"):
        run(src, "-o", tmp_path, "-j", "1", "--shard", part)
    assert tree(tmp_path) == single  # the corpus counts come from every input in each shard


def test_shard_takes_every_nth_file_of_the_sorted_list(src: Path) -> None:
    tasks, _ = batch.expand([str(src)], "/nonexistent-out")
    assert [t.rel for t in tasks] == sorted(t.rel for t in tasks)
    assert batch.shard(tasks, 2, 4) == [tasks[1], tasks[5], tasks[9]]


@pytest.mark.parametrize("spec", ["0/3", "4/3", "1", "a/b", "1/0"])
def test_bad_shard_is_a_usage_error(src: Path, tmp_path: Path, spec: str) -> None:
    result = run(src, "-o", tmp_path, "--shard", spec)
    assert result.exit_code == 2 and "--shard" in result.stderr


def test_resume_skips_finished_files_and_redoes_the_rest(src: Path, tmp_path: Path) -> None:
    work = tmp_path / "in"
    make_tree(tmp_path)
    out = tmp_path / "out"
    run(work, "-o", out, "-j", "1", "--no-corpus")
    first = tree(out)
    # a file changed since, and a file whose run died before its marker was written
    changed = work / "kota" / "sub" / "1.txt"
    changed.write_text(_doc(99, False), encoding="utf-8")
    (out / "pesisir" / "2.txt").write_text("half written")
    batch.marker_path(str(out), "pesisir/2.txt").unlink()
    result = run(work, "-o", out, "-j", "2", "--no-corpus", "--resume")
    assert "(9 already done)" in result.stderr, result.stderr
    again = tree(out)
    assert again["pesisir/2.txt"] == first["pesisir/2.txt"]
    assert "nomor 99" in again["kota/sub/1.txt"].decode()
    # other options make other outputs: a marker of another job is not 'done'
    result = run(work, "-o", out, "-j", "1", "--no-corpus", "--resume", "--no-generic")
    assert "already done" not in result.stderr


def test_a_bad_file_is_reported_and_the_others_are_done(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write(src / "ok.txt", _doc(1, False))
    (src / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    result = run(src, "-o", tmp_path / "out", "-j", "2")
    assert result.exit_code == 1
    assert "error: bad.txt.gz:" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "ok.txt").exists()
    assert not (tmp_path / "out" / "bad.txt").exists()


def test_globs_and_files(src: Path, tmp_path: Path) -> None:
    result = run(str(src / "pesisir" / "[0-2].txt"), src / "kota" / "arsip.txt.gz", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == ["0.txt", "1.txt", "2.txt", "arsip.txt"]


def test_html_input_gets_a_txt_beside_no_clash(tmp_path: Path) -> None:
    src = tmp_path / "in"
    page = "<html><body><article><p>" + PARAGRAPHS[0] + "</p><p>" + PARAGRAPHS[1] + "</p></article></body></html>"
    _write(src / "page.html", page)
    _write(src / "page.txt", _doc(1, False))
    run(src, "-o", tmp_path / "out", "-j", "1")
    assert (tmp_path / "out" / "page.html.txt").exists() and (tmp_path / "out" / "page.txt").exists()


def test_same_output_twice_is_reported(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write(src / "a.txt", _doc(1, False))
    (src / "a.txt.gz").write_bytes(gzip.compress(_doc(2, False).encode()))
    result = run(src, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1 and "same output path" in result.stderr


def test_output_folder_inside_the_input_is_not_read_again(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write(src / "a.txt", _doc(1, False))
    run(src, "-o", src / "out", "-j", "1")
    result = run(src, "-o", src / "out", "-j", "1")
    assert "1 files" in result.stderr, result.stderr


@pytest.mark.parametrize("rel", ["../x.txt", "/etc/x.txt", "a/../../x.txt", ""])
def test_output_paths_never_escape(tmp_path: Path, rel: str) -> None:
    with pytest.raises(CleanerError):
        batch.safe_target(str(tmp_path), rel)


def test_a_symlink_out_of_the_output_folder_is_refused(tmp_path: Path) -> None:
    src, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    _write(src / "site" / "a.txt", _doc(1, False))
    outside.mkdir()
    out.mkdir()
    os.symlink(outside, out / "site")
    result = run(src, "-o", out, "-j", "1")
    assert result.exit_code == 1 and "outside the output folder" in result.stderr
    assert not list(outside.iterdir())


def test_nothing_to_do_is_an_error(tmp_path: Path) -> None:
    result = run(tmp_path / "missing", "-o", tmp_path / "out")
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")


def test_job_fingerprint_follows_the_rules() -> None:
    rules = load_rules()
    job = batch.Job("out", rules)
    assert job.fingerprint() == batch.Job("elsewhere", rules).fingerprint()
    assert job.fingerprint() != batch.Job("out", rules.without(["ad"])).fingerprint()


def test_a_jsonl_named_like_another_ones_meta_is_reported(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write(src / "x.jsonl", json.dumps({"id": 1, "text": PARAGRAPHS[0]}) + "\n")
    _write(src / "x.meta.jsonl", json.dumps({"id": 2, "text": PARAGRAPHS[1]}) + "\n")
    result = run(src, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1 and "same output path" in result.stderr
    assert json.loads((tmp_path / "out" / "x.jsonl").read_text())["id"] == 1


def test_many_bad_records_all_in_the_errors_file_few_on_stderr(tmp_path: Path) -> None:
    src = tmp_path / "in"
    rows = ["[1, 2]"] * (batch.MAX_MESSAGES + 5) + [json.dumps({"text": PARAGRAPHS[0]})]
    _write(src / "d.ndjson", "\n".join(rows) + "\n")
    result = run(src, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.count("not a JSON object") == batch.MAX_MESSAGES
    assert f"errors: {batch.MAX_MESSAGES + 5}" in result.stderr
    lines = (tmp_path / "out" / "d.errors.jsonl").read_text().splitlines()
    assert len(lines) == batch.MAX_MESSAGES + 5
    assert (tmp_path / "out" / "d.ndjson").read_text().count("\n") == 1


def test_meta_field_puts_the_sidecar_in_the_record(src: Path, tmp_path: Path) -> None:
    run(src, "-o", tmp_path, "-j", "1", "--meta-field", "cleaner")
    rows = [json.loads(r) for r in gzip.decompress((tmp_path / "dump.jsonl.gz").read_bytes()).splitlines()]
    assert [r["cleaner"]["id"] for r in rows] == ["r0", "r1", "r2", "r3"]
    assert "sidecar" in rows[0]["cleaner"]
    assert not (tmp_path / "dump.meta.jsonl.gz").exists()


def test_counts_a_killed_worker_spilled_are_removed_with_the_run(
    src: Path, single: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file's counts spill to SQLite (a cap of one line); the first counting task dies
    after spilling and is tried again, as a pool or Ray retries a killed worker. The lost
    try's database goes with the run's scratch folder, and the output is the same."""
    monkeypatch.setattr(batch.corpus, "MAX_HELD", 1)
    killed = []

    def retrying(func, tasks, job):  # type: ignore[no-untyped-def]
        for task in tasks:
            if func is batch.count_file and not killed:
                lost = func(task, job)
                assert isinstance(lost, batch.corpus.Counts) and lost.path  # it spilled
                killed.append(lost.path)  # ... and its worker died before handing it over
            yield func(task, job)

    tasks, _ = batch.expand([str(src)], str(tmp_path))
    job = batch.Job(str(tmp_path), load_rules())
    totals = batch.run(tasks, job, retrying, learn_from=tasks)
    assert killed and not os.path.exists(killed[0])
    assert totals.errors  # the broken JSONL record, as in the single run
    assert tree(tmp_path) == single
    assert not [p for p in (tmp_path / batch.STATE_DIR).iterdir() if p.name != "done"]


def test_a_truncated_dump_gives_what_it_holds_and_an_error_row(tmp_path: Path) -> None:
    records = [{"id": f"t{n}", "text": _doc(n, False)} for n in range(300)]
    data = gzip.compress(("\n".join(json.dumps(r) for r in records) + "\n").encode(), mtime=0)
    _write(tmp_path / "in" / "placeholder.txt", _doc(1, False))
    (tmp_path / "in" / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    for again in (False, True):
        result = run(tmp_path / "in", "-o", tmp_path / "out", "-j", "1", *(["--resume"] * again))
        assert result.exit_code == 1, result.output
        assert "cut.jsonl.gz:" in result.stderr and "cannot be read on from here" in result.stderr
    out = tmp_path / "out"
    kept = [json.loads(r) for r in gzip.decompress((out / "cut.jsonl.gz").read_bytes()).splitlines()]
    assert 0 < len(kept) < 300 and [r["id"] for r in kept] == [f"t{n}" for n in range(len(kept))]
    (error,) = [json.loads(r) for r in (out / "cut.errors.jsonl").read_text().splitlines()]
    assert error["line"] == len(kept) + 1 and error["raw"] == ""
