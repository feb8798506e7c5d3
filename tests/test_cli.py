import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commentary_archive import document
from commentary_archive.cli import main
from commentary_archive.corpus import generate_corpus

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "raw" / "standard.txt").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with the default layout: raw/, tags.yml, docs/articles/."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "tags.yml").write_bytes((FIXTURES / "tags.yml").read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_defaults_convert_raw_into_docs_articles(project, capsys):
    (project / "raw" / "001_a.txt").write_text(GOOD, encoding="utf-8")

    assert main([]) == 0

    assert capsys.readouterr().out == "1 converted, 0 unchanged, 0 failed\n"
    assert (
        project / "docs/articles/2025/06/minsk-counts-the-cost-of-the-summer-harvest.md"
    ).exists()
    assert main([]) == 0
    assert capsys.readouterr().out == "0 converted, 1 unchanged, 0 failed\n"


def test_failure_exits_1_and_names_file_and_line(project, capsys):
    (project / "raw" / "001_a.txt").write_text(GOOD, encoding="utf-8")
    (project / "raw" / "002_b.txt").write_text("Title\n1- 31.02.2025, 10:00\n\nLead.", "utf-8")

    assert main([]) == 1

    captured = capsys.readouterr()
    assert captured.out == "1 converted, 0 unchanged, 1 failed\n"
    assert captured.err.startswith("error: raw/002_b.txt:2: has an impossible date or time")
    assert "::error" not in captured.err


def test_github_actions_annotations(project, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (project / "raw" / "002_b.txt").write_text("Title\n1- 31.02.2025, 10:00\n\nLead.", "utf-8")
    (project / "raw" / "003_c.txt").write_text(GOOD.replace(", 12:36", ""), "utf-8")

    assert main([]) == 1

    err = capsys.readouterr().err
    assert "::error file=raw/002_b.txt,line=2::raw/002_b.txt:2: has an impossible date" in err
    assert "::warning file=raw/003_c.txt,line=2::raw/003_c.txt:2: has no time in the header" in err


def test_check_lists_what_would_change_and_exits_1(project, capsys):
    (project / "raw" / "001_a.txt").write_text(GOOD, encoding="utf-8")

    assert main(["--check"]) == 1
    out = capsys.readouterr().out
    assert (
        "would change: docs/articles/2025/06/minsk-counts-the-cost-of-the-summer-harvest.md" in out
    )
    assert out.endswith("1 would change, 0 unchanged, 0 failed\n")
    assert not (project / "docs").exists()

    assert main([]) == 0
    assert main(["--check"]) == 0


def test_report_json(project, capsys):
    (project / "raw" / "001_a.txt").write_text(GOOD, encoding="utf-8")
    (project / "raw" / "002_b.txt").write_text("", encoding="utf-8")

    assert main(["--report", "report.json"]) == 1

    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {
        "converted": 1,
        "unchanged": 0,
        "duplicate": 0,
        "failed": 1,
        "orphaned": 0,
        "warnings": 0,
    }
    assert report["files"][0] == {
        "raw": "raw/001_a.txt",
        "status": "converted",
        "markdown": "docs/articles/2025/06/minsk-counts-the-cost-of-the-summer-harvest.md",
        "errors": [],
        "warnings": [],
    }
    [error] = report["files"][1]["errors"]
    assert (error["file"], error["line"]) == ("raw/002_b.txt", 1)


def test_sources_and_out_options(project, capsys):
    (project / "inbox").mkdir()
    (project / "inbox" / "x.txt").write_text(GOOD, encoding="utf-8")

    assert main(["inbox/x.txt", "--out", "site-docs", "--jobs", "1"]) == 0
    assert len(list((project / "site-docs").rglob("*.md"))) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-such-option"],
        ["missing-folder"],
        ["--jobs", "0"],
        ["--timezone", "Mars/Olympus"],
    ],
)
def test_bad_usage_exits_2(project, argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)

    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_dangling_link_among_the_articles_is_no_usage_error(project, capsys):
    (project / "docs" / "articles").mkdir(parents=True)
    (project / "docs" / "articles" / "link.md").symlink_to(project / "nowhere.md")
    (project / "raw" / "001_a.txt").write_text(GOOD, encoding="utf-8")

    assert main([]) == 0
    assert capsys.readouterr().out == "1 converted, 0 unchanged, 0 failed\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--earliest-year", "2026"], "expected a date between 2026-01-01 and "),
        (["--days-ahead", "1"], ""),
    ],
)
def test_date_bounds_are_options(project, capsys, argv, expected):
    (project / "raw" / "001_a.txt").write_text(GOOD, encoding="utf-8")

    assert main(argv) == (1 if expected else 0)
    assert expected in capsys.readouterr().err


def test_invalid_vocabulary_exits_2_naming_file_and_line(project, capsys):
    (project / "tags.yml").write_text("groups: {a: A}\ntags:\n  Bad Key: {}\n", "utf-8")

    assert main([]) == 2
    assert capsys.readouterr().err.startswith("error: tags.yml:3: bad key 'Bad Key'")


def test_killed_run_leaves_whole_files_and_the_next_run_finishes(tmp_path):
    raw = tmp_path / "raw"
    generate_corpus(raw, 1500, seed=11)
    out, clean = tmp_path / "out", tmp_path / "clean"
    command = [sys.executable, str(ROOT / "scripts" / "convert.py"), str(raw)]
    command += ["--tags", str(FIXTURES / "tags.yml"), "--jobs", "1"]

    process = subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.md"))) < 50 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()

    written = list(out.rglob("*.md"))
    assert 50 <= len(written) < 1500, "the run should have been killed midway"
    for path in written:
        document.loads(path.read_text(encoding="utf-8"), str(path))
    subprocess.run([*command, "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*command, "--out", str(clean)], check=True, stdout=subprocess.DEVNULL)
    assert sorted(os.listdir(out)) == sorted(os.listdir(clean))
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {
        p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()
    }
