"""Stable URLs: briefings/redirects.yml, checked at its lines, and the pages it leaves at old addresses in the
built site of both editions (hooks/redirects.py), and briefing diff's warning for a page gone without one."""

import importlib.util
import json
import logging
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File, Files

from conftest import MINIMAL_CONTENT
from generator.build import check
from generator.cli.diff import SiteDiff, compare, format_markdown, format_text
from generator.pages import redirects, urls
from generator.site import search
from project import REPO, briefing, make_project, tree, write_tree

pytest.register_assert_rewrite("browser_support")
from browser_support import served  # noqa: E402

pytest_plugins = ["browser_support"]

R_YML = "briefings/redirects.yml"


def problems_of(content_problems, text: str) -> list[str]:
    """The problems of the minimal content with this redirects.yml, only those in redirects.yml."""
    return [p for p in content_problems({R_YML: text}) if p.startswith(R_YML)]


# --- check: each problem at its line, with a hint --------------------------------------------------

def test_redirects_are_read_into_the_content_sorted_by_kind_and_old_id(make_content):
    content = check(make_content({R_YML: """\
        # yaml-language-server: $schema=../schema/redirects.schema.json
        tags:
          money: funding
          bosses: leadership
        briefings:
          a-old: a
        stories:
          stability-exodus: mostaque-leaves
        entities:
          emad: emad-mostaque
        """}))
    assert [(r.kind, r.old, r.new) for r in content.redirects] == [
        ("article", "a-old", "a"), ("entity", "emad", "emad-mostaque"), ("story", "stability-exodus", "mostaque-leaves"),
        ("tag", "bosses", "leadership"), ("tag", "money", "funding")]


@pytest.mark.parametrize("text", [None, "", "# nothing yet\n", "tags:\nbriefings: {}\n"])
def test_no_redirects_file_or_an_empty_one_means_no_redirects(make_content, text):
    assert check(make_content({R_YML: text})).redirects == ()


def test_a_redirect_to_an_id_that_does_not_exist(content_problems):
    assert problems_of(content_problems, "tags:\n  money: fundng\nbriefings:\n  old: nope\n") == [
        f"{R_YML}:2:10: error: redirect to an unknown tag 'fundng'\n"
        "  hint: did you mean 'funding'? (a redirect leads to a current tag id)",
        f"{R_YML}:4:8: error: redirect to an unknown briefing 'nope'\n"
        "  hint: expected one of: a, b (a redirect leads to a current briefing id)",
    ]


def test_an_old_id_still_in_use(content_problems):
    assert problems_of(content_problems, "briefings:\n  a: b\nstories:\n  mostaque-leaves: mostaque-leaves\n") == [
        f"{R_YML}:2:3: error: the old briefing id 'a' is still in use: /briefings/a/ is a page\n"
        "  hint: remove this redirect, or rename the briefing first (the article's file name): a redirect is for "
        "an id that is gone",
        f"{R_YML}:4:3: error: the old story id 'mostaque-leaves' is still in use: /stories/mostaque-leaves/ is a page\n"
        "  hint: remove this redirect, or rename the story first (stories.yml): a redirect is for an id that is gone",
    ]


def test_a_chain_and_a_loop(content_problems):
    assert problems_of(content_problems, """\
        tags:
          cash: money
          money: funding
          x: y
          y: z
          z: x
          self: self
        """) == [
        f"{R_YML}:2:9: error: a redirect chain: 'cash' -> 'money' -> 'funding'\n"
        "  hint: redirect 'cash' straight to 'funding': each old id leads to a current tag id in one step",
        f"{R_YML}:4:6: error: a redirect loop: 'x' -> 'y' -> 'z' -> 'x'\n"
        "  hint: send each old id straight to a current tag id",
        f"{R_YML}:5:6: error: a redirect loop: 'y' -> 'z' -> 'x' -> 'y'\n"
        "  hint: send each old id straight to a current tag id",
        f"{R_YML}:6:6: error: a redirect loop: 'z' -> 'x' -> 'y' -> 'z'\n"
        "  hint: send each old id straight to a current tag id",
        f"{R_YML}:7:9: error: a redirect loop: 'self' -> 'self'\n"
        "  hint: send each old id straight to a current tag id",
    ]


# Old ids that would be paths, markup or nothing: each refused at its own line, all in one run
HOSTILE = """\
briefings:
  ../../etc/x: a
  a/b: a
  index: a
  "<script>alert(1)</script>": a
  ..: a
  "": a
  "é-accent": a
  ~: a
  ? [a, b]
  : a
  %s: a
  ok: "../b"
  fine: a
  fine: b
""" % ("x" * 101)


