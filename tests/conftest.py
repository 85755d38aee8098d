"""pytest configuration: the shared test helpers get pytest's assertion messages too; fixtures
for the year that has no holiday notice yet (never written into a test, see calendar_years.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

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
