"""Policy staff's docs link to the field reference, not to the source code."""

from __future__ import annotations

import re
from pathlib import Path

ZH = Path(__file__).resolve().parent.parent / "docs" / "zh"
ANCHORS = set(re.findall(r'<a id="([^"]+)"></a>', (ZH / "reference.md").read_text("utf-8")))


def test_every_link_into_the_reference_has_its_anchor() -> None:
    links = {
        (path.name, anchor)
        for path in ZH.glob("*.md")
        for anchor in re.findall(r"\(reference\.md#([^)]+)\)", path.read_text("utf-8"))
    }
    assert ("profiles-guide.md", "facts") in links
    assert {link for link in links if link[1] not in ANCHORS} == set()


def test_the_guide_to_conditions_does_not_send_staff_to_the_source() -> None:
    guide = (ZH / "profiles-guide.md").read_text("utf-8")
    assert "src/hotline_rules" not in guide
