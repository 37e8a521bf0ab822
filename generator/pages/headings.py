"""A rendered page's headings: their ids and permalinks, and the table of contents in its front matter.

Templates write HTML headings (``<h2>Key points</h2>``, or with the id a link
needs: ``<h2 id="compare">``). :func:`finish` gives every heading the id and
the permalink (``¶``) that Python-Markdown's ``toc`` extension gave them when
MkDocs parsed the pages (the same slugs, made unique the same way, so links
and bookmarks keep working) and writes the page's table of contents into its
front matter (``toc:``, a list of ``[level, id, title]`` as a JSON string,
with ``body: html``): the site builder reads it from there (``hooks/generated_pages.py``)
instead of parsing the page. An article's own text (``<div
class="briefing-text">``) keeps its headings as written, outside the table
of contents, as before.
"""

from __future__ import annotations

import html
import json
import re

from markdown.extensions.toc import slugify, unique

_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_ARTICLE_TEXT = re.compile(r'(<div class="briefing-text">.*?</div>)', re.S)  # its HTML holds no <div>
_FRONT_END = "\n---\n"
# Where a template wants its "On this page" (a list of the page's sections, shown only where the theme hides its
# table of contents: phones and tablets), after the headline and summary, not above them: finish() puts it there.
ONPAGE = "<!--briefing-onpage-->"


def _onpage(toc: list) -> str:
    """'On this page', folded, listing the page's sections (h2), when it has 3 or more (as overrides/partials/
    briefing-onpage.html does for hand-written pages); out of both searches (it repeats the headings)."""
    items = [(anchor, name) for level, anchor, name in toc if level == 2]
    if len(items) < 3:
        return ""
    lines = "".join(f'\n<li><a href="#{html.escape(anchor)}">{name}</a></li>' for anchor, name in items)
    return ('<nav class="briefing-onpage" aria-label="On this page" data-pagefind-ignore="all" data-search-exclude>\n'
            f"<details>\n<summary>On this page</summary>\n<ul>{lines}\n</ul>\n</details>\n</nav>")


def _name(inner: str) -> str:
    """A heading's title in the table of contents: its text, tags stripped, entities kept (HTML)."""
    return " ".join(_TAG.sub("", inner).split())


def finish(page: str) -> str:
    """A rendered page (front matter, then the HTML body) with heading ids, permalinks and its table of contents."""
    start = page.index(_FRONT_END) if page.startswith("---\n") else -1
    if start < 0:
        raise ValueError("a generated page starts with its front matter")
    front, body = page[:start + 1], page[start + len(_FRONT_END):]
    parts = _ARTICLE_TEXT.split(body)  # odd parts: the article's own text, left as it is
    used = {found.group(1) for part in parts[::2] for h in _HEADING.finditer(part) if (found := _ID.search(h.group(2)))}
    counters: dict[str, int] = {}
    toc: list[list] = []

    def heading(m: re.Match) -> str:
        level, attrs, inner = m.group(1), m.group(2), m.group(3)
        name = _name(inner)
        found = _ID.search(attrs)
        if found:
            anchor = found.group(1)
        else:
            anchor = unique(slugify(html.unescape(name), "-"), used, counters)
            attrs = f' id="{anchor}"{attrs}'
        toc.append([int(level), html.unescape(anchor), name])
        link = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
        return f"<h{level}{attrs}>{inner}{link}</h{level}>"

    parts[::2] = [_HEADING.sub(heading, part) for part in parts[::2]]
    if ONPAGE in parts[0]:  # a page's own text comes after it
        parts[0] = parts[0].replace(ONPAGE, _onpage(toc), 1)
    # one JSON string: YAML reads a scalar many times faster than the lists it stands for (MkDocs reads every page's)
    contents = json.dumps(json.dumps(toc, ensure_ascii=False), ensure_ascii=False)
    return f"{front}body: html\ntoc: {contents}{_FRONT_END}{''.join(parts)}"
