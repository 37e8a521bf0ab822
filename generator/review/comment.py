"""The pull-request comment of ``briefing diff --format markdown``: what readers will see change.

In the order a reviewer decides in:

1. the comparison verdicts that change (story, topic, before -> after, what the sources say);
2. addresses removed or renamed, and whether a redirect keeps each;
3. the pages the pull request is about: briefings whose files it changes, and new pages;
4. every other page, each change shown once ("the same change is also on ...").

The first three parts are never left out; the fourth fills what room is left under GitHub's limit and
names the rest, with a link to the full comparison (:func:`full`, uploaded by the workflow).

Everything that comes from the content (titles, text, values) is inert: it sits in code spans or
fenced code blocks (fences longer than any run of backticks it holds), never in Markdown or HTML,
so no heading, link, image, HTML or @mention of a contributor's renders or pings anyone.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from ..pages import urls
from .changes import Changes, Hunk, PageChange, similar, word_diff

COMMENT_BUDGET = 60_000  # characters: GitHub refuses comments over 65,536
ROWS_SHOWN = 100  # verdict changes and addresses listed in the comment; the rest in the full comparison
ALSO_NAMED = 4  # pages named in "the same change is also on ..."
HUNK_LINES = 8  # lines of one hunk shown in the comment
LINE_CHARS = 240  # characters of one line shown in the comment
READ_IN_A_MINUTE = 8_500  # characters: the other pages get what the first three parts leave of this...
OTHERS_AT_LEAST = 2_500  # ...but at least this much
KIND_NAMES = {"article": ("briefing", "briefings"), "story": ("story", "stories"), "tag": ("tag", "tags"),
              "entity": ("entity", "entities"), "year": ("timeline year", "timeline years"),
              "digest": ("weekly digest", "weekly digests"), None: ("listing, feed or home page",
                                                                   "listings, feeds and the home page")}


# -- inert text -------------------------------------------------------------------------------

def code(text: str, table: bool = False) -> str:
    """``text`` as a code span: nothing in it renders, links or mentions. In a table, '|' is escaped."""
    text = re.sub(r"\s+", " ", str(text)).strip() or " "
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def block(lines: list[str], language: str = "diff") -> list[str]:
    """A fenced code block holding ``lines``, its fence longer than any run of backticks in them."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + language, *lines, fence]


def address(site_url: str, path: str) -> str:
    """A page's address on the published site: absolute when mkdocs.yml has an http(s) site_url that a
    Markdown link can hold (a pull request may change mkdocs.yml too), else from the site's root."""
    url = urls.url_of(path)
    return f"{site_url.rstrip('/')}/{url}" if _SITE_URL.fullmatch(site_url) else f"/{url}"


_SITE_URL = re.compile(r"https?://[^\s()<>\[\]`\\\"']+")


def link(site_url: str, title: str, path: str) -> str:
    return f"[{code(title or urls.url_of(path) or 'home')}]({address(site_url, path)})"


# -- the parts --------------------------------------------------------------------------------

def _header(result, changes: Changes) -> list[str]:
    counts = defaultdict(int)
    for page in changes.pages:
        counts[page.status] += 1
    said = [f"{counts[s]} page{'' if counts[s] == 1 else 's'} {s}" if s == "changed" else f"{counts[s]} {s}"
            for s in ("changed", "added", "renamed", "removed") if counts[s] or s == "changed"]
    where = f" of {result.site_url}" if _SITE_URL.fullmatch(result.site_url) else ""
    out = ["### What readers will see change", "",
           f"**{', '.join(said)}**{where}, against {code(result.rev)} ({code(result.commit[:12])})."]
    if result.base_problems:
        count = len(result.base_problems)
        out += ["", f"> **Note:** the content at {code(result.rev)} has {count} problem{'' if count == 1 else 's'}: "
                    "it is compared with an empty site, so every page shows as added."]
    if not changes.pages:
        out += ["", "No page changes for readers."]
    return out


