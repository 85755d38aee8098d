"""Hostile and careless profiles (and holiday notices, read by the same YAML reader).

Every one ends in a located error (file:line:column, Chinese and English) with a stable code,
never in a traceback, a hang or a memory blowup; a profile never reads a file outside its own
folder (or the search path, or the bundled profiles), and never shows a word of one; ids are
used once. Each case is one that once crashed, hung or passed silently (issue 12, item 6);
the hypothesis tests at the end mutate the bundled files and keep the same promise.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.errors import HotlineRulesError, NoticeError, ProfileError, YamlError
from hotline_rules.profile import Registry, load_profile_file
from hotline_rules.profile.lint import MAX_COMBINATIONS, lint
from hotline_rules.profile.lint import context as context_module
from hotline_rules.profile.lint.enumeration import MAX_TESTS, Budget
from hotline_rules.profile.lint.selection import MAX_RELATED
from hotline_rules.profile.loader import ProfileYamlError
from hotline_rules.time.notices import load_notice_file, notice_paths
from hotline_rules.yaml_source import MAX_DEPTH, MAX_NODES, load_yaml_text

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
MOUSHI = (PROFILES / "moushi.yaml").read_text(encoding="utf-8")
NOTICE = (PROFILES / "calendars" / "cn-2026.yaml").read_text(encoding="utf-8")
runner = CliRunner()


def write(folder: Path, text: str, name: str = "moushi.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str, text: str = MOUSHI) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def line_of(text: str, marker: str) -> int:
    """The 1-based line of the first ``marker`` in ``text``."""
    return text[: text.index(marker)].count("\n") + 1


def assert_located(err: HotlineRulesError, path: Path, line: int, column: int | None) -> None:
    assert err.location.file == str(path)
    assert err.location.line == line
    if column is not None:
        assert err.location.column == column
    shown = err.render()
    assert f"{path}:{line}:" in shown
    assert "错误 [" in shown and "error [" in shown  # both languages
    assert err.message_zh and err.message_en
    json.dumps(err.to_dict(), ensure_ascii=False)  # and it can be written out


# ---- YAML traps: (why, old text, new text, code, marker on the reported line, column) -------------

DEEPEST = len("    number: ") + 1 + MAX_DEPTH - 3
"""The column of the bracket past the depth limit in ``meta.document.number`` (three mappings
enclose it: the file, ``meta``, ``document``)."""

TRAPS = [
    ("tag on a scalar", "number: null", "number: !foo bar", "yaml.tag_not_allowed", "!foo", 13),
    (
        "python tag",
        "number: null",
        "number: !!python/name:os.system",
        "yaml.tag_not_allowed",
        "!!python",
        13,
    ),
    (
        "python object tag",
        "number: null",
        'number: !!python/object/apply:os.system ["true"]',
        "yaml.tag_not_allowed",
        "!!python",
        13,
    ),
    ("binary tag", "number: null", "number: !!binary aGk=", "yaml.tag_not_allowed", "!!", 13),
    ("standard str tag", "number: null", "number: !!str 12", "yaml.tag_not_allowed", "!!str", 13),
    ("non-specific tag", "number: null", "number: ! 12", "yaml.tag_not_allowed", "! 12", 13),
    (
        "tag on a mapping",
        "  document:\n",
        "  document: !!map\n",
        "yaml.tag_not_allowed",
        "!!map",
        13,
    ),
    (
        "custom tag on a mapping",
        "  document:\n",
        "  document: !foo\n",
        "yaml.tag_not_allowed",
        "!foo",
        13,
    ),
    (
        "tag on a sequence",
        "stops_on: [archived]",
        "stops_on: !foo [archived]",
        "yaml.tag_not_allowed",
        "!foo",
        15,
    ),
    (
        "merge of a scalar",
        "    number: null\n",
        "    number: null\n    <<: 5\n",
        "yaml.bad_merge",
        "<<: 5",
        9,
    ),
    (
        "merge of a list of scalars",
        "    number: null\n",
        "    number: null\n    <<: [1, 2]\n",
        "yaml.bad_merge",
        "<<: [1",
        10,
    ),
    (
        "merge of a list of lists",
        "    number: null\n",
        "    number: null\n    <<: [[a]]\n",
        "yaml.bad_merge",
        "<<: [[",
        10,
    ),
    (
        "a list as a key",
        "  - id: completion.citizen\n",
        "  - id: completion.citizen\n    ? [a, b]\n    : x\n",
        "yaml.key_not_scalar",
        "? [a, b]",
        7,
    ),
    (
        "a mapping as a key",
        "  - id: completion.citizen\n",
        "  - id: completion.citizen\n    {a: 1}: x\n",
        "yaml.key_not_scalar",
        "{a: 1}: x",
        5,
    ),
    (
        "a control character in the file",
        "number: null",
        "number: a\x01b",
        "yaml.control_character",
        "a\x01b",
        14,
    ),
    ("DEL in the file", "number: null", "number: a\x7fb", "yaml.control_character", "a\x7fb", 14),
    ("NEL in the file", "number: null", "number: a\x85b", "yaml.control_character", "a\x85b", 14),
    (
        "a control character as a quoted escape",
        "number: null",
        'number: "a\\x01b"',
        "yaml.control_character",
        '"a\\x01',
        13,
    ),
    (
        "a lone surrogate as a quoted escape",
        "number: null",
        'number: "\\udc00"',
        "yaml.control_character",
        '"\\udc00',
        13,
    ),
    (
        "1,000 nested lists",
        "number: null",
        "number: " + "[" * 1000 + "]" * 1000,
        "yaml.too_deep",
        "number: [[",
        DEEPEST,
    ),
    (
        "5,000 nested lists (RecursionError before)",
        "number: null",
        "number: " + "[" * 5000 + "]" * 5000,
        "yaml.too_deep",
        "number: [[",
        DEEPEST,
    ),
    (
        "5,000 nested mappings",
        "number: null",
        "number: " + "{a: " * 5000 + "1" + "}" * 5000,
        "yaml.too_deep",
        "number: {a",
        None,
    ),
    (
        "1,000 levels of indentation",
        "number: null\n",
        "number:\n" + "".join(" " * (6 + 2 * k) + f"k{k}:\n" for k in range(1000)),
        "yaml.too_deep",
        f"k{MAX_DEPTH - 3}:",
        None,
    ),
    (
        "an alias to the list that holds it",
        "number: null",
        "number: &a [1, *a]",
        "yaml.recursive_alias",
        "*a]",
        20,
    ),
    (
        "an integer of 5,000 digits",
        "number: null",
        "number: " + "9" * 5000,
        "yaml.invalid_number",
        "99999",
        13,
    ),
    ("an undefined alias", "number: null", "number: *nope", "yaml.syntax", "*nope", 13),
    (
        "two documents in one file",
        "calendar:\n",
        "---\ncalendar:\n",
        "yaml.syntax",
        "---\ncalendar",
        1,
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "code", "marker", "column"),
    [pytest.param(*case[1:], id=case[0]) for case in TRAPS],
)
def test_each_yaml_trap_is_a_located_profile_error(
    tmp_path: Path, old: str, new: str, code: str, marker: str, column: int | None
) -> None:
    text = changed(old, new)
    path = write(tmp_path, text)
    with pytest.raises(HotlineRulesError) as info:
        load_profile_file(path)
    err = info.value
    assert err.code == code
    assert isinstance(err, ProfileError)  # a command given this profile exits 3
    assert isinstance(err, YamlError)  # and it is what any YAML file raises
    assert isinstance(err, ProfileYamlError) or not code.startswith("yaml.")
    assert_located(err, path, line_of(text, marker), column)


def test_a_deep_trap_is_reported_where_the_depth_is_passed(tmp_path: Path) -> None:
    text = changed("number: null", "number: " + "[" * 5000 + "]" * 5000)
    with pytest.raises(YamlError) as info:
        load_profile_file(write(tmp_path, text))
    # the caret is under the first bracket too many
    assert (info.value.location.line, info.value.location.column) == (13, DEEPEST)
    assert info.value.render().splitlines()[-1] == "  | " + " " * (DEEPEST - 1) + "^"
    assert f"{MAX_DEPTH}" in info.value.message_zh and f"{MAX_DEPTH}" in info.value.message_en


def test_the_control_character_is_not_written_back_out(tmp_path: Path) -> None:
    path = write(tmp_path, changed("number: null", "number: a\x01b"))
    with pytest.raises(YamlError) as info:
        load_profile_file(path)
    shown = info.value.render()
    assert "\x01" not in shown
    assert "U+0001" in shown
    assert "a\ufffdb" in shown  # the line is shown with a stand-in, the caret under it


def test_a_list_as_a_rule_id_is_a_located_schema_error(tmp_path: Path) -> None:
    text = changed("  - id: completion.citizen", "  - id: [completion, citizen]")
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    assert info.value.code.startswith("profile.")
    assert_located(info.value, path, line_of(text, "[completion, citizen]"), None)


@pytest.mark.parametrize(
    ("why", "new"),
    [
        ("tag", "number: !!python/name:os.system"),
        ("depth", "number: " + "[" * 5000 + "]" * 5000),
        ("merge", "number: {<<: 5}"),
    ],
)
def test_cli_exits_3_for_a_broken_profile_where_it_crashed_or_exited_2(
    tmp_path: Path, why: str, new: str
) -> None:
    path = write(tmp_path, changed("number: null", new))
    for verb in (["show", str(path)], ["validate", str(path)], ["lint", str(path)]):
        result = runner.invoke(app, verb)
        assert result.exit_code == 3, (verb, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{path}:13:" in result.stderr


def test_cli_exits_2_for_a_broken_notice(tmp_path: Path) -> None:
    path = write(tmp_path, changed("document_number: null", "document_number: !foo x", NOTICE))
    result = runner.invoke(app, ["notice", str(path)])
    assert result.exit_code == 2, result.output
    assert "yaml.tag_not_allowed" in result.stderr
    assert f"{path}:{line_of(NOTICE, 'document_number: null')}:" in result.stderr


def test_a_notice_file_refuses_the_same_traps(tmp_path: Path) -> None:
    for new, code in [
        ("document_number: !!binary aGk=", "yaml.tag_not_allowed"),
        ("document_number: {<<: [1]}", "yaml.bad_merge"),
        ("document_number: " + "[" * 3000 + "]" * 3000, "yaml.too_deep"),
        ("document_number: a\x02", "yaml.control_character"),
    ]:
        text = changed("document_number: null", new, NOTICE)
        path = write(tmp_path, text, "cn-2026.yaml")
        with pytest.raises(YamlError) as info:
            load_notice_file(path)
        assert info.value.code == code
        assert not isinstance(info.value, ProfileError)  # a notice: the CLI exits 2
        assert info.value.location.line == line_of(text, "document_number:")


# ---- merges that are fine keep working -------------------------------------------------------


def test_merge_keys_still_merge_as_yaml_says() -> None:
    doc = load_yaml_text(
        "a: &a {x: 1, y: 2}\n"
        "b: &b {y: 3, z: 4}\n"
        "c: {<<: [*a, *b], x: 9}\n"  # own keys win; of the merged ones the first listed
        "d:\n  <<: *a\n  w: 0\n"
        "e: {<<: []}\n"
    )
    assert doc.data["c"] == {"y": 2, "z": 4, "x": 9}
    assert doc.data["d"] == {"x": 1, "y": 2, "w": 0}
    assert doc.data["e"] == {}
    assert doc.positions[("c", "x")] == (3, 22)  # the value written in c, not the merged one
    assert doc.positions[("c", "y")] == (1, 17)  # a merged value: where it is written


def test_a_duplicate_key_in_a_mapping_that_merges_is_still_an_error() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml_text("a: &a {x: 1}\nb:\n  <<: *a\n  y: 1\n  y: 2\n")
    assert info.value.code == "yaml.duplicate_key"
    assert info.value.location.line == 5


# ---- size, bombs: refused early, in bounded time and memory ---------------------------------------

BILLION_LAUGHS = "".join(
    f"l{k}: &l{k} [{', '.join([f'*l{k - 1}'] * 9) if k else ', '.join(['lol'] * 9)}]\n"
    for k in range(9)
)


def merge_fanout(levels: int) -> str:
    """yaml/pyyaml#897: each level merges the previous one twice and adds 2**level keys."""
    lines = ["L0: &L0 {k0_0: v0}"]
    for level in range(1, levels + 1):
        keys = ", ".join(f"k{level}_{i}: v" for i in range(1 << level))
        lines.append(f"L{level}: &L{level} {{<<: [*L{level - 1}, *L{level - 1}], {keys}}}")
    return "\n".join(lines) + "\n"


