"""`make pr-check` in a small git repository: a pull request's articles converted for their
contributor, annotations on the lines to fix, the job summary, and articles from the issue form."""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest
import yaml

from commentary_archive import pr_check
from commentary_archive.convert import Settings, convert
from commentary_archive.pr_check import (
    Problem,
    annotation,
    build_problems,
    escape_cell,
    issue_fields,
    raw_from_issue,
    write_issue_article,
)
from commentary_archive.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.github.io/archive/"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}
BASE_ARTICLE = "\n".join(
    [
        "Minsk Repaints Its Tram Depot",
        "3- 14.03.2025, 10:05",
        "- 2,310",
        "",
        "The oldest tram depot in Minsk has been painted green, and the trams still run late.",
        "The depot on the edge of the old town has served the city since the nineteen twenties, "
        "and for most of that time nobody in Belarus paid attention to its walls.",
        "A colour chosen by committee",
        "The city council spent three sessions on the choice of paint, and the minutes show that "
        "the debate was longer than the one about the timetable for the whole of Minsk.",
        "Olga Sample, citynotes.example.",
    ]
)
NEW_TITLE = "The River Port | Counts `Barges` <b>Again</b> *now*"
NEW_ARTICLE = "\n".join(
    [
        NEW_TITLE,
        "4- 12.05.2025, 09:15",
        "- 1,234",
        "",
        "A quiet port on the river near Minsk is busy again, and nobody in Belarus can say for "
        "how long.",
        "Three years ago the quay at the edge of town was a place for fishermen and for teenagers "
        "with nothing to do in the evening. Now trucks queue there before dawn.",
        "What the barges carry",
        "Most of the cargo is grain, sand and timber, the same goods the river carried a century "
        "ago, and the harbour master says the numbers have tripled since last spring, the "
        "busiest season for any river port in Belarus since the road to Minsk was closed.",
        "Maria Testova, rivernews.example.",
    ]
)
NEW_SLUG = "the-river-port-counts-barges-b-again-b-now"


def git(cwd: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def base_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site configuration and one converted article, committed on `main`."""
    repository = tmp_path_factory.mktemp("origin")
    for name in ("mkdocs.yml", "tags.yml"):
        shutil.copy2(ROOT / name, repository / name)
    shutil.copytree(ROOT / "overrides", repository / "overrides")
    shutil.copytree(ROOT / "docs", repository / "docs", ignore=shutil.ignore_patterns("articles"))
    (repository / "raw").mkdir()
    (repository / "raw" / "001_tram-depot.txt").write_text(BASE_ARTICLE, encoding="utf-8")
    settings = Settings(
        out=repository / "docs" / "articles",
        vocabulary=load_vocabulary(repository / "tags.yml"),
        zone=ZoneInfo("Europe/Minsk"),
    )
    [outcome] = convert([repository / "raw"], settings)
    assert outcome.status == "converted", outcome.errors
    git(repository, "init", "--quiet", "--initial-branch=main")
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "-m", "base")
    return repository


@pytest.fixture
def pull_request(base_repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone of the base with a branch to commit a pull request's files on; the cwd."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(base_repository), str(clone))
    git(clone, "switch", "--quiet", "--create", "contribution")
    monkeypatch.chdir(clone)
    for name in ("GITHUB_REPOSITORY", "GITHUB_STEP_SUMMARY", "PR_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("SITE_URL", SITE_URL)
    return clone


def commit(repository: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repository / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "-m", "contribution")


def run_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[int, str, str]:
    summary = tmp_path / "summary.md"
    status = pr_check.main(["--summary", str(summary)])
    return status, summary.read_text(encoding="utf-8"), capsys.readouterr().err


class Cells(html.parser.HTMLParser):
    """The rows of every table in an HTML page: each cell's text and the tags inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, list[str]]]]] = []
        self.cell: tuple[list[str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ([], [])
        elif self.cell is not None:
            self.cell[1].append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(("".join(self.cell[0]), self.cell[1]))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[0].append(data)


def tables_of(summary: str) -> list[list[list[tuple[str, list[str]]]]]:
    parser = Cells()
    parser.feed(markdown.markdown(summary, extensions=["tables"]))
    return parser.tables


def test_a_new_raw_file_passes_without_its_markdown(pull_request, tmp_path):
    commit(pull_request, {"raw/017_river-port.txt": NEW_ARTICLE})
    summary_file = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary_file), "PR_BASE": "origin/main"}

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "pr_check.py")],
        cwd=pull_request,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    summary = summary_file.read_text(encoding="utf-8")
    assert "✅ **Passed**" in summary
    assert "will be written when the pull request is merged" in summary
    [table] = tables_of(summary)
    header, *rows = table
    assert [text for text, _ in header] == [
        "",
        "Title",
        "Date",
        "Authors",
        "Source",
        "Tags",
        "Words",
        "Warnings",
        "Address",
    ]
    [row] = rows
    cells = dict(zip([text for text, _ in header], row, strict=True))
    # The contributor's title is text: its pipe, backticks, tags and stars made no structure.
    assert cells["Title"] == (NEW_TITLE, [])
    assert cells[""][0] == "new, Markdown written on merge"
    assert cells["Date"][0] == "2025-05-12 09:15"
    assert cells["Authors"][0] == "Maria Testova"
    assert cells["Source"][0] == "rivernews.example"
    assert cells["Tags"][0] == "belarus, minsk"
    assert int(cells["Words"][0]) > 50
    assert cells["Warnings"][0] == "none"
    address = f"{SITE_URL}articles/2025/05/{NEW_SLUG}/"
    assert cells["Address"] == (f"articles/2025/05/{NEW_SLUG}/", ["a"])
    assert f"]({address})" in summary
    # Nothing had to be committed; the page was built where the address says.
    assert git(pull_request, "status", "--porcelain", "docs") == "?? docs/articles/2025/05/\n"
    site = pull_request / "site"
    assert (site / "articles" / "2025" / "05" / NEW_SLUG / "index.html").is_file()
    # upload-pages-artifact (v4 and later) leaves out dotfiles: the site must not need any.
    assert not [p for p in site.rglob(".*")], "the built site has hidden files"


