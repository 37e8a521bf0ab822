"""The whole pipeline on the sample content: golden tree, determinism, real MkDocs build."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from generator.build import generate
from generator.pages.write import MANIFEST

from project import REPO, briefing, make_project, tree

GOLDEN = REPO / "tests" / "golden"
HAND_WRITTEN = {"about.md", "contributing.md", "stylesheets/briefing.css"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("project"))
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def generated(root):
    return {k: v for k, v in tree(root / "site_src").items() if k not in HAND_WRITTEN}


def test_generated_tree_matches_golden(tmp_path):
    """Set UPDATE_GOLDEN=1 to accept a deliberate change, then review the diff in git."""
    root = make_project(tmp_path)
    os.chdir(root)
    generate(root / "briefings", root / "site_src", root / "mkdocs.yml")
    actual = generated(root)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = tree(GOLDEN)
    assert sorted(actual) == sorted(expected)
    for rel in expected:
        assert actual[rel].decode() == expected[rel].decode(), rel


def test_same_input_gives_byte_identical_output(tmp_path):
    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    for root in (one, two):
        assert briefing(root, "generate").returncode == 0
    assert generated(one) == generated(two)


def test_second_generate_rewrites_nothing_and_removes_stale_pages(tmp_path):
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    again = briefing(root, "generate")
    # 37 pages (the archive and trends too) and 2 feeds; "...: nothing changed" when the stat check alone decided
    assert "(0 written, 39 unchanged, 0 removed" in again.stdout
    # drop the only context event of 2023's... by removing every event: timeline/2023 goes stale
    (root / "briefings/events.yml").write_text("[]\n")
    third = briefing(root, "generate")
    assert third.returncode == 0, third.stderr
    assert not (root / "site_src/timeline/2023.md").exists()
    assert "timeline/2023.md" not in json.loads((root / "site_src" / MANIFEST).read_text())["files"]
    assert (root / "site_src/about.md").exists()


def test_bad_content_writes_nothing(tmp_path):
    root = make_project(tmp_path)
    (root / "briefings/tags.yml").write_text("leadership: [not, a, mapping]\n")
    result = briefing(root, "build")
    assert result.returncode == 1
    assert "briefings/tags.yml:1:13: error: 'tag' must be a mapping of keys to values, got a list" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (root / "site_src/index.md").exists()
    assert not (root / "site").exists()


def test_build_indexes_each_briefing_story_entity_and_tag_once_with_pagefind(built):
    site = built / "site"
    assert (site / "pagefind/pagefind-ui.js").is_file() and (site / "pagefind/pagefind-entry.json").is_file()
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    # 2 briefings, 1 story, 7 tags, 15 entities; no index page, listing or contributor doc
    assert entry["languages"]["en"]["page_count"] == 25
    assert not (site / "search/search_index.json").exists()  # Material's whole-site index: never fetched online
    marked = {path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")
              if "data-pagefind-body" in path.read_text()}
    assert len(marked) == 25
    assert {"briefings/2024-03-24-mostaque-steps-down-decentralized-ai", "stories/mostaque-leaves-stability-ai",
            "entities/emad-mostaque", "tags/leadership"} <= marked
    assert not [p for p in marked if p.startswith(("timeline", "digests")) or p in (".", "contributing", "about")]


def test_material_indexes_nothing_online_so_the_build_skips_that_work(built, tmp_path):
    """hooks/online_search.py: the plugin stays on (its header button) but reads no page."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                            cwd=built, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "site/search/search_index.json").read_text())["docs"] == []
    assert 'for="__search"' in (tmp_path / "site/index.html").read_text()


def test_listings_on_entity_and_tag_pages_stay_out_of_the_search(built):
    """The briefings a tag lists are found on their own pages, not again under the tag."""
    tag = (built / "site/tags/leadership/index.html").read_text()
    body, ignored = tag.index("data-pagefind-body"), tag.index("data-pagefind-ignore")
    assert body < ignored < tag.index("Emad Mostaque steps down as Stability AI chief executive")


