"""The JSON Schema of test files, for editors and ``hotline-rules schema --test``.

Generated from the models in ``model.py`` and kept beside the profiles as
``profiles/schema/test.schema.json``, so the modeline
``# yaml-language-server: $schema=../schema/test.schema.json`` of a file in
``profiles/tests/`` works in a checkout and after ``pip install``. A test
fails when the file is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hotline_rules.resources import bundled_profiles_dir
from hotline_rules.suites.model import Suite

SCHEMA_RELATIVE = "schema/test.schema.json"
"""Where the schema lives relative to the profiles directory."""

SCHEMA_ID = "https://hotline-rules.invalid/schema/test.schema.json"


def schema_file() -> Path:
    """The shipped schema file."""
    return bundled_profiles_dir() / SCHEMA_RELATIVE


def suite_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a test file."""
    schema: dict[str, Any] = Suite.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "hotline_rules test suite / 热线规则配置的测试用例"
    return schema


def render() -> str:
    """The schema as the text shipped in ``test.schema.json``."""
    return json.dumps(suite_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write() -> Path:
    """Regenerate the shipped schema file (``python -m hotline_rules.suites.json_schema``)."""
    path = schema_file()
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write())
