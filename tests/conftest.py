"""pytest configuration: the shared test helpers get pytest's assertion messages too; fixtures
for the year that has no holiday notice yet (never written into a test, see calendar_years.py)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (derandomize): a red build is a defect of the commit, never
# a roll of the dice. Exploring new inputs is the job of `HYPOTHESIS_PROFILE=explore pytest` and of
# bench/fuzz.py, whose finds become regression tests.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytest.register_assert_rewrite("engine_support")

from calendar_years import UNANNOUNCED_YEAR, pin_bundled_notices  # noqa: E402


@pytest.fixture
def unannounced_year() -> int:
    """The first year the bundled calendar has no notice for (asked, never named)."""
    return UNANNOUNCED_YEAR


@pytest.fixture
def docs_calendar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled notices as the docs and examples were written against them
    (``calendar_years.DOCS_LAST_NOTICE_YEAR``): a later notice added to ``profiles/calendars/``
    leaves what they show true."""
    with pin_bundled_notices(tmp_path_factory.mktemp("docs-calendars")) as directory:
        yield directory
