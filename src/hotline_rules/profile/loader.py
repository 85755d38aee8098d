"""Load a profile from YAML: safe parsing, ``extends:``, validation with file:line:column errors.

``extends: NAME`` builds on another profile of the search path (a district on
its city's). The child gives its own ``meta``, adds rules with new ids in the
usual sections, and changes what the base says only under ``override:``::

    extends: citywide
    clocks:                       # new rules: ids the base does not have
      - id: completion.hydraulic
        ...
    override:                     # changes: every key must exist in the base
      clocks:
        completion.consultation:  # rules are named by id
          duration: 3个工作日
      calendar:
        zone: Asia/Shanghai

Adding a rule whose id the base already has, or overriding a rule id or a key
that neither the base nor the profile language has, is an error at the child's
line: a misspelt override must never pass silently as a new rule. A field the
language defines but the base left at its default (a clock's
``counting.inclusive``, ``stops_when``) may be set under ``override:``; what
the child writes there is then checked like any other value of the profile.
Overrides merge key by key, except a condition (``when``, ``numerator``,
``denominator``), which the child's replaces whole.

A file named ``NAME@YYYY-MM-DD.yaml`` is a later version of profile ``NAME``
(see ``versions.py``): its ``meta.id`` is ``NAME`` and its
``meta.effective_from`` is the date after the ``@``, or it does not load.

What a profile points at stays where the profile is: the base of ``extends``
and the directories of ``calendar.notices`` must lie inside the profile's own
folder, a directory of the search path, or the bundled profiles, links
resolved; anything else is an error at that line, and no word of the other
file is shown. An id is used once: two rules, two reasons of one rule, two
pieces of evidence ... with the same id are an error at the second, naming
the line of the first.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hotline_rules.errors import HotlineRulesError, Location, ProfileError, YamlError, gather
from hotline_rules.profile.facts import FIXED_VOCABULARIES, SHARED_VOCABULARIES
from hotline_rules.profile.schema import (
    ACCOUNTABILITY_RULE_SECTIONS,
    RULE_SECTIONS,
    SINGLE_RULE_SECTIONS,
    Profile,
    Vocabulary,
)
from hotline_rules.resources import bundled_profiles_dir
from hotline_rules.time.notices import notice_paths
from hotline_rules.vocabulary import (
    CLOCKS,
    CONSEQUENCES,
    EVENTS,
    SUPERVISION_ACTIONS,
    TIERS,
    aliases,
)
from hotline_rules.yaml_source import (
    KEY,
    PathKey,
    SourceDocument,
    fields_at,
    format_path,
    load_yaml_file,
    validation_error,
)

MAX_EXTENDS_DEPTH = 8
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(@[0-9]{4}-[0-9]{2}-[0-9]{2})?$")
_VERSION_RE = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)@(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})$")
VERSION_SEP = "@"
"""Separates a profile's name from a version's date: ``citywide@2027-01-01``."""
_RULE_LISTS = frozenset((*RULE_SECTIONS, *ACCOUNTABILITY_RULE_SECTIONS))
_RULE_SECTION_KEYS = frozenset((*_RULE_LISTS, *SINGLE_RULE_SECTIONS))

_CONDITION_KEYS = frozenset(("when", "numerator", "denominator"))
"""Keys that hold a condition. Under ``override:`` a condition replaces the base's whole: a child
that writes ``when: {}`` means every ticket, and ``when: {any: [...]}`` over ``when: {kind: x}``
means that condition, not the two merged key by key (a merge would keep ``kind: x`` silently)."""


Position = tuple[str, int, int]


class ProfileYamlError(ProfileError, YamlError):
    """Raised when a profile file cannot be read safely as YAML (syntax, tags, depth, size ...).

    A :class:`YamlError` with the same codes as any YAML file, and a :class:`ProfileError`,
    so that a command given a broken profile exits 3 whichever the mistake.
    """


@dataclass
class Provenance:
    """Where each value of a (possibly merged) profile came from: file, line, column."""

    positions: dict[PathKey, Position] = field(default_factory=dict)
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: SourceDocument) -> Provenance:
        return cls(
            {p: (doc.file, ln, col) for p, (ln, col) in doc.positions.items()},
            {doc.file: doc.lines},
        )

    def locate(self, path: PathKey, *, at_key: bool = False) -> tuple[Location, str | None]:
        key = tuple(path)
        if at_key and (*key, KEY) in self.positions:
            key = (*key, KEY)
        while key and key not in self.positions:
            key = key[:-1]
        if key not in self.positions:
            return Location(None, None, None, format_path(tuple(path))), None
        file, line, col = self.positions[key]
        lines = self.lines.get(file, ())
        text = lines[line - 1] if 0 < line <= len(lines) else None
        return Location(file, line, col, format_path(tuple(path))), text

    def error(
        self,
        path: PathKey,
        zh: str,
        en: str,
        *,
        code: str,
        hint_zh: str | None = None,
        hint_en: str | None = None,
        at_key: bool = False,
    ) -> ProfileError:
        loc, text = self.locate(path, at_key=at_key)
        return ProfileError(
            zh, en, code=code, hint_zh=hint_zh, hint_en=hint_en, location=loc, source_line=text
        )


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile with the files it came from and where each value is."""

    profile: Profile
    path: Path
    files: tuple[Path, ...]
    data: dict[str, Any]
    provenance: Provenance


