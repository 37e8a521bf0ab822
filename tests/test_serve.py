"""`briefing serve` regenerates once per change, not on its own reads.

Reading the content during a regeneration makes inotify report `opened` and
`closed_no_write` events; counting them as changes regenerated forever.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from watchdog.events import (DirCreatedEvent, DirModifiedEvent, FileClosedEvent, FileClosedNoWriteEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
                             FileOpenedEvent)

from generator.cli.main import ContentWatcher, is_content_change, watch
from processes import children, wait_for_end
from project import make_project

ARTICLE = "/c/articles/a.md"


@pytest.mark.parametrize("event", [
    FileCreatedEvent(ARTICLE),
    FileModifiedEvent(ARTICLE),
    FileClosedEvent(ARTICLE),
    FileDeletedEvent(ARTICLE),
    FileMovedEvent(ARTICLE, "/c/articles/b.md"),
    FileMovedEvent("/c/articles/.a.md.swp", ARTICLE),  # an editor's atomic save
    DirCreatedEvent("/c/articles/new"),
], ids=repr)
def test_content_changes_count(event):
    assert is_content_change(event)


@pytest.mark.parametrize("event", [
    FileOpenedEvent(ARTICLE),
    FileClosedNoWriteEvent(ARTICLE),
    DirModifiedEvent("/c/articles"),
    FileModifiedEvent("/c/articles/.a.md.swp"),
    FileCreatedEvent("/c/articles/a.md~"),
    FileModifiedEvent("/c/articles/a.md.tmp"),
    FileDeletedEvent("/c/articles/.#a.md"),
    FileMovedEvent("/c/articles/a.tmp", "/c/articles/a.swp"),
], ids=repr)
def test_reads_folders_and_editor_files_do_not_count(event):
    assert not is_content_change(event)


class RecordingWatcher(ContentWatcher):
    """The serve loop's watcher, recording every event it is given (in the order inotify reported them)."""

    def __init__(self):
        super().__init__()
        self.events = []
        self.seen = threading.Condition()

    def dispatch(self, event) -> None:
        super().dispatch(event)
        with self.seen:
            self.events.append(event)
            self.seen.notify_all()

    def wait_for(self, condition, timeout: float = 30) -> None:
        with self.seen:
            assert self.seen.wait_for(lambda: condition(self.events), timeout), [repr(e) for e in self.events]

    def barrier(self, folder: Path) -> None:
        """Returns once every event before this call has been dispatched: it writes a file the loop
        ignores (an editor's swap file), and inotify reports events in order."""
        marker = folder / f".barrier-{len(self.events)}.swp"
        marker.write_text("", encoding="utf-8")
        self.wait_for(lambda events: any(str(marker) == e.src_path for e in events))

    def changes(self) -> list[str]:
        with self.seen:
            return sorted({Path(e.src_path).name for e in self.events if is_content_change(e)})


@pytest.fixture
def watched(tmp_path):
    """Run the serve loop on tmp_path/briefings with a regeneration that reads every file;
    yield (folder, regenerations so far, the watcher)."""
    content = tmp_path / "briefings"
    (content / "articles").mkdir(parents=True)
    for name in ("tags.yml", "articles/a.md", "articles/a.yml"):
        (content / name).write_text(f"{name}\n", encoding="utf-8")
    calls, started, stop = [], threading.Event(), threading.Event()
    watcher = RecordingWatcher()

    def regenerate():  # reads everything, as generate does
        for path in sorted(content.rglob("*")):
            if path.is_file():
                path.read_bytes()
        with watcher.seen:
            calls.append(time.monotonic())
            watcher.seen.notify_all()

    def keep_going():  # first called once the observer runs
        started.set()
        return not stop.is_set()

    thread = threading.Thread(target=watch, args=(content, regenerate, keep_going, watcher), daemon=True)
    thread.start()
    assert started.wait(30)
    yield content, calls, watcher
    stop.set()
    thread.join(30)
    assert not thread.is_alive()


def test_one_edit_regenerates_and_its_reads_do_not_count(watched):
    content, calls, watcher = watched
    (content / "articles" / "a.md").write_text("edited\n", encoding="utf-8")
    watcher.wait_for(lambda _: calls)
    watcher.barrier(content)  # every event the regeneration's reads caused has been seen
    read = {Path(e.src_path).name for e in watcher.events if e.event_type in ("opened", "closed_no_write")}
    assert {"tags.yml", "a.yml"} <= read  # the reads were reported ...
    assert watcher.changes() == ["a.md"]  # ... and only the edit counts: nothing more to regenerate for


def test_editor_temporary_files_do_not_regenerate(watched):
    content, calls, watcher = watched
    (content / "articles" / ".a.md.swp").write_text("swap\n", encoding="utf-8")
    (content / "articles" / "a.md~").write_text("backup\n", encoding="utf-8")
    watcher.barrier(content)
    assert {".a.md.swp", "a.md~"} <= {Path(e.src_path).name for e in watcher.events}
    assert watcher.changes() == [] and calls == []


