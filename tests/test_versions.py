"""Profile versions: files NAME@YYYY-MM-DD.yaml, the chain of dates, and the version that judges a ticket.

Every versioned profile here is built in a temporary directory: the bundled
profiles have one version each (their texts give one date, or none).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotline_rules.audit.auditor import Auditor
from hotline_rules.cli import app
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import Ticket, parse_ticket
from hotline_rules.profile import ProfileError, ProfileNotFoundError, Registry, default_registry
from hotline_rules.profile.versions import ProfileVersion, ProfileVersions

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parent.parent

BASE = """\
apiVersion: hotline_rules/v1
meta:
  id: city
  name_zh: 测试市热线办法
  name_en: Test City hotline measures
  jurisdiction: 测试市
  issuer: 测试市热线办
  document:
    title: 测试市热线办法
  effective_from: {start}
  effective_until: {until}
  source_file: none.txt
calendar:
  zone: Asia/Shanghai
clocks:
  - id: completion.all
    clock: completion
    starts_on: dispatched
    stops_on: [completed]
    duration: 5个工作日
    cite: {{article: 第五条, text: 5个工作日内办结}}
extensions:
  - id: extension.any
    clocks: [completion]
    max_each: 5个工作日
    cite: {{article: 第六条, text: 每次延期不超过5个工作日}}
returns:
  - id: return.any
    window: 1个工作日
    window_starts_on: dispatched
    cite: {{article: 第七条, text: 1个工作日内申请退单}}
"""

VERSION = """\
apiVersion: hotline_rules/v1
extends: city
meta:
  id: {pid}
  name_zh: 测试市热线办法（修订）
  name_en: Test City hotline measures, revised
  jurisdiction: 测试市
  issuer: 测试市热线办
  document:
    title: 测试市热线办法（修订）
  effective_from: {start}
  effective_until: {until}
  source_file: none.txt
override:
  clocks:
    completion.all:
      duration: {duration}
  extensions:
    extension.any:
      max_each: 2个工作日
  returns:
    return.any:
      window: 2小时