def _verdict_table(result, changes: Changes, limit: int | None) -> list[str]:
    if not changes.verdicts:
        return []
    rows = changes.verdicts if limit is None else changes.verdicts[:limit]
    out = ["", "#### How the sources compare: verdicts that change", "",
           "| Story | Topic | Before | After | What the sources say |", "|---|---|---|---|---|"]
    for v in rows:
        said = "; ".join(f"{source}: {value}" for source, value in v.values)
        if limit is not None and len(said) > LINE_CHARS:
            said = said[:LINE_CHARS - 1] + "…"
        before = code(v.before, True) if v.before else "(new)"
        after = f"**{code(v.after, True)}**" if v.after else "(gone)"
        story = link(result.site_url, v.title, v.story).replace("|", "\\|")
        out.append(f"| {story} | {code(v.topic, True)} | {before} | {after} | {code(said, True) if said else ''} |")
    if len(changes.verdicts) > len(rows):
        out += ["", f"… and {len(changes.verdicts) - len(rows)} more verdict changes in the full comparison."]
    return out


def _addresses(result, changes: Changes, limit: int | None) -> list[str]:
    moved = [p for p in changes.pages if p.status in ("renamed", "removed")]
    if not moved:
        return []
    out = ["", "#### Addresses removed or renamed", ""]
    for page in moved if limit is None else moved[:limit]:
        old = page.old_path if page.status == "renamed" else page.path
        kept = result.redirected.get(old)
        if page.status == "renamed":
            line = (f"- renamed {code('/' + urls.url_of(old))} → {link(result.site_url, page.title, page.path)}: ")
        else:
            line = f"- removed {code('/' + urls.url_of(old))}" + (f" ({code(page.title)})" if page.title else "") + ": "
        if kept:
            line += f"a redirect keeps the old address, to {code('/' + urls.url_of(kept))}."
        elif urls.page_of(old) and urls.page_of(old)[0] in ("article", "tag", "entity", "story"):
            kind, old_id = urls.page_of(old)
            new_id = urls.page_of(page.path)[1] if page.status == "renamed" else "<new id>"
            line += (f"**no redirect**: links to it will find nothing. If it moved, add "
                     f"{code(f'{old_id}: {new_id}')} under {code(urls.SECTIONS[kind] + ':')} in "
                     f"{code('briefings/redirects.yml')}.")
        else:
            line += "no redirect (a listing page)."
        out.append(line)
    if limit is not None and len(moved) > limit:
        out.append(f"- … and {len(moved) - limit} more in the full comparison.")
    return out


