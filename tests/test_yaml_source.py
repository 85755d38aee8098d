"""yaml_source's refused characters are exactly those outside the set a profile may hold."""

from __future__ import annotations

import re

from hotline_rules import yaml_source

# YAML 1.1's printable set (5.1 "Character Set") less NEL (U+0085, a C1 control that a report
# would print as a line break): tab, line feed, carriage return, printable ASCII, then U+00A0 to
# U+D7FF, U+E000 to U+FFFD and U+10000 to U+10FFFF. The slow, obvious form.
_PRINTABLE = re.compile("[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_the_refused_set_is_the_complement_of_the_printable_one_at_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    refused = set(yaml_source._UNPRINTABLE.findall(every))
    assert refused == {ch for ch in every if not _PRINTABLE.fullmatch(ch)}
    assert "\x85" in refused and "\ufffe" in refused and "\ud800" in refused
    assert not refused & {"\t", "\n", "\r", " ", "办", "\U0001f600"}