"""


def base(d: Path, start: str = "2024-01-01", until: str = "null") -> Path:
    path = d / "city.yaml"
    path.write_text(BASE.format(start=start, until=until), encoding="utf-8")
    return path


def version(
    d: Path,
    start: str,
    until: str = "null",
    duration: str = "3个工作日",
    *,
    pid: str = "city",
    file_day: str | None = None,
) -> Path:
    path = d / f"city@{file_day or start}.yaml"
    path.write_text(
        VERSION.format(pid=pid, start=start, until=until, duration=duration), encoding="utf-8"
    )
    return path


def registry(d: Path) -> Registry:
    return Registry([d], bundled=False, plugins=False)


@pytest.fixture
def two(tmp_path: Path) -> Registry:
    """city (2024-01-01, 5 working days) and city@2026-07-01 (3 working days)."""
    base(tmp_path)
    version(tmp_path, "2026-07-01")
    return registry(tmp_path)


def ticket(received: str, *, completed: str | None = "2026-07-08T10:00:00+08:00") -> Ticket:
    events: list[dict[str, Any]] = [
        {"type": "received", "at": received},
        {"type": "dispatched", "at": "2026-07-01T09:00:00+08:00", "unit": "城管局"},
    ]
    if completed:
        events.append({"type": "completed", "at": completed, "unit": "城管局"})
    return parse_ticket({"id": "T-1", "kind": "complaint", "events": events})


AS_OF = datetime.fromisoformat("2026-07-20T00:00:00+08:00")


# ---- registry: names, versions, pinning ----------------------------------------------------


def test_names_list_a_versioned_profile_once_and_load_keeps_the_plain_file(
    two: Registry, tmp_path: Path
) -> None:
    assert two.names() == ["city"]
    assert two.load("city").path == tmp_path / "city.yaml"
    chain = two.versions("city")
    assert [v.label for v in chain] == ["2024-01-01", "2026-07-01"]
    assert [v.name for v in chain] == ["city@2024-01-01", "city@2026-07-01"]
    assert [v.effective_until for v in chain] == [date(2026, 6, 30), None]
    assert [v.until_implied for v in chain] == [True, False]
    assert chain.gaps == ()
    assert chain.files == (tmp_path / "city.yaml", tmp_path / "city@2026-07-01.yaml")


def test_pinning_with_at_names_the_version_in_force_that_day(two: Registry, tmp_path: Path) -> None:
    assert two.load("city@2026-07-01").path == tmp_path / "city@2026-07-01.yaml"
    assert two.load("city@2024-01-01").path == tmp_path / "city.yaml"  # the plain file's date
    assert two.load("city@2026-06-30").path == tmp_path / "city.yaml"  # a day of its span
    assert two.load("city@2027-03-01").path == tmp_path / "city@2026-07-01.yaml"
    pinned = two.versions("city@2025-05-05")
    assert pinned.pinned and [v.name for v in pinned] == ["city@2024-01-01"]
    assert pinned.versions[0].effective_until == date(2026, 6, 30)  # its span is kept
    by_path = two.versions(f"{tmp_path / 'city.yaml'}@2026-08-01")
    assert [v.name for v in by_path] == ["city@2026-07-01"]


def test_pinning_a_day_no_version_covers_is_an_error_listing_the_versions(
    two: Registry,
) -> None:
    with pytest.raises(ProfileNotFoundError) as info:
        two.load("city@2023-12-31")
    err = info.value
    assert err.code == "profile.version_not_found"
    assert err.message_zh == (
        "配置“city”没有在 2023-12-31 施行的版本（各版本：2024-01-01 至 2026-06-30；2026-07-01 起）"
    )
    assert err.message_en == (
        "profile 'city' has no version in force on 2023-12-31 "
        "(versions: 2024-01-01 to 2026-06-30; from 2026-07-01)"
    )


def test_a_malformed_pin_is_an_error_and_an_unknown_name_is_not_found(two: Registry) -> None:
    with pytest.raises(ProfileNotFoundError) as info:
        two.load("city@2026-13-01")
    assert info.value.code == "profile.name_invalid"
    assert info.value.message_en == (
        "a profile name is NAME or NAME@YYYY-MM-DD (like citywide@2027-01-01), not 'city@2026-13-01'"
    )
    with pytest.raises(ProfileNotFoundError) as info:
        two.versions("town")
    assert info.value.code == "profile.not_found"


def test_a_version_in_another_directory_of_the_search_path_joins_the_chain(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    base(second)
    version(first, "2026-07-01")
    reg = Registry([first, second], bundled=False, plugins=False)
    assert reg.names() == ["city"]
    assert [v.loaded.path for v in reg.versions("city")] == [
        second / "city.yaml",
        first / "city@2026-07-01.yaml",
    ]


def test_a_path_to_the_plain_file_brings_the_versions_beside_it(
    two: Registry, tmp_path: Path
) -> None:
    chain = two.versions(tmp_path / "city.yaml")
    assert len(chain) == 2 and not chain.pinned
    pinned = two.versions(tmp_path / "city@2026-07-01.yaml")
    assert pinned.pinned and [v.name for v in pinned] == ["city@2026-07-01"]


# ---- a version file says what its name says ------------------------------------------------


def test_the_date_after_at_must_equal_effective_from(tmp_path: Path) -> None:
    base(tmp_path)
    path = version(tmp_path, "2026-07-02", file_day="2026-07-01")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).load("city@2026-07-01")
    err = info.value
    assert err.code == "profile.version_date"
    assert (err.location.file, err.location.line, err.location.column) == (str(path), 11, 19)
    assert (
        err.message_zh == "文件名中的施行日期 2026-07-01 与 meta.effective_from（2026-07-02）不一致"
    )
    assert err.message_en == (
        "the date in the file name, 2026-07-01, differs from meta.effective_from (2026-07-02)"
    )


def test_a_version_file_without_effective_from_is_refused(tmp_path: Path) -> None:
    base(tmp_path)
    version(tmp_path, "null", file_day="2026-07-01")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).load("city@2026-07-01")
    assert info.value.code == "profile.version_date"
    assert (
        info.value.message_zh
        == "文件名中的施行日期 2026-07-01 与 meta.effective_from（未填写）不一致"
    )


def test_a_version_file_keeps_the_profile_id(tmp_path: Path) -> None:
    base(tmp_path)
    path = version(tmp_path, "2026-07-01", pid="city_2026")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).load("city@2026-07-01")
    err = info.value
    assert err.code == "profile.version_id"
    assert (err.location.file, err.location.line) == (str(path), 4)
    assert err.message_en == (
        "the meta.id of version file city@2026-07-01.yaml must be 'city' (the profile's own id), not 'city_2026'"
    )


def test_a_version_file_name_needs_a_real_date(tmp_path: Path) -> None:
    base(tmp_path)
    path = version(tmp_path, "2026-07-01", file_day="2026-07-32")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).load(path)
    assert info.value.code == "profile.version_file_name"
    assert info.value.location.file == str(path)
    assert info.value.message_en == (
        "a version file is named NAME@YYYY-MM-DD.yaml (like citywide@2027-01-01.yaml), not city@2026-07-32.yaml"
    )


def test_a_version_may_extend_an_earlier_version_by_its_file_name(tmp_path: Path) -> None:
    base(tmp_path)
    version(tmp_path, "2026-07-01")
    later = tmp_path / "city@2026-10-01.yaml"
    later.write_text(
        VERSION.format(pid="city", start="2026-10-01", until="null", duration="1个工作日")
        .replace("extends: city", "extends: city@2026-07-01")
        .split("override:")[0]
        + "override:\n  clocks:\n    completion.all:\n      duration: 1个工作日\n",
        encoding="utf-8",
    )
    chain = registry(tmp_path).versions("city")
    assert [str(v.loaded.profile.clocks[0].duration) for v in chain] == [
        "5 working_days",
        "3 working_days",
        "1 working_days",
    ]
    assert chain.versions[2].loaded.profile.extensions[0].max_each is not None
    assert str(chain.versions[2].loaded.profile.extensions[0].max_each) == "2 working_days"


# ---- the chain: overlaps, gaps ---------------------------------------------------------------


def test_overlapping_versions_are_an_error_at_the_until_line(tmp_path: Path) -> None:
    path = base(tmp_path, until="2026-07-01")
    version(tmp_path, "2026-07-01")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).versions("city")
    err = info.value
    assert err.code == "profile.version_overlap"
    assert (err.location.file, err.location.line, err.location.column) == (str(path), 11, 20)
    assert err.message_zh == (
        "版本重叠：city.yaml 施行至 2026-07-01，而 city@2026-07-01.yaml 自 2026-07-01 起施行"
    )
    assert err.message_en == (
        "versions overlap: city.yaml is in force until 2026-07-01, "
        "but city@2026-07-01.yaml takes effect on 2026-07-01"
    )


def test_until_before_from_is_an_error(tmp_path: Path) -> None:
    path = base(tmp_path, start="2024-01-01", until="2023-12-31")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).versions("city")
    assert info.value.code == "profile.version_until_before_from"
    assert (info.value.location.file, info.value.location.line) == (str(path), 11)
    assert info.value.message_en == "effective_until 2023-12-31 is before effective_from 2024-01-01"


def test_two_versions_on_one_day_are_an_error(tmp_path: Path) -> None:
    base(tmp_path, start="2026-07-01")
    path = version(tmp_path, "2026-07-01")
    with pytest.raises(ProfileError) as info:
        registry(tmp_path).versions("city")
    assert info.value.code == "profile.version_same_day"
    assert (info.value.location.file, info.value.location.line) == (str(path), 11)
    assert info.value.message_en == (
        "city.yaml and city@2026-07-01.yaml both take effect on 2026-07-01; each version needs its own date"
    )


def test_a_gap_between_versions_is_reported_not_filled(tmp_path: Path) -> None:
    base(tmp_path, until="2026-05-31")
    version(tmp_path, "2026-07-01")
    chain = registry(tmp_path).versions("city")
    assert chain.gaps == ((date(2026, 6, 1), date(2026, 6, 30)),)
    assert chain.in_force(date(2026, 6, 15)) is None
    assert chain.in_force(date(2026, 5, 31)) is chain.versions[0].loaded
    assert chain.in_force(date(2026, 7, 1)) is chain.versions[1].loaded
    assert chain.in_force(date(2023, 12, 31)) is None
    assert chain.judging(date(2026, 6, 15)) is chain.versions[0]
    assert chain.judging(date(2023, 12, 31)) is chain.versions[0]


def test_an_undated_plain_file_is_in_force_until_the_first_dated_version(tmp_path: Path) -> None:
    base(tmp_path, start="null")
    version(tmp_path, "2026-07-01")
    chain = registry(tmp_path).versions("city")
    assert [v.name for v in chain] == ["city", "city@2026-07-01"]
    assert chain.in_force(date(1999, 1, 1)) is chain.versions[0].loaded
    assert chain.versions[0].span_zh() == "至 2026-06-30"


def test_two_undated_versions_cannot_be_ordered(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    base(tmp_path, start="null")
    first = reg.load("city")
    other = tmp_path / "other" / "city.yaml"
    other.parent.mkdir()
    base(other.parent, start="null")
    with pytest.raises(ProfileError) as info:
        ProfileVersions.of("city", [first, registry(other.parent).load("city")])
    assert info.value.code == "profile.version_undated"


# ---- the engine: the version in force on the local date of receipt ----------------------


@pytest.mark.parametrize(
    ("received", "label", "due"),
    [
        ("2026-06-30T23:59:59+08:00", "2024-01-01", "2026-07-09T00:00:00+08:00"),
        ("2026-07-01T00:00:00+08:00", "2026-07-01", "2026-07-07T00:00:00+08:00"),
        # the same instants written in UTC and in New York time: the local date decides
        ("2026-06-30T15:59:59+00:00", "2024-01-01", "2026-07-09T00:00:00+08:00"),
        ("2026-06-30T16:00:00+00:00", "2026-07-01", "2026-07-07T00:00:00+08:00"),
        ("2026-06-30T12:00:00-04:00", "2026-07-01", "2026-07-07T00:00:00+08:00"),
        ("2026-06-30T11:59:00-04:00", "2024-01-01", "2026-07-09T00:00:00+08:00"),
    ],
)
def test_each_ticket_is_judged_by_the_version_in_force_on_its_local_receipt_date(
    two: Registry, received: str, label: str, due: str
) -> None:
    engine = Engine(two.versions("city"))
    ev = engine.evaluate(ticket(received), AS_OF)
    assert ev.profile_version == label
    assert [c.due.isoformat() for c in ev.clocks if c.due] == [due]
    assert "profile.not_in_force" not in ev.codes()
    assert ev.to_dict()["profile_version"] == label


def test_the_version_that_judged_shows_in_states_and_answers(two: Registry) -> None:
    engine = Engine(two.versions("city"))
    old, new = ticket("2026-06-30T20:00:00+08:00"), ticket("2026-07-01T08:00:00+08:00")
    assert [c.state.value for c in engine.evaluate(old, AS_OF).clocks] == ["met"]
    assert [c.state.value for c in engine.evaluate(new, AS_OF).clocks] == ["breached"]
    assert engine.engine_for(old).version.name == "city@2024-01-01"
    assert engine.engine_for(new).version.name == "city@2026-07-01"
    # next_due, may_extend and may_return use the same version
    at = datetime.fromisoformat("2026-07-02T10:00:00+08:00")
    open_old = ticket("2026-06-30T20:00:00+08:00", completed=None)
    open_new = ticket("2026-07-01T08:00:00+08:00", completed=None)
    due_old, due_new = engine.next_due(open_old, at), engine.next_due(open_new, at)
    assert due_old is not None and due_new is not None
    assert (due_old.due.isoformat(), due_new.due.isoformat()) == (  # type: ignore[union-attr]
        "2026-07-09T00:00:00+08:00",
        "2026-07-07T00:00:00+08:00",
    )
    assert engine.may_extend(open_old, at, "3个工作日").allowed is True
    refused = engine.may_extend(open_new, at, "3个工作日")
    assert refused.allowed is False and "extension.too_long" in [f.code for f in refused.findings]
    assert engine.may_return(open_old, at).details == {"window_due": "2026-07-03T00:00:00+08:00"}
    assert engine.may_return(open_new, at).details == {"window_due": "2026-07-01T11:00:00+08:00"}


def test_a_versioned_engine_otherwise_answers_as_the_latest_version(two: Registry) -> None:
    engine = Engine(two.versions("city"))
    assert engine.version.name == "city@2026-07-01"
    assert str(engine.profile.clocks[0].duration) == "3 working_days"
    assert len(engine.versions) == 2
    at = datetime.fromisoformat("2026-01-01T00:00:00+08:00")
    assert engine.engine_at(at).version.name == "city@2024-01-01"


def test_a_ticket_before_the_first_version_is_judged_by_it_with_a_warning(two: Registry) -> None:
    engine = Engine(two.versions("city"))
    ev = engine.evaluate(ticket("2023-12-31T23:59:00+08:00"), AS_OF)
    assert ev.profile_version == "2024-01-01"
    first = ev.findings[0]
    assert (first.code, first.severity.value) == ("profile.not_in_force", "warning")
    assert first.message_zh == (
        "工单受理日 2023-12-31 不在配置“city@2024-01-01”的施行期间（2024-01-01 至 2026-06-30），仍按该版本评估"
    )
    assert first.message_en == (
        "the ticket was received on 2023-12-31, outside the days profile 'city@2024-01-01' "
        "is in force (2024-01-01 to 2026-06-30); judged by it all the same"
    )
    assert first.details == {
        "received_on": "2023-12-31",
        "version": "city@2024-01-01",
        "effective_from": "2024-01-01",
        "effective_until": "2026-06-30",
    }


def test_a_ticket_in_a_gap_is_judged_by_the_version_before_it_with_a_warning(
    tmp_path: Path,
) -> None:
    base(tmp_path, until="2026-05-31")
    version(tmp_path, "2026-07-01")
    engine = Engine(registry(tmp_path).versions("city"))
    ev = engine.evaluate(ticket("2026-06-15T10:00:00+08:00"), AS_OF)
    assert ev.profile_version == "2024-01-01"
    assert ev.codes()[0] == "profile.not_in_force"
    after = engine.evaluate(ticket("2026-05-31T23:00:00+08:00"), AS_OF)
    assert "profile.not_in_force" not in after.codes()


def test_a_ticket_after_the_last_until_is_judged_by_the_last_version_with_a_warning(
    tmp_path: Path,
) -> None:
    base(tmp_path)
    version(tmp_path, "2026-07-01", until="2026-07-01")
    engine = Engine(registry(tmp_path).versions("city"))
    ev = engine.evaluate(ticket("2026-07-02T00:00:00+08:00"), AS_OF)
    assert ev.profile_version == "2026-07-01"
    assert ev.codes()[0] == "profile.not_in_force"
    assert (
        "profile.not_in_force"
        not in engine.evaluate(ticket("2026-07-01T23:59:59+08:00"), AS_OF).codes()
    )


def test_a_single_profile_warns_about_tickets_before_its_effective_date(tmp_path: Path) -> None:
    base(tmp_path, start="2026-07-01")
    engine = Engine(registry(tmp_path).load("city"))
    assert engine.evaluate(ticket("2026-06-30T23:59:00+08:00"), AS_OF).codes()[0] == (
        "profile.not_in_force"
    )
    ev = engine.evaluate(ticket("2026-07-01T00:00:00+08:00"), AS_OF)
    assert "profile.not_in_force" not in ev.codes() and ev.profile_version == "2026-07-01"


def test_an_undated_profile_never_warns(tmp_path: Path) -> None:
    base(tmp_path, start="null")
    ev = Engine(registry(tmp_path).load("city")).evaluate(
        ticket("1999-01-01T00:00:00+08:00"), AS_OF
    )
    assert "profile.not_in_force" not in ev.codes() and ev.profile_version is None


def test_a_pinned_engine_judges_every_ticket_by_its_version(two: Registry) -> None:
    engine = Engine(two.versions("city@2024-01-01"))
    ev = engine.evaluate(ticket("2026-07-01T08:00:00+08:00"), AS_OF)
    assert ev.profile_version == "2024-01-01"
    assert [c.state.value for c in ev.clocks] == ["met"]  # the old 5 working days
    assert ev.codes() == ["profile.not_in_force"]  # said so, not hidden


def test_engine_by_name_uses_the_default_registry_and_path_brings_siblings(
    two: Registry, tmp_path: Path
) -> None:
    engine = Engine(str(tmp_path / "city.yaml"))
    assert len(engine.versions) == 2
    assert Engine(tmp_path / "city@2026-07-01.yaml").versions.pinned
    assert len(Engine("moushi").versions) == 1


# ---- property: the judging version's days contain the local receipt date -----------------

PROPERTY_CHAIN = (
    ("2025-01-01", "null"),
    ("2025-07-01", "2025-12-31"),  # declared end, then a gap in January 2026
    ("2026-02-01", "null"),
)


@pytest.fixture(scope="module")
def chain_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    d = tmp_path_factory.mktemp("chain")
    base(d, start=PROPERTY_CHAIN[0][0], until=PROPERTY_CHAIN[0][1])
    for start, until in PROPERTY_CHAIN[1:]:
        version(d, start, until)
    return Engine(registry(d).versions("city"))


offsets = st.integers(-12 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
instants = st.datetimes(
    min_value=datetime(2024, 6, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(at=instants, tz=offsets)
def test_the_judging_version_is_the_one_whose_days_contain_the_local_receipt_date(
    chain_engine: Engine, at: datetime, tz: timezone
) -> None:
    received = at.astimezone(tz)  # any offset: only the instant matters
    t = parse_ticket({"id": "P", "events": [{"type": "received", "at": received.isoformat()}]})
    ev = chain_engine.evaluate(t, at + timedelta(days=1))
    local = at.astimezone(SHANGHAI).date()
    versions = chain_engine.versions.versions
    holding = [v for v in versions if v.contains(local)]
    assert len(holding) <= 1
    if holding:
        assert ev.profile_version == holding[0].label
        assert "profile.not_in_force" not in ev.codes()
    else:
        expected = chain_engine.versions.judging(local)
        assert ev.profile_version == expected.label
        assert ev.codes()[0] == "profile.not_in_force"
        assert (
            expected.effective_from is None
            or expected.effective_from <= local
            or (expected is versions[0])
        )


# ---- audit: the profile hash covers every version ----------------------------------------


def _hash(engine: Engine) -> str:
    return Auditor(engine, as_of=AS_OF).result.profile_sha256


def test_the_audit_hash_changes_when_a_version_file_changes(tmp_path: Path) -> None:
    base(tmp_path)
    path = version(tmp_path, "2026-07-01")
    before = _hash(Engine(registry(tmp_path).versions("city")))
    path.write_text(path.read_text(encoding="utf-8").replace("3个工作日", "4个工作日"), "utf-8")
    after = _hash(Engine(registry(tmp_path).versions("city")))
    assert before != after


def test_the_audit_hash_of_a_single_file_is_unchanged(tmp_path: Path) -> None:
    path = base(tmp_path)
    assert (
        _hash(Engine(registry(tmp_path).versions("city")))
        == hashlib.sha256(path.read_bytes()).hexdigest()
    )


# ---- bundled profiles: one version each, their own dates ---------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("gaoling", date(2020, 12, 24)),
        ("hebi", date(2020, 8, 17)),
        ("qingpu_water", date(2020, 4, 20)),
        ("haikou", None),  # a news report of the three systems: no year, no effective date
        ("moushi", None),  # the text breaks off at 第十条 and gives no date
    ],
)
def test_bundled_profiles_have_one_version_with_the_date_their_text_gives(
    name: str, start: date | None
) -> None:
    chain = default_registry().versions(name)
    assert len(chain) == 1 and chain.gaps == ()
    assert chain.versions[0].effective_from == start
    assert chain.versions[0].effective_until is None
    assert ProfileVersion.of(chain.versions[0].loaded) == chain.versions[0]


# ---- the command line ----------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    return result.exit_code, result.output


EXAMPLE = "examples/versions/sample_city.yaml"


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("at_root")
def test_check_names_the_version_that_judged() -> None:
    code, out = run(
        "check", "examples/versions/ticket-0630.json", "--profile", EXAMPLE,
        "--as-of", "2026-07-20T00:00:00+08:00",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[1] == (
        "版本 / version：sample_city@2024-01-01（2024-01-01 至 2026-06-30，sample_city.yaml）"
    )
    code, out = run(
        "check", "examples/versions/ticket-0701.json", "--profile", EXAMPLE,
        "--as-of", "2026-07-20T00:00:00+08:00", "--format", "json",
    )  # fmt: skip
    assert code == 5
    data = json.loads(out)
    assert (data["profile"], data["profile_version"]) == ("sample_city", "2026-07-01")


@pytest.mark.usefixtures("at_root")
def test_check_of_a_single_version_profile_prints_no_version_line() -> None:
    _, out = run(
        "check", "examples/tickets/moushi.json", "--profile", "moushi",
        "--as-of", "2026-10-31T00:00:00+08:00",
    )  # fmt: skip
    assert "版本 / version" not in out


@pytest.mark.usefixtures("at_root")
def test_explain_names_the_version_and_uses_its_rules() -> None:
    code, out = run(
        "explain", "examples/versions/ticket-0701.json", "--profile", EXAMPLE,
        "--as-of", "2026-07-20T00:00:00+08:00",
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == (
        "  版本 / version：sample_city@2026-07-01（2026-07-01 起，sample_city@2026-07-01.yaml）"
    )
    assert "开始计算“办结”时限 3个工作日" in out


@pytest.mark.usefixtures("at_root")
def test_validate_checks_every_version_of_a_name() -> None:
    code, out = run("validate", EXAMPLE, "--lang", "zh")
    assert code == 0
    assert out.splitlines() == [
        "✓ sample_city@2024-01-01：1 条规则 / rules（2024-01-01 至 2026-06-30）",
        "✓ sample_city@2026-07-01：1 条规则 / rules（2026-07-01 起）",
        "2 个有效，0 个无效。 2 valid, 0 invalid.",
    ]


def test_validate_reports_gaps_and_refuses_overlaps(tmp_path: Path) -> None:
    base(tmp_path, until="2026-05-31")
    version(tmp_path, "2026-07-01")
    code, out = run("validate", str(tmp_path / "city.yaml"), "--format", "json")
    assert code == 0
    entries = json.loads(out)
    assert [e["profile"] for e in entries] == ["city@2024-01-01", "city@2026-07-01"]
    assert [e["gap_after"] for e in entries] == [["2026-06-01", "2026-06-30"], None]
    assert [e["effective_until"] for e in entries] == ["2026-05-31", None]
    code, out = run("validate", str(tmp_path / "city.yaml"))
    assert "! 2026-06-01 至 2026-06-30 没有施行中的版本" in out
    bad = tmp_path / "bad"  # a new directory: the default registry caches files it has read
    bad.mkdir()
    base(bad, until="2026-07-01")
    version(bad, "2026-07-01")
    code, out = run("validate", str(bad / "city.yaml"), "--format", "json")
    assert code == 3
    (entry,) = json.loads(out)
    assert entry["error"]["code"] == "profile.version_overlap"
    assert (entry["error"]["file"], entry["error"]["line"]) == (str(bad / "city.yaml"), 11)


def test_profiles_lists_versions(two: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    import hotline_rules.cli.profile_cmds as cmds

    monkeypatch.setattr(cmds, "default_registry", lambda: two)
    code, out = run("profiles", "--format", "json")
    assert code == 0
    (entry,) = json.loads(out)
    assert [(v["name"], v["effective_from"], v["effective_until"]) for v in entry["versions"]] == [
        ("city@2024-01-01", "2024-01-01", "2026-06-30"),
        ("city@2026-07-01", "2026-07-01", None),
    ]
    code, out = run("profiles")
    assert "2024-01-01：2024-01-01 至" in out and "2026-07-01：2026-07-01 起" in out


@pytest.mark.usefixtures("at_root")
def test_show_and_resolve_take_name_at_date() -> None:
    code, out = run("show", EXAMPLE)
    assert code == 0
    assert (
        "版本 / versions：sample_city@2024-01-01（2024-01-01 至 2026-06-30，本表）；"
        "sample_city@2026-07-01（2026-07-01 起）；其他版本用 show sample_city@施行日期 查看"
    ) in out
    code, out = run("show", f"{EXAMPLE}@2026-08-01")
    assert code == 0
    assert "版本 / version：sample_city@2026-07-01（2026-07-01 起）" in out
    assert "3个工作日" in out
    code, out = run("resolve", f"{EXAMPLE}@2026-08-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert str(data["profile"]["meta"]["effective_from"]) == "2026-07-01"
    # the registry caches a profile by its resolved path, so a file may be named as first
    # loaded (relative or absolute): compare the files themselves
    assert [Path(f).resolve() for f in data["files"]] == [
        Path(EXAMPLE).resolve(),
        Path("examples/versions/sample_city@2026-07-01.yaml").resolve(),
    ]


def test_a_pin_no_version_covers_exits_2_and_an_undated_profile_covers_every_day() -> None:
    code, out = run("show", "gaoling@2019-01-01")
    assert code == 2
    assert "错误 [profile.version_not_found]：配置“gaoling”没有在 2019-01-01 施行的版本" in out
    code, out = run("show", "moushi@2019-01-01")
    assert code == 0
