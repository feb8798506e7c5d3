"""``convert``: the command line around a conversion batch (arguments, messages, exit code).

Exit codes: 0 all good, 1 some file failed (or, with ``--check``, some article would change),
2 bad usage (unknown option, missing source, invalid vocabulary or time zone).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from commentary_archive.convert import MissingSourceError, Outcome, Settings, convert
from commentary_archive.errors import SourceError
from commentary_archive.vocabulary import VocabularyError, load_vocabulary

DEFAULT_SOURCE = Path("raw")
DEFAULT_OUT = Path("docs/articles")
DEFAULT_TAGS = Path("tags.yml")
DEFAULT_ZONE = "Europe/Minsk"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        zone = ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"--timezone {args.timezone!r} is not a known time zone (e.g. Europe/Minsk)")
    try:
        vocabulary = load_vocabulary(args.tags)
    except VocabularyError as error:
        _emit("error", error)
        return 2
    settings = Settings(
        out=args.out,
        vocabulary=vocabulary,
        zone=zone,
        force=args.force,
        check=args.check,
        jobs=args.jobs,
        inbox=DEFAULT_SOURCE,
        earliest_year=args.earliest_year,
        days_ahead=args.days_ahead,
    )
    try:
        outcomes = convert(args.sources or [DEFAULT_SOURCE], settings)
    except MissingSourceError as error:
        parser.error(str(error))
    for outcome in outcomes:
        for warning in outcome.warnings:
            _emit("warning", warning)
        for problem in outcome.errors:
            _emit("error", problem)
    changed = [o for o in outcomes if o.status == "converted"]
    if args.check:
        for outcome in changed:
            print(f"would change: {outcome.markdown} (from {outcome.raw})")
    print(summary(outcomes, args.check))
    if args.report:
        args.report.write_text(json.dumps(report(outcomes), indent=2) + "\n", encoding="utf-8")
    failed = any(o.status == "failed" for o in outcomes)
    return 1 if failed or (args.check and changed) else 0


def summary(outcomes: list[Outcome], check: bool = False) -> str:
    """``812 converted, 9 unchanged, 2 failed``, plus duplicates and warnings if any."""
    counts = Counter(outcome.status for outcome in outcomes)
    parts = [
        f"{counts['converted']} {'would change' if check else 'converted'}",
        f"{counts['unchanged']} unchanged",
        f"{counts['failed']} failed",
    ]
    parts += [
        f"{counts[status]} {status}" for status in ("duplicate", "orphaned") if counts[status]
    ]
    warnings = sum(len(outcome.warnings) for outcome in outcomes)
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings > 1 else ''}")
    return ", ".join(parts)


def report(outcomes: list[Outcome]) -> dict[str, object]:
    """The machine-readable results written by ``--report``."""
    counts = Counter(outcome.status for outcome in outcomes)
    return {
        "summary": {
            status: counts[status]
            for status in ("converted", "unchanged", "duplicate", "failed", "orphaned")
        }
        | {"warnings": sum(len(outcome.warnings) for outcome in outcomes)},
        "files": [
            {
                "raw": str(outcome.raw),
                "status": outcome.status,
                "markdown": None if outcome.markdown is None else str(outcome.markdown),
                "errors": [_problem(error) for error in outcome.errors],
                "warnings": [_problem(warning) for warning in outcome.warnings],
            }
            for outcome in outcomes
        ],
    }


def _problem(error: SourceError) -> dict[str, str | int | None]:
    return {"file": error.path, "line": error.line, "message": str(error)}


def _emit(level: str, problem: SourceError) -> None:
    print(f"{level}: {problem}", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(problem.github_annotation(level), file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convert",
        description="Convert raw article text files into Markdown articles with front matter.",
    )
    parser.add_argument(
        "sources", nargs="*", type=Path, metavar="SRC", help="raw files or folders (default: raw/)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="articles folder (default: docs/articles)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the articles that would change",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        help="worker processes for big batches (default: all cores)",
    )
    parser.add_argument(
        "--force", action="store_true", help="convert even unchanged raw files (curation kept)"
    )
    parser.add_argument("--report", type=Path, metavar="FILE.json", help="write results as JSON")
    parser.add_argument(
        "--tags", type=Path, default=DEFAULT_TAGS, help="tag vocabulary (default: tags.yml)"
    )
    parser.add_argument(
        "--timezone",
        default=DEFAULT_ZONE,
        help="time zone of the raw dates (default: Europe/Minsk)",
    )
    parser.add_argument(
        "--earliest-year",
        type=_positive,
        default=Settings.earliest_year,
        help="refuse articles dated before this year (default: %(default)s)",
    )
    parser.add_argument(
        "--days-ahead",
        type=_positive,
        default=Settings.days_ahead,
        help="refuse articles dated more than this many days from today (default: %(default)s)",
    )
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value