Resolver = Callable[[str], Path | None]
"""Find a profile file by name on the search path (see ``registry.py``)."""


def load_profile_file(
    path: str | Path, resolve: Resolver | None = None, *, roots: Iterable[str | Path] = ()
) -> LoadedProfile:
    """Load, merge (``extends``) and validate the profile at ``path``.

    The base of ``extends`` (found by ``resolve``) and the ``calendar.notices``
    directories must lie, links resolved, inside the folder of the file that names
    them, one of ``roots`` (the search path) or the bundled profiles.
    """
    p = Path(path)
    allowed = _Roots.of(roots)
    data, prov, files = _load_merged(p, resolve, (), allowed)
    _check_notices(data, prov, p, allowed)
    _check_unique_ids(data, prov)
    vocab = _vocabularies(data, prov)
    context = {"vocabularies": vocab, "aliases": _aliases(data)}
    try:
        profile = Profile.model_validate(data, context=context)
    except ValidationError as exc:
        raise _located(exc, prov) from exc
    if VERSION_SEP in p.stem:
        _check_version_file(p, profile, prov)
    return LoadedProfile(profile, p, tuple(files), data, prov)


def split_version(text: str) -> tuple[str, date | None] | None:
    """Split ``citywide@2027-01-01`` into its name and date (``citywide`` gives no date).

    None when the text is neither a profile name nor ``NAME@YYYY-MM-DD`` with a real date.
    """
    if VERSION_SEP not in text:
        return (text, None) if _NAME_RE.match(text) else None
    m = _VERSION_RE.match(text)
    if m is None:
        return None
    try:
        return m["name"], date.fromisoformat(m["day"])
    except ValueError:
        return None


