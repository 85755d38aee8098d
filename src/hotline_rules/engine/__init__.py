"""Engine: a work order and a profile in, clocks and findings out.

Holds the work order as input (``ticket``: ``Ticket``, ``Event``, ``Rejected``), what is judged
(``results``: ``ClockResult``, ``Finding``, ``Evaluation``), the facts a condition reads derived
from a ticket (``facts``), the ``Engine`` that evaluates (``engine``), the timeline told in
Chinese (``explain``) and ``rules/``, one module of pure functions per concern of a regulation.

May import: ``profile``, ``time`` and the foundation modules. Never ``audit``, ``suites``,
``service`` or ``cli``.
"""