MERGE_CHAIN = "".join(
    f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: {i}}}\n" if i else "a0: &a0 {k0: 0}\n" for i in range(3000)
)


ISOLATED = """
import json, resource, sys, time
from hotline_rules.errors import HotlineRulesError
from hotline_rules.yaml_source import load_yaml_text
results = []
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    started = time.perf_counter()
    try:
        load_yaml_text(text, file=path)
        code, line = None, None
    except HotlineRulesError as err:
        code, line = err.code, err.location.line
    results.append({"code": code, "line": line, "seconds": time.perf_counter() - started})
# VmHWM is this program's own peak: ru_maxrss carries the parent's peak across fork and exec,
# so under a long pytest run it reported pytest's memory, not ours
try:
    status = open("/proc/self/status", encoding="ascii").read()
    rss = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:")) * 1024
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"results": results, "rss": rss}))
"""
"""Load files in a process of its own; say what each raised and how long it took, and the
process's peak memory."""

BOMBS = {
    "billion laughs (aliases)": BILLION_LAUGHS,
    "merge chain (quadratic)": MERGE_CHAIN,
    "a wide list": "x: [" + ",".join(["1"] * (MAX_NODES + 10)) + "]\n",
}


def test_a_merge_fan_out_is_worked_out_once_per_mapping() -> None:
    # pyyaml#897: each level merges the one before twice; merged once each, it is linear
    doc = load_yaml_text(merge_fanout(12))
    assert len(doc.data["L12"]) == sum(1 << level for level in range(13))


