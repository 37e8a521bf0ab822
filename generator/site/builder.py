"""The site builder (MkDocs, or its fork ProperDocs): mkdocs.yml read as the builder reads it, and its run.

:mod:`generator.build` reads the site's name and URL from here; ``briefing build``,
:mod:`generator.site.sitebuild` and :mod:`generator.site.offline` use the rest.
Split out of generator/build.py (its history: ``git log -- generator/build.py``, ``git blame -C``).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..content.errors import BuildError, ContentError, Problem, display
from ..content.settings import ORIGINAL_TEXT, SiteInfo


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
    """Site name, URL, description and ``extra.briefing.original_text`` from mkdocs.yml (the only keys the
    generator reads); a located problem if ``original_text`` is not one of :data:`ORIGINAL_TEXT`."""
    if config is None:
        return SiteInfo()
    data = read_config(Path(config))
    extra = data.get("extra")
    briefing = extra.get("briefing") if isinstance(extra, dict) else None
    original = briefing.get("original_text", SiteInfo.original_text) if isinstance(briefing, dict) \
        else SiteInfo.original_text
    if original not in ORIGINAL_TEXT:
        where, line = _line_of(Path(config), "original_text:")
        raise ContentError([Problem(display(where), line, 1,
                                    f"extra.briefing.original_text: Expected one of: ({', '.join(ORIGINAL_TEXT)}) "
                                    f"but received: {original!r}",
                                    "full shows the whole article, excerpt its first paragraph and a link to the "
                                    "original, none nothing of it")])
    return SiteInfo(name=str(data.get("site_name") or "Briefing"), url=str(data.get("site_url") or ""),
                    description=str(data.get("site_description") or ""), original_text=original)


def _line_of(config: Path, key: str) -> tuple[Path, int]:
    """The file of the config chain (nearest first) whose line sets ``key``, and that line; else the config, 1."""
    for path in config_chain(config):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(key):
                return path, number
    return config, 1


# Hosts reserved for examples (RFC 2606): a site published with one has canonical links, og:url, og:image
# and feed links that lead nowhere.
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")


def example_site_url(config: Path) -> str | None:
    """mkdocs.yml's ``site_url`` if it is still an example host (``briefing.example.org``), else None."""
    url = str(read_config(Path(config)).get("site_url") or "")
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return url if any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS) else None


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
