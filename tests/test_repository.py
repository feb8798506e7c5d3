"""The repository's own machinery: CI workflows, pre-commit hooks, Markdown in sync with raw/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def load_workflow(name: str) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); the workflow means the string.
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)
    return workflow


def test_both_workflows_exist():
    assert [path.name for path in WORKFLOWS] == ["deploy.yml", "pr.yml"]


def test_workflows_match_the_github_schema():
    result = run(
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_the_security_audit():
    result = run(str(BIN / "zizmor"), "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_publishes_main_with_the_official_pages_actions():
    workflow = load_workflow("deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    build_actions = [step["uses"].split("@")[0] for step in build["steps"] if "uses" in step]
    assert build_actions == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    assert {"run": "make site"}.items() <= next(s for s in build["steps"] if "run" in s).items()
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pull_requests_run_the_sync_check_and_the_tests():
    workflow = load_workflow("pr.yml")
    commands = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert commands == ["make check", "make test"]


def test_pre_commit_config_is_valid_and_needs_no_network():
    result = run(str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]


@pytest.mark.skipif(not (ROOT / "raw").is_dir(), reason="no raw inbox in this checkout")
def test_committed_markdown_is_in_sync_with_the_raw_inbox():
    result = run(sys.executable, "scripts/convert.py", "--check")
    assert result.returncode == 0, (
        "docs/articles/ differs from what `make convert` writes from raw/:\n"
        + result.stdout
        + result.stderr
    )
