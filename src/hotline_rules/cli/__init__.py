"""The ``hotline-rules`` command.

Every verb takes ``--format text|json``. With ``json``, stdout holds exactly
one JSON document and nothing else. Exit codes: 0 ok, 1 internal error (a
bug), 2 bad usage or bad input, 3 invalid profile, 4 lint found warnings, 5 a checked ticket has violations. Errors are printed in
Chinese and English on stderr (and as ``{"error": ...}`` on stdout under
``--format json``), never as a traceback.

A run imports only the module of the verb it runs (:data:`VERBS`): ``deadline`` never loads the
audit, the report or the profile language. ``app`` (read as an attribute, e.g. by tests with
typer's ``CliRunner``) is the whole command with every verb.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

VERBS: dict[str, str] = {
    "calendar": "time_cmds",
    "deadline": "time_cmds",
    "notice": "notice_cmds",
    "check": "ticket_cmds",
    "explain": "ticket_cmds",
    "audit": "audit_cmds",
    "demo": "audit_cmds",
    "mapping": "mapping_cmds",
    "merge": "merge_cmds",
    "lint": "lint_cmds",
    "validate": "profile_cmds",
    "profiles": "profile_cmds",
    "show": "profile_cmds",
    "resolve": "profile_cmds",
    "schema": "profile_cmds",
    "diff": "profile_cmds",
    "test": "test_cmds",
    "serve": "serve_cmds",
}
"""Each verb and the module (under ``hotline_rules.cli``) that defines it."""


def _load(modules: set[str]) -> typer.Typer:
    for module in sorted(modules):
        import_module(f"hotline_rules.cli.{module}")
    from hotline_rules.cli.common import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load(set(VERBS.values()))
    if name in set(VERBS.values()) | {"common"}:
        return import_module(f"hotline_rules.cli.{name}")
    raise AttributeError(f"module 'hotline_rules.cli' has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: load the verb asked for (all of them for help or a typo)."""
    verb = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    app = _load({VERBS[verb]} if verb in VERBS else set(VERBS.values()))
    app()


__all__ = ["VERBS", "app", "main"]