def test_bombs_are_refused_early_in_bounded_memory(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, text + MOUSHI, f"bomb{i}.yaml") for i, text in enumerate(BOMBS.values())
    ]
    done = subprocess.run(
        [sys.executable, "-c", ISOLATED, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout)
    for why, result in zip(BOMBS, report["results"], strict=True):
        assert result["code"] == "yaml.too_many_nodes", why
        assert result["line"] is not None, why
        assert result["seconds"] < 20, why
    assert report["rss"] < 300 * 1024 * 1024  # the merge bomb took 2 GB once


def test_the_size_is_checked_before_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "moushi.yaml"
    with path.open("wb") as f:  # 3 GB, sparse: reading it would take seconds and gigabytes
        f.write(MOUSHI.encode())
        f.truncate(3 * 1024**3)
    tracemalloc.start()
    try:
        with pytest.raises(YamlError) as info:
            load_profile_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == "yaml.too_large"
    assert f"{3 * 1024**3} 字节" in info.value.message_zh
    assert peak < 10 * 1024 * 1024


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_directory_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "moushi.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    with pytest.raises(YamlError) as info:
        load_profile_file(fifo)
    assert info.value.code == "yaml.not_a_file"
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    with pytest.raises(YamlError) as again:
        load_notice_file(folder)
    assert again.value.code == "yaml.not_a_file"


# ---- confined: extends and notices stay in the profile's folder ------------------------------------

SECRET = "SECRET LINE of a file that is not a profile"


def outside_file(tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "base.yaml"
    target.write_text(SECRET + "\n", encoding="utf-8")
    return target


def child(folder: Path, base: str) -> Path:
    return write(
        folder,
        changed("apiVersion: hotline_rules/v1", f"apiVersion: hotline_rules/v1\nextends: {base}"),
        "child.yaml",
    )


def test_extends_through_a_link_to_another_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "base.yaml").symlink_to(outside_file(tmp_path))
    path = child(folder, "base")
    registry = Registry([folder], bundled=False, plugins=False)
    with pytest.raises(ProfileError) as info:
        registry.load(str(path))
    err = info.value
    assert err.code == "profile.extends_outside"
    assert_located(err, path, line_of(path.read_text(encoding="utf-8"), "extends:"), None)
    assert "SECRET" not in err.render()
    assert "SECRET" not in json.dumps(err.to_dict(), ensure_ascii=False)


def test_extends_by_path_is_refused_at_its_line(tmp_path: Path) -> None:
    for base in ("/etc/passwd", "../elsewhere/base", ".."):
        path = child(tmp_path, base)
        with pytest.raises(ProfileError) as info:
            Registry([tmp_path], bundled=False, plugins=False).load(str(path))
        assert info.value.code == "profile.extends_not_a_name"
        assert info.value.location.line == line_of(path.read_text(encoding="utf-8"), "extends:")


def district(folder: Path, base: str) -> Path:
    """A profile that extends ``base`` and adds nothing but its own meta."""
    meta = MOUSHI.split("\nmeta:\n", 1)[1].split("\ncalendar:", 1)[0]
    text = f"apiVersion: hotline_rules/v1\nextends: {base}\nmeta:\n{meta}\n"
    return write(folder, text.replace("id: moushi", "id: district"), "district.yaml")


def test_a_link_inside_the_folder_or_a_base_on_the_search_path_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "real_base.yaml").write_text(MOUSHI, encoding="utf-8")
    (folder / "base.yaml").symlink_to(folder / "real_base.yaml")
    loaded = Registry([folder], bundled=False, plugins=False).load(str(district(folder, "base")))
    assert [f.name for f in loaded.files] == ["base.yaml", "district.yaml"]
    # a base found in another directory of the search path is in bounds too
    other = tmp_path / "shared"
    other.mkdir()
    (other / "citywide.yaml").write_text(MOUSHI, encoding="utf-8")
    path = district(folder, "citywide")
    loaded = Registry([folder, other], bundled=False, plugins=False).load(str(path))
    assert loaded.files[0] == other / "citywide.yaml"