def test_build_has_story_timeline_and_feeds(built):
    site = built / "site"
    story = (site / "stories/mostaque-leaves-stability-ai/index.html").read_text()
    assert story.count("briefings/2024-03-2") >= 4  # both sources, in the matrix, the sources and the claims
    timeline = (site / "timeline/2024/index.html").read_text()
    assert timeline.index("Forbes reports") < timeline.index("Stability AI founder and CEO Emad Mostaque quits")
    assert (site / "timeline/2023/index.html").exists()
    feed = json.loads((site / "feed.json").read_text())
    assert [item["id"] for item in feed["items"]] == [
        "2024-03-25-stability-ai-ceo-mostaque-quits", "2024-03-24-mostaque-steps-down-decentralized-ai"]
    assert feed["items"][0]["url"] == "https://briefing.example.org/briefings/2024-03-25-stability-ai-ceo-mostaque-quits/"
    assert b"<feed xmlns=\"http://www.w3.org/2005/Atom\">" in (site / "feed.xml").read_bytes()


def test_article_pages_stay_out_of_the_nav(built):
    home = (built / "site/index.html").read_text()
    nav = home[home.index('<nav class="md-tabs"'):home.index("</nav>", home.index('<nav class="md-tabs"'))]
    for tab in ("Home", "Timeline", "Stories", "Tags", "Entities", "Digests", "About"):
        assert f"{tab}\n" in nav or f">{tab}<" in nav or f"{tab}</" in nav
    assert "Mostaque quits" not in nav


def test_properdocs_builds_the_same_pages_as_mkdocs(built, tmp_path):
    """briefing build --builder properdocs: MkDocs' maintained fork, from the same mkdocs.yml."""
    result = briefing(built, "build", "--builder", "properdocs", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "building the site with properdocs --strict" in result.stdout
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    ours, theirs = tree(built / "site"), tree(tmp_path / "site")
    pages = sorted(rel for rel in ours if rel.endswith(".html"))
    assert pages == sorted(rel for rel in theirs if rel.endswith(".html")) and len(pages) > 30
    for rel in pages:
        assert generator.sub(b"", ours[rel]) == generator.sub(b"", theirs[rel]), rel
    assert b"ProperDocs" in theirs["index.html"]
    assert "search index: 25 pages" in result.stdout


@pytest.mark.parametrize("edition", [(), ("--offline",)], ids=["online", "offline"])
def test_a_symlinked_hand_written_page_is_refused_before_mkdocs_publishes_its_target(tmp_path, edition):
    """Offline too: mkdocs.offline.yml names no docs_dir, it INHERITs mkdocs.yml's."""
    root = make_project(tmp_path / "project")
    shutil.copy(REPO / "mkdocs.offline.yml", root / "mkdocs.offline.yml")
    (root / "node_modules").symlink_to(REPO / "node_modules")  # the offline build's iframe-worker shim
    secret = tmp_path / "secret.md"
    secret.write_text("# Private notes\n\nnot for the site\n")
    (root / "site_src" / "leak.md").symlink_to(secret)
    result = briefing(root, "build", *edition)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "refusing to build: 1 symbolic link(s) among the published files" in result.stderr
    assert f"site_src/leak.md -> {secret}" in result.stderr
    assert not (root / "site").exists() and not (root / "site-offline").exists()


def matrix_rows(page: str) -> dict:
    """topic -> (relation, [cell text, ...]) of a story page's claims matrix, tags stripped."""
    rows = {}
    for cls, cells in re.findall(r'<tr class="briefing-matrix__(\w+)">(.*?)</tr>', page, re.S):
        texts = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells, re.S)]
        rows[texts[0]] = (cls, texts[1:])
    return rows


