"""``diff`` of two versions of one profile labels each side so they can be told apart."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.cli.profile_cmds import diff_labels
from hotline_rules.profile import default_registry

ROOT = Path(__file__).resolve().parent.parent
OLD = "examples/versions/sample_city.yaml@2024-01-01"
NEW = "examples/versions/sample_city.yaml@2026-07-01"
runner = CliRunner()


def test_two_versions_are_labelled_with_their_dates() -> None:
    result = runner.invoke(app, ["diff", OLD, NEW], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "┃ sample_city@2024-01-01      ┃ sample_city@2026-07-01      ┃" in result.stdout


def test_json_keeps_the_ids_and_adds_the_labels() -> None:
    result = runner.invoke(app, ["diff", OLD, NEW, "--format", "json"])
    data = json.loads(result.stdout)
    assert (data["a"], data["b"]) == ("sample_city", "sample_city")
    assert (data["a_label"], data["b_label"]) == (
        "sample_city@2024-01-01",
        "sample_city@2026-07-01",
    )


def test_the_replay_names_the_sides_by_their_labels() -> None:
    result = runner.invoke(
        app,
        [
            "diff",
            OLD,
            NEW,
            "--replay",
            "examples/exports/moushi-2026-03.jsonl",
            "--as-of",
            "2026-04-30T00:00:00+08:00",
            "--format",
            "json",
        ],
    )
    replay = json.loads(result.stdout)["replay"]
    assert (replay["old"], replay["new"]) == ("sample_city@2024-01-01", "sample_city@2026-07-01")


def test_labels_fall_back_to_the_file_name(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "profiles" / "moushi_3days.yaml").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "draft.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "moushi_3days.yaml").write_text(text, encoding="utf-8")
    registry = default_registry()
    same = registry.load(str(tmp_path / "a" / "moushi_3days.yaml"))
    other = registry.load(str(tmp_path / "draft.yaml"))
    assert diff_labels(same, other) == ("moushi_3days.yaml", "draft.yaml")
    twin = registry.load(str(ROOT / "examples" / "profiles" / "moushi_3days.yaml"))
    assert diff_labels(same, twin) == (str(same.path), str(twin.path))
    assert diff_labels(registry.load("moushi"), twin) == ("moushi", "moushi_3days")
