"""Small profiles for the language v2 tests: a minimal valid head plus the sections under test."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hotline_rules.profile import LoadedProfile, load_profile_file

HEAD = """\
apiVersion: hotline_rules/v1
meta:
  id: {id}
  name_zh: 测试配置
  name_en: Test profile
  jurisdiction: 测试市
  issuer: 测试市热线办
  document: {{title: 测试办法}}
  source_file: none.txt
calendar:
  zone: Asia/Shanghai
  office_hours: {{default: "09:00-12:00, 13:30-17:30"}}
"""


BASE_CLOCK = """\
clocks:
  - id: completion.all
    clock: completion
    stops_on: [completed]
    duration: 5个工作日
    cite: {article: 第一条, text: 5个工作日内办结}
"""
"""One plain clock, for a body whose own section needs a profile around it."""


def write_profile(tmp_path: Path, body: str, name: str = "lang_v2") -> Path:
    """A profile file of ``HEAD`` and ``body`` (dedented), in ``tmp_path``."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD.format(id=name) + textwrap.dedent(body), encoding="utf-8")
    return path


def load_body(tmp_path: Path, body: str, name: str = "lang_v2") -> LoadedProfile:
    """Load a profile of ``HEAD`` and ``body``."""
    return load_profile_file(write_profile(tmp_path, body, name))
