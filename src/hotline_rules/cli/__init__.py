"""The ``hotline-rules`` command.

Every verb takes ``--format text|json``. With ``json``, stdout holds exactly
one JSON document and nothing else. Exit codes: 0 ok, 1 internal error (a
bug), 2 bad usage or bad input, 3 invalid profile, 4 lint found warnings, 5 a checked ticket has violations. Errors are printed in
Chinese and English on stderr (and as ``{"error": ...}`` on stdout under
``--format json``), never as a traceback.
"""

from __future__ import annotations

from hotline_rules.cli import audit_cmds, lint_cmds, profile_cmds, test_cmds, ticket_cmds, time_cmds
from hotline_rules.cli.common import app

__all__ = [
    "app",
    "audit_cmds",
    "lint_cmds",
    "main",
    "profile_cmds",
    "test_cmds",
    "ticket_cmds",
    "time_cmds",
]


def main() -> None:
    """Console-script entry point."""
    app()
