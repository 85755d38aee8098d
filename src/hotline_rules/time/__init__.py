"""Time: the lowest layer. What a day and a deadline are, with no rule of any city in it.

Holds time zones (``zones``), durations as regulations write them (``duration``), the State
Council's holiday notices (``notices``), the working-day calendar built from them and the
``holidays`` package (``calendar``), office hours (``office_hours``) and the deadline calculator
that counts N working days, hours or natural days from an instant (``deadline``).

May import: the foundation modules at the package root (``errors``, ``resources``,
``yaml_source``, ``vocabulary``) and third-party libraries. Never ``profile``, ``engine``,
``audit``, ``suites`` or ``cli``.
"""