def test_serve_lets_mkdocs_rebuild_only_changed_pages_unless_told_not_to():
    from generator.cli.main import mkdocs_serve_command, parser
    assert mkdocs_serve_command(parser().parse_args(["serve"]))[-1] == "--dirty"
    assert "--dirty" not in mkdocs_serve_command(parser().parse_args(["serve", "--no-dirty"]))


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode()
    except OSError:
        return None


def _as_from_a_terminal() -> None:
    """Ctrl-C's default, as a terminal gives it: a shell that starts `make test` in the background
    without job control gives its children SIGINT ignored, which Python (and briefing) respects."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Serve:
    """A real ``briefing serve`` on a free port of 127.0.0.1, its output read line by line as it comes."""

    def __init__(self, root: Path, tmp: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.root = root
        self.lines: list[str] = []
        self._new = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{self.port}"], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp)},  # where MkDocs' serve builds
            preexec_fn=_as_from_a_terminal)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._new:
                self.lines.append(line.rstrip("\n"))
                self._new.notify_all()
        with self._new:
            self.lines.append("")  # end of output
            self._new.notify_all()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def wait_for(self, condition, timeout: float = 120) -> None:
        """Until ``condition(lines)`` holds, checked on each line the command prints (or fail with its output)."""
        with self._new:
            if not self._new.wait_for(lambda: condition(self.lines), timeout):
                pytest.fail(f"gave up after {timeout} s; serve said:\n" + "\n".join(self.lines)[-3000:])

    def wait_until_serving(self) -> dict[int, str]:
        """Until MkDocs' server listens; its processes (the children of briefing serve)."""
        self.wait_for(lambda lines: any("Serving on" in line for line in lines))
        self.children = children(self.process.pid)
        return self.children

    def stop(self) -> None:
        """Stop it, and whatever it left running (so that a failing test still ends)."""
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(60)
        for pid in getattr(self, "children", ()):
            if not wait_for_end(pid, 0):
                os.kill(pid, signal.SIGKILL)  # it holds the output pipe open: the reader would never end
        self._reader.join(60)
        self.process.stdout.close()


@pytest.fixture
def serve(tmp_path):
    started = []

    def start() -> Serve:
        (tmp_path / "tmp").mkdir()
        started.append(Serve(make_project(tmp_path / "p"), tmp_path / "tmp"))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def _after(lines: list[str], marker: str) -> list[str]:
    """The lines printed after the last one containing `marker` (none if it was not printed)."""
    at = [i for i, line in enumerate(lines) if marker in line]
    return lines[at[-1] + 1:] if at else []


def test_a_real_serve_shows_each_edit_after_one_regeneration(serve):
    """The real command (MkDocs' dirty rebuilds in strict mode): each edit shows, after one regeneration;
    reading the content must not start another (were it counted, regenerations would never stop)."""
    server = serve()
    server.wait_until_serving()
    page = server.url("tags/funding/")
    assert "Funding" in _get(page)
    tags = server.root / "briefings/tags.yml"
    before = "Funding"
    for edit, title in enumerate(["Money raised", "Funds raised"], start=2):
        tags.write_text(tags.read_text().replace(f'title: "{before}"', f'title: "{title}"'), encoding="utf-8")
        before = title
        # each time MkDocs has rebuilt after the regeneration, the page is looked at: it shows the edit
        server.wait_for(lambda lines: any("Reloading browsers" in line for line in _after(lines, "generated:"))
                        and title in (_get(page) or ""))
        said = "\n".join(server.lines)
        assert said.count("generated:") == edit, said  # the first generate, and one for each edit
    assert "Aborted" not in said and "Traceback" not in said, said


def _refused(port: int) -> bool:
    """Whether nothing answers on the port any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_stops_serve_and_the_mkdocs_server_it_started(serve, sig):
    """kill, systemd, docker stop, CI runners (SIGTERM), Ctrl-C (SIGINT), a closed terminal (SIGHUP):
    briefing serve stops its MkDocs server before it exits, with the conventional status 128 + N."""
    server = serve()
    started = server.wait_until_serving()
    assert _get(server.url(""))
    assert any("mkdocs" in command and "serve" in command for command in started.values()), started
    server.process.send_signal(sig)
    assert server.process.wait(60) == 128 + sig
    assert all(wait_for_end(pid, 0) for pid in started), "a child of briefing serve outlived it"
    assert _refused(server.port)
    assert list((server.root.parent / "tmp").iterdir()) == []  # MkDocs removed the site it served from


def test_serve_killed_outright_still_takes_its_mkdocs_server_with_it(serve):
    """SIGKILL leaves no time to clean up: the kernel tells the child (PR_SET_PDEATHSIG on Linux)."""
    server = serve()
    started = server.wait_until_serving()
    assert started
    server.process.kill()
    server.process.wait(60)
    assert all(wait_for_end(pid, 60) for pid in started), f"left running: {started}"
    assert _refused(server.port)
    assert list((server.root.parent / "tmp").iterdir()) == []  # MkDocs removed the site it served from
