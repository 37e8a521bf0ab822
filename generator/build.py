"""The pipeline, in one place: load -> validate -> index -> render -> write.

Nothing is written until every index exists and every page is rendered.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .site import noop
from .content.cache import FileCache
from .content.errors import BuildError, ContentError, Problem, display
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
    """Where the build cache of a content folder lives: ``.cache/`` beside it (ignored by git).

    None (no cache) when ``.cache`` is a symbolic link or a file: a link committed in a pull
    request would make every run write wherever it points.
    """
    from .content.cache import usable_dir

    return usable_dir(Path(content_dir).resolve().parent / ".cache")


def check(content_dir: Path, cache_dir: Path | None = None, cache: FileCache | None = None) -> Content:
    """Read and validate everything; raises ContentError with every problem.

    With ``cache_dir``, each file's parsed and converted result is kept there
    and reused while the file is unchanged (:mod:`generator.cache`).
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
    found = tuple(warnings(validated)) if validated is not None else ()
    markers = tuple(sorted(m for _path, loaded in raw.annotations.values() for m in loaded.markers))
    return Checked(content, problems, found, markers)


def feeds_of(content: Content, site: SiteInfo, limits: Limits) -> dict:
    """The Atom and JSON feeds of the newest briefings."""
    from .pages import feeds, urls
    from .pages.index import latest

    newest = latest(content.articles, limits.feed_items)
    return {urls.ATOM_FEED: feeds.atom(site, newest), urls.JSON_FEED: feeds.json_feed(site, newest)}


def generate(content_dir: Path, out_dir: Path, config: Path | None = None,
             templates: Path | None = None, limits: Limits = Limits(), cache_dir: Path | None = None) -> Summary:
    """Check, index, render and write. With ``cache_dir``, only pages whose inputs changed are rendered.

    Runs on one ``out_dir`` take turns (:func:`generator.write.locked`): the second starts when the
    first has recorded what it wrote, so it usually finds nothing to do.
    """
    from .pages.write import locked

    with locked(out_dir):
        return _generate(content_dir, out_dir, config, templates, limits, cache_dir)


def _generate(content_dir: Path, out_dir: Path, config: Path | None, templates: Path | None, limits: Limits,
              cache_dir: Path | None) -> Summary:
    started = time.perf_counter()
    if cache_dir is not None:  # the config is an input (its stat): what the site settings come from
        stamp, newest = noop.fingerprint(content_dir, config, templates, (limits, Path(out_dir).resolve()))
        last = noop.unchanged(cache_dir, out_dir, stamp)
        if last is not None:
            counts, pages = last
            return Summary(counts, pages, f"0 written, {pages} unchanged, 0 removed: nothing changed",
                           time.perf_counter() - started)
    site = site_info(config)
    from .pages.index import build_indexes
    from .pages.pagecache import PageCache
    from .pages.render import Renderer
    from .pages.write import write

    content = check(content_dir, cache_dir)
    indexes = build_indexes(content)
    reuse = None
    if cache_dir is not None and templates is None:  # overrides may show anything: they render every page
        reuse = PageCache(cache_dir, out_dir, content, indexes, (site, limits))
    renderer = Renderer(content, indexes, site, limits, templates, reuse)
    files = renderer.render_all()
    files.update(feeds_of(content, site, limits))
    report = write(out_dir, files, renderer.kept)
    outputs = files.keys() | renderer.kept
    if reuse is not None:
        reuse.save()
    if cache_dir is not None:
        noop.record(cache_dir, out_dir, stamp, newest, outputs, (Summary.count(content), len(outputs)))
    return Summary(Summary.count(content), len(outputs), report, time.perf_counter() - started)


@functools.cache
def _config_loader():
    """A loader that reads mkdocs.yml without running its Python tags (e.g. !!python/name).

    Made on first use: a no-op generate never reads the config, so never imports PyYAML.
    """
    import yaml

    class ConfigLoader(yaml.SafeLoader):
        pass

    ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
    ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return ConfigLoader


def config_chain(config: Path) -> list[Path]:
    """The config and the files it INHERITs from (each named relative to the one before), nearest first."""
    chain = [Path(config)]
    while len(chain) < 10:
        parent = _read_one(chain[-1]).get("INHERIT")
        if not isinstance(parent, str):
            break
        path = chain[-1].parent / parent
        if path in chain:
            raise ContentError([Problem(display(chain[-1]), 1, 1, f"INHERIT: '{parent}' closes a loop: the configuration inherits from itself",
                                        "remove the INHERIT loop")])
        chain.append(path)
    return chain


