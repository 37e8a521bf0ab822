"""Contributor text into Markdown, shown and never executed.

``text`` escapes everything Markdown or HTML would interpret, so plain-text
fields are shown exactly as written. Inline Markdown fields are rendered and
checked by :mod:`generator.richtext`. Every function returns :class:`Md`, the
marker the template environment trusts.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from markupsafe import Markup


class Md(Markup):
    """A string that is already safe Markdown.

    It subclasses :class:`markupsafe.Markup` so that Jinja (with autoescape on)
    passes it through untouched, as it passes the output of macros.
    """


_TEXT_ESCAPES = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "{": "\\{", "}": "\\}",
    "[": "\\[", "]": "\\]", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;",
})
_BLOCK_START_RE = re.compile(r"^(\s*)(?:([#+*>-]|!(?=!))|(\d+)([.)]))")
# In Markdown a list marker needs a space after it: '*Stable* Diffusion' and '**Strong**' open emphasis,
# so only '* ', '- ', '+ ' and a rule ('***', '- - -') are guarded there
_MARKDOWN_START_RE = re.compile(r"^(\s*)(?:([#>]|[+*-](?=\s|$)|[*_-](?=(?:\s*[*_-]){2,}\s*$)|!(?=!))|(\d+)([.)]))")


def fold(value: str) -> str:
    """White space folded to single spaces: every field is shown on one line."""
    return " ".join(str(value).split())


def guard_start(value: str, markdown: bool = False) -> str:
    """A backslash before what would start a block at the beginning of a line (list, heading, admonition).

    ``markdown``: the value is inline Markdown, whose emphasis may open the line.
    """
    def escape(m):
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return (_MARKDOWN_START_RE if markdown else _BLOCK_START_RE).sub(escape, value, count=1)


def text(value) -> Md:
    """Plain text: every character shown as written."""
    if isinstance(value, Md):
        return value
    return Md(guard_start(fold(value).translate(_TEXT_ESCAPES)))


def attribute(value) -> Md:
    """A front-matter scalar: YAML-safe (JSON is valid YAML) and HTML-escaped.

    Themes print front matter (``<title>``, ``<meta content="...">``) without
    escaping it, so the text is escaped here. Inline Markdown gives its plain
    text, the words a reader sees on the page.
    """
    plain = getattr(value, "plain", None) or fold(value)
    return Md(json.dumps(html.escape(plain, quote=True), ensure_ascii=False))


def url(value) -> Md:
    """A validated http(s) URL as a Markdown link target: nothing in it can end the link."""
    return Md(quote(str(value), safe="/:?#&=%@+,;~!$'*-._"))


def code(value) -> Md:
    """A code span around any text: the fence is longer than any backtick run inside."""
    value = fold(value)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return Md(f"{fence}{pad}{value}{pad}{fence}")
