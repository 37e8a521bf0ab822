"""The online site's search: Pagefind's chunked index of what readers search.

Material's own search sends every reader the whole site as one JSON file and
builds a lunr index from it in the browser: 111 MB at 10,000 articles. Pagefind
(``pagefind[bin]`` from PyPI, a Rust binary) indexes pages into small chunks
instead; a query fetches the chunks for its words and the fragments of the
results it shows.

Pagefind reads what readers search, not the built site: the HTML body the
generator wrote for each briefing, story, entity and tag page (front matter
``kind``), under the path MkDocs gives that page, so results link to the built
pages and rank as when Pagefind read them there (the same ``data-pagefind-*``
marks), without the theme around every page (a third less time at 10,000
articles). Index pages, listings and the contributor docs stay out, and
nothing is indexed twice. Reading only ``site_src/``, the index is made while
the site builder runs (``briefing build``), in ``.cache/pagefind/``, then
linked into ``site/pagefind/``. The records' digest is kept in
``.cache/briefing-search.json``: a build whose records did not change (an
edit of a listing, a theme change, a clean site build) keeps the index.

The offline edition cannot use it (``file://`` blocks ``fetch``); it keeps
Material's search over a small index: each generated page once, by its title
(``offline.titles_only``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..content.errors import BuildError
from .sitebuild import package_version

BUNDLE = "pagefind"
STATE_FILE = "briefing-search.json"
STAGE = "search-pages"
KINDS = {"briefing": "Briefing", "story": "Story", "entity": "Entity", "tag": "Tag"}
# Material's index: its dialog is replaced online, so nothing would ever fetch it
# heading permalinks ("¶") and the theme's own controls are not part of the text
EXCLUDE = ".headerlink, .md-content__button"
MATERIAL_INDEX = Path("search") / "search_index.json"
# What ranks (tests/test_search_ranking.py: 35 queries on real reporting). Pagefind 1.5 scores a page by BM25 over
# its weighted words, which saturates after a few occurrences, plus, for each meta field, the share of the query
# its words cover (x5 for ``title``, x1 for any other field). So:
# - a page's title is repeated in ``rankN`` meta fields, one x1 each: a story's twice, the title of a briefing of
#   importance 5 once. A query a story's title covers finds the story, then its briefings; a briefing's whole
#   headline still finds the briefing before its story (a headline weighs 2 x its importance, 10 at most:
#   article.html.j2). More fields make a story come before its briefings for their own headlines: of 100
#   synthetic headlines at 10,000 articles, 88 find their briefing first, 80 with 3 fields for a story,
#   2 for importance 5 and 1 for importance 4;
# - the words of entity pages count half: a headline that names a person or an outlet comes before the
#   entity's page, which comes first for a name no headline gives (tag pages keep their weight: a topic's
#   name finds its tag);
# - currency signs are indexed ("$650" as "$650" and "650"): Pagefind strips them from the pages' words but
#   not from a query, where "$650" then matched nothing.
TITLE_REPEATS = {"story": 2, "briefing": {5: 1}}
WEIGHTS = {"entity": ' data-pagefind-weight="0.5"'}
CHARACTERS = "$€£¥"
_TITLE_RE = re.compile(r'^title: "(.*)"$', re.M)
_IMPORTANCE_RE = re.compile(r'data-pagefind-sort="importance:(\d)"')
_KIND_RE = re.compile(r"^kind: (\w+)$", re.M)
_PAGE = ('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">{head}</head>\n<body>\n'
         '<div data-pagefind-body data-pagefind-filter="kind:{kind}" data-pagefind-meta="kind:{kind}"{weight}>\n'
         '{body}</div>\n</body>\n</html>\n')


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    files: int
    bytes: int
    kept: bool = False

    def __str__(self) -> str:
        return (f"search index: {self.pages} pages, {self.files} files, {self.bytes / 1024 / 1024:.1f} MiB in {BUNDLE}/"
                + (" (what readers search is unchanged: kept)" if self.kept else ""))


def html_path(src_uri: str) -> str:
    """Where MkDocs writes a page with directory URLs: 'briefings/x.md' -> 'briefings/x/index.html'."""
    stem = src_uri[:-3]
    return (stem[:-5] if stem.endswith("index") else stem + "/") + "index.html"


def records(docs_dir: Path) -> dict[str, str]:
    """{a page's HTML path under the site: what Pagefind reads for it}, for every page readers search."""
    found: dict[str, str] = {}
    docs_dir = Path(docs_dir)
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".md"):
                continue
            path = Path(dirpath) / name
            text = path.read_text(encoding="utf-8")
            end = text.find("\n---\n") if text.startswith("---\n") else -1
            kind = _KIND_RE.search(text, 0, end) if end > 0 else None
            if not kind or kind.group(1) not in KINDS or "\nbody: html\n" not in text[:end + 1]:
                continue
            if "\ndraft: true\n" in text[:end + 1]:  # the preview's (generate with drafts), never searched
                continue
            src = path.relative_to(docs_dir).as_posix()
            body = text[end + 5:]
            page = _PAGE.format(kind=KINDS[kind.group(1)], weight=WEIGHTS.get(kind.group(1), ""), body=body,
                                head=_boosts(kind.group(1), text[:end], body))
            found[html_path(src)] = page
    return found


def _boosts(kind: str, front: str, body: str) -> str:
    """The ``rank`` meta fields of a page: its title again, as many times as :data:`TITLE_REPEATS` says."""
    repeats = TITLE_REPEATS.get(kind, 0)
    if isinstance(repeats, dict):
        importance = _IMPORTANCE_RE.search(body)
        repeats = repeats.get(int(importance.group(1)) if importance else 3, 0)
    title = _TITLE_RE.search(front) if repeats else None
    if not title:
        return ""
    value = json.loads(f'"{title.group(1)}"')  # the front matter's string: escaped for HTML already
    return "".join(f'<meta data-pagefind-meta="rank{n}[content]" content="{value}">' for n in range(1, repeats + 1))


