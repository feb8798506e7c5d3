"""``make pr-check``: a pull request's articles are converted for their contributor and the site is
built strictly, so nobody has to run anything on their own machine to send an article.

1. Which files the pull request changed: ``git diff`` against the merge base with ``$PR_BASE``
   (default ``origin/main`` when it exists), untracked files included. Without a base, every raw
   file that has no article yet or an out-of-date one counts as changed.
2. Convert ``raw/`` into ``docs/articles/`` in the working tree (nothing needs to be committed:
   on merge, the deploy workflow converts and commits the same Markdown). Markdown a curator edited
   in the pull request is checked again through the converter, which names the line of an
   unknown tag or of broken YAML.
3. ``mkdocs build --strict`` into ``site/``; its warnings become annotations on the files they name.
4. A job summary (``$GITHUB_STEP_SUMMARY``, else stdout): one table row per new or changed
   article (title, date, authors, source, tags, words, warnings, future address) and the problems.
   Whatever a contributor wrote is escaped: it never becomes Markdown structure or HTML.

Exit code 0 when every raw file converts and the site builds, 1 otherwise. In GitHub Actions every
problem is also printed as an annotation (``::error file=…,line=…::…``) on the file's line.

``python -m commentary_archive.pr_check issue --number N`` writes ``raw/issue-N.txt`` from the body
of a "Submit an article" issue (``$ISSUE_BODY``); it needs nothing beyond the standard library.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from commentary_archive.convert import Outcome
    from commentary_archive.vocabulary import Vocabulary

RAW = Path("raw")
DOCS = Path("docs")
ARTICLES = DOCS / "articles"
DEFAULT_BASE = "origin/main"
DEFAULT_SITE_DIR = Path("site")
MAX_ROWS = 200  # a job summary holds at most 1 MiB; a retagging of the whole archive is summarised
ISSUE_FIELDS = ("Title", "Header line", "Views line", "Article text")
NO_RESPONSE = "_No response_"

# ASCII punctuation that can start Markdown structure (emphasis, code, links, autolinks, HTML,
# table cells, math, entities) in GitHub's Markdown or Python-Markdown: written as character
# references, which render as the character and never as structure.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~&:@$^=")
_LOG_RECORD = re.compile(r"^(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(?P<text>.*)$")
_FILE_REFERENCE = re.compile(
    r"(?<![\w./-])(?P<path>/?[\w][\w./-]*\.(?:md|ya?ml))(?::(?P<line>\d+))?(?![\w/-])"
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_ATTRIBUTE_LIST = re.compile(r"^\{:[^}]*\}\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """Something to fix at ``path:line`` (either may be missing)."""

    path: str | None
    line: int | None
    message: str
    level: str = "error"

    @property
    def where(self) -> str:
        if self.path is None:
            return "build"
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass
class Row:
    """One new or changed article in the summary."""

    kind: str  # "new", "changed" or "edited" (only its Markdown changed)
    markdown: Path | None
    raw: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    warnings: list[Problem] = field(default_factory=list)
    written: bool = False  # its Markdown was written by this check, not sent in the pull request


@dataclass
class Changes:
    """What the pull request changed, as repository-relative POSIX paths."""

    base: str | None  # the ref compared with, or None when every out-of-date raw file counts
    merge_base: str | None = None
    raw: set[str] = field(default_factory=set)
    markdown: set[str] = field(default_factory=set)
    # Files under raw/ that the converter does not read (not `*.txt`).
    other_raw: set[str] = field(default_factory=set)


@dataclass
class Result:
    rows: list[Row]
    problems: list[Problem]
    built: bool
    base: str | None
    site_url: str


# --- the check --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["issue"]:
        return issue_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="pr-check",
        description="Convert a pull request's raw articles, build the site strictly, and write a "
        "job summary (what `make pr-check` and the pull-request workflow run).",
    )
    parser.add_argument(
        "--base",
        default=os.environ.get("PR_BASE") or None,
        help=f"the branch the pull request goes into (default: $PR_BASE, else {DEFAULT_BASE})",
    )
    parser.add_argument(
        "--site-dir", type=Path, default=DEFAULT_SITE_DIR, help="where to build (default: site)"
    )
    parser.add_argument(
        "--summary",
        type=Path,
        default=Path(os.environ["GITHUB_STEP_SUMMARY"])
        if os.environ.get("GITHUB_STEP_SUMMARY")
        else None,
        help="append the summary to this file (default: $GITHUB_STEP_SUMMARY, else stdout)",
    )
    args = parser.parse_args(argv)
    result = check(args.base, args.site_dir)
    text = summary(result)
    if args.summary is None:
        print(text)
    else:
        with args.summary.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    failed = not result.built or any(p.level == "error" for p in result.problems)
    print(
        "pr-check: "
        + ("FAILED: fix the problems above." if failed else "passed.")
        + f" {len(result.rows)} new or changed article{'s' if len(result.rows) != 1 else ''}.",
        file=sys.stderr,
    )
    return 1 if failed else 0


def check(base: str | None, site_dir: Path) -> Result:
    """Run the whole check in the current directory (the repository's root)."""
    from commentary_archive.cli import DEFAULT_SOURCE, DEFAULT_TAGS, DEFAULT_ZONE
    from commentary_archive.errors import SourceError
    from commentary_archive.vocabulary import load_vocabulary

    changes = changed_files(base)
    _log(
        f"compared with {changes.base}: {len(changes.raw)} raw file(s) and "
        f"{len(changes.markdown)} article(s) changed"
        if changes.base
        else "no base branch to compare with: checking every raw file not yet converted"
    )
    problems = [
        Problem(
            path,
            None,
            "is not read by the converter, which reads only plain-text files named "
            "`*.txt` in raw/. Rename it to end in .txt (and save it as plain text), or remove it.",
        )
        for path in sorted(changes.other_raw)
    ]
    site_url = resolve_site_url()
    try:
        vocabulary = load_vocabulary(DEFAULT_TAGS)
    except SourceError as error:
        problems.append(_problem(error))
        _report(problems)
        return Result([], problems, built=False, base=changes.base, site_url=site_url)

    outcomes, recheck = _convert(DEFAULT_SOURCE, vocabulary, DEFAULT_ZONE, changes)
    for outcome in [*outcomes, *recheck]:
        problems.extend(_problem(error) for error in outcome.errors)
        problems.extend(_problem(warning, "warning") for warning in outcome.warnings)
    built, build_problems = build_site(site_dir, site_url)
    # The converter names the same unknown tag or broken YAML, with its hint: keep its message.
    seen = {(p.path, p.line) for p in problems if p.path and p.line}
    problems.extend(p for p in build_problems if (p.path, p.line) not in seen)
    problems = _unique(problems)
    _report(problems)
    rows = article_rows(changes, outcomes, problems)
    return Result(rows, problems, built, changes.base, site_url)


def changed_files(base: str | None) -> Changes:
    """The raw and Markdown files changed since the merge base with ``base``, working tree included.

    With no usable base (no git, or no such branch), ``Changes.base`` is None and only the working
    tree's uncommitted changes are listed; the conversion's own results then decide.
    """
    ref = base or DEFAULT_BASE
    merge_base = None
    if not ref.startswith("-") and _git("rev-parse", "--verify", "-q", f"{ref}^{{commit}}"):
        merge_base = (_git("merge-base", ref, "HEAD") or "").strip() or None
    if merge_base is None and base is not None:
        _log(f"cannot compare with {ref!r} (no such branch here): checking every raw file")
    compared = merge_base or "HEAD"
    paths: set[str] = set()
    for command in (
        ("diff", "--name-only", "--diff-filter=AMR", "-z", compared, "--", str(RAW), str(ARTICLES)),
        ("ls-files", "--others", "--exclude-standard", "-z", "--", str(RAW), str(ARTICLES)),
    ):
        output = _git(*command)
        paths.update(name for name in (output or "").split("\0") if name)
    changes = Changes(base=ref if merge_base else None, merge_base=merge_base)
    for name in sorted(paths):
        path = Path(name)
        if path.parts[:1] == (RAW.name,):
            if path.name.startswith("."):
                continue
            (changes.raw if path.suffix == ".txt" else changes.other_raw).add(name)
        elif path.suffix == ".md" and path.is_relative_to(ARTICLES):
            changes.markdown.add(name)
    return changes


def _convert(
    source: Path, vocabulary: Vocabulary, zone_name: str, changes: Changes
) -> tuple[list[Outcome], list[Outcome]]:
    """Convert ``raw/`` for real, then re-check (writing nothing) the articles edited by hand."""
    from zoneinfo import ZoneInfo

    from commentary_archive.convert import Settings, convert

    settings = Settings(
        out=ARTICLES, vocabulary=vocabulary, zone=ZoneInfo(zone_name), jobs=os.cpu_count() or 1
    )
    outcomes = convert([source], settings) if source.is_dir() else []
    # An article whose raw file was converted just now has been merged and checked already.
    unchanged = {o.raw.name: o.raw for o in outcomes if o.status == "unchanged"}
    names = {_raw_file_of(Path(path)) for path in changes.markdown}
    again = sorted(unchanged[name] for name in names if name in unchanged)
    recheck: list[Outcome] = []
    if again:
        # force: parse and merge even though the raw file did not change; check: write nothing.
        recheck = convert(again, replace(settings, force=True, check=True))
    return outcomes, recheck


def build_site(site_dir: Path, site_url: str) -> tuple[bool, list[Problem]]:
    """``mkdocs build --strict``; its output is echoed, its warnings and errors become problems."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    _log("building the site: " + " ".join(command[2:]))
    completed = subprocess.run(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    _echo_untrusted(completed.stdout)
    problems = build_problems(completed.stdout, Path.cwd())
    if completed.returncode != 0 and not problems:
        last = next((line for line in reversed(completed.stdout.splitlines()) if line.strip()), "")
        problems.append(
            Problem(None, None, f"mkdocs build --strict failed ({last.strip()}); see the log.")
        )
    return completed.returncode == 0, problems


def build_problems(output: str, root: Path) -> list[Problem]:
    """MkDocs' WARNING and ERROR records as problems on the files they name.

    A record may span lines (``cannot read articles:`` then one ``path:line: message`` per file);
    each line naming a file of the project starts a problem of its own. Paths may be relative to
    the project or to ``docs/``, or absolute.
    """
    problems: list[Problem] = []
    for level, lines in _records(output):
        head = ""
        segments: list[tuple[str, int | None, list[str]]] = []  # (path, line, text lines)
        for text in lines:
            reference = _reference(text, root)
            if reference is not None:
                path, line, (start, end) = reference
                if text[end:].startswith(":"):  # `path: message`: the place is the annotation's
                    text = text[:start].rstrip() + " " + text[end + 1 :].lstrip()
                segments.append((path, line, [text.strip()]))
            elif segments:
                segments[-1][2].append(text.strip())
            else:
                head = f"{head} {text.strip()}".strip()
        if not segments:
            problems.append(Problem(None, None, head, level))
            continue
        for path, line, texts in segments:
            message = " ".join(part for part in texts if part)
            if head and not message.startswith(head):
                message = f"{head} {message}"
            problems.append(Problem(path, line, message, level))
    return problems


def _records(output: str) -> Iterable[tuple[str, list[str]]]:
    record: tuple[str, list[str]] | None = None
    for raw_line in output.splitlines():
        match = _LOG_RECORD.match(raw_line)
        if match:
            if record:
                yield record
            # --strict turns every warning into a failure: each is an error to fix.
            serious = match["level"] in ("WARNING", "ERROR", "CRITICAL")
            record = ("error", [match["text"]]) if serious else None
        elif not record:
            continue
        elif raw_line.strip() and not raw_line.startswith(("Aborted with", "Traceback ")):
            record[1].append(raw_line)
        else:  # a blank line, the end, or a traceback (it stays in the log)
            yield record
            record = None
    if record:
        yield record


def _reference(text: str, root: Path) -> tuple[str, int | None, tuple[int, int]] | None:
    """The first project file named in ``text``: its path, its line if given, and the span."""
    for match in _FILE_REFERENCE.finditer(text):
        name = Path(match["path"])
        if name.is_absolute():
            if not name.is_relative_to(root):
                continue
            name = name.relative_to(root)
        for candidate in (name, DOCS / name):
            if (root / candidate).is_file():
                line = int(match["line"]) if match["line"] else None
                return candidate.as_posix(), line, match.span()
    return None


def resolve_site_url() -> str:
    """``$SITE_URL``, else the GitHub Pages address of ``$GITHUB_REPOSITORY``, else mkdocs.yml's."""
    configured = os.environ.get("SITE_URL", "").strip()
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    if server == "https://github.com" and re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        owner, name = repository.split("/")
        host = f"{owner.lower()}.github.io"
        return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"
    try:
        from mkdocs.utils.yaml import yaml_load

        with open("mkdocs.yml", encoding="utf-8") as handle:
            url = str(yaml_load(handle).get("site_url") or "")
    except (OSError, ValueError, AttributeError, ImportError):
        url = ""
    return (url if url.endswith("/") else url + "/") if url else "/"


def article_rows(changes: Changes, outcomes: list[Outcome], problems: list[Problem]) -> list[Row]:
    """One row per new or changed article, in file order."""
    by_markdown: dict[str, Row] = {}
    for outcome in outcomes:
        raw = outcome.raw.as_posix()
        if outcome.status == "failed" or outcome.markdown is None:
            continue
        if outcome.status != "converted" and raw not in changes.raw:
            continue
        markdown = outcome.markdown.as_posix()
        kind = "changed" if _tracked_in_base(markdown, changes) else "new"
        row = Row(kind, outcome.markdown, raw, written=outcome.status == "converted")
        by_markdown.setdefault(markdown, row)
    for markdown in sorted(changes.markdown - by_markdown.keys()):
        kind = "edited" if _tracked_in_base(markdown, changes) else "new"
        by_markdown[markdown] = Row(kind, Path(markdown), None)
    rows = [by_markdown[key] for key in sorted(by_markdown)]
    for row in rows:
        assert row.markdown is not None
        row.metadata, row.body = _front_matter(row.markdown)
        places = {row.markdown.as_posix(), row.raw}
        row.warnings = [p for p in problems if p.path in places]
    return rows


def _tracked_in_base(markdown: str, changes: Changes) -> bool:
    return _git("cat-file", "-e", f"{changes.merge_base or 'HEAD'}:{markdown}") is not None


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """An article's front matter and body as the converter and the site read them (the
    converter has reported what is wrong with them); nothing for what cannot be read."""
    from commentary_archive import document
    from commentary_archive.errors import SourceError

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}, ""
    try:
        loaded = document.loads(text, str(path))
    except SourceError:
        return {}, document.read_body(text)
    return loaded.metadata, loaded.body


