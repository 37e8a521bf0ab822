"""The redirects of ``redirects.yml`` as the site builder reads them, and the pages that go without one.

``briefing generate`` writes the checked redirects into ``site_src/.briefing-redirects.json``
(:data:`urls.REDIRECTS`), as source paths: ``{"from": "tags/old.md", "to": "tags/new.md", "title":
"New"}``. It is a generated file like the pages (the writer owns it, and removes it with the last
redirect), and a dot file, which MkDocs leaves out of the site. ``hooks/redirects.py`` reads it after
each build, in both editions, and writes a small page at each old address, where MkDocs puts a page
of that source path: the edition's own URL scheme, so this module never names an HTML file.

Nothing renders differently because of a redirect: no page, listing, feed or search record shows it,
so the page cache is not involved; the file is made again on every run (a few bytes per redirect).
"""

from __future__ import annotations

import json
from pathlib import Path

from . import urls

VERSION = 1


def manifest(content, idx=None) -> dict[str, str]:
    """{:data:`urls.REDIRECTS`: its text}, or nothing when there is no redirect (the writer removes the file).

    With the indexes ``idx``, a redirect to a tag, entity or story that has no page (nothing shows on it) waits
    for one, as a redirect to a draft does."""
    kept = tuple(r for r in content.redirects if idx is None or r.kind == "article" or idx.has_page(r.kind, r.new))
    if not kept:
        return {}
    titles = {"article": {a.id: a.title for a in content.articles},
              "tag": {i: t.title for i, t in content.tags.items()},
              "entity": {i: e.name for i, e in content.entities.items()},
              "story": {i: s.title for i, s in content.stories.items()}}
    entries = [{"from": urls.path_of(r.kind, r.old), "to": urls.path_of(r.kind, r.new), "title": titles[r.kind][r.new]}
               for r in kept]
    entries.sort(key=lambda e: e["from"])
    return {urls.REDIRECTS: json.dumps({"version": VERSION, "redirects": entries}, indent=1, ensure_ascii=False) + "\n"}


def sources(docs_dir: Path) -> set[str]:
    """The source paths redirected in ``docs_dir`` (its :data:`urls.REDIRECTS`): where the site has a redirect page.

    ``briefing build`` counts them with the docs folder's files: when one is gone since the last build, its
    page would stay in the site, so the next build is a full one.
    """
    try:
        data = json.loads((Path(docs_dir) / urls.REDIRECTS).read_text(encoding="utf-8"))
        return {entry["from"] for entry in data["redirects"] if isinstance(entry.get("from"), str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def unredirected(removed, content) -> tuple[str, ...]:
    """The source paths among ``removed`` of a briefing, tag, entity or story page whose address no
    redirect of ``content`` keeps (``briefing diff`` warns of each: a link to it now finds nothing)."""
    kept = {(r.kind, r.old) for r in content.redirects}
    gone = []
    for path in removed:
        page = urls.page_of(path)
        if page is not None and page[0] in ("article", "tag", "entity", "story") and page not in kept:
            gone.append(path)
    return tuple(sorted(gone))
