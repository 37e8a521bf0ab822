"""The one Markdown policy: contributor Markdown checked and rendered by the same parser.

Inline fields (summaries, key points, notes, descriptions...) and Markdown
article bodies are converted here, once, by Python-Markdown, and the HTML it
produces is what is checked: no raw HTML, no images, links only to
``http(s)://`` and ``mailto:``, only the elements the field may hold. What
passes is sanitized again by ``nh3`` (an allow-list HTML sanitizer) as a
second wall, and carried as :class:`Rich`: the source text, its HTML and its
plain text (for ``<title>``, ``<meta>`` and feeds' summaries).

Most text is plain words with a little emphasis, code or an http(s) link:
:func:`fast_inline` and :func:`fast_body` write the parser's HTML for that
unambiguous subset without running it (tests/test_richtext.py checks, with
Hypothesis, that they give the parser's bytes) and return None for anything
else, which then goes through the parser and the sanitizer.

Pages carry this HTML as it is: the site builder does not parse them again
(``hooks/generated_pages.py``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import markdown.inlinepatterns
import nh3

from .htmlsafe import Html, fold, guard_start, text as escaped_text

INLINE_TAGS = frozenset({"em", "strong", "code", "a", "br"})
BODY_TAGS = INLINE_TAGS | frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
})
ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# fenced_code keeps its (escaped) output where raw HTML is kept: it is code, not raw HTML
_FENCED_RE = re.compile(r'<pre><code(?: class="[\w-]*")?>[^<]*</code></pre>')
ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

HTML_HINT = "write plain text or Markdown (*emphasis*, [text](https://...)); HTML is never rendered"
LINK_HINT = "links must be absolute http(s):// or mailto: addresses"
IMAGE_HINT = "images are not shown; link to it instead: [description](https://...)"


class Rich(str):
    """Contributor Markdown: the text as written (a ``str``), its checked HTML and plain text."""

    __slots__ = ("html", "plain")

    def __new__(cls, source: str, html_text: str, plain: str | None = None):
        self = super().__new__(cls, source)
        self.html = html_text
        self.plain = _plain(html_text) if plain is None else plain
        return self

    def __reduce__(self):  # pickles (the build cache) keep the rendering
        return (Rich, (str(self), self.html, self.plain))


def _plain(html_text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", html_text)).split())


plain_text = _plain  # the words a reader sees of checked HTML, on one line (an article's excerpt)


def _markdown(extensions=()) -> markdown.Markdown:
    return markdown.Markdown(extensions=list(extensions), output_format="html")


_INLINE_MD = _markdown()
_BODY_MD = _markdown(["tables", "fenced_code"])


def _sanitize(html_text: str, tags) -> str:
    return nh3.clean(html_text, tags=set(tags), attributes={t: set(a) for t, a in ATTRIBUTES.items() if t in tags},
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


# Characters no text may hold: not allowed in XML (the feeds), or invisibly reordering the text
# around them (bidirectional overrides). Refused in files and YAML strings (schema.py), and here
# in what Markdown makes of character references such as &#x202e;.
FORBIDDEN_CHARS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                                "\u202a-\u202e\u2066-\u2069]")


NESTING = frozenset({"blockquote", "ul", "ol"})
MAX_NESTING = 32  # quotes in lists in quotes: no reader follows more


class _Walker(HTMLParser):
    """Every element of rendered HTML that the field may not hold: (kind, detail)."""

    def __init__(self, allowed):
        super().__init__(convert_charrefs=True)
        self.allowed, self.found, self.depth = allowed, [], 0

    def handle_endtag(self, tag):
        self.depth -= tag in NESTING

    def handle_starttag(self, tag, attrs):
        if tag in NESTING:
            self.depth += 1
            if self.depth == MAX_NESTING + 1:  # Python-Markdown gives up part way, leaving the rest as text
                self.found.append(("deep", ""))
        if tag == "img":
            self.found.append(("image", dict(attrs).get("src") or ""))
            return
        if tag not in self.allowed:
            self.found.append(("element", tag))
            return
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, ()):
                self.found.append(("element", f"{tag} {name}"))
            elif name == "href" and not safe_url(value or ""):
                self.found.append(("link", value or ""))

    def handle_data(self, data):
        bad = FORBIDDEN_CHARS_RE.search(data)
        if bad:
            self.found.append(("char", f"U+{ord(bad.group(0)):04X}"))


def safe_url(value: str) -> bool:
    """An absolute http(s) address with a host, or mailto:, however it is spelt."""
    value = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    return scheme == "mailto" or (scheme in ("http", "https") and bool(parts.netloc))


def _render(md: markdown.Markdown, source: str):
    """(html, raw HTML chunks the source contained)."""
    md.reset()
    out = md.convert(source)
    raw = [chunk for chunk in md.htmlStash.rawHtmlBlocks
           if not ENTITY_RE.fullmatch(chunk) and not _FENCED_RE.fullmatch(chunk)]
    return out, raw


_CHARREF_RE = re.compile(r"&#([xX][0-9a-fA-F]+|[0-9]+);?")


def _findings(out: str, raw: list, allowed) -> list[tuple[str, str]]:
    if raw:  # the HTML is the problem to fix; its elements are not reported again
        return [("html", chunk) for chunk in raw]
    walker = _Walker(allowed)
    walker.feed(out)
    walker.close()
    # references the parser above decodes to nothing (&#xfffe;, &#x1;) but the sanitizer writes out
    for ref in _CHARREF_RE.finditer(out):
        digits = ref.group(1)
        code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
        if code > 0x10FFFF or FORBIDDEN_CHARS_RE.match(chr(code)):
            walker.found.append(("char", f"U+{code:04X}" if code <= 0x10FFFF else digits))
            break
    return walker.found


def message(kind: str, detail: str, where: str) -> tuple[str, str]:
    """(message, hint) of one finding, ``where`` naming the field ("in 'summary'")."""
    if kind == "html":
        return f"raw HTML is not allowed {where}", HTML_HINT
    if kind == "link":
        return f"link target '{detail}' is not allowed {where}", LINK_HINT
    if kind == "image":
        return f"images are not allowed {where}", IMAGE_HINT
    if kind == "char":
        return (f"character {detail} is not allowed {where} (written as a character reference)",
                "remove it: it is invisible, reorders the text around it, or breaks the feeds")
    if kind == "brackets":
        return (f"{detail} '[' in one paragraph {where}: Markdown reads links in a time that grows with the "
                f"square of that number (at most {MAX_BRACKETS})",
                "write literal brackets as \\[ or split the paragraph")
    if kind == "deep":
        return (f"Markdown nested too deeply to read {where} (lists or quotes inside each other hundreds of "
                f"levels down)", "flatten the nesting: no reader can follow more than a few levels")
    return f"'<{detail}>' is not allowed {where}", HTML_HINT


# The common, unambiguous inline Markdown: code spans, [text](http(s) address), *emphasis* of plain words.
# fast_inline renders it without the parser; tests/test_richtext.py checks it gives the parser's bytes.
_FAST_TOKEN = re.compile(
    r"(?<!`)`([^`]+)`(?!`)"
    r"|\[([^\[\]`*<>&\\!_\n]+)\]\((https?://[A-Za-z0-9._~:/?#@$&+,;=%-]+)\)"
    r"|(?<![\w*])\*(?![\s*])([^*`\[\]<>&\\!_]+?)(?<![\s*])\*(?![\w*])")
_FAST_UNSAFE = re.compile(r"[`*_\[\]<>\\!]|" + markdown.inlinepatterns.ENTITY_RE)


_ANY_MARKUP = re.compile(r"[`*_\[\]<>\\!&]")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fast_inline(text: str) -> str | None:
    """The parser's HTML for text in the unambiguous subset, or None (then the parser runs)."""
    if not _ANY_MARKUP.search(text):
        return _escape(text)
    if "&#" in text or "\\" in text:
        return None
    out, pos = [], 0
    for m in _FAST_TOKEN.finditer(text):
        between = text[pos:m.start()]
        if _FAST_UNSAFE.search(between):
            return None
        out.append(_escape(between))
        if m.group(1) is not None:
            out.append(f"<code>{_escape(m.group(1).strip())}</code>")
        elif m.group(2) is not None:
            out.append(f'<a href="{m.group(3).replace("&", "&amp;")}">{_escape(m.group(2))}</a>')
        else:
            out.append(f"<em>{_escape(m.group(4))}</em>")
        pos = m.end()
    if _FAST_UNSAFE.search(text, pos):
        return None
    out.append(_escape(text[pos:]))
    return "".join(out)


