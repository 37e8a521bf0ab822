"""Contributor text into HTML, shown and never executed.

Pages are HTML the generator writes once (the site builder only puts it in
the theme: ``hooks/generated_pages.py``). ``text`` escapes plain-text fields
so they are shown exactly as written; inline Markdown fields are rendered
and checked by :mod:`generator.content.richtext`. Every function returns
:class:`Html`, the marker the template environment trusts.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from markupsafe import Markup


class Html(Markup):
    """A string that is already safe HTML.

    It subclasses :class:`markupsafe.Markup` so that Jinja (with autoescape on)
    passes it through untouched, as it passes the output of macros.
    """


# In Markdown a list marker needs a space after it: '*Stable* Diffusion' and '**Strong**' open emphasis,
# so only '* ', '- ', '+ ' and a rule ('***', '- - -') are guarded there
_MARKDOWN_START_RE = re.compile(r"^(\s*)(?:([#>]|[+*-](?=\s|$)|[*_-](?=(?:\s*[*_-]){2,}\s*$)|!(?=!))|(\d+)([.)]))")


def fold(value: str) -> str:
    """White space folded to single spaces: every field is shown on one line."""
    return " ".join(str(value).split())


def guard_start(value: str) -> str:
    """A backslash before what would start a Markdown block at the beginning of contributor inline Markdown
    (list, heading, quote...): it is one line of a paragraph. Emphasis may open the line and is kept
    (:func:`generator.content.richtext.inline`)."""
    def escape(m):
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return _MARKDOWN_START_RE.sub(escape, value, count=1)


def text(value) -> Html:
    """Plain text: every character shown as written, on one line."""
    if isinstance(value, Markup):
        return value
    return Html(html.escape(fold(value), quote=False))


def attribute(value) -> Html:
    """A front-matter scalar: YAML-safe (JSON is valid YAML) and HTML-escaped.

    Themes print front matter (``<title>``, ``<meta content="...">``) without
    escaping it, so the text is escaped here. Inline Markdown gives its plain
    text, the words a reader sees on the page.
    """
    plain = getattr(value, "plain", None) or fold(value)
    return Html(json.dumps(html.escape(plain, quote=True), ensure_ascii=False))


DESCRIPTION_LIMIT = 160  # characters of a meta description that link previews and search results show
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*(?=\s)")


def shorten(value, limit: int = DESCRIPTION_LIMIT) -> str:
    """Plain text within ``limit`` characters: cut at the last sentence end that keeps at least half of it,
    else at a word, with "…" (a word longer than the limit is cut where the limit falls)."""
    plain = fold(getattr(value, "plain", None) or value)
    if len(plain) <= limit:
        return plain
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(plain[: limit + 1]) if m.end() <= limit]
    if ends and ends[-1] >= limit // 2:
        return plain[: ends[-1]]
    head = plain[: limit - 1]
    if plain[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-–—") + "…"


def description(value) -> Html:
    """A front-matter ``description``: :func:`shorten` to what a link preview shows, then :func:`attribute`."""
    return attribute(shorten(value))


def attribute_text(value) -> Html:
    """A plain-text field as an HTML attribute's value (between double quotes): quotes escaped too."""
    plain = getattr(value, "plain", None) or fold(value)
    return Html(html.escape(plain, quote=True))


def url(value) -> Html:
    """A validated http(s) URL as an ``href`` value: percent-encoded, then escaped for the attribute."""
    return Html(html.escape(quote(str(value), safe="/:?#&=%@+,;~!$'*-._"), quote=True))
