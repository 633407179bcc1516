"""`cleaner check`: findings, exit codes, formats, config, baseline and --fix, through the CLI.

Most tests use a small pack of their own (fixture `project`: a folder with rules/fx.toml and a
.cleaner.toml that enables only it), so they do not move when the bundled packs improve.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner import check as checks
from cleaner import config
from cleaner.cli import cli

FX_PACK = """\
description = "Test pack for cleaner check."
languages = ["*"]

[[rule]]
id = "fx.read-also"
kind = "read_also"
match = "line"
pattern = '''^Baca Juga:'''
description = "A read-also line."
examples.match = ["Baca Juga: Harga Cabai Turun"]
examples.keep = ["Ia baca juga koran pagi."]

[[rule]]
id = "fx.related"
kind = "related"
match = "block"
pattern = '''^Berita Terkait$'''
description = "A related-news heading and its headlines."
examples.match = ["Berita Terkait"]
examples.keep = ["Berita terkait banjir dibaca banyak orang."]

[[rule]]
id = "fx.agency"
kind = "credit"
match = "span"
pattern = '''\\s*\\((?:ant|jpnn)\\)$'''
description = "An agency tag closing a paragraph."
examples.match = ["Hujan turun sore itu. (ant)"]
examples.keep = ["Hujan (antara lain) turun."]
"""
FX_CONFIG = 'languages = ["id"]\nrules = ["rules"]\nenable = ["fx"]\n'
DOC = """\
Warga desa di lereng gunung mulai menanam kopi jenis baru yang tahan kemarau panjang.
Baca Juga: Petani Kopi Raup Untung Besar
Menurut kepala desa, hasil panen pertama dijual ke koperasi bulan depan. (ant)

Berita Terkait
Harga Pupuk Naik Jelang Musim Tanam
Koperasi Desa Dapat Bantuan Mesin Giling
Petani Muda Belajar Menanam Kopi Organik
"""
DOC_CLEAN = """\
Warga desa di lereng gunung mulai menanam kopi jenis baru yang tahan kemarau panjang.
Menurut kepala desa, hasil panen pertama dijual ke koperasi bulan depan.

