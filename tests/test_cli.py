"""The command line as the README's "Using it" section shows it, its exit codes and its errors.

Every error is one line on stderr starting with "Error:" and exit status 2; Ctrl-C is 130;
files are written atomically. Fixtures are invented text.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from click.testing import Result as Run

from cleaner import Options, Result, clean_bytes, load_rules
from cleaner import cli as cli_module
from cleaner.cli import cli
from cleaner.sidecar import SCHEMA_PATH

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9cbcbe727e660f3c.txt"


def api(data: bytes, options: Options | None = None) -> Result:
    """What the Python API gives, with the packs as they are now (the CLI loads them anew)."""
    return clean_bytes(data, load_rules(), options or Options())


# A dateline, a read-also line, a credit glued to the last sentence, a related block.
PAGE = (
    b"SURABAYA, Wartanusa.com - Dinas pendidikan kota membuka pendaftaran sekolah dasar secara "
    b"daring mulai pekan depan, kata kepala dinas dalam jumpa pers di balai kota pada Senin.\n"
    b"Baca Juga: Gedung Sekolah Tua di Tepi Sungai Akhirnya Dipugar\n"
    b"Orang tua dapat memilih tiga sekolah terdekat dari rumah mereka dan hasil seleksi diumumkan "
    b"dua pekan setelah pendaftaran ditutup.Pewarta: Rudi Hartono Editor: Maya Sari\n"
    b"Berita Terkait\n"
    b"-\n"
    b"Harga Gula Pasir Naik Menjelang Hari Raya di Pasar Tradisional\n"
    b"-\n"
    b"Nelayan Pantai Utara Mulai Melaut Lagi Setelah Cuaca Membaik\n"
)


def run(args: list[str], stdin: bytes | None = None) -> Run:
    return CliRunner().invoke(cli, args, input=stdin)


def assert_one_line_error(result: Run, *fragments: str) -> None:
    """Exit 2, nothing on stdout, one 'Error: ...' line on stderr, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("page.txt").write_bytes(PAGE)
    return tmp_path


# --- the README's commands, as written ------------------------------------------------------------


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block, "README's 'Using it' section lost its command block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_every_command_of_the_readme_works_as_written(workdir: Path) -> None:
    ran: list[str] = []
    for line in readme_commands():
        stdin = None
        if line.startswith("cat page.txt | "):
            stdin, line = Path("page.txt").read_bytes(), line.removeprefix("cat page.txt | ")
        if not line.startswith("cleaner "):
            continue  # `python -m cleaner ...`: test_python_dash_m below
        files = [t for t in shlex.split(line) if re.search(r"\.\w+$", t) and not t.startswith("-")]
        if any(not name.startswith("page.") for name in files):
            continue  # another section's files (JSONL, folders): their own tests
        optional = re.search(r"\[(.*?)\]", line)
        variants = [line]
        if optional:  # "[--lang id]": with and without
            variants = [
                line.replace(optional.group(0), ""),
                line.replace(optional.group(0), optional.group(1)),
            ]
        for variant in variants:
            result = run(shlex.split(variant)[1:], stdin)
            assert result.exit_code == 0, (variant, result.stderr)
            assert result.stderr == "", variant
            ran.append(" ".join(shlex.split(variant)[1:3]))
    assert {
        "clean page.txt",
        "clean -",
        "explain page.txt",
        "rules list",
        "rules show",
        "restore page.clean.txt",
    } <= set(ran)
    # What those commands wrote: the clean text, its sidecar; restore gave the page back (stdout).
    expected = api(PAGE)
    assert Path("page.clean.txt").read_bytes() == expected.text.encode()
    assert json.loads(Path("page.meta.json").read_text(encoding="utf-8")) == expected.sidecar
    restored = run(["restore", "page.clean.txt", "--meta", "page.meta.json"])
    assert restored.stdout_bytes == PAGE


def test_the_readme_python_snippet_runs(workdir: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"From Python:\n\n```python\n(.*?)```", readme, re.DOTALL)
    assert snippet
    exec(compile(snippet.group(1), "README.md", "exec"), {})  # noqa: S102 - our own README


# --- clean ----------------------------------------------------------------------------------------


def test_clean_a_file_to_stdout_is_the_golden_seed() -> None:
    result = run(["clean", str(SEED)])
    assert result.exit_code == 0
    assert result.stdout_bytes == SEED.with_suffix(".clean.txt").read_bytes()