def test_the_sample_story_compares_its_sources_truthfully(built):
    story = (built / "site/stories/mostaque-leaves-stability-ai/index.html").read_text()
    rows = matrix_rows(story)
    assert rows["Stability AI's monthly spending"] == ("compatible", [  # the verdict first; a claim in the article's own voice
        "Compatible : the 24 March 2024 article is more precise",  # has no attribution line
        "Article of 24 March 2024 : $8 million Article of 25 March 2024 : millions of dollars citing Bloomberg"])
    assert rows["Departures from Stability AI"][1][1].endswith(
        "Article of 25 March 2024 : three of the five main Stable Diffusion authors citing Forbes")
    assert rows["Departures from Stability AI"][1][0].startswith("Compatible , in the curator's judgement: Three of the five")
    assert rows["Valuation Stability AI sought"][1][1] == (  # the sources that did not cover it, summed up in one line
        "Article of 25 March 2024 : $4 billion citing Bloomberg Not covered by the 24 March 2024 article")
    assert {topic: cls for topic, (cls, _) in rows.items()} == {
        "Departures from Stability AI": "compatible", "Stability AI's monthly spending": "compatible", "Stability AI's new funding": "agree",
        "Valuation Stability AI sought": "single"}
    assert list(rows) == ["Departures from Stability AI", "Stability AI's monthly spending", "Stability AI's new funding", "Valuation Stability AI sought"]
    assert "conflict" not in (built / "site/index.html").read_text().lower().replace("no conflict", "")
    briefing_page = (built / "site/briefings/2024-03-24-mostaque-steps-down-decentralized-ai/index.html").read_text()
    assert "the 25 March 2024 article says <strong>millions of dollars</strong> (citing" in briefing_page
    assert "<strong>Compatible</strong>: this article is more precise" in briefing_page


def test_a_story_whose_sources_give_disjoint_figures_shows_a_conflict_first(tmp_path):
    files = {"briefings/tags.yml": "t:\n  title: T\n", "briefings/entities.yml": "fo:\n  name: Forbes\n  kind: publication\n",
             "briefings/stories.yml": 's:\n  title: S\n  date: "2024-03"\n  summary: Sum.\n'}
    for day, value, outlet in ((24, "$4 billion", "The Daily"), (25, "$5 billion", None)):
        files[f"briefings/articles/a{day}.txt"] = f"date 2024-03-{day} Text.\n"
        files[f"briefings/articles/a{day}.yml"] = (
            f"title: A{day}\nsummary: S.\ntags: [t]\nstory: s\n"
            + (f"source:\n  name: {outlet}\n  url: https://daily.example/a\n" if outlet else "")
            + f'claims:\n  - topic: valuation\n    value: "{value}"\n    attributed_to: fo\n'
            + '  - topic: burn\n    value: "$8M"\n')
    root = make_project(tmp_path, files)
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    story = (root / "site/stories/s/index.html").read_text()
    rows = matrix_rows(story)
    assert list(rows) == ["Valuation", "Burn"]
    assert rows["Valuation"] == ("conflict", ["Conflict : the values cannot all be right",
                                              "The Daily : $4 billion citing Forbes "
                                              "Article of 25 March 2024 : $5 billion citing Forbes"])
    assert rows["Burn"][0] == "agree"
    assert '<time datetime="2024-03-24">24 March 2024</time>' in story and "outlet not recorded" in story
    home = (root / "site/index.html").read_text()
    assert "Sources conflict on:" in home and home.count(">A2") == 2  # one headline, both sources under it
    original = (root / "site/briefings/a24/index.html").read_text()
    assert '<a class="briefing-original" href="https://daily.example/a">Read the original at The Daily</a>' in original