"""
PROSE = "Sekolah di pinggir kota itu kini punya perpustakaan baru yang buka sampai sore.\n"
EXPECTED = [
    'doc.txt:2:1: read_also fx.read-also "Baca Juga: Petani Kopi Raup Untung Besar"',
    'doc.txt:3:73: credit fx.agency "(ant)"',
    'doc.txt:5:1: related fx.related "Berita Terkait" (+3 lines)',
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "fx.toml").write_text(FX_PACK, encoding="utf-8")
    (tmp_path / ".cleaner.toml").write_text(FX_CONFIG, encoding="utf-8")
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(PROSE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["check", *args], env=env)


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# --- findings and exit codes ------------------------------------------------------------------


def test_human_format_whole_lines_spans_and_blocks(project: Path) -> None:
    result = run("doc.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr == "3 findings in 1 file\n"


def test_clean_file_exits_0_silently(project: Path) -> None:
    result = run("ok.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_unreadable_input_exits_2_and_the_rest_is_still_checked(project: Path) -> None:
    (project / "bad.jsonl").write_text('{"text": "Sebuah kalimat."}\nnot json\n[1]\n', "utf-8")
    result = run("missing.txt", "doc.txt", "bad.jsonl")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == EXPECTED
    errors = [e for e in result.stderr.splitlines() if ": error: " in e]
    assert errors[0] == "missing.txt: error: no such file or folder"
    assert errors[1].startswith("bad.jsonl:2: error: not a JSON record")
    assert errors[2] == "bad.jsonl:3: error: record has no string field 'text'"
    assert "Traceback" not in result.output


def test_folders_give_their_text_and_jsonl_files(project: Path) -> None:
    data = project / "data"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "a.txt").write_text(DOC, encoding="utf-8")
    (data / "b.jsonl").write_text(jsonl({"id": "x1", "text": DOC}), encoding="utf-8")
    (data / "c.md").write_text(DOC, encoding="utf-8")  # not a data file: skipped
    (data / ".hidden").mkdir()
    (data / ".hidden" / "d.txt").write_text(DOC, encoding="utf-8")
    result = run("data")
    paths = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert paths == ["data/b.jsonl", "data/sub/a.txt"]


def test_jsonl_is_checked_record_by_record(project: Path) -> None:
    lines = jsonl(
        {"id": "abc", "text": PROSE},
        {"id": "def", "url": "https://contoh.id/1", "text": DOC},
        {"text": "Baca Juga: Tanpa Nomor Rekaman\n" + PROSE},
    )
    (project / "corpus.jsonl").write_text(lines, encoding="utf-8")
    result = run("corpus.jsonl")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'corpus.jsonl:2: [record id=def] read_also fx.read-also "Baca Juga: Petani Kopi Raup Untung Besar"',
        'corpus.jsonl:2: [record id=def] credit fx.agency "(ant)"',
        'corpus.jsonl:2: [record id=def] related fx.related "Berita Terkait" (+3 lines)',
        'corpus.jsonl:3: [record 3] read_also fx.read-also "Baca Juga: Tanpa Nomor Rekaman"',
    ]


def test_usage_errors_exit_2(project: Path) -> None:
    assert run().exit_code == 2
    assert run("--format", "xml", "doc.txt").exit_code == 2
    assert run("--fix", "--write-baseline", "b.json", "doc.txt").exit_code == 2
    assert run("--rules", "no-such-folder", "doc.txt").exit_code == 2


def test_bundled_rules_find_a_read_also_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = PROSE + "Baca Juga: Jembatan Baru Diresmikan Gubernur\n" + PROSE
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = run("a.txt")
    assert result.exit_code == 1
    assert result.stdout.startswith('a.txt:2:1: read_also id.read-also "Baca Juga: Jembatan')


# --- formats ----------------------------------------------------------------------------------


def test_json_format(project: Path) -> None:
    result = run("--format", "json", "doc.txt", "missing.txt")
    doc = json.loads(result.stdout)
    assert [f["line"] for f in doc["findings"]] == [2, 3, 5]
    first = doc["findings"][0]
    assert (first["rule"], first["kind"], first["severity"], first["column"]) == (
        "fx.read-also", "read_also", "error", 1,
    )  # fmt: skip
    assert doc["problems"] == [
        {"path": "missing.txt", "line": None, "message": "no such file or folder"}
    ]
    assert doc["summary"]["exit_code"] == result.exit_code == 2


def test_github_annotations_are_picked_under_github_actions(project: Path) -> None:
    result = run("doc.txt", env={"GITHUB_ACTIONS": "true"})
    rows = result.stdout.splitlines()
    assert rows[0] == (
        "::error file=doc.txt,line=2,endLine=2,title=fx.read-also,col=1::"
        'read_also: "Baca Juga: Petani Kopi Raup Untung Besar"'
    )
    assert rows[1].startswith("::notice file=doc.txt,line=3,")  # credits are notes
    assert run("--format", "human", "doc.txt", env={"GITHUB_ACTIONS": "true"}).stdout.startswith(
        "doc.txt:2:1:"
    )


def test_github_escapes_property_and_message_characters(project: Path) -> None:
    (project / "a,b:c.txt").write_text("Baca Juga: 100% Naik\n" + PROSE, encoding="utf-8")
    row = run("--format", "github", "a,b:c.txt").stdout.splitlines()[0]
    assert row.startswith("::error file=a%2Cb%3Ac.txt,")
    assert row.endswith('"Baca Juga: 100%25 Naik"')


# The SARIF 2.1.0 schema's required properties and enumerations for what we emit
# (sarifLog, run, tool, toolComponent, reportingDescriptor, result, message, location,
# physicalLocation, artifactLocation, region, invocation, notification).
_MESSAGE = {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]}
SARIF_REQUIRED = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {"type": "object", "required": ["id"]},
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "message": _MESSAGE,
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "anyOf": [
                                                    {"required": ["address"]},
                                                    {"required": ["artifactLocation"]},
                                                ],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "properties": {"uri": {"type": "string"}},
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "properties": {
                                                            "startLine": {"minimum": 1},
                                                            "startColumn": {"minimum": 1},
                                                            "endLine": {"minimum": 1},
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                    "invocations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["executionSuccessful"],
                            "properties": {
                                "toolExecutionNotifications": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["message"],
                                        "properties": {"message": _MESSAGE},
                                    },
                                }
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_has_the_schema_required_fields(project: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    (project / "c.jsonl").write_text(jsonl({"id": 9, "text": DOC}) + "oops\n", "utf-8")
    (project / "abs.txt").write_text(DOC, encoding="utf-8")
    result = run("--format", "sarif", "doc.txt", "c.jsonl", str(project / "abs.txt"))
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SARIF_REQUIRED)
    run_ = doc["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for res in run_["results"]:
        assert rules[res["ruleIndex"]] == res["ruleId"]
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
    ]
    assert uris[0] == "doc.txt" and uris[-1].startswith("file:///")
    assert run_["invocations"][0]["executionSuccessful"] is False  # the bad record


# --- configuration ----------------------------------------------------------------------------


def test_config_is_found_from_a_subfolder_upward(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(project / "deep" / "er")
    result = run("../../doc.txt")
    assert [row.split(" ", 1)[1] for row in result.stdout.splitlines()] == [
        row.split(" ", 1)[1] for row in EXPECTED
    ]


def test_pyproject_table_and_dedicated_file(project: Path) -> None:
    (project / ".cleaner.toml").unlink()
    pyproject = project / "pyproject.toml"
    pyproject.write_text("[tool.cleaner]\n" + FX_CONFIG + 'disable = ["credit"]\n', "utf-8")
    assert len(run("doc.txt").stdout.splitlines()) == 2
    (project / ".cleaner.toml").write_text(FX_CONFIG, encoding="utf-8")  # beats pyproject.toml
    assert len(run("doc.txt").stdout.splitlines()) == 3
    assert len(run("--config", "pyproject.toml", "doc.txt").stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("colour = 1", "unknown key 'colour'"),
        ('min-severity = "loud"', "'min-severity' must be one of note, warning, error"),
        ('disable = "ad"', "'disable' must be a list"),
        ('disable = ["no-such-rule"]', "'disable': 'no-such-rule' is no rule id"),
        ('enable = ["fx.nope"]', "'enable': 'fx.nope' is no rule id"),
        ("severity = { credit = 3 }", "'severity' must be a table"),
        ('severity = { "fx.nope" = "error" }', "'severity': 'fx.nope' is no rule id"),
        ('rules = ["nowhere"]', "'rules':"),
        ("generic = 1", "'generic' must be true or false"),
        ("exclude = [1]", "'exclude' must be a list of glob patterns"),
        ('baseline = "none.json"', "none.json: no such baseline"),
        ("[oops", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key_and_exits_2(project: Path, line: str, key: str) -> None:
    key_of = line.split("=")[0].strip()
    base = "".join(f"{kept}\n" for kept in FX_CONFIG.splitlines() if not kept.startswith(key_of))
    (project / ".cleaner.toml").write_text(base + line + "\n", encoding="utf-8")
    result = run("doc.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: ") and key in result.stderr


def test_pyproject_without_a_table_is_refused_by_name(project: Path) -> None:
    (project / "other.toml").write_text("[tool.black]\n", encoding="utf-8")
    (project / "pyproject.toml").write_text("[tool.black]\n", encoding="utf-8")
    result = run("--config", "pyproject.toml", "doc.txt")
    assert result.exit_code == 2 and "has no [tool.cleaner] table" in result.stderr


def test_severity_floor_and_overrides(project: Path) -> None:
    assert len(run("--min-severity", "warning", "doc.txt").stdout.splitlines()) == 2  # no credit
    assert run("--min-severity", "error", "ok.txt").exit_code == 0
    config_text = FX_CONFIG + 'min-severity = "error"\nseverity = { "fx.related" = "warning" }\n'
    (project / ".cleaner.toml").write_text(config_text, encoding="utf-8")
    assert run("doc.txt").stdout.splitlines() == EXPECTED[:1]


def test_enable_disable_and_exclude(project: Path) -> None:
    base = FX_CONFIG.replace('enable = ["fx"]', 'enable = ["fx.related", "fx.agency"]')
    (project / ".cleaner.toml").write_text(base, encoding="utf-8")
    assert run("doc.txt").stdout.splitlines() == EXPECTED[1:]
    assert run("--disable", "fx.agency", "doc.txt").stdout.splitlines() == EXPECTED[2:]
    (project / "drafts").mkdir()
    (project / "drafts" / "x.txt").write_text(DOC, encoding="utf-8")
    (project / ".cleaner.toml").write_text(FX_CONFIG + 'exclude = ["drafts/*"]\n', "utf-8")
    result = run("drafts/x.txt", ".", "doc.txt")  # doc.txt is checked once
    assert [row.split(":")[0] for row in result.stdout.splitlines()] == ["doc.txt"] * 3


def test_a_page_is_checked_and_fixed_as_text_lines(project: Path) -> None:
    page = "<!DOCTYPE html>\n<html><body>\n<p>" + PROSE.strip() + "</p>\n"
    page += "Baca Juga: Petani Kopi Raup Untung Besar\n</body></html>\n"
    (project / "page.txt").write_text(page, encoding="utf-8")
    assert run("page.txt").stdout.startswith("page.txt:4:1: read_also fx.read-also")
    assert run("--fix", "page.txt").exit_code == 1
    expected = page.replace("Baca Juga: Petani Kopi Raup Untung Besar\n", "")
    assert (project / "page.txt").read_text(encoding="utf-8") == expected


def test_a_bad_disable_flag_is_named_as_the_flag(project: Path) -> None:
    result = run("--disable", "fx.nope", "doc.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --disable 'fx.nope' is no rule id")


def test_several_languages_fall_back_to_the_first(project: Path) -> None:
    (project / ".cleaner.toml").write_text(FX_CONFIG.replace('["id"]', '["ms", "id"]'), "utf-8")
    settings = config.load()
    loaded = config.ruleset(settings)
    english = "The council opened a new park in the city centre on Sunday with the residents."
    assert config.options_for(settings, loaded, english).language == "ms"
    assert run("doc.txt").stdout.splitlines() == EXPECTED


def test_readme_documents_every_config_key_and_kind() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Checks", 1)[1].split("\n## ", 1)[0]
    for key in config.KEYS:
        assert f"\n{key} = " in section, f"README's Checks section lacks config key {key!r}"
    for kind in checks.SEVERITY:
        assert kind in section, f"README's Checks section lacks the severity of {kind!r}"


def test_one_language_skips_detection(project: Path) -> None:
    settings = config.load(project / ".cleaner.toml")
    assert settings.languages == ("id",)
    assert config.options(settings).language == "id"


# --- baseline ---------------------------------------------------------------------------------


def test_baseline_accepts_old_findings_and_fails_new_ones(project: Path) -> None:
    written = run("--write-baseline", "baseline.json", "doc.txt")
    assert (written.exit_code, written.stdout) == (0, "")
    assert written.stderr == "baseline.json: 3 findings accepted\n"
    saved = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in saved["findings"]] == ["doc.txt"] * 3
    assert run("--baseline", "baseline.json", "doc.txt").exit_code == 0
    # Lines move: still accepted. A new read-also line, and a second copy of an old one: new.
    again = "Baca Juga: Petani Kopi Raup Untung Besar\nBaca Juga: Berita Baru Lagi\n"
    shifted = PROSE + PROSE + DOC + PROSE + again
    (project / "doc.txt").write_text(shifted, encoding="utf-8")
    result = run("--baseline", "baseline.json", "doc.txt")
    assert result.exit_code == 1
    assert [row.split(":")[1] for row in result.stdout.splitlines()] == ["12", "13"]
    assert "3 more accepted by the baseline" in result.stderr


def test_baseline_from_config_and_bad_baseline(project: Path) -> None:
    run("--write-baseline", "accepted.json", "doc.txt")
    (project / ".cleaner.toml").write_text(FX_CONFIG + 'baseline = "accepted.json"\n', "utf-8")
    assert run("doc.txt").exit_code == 0
    (project / "accepted.json").write_text("[]", encoding="utf-8")
    result = run("doc.txt")
    assert result.exit_code == 2 and "not a cleaner baseline" in result.stderr


# --- --fix ------------------------------------------------------------------------------------


def test_fix_removes_what_is_reported_and_exits_1(project: Path) -> None:
    result = run("--fix", "doc.txt", "ok.txt")
    assert result.exit_code == 1
    assert result.stdout == "doc.txt: fixed, 3 removed\n"
    assert result.stderr == "removed 3 findings from 1 file\n"
    assert (project / "doc.txt").read_text(encoding="utf-8") == DOC_CLEAN
    assert (project / "ok.txt").read_text(encoding="utf-8") == PROSE
    again = run("--fix", "doc.txt")
    assert (again.exit_code, again.stdout) == (0, "")


def test_fix_equals_clean_with_the_bundled_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = (
        PROSE
        + "Baca Juga: Jembatan Baru Diresmikan Gubernur\n"
        + "Petugas mencatat jumlah pengunjung meningkat dua kali lipat dibanding tahun lalu.\n"
        + "ADVERTISEMENT\n"
        + "Pengelola berharap fasilitas itu dipakai warga untuk belajar bersama setiap hari.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    cleaned = CliRunner().invoke(cli, ["clean", "a.txt"]).stdout
    assert cleaned != text
    assert run("--fix", "a.txt").exit_code == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == cleaned


def test_fix_keeps_line_ends_bom_and_permissions(project: Path) -> None:
    path = project / "doc.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode("utf-8"))
    path.chmod(0o640)
    assert run("--fix", "doc.txt").exit_code == 1
    assert path.read_bytes() == b"\xef\xbb\xbf" + DOC_CLEAN.replace("\n", "\r\n").encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


def test_fix_jsonl_rewrites_only_records_with_findings(project: Path) -> None:
    untouched = '{"id":  "a",   "text": "' + PROSE.strip() + '\\n"}\n'
    dirty = json.dumps({"id": "b", "text": DOC, "meta": {"n": 1}}, ensure_ascii=False) + "\n"
    (project / "c.jsonl").write_text(untouched + dirty + untouched, encoding="utf-8")
    assert run("--fix", "c.jsonl").exit_code == 1
    lines = (project / "c.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0] == lines[2] == untouched
    assert json.loads(lines[1]) == {"id": "b", "text": DOC_CLEAN, "meta": {"n": 1}}


def test_fix_leaves_records_it_cannot_check(project: Path) -> None:
    broken = '{"id": "s", "text": "Baca Juga: Rusak \\ud800"}\n'
    dirty = json.dumps({"id": "b", "text": DOC}) + "\n"
    (project / "c.jsonl").write_text(broken + "{oops\n" + dirty, encoding="utf-8")
    result = run("--fix", "c.jsonl")
    assert result.exit_code == 2
    assert "c.jsonl:1: error: text holds a lone surrogate" in result.stderr
    lines = (project / "c.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[:2] == [broken, "{oops\n"]
    assert json.loads(lines[2])["text"] == DOC_CLEAN


def test_fix_leaves_files_it_cannot_rewrite(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "b.txt").write_text(DOC, encoding="utf-8")
    (project / "bad.txt").write_bytes(b"Baca Juga: Rusak \xff\xfe\n" + PROSE.encode())
    real_replace = os.replace

    def refuse_b(src: str, dst: str) -> None:
        if Path(dst).name == "b.txt":
            raise PermissionError(13, "Permission denied", dst)
        real_replace(src, dst)

    monkeypatch.setattr(checks.os, "replace", refuse_b)
    result = run("--fix", "b.txt", "bad.txt", "doc.txt")
    assert result.exit_code == 2
    assert (project / "b.txt").read_text(encoding="utf-8") == DOC
    assert (project / "bad.txt").read_bytes().startswith(b"Baca Juga: Rusak \xff\xfe\n")
    assert (project / "doc.txt").read_text(encoding="utf-8") == DOC_CLEAN
    assert "b.txt: error: cannot write: Permission denied" in result.stderr
    assert "bad.txt: error: not valid UTF-8; not rewritten" in result.stderr
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write read-only files")
def test_fix_leaves_a_read_only_file(project: Path) -> None:
    path = project / "doc.txt"
    path.chmod(0o444)
    result = run("--fix", "doc.txt")
    assert result.exit_code == 2 and path.read_text(encoding="utf-8") == DOC
