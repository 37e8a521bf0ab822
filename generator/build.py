"""The pipeline, in one place: load -> validate -> index -> render -> write.

Nothing is written until every index exists and every page is rendered.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import feeds
from .errors import BuildError
from .index import build_indexes, latest
from .cache import FileCache
from .load import load
from .model import Content
from .render import Limits, SiteInfo, render
from .validate import validate
from .write import WriteReport, write


@dataclass(frozen=True)
class Summary:
    content: Content
    pages: int
    report: WriteReport
    seconds: float

    def __str__(self) -> str:
        c = self.content
        return (f"{len(c.articles)} articles, {len(c.events)} context events, {len(c.stories)} stories, "
                f"{len(c.tags)} tags, {len(c.entities)} entities -> {self.pages} files "
                f"({self.report}) in {self.seconds:.2f} s")


def cache_dir_for(content_dir: Path) -> Path:
    """Where the build cache of a content folder lives: ``.cache/`` beside it (ignored by git)."""
    return Path(content_dir).resolve().parent / ".cache"


def check(content_dir: Path, cache_dir: Path | None = None) -> Content:
    """Read and validate everything; raises ContentError with every problem.

    With ``cache_dir``, each file's parsed and converted result is kept there
    and reused while the file is unchanged (:mod:`generator.cache`).
    """
    return validate(load(content_dir, FileCache(cache_dir)))


def pages(content_dir: Path, config: Path | None = None, templates: Path | None = None,
          limits: Limits = Limits(), cache_dir: Path | None = None) -> dict:
    """Every file the generator would write, in memory: {path under the output directory: text}.

    The pure part of the pipeline (nothing touches the disk but reading the
    content); ``generate`` writes it, ``briefing diff`` compares two of them.
    """
    return site_pages(check(content_dir, cache_dir), site_info(config), templates, limits)


def site_pages(content: Content, site: SiteInfo, templates: Path | None = None,
               limits: Limits = Limits()) -> dict:
    """Index and render valid content: the Markdown pages plus the feeds."""
    indexes = build_indexes(content)
    out = render(content, indexes, site, limits, templates)
    newest = latest(content.articles, limits.feed_items)
    out["feed.xml"] = feeds.atom(site, newest)
    out["feed.json"] = feeds.json_feed(site, newest)
    return out


def generate(content_dir: Path, out_dir: Path, config: Path | None = None,
             templates: Path | None = None, limits: Limits = Limits(), cache_dir: Path | None = None) -> Summary:
    started = time.perf_counter()
    content = check(content_dir, cache_dir)
    files = site_pages(content, site_info(config), templates, limits)
    report = write(out_dir, files)
    return Summary(content, len(files), report, time.perf_counter() - started)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (e.g. !!python/name)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(config: Path) -> dict:
    """mkdocs.yml as plain data, its Python tags ignored."""
    return yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def site_info(config: Path | None) -> SiteInfo:
    """Site name, URL and description from mkdocs.yml (the only keys the generator reads)."""
    if config is None or not Path(config).exists():
        return SiteInfo()
    data = read_config(Path(config))
    return SiteInfo(name=str(data.get("site_name") or "Briefing"), url=str(data.get("site_url") or ""),
                    description=str(data.get("site_description") or ""))


def mkdocs_build(config: Path, site_dir: Path | None = None, strict: bool = True) -> None:
    """Run the real MkDocs build; its own output streams through."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--config-file", str(config)]
    if strict:
        command.append("--strict")
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # Material's end-of-life banner, once per build
    result = subprocess.run(command, env=env)
    if result.returncode:
        raise BuildError(f"mkdocs build failed (exit {result.returncode}); see its messages above")
