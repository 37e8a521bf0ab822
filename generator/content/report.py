"""How ``briefing check`` reports: for people, for GitHub Actions, for tools.

- ``text``: compiler-style ``path:line:col: error: message`` plus a hint line,
  which editors and terminals link to the spot (the default).
- ``github``: workflow commands (``::error file=...,line=...,col=...::...``),
  which GitHub shows on the pull request's diff, at the line (the default when
  ``GITHUB_ACTIONS=true``).
- ``json``: one object on stdout, for tools.

Formatting is pure (problems and counts in, text out); :func:`emit` prints.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .model import Content

FORMATS = ("text", "github", "json")
GITHUB_TITLE = "briefing check"


@dataclass(frozen=True)
class Output:
    stdout: str
    stderr: str
    exit_code: int


def default_format(environ=os.environ) -> str:
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def counts(problems, content: Content | None) -> dict:
    """Problems, and what was read (None when the content did not validate)."""
    found = {"problems": len(problems)}
    for key in ("articles", "events", "stories", "tags", "entities"):
        found[key] = len(getattr(content, key)) if content is not None else None
    found["drafts"] = _drafts(content) if content is not None else None  # counted among the articles too
    return found


MAX_SHOWN = 200  # problems printed; a broken file can make thousands, an alias bomb millions


def shown(problems) -> tuple:
    """The problems to print: the first MAX_SHOWN (sorted by place)."""
    return tuple(problems)[:MAX_SHOWN]


def summary_line(problems, consequence: str = "", warnings=()) -> str:
    """'2 problems found.', '1 problem and 3 warnings found.', and how many were not printed."""
    count = len(problems)
    hidden = count + len(warnings) - len(shown((*problems, *warnings)))
    more = f" ({hidden} more not shown: fix the first ones and check again)" if hidden else ""
    noted = f" and {_count(len(warnings), 'warning', 'warnings')}" if warnings else ""
    return f"{_count(count, 'problem', 'problems')}{noted} found{consequence}.{more}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _drafts(content: Content) -> int:
    return sum(1 for a in content.articles if a.annotation.draft)


def what_was_read(content: Content) -> str:
    """'2 articles, 3 context events, 1 story, 7 tags, 15 entities' (then topics, exchange rates and redirects,
    when given); drafts, which are checked and not published, are counted among the articles: '3 articles (1 draft)'."""
    counted = [(content.articles, "article", "articles"), (content.events, "context event", "context events"),
               (content.stories, "story", "stories"), (content.tags, "tag", "tags"),
               (content.entities, "entity", "entities")] + ([(content.topics, "topic", "topics")] if content.topics else [])
    counted += [(content.rates, "exchange rate", "exchange rates")] if content.rates else []
    counted += [(content.redirects, "redirect", "redirects")] if content.redirects else []
    read = [_count(len(items), one, many) for items, one, many in counted]
    drafts = _drafts(content)
    if drafts:
        read[0] += f" ({_count(drafts, 'draft', 'drafts')}, not published)"
    return ", ".join(read)


def ok_line(content: Content) -> str:
    return "ok: " + what_was_read(content)


def escape_data(text: str) -> str:
    """A workflow command's message: % and line breaks encoded (GitHub's toolkit rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    properties = ",".join(f"{key}={escape_property(str(value))}" for key, value in (
        ("file", problem.path), ("line", problem.line), ("col", problem.col), ("title", GITHUB_TITLE)))
    return f"::{problem.severity} {properties}::{escape_data(message)}"


def problem_json(problem: Problem) -> dict:
    return {"path": problem.path, "line": problem.line, "col": problem.col, "severity": problem.severity,
            "message": problem.message, "hint": problem.hint}


def elsewhere_line(count: int) -> str:
    """The one line that stands for the warnings ``check --changed-since`` does not print ('' for none)."""
    if not count:
        return ""
    return (f"{_count(count, 'warning', 'warnings')} in files this change does not touch "
            "(run briefing check to see them)\n")


def format_check(fmt: str, problems, content: Content | None = None, warnings=(), elsewhere: int = 0) -> Output:
    """The report of one check: ``problems`` (sorted by place), then ``warnings``; ``content`` when it validated.

    ``elsewhere``: how many warnings were left out because they are in files the change does not touch
    (``check --changed-since``): counted in one line, after the summary."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    code = 1 if problems else 0
    if fmt == "json":
        document = {"ok": not problems, "problems": [problem_json(p) for p in shown(problems)],
                    "warnings": [problem_json(w) for w in shown(warnings)],
                    "counts": {**counts(problems, content), "warnings": len(warnings)}}
        if elsewhere:
            document["counts"]["warnings_elsewhere"] = elsewhere
        return Output(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "", code)
    if not problems:
        noted = f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""
        if fmt == "github":
            return Output("".join(github_line(w) + "\n" for w in shown(warnings)) + ok_line(content) + noted + "\n"
                          + elsewhere_line(elsewhere), "", 0)
        return Output(ok_line(content) + noted + "\n" + elsewhere_line(elsewhere),
                      "".join(f"{w}\n" for w in shown(warnings)), 0)
    # the problems first, each file's in order, then the warnings: the cap never hides a problem behind warnings
    printed = shown((*problems, *warnings))
    last = summary_line(problems, "", warnings) + "\n" + elsewhere_line(elsewhere)
    if fmt == "github":
        # workflow commands are read from stdout; the count stays in the log for people
        return Output("".join(github_line(p) + "\n" for p in printed), last, code)
    return Output("", "".join(f"{p}\n" for p in printed) + last, code)


def emit(output: Output) -> int:
    if output.stdout:
        sys.stdout.write(output.stdout)
    if output.stderr:
        sys.stderr.write(output.stderr)
    return output.exit_code
