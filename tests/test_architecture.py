"""Architecture: the layers of docs/en/architecture.md hold, and no city lives in ``src/``.

The import contracts are in ``pyproject.toml`` under ``[tool.importlinter]``; this runs them with
``lint-imports`` on the checkout's ``src/`` (not on whatever copy is installed), so a broken
contract fails here with import-linter's report: the contract, then each offending import as
``importer -> imported (l.N)``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "hotline_rules"
ARCHITECTURE_DOC = ROOT / "docs" / "en" / "architecture.md"

# DESIGN.md: "no jurisdiction's name or number appears in src/". The profile ids and document
# numbers are read from profiles/ below, so a new profile is covered the day it lands; the city
# names are written here because a profile spells them inside longer text (陕西省西安市高陵区).
CITY_NAMES = ("高陵", "海口", "鹤壁", "青浦")


def lint_imports_executable() -> Path:
    """Return the ``lint-imports`` beside this interpreter (the test extra installs it)."""
    name = "lint-imports.exe" if os.name == "nt" else "lint-imports"
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(
            f"{path} not found: install the test extra (pip install -e '.[test]'), which brings "
            "import-linter"
        )
    return path


def run_contracts() -> subprocess.CompletedProcess[str]:
    """Run the import contracts of pyproject.toml on the checkout's ``src/``."""
    command = [str(lint_imports_executable()), "--no-cache", "--no-logo"]
    pythonpath = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    # Wide enough that rich does not wrap the report (import-linter prints through rich).
    env = {**os.environ, "PYTHONPATH": pythonpath, "COLUMNS": "200"}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", check=False
    )


def contracts() -> list[dict[str, Any]]:
    """The contracts as pyproject.toml states them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return found


def test_import_contracts_are_kept() -> None:
    result = run_contracts()
    if result.returncode != 0:
        pytest.fail(
            "An import crosses a layer line (docs/en/architecture.md says which room holds what).\n"
            f"lint-imports said:\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout, result.stdout


def test_the_layer_packages_form_no_cycle() -> None:
    """The layers contract orders the packages (so no cycle between them); this pins that it
    does, and that sibling modules inside every package form no cycle either."""
    by_id = {contract["id"]: contract for contract in contracts()}
    layers = by_id["layers"]
    assert layers["type"] == "layers"
    assert layers["containers"] == ["hotline_rules"]
    assert layers["exhaustive"] is True
    assert by_id["no-cycles"]["type"] == "acyclic_siblings"
    assert by_id["no-cycles"]["ancestors"] == ["hotline_rules"]
    layer_names = {
        name.strip().strip("()") for layer in layers["layers"] for name in re.split(r"[|:]", layer)
    }
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages <= layer_names, f"packages in no layer: {sorted(packages - layer_names)}"


def jurisdiction_words() -> set[str]:
    """The city names, and every profile's id and document number."""
    words = set(CITY_NAMES)
    for path in sorted((ROOT / "profiles").glob("*.yaml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))["meta"]
        words.add(meta["id"])
        if meta["document"].get("number"):
            words.add(meta["document"]["number"])
    return words


def test_no_jurisdiction_is_named_in_src() -> None:
    words = jurisdiction_words()
    assert {"gaoling", "haikou", "hebi", "moushi", "qingpu_water"} <= words
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or path.suffix not in {".py", ".pyi", ".json", ".yaml", ".txt"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [
                f"{path.relative_to(ROOT)}:{number}: {word!r} in {line.strip()!r}"
                for word in sorted(words)
                if word.casefold() in line.casefold()
            ]
    assert not found, (
        "A jurisdiction is named in src/ (DESIGN.md: everything a city decides is data in its "
        "profile; grow the profile language instead):\n" + "\n".join(found)
    )


def test_the_architecture_doc_names_every_module() -> None:
    """docs/en/architecture.md has a line for every module of the root and of each layer package,
    and for every subpackage inside a layer (``engine/rules/``); a subpackage's own modules are
    listed in its ``__init__.py`` docstring."""
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8")
    rooms = [*PACKAGE.glob("*.py"), *PACKAGE.glob("*/*.py"), *PACKAGE.glob("*/*/__init__.py")]
    names = sorted(
        f"{path.parent.relative_to(PACKAGE).as_posix()}/"
        if path.name == "__init__.py"
        else path.relative_to(PACKAGE).as_posix()
        for path in rooms
        if path.parent != PACKAGE or path.name != "__init__.py"
    )
    missing = [name for name in names if f"`{name}`" not in text]
    assert not missing, (
        f"{ARCHITECTURE_DOC.relative_to(ROOT)} does not name these (add a line saying what each "
        f"holds, written as `package/module.py` or `package/subpackage/`): {missing}"
    )