def test_a_story_of_many_sources_keeps_its_matrix_to_six_columns_and_lists_every_claim(tmp_path):
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/stories.yml": 's:\n  title: S\n  date: "2024-03"\n  summary: Sum.\n'}
    for day in range(1, 10):
        files[f"briefings/articles/a{day}.txt"] = f"date 2024-03-{day:02d} Text.\n"
        files[f"briefings/articles/a{day}.yml"] = (f"title: A{day}\nsummary: S.\ntags: [t]\nstory: s\n"
                                                   f'claims:\n  - topic: burn\n    value: "${day} million"\n')
    root = make_project(tmp_path, files)
    assert briefing(root, "generate").returncode == 0
    story = (root / "site_src/stories/s.md").read_text()
    matrix = story[story.index('<div class="briefing-matrix"'):story.index("</div>")]
    assert matrix.count('<th scope="col"') == 3  # topic, how they relate, what each source says
    assert matrix.count('class="briefing-matrix__say"') == 6  # the six sources that cover most topics
    assert "The table shows the 6 sources that cover the most topics" in story
    assert "9 sources" in matrix  # the row says how many sources it compares
    details = story[story.index('id="claims-in-detail"'):]
    assert all(f"<strong data-pagefind-weight=\"3\">${day} million</strong>" in details for day in range(1, 10))


def test_no_generated_page_is_tracked_by_git(tmp_path):
    """A generated page committed by mistake is 'hand-written' to a clean clone: its generate would refuse it."""
    root = make_project(tmp_path)
    assert briefing(root, "generate").returncode == 0
    generated = set(json.loads((root / "site_src" / MANIFEST).read_text())["files"])
    tracked = subprocess.run(["git", "ls-files", "site_src"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    assert tracked and not {t.removeprefix("site_src/") for t in tracked} & generated


def test_an_entity_page_lists_its_roles_and_draws_them_on_its_timeline(built):
    page = (built / "site/entities/emad-mostaque/index.html").read_text()
    assert re.search(r'Chief executive of <a href="../stability-ai/">Stability AI</a>, until '
                     r'<time datetime="2024-03-22">22 March 2024</time>', page)
    role = re.search(r'<a href="([^"]+)"><title>Chief executive of Stability AI, until 22 March 2024</title>'
                     r'<rect class="briefing-chart__span briefing-chart__role"', page)
    assert role and role.group(1) == "../stability-ai/"  # the organisation's page, as MkDocs links it


def test_a_briefing_revised_in_substance_says_when(tmp_path):
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/articles/a.txt": "date 2024-03-24 Text.\n", "briefings/articles/b.txt": "date 2024-03-25 Text.\n",
             "briefings/articles/a.yml": 'title: A\nsummary: S.\ntags: [t]\nupdated: "2024-04-02"\n',
             "briefings/articles/b.yml": "title: B\nsummary: S.\ntags: [t]\n"}
    root = make_project(tmp_path, files)
    assert briefing(root, "generate").returncode == 0
    assert ('<strong>Published</strong> <time datetime="2024-03-24">24 March 2024</time> · <strong>Updated</strong> '
            '<time datetime="2024-04-02">2 April 2024</time> · ') in (root / "site_src/briefings/a.md").read_text()
    assert "Updated" not in (root / "site_src/briefings/b.md").read_text()


def test_read_config_merges_what_a_config_inherits_as_mkdocs_does_and_refuses_a_loop(tmp_path):
    from generator.site.builder import read_config
    from generator.content.errors import ContentError

    (tmp_path / "base.yml").write_text("docs_dir: site_src\nextra: {a: 1, b: 2}\nhooks: [x.py, y.py]\n")
    (tmp_path / "child.yml").write_text("INHERIT: base.yml\nextra: {b: 3}\nhooks: [z.py]\n")
    assert read_config(tmp_path / "child.yml") == {"docs_dir": "site_src", "extra": {"a": 1, "b": 3},
                                                   "hooks": ["z.py"]}
    (tmp_path / "base.yml").write_text("INHERIT: child.yml\n")
    with pytest.raises(ContentError) as error:
        read_config(tmp_path / "child.yml")
    assert "inherits from itself" in str(error.value.problems[0])


def test_a_role_whose_title_names_its_unit_reads_naturally(tmp_path):
    """'EVP and CEO of Microsoft AI' at Microsoft, as The Register gave Mustafa Suleyman's role."""
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/entities.yml": ('ms:\n  name: Microsoft\n  kind: company\nsul:\n  name: Mustafa Suleyman\n'
                                        '  kind: person\n  roles:\n    - {title: "EVP and CEO of Microsoft AI", of: ms, '
                                        'from: "2024-03-19"}\n    - {title: "Co-founder", of: ms}\n'),
             "briefings/articles/a.txt": "date 2024-03-24 Text.\n",
             "briefings/articles/a.yml": "title: A\nsummary: S.\ntags: [t]\nentities: [sul, ms]\n"}  # ms: a page
    root = make_project(tmp_path, files)
    result = briefing(root, "generate")
    assert result.returncode == 0, result.stderr
    page = (root / "site_src/entities/sul.md").read_text()
    assert 'EVP and CEO of Microsoft AI, at <a href="ms.md">Microsoft</a>, since' in page
    assert 'Co-founder of <a href="ms.md">Microsoft</a>' in page
    assert "<title>EVP and CEO of Microsoft AI, at Microsoft, since 19 March 2024</title>" in page


