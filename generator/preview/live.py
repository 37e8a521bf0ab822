"""The content of a preview, in memory: validated, indexed, and rendered one page at a time.

After an edit, :meth:`LiveContent.refresh` reads the content again through the
same in-memory :class:`~generator.content.cache.FileCache`, so only the files that
changed are parsed; the other stages run on the whole content, as ``briefing
build`` would (the story comparisons wait until a page shows them). Content
with problems is not shown: the last valid content stays, and the problems are
kept for the terminal and for a notice on every page.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..build import feeds_of
from ..content.cache import FileCache
from ..content.errors import ContentError, Problem
from ..content.load import load
from ..content.settings import Limits
from ..content.validate import validate
from ..pages import urls
from ..pages.index import Indexes, build_indexes
from ..pages.pagecache import PageKeys
from ..pages.render import Renderer
from ..site.builder import site_info


@dataclass(frozen=True)
class Refreshed:
    """What one reading of the content gave: the pages it has, or its problems (the last good pages stay)."""

    problems: tuple[Problem, ...]
    pages: int
    seconds: float
    paths_changed: bool  # pages were added or removed: the theme's list of files must follow


class LiveContent:
    """The last valid content with its indexes, and what renders any of its pages on request."""

    def __init__(self, content_dir: Path, config: Path | None, templates: Path | None, cache_dir: Path | None,
                 limits: Limits = Limits()):
        self.content_dir, self.templates, self.limits = Path(content_dir), templates, limits
        self.site = site_info(config)
        self.files = FileCache(cache_dir)  # kept across readings: an unchanged file is not parsed again
        self.problems: tuple[Problem, ...] = ()
        self.paths: frozenset[str] = frozenset()
        self.content = self.indexes = self._renderer = None
        self._root = self.content_dir.resolve()
        self._listing = None
        self._read = False
        self._listed = None  # (the listing, its files as a set)
        self.moved: dict[str, str] = {}  # redirects.yml: the page path of an old id -> its new page's path

    def refresh(self, changed: set[str] | None = None, folders: bool = True) -> Refreshed:
        """Read the content again; keep it if it is valid, else keep the last valid content and note the problems.

        ``changed``: the files that file events named since the last reading (absolute paths), or None
        to look at every file; ``folders``: whether an event was about a folder (the articles are then
        listed again, as they are when a file was added or removed).
        """
        started = time.perf_counter()
        if self._read:  # the last reading's results are this one's (the first one's come from .cache/)
            self.files.rotate({self._as_read(path) for path in changed} if changed is not None and self.content else None)
        self._read = True
        same_files = changed is not None and not folders and self._listing_holds(changed)
        try:
            raw = load(self.content_dir, self.files, self._listing if same_files else None)
            self._listing = raw.listing or None
            content = validate(raw)
            indexes = build_indexes(content)
            renderer = Renderer(content, indexes, self.site, self.limits, self.templates,
                                env=self._renderer.env if self._renderer is not None else None)
        except ContentError as exc:  # in the content, or a template override named for Markdown pages
            self.problems = tuple(exc.problems)
            return Refreshed(self.problems, len(self.paths), time.perf_counter() - started, False)
        paths = frozenset(_page_paths(renderer, content, indexes, self.site, self.limits))
        changed_paths = paths != self.paths
        self.content, self.indexes, self._renderer, self.paths, self.problems = content, indexes, renderer, paths, ()
        self.moved = {urls.path_of(r.kind, r.old): urls.path_of(r.kind, r.new) for r in content.redirects}
        return Refreshed((), len(paths), time.perf_counter() - started, changed_paths)

    def _listing_holds(self, changed) -> bool:
        """Whether the last listing of the articles is still true for these paths: each is there if and only
        if it was listed (an editor's save through a temporary file and a rename changes nothing)."""
        if self._listing is None:
            return False
        folder, listed = self._listing[0], self._listed
        if listed is None or listed[0] is not self._listing:
            listed = self._listed = (self._listing, set(self._listing[3]))
        top = Path(os.path.abspath(folder))
        for path in changed:
            rel = os.path.relpath(path, top)
            if rel == ".." or rel.startswith(".." + os.sep):
                continue  # not among the articles: a vocabulary, a template
            if rel == "." or os.path.isdir(path) or os.path.lexists(path) != (rel.replace(os.sep, "/") in listed[1]):
                return False
        return True

    def _as_read(self, path: str) -> str:
        """An event's absolute path as the loader names the file (under the content folder as given)."""
        return str(self.content_dir / os.path.relpath(path, self._root))

    def page(self, path: str) -> str | None:
        """The generated page at ``path`` ('tags/x.md'), as ``briefing generate`` writes it; None if there is none."""
        if self._renderer is None or path not in self.paths:
            return None
        self._renderer.reuse = PageKeys(self.content, self.indexes, (self.site, self.limits), only={path})
        return self._renderer.render_page(path)

    def feeds(self) -> dict:
        """{path: bytes} of the Atom and JSON feeds."""
        return feeds_of(self.content, self.site, self.limits) if self.content is not None else {}


def _page_paths(renderer: Renderer, content, indexes: Indexes, site, limits: Limits) -> set[str]:
    """Every page the content has, none rendered (each page's group is asked for no page)."""
    keys = PageKeys(content, indexes, (site, limits), only=frozenset())
    renderer.reuse = keys
    renderer.render_all()
    renderer.reuse = None
    return set(keys.keys) | {urls.ATOM_FEED, urls.JSON_FEED}
