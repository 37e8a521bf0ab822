"""MkDocs hook of both editions (mkdocs.yml and mkdocs.offline.yml ``hooks:``): generated pages are not parsed again.

The generator renders each page's HTML once (``generator/pages/render.py``) and
writes it under front matter that says so (``body: html``) and carries the
page's table of contents (``toc:``, ``generator/pages/headings.py``). For those
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

A draft's page (front matter ``draft: true``, which only the preview generates)
stops every build but ``mkdocs serve``: a build must never publish one.

Hand-written pages (About, Contributing) are Markdown, rendered as usual.
A builder without this hook renders generated pages too (Markdown passes
raw HTML through), but leaves their links pointing at ``.md`` files and
shows no table of contents.
"""

import html
import json
import logging
import posixpath
import re
import types
import zlib
from urllib.parse import unquote

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.hooks.generated_pages")  # under "mkdocs": strict mode counts its warnings

# inside a tag only (text on the page has its "<" escaped): a summary that reads 'href="x.md"' stays text
_HREF = re.compile(r'(<a\s(?:[^>]*?\s)?href=")([^"]*)"')
_ID = re.compile(r'<[a-z][a-z0-9]*\s(?:[^>]*?\s)?id="([^"]*)"')


def _render(page, config, files):
    """``Page.render`` for a generated page: its HTML as it is, links resolved, the table of contents from its front matter."""
    folder, anchors = posixpath.dirname(page.file.src_uri), {}
    targets = _targets.setdefault(folder, {})
    # a link's URL depends on the page only through its URL's folder (``here``) and depth, unless it points inside it
    here = page.url if page.url.endswith("/") else page.url.rpartition("/")[0] + "/" * ("/" in page.url)
    urls = _urls.setdefault((here.rstrip("/").rpartition("/")[0], here.count("/")), {})

    def link(m):
        url = m.group(2)
        if url.startswith(("https:", "http:", "mailto:")):
            return m.group(0)
        if url.startswith("#"):  # an anchor of the page itself, left as written
            anchors.setdefault(page.file, {}).setdefault(html.unescape(url[1:]), html.unescape(url))
            return m.group(0)
        found = targets.get(url)
        if found is None:
            path, _, anchor = html.unescape(url).partition("#")
            found = targets[url] = (files.src_uris.get(posixpath.normpath(posixpath.join(folder, unquote(path)))),
                                    anchor)
        target, anchor = found
        if target is None:  # MkDocs' own words and level for a link to no page ('strict' fails the build)
            log.log(config.validation.links.not_found, f"Doc file '{page.file.src_uri}' contains a link "
                    f"'{html.unescape(url)}', but the target is not found among documentation files.")
            return m.group(0)
        if anchor:
            anchors.setdefault(target, {}).setdefault(anchor, html.unescape(url))  # checked by MkDocs at the end
        if not here or target.url.startswith(here):  # the page's own folder of URLs, or the site's root
            new = target.url_relative_to(page.file)
        else:
            new = urls.get(target.url)
            if new is None:
                new = urls[target.url] = target.url_relative_to(page.file)
        return f'{m.group(1)}{html.escape(new + ("#" + anchor if anchor else ""))}"'

    content = _HREF.sub(link, page.markdown)
    toc = json.loads(page.meta.get("toc") or "[]")
    page.toc = get_toc(nest_toc_tokens([{"level": level, "id": anchor, "name": name} for level, anchor, name in toc]))
    page._title_from_render = None
    page.present_anchor_ids = set(_ID.findall(content))
    page.links_to_anchors = anchors
    # MkDocs renders every page before it themes the first: until then the page's HTML waits compressed
    # (at 10,000 articles, 440 MB of text as Python holds it, about a tenth compressed), and it is let go once written
    _waiting[page.file.src_uri] = zlib.compress(content.encode(), 1)
    page.content = page.markdown = ""


@event_priority(100)  # before any plugin reads the content (Material's search, offline)
def on_page_context(context, page, config, nav):
    waiting = _waiting.pop(page.file.src_uri, None)
    if waiting is not None:
        page.content = zlib.decompress(waiting).decode()
    return context


def on_post_page(output, page, config):
    if page.meta.get("body") == "html":
        page.content = ""
    return output


_waiting: dict[str, bytes] = {}


_targets: dict[str, dict[str, tuple]] = {}  # folder -> link as written -> (File or None, anchor)
_urls: dict[tuple, dict[str, str]] = {}  # (parent of the page's URL, its depth) -> target URL -> relative URL


def on_pre_build(config):
    for memo in (_waiting, _targets, _urls):  # `mkdocs serve` builds again in the same process, with other pages
        memo.clear()


_command = {"name": "build"}  # what MkDocs was started for: only "serve" may show a draft


def on_startup(command, dirty):
    _command["name"] = command


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("draft") is True and _command["name"] != "serve":
        # generated by the preview (generate with drafts): a build that ran beside it must not publish it
        raise PluginError(f"'{page.file.src_uri}' is the page of a draft, which is never published: the preview "
                          f"wrote it into {config.docs_dir}; run 'briefing build', which generates the site without "
                          "drafts, then builds it")
    if page.meta.get("body") == "html":
        page.render = types.MethodType(_render, page)
    return markdown
