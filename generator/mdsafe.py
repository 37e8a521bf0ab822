"""Contributor text into Markdown, shown and never executed.

``text`` escapes everything Markdown or HTML would interpret; ``inline``
keeps inline Markdown (emphasis, code, http(s) links: the validator has
already refused raw HTML and other link schemes) but escapes what could
inject HTML, attributes (attr_list's ``{...}``) or block structure.
Both return :class:`Md`, the marker the template environment trusts.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from markupsafe import Markup

from .schema import CODE_SPAN_RE


class Md(Markup):
    """A string that is already safe Markdown.

    It subclasses :class:`markupsafe.Markup` so that Jinja (with autoescape on)
    passes it through untouched, as it passes the output of macros.
    """


_TEXT_ESCAPES = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "{": "\\{", "}": "\\}",
    "[": "\\[", "]": "\\]", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;",
})
_INLINE_ESCAPES = str.maketrans({"{": "\\{", "}": "\\}", "|": "\\|", "<": "&lt;", ">": "&gt;"})
_BLOCK_START_RE = re.compile(r"^(\s*)(?:([#+*-])|(\d+)([.)]))")


def _fold(value: str) -> str:
    return " ".join(str(value).split())


def _guard_start(value: str) -> str:
    def escape(m):
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return _BLOCK_START_RE.sub(escape, value, count=1)


def text(value) -> Md:
    """Plain text: every character shown as written."""
    if isinstance(value, Md):
        return value
    return Md(_guard_start(_fold(value).translate(_TEXT_ESCAPES)))


def inline(value) -> Md:
    """Inline Markdown on one line; code spans kept as written."""
    value = _fold(value)
    out, pos = [], 0
    for match in CODE_SPAN_RE.finditer(value):
        out.append(value[pos:match.start()].translate(_INLINE_ESCAPES))
        out.append(match.group(0))
        pos = match.end()
    out.append(value[pos:].translate(_INLINE_ESCAPES))
    return Md(_guard_start("".join(out)))


def block(value: str) -> Md:
    """A Markdown article body (already checked for HTML and links): attr_list braces escaped."""
    lines = []
    in_fence = False
    for line in value.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        lines.append(line if in_fence else re.sub(r"(?<!\\)([{}])", r"\\\1", line))
    return Md("\n".join(lines))


def attribute(value) -> Md:
    """A front-matter scalar: YAML-safe (JSON is valid YAML) and HTML-escaped.

    Themes print front matter (``<title>``, ``<meta content="...">``) without
    escaping it, so the text is escaped here; Markdown marks are dropped.
    """
    plain = re.sub(r"[*_`]", "", _fold(value))
    return Md(json.dumps(html.escape(plain, quote=True), ensure_ascii=False))


def url(value) -> Md:
    """A validated http(s) URL as a Markdown link target: nothing in it can end the link."""
    return Md(quote(str(value), safe="/:?#&=%@+,;~!$'*-._"))


def code(value) -> Md:
    """A code span around any text: the fence is longer than any backtick run inside."""
    value = _fold(value)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return Md(f"{fence}{pad}{value}{pad}{fence}")
