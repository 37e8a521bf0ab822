"""Stage 3: the index functions, on content built inline (no files)."""

import datetime as dt
import json

from generator.pages import index
from generator.content.model import Annotation, Article, Claim, Content, Event, FuzzyDate, Story


def article(aid, date, *, tags=("t",), entities=(), story="", event_date=None, importance=3,
            claims=(), related=()):
    ann = Annotation(title=aid.title(), summary=f"About {aid}.", tags=tags, entities=entities, story=story,
                     event_date=event_date, importance=importance, claims=claims, related=related)
    return Article(id=aid, path=f"{aid}.txt", file=f"briefings/articles/{aid}.txt",
                   date=dt.date.fromisoformat(date), body=(), annotation=ann)


def event(eid, date, **kw):
    return Event(id=eid, date=date, title=eid, summary="s", **kw)


def test_timeline_orders_by_event_date_coarse_dates_first():
    content = Content(
        articles=(article("late", "2024-03-25", event_date=FuzzyDate(2024, 3, 22)),
                  article("early", "2023-08-01")),
        events=(event("year-only", FuzzyDate(2023)), event("month-only", FuzzyDate(2023, 7)),
                event("in-march", FuzzyDate(2024, 3))),
    )
    assert [e.id for e in index.timeline(content)] == ["year-only", "month-only", "early", "in-march", "late"]


def test_timeline_puts_the_more_important_first_on_the_same_day():
    content = Content(articles=(article("minor", "2024-01-02", importance=1),
                                article("major", "2024-01-02", importance=5)))
    assert [e.id for e in index.timeline(content)] == ["major", "minor"]


def test_article_entry_uses_event_date_not_publication_date():
    entry = index.entry_for_article(article("a", "2024-03-25", event_date=FuzzyDate(2024, 3, 22)))
    assert entry.date == FuzzyDate(2024, 3, 22)


def test_by_year_groups_in_order():
    content = Content(articles=(article("b", "2024-01-01"), article("a", "2023-05-05")),
                      events=(event("e", FuzzyDate(2023)),))
    years = index.by_year(index.timeline(content))
    assert list(years) == [2023, 2024]
    assert [e.id for e in years[2023]] == ["e", "a"]


def test_by_tag_and_by_entity_include_articles_and_events():
    content = Content(
        articles=(article("a", "2024-01-01", tags=("x", "y"), entities=("p",)),),
        events=(event("e", FuzzyDate(2023), tags=("y",), entities=("p", "q")),),
    )
    entries = index.timeline(content)
    assert {k: [e.id for e in v] for k, v in index.by_tag(entries).items()} == {"x": ["a"], "y": ["e", "a"]}
    assert {k: [e.id for e in v] for k, v in index.by_entity(entries).items()} == {"p": ["e", "a"], "q": ["e"]}


def test_home_headlines_are_one_per_story_with_its_sources_then_single_briefings():
    content = Content(articles=(article("a", "2024-03-24", story="s"), article("b", "2024-03-26"),
                                article("c", "2024-03-25", story="s"), article("d", "2024-03-20")),
                      stories={"s": Story("s", "S", FuzzyDate(2024, 3, 22), "sum")})
    views = index.stories(content, index.timeline(content))
    groups = index.headlines(content.articles, views, limit=3)
    assert [(v.story.id if v else None, [a.id for a in arts]) for v, arts in groups] == [
        (None, ["b"]), ("s", ["c", "a"]), (None, ["d"])]
    assert len(index.headlines(content.articles, views, limit=2)) == 2