def _check_version_file(path: Path, profile: Profile, prov: Provenance) -> None:
    """A version file says in its own meta what its name says: same id, same date."""
    parts = split_version(path.stem)
    if parts is None or parts[1] is None:
        raise ProfileError(
            f"版本文件名应为“配置名称@施行日期.yaml”（如 citywide@2027-01-01.yaml），实为 {path.name}",
            f"a version file is named NAME@YYYY-MM-DD.yaml (like citywide@2027-01-01.yaml), not {path.name}",
            code="profile.version_file_name",
            location=Location(str(path)),
        )
    name, day = parts
    meta = profile.meta
    if meta.id != name:
        raise prov.error(
            ("meta", "id"),
            f"版本文件 {path.name} 的 meta.id 应为“{name}”（与原配置相同），实为“{meta.id}”",
            f"the meta.id of version file {path.name} must be '{name}' (the profile's own id), not '{meta.id}'",
            code="profile.version_id",
        )
    if meta.effective_from != day:
        found = meta.effective_from.isoformat() if meta.effective_from else "未填写"
        found_en = meta.effective_from.isoformat() if meta.effective_from else "missing"
        raise prov.error(
            ("meta", "effective_from"),
            f"文件名中的施行日期 {day} 与 meta.effective_from（{found}）不一致",
            f"the date in the file name, {day}, differs from meta.effective_from ({found_en})",
            code="profile.version_date",
            hint_zh="文件名 @ 后的日期就是该版本的施行日期，两处应写同一天。",
            hint_en="the date after @ in the file name is the version's effective_from; write the same day in both.",
        )


def _located(exc: ValidationError, prov: Provenance) -> ProfileError:
    # Reuse the document formatter: a throwaway document whose locate() reads the provenance.
    class _Doc:
        def error(
            self,
            path: Any,
            zh: str,
            en: str,
            *,
            code: str,
            cls: Any = ProfileError,
            at_key: bool = False,
        ) -> HotlineRulesError:
            return prov.error(tuple(path), zh, en, code=code, at_key=at_key)

    return validation_error(  # type: ignore[return-value]
        exc,
        _Doc(),  # type: ignore[arg-type]
        cls=ProfileError,
        code_prefix="profile",
        known_fields=_field_names(),
        schema=_schema(),
    )


@cache
def _schema() -> dict[str, Any]:
    """The profile language's JSON Schema: which keys each place allows, for "did you mean"."""
    from hotline_rules.profile.json_schema import profile_json_schema

    return profile_json_schema()


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the profile language, to suggest the one a typo meant."""
    from hotline_rules.profile.json_schema import profile_json_schema

    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(profile_json_schema())
    return frozenset(names)


def _vocabularies(data: dict[str, Any], prov: Provenance) -> dict[str, frozenset[str]]:
    raw = data.get("vocabulary") or {}
    shared: dict[str, Any] = dict(SHARED_VOCABULARIES)
    shared.update(
        clocks=CLOCKS, events=EVENTS, supervision_actions=SUPERVISION_ACTIONS, tiers=TIERS
    )
    if isinstance(raw, dict):
        again = [
            prov.error(
                ("vocabulary", name, word),
                f"“{word}”已是共用词汇表 {name} 中的词（{shared[name][word]}），不能再声明",
                f"'{word}' is already a shared word of {name} ({shared[name][word]}); "
                "it cannot be declared again",
                code="profile.duplicate_word",
                hint_zh="删掉这一行：共用的词可以直接使用。",
                hint_en="delete the line: shared words can be used as they are.",
                at_key=True,
            )
            for name, words in raw.items()
            if name in shared and isinstance(words, dict)
            for word in words
            if isinstance(word, str) and word in shared[name]
        ]
        if again:
            raise gather(again)
    try:
        extra = Vocabulary.model_validate(raw)
    except ValidationError as exc:
        raise _located_under(exc, prov, ("vocabulary",)) from exc
    found = {
        name: frozenset(words) | frozenset(getattr(extra, name)) for name, words in shared.items()
    }
    found.update((name, frozenset(words)) for name, words in FIXED_VOCABULARIES.items())
    return found


def _aliases(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Chinese name -> word for every vocabulary, the profile's own words included (``咨询`` is
    read as ``consultation``); called after :func:`_vocabularies` has checked the words."""
    raw = data.get("vocabulary") or {}
    named: dict[str, dict[str, str]] = {
        name: dict(words)
        for name, words in (*SHARED_VOCABULARIES.items(), *FIXED_VOCABULARIES.items())
    }
    named.update(
        clocks=dict(CLOCKS),
        events=dict(EVENTS),
        supervision_actions=dict(SUPERVISION_ACTIONS),
        tiers=dict(TIERS),
        consequences=dict(CONSEQUENCES),
    )
    if isinstance(raw, dict):
        for name, words in raw.items():
            if name in named and isinstance(words, dict):
                named[name].update((str(k), str(v)) for k, v in words.items())
    return {name: aliases(words) for name, words in named.items()}


