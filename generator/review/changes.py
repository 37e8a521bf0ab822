"""What changes for a reader between two versions of the site: page by page, in visible text.

From the ``{path: (before, after)}`` texts of ``briefing diff``: each page's change as hunks of
visible lines under their section (charts as their marks), the comparison verdicts that change,
and removed pages that are the same page under a new address (a renamed tag, entity, story or
briefing).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..pages import urls
from .visible import Page, read

RENAMED_SIMILARITY = 0.6  # share of visible lines a removed and an added page of one kind have in common
TELLING = 20  # a line on at most this many added pages tells which page a removed one became
CANDIDATES = 3  # added pages compared with each removed one
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
KEEP_AROUND = 12  # tokens (words and spaces) kept on each side of a change in a long line
FEEDS = (urls.ATOM_FEED, urls.JSON_FEED)


@dataclass(frozen=True)
class Hunk:
    section: str  # the heading the lines are under ("" for the top of the page), or "chart: <label>"
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """A row of a story's comparison whose verdict changes (or that appears or goes)."""

    story: str  # the story page's path
    title: str  # the story's title
    topic: str  # the topic as shown
    before: str | None  # None: no such row before
    after: str | None  # None: the row is gone
    values: tuple[tuple[str, str], ...]  # (source, value) on the side that has the row, the new one first


@dataclass(frozen=True)
class PageChange:
    path: str  # the page's source path (its URL: urls.url_of)
    status: str  # "changed", "added", "removed" or "renamed"
    title: str
    hunks: tuple[Hunk, ...]
    old_path: str | None = None  # a renamed page's former path
    old_title: str | None = None  # a changed page's title before

    @property
    def size(self) -> int:
        return sum(len(line) for h in self.hunks for line in (*h.removed, *h.added))


@dataclass(frozen=True)
class Changes:
    pages: tuple[PageChange, ...]  # by status (changed, added, renamed, removed), then path
    verdicts: tuple[Verdict, ...]


def changes(texts: dict) -> Changes:
    """The changes readers see, from ``{path: (before or None, after or None)}``."""
    pages, verdicts = [], []
    old_pages, new_pages = {}, {}
    for path in sorted(texts):
        before, after = texts[path]
        old = read(path, before) if before is not None else None
        new = read(path, after) if after is not None else None
        if old is not None and new is None:
            old_pages[path] = old
        elif new is not None and old is None:
            new_pages[path] = new
        if old is not None and new is not None:
            found = compare(old, new)
            if found:
                pages.append(PageChange(path, "changed", new.title or old.title, found, old_title=old.title))
        if path.startswith(urls.SECTIONS["story"] + "/"):
            verdicts += _verdicts(path, old, new)
    for old_path, new_path in _renames(old_pages, new_pages):
        old, new = old_pages.pop(old_path), new_pages.pop(new_path)
        pages.append(PageChange(new_path, "renamed", new.title, compare(old, new), old_path))
    for path, page in new_pages.items():
        pages.append(PageChange(path, "added", page.title, compare(Page(""), page)))
    for path, page in old_pages.items():
        pages.append(PageChange(path, "removed", page.title, compare(page, Page(""))))
    order = ("changed", "added", "renamed", "removed")
    pages.sort(key=lambda p: (order.index(p.status), p.path))
    return Changes(tuple(pages), tuple(verdicts))


def compare(old: Page, new: Page) -> tuple[Hunk, ...]:
    """The hunks of visible lines that differ, each under its section; then the charts' marks."""
    a, b = _flat(old), _flat(new)
    matcher = difflib.SequenceMatcher(None, [t for _, t in a], [t for _, t in b], autojunk=False)
    hunks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            section = b[j1][0]
            hunks.append(Hunk(section, tuple(t for _, t in a[i1:i2]), tuple(t for _, t in b[j1:j2])))
            continue
        side, start, end = (a, i1, i2) if tag == "delete" else (b, j1, j2)
        for section, lines in itertools.groupby(side[start:end], key=lambda line: line[0]):  # a section each
            lines = tuple(t for _, t in lines)
            hunks.append(Hunk(section, lines, ()) if tag == "delete" else Hunk(section, (), lines))
    for label in sorted(old.charts.keys() | new.charts.keys()):
        before, after = Counter(old.charts.get(label, ())), Counter(new.charts.get(label, ()))
        gone, came = sorted((before - after).elements()), sorted((after - before).elements())
        if gone or came:
            hunks.append(Hunk(f"chart: {label}", tuple(gone), tuple(came)))
    return tuple(hunks)


