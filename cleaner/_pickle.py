"""Pickle and copy the frozen dataclasses of the modules that hatch_build.py compiles.

mypyc's classes restore a pickled or copied object's fields with setattr, which a frozen
dataclass refuses (FrozenInstanceError; mypyc/mypyc#1213), so a Result or an Analysis could
not cross to another process or go through copy.copy. Here such a class is pickled as a call
of the class with its fields, in both builds alike, so a pickle made by either loads in either."""

from __future__ import annotations

import copyreg
import dataclasses
from typing import Any

from . import engine, generic, language, pipeline, sidecar, textio


def _by_fields(obj: Any) -> tuple[type, tuple[Any, ...]]:
    return type(obj), tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


for _module in (engine, generic, language, pipeline, sidecar, textio):
    for _value in vars(_module).values():
        if (
            isinstance(_value, type)
            and _value.__module__ == _module.__name__
            and dataclasses.is_dataclass(_value)
            and _value.__dataclass_params__.frozen  # type: ignore[attr-defined]
            and all(f.init for f in dataclasses.fields(_value))
        ):
            copyreg.pickle(_value, _by_fields)