def test_committed_markdown_is_reported_as_part_of_the_pull_request(pull_request, tmp_path, capsys):
    commit(pull_request, {"raw/017_river-port.txt": NEW_ARTICLE})
    assert pr_check.main(["--summary", str(tmp_path / "first.md")]) == 0
    git(pull_request, "add", "--all", "docs")
    git(pull_request, "commit", "--quiet", "-m", "the Markdown too")
    capsys.readouterr()

    status, summary, _ = run_check(capsys, tmp_path)

    assert status == 0
    assert "written when the pull request is merged" not in summary
    [[_, row]] = tables_of(summary)
    assert row[0][0] == "new"
    assert row[1][0] == NEW_TITLE


def test_an_impossible_date_fails_with_an_annotation_on_its_line(pull_request, tmp_path, capsys):
    broken = NEW_ARTICLE.replace("4- 12.05.2025, 09:15", "4- 31.02.2025, 12:00")
    commit(pull_request, {"raw/018_impossible.txt": broken})

    status, summary, err = run_check(capsys, tmp_path)

    assert status == 1
    assert "::error file=raw/018_impossible.txt,line=2::raw/018_impossible.txt:2: has an " in err
    assert "❌ **Failed**" in summary
    tables = tables_of(summary)
    problems = tables[-1]
    assert [text for text, _ in problems[1]][:2] == ["raw/018_impossible.txt", "2"]
    assert "impossible date" in problems[1][2][0]


def test_a_curators_unknown_tag_is_annotated_on_its_line(pull_request, tmp_path, capsys):
    [article] = (pull_request / "docs" / "articles").rglob("*.md")
    text = article.read_text(encoding="utf-8")
    assert "\n- minsk\n" in text
    edited = text.replace("\n- minsk\n", "\n- minks\n")
    line = edited.splitlines().index("- minks") + 1
    commit(pull_request, {article.relative_to(pull_request).as_posix(): edited})

    status, summary, err = run_check(capsys, tmp_path)

    assert status == 1
    relative = article.relative_to(pull_request).as_posix()
    annotations = [a for a in err.splitlines() if a.startswith("::error")]
    assert annotations == [
        f"::error file={relative},line={line}::{relative}:{line}: has tag 'minks', which is not "
        "in the tag vocabulary. Did you mean 'minsk'? Use a key from tags.yml, or add the tag "
        "there."
    ]
    [articles, problems] = tables_of(summary)
    assert articles[1][0][0] == "edited"
    assert f"line {line}: has tag 'minks'" in articles[1][7][0]
    assert [text for text, _ in problems[1]][:2] == [relative, str(line)]


