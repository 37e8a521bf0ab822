"""Charts: the geometry of the SVG (parsed as XML), not its pixels."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import xml.etree.ElementTree as ET

import markdown
import pytest

from generator.pages import charts
from generator.pages.charts import Mark, bar_chart_svg, heatmap_svg, mark_of, table_of, timeline_svg
from generator.content.model import FuzzyDate
from project import briefing, make_project

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(element) -> set[str]:
    return set(element.get("class", "").split())


def links(root) -> list[ET.Element]:
    return list(root.iter(f"{NS}a"))


def title_of(element) -> str:
    return element.find(f"{NS}title").text


def shape_of(link) -> ET.Element:
    return next(child for child in link if child.tag != f"{NS}title")


def tick(root, iso: str) -> float:
    (line,) = [line for line in root.iter(f"{NS}line") if line.get("data-date") == iso]
    return float(line.get("x1"))


def lanes(root) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if "briefing-chart__lane" in classes(g)]


def lane_y(group) -> float:
    return float(re.fullmatch(r"translate\(0 ([-\d.]+)\)", group.get("transform")).group(1))


def article(when: str, title: str = "", lane: str = "", kind: str = "article") -> Mark:
    fuzzy = FuzzyDate(*(int(part) for part in when.split("-")))
    return mark_of(fuzzy, lane, kind, title or when, f"../{when}/")


def month_link(start: dt.date, precision: str) -> str:
    return f"../timeline/{start:%Y}/" if precision == "year" else f"../timeline/{start:%Y-%m}/"


def x_of(link) -> float:
    shape = shape_of(link)
    return float(shape.get("cx") if shape.tag == f"{NS}circle" else shape.get("x"))


# --- mark_of ---------------------------------------------------------------------


def test_a_day_precise_mark_starts_and_ends_on_its_day():
    mark = mark_of(FuzzyDate(2024, 3, 22), "s", "article", "t", "h")
    assert (mark.start, mark.end, mark.precision) == (dt.date(2024, 3, 22), dt.date(2024, 3, 22), "day")
    assert mark.human() == "22 March 2024"


def test_a_month_precise_mark_spans_its_month():
    mark = mark_of(FuzzyDate(2024, 3), "s", "event", "t", "h")
    assert (mark.start, mark.end, mark.precision) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month")
    assert mark.human() == "March 2024"


def test_a_year_precise_mark_spans_the_year():
    mark = mark_of(FuzzyDate(2023), "s", "event", "t", "h")
    assert (mark.start, mark.end, mark.precision) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year")
    assert mark.human() == "2023"


def test_february_ends_on_the_29th_in_a_leap_year_only():
    assert mark_of(FuzzyDate(2024, 2), "", "article", "t", "h").end == dt.date(2024, 2, 29)
    assert mark_of(FuzzyDate(2023, 2), "", "article", "t", "h").end == dt.date(2023, 2, 28)
    assert mark_of(FuzzyDate(1900, 2), "", "article", "t", "h").end == dt.date(1900, 2, 28)


def test_a_mark_refuses_an_unknown_kind_and_an_end_before_its_start():
    with pytest.raises(ValueError, match=r"Expected one of: \(article, event, role\) but received: 'post'"):
        mark_of(FuzzyDate(2024), "", "post", "t", "h")
    with pytest.raises(ValueError, match="cannot end"):
        Mark(dt.date(2024, 2, 1), dt.date(2024, 1, 1), "", "role", "t", "h", "month")


def test_a_role_over_several_months_names_both_ends():
    mark = Mark(dt.date(2023, 3, 1), dt.date(2024, 6, 30), "", "role", "CEO", "h", "month")
    assert mark.human() == "March 2023 – June 2024"


# --- timeline: geometry --------------------------------------------------------------


def test_marks_lie_left_to_right_in_date_order():
    days = ["2024-01-05", "2024-03-22", "2024-02-10", "2024-11-30", "2024-07-01"]
    root = parse(timeline_svg([article(day) for day in days], label="t"))
    placed = sorted((x_of(link), title_of(link)) for link in links(root))
    assert [title.split(",")[0] for _, title in placed] == sorted(days)
    assert len({x for x, _ in placed}) == len(days)


def test_a_month_precise_mark_is_a_bar_as_wide_as_its_month_on_the_axis():
    root = parse(timeline_svg([article("2024-03"), article("2024-01-10"), article("2024-06-20")], label="t"))
    (link,) = [link for link in links(root) if title_of(link).startswith("2024-03,")]
    shape = shape_of(link)
    assert shape.tag == f"{NS}rect" and "briefing-chart__span" in classes(shape)
    assert float(shape.get("x")) == pytest.approx(tick(root, "2024-03-01"), abs=0.05)
    assert float(shape.get("width")) == pytest.approx(tick(root, "2024-04-01") - tick(root, "2024-03-01"), abs=0.11)
    # 31 days of March against 30 of April on the same axis
    april = tick(root, "2024-05-01") - tick(root, "2024-04-01")
    assert float(shape.get("width")) == pytest.approx(april * 31 / 30, abs=0.2)


def test_a_year_precise_mark_spans_the_year_and_is_never_a_point():
    root = parse(timeline_svg([article("2023"), article("2023-05-05")], label="t"))
    (link,) = [link for link in links(root) if title_of(link) == "2023, 2023"]
    shape = shape_of(link)
    assert shape.tag == f"{NS}rect"
    assert float(shape.get("x")) == pytest.approx(tick(root, "2023-01-01"), abs=0.05)
    assert float(shape.get("width")) == pytest.approx(tick(root, "2024-01-01") - tick(root, "2023-01-01"), abs=0.11)


def test_a_month_over_a_century_stays_a_visible_bar():
    root = parse(timeline_svg([article("1920-01-01"), article("2020-03")], label="t"))
    (link,) = [link for link in links(root) if title_of(link).startswith("2020-03")]
    assert shape_of(link).tag == f"{NS}rect" and float(shape_of(link).get("width")) >= charts.MIN_SPAN


def test_marks_of_one_lane_share_a_row_and_lanes_follow_their_first_mark():
    marks = [article("2024-05-01", lane="Late story"), article("2024-01-01", lane="Early story"),
             article("2024-03-01", lane="Middle story"), article("2024-06-01", lane="Early story"),
             article("2024-02-01", lane="Late story", kind="event")]
    root = parse(timeline_svg(marks, label="t"))
    groups = lanes(root)
    assert [g.get("aria-label") for g in groups] == ["Early story", "Late story", "Middle story"]
    assert [lane_y(g) for g in groups] == sorted(lane_y(g) for g in groups)
    assert len({lane_y(g) for g in groups}) == 3
    assert [len(links(g)) for g in groups] == [2, 2, 1]
    for group in groups:  # marks carry no y of their own: they sit on their lane's row
        assert all(shape_of(link).get("cy") is None for link in links(group))


def test_past_twelve_lanes_the_smallest_share_an_other_lane():
    marks = [article(f"2024-01-{i + 1:02d}", f"m{i}", lane=f"Story {i:02d}") for i in range(15)]
    marks += [article(f"2024-02-{i + 1:02d}", f"n{i}", lane=f"Story {i:02d}") for i in range(3, 15)]
    marks += [article("2024-03-01", "none")]  # no story
    root = parse(timeline_svg(marks, label="t"))
    groups = lanes(root)
    assert len(groups) == charts.MAX_LANES
    assert groups[-1].get("aria-label") == "Other"
    assert [g.get("aria-label") for g in groups[:-1]] == [f"Story {i:02d}" for i in range(3, 14)]
    assert sorted(title_of(link).split(",")[0] for link in links(groups[-1])) == [
        "m0", "m1", "m14", "m2", "n14", "none"]
    assert len(links(root)) == len(marks)


def test_marks_without_a_story_need_no_lane_labels():
    root = parse(timeline_svg([article("2024-01-01"), article("2024-02-01")], label="t"))
    assert [g.get("aria-label") for g in lanes(root)] == [None]
    assert float(shape_of(links(root)[0]).get("cx")) < 30  # no gutter for labels


def placed(root) -> list[tuple[str, ET.Element, float, float, float]]:
    """(title, shape, left, right, y of its centre) of every mark, on the chart's own coordinates."""
    out = []
    for group in lanes(root):
        for link in links(group):
            shape = shape_of(link)
            if shape.tag == f"{NS}circle":
                cx, r = float(shape.get("cx")), float(shape.get("r"))
                out.append((title_of(link), shape, cx - r, cx + r, lane_y(group) + float(shape.get("cy", 0))))
            else:
                x, w, h = (float(shape.get(k)) for k in ("x", "width", "height"))
                out.append((title_of(link), shape, x, x + w, lane_y(group) + float(shape.get("y")) + h / 2))
    return out


