"""When ``briefing build`` may let the site builder render only the pages that changed.

MkDocs' ``--dirty`` renders the pages whose Markdown is newer than their HTML.
On this site that is exact (``hooks/dirty_builds.py`` says why) as long as
nothing else the pages are made from changed since the last build: the
builder and its version, the config, the theme extension (``custom_dir``), the
hooks, the generator, and the site folder itself. Those are fingerprinted after
each successful build, with the names of the files in the docs folder, in
``.cache/briefing-site.json``. The next build is dirty when the fingerprint is
the same and no file of the docs folder is gone (a removed page's HTML would
stay, and links to it from pages not rebuilt would go unchecked), nor any
redirect (``hooks/redirects.py`` writes the current ones: a gone one's page
would stay); any other is clean. The record is deleted before a build starts,
so a build that fails or is interrupted is followed by a clean one.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from .builder import config_chain, docs_dir_of, read_config
from ..content.cache import code_version
from .noop import files_under
from ..pages import redirects

STATE_FILE = "briefing-site.json"
_PACKAGES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


def package_version(package: str) -> str:
    """An installed distribution's version, "" when it is not installed."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _files_under(folder: Path) -> list[Path]:
    return sorted(Path(path) for path in files_under(folder))


def inputs(config: Path) -> list[Path]:
    """The files besides the pages that every page is built from: configs, theme extension, hooks."""
    config = Path(config)
    settings = read_config(config)
    found = config_chain(config)
    theme = settings.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        found += _files_under(config.parent / theme["custom_dir"])
    hooks = settings.get("hooks")
    if isinstance(hooks, list):
        found += [config.parent / hook for hook in hooks if isinstance(hook, str)]
    return found


def fingerprint(config: Path, builder: str, site_dir: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (builder, package_version(_PACKAGES.get(builder, builder)), package_version("mkdocs-material"), code_version(),
                 str(Path(site_dir).resolve())):
        digest.update(part.encode() + b"\0")
    for path in inputs(config):  # named relative to the config: the same from any working folder
        digest.update(os.fsencode(os.path.relpath(path, Path(config).parent)) + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def docs_names(config: Path) -> set[str]:
    """The docs folder's files, and the source paths it redirects (each has a page in the site as a file has)."""
    docs = docs_dir_of(config)
    return {p.relative_to(docs).as_posix() for p in _files_under(docs)} | redirects.sources(docs)


def can_rebuild(cache_dir: Path | None, site_dir: Path, print_: str, names: set[str]) -> bool:
    """Whether the site in ``site_dir`` was built from the same inputs and every docs file is still there."""
    if cache_dir is None or not Path(site_dir).is_dir():
        return False
    try:
        last = json.loads((cache_dir / STATE_FILE).read_text(encoding="utf-8"))
        return last["fingerprint"] == print_ and set(last["names"]) <= names
    except (OSError, ValueError, KeyError, TypeError):
        return False


def forget(cache_dir: Path | None) -> None:
    if cache_dir is not None:
        (cache_dir / STATE_FILE).unlink(missing_ok=True)


def record(cache_dir: Path | None, print_: str, names: set[str]) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / (STATE_FILE + ".part")
    partial.write_text(json.dumps({"fingerprint": print_, "names": sorted(names)}), encoding="utf-8")
    os.replace(partial, cache_dir / STATE_FILE)