def test_an_unnamed_source_is_cited_as_the_article_words_it_and_only_as_text(tmp_path):
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/stories.yml": 's:\n  title: S\n  date: "2024-03-19"\n  summary: S.\n',
             "briefings/articles/a.txt": "date 2024-03-21 Text.\n", "briefings/articles/b.txt": "date 2024-03-22 Text.\n",
             "briefings/articles/a.yml": ('title: A\nsummary: S.\ntags: [t]\nstory: s\nclaims:\n  - topic: fee\n'
                                          '    value: "about $650 million"\n'
                                          '    attributed_to: "a person familiar with the <b>deal</b> *talks*"\n'),
             "briefings/articles/b.yml": 'title: B\nsummary: S.\ntags: [t]\nstory: s\nclaims:\n  - {topic: fee, value: "$650 million"}\n'}
    root = make_project(tmp_path, files)
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    story = (root / "site/stories/s/index.html").read_text()
    assert "citing a person familiar with the &lt;b&gt;deal&lt;/b&gt; *talks*" in story
    assert "<b>deal</b>" not in story and "<em>talks</em>" not in story
    briefing_b = (root / "site/briefings/b/index.html").read_text()
    assert "(citing a person familiar with the &lt;b&gt;deal&lt;/b&gt; *talks*)" in briefing_b


def test_lists_in_running_text_keep_their_separators_and_spaces(tmp_path):
    """'(citing Bloomberg); the 23 March article says', 'conflict on: burn, valuation', 'Not covered by X, Y'."""
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/entities.yml": "bb:\n  name: Bloomberg\n  kind: organization\n",
             "briefings/stories.yml": 's:\n  title: S\n  date: "2024-03-19"\n  summary: S.\n'}
    values = [("$4 billion", "$8 million"), ("$5 billion", "$9 million"), ("$6 billion", None), (None, None)]
    for day, (valuation, burn) in enumerate(values, start=21):
        claims = "".join(f'  - {{topic: {t}, value: "{v}", attributed_to: bb}}\n'
                         for t, v in (("valuation", valuation), ("burn", burn)) if v)
        files[f"briefings/articles/a{day}.txt"] = f"date 2024-03-{day} Text.\n"
        files[f"briefings/articles/a{day}.yml"] = (f"title: A{day}\nsummary: S.\ntags: [t]\nstory: s\nentities: [bb]\n"
                                                   + (f"claims:\n{claims}" if claims else "claims:\n  - {topic: other, value: x}\n"))
    root = make_project(tmp_path, files)
    assert briefing(root, "generate").returncode == 0
    home = (root / "site_src/index.md").read_text()
    assert ('<strong>Sources conflict on:</strong> <a href="stories/s.md#burn">burn</a>, '
            '<a href="stories/s.md#valuation">valuation</a>') in home
    page = (root / "site_src/briefings/a21.md").read_text()
    assert '(citing <a href="../entities/bb.md">Bloomberg</a>); the 23 March 2024 article says' in page
    story = (root / "site_src/stories/s.md").read_text()
    assert "Not covered by the 23 March 2024 article, the 24 March 2024 article" in story


