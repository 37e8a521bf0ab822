"""Hostile input through the real pipeline: refused at its line, or shown as text in Chromium.

The cases are tests/hostile/markdown.yml. Refused cases go through `briefing check`;
every accepted case is put in every field of its kind, the site is built with
MkDocs, and Chromium loads every page of it, failing on any dialog, element with
an ``on*`` attribute, ``javascript:``/``data:``/``vbscript:`` URL, image, request to
another host, or script the theme did not put there.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from browser_support import guarded_tab, served
from generator.content import richtext
from generator.content.schema import UNNAMED_RE
from project import briefing, built_project, make_project

pytest_plugins = ["browser_support"]

REPO = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((REPO / "tests/hostile/markdown.yml").read_text(encoding="utf-8"))


# refused in inline fields but fine in a Markdown article body (fenced code): shown in the built site
REFUSED = CASES["inline_refused"] + CASES["inline_blocks"]
BODY_ACCEPTED = [c for c in REFUSED if richtext.body(c)[0] is not None]


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def annotation(**fields) -> str:
    return dump({"title": "Hostile", "summary": "Safe.", "tags": ["t"], **fields})


BASE = {
    "briefings/tags.yml": dump({"t": {"title": "T"}}),
    "briefings/entities.yml": dump({"p": {"name": "P", "kind": "person"}}),
}


def test_every_refused_case_is_reported_at_its_own_line(tmp_path):
    files = dict(BASE)
    files["briefings/articles/a.txt"] = "date 2024-01-01 Text.\n"
    files["briefings/articles/a.yml"] = annotation(key_points=REFUSED)
    for i, case in enumerate(REFUSED):
        files[f"briefings/articles/m{i}.md"] = f"---\ndate: 2024-01-01\n---\nFirst paragraph.\n\n{case}\n"
        files[f"briefings/articles/m{i}.yml"] = annotation()
    root = make_project(tmp_path, files)
    result = briefing(root, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    node = yaml.compose((root / "briefings/articles/a.yml").read_text())
    points = next(v for k, v in node.value if k.value == "key_points").value

    def reported(path, first, last):
        return any(re.match(rf"{re.escape(path)}:(\d+):\d+: error: ", l) and
                   first <= int(l.split(":")[1]) <= last for l in lines)

    for i, case in enumerate(REFUSED):  # at the value, or at the line of a block inside it
        at = points[i].start_mark.line + 1
        assert reported("briefings/articles/a.yml", at, points[i].end_mark.line + 1), case
        if case in BODY_ACCEPTED:  # e.g. a ~~~ fence: in an article body it is code
            assert not reported(f"briefings/articles/m{i}.md", 1, 99)
        else:
            assert reported(f"briefings/articles/m{i}.md", 6, 6 + case.count("\n")), (case, lines)
    assert len(BODY_ACCEPTED) < 6
    assert not (root / "site_src/index.md").exists()


def test_invisible_characters_are_refused_at_their_line(tmp_path):
    files = dict(BASE)
    files["briefings/articles/a.txt"] = "date 2024-01-01 Text\n\nwith a \u202e override.\n"
    files["briefings/articles/a.yml"] = annotation()
    files["briefings/articles/b.txt"] = "date 2024-01-01 Text.\n"
    files["briefings/articles/b.yml"] = 'title: "bell \\a"\nsummary: "nul \\0"\ntags: [t]\n'
    root = make_project(tmp_path, files)
    result = briefing(root, "check")
    assert result.returncode == 1
    assert "briefings/articles/a.txt:3:8: error: invisible character U+202E in the file" in result.stderr
    assert "briefings/articles/b.yml:1:8: error: 'title' contains the invisible character U+0007" in result.stderr
    assert "briefings/articles/b.yml:2:10: error: 'summary' contains the invisible character U+0000" in result.stderr


def hostile_files() -> dict:
    inline, plain = CASES["inline_shown"], CASES["plain"]
    files = {
        "briefings/tags.yml": dump({f"t{i}": {"title": p, "description": inline[i % len(inline)], "aliases": [p]}
                                    for i, p in enumerate(plain)}),
        "briefings/entities.yml": dump({f"e{i}": {"name": p, "kind": "person", "description": inline[i % len(inline)],
                                                  "aliases": [p], "roles": [{"title": p, "of": "e0", "until": "2024-01",
                                                                             "source": {"name": p}}]}
                                        for i, p in enumerate(plain)}),
        "briefings/stories.yml": dump({"s": {"title": plain[0], "date": "2024-01-01", "summary": inline[0]}}),
        "briefings/events.yml": dump([{"date": "2023", "title": p, "summary": inline[i % len(inline)], "tags": ["t0"],
                                       "story": "s", "source": {"name": p, "url": "https://example.org/e"}}
                                      for i, p in enumerate(plain)]),
        # every claim's topic, titled with a plain case and described with an inline one
        "briefings/topics.yml": dump({**{f"c{i}": {"title": f"About {p}", "description": inline[i % len(inline)]}
                                         for i, p in enumerate(plain)},
                                      **{f"u{i}": {"title": f"Unnamed {i}"} for i in range(len(plain))},
                                      "fx": {"title": "In two currencies"}}),
        # an exchange rate whose source names every plain case, cited where it converts a claim
        "briefings/rates.yml": dump([{"date": "2024-01-02", "from": "EUR", "to": "USD", "rate": 1.08,
                                      "source": {"name": " / ".join(plain), "url": "https://example.org/r"}}]),
        "briefings/articles/plain.txt": "date 2024-01-02 " + "\n\n".join(plain) + "\n\nEnd.\n",
        # the outlet's own headline (front matter), shown beside the curator's title: each plain case in turn
        "briefings/articles/rich.md": ("---\ndate: 2024-01-03\n" + dump({"title": " / ".join(plain)}) + "---\n"
                                       + "\n\n".join(BODY_ACCEPTED + inline) + "\n"),  # closed fences first
    }
    for name, title in (("plain", plain[0]), ("rich", plain[1])):
        files[f"briefings/articles/{name}.yml"] = dump({
            "title": title, "summary": inline[1], "tags": [f"t{i}" for i in range(len(plain))],
            "entities": [f"e{i}" for i in range(len(plain))], "story": "s",
            "source": {"name": plain[2], "author": plain[3], "url": "https://example.org/s"},
            "key_points": inline, "note": inline[2],
            "quotes": [{"text": p, "speaker": "e0", "context": inline[i % len(inline)]} for i, p in enumerate(plain)],
            "claims": [{"topic": f"c{i}", "value": p, "detail": inline[i % len(inline)], "attributed_to": f"e{i}",
                        **({"relation": {"kind": "conflict", "reason": inline[i % len(inline)]}} if i % 2 else {})}
                       for i, p in enumerate(plain)]
                      # an unnamed source in the article's words, each plain case that is one
                      + [{"topic": f"u{i}", "value": "$8 million", "attributed_to": f"a person {p}"}
                         for i, p in enumerate(plain) if UNNAMED_RE.match(f"a person {p}")]
                      + [{"topic": "fx", "value": "€100 million" if name == "plain" else "$108 million"}],
        })
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("hostile"), hostile_files()) / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    """The hostile build served on 127.0.0.1, as readers get it."""
    with served(hostile_site) as url:
        yield url


def test_feeds_of_hostile_content_are_well_formed(hostile_site):
    ET.fromstring((hostile_site / "feed.xml").read_bytes())
    json.loads((hostile_site / "feed.json").read_text())


def test_title_and_description_are_the_text_the_reader_sees(tmp_path):
    files = dict(BASE)
    files["briefings/articles/a.txt"] = "date 2024-01-01 Text.\n"
    files["briefings/articles/a.yml"] = annotation(title="A *title* with `marks` & <b>", summary="The *Stable* `v2` maker.")
    root = make_project(tmp_path, files)
    assert briefing(root, "build").returncode == 0
    page = (root / "site/briefings/a/index.html").read_text()
    assert "<title>A *title* with `marks` &amp; &lt;b&gt; - Briefing</title>" in page
    assert '<meta name="description" content="The Stable v2 maker.">' in page


# the theme's scripts, and the site's own search script (overrides/javascripts/search.js)
THEME_SCRIPT_SOURCES = re.compile(r"^/?(\.\./)*(assets/javascripts/|javascripts/search\.js$)")


def test_no_hostile_case_runs_loads_or_hides_in_the_browser(hostile_site, hostile_url, browser):
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
                   if "assets" not in p.parts)
    assert len(pages) > 40
    root = hostile_url
    with guarded_tab(browser, root, directory_urls=True, allowed=root) as visit:
        dialogs = []
        visit.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in pages:
            visit.page.goto(root + rel)
            found = visit.page.evaluate("""() => {
                const bad = [];
                for (const el of document.querySelectorAll('*')) {
                  for (const a of el.attributes) {
                    if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
                    if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) &&
                        /^\\s*(javascript|data|vbscript):/i.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
                  }
                }
                for (const img of document.querySelectorAll('.md-content img, .md-content iframe, .md-content svg image'))
                  bad.push(`${img.tagName} ${img.getAttribute('src')}`);
                const scripts = [...document.scripts].map(s => s.getAttribute('src') || ('inline:' + s.type + ':' + s.id));
                return {bad, scripts, text: document.querySelector('.md-content').innerText};
            }""")
            assert found["bad"] == [], (rel, found["bad"])
            for script in found["scripts"]:
                assert (THEME_SCRIPT_SOURCES.match(script) or script in ("inline::", "inline:application/json:__config")), (rel, script)
            assert "alert(" not in " ".join(found["scripts"])
        assert dialogs == []
        assert visit.network.outside == [] and visit.network.errors == []


def test_plain_cases_are_visible_as_written(hostile_url, browser):
    with guarded_tab(browser, hostile_url, directory_urls=True, allowed=hostile_url) as visit:
        texts = {}
        # the story's claims matrix is raw HTML around Markdown cells; an entity's roles are in its chart's SVG too
        for page in ("briefings/plain/", "stories/s/", "entities/e1/", "briefings/rich/"):
            visit.page.goto(hostile_url + page)
            texts[page] = " ".join(visit.page.locator(".md-content").inner_text().split())
            if page == "stories/s/":
                matrix = " ".join(visit.page.locator(".briefing-matrix").inner_text().split())
    for case in CASES["plain"]:
        for text in (texts["briefings/plain/"], texts["stories/s/"], matrix):
            assert " ".join(case.split()) in text, case
            assert " ".join(f"About {case}".split()) in text, case  # its topic's title
    rate = texts["stories/s/"].split("exchange rate: ")[1]
    for case in CASES["plain"]:
        assert " ".join(case.split()) in rate, case
    headline = texts["briefings/rich/"].split("Headline at ")[1]
    for case in CASES["plain"]:
        assert " ".join(case.split()) in headline, case
    role = " ".join(CASES["plain"][1].split())
    assert role in texts["entities/e1/"]  # the role's title, as written, in the list beside the chart


def test_every_plain_case_as_a_claims_as_of_or_an_exchange_rate_is_refused_at_its_line(tmp_path):
    """Dates and rates are never text: each hostile case is an error at its own line, and nothing is written."""
    plain = CASES["plain"]
    files = dict(BASE)
    files["briefings/articles/a.txt"] = "date 2024-01-01 Text.\n"
    files["briefings/articles/a.yml"] = annotation(claims=[{"topic": f"c{i}", "value": "$8 million", "as_of": p}
                                                           for i, p in enumerate(plain)])
    files["briefings/rates.yml"] = dump([{"date": "2024-01-02", "from": "EUR", "to": "USD", "rate": p} for p in plain])
    root = make_project(tmp_path, files)
    result = briefing(root, "check")
    assert result.returncode == 1
    errors = {(line.split(":")[0], int(line.split(":")[1])) for line in result.stderr.splitlines() if ": error: " in line}
    for path, key in (("briefings/articles/a.yml", "as_of"), ("briefings/rates.yml", "rate")):
        node = yaml.compose((root / path).read_text())
        items = next(v for k, v in node.value if k.value == "claims").value if key == "as_of" else node.value
        for i, item in enumerate(items):
            value = next(v for k, v in item.value if k.value == key)
            assert (path, value.start_mark.line + 1) in errors, (key, plain[i])
    assert not (root / "site_src/index.md").exists()