def test_marks_of_nearby_dates_stack_in_their_lane_and_never_overlap():
    """Four briefings in four days on a timeline of two years (less than a pixel a day), a month-precise
    event, a month-precise briefing and a day in that month: each one a shape of its own, a link named by its title."""
    crisis = [article(day, f"crisis {day}", lane="OpenAI board") for day in
              ("2023-11-17", "2023-11-17", "2023-11-18", "2023-11-19", "2023-11-20", "2023-11-22")]
    march = [article("2024-03", "bar", lane="Stability"), article("2024-03-22", "resigns", lane="Stability"),
             article("2024-03", "event bar", lane="Stability", kind="event"),
             article("2022-12-01", "start", lane="Stability")]
    root = parse(timeline_svg(crisis + march, label="t"))
    marks = placed(root)
    assert sorted(title.split(",")[0] for title, *_ in marks) == sorted(m.title for m in crisis + march)
    circles = [(float(shape.get("cx")), y, float(shape.get("r"))) for _, shape, _, _, y in marks
               if shape.tag == f"{NS}circle"]
    for i, (x1, y1, r) in enumerate(circles):
        for x2, y2, _ in circles[i + 1:]:
            assert math.dist((x1, y1), (x2, y2)) >= 2 * r
    for i, (_, a, left1, right1, y1) in enumerate(marks):  # no two shapes share a row where they meet
        for _, b, left2, right2, y2 in marks[i + 1:]:
            if y1 == y2:
                assert right1 < left2 or right2 < left1
    assert len({y for title, *_, y in marks if title.startswith("crisis")}) >= 4  # on the same few pixels
    stability, crisis_lane = lanes(root)
    assert crisis_lane.get("aria-label") == "OpenAI board"
    assert lane_y(crisis_lane) > max(y for title, *_, y in marks if not title.startswith("crisis"))  # below its pile


