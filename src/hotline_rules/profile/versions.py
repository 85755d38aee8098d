"""Versions of one profile over time: which file's rules were in force on a given day.

A regulation is revised; tickets received before the revision are still judged
by the old text. A later version of profile ``citywide`` is a file
``citywide@2027-01-01.yaml`` (in any directory of the search path), usually
``extends: citywide`` with an ``override:`` of what changed. Its ``meta.id`` is
``citywide`` and its ``meta.effective_from`` is the date after the ``@``.

``effective_until`` is the last day a version is in force; left empty, it is
the day before the next version takes effect (the last version stays in force).
Versions may not overlap; a gap between two versions is allowed (a regulation
may lapse before its successor) and reported, never filled silently. Only the
earliest version may lack ``effective_from`` (a text that does not say when it
took effect): it is then in force from the beginning of time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from hotline_rules.profile.loader import VERSION_SEP, LoadedProfile

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ProfileVersion:
    """One version of a profile and the days it is in force: ``[effective_from, effective_until]``.

    ``effective_until`` is the declared last day, or, when ``until_implied``, the
    day before the next version; None on either side means open-ended.
    """

    loaded: LoadedProfile
    effective_from: date | None
    effective_until: date | None
    until_implied: bool = False

    @classmethod
    def of(cls, loaded: LoadedProfile) -> ProfileVersion:
        """A profile on its own: in force between the dates of its own ``meta``."""
        meta = loaded.profile.meta
        return cls(loaded, meta.effective_from, meta.effective_until)

    def __repr__(self) -> str:
        return f"ProfileVersion({self.name!r}, {self.span_en()!r}, {str(self.loaded.path)!r})"

    @property
    def label(self) -> str | None:
        """The version's name among its siblings: its ``effective_from`` (None when undated)."""
        return self.effective_from.isoformat() if self.effective_from else None

    @property
    def name(self) -> str:
        """``citywide@2027-01-01``, or ``citywide`` for an undated version."""
        pid = self.loaded.profile.meta.id
        return f"{pid}{VERSION_SEP}{self.label}" if self.label else pid

    def contains(self, day: date) -> bool:
        """Whether this version is in force on ``day``."""
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )

    def span_zh(self) -> str:
        """The days in force, in Chinese: ``2020-12-24 起``, ``2020-12-24 至 2026-12-31``."""
        a, b = self.effective_from, self.effective_until
        if a and b:
            return f"{a} 至 {b}"
        if a:
            return f"{a} 起"
        return f"至 {b}" if b else "未载施行日期"

    def span_en(self) -> str:
        """The days in force, in English."""
        a, b = self.effective_from, self.effective_until
        if a and b:
            return f"{a} to {b}"
        if a:
            return f"from {a}"
        return f"until {b}" if b else "no effective date given"


