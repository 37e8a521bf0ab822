"""The GitHub workflows and pre-commit hooks: what can be checked without running them on GitHub.

Every file parses; the workflows are valid against the GitHub workflow schema
(check-jsonschema's copy, offline); the triggers, permissions and steps the
project relies on are there; and every command a ``run:`` step, a hook or a
Makefile recipe names exists: make targets in the Makefile, briefing
subcommands in the CLI parser.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from generator.cli.main import parser
from project import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
PRE_COMMIT = [REPO / ".pre-commit-hooks.yaml", REPO / ".pre-commit-config.yaml"]


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow):
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict.fromkeys(on) if isinstance(on, list) else on


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow, action):
    return [step for step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


def runs(workflow):
    return "\n".join(step["run"] for step in steps(workflow) if "run" in step)


def make_targets():
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set()
    for match in re.finditer(r"^([A-Za-z0-9_][\w.\- ]*?)\s*:(?!=)", text, re.M):
        targets.update(match.group(1).split())
    return targets


def subcommands():
    root = parser()
    (action,) = [a for a in root._actions if a.__class__.__name__ == "_SubParsersAction"]
    return set(action.choices)


def commands_in(text):
    """(make targets, briefing subcommands) a piece of shell names, command by command."""
    targets, commands = [], []
    for line in text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = []
        for token in [*lexer, ";"]:
            if not re.fullmatch(r"[();<>|&]+", token):
                words.append(token)
                continue
            words = [w for w in words if not re.fullmatch(r"\w+=.*", w)]  # VAR=value assignments
            if words and words[0] == "make":
                targets += [w for w in words[1:] if not w.startswith("-")]
            for i, word in enumerate(words):
                if word.split("/")[-1] == "briefing" and i + 1 < len(words):
                    commands.append(words[i + 1])
                elif word == "-m" and words[i + 1:i + 3][:1] == ["generator"] and i + 2 < len(words):
                    commands.append(words[i + 2])
            words = []
    return targets, commands


def test_there_are_the_two_workflows():
    assert [path.name for path in WORKFLOWS] == ["deploy.yml", "pr.yml"]


@pytest.mark.parametrize("path", WORKFLOWS + PRE_COMMIT, ids=lambda p: p.name)
def test_file_parses(path):
    assert load(path)


def test_workflows_match_the_github_workflow_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_steps_name_only_existing_make_targets_and_briefing_commands(path):
    targets, commands = commands_in(runs(load(path)))
    assert targets, "expected the workflow to go through make (it sets up .venv from the pins)"
    assert set(targets) <= make_targets(), f"unknown make targets: {set(targets) - make_targets()}"
    assert set(commands) <= subcommands(), f"unknown briefing subcommands: {set(commands) - subcommands()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_release(path):
    for step in steps(load(path)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_python_is_the_projects(path):
    (setup,) = uses(load(path), "actions/setup-python")
    assert setup["with"]["python-version"] == "3.11"  # a string: YAML would read 3.10 as 3.1


def test_pull_request_workflow():
    workflow = load(REPO / ".github/workflows/pr.yml")
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["pull-requests"] == "write"
    (checkout,) = uses(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "briefing diff needs the base branch in the history"
    shell = runs(workflow)
    # check --strict: a scaffold's '# TODO' and '# proposed' comments left in an annotation fail the pull request;
    # --changed-since: the warnings of the files the pull request does not touch are counted, not annotated
    (check,) = [step for step in steps(workflow) if step.get("run", "").startswith("make check")]
    assert check["run"] == """make check CHECK_FLAGS='--strict --changed-since "origin/$$BASE_REF"'"""
    assert check["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert re.search(r"^\t\$\(PY\) -m generator check \$\(CHECK_FLAGS\)$", (REPO / "Makefile").read_text(), re.M)
    args = parser().parse_args(["check", "--strict", "--changed-since", "origin/main"])
    assert args.strict and args.changed_since == "origin/main"
    assert re.search(r"^make site$", shell, re.M)  # briefing build: mkdocs build --strict
    (diff,) = [step for step in steps(workflow) if "briefing diff" in step.get("run", "")]
    assert re.search(r'briefing diff "origin/\$BASE_REF" --format markdown --full-out briefing-diff '
                     r'--full-url "\$RUN_URL#artifacts" > briefing-diff\.md', diff["run"])
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "${{" not in diff["run"], "expressions go through env, not into the script"
    args = parser().parse_args(["diff", "origin/main", "--format", "markdown", "--full-out", "d", "--full-url", "u"])
    assert (args.format, str(args.full_out), args.full_url) == ("markdown", "d", "u")
    # the comment is never stale: while the check fails, it says so in place of the comparison
    assert check["id"] == "check" and check["continue-on-error"] is True
    assert diff["if"] == "steps.check.outcome == 'success'"
    (failing,) = [step for step in steps(workflow) if "--format markdown" in step.get("run", "")
                  and "briefing check" in step["run"]]
    assert failing["if"] == "steps.check.outcome == 'failure'"
    assert re.search(r"briefing check --strict --format markdown > briefing-diff\.md", failing["run"])
    (comment,) = uses(workflow, "actions/github-script")
    assert "briefing-diff.md" in comment["with"]["script"] and "The comparison failed" in comment["with"]["script"]
    assert "head.repo.full_name == github.repository" in comment["if"] and comment["if"].startswith("always()")
    artifacts = {step["with"]["name"]: step for step in uses(workflow, "actions/upload-artifact")}
    assert artifacts["site"]["with"]["path"].rstrip("/") == "site"
    assert artifacts["briefing-diff"]["with"]["path"].rstrip("/") == "briefing-diff"
    names = [step.get("name", step.get("uses")) for step in steps(workflow)]
    assert names.index("Check the content") < names.index("Compare what readers will see with the base branch")
    last = steps(workflow)[-1]
    assert last["if"] == "steps.check.outcome == 'failure'" and "exit 1" in last["run"]  # the job still fails


def test_deploy_workflow():
    workflow = load(REPO / ".github/workflows/deploy.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert re.search(r"^make site$", runs(workflow), re.M)
    (upload,) = uses(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["steps"][0]["id"] == "deployment"


def test_makefile_recipes_name_only_existing_briefing_commands():
    _, commands = commands_in((REPO / "Makefile").read_text(encoding="utf-8"))
    assert commands and set(commands) <= subcommands()


def pins():
    found = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep:
            found[name.strip().lower().replace("_", "-")] = version.strip()
    return found


def hook_problems(hook, entry_prefix):
    problems = []
    if not hook["entry"].startswith(entry_prefix):
        problems.append(f"entry {hook['entry']!r} does not start with {entry_prefix!r}")
    _, commands = commands_in(hook["entry"])
    if not commands or not set(commands) <= subcommands():
        problems.append(f"entry {hook['entry']!r} names no existing briefing subcommand")
    for dependency in hook.get("additional_dependencies", []):
        name, _, version = dependency.partition("==")
        if pins().get(name.lower().replace("_", "-")) != version:
            problems.append(f"{dependency} is not pinned so in requirements.txt")
    return problems


def test_pre_commit_hook_manifest():
    (hook,) = load(REPO / ".pre-commit-hooks.yaml")
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames", "files")} == {
        "id": "briefing-check", "entry": "briefing check", "language": "python",
        "pass_filenames": False, "files": "^briefings/"}
    assert hook_problems(hook, "briefing ") == []
    # pre-commit installs the package: what `briefing check` imports comes from pyproject.toml's dependencies
    assert "additional_dependencies" not in hook


def declared_dependencies() -> dict:
    """pyproject.toml's [project] dependencies: name -> (lowest, below) version bounds."""
    import tomllib

    found = {}
    for spec in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]:
        name, low, high = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([^,]+),<(.+)", spec).groups()
        found[name.lower()] = (low, high)
    return found


