"""Stage 4: view data into pages, through Jinja templates. No I/O here.

Each page is rendered once, to HTML: a ``.md`` file of front matter (title,
description, kind, its table of contents: :mod:`generator.pages.headings`) and an
HTML body that the site builder only puts in the theme
(``hooks/generated_pages.py``). Templates live in ``generator/pages/templates``; a
site overrides any of them by putting a file of the same name in its own
templates directory. Every value a template prints is escaped as plain text
unless a filter (``inline``) already made it safe HTML: contributor text
cannot inject HTML.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import traceback
from pathlib import Path

import jinja2
import markupsafe

from . import charts, compare, headings, labels, trends, urls
from ..content import htmlsafe, richtext
from .urls import entry_link, path_of
from ..content.errors import ContentError, Problem, display
from ..content.settings import EXCERPT_WORDS, Limits, SiteInfo  # noqa: F401 (part of this module's interface)
from .index import Indexes, active_stories, by_year, headlines
from ..content.model import MONTHS, Content
from .write import NOTICE
from .pagecache import ALL

# A YAML comment at the top of the front matter: MkDocs drops it, so no page carries an HTML comment
# (one before the title made Material's search index an empty entry for every page).
GENERATED_MARK = htmlsafe.Html(f"# {NOTICE}")


def _finalize(value):
    """Every printed value: trusted HTML (Html, macro output) as is, anything else as plain text."""
    if value is None:
        return htmlsafe.Html("")
    if isinstance(value, markupsafe.Markup):
        return value
    return _text(str(value))


_attr = functools.lru_cache(maxsize=1 << 16)(lambda value: htmlsafe.Html(html.escape(value)))  # links repeat too
_text = functools.lru_cache(maxsize=1 << 16)(htmlsafe.text)  # names and titles repeat on thousands of pages


@jinja2.pass_context
def _href(ctx, target: str) -> htmlsafe.Html:
    """A link from the page being rendered to ``target`` (a path under the output directory)."""
    return _attr(urls.link(ctx["page"], target))


@jinja2.pass_context
def _entry(ctx, e, anchor: bool = False) -> htmlsafe.Html:
    """The ``entry`` macro of ``_macros.html.j2`` for a timeline entry, rendered once per folder.

    An entry is shown on its year, tag, entity and story pages; its line differs
    only by the folder its links are relative to, so it is rendered once per folder.
    """
    memo, folder = ctx["_entries"], posixpath.dirname(ctx["page"])
    on_its_story = bool(e.story) and path_of("story", e.story) == ctx["page"]  # no link to the page it is on
    key = (e.kind, e.id, folder, anchor, on_its_story)
    line = memo.get(key)
    if line is None:
        macros = memo.get(folder)
        if macros is None:
            macros = memo[folder] = ctx.environment.get_template("_macros.html.j2").make_module({"page": ctx["page"]})
        line = memo[key] = macros.entry(e, anchor, on_its_story)
    return line


def role_span(role, entries) -> tuple:
    """(first, last) FuzzyDate of a role on a timeline: an unknown start or end is where the timeline starts or ends."""
    dates = [e.date for e in entries] + [d for d in (role.start, role.end) if d]
    return role.start or min(dates), role.end or max(dates)


@jinja2.pass_context
def _timeline_chart(ctx, entries, label: str, lanes: str = "story", roles=()) -> htmlsafe.Html:
    """A visual timeline of ``entries`` (charts.py) as a raw HTML block; links by source path (hooks/generated_pages.py).

    Lanes are stories (``lanes="story"``) or briefings and context events (``"kind"``, on a story's own page).
    When the marks are too many to draw, bars per month or year link to the timeline's year pages.
    """
    page, stories, years = ctx["page"], ctx["stories"], ctx["idx"].years

    def link(target: str) -> str:
        return urls.link(page, target)

    def lane(e) -> str:
        if lanes == "kind":
            return "Briefings" if e.kind == "article" else "Context events"
        return stories[e.story].title if e.story in stories else ""

    # A month's bar links to the heading its entries are under on the year page, known from these entries
    # alone (the page's inputs): a date known only to its year counts in January and is shown under
    # "Sometime in <year>"; a month with only a role's start has no heading (the year page's top).
    months = {(e.date.start.year, e.date.start.month) for e in entries if e.date.precision != "year"}
    only_years = {e.date.start.year for e in entries if e.date.precision == "year"}

    def bucket(day, precision: str) -> str:
        if day.year not in years:
            return ""
        anchor = ""
        if precision == "month" and (day.year, day.month) in months:
            anchor = f"#{MONTHS[day.month - 1].lower()}-{day.year}"
        elif precision == "month" and day.month == 1 and day.year in only_years:
            anchor = f"#sometime-in-{day.year}"
        return link(path_of("year", day.year) + anchor)

    marks = [charts.mark_of(e.date, lane(e), e.kind, _mark_title(e), link(entry_link(e))) for e in entries]
    for role in roles:  # a bar from its start to its end, on the same axis, in a lane named by the position
        first, last = (charts.mark_of(d, "", "role", "", "") for d in role_span(role, entries))
        of = ctx["entities"].get(role.of)
        joiner = ", at " if of and labels.names_unit(role.title, of.name) else " of "
        title = role.title + (joiner + of.name if of else "") + labels.tenure(role)
        target = link(path_of("entity", role.of)) if of and role.of in ctx["idx"].entity_pages else "#roles"
        position = labels.position(role.title, of.name if of else "")
        marks.append(charts.Mark(first.start, max(first.end, last.end), position, "role", title, target,
                                 "day" if first.precision == last.precision == "day" else "month"))
    # past 150 marks a timeline is bars per month: more would not be told apart on 720 px, and would weigh more
    return htmlsafe.Html(charts.timeline_block(marks, label=label, bucket_href=bucket, max_marks=150))


def _mark_title(e) -> str:
    """A timeline mark's title: a draft's says so (only the preview draws drafts)."""
    return f"Draft: {e.title}" if e.kind == "article" and e.item.annotation.draft else e.title


class _Charts:
    """charts.py for templates: its blocks and tables are trusted HTML (every label in them is escaped there)."""

    bar_chart_svg, heatmap_svg = staticmethod(charts.bar_chart_svg), staticmethod(charts.heatmap_svg)

    @staticmethod
    def block(svg: str) -> htmlsafe.Html:
        return htmlsafe.Html(charts.block(svg))

    @staticmethod
    def table_of(rows, header) -> htmlsafe.Html:
        return htmlsafe.Html(charts.table_of(rows, header))


inline = richtext.show_inline  # the filter of inline Markdown fields


def block(value: richtext.Rich) -> htmlsafe.Html:
    """A checked Markdown article body, in its own element (its headings are the article's, not the page's)."""
    return htmlsafe.Html(f'<div class="briefing-text">\n{value.html}\n</div>')


_FIRST_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)


def excerpt(article, words: int = EXCERPT_WORDS) -> str:
    """The first paragraph of an article's text as plain text, cut after ``words`` words (with "…"); "" if none."""
    for b in article.body:
        if b.kind == "p":
            text = b.text
        elif b.kind == "md":
            found = _FIRST_PARAGRAPH_RE.search(b.text.html)
            if found is None:
                continue
            text = richtext.plain_text(found.group(1))
        else:
            continue
        cut = text.split()
        if cut:
            return " ".join(cut[:words]) + ("…" if len(cut) > words else "")
    return ""


def _plural(count: int, word: str) -> str:
    """'1 source', '2 sources'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def environment(overrides=None) -> jinja2.Environment:
    if overrides:
        _refuse_markdown_templates(Path(overrides))
    loaders = [jinja2.FileSystemLoader(str(overrides))] if overrides else []
    loaders.append(jinja2.PackageLoader("generator.pages", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # autoescape makes macro output trusted Markup; _finalize escapes the rest as HTML text
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=inline, text=htmlsafe.text, block=block, attr=htmlsafe.attribute,
                       description=htmlsafe.description, attribute_text=htmlsafe.attribute_text,
                       url=htmlsafe.url, **labels.FILTERS)
    env.globals.update(href=_href, plural=_plural, GENERATED_MARK=GENERATED_MARK, index_of=urls.index_of,
                       urls=urls, timeline_chart=_timeline_chart, excerpt=excerpt, charts=_Charts, trends_of=trends,
                       ONPAGE=htmlsafe.Html(headings.ONPAGE), **labels.GLOBALS)
    return env


def _refuse_markdown_templates(folder: Path) -> None:
    """An override written for the pages' Markdown (``tag.md.j2``) would be silently ignored: it is an error."""
    old = sorted(folder.glob("*.md.j2"))
    if old:
        raise ContentError([Problem(display(path), 1, 1, f"template '{path.name}' is not read: pages are rendered to "
                                    f"HTML by '{path.name[:-6]}.html.j2' templates",
                                    f"rename it {path.name[:-6]}.html.j2 and write HTML, as "
                                    f"generator/pages/templates/{path.name[:-6]}.html.j2 does") for path in old])


def template_problem(exc: jinja2.TemplateError, template: str) -> ContentError:
    """A template's error as a located problem: its file and line when Jinja knows them."""
    line = getattr(exc, "lineno", None)
    where = getattr(exc, "filename", None) or template
    if line is None:  # a runtime error: the template frame in the traceback has the line
        for frame, frame_line in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename.endswith(".j2"):
                where, line = frame.f_code.co_filename, frame_line
    hint = "fix the override in templates/, or remove it to use the built-in template"
    return ContentError([Problem(display(Path(where)), line or 1, 1, f"template error: {exc.message or exc}", hint)])


def by_title(items, attribute: str) -> list:
    """Vocabulary entries in the order of the titles an index shows: case-insensitive, then by id (stable)."""
    return sorted(items, key=lambda item: (getattr(item, attribute).casefold(), getattr(item, attribute), item.id))


def _kinds(entries) -> tuple[int, int]:
    """(briefings, context events) among timeline entries."""
    articles = sum(1 for e in entries if e.kind == "article")
    return articles, len(entries) - articles


class Later(functools.partial):
    """A page's data worked out only if the page is rendered (not when it is kept, nor when only paths are listed)."""


class Renderer:
    """Renders every page from its template and explicit inputs; with a page cache, only pages whose inputs changed."""

    def __init__(self, content: Content, idx: Indexes, site: SiteInfo, limits: Limits, overrides=None, reuse=None,
                 env: jinja2.Environment | None = None):
        """``env``: another renderer's environment (of the same ``overrides``), its compiled templates reused
        (``briefing serve`` makes a renderer after each edit; compiling the templates took longer than a page)."""
        self.content, self.idx, self.site, self.limits = content, idx, site, limits
        self.env = env or environment(overrides)
        self.env.globals.update(
            site=site, content=content, idx=idx, path_of=path_of, entry_link=entry_link,
            tags=content.tags, entities=content.entities, stories=content.stories, topics=content.topics,
            idx_articles={a.id: a for a in content.articles}, timeline_entry=_entry, _entries={},
        )
        self.reuse = reuse
        self._neighbours: dict[str, dict] = {}  # story id -> {briefing id: (earlier, later)}
        self.pages: dict[str, str] = {}
        self.kept: set[str] = set()  # pages still current on disk (not rendered again)

    def entries(self, entries) -> list:
        """The input that timeline entries are: each article or event, and its story's title."""
        return [self.reuse.inputs.entries(entries)] if self.reuse is not None and self.reuse.keyed else []

    def page(self, path: str, template: str, inputs=(ALL,), **data) -> None:
        if path in self.pages or path in self.kept:
            raise ValueError(f"two pages rendered to {path}")  # a bug, not a user error
        if self.reuse is not None and self.reuse.current(path, self.reuse.key(path, template, inputs)):
            self.kept.add(path)
            return
        data = {name: value() if isinstance(value, Later) else value for name, value in data.items()}
        try:
            self.pages[path] = headings.finish(self.env.get_template(template).render(page=path, **data))
        except jinja2.TemplateError as exc:  # an override (or a bug): a located message, not a traceback
            raise template_problem(exc, template) from None

    def listing(self, kind: str, key, template: str, entries, inputs, **data) -> None:
        """A page of timeline entries; split into year pages when it is long."""
        path = path_of(kind, key)
        only = getattr(self.reuse, "only", None)
        if only is not None and path not in only and not any(p.startswith(path[: -len(".md")] + "/") for p in only):
            split = len(entries) > self.limits.listing_split  # listed only: its pages' paths, nothing gathered
            for sub in [urls.part_of(path, year) for year in {e.date.year for e in entries}] if split else ():
                self._listed_only(sub)
            self._listed_only(path)
            return
        years = by_year(entries)
        split = sum(len(v) for v in years.values()) > self.limits.listing_split
        counts = {y: len(v) for y, v in years.items()}
        year_pages = {}
        if split:  # each year page shows its year's entries; the first page, links and counts
            for year, items in years.items():
                sub = urls.part_of(path, year)
                year_pages[year] = sub
                self.page(sub, template, inputs + self.entries(items), key=key, years={year: items},
                          year_pages={}, part=year, all_entries=items, **data)
        # the first page's chart draws every entry, split or not
        self.page(path, template, inputs + self.entries(entries), key=key, years={} if split else years,
                  year_pages=year_pages, counts=counts, part=None, all_entries=entries, **data)

    def archive(self, articles) -> None:
        """Every briefing, newest first by month of publication; one page per year when there are many."""
        index = urls.index_of("article")
        only = getattr(self.reuse, "only", None)
        if only is not None and not any(p == index or p.startswith(index[: -len(".md")] + "/") for p in only):
            split = len(articles) > self.limits.listing_split  # listed only
            for year in {a.date.year for a in articles} if split else ():
                self._listed_only(urls.part_of(index, year))
            self._listed_only(index)
            return
        newest = sorted(articles, key=lambda a: (a.date, a.id), reverse=True)
        years: dict[int, list] = {}
        for article in newest:
            years.setdefault(article.date.year, []).append(article)
        counts = {year: len(items) for year, items in years.items()}
        if len(newest) <= self.limits.listing_split:
            self.page(index, "briefings.html.j2", total=len(newest), articles=newest, year_pages={}, counts=counts,
                      part=None)
            return
        year_pages = {year: urls.part_of(index, year) for year in years}
        for year, items in years.items():
            self.page(year_pages[year], "briefings.html.j2", [("archive", year)], total=len(items), articles=items,
                      year_pages={}, counts=counts, part=year)
        self.page(index, "briefings.html.j2", [("counts", tuple(counts.items()))], total=len(newest), articles=(),
                  year_pages=year_pages, counts=counts, part=None)

    def render_all(self) -> dict[str, str]:
        c, idx = self.content, self.idx
        for article in c.articles:
            self.article(article)
        self.archive(c.articles)
        self.stories_index()
        for sid in idx.stories:
            self.story(sid)
        self.timeline()
        self.trends()
        for year in idx.years:
            self.year(year)
        self.tags_index()
        for tid in idx.tags:  # the tags, entities and stories nothing shows on have no page (index.Indexes.has_page)
            self.tag(tid)
        self.entities_index()
        for eid in c.entities:
            if eid in idx.entity_pages:
                self.entity(eid)
        self.digests_index()
        for week in idx.weeks:
            self.digest(week.slug)
        self.home()
        return self.pages

    def render_page(self, path: str) -> str | None:
        """One page alone (``briefing serve`` renders the page a browser asks for), or None if there is no such page.

        The page's group (an article, a tag's listing and its year pages, the archive...) is asked
        for that page only: ``self.reuse`` must be a :class:`PageKeys` with ``only={path}``.
        """
        unit = self._unit_of(path)
        if unit is None:
            return None
        self.pages.clear()
        self.kept.clear()
        unit()
        return self.pages.get(path)

    def _unit_of(self, path: str):
        """What renders ``path`` (with the other pages of its group), from the path's shape (:mod:`urls`)."""
        singles = {urls.HOME: self.home, urls.TRENDS: self.trends, urls.index_of("story"): self.stories_index,
                   urls.index_of("year"): self.timeline, urls.index_of("tag"): self.tags_index,
                   urls.index_of("entity"): self.entities_index, urls.index_of("digest"): self.digests_index}
        if path in singles:
            return singles[path]
        folder, _, rest = path.partition("/")
        kind = urls.KINDS.get(folder)
        if kind is None or not rest.endswith(".md"):
            return None
        key = rest[: -len(".md")].split("/")[0]
        if kind == "article":
            if key == "index":
                return lambda: self.archive(self.content.articles)
            found = self._articles.get(key)
            return None if found is None else functools.partial(self.article, found)
        if kind == "year":
            return functools.partial(self.year, int(key)) if key.isdigit() and int(key) in self.idx.years else None
        known = {"story": self.idx.stories, "tag": self.idx.tags, "entity": self.idx.entity_pages,
                 "digest": self._weeks}[kind]
        return functools.partial(getattr(self, kind), key) if key in known else None  # an id of no page: None

    @functools.cached_property
    def _articles(self) -> dict:
        return {a.id: a for a in self.content.articles}

    def _listed_only(self, path: str) -> bool:
        """Whether ``path`` is only to be listed, not rendered (so its inputs need not be gathered)."""
        reuse = self.reuse
        if reuse is None or getattr(reuse, "only", None) is None or path in reuse.only:
            return False
        reuse.keys[path] = None
        return True

    def article(self, article) -> None:
        if self._listed_only(path_of("article", article.id)):  # 10,000 lists of inputs for nothing
            return
        a, idx = article.annotation, self.idx
        backlinks = idx.backlinks.get(article.id, ())
        inputs = [("article", article.id), ("backlinks", article.id), ("story", a.story),
                  ("story-members", a.story), ("story-claims", a.story)]
        inputs += [("tag", t) for t in a.tags] + [("entity", e) for e in a.entities]
        inputs += [("entity", q.speaker) for q in a.quotes] + [("article", r) for r in a.related + backlinks]
        inputs += [("entity", c.attributed_to) for c in a.claims if c.cites_entity]
        inputs += [("topics",)] if a.claims else []
        earlier, later = self._story_neighbours(article)
        inputs += [("counts", tuple((n.id, n.annotation.title) for n in (earlier, later) if n))]
        self.page(path_of("article", article.id), "article.html.j2", inputs, article=article, backlinks=backlinks,
                  earlier=earlier, later=later)

    def _story_neighbours(self, article) -> tuple:
        """The briefings before and after ``article`` in its story, in event order (its timeline's), or None."""
        sid = article.annotation.story
        if sid not in self.idx.stories:
            return None, None
        found = self._neighbours.get(sid)
        if found is None:  # once per story, not once per briefing
            order = [e.item for e in self.idx.stories[sid].timeline if e.kind == "article"]
            found = self._neighbours[sid] = {
                a.id: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
                for i, a in enumerate(order)}
        return found[article.id]

    @functools.cached_property
    def _stories_in_order(self) -> list:
        """The stories as their index lists them: most recently active first."""
        return sorted(self.idx.stories.values(), key=lambda v: (v.last_activity, v.story.id), reverse=True)

    @functools.cached_property
    def _story_position(self) -> dict:
        return {v.story.id: i for i, v in enumerate(self._stories_in_order)}

    def stories_index(self) -> None:
        if self._listed_only(urls.index_of("story")):
            return
        self.page(urls.index_of("story"), "stories.html.j2", views=Later(getattr, self, "_stories_in_order"))

    def story(self, sid: str) -> None:
        if self._listed_only(path_of("story", sid)):
            return
        view = self.idx.stories[sid]
        # the stories before and after it in the stories index: older activity on the left, newer on the right
        order, i = self._stories_in_order, self._story_position[sid]
        older = order[i + 1].story if i + 1 < len(order) else None
        newer = order[i - 1].story if i else None
        inputs = [("story", sid), ("story-claims", sid), ("topics",)] + [("article", a.id) for a in view.articles]
        inputs += self.entries(view.timeline)
        inputs += [("counts", tuple((s.id, s.title) for s in (older, newer) if s))]
        self.page(path_of("story", sid), "story.html.j2", inputs, view=view, older=older, newer=newer,
                  columns=Later(compare.columns, view.articles, self.limits.matrix_sources))

    def timeline(self) -> None:
        if self._listed_only(urls.index_of("year")):
            return
        idx = self.idx
        year_counts = {year: _kinds(entries) for year, entries in idx.years.items()}
        major = tuple(e for e in reversed(idx.timeline) if e.importance >= 4)[:20]
        self.page(urls.index_of("year"), "timeline.html.j2",
                  [("counts", tuple(year_counts.items()))] + self.entries(major) + self.entries(idx.timeline),
                  counts=year_counts, major=major)

    def trends(self) -> None:
        if self._listed_only(urls.TRENDS):
            return
        self.page(urls.TRENDS, "trends.html.j2", trends=Later(trends.trends, self.content, self.idx))

    def year(self, year: int) -> None:
        if self._listed_only(path_of("year", year)):
            return
        entries = self.idx.years[year]
        self.page(path_of("year", year), "timeline_year.html.j2", [("years",)] + self.entries(entries),
                  year=year, entries=entries)

    def tags_index(self) -> None:
        if self._listed_only(urls.index_of("tag")):
            return
        tags = self.content.tags
        tag_counts = {tid: _kinds(entries) for tid, entries in self.idx.tags.items()}
        self.page(urls.index_of("tag"), "tags.html.j2", [("tags",), ("counts", tuple(tag_counts.items()))],
                  counts=tag_counts, shown=by_title([tags[tid] for tid in tag_counts], "title"))

    def tag(self, tid: str) -> None:
        self.listing("tag", tid, "tag.html.j2", self.idx.tags.get(tid, ()), [("tag", tid)], tag=self.content.tags[tid])

    def entities_index(self) -> None:
        if self._listed_only(urls.index_of("entity")):
            return
        entities, pages = self.content.entities, self.idx.entity_pages
        entity_counts = {eid: _kinds(self.idx.entities.get(eid, ()))[0] for eid in entities if eid in pages}
        cited = {eid: self._times_cited.get(eid, 0) for eid, n in entity_counts.items() if not n}
        self.page(urls.index_of("entity"), "entities.html.j2",
                  [("entities",), ("counts", tuple(entity_counts.items()) + tuple(cited.items()))],
                  counts=entity_counts, cited=cited, shown=by_title([entities[eid] for eid in entity_counts], "name"))

    @functools.cached_property
    def _times_cited(self) -> dict:
        """entity id -> how often briefings quote it or credit it with a claim (``attributed_to``): what an entity
        that no briefing is about is shown with, rather than "0 briefings". One pass over the briefings."""
        cited = {eid: len(quotes) for eid, quotes in self.idx.quotes.items()}
        for article in self.content.articles:
            for claim in article.annotation.claims:
                if claim.cites_entity:
                    cited[claim.attributed_to] = cited.get(claim.attributed_to, 0) + 1
        return cited

    def entity(self, eid: str) -> None:
        entity, quotes = self.content.entities[eid], self.idx.quotes.get(eid, ())
        entries = self.idx.entities.get(eid, ())
        cited = 0 if entries else self._times_cited.get(eid, 0)  # no briefing is about it: how often it is cited
        self.listing("entity", eid, "entity.html.j2", entries,
                     [("entity", eid), ("counts", cited)] + [("article", a.id) for a, _q in quotes]
                     + [("entity", r.of) for r in entity.roles if r.of], entity=entity, quotes=quotes, cited=cited)

    def digests_index(self) -> None:
        if self._listed_only(urls.index_of("digest")):
            return
        self.page(urls.index_of("digest"), "digests.html.j2",
                  [("counts", tuple((w.slug, len(w.articles)) for w in self.idx.weeks))])

    def digest(self, slug: str) -> None:
        if self._listed_only(path_of("digest", slug)):
            return
        weeks, i = self.idx.weeks, self._weeks[slug]  # newest first
        self.page(path_of("digest", slug), "digest.html.j2",
                  [("weeks",)] + [("article", a.id) for a in weeks[i].articles], week=weeks[i],
                  newer=weeks[i - 1] if i else None, older=weeks[i + 1] if i + 1 < len(weeks) else None)

    @functools.cached_property
    def _weeks(self) -> dict:
        return {week.slug: i for i, week in enumerate(self.idx.weeks)}

    def home(self) -> None:
        if self._listed_only(urls.HOME):
            return
        c, idx = self.content, self.idx
        self.page(urls.HOME, "home.html.j2",
                  headlines=Later(headlines, c.articles, idx.stories, self.limits.home_latest),
                  stories=Later(active_stories, idx.stories, self.limits.home_stories,
                                max((a.date for a in c.articles), default=None)))
