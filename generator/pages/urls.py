"""Where every generated page lives and how it is linked: the one owner of paths and URLs.

In the manner of MkDocs' ``structure/files.py``: a page's source path under
``site_src/`` (``briefings/x.md``) decides its URL (``briefings/x/`` with
MkDocs' directory URLs), and every other module asks here. Ids are checked
before they get here (``model.Id``: no '/', no '.', not ``index``), so a
path is always inside its section's folder and never another page's.
"""

from __future__ import annotations

# kind -> (folder, index page): a page of each kind lives in its folder, beside its index
SECTIONS = {
    "article": "briefings", "story": "stories", "tag": "tags", "entity": "entities",
    "year": "timeline", "digest": "digests",
}
KINDS = {folder: kind for kind, folder in SECTIONS.items()}  # a page's first folder -> its kind
HOME = "index.md"
TRENDS = "trends.md"
ATOM_FEED, JSON_FEED = "feed.xml", "feed.json"
# The redirects of redirects.yml, for hooks/redirects.py: a dot file, which MkDocs does not publish
REDIRECTS = ".briefing-redirects.json"


def path_of(kind: str, key) -> str:
    """The source path of one page: ``path_of("tag", "funding") == "tags/funding.md"``."""
    return f"{SECTIONS[kind]}/{key}.md"


def page_of(path: str) -> tuple[str, str] | None:
    """The page of one id a source path is, ``("tag", "funding")`` for ``tags/funding.md``; else None
    (an index page, a year of a long listing, the home page, a feed)."""
    folder, _, name = path.partition("/")
    kind = _KINDS.get(folder)
    if kind is None or "/" in name or not name.endswith(".md") or name == "index.md":
        return None
    return kind, name[: -len(".md")]


_KINDS = {folder: kind for kind, folder in SECTIONS.items()}


def index_of(kind: str) -> str:
    """The index page listing every page of a kind: ``tags/index.md``."""
    return f"{SECTIONS[kind]}/index.md"


def part_of(path: str, year: int) -> str:
    """The page of one year of a long listing: ``tags/funding/2024.md`` beside ``tags/funding.md``."""
    return f"{path[: -len('.md')]}/{year}.md"


def entry_link(entry) -> str:
    """Where a timeline entry is described: its article page, or its anchor on its year's page."""
    if entry.kind == "article":
        return path_of("article", entry.id)
    return path_of("year", entry.date.year) + "#" + entry.id


def url_of(path: str) -> str:
    """The site URL of a source path, relative to the site root (MkDocs' use_directory_urls)."""
    if path == HOME:
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/" if path.endswith(".md") else path


def absolute(site_url: str, path: str) -> str:
    """A page's address for feeds: absolute when the site's URL is known, else relative to the root."""
    url = url_of(path)
    return site_url.rstrip("/") + "/" + url if site_url else url


def relative(path: str, folder: str) -> str:
    """A link from a page in ``folder`` to ``path`` (both clean, '/'-separated, inside the output folder).

    posixpath.relpath without touching the disk: render calls it for every link of every page.
    """
    parts, base = path.split("/"), folder.split("/") if folder else []
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])


def link(page: str, target: str) -> str:
    """A link from ``page`` to ``target`` (source paths, '#anchor' allowed), as the page's Markdown writes it."""
    path, _, anchor = target.partition("#")
    folder = page.rpartition("/")[0]
    return (relative(path, folder) if path else "") + ("#" + anchor if anchor else "")