def _merged(base: dict, override: dict) -> dict:
    """MkDocs' INHERIT: mappings merge key by key, anything else (lists too) is replaced."""
    out = dict(base)
    for key, value in override.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_config(config: Path) -> dict:
    """mkdocs.yml as plain data, with what it INHERITs merged in as MkDocs does, its Python tags ignored;
    a located problem if it cannot be read."""
    data: dict = {}
    for path in reversed(config_chain(config)):
        data = _merged(data, _read_one(path))
    data.pop("INHERIT", None)
    return data


def _read_one(config: Path) -> dict:
    import yaml

    shown = display(Path(config))
    try:
        data = yaml.load(Path(config).read_text(encoding="utf-8"), Loader=_config_loader()) or {}
    except FileNotFoundError:
        raise ContentError([Problem(shown, 1, 1, "configuration file not found",
                                    "run from the project root, or pass --config FILE")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(shown, 1, 1, f"cannot read the configuration: {exc}", "")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError([Problem(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                    f"invalid YAML: {exc.problem or exc.context}",
                                    "check the indentation and quoting on this line")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(shown, 1, 1, "the configuration must be a mapping of settings",
                                    "start from the project's mkdocs.yml")])
    return data


def site_info(config: Path | None) -> SiteInfo:
    """Site name, URL and description from mkdocs.yml (the only keys the generator reads)."""
    if config is None:
        return SiteInfo()
    data = read_config(Path(config))
    return SiteInfo(name=str(data.get("site_name") or "Briefing"), url=str(data.get("site_url") or ""),
                    description=str(data.get("site_description") or ""))


def site_dir_of(config: Path) -> Path:
    """Where ``mkdocs build`` puts the site: the config's ``site_dir``, relative to the config."""
    config = Path(config)
    return config.parent / str(read_config(config).get("site_dir") or "site")


def docs_dir_of(config: Path) -> Path:
    """The folder the site builder publishes pages from (``docs_dir``: site_src/), relative to the config."""
    config = Path(config)
    return config.parent / str(read_config(config).get("docs_dir") or "docs")


# Site builders that build our tree from mkdocs.yml as it is (see the README's design section):
# ProperDocs, MkDocs' maintained fork, gives the same pages as MkDocs 1.6 (measured at 1,000
# articles: same speed, identical output but for <meta name="generator">). Zensical 0.1.1 is not
# offered: it cannot be installed from PyPI (its zensical-ui dependency is not published).
BUILDERS = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


def published_links(config: Path) -> list[Path]:
    """Symbolic links among the files the site builder publishes (docs_dir, the theme's custom_dir)."""
    config = Path(config)
    settings = read_config(config)
    folders = [docs_dir_of(config)]
    theme = settings.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.append(config.parent / theme["custom_dir"])
    found = []
    for folder in folders:
        for top, dirs, files in os.walk(folder):  # os.walk does not follow links
            found += [Path(top) / name for name in sorted(dirs + files) if os.path.islink(os.path.join(top, name))]
    return found


def mkdocs_build(config: Path, site_dir: Path | None = None, strict: bool = True, builder: str = "mkdocs",
                 dirty: bool = False) -> None:
    """Run the real site builder (MkDocs by default); its own output streams through.

    ``dirty``: render only the pages whose Markdown is newer than their HTML
    (``sitebuild.py`` decides when that is exact); otherwise the site folder is cleaned first.

    A symbolic link among the published files is refused first: the builder would publish
    what it points to (``/etc/passwd`` as a page), wherever that is.
    """
    links = published_links(config)
    if links:
        shown = "\n".join(f"  {display(p)} -> {os.readlink(p)}" for p in links[:20])
        raise BuildError(f"refusing to build: {len(links)} symbolic link(s) among the published files, whose "
                         f"targets the site would publish:\n{shown}\nhint: put the files themselves there")
    command = [sys.executable, "-m", BUILDERS[builder], "build", "--dirty" if dirty else "--clean", "--config-file", str(config)]
    if strict:
        command.append("--strict")
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # Material's end-of-life banner, once per build
    result = subprocess.run(command, env=env)
    if result.returncode:
        raise BuildError(f"{builder} build failed (exit {result.returncode}); see its messages above")