def test_marks_far_apart_share_their_lane_s_first_row():
    root = parse(timeline_svg([article(f"2024-{m:02d}-10", lane="S") for m in range(1, 13)], label="t"))
    assert {y for *_, y in placed(root)} == {lane_y(lanes(root)[0])}
    assert len(links(root)) == 12


def test_stacked_marks_keep_the_chart_deterministic_and_within_its_size():
    pile = [mark_of(FuzzyDate(2024, 3, 1 + i % 3), "S", "article", f"t{i} " + "x" * 180, f"../{i:03d}/")
            for i in range(150)]
    svg = timeline_svg(pile, label="t")
    assert len(svg.encode()) <= charts.MAX_BYTES
    assert timeline_svg(list(reversed(pile)), label="t") == svg
    assert len(placed(parse(svg))) == 150


LONG = "Microsoft hires Inflection AI's founders and most of its staff, paying $650 million"


def label_lines(group) -> list[str]:
    (text,) = [t for t in group.iter(f"{NS}text")]
    return [part.strip() for part in text.itertext()]


def test_long_lane_labels_are_shown_whole_on_lines_in_the_gutter():
    marks = [article("2023-11-17", lane="OpenAI's board fires Sam Altman, then takes him back five days later"),
             article("2024-03-19", lane=LONG), article("2024-03-22", lane="Short")]
    root = parse(timeline_svg(marks, label="t"))
    groups = lanes(root)
    for group in groups:
        lines = label_lines(group)
        assert " ".join(lines) == group.get("aria-label")  # every word, in order: nothing cut
        assert "…" not in "".join(lines) and len(lines) <= charts.LABEL_LINES
        (text,) = group.iter(f"{NS}text")
        right = float(text.get("x"))
        first_mark = min(left for _, _, left, _, _ in placed(root))
        assert all(len(line) * charts.TIMELINE_CHAR_WIDTH <= right for line in lines)  # inside the chart
        assert right < first_mark
    assert len(label_lines(groups[1])) >= 3 and label_lines(groups[2]) == ["Short"]
    for above, below in zip(groups, groups[1:]):  # a lane is as tall as its label
        assert lane_y(below) - lane_y(above) >= len(label_lines(above)) * charts.LINE_HEIGHT


def test_a_label_longer_than_three_lines_of_the_widest_gutter_takes_more_lines_and_a_word_longer_than_a_line_breaks():
    name = f"{LONG} {'x' * 60}"
    root = parse(timeline_svg([article("2024-01-01", lane=name)], label="t"))
    lines = label_lines(lanes(root)[0])
    assert len(lines) > charts.LABEL_LINES
    assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    assert max(len(line) for line in lines) * charts.TIMELINE_CHAR_WIDTH <= 720 * 2 / 5
    # a title of thousands of characters (a field holds 10,000) is shown as far as TITLE_MAX, as its lane is named
    root = parse(timeline_svg([article("2024-01-01", lane=" ".join([LONG] * 100))], label="t"))
    shown = " ".join(label_lines(lanes(root)[0]))
    assert shown == lanes(root)[0].get("aria-label") and len(shown) == charts.TITLE_MAX and shown.endswith("…")


def test_labels_wrap_onto_lines_of_even_length():
    assert charts._balanced("Emad Mostaque leaves Stability AI".split(), 30) == ["Emad Mostaque", "leaves Stability AI"]
    assert charts._balanced(["Short"], 30) == ["Short"]
    assert charts._wrap(["abcdefgh", "ij"], 3) == ["abc", "def", "gh", "ij"]