def test_clean_stdin_to_files(workdir: Path) -> None:
    result = run(["clean", "-", "-o", "out.txt", "--meta", "out.json"], PAGE)
    assert result.exit_code == 0 and result.stdout == ""
    expected = api(PAGE)
    assert Path("out.txt").read_bytes() == expected.text.encode()
    sidecar = json.loads(Path("out.json").read_text(encoding="utf-8"))
    assert sidecar == expected.sidecar and sidecar["source"] is None
    # the file route names its source
    run(["clean", "page.txt", "-o", "out.txt", "--meta", "out.json"])
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))["source"] == "page.txt"


def test_clean_writes_no_sidecar_unless_asked(workdir: Path) -> None:
    assert run(["clean", "page.txt", "-o", "out.txt"]).exit_code == 0
    assert sorted(p.name for p in workdir.iterdir()) == ["out.txt", "page.txt"]


@pytest.mark.parametrize(
    ("option", "line", "kept"),
    [
        (["--disable", "id.related"], "Berita Terkait", True),  # a rule id
        (["--disable", "read_also"], "Baca Juga: Gedung Sekolah Tua", True),  # a kind
        (["--disable", "id", "--no-generic"], "Berita Terkait", True),  # a whole pack
        (["--disable", "id", "--no-generic"], "Baca Juga: Gedung Sekolah Tua", True),
        ([], "Baca Juga: Gedung Sekolah Tua", False),
        ([], "Berita Terkait", False),
    ],
)
def test_disable_a_rule_a_kind_or_a_pack(
    workdir: Path, option: list[str], line: str, kept: bool
) -> None:
    result = run(["clean", "page.txt", *option])
    assert result.exit_code == 0
    assert (line in result.stdout) is kept


def test_lang_overrides_detection(workdir: Path) -> None:
    run(["clean", "page.txt", "--lang", "ms", "--meta", "m.json", "-o", "out.txt"])
    language = json.loads(Path("m.json").read_text(encoding="utf-8"))["language"]
    assert language == {"code": "ms", "confidence": 1.0, "method": "override"}


def test_no_generic_runs_named_rules_only(workdir: Path) -> None:
    headlines = "\n".join(
        f"Warga Kampung {name} Gelar Kerja Bakti Membersihkan Saluran Air"
        for name in ("Baru", "Lama", "Tengah")
    )
    Path("tail.txt").write_text(
        PAGE.decode().split("Berita Terkait")[0] + headlines + "\n", encoding="utf-8"
    )
    with_generic = run(["clean", "tail.txt", "--meta", "a.json", "-o", "a.txt"])
    without = run(["clean", "tail.txt", "--no-generic", "--meta", "b.json", "-o", "b.txt"])
    assert with_generic.exit_code == without.exit_code == 0
    rules_a = {s["rule"] for s in json.loads(Path("a.json").read_text(encoding="utf-8"))["removed"]}
    rules_b = {s["rule"] for s in json.loads(Path("b.json").read_text(encoding="utf-8"))["removed"]}
    assert any(r.startswith("generic.") for r in rules_a)
    assert not any(r.startswith("generic.") for r in rules_b)
    assert "Kampung Tengah" in Path("b.txt").read_text(encoding="utf-8")


def test_user_rule_packs(workdir: Path) -> None:
    Path("mine").mkdir()
    Path("mine/site-mine.toml").write_text(
        'description = "An invented site."\nlanguages = ["*"]\n\n[[rule]]\nid = "site-mine.promo"\n'
        'kind = "ad"\nmatch = "line"\npattern = \'^Promo kilat hari ini\\b\'\n'
        'description = "A flash-sale banner."\nexamples.match = ["Promo kilat hari ini saja"]\n'
        'examples.keep = ["Pedagang menggelar promo kilat hari ini."]\n',
        encoding="utf-8",
    )
    Path("promo.txt").write_bytes(PAGE + b"Promo kilat hari ini untuk pembaca setia\n")
    cleaned = run(["clean", "promo.txt", "--rules", "mine"])
    assert cleaned.exit_code == 0 and "Promo kilat" not in cleaned.stdout
    assert "site-mine.promo" in run(["rules", "list", "--rules", "mine"]).stdout
    shown = run(["rules", "show", "site-mine.promo", "--rules", "mine"])
    assert shown.exit_code == 0 and "A flash-sale banner." in shown.stdout


# --- explain --------------------------------------------------------------------------------------


