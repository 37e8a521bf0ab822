"""What a briefing page may republish of the original article: extra.briefing.original_text.

``excerpt`` (online, and the default) shows the first paragraph up to 60 words and a link
to the original; ``full`` (the offline edition) the whole text; ``none`` nothing. The
search records and feeds follow; a change of the setting renders the pages again.
"""

import json
import re

import pytest

from generator.build import generate
from generator.content.errors import ContentError
from generator.content.settings import SiteInfo
from generator.site.builder import site_info
from generator.site.search import records
from project import REPO, briefing, make_project
from conftest import MINIMAL_CONTENT

FIRST = " ".join(f"alpha{i}" for i in range(70))  # 70 words: the excerpt stops after 60
SECOND = "The zanzibarian second paragraph is the outlet's own reporting."
CONTENT = {
    **MINIMAL_CONTENT,
    "briefings/articles/c.txt": f"date 2024-03-26 {FIRST}\n\nA subheading\n\n{SECOND}\n",
    "briefings/articles/c.yml": """\
        title: Mostaque quits, says the outlet
        summary: The founder quits.
        tags: [leadership]
        source:
          name: Reuters
          url: https://www.reuters.com/technology/mostaque/
        """,
}


def set_original_text(config, value):
    text, count = re.subn(r"original_text: \w+", f"original_text: {value}", config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p", CONTENT)


def page(root, article="c"):
    return (root / f"site_src/briefings/{article}.md").read_text(encoding="utf-8")


def test_the_configs_say_excerpt_online_and_full_offline():
    assert site_info(REPO / "mkdocs.yml").original_text == "excerpt"
    assert site_info(REPO / "mkdocs.offline.yml").original_text == "full"
    assert SiteInfo().original_text == "excerpt"  # no key, no config: a public site's default


def test_an_unknown_value_is_refused_with_the_choices(project):
    set_original_text(project / "mkdocs.yml", "most")
    with pytest.raises(ContentError) as err:
        site_info(project / "mkdocs.yml")
    problem = err.value.problems[0]
    line = next(n for n, text in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1) if "original_text:" in text)
    assert (problem.path.endswith("/p/mkdocs.yml"), problem.line, problem.message) == (
        True, line, "extra.briefing.original_text: Expected one of: (full, excerpt, none) but received: 'most'")


def test_excerpt_shows_the_first_paragraph_up_to_60_words_and_links_the_original(project):
    generate(project / "briefings", project / "site_src", project / "mkdocs.yml")
    text = page(project)
    assert '<p class="briefing-excerpt">' + " ".join(FIRST.split()[:60]) + "…</p>" in text
    assert "alpha60" not in text and "zanzibarian" not in text and "A subheading" not in text
    assert ('<p><a class="briefing-original" href="https://www.reuters.com/technology/mostaque/">'
            "Read the full article at Reuters</a></p>") in text
    # no outlet recorded: the excerpt alone, no outlet invented
    other = page(project, "a")
    assert '<p class="briefing-excerpt">Emad Mostaque has stepped down.</p>' in other
    assert "Read the full article" not in other


def test_full_shows_the_whole_text_and_none_nothing_of_it(project):
    set_original_text(project / "mkdocs.yml", "full")
    generate(project / "briefings", project / "site_src", project / "mkdocs.yml")
    text = page(project)
    assert FIRST in text and SECOND in text and "A subheading" in text
    assert "briefing-excerpt" not in text
    set_original_text(project / "mkdocs.yml", "none")
    generate(project / "briefings", project / "site_src", project / "mkdocs.yml")
    text = page(project)
    assert "alpha0" not in text and "zanzibarian" not in text and "The article" not in text


def test_search_records_and_feeds_hold_no_more_than_the_page_shows(project):
    generate(project / "briefings", project / "site_src", project / "mkdocs.yml")
    found = records(project / "site_src")
    assert any("alpha0" in body for body in found.values())
    assert not any("zanzibarian" in body or "alpha60" in body for body in found.values())
    for feed in ("feed.xml", "feed.json"):
        shown = (project / "site_src" / feed).read_text(encoding="utf-8")
        assert "alpha0" not in shown and "zanzibarian" not in shown
    assert "https://www.reuters.com/technology/mostaque/" in json.loads(
        (project / "site_src/feed.json").read_text(encoding="utf-8"))["items"][0]["external_url"]


