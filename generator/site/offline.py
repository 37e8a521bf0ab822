"""The offline edition: the site as files a reader opens from ``file://``, with no network.

``briefing build --offline`` (``make offline``) builds with ``mkdocs.offline.yml``,
which inherits ``mkdocs.yml`` and adds Material's ``offline`` plugin (links to
``index.html`` files, the search index inlined as a script). Two things the
plugin does not do are done here:

* the iframe-worker shim, which lets the search worker run from ``file://``,
  is copied from the npm package (``npm ci`` puts it in ``node_modules/``)
  to the path the offline config names, instead of the plugin's CDN address;
* every page and stylesheet is checked for files that would be loaded from
  the network (scripts, stylesheets, fonts, images, preconnects); any such
  reference fails the build, naming the file and the address;
* ``404.html`` is left out: it is for web servers, and its absolute links
  do not work from ``file://``;
* the generated pages stay in the search index by their titles only
  (:func:`titles_only`): the reader's browser builds that index each time
  search is opened.

Then the site is zipped (``site-offline/`` -> ``site-offline.zip``, one top
folder inside) for readers to download.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


from ..pages import urls
from .builder import docs_dir_of, mkdocs_build, read_config
from ..content.errors import BuildError
from ..pages.write import generated_pages

SHIM_PACKAGE = Path("node_modules") / "iframe-worker" / "shim" / "index.js"
DEFAULT_SITE_DIR = "site-offline"


@dataclass(frozen=True)
class OfflineSite:
    site_dir: Path
    archive: Path
    files: int
    archive_bytes: int

    def __str__(self) -> str:
        return (f"offline site: {self.site_dir}/ ({self.files} files); "
                f"archive: {self.archive} ({self.archive_bytes / 1024:.0f} KiB)")


def offline_config(config: Path) -> Path:
    """``mkdocs.yml`` -> ``mkdocs.offline.yml``, which must exist beside it."""
    config = Path(config)
    offline = config.with_name(f"{config.stem}.offline{config.suffix}")
    if not offline.is_file():
        raise BuildError(f"{offline}: no offline configuration next to {config}; "
                         f"create it with 'INHERIT: {config.name}' and the offline plugin")
    return offline


def build_offline(config: Path, site_dir: Path | None = None, builder: str = "mkdocs") -> OfflineSite:
    """Build the offline edition and its zip; returns where they are."""
    offline = offline_config(config)
    settings = read_config(offline)
    shim_url = _shim_url(offline, settings)
    shim = offline.parent / SHIM_PACKAGE
    if not shim.is_file():
        raise BuildError(f"{shim} is missing: the offline build copies the iframe-worker shim from the "
                         f"npm package; run 'npm ci' (make offline does it for you)")
    if site_dir is None:
        site_dir = offline.parent / str(settings.get("site_dir") or DEFAULT_SITE_DIR)
    site_dir = Path(site_dir)

    mkdocs_build(offline, site_dir, builder=builder)
    titles_only(site_dir, generated_pages(docs_dir_of(offline)))
    # a web server's "not found" page: its links are absolute, so from file:// it shows broken
    (site_dir / "404.html").unlink(missing_ok=True)
    target = site_dir / shim_url
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, target)

    found = external_references(site_dir)
    if found:
        lines = "\n".join(f"  {path}: {url}" for path, url in found)
        raise BuildError(f"the offline site would load {len(found)} file(s) from the network:\n{lines}\n"
                         f"make them local (theme.font: false, no remote images or scripts)")
    archive = site_dir.with_name(site_dir.name + ".zip")
    files = zip_site(site_dir, archive)
    return OfflineSite(site_dir, archive, files, archive.stat().st_size)


# the folder of a generated page (urls.SECTIONS) -> what a search result of it is
KIND_LABELS = {urls.SECTIONS[kind]: label for kind, label in (
    ("article", "Briefing"), ("story", "Story"), ("entity", "Entity"), ("tag", "Tag"),
    ("digest", "Weekly digest"), ("year", "Timeline"))}


def titles_only(site_dir: Path, generated) -> int:
    """Keep the generated pages (source paths) in Material's search index by their titles, and what each is.

    Material's search worker builds its lunr index in the reader's browser each time
    search is opened, from every word of the index (it cannot load a prebuilt one). At
    10,000 articles, titles and summaries made 5.5 MB and the first result came 5.5 s
    after the search was opened; titles, each with a word saying what the page is ("Briefing",
    "Entity", ...: the word costs nothing measurable), make 2.35 MB and 2.4 s (benchmarks/README.md).
    Hand-written pages (About, Contributing) keep their text. Returns the index's size.
    """
    folder = Path(site_dir) / "search"
    if not (folder / "search_index.json").is_file():  # a config without Material's search plugin
        return 0
    index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    titled = {path[: -len(".md")] + ".html" for path in generated if path.endswith(".md")}
    docs = []
    for doc in index["docs"]:
        page, _, section = doc["location"].partition("#")
        if page in titled:
            if section:
                continue
            # what the result is, under its title ("Stability AI": the entity, or a story of it?)
            kind = KIND_LABELS.get(page.partition("/")[0] if "/" in page else "")
            doc = {**doc, "text": f"<p>{kind}</p>" if kind else ""}
        docs.append(doc)
    data = json.dumps({**index, "docs": docs}, separators=(",", ":"))
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    # what Material's offline plugin writes: the index inlined as a script
    (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
    return len(data.encode())


def _shim_url(config: Path, settings: dict) -> str:
    """The site-relative path the offline config gives the shim (``extra.polyfills``)."""
    polyfills = (settings.get("extra") or {}).get("polyfills") or []
    for entry in polyfills:
        url = entry if isinstance(entry, str) else (entry or {}).get("path", "")
        if "iframe-worker" in url:
            if urlsplit(url).scheme or url.startswith(("/", "//")):
                raise BuildError(f"{config}: extra.polyfills: the iframe-worker shim must be a path "
                                 f"inside the site, e.g. assets/javascripts/iframe-worker-shim.js, "
                                 f"but received: '{url}'")
            return url
    raise BuildError(f"{config}: extra.polyfills names no iframe-worker shim; without one, Material's "
                     f"offline plugin loads it from a CDN. Expected e.g. "
                     f"'assets/javascripts/iframe-worker-shim.js'")


# Elements and attributes through which a browser fetches something by itself,
# without the reader clicking (links in <a> are navigation, canonical and
# alternate <link>s are not fetched).
_FETCHING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
_FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                  "prefetch", "preconnect", "dns-prefetch", "modulepreload", "prerender"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _is_remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme.lower() in ("http", "https", "ftp", "ws", "wss")


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = _FETCHING_ATTRS.get(tag, ())
        if tag == "link" and _FETCHING_RELS & set((attrs.get("rel") or "").lower().split()):
            names = ("href", "imagesrcset")
        for name in names:
            value = attrs.get(name) or ""
            if name.endswith("srcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif value:
                self.urls.append(value)
        if attrs.get("style"):
            self.urls += [a or b for a, b in _CSS_URL.findall(attrs["style"])]

    def handle_data(self, data):
        if self.lasttag == "style":
            self.urls += [a or b for a, b in _CSS_URL.findall(data)]


def external_references(site_dir: Path) -> list[tuple[str, str]]:
    """(file, url) for every remote file a page or stylesheet of the site makes the browser load."""
    found = []
    for path in sorted(Path(site_dir).rglob("*")):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = [a or b for a, b in _CSS_URL.findall(path.read_text(encoding="utf-8"))]
        else:
            continue
        rel = path.relative_to(site_dir).as_posix()
        found += [(rel, url) for url in dict.fromkeys(urls) if _is_remote(url)]
    return found


def zip_site(site_dir: Path, archive: Path) -> int:
    """Zip the site under one top folder named like it; returns the number of files."""
    site_dir = Path(site_dir)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    partial = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            zf.write(path, f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}")
    os.replace(partial, archive)
    return len(files)
