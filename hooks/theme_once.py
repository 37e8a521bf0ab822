"""MkDocs hook of both editions: the theme's navigation and tabs, rendered once per folder, not once per page.

Material renders its tabs and its navigation sidebar for every page; at
10,000 articles they were over two fifths of the theme's time. A page that
is not in the navigation (a briefing, a tag, an entity, a story: every page
but the section indexes) makes no tab or item active, so the two differ
between such pages only by their links, which are relative to the page's
folder. ``overrides/main.html`` wraps the two in ``{% call theme_once(...)
%}``: the first page of a folder renders them, and the others of that
folder reuse its HTML. Pages in the navigation are rendered as usual.
tests/test_render_once.py builds the site with and without this hook and
compares every page, byte for byte.
"""

import posixpath

_rendered: dict[tuple[str, str], str] = {}


def theme_once(name, page, nav, caller):
    """``caller()`` (the theme's own markup), or the same markup rendered for another page of the folder."""
    if page is None or nav is None or page in nav.pages:
        return caller()
    key = (name, posixpath.dirname(page.url.rstrip("/")))
    found = _rendered.get(key)
    if found is None:
        found = _rendered[key] = caller()
    return found


def on_env(env, config, files):
    _rendered.clear()  # a new build (`mkdocs serve` rebuilds in the same process)
    env.globals["theme_once"] = theme_once
    return env