def test_each_role_has_its_own_lane_named_by_its_position_above_the_stories():
    def role(start, end, lane, title):
        return Mark(dt.date.fromisoformat(start), dt.date.fromisoformat(end), lane, "role", title, "../org/", "day")

    ceo = "Chief executive, OpenAI"
    marks = [article("2023-11-17", lane="OpenAI board crisis"), article("2019-05-01"),
             role("2014-02-01", "2019-03-01", "President, Y Combinator", "President of Y Combinator, until March 2019"),
             role("2019-03-01", "2023-11-17", ceo, "Chief executive of OpenAI, from March 2019"),
             role("2023-11-22", "2024-03-01", ceo, "Chief executive of OpenAI, since 22 November 2023"),
             role("2023-11-20", "2023-11-22", "OpenAI board crisis", "A role named as a story is")]
    root = parse(timeline_svg(marks, label="t"))
    groups = lanes(root)
    assert [g.get("aria-label") for g in groups] == [
        "President, Y Combinator", "Chief executive, OpenAI", "OpenAI board crisis", "OpenAI board crisis", "Other"]
    assert [" ".join(label_lines(g)) for g in groups[:2]] == ["President, Y Combinator", "Chief executive, OpenAI"]
    assert [len(links(g)) for g in groups] == [1, 2, 1, 1, 1]  # one position held twice: one lane, two bars
    assert all("briefing-chart__role" in classes(shape_of(link)) for g in groups[:3] for link in links(g))
    assert [title_of(link) for link in links(groups[1])] == [
        "Chief executive of OpenAI, from March 2019", "Chief executive of OpenAI, since 22 November 2023"]


def test_role_lanes_are_kept_when_there_are_more_lanes_than_fit():
    marks = [article(f"2024-01-{i + 1:02d}", f"m{i}", lane=f"Story {i:02d}") for i in range(15)]
    marks += [article(f"2024-02-{i + 1:02d}", f"n{i}", lane=f"Story {i:02d}") for i in range(15)]
    marks.append(Mark(dt.date(2020, 1, 1), dt.date(2024, 3, 1), "Chief executive, Acme", "role", "CEO", "h", "day"))
    groups = lanes(parse(timeline_svg(marks, label="t")))
    assert len(groups) == charts.MAX_LANES
    assert groups[0].get("aria-label") == "Chief executive, Acme" and groups[-1].get("aria-label") == "Other"


def test_a_timeline_block_copies_the_lane_labels_into_a_gutter_kept_in_view_on_a_phone():
    marks = [article("2023-11-17", lane="OpenAI's board fires Sam Altman, then takes him back five days later"),
             article("2024-03-19", lane=LONG), article("2024-03-22")]
    svg = timeline_svg(marks, label="t")
    html = charts.timeline_block(marks, label="t")
    opening, chart, copy_text, closing = re.fullmatch(r"(<div [^>]*>)\n(<svg .*?</svg>)\n(<svg .*?</svg>)\n(</div>)",
                                                     html, re.S).groups()
    assert chart == svg  # the chart as timeline_svg draws it
    copy, root = parse(copy_text), parse(svg)
    assert copy.get("class") == "briefing-chart__gutter" and copy.get("aria-hidden") == "true"
    assert copy.get("data-pagefind-ignore") == "all"  # search indexes the labels once, in the chart
    assert not links(copy)
    gutter = float(copy.get("viewBox").split()[2])
    axis = next(line for line in root.iter(f"{NS}line") if "briefing-chart__axis" in classes(line))
    assert float(copy.get("viewBox").split()[3]) == float(axis.get("y1"))  # down to the axis
    assert float(copy.get("width").rstrip("%")) == pytest.approx(100 * gutter / 720, abs=0.01)  # on its scale
    assert opening == ('<div class="briefing-chart__scroll briefing-chart__scroll--lanes" '
                       f'style="scroll-padding-left: {round(gutter * charts.MIN_WIDTH / 720, 1):g}px">')
    own = [(float(text.get("x")), lane_y(g) + float(text.get("y")), [p.strip() for p in text.itertext()])
           for g in lanes(root) for text in g.iter(f"{NS}text")]
    kept = [(float(text.get("x")), float(text.get("y")), [p.strip() for p in text.itertext()])
            for text in copy.iter(f"{NS}text")]
    assert kept == own and len(kept) == 3  # the same lines, where the chart has them; "Other" too
    assert all(x < gutter for x, _, _ in kept)


def test_a_timeline_block_without_lane_labels_is_the_chart_alone():
    for marks in ([article("2024-01-01"), article("2024-02-01")], many(400)):
        assert charts.timeline_block(marks, label="t") == charts.block(timeline_svg(marks, label="t"))
    assert charts.timeline_block([], label="t") == ""


# --- timeline: links, names, escaping ----------------------------------------------------


def test_each_mark_is_a_link_named_by_its_title_and_date():
    marks = [mark_of(FuzzyDate(2024, 3, 22), "S", "article", "Mostaque resigns", "../../briefings/x/"),
             mark_of(FuzzyDate(2023, 7), "S", "event", "Bubble remark", "../../timeline/2023/#bubble")]
    root = parse(timeline_svg(marks, label="Mostaque leaves"))
    assert root.get("role") == "group" and root.get("aria-label") == "Mostaque leaves"
    assert [(link.get("href"), title_of(link)) for link in links(root)] == [
        ("../../timeline/2023/#bubble", "Bubble remark, July 2023"),
        ("../../briefings/x/", "Mostaque resigns, 22 March 2024"),
    ]