# --- the summary ------------------------------------------------------------------------------


def summary(result: Result) -> str:
    """The job summary, in GitHub-flavoured Markdown; contributor text is always escaped."""
    errors = [p for p in result.problems if p.level == "error"]
    warnings = [p for p in result.problems if p.level != "error"]
    count = len(result.rows)
    articles = f"{count} new or changed article{'s' if count != 1 else ''}"
    lines = ["## Articles in this pull request", ""]
    if result.built and not errors:
        lines.append(f"✅ **Passed**: {articles}; every raw file converts and the site builds.")
    else:
        lines.append(
            f"❌ **Failed**: {len(errors)} problem{'s' if len(errors) != 1 else ''} to fix "
            "(listed below, and marked on the lines of the files in the pull request's "
            "*Files changed* tab). Edit the file on GitHub and commit: the check runs again."
        )
    waiting = [row for row in result.rows if row.written]
    if waiting:
        lines += [
            "",
            f"The Markdown of {len(waiting)} article{'s' if len(waiting) != 1 else ''} is not in "
            "the pull request: it will be written when the pull request is merged. Nothing to "
            "do for it.",
        ]
    lines.append("")
    if result.rows:
        lines += [
            f"Addresses are relative to the site, [{escape_cell(result.site_url)}]"
            f"({_url(result.site_url)}).",
            "",
            "| | Title | Date | Authors | Source | Tags | Words | Warnings | Address |",
            "| --- | --- | --- | --- | --- | --- | ---: | --- | --- |",
        ]
        lines += [_row(row, result.site_url) for row in result.rows[:MAX_ROWS]]
        if len(result.rows) > MAX_ROWS:
            lines += ["", f"…and {len(result.rows) - MAX_ROWS} more."]
    else:
        lines.append("No article is added or changed.")
    for title, problems in (("Problems", errors), ("Warnings", warnings)):
        if problems:
            lines += ["", f"### {title}", "", "| File | Line | Message |", "| --- | ---: | --- |"]
            lines += [
                f"| {escape_cell(p.path or 'the site build')} | {p.line or ''} | "
                f"{escape_cell(p.message)} |"
                for p in problems[:MAX_ROWS]
            ]
    if result.built:
        lines += [
            "",
            "For reviewers: the site built from this pull request is attached to this run as the "
            "artifact **site** (at the bottom of the run's summary page). Unzip it, run "
            "`python3 -m http.server` in its folder, and open <http://localhost:8000/> followed "
            "by an article's address.",
        ]
    return "\n".join(lines)


