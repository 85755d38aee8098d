"""Find the data that ships with the package (holiday notices, seed profiles).

In a wheel, ``profiles/`` is bundled as ``hotline_rules/_bundled/profiles``
(see pyproject's force-include). In a source checkout or an editable install
the same files are read from the repository's top-level ``profiles/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def bundled_profiles_dir() -> Path:
    """Return the directory holding the bundled profiles and ``calendars/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled" / "profiles"
    if packaged.is_dir():
        return packaged
    checkout = here.parent.parent / "profiles"  # src/hotline_rules -> repository root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(  # a broken install, not a user error
        f"bundled profiles not found at {packaged} or {checkout}; reinstall hotline-rules"
    )


def bundled_calendars_dir() -> Path:
    """Return the directory of the bundled State Council holiday notices."""
    return bundled_profiles_dir() / "calendars"


__all__ = ["bundled_calendars_dir", "bundled_profiles_dir"]