def test_a_file_the_converter_does_not_read_is_an_error(pull_request, tmp_path, capsys):
    commit(pull_request, {"raw/017_river-port.docx": NEW_ARTICLE})

    status, _, err = run_check(capsys, tmp_path)

    assert status == 1
    assert "::error file=raw/017_river-port.docx::raw/017_river-port.docx: is not read" in err


def test_without_a_base_branch_every_unconverted_raw_file_counts(
    pull_request, tmp_path, capsys, monkeypatch
):
    git(pull_request, "remote", "remove", "origin")
    (pull_request / "raw" / "017_river-port.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    status, summary, err = run_check(capsys, tmp_path)

    assert status == 0, err
    assert "no base branch to compare with" in err
    [[_, row]] = tables_of(summary)
    assert row[1][0] == NEW_TITLE


def test_mkdocs_warnings_become_problems_on_the_files_they_name(tmp_path):
    article = tmp_path / "docs" / "articles" / "2025" / "06" / "x.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: X\ntags:\n- belarus\n- ekonomy\n---\nText.\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\n", encoding="utf-8")
    output = "\n".join(
        [
            "INFO    -  Cleaning site directory",
            "WARNING -  commentary_archive: articles/2025/06/x.md:5: has tag 'ekonomy', which is "
            "not in the tag vocabulary. Did you mean 'economy'? Use a key from tags.yml, or add "
            "the tag there.",
            "ERROR   -  commentary-archive: cannot read articles:",
            "articles/2025/06/x.md:3: front matter is not valid YAML (while parsing",
            '  in "<unicode string>", line 2, column 8).',
            "WARNING -  Config value 'plugins': something without a file",
            f"WARNING -  In {tmp_path / 'mkdocs.yml'}:1: an absolute path",
            "",
            "Aborted with a BuildError!",
        ]
    )

    problems = build_problems(output, tmp_path)

    assert problems == [
        Problem(
            "docs/articles/2025/06/x.md",
            5,
            "commentary_archive: has tag 'ekonomy', which is not in the tag vocabulary. Did you "
            "mean 'economy'? Use a key from tags.yml, or add the tag there.",
        ),
        Problem(
            "docs/articles/2025/06/x.md",
            3,
            "commentary-archive: cannot read articles: front matter is not valid YAML (while "
            'parsing in "<unicode string>", line 2, column 8).',
        ),
        Problem(None, None, "Config value 'plugins': something without a file"),
        Problem("mkdocs.yml", 1, "In an absolute path"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a | b",
        "`code` and ``more``",
        "<script>alert(1)</script> <img src=x onerror=alert(1)>",
        "*stars* and _underscores_ and **bold**",
        "[a link](https://example.org) ![image](x.png) <https://example.org>",
        "www.example.org and someone@example.org and https://example.org",
        "line one\nline two\r\n| --- |\n# heading",
        "&amp; &lt;b&gt; &#124; \\| backslash\\",
        "$x^2$ ~~strike~~ {: .class } ==mark==",
        "control\x00\x07characters\u2028and separators",
    ],
)
def test_contributor_text_in_a_cell_stays_text(text):
    cell = escape_cell(text)
    document = f"| a | b |\n| --- | --- |\n| {cell} | end |\n"

    [[_, row]] = tables_of(document)

    assert "\n" not in cell
    expected = " ".join(text.replace("\x00", "\ufffd").replace("\x07", "\ufffd").split())
    assert row == [(expected, []), ("end", [])]


def test_annotations_escape_their_file_and_message():
    problem = Problem("raw/a,b:c.txt", 4, "one\ntwo 100%")

    assert (
        annotation(problem)
        == "::error file=raw/a%2Cb%3Ac.txt,line=4::raw/a,b:c.txt:4: one%0Atwo 100%25"
    )
    assert annotation(Problem(None, None, "no file")) == "::error::no file"


ISSUE_BODY = (
    "### Title\r\n\r\nThe River Port Counts Its Barges\r\n\r\n"
    "### Header line\r\n\r\n4- 12.05.2025, 09:15\r\n\r\n"
    "### Views line\r\n\r\n_No response_\r\n\r\n"
    "### Article text\r\n\r\n"
    "A quiet port on the river near Minsk is busy again.\r\n\r\n"
    "  Three years ago the quay was a place for fishermen and for teenagers with nothing to do "
    "in the evening, and now trucks queue there before dawn every day.  \r\n"
    "### Views line\r\n"
    "Maria Testova, rivernews.example."
)