def _row(row: Row, site_url: str) -> str:
    meta = row.metadata
    kind = row.kind + (", Markdown written on merge" if row.written else "")
    authors = meta.get("authors") or []
    tags = meta.get("tags") or []
    if meta.get("draft") is True:
        address = "draft: not published"
    elif row.markdown is not None and row.markdown.is_relative_to(DOCS):
        page = row.markdown.relative_to(DOCS).with_suffix("").as_posix() + "/"
        address = f"[{escape_cell(page)}]({_url(site_url + quote(page))})"
    else:
        address = ""
    warnings = "; ".join((f"line {p.line}: " if p.line else "") + p.message for p in row.warnings)
    cells = [
        escape_cell(kind),
        escape_cell(meta.get("title") or row.raw or (row.markdown.name if row.markdown else "")),
        _format_date(meta.get("date")),
        escape_cell(", ".join(map(str, authors if isinstance(authors, list) else [authors]))),
        escape_cell(meta.get("source") or ""),
        escape_cell(", ".join(map(str, tags if isinstance(tags, list) else [tags])) or "none"),
        str(len(_WORD.findall(_ATTRIBUTE_LIST.sub("", row.body)))),
        escape_cell(warnings or "none"),
        address,
    ]
    return "| " + " | ".join(cells) + " |"