def test_topic_titles_from_topics_yml_name_the_topic_on_every_page_and_only_as_text(tmp_path):
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/stories.yml": 's:\n  title: S\n  date: "2024-03-19"\n  summary: S.\n',
             "briefings/topics.yml": ('ms-stake:\n  title: "Microsoft\'s <b>stake</b> in *Mistral*"\n'
                                      '  description: "What Microsoft paid, in [euros](https://example.com/eur)."\n'
                                      'burn:\n  title: "OpenAI\'s burn"\n'),
             "briefings/articles/a.txt": "date 2024-03-21 Text.\n", "briefings/articles/b.txt": "date 2024-03-22 Text.\n",
             "briefings/articles/a.yml": ('title: A\nsummary: S.\ntags: [t]\nstory: s\nclaims:\n'
                                          '  - {topic: ms-stake, value: "$16.3 million"}\n  - {topic: burn, value: "$5 billion"}\n'),
             "briefings/articles/b.yml": ('title: B\nsummary: S.\ntags: [t]\nstory: s\nclaims:\n'
                                          '  - {topic: ms-stake, value: "$20.5 million"}\n  - {topic: burn, value: "$5 billion"}\n')}
    root = make_project(tmp_path, files)
    result = briefing(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = "Microsoft's &lt;b&gt;stake&lt;/b&gt; in *Mistral*"
    home = (root / "site/index.html").read_text()
    assert f'Sources conflict on:</strong> <a href="stories/s/#ms-stake">{shown}</a>' in home
    story = (root / "site/stories/s/index.html").read_text()
    assert f'<a href="#ms-stake">{shown}</a></th>' in story  # the matrix row, titled as the curator wrote it
    assert re.search(r'<h3 [^>]*id="ms-stake"[^>]*>' + re.escape(shown), story)
    assert 'What Microsoft paid, in <a href="https://example.com/eur">euros</a>.' in story  # under its heading
    assert "OpenAI's burn" in story and "Burn" not in story
    article = (root / "site/briefings/a/index.html").read_text()
    assert f"<strong>{shown}: $16.3 million</strong>" in article
    for page in (home, story, article):
        assert "<b>stake</b>" not in page and "<em>Mistral</em>" not in page


def test_the_outlets_own_headline_is_shown_when_the_curators_title_differs(tmp_path):
    front = "---\ndate: 2024-03-19\ntitle: {title}\n{source}---\nText.\n"
    cnbc = "source:\n  name: CNBC\n  url: https://www.cnbc.com/x\n"
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/articles/a.md": front.format(title="Microsoft hires DeepMind co-founder Suleyman", source=cnbc),
             "briefings/articles/a.yml": "title: Microsoft hires Mustafa Suleyman\nsummary: S.\ntags: [t]\n",
             "briefings/articles/b.md": front.format(title="Inflection AI's <i>pivot</i>", source=""),
             "briefings/articles/b.yml": "title: Inflection pivots\nsummary: S.\ntags: [t]\n",
             "briefings/articles/c.md": front.format(title="Same  title", source=cnbc),
             "briefings/articles/c.yml": "title: same title\nsummary: S.\ntags: [t]\n"}
    root = make_project(tmp_path, files)
    result = briefing(root, "generate")
    assert result.returncode == 0, result.stderr
    page = lambda name: (root / f"site_src/briefings/{name}.md").read_text()
    assert ('<p class="briefing-headline"><strong>Headline at CNBC:</strong> '
            '“Microsoft hires DeepMind co-founder Suleyman”</p>') in page("a")
    assert "<strong>Original headline:</strong> “Inflection AI's &lt;i&gt;pivot&lt;/i&gt;”" in page("b")  # no outlet: none invented
    assert "headline" not in page("c").casefold()  # the same title, in another case and spacing


