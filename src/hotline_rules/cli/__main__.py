"""``python -m hotline_rules.cli``: the same as the ``hotline-rules`` command."""

from . import main

main()
