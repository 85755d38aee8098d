"""Find profiles by name: bundled ones, extra directories, and other packages' entry points.

A package that ships its own profiles declares, in its ``pyproject.toml``::

    [project.entry-points."hotline_rules.profiles"]
    mycity = "mycity_rules:profiles_dir"

where ``profiles_dir()`` returns the directory holding its ``*.yaml`` profiles.

Versions: ``citywide@2027-01-01.yaml`` in any of these directories is a later
version of ``citywide`` (see ``versions.py``). ``names()`` lists ``citywide``
once; ``load("citywide")`` is still the file ``citywide.yaml``;
``load("citywide@2027-01-01")`` pins the version in force that day (the
plain file's own ``effective_from`` names the plain file; a path works too:
``dir/citywide.yaml@2027-01-01``); ``versions("citywide")`` gives them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from hotline_rules.errors import HotlineRulesError, Location
from hotline_rules.profile.loader import (
    VERSION_SEP,
    LoadedProfile,
    Resolver,
    load_profile_file,
    split_version,
)
from hotline_rules.profile.versions import ProfileVersions
from hotline_rules.resources import bundled_profiles_dir

ENTRY_POINT_GROUP = "hotline_rules.profiles"


class ProfileNotFoundError(HotlineRulesError):
    """Raised when no profile of that name is on the search path."""

    code = "profile.not_found"


class Registry:
    """Profiles by name over a search path (first directory wins on a name clash)."""

    def __init__(
        self, directories: Iterable[str | Path] = (), *, bundled: bool = True, plugins: bool = True
    ) -> None:
        dirs = [Path(d) for d in directories]
        if bundled:
            dirs.append(bundled_profiles_dir())
        if plugins:
            dirs.extend(_plugin_dirs())
        self.directories: tuple[Path, ...] = tuple(dirs)
        self._cache: dict[Path, LoadedProfile] = {}
        self._versions: dict[tuple[Path, ...], ProfileVersions] = {}

    def names(self) -> list[str]:
        """Every profile name on the search path, sorted (each versioned profile once)."""
        found: set[str] = set()
        for d in self.directories:
            for p in d.glob("*.yaml"):
                found.add(p.stem.split(VERSION_SEP, 1)[0])
        return sorted(found)

    def version_paths(self, name: str) -> list[Path]:
        """The files of every version of profile ``name`` (first directory wins per file name)."""
        found: dict[str, Path] = {}
        for d in self.directories:
            for p in [d / f"{name}.yaml", *sorted(d.glob(f"{name}{VERSION_SEP}*.yaml"))]:
                if p.is_file():
                    found.setdefault(p.name, p)
        return list(found.values())

    def versions(self, name_or_path: str | Path) -> ProfileVersions:
        """Every version of a profile, validated as a chain (cached).

        ``citywide`` (or a path to ``citywide.yaml``, which brings the
        ``citywide@*.yaml`` beside it) gives all of them; ``citywide@2027-01-01``
        (or a path to that file) gives that version alone, ``pinned``.
        """
        text, pin = _path_pin(str(name_or_path))
        if _is_path(text):
            path = self._existing(text)
            parts = split_version(path.stem)
            base = parts[0] if parts else path.stem
            pin = pin or (parts[1] if parts else None)
            sibling = path.parent / f"{base}{path.suffix}"
            paths = [sibling] if sibling.is_file() else []
            paths += sorted(path.parent.glob(f"{base}{VERSION_SEP}*{path.suffix}"))
            if path.resolve() not in {p.resolve() for p in paths}:  # a file named otherwise
                paths, base = [path], path.stem
        else:
            base, pin = self._split(text)
            paths = self.version_paths(base)
            if not paths:
                raise self._not_found(text)
        key = tuple(p.resolve() for p in paths)
        chain = self._versions.get(key)
        if chain is None:
            chain = self._versions[key] = ProfileVersions.of(base, [self.load(p) for p in paths])
        if pin is None:
            return chain
        pinned = chain.pin(pin)
        if pinned is None:
            raise self._no_version(base, pin, chain)
        return pinned

    def path_of(self, name: str) -> Path | None:
        """The file of profile ``name``, or None."""
        for d in self.directories:
            p = d / f"{name}.yaml"
            if p.is_file():
                return p
        return None

    def load(self, name_or_path: str | Path) -> LoadedProfile:
        """Load a profile by name (``citywide``, ``citywide@2027-01-01``) or by path, cached."""
        text = str(name_or_path)
        path: Path | None
        if _PATH_PIN.match(text):
            return self.versions(text).latest.loaded
        if _is_path(text):
            path = self._existing(text)
        else:
            path = self.path_of(text)
            if path is None:
                base, pin = self._split(text)
                if pin is None and not self.version_paths(base):
                    raise self._not_found(text)
                # a day no file is named after (a day inside a version's span, the plain
                # file's own date), or only version files on the path: the chain decides
                chain = self.versions(text)
                return chain.latest.loaded
        key = path.resolve()
        if key not in self._cache:
            self._cache[key] = load_profile_file(
                path, self._resolve_base(path), roots=self.directories
            )
        return self._cache[key]

    def _existing(self, text: str) -> Path:
        path = Path(text)
        if not path.is_file():
            raise ProfileNotFoundError(
                f"找不到配置文件 {text}",
                f"no profile file at {text}",
                location=Location(text),
            )
        return path

    def _split(self, text: str) -> tuple[str, date | None]:
        parts = split_version(text)
        if parts is None and VERSION_SEP not in text:
            raise self._not_found(text)
        if parts is None:
            raise ProfileNotFoundError(
                f"配置名称应为“名称”或“名称@施行日期”（如 citywide@2027-01-01），实为“{text}”",
                f"a profile name is NAME or NAME@YYYY-MM-DD (like citywide@2027-01-01), not '{text}'",
                code="profile.name_invalid",
            )
        return parts

    def _not_found(self, text: str) -> ProfileNotFoundError:
        return ProfileNotFoundError(
            f"没有名为“{text}”的配置（可用：{'、'.join(self.names())}）",
            f"no profile named '{text}' (known: {', '.join(self.names())})",
            hint_zh="用 hotline-rules profiles 查看全部配置，或给出 .yaml 文件路径。",
            hint_en="list them with `hotline-rules profiles`, or give a path to a .yaml file.",
        )

    def _no_version(self, name: str, day: date, chain: ProfileVersions) -> ProfileNotFoundError:
        return ProfileNotFoundError(
            f"配置“{name}”没有在 {day} 施行的版本（各版本：{'；'.join(v.span_zh() for v in chain)}）",
            f"profile '{name}' has no version in force on {day} (versions: {'; '.join(v.span_en() for v in chain)})",
            code="profile.version_not_found",
            hint_zh="@ 后写某个版本施行期间的一天，通常写它的施行日期（effective_from）；不写 @ 则按工单受理日选用当时施行的版本。",
            hint_en="after @ give a day a version is in force, usually its effective_from; without @ each ticket is judged by the version in force when it was received.",
        )

    def _resolve_base(self, path: Path) -> Resolver:
        def resolve(name: str) -> Path | None:
            # A base is looked up beside the child first, then on the search path.
            sibling = path.parent / f"{name}.yaml"
            return sibling if sibling.is_file() else self.path_of(name)

        return resolve


def _plugin_dirs() -> list[Path]:
    dirs: list[Path] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        target = ep.load()
        value = target() if callable(target) else target
        dirs.append(Path(value))
    return dirs


@cache
def default_registry() -> Registry:
    """The registry of bundled and plugin profiles, built once."""
    return Registry()


def load_profile(name_or_path: str | Path) -> LoadedProfile:
    """Load a profile by name or path from the default registry."""
    return default_registry().load(name_or_path)


def load_versions(name_or_path: str | Path) -> ProfileVersions:
    """Every version of a profile (or the one pinned with ``@``) from the default registry."""
    return default_registry().versions(name_or_path)


_PATH_PIN = re.compile(r"^(?P<path>.+\.ya?ml)@(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})$")


def _path_pin(text: str) -> tuple[str, date | None]:
    """``dir/citywide.yaml@2026-05-01``: the file and the day whose version is wanted."""
    m = _PATH_PIN.match(text)
    if m is None:
        return text, None
    try:
        return m["path"], date.fromisoformat(m["day"])
    except ValueError:
        return text, None


def _is_path(text: str) -> bool:
    return text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text


__all__ = [
    "ENTRY_POINT_GROUP",
    "ProfileNotFoundError",
    "Registry",
    "default_registry",
    "load_profile",
    "load_versions",
]