class _Pages:
    """Renders pages' changes, showing each change once and naming the other pages it is on."""

    def __init__(self, result, changes: Changes, capped: bool):
        self.site_url, self.capped = result.site_url, capped
        self.on = defaultdict(list)  # a change -> the pages it is on
        self.lines = {}  # id(hunk) -> its lines as shown
        self.keys = {}  # id(hunk) -> what makes it the same change as another
        self.texts = defaultdict(set)  # a change -> the lines it is made of, on its pages
        for page in changes.pages:
            for hunk in page.hunks:
                # lines edited in place: each pair compared once, for both its marked lines and its changed words
                pairs = ([word_diff(a, b) for a, b in zip(hunk.removed, hunk.added)] if _edited(hunk) else None)
                self.lines[id(hunk)] = tuple(self._lines(hunk, pairs))
                key = self.keys[id(hunk)] = (("words", *(changed for _, _, changed in pairs)) if pairs
                                             else ("lines", *self.lines[id(hunk)][1:]))
                if page.status in ("changed", "added", "renamed") and page not in self.on[key]:
                    self.on[key].append(page)
                    self.texts[key].add((hunk.removed, hunk.added))
        self.shown = set()  # changes shown

    def key(self, hunk: Hunk) -> tuple:
        """The same change: the same words changed in lines edited (a tag renamed in every list of tags),
        or else the same lines as shown, under any heading."""
        return self.keys[id(hunk)]

    def pending(self, page: PageChange) -> list[Hunk]:
        return [h for h in page.hunks if self.key(h) not in self.shown]

    def render(self, page: PageChange, heading: bool = True) -> list[str]:
        status = {"changed": "", "added": " (new page)", "renamed": " (renamed)"}[page.status]
        out = ["", f"**{link(self.site_url, page.title, page.path)}**{status}"] if heading else []
        hunks = self.pending(page)
        if len(hunks) < len(page.hunks):
            out += ["", f"{len(page.hunks) - len(hunks)} change{'s' if len(page.hunks) - len(hunks) > 1 else ''} "
                        "of this page shown above."]
        elif not page.hunks:
            out += ["", "The same text as before, at a new address." if page.status == "renamed"
                        else "Nothing a reader sees changes."]
        lines = []  # one code block for the changes in a row that are on this page only
        for hunk in hunks:
            key = self.key(hunk)
            if key in self.shown:  # the same change twice on one page
                continue
            self.shown.add(key)
            others = [p for p in self.on[key] if p is not page]
            if not others:
                lines += self.lines[id(hunk)]
                continue
            if lines:
                out += ["", *block(lines)]
                lines = []
            named = ", ".join(link(self.site_url, p.title, p.path) for p in others[:ALSO_NAMED])
            more = f" and {len(others) - ALSO_NAMED} more" if len(others) > ALSO_NAMED else ""
            same = "change is also" if len(self.texts[key]) == 1 else "words change"
            out += ["", *block(list(self.lines[id(hunk)])),
                    f"The same {same} on {len(others)} other page{'s' if len(others) > 1 else ''}: {named}{more}."]
        if lines:
            out += ["", *block(lines)]
        return out

    def _lines(self, hunk: Hunk, pairs: list | None) -> list[str]:
        """The hunk as shown: its section, then its lines (``pairs``: the word diffs of lines edited in place)."""
        out = [f"@@ {hunk.section or 'top of the page'}"]
        removed, added = list(hunk.removed), list(hunk.added)
        for lines in (removed, added):  # a section added or removed whole: its heading is the @@ line
            if lines and lines[0] == hunk.section and not (removed and added):
                del lines[0]
        if pairs:
            body = [f"{sign} {line}" for old, new, _ in pairs for sign, line in (("-", old), ("+", new))]
        else:
            body = [f"- {line}" for line in removed] + [f"+ {line}" for line in added]
        if self.capped:
            body = [line if len(line) <= LINE_CHARS else line[:LINE_CHARS - 1] + "…" for line in body]
            if len(body) > HUNK_LINES:
                body = body[:HUNK_LINES] + [f"  … {len(body) - HUNK_LINES} more lines in the full comparison"]
        return out + body

    def fully_shown(self, page: PageChange) -> bool:
        return not self.pending(page)


def _edited(hunk: Hunk) -> bool:
    """Whether a hunk's lines are the same lines edited, each removed line paired with an added one."""
    return (len(hunk.removed) == len(hunk.added) > 0
            and all(similar(a, b) for a, b in zip(hunk.removed, hunk.added)))


def _about(result, changes: Changes) -> list[PageChange]:
    """The pages the pull request is about: briefings whose files it changes, then the briefings, tags,
    entities and stories it gives a new title, then new and renamed pages."""
    ids = {re.sub(r"\.(yml|yaml|txt|md)$", "", name[len("articles/"):]) for name in result.touched
           if name.startswith("articles/")}
    own = [p for p in changes.pages if p.status in ("changed", "added", "renamed")
           and (urls.page_of(p.path) or ("", ""))[0] == "article" and urls.page_of(p.path)[1] in ids]
    own += [p for p in changes.pages if p.status == "changed" and p not in own and urls.page_of(p.path)
            and urls.page_of(p.path)[0] in ("article", "tag", "entity", "story") and p.old_title != p.title]
    new = [p for p in changes.pages if p.status in ("added", "renamed") and p not in own]
    kinds = list(urls.SECTIONS)
    new.sort(key=lambda p: (kinds.index(urls.page_of(p.path)[0]) if urls.page_of(p.path) else len(kinds), p.path))
    return own + new


def _summary_of(pages: list[PageChange]) -> str:
    by_kind = defaultdict(int)
    for page in pages:
        by_kind[(urls.page_of(page.path) or (None,))[0]] += 1
    return ", ".join(f"{n} {KIND_NAMES[kind][n != 1]}" for kind, n in sorted(by_kind.items(), key=lambda i: -i[1]))