def test_a_file_that_is_not_a_profile_is_not_shown(tmp_path: Path) -> None:
    path = write(tmp_path, SECRET + "\n", "notes.yaml")
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    assert info.value.code == "profile.not_a_mapping"
    assert "SECRET" not in info.value.render()
    notice = write(tmp_path, SECRET + "\n", "cn-2027.yaml")
    with pytest.raises(NoticeError) as again:
        load_notice_file(notice)
    assert again.value.code == "notice.not_a_mapping"
    assert "SECRET" not in again.value.render()


def with_notices(folder: Path, entry: str) -> Path:
    return write(
        folder,
        changed(
            "  zone: Asia/Shanghai", f"  zone: Asia/Shanghai\n  notices: [{json.dumps(entry)}]"
        ),
    )


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("/etc", "profile.notices_outside"),
        ("..", "profile.notices_outside"),
        ("calendars/../..", "profile.notices_outside"),
        ("linked", "profile.notices_outside"),  # a link to a folder elsewhere
        ("with_link", "profile.notices_outside"),  # a folder holding a link to a file elsewhere
        ("no_such_folder", "profile.notices_not_found"),
    ],
)
def test_notice_folders_stay_inside_the_profiles_folder(
    tmp_path: Path, entry: str, code: str
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "calendars").mkdir()
    elsewhere = outside_file(tmp_path).parent
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "with_link").mkdir()
    (folder / "with_link" / "cn-2027.yaml").symlink_to(elsewhere / "base.yaml")
    path = with_notices(folder, entry)
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    assert info.value.code == code
    assert_located(info.value, path, line_of(path.read_text(encoding="utf-8"), "notices:"), None)
    assert "SECRET" not in info.value.render()