def _located_under(exc: ValidationError, prov: Provenance, prefix: PathKey) -> ProfileError:
    first = exc.errors(include_url=False)[0]
    path = (*prefix, *(p for p in first["loc"] if isinstance(p, (str, int))))
    return prov.error(
        path,
        f"词汇表有误：{first['msg']}",
        f"vocabulary: {first['msg']}",
        code="profile.vocabulary",
    )


# ---- ids --------------------------------------------------------------------------------------


def _check_unique_ids(data: dict[str, Any], prov: Provenance) -> None:
    """Every id used once: rule ids across all sections, item ids (reasons, evidence ...) per list.

    Checked on the merged data before validation, so that the error points at the second
    id and names the line of the first (a base's rule is kept apart by ``extends`` itself).
    """
    errors: list[ProfileError] = []
    rules: dict[Any, PathKey] = {}
    rule_lists: set[PathKey] = set()
    for where, items in _rule_lists(data):
        rule_lists.add(where)
        for i, item in enumerate(items):
            rule_id = _id_of(item)
            if rule_id is None:
                continue
            if rule_id in rules:
                errors.append(
                    _duplicate(
                        prov, rule_id, rules[rule_id], (*where, i), "profile.duplicate_rule_id"
                    )
                )
            else:
                rules[rule_id] = (*where, i)
    for section in SINGLE_RULE_SECTIONS:  # assessment, rework, units: one rule each
        rule_id = _id_of(data.get(section))
        if rule_id is not None and rule_id in rules:
            errors.append(
                _duplicate(prov, rule_id, rules[rule_id], (section,), "profile.duplicate_rule_id")
            )
        elif rule_id is not None:
            rules[rule_id] = (section,)
    for where, items in _lists(data, ()):
        if where in rule_lists:
            continue
        seen: dict[Any, PathKey] = {}
        for i, item in enumerate(items):
            item_id = _id_of(item)
            if item_id is None:
                continue
            if item_id in seen:
                errors.append(
                    _duplicate(prov, item_id, seen[item_id], (*where, i), "profile.duplicate_id")
                )
            else:
                seen[item_id] = (*where, i)
    if errors:
        raise gather(errors)


def _rule_lists(data: dict[str, Any]) -> Iterator[tuple[PathKey, list[Any]]]:
    """The lists of rules, each with its path: ``clocks``, ..., ``accountability.vetoes``."""
    for name in RULE_SECTIONS:
        items = data.get(name)
        if isinstance(items, list):
            yield (name,), items
    accountability = data.get("accountability")
    if isinstance(accountability, dict):
        for name in ACCOUNTABILITY_RULE_SECTIONS:
            items = accountability.get(name)
            if isinstance(items, list):
                yield ("accountability", name), items


def _lists(data: Any, path: PathKey) -> Iterator[tuple[PathKey, list[Any]]]:
    """Every list in ``data`` with its path (no recursion: the depth was capped when read)."""
    todo: list[tuple[PathKey, Any]] = [(path, data)]
    while todo:
        here, value = todo.pop()
        if isinstance(value, dict):
            todo.extend(((*here, k), v) for k, v in value.items())
        elif isinstance(value, list):
            yield here, value
            todo.extend(((*here, i), v) for i, v in enumerate(value))


