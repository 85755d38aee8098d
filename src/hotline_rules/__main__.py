"""``python -m hotline_rules``: the same as the ``hotline-rules`` command."""

from hotline_rules.cli import main

main()
