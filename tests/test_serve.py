"""`briefing serve` regenerates once per change, not on its own reads.

Reading the content during a regeneration makes inotify report `opened` and
`closed_no_write` events; counting them as changes regenerated forever.
"""

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

from generator.cli import is_content_change, watch
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


@pytest.fixture
def watched(tmp_path):
    """Run the serve loop on tmp_path/briefings with a regeneration that reads every file; yield the calls."""
    content = tmp_path / "briefings"
    (content / "articles").mkdir(parents=True)
    for name in ("tags.yml", "articles/a.md", "articles/a.yml"):
        (content / name).write_text(f"{name}\n", encoding="utf-8")
    calls, started, stop = [], threading.Event(), threading.Event()

    def regenerate():  # reads everything, as generate does
        for path in sorted(content.rglob("*")):
            if path.is_file():
                path.read_bytes()
        calls.append(time.monotonic())

    def keep_going():  # first called once the observer runs
        started.set()
        return not stop.is_set()

    thread = threading.Thread(target=watch, args=(content, regenerate, keep_going), daemon=True)
    thread.start()
    assert started.wait(5)
    yield content, calls
    stop.set()
    thread.join(5)
    assert not thread.is_alive()


def test_one_edit_regenerates_exactly_once(watched):
    content, calls = watched
    (content / "articles" / "a.md").write_text("edited\n", encoding="utf-8")
    time.sleep(2)
    assert len(calls) == 1, f"{len(calls)} regenerations for one edit"


def test_editor_temporary_files_do_not_regenerate(watched):
    content, calls = watched
    (content / "articles" / ".a.md.swp").write_text("swap\n", encoding="utf-8")
    (content / "articles" / "a.md~").write_text("backup\n", encoding="utf-8")
    time.sleep(1)
    assert calls == []


def test_serve_lets_mkdocs_rebuild_only_changed_pages_unless_told_not_to():
    from generator.cli import mkdocs_serve_command, parser
    assert mkdocs_serve_command(parser().parse_args(["serve"]))[-1] == "--dirty"
    assert "--dirty" not in mkdocs_serve_command(parser().parse_args(["serve", "--no-dirty"]))


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def _until(condition, timeout: float, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up after {timeout} s; serve said:\n{log.read_text()[-3000:]}")


def test_a_real_serve_shows_an_edit_once_and_then_stays_idle(tmp_path):
    """The real command (MkDocs' dirty rebuilds in strict mode): the edit shows, one regeneration."""
    root = make_project(tmp_path / "p")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}"],
                                  cwd=root, stdout=out, stderr=subprocess.STDOUT)
    page = f"http://127.0.0.1:{port}/tags/funding/"
    try:
        _until(lambda: _get(page), 90, log)
        tags = root / "briefings/tags.yml"
        tags.write_text(tags.read_text().replace('title: "Funding"', 'title: "Money raised"'), encoding="utf-8")
        started = time.monotonic()
        _until(lambda: "Money raised" in (_get(page) or ""), 60, log)
        shown = time.monotonic() - started
        time.sleep(3)  # reading the content must not trigger another regeneration
        said = log.read_text()
        assert said.count("generated:") == 2, said  # the first generate and the one for the edit
        assert "Aborted" not in said and shown < 30, said
    finally:
        server.terminate()
        server.wait(timeout=30)