def _id_of(item: Any) -> Any:
    """The ``id`` of a mapping when it is a text or a number, else None (validation reports it)."""
    if not isinstance(item, dict):
        return None
    value = item.get("id")
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _duplicate(
    prov: Provenance, value: Any, first: PathKey, second: PathKey, code: str
) -> ProfileError:
    at = prov.positions.get((*first, "id"))
    here = prov.positions.get((*second, "id"))
    shown = str(value)[:60]
    if at is None:
        where_zh, where_en = format_path(first), format_path(first)
    elif here is not None and here[0] == at[0]:
        where_zh = f"第 {at[1]} 行（{format_path(first)}）"
        where_en = f"line {at[1]} ({format_path(first)})"
    else:
        where_zh = f"{Path(at[0]).name} 第 {at[1]} 行（{format_path(first)}）"
        where_en = f"{Path(at[0]).name} line {at[1]} ({format_path(first)})"
    return prov.error(
        (*second, "id"),
        f"编号“{shown}”重复：{where_zh}已用过",
        f"duplicate id '{shown}': already used at {where_en}",
        code=code,
        hint_zh="每个编号只能用一次：改掉其中一个，或删去重复的一条。",
        hint_en="an id is used once: rename one of them, or delete the repeated entry.",
    )


# ---- what a profile points at ------------------------------------------------------------------


@dataclass(frozen=True)
class _Roots:
    """The directories a profile may point into besides its own folder (links resolved)."""

    dirs: tuple[Path, ...]

    @classmethod
    def of(cls, roots: Iterable[str | Path]) -> _Roots:
        dirs = [_real(Path(r)) for r in (*roots, bundled_profiles_dir())]
        return cls(tuple(d for d in dirs if d is not None))

    def holds(self, target: Path, folder: Path) -> bool:
        """Whether ``target``, links resolved, lies inside ``folder`` or one of the roots."""
        real = _real(target)
        if real is None:
            return False
        return any(real.is_relative_to(d) for d in (_real(folder), *self.dirs) if d is not None)


