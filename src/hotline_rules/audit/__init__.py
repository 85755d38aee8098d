"""Audit: many work orders at once, from an export to a report a hotline office acts on.

Holds the export readers (``exports``: JSON Lines, CSV and mappings), the streaming ``Auditor``
and its result (``auditor``), the HTML report (``report``), the replay of an export under two
profiles (``impact``) and the demo export generator (``demo``).

May import: ``engine``, ``profile``, ``time`` and the foundation modules. Never ``suites``,
``service`` or ``cli``.
"""