def test_articles_and_events_differ_in_class_and_shape_and_roles_are_thicker():
    marks = [article("2024-01-01"), article("2024-02-01", kind="event"), article("2024-03", kind="event"),
             Mark(dt.date(2024, 1, 1), dt.date(2024, 4, 30), "", "role", "CEO", "h", "month")]
    shapes = {title_of(link).split(",")[0]: shape_of(link) for link in links(parse(timeline_svg(marks, label="t")))}
    assert "briefing-chart__article" in classes(shapes["2024-01-01"])
    assert "briefing-chart__event" in classes(shapes["2024-02-01"])
    assert shapes["2024-01-01"].get("fill-opacity") is None  # filled
    assert shapes["2024-02-01"].get("fill-opacity") == "0" and shapes["2024-03"].get("fill-opacity") == "0"
    assert "briefing-chart__role" in classes(shapes["CEO"])
    assert float(shapes["CEO"].get("height")) > float(shapes["2024-03"].get("height"))


def test_untrusted_titles_and_lanes_are_escaped_and_shown_as_written():
    hostile = '<script>alert(1)</script> "quoted" & *bold* \x00\x1b'
    marks = [mark_of(FuzzyDate(2024, 3, 1), hostile, "article", hostile, '../x/?a=1&b="2"'),
             mark_of(FuzzyDate(2024, 4, 1), "Other <lane>", "event", "t", "../y/")]
    svg = timeline_svg(marks, label=hostile)
    assert "<script>" not in svg and "\x00" not in svg
    root = parse(svg)
    shown = '<script>alert(1)</script> "quoted" & *bold*'
    assert root.get("aria-label") == shown
    (link,) = [link for link in links(root) if link.get("href") == '../x/?a=1&b="2"']
    assert title_of(link) == f"{shown}, 1 March 2024"
    assert {g.get("aria-label") for g in lanes(root)} == {shown, "Other <lane>"}


def test_a_chart_in_a_markdown_page_passes_through_unchanged():
    marks = [mark_of(FuzzyDate(2024, 3, 1), "*Story* _one_", "article", "**Bold** [x](y) {: #id}", "../x/")]
    chart = charts.block(timeline_svg(marks, label="t"))
    html = markdown.markdown(f"Before\n\n{chart}\n\nAfter", extensions=["tables", "attr_list", "md_in_html", "toc"])
    assert chart in html
    assert "<em>" not in html and "<strong>" not in html
    assert charts.block("") == ""


# --- timeline: bounds ---------------------------------------------------------------------


def many(count: int, seed: int = 7, title_length: int = 40, first_year: int = 2016) -> list[Mark]:
    rnd = random.Random(seed)
    marks = []
    for i in range(count):
        year, month, day = first_year + rnd.randrange(8), 1 + rnd.randrange(12), rnd.choice([0, 1 + rnd.randrange(28)])
        fuzzy = FuzzyDate(year, month, day)
        title = (f"Entry {i} " + "x" * title_length)[:title_length]
        marks.append(mark_of(fuzzy, f"Story {rnd.randrange(20)}", rnd.choice(["article", "event"]), title,
                             f"../../briefings/{fuzzy.iso()}-entry-number-{i}/"))
    return marks


def density(svg: str) -> dict[str, int]:
    """Bar title -> count."""
    root = parse(svg)
    bars = [link for link in links(root) if "briefing-chart__bar" in classes(shape_of(link))]
    counts = {}
    for link in bars:
        name, count = re.fullmatch(r"(.+): ([\d,]+) entr(?:y|ies)", title_of(link)).groups()
        counts[name] = int(count.replace(",", ""))
    return counts


def test_past_max_marks_the_timeline_shows_density_per_month_linked_to_its_pages():
    marks = many(999) + [article("2020")]  # a year-precise mark counts in the month it starts in
    svg = timeline_svg(marks, label="t", max_marks=300, bucket_href=month_link)
    counts = density(svg)
    assert sum(counts.values()) == 1000
    expected = {}
    for mark in marks:
        name = f"{charts.MONTHS[mark.start.month - 1]} {mark.start.year}"
        expected[name] = expected.get(name, 0) + 1
    assert counts == expected  # one bar per month that has entries, counted by the month each starts in
    root = parse(svg)
    assert {link.get("href") for link in links(root)} == {
        f"../timeline/{m.start:%Y-%m}/" for m in marks}
    assert not lanes(root)
    tallest = max(links(root), key=lambda link: float(shape_of(link).get("height")))
    assert counts[title_of(tallest).split(":")[0]] == max(counts.values())


def test_max_marks_decides_between_marks_and_density():
    marks = many(50)
    assert sum(density(timeline_svg(marks, label="t", max_marks=49, bucket_href=month_link)).values()) == 50
    assert len(links(parse(timeline_svg(marks, label="t", max_marks=50)))) == 50


