"""Warnings: content that is valid but that readers would miss something in. ``check`` reports them; nothing fails."""

from __future__ import annotations

import os

from .errors import Problem
from .model import Content

NO_SOURCE_HINT = ("add 'source:' with the outlet's 'name' (and 'url') when the article names it; until then "
                  "its pages say 'outlet not recorded'")


def warnings(content: Content) -> list[Problem]:
    """One warning per briefing whose outlet is not recorded, at its annotation."""
    return [Problem(os.path.splitext(a.path)[0] + ".yml", 1, 1, "the briefing's outlet is not recorded",
                    NO_SOURCE_HINT, "warning")
            for a in content.articles if a.source is None]