@dataclass(frozen=True)
class ProfileVersions:
    """Every version of one profile, sorted by ``effective_from`` and checked to form a chain.

    Build with :meth:`of` (which validates); ``pinned`` is True when a caller chose
    one version (``citywide@2027-01-01``) and the others were set aside.
    """

    name: str
    versions: tuple[ProfileVersion, ...]
    gaps: tuple[tuple[date, date], ...] = ()
    """Days no version covers, as (first day, last day) pairs, in order."""
    pinned: bool = False

    @classmethod
    def of(cls, name: str, loaded: Iterable[LoadedProfile]) -> ProfileVersions:
        """Sort and validate the versions of profile ``name``; ProfileError at the faulty line."""
        items = sorted(
            loaded,
            key=lambda lp: (lp.profile.meta.effective_from is not None, _from(lp) or date.min),
        )
        if not items:
            raise ValueError(f"no versions of profile {name!r}")
        first_id = items[0].profile.meta.id
        for lp in items:
            meta = lp.profile.meta
            if meta.id != first_id:
                raise lp.provenance.error(
                    ("meta", "id"),
                    f"同一配置的各版本 meta.id 应相同：{items[0].path.name} 为“{first_id}”，{lp.path.name} 为“{meta.id}”",
                    f"all versions of a profile share one meta.id: {items[0].path.name} has '{first_id}', {lp.path.name} has '{meta.id}'",
                    code="profile.version_id",
                )
            if meta.effective_until is not None and (
                meta.effective_from is not None and meta.effective_until < meta.effective_from
            ):
                raise lp.provenance.error(
                    ("meta", "effective_until"),
                    f"废止日期 {meta.effective_until} 早于施行日期 {meta.effective_from}",
                    f"effective_until {meta.effective_until} is before effective_from {meta.effective_from}",
                    code="profile.version_until_before_from",
                )
        versions: list[ProfileVersion] = []
        gaps: list[tuple[date, date]] = []
        for i, lp in enumerate(items):
            meta = lp.profile.meta
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is None:
                versions.append(ProfileVersion(lp, meta.effective_from, meta.effective_until))
                break
            start = _from(nxt)
            if start is None:  # only the first may be undated, and ``nxt`` is not the first
                raise nxt.provenance.error(
                    ("meta", "effective_from"),
                    f"{lp.path.name} 与 {nxt.path.name} 都没有施行日期；同一配置有多个版本时，只有最早的版本可以不写 effective_from",
                    f"neither {lp.path.name} nor {nxt.path.name} gives effective_from; of several versions only the earliest may be undated",
                    code="profile.version_undated",
                )
            if meta.effective_from == start:
                raise nxt.provenance.error(
                    ("meta", "effective_from"),
                    f"{lp.path.name} 与 {nxt.path.name} 同在 {start} 施行；每个版本的施行日期应不同",
                    f"{lp.path.name} and {nxt.path.name} both take effect on {start}; each version needs its own date",
                    code="profile.version_same_day",
                )
            until = meta.effective_until
            if until is None:
                versions.append(ProfileVersion(lp, meta.effective_from, start - _ONE_DAY, True))
                continue
            if until >= start:
                raise lp.provenance.error(
                    ("meta", "effective_until"),
                    f"版本重叠：{lp.path.name} 施行至 {until}，而 {nxt.path.name} 自 {start} 起施行",
                    f"versions overlap: {lp.path.name} is in force until {until}, but {nxt.path.name} takes effect on {start}",
                    code="profile.version_overlap",
                    hint_zh="前一版本的 effective_until 应早于后一版本的 effective_from；不写 effective_until 时，自动施行至后一版本施行的前一天。",
                    hint_en="a version's effective_until must be before the next one's effective_from; leave it out and it ends the day before the next version.",
                )
            if until + _ONE_DAY < start:
                gaps.append((until + _ONE_DAY, start - _ONE_DAY))
            versions.append(ProfileVersion(lp, meta.effective_from, until))
        return cls(name, tuple(versions), tuple(gaps))

    def __len__(self) -> int:
        return len(self.versions)

    def __iter__(self) -> Iterator[ProfileVersion]:
        return iter(self.versions)

    @property
    def latest(self) -> ProfileVersion:
        """The version that took effect last."""
        return self.versions[-1]

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file any version was read from (bases of ``extends`` included), once each."""
        seen: dict[Path, None] = {}
        for v in self.versions:
            for f in v.loaded.files:
                seen.setdefault(f, None)
        return tuple(seen)

    def in_force(self, day: date) -> LoadedProfile | None:
        """The version in force on ``day``, or None (before the first, after the last, in a gap)."""
        v = next((v for v in self.versions if v.contains(day)), None)
        return v.loaded if v else None

    def judging(self, day: date) -> ProfileVersion:
        """The version that judges a ticket received on ``day``.

        The one in force; when none is, the last one to take effect on or before
        ``day`` (in a gap or after the last ``effective_until``), or the earliest.
        """
        chosen = self.versions[0]
        for v in self.versions:
            if v.effective_from is not None and v.effective_from > day:
                break
            chosen = v
        return chosen

    def pin(self, day: date) -> ProfileVersions | None:
        """Only the version in force on ``day`` (its days in force kept), or None when none is.

        ``citywide@2027-01-01`` names the version taking effect that day, and equally
        the one in force on any later day of its span: a test pins "the rules of 2026".
        """
        v = next((v for v in self.versions if v.contains(day)), None)
        if v is None:
            return None
        return ProfileVersions(self.name, (v,), (), pinned=True)


def _from(lp: LoadedProfile) -> date | None:
    return lp.profile.meta.effective_from


__all__ = ["ProfileVersion", "ProfileVersions"]
