"""The JSON Schema of profiles, for editors (yaml-language-server) and ``hotline-rules schema``.

It is generated from the pydantic models and kept beside the profiles as
``profiles/schema/profile.schema.json`` (bundled into the package with them),
so the modeline ``# yaml-language-server: $schema=schema/profile.schema.json``
works in a checkout and after ``pip install`` alike. A test fails when the
file is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hotline_rules.profile.fields import CONDITION_JSON_SCHEMA
from hotline_rules.profile.schema import Profile
from hotline_rules.resources import bundled_profiles_dir

SCHEMA_RELATIVE = "schema/profile.schema.json"
"""Where the schema lives relative to the profiles directory (and the modeline's target)."""


def schema_file() -> Path:
    """The shipped schema file."""
    return bundled_profiles_dir() / SCHEMA_RELATIVE


SCHEMA_ID = "https://hotline-rules.invalid/schema/profile.schema.json"


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a profile file."""
    schema: dict[str, Any] = _replace_markers(
        Profile.model_json_schema(by_alias=True, mode="validation")
    )
    schema.setdefault("$defs", {})["Condition"] = CONDITION_JSON_SCHEMA
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "hotline_rules profile / 热线规则配置"
    return schema


def _replace_markers(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("x-hotline-condition"):
            out = {"$ref": "#/$defs/Condition"}
            if "description" in node:
                out["description"] = node["description"]
            return out
        return {k: _replace_markers(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_markers(v) for v in node]
    return node


def render() -> str:
    """The schema as the text shipped in ``profile.schema.json``."""
    return json.dumps(profile_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write() -> Path:
    """Regenerate the shipped schema file (``python -m hotline_rules.profile.json_schema``)."""
    path = schema_file()
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write())
