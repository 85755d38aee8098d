"""The profile loader: one broken file per mistake, each reported at its file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile import ProfileError, Registry, default_registry, load_profile_file
from hotline_rules.profile.json_schema import profile_json_schema, render, schema_file
from hotline_rules.profile.schema import Profile

DATA = Path(__file__).parent / "data" / "profiles"
BROKEN = DATA / "broken"
EXTENDS = DATA / "extends"


def registry() -> Registry:
    return Registry([EXTENDS, DATA], bundled=False, plugins=False)


def test_minimal_profile_loads_and_conditions_work() -> None:
    p = load_profile_file(DATA / "minimal.yaml").profile
    assert [c.id for c in p.clocks] == ["completion.consultation", "completion.other"]
    assert str(p.clocks[0].duration) == "1 working_days"
    assert str(p.clocks[1].duration) == "3 days"
    assert p.clocks[0].when({"kind": "consultation"}) is True
    assert p.clocks[1].when({"kind": "consultation"}) is False
    assert p.clocks[1].when({"kind": "complaint"}) is True
    trigger = p.supervision[0].when
    assert trigger({"tags": frozenset({"leader_assigned"}), "returns": 2}) is True
    assert trigger({"tags": frozenset({"leader_assigned"}), "returns": 1}) is False
    assert trigger({"tags": frozenset(), "returns": 5}) is False


# (file, error code, line, column, words the English message must contain)
BROKEN_CASES = [
    ("unknown_key.yaml", "profile.extra_forbidden", 22, 5, "did you mean 'duration'"),
    ("misspelt_fact.yaml", "condition.unknown_fact", 32, 42, "Did you mean 'returns'"),
    ("unquoted_time.yaml", "yaml.sexagesimal_number", 16, 14, 'quote times: "9:00"'),
    ("duplicate_key.yaml", "yaml.duplicate_key", 29, 5, "duplicate key 'duration'"),
    ("invalid_date.yaml", "yaml.invalid_date", 12, 13, "'2027-02-30' is not a valid date"),
    ("bad_duration.yaml", "duration.unknown_unit", 28, 15, "unknown time unit '天s'"),
    ("wrong_type.yaml", "condition.type_mismatch", 32, 62, "takes an integer, got 'two'"),
    ("unknown_word.yaml", "condition.unknown_value", 20, 18, "Did you mean 'consultation'"),
    (
        "ambiguous_boolean.yaml",
        "yaml.ambiguous_boolean",
        15,
        20,
        "'NO' would be read as the boolean false",
    ),
]


@pytest.mark.parametrize(("name", "code", "line", "column", "words"), BROKEN_CASES)
def test_each_mistake_is_reported_at_its_place(
    name: str, code: str, line: int, column: int, words: str
) -> None:
    path = BROKEN / name
    with pytest.raises(HotlineRulesError) as info:
        load_profile_file(path)
    err = info.value
    assert err.code == code
    assert (err.location.line, err.location.column) == (line, column)
    assert err.location.file == str(path)
    assert words in err.message_en + " " + (err.hint_en or "")
    rendered = err.render()
    assert f"{path}:{line}:{column}: " in rendered
    assert "错误 [" in rendered and "error [" in rendered  # both languages
    assert rendered.rstrip().endswith("^")  # the source line with a caret under the column
    source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert source_line in rendered


def test_every_broken_file_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(c[0] for c in BROKEN_CASES)


@pytest.mark.parametrize("name", [c[0] for c in BROKEN_CASES])
def test_cli_validate_exits_3_for_an_invalid_profile(name: str) -> None:
    result = CliRunner().invoke(app, ["validate", str(BROKEN / name), "--format", "json"])
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report[0]["ok"] is False
    assert report[0]["error"]["line"] is not None


def test_lang_en_prints_english_only() -> None:
    result = CliRunner().invoke(
        app, ["validate", str(BROKEN / "bad_duration.yaml"), "--lang", "en"]
    )
    assert result.exit_code == 3
    assert "error [duration.unknown_unit]" in result.stderr
    assert "错误 [" not in result.stderr


# ---- extends ------------------------------------------------------------------------


def test_extends_merges_additions_and_overrides() -> None:
    loaded = registry().load("district")
    p = loaded.profile
    assert p.meta.id == "district"
    assert [c.id for c in p.clocks] == [
        "completion.consultation",
        "completion.complaint",
        "sign_for.all",
    ]
    complaint = p.rule("completion.complaint")
    assert str(complaint.duration) == "3 working_days"  # type: ignore[union-attr]
    assert complaint.cite.article == "第六条"  # type: ignore[union-attr]
    consultation = p.rule("completion.consultation")
    assert str(consultation.duration) == "1 working_days"  # type: ignore[union-attr]
    # provenance: each value knows its file and line
    prov = loaded.provenance.positions
    index = [c.id for c in p.clocks].index("completion.complaint")
    assert prov[("clocks", index, "duration")][0].endswith("district.yaml")
    assert prov[("clocks", 0, "duration")][0].endswith("citywide.yaml")
    assert [f.name for f in loaded.files] == ["citywide.yaml", "district.yaml"]


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("district_override_missing", "profile.override_missing_key", 20),
        ("district_duplicate_rule", "profile.extends_duplicate_rule", 13),
        ("district_path_extends", "profile.extends_not_a_name", 3),
    ],
)
def test_extends_mistakes(name: str, code: str, line: int) -> None:
    with pytest.raises(ProfileError) as info:
        registry().load(name)
    assert info.value.code == code
    assert info.value.location.line == line
    assert info.value.location.file is not None and info.value.location.file.endswith(
        f"{name}.yaml"
    )


def test_extends_unknown_base_and_cycles(tmp_path: Path) -> None:
    text = (EXTENDS / "district.yaml").read_text(encoding="utf-8")
    (tmp_path / "orphan.yaml").write_text(
        text.replace("extends: citywide", "extends: nowhere"), encoding="utf-8"
    )
    with pytest.raises(ProfileError) as info:
        Registry([tmp_path], bundled=False, plugins=False).load("orphan")
    assert info.value.code == "profile.extends_not_found"
    (tmp_path / "a.yaml").write_text(
        text.replace("extends: citywide", "extends: b"), encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        text.replace("extends: citywide", "extends: a"), encoding="utf-8"
    )
    with pytest.raises(ProfileError) as info:
        Registry([tmp_path], bundled=False, plugins=False).load("a")
    assert info.value.code == "profile.extends_cycle"


def test_resolve_prints_origins() -> None:
    result = CliRunner().invoke(app, ["resolve", str(EXTENDS / "district.yaml")])
    assert result.exit_code == 0, result.output
    assert 'duration: "3个工作日"  # district.yaml:21' in result.stdout
    assert 'duration: "1个工作日"  # citywide.yaml:19' in result.stdout


def test_override_without_extends_is_an_error(tmp_path: Path) -> None:
    text = (DATA / "minimal.yaml").read_text(
        encoding="utf-8"
    ) + "override:\n  calendar: {zone: UTC}\n"
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    assert info.value.code == "profile.override_without_extends"


# ---- registry and schema --------------------------------------------------------------


def test_registry_by_name_and_by_path() -> None:
    reg = registry()
    assert "minimal" in reg.names()
    assert reg.load("minimal").profile.meta.id == "minimal"
    assert reg.load(str(DATA / "minimal.yaml")).profile.meta.id == "minimal"
    with pytest.raises(HotlineRulesError) as info:
        reg.load("nosuch")
    assert info.value.code == "profile.not_found"


def test_entry_point_profiles_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeEntryPoint:
        name = "testcity"

        def load(self) -> object:
            return lambda: str(DATA)

    import hotline_rules.profile.registry as registry_module

    monkeypatch.setattr(registry_module, "entry_points", lambda group: [FakeEntryPoint()])
    reg = Registry(bundled=False, plugins=True)
    assert "minimal" in reg.names()


def test_shipped_schema_is_up_to_date() -> None:
    assert schema_file().read_text(encoding="utf-8") == render(), (
        "run: python -m hotline_rules.profile.json_schema"
    )


def test_schema_completes_facts_and_rejects_unknown_fields() -> None:
    schema = profile_json_schema()
    condition = schema["$defs"]["Condition"]
    assert "returns" in condition["properties"] and condition["additionalProperties"] is False
    assert schema["$defs"]["ClockRule"]["additionalProperties"] is False


def test_bundled_profiles_have_the_modeline() -> None:
    root = Path(__file__).resolve().parent.parent / "profiles"
    for path in root.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema/profile.schema.json", path.name


MISTYPED_OVERRIDE = """\
apiVersion: hotline_rules/v1
extends: moushi
meta:
  id: moushi_typo
  name_zh: 修改稿
  name_en: draft
  jurisdiction: 某市
  issuer: 某市
  document: {title: 试行}
  source_file: moushi.txt