def test_stories_gather_sources_events_and_timeline():
    story = Story("s", "S", FuzzyDate(2024, 3, 22), "sum")
    content = Content(
        articles=(article("a", "2024-03-24", story="s"), article("b", "2024-03-25", story="s"),
                  article("other", "2024-03-25")),
        stories={"s": story}, events=(event("e", FuzzyDate(2023, 7), story="s"),),
    )
    view = index.stories(content, index.timeline(content))["s"]
    assert [a.id for a in view.articles] == ["a", "b"]
    assert [e.id for e in view.events] == ["e"]
    assert [e.id for e in view.timeline] == ["e", "a", "b"]
    assert view.last_activity == dt.date(2024, 3, 25)


def test_active_stories_most_recent_first_and_skip_stories_without_articles():
    stories = {sid: Story(sid, sid, FuzzyDate(2024), "x") for sid in ("old", "new", "empty")}
    content = Content(articles=(article("a", "2023-01-01", story="old"), article("b", "2024-06-01", story="new")),
                      stories=stories)
    views = index.stories(content, index.timeline(content))
    active, earlier = index.active_stories(views, 5)
    assert [v.story.id for v in active + earlier] == ["new", "old"]
    assert [v.story.id for v in index.active_stories(views, 1)[1]] == ["old"]


def test_active_stories_have_a_source_in_the_30_days_before_the_newest_briefing_the_rest_are_earlier():
    """A story last updated months before the newest content is not "active" (issue 26)."""
    stories = {sid: Story(sid, sid, FuzzyDate(2024), "x") for sid in ("edge", "fresh", "stale", "by-event")}
    content = Content(
        articles=(article("a", "2024-03-01", story="stale"), article("b", "2024-05-02", story="edge"),
                  article("c", "2024-05-20", story="fresh"), article("d", "2024-01-10", story="by-event")),
        stories=stories, events=(event("late-event", FuzzyDate(2024, 5, 30), story="by-event"),))
    views = index.stories(content, index.timeline(content))
    active, earlier = index.active_stories(views, 5, dt.date(2024, 6, 1))  # a briefing of no story on 1 June
    assert [v.story.id for v in active] == ["fresh", "edge"]  # 2 May is 30 days before 1 June: still in
    assert [v.story.id for v in earlier] == ["by-event", "stale"]  # a context event is not a source
    active, earlier = index.active_stories(views, 5, dt.date(2024, 6, 2))
    assert [v.story.id for v in active] == ["fresh"]


def test_weeks_are_iso_weeks_newest_first_most_important_first():
    arts = [article("sun", "2024-03-24", importance=2), article("mon", "2024-03-25", importance=1),
            article("mon-major", "2024-03-25", importance=5), article("tue", "2024-03-19", importance=4)]
    weeks = index.weeks(arts)
    assert [(w.slug, w.monday.isoformat()) for w in weeks] == [("2024-w13", "2024-03-25"), ("2024-w12", "2024-03-18")]
    assert [a.id for a in weeks[0].articles] == ["mon-major", "mon"]
    assert [a.id for a in weeks[1].articles] == ["tue", "sun"]


def test_latest_newest_first_with_limit():
    arts = [article("a", "2024-01-01"), article("c", "2024-03-01"), article("b", "2024-02-01")]
    assert [a.id for a in index.latest(arts, 2)] == ["c", "b"]


def test_backlinks_invert_related():
    arts = [article("a", "2024-01-01", related=("b",)), article("c", "2024-01-02", related=("b", "a"))]
    assert index.backlinks(arts) == {"a": ("c",), "b": ("a", "c")}


def test_fuzzy_date_shows_only_known_precision():
    assert [FuzzyDate(2023).human(), FuzzyDate(2023, 7).human(), FuzzyDate(2024, 3, 22).human()] == \
        ["2023", "July 2023", "22 March 2024"]
    assert sorted([FuzzyDate(2023, 1, 5), FuzzyDate(2023), FuzzyDate(2023, 1)]) == \
        [FuzzyDate(2023), FuzzyDate(2023, 1), FuzzyDate(2023, 1, 5)]


# --- which tags, entities and stories have a page: those something shows on --------------------------------