def test_a_story_compares_currencies_at_the_curators_rate_and_says_which(tmp_path):
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/stories.yml": 's:\n  title: S\n  date: "2023-12-10"\n  summary: S.\n',
             "briefings/rates.yml": ('- date: "2023-12-08"\n  from: EUR\n  to: USD\n  rate: 1.0765\n'
                                     '  source: {name: European Central Bank, url: "https://www.ecb.europa.eu/x"}\n'),
             "briefings/articles/a.txt": "date 2023-12-10 Text.\n", "briefings/articles/b.txt": "date 2023-12-11 Text.\n",
             "briefings/articles/a.yml": ('title: A\nsummary: S.\ntags: [t]\nstory: s\nsource: {name: Bloomberg}\n'
                                          'claims:\n  - {topic: round, value: "$415 million"}\n'),
             "briefings/articles/b.yml": ('title: B\nsummary: S.\ntags: [t]\nstory: s\nsource: {name: Le Monde}\n'
                                          'claims:\n  - {topic: round, value: "about €400mn"}\n')}
    root = make_project(tmp_path, files)
    result = briefing(root, "generate")
    assert result.returncode == 0, result.stderr
    story = (root / "site_src/stories/s.md").read_text()
    said = ("<strong>Compatible</strong>: Bloomberg is more precise. Compared at the curator's exchange rate: Le Monde's "
            'about €400mn at 1 EUR = 1.0765 USD on 8 December 2023 (<a href="https://www.ecb.europa.eu/x">European '
            "Central Bank</a>)")
    assert story.count(said) == 2  # in the matrix, and in the claims in detail
    on_b = said.replace("Le Monde's about", "this article's about")  # on its own page, the briefing is "this article"
    assert on_b in (root / "site_src/briefings/b.md").read_text()  # under the claim, on the briefing
    (root / "briefings/rates.yml").unlink()
    assert briefing(root, "generate").returncode == 0
    story = (root / "site_src/stories/s.md").read_text()
    assert "<strong>Not compared</strong>: figures in different currencies or units (dollars, euros)" in story


def _moving_between_briefings(tmp_path):
    """Two stories: 'deal' of three briefings (published out of event order) and, months older, 'old';
    Reuters only credited with a claim, Bloomberg only quoted and credited."""
    files = {"briefings/tags.yml": "t:\n  title: T\n",
             "briefings/entities.yml": ("reuters:\n  name: Reuters\n  kind: publication\n"
                                        "bloomberg:\n  name: Bloomberg\n  kind: publication\n"
                                        "ceo:\n  name: The CEO\n  kind: person\n"),
             "briefings/stories.yml": ('deal:\n  title: The deal\n  date: "2024-05-01"\n  summary: S.\n'
                                       'old:\n  title: An old story\n  date: "2024-01-01"\n  summary: S.\n'),
             "briefings/articles/old.txt": "date 2024-01-05 Text.\n",
             "briefings/articles/old.yml": "title: Old news\nsummary: S.\ntags: [t]\nstory: old\n",
             "briefings/articles/first.txt": "date 2024-05-03 Text.\n",
             "briefings/articles/first.yml": ('title: First of the deal\nsummary: S.\ntags: [t]\nstory: deal\n'
                                              'event_date: "2024-05-01"\nquotes:\n'
                                              '  - {text: "We sold.", speaker: bloomberg}\n'),
             "briefings/articles/middle.txt": "date 2024-05-20 Text.\n",
             "briefings/articles/middle.yml": ('title: Middle of the deal\nsummary: S.\ntags: [t]\nstory: deal\n'
                                               'event_date: "2024-05-02"\nentities: [ceo]\nclaims:\n'
                                               '  - {topic: price, value: "$1 billion", attributed_to: reuters}\n'
                                               '  - {topic: staff, value: "100", attributed_to: bloomberg}\n'),
             "briefings/articles/last.txt": "date 2024-05-04 Text.\n",
             "briefings/articles/last.yml": ('title: Last of the deal\nsummary: S.\ntags: [t]\nstory: deal\n'
                                             'event_date: "2024-05-04"\n')}
    root = make_project(tmp_path, files)
    result = briefing(root, "generate")
    assert result.returncode == 0, result.stderr
    return root / "site_src"


