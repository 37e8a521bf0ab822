"""How check reports problems: compiler-style text, GitHub workflow commands, JSON for tools."""

import json
import textwrap

import pytest

from conftest import MINIMAL_CONTENT
from generator.cli.main import main
from generator.content.errors import Problem
from generator.content.advice import no_source_hint
from generator.content.report import escape_data, escape_property, format_check, github_line

A_YML = "briefings/articles/a.yml"

# The minimal content's a.yml with a typo in its tag, on line 4, column 5, and an outlet (no warning).
TYPO = """\
title: Mostaque steps down
summary: Emad Mostaque left *Stability AI*.
tags:
  - leadershp
source:
  name: The Daily
"""
# b.yml with an outlet: the typo is the only thing check reports
B_SOURCED = {"briefings/articles/b.yml": textwrap.dedent(MINIMAL_CONTENT["briefings/articles/b.yml"])
             + "source:\n  name: The Wire\n"}
TYPO_TEXT = (
    "briefings/articles/a.yml:4:5: error: unknown tag 'leadershp' in 'tags'\n"
    "  hint: did you mean 'leadership'? (or define it in briefings/tags.yml)\n"
)
TYPO_GITHUB = (
    "::error file=briefings/articles/a.yml,line=4,col=5,title=briefing check::"
    "unknown tag 'leadershp' in 'tags' (hint: did you mean 'leadership'? (or define it in briefings/tags.yml))\n"
)
OK_LINE = "ok: 2 articles, 1 context event, 1 story, 2 tags, 2 entities\n"
# Where the minimal content's briefings, which name no outlet, are warned: after the key 'source:' follows
NO_OUTLET_AT = {"a": (3, "tags"), "b": (8, "story")}