def test_a_notice_folder_inside_the_profiles_folder_loads(tmp_path: Path) -> None:
    (tmp_path / "calendars").mkdir()
    (tmp_path / "calendars" / "cn-2026.yaml").write_text(NOTICE, encoding="utf-8")
    assert load_profile_file(with_notices(tmp_path, "calendars")).profile.meta.id == "moushi"


def test_a_notice_folder_holding_a_link_outward_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "calendars"
    folder.mkdir()
    (folder / "cn-2027.yaml").symlink_to(outside_file(tmp_path))
    with pytest.raises(NoticeError) as info:
        notice_paths(folder)
    assert info.value.code == "notice.outside_folder"
    assert info.value.location.file == str(folder / "cn-2027.yaml")
    assert "SECRET" not in info.value.render()


# ---- ids used once --------------------------------------------------------------------------------

RETURN_RULE = """returns:
  - id: return.all
    window: 1个工作日
    allowed_reasons:
      - {id: not_ours, text: 不属于本单位职责}
      - {id: unclear, text: 诉求不清}
      - {id: not_ours, text: 重复}
    evidence:
      - {id: basis, text: 依据}
      - {id: basis, text: 依据}
    forbidden:
      - {id: led, when: {tags: {has: leader_assigned}}, text: 领导交办}
      - {id: led, when: {tags: {has: leader_assigned}}, text: 领导交办}
    cite: {article: 第七条, text: 退单}
"""


