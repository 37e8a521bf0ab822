"""MkDocs hook of both editions (mkdocs.yml and mkdocs.offline.yml ``hooks:``): generated pages are not parsed again.

The generator renders each page's HTML once (``generator/render.py``) and
writes it under front matter that says so (``body: html``) and carries the
page's table of contents (``toc:``, ``generator/headings.py``). For those
pages this hook replaces MkDocs' ``Page.render`` (Python-Markdown, most of a
build's time at 10,000 articles) with what is left to do:

- the links: every ``href`` to a page's source (``../tags/x.md#anchor``)
  becomes that page's URL (``../tags/x/`` online, ``../tags/x.html`` in the
  offline edition); a link to a page that does not exist is reported in
  MkDocs' own words and at its level (``strict`` fails the build, with the
  page and the link named), and links to anchors are recorded for MkDocs,
  which checks them once every page is rendered, as it does for Markdown;
- the table of contents, from the front matter;
- the ids present on the page, for that anchor check.

Hand-written pages (About, Contributing) are Markdown, rendered as usual.
A builder without this hook renders generated pages too (Markdown passes
raw HTML through), but leaves their links pointing at ``.md`` files and
shows no table of contents.
"""

import html
import logging
import posixpath
import re
import types
from urllib.parse import unquote

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.hooks.generated_pages")  # under "mkdocs": strict mode counts its warnings

# inside a tag only (text on the page has its "<" escaped): a summary that reads 'href="x.md"' stays text
_HREF = re.compile(r'(<a\s(?:[^>]*?\s)?href=")([^"]*)"')
_ID = re.compile(r'<[a-z][a-z0-9]*\s(?:[^>]*?\s)?id="([^"]*)"')


def _render(page, config, files):
    """``Page.render`` for a generated page: its HTML as it is, links resolved, the table of contents from its front matter."""
    base, anchors = posixpath.dirname(page.file.src_uri), {}

    def link(m):
        url = html.unescape(m.group(2))
        if url.startswith(("https:", "http:", "mailto:")):
            return m.group(0)
        path, _, anchor = url.partition("#")
        target = page.file if not path else files.get_file_from_path(
            posixpath.normpath(posixpath.join(base, unquote(path))))
        if target is None:  # MkDocs' own words and level for a link to no page ('strict' fails the build)
            log.log(config.validation.links.not_found, f"Doc file '{page.file.src_uri}' contains a link '{url}', "
                    "but the target is not found among documentation files.")
            return m.group(0)
        if anchor:
            anchors.setdefault(target, {}).setdefault(anchor, url)  # checked by MkDocs once every page is rendered
        new = target.url_relative_to(page.file) if path else ""
        return f'{m.group(1)}{html.escape(new + ("#" + anchor if anchor else ""))}"'

    page.content = _HREF.sub(link, page.markdown)
    tokens = [{"level": level, "id": anchor, "name": name} for level, anchor, name in page.meta.get("toc") or ()]
    page.toc = get_toc(nest_toc_tokens(tokens))
    page._title_from_render = None
    page.present_anchor_ids = set(_ID.findall(page.content))
    page.links_to_anchors = anchors
    page.markdown = ""  # every page's text stays in memory until the build ends: keep one copy, not two


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("body") == "html":
        page.render = types.MethodType(_render, page)
    return markdown