from generator.content.model import Entity, Quote, Redirect, Role, Tag  # noqa: E402
from generator.content.settings import Limits, SiteInfo  # noqa: E402
from generator.pages import redirects  # noqa: E402
from generator.pages.render import Renderer  # noqa: E402


def _content(**kw):
    """Two briefings; tags 't' (used) and 'unused'; entities used on a timeline, quoted, only cited, only an
    organisation of a role, and unused; a story with a briefing, one with a context event only, one with nothing."""
    ann = dict(quotes=(Quote("Hi", "quoted"),), claims=(Claim("burn", "$8m", attributed_to="cited"),))
    a = article("a", "2024-03-24", entities=("listed",), story="s")
    a = Article(**{**a.__dict__, "annotation": Annotation(**{**a.annotation.__dict__, **ann})})
    entities = {"listed": Entity("listed", "Listed", "person", roles=(Role("Chief", "org"),)),
                "quoted": Entity("quoted", "quoted person", "person"), "cited": Entity("cited", "Cited", "publication"),
                "org": Entity("org", "Org", "company"), "unused": Entity("unused", "Unused", "company")}
    return Content(articles=(a, article("b", "2024-03-25")),
                   tags={"t": Tag("t", "T"), "unused": Tag("unused", "Unused")}, entities=entities,
                   stories={sid: Story(sid, sid.upper(), FuzzyDate(2024), "x") for sid in ("s", "only-event", "empty")},
                   events=(event("e", FuzzyDate(2024, 1), story="only-event"),), **kw)


def _render(content) -> dict:
    return Renderer(content, index.build_indexes(content), SiteInfo(name="Briefing"), Limits()).render_all()


def test_a_tag_entity_or_story_nothing_shows_on_has_no_page_and_is_listed_nowhere():
    pages = _render(_content())
    assert sorted(p for p in pages if p.startswith(("tags/", "entities/", "stories/"))) == [
        "entities/index.md", "entities/listed.md", "entities/quoted.md", "stories/index.md", "stories/only-event.md",
        "stories/s.md", "tags/index.md", "tags/t.md"]
    for folder, gone in (("tags", "unused"), ("entities", "unused"), ("entities", "cited"), ("entities", "org"),
                         ("stories", "empty")):
        assert f"{gone}.md" not in pages[f"{folder}/index.md"]
        assert not any(f"{folder}/{gone}.md" in page or f"{folder}/{gone}/" in page for page in pages.values())


def test_an_entity_only_cited_or_only_a_roles_organisation_is_named_without_a_link():
    pages = _render(_content())
    assert "citing Cited" in pages["briefings/a.md"]
    assert "Chief of Org" in pages["entities/listed.md"]


def test_a_redirect_to_a_tag_with_no_page_waits_for_one():
    content = _content(redirects=(Redirect("tag", "old-unused", "unused"), Redirect("tag", "old-t", "t")))
    written = redirects.manifest(content, index.build_indexes(content))
    assert [r["from"] for r in json.loads(written[".briefing-redirects.json"])["redirects"]] == ["tags/old-t.md"]


def test_the_tags_and_entities_indexes_are_sorted_by_the_titles_they_show_ignoring_case():
    content = Content(articles=(article("a", "2024-03-24", tags=("a-first", "b-second", "c-third"),
                                        entities=("a", "b", "c")),),
                      tags={"a-first": Tag("a-first", "zeta"), "b-second": Tag("b-second", "Alpha"),
                            "c-third": Tag("c-third", "beta")},
                      entities={"a": Entity("a", "zed", "person"), "b": Entity("b", "Ann", "person"),
                                "c": Entity("c", "bob", "person")})
    pages = _render(content)
    tags, people = pages["tags/index.md"], pages["entities/index.md"]
    assert tags.index(">Alpha<") < tags.index(">beta<") < tags.index(">zeta<")
    assert people.index(">Ann<") < people.index(">bob<") < people.index(">zed<")