def _url(url: str) -> str:
    """A link target that cannot end the link early or carry Markdown: spaces, brackets quoted."""
    return quote(url, safe=":/%#?=&~+,;@!$'*")


def _format_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else escape_cell(value)


def escape_cell(value: Any) -> str:
    """``value`` as literal text inside a Markdown table cell, on one line.

    Whitespace (newlines included) becomes single spaces, control characters become U+FFFD, and
    punctuation that Markdown or HTML would read (``| ` < * _ [`` …) becomes a character reference.
    """
    text = " ".join(str(value).split())
    return "".join(
        f"&#{ord(char)};"
        if char in _MARKDOWN_SPECIAL
        else "\ufffd"
        if unicodedata.category(char) == "Cc"
        else char
        for char in text
    )


# --- annotations and logging ------------------------------------------------------------------


def annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command, shown on the file's line in the PR."""
    properties = []
    if problem.path is not None:
        properties.append(f"file={_escape_property(problem.path)}")
        if problem.line is not None:
            properties.append(f"line={problem.line}")
    message = problem.message if problem.path is None else _with_place(problem)
    place = " " + ",".join(properties) if properties else ""
    return f"::{problem.level}{place}::{_escape(message)}"


def _with_place(problem: Problem) -> str:
    if problem.message.startswith(problem.where):
        return problem.message
    return f"{problem.where}: {problem.message}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def _report(problems: list[Problem]) -> None:
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(f"{problem.level}: {_printable(_with_place(problem))}", file=sys.stderr)
        if in_actions:
            print(annotation(problem), file=sys.stderr)