override:
  clocks:
    completion.enterprize:
      duration: 10个工作日
  calender:
    zone: UTC
  wording: {}
"""


def test_a_mistyped_override_suggests_what_the_base_has(tmp_path: Path) -> None:
    path = tmp_path / "moushi_typo.yaml"
    path.write_text(MISTYPED_OVERRIDE, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        default_registry().load(str(path))
    err = info.value
    assert err.code == "profile.override_missing_key"
    assert (err.location.line, err.location.column) == (13, 5)
    assert err.message_zh == (
        "被继承的配置中没有“clocks.completion.enterprize”，不能覆盖。"
        "是不是“completion.enterprise”？（新规则请写在对应章节中）（另有 2 处错误）"
    )
    assert err.message_en == (
        "the base has no 'clocks.completion.enterprize' to override; "
        "did you mean 'completion.enterprise'? (new rules go in their section) (and 2 more)"
    )
    calendar, other = err.more
    assert (calendar.location.line, calendar.location.path) == (15, "override.calender")
    assert calendar.message_zh == (
        "被继承的配置中没有“calender”，不能覆盖。是不是“calendar”？（新规则请写在对应章节中）"
    )
    assert other.message_zh == (  # nothing like it in the base: no suggestion
        "被继承的配置中没有“wording”，不能覆盖（拼写错误？新规则请写在对应章节中）"
    )


def _child_of_moushi(tmp_path: Path, override: str) -> Profile:
    base = (Path(__file__).parent.parent / "profiles" / "moushi.yaml").read_text(encoding="utf-8")
    lines = base.split("\nmeta:\n", 1)[1].splitlines()
    meta = "\n".join(
        line
        for line in lines[
            : next(i for i, line in enumerate(lines) if line and not line.startswith((" ", "#")))
        ]
        if not line.lstrip().startswith("id:")
    )
    text = f"extends: moushi\nmeta:\n  id: child\n{meta}\noverride:\n{override}"
    (tmp_path / "child.yaml").write_text(text, encoding="utf-8")
    return Registry([tmp_path], bundled=True, plugins=False).load("child").profile


def test_an_overridden_condition_replaces_the_base_one_whole(tmp_path: Path) -> None:
    """Was a silent no-op (issue 14 (d)): ``when: {}`` under override was merged key by key into
    the base's ``{requester: citizen}``, which stayed; and ``{any: [...]}`` beside ``requester``
    was refused as a key the base lacks."""
    base = Registry([], bundled=True, plugins=False).load("moushi").profile
    assert base.rule("completion.citizen").when.source == {"requester": "citizen"}  # type: ignore[union-attr]
    child = _child_of_moushi(tmp_path, "  clocks:\n    completion.citizen:\n      when: {}\n")
    assert child.rule("completion.citizen").when.source == {}  # type: ignore[union-attr]
    child = _child_of_moushi(
        tmp_path,
        "  clocks:\n    completion.citizen:\n"
        "      when: {any: [{kind: complaint}, {kind: help}]}\n",
    )
    when = child.rule("completion.citizen").when  # type: ignore[union-attr]
    assert when.source == {"any": [{"kind": "complaint"}, {"kind": "help"}]}
    # the rest of the rule still merges key by key: the duration and the cite are the base's
    assert str(child.rule("completion.citizen").duration) == str(  # type: ignore[union-attr]
        base.rule("completion.citizen").duration  # type: ignore[union-attr]
    )
