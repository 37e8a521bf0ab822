"""What a reader sees of a generated page: its title, its text section by section, its charts' marks and
its comparison table, read back from the page the generator wrote (front matter and HTML, or a feed).

``briefing diff`` compares these, not the markup: a change of a class, a ``<time>`` attribute or an SVG
coordinate is not something a reviewer needs to read.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader

# Elements whose start or end begins a new line of text
BLOCKS = frozenset("address article aside blockquote br caption dd details div dl dt figcaption figure footer form "
                   "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr "
                   "ul".split())
SECTION_HEADINGS = frozenset(("h1", "h2", "h3"))
SKIPPED = frozenset(("script", "style", "template", "head"))
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Row:
    """One topic of a story's comparison table."""

    topic: str  # its anchor, stable across wordings
    label: str  # the topic as shown
    verdict: str  # "Conflict", "Agree", "One source only"...
    values: tuple[tuple[str, str], ...]  # (source, what it says)


@dataclass
class Page:
    title: str
    sections: list = field(default_factory=list)  # [(heading, [line, ...]), ...]; the first heading may be ""
    charts: dict = field(default_factory=dict)  # chart label -> (mark, ...)
    rows: tuple = ()  # Row, ... (a story's comparison)

    def lines(self) -> list[str]:
        """Every line of text, in order, headings included."""
        out = []
        for heading, lines in self.sections:
            if heading:
                out.append(heading)
            out.extend(lines)
        return out


def read(path: str, text) -> Page:
    """The visible page of one generated file (``{path: text}`` of ``briefing diff``)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if path.endswith(".json"):
        return _json_feed(text)
    if path.endswith(".xml"):
        return _atom_feed(text)
    meta, body = _front_matter(text)
    reader = _Reader()
    reader.feed(body)
    reader.close()
    reader.end_line()
    sections = [(h, lines) for h, lines in reader.sections if h or lines]
    title = html.unescape(str(meta.get("title") or ""))  # front matter is HTML-escaped for themes
    return Page(title, sections, reader.charts, tuple(reader.rows))


def _front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            try:
                meta = yaml.load(text[4:end], Loader=_Loader)
            except yaml.YAMLError:
                meta = None
            return meta if isinstance(meta, dict) else {}, text[end + 5:]
    return {}, text


def text_of(html: str) -> str:
    """The visible text of an HTML fragment, on one line."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.end_line()
    return " ".join(line for _, lines in reader.sections for line in lines)


def _json_feed(text: str) -> Page:
    try:
        data = json.loads(text)
    except ValueError:
        return Page("JSON Feed", [("", text.splitlines())])
    lines = []
    for item in data.get("items", ()):
        lines += [str(item.get("title", "")), _SPACE.sub(" ", str(item.get("summary", ""))).strip()]
    return Page("JSON Feed", [("Entries", [line for line in lines if line])])


def _atom_feed(text: str) -> Page:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return Page("Atom feed", [("", text.splitlines())])
    ns = "{http://www.w3.org/2005/Atom}"
    lines = []
    for entry in root.iter(ns + "entry"):
        lines += [(entry.findtext(ns + "title") or "").strip(), text_of(entry.findtext(ns + "summary") or "")]
    return Page("Atom feed", [("Entries", [line for line in lines if line])])