def test_two_rules_with_one_id_in_different_sections(tmp_path: Path) -> None:
    text = changed("  - id: supervision.overdue", "  - id: completion.citizen")
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    err = info.value
    assert err.code == "profile.duplicate_rule_id"
    first = line_of(text, "- id: completion.citizen")
    second = text.index("- id: completion.citizen", text.index("supervision:"))
    assert_located(err, path, text[:second].count("\n") + 1, 9)
    assert f"第 {first} 行" in err.message_zh
    assert f"line {first}" in err.message_en
    assert "clocks[0]" in err.message_en


def test_item_ids_repeated_in_one_list_are_each_reported(tmp_path: Path) -> None:
    text = changed("\nsupervision:\n", "\n" + RETURN_RULE + "\nsupervision:\n")
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    errors = [info.value, *info.value.more]
    assert [e.code for e in errors] == ["profile.duplicate_id"] * 3
    lines = [e.location.line or 0 for e in errors]
    expected = [
        line_of(text, "{id: not_ours, text: 重复}"),
        text[: text.rindex("{id: basis")].count("\n") + 1,
        text[: text.rindex("{id: led")].count("\n") + 1,
    ]
    assert sorted(lines) == sorted(expected)
    assert any(f"line {line_of(text, '{id: not_ours')}" in e.message_en for e in errors)


def test_items_of_two_rules_may_share_ids() -> None:
    # qingpu_water lists the same reasons under its two return rules: that is allowed
    assert load_profile_file(PROFILES / "qingpu_water.yaml").profile.returns


def test_a_vocabulary_word_that_is_already_shared(tmp_path: Path) -> None:
    text = changed("\ncalendar:\n", "\nvocabulary:\n  kinds: {complaint: 投诉}\n\ncalendar:\n")
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile_file(path)
    assert info.value.code == "profile.duplicate_word"
    assert_located(info.value, path, line_of(text, "{complaint"), None)


# ---- lint: linear in the profile's size --------------------------------------------------------------


def copies_of_one_clock(folder: Path, n: int) -> Path:
    data = yaml.safe_load(MOUSHI)
    clock = data["clocks"][0]
    data["clocks"] = [{**clock, "id": f"completion.c{i}"} for i in range(n)]
    path = folder / "moushi.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_lint_reports_a_rule_copied_many_times_in_linear_size(tmp_path: Path) -> None:
    n = 400  # each pair once: 79,800 findings before
    found = lint(load_profile_file(copies_of_one_clock(tmp_path, n)))
    duplicates = [x for x in found if x.code == "lint.clock_duplicate"]
    assert len(duplicates) == sum(min(i, MAX_RELATED) for i in range(n))
    capped = [x for x in duplicates if "只列出前" in x.message_zh]
    assert len(capped) == n - MAX_RELATED - 1
    assert all("only the first" in x.message_en for x in capped)