def test_a_change_of_the_setting_renders_the_pages_again(project):
    """``briefing generate`` keeps its page cache and its no-op record: the setting is in their keys."""
    assert briefing(project, "generate").returncode == 0
    assert "briefing-excerpt" in page(project)
    set_original_text(project / "mkdocs.yml", "full")
    result = briefing(project, "generate")
    assert result.returncode == 0, result.stderr
    assert "zanzibarian" in page(project) and "briefing-excerpt" not in page(project)


def test_the_offline_edition_is_generated_with_its_own_config(project, monkeypatch):
    """``briefing build --offline`` generates with mkdocs.offline.yml (full), then builds; the online build with
    mkdocs.yml (excerpt). The generate step is checked here; tests/test_offline.py checks the built sites."""
    import generator.cli.main as cli
    import generator.site.offline as offline

    (project / "mkdocs.offline.yml").write_bytes((REPO / "mkdocs.offline.yml").read_bytes())
    monkeypatch.chdir(project)
    assert cli.main(["generate"]) == 0  # mkdocs.yml: the online edition's excerpt
    assert "zanzibarian" not in page(project)
    monkeypatch.setattr(offline, "build_offline", lambda *args, **kwargs: "offline site: (not built here)")
    assert cli.main(["build", "--offline"]) == 0
    assert "zanzibarian" in page(project)


def test_a_generate_with_the_offline_config_sees_a_change_to_the_config_it_inherits(project):
    """The no-op stats mkdocs.offline.yml and what it INHERITs: an edit of mkdocs.yml is not missed."""
    (project / "mkdocs.offline.yml").write_bytes((REPO / "mkdocs.offline.yml").read_bytes())
    assert briefing(project, "generate", "--config", "mkdocs.offline.yml").returncode == 0
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_description: What happened", "site_description: Zanzibar, what happened"), encoding="utf-8")
    assert briefing(project, "generate", "--config", "mkdocs.offline.yml").returncode == 0
    assert "Zanzibar, what happened" in (project / "site_src/index.md").read_text(encoding="utf-8")


def test_an_excerpt_of_markdown_is_its_first_paragraph_as_plain_text(tmp_path):
    root = make_project(tmp_path / "p", {**MINIMAL_CONTENT, "briefings/articles/b.md": """\
        ---
        date: 2024-03-25
        ---
        ## A heading first

        The founder *quits* &lt;script&gt;alert(1)&lt;/script&gt; [today](https://example.org/).

        Secondparagraphword.
        """})
    generate(root / "briefings", root / "site_src", root / "mkdocs.yml")
    text = page(root, "b")
    assert ('<p class="briefing-excerpt">The founder quits &lt;script&gt;alert(1)&lt;/script&gt; today.</p>'
            in text)
    assert "Secondparagraphword" not in text and "<script>" not in text and "A heading first" not in text


@pytest.mark.parametrize("name, text", [
    ("h.txt", "date 2024-03-26 <img src=x onerror=alert(1)> &lt;script&gt;alert(2)&lt;/script&gt; end\n"),
    ("h.md", "---\ndate: 2024-03-26\n---\n&lt;img src=x onerror=alert(1)&gt; `<script>alert(2)</script>` end\n"),
])
def test_an_excerpt_of_hostile_text_is_shown_as_text(tmp_path, name, text):
    """Both article formats: the excerpt (plain text of the first paragraph) is escaped on the page."""
    stem = name.split(".")[0]
    root = make_project(tmp_path / "p", {**MINIMAL_CONTENT, f"briefings/articles/{name}": text,
                                         f"briefings/articles/{stem}.yml": "title: Hostile\nsummary: Hostile.\n"
                                                                          "tags: [leadership]\n"})
    generate(root / "briefings", root / "site_src", root / "mkdocs.yml")
    excerpt = re.search(r'<p class="briefing-excerpt">(.*?)</p>', page(root, stem)).group(1)
    assert "<" not in excerpt and "&lt;" in excerpt and "alert(" in excerpt, excerpt