def test_pyproject_declares_what_check_imports_and_admits_the_pins():
    declared = declared_dependencies()
    assert set(declared) == {"pyyaml", "jinja2", "markupsafe", "markdown", "nh3"}
    for name, (low, _high) in declared.items():
        assert pins()[name] == low, name  # the pinned version is the lowest the range admits


def test_pre_commit_config_uses_the_hook_locally():
    config = load(REPO / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    (published,) = load(REPO / ".pre-commit-hooks.yaml")
    for key in ("id", "name", "language", "pass_filenames", "files"):
        assert hook[key] == published[key], key
    assert hook["entry"] == "python -m generator check"
    assert hook_problems(hook, "python -m generator ") == []
    # a local hook gets no package: its environment lists pyproject.toml's dependencies, pinned
    assert {d.split("==")[0].lower() for d in hook["additional_dependencies"]} == set(declared_dependencies())


@pytest.mark.parametrize("path, expected", [
    ("briefings/articles/2024-03-24-mostaque-steps-down-decentralized-ai.yml", True),
    ("briefings/tags.yml", True),
    ("generator/cli/main.py", False),
    ("site_src/about.md", False),
])
def test_pre_commit_hook_runs_for_content_files_only(path, expected):
    (hook,) = load(REPO / ".pre-commit-hooks.yaml")
    assert bool(re.search(hook["files"], path)) is expected


def test_command_finder_reads_shell_the_way_the_workflows_write_it():
    assert commands_in("make check\nmake -j2 site V=1 && .venv/bin/briefing diff x > out.md\n"
                       "$(PY) -m generator serve  # comment: briefing nope\nbriefing check | tee log") == (
        ["check", "site"], ["diff", "serve", "check"])


def _git(repo, *args):
    """git in ``repo``, without the user's or system configuration (a global excludes file could ignore .cache/)."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.com", *args],
                          cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def test_the_hook_leaves_no_trace_in_a_repository_that_holds_only_content(tmp_path):
    from generator.content.cache import CACHE_FILE

    repo = tmp_path / "content"
    shutil.copytree(REPO / "briefings", repo / "briefings")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "content")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "user-cache"))  # the cache's signing key, not in the repo
    for _run in ("first", "second"):  # the first run makes the cache, the second reads it
        result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=repo, env=env,  # the hook's command
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert _git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert (repo / ".cache" / CACHE_FILE).is_file()  # kept, and ignored


def test_pull_request_check_passes_the_base_branch_to_briefing_as_one_word_of_text(tmp_path):
    """The check step's make command, as make writes it for the shell, and the shell runs it: the base branch,
    whatever it is called, is one argument, never shell or make syntax."""
    (check,) = [step for step in steps(load(REPO / ".github/workflows/pr.yml")) if step.get("run", "").startswith("make check")]
    flags = shlex.split(check["run"])[2].partition("=")[2]  # what the workflow's shell gives make
    dry = subprocess.run(["make", "-s", "-n", "-o", ".venv/.ready", "check", f"CHECK_FLAGS={flags}"], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    assert " -m generator check " in dry
    branch = "main$(touch pwned) `touch pwned` 'x\" y"
    words = subprocess.run(["bash", "-c", 'printf "%s\\n" ' + dry.partition(" -m generator ")[2]], cwd=tmp_path,
                           env={"BASE_REF": branch, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert words == ["check", "--strict", "--changed-since", f"origin/{branch}"]
    assert not (tmp_path / "pwned").exists()
