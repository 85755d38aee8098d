"""Find profiles by name: bundled ones, extra directories, and other packages' entry points.

A package that ships its own profiles declares, in its ``pyproject.toml``::

    [project.entry-points."hotline_rules.profiles"]
    mycity = "mycity_rules:profiles_dir"

where ``profiles_dir()`` returns the directory holding its ``*.yaml`` profiles.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ..errors import HotlineRulesError, Location
from ..resources import bundled_profiles_dir
from .loader import LoadedProfile, Resolver, load_profile_file

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

    def names(self) -> list[str]:
        """Every profile name on the search path, sorted."""
        found: dict[str, Path] = {}
        for d in self.directories:
            for p in sorted(d.glob("*.yaml")):
                found.setdefault(p.stem, p)
        return sorted(found)

    def path_of(self, name: str) -> Path | None:
        """The file of profile ``name``, or None."""
        for d in self.directories:
            p = d / f"{name}.yaml"
            if p.is_file():
                return p
        return None

    def load(self, name_or_path: str | Path) -> LoadedProfile:
        """Load a profile by name (``citywide``) or by path (``profiles/citywide.yaml``), cached."""
        text = str(name_or_path)
        path: Path | None
        if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
            path = Path(text)
            if not path.is_file():
                raise ProfileNotFoundError(
                    f"找不到配置文件 {text}",
                    f"no profile file at {text}",
                    location=Location(text),
                )
        else:
            path = self.path_of(text)
            if path is None:
                raise ProfileNotFoundError(
                    f"没有名为“{text}”的配置（可用：{'、'.join(self.names())}）",
                    f"no profile named '{text}' (known: {', '.join(self.names())})",
                    hint_zh="用 hotline-rules profiles 查看全部配置，或给出 .yaml 文件路径。",
                    hint_en="list them with `hotline-rules profiles`, or give a path to a .yaml file.",
                )
        key = path.resolve()
        if key not in self._cache:
            self._cache[key] = load_profile_file(path, self._resolve_base(path))
        return self._cache[key]

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


__all__ = [
    "ENTRY_POINT_GROUP",
    "ProfileNotFoundError",
    "Registry",
    "default_registry",
    "load_profile",
]
