"""Warnings: content that is valid but that readers would miss something in. ``check`` reports them; nothing fails."""

from __future__ import annotations

import os

from .errors import Problem
from .model import Content

NO_SOURCE_HINT = ("add 'source:' with the outlet's 'name' (and 'url') when the article names it; until then "
                  "its pages say 'outlet not recorded'")


def warnings(content: Content) -> list[Problem]:
    """Per briefing: an outlet not recorded (at its annotation), an article with no text (at the article)."""
    found = []
    for a in content.articles:
        if a.source is None:
            found.append(Problem(os.path.splitext(a.path)[0] + ".yml", 1, 1, "the briefing's outlet is not recorded",
                                 NO_SOURCE_HINT, "warning"))
        if not a.body:
            found.append(Problem(a.path, 1, 1, "the article has no text", "paste the article's text after its date "
                                 "(or front matter): the page's 'The article' section is empty", "warning"))
    return sorted(found, key=lambda p: (p.path, p.line, p.col))