def test_density_over_a_long_range_is_per_year():
    marks = many(500, first_year=1990) + many(500, seed=8, first_year=2010) + [article("1900-05-05")]
    counts = density(timeline_svg(marks, label="t", bucket_href=month_link))
    assert sum(counts.values()) == 1001
    assert all(re.fullmatch(r"\d{4}", name) for name in counts)
    assert counts["1900"] == 1


def test_size_stays_bounded_for_many_marks_and_for_long_titles():
    huge = timeline_svg(many(10_000), label="t", bucket_href=month_link)
    assert len(huge.encode()) < charts.MAX_BYTES
    assert sum(density(huge).values()) == 10_000
    for marks in (many(300), many(300, title_length=300)):  # with its copy of the lane labels, too
        assert len(charts.timeline_block(marks, label="t").encode()) < charts.MAX_BYTES + 200

    short_links = [Mark(m.start, m.end, m.lane, m.kind, m.title, f"../{i}/", m.precision)
                   for i, m in enumerate(many(300, title_length=300))]
    long = timeline_svg(short_links, label="t", bucket_href=month_link)
    assert len(long.encode()) < charts.MAX_BYTES
    root = parse(long)
    assert len(links(root)) == 300  # still every mark, with titles shortened to fit
    names = [title_of(link) for link in links(root)]
    assert all(len(name) <= charts.TITLE_MAX + len(", 22 September 2024") for name in names)
    assert all("…, " in name for name in names)


def test_marks_that_cannot_fit_even_with_short_titles_are_shown_as_density():
    marks = many(300, title_length=300)  # links of 45 characters: 300 marks need more than MAX_BYTES
    svg = timeline_svg(marks, label="t", bucket_href=month_link)
    assert len(svg.encode()) < charts.MAX_BYTES
    assert sum(density(svg).values()) == 300
    assert len(links(parse(timeline_svg(marks[:200], label="t")))) == 200


def test_a_few_long_titles_are_kept_up_to_the_title_limit():
    root = parse(timeline_svg(many(5, title_length=300), label="t"))
    names = [title_of(link).rsplit(", ", 1)[0] for link in links(root)]
    assert all(len(name) == charts.TITLE_MAX and name.endswith("…") for name in names)
    short = parse(timeline_svg(many(5, title_length=150), label="t"))
    assert all(len(title_of(link).rsplit(", ", 1)[0]) == 150 for link in links(short))


def test_the_same_marks_give_the_same_bytes_in_any_order():
    marks = many(200)
    first = timeline_svg(marks, label="t")
    shuffled = list(marks)
    random.Random(3).shuffle(shuffled)
    assert timeline_svg(list(marks), label="t") == first
    assert timeline_svg(shuffled, label="t") == first
    assert timeline_svg(many(1000), label="t") == timeline_svg(list(reversed(many(1000))), label="t")


def test_coordinates_are_rounded_to_one_decimal():
    for svg in (timeline_svg(many(50), label="t"), timeline_svg(many(1000), label="t"),
                bar_chart_svg([("a", 1), ("b", 3), ("c", 7)], label="t", width=701),
                heatmap_svg(["a", "b", "c"], ["1", "2", "3"], {("a", "1"): 1}, label="t", width=701)):
        coordinates = re.findall(r' (?:x|y|cx|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"', svg)
        assert len(coordinates) > 10
        for value in coordinates:
            assert all(re.fullmatch(r"-?\d+(?:\.\d)?|100%", number) for number in value.split()), value


def test_no_marks_give_no_chart():
    assert timeline_svg([], label="t") == ""
    assert bar_chart_svg([], label="t") == ""
    assert heatmap_svg([], ["2024"], {}, label="t") == ""
    assert table_of([], ("a",)) == ""


# --- bar chart ----------------------------------------------------------------------------


def bars(root) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}rect") if "briefing-chart__bar" in classes(e)]


def test_bar_heights_are_proportional_to_values_and_zero_is_no_height():
    rows = [("2024-01", 10), ("2024-02", 0), ("2024-03", 25), ("2024-04", 5)]
    root = parse(bar_chart_svg(rows, label="Briefings per month"))
    heights = [float(bar.get("height")) for bar in bars(root)]
    assert heights[1] == 0
    for (_, value), height in zip(rows, heights):
        assert height == pytest.approx(heights[2] * value / 25, abs=0.1)
    bottoms = {round(float(bar.get("y")) + float(bar.get("height")), 1) for bar in bars(root)}
    assert len(bottoms) == 1  # all stand on one baseline
    xs = [float(bar.get("x")) for bar in bars(root)]
    assert xs == sorted(xs)


def test_bars_are_titled_with_label_and_value_and_link_when_asked():
    rows = [("2024-01", 1200), ("2024-02", 3)]
    root = parse(bar_chart_svg(rows, label="t", href_of=lambda month: "" if month == "2024-02" else f"../{month}/"))
    assert [(link.get("href"), title_of(link)) for link in links(root)] == [("../2024-01/", "2024-01: 1,200")]
    (plain,) = [g for g in root.iter(f"{NS}g") if g.find(f"{NS}title") is not None]
    assert title_of(plain) == "2024-02: 3"