def _real(path: Path) -> Path | None:
    """``path`` with every link resolved, or None when it cannot be (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _check_notices(data: dict[str, Any], prov: Provenance, path: Path, allowed: _Roots) -> None:
    """Every ``calendar.notices`` directory (and every notice file in it) is inside what is allowed.

    Relative to the folder of the profile's own file, as the calendar reads them.
    """
    calendar = data.get("calendar")
    entries = calendar.get("notices") if isinstance(calendar, dict) else None
    if not isinstance(entries, list):
        return  # not a list: validation says so
    folder = path.parent
    errors: list[ProfileError] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        where = ("calendar", "notices", i)
        target = folder / entry
        outside = Path(entry).is_absolute() or not allowed.holds(target, folder)
        if not outside and target.is_dir():
            try:
                files = notice_paths(target)
            except HotlineRulesError:
                outside = True
            else:
                outside = not all(allowed.holds(f, target) for f in files)
        if outside:
            errors.append(
                prov.error(
                    where,
                    f"放假通知目录“{entry[:60]}”（或其中的文件）不在本配置所在的目录之内，不予读取",
                    f"the notice directory '{entry[:60]}' (or a file in it) lies outside this "
                    "profile's folder; it is not read",
                    code="profile.notices_outside",
                    hint_zh="写相对于本配置文件的目录，如 calendars；不要写绝对路径、“..”或指向别处的链接。",
                    hint_en="give a directory relative to this profile, like calendars: no absolute "
                    "path, no '..', no link to elsewhere.",
                )
            )
        elif not target.is_dir():
            errors.append(
                prov.error(
                    where,
                    f"找不到放假通知目录“{entry[:60]}”（相对于本配置文件所在的目录）",
                    f"no notice directory '{entry[:60]}' (relative to this profile's folder)",
                    code="profile.notices_not_found",
                )
            )
    if errors:
        raise gather(errors)


# ---- extends --------------------------------------------------------------------------------


def _load_merged(
    path: Path, resolve: Resolver | None, chain: tuple[Path, ...], allowed: _Roots
) -> tuple[dict[str, Any], Provenance, list[Path]]:
    doc = load_yaml_file(path, cls=ProfileYamlError)
    prov = Provenance.of(doc)
    if not isinstance(doc.data, dict):
        # Not a profile at all (maybe not even meant as YAML): its text is not shown.
        raise ProfileError(
            "配置文件应为键值对（apiVersion、meta、clocks …）",
            "a profile must be a mapping (apiVersion, meta, clocks, ...)",
            code="profile.not_a_mapping",
            location=Location(str(path), 1, 1),
        )
    data: dict[str, Any] = doc.data
    base_name = data.get("extends")
    if base_name is None:
        if "override" in data:
            raise prov.error(
                ("override",),
                "只有继承其他配置（extends）时才能使用 override",
                "override: is only for a profile that extends another",
                code="profile.override_without_extends",
            )
        return data, prov, [path]
    if not isinstance(base_name, str) or not _NAME_RE.match(base_name):
        raise prov.error(
            ("extends",),
            f"extends 只能写配置名称（如 citywide），不能写路径：{base_name!r}",
            f"extends takes a profile name (like citywide), not a path: {base_name!r}",
            code="profile.extends_not_a_name",
            hint_zh="被继承的配置必须在配置搜索路径中。",
            hint_en="the base profile must be on the profile search path.",
        )
    base_path = resolve(base_name) if resolve else None
    if base_path is None:
        raise prov.error(
            ("extends",),
            f"在配置搜索路径中找不到被继承的配置“{base_name}”",
            f"base profile '{base_name}' is not on the profile search path",
            code="profile.extends_not_found",
        )
    if not allowed.holds(base_path, path.parent):
        raise prov.error(
            ("extends",),
            f"被继承的配置“{base_name}”不在本配置所在的目录（或配置搜索路径）之内"
            "（是指向别处的链接？），不予读取",
            f"the base profile '{base_name}' lies outside this profile's folder and the "
            "profile search path (a link pointing elsewhere?); it is not read",
            code="profile.extends_outside",
            hint_zh="把被继承的配置文件本身放进本配置所在的目录，不要用链接指向别处。",
            hint_en="put the base profile file itself in this profile's folder, not a link to elsewhere.",
        )
    resolved = base_path.resolve()
    if resolved in chain or resolved == path.resolve() or len(chain) >= MAX_EXTENDS_DEPTH:
        raise prov.error(
            ("extends",),
            f"继承关系形成循环或过深：{' → '.join(p.stem for p in (*chain, path.resolve()))} → {base_name}",
            f"extends loops or is too deep: {' -> '.join(p.stem for p in (*chain, path.resolve()))} -> {base_name}",
            code="profile.extends_cycle",
        )
    base_data, base_prov, files = _load_merged(
        base_path, resolve, (*chain, path.resolve()), allowed
    )
    merged, merged_prov = _merge(base_data, base_prov, data, prov)
    return merged, merged_prov, [*files, path]


def _merge(
    base: dict[str, Any], base_prov: Provenance, child: dict[str, Any], child_prov: Provenance
) -> tuple[dict[str, Any], Provenance]:
    out = copy.deepcopy(base)
    prov = Provenance(dict(base_prov.positions), {**base_prov.lines, **child_prov.lines})
    out.pop("meta", None)
    _drop(prov, ("meta",))
    for key, value in child.items():
        if key in ("extends", "override"):
            continue
        if key in ("apiVersion", "meta"):
            out[key] = copy.deepcopy(value)
            _drop(prov, (key,))
            _graft(prov, child_prov, (key,), (key,))
            continue
        _add(out, prov, child_prov, (key,), value)
    out["extends"] = child["extends"]
    _graft(prov, child_prov, ("extends",), ("extends",))
    override = child.get("override")
    if override is not None:
        if not isinstance(override, dict):
            raise child_prov.error(
                ("override",),
                "override 应为键值对",
                "override must be a mapping",
                code="profile.override_invalid",
            )
        missing: list[ProfileError] = []  # every key the base lacks, reported at once
        for key, value in override.items():
            _override(out, prov, child_prov, (key,), ("override", key), value, missing)
        if missing:
            raise gather(missing)
    return out, prov


def _add(
    out: dict[Any, Any], prov: Provenance, child_prov: Provenance, path: PathKey, value: Any
) -> None:
    """Add what the child declares in a normal section; never replace what the base says."""
    key = path[-1]
    if key not in out or out[key] is None:
        out[key] = copy.deepcopy(value)
        _graft(prov, child_prov, path, path)
        return
    existing = out[key]
    if key in _RULE_LISTS and isinstance(existing, list) and isinstance(value, list):
        base_ids = {item.get("id") for item in existing if isinstance(item, dict)}
        for i, item in enumerate(value):
            rule_id = item.get("id") if isinstance(item, dict) else None
            if rule_id in base_ids:
                raise child_prov.error(
                    (*path, i, "id"),
                    f"被继承的配置已有规则“{rule_id}”；要修改它，请写在 override.{key}.{rule_id} 下",
                    f"the base already has rule '{rule_id}'; to change it, put it under override.{key}.{rule_id}",
                    code="profile.extends_duplicate_rule",
                )
            existing.append(copy.deepcopy(item))
            _graft(prov, child_prov, (*path, i), (*path, len(existing) - 1))
        return
    if isinstance(existing, dict) and isinstance(value, dict):
        for sub_key, sub_value in value.items():
            _add(existing, prov, child_prov, (*path, sub_key), sub_value)
        return
    raise child_prov.error(
        path,
        f"被继承的配置已设定“{format_path(path)}”；要修改它，请写在 override 下",
        f"the base already sets '{format_path(path)}'; to change it, put it under override:",
        code="profile.extends_redefined",
    )


def _override(
    out: dict[str, Any],
    prov: Provenance,
    child_prov: Provenance,
    path: PathKey,
    child_path: PathKey,
    value: Any,
    missing: list[ProfileError],
) -> None:
    """Replace what the base says at ``path``; a key the base lacks is added to ``missing``."""
    container: Any = out
    merged_path: list[str | int] = []
    found: str | int | None = None
    step_missing: str | int = path[-1]  # the step that is not in the base
    at_last = False  # the walk reached the mapping or list that should hold path[-1]
    try:
        for part in path[:-1]:
            step_missing = part
            container, step = _step(container, part)
            merged_path.append(step)
        step_missing = key = path[-1]
        at_last = True
        target: Any = None
        if isinstance(container, list):
            target, found = _find_rule(container, key)
        elif isinstance(container, dict) and key in container:
            target, found = container[key], key
    except (KeyError, TypeError):
        found = None
    if found is None and at_last and _defines(tuple(merged_path), container, key):
        # A field the base left at its default: set it, and validation checks what is written.
        # A section of the language (a mapping with named fields, not a condition or a mapping
        # of free keys) is set key by key, so that each key inside is checked as here.
        if (
            isinstance(value, dict)
            and key not in _CONDITION_KEYS
            and _allowed((*merged_path, key), {})
        ):
            container[key] = {}
            _graft(prov, child_prov, child_path, (*merged_path, key))  # where it is written
            for sub_key, sub_value in value.items():
                _override(
                    out,
                    prov,
                    child_prov,
                    (*path, sub_key),
                    (*child_path, sub_key),
                    sub_value,
                    missing,
                )
            return
        container[key] = copy.deepcopy(value)
        _graft(prov, child_prov, child_path, (*merged_path, key))
        return
    if found is None:
        close = _closest(step_missing, container, _allowed(tuple(merged_path), container))
        shown = format_path(path)
        error = child_prov.error(
            child_path,
            f"被继承的配置中没有“{shown}”，不能覆盖"
            + (
                f"。是不是“{close}”？（新规则请写在对应章节中）"
                if close
                else "（拼写错误？新规则请写在对应章节中）"
            ),
            f"the base has no '{shown}' to override"
            + (
                f"; did you mean '{close}'? (new rules go in their section)"
                if close
                else " (a typo? new rules go in their section)"
            ),
            code="profile.override_missing_key",
            at_key=True,
        )
        missing.append(error)
        return
    index = found
    merged_path.append(index)
    replace_whole = path[-1] in _CONDITION_KEYS and not isinstance(container, list)
    if isinstance(value, dict) and isinstance(target, (dict, list)) and not replace_whole:
        for sub_key, sub_value in value.items():
            _override(
                out, prov, child_prov, (*path, sub_key), (*child_path, sub_key), sub_value, missing
            )
        return
    container[index] = copy.deepcopy(value)
    _drop(prov, tuple(merged_path))
    _graft(prov, child_prov, child_path, tuple(merged_path))


def _allowed(merged_path: PathKey, container: Any) -> frozenset[str]:
    """The keys the profile language allows in the mapping ``container`` at ``merged_path``.

    Read from the profile's JSON Schema, which knows every model's fields under their YAML
    names; a mapping of free keys (a vocabulary's words) allows none by name.
    """
    if not isinstance(container, dict):
        return frozenset()
    return frozenset(fields_at(_schema(), tuple(merged_path)) or ())


def _defines(merged_path: PathKey, container: Any, key: str | int) -> bool:
    """Whether ``key`` is a field the language defines in the mapping at ``merged_path``.

    A section of rules (``clocks``, ``units`` ...) the base lacks is not such a field: new
    rules are written in their section, where ids are checked, never under ``override:``.
    """
    if tuple(merged_path) in ((), ("accountability",)) and key in _RULE_SECTION_KEYS:
        return False
    return isinstance(key, str) and key in _allowed(merged_path, container)


def _closest(name: str | int, container: Any, allowed: Iterable[str] = ()) -> str | None:
    """The key or rule id that ``name`` most likely meant (not ``name`` itself): one the base
    has, or a field the language allows there."""
    if isinstance(container, list):
        known = [str(item["id"]) for item in container if isinstance(item, dict) and "id" in item]
    elif isinstance(container, dict):
        known = [*(str(k) for k in container), *sorted(set(allowed) - set(map(str, container)))]
    else:
        return None
    close = difflib.get_close_matches(str(name), [k for k in known if k != str(name)], n=1)
    return close[0] if close else None


def _step(container: Any, part: str | int) -> tuple[Any, str | int]:
    """One step down a path: a rule by id in a list, or a key in a mapping (KeyError if absent)."""
    if isinstance(container, list):
        item, index = _find_rule(container, part)
        if index is None:
            raise KeyError(part)
        return item, index
    if not isinstance(container, dict):
        raise TypeError(part)
    return container[part], part


def _find_rule(items: list[Any], rule_id: str | int) -> tuple[Any, int | None]:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == rule_id:
            return item, i
    return None, None


def _drop(prov: Provenance, prefix: PathKey) -> None:
    n = len(prefix)
    for p in [p for p in prov.positions if p[:n] == prefix]:
        del prov.positions[p]


def _graft(
    prov: Provenance, child_prov: Provenance, child_prefix: PathKey, merged_prefix: PathKey
) -> None:
    n = len(child_prefix)
    for p, pos in child_prov.positions.items():
        if p[:n] == child_prefix:
            prov.positions[(*merged_prefix, *p[n:])] = pos


__all__ = [
    "VERSION_SEP",
    "LoadedProfile",
    "ProfileError",
    "ProfileYamlError",
    "Provenance",
    "load_profile_file",
    "split_version",
]