@pytest.fixture
def no_github(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


# --- escaping (GitHub's toolkit rules) --------------------------------------------------------

def test_report_escape_data_encodes_percent_and_line_breaks():
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"


def test_report_escape_data_leaves_colons_and_commas():
    assert escape_data("a: b, c") == "a: b, c"


def test_report_escape_property_also_encodes_colons_and_commas():
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"


def test_report_github_line_escapes_message_and_properties():
    problem = Problem("odd,name:1.yml", 3, 7, "'note' is 100%\nwrong", "write it again")
    assert github_line(problem) == (
        "::error file=odd%2Cname%3A1.yml,line=3,col=7,title=briefing check::"
        "'note' is 100%25%0Awrong (hint: write it again)"
    )


def test_report_github_line_without_hint_has_no_hint_part():
    assert github_line(Problem("a.yml", 1, 1, "annotation has no article")) == (
        "::error file=a.yml,line=1,col=1,title=briefing check::annotation has no article"
    )


def test_report_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown report format 'xml'; expected one of: text, github, json"):
        format_check("xml", ())


# --- briefing check, each format --------------------------------------------------------------

def test_report_text_is_the_default_outside_github(make_content, capsys, no_github):
    make_content({A_YML: TYPO, **B_SOURCED})
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == TYPO_TEXT + "1 problem found.\n"


def test_report_github_is_the_default_in_github_actions(make_content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    make_content({A_YML: TYPO, **B_SOURCED})
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == TYPO_GITHUB
    assert err == "1 problem found.\n"


def test_report_github_actions_other_than_true_keeps_text(make_content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    make_content({A_YML: TYPO, **B_SOURCED})
    assert main(["check"]) == 1
    assert capsys.readouterr().err == TYPO_TEXT + "1 problem found.\n"


def test_report_format_text_overrides_github_actions(make_content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    make_content({A_YML: TYPO, **B_SOURCED})
    assert main(["check", "--format", "text"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == TYPO_TEXT + "1 problem found.\n"


def test_report_format_github_outside_github_actions(make_content, capsys, no_github):
    make_content({A_YML: TYPO, **B_SOURCED})
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out == TYPO_GITHUB


def test_report_github_prints_one_command_per_problem_in_order(make_content, capsys, no_github):
    make_content({A_YML: TYPO + "importance: 9\n", "briefings/articles/c.yml": "title: x\n", **B_SOURCED})
    assert main(["check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "::error file=briefings/articles/a.yml,line=4,col=5,title=briefing check::unknown tag 'leadershp' "
        "in 'tags' (hint: did you mean 'leadership'? (or define it in briefings/tags.yml))",
        "::error file=briefings/articles/a.yml,line=7,col=13,title=briefing check::"
        "'importance' must be a whole number from 1 to 5, got 9 (hint: each field's format is in CONTRIBUTING.md; "
        "'briefing schema' gives your editor completion for it)",
        "::error file=briefings/articles/c.yml,line=1,col=1,title=briefing check::annotation has no article "
        "(hint: add c.txt or c.md next to it, or rename the annotation to match its article's file name)",
    ]
    assert err == "3 problems found.\n"


def test_report_github_clean_content_prints_ok(make_content, capsys, no_github):
    make_content({A_YML: TYPO.replace("leadershp", "leadership")})
    assert main(["check", "--format", "github"]) == 0
    assert capsys.readouterr() == (
        "::warning file=briefings/articles/b.yml,line=8,col=1,title=briefing check::the briefing's outlet is not "
        f"recorded (hint: {no_source_hint('story')})\n" + OK_LINE.replace("\n", " (1 warning)\n"), "")


def test_report_text_prints_warnings_apart_and_still_succeeds(make_content, capsys, no_github):
    make_content({A_YML: TYPO.replace("leadershp", "leadership")})
    assert main(["check"]) == 0
    assert capsys.readouterr() == (OK_LINE.replace("\n", " (1 warning)\n"),
                                   "briefings/articles/b.yml:8:1: warning: the briefing's outlet is not recorded\n"
                                   f"  hint: {no_source_hint('story')}\n")


def test_report_json_lists_every_problem(make_content, capsys, no_github):
    make_content({A_YML: TYPO, **B_SOURCED})
    assert main(["check", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == {
        "ok": False,
        "problems": [{
            "path": "briefings/articles/a.yml", "line": 4, "col": 5, "severity": "error",
            "message": "unknown tag 'leadershp' in 'tags'",
            "hint": "did you mean 'leadership'? (or define it in briefings/tags.yml)",
        }],
        "warnings": [],
        "counts": {"problems": 1, "articles": None, "events": None, "stories": None, "tags": None,
                   "entities": None, "drafts": None, "warnings": 0},
    }


def test_report_json_clean_content_counts_what_was_read(make_content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # an explicit --format wins
    make_content()
    assert main(["check", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == {
        "ok": True, "problems": [],
        "warnings": [{"path": f"briefings/articles/{name}.yml", "line": NO_OUTLET_AT[name][0], "col": 1,
                      "severity": "warning", "message": "the briefing's outlet is not recorded",
                      "hint": no_source_hint(NO_OUTLET_AT[name][1])}
                     for name in ("a", "b")],
        "counts": {"problems": 0, "articles": 2, "events": 1, "stories": 1, "tags": 2, "entities": 2, "drafts": 0, "warnings": 2},
    }


def test_report_json_is_indented_and_ends_with_a_newline(make_content, capsys, no_github):
    make_content()
    main(["check", "--format", "json"])
    out = capsys.readouterr().out
    assert out.startswith('{\n  "ok": true,\n  "problems": [],\n')
    assert out.endswith("}\n")


def test_report_json_keeps_missing_content_directory_a_problem(make_content, capsys, no_github):
    make_content(base=False)
    assert main(["check", "--content", "nowhere", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["problems"] == [{
        "path": "nowhere", "line": 1, "col": 1, "severity": "error",
        "message": "content directory not found", "hint": "run from the project root or pass --content DIR",
    }]


def test_report_unknown_format_option_is_wrong_usage(make_content, capsys):
    make_content()
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "xml"])
    assert info.value.code == 2
    assert "briefing check: error: argument --format: invalid choice: 'xml'" in capsys.readouterr().err


def test_a_problem_stays_one_line_and_shows_invisible_characters():
    from generator.content.errors import Problem

    text = str(Problem("briefings/articles/a\nb.txt", 1, 2, "id 'a\nb' has \u202e and \x1b[31m", "rename \u2066it"))
    assert text.split("\n") == ["briefings/articles/a\\nb.txt:1:2: error: id 'a\\nb' has \\u202e and \\u001b[31m",
                                "  hint: rename \\u2066it"]


# --- warnings beside problems -----------------------------------------------------------------

MARKED = TYPO.replace("title: Mostaque steps down", "title: Mostaque steps down  # TODO: check it")
MARKER_TEXT = ("briefings/articles/a.yml:1:29: warning: unfinished: '# TODO: check it'\n"
               "  hint: do what the comment says, then delete the comment ('briefing check --strict', run on pull "
               "requests, refuses it)\n")
NO_OUTLET_TEXT = ("briefings/articles/b.yml:8:1: warning: the briefing's outlet is not recorded\n"
                  f"  hint: {no_source_hint('story')}\n")


def test_report_text_prints_the_warnings_after_the_problems_and_counts_both(make_content, capsys, no_github):
    make_content({A_YML: MARKED})
    assert main(["check"]) == 1
    assert capsys.readouterr() == ("", TYPO_TEXT + MARKER_TEXT + NO_OUTLET_TEXT + "1 problem and 2 warnings found.\n")


def test_report_github_annotates_the_warnings_beside_the_problems(make_content, capsys, no_github):
    make_content({A_YML: MARKED})
    assert main(["check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] + "\n" == TYPO_GITHUB
    assert [line.split("::")[1] for line in out.splitlines()[1:]] == [
        "warning file=briefings/articles/a.yml,line=1,col=29,title=briefing check",
        "warning file=briefings/articles/b.yml,line=8,col=1,title=briefing check"]
    assert err == "1 problem and 2 warnings found.\n"


def test_report_json_lists_the_warnings_beside_the_problems(make_content, capsys, no_github):
    make_content({A_YML: MARKED})
    assert main(["check", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(p["line"], p["col"]) for p in document["problems"]] == [(4, 5)]
    assert [(w["path"], w["line"], w["col"]) for w in document["warnings"]] == [
        (A_YML, 1, 29), ("briefings/articles/b.yml", 8, 1)]
    assert (document["counts"]["problems"], document["counts"]["warnings"]) == (1, 2)


def test_report_never_hides_a_problem_behind_warnings():
    warnings = [Problem("a.yml", line, 1, "w", "", "warning") for line in range(1, 251)]
    output = format_check("text", [Problem("z.yml", 1, 1, "broken")], None, warnings)
    lines = output.stderr.splitlines()
    assert lines[0] == "z.yml:1:1: error: broken"
    assert lines[-1] == "1 problem and 250 warnings found. (51 more not shown: fix the first ones and check again)"


# --- on a pull request: paths from the top of the repository, warnings of the files the change touches ------

GIT = ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org", "-c", "commit.gpgsign=false"]


def git(root, *args):
    import subprocess

    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(make_content, tmp_path):
    """The minimal content (two briefings without an outlet: two warnings) committed on main of a git repository."""
    make_content()
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Minimal content")
    return tmp_path


def test_report_github_paths_are_relative_to_the_repository_from_any_folder(repo, capsys, monkeypatch, no_github):
    monkeypatch.chdir(repo / "briefings")
    (repo / "briefings/articles/a.yml").write_text(TYPO)
    assert main(["check", "--content", ".", "--format", "github"]) == 1
    out, _err = capsys.readouterr()
    assert [line.split(",")[0] for line in out.splitlines()] == [
        "::error file=briefings/articles/a.yml", "::warning file=briefings/articles/b.yml"]


def test_report_github_paths_outside_git_stay_as_they_were(make_content, capsys, monkeypatch, no_github):
    make_content()
    monkeypatch.chdir("briefings")
    assert main(["check", "--content", ".", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith("::warning file=articles/a.yml,line=")


def test_report_text_paths_stay_relative_to_the_working_directory(repo, capsys, monkeypatch, no_github):
    monkeypatch.chdir(repo / "briefings")
    assert main(["check", "--content", "."]) == 0
    assert capsys.readouterr().err.startswith("articles/a.yml:")


def test_report_changed_since_counts_the_warnings_of_untouched_files(repo, capsys, no_github):
    (repo / "briefings/articles/a.yml").write_text(MARKED.replace("leadershp", "leadership"))  # a warning, changed
    assert main(["check", "--changed-since", "main"]) == 0
    out, err = capsys.readouterr()
    assert out == OK_LINE.replace("\n", " (1 warning)\n") + (
        "1 warning in files this change does not touch (run briefing check to see them)\n")
    assert err == MARKER_TEXT


def test_report_changed_since_prints_every_problem_and_counts_untouched_warnings(repo, capsys, no_github):
    (repo / "briefings/tags.yml").write_text("leadership:\n  title: Leadership\n")  # 'funding' is now unknown
    assert main(["check", "--changed-since", "main", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert [line.split(",")[0] for line in out.splitlines()] == [  # errors in files the change does not touch
        "::error file=briefings/articles/b.yml", "::error file=briefings/events.yml"]
    assert err == ("2 problems found.\n"
                   "2 warnings in files this change does not touch (run briefing check to see them)\n")


def test_report_changed_since_prints_the_warnings_of_untracked_files(repo, capsys, no_github):
    (repo / "briefings/articles/c.txt").write_text("date 2024-03-26 More.\n")
    (repo / "briefings/articles/c.yml").write_text("title: C\nsummary: C.\ntags: [leadership]\n")
    assert main(["check", "--changed-since", "main", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [w["path"] for w in document["warnings"]] == ["briefings/articles/c.yml"]
    assert document["counts"]["warnings_elsewhere"] == 2


def test_report_changed_since_an_unknown_revision_is_wrong_usage(repo, capsys, no_github):
    assert main(["check", "--changed-since", "no-such-branch"]) == 2
    assert capsys.readouterr().err == ("error: --changed-since: 'no-such-branch' is not a revision git knows "
                                       "(fetch it first: actions/checkout needs 'fetch-depth: 0')\n")


def test_report_changed_since_outside_git_is_wrong_usage(make_content, capsys, no_github):
    make_content()
    assert main(["check", "--changed-since", "main"]) == 2
    assert "needs a git work tree" in capsys.readouterr().err