def _echo_untrusted(text: str) -> None:
    """Print output that may quote a contributor's text without it acting as a workflow command."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        sys.stderr.write(text)
        return
    token = secrets.token_hex(16)
    sys.stderr.write(f"::stop-commands::{token}\n{text}\n::{token}::\n")


def _log(message: str) -> None:
    print(f"pr-check: {_printable(message)}", file=sys.stderr)


def _printable(text: str) -> str:
    return "".join(
        " " if unicodedata.category(c) == "Cc" and c != "\t" else c for c in text.replace("\n", " ")
    )


def _problem(error: Any, level: str = "error") -> Problem:
    """A converter's SourceError (file, line, problem, hint) as a problem."""
    message = f"{error.problem} {error.hint}".strip()
    return Problem(error.path, error.line, message, level)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, unique = set(), []
    for problem in problems:
        key = (problem.path, problem.line, problem.message, problem.level)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def _raw_file_of(markdown: Path) -> str | None:
    try:
        text = markdown.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^raw:\s*\n(?:[ \t]+.*\n)*?[ \t]+file:\s*['\"]?([^'\"\s]+)", text, re.M)
    return match[1] if match else None


def _git(*arguments: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", *arguments],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError:
        return None
    return completed.stdout if completed.returncode == 0 else None


# --- an article from an issue form ------------------------------------------------------------


class IssueFormError(ValueError):
    """The issue's body is not a filled-in "Submit an article" form."""


def issue_fields(body: str) -> dict[str, str]:
    """The values of an issue form's body: ``### Label`` headings, each followed by its value.

    The headings are looked for in the form's order, so text pasted into the last field (the
    article) may contain anything, ``###`` lines included. ``_No response_`` means empty.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts, position = [], 0
    for label in ISSUE_FIELDS:
        for index in range(position, len(lines)):
            if lines[index].strip() == f"### {label}":
                starts.append(index)
                position = index + 1
                break
        else:
            raise IssueFormError(
                f"the issue has no '### {label}' section: it was not opened with the "
                "'Submit an article' form, or its headings were edited."
            )
    values = {}
    for label, start, end in zip(ISSUE_FIELDS, starts, [*starts[1:], len(lines)], strict=True):
        value = "\n".join(lines[start + 1 : end]).strip()
        values[label] = "" if value == NO_RESPONSE else value
    return values


def raw_from_issue(body: str) -> str:
    """The raw article text (see CONTRIBUTING.md) from a "Submit an article" issue's body."""
    values = issue_fields(body)
    title, header, views, text = (values[label] for label in ISSUE_FIELDS)
    title, header, views = (" ".join(value.split()) for value in (title, header, views))
    missing = [label for label in ISSUE_FIELDS if label != "Views line" and not values[label]]
    if missing:
        raise IssueFormError(f"the form's {', '.join(missing)} field is empty.")
    if views and not views.startswith("-"):
        views = f"- {views}"
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return "\n".join([title, header, *([views] if views else []), "", *paragraphs])


def write_issue_article(number: int | str, body: str, raw_dir: Path = RAW) -> Path:
    """Write ``raw/issue-<number>.txt``; the name comes from the number only, never the text."""
    number = str(number).strip()
    if not re.fullmatch(r"[1-9][0-9]{0,9}", number):
        raise IssueFormError(f"{number!r} is not an issue number.")
    path = raw_dir / f"issue-{int(number)}.txt"
    raw_dir.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw_from_issue(body).encode("utf-8"))
    return path


def issue_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="pr-check issue",
        description="Write raw/issue-N.txt from a 'Submit an article' issue form's body.",
    )
    parser.add_argument("--number", default=os.environ.get("ISSUE_NUMBER"), required=False)
    parser.add_argument(
        "--body-env", default="ISSUE_BODY", help="environment variable holding the issue's body"
    )
    parser.add_argument("--raw-dir", type=Path, default=RAW)
    args = parser.parse_args(argv)
    try:
        path = write_issue_article(
            args.number or "", os.environ.get(args.body_env, ""), args.raw_dir
        )
    except IssueFormError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path.as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
