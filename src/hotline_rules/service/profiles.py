"""The profiles a server answers with: loaded and compiled once, swapped whole on reload.

A reload builds a complete new :class:`ProfileSet` (a fresh registry, so edited files are read
again; every profile loaded and compiled) before anything changes; then one assignment makes it
the set every new request reads. A request holds the set it started with, so an answer is never
judged half by the old rules and half by the new. Any error leaves the old set serving.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import signal
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hotline_rules.engine.engine import Engine
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile.registry import ProfileNotFoundError, Registry
from hotline_rules.profile.summary import SECTION_ZH, summary
from hotline_rules.service import heap


@dataclass(frozen=True, slots=True)
class ServedProfile:
    """One profile (every version of it) compiled into an engine, with the digest of its files."""

    id: str
    engine: Engine
    sha256: str
    """sha256 over every version's files (``extends`` bases included), as an audit reports it."""

    @classmethod
    def load(cls, registry: Registry, name: str) -> ServedProfile:
        """Load, validate and compile every version of ``name`` from ``registry``."""
        engine = Engine(registry.versions(name))
        digest = hashlib.sha256()
        for path in engine.versions.files:
            digest.update(path.read_bytes())
        return cls(name, engine, digest.hexdigest())

    @property
    def calendar(self) -> dict[str, Any]:
        """The calendar data version of the latest version's calendar."""
        return self.engine.calc.calendar.version.to_dict()

    def versions(self) -> list[dict[str, Any]]:
        """Each version: its name, file name and the days it is in force."""
        return [
            {
                "name": v.name,
                "file": Path(v.loaded.path).name if v.loaded.path else None,
                "effective_from": v.label,
                "effective_until": v.effective_until.isoformat() if v.effective_until else None,
                "span_zh": v.span_zh(),
            }
            for v in self.engine.versions
        ]

    def listing(self) -> dict[str, Any]:
        """What ``GET /v1/profiles`` says of this profile."""
        meta = self.engine.profile.meta
        return {
            "id": self.id,
            "name_zh": meta.name_zh,
            "name_en": meta.name_en,
            "jurisdiction": meta.jurisdiction,
            "rules": len(self.engine.profile.rules()),
            "sha256": self.sha256,
            "versions": self.versions(),
        }

    def detail(self) -> dict[str, Any]:
        """What ``GET /v1/profiles/{id}`` says: the listing, the document and every rule in Chinese."""
        p = self.engine.profile
        names = p.word_names()
        return {
            **self.listing(),
            "issuer": p.meta.issuer,
            "document": p.meta.document.model_dump(mode="json"),
            "calendar": self.calendar,
            "rules_zh": [
                {
                    "section": section,
                    "section_zh": SECTION_ZH.get(section, section),
                    "id": rule.id,
                    "summary_zh": summary(rule, names),
                    "cite": rule.cite.model_dump(mode="json"),
                }
                for section, rule in p.rules()
            ],
        }


@dataclass(frozen=True, slots=True)
class ProfileSet:
    """Every profile on the search path, compiled; immutable, so requests share it freely."""

    profiles: dict[str, ServedProfile]
    loaded_at: datetime
    generation: int = 1

    @classmethod
    def load(cls, directories: tuple[Path, ...] = (), *, generation: int = 1) -> ProfileSet:
        """Load and compile every profile found in ``directories``, then the bundled ones.

        Raises the first profile's :class:`HotlineRulesError` when any is invalid: a server
        never starts (or reloads) with a profile silently left out.
        """
        registry = Registry(directories)
        loaded = {name: ServedProfile.load(registry, name) for name in registry.names()}
        return cls(loaded, datetime.now(UTC), generation)

    def get(self, name: str) -> ServedProfile:
        """The profile ``name``, or :class:`ProfileNotFoundError` naming those there are."""
        served = self.profiles.get(name)
        if served is None:
            known = "、".join(self.profiles) or "—"
            raise ProfileNotFoundError(
                f"没有名为“{name}”的配置（可用：{known}）",
                f"no profile named '{name}' (available: {', '.join(self.profiles) or '-'})",
                hint_zh="用 GET /v1/profiles 查看可用的配置。",
                hint_en="list them with GET /v1/profiles.",
            )
        return served


class Holder:
    """The set in use, and the one way to change it: :meth:`reload`, one at a time."""

    def __init__(self, current: ProfileSet, directories: tuple[Path, ...]) -> None:
        self.current = current
        self.directories = directories
        self.last_error: HotlineRulesError | None = None
        self._lock = threading.Lock()

    def reload(self) -> ProfileSet:
        """Build a new set from the files as they are now and swap it in; on error keep the old.

        Raises the error (after recording it in :attr:`last_error`) so the caller can report it.
        """
        with self._lock:
            try:
                fresh = ProfileSet.load(self.directories, generation=self.current.generation + 1)
            except HotlineRulesError as exc:
                self.last_error = exc
                raise
            self.current = fresh  # one assignment: atomic for every reader
            self.last_error = None
        heap.resettle()  # the old set to the collector, the new one out of its way
        return fresh


_LOG = logging.getLogger("hotline_rules.service")


@asynccontextmanager
async def sighup_reload(holder: Holder) -> AsyncIterator[None]:
    """While the application runs, SIGHUP reloads the profiles in place (logged either way)."""
    loop = asyncio.get_running_loop()

    def reload() -> None:
        try:
            fresh = holder.reload()
        except HotlineRulesError as exc:
            _LOG.error(
                json.dumps({"event": "reload_refused", "error": exc.to_dict()}, ensure_ascii=False)
            )
        else:
            _LOG.warning(
                json.dumps(
                    {
                        "event": "reloaded",
                        "generation": fresh.generation,
                        "profiles": list(fresh.profiles),
                    }
                )
            )

    def on_hup() -> None:
        loop.run_in_executor(None, reload)

    try:
        loop.add_signal_handler(signal.SIGHUP, on_hup)
        installed = True
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
        installed = False
    try:
        yield
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGHUP)


__all__ = ["Holder", "ProfileSet", "ServedProfile", "sighup_reload"]