def test_explain_shows_verdict_kind_rule_and_marks_spans(workdir: Path) -> None:
    result = run(["explain", "page.txt"])
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.startswith("# language id")
    assert "outlet Wartanusa.com" in header
    assert len(rows) == PAGE.count(b"\n")
    sidecar = api(PAGE).sidecar
    verdicts = {}
    for row in rows:
        number, verdict, rest = row.split(maxsplit=2)
        verdicts[int(number)] = (verdict, rest)
    assert verdicts[1][0] == "keep"
    for seg in sidecar["removed"]:
        if "lines" in seg:
            for n in range(seg["lines"][0], seg["lines"][1] + 1):
                verdict, rest = verdicts[n]
                assert verdict == "drop" and rest.split()[:2] == [seg["kind"], seg["rule"]]
        else:
            verdict, rest = verdicts[seg["line"]]
            assert verdict == "edit" and rest.split()[:2] == [seg["kind"], seg["rule"]]
            assert f"[-{seg['text']}-]" in rest
            assert rest.endswith(f"[-{seg['text']}-]")  # glued to the end of the last sentence
    assert {v for v, _ in verdicts.values()} == {"keep", "drop", "edit"}


def test_explain_the_seed_names_every_block() -> None:
    result = run(["explain", str(SEED)])
    assert result.exit_code == 0
    rules = {row.split()[3] for row in result.stdout.splitlines()[1:] if row.split()[1] == "drop"}
    assert rules == {"id.read-also", "id.related", "id.popular", "id.picks", "id.latest"}


# --- rules ----------------------------------------------------------------------------------------


def test_rules_list_every_rule_and_detector_once() -> None:
    result = run(["rules", "list"])
    assert result.exit_code == 0
    ids = [row.split()[0] for row in result.stdout.splitlines()]
    assert len(ids) == len(set(ids))
    assert {rule.id for rule in load_rules().rules} <= set(ids)
    assert any(i.startswith("generic.") for i in ids)
    row = next(r for r in result.stdout.splitlines() if r.startswith("id.read-also "))
    assert row.split()[1:3] == ["read_also", "line"]


def test_rules_list_by_language() -> None:
    indonesian = {
        row.split()[0] for row in run(["rules", "list", "--lang", "id"]).stdout.splitlines()
    }
    english = {row.split()[0] for row in run(["rules", "list", "--lang", "en"]).stdout.splitlines()}
    assert "id.read-also" in indonesian and "id.read-also" not in english
    assert any(i.startswith("en.") for i in english) and not any(
        i.startswith("en.") for i in indonesian
    )


def test_rules_show_one_rule() -> None:
    result = run(["rules", "show", "id.read-also"])
    assert result.exit_code == 0
    rule = load_rules().get("id.read-also")
    out = result.stdout
    for text in (
        f"id:          {rule.id}",
        "kind:        read_also",
        rule.pattern.pattern,
        rule.description,
    ):
        assert text in out
    assert all(example in out for example in rule.examples.match + rule.examples.keep)


# --- restore --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        PAGE,
        b"\xef\xbb\xbf" + PAGE.replace(b"\n", b"\r\n")[:-2],  # BOM, CRLF, no final newline
        PAGE.replace(b"Dinas", b"Din\xffas"),  # not UTF-8
        b"",
    ],
    ids=["lf", "bom-crlf", "invalid-utf8", "empty"],
)
def test_restore_from_files_byte_for_byte(workdir: Path, data: bytes) -> None:
    Path("in.txt").write_bytes(data)
    assert run(["clean", "in.txt", "-o", "c.txt", "--meta", "m.json"]).exit_code == 0
    result = run(["restore", "c.txt", "--meta", "m.json", "-o", "back.txt"])
    assert result.exit_code == 0 and result.stdout == ""
    assert Path("back.txt").read_bytes() == data
    assert run(["restore", "c.txt", "--meta", "m.json"]).stdout_bytes == data