def test_bar_labels_are_thinned_so_they_never_overlap():
    rows = [(f"{2015 + i // 12}-{i % 12 + 1:02d}", i % 7) for i in range(120)]
    root = parse(bar_chart_svg(rows, label="t"))
    labels = [(float(t.get("x")), t.text) for t in root.iter(f"{NS}text") if t.get("text-anchor") == "middle"]
    assert 5 <= len(labels) <= 12
    assert labels[0][1] == "2015-01"
    for (x1, a), (x2, _) in zip(labels, labels[1:]):
        assert x2 - x1 >= len(a) * charts.CHAR_WIDTH
    few = parse(bar_chart_svg(rows[:6], label="t"))
    assert len([t for t in few.iter(f"{NS}text") if t.get("text-anchor") == "middle"]) == 6


def test_axis_labels_never_overlap_nor_leave_the_chart():
    char = charts.TIMELINE_CHAR_WIDTH
    for first, last in [("2024-03-01", "2024-03-02"), ("2023-11-15", "2024-02-01"), ("2021-01-01", "2023-12-31"),
                        ("2020-12-01", "2024-01-01"), ("1950-01-01", "2024-06-01"), ("1200-01-01", "2024-06-01"),
                        ("2023-11-17", "2023-11-22"), ("2024-01-30", "2024-03-02")]:
        for width in (360, 720):
            root = parse(timeline_svg([article(first), article(last)], label="t", width=width))
            rows = {}
            for text in root.iter(f"{NS}text"):  # axis labels start at their tick, or (days) are centred on it
                x, anchor = float(text.get("x")), text.get("text-anchor")
                left = x - len(text.text) * char / 2 if anchor == "middle" else x
                rows.setdefault(text.get("y"), []).append((left, text.text))
            assert rows, (first, last)
            ticks = [line for line in root.iter(f"{NS}line") if line.get("data-date")]
            assert 2 <= len(ticks) <= 40  # months, or every k years: bounded for any range
            for labels in rows.values():
                for (x1, a), (x2, _) in zip(labels, labels[1:]):
                    assert x2 - x1 >= len(a) * char, (first, last, width, labels)
                assert labels[0][0] >= 0 and labels[-1][0] + len(labels[-1][1]) * char <= width


def test_a_range_of_a_few_weeks_labels_its_days_under_the_marks():
    """Four briefings in a week on a story's own timeline: the axis says which day each one is."""
    days = ["2023-11-17", "2023-11-18", "2023-11-20", "2023-11-22"]
    root = parse(timeline_svg([article(day) for day in days], label="t"))
    labels = {text.text: float(text.get("x")) for text in root.iter(f"{NS}text")}
    assert "Nov 2023" in labels
    shown = [int(label) for label in labels if label.isdigit()]
    assert shown == sorted(shown) and shown[0] == 1 and 15 <= len(shown) <= 31  # every day, or every other one
    for link in links(root):  # the label of a mark's own day, when shown, is centred under it
        day = int(title_of(link).split(",")[0][-2:])
        if str(day) in labels:
            assert labels[str(day)] == pytest.approx(x_of(link), abs=0.1)
    long = parse(timeline_svg([article("2023-01-05"), article("2023-11-22")], label="t"))
    assert not any(text.text.isdigit() and len(text.text) < 3 for text in long.iter(f"{NS}text"))  # months only


def test_every_month_of_a_year_or_two_is_labelled_or_every_other_one_never_at_random():
    """Labels thinned for the shortest month: not "Jan Feb _ Apr" because February is 28 days."""
    names = [month[:3] for month in charts.MONTHS]
    for width in range(400, 1000, 10):
        for last in ("2023-12-20", "2024-12-20", "2025-06-01"):
            root = parse(timeline_svg([article("2023-01-01"), article(last)], label="t", width=width))
            index = [names.index(t.text) for t in root.iter(f"{NS}text") if t.text in names]
            assert len({(b - a) % 12 for a, b in zip(index, index[1:])}) == 1, (width, last, index)


def test_bar_charts_refuse_negative_counts():
    with pytest.raises(ValueError, match="expected a value of 0 or more but received: -1"):
        bar_chart_svg([("a", -1)], label="t")


# --- heatmap ------------------------------------------------------------------------------


def cells(root) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}rect") if "briefing-chart__cell" in classes(e)]


def test_a_heatmap_has_a_cell_per_row_and_column_shaded_by_value():
    rows, columns = ["funding", "leadership", "safety"], ["2022", "2023", "2024", "2025"]
    values = {("funding", "2023"): 8, ("funding", "2024"): 2, ("leadership", "2024"): 4, ("safety", "2022"): 0}
    root = parse(heatmap_svg(rows, columns, values, label="Tags by year"))
    grid = cells(root)
    assert len(grid) == len(rows) * len(columns)
    by_title = {title_of(cell): float(cell.get("fill-opacity")) for cell in grid}
    assert by_title["funding, 2023: 8"] == 1
    assert by_title["safety, 2022: 0"] == 0 and by_title["safety, 2025: 0"] == 0
    assert 0 < by_title["funding, 2024: 2"] < by_title["leadership, 2024: 4"] < 1
    assert max(by_title.values()) == by_title["funding, 2023: 8"]
    ys = {title_of(cell).split(",")[0]: float(cell.get("y")) for cell in grid}
    assert ys["funding"] < ys["leadership"] < ys["safety"]


