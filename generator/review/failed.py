"""The pull-request comment when ``briefing check`` fails (``briefing check --format markdown``).

It takes the place of the comparison, so a comment never describes content older than the last push:
the number of problems, the first of them (in a code block: their text quotes the contributor's), and
a link to the run, whose annotations sit on the lines to fix.
"""

from __future__ import annotations

import os

from .comment import block, code

LISTED = 20  # problems printed in the comment; the run has them all


def run_url(environ=os.environ) -> str:
    """The workflow run's page on GitHub Actions (its annotations), or '' elsewhere."""
    server, repository, run = (environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if not (server.startswith("https://") and repository.count("/") == 1 and run.isdigit()):
        return ""
    return f"{server.rstrip('/')}/{repository}/actions/runs/{run}"


def comment(problems, warnings, url: str = "", command: str = "briefing check") -> str:
    count = len(problems)
    said = f"{count} problem{'' if count == 1 else 's'}"
    if warnings:
        said += f" and {len(warnings)} warning{'' if len(warnings) == 1 else 's'}"
    out = ["### The content does not pass `briefing check`", "",
           f"{code(command)} found **{said}**. What readers would see is compared again on the first "
           "push that passes the check; until then this comment says why there is no comparison."]
    if url:
        out += ["", f"[The problems, as annotations on the lines to fix]({url})."]
    shown = [str(problem) for problem in problems[:LISTED]]
    if shown:
        out += ["", *block([line for problem in shown for line in problem.splitlines()], language="text")]
    if count > LISTED:
        out += ["", f"… and {count - LISTED} more: run {code('make check')} to see them all."]
    return "\n".join(out) + "\n"
