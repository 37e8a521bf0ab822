"""The preview's web server: MkDocs' live-reload server, asked for pages that do not exist until it is.

MkDocs' :class:`LiveReloadServer` serves files from a built site and reloads
browsers when a rebuild is done (a long poll on ``/livereload/<epoch>/``). Here
the site is never built: a request for a page renders it from the content in
memory (:mod:`.live`) and themes it (:mod:`.theme`); theme files come from the
theme's folders, feeds from the content, and ``pagefind/`` from the last
``briefing build``, if any. The "rebuild" after an edit is reading the content
again; browsers then reload and ask for their page, rendered anew.

The content is watched with the platform's file notifications (inotify), not
MkDocs' polling of every file, and only changes count: reading a file (which
inotify reports too) does not start another reading.
"""

from __future__ import annotations

import gc
import html
import logging
import mimetypes
import os
import posixpath
import re
import sys
import threading
import urllib.parse
from pathlib import Path

import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from ..content.errors import BriefingError, ContentError
from ..content.report import shown
from ..pages import urls
from .live import LiveContent
from .theme import Theme

log = logging.getLogger("mkdocs.briefing.preview")

# Seconds without a reading before the cycle collector runs (about 0.1 s at 10,000 articles, for some 50 objects
# a reading leaves in cycles): not while a curator saves again and again, and never while a page is waited for.
IDLE = 30.0

# Editors' swap, backup and temporary files; saving through them still moves or writes the real file.
_TEMP_SUFFIXES = ("~", ".swp", ".tmp")
_CHANGES = {"created", "modified", "deleted", "moved", "closed"}  # not "opened" nor "closed_no_write"


def _is_content_name(path) -> bool:
    name = Path(os.fsdecode(path)).name
    return bool(name) and not name.startswith(".") and not name.endswith(_TEMP_SUFFIXES)


def is_content_change(event) -> bool:
    """Whether a watchdog event changes a watched file (reading files must not count)."""
    if event.event_type not in _CHANGES or (event.is_directory and event.event_type == "modified"):
        return False
    return any(_is_content_name(path) for path in (event.src_path, event.dest_path) if path)


class _Changes:
    """A watchdog handler: each change under its folder tells the server which part of the preview is stale."""

    def __init__(self, server: "PreviewServer", part: str, name: str | None = None):
        self.server, self.part, self.name = server, part, name

    def dispatch(self, event) -> None:
        paths = {os.fsdecode(p) for p in (event.src_path, event.dest_path) if p}
        if is_content_change(event) and (self.name is None or self.name in map(os.path.basename, paths)):
            self.server.changed(self.part, paths, event.is_directory)


class PreviewServer(LiveReloadServer):
    """Renders each page on request from the content in memory; reloads browsers after each edit."""

    def __init__(self, live: LiveContent, theme: Theme, config_file: Path, host: str, port: int):
        super().__init__(builder=self._update, host=host, port=port, root=theme.config.site_dir)
        self.live, self.theme, self.config_file = live, theme, Path(config_file)
        self.build_delay = 0.02  # a save is one or two events; waiting longer only delays the preview
        self.observer = watchdog.observers.Observer()
        self._stale: set[str] = set()  # the parts to bring up to date: "content", "theme"
        self._paths: set[str] = set()  # the files changed since
        self._folders = False  # whether an event since was about a folder
        self._collector = threading.Timer(0, lambda: None)
        self._rendering = threading.Lock()  # MkDocs' config holds the page being rendered: one page at a time
        self.error_handler = self._not_found

    def watch_parts(self, content_dir: Path, templates: Path | None) -> None:
        """Watch the content (and templates) for the content; the config, docs_dir and theme folders for the theme."""
        parts = [(content_dir, "content")] + ([(templates, "content")] if templates else [])
        parts += [(Path(self.theme.config.docs_dir), "theme")]
        if self.theme.config.theme.custom_dir:
            parts.append((Path(self.theme.config.theme.custom_dir), "theme"))
        for folder, part in parts:
            self.observer.schedule(_Changes(self, part), str(folder), recursive=True)
        # the project's folder itself, not its subfolders: only the config file there counts
        config = self.config_file.resolve()
        self.observer.schedule(_Changes(self, "theme", config.name), str(config.parent), recursive=False)
        self.observer.start()

    def changed(self, part: str, paths=(), folders: bool = True) -> None:
        with self._rebuild_cond:
            self._stale.add(part)
            self._paths.update(paths)
            self._folders = self._folders or folders
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _update(self) -> None:
        """Bring the stale parts up to date (the build loop calls it once changes settle; requests wait meanwhile)."""
        with self._rebuild_cond:
            stale, paths, folders = self._stale, self._paths, self._folders
            self._stale, self._paths, self._folders = set(), set(), False
        self._collector.cancel()
        with self._rendering:
            gc.disable()  # a reading makes a million objects: the collector would walk them again and again
            if "content" in stale:
                report(self.live.refresh(paths, folders), self.live)
            if "theme" in stale:
                self.theme = Theme(self.config_file, self.theme.config.site_url)
            if "theme" in stale or self.live.paths != self.theme.generated:
                self.theme.use(self.live.paths)
        self._collector = threading.Timer(IDLE, self._collect)
        self._collector.daemon = True
        self._collector.start()

    def _collect(self) -> None:
        """The cycles the last readings left, collected once the curator has paused."""
        with self._rendering:
            gc.collect()
            gc.enable()  # until the next reading: what the requests leave in cycles is collected as usual

    def run(self) -> None:
        """Serve until stopped (MkDocs' ``serve``, bound beforehand: see :func:`serve`)."""
        log.info(f"Serving on {self.url}")
        self.serve_thread.start()
        self._build_loop()

    def close(self) -> None:
        """Stop serving and watching, and wait for both to end (whatever was started)."""
        self._collector.cancel()
        self.shutdown()
        for thread in (self.serve_thread, self.observer):
            if thread.is_alive():
                thread.join()

    # -- requests ----------------------------------------------------------------------------------

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:  # not a page of an edit half read
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
        dest = posixpath.normpath("/" + path + ("index.html" if path.endswith("/") else "")).lstrip("/")
        body, kind, keep = self._resolve(dest, epoch)
        moved = self.live.moved.get(dest[: -len("/index.html")] + ".md") if dest.endswith("/index.html") else None
        if body is None and moved is not None:  # redirects.yml: where a build puts a page that sends readers on
            start_response("302 Found", [("Location", "/" + urllib.parse.quote(urls.url_of(moved)))])
            return []
        if body is None:
            if not path.endswith("/") and self.theme.find(dest + "/index.html") is not None:
                start_response("302 Found", [("Location", urllib.parse.quote(path) + "/")])
                return []
            return None  # MkDocs' server answers 404 with error_handler's page
        # the theme's files have their hash in their names (Material's bundles): a reload fetches only the page
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body))),
                                  ("Cache-Control", "max-age=600" if keep else "no-store")])
        return [body]

    def _resolve(self, dest: str, epoch) -> tuple[bytes | None, str, bool]:
        """(body, content type, whether a browser may keep it) of what is published at ``dest``; body None if
        nothing is."""
        if dest in (urls.ATOM_FEED, urls.JSON_FEED):
            return self.live.feeds().get(dest), _type(dest), False
        if dest.startswith("pagefind/"):  # the search index of the last briefing build
            found = Path(self.theme.config.site_dir, dest)
            return (found.read_bytes() if found.is_file() and not found.is_symlink() else None), _type(dest), False
        file = self.theme.find(dest)
        if file is None:
            return None, "", False
        if not file.is_documentation_page():
            hashed = file.src_dir is not None and file.src_dir != self.theme.config.docs_dir and _HASHED.search(dest)
            return file.content_bytes, _type(dest), bool(hashed)
        with self._rendering:
            try:
                source = self.live.page(file.src_uri) if file.src_uri in self.live.paths else None
            except ContentError as exc:  # a template override that fails on this page
                page = with_problems("<!doctype html><html><body></body></html>", exc.problems)
                return self._inject_js_into_html(page.encode(), epoch), "text/html; charset=utf-8", False
            if source is None and file.src_uri in self.live.paths:
                return None, "", False
            page = self.theme.page(file, source)
        page = with_problems(page, self.live.problems)
        return (self._inject_js_into_html(page.encode("utf-8", "xmlcharrefreplace"), epoch),
                "text/html; charset=utf-8", False)

    def _not_found(self, code: int) -> bytes | None:
        if code != 404:
            return None
        with self._rendering:
            page = self.theme.not_found()
        return None if page is None else page.encode("utf-8", "xmlcharrefreplace")


_HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")  # Material's bundles: main.57a0d79d.min.css


def _type(dest: str) -> str:
    if dest.endswith((".js", ".mjs")):
        return "application/javascript"
    return mimetypes.guess_type(dest)[0] or "application/octet-stream"


def with_problems(page: str, problems) -> str:
    """The page with a notice of the content's problems at the top (escaped: they quote the content)."""
    if not problems:
        return page
    at = page.find("<body")
    at = page.find(">", at) + 1 if at >= 0 else 0
    lines = "\n".join(html.escape(str(p)) for p in shown(problems))
    notice = (f'<div class="briefing-problems" role="alert" style="background:#b71c1c;color:#fff;padding:.6rem 1rem;'
              f'font:14px/1.4 monospace;white-space:pre-wrap;position:relative;z-index:10">'
              f"<strong>The content has {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
              f"the preview shows the last good pages.</strong>\n{lines}</div>")
    return page[:at] + notice + page[at:]


def report(refreshed, live: LiveContent) -> None:
    """The terminal's line for one reading of the content: its problems, or what it now shows."""
    if refreshed.problems:
        for problem in shown(refreshed.problems):
            print(problem, file=sys.stderr)
        print(f"{len(refreshed.problems)} problem(s); the preview keeps the last good pages", file=sys.stderr, flush=True)
    else:
        print(f"read the content: {refreshed.pages} pages in {refreshed.seconds:.2f} s", flush=True)


def serve(content_dir: Path, config_file: Path, templates: Path | None, addr: str, cache_dir: Path | None) -> int:
    """Read the content, set up the theme, and serve until stopped (Ctrl-C, SIGTERM)."""
    host, _, port = addr.rpartition(":")
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
    live = LiveContent(content_dir, config_file, templates, cache_dir)
    print("reading the content ...", flush=True)
    refreshed = live.refresh()
    if refreshed.problems:
        raise ContentError(list(refreshed.problems))
    report(refreshed, live)
    theme = Theme(config_file, f"http://{host}:{port}/")
    theme.use(live.paths)
    # briefing runs with the cycle collector off (cli/main.py); a preview runs for hours: what is read at
    # start is set aside for good (freed as usual when dropped), and what each edit makes is collected
    gc.freeze()
    gc.enable()
    server = PreviewServer(live, theme, config_file, host.strip("[]"), int(port))  # [::1]: an IPv6 address
    try:
        try:
            server.server_bind()
            server.server_activate()
        except OSError as exc:
            raise BriefingError(f"cannot serve on {addr}: {exc.strerror or exc} (another preview running? "
                                "stop it, or pass --addr with another port)") from None
        server.watch_parts(Path(content_dir), templates)
        server.run()
    finally:
        server.close()
    return 0
