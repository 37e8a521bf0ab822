"""The pipeline, in one place: load -> validate -> index -> render -> write.

Nothing is written until every index exists and every page is rendered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .site import noop
from .site.builder import site_info
from .content.cache import FileCache
from .content.errors import ContentError
from .content.settings import Limits, SiteInfo

if TYPE_CHECKING:
    from .content.model import Content
    from .pages.write import WriteReport

# The stages are imported where they run: a no-op generate (noop.py) then needs none
# of them, and starts in a tenth of the time (Jinja, Markdown, nh3, PyYAML and the content
# model are not loaded: tests/test_cache.py checks it).


@dataclass(frozen=True)
class Summary:
    counts: str  # what the content holds
    pages: int
    report: WriteReport | str
    seconds: float

    @staticmethod
    def count(c: Content) -> str:
        from .content.report import what_was_read

        return what_was_read(c)

    def __str__(self) -> str:
        return f"{self.counts} -> {self.pages} files ({self.report}) in {self.seconds:.2f} s"


def cache_dir_for(content_dir: Path) -> Path | None:
    """Where the build cache of a content folder lives: ``.cache/`` beside it, made with a ``.gitignore``
    that ignores all of it (:func:`~generator.content.cache.own_folder`), so no repository shows it.

    None (no cache) when ``.cache`` is a symbolic link or a file: a link committed in a pull
    request would make every run write wherever it points.
    """
    from .content.cache import own_folder, usable_dir

    folder = Path(content_dir).resolve().parent / ".cache"
    return own_folder(folder) if Path(content_dir).is_dir() else usable_dir(folder)  # no content: nothing made


def check(content_dir: Path, cache_dir: Path | None = None, cache: FileCache | None = None) -> Content:
    """Read and validate everything; raises ContentError with every problem.

    With ``cache_dir``, each file's parsed and converted result is kept there
    and reused while the file is unchanged (:mod:`generator.content.cache`).
    """
    from .content.load import load
    from .content.validate import validate

    return validate(load(content_dir, cache or FileCache(cache_dir)))


@dataclass(frozen=True)
class Checked:
    """What ``briefing check`` reports: the content (None when it has problems), its problems, its warnings,
    and the scaffold markers left in annotations (warnings, or problems with ``check --strict``)."""

    content: Content | None
    problems: tuple
    warnings: tuple
    markers: tuple


def check_all(content_dir: Path, cache_dir: Path | None = None) -> Checked:
    """Read and validate everything, and find every warning, also while there are problems."""
    from .content.advice import warnings
    from .content.load import load
    from .content.validate import validate

    raw = load(content_dir, FileCache(cache_dir))
    try:
        content = validated = validate(raw)
        problems = ()
    except ContentError as exc:
        content, validated, problems = None, exc.content, exc.problems
    found = tuple(warnings(validated, raw.vocabularies)) if validated is not None else ()
    markers = tuple(sorted(m for _path, loaded in raw.annotations.values() for m in loaded.markers))
    return Checked(content, problems, found, markers)


def shown(content: Content, drafts: bool = False) -> Content:
    """What the pages are made of: the published content (drafts and links to them left out,
    :func:`generator.content.drafts.published`), or with ``drafts`` everything checked, each draft marked."""
    from .content.drafts import published

    return content if drafts else published(content)


def feeds_of(content: Content, site: SiteInfo, limits: Limits) -> dict:
    """The Atom and JSON feeds of the newest briefings."""
    from .pages import feeds, urls
    from .pages.index import latest

    newest = latest(content.articles, limits.feed_items)
    return {urls.ATOM_FEED: feeds.atom(site, newest, content.tags),
            urls.JSON_FEED: feeds.json_feed(site, newest, content.tags)}


def generate(content_dir: Path, out_dir: Path, config: Path | None = None,
             templates: Path | None = None, limits: Limits = Limits(), cache_dir: Path | None = None,
             drafts: bool = False) -> Summary:
    """Check, index, render and write. With ``cache_dir``, only pages whose inputs changed are rendered.

    Drafts (``draft: true``) are checked and, by default, left out of everything written, as ``briefing
    build`` publishes it. ``drafts=True`` is for the live preview only: each draft gets its page, marked
    "Draft — not published", and is listed (marked) wherever a briefing is; the next run without it removes
    those pages again (neither the no-op nor the page cache reuses a run of the other kind).

    Runs on one ``out_dir`` take turns (:func:`generator.pages.write.locked`): the second starts when the
    first has recorded what it wrote, so it usually finds nothing to do.
    """
    from .pages.write import locked

    with locked(out_dir):
        return _generate(content_dir, out_dir, config, templates, limits, cache_dir, drafts)


def _generate(content_dir: Path, out_dir: Path, config: Path | None, templates: Path | None, limits: Limits,
              cache_dir: Path | None, drafts: bool) -> Summary:
    started = time.perf_counter()
    if cache_dir is not None:  # the config is an input (its stat): what the site settings come from
        stamp, newest = noop.fingerprint(content_dir, config, templates, (limits, Path(out_dir).resolve(), drafts))
        last = noop.unchanged(cache_dir, out_dir, stamp)
        if last is not None:
            counts, pages = last
            return Summary(counts, pages, f"0 written, {pages} unchanged, 0 removed: nothing changed",
                           time.perf_counter() - started)
    site = site_info(config)
    from .pages import redirects
    from .pages.index import build_indexes
    from .pages.pagecache import PageCache
    from .pages.render import Renderer
    from .pages.write import write

    checked = check(content_dir, cache_dir)
    content = shown(checked, drafts)
    indexes = build_indexes(content)
    reuse = None
    if cache_dir is not None and templates is None:  # overrides may show anything: they render every page
        reuse = PageCache(cache_dir, out_dir, content, indexes, page_settings(site, limits, content))
    renderer = Renderer(content, indexes, site, limits, templates, reuse)
    files = renderer.render_all()
    files.update(feeds_of(content, site, limits))
    files.update(redirects.manifest(content, indexes))
    report = write(out_dir, files, renderer.kept)
    outputs = files.keys() | renderer.kept
    if reuse is not None:
        reuse.save()
    if cache_dir is not None:
        noop.record(cache_dir, out_dir, stamp, newest, outputs, (Summary.count(checked), len(outputs)))
    return Summary(Summary.count(checked), len(outputs), report, time.perf_counter() - started)


def page_settings(site: SiteInfo, limits: Limits, content: Content) -> tuple:
    """What every page's cache key holds besides its inputs: the site settings, and the drafts shown (none when
    publishing), so that a page rendered for the preview is never taken for a published one."""
    from .content.drafts import draft_ids

    return site, limits, draft_ids(content)