def test_issue_form_fields_are_read_in_order_and_no_response_is_empty():
    fields = issue_fields(ISSUE_BODY)

    assert fields["Title"] == "The River Port Counts Its Barges"
    assert fields["Header line"] == "4- 12.05.2025, 09:15"
    assert fields["Views line"] == ""
    # A `###` line inside the article text is text, not a new field.
    assert fields["Article text"].endswith("### Views line\nMaria Testova, rivernews.example.")


def test_an_issue_becomes_a_raw_file_that_converts(tmp_path):
    body = ISSUE_BODY.replace("_No response_", "1,234").replace("### Views line\r\nMaria", "Maria")

    path = write_issue_article(" 123 ", body, tmp_path / "raw")

    assert path == tmp_path / "raw" / "issue-123.txt"
    assert path.read_text(encoding="utf-8") == "\n".join(
        [
            "The River Port Counts Its Barges",
            "4- 12.05.2025, 09:15",
            "- 1,234",
            "",
            "A quiet port on the river near Minsk is busy again.",
            "Three years ago the quay was a place for fishermen and for teenagers with nothing to "
            "do in the evening, and now trucks queue there before dawn every day.",
            "Maria Testova, rivernews.example.",
        ]
    )
    settings = Settings(
        out=tmp_path / "articles",
        vocabulary=load_vocabulary(ROOT / "tags.yml"),
        zone=ZoneInfo("Europe/Minsk"),
    )
    [outcome] = convert([path], settings)
    assert outcome.status == "converted", outcome.errors
    front = yaml.safe_load(outcome.markdown.read_text(encoding="utf-8").split("---")[1])
    assert front["title"] == "The River Port Counts Its Barges"
    assert front["authors"] == ["Maria Testova"]


@pytest.mark.parametrize("number", ["../../etc/passwd", "12; rm -rf /", "0", "", "1e3", "-5"])
def test_the_raw_file_name_comes_from_a_plain_issue_number_only(tmp_path, number):
    with pytest.raises(pr_check.IssueFormError):
        write_issue_article(number, ISSUE_BODY, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_incomplete_form_is_refused_with_its_field(tmp_path):
    with pytest.raises(pr_check.IssueFormError, match="Header line"):
        raw_from_issue(ISSUE_BODY.replace("4- 12.05.2025, 09:15", "_No response_"))
    with pytest.raises(pr_check.IssueFormError, match="no '### Title' section"):
        raw_from_issue("Just some text pasted into a blank issue.")


def test_the_issue_command_reads_the_body_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ISSUE_BODY", ISSUE_BODY)

    assert pr_check.main(["issue", "--number", "7", "--raw-dir", str(tmp_path)]) == 0
    assert (tmp_path / "issue-7.txt").is_file()
    monkeypatch.setenv("ISSUE_BODY", "nothing")
    assert pr_check.main(["issue", "--number", "8", "--raw-dir", str(tmp_path)]) == 1
    assert "no '### Title' section" in capsys.readouterr().err


def test_the_issue_form_asks_for_the_fields_the_parser_reads():
    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-article.yml").read_text(encoding="utf-8")
    )
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert tuple(labels) == pr_check.ISSUE_FIELDS
    # Opening an issue must never apply the label that makes the workflow write.
    assert "accepted" not in form.get("labels", [])


def test_the_issue_command_needs_only_the_standard_library():
    # The issue workflow runs it with PYTHONPATH=src and no packages installed.
    code = (
        "import sys; import commentary_archive.pr_check; "
        "third = {'yaml', 'mkdocs', 'slugify', 'tqdm', 'rapidfuzz', 'frontmatter'}; "
        "sys.exit(sorted(third & set(sys.modules)) or 0)"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],
        env={"PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_rows_front_matter_is_read_as_the_converter_and_the_site_read_it(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("\ufeff---\ntitle: T\ntags: [belarus]\n---\nBody text.\n", "utf-8")
    assert pr_check._front_matter(article) == ({"title": "T", "tags": ["belarus"]}, "Body text.")

    article.write_text("---\na: &a [1]\nb: *a\n---\nBody text.\n", "utf-8")
    assert pr_check._front_matter(article) == ({}, "Body text.")
