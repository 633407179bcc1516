"""Build hook: compile cleaner's hot modules with mypyc into the wheel; pure Python otherwise.

A wheel (`pip install .`, `python -m build`) gets C extensions of the modules in HOT beside
their .py files (Python imports the extension first). They are built in a temporary folder,
so the source tree never gets a .c or .so file that would shadow an edited .py. Editable
installs, CLEANER_PURE=1, and any failure (no C compiler, mypy rejecting the code, a Python
mypyc does not support) give the pure-Python wheel instead, with one warning line
(`pip install -v .` shows the build's output). Both behave the same; the compiled one is faster.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The per-document work (bench/throughput.py): self-contained modules of typed code. Leaving
# one out at a time, engine and generic cost 10-12% of the compiled throughput each, language,
# sidecar and shape 4-6%; prefilter, textio and region are within the noise (<= 3%) and are kept
# as they are called line by line from the others. pipeline (the stage order, apply and verify,
# once a document) adds 3% (2026-12-06); its Options and Result pickle through _pickle.py. Not
# the modules that touch files or cross processes (cli, batch, streams, ray_runner, config,
# rules): little to gain.
HOT = (
    "engine", "prefilter", "generic", "region", "shape", "textio", "language", "sidecar",
    "pipeline",
)  # fmt: skip

# Run in a child process with the scratch copy as its working folder: setuptools reads a
# pyproject.toml in the working folder, and ours is hatchling's, not its.
SETUP = """
import sys
from mypyc.build import mypycify
from setuptools import setup

config, files = sys.argv[1], sys.argv[2].split(",")
# follow-imports=silent: the modules not compiled are type-checked by the project's own mypy
# run; here their third-party imports (click, trafilatura, ...) are not even installed.
args = ["--config-file", config, "--follow-imports=silent", *files]
# group_name: the runtime shared by the modules is the top-level module cleaner__mypyc
ext_modules = mypycify(args, opt_level="3", group_name="cleaner")
setup(name="cleaner-mypyc", ext_modules=ext_modules, script_args=sys.argv[3:])
"""


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._scratch: str | None = None
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install imports the source tree: plain Python
        if os.environ.get("CLEANER_PURE", "0") not in ("", "0"):
            self.app.display_info("cleaner: CLEANER_PURE is set: building pure Python")
            return
        self._scratch = tempfile.mkdtemp(prefix="cleaner-mypyc-")
        try:
            built = self._compile(Path(self._scratch))
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, pure Python still works
            self.app.display_warning(
                f"cleaner: mypyc compilation failed ({exc}); installing pure Python "
                "(same results, about 1.3x slower)"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True  # cp311-cp311-<platform>: only this Python loads it
        build_data["force_include"].update(built)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _compile(self, scratch: Path) -> dict[str, str]:
        """Compile a copy of the package; the built extensions, {file: path in the wheel}."""
        if sys.implementation.name != "cpython":
            raise RuntimeError(f"mypyc needs CPython, not {sys.implementation.name}")
        root = Path(self.root)
        shutil.copytree(root / "cleaner", scratch / "src" / "cleaner",
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))  # fmt: skip
        (scratch / "setup.py").write_text(SETUP, encoding="utf-8")
        files = ",".join(f"cleaner/{name}.py" for name in HOT)
        command = [
            sys.executable, str(scratch / "setup.py"), str(root / "pyproject.toml"), files,
            "build_ext", "--build-lib", str(scratch / "lib"), "--build-temp", str(scratch / "tmp"),
        ]  # fmt: skip
        done = subprocess.run(
            command, cwd=scratch / "src", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, errors="replace", check=False,
        )  # fmt: skip
        self.app.display_debug(done.stdout)
        if done.returncode:
            lines = [x.strip() for x in done.stdout.splitlines() if x.strip()]
            why = next((x for x in reversed(lines) if "error" in x.lower()), lines[-1] if lines else "")
            raise RuntimeError(why or f"exit status {done.returncode}")
        lib = scratch / "lib"
        built = {str(p): p.relative_to(lib).as_posix() for p in lib.rglob("*") if p.is_file()}
        if not built:
            raise RuntimeError("mypyc built no extension")
        return built
