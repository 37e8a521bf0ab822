"""`briefing serve`: pages rendered on request from the content in memory, each edit read once, problems shown.

Reading the content makes inotify report `opened` and `closed_no_write`
events; counting them as changes would read the content forever.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from watchdog.events import (DirCreatedEvent, DirModifiedEvent, FileClosedEvent, FileClosedNoWriteEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
                             FileOpenedEvent)

from generator.preview.server import _Changes, is_content_change
from processes import children
from project import briefing, make_project, tree, write_tree

pytest_plugins = ["browser_support"]

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


class Recorder:
    """Stands for the server: records what the watcher tells it, and every event it was given."""

    def __init__(self):
        self.calls, self.events = [], []
        self.seen = threading.Condition()

    def changed(self, part, paths=(), folders=True) -> None:
        with self.seen:
            self.calls.append((part, sorted(Path(p).name for p in paths), folders))
            self.seen.notify_all()

    def wait_for(self, condition, timeout: float = 30) -> None:
        with self.seen:
            assert self.seen.wait_for(lambda: condition(self), timeout), (self.calls, [repr(e) for e in self.events])


class Recording(_Changes):
    def dispatch(self, event) -> None:
        super().dispatch(event)
        with self.server.seen:
            self.server.events.append(event)
            self.server.seen.notify_all()


@pytest.fixture
def watched(tmp_path):
    """tmp_path/briefings watched as the server watches the content; yield (folder, recorder)."""
    from watchdog.observers import Observer

    content = tmp_path / "briefings"
    (content / "articles").mkdir(parents=True)
    for name in ("tags.yml", "articles/a.md", "articles/a.yml"):
        (content / name).write_text(f"{name}\n", encoding="utf-8")
    recorder, observer = Recorder(), Observer()
    observer.schedule(Recording(recorder, "content"), str(content), recursive=True)
    observer.start()
    yield content, recorder
    observer.stop()
    observer.join(30)
    assert not observer.is_alive()


def barrier(folder: Path, recorder: Recorder) -> None:
    """Returns once every event before this call has been dispatched: it writes a file the watcher
    ignores (an editor's swap file), and inotify reports events in order."""
    marker = folder / f".barrier-{len(recorder.events)}.swp"
    marker.write_text("", encoding="utf-8")
    recorder.wait_for(lambda r: any(str(marker) == e.src_path for e in r.events))


def test_an_edit_is_one_change_and_reading_the_content_is_none(watched):
    content, recorder = watched
    (content / "articles" / "a.md").write_text("edited\n", encoding="utf-8")
    recorder.wait_for(lambda r: r.calls)
    for path in sorted(content.rglob("*")):  # what reading the content does
        if path.is_file():
            path.read_bytes()
    barrier(content, recorder)
    read = {Path(e.src_path).name for e in recorder.events if e.event_type in ("opened", "closed_no_write")}
    assert {"tags.yml", "a.yml"} <= read  # the reads were reported ...
    assert {name for _part, names, _folders in recorder.calls for name in names} == {"a.md"}  # ... only the edit counts
    assert not any(folders for _part, _names, folders in recorder.calls)  # files only


def test_a_new_folder_says_the_articles_must_be_listed_again(watched):
    content, recorder = watched
    (content / "articles" / "2024").mkdir()
    recorder.wait_for(lambda r: any(folders and "2024" in names for _p, names, folders in r.calls))


def test_editor_temporary_files_are_no_change(watched):
    content, recorder = watched
    (content / "articles" / ".a.md.swp").write_text("swap\n", encoding="utf-8")
    (content / "articles" / "a.md~").write_text("backup\n", encoding="utf-8")
    barrier(content, recorder)
    assert {".a.md.swp", "a.md~"} <= {Path(e.src_path).name for e in recorder.events}
    assert recorder.calls == []


# -- the real command --------------------------------------------------------------------------

def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode()
    except OSError:
        return None


def _status(url: str) -> int:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _raw_status(port: int, path: str) -> int:
    """The status of a GET of ``path`` exactly as given (clients would resolve '..' first)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
        return int(connection.makefile("rb").readline().split()[1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _as_from_a_terminal() -> None:
    """Ctrl-C's default, as a terminal gives it: a shell that starts `make test` in the background
    without job control gives its children SIGINT ignored, which Python (and briefing) respects."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Serve:
    """A real ``briefing serve`` on a free port of 127.0.0.1, its output read line by line as it comes."""

    def __init__(self, root: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.root = root
        self.lines: list[str] = []
        self._new = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{self.port}"], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=_as_from_a_terminal)
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

    def said(self) -> str:
        with self._new:
            return "\n".join(self.lines)

    def wait_for(self, condition, timeout: float = 120) -> None:
        """Until ``condition(lines)`` holds, checked on each line the command prints (or fail with its output)."""
        with self._new:
            ended = lambda: bool(self.lines) and self.lines[-1] == "" and self.process.poll() is not None  # noqa: E731
            if not self._new.wait_for(lambda: condition(self.lines) or ended(), timeout) or not condition(self.lines):
                pytest.fail(f"gave up after {timeout} s; serve said:\n" + "\n".join(self.lines)[-3000:])

    def wait_until_serving(self) -> None:
        self.wait_for(lambda lines: any("Serving on" in line for line in lines))

    def readings(self) -> int:
        """How many times it has read the content (with or without problems)."""
        with self._new:
            return sum(1 for line in self.lines if line.startswith("read the content:") or "problem(s);" in line)

    def wait_for_reading(self, count: int) -> None:
        self.wait_for(lambda lines: self.readings() >= count)

    def stop(self) -> None:
        """Stop it (so that a failing test still ends)."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(60)
        self.process.stdout.close()


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(content: dict | None = None) -> Serve:
        root = make_project(tmp_path / "p")
        if content:
            write_tree(root, content)
        started.append(Serve(root))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def outside_cache(files: dict) -> dict:
    return {path: data for path, data in files.items() if not path.startswith(".cache/")}


DRAFT = {
    "briefings/articles/2024-03-26-draft-note.md": "---\ndate: 2024-03-26\n---\n# A draft note\n\nStability AI said more on Monday.\n",
    "briefings/articles/2024-03-26-draft-note.yml": """\
        title: Unfinished note on the succession
        summary: Still being written.
        draft: true
        tags: [leadership]
        entities: [stability-ai]
        """,
}


def test_each_edit_shows_after_one_reading_and_nothing_is_written(serve):
    """An edit is read once (reading the files is no change) and the page asked for next shows it;
    the preview writes nothing into the project (no site_src/ pages, no site/)."""
    server = serve()
    server.wait_until_serving()
    before = tree(server.root)
    page = server.url("tags/funding/")
    assert "<title>Funding" in _get(page)
    tags = server.root / "briefings/tags.yml"
    title = "Funding"
    for edit, new in enumerate(["Money raised", "Funds raised"], start=2):
        tags.write_text(tags.read_text().replace(f'title: "{title}"', f'title: "{new}"'), encoding="utf-8")
        title = new
        server.wait_for_reading(edit)
        assert f"<title>{new}" in _get(page)
    barrier_file = server.root / "briefings" / ".barrier.swp"  # ignored: only shows the events were all seen
    barrier_file.write_text("", encoding="utf-8")
    assert f"<title>{title}" in _get(page)
    assert server.readings() == 3, server.said()  # the first reading, and one per edit
    barrier_file.unlink()
    tags.write_text(tags.read_text().replace(f'title: "{title}"', 'title: "Funding"'), encoding="utf-8")
    server.wait_for_reading(4)
    assert outside_cache(tree(server.root)) == outside_cache(before)  # only the build cache is written
    assert "Traceback" not in server.said()


def test_a_page_is_the_page_briefing_build_publishes(serve, tmp_path):
    """The article of a page rendered on request is the built one's, byte for byte."""
    server = serve()
    server.wait_until_serving()
    built = make_project(tmp_path / "built")
    assert briefing(built, "build").returncode == 0
    for path in ("briefings/2024-03-24-mostaque-steps-down-decentralized-ai/", "stories/", "tags/funding/", ""):
        served, published = _get(server.url(path)), (built / "site" / path / "index.html").read_text()
        article = re.compile(r"<article .*?</article>", re.S)
        assert article.search(served).group(0) == article.search(published).group(0), path


def test_problems_show_in_the_terminal_and_on_every_page_which_keeps_the_last_good_content(serve):
    server = serve()
    server.wait_until_serving()
    tags = server.root / "briefings/tags.yml"
    good = tags.read_text()
    tags.write_text(good.replace('title: "Funding"', 'title: "Funding <script>alert(1)</script>"') + "oops: [\n",
                    encoding="utf-8")
    server.wait_for(lambda lines: any("problem(s); the preview keeps the last good pages" in line for line in lines))
    said = server.said()
    assert re.search(r"briefings/tags\.yml:\d+:\d+: error: ", said), said
    page = _get(server.url("tags/funding/"))
    assert "<title>Funding - " in page  # the last good content
    notice = page[page.index('class="briefing-problems"'):]
    assert re.search(r"briefings/tags\.yml:\d+:\d+: error: ", notice)
    assert "<script>alert" not in page
    tags.write_text(good, encoding="utf-8")
    server.wait_for_reading(3)
    assert 'class="briefing-problems"' not in _get(server.url("tags/funding/"))


def test_drafts_show_marked_in_the_preview(serve):
    server = serve(DRAFT)
    server.wait_until_serving()
    page = _get(server.url("briefings/2024-03-26-draft-note/"))
    assert page is not None and "Unfinished note on the succession" in page
    assert "Draft" in page
    assert "2024-03-26-draft-note" in _get(server.url("tags/leadership/"))


def test_addresses_as_a_built_site_answers_them(serve):
    server = serve()
    server.wait_until_serving()
    assert _status(server.url("tags/funding")) == 302  # as MkDocs' server: the folder's address
    assert _status(server.url("no/such/page/")) == 404
    assert _status(server.url("stylesheets/briefing.css")) == 200
    assert _status(server.url("feed.xml")) == 200 and "<feed" in _get(server.url("feed.xml"))
    for path in ("/../../etc/passwd", "/pagefind/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                 "/.briefing-generated.json", "/about.md", "/" + "a" * 5000 + "/"):  # as sent, not as a client tidies it
        assert _raw_status(server.port, path) == 404, path
    redirects = server.root / "briefings/redirects.yml"
    redirects.write_text("tags:\n  money: funding\n", encoding="utf-8")
    server.wait_for_reading(2)
    found = urllib.request.urlopen(server.url("tags/money/"), timeout=60)  # an old address sends readers on
    assert found.url == server.url("tags/funding/") and "<title>Funding" in found.read().decode()


def test_an_open_page_reloads_by_itself_after_an_edit(serve, browser):
    """Live reload, in a real browser: the page on screen shows the edit without anyone reloading it."""
    server = serve()
    server.wait_until_serving()
    tab = browser.new_page()
    try:
        tab.goto(server.url("tags/funding/"))
        tab.wait_for_function("document.title.startsWith('Funding')")
        server.wait_for(lambda lines: any("Browser connected" in line for line in lines))  # its reload poll waits
        tags = server.root / "briefings/tags.yml"
        tags.write_text(tags.read_text().replace('title: "Funding"', 'title: "Money raised"'), encoding="utf-8")
        tab.wait_for_function("document.title.startsWith('Money raised')")
    finally:
        tab.close()


def _refused(port: int) -> bool:
    """Whether nothing answers on the port any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_stops_serve_cleanly(serve, sig):
    """kill, systemd, docker stop, CI runners (SIGTERM), Ctrl-C (SIGINT), a closed terminal (SIGHUP):
    briefing serve stops serving and watching, and exits with the conventional status 128 + N."""
    server = serve()
    server.wait_until_serving()
    assert _get(server.url(""))
    server.process.send_signal(sig)
    assert server.process.wait(60) == 128 + sig
    assert _refused(server.port)
    assert children(server.process.pid) == {}
    assert "Traceback" not in server.said()


def test_a_busy_address_is_a_clear_error(serve):
    server = serve()
    server.wait_until_serving()
    second = subprocess.run([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{server.port}"],
                            cwd=server.root, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    assert f"error: cannot serve on 127.0.0.1:{server.port}" in second.stderr
    assert "Traceback" not in second.stderr


def test_a_reload_fetches_the_page_not_the_theme(serve):
    """Material's bundles (hashed names) may be kept by the browser; pages, feeds and docs files may not."""
    server = serve()
    server.wait_until_serving()
    home = _get(server.url(""))
    bundle = re.search(r'assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js', home).group(0)
    headers = lambda path: urllib.request.urlopen(server.url(path), timeout=60).headers  # noqa: E731
    assert headers(bundle)["Cache-Control"] == "max-age=600"
    for path in ("", "tags/funding/", "feed.xml", "stylesheets/briefing.css"):
        assert headers(path)["Cache-Control"] == "no-store", path


def test_a_template_that_fails_shows_its_error_on_the_page(serve):
    server = serve({"templates/tag.html.j2": "{{ tag.no_such_field.deeper }}\n"})
    server.wait_until_serving()
    page = _get(server.url("tags/funding/"))
    assert page is not None and 'class="briefing-problems"' in page
    assert re.search(r"tag\.html\.j2:\d+:\d+: error: template error", page), page[:2000]
    assert _status(server.url("stories/")) == 200  # the other templates still work


@pytest.mark.parametrize("given, meant", [("8001", "127.0.0.1:8001"), ("localhost:9000", "localhost:9000"),
                                          ("[::1]:8000", "[::1]:8000")])
def test_the_address_may_be_a_port_alone(given, meant):
    from generator.cli.main import parser

    assert parser().parse_args(["serve", "--addr", given]).addr == meant


@pytest.mark.parametrize("given", ["abc", "127.0.0.1:", "127.0.0.1:99999", "host:-1"])
def test_a_wrong_address_is_a_usage_error(given, capsys):
    from generator.cli.main import main

    with pytest.raises(SystemExit) as exit:
        main(["serve", "--addr", given])
    assert exit.value.code == 2 and "expected HOST:PORT" in capsys.readouterr().err
