"""Profiles: the profile language (schema), its loader, and the registry of profiles by name."""

from __future__ import annotations

from .loader import LoadedProfile, ProfileError, load_profile_file
from .registry import (
    ENTRY_POINT_GROUP,
    ProfileNotFoundError,
    Registry,
    default_registry,
    load_profile,
    load_versions,
)
from .schema import API_VERSION, Profile
from .versions import ProfileVersion, ProfileVersions

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
