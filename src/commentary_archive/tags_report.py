"""``tags-report``: every tag of the vocabulary with its article count, then the untagged articles.

It reads every article's front matter, so it also catches what a no-op conversion does not look
at: tags a curator added that are not in the vocabulary (exit 1, naming file, line and tag).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from commentary_archive import document
from commentary_archive.article import ArticleError
from commentary_archive.errors import SourceError
from commentary_archive.tagging import tag_errors
from commentary_archive.vocabulary import Vocabulary, VocabularyError, load_vocabulary


@dataclass
class TagsReport:
    """Tag counts, the untagged articles, and the problems found on the way."""

    counts: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    untagged: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


def collect(out: Path, vocabulary: Vocabulary) -> TagsReport:
    """Count the tags of every article under ``out``."""
    report = TagsReport()
    for path in sorted(out.rglob("*.md")) if out.is_dir() else ():
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            metadata = document.loads(text, str(path)).metadata
        except ArticleError as error:
            report.errors.append(error)
            continue
        report.articles += 1
        report.errors.extend(tag_errors(metadata, path, text, vocabulary))
        tags = metadata.get("tags") or []
        if not tags:
            report.untagged.append(path)
        if isinstance(tags, list):
            report.counts.update(tag for tag in map(str, tags) if tag in vocabulary.tags)
    return report


def render(report: TagsReport, vocabulary: Vocabulary) -> str:
    """The report as aligned text, tags grouped as in the vocabulary."""
    width = max((len(key) for key in vocabulary.tags), default=3)
    lines = []
    for group, title in vocabulary.groups.items():
        tags = [tag for tag in vocabulary.tags.values() if tag.group == group]
        if tags:
            lines.append(f"{title}:")
            lines.extend(
                f"  {tag.key:<{width}}  {report.counts[tag.key]:>5}  {tag.name}" for tag in tags
            )
    used = sum(1 for key in vocabulary.tags if report.counts[key])
    lines.append(
        f"{len(vocabulary.tags)} tags ({used} in use), {report.articles} articles, "
        f"{len(report.untagged)} untagged" + (":" if report.untagged else ".")
    )
    lines.extend(f"  {path}" for path in report.untagged)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tags_report", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/articles"), help="articles folder")
    parser.add_argument("--tags", type=Path, default=Path("tags.yml"), help="tag vocabulary")
    args = parser.parse_args(argv)
    try:
        vocabulary = load_vocabulary(args.tags)
    except VocabularyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    report = collect(args.out, vocabulary)
    print(render(report, vocabulary))
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if report.errors else 0
