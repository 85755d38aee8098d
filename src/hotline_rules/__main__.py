"""``python -m hotline_rules``: the same as the ``hotline-rules`` command."""

from .cli import main

main()