def _digest(pages: dict[str, str]) -> str:
    """The records (their paths and digests), how they are read, and by which Pagefind: what the index is made of."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{package_version('pagefind')}\0{package_version('pagefind_bin')}\0{EXCLUDE}\0{CHARACTERS}\0".encode())
    for path in sorted(pages):
        digest.update(f"{path}\0{pages[path]}\0".encode())
    return digest.hexdigest()


def index_pages(docs_dir: Path, bundle_dir: Path, cache_dir: Path | None = None) -> SearchIndex:
    """Index the generated pages of ``docs_dir`` into ``bundle_dir``, Pagefind's bundle for the site.

    It reads only ``docs_dir``, so ``briefing build`` runs it beside the site builder. When the records are
    those of the last run (their digests in ``cache_dir``) and the bundle is still there, it is kept as it is.
    Pagefind reads the records from files: with a ``cache_dir`` they stay in ``cache_dir/search-pages/`` and
    only the changed ones are written again (writing all 13,200 of 10,000 articles took 7 s, removing them 2 s).
    """
    found = records(docs_dir)
    pages = {rel: hashlib.blake2b(page.encode(), digest_size=16).hexdigest() for rel, page in found.items()}
    digest, out = _digest(pages), Path(bundle_dir)
    state_file = Path(cache_dir) / STATE_FILE if cache_dir is not None else None
    try:
        last = json.loads(state_file.read_text(encoding="utf-8")) if state_file else {}
        last = last if isinstance(last, dict) and isinstance(last.get("pages"), dict) else {}
    except (OSError, ValueError):
        last = {}
    kept = last.get("digest") == digest and (out / "pagefind-entry.json").is_file()
    if not kept:
        if state_file is not None:
            state_file.unlink(missing_ok=True)  # a run that fails or is stopped is followed by a full one
        # Pagefind adds to a bundle it finds: fragments of pages gone would stay
        shutil.rmtree(out, ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix="briefing-search-") as scratch:
            stage = Path(cache_dir) / STAGE if cache_dir is not None else Path(scratch)
            _stage(found, pages, stage, last.get("pages", {}))
            _pagefind(stage, out)
        if state_file is not None:
            state_file.parent.mkdir(parents=True, exist_ok=True)
            state_file.write_text(json.dumps({"digest": digest, "pages": pages}, sort_keys=True) + "\n",
                                  encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    return SearchIndex(pages=len(found), files=len(files), bytes=sum(p.stat().st_size for p in files), kept=kept)


def _stage(found: dict[str, str], pages: dict[str, str], stage: Path, last: dict[str, str]) -> None:
    """The records as files for Pagefind: those changed since ``last`` written, those gone removed."""
    if not last:  # nothing known of what is there: start from nothing
        shutil.rmtree(stage, ignore_errors=True)
    for rel in last.keys() - pages.keys():
        (stage / rel).unlink(missing_ok=True)
    for rel, page in found.items():
        path = stage / rel
        if last.get(rel) != pages[rel] or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")


def publish(bundle_dir: Path, site_dir: Path) -> None:
    """The bundle into the built site, ``site_dir/pagefind/`` (hard links where the file system allows)."""
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    shutil.copytree(bundle_dir, site_dir / BUNDLE, copy_function=_link_or_copy)
    (site_dir / MATERIAL_INDEX).unlink(missing_ok=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # the next index writes new files: a linked one keeps its bytes
    except OSError:
        shutil.copy2(source, target)


def index_site(site_dir: Path, docs_dir: Path, cache_dir: Path | None = None, beside=None) -> SearchIndex:
    """:func:`index_pages` while ``beside()`` runs (``briefing build`` passes the site builder: Pagefind reads
    only ``docs_dir``), then :func:`publish` into the site built in ``site_dir``.

    The bundle is kept in ``cache_dir/pagefind/`` (without one, a temporary folder), so a clean site build
    does not cost a new index. An error of ``beside`` is raised once the index is made.
    """
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as scratch:
        bundle = Path(cache_dir if cache_dir is not None else scratch) / BUNDLE
        with ThreadPoolExecutor(max_workers=1) as pool:
            indexing = pool.submit(index_pages, docs_dir, bundle, cache_dir)
            try:
                if beside is not None:
                    beside()
            except BaseException:
                wait([indexing])  # the builder's error is the one to report; Pagefind ends first
                raise
            built = indexing.result()
        publish(bundle, site_dir)
    return built


def _pagefind(stage: Path, out: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(stage), "--output-path", str(out),
               "--exclude-selectors", EXCLUDE, "--include-characters", CHARACTERS]
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="backslashreplace")
    except OSError as error:  # pragma: no cover - the interpreter itself is missing
        raise BuildError(f"could not run Pagefind: {error}") from None
    if result.returncode or "Error" in result.stderr:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise BuildError(f"Pagefind failed (exit {result.returncode}) indexing the pages for {out}:\n{tail}\n"
                         f"hint: 'make site' installs it (pagefind[bin] in requirements.txt)")
    warnings = result.stderr.strip().splitlines()
    for line in warnings[:20]:  # e.g. a page's malformed data-pagefind-* attribute
        print(f"pagefind: {line}", file=sys.stderr)
    if len(warnings) > 20:
        print(f"pagefind: ... and {len(warnings) - 20} more lines", file=sys.stderr)
