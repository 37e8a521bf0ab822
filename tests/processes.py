"""Processes the tests start, and the check that none outlives the session (conftest.py).

The session is made a "child subreaper" (Linux): a process a test started that loses its parent
(an `mkdocs serve` whose `briefing serve` was killed) is then re-parented to this process rather
than to PID 1, so the check sees it, and a test can wait for it to end.
"""

from __future__ import annotations

import ctypes
import os
import select
import sys
import time
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    if sys.platform != "linux":
        return False
    return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def children(pid: int) -> dict[int, str]:
    """{pid: command line} of the live (not zombie) processes whose parent is `pid`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # ended meanwhile
            continue
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        if int(ppid) == pid and state != "Z":
            found[int(entry.name)] = command or stat[stat.index("(") + 1:stat.rindex(")")]
    return found


def reap_zombies() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def wait_for_end(pid: int, timeout: float) -> bool:
    """Whether process `pid` ended within `timeout` seconds (waits on its pidfd: no polling)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    finally:
        os.close(fd)


def leftovers(pid: int, grace: float) -> dict[int, str]:
    """The children of `pid` still running `grace` seconds from now (each waited for, in turn)."""
    deadline = time.monotonic() + grace
    reap_zombies()
    left = {}
    for child, command in children(pid).items():
        if not wait_for_end(child, max(0.0, deadline - time.monotonic())):
            left[child] = command
    reap_zombies()
    return left