def test_a_briefing_links_the_briefings_before_and_after_it_in_its_story_in_event_order(tmp_path):
    out = _moving_between_briefings(tmp_path)
    pager = re.compile(r'<p class="briefing-pager"[^>]*>(.*?)</p>')
    # published 3, 20 and 4 May; happened 1, 2 and 4 May: the pager follows what happened
    middle = pager.search((out / "briefings/middle.md").read_text()).group(1)
    assert middle == ('<a href="first.md">← Earlier: First of the deal</a> · <a href="../stories/deal.md">The story</a>'
                      ' · <a href="last.md">Later: Last of the deal →</a>')
    first = pager.search((out / "briefings/first.md").read_text()).group(1)
    assert first == '<a href="../stories/deal.md">The story</a> · <a href="middle.md">Later: Middle of the deal →</a>'
    assert "← Earlier" not in first
    assert not pager.search((out / "briefings/old.md").read_text())  # alone in its story: nothing to step to


def test_a_story_links_the_stories_before_and_after_it_in_the_stories_index(tmp_path):
    out = _moving_between_briefings(tmp_path)
    pager = re.compile(r'<p class="briefing-pager"[^>]*>(.*?)</p>')
    assert pager.search((out / "stories/deal.md").read_text()).group(1) == (
        '<a href="old.md">← An old story</a> · <a href="index.md">All stories</a>')
    assert pager.search((out / "stories/old.md").read_text()).group(1) == (
        '<a href="index.md">All stories</a> · <a href="deal.md">The deal →</a>')


def test_the_home_page_calls_active_only_stories_with_a_source_in_the_last_30_days(tmp_path):
    home = (_moving_between_briefings(tmp_path) / "index.md").read_text()
    active, earlier = home.split(">Active stories<")[1].split(">Earlier stories<")
    assert 'href="stories/deal.md"' in active and "old.md" not in active
    assert 'href="stories/old.md"' in earlier


def test_an_entity_no_briefing_is_about_says_how_often_it_is_cited_not_0(tmp_path):
    out = _moving_between_briefings(tmp_path)
    index = (out / "entities/index.md").read_text()
    rows = dict(re.findall(r'<tr><td><a href="(\w+)\.md">[^<]*</a></td><td>([^<]*)</td>', index))
    assert rows == {"bloomberg": "none; cited 2 times", "ceo": "1"}  # a quote and a claim; Reuters has no page
    assert "<td>0</td>" not in index
    page = (out / "entities/bloomberg.md").read_text()
    assert "<p>No briefing is about Bloomberg; briefings cite it 2 times.</p>" in page
    assert ">Timeline<" not in page  # no empty timeline


def test_on_phones_a_page_lists_its_sections_after_its_headline_and_summary(tmp_path):
    """The generated pages place "On this page" themselves, after the summary (the theme's partial, above the
    title, is for hand-written pages); shown only below 76.25em (briefing.css)."""
    out = _moving_between_briefings(tmp_path)
    page = (out / "briefings/middle.md").read_text()
    assert page.index("<h1") < page.index('class="admonition abstract"') < page.index('<nav class="briefing-onpage"')
    assert page.index('<nav class="briefing-onpage"') < page.index('<h2 id="what-this-source-claims"')
    assert page.count('<nav class="briefing-onpage"') == 1
    story = (out / "stories/deal.md").read_text()
    assert story.index("<p>S.</p>") < story.index('<nav class="briefing-onpage"') < story.index('<h2 id="compare"')
