"""Which cleaner the suite runs against (tests/flavour.py; also in pytest's header): a wheel's
mypyc-compiled hot modules or pure Python. Both must pass every test; CLEANER_EXPECT=compiled
(as .ci/run sets) or =pure turns the statement into a check."""

from __future__ import annotations

import copy
import importlib
import os
import pickle

from flavour import HOT, ROOT, flavour

from cleaner import RuleSet, clean_bytes, generic

SEED = ROOT / "seeds" / "000_9cbcbe727e660f3c.txt"


def _compiled(name: str) -> bool:
    return not importlib.import_module(f"cleaner.{name}").__file__.endswith(".py")  # type: ignore[union-attr]


def test_the_flavour_under_test() -> None:
    hot = {name: _compiled(name) for name in HOT}
    assert len(set(hot.values())) == 1, f"some hot modules compiled, some not: {hot}"
    # What touches files or crosses process boundaries (pickled jobs) stays plain Python.
    assert not any(map(_compiled, ("batch", "cli", "rules", "streams", "config")))
    expected = os.environ.get("CLEANER_EXPECT")
    print(f"cleaner under test: {flavour()}")
    assert expected in (None, "", flavour()), f"CLEANER_EXPECT={expected}, got {flavour()}"


def test_results_pickle_and_copy(ruleset: RuleSet) -> None:
    # batch -j and Ray send jobs and results between processes; compiled frozen dataclasses
    # need cleaner/_pickle.py for that (mypyc's own state restore trips over frozen=True).
    result = clean_bytes(SEED.read_bytes(), ruleset)
    for again in (pickle.loads(pickle.dumps(result)), copy.copy(result), copy.deepcopy(result)):
        assert again == result
        assert again.analysis.segments and again.analysis.segments == result.analysis.segments
    detector = generic.DETECTORS[0]
    assert pickle.loads(pickle.dumps(detector)) == copy.copy(detector) == detector


def test_a_bytearray_cleans_as_bytes(ruleset: RuleSet) -> None:
    data = SEED.read_bytes()  # the compiled modules check for bytes: clean_bytes converts
    assert clean_bytes(bytearray(data), ruleset).sidecar == clean_bytes(data, ruleset).sidecar
