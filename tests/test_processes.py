"""The session's check that no test leaves a process running (conftest.no_process_left_behind)."""

import os
import signal
import subprocess

from processes import children, leftovers, wait_for_end


def test_an_orphaned_grandchild_is_seen_as_left_running_and_can_be_waited_for():
    """sh starts a sleep in the background and exits: the sleep, orphaned, comes back to the session
    (a child subreaper) instead of PID 1, so the end-of-session check finds it."""
    shell = subprocess.run(["sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True)
    orphan = int(shell.stdout)
    try:
        assert "sleep 300" in children(os.getpid()).get(orphan, "")
        assert leftovers(os.getpid(), 0).get(orphan) == "sleep 300"
        assert not wait_for_end(orphan, 0)
    finally:
        os.kill(orphan, signal.SIGKILL)
    assert wait_for_end(orphan, 30)
    assert orphan not in leftovers(os.getpid(), 0)
