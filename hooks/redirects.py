"""MkDocs hook of both editions (mkdocs.yml and mkdocs.offline.yml ``hooks:``): old addresses lead to the new ones.

``briefing generate`` writes the redirects of ``briefings/redirects.yml``, checked,
into ``site_src/.briefing-redirects.json`` (``generator/pages/redirects.py``), as
source paths: ``{"from": "tags/old.md", "to": "tags/new.md", "title": "New"}``.
MkDocs leaves that dot file out of the site. Once the site is built, this hook
writes a small page where MkDocs would have written the page of ``from``, by
MkDocs' own ``File`` rules: ``tags/old/index.html`` online, ``tags/old.html`` in
the offline edition (whose ``offline`` plugin turns directory URLs off). It holds:

- a canonical link to the new page: its own canonical URL (absolute with
  ``site_url``, as the theme writes it), so search engines move the old address's
  standing to the new one;
- a meta refresh to the new page's URL relative to the old one: no script needed,
  and it works from ``file://`` and under any path the site is served at;
- a line of script that does the same but keeps the ``#anchor`` (the refresh drops it),
  and a link for readers, with the new page's title.

They are not pages: not in the navigation, ``sitemap.xml``, Material's search index,
Pagefind's records (read from ``site_src/``) or the feeds. A redirect that cannot be
placed (an address that is not one id's page, a page that is there, a target that is
not a page of the site) is logged as a warning: ``strict`` fails the build. Written
on every build, also ``--dirty`` ones, and only when their bytes changed;
``briefing build`` makes the build after a redirect is removed a full one
(``generator/site/sitebuild.py``), so no page of a gone redirect stays.

We did not take the ``mkdocs-redirects`` plugin: its map lives in ``mkdocs.yml``
(kept plain and hand-written; these redirects are content, checked at their line by
``briefing check``), and its page puts the target into a script and the HTML unescaped.
"""

import html
import json
import logging
import os
import re

from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.redirects")  # under "mkdocs": strict mode counts its warnings

MANIFEST = ".briefing-redirects.json"  # generator/pages/urls.py: REDIRECTS
# the only addresses a redirect may take: one id's page in one of these folders (the generator checked the ids)
_FROM = re.compile(r"^(?:briefings|tags|entities|stories)/[a-z0-9]+(?:-[a-z0-9]+)*\.md$")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<link rel="canonical" href="{canonical}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="0; url={url}">
<script>location.replace({script}+location.hash)</script>
</head>
<body>
<p>This page has moved to <a href="{url}">{title}</a>.</p>
</body>
</html>
"""

_files = None


def on_files(files, config):
    global _files
    _files = files
    return files


def page(url: str, canonical: str, title: str) -> str:
    """The redirect page: ``url`` relative to it, ``canonical`` absolute or as ``url``; every value escaped."""
    script = json.dumps(url).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return PAGE.format(title=html.escape(title), canonical=html.escape(canonical), url=html.escape(url),
                       script=script)


def on_post_build(config):
    path = os.path.join(config.docs_dir, MANIFEST)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        entries = data["redirects"]
        assert isinstance(entries, list)
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        log.warning(f"'{path}' is not a list of redirects: run 'briefing generate' to write it again")
        return
    site = os.path.realpath(config.site_dir)
    for entry in entries:
        source, target = (entry.get("from"), entry.get("to")) if isinstance(entry, dict) else (None, None)
        found = _files.get_file_from_path(target) if isinstance(target, str) else None
        if not isinstance(source, str) or not _FROM.match(source) or source.endswith("/index.md"):
            log.warning(f"Redirect from '{source}' skipped: not the address of one briefing, tag, entity or story")
            continue
        if _files.get_file_from_path(source) is not None:
            log.warning(f"Redirect from '{source}' skipped: that page exists")
            continue
        if found is None or not found.is_documentation_page() or found.page is None:
            log.warning(f"Redirect from '{source}' to '{target}' skipped: the target is not a page of the site")
            continue
        old = File(source, None, config.site_dir, config.use_directory_urls)
        url = found.url_relative_to(old)
        text = page(url, found.page.canonical_url or url, str(entry.get("title") or found.page.title or target))
        _write(site, old.abs_dest_path, text.encode("utf-8"))


def _write(site: str, dest: str, data: bytes) -> None:
    """``data`` at ``dest``, inside ``site`` and never through a symbolic link; untouched when already so."""
    folder = os.path.dirname(dest)
    if not os.path.realpath(folder).startswith(site + os.sep) or os.path.islink(dest):
        log.warning(f"Redirect page '{dest}' skipped: it would be written outside the site folder")
        return
    os.makedirs(folder, exist_ok=True)
    try:
        with open(dest, "rb") as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        pass
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