def test_hostile_old_ids_are_refused_at_their_line(content_problems):
    found = problems_of(content_problems, HOSTILE)
    assert [p.split(": error: ")[0] for p in found] == [
        f"{R_YML}:{line}:{col}" for line, col in
        [(2, 3), (3, 3), (4, 3), (5, 3), (6, 3), (7, 3), (8, 3), (9, 3), (10, 5), (12, 3), (13, 7), (15, 3)]]
    assert found[0] == (f"{R_YML}:2:3: error: 'old briefing id' must be an id (lowercase letters, digits, hyphens), "
                        "got '../../etc/x'\n  hint: write 'etc-x'")
    assert "'old briefing id' cannot be 'index': 'index' is reserved" in found[2]
    assert "got '<script>alert(1)</script>'" in found[3]
    assert "'old briefing id' must be an id, got nothing" in found[7]
    assert "'old briefing id' must be an id, got a list" in found[8]
    assert "the id is 101 characters long; at most 100" in found[9]
    assert "'new briefing id' must be an id (lowercase letters, digits, hyphens), got '../b'" in found[10]
    assert found[11].startswith(f"{R_YML}:15:3: error: duplicate key 'fine'")


def test_unknown_kinds_and_wrong_shapes(content_problems):
    assert problems_of(content_problems, "tag:\n  money: funding\nwidgets:\n  x: a\nstories: [a]\n") == [
        f"{R_YML}:1:1: error: unknown kind 'tag' in redirects.yml\n  hint: did you mean 'tags'?",
        f"{R_YML}:3:1: error: unknown kind 'widgets' in redirects.yml\n"
        "  hint: one mapping per kind of page: briefings, tags, entities, stories",
        f"{R_YML}:5:10: error: 'stories' must be a mapping of old ids to new ids, got a list\n"
        "  hint: write 'old-id: new-id' indented below 'stories:', one redirect a line",
    ]
    assert problems_of(content_problems, "- tags\n")[0].startswith(
        f"{R_YML}:1:1: error: redirects.yml must be a mapping of kinds to redirects, got a list")


def test_a_reference_to_an_old_id_names_the_new_one(content_problems):
    """Merging two stories: the story's briefings that still name the old id are told the new one."""
    found = content_problems({R_YML: "stories:\n  stability-exodus: mostaque-leaves\n",
                              "briefings/articles/a.yml": "title: T\nsummary: S\ntags: [leadership]\n"
                                                          "story: stability-exodus\n"})
    assert found == ["briefings/articles/a.yml:4:8: error: unknown story 'stability-exodus' in 'story'\n"
                     f"  hint: 'stability-exodus' is now 'mostaque-leaves' ({R_YML}): write 'mostaque-leaves'"]


def test_a_misnamed_redirects_file_is_reported(content_problems):
    assert content_problems({"briefings/redirects.yaml": "tags:\n  money: funding\n"}) == [
        "briefings/redirects.yaml:1:1: error: 'redirects.yaml' is not read\n"
        "  hint: vocabularies are named exactly 'redirects.yml': rename it"]


# --- what generate writes for the site builder -----------------------------------------------------

def test_the_manifest_names_source_paths_and_titles(make_content):
    content = check(make_content({R_YML: "tags:\n  money: funding\nbriefings:\n  a-old: a\n"}))
    (name, text), = redirects.manifest(content).items()
    assert name == urls.REDIRECTS == ".briefing-redirects.json"
    assert json.loads(text) == {"version": 1, "redirects": [
        {"from": "briefings/a-old.md", "to": "briefings/a.md", "title": "Mostaque steps down"},
        {"from": "tags/money.md", "to": "tags/funding.md", "title": "Funding"}]}
    Path(R_YML).unlink()
    assert redirects.manifest(check(Path("briefings"))) == {}


def test_generate_writes_the_manifest_and_removes_it_with_the_last_redirect(make_content, tmp_path):
    from generator.build import generate

    content = make_content({R_YML: "tags:\n  money: funding\n"})
    generate(content, tmp_path / "site_src")
    assert redirects.sources(tmp_path / "site_src") == {"tags/money.md"}
    (tmp_path / R_YML).unlink()
    summary = generate(content, tmp_path / "site_src")
    assert not (tmp_path / "site_src" / urls.REDIRECTS).exists() and "1 removed" in str(summary)


