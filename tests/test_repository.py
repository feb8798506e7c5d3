"""The repository's own machinery: CI workflows, the issue form, pre-commit hooks, and every raw
file converting."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
BIN = Path(sys.executable).parent
WRITE_SCOPES = {"contents", "pull-requests", "issues", "actions", "pages", "id-token"}
# What an outsider controls: a pull request's or an issue's text, names and branches.
UNTRUSTED = re.compile(
    r"github\.(event\.(issue|pull_request|comment|review|head_commit|commits|pages)|head_ref)"
)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def load_workflow(name: str) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); the workflow means the string.
    workflow = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)
    return workflow


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> list[str]:
    return [step["run"] for step in steps(job) if "run" in step]


def actions(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def writes(permissions: dict | str | None) -> set[str]:
    if permissions in ("write-all",):
        return WRITE_SCOPES
    if not isinstance(permissions, dict):
        return set()
    return {scope for scope, level in permissions.items() if level == "write"}


def test_the_workflows_and_the_issue_form_exist():
    assert [path.name for path in WORKFLOWS] == ["article-from-issue.yml", "deploy.yml", "pr.yml"]
    assert [path.name for path in ISSUE_FORMS] == ["submit-article.yml"]


@pytest.mark.parametrize(
    ("schema", "files"),
    [("vendor.github-workflows", WORKFLOWS), ("vendor.github-issue-forms", ISSUE_FORMS)],
    ids=["workflows", "issue-form"],
)
def test_github_files_match_their_schema(schema, files):
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_the_security_audit():
    result = run(str(BIN / "zizmor"), "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: actions/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (
                    f"{path.name}: {line.strip()}"
                )


def test_no_run_script_expands_an_expression():
    """Text reaches scripts only through `env:`, so no value can become shell code."""
    for path in WORKFLOWS:
        for name, job in load_workflow(path.name)["jobs"].items():
            for script in runs(job):
                assert "${{" not in script, f"{path.name}, job {name}: {script}"


def test_no_job_that_can_write_runs_a_pull_requests_or_an_issues_code_or_text():
    for path in WORKFLOWS:
        workflow = load_workflow(path.name)
        triggers = set(workflow["on"])
        assert not triggers & {"pull_request_target", "workflow_run", "issue_comment"}, path.name
        for name, job in workflow["jobs"].items():
            scopes = writes(job.get("permissions", workflow.get("permissions")))
            if not scopes:
                continue
            assert "pull_request" not in triggers, f"{path.name}, job {name} can write"
            for step in steps(job):
                assert not UNTRUSTED.search(yaml.safe_dump(step.get("with", {}))), (
                    f"{path.name}, job {name}: {step}"
                )
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert "ref" not in step.get("with", {}), f"{path.name}, job {name}"
                    assert step["with"]["persist-credentials"] is False


def test_pull_requests_are_checked_read_only_by_make_pr_check_and_make_test():
    workflow = load_workflow("pr.yml")
    assert set(workflow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert workflow["on"]["push"] == {"branches-ignore": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    articles, tests = workflow["jobs"]["articles"], workflow["jobs"]["tests"]
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert runs(articles) == ["make pr-check"]
    assert runs(tests) == ["make test"]
    checkout = steps(articles)[0]
    assert checkout["with"]["fetch-depth"] == 0, "the base branch is needed to find the changes"
    upload = next(s for s in steps(articles) if s.get("uses", "").startswith("actions/upload-"))
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site/"
    assert upload["if"] == "${{ !cancelled() }}"
    env = next(s for s in steps(articles) if "run" in s)["env"]
    assert env["PR_BASE"] == "origin/${{ github.base_ref || 'main' }}"


def test_pull_requests_build_the_archive_with_every_engine_the_makefile_knows():
    engines = load_workflow("pr.yml")["jobs"]["engines"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    known = re.search(r"^ENGINES := (.+)$", makefile, re.MULTILINE)
    assert known, "the Makefile lists its engines in ENGINES"
    assert engines["strategy"]["matrix"]["engine"] == known[1].split()
    assert runs(engines) == ['make site ENGINE="$ENGINE"']
    assert next(s for s in steps(engines) if "run" in s)["env"] == {
        "ENGINE": "${{ matrix.engine }}"
    }
    for engine in known[1].split()[1:]:
        assert (ROOT / f"requirements-{engine}.txt").is_file(), engine


def test_deploy_converts_commits_and_publishes_main_with_the_official_pages_actions():
    workflow = load_workflow("deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    assert list(jobs) == ["convert", "commit", "build", "deploy"]
    convert, commit, build, deploy = jobs.values()

    assert convert["if"] == "github.ref == 'refs/heads/main'"
    assert convert["permissions"] == {"contents": "read"}
    assert runs(convert)[0] == "make convert"
    assert actions(convert)[-1] == "actions/upload-artifact"

    # The only job that writes runs no code from the repository: git and gh only.
    assert commit["permissions"] == {"contents": "write"}
    assert actions(commit) == ["actions/checkout", "actions/download-artifact"]
    [script] = runs(commit)
    assert not re.search(r"\b(make|python3?|pip|mkdocs|npm)\b", script)
    assert "git apply --index --include='docs/articles/*'" in script
    assert "git push origin HEAD:refs/heads/main" in script

    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert actions(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/cache",
        "actions/upload-pages-artifact",
    ]
    assert runs(build) == ["make site"]
    [cache] = [step for step in steps(build) if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".cache"
    assert steps(build)[0]["with"]["ref"] == "${{ needs.commit.outputs.commit || github.sha }}"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert actions(deploy) == ["actions/deploy-pages"]


def test_only_a_maintainers_label_turns_an_issue_into_a_pull_request():
    workflow = load_workflow("article-from-issue.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert "github.event.label.name == 'accepted'" in job["if"]
    script = "\n".join(runs(job))
    assert "github.event" not in script
    write = next(s for s in steps(job) if "pr_check issue" in s.get("run", ""))
    assert write["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert write["run"] == 'python -m commentary_archive.pr_check issue --number "$ISSUE_NUMBER"'


def test_the_summary_screenshot_is_linked_and_small():
    image = GITHUB / "pr-check-summary.png"
    data = image.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 400 <= width <= 1600 and 100 <= height <= 1600
    assert len(data) < 200_000
    assert "](.github/pr-check-summary.png)" in (ROOT / "CONTRIBUTING.md").read_text("utf-8")


def test_pre_commit_config_is_valid_and_needs_no_network():
    result = run(str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]


@pytest.mark.skipif(not (ROOT / "raw").is_dir(), reason="no raw inbox in this checkout")
def test_every_raw_file_in_the_inbox_converts(tmp_path):
    """A pull request need not carry the Markdown (merging writes it), but its raw files convert."""
    articles = tmp_path / "articles"
    if (ROOT / "docs" / "articles").is_dir():
        shutil.copytree(ROOT / "docs" / "articles", articles)
    result = run(sys.executable, "scripts/convert.py", "--out", str(articles), "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
