"""``python -m hotline_rules.cli``: the same as the ``hotline-rules`` command."""

from hotline_rules.cli import main

main()