def test_page_of_reads_back_path_of():
    for kind in ("article", "tag", "entity", "story", "digest"):
        assert urls.page_of(urls.path_of(kind, "some-id")) == (kind, "some-id")
    for path in ("tags/index.md", "tags/funding/2024.md", "index.md", "feed.xml", "trends.md", "other/x.md"):
        assert urls.page_of(path) is None


# --- briefing diff: a page gone with no redirect -----------------------------------------------------

@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    write_tree(root, MINIMAL_CONTENT)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git = ["git", "-c", "user.name=Curator", "-c", "user.email=c@example.org", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Minimal content"]):
        subprocess.run([*git, *args], cwd=root, check=True, capture_output=True)
    return root


def rename_tag(root, old, new):
    for rel in ("briefings/tags.yml", "briefings/articles/a.yml", "briefings/articles/b.yml"):
        path = root / rel
        path.write_text(re.sub(rf"\b{old}\b", new, path.read_text(encoding="utf-8")), encoding="utf-8")


WARNING = ("warning: tags/leadership.md is removed with no redirect: its address /tags/leadership/ will find nothing\n"
           "  hint: if it was renamed or merged, add 'leadership: <new id>' under 'tags:' in briefings/redirects.yml\n")


def test_diff_warns_of_a_page_gone_with_no_redirect_in_both_formats(repo):
    rename_tag(repo, "leadership", "executives")
    text = briefing(repo, "diff", "main")
    assert text.returncode == 0, text.stderr
    assert "removed: tags/leadership.md" in text.stdout
    assert "".join(text.stdout.splitlines(keepends=True)[1:3]) == WARNING
    markdown = briefing(repo, "diff", "main", "--format", "markdown").stdout
    assert ("- renamed `/tags/leadership/` → [`Leadership`](https://briefing.example.org/tags/executives/): "
            "**no redirect**: links to it will find nothing. If it moved, add `leadership: executives` under "
            "`tags:` in `briefings/redirects.yml`.\n") in markdown


def test_diff_says_nothing_of_a_page_gone_with_its_redirect(repo):
    rename_tag(repo, "leadership", "executives")
    write_tree(repo, {R_YML: "tags:\n  leadership: executives\n"})
    result = briefing(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert "removed: tags/leadership.md" in result.stdout and "warning" not in result.stdout
    markdown = briefing(repo, "diff", "main", "--format", "markdown").stdout
    assert "no redirect" not in markdown
    assert ("- renamed `/tags/leadership/` → [`Leadership`](https://briefing.example.org/tags/executives/): "
            "a redirect keeps the old address, to `/tags/executives/`.\n") in markdown


def test_the_diff_reports_list_a_long_list_of_gone_pages_in_a_comment_with_a_limit():
    gone = tuple(f"briefings/b{i:03d}.md" for i in range(60))
    result = SiteDiff("main", "0" * 40, compare({p: "x\n" for p in gone}, {}), unredirected=gone)
    assert format_text(result).count("is removed with no redirect") == 60
    markdown = format_markdown(result)
    assert markdown.count("**no redirect**") == 60  # every address lost is named (up to 100)
    assert "- removed `/briefings/b059/`: **no redirect**" in markdown


def test_only_pages_of_one_id_count_as_gone(make_content):
    content = check(make_content({R_YML: "tags:\n  money: funding\n"}))
    removed = ["tags/money.md", "tags/cash.md", "tags/funding/2023.md", "timeline/2023.md", "digests/2024-w01.md",
               "briefings/old.md", "entities/x.md", "stories/y.md", "feed.xml"]
    assert redirects.unredirected(removed, content) == (
        "briefings/old.md", "entities/x.md", "stories/y.md", "tags/cash.md")


# --- the built site, both editions ----------------------------------------------------------------

# old id -> new id, per folder of the address: a rename of each kind, and a merge of two stories
MOVED = {
    "briefings": ("emad-quits-stability", "2024-03-25-stability-ai-ceo-mostaque-quits"),
    "tags": ("money-raised", "funding"),
    "entities": ("founder-of-stability", "emad-mostaque"),
    "stories": ("stability-exodus", "mostaque-leaves-stability-ai"),
}
SITE_URL = "https://briefing.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The project's content with a redirect of each kind, built online and offline by the real CLI."""
    root = make_project(tmp_path_factory.mktemp("redirects") / "p")
    shutil.copy(REPO / "mkdocs.offline.yml", root / "mkdocs.offline.yml")
    shim = Path("node_modules/iframe-worker/shim/index.js")
    (root / shim).parent.mkdir(parents=True)
    shutil.copy(REPO / shim, root / shim)
    lines = [f"{folder}:\n  {old}: {new}\n" for folder, (old, new) in MOVED.items()]
    (root / R_YML).write_text("".join(lines), encoding="utf-8")
    for args in (("build",), ("build", "--offline")):
        result = briefing(root, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    return root


def redirect_of(page: Path) -> tuple[str, str]:
    """(canonical href, meta refresh URL) of a redirect page, checked to agree with its link and script."""
    text = page.read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', text).group(1)
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', text).group(1)
    assert f'<a href="{refresh}">' in text and f'location.replace("{refresh}"+location.hash)' in text
    return canonical, refresh


def canonical_of(page: Path) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', page.read_text(encoding="utf-8")).group(1)


@pytest.mark.parametrize("folder", MOVED)
def test_online_an_old_address_sends_readers_and_search_engines_to_the_new_page(built, folder):
    old, new = MOVED[folder]
    page = built / "site" / folder / old / "index.html"
    canonical, refresh = redirect_of(page)
    assert refresh == f"../{new}/"
    assert (page.parent / refresh / "index.html").resolve() == (built / "site" / folder / new / "index.html")
    assert canonical == f"{SITE_URL}{folder}/{new}/" == canonical_of(built / "site" / folder / new / "index.html")


@pytest.mark.parametrize("folder", MOVED)
def test_offline_an_old_address_opens_the_new_page_from_file_urls(built, folder):
    old, new = MOVED[folder]
    page = built / "site-offline" / folder / f"{old}.html"
    canonical, refresh = redirect_of(page)
    assert refresh == f"{new}.html"  # relative: from file:// the browser opens the file beside it
    assert (page.parent / refresh).is_file()
    assert canonical == canonical_of(built / "site-offline" / folder / f"{new}.html")  # as the theme's own
    assert not (built / "site-offline" / folder / old).exists()
    with __import__("zipfile").ZipFile(built / "site-offline.zip") as zf:
        assert f"site-offline/{folder}/{old}.html" in zf.namelist()


def test_the_title_of_the_new_page_is_shown_escaped(built):
    text = (built / "site/stories/stability-exodus/index.html").read_text(encoding="utf-8")
    assert "<title>Moved: Emad Mostaque leaves Stability AI</title>" in text
    assert '<p>This page has moved to <a href="../mostaque-leaves-stability-ai/">Emad Mostaque leaves Stability AI</a>' in text


@pytest.mark.parametrize("site", ["site", "site-offline"])
def test_redirect_pages_are_in_no_sitemap_feed_search_index_or_navigation(built, site):
    olds = [old for old, _new in MOVED.values()]
    redirect_pages = {f"{folder}/{old}/index.html" if site == "site" else f"{folder}/{old}.html"
                      for folder, (old, _new) in MOVED.items()}
    files = tree(built / site)
    assert redirect_pages <= files.keys()
    for path, data in files.items():
        if path in redirect_pages or path.startswith("pagefind/"):
            continue
        if path.endswith((".html", ".xml", ".json", ".js")):
            found = [old for old in olds if old.encode() in data]
            assert found == [], f"{path} names {found}"
    assert all(old not in "".join(search.records(built / "site_src")) for old in olds)
    if site == "site-offline":
        locations = [d["location"] for d in json.loads(files["search/search_index.json"])["docs"]]
        assert locations and not [loc for loc in locations if any(old in loc for old in olds)]


def test_a_build_of_hostile_redirects_fails_at_check_and_writes_nothing(tmp_path):
    root = make_project(tmp_path / "p", MINIMAL_CONTENT)
    write_tree(root, {R_YML: HOSTILE})
    before = tree(root)
    result = briefing(root, "build")
    assert result.returncode == 1
    assert f"{R_YML}:2:3: error: 'old briefing id' must be an id" in result.stdout + result.stderr
    assert {p: d for p, d in tree(root).items() if not p.startswith(".cache/")} == before
    assert not (tmp_path / "etc").exists() and not (root / "site").exists()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_chromium_following_an_old_address_lands_on_the_new_page_in_both_editions(built, browser, script):
    """Online over HTTP and offline from file://: with script the #anchor is kept, without it the refresh works."""
    old, new = MOVED["stories"]
    context = browser.new_context(java_script_enabled=script, service_workers="block")
    try:
        tab = context.new_page()
        with served(built / "site") as root:
            for start, end in ((f"{root}stories/{old}/", f"{root}stories/{new}/"),
                               ((built / "site-offline").as_uri() + f"/stories/{old}.html",
                                (built / "site-offline").as_uri() + f"/stories/{new}.html")):
                tab.goto(start + "#timeline")
                tab.wait_for_url(end + ("#timeline" if script else "") + "*")
                assert tab.locator("article h1").first.inner_text().startswith("Emad Mostaque leaves Stability AI")
    finally:
        context.close()


# --- the hook on its own: a forged manifest places nothing outside the site -----------------------

def load_hook():
    spec = importlib.util.spec_from_file_location("redirects_hook", REPO / "hooks/redirects.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("directory_urls, dest", [(True, "tags/money/index.html"), (False, "tags/money.html")])
def test_the_hook_places_redirects_by_mkdocs_file_rules_and_skips_forged_entries(tmp_path, caplog, directory_urls,
                                                                                   dest):
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (tmp_path / "outside.md").write_text("")
    target = File("tags/funding.md", str(docs), str(site), directory_urls)
    target.page = SimpleNamespace(canonical_url=None, title="Funding")
    taken = File("tags/leadership.md", str(docs), str(site), directory_urls)
    taken.page = SimpleNamespace(canonical_url=None, title="Leadership")
    forged = [{"from": "../../outside.md", "to": "tags/funding.md"}, {"from": "tags/../../x.md", "to": "tags/funding.md"},
              {"from": "/etc/passwd.md", "to": "tags/funding.md"}, {"from": "tags/index.md", "to": "tags/funding.md"},
              {"from": "tags/leadership.md", "to": "tags/funding.md"}, {"from": "tags/cash.md", "to": "tags/nowhere.md"},
              {"from": "tags/a\"b.md", "to": "tags/funding.md"}, "not a mapping", {"from": 7, "to": None}]
    good = {"from": "tags/money.md", "to": "tags/funding.md", "title": 'Funding <script>"&'}
    (docs / ".briefing-redirects.json").write_text(json.dumps({"version": 1, "redirects": forged + [good]}))
    hook = load_hook()
    hook.on_files(Files([target, taken]), SimpleNamespace())
    config = SimpleNamespace(docs_dir=str(docs), site_dir=str(site), use_directory_urls=directory_urls)
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.redirects"):
        hook.on_post_build(config)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == len(forged)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["docs/.briefing-redirects.json", "outside.md", f"site/{dest}"])
    assert (tmp_path / "outside.md").read_text() == ""
    text = (site / dest).read_text(encoding="utf-8")
    url = "../funding/" if directory_urls else "funding.html"
    assert f'<meta http-equiv="refresh" content="0; url={url}">' in text
    assert f'<link rel="canonical" href="{url}">' in text  # no site_url: as relative as the refresh
    assert "Moved: Funding &lt;script&gt;&quot;&amp;</title>" in text and "<script>\"" not in text


def test_the_hook_is_in_both_editions_and_does_nothing_without_a_manifest(tmp_path):
    for config in ("mkdocs.yml", "mkdocs.offline.yml"):
        assert re.search(r"^  - hooks/redirects\.py\b", (REPO / config).read_text(encoding="utf-8"), re.M), config
    hook = load_hook()
    hook.on_files(Files([]), SimpleNamespace())
    hook.on_post_build(SimpleNamespace(docs_dir=str(tmp_path), site_dir=str(tmp_path / "site"), use_directory_urls=True))
    assert list(tmp_path.iterdir()) == []


def test_the_page_escapes_what_it_quotes():
    text = textwrap.dedent(load_hook().page('../a"b</script>/', 'https://x.org/"q', "A & <b>"))
    assert 'href="../a&quot;b&lt;/script&gt;/"' in text and 'href="https://x.org/&quot;q"' in text
    assert 'location.replace("../a\\"b\\u003c/script\\u003e/"+location.hash)' in text
    assert "A &amp; &lt;b&gt;" in text


def test_the_example_in_contributing_is_valid_for_check_and_the_editor(tmp_path, monkeypatch):
    import jsonschema
    from generator.content.jsonschema import schemas

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```\n(# yaml-language-server: \$schema=../schema/redirects.schema.json\n.*?)```", text,
                        re.S).group(1)
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    (tmp_path / R_YML).write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert len(check(Path("briefings")).redirects) == 3
    import yaml
    jsonschema.validate(yaml.safe_load(example), schemas()["redirects.schema.json"])
