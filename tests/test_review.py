"""The pull-request comment (briefing diff --format markdown): what readers will see change.

Five pull requests on a 30-article project in 3 stories (tests/review_scenarios.py), each compared with
its base branch by the real CLI and rendered with GitHub's Markdown (cmark-gfm); and the parts alone.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

import review_scenarios as scenarios
from generator.cli.diff import SiteDiff, compare
from generator.review.changes import changes, marked
from generator.review.comment import code, comment
from generator.review.visible import read

SITE = "https://briefing.example.org/"
PARTS = ("#### How the sources compare: verdicts that change", "#### Addresses removed or renamed",
         "#### The pages this change is about", "#### Other pages that change")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return scenarios.make_base(tmp_path_factory.mktemp("review") / "base")


@pytest.fixture
def branch(base, tmp_path):
    """A contributor's branch: a copy of the base work tree, its content changed by a scenario."""
    root = tmp_path / "branch"
    shutil.copytree(base, root, symlinks=True)
    return root


def posted(root, *extra) -> str:
    result = scenarios.comment_of(root, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rendered(markdown: str) -> str:
    """The comment as GitHub renders it (before its sanitizer, which could only remove more)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def order_of_parts(text: str) -> list[str]:
    return sorted((part for part in PARTS if part in text), key=text.index)


# -- the five pull requests ------------------------------------------------------------------------

def test_one_word_fixed_is_shown_once_with_the_word_marked(branch):
    briefing_id = scenarios.one_word(branch)
    text = posted(branch)
    assert len(text) < 2_000, len(text)
    assert order_of_parts(text) == ["#### The pages this change is about"]
    about = text.split("#### The pages this change is about", 1)[1]
    first_link = re.search(r"\]\((\S+?)\)", about).group(1)
    assert first_link == f"{SITE}briefings/{briefing_id}/"
    assert re.search(r"\n- .*\[-[a-z]+-\].*\n\+ .*\{\+[A-Z]+\+\}", text)  # the word marked, in both lines
    assert text.count("```diff") == 1
    also = re.search(r"The same change is also on (\d+) other pages", text)
    assert also and int(also.group(1)) >= 10


def test_a_new_conflict_comes_first_as_a_verdict_change(branch):
    scenarios.conflict(branch)
    text = posted(branch)
    assert order_of_parts(text)[0] == "#### How the sources compare: verdicts that change"
    row = next(line for line in text.splitlines() if line.startswith("| [`Quanta Labs builds a new data center`]"))
    assert "| `Valuation` | `One source only` | **`Conflict`** |" in row
    assert "$4 billion" in row and "$3 billion" in row
    html = rendered(text)
    assert "<th>Before</th>" in html and "<code>Conflict</code>" in html


def test_a_new_article_shows_its_page_first_and_briefly(branch):
    new_id = scenarios.new_article(branch)
    text = posted(branch)
    assert len(text) < 10_000, len(text)
    about = text.split("#### The pages this change is about", 1)[1]
    first_page = re.search(r"\n\*\*\[.*?\]\((\S+?)\)\*\*(.*)", about)
    assert first_page.group(1) == f"{SITE}briefings/{new_id}/" and first_page.group(2) == " (new page)"
    assert "\n@@ Quanta Labs opens its new data center\n+ Happened " in about
    assert order_of_parts(text) == list(PARTS[:1]) + list(PARTS[2:])  # the verdict (one source -> agree) first


def test_a_deleted_article_names_its_lost_address_first(branch):
    gone = scenarios.deleted(branch)
    text = posted(branch)
    assert order_of_parts(text)[0] == "#### Addresses removed or renamed"
    line = next(line for line in text.splitlines() if line.startswith(f"- removed `/briefings/{gone}/`"))
    assert "**no redirect**" in line and f"`{gone}: <new id>` under `briefings:`" in line
    # with a redirect, the comment says the address is kept
    (branch / "briefings/redirects.yml").write_text(
        f"briefings:\n  {gone}: {scenarios.articles_of(branch, scenarios.STORY)[0].split('/')[-1][:-4]}\n")
    kept = next(line for line in posted(branch).splitlines() if line.startswith(f"- removed `/briefings/{gone}/`"))
    assert "a redirect keeps the old address" in kept


def test_a_renamed_tag_is_a_rename_not_a_removal_and_an_addition(branch):
    old, new = scenarios.tag_renamed(branch)
    text = posted(branch)
    assert f"- renamed `/tags/{old}/` → [`Data centers`]({SITE}tags/{new}/): **no redirect**" in text
    assert f"`{old}: {new}` under `tags:`" in text
    assert "removed `/tags/" not in text and "(new page)" not in text
    assert "0 pages changed, 1 renamed" in text


def test_a_retitled_tag_is_what_the_change_is_about_and_its_lists_change_alike(branch):
    tag = scenarios.tag_retitled(branch)
    text = posted(branch)
    about = text.split("#### The pages this change is about", 1)[1].split("####", 1)[0]
    assert about.startswith(f"\n\n**[`Data centres`]({SITE}tags/{tag}/)**\n")
    also = re.search(r"\+ .*\{\+centres\+\}.*\n```\nThe same words change on (\d+) other pages", text)
    assert also and int(also.group(1)) >= 3
    assert len(text) < 4_000


@pytest.mark.parametrize("change", sorted(scenarios.SCENARIOS))
def test_every_comment_is_under_the_limit_and_renders_inert(branch, change):
    scenarios.SCENARIOS[change](branch)
    text = posted(branch)
    assert len(text) <= 60_000
    html = rendered(text)
    assert html.count("<details>") == html.count("</details>")
    assert {href for href in re.findall(r'href="([^"]*)"', html)} <= _ours(text)


def _ours(text: str) -> set:
    return {SITE} | {href for href in re.findall(r"\]\((https://briefing\.example\.org/[^)\s]*)\)", text)}


# -- contributor text stays inert --------------------------------------------------------------------

HOSTILE_TEXT = ("x ```` ``` </details> <details> @org/team @octocat [click](https://evil.example/x) "
                "www.evil.example <img src=x onerror=alert(1)> # Heading | pipe \\` end")
HOSTILE_MARKDOWN = ("y ```` ``` &lt;/details&gt; @org/team @octocat [click](https://evil.example/x) "
                    "www.evil.example https://evil.example/y | pipe end.")


def test_hostile_text_in_every_field_renders_nothing_and_pings_nobody(branch):
    """Titles, summaries, key points, quotes, claim values and vocabulary titles, as GitHub renders them."""
    rel = scenarios.articles_of(branch, scenarios.STORY)[1]
    text = (branch / rel).read_text(encoding="utf-8")
    plain, markdown = json.dumps(HOSTILE_TEXT), json.dumps(HOSTILE_MARKDOWN)
    text = re.sub(r'^title: ".*"$', lambda m: f"title: {plain}", text, count=1, flags=re.M)
    text = re.sub(r'^summary: ".*"$', lambda m: f"summary: {markdown}", text, count=1, flags=re.M)
    text = re.sub(r'^key_points:\n  - ".*"$', lambda m: f"key_points:\n  - {markdown}", text, count=1, flags=re.M)
    text = re.sub(r'^  - text: ".*"$', lambda m: f"  - text: {plain}", text, count=1, flags=re.M)
    text = text.replace("\nimportance:", f"\n  - topic: valuation\n    value: {plain}\nimportance:", 1)
    (branch / rel).write_text(text, encoding="utf-8")
    tags = (branch / "briefings/tags.yml").read_text(encoding="utf-8")
    (branch / "briefings/tags.yml").write_text(
        re.sub(r'^(data-centers:\n  title: ).*$', lambda m: m.group(1) + plain, tags, count=1, flags=re.M))
    out = posted(branch, "--full-out", "full")
    for markdown_text in (out, (branch / "full/briefing-diff-full.md").read_text(encoding="utf-8")):
        assert markdown_text.count("@octocat") >= 4  # the hostile text is there: in titles, lines, the table
        html = rendered(markdown_text)
        outside = re.sub(r"<pre[^>]*>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)
        assert "@" not in outside and "evil" not in outside  # no mention, no link: only inside code
        assert "<img" not in html and "<h1" not in html and "<h2" not in html
        assert html.count("<details>") == html.count("</details>")
        assert {href for href in re.findall(r'href="([^"]*)"', html)} <= _ours(markdown_text)
    page = (branch / "full/briefing-diff-full.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "evil.example" not in "".join(re.findall(r'href="([^"]*)"', page))


# -- the parts ---------------------------------------------------------------------------------------

def test_visible_text_leaves_out_markup_front_matter_and_charts():
    page = read("stories/s.md", """---
title: "A &amp; B"
kind: story
---
<h1 id="t">A &amp; B<a class="headerlink" href="#t">&para;</a></h1>
<p class="m"><strong>Broke</strong> <time datetime="2024-03-22">22 March 2024</time></p>
<svg aria-label="The story on a time axis" role="group"><text>Jan</text><a href="x"><title>One, March 2024</title>
<rect x="1"/></a></svg><svg aria-hidden="true"><text>gutter</text></svg>
<h2 id="compare">How the sources compare</h2>
<table><tr class="briefing-matrix__conflict"><th scope="row"><a href="#valuation">Valuation</a></th>
<td class="briefing-matrix__verdict"><strong>Conflict</strong>: the values cannot all be right</td>
<td><span class="briefing-matrix__say"><a href="a">Forbes</a>: <strong>$3 billion</strong> <span class="briefing-matrix__by">as of
May</span></span><span class="briefing-matrix__say"><a href="b">Reuters</a>: <strong>$4 billion</strong></span></td></tr></table>
""")
    assert page.title == "A & B"
    assert page.sections[0] == ("A & B", ["Broke 22 March 2024"])
    assert page.sections[1][0] == "How the sources compare"
    assert page.sections[1][1] == ["Valuation | Conflict: the values cannot all be right | "
                                   "Forbes: $3 billion as of May · Reuters: $4 billion"]
    assert page.charts == {"The story on a time axis": ("One, March 2024",)}
    assert [(r.topic, r.verdict, r.values) for r in page.rows] == [
        ("valuation", "Conflict", (("Forbes", "$3 billion"), ("Reuters", "$4 billion")))]


def test_a_chart_change_is_told_as_marks_added_and_removed():
    svg = '<svg aria-label="Timeline" role="group">{}</svg>'
    mark = '<a href="#"><title>{}</title><rect x="{}"/></a>'
    before = svg.format(mark.format("A, May 2024", 10))
    after = svg.format(mark.format("A, May 2024", 12) + mark.format("B, June 2024", 40))
    found = changes({"timeline/index.md": ("---\ntitle: T\n---\n" + before, "---\ntitle: T\n---\n" + after)})
    (page,) = found.pages
    assert [(h.section, h.removed, h.added) for h in page.hunks] == [("chart: Timeline", (), ("B, June 2024",))]


def test_changed_words_are_marked_and_long_shared_stretches_cut():
    old, new = marked("raised $16 million in a round led by Sequoia", "raised $16.3 million in a round led by Sequoia")
    assert old == "raised $16 million in a round led by Sequoia"
    assert new == "raised $16{+.3+} million in a round led by Sequoia"
    long = " ".join(f"w{n}" for n in range(60))
    old, new = marked(long + " old " + long, long + " new " + long)
    assert old.count("…") == 2 and "[-old-]" in old and "{+new+}" in new and len(new) < len(long)


def test_code_spans_outgrow_backticks_and_escape_table_pipes():
    assert code("a ``b`` c") == "```a ``b`` c```"
    assert code("`x`") == "`` `x` ``"
    assert code("a | b", table=True) == "`a \\| b`"
    html = rendered("| a |\n|---|\n| " + code("x | `y` @z", table=True) + " |")
    assert "<td><code>x | `y` @z</code></td>" in html


def test_the_budget_keeps_the_first_three_parts_and_summarises_the_rest():
    story = ('---\ntitle: S{n}\n---\n<table><tr class="briefing-matrix__single"><th><a href="#t">T</a></th>'
             '<td class="briefing-matrix__verdict"><strong>{v}</strong></td><td></td></tr></table>')
    old = {f"stories/s{n}.md": story.format(n=n, v="One source only") for n in range(30)}
    new = {f"stories/s{n}.md": story.format(n=n, v="Conflict") for n in range(30)}
    for n in range(200):
        lines = "".join(f"<p>line {k} of page {n}, and the text that says so at length</p>" for k in range(20))
        old[f"tags/t{n:03}.md"] = f"---\ntitle: T{n}\n---\n{lines}"
        new[f"tags/t{n:03}.md"] = f"---\ntitle: T{n}\n---\n{lines.replace('length', f'length {n}')}"
    new["briefings/new.md"] = "---\ntitle: New\n---\n<h1>New</h1><p>Its text.</p>"
    result = SiteDiff("main", "0" * 40, compare(old, new), touched=("articles/new.yml",), site_url=SITE)
    text = comment(result, changes({p.path: (p.before, p.after) for p in result.pages}), "https://ci/run/1",
                   budget=12_000)
    assert len(text) <= 12_000
    assert order_of_parts(text) == [PARTS[0], PARTS[2], PARTS[3]]
    assert text.count("| [`S") == 30  # every verdict change
    assert "**[`New`](https://briefing.example.org/briefings/new/)** (new page)" in text
    assert re.search(r"\n\d+ more pages change \(\d+ tags\): see the full comparison\.\n", text)
    assert text.endswith("[The full comparison, every page](https://ci/run/1) (Markdown and HTML, in the "
                         "workflow's artifacts).\n")


def test_the_revision_is_named_inertly():
    result = SiteDiff("<b>x</b> @team", "0" * 40, ())
    text = comment(result, changes({}))
    assert "against `<b>x</b> @team`" in text and "No page changes for readers." in text


def test_one_word_fixed_in_a_sample_briefing(tmp_path):
    """The real samples: 'has stepped down' -> 'has stepped aside' in one summary."""
    from project import make_project

    root = make_project(tmp_path / "samples")
    scenarios.git(root, "init", "-q", "-b", "main")
    scenarios.git(root, "add", "-A")
    scenarios.git(root, "commit", "-qm", "samples")
    rel = "briefings/articles/2024-03-24-mostaque-steps-down-decentralized-ai.yml"
    scenarios.edit(root, rel, "Stability AI, has stepped down and", "Stability AI, has stepped aside and")
    text = posted(root)
    assert len(text) < 2_000, len(text)
    assert ("\n- Emad Mostaque, founder and chief executive of Stability AI, has stepped [-down-] and is turning his "
            "focus to…\n+ Emad Mostaque, founder and chief executive of Stability AI, has stepped {+aside+} and is "
            "turning his focus to…\n") in text
    assert re.search(r"The same change is also on \d+ other pages", text)


# -- while the check fails, the comment says so ------------------------------------------------------

def test_a_failing_check_gives_the_comment_that_takes_the_comparisons_place(branch):
    rel = scenarios.articles_of(branch, scenarios.STORY)[0]
    scenarios.edit(branch, rel, "\nimportance:", "\nimportance: 9\nimportance_again:")  # two problems
    (branch / "briefings/tags.yml").write_text((branch / "briefings/tags.yml").read_text() + "x: [@octocat `\n")
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "org/briefing", "GITHUB_RUN_ID": "42"}
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--strict", "--format", "markdown"],
                            cwd=branch, capture_output=True, text=True, env={**os.environ, **env})
    assert result.returncode == 1, result.stderr
    text = result.stdout
    count = int(re.search(r"`briefing check --strict` found \*\*(\d+) problems", text).group(1))
    assert count >= 2
    assert "[The problems, as annotations on the lines to fix](https://github.com/org/briefing/actions/runs/42)." in text
    listed = text.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert f"{rel}:" in listed and "briefings/tags.yml:" in listed  # paths from the repository's top
    html = rendered(text)
    outside = re.sub(r"<pre[^>]*>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)
    assert "@" not in outside


def test_the_run_link_is_made_only_from_what_actions_sets():
    from generator.review.failed import run_url

    assert run_url({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "7"}) == \
        "https://github.com/o/r/actions/runs/7"
    assert run_url({}) == ""
    assert run_url({"GITHUB_SERVER_URL": "javascript:x", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "7"}) == ""
    assert run_url({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "7)"}) == ""


def test_renames_are_found_among_many_pages_without_comparing_every_pair():
    def tag(n, marker=""):
        body = "".join(f"<p>Briefing {n}-{k} · 1 May 2024</p>" for k in range(5))
        return f"---\ntitle: Tag {n}{marker}\n---\n<h1>Tag {n}</h1><h2>Briefings</h2>{body}"
    texts = {f"tags/old-{n}.md": (tag(n), None) for n in range(400)}
    texts.update({f"tags/new-{n}.md": (None, tag(n, " (renamed)")) for n in range(400)})
    texts["tags/gone.md"] = ("---\ntitle: Gone\n---\n<p>Nothing like the others</p>", None)
    found = changes(texts)
    renamed = {p.old_path: p.path for p in found.pages if p.status == "renamed"}
    assert renamed == {f"tags/old-{n}.md": f"tags/new-{n}.md" for n in range(400)}
    assert [p.path for p in found.pages if p.status == "removed"] == ["tags/gone.md"]


def test_a_site_url_a_link_cannot_hold_gives_addresses_from_the_root():
    from generator.review.comment import address

    assert address("https://x.example/briefing/", "tags/a.md") == "https://x.example/briefing/tags/a/"
    for bad in ("javascript:alert(1)", "https://x.example/a) [y](https://evil.example", "", "ftp://x"):
        assert address(bad, "tags/a.md") == "/tags/a/"
