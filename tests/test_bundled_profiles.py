"""The five seed profiles: bundled, valid, cited, and nothing city-specific in src/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.profile import default_registry
from hotline_rules.profile.articles import markdown

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["gaoling", "haikou", "hebi", "moushi", "qingpu_water"]


def test_the_five_seed_profiles_are_bundled() -> None:
    assert set(SEEDS) <= set(default_registry().names())


@pytest.mark.parametrize("name", SEEDS)
def test_seed_profile_is_valid_and_every_rule_cites(name: str) -> None:
    profile = default_registry().load(name).profile
    assert profile.meta.id == name
    rules = profile.rules()
    assert len(rules) >= 8
    for section, rule in rules:
        assert rule.cite.article.strip(), (section, rule.id)
        assert rule.cite.text.strip(), (section, rule.id)
    assert (ROOT.parent / "shared" / "seeds" / profile.meta.source_file).name == f"{name}.txt"


def test_cli_validate_passes_for_all_bundled_profiles() -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    for name in SEEDS:
        assert f"✓ {name}" in result.stdout


def test_cli_profiles_lists_all_five() -> None:
    result = CliRunner().invoke(app, ["profiles", "--format", "json"])
    assert result.exit_code == 0
    import json

    listed = {p["name"]: p for p in json.loads(result.stdout)}
    for name in SEEDS:
        assert listed[name]["valid"] is True


def test_docs_profiles_md_is_generated_from_the_profiles() -> None:
    registry = default_registry()
    expected = markdown(registry.load(n).profile for n in registry.names())
    actual = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "regenerate: python -m hotline_rules.profile.articles > docs/profiles.md"
    )


def test_no_jurisdiction_is_named_in_src() -> None:
    pattern = re.compile(r"gaoling|qingpu|haikou|hebi|moushi|高陵|青浦|海口|鹤壁|某市", re.I)
    hits = []
    for path in (ROOT / "src").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".json", ".yaml", ".md", ".txt"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert hits == []
