"""Version labels of shipped and packed data (frameworks, training modules), put in order."""

from __future__ import annotations

import re


def version_key(version: str) -> tuple:
    """Orders versions part by part (2026.10 after 2026.9); numbers before words."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.-]", version))
