"""The profile's own name: ``meta.id`` against the name of the file it is found by."""

from __future__ import annotations

from collections.abc import Iterator

from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.loader import VERSION_SEP


def check_file_name(ctx: Context) -> Iterator[Lint]:
    """``meta.id`` differs from the file's name: found by one, shown by the other."""
    if ctx.path is None:
        return
    name = ctx.path.stem.split(VERSION_SEP, 1)[0]  # NAME@DATE.yaml: the loader checks the id
    pid = ctx.profile.meta.id
    if pid == name:
        return
    yield ctx.lint(
        "lint.id_not_file_name",
        LintSeverity.WARNING,
        None,
        ("meta", "id"),
        f"meta.id 是“{pid}”，文件名却是 {ctx.path.name}：命令行、extends 和测试文件的 profile: "
        f"按名称找配置时用的是文件名（{name}），报表、测试结果和 diff 显示的却是 meta.id，两者不同容易找错配置",
        f"meta.id is '{pid}' but the file is {ctx.path.name}: the command line, extends and a "
        f"test file's profile: find a profile by its file name ({name}), while reports, test "
        "results and diff show meta.id; when they differ, the wrong profile is easily picked",
        f"把文件改名为 {pid}.yaml，或把 meta.id 改为 {name}。",
        f"rename the file to {pid}.yaml, or change meta.id to {name}.",
    )


__all__ = ["check_file_name"]
