"""Problems found in the content, and the small exception hierarchy the CLI maps to exit codes."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def display(path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


MAX_MESSAGE = 300  # characters: a message quoting a pasted megabyte stays one readable line

# Line breaks, controls and bidirectional overrides quoted from the content are shown as escapes:
# a problem stays one line, and what it prints cannot reorder or hide the text around it.
_VISIBLE = {c: f"\\u{c:04x}" for c in (*range(0x20), *range(0x7f, 0xa0), 0x200e, 0x200f, 0x2028, 0x2029,
                                        *range(0x202a, 0x202f), *range(0x2066, 0x206a))}
_VISIBLE.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def visible(text: str) -> str:
    return text.translate(_VISIBLE)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located to the character.

    Prints as ``path:line:col: error: message`` (1-based line and column) so
    that editors and CI can annotate the exact spot; the hint says how to fix it.
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning": reported, and the content is still used

    def __str__(self) -> str:
        message = self.message if len(self.message) <= MAX_MESSAGE else self.message[:MAX_MESSAGE] + "..."
        text = f"{visible(self.path)}:{self.line}:{self.col}: {self.severity}: {visible(message)}"
        if self.hint:
            text += f"\n  hint: {visible(self.hint)}"
        return text


class BriefingError(Exception):
    """Base class: every error the CLI reports without a traceback."""

    exit_code = 1


class ContentError(BriefingError):
    """The content has problems; all of them are carried, sorted by place.

    ``content``: what validated all the same (the briefings whose own annotation converted), for
    ``check`` to give its warnings beside the problems; None when nothing got that far.
    """

    def __init__(self, problems, content=None):
        self.problems = tuple(sorted(problems))
        self.content = content
        super().__init__(f"{len(self.problems)} problem(s) in the content")


class OutputError(BriefingError):
    """The generator refused to write (a path outside the output, a hand-written file)."""

    exit_code = 1


class BuildError(BriefingError):
    """The site builder (MkDocs) failed."""

    exit_code = 3


def closest(word: str, choices) -> str:
    """A hint naming the closest valid choice, or listing the choices when few."""
    choices = sorted(choices)
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if match:
        return f"did you mean '{match[0]}'?"
    if not choices:
        return "none are defined yet"
    if len(choices) <= 8:
        return "expected one of: " + ", ".join(choices)
    return f"expected one of {len(choices)} ids, e.g. " + ", ".join(choices[:5])