def test_heatmap_labels_are_escaped_and_rows_link_when_asked():
    rows, columns = ['<b>"x" & y</b>', "plain"], ["2024"]
    svg = heatmap_svg(rows, columns, {(rows[0], "2024"): 3}, label="t",
                      row_href=lambda row: "../tags/plain/" if row == "plain" else "")
    assert "<b>" not in svg
    root = parse(svg)
    assert title_of(cells(root)[0]) == '<b>"x" & y</b>, 2024: 3'
    assert [(link.get("href"), link.find(f"{NS}text").text) for link in links(root)] == [("../tags/plain/", "plain")]


# --- table ---------------------------------------------------------------------------------


def test_a_table_escapes_what_html_would_read_and_aligns_numbers_right():
    table = table_of([("a|b", 3), ("*x* <y> & _z_", 12)], ("Tag [name]", "Count"))
    assert table == (
        "<table>\n<thead>\n"
        '<tr><th>Tag [name]</th><th style="text-align: right;">Count</th></tr>\n'
        "</thead>\n<tbody>\n"
        '<tr><td>a|b</td><td style="text-align: right;">3</td></tr>\n'
        '<tr><td>*x* &lt;y&gt; &amp; _z_</td><td style="text-align: right;">12</td></tr>\n'
        "</tbody>\n</table>\n"
    )


def test_a_table_reads_back_as_written():
    cells_in = ["a|b", "*x* <script>", "R&D `code`", "back\\slash", "  two   spaces "]
    html = table_of([(cell, i) for i, cell in enumerate(cells_in)], ("Name", "N"))
    assert html.count("<tr>") == len(cells_in) + 1
    shown = re.findall(r"<td>(.*?)</td>", html)  # the name column (the count column is aligned right)
    assert shown == ["a|b", "*x* &lt;script&gt;", "R&amp;D `code`", "back\\slash", "two spaces"]


def test_a_chart_without_links_scrolls_in_a_named_region_the_keyboard_reaches():
    bars = charts.block(charts.bar_chart_svg([("2024-03", 2)], label="Briefings <per> month"))
    assert bars.startswith('<div class="briefing-chart__scroll" tabindex="0" role="region" '
                           'aria-label="Briefings &lt;per&gt; month">')
    linked = charts.block(charts.bar_chart_svg([("2024-03", 2)], label="L", href_of=lambda label: "x.md"))
    assert linked.startswith('<div class="briefing-chart__scroll">\n')  # its links take the focus


# --- an entity page's chart ----------------------------------------------------------------


def test_an_entity_page_draws_each_role_in_a_lane_named_by_the_position(tmp_path):
    """Roles of entities.yml (model.Role), labelled as labels.position words them, on the entity's own page."""
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/entities.yml": ('ms:\n  name: Microsoft\n  kind: company\ninf:\n  name: Inflection AI\n'
                                        '  kind: company\nsul:\n  name: Mustafa Suleyman\n  kind: person\n  roles:\n'
                                        '    - {title: "Chief executive", of: inf, from: "2022-03",'
                                        ' until: "2024-03-19"}\n'
                                        '    - {title: "EVP and CEO of Microsoft AI", of: ms, from: "2024-03-19"}\n'
                                        '    - {title: "Adviser"}\n'),
             "briefings/articles/a.txt": "date 2024-03-24 Text.\n",
             "briefings/articles/a.yml": "title: A\nsummary: S.\ntags: [t]\nentities: [sul]\n"}
    root = make_project(tmp_path, files)
    result = briefing(root, "generate")
    assert result.returncode == 0, result.stderr
    page = (root / "site_src/entities/sul.md").read_text()
    chart = parse(re.search(r"<svg .*?</svg>", page, re.S).group(0))
    groups = lanes(chart)
    assert [g.get("aria-label") for g in groups] == [  # by start; a role of unknown dates spans the entries'
        "Chief executive, Inflection AI", "EVP and CEO of Microsoft AI", "Adviser", "Other"]
    assert [" ".join(label_lines(g)) for g in groups] == [g.get("aria-label") for g in groups]
    assert [[title_of(link) for link in links(g)] for g in groups[:3]] == [
        ["Chief executive of Inflection AI, from March 2022 until 19 March 2024"],
        ["EVP and CEO of Microsoft AI, at Microsoft, since 19 March 2024"], ["Adviser"]]
    assert [len(links(g)) for g in groups] == [1, 1, 1, 1]  # the briefing, without a story, in the last lane
