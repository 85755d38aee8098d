"""Profile: one YAML file per jurisdiction, read into a frozen model a city's rules live in.

Holds the facts a condition may read (``facts``) and the conditions themselves (``conditions``),
the field types and the profile language (``fields``, ``schema``), reading with file:line:column
(``loader``), profiles by name and their dated versions (``registry``, ``versions``), the compiled
form the engine evaluates (``compiled``), the Chinese summary and field reference (``summary``,
``reference``, ``articles``), the JSON Schema for editors (``json_schema``) and ``lint/``.

May import: ``time`` and the foundation modules. Never ``engine``, ``audit``, ``suites``,
``service`` or ``cli``.
"""

from __future__ import annotations

from hotline_rules.profile.loader import LoadedProfile, ProfileError, load_profile_file
from hotline_rules.profile.registry import (
    ENTRY_POINT_GROUP,
    ProfileNotFoundError,
    Registry,
    default_registry,
    load_profile,
    load_versions,
)
from hotline_rules.profile.schema import API_VERSION, Profile
from hotline_rules.profile.versions import ProfileVersion, ProfileVersions

__all__ = [
    "API_VERSION",
    "ENTRY_POINT_GROUP",
    "LoadedProfile",
    "Profile",
    "ProfileError",
    "ProfileNotFoundError",
    "ProfileVersion",
    "ProfileVersions",
    "Registry",
    "default_registry",
    "load_profile",
    "load_profile_file",
    "load_versions",
]