# A line that could start or shape a block (heading, quote, list, rule, table, fence, reference,
# code by indentation, line break by trailing spaces): not part of a fast paragraph
_BLOCK_LINE = re.compile(r"^[ \t]|^[#>+=|`~\[_-]|^\*(?=[\s*])|^\d+[.)]|[ \t]$", re.M)
_HEADING = re.compile(r"(#{1,6}) ([^#\n]*[^#\s])")


def _fast_block(block: str) -> tuple[str, str | None]:
    """(kind, the parser's HTML or None) of one block of a body."""
    lines = block.split("\n")
    marked = all(len(line) > 2 and not line[2].isspace() for line in lines)
    heading = _HEADING.fullmatch(block)
    if heading:
        level, text = len(heading.group(1)), fast_inline(heading.group(2))
        return "h", None if text is None or text.startswith(" ") else f"<h{level}>{text}</h{level}>"
    if marked and all(line.startswith("- ") for line in lines):
        items = [line[2:] for line in lines]
        if any(_BLOCK_LINE.search(item) for item in items):
            return "ul", None
        html_items = [fast_inline(item) for item in items]
        if None in html_items:
            return "ul", None
        return "ul", "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in html_items) + "\n</ul>"
    if marked and all(line.startswith("> ") for line in lines):
        inner = "\n".join(line[2:] for line in lines)
        text = None if _BLOCK_LINE.search(inner) else fast_inline(inner)
        return "quote", None if text is None else f"<blockquote>\n<p>{text}</p>\n</blockquote>"
    text = None if _BLOCK_LINE.search(block) else fast_inline(block)
    return "p", None if text is None else f"<p>{text}</p>"


