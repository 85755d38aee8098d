"""The server's settings: where profiles come from, limits and switches, with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    """What a server is allowed to do; every default is the safe choice.

    Limits are checked before a body is parsed, so a large or deeply nested body costs the
    server no more than reading ``max_body_bytes``.
    """

    profile_dirs: tuple[Path, ...] = ()
    """Directories searched for profiles before the bundled ones (the CLI's search path)."""
    max_body_bytes: int = 8 << 20
    """Largest request body accepted (413 above it): 8 MiB holds a batch of 2,000 tickets."""
    max_batch: int = 5_000
    """Most tickets in one ``POST /v1/check`` batch."""
    max_depth: int = 32
    """Deepest nesting of arrays and objects in a body; a ticket needs 4."""
    timeout_s: float = 30.0
    """Longest time a request may take, reading its body included (503 after it)."""
    cors_origins: tuple[str, ...] = ()
    """Origins a browser may call from; none unless configured."""
    admin_token: str | None = field(default=None, repr=False)
    """Bearer token for ``POST /v1/reload``; None leaves the endpoint off (404)."""
