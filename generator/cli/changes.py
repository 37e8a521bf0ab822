"""What git knows about the content folder, for ``briefing check`` on a pull request.

- :func:`work_tree`: the top of the git work tree holding the content, to which GitHub's annotations
  are relative (``file=briefings/articles/x.yml`` whatever folder the check runs from).
- :func:`changed_since`: the files a change touches, as ``git diff --name-only REV`` lists them, plus the
  untracked files, so that the check prints the warnings of those files and counts the others.

Paths are '/'-separated and relative to the work tree, as git writes them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..content.errors import BriefingError


class GitError(BriefingError):
    """A revision git cannot read, or no git at all, where one is needed (wrong usage: exit 2)."""

    exit_code = 2


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, errors="replace",
                          check=False)


def work_tree(content: Path) -> Path | None:
    """The top of the git work tree that holds ``content`` (``git rev-parse --show-toplevel``); None outside git."""
    folder = Path(content)
    while not folder.is_dir() and folder != folder.parent:  # a content folder not there yet: its parent's repository
        folder = folder.parent
    try:
        found = _git(folder, "rev-parse", "--show-toplevel")
    except OSError:  # no git installed
        return None
    top = found.stdout.strip()
    return Path(top) if found.returncode == 0 and top else None


def repository_path(path: str, top: Path | None) -> str:
    """A problem's path (relative to the working directory, as printed) relative to the work tree's top instead;
    unchanged without a work tree, or for a path outside it."""
    if top is None:
        return path
    absolute = os.path.realpath(path)
    relative = os.path.relpath(absolute, os.path.realpath(top))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return path
    return relative.replace(os.sep, "/")


def changed_since(rev: str, content: Path) -> frozenset[str]:
    """The files under ``content`` that differ between ``rev`` and the working tree, and the untracked ones
    (``git ls-files --others --exclude-standard``), relative to the work tree's top.

    Raises GitError when ``content`` is not in a git work tree or ``rev`` is not a revision."""
    folder = Path(content)
    if work_tree(folder) is None:
        raise GitError(f"--changed-since needs a git work tree, and {content} is not in one")
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    known = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if known.returncode != 0:
        raise GitError(f"--changed-since: '{rev}' is not a revision git knows (fetch it first: "
                       f"actions/checkout needs 'fetch-depth: 0')")
    diff = _git(folder, "diff", "--name-only", "--no-renames", "-z", known.stdout.strip(), "--", ".")
    untracked = _git(folder, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", ".")
    for done in (diff, untracked):
        if done.returncode != 0:
            raise GitError(f"git {' '.join(done.args[3:5])} failed: {done.stderr.strip()}")
    return frozenset(name for done in (diff, untracked) for name in done.stdout.split("\0") if name)