def fast_body(source: str) -> str | None:
    """The parser's HTML for a body of plain paragraphs, headings, lists and quotes, or None."""
    text = source.strip("\n")
    if not text or "\t" in text or "\r" in text:
        return None
    out, previous = [], ""
    for block in re.split(r"\n{2,}", text):
        kind, html_text = _fast_block(block)
        if html_text is None or (kind == previous and kind in ("ul", "quote")):  # these would merge
            return None
        out.append(html_text)
        previous = kind
    return "\n".join(out)


# Python-Markdown looks for the end of a link from every '[' of a paragraph: quadratic in their count
MAX_BRACKETS = 500
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")


def _brackets(text: str) -> int:
    """How many '[' the link parser will scan from (escaped ones it never sees)."""
    return text.count("[") - text.count("\\[")


# What starts a block on a line of its own (up to three spaces in): one-paragraph fields are shown on one line,
# white space folded, so a heading, a list, a quote, a fence or a table in them would be shown flattened
_BLOCK_STARTS = (
    ("a heading", re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")),
    ("a heading", re.compile(r" {0,3}(?:=+|-{2,})[ \t]*$")),  # Setext: the line above it underlined
    ("a list", re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")),
    ("a block quote", re.compile(r" {0,3}>")),
    ("a fenced block", re.compile(r" {0,3}(?:`{3,}|~{3,})")),
    ("a table", re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")),  # its delimiter row
    ("a horizontal rule", re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")),
)


def block_element(source: str) -> tuple[str, int] | None:
    """(what, offset of its line) of the first block element that starts on a line of its own after the first,
    in text meant as one paragraph; None when there is none. The first line is always shown as text
    (:func:`generator.content.htmlsafe.guard_start`)."""
    if "\n" not in source:
        return None
    offset = source.index("\n") + 1
    for line in source[offset:].split("\n"):
        for what, start in _BLOCK_STARTS:
            if start.match(line):
                return what, offset
        offset += len(line) + 1
    return None


def inline(source: str) -> tuple[Rich | None, list[tuple[str, str]]]:
    """One line of inline Markdown: (Rich, []) or (None, findings)."""
    text = guard_start(fold(source))
    fast = fast_inline(text)
    if fast is not None:  # built from escaped text, fixed tags and http(s) addresses: nothing to sanitize
        return Rich(source, fast), []
    brackets = _brackets(text)
    if brackets > MAX_BRACKETS:
        return None, [("brackets", f"{brackets:,}")]
    try:
        out, raw = _render(_INLINE_MD, text)
    except RecursionError:  # Python-Markdown recurses once per level of nesting
        return None, [("deep", "")]
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    findings = _findings(out, raw, INLINE_TAGS)
    if findings:
        return None, findings
    return Rich(source, _sanitize(out, INLINE_TAGS)), []


def body(source: str) -> tuple[Rich | None, list[tuple[str, str, int]]]:
    """A Markdown article body: (Rich, []) or (None, [(kind, detail, offset in source)])."""
    fast = fast_body(source)
    if fast is not None:
        return Rich(source, fast), []
    start = 0
    for gap in [*_BLOCK_SPLIT.finditer(source), None]:
        end = gap.start() if gap else len(source)
        count = _brackets(source[start:end])
        if count > MAX_BRACKETS:
            return None, [("brackets", f"{count:,}", start)]
        start = gap.end() if gap else end
    try:
        out, raw = _render(_BODY_MD, source)
    except RecursionError:  # Python-Markdown recurses once per level of nesting
        return None, [("deep", "", 0)]
    findings = _findings(out, raw, BODY_TAGS)
    if findings:
        return None, _locate(source, findings)
    return Rich(source, _sanitize(out, BODY_TAGS)), []


_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)|^(?: {4}|\t).*$", re.S | re.M)


def _locate(source: str, findings) -> list[tuple[str, str, int]]:
    """Each finding with the offset of its first occurrence not yet claimed, in source order.

    Code is blanked first: a finding is never in code, and the same text may stand in both.
    """
    blanked = _CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    located, taken = [], {}
    for kind, detail in findings:
        needle = detail.strip().split("\n")[0] if detail.strip() else ""
        start = taken.get(needle, 0)
        pos = blanked.find(needle, start) if needle else -1
        if pos < 0 and needle:  # the blanking is a guess: an indented line may be prose
            pos = source.find(needle, start)
        if pos < 0 and kind == "link":  # the parser may have decoded it: point at a link instead
            pos = source.find("](", start)
        taken[needle] = pos + 1 if pos >= 0 else start
        located.append((kind, detail, max(pos, 0)))
    return sorted(located, key=lambda f: f[2])


def show_inline(value) -> Html:
    """Inline Markdown for a page: its checked HTML.

    Validated fields arrive as :class:`Rich`; any other text goes through the
    same policy here, and is shown as plain text if it fails.
    """
    rich = value if isinstance(value, Rich) else inline(str(value))[0]
    return Html(rich.html) if rich is not None else escaped_text(value)