def test_schema_command_prints_the_schema() -> None:
    result = run(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- errors and exit codes ------------------------------------------------------------------------


def _bad_pack(where: Path) -> None:
    where.mkdir()
    (where / "site-bad.toml").write_text(
        'description = "x"\n[[rule]]\nid = "site-bad.promo"\nkind = "advert"\nmatch = "line"\n'
        "pattern = '^Promo$'\ndescription = \"A promo.\"\n",
        encoding="utf-8",
    )


def _prepare(workdir: Path) -> None:
    run(["clean", "page.txt", "-o", "page.clean.txt", "--meta", "page.meta.json"])
    Path("folder").mkdir()
    _bad_pack(workdir / "bad-rules")
    Path("broken.json").write_text("{not json", encoding="utf-8")
    Path("binary.txt").write_bytes(b"\xff\xfe\x00garbage\n")
    tampered = json.loads(Path("page.meta.json").read_text(encoding="utf-8"))
    tampered["removed"][0]["text"] = "Baca Juga: Kabar Lain yang Tak Pernah Ada"
    Path("tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
    Path("list.json").write_text("[1, 2]", encoding="utf-8")


ERRORS = [
    (["clean", "missing.txt"], ["missing.txt", "No such file"]),
    (["explain", "missing.txt"], ["missing.txt"]),
    (["clean", "folder"], ["folder", "is a folder"]),
    (["explain", "folder"], ["folder", "is a folder"]),
    (["rules", "show", "id.no-such-rule"], ["id.no-such-rule"]),
    (["clean", "page.txt", "--rules", "bad-rules"], ["site-bad.toml", "site-bad.promo", "advert"]),
    (["rules", "list", "--rules", "bad-rules"], ["site-bad.toml", "site-bad.promo"]),
    (["clean", "page.txt", "--rules", "no-such-dir"], ["no-such-dir"]),
    (["clean", "page.txt", "--disable", "id.no-such-rule"], ["id.no-such-rule"]),
    (["clean", "page.txt", "-o", "page.txt"], ["page.txt", "is the input"]),
    (["clean", "page.txt", "-o", "./page.txt"], ["is the input"]),
    (["clean", "page.txt", "--meta", "page.txt"], ["page.txt", "is the input"]),
    (["clean", "page.txt", "-o", "a.txt", "--meta", "./a.txt"], ["named twice"]),
    (["clean", "page.txt", "-o", "no-such-dir/out.txt"], ["No such file"]),
    (["restore", "page.clean.txt", "--meta", "missing.json"], ["missing.json"]),
    (["restore", "page.clean.txt", "--meta", "broken.json"], ["broken.json", "not a JSON sidecar"]),
    (["restore", "page.clean.txt", "--meta", "list.json"], ["sidecar"]),
    (["restore", "page.clean.txt", "--meta", "tampered.json"], ["hash"]),
    (["restore", "page.txt", "--meta", "page.meta.json"], []),  # not the clean text
    (["restore", "binary.txt", "--meta", "page.meta.json"], ["binary.txt", "UTF-8"]),
    (["restore", "missing.txt", "--meta", "page.meta.json"], ["missing.txt"]),
]


@pytest.mark.parametrize(("args", "fragments"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_are_one_line_and_exit_2(
    workdir: Path, args: list[str], fragments: list[str]
) -> None:
    _prepare(workdir)
    before = {p.name: p.read_bytes() for p in workdir.iterdir() if p.is_file()}
    assert_one_line_error(run(args), *fragments)
    after = {p.name: p.read_bytes() for p in workdir.iterdir() if p.is_file()}
    assert after == before  # a failed command leaves every file as it was, and no temp files


def test_usage_errors_exit_2(workdir: Path) -> None:
    result = run(["clean", "page.txt", "--no-such-option"])
    assert result.exit_code == 2 and "Error:" in result.stderr and "Traceback" not in result.stderr
    assert run(["restore", "page.txt"]).exit_code == 2  # --meta is required
    Path("folder").mkdir()
    assert run(["clean", "page.txt", "--meta", "folder"]).exit_code == 2


def test_ctrl_c_exits_130(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "clean_bytes", interrupted)
    monkeypatch.setattr(sys, "argv", ["cleaner", "clean", "page.txt"])
    with pytest.raises(SystemExit) as stopped:
        cli_module.main()
    assert stopped.value.code == 130
    assert "Interrupted" in capsys.readouterr().err


def test_main_keeps_click_exit_codes(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() shows errors itself (to get 130 on Ctrl-C): 0, 1 and 2 must come out as before."""
    for argv, code in (
        (["clean", "page.txt"], 0),
        (["--version"], 0),
        (["check", "page.txt"], 1),  # findings
        (["clean", "missing.txt"], 2),
        (["clean", "--no-such-option"], 2),
    ):
        monkeypatch.setattr(sys, "argv", ["cleaner", *argv])
        with pytest.raises(SystemExit) as stopped:
            cli_module.main()
        assert stopped.value.code == code, argv
    err = capsys.readouterr().err
    assert "Error: missing.txt: No such file or directory" in err and "Traceback" not in err


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("out.txt").write_text("the previous version\n", encoding="utf-8")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", disk_full)
    assert_one_line_error(run(["clean", "page.txt", "-o", "out.txt"]), "No space left")
    assert Path("out.txt").read_text(encoding="utf-8") == "the previous version\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["out.txt", "page.txt"]


def test_python_dash_m(workdir: Path) -> None:
    """One real process: `python -m cleaner` is the same program, with real exit codes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "page.txt"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0 and ok.stdout == api(PAGE, Options(source="page.txt")).text.encode()
    bad = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "missing.txt"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and bad.stdout == b""
    assert bad.stderr.decode().splitlines() == ["Error: missing.txt: No such file or directory"]