def _flat(page: Page) -> list[tuple[str, str]]:
    """(section, line) of every line, a heading in its own section."""
    out = []
    for heading, lines in page.sections:
        if heading:
            out.append((heading, heading))
        out += [(heading, line) for line in lines]
    return out


def _renames(old_pages: dict, new_pages: dict) -> list[tuple[str, str]]:
    """(removed path, added path) of the pages that are one page moved: same kind, mostly the same lines.

    Only the added pages that share the most telling lines with a removed one are compared with it: lines
    on many pages (a heading every briefing has) tell nothing, and comparing every pair would be quadratic.
    """
    having = defaultdict(set)  # a line of an added page -> the added pages it is on
    for path, page in new_pages.items():
        if urls.page_of(path) is not None:
            for line in set(page.lines()[1:]):
                having[line].add(path)
    telling = {line: paths for line, paths in having.items() if len(paths) <= TELLING}
    pairs, taken = [], set()
    for old_path, old in old_pages.items():
        kind = urls.page_of(old_path)
        if kind is None:
            continue
        lines = old.lines()[1:]
        shared = Counter(path for line in set(lines) for path in telling.get(line, ())
                         if path not in taken and urls.page_of(path)[0] == kind[0])
        best, best_ratio = None, RENAMED_SIMILARITY
        for new_path, _ in shared.most_common(CANDIDATES):
            ratio = difflib.SequenceMatcher(None, lines, new_pages[new_path].lines()[1:], autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = new_path, ratio
        if best is not None:
            taken.add(best)
            pairs.append((old_path, best))
    return pairs


def _verdicts(path: str, old: Page | None, new: Page | None) -> list[Verdict]:
    before = {row.topic: row for row in (old.rows if old else ())}
    after = {row.topic: row for row in (new.rows if new else ())}
    title = (new or old).title
    found = []
    for topic in [*after, *(t for t in before if t not in after)]:
        was, now = before.get(topic), after.get(topic)
        if was is not None and now is not None and was.verdict == now.verdict:
            continue
        shown = now or was
        found.append(Verdict(path, title, shown.label, was.verdict if was else None, now.verdict if now else None,
                             shown.values))
    return found


def word_diff(before: str, after: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The two lines with what changed marked as ``git diff --word-diff`` does (``[-gone-]``, ``{+new+}``), and
    what changed as (gone, new) pairs of words: the same edit on many pages is the same change.

    Changes apart by white space alone are one change; long stretches the two share are cut to a few words
    around each change.
    """
    merged = _runs(before, after)
    old, new = [], []
    for n, (equal, gone, came) in enumerate(merged):
        if equal:
            shared = (_elide(gone, first=n == 0, last=n == len(merged) - 1) if len(gone) > 2 * KEEP_AROUND
                      else "".join(gone))
            old.append(shared)
            new.append(shared)
            continue
        if gone:
            old.append("[-" + "".join(gone) + "-]")
        if came:
            new.append("{+" + "".join(came) + "+}")
    changed = tuple(("".join(gone), "".join(came)) for equal, gone, came in merged if not equal)
    return "".join(old), "".join(new), changed


def marked(before: str, after: str) -> tuple[str, str]:
    """The two lines, what changed marked (:func:`word_diff`)."""
    return word_diff(before, after)[:2]


def _runs(before: str, after: str) -> list[list]:
    """[shared?, old tokens, new tokens] of two lines, changes apart by white space alone joined."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    runs = [[tag == "equal", a[i1:i2], b[j1:j2]]
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    merged = []
    for n, run in enumerate(runs):
        between = 0 < n < len(runs) - 1 and run[0] and all(t.isspace() for t in run[1])
        if (between or not run[0]) and merged and not merged[-1][0]:
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append([run[0] and not between, list(run[1]), list(run[2])])
    return merged


def _elide(tokens: list, first: bool, last: bool) -> str:
    head = [] if first else tokens[:KEEP_AROUND]
    tail = [] if last else tokens[-KEEP_AROUND:]
    return "".join(head) + "…" + "".join(tail)


def similar(before: str, after: str) -> bool:
    """Whether two lines are one line edited (worth marking word by word) rather than two different lines."""
    return difflib.SequenceMatcher(None, _TOKEN.findall(before), _TOKEN.findall(after), autojunk=False).ratio() >= 0.5