def test_lint_leaves_what_it_cannot_afford_undecided_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = load_profile_file(PROFILES / "hebi.yaml")
    assert not [x for x in lint(loaded) if x.code == "lint.not_decided"]
    # hebi needs about 10,000 condition tests; with a budget of 500 most questions are left
    monkeypatch.setattr(context_module, "Budget", lambda: Budget(500))
    found = lint(loaded)
    (undecided,) = [x for x in found if x.code == "lint.not_decided"]
    assert str(MAX_TESTS) in undecided.message_zh and str(MAX_COMBINATIONS) in undecided.message_en
    assert undecided.location.line is not None and undecided.related
    n = int(re.search(r"有 (\d+) 处", undecided.message_zh).group(1))  # type: ignore[union-attr]
    assert n > 1 and f"{n} condition question(s)" in undecided.message_en


def test_new_codes_are_documented_for_policy_staff() -> None:
    guide = (ROOT / "docs" / "zh" / "profiles-guide.md").read_text(encoding="utf-8")
    codes = {case[3] for case in TRAPS if case[3] != "yaml.syntax"} | {
        "yaml.too_many_nodes",
        "yaml.too_large",
        "yaml.not_a_file",
        "profile.extends_outside",
        "profile.notices_outside",
        "profile.notices_not_found",
        "profile.duplicate_rule_id",
        "profile.duplicate_id",
        "profile.duplicate_word",
        "notice.outside_folder",
    }
    assert sorted(c for c in codes if f"`{c}`" not in guide) == []
    assert "`lint.not_decided`" in (ROOT / "docs" / "zh" / "lint.md").read_text(encoding="utf-8")


def test_pyyaml_is_pinned_to_a_release_without_the_merge_key_bug() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"PyYAML>=6\.0\.4,<7"', pyproject)


# ---- fuzz: mutations of the bundled files end in a profile or a located error ------------------

NASTY = [
    "!foo ",
    "!!python/name:os.system ",
    "&a ",
    "*a",
    "<<: *a",
    "<<: 5",
    "[",
    "{",
    "]",
    "? ",
    "- ",
    ": ",
    "\t",
    "\x01",
    "\x7f",
    '"\\udc00"',
    "'",
    '"',
    "|",
    "#",
    "%YAML 1.1\n",
    "---\n",
    "9" * 5000,
    "[" * 200,
    "{a: " * 200,
    "extends: moushi\n",
    "extends: /etc/passwd\n",
    "calendar: {notices: [..]}\n",
    "  notices: [/etc]\n",
    "  - id: completion.citizen\n",
]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["insert", "replace", "duplicate", "delete", "indent"]))
        if op == "insert":
            piece = draw(st.sampled_from(NASTY))
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + piece + lines[i][col:]
        elif op == "replace":
            lines[i] = draw(st.sampled_from(NASTY))
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "delete":
            del lines[i]
        else:
            lines[i] = draw(st.sampled_from([" ", "  ", "\t"])) + lines[i]
        if not lines:
            lines = [""]
    return "\n".join(lines)


BUNDLED = sorted(PROFILES.glob("*.yaml"))


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(BUNDLED).flatmap(
        lambda p: mutated(p.read_text(encoding="utf-8")).map(lambda t: (p, t))
    )
)
def test_a_mutated_bundled_profile_loads_and_lints_or_is_a_located_error(
    tmp_path: Path, case: tuple[Path, str]
) -> None:
    source, text = case
    folder = tmp_path / f"m{abs(hash(text))}"
    folder.mkdir()
    path = write(folder, text, source.name)
    try:
        loaded = Registry([folder], plugins=False).load(str(path))
    except HotlineRulesError as err:
        assert err.location.file is not None
        err.render()
        json.dumps(err.to_dict(), ensure_ascii=False)
        return
    lint(loaded)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(mutated(NOTICE))
def test_a_mutated_notice_loads_or_is_a_located_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cn-2026.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_notice_file(path)
    except HotlineRulesError as err:
        assert err.location.file == str(path)
        err.render()
