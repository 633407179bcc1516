"""Shared fixtures and the hypothesis profiles (`HYPOTHESIS_PROFILE=ci|dev|long`)."""

from __future__ import annotations

import os

import pytest
from flavour import flavour, use_installed_if_current
from hypothesis import HealthCheck, settings

INSTALLED = use_installed_if_current()  # before the first import of cleaner (tests/flavour.py)

from cleaner import RuleSet, load_rules  # noqa: E402

settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_report_header() -> str:
    where = INSTALLED or "this checkout's source tree"
    return f"cleaner under test: {flavour()}, from {where}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite seeds/*.clean.txt and *.meta.json"
    )


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_rules()