def comment(result, changes: Changes, full_url: str | None = None, budget: int = COMMENT_BUDGET) -> str:
    """The comment, under ``budget`` characters; ``full_url`` links the full comparison."""
    out = _header(result, changes)
    out += _verdict_table(result, changes, ROWS_SHOWN)
    out += _addresses(result, changes, ROWS_SHOWN)
    pages = _Pages(result, changes, capped=True)
    reserve = 4_000  # kept for the rest: the list of other pages and the closing line
    about = _about(result, changes)
    if about:
        out += ["", "#### The pages this change is about"]
        for n, page in enumerate(about):
            part = pages.render(page)
            if len("\n".join(out)) + len("\n".join(part)) > budget - reserve:
                rest = about[n:]
                out += ["", f"{len(rest)} more: " + ", ".join(link(result.site_url, p.title, p.path)
                                                               for p in rest[:ROWS_SHOWN])
                        + (f" and {len(rest) - ROWS_SHOWN} more." if len(rest) > ROWS_SHOWN else ".")]
                break
            out += part
    others = [p for p in changes.pages if p.status == "changed" and p not in about and not pages.fully_shown(p)]
    if others:
        out += ["", "#### Other pages that change"]
        room = min(budget, len("\n".join(out)) + max(OTHERS_AT_LEAST, READ_IN_A_MINUTE - len("\n".join(out))))
        left = []
        repeated = 0
        for page in others:
            if pages.fully_shown(page):  # every change of it is shown on an earlier page
                repeated += 1
                continue
            if left:
                left.append(page)
                continue
            saved = set(pages.shown)
            part = ["", "<details>", f"<summary><code>{_escape(page.title)}</code> "
                                     f"<code>/{_escape(urls.url_of(page.path))}</code></summary>",
                    *pages.render(page, heading=False), "", "</details>"]
            if len("\n".join(out)) + len("\n".join(part)) > room - 600:
                pages.shown = saved
                left.append(page)
                continue
            out += part
        if left:
            out += ["", f"{len(left)} more page{'s change' if len(left) > 1 else ' changes'} ({_summary_of(left)}): "
                        "see the full comparison."]
        if repeated:
            out += ["", f"{repeated} more page{'s change' if repeated > 1 else ' changes'} only as shown above."]
    if full_url:
        out += ["", f"[The full comparison, every page]({full_url}) (Markdown and HTML, in the workflow's artifacts)."]
    text = "\n".join(out) + "\n"
    if len(text) > budget:  # parts 1-3 alone are past the limit: keep their start, say so
        cut = text[: budget - 200].rsplit("\n\n", 1)[0]
        text = cut + "\n\n… the rest of this comment is in the full comparison.\n"
    return text


def full(result, changes: Changes) -> str:
    """Every change of every page, nothing cut: the artifact the comment links."""
    out = _header(result, changes)
    out += _verdict_table(result, changes, None)
    out += _addresses(result, changes, None)
    pages = _Pages(result, changes, capped=False)
    about = _about(result, changes)
    if about:
        out += ["", "#### The pages this change is about"]
        for page in about:
            out += pages.render(page)
    others = [p for p in changes.pages if p.status == "changed" and p not in about and not pages.fully_shown(p)]
    if others:
        out += ["", "#### Other pages that change"]
        for page in others:
            if not pages.fully_shown(page):
                out += pages.render(page)
    return "\n".join(out) + "\n"


def full_html(markdown_text: str) -> str:
    """The full comparison as one HTML file (Python-Markdown: contributor text is in code, escaped)."""
    import markdown

    body = markdown.markdown(markdown_text, extensions=["fenced_code", "tables"])
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>What readers will see change"
            "</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
            "pre{background:#f6f8fa;padding:.75rem;overflow-x:auto;white-space:pre-wrap}table{border-collapse:collapse}"
            "td,th{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top}</style></head><body>\n"
            f"{body}\n</body></html>\n")


def _escape(text: str) -> str:
    """Text for inside a <code> of the HTML of a <summary>: escaped, on one line (no blank line ends the block)."""
    return html.escape(re.sub(r"\s+", " ", text).strip() or " ")