class _Reader(HTMLParser):
    """Lines of visible text under their headings; chart marks by chart; the comparison table's rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = [("", [])]
        self.words: list[str] = []  # the line being read
        self.heading: list[str] | None = None  # text of the h1-h3 (or admonition title) being read
        self.heading_tag = ""
        self.skip = 0  # depth inside skipped elements (scripts, header links, hidden SVG)
        self.chart: tuple[str, list] | None = None  # (label, marks) of the SVG being read
        self.svg_depth = 0
        self.charts: dict = {}  # label -> (mark, ...)
        self.mark: list[str] | None = None  # text of a chart mark's <title>
        self.rows: list[Row] = []
        self.row: dict | None = None  # the comparison row being read
        self.cell = None  # what the text read now belongs to in that row: "label", "verdict", "source", "value"
        self.cell_depth = 0

    # -- lines
    def end_line(self) -> None:
        line = _SPACE.sub(" ", "".join(self.words)).strip()
        self.words = []
        if line:
            self.sections[-1][1].append(line)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.svg_depth:
            if tag == "svg":
                self.svg_depth += 1
            elif tag == "title" and self.chart is not None:
                self.mark = []
            return
        if self.skip:
            if tag not in _VOID:
                self.skip += 1
            return
        classes = (attrs.get("class") or "").split()
        if tag == "svg":
            self.svg_depth = 1
            label = attrs.get("aria-label")
            if label and attrs.get("aria-hidden") != "true":
                self.chart = (label, [])
            return
        if tag in SKIPPED or "headerlink" in classes:
            self.skip = 1
            return
        if tag in BLOCKS:
            self.end_line()
        if tag in SECTION_HEADINGS or (tag == "p" and "admonition-title" in classes):
            self.heading = []
            self.heading_tag = tag
        elif tag in ("td", "th") and self.words:
            self.words.append(" | ")
        self._row_start(tag, attrs, classes)

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS and not self.skip and not self.svg_depth:
            self.end_line()

    def handle_endtag(self, tag):
        if self.svg_depth:
            if tag == "svg":
                self.svg_depth -= 1
                if not self.svg_depth and self.chart is not None:
                    label, marks = self.chart
                    self.charts[label] = (*self.charts.get(label, ()), *marks)
                    self.chart = None
            elif tag == "title" and self.mark is not None:
                self.chart[1].append(_SPACE.sub(" ", "".join(self.mark)).strip())
                self.mark = None
            return
        if self.skip:
            self.skip -= 1
            return
        if self.heading is not None and tag == self.heading_tag:
            self.end_line()
            self.sections.append((_SPACE.sub(" ", "".join(self.heading)).strip(), []))
            self.heading = None
            return
        if tag in BLOCKS:
            self.end_line()
        self._row_end(tag)

    def handle_data(self, data):
        if self.svg_depth:
            if self.mark is not None:
                self.mark.append(data)
            return
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
            return
        self.words.append(data)
        if self.row is not None and self.cell:
            self.row[self.cell].append(data)

    # -- a story's comparison table: <tr class="briefing-matrix__conflict"><th><a href="#topic">label</a></th>
    #    <td class="briefing-matrix__verdict"><strong>Conflict</strong>...</td><td><span class="briefing-matrix__say">
    #    <a>source</a>: <strong>value</strong>...</span>...</td></tr>
    def _row_start(self, tag, attrs, classes):
        if tag == "tr" and any(c.startswith("briefing-matrix__") for c in classes):
            self.row = {"topic": "", "label": [], "verdict": [], "source": [], "value": [], "values": [],
                        "in_verdict": False, "in_say": False}
            return
        row = self.row
        if row is None:
            return
        if tag == "span" and "briefing-matrix__none" in classes and self.words:
            self.words.append(" · ")
        if tag == "a" and not row["topic"] and (attrs.get("href") or "").startswith("#"):
            row["topic"] = attrs["href"][1:]
            self._enter("label")
        elif tag == "td" and "briefing-matrix__verdict" in classes:
            row["in_verdict"] = True
        elif tag == "strong" and row["in_verdict"] and not row["verdict"]:
            self._enter("verdict")
        elif tag == "span" and "briefing-matrix__say" in classes:
            if self.words and not self.words[-1].endswith(" | "):
                self.words.append(" · ")  # the sources of a cell, told apart
            row["in_say"], row["say_depth"] = True, 0
            row["source"] = []
        elif tag == "span" and row["in_say"] and not self.cell:
            row["say_depth"] += 1
        elif tag == "a" and row["in_say"] and not row["source"]:
            self._enter("source")
        elif tag == "strong" and row["in_say"]:
            self._enter("value")
        elif self.cell:
            self.cell_depth += 1

    def _enter(self, cell):
        if self.cell is None:
            self.cell, self.cell_depth = cell, 1
            if cell == "value":
                self.row["value"] = []

    def _row_end(self, tag):
        row = self.row
        if row is None:
            return
        if self.cell:
            self.cell_depth -= 1
            if self.cell_depth:
                return
            if self.cell == "value":
                row["values"].append((_SPACE.sub(" ", "".join(row["source"])).strip(),
                                      _SPACE.sub(" ", "".join(row["value"])).strip()))
            self.cell = None
            return
        if tag == "td":
            row["in_verdict"] = False
        elif tag == "span" and row["in_say"]:
            if row["say_depth"]:
                row["say_depth"] -= 1
            else:
                row["in_say"] = False
        elif tag == "tr":
            def joined(key):
                return _SPACE.sub(" ", "".join(row[key])).strip()
            self.rows.append(Row(row["topic"], joined("label"), joined("verdict"), tuple(row["values"])))
            self.row = None


_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
