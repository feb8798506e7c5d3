"""``tags-report``: every tag of the vocabulary with its article count, then the untagged articles.

It reads every article's front matter, so it also catches what a no-op conversion does not look
at: tags a curator added that are not in the vocabulary (exit 1, naming file, line and tag).
Each untagged article is listed with the tags the tagger suggests for its text today and their
scores, so a curator can see what an emptied list lost or what a new tag would now give it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from commentary_archive import document
from commentary_archive.article import ArticleError
from commentary_archive.document import LEAD_MARK
from commentary_archive.errors import SourceError
from commentary_archive.tagging import Tagger
from commentary_archive.vocabulary import Vocabulary, VocabularyError, load_vocabulary, tag_errors


@dataclass
class TagsReport:
    """Tag counts, the untagged articles, and the problems found on the way."""

    counts: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    untagged: list[Path] = field(default_factory=list)
    suggestions: dict[Path, dict[str, int]] = field(default_factory=dict)
    """For each untagged article, the tags the tagger suggests, with their scores."""
    errors: list[SourceError] = field(default_factory=list)


def collect(out: Path, vocabulary: Vocabulary) -> TagsReport:
    """Count the tags of every article under ``out``."""
    report = TagsReport()
    tagger = Tagger(vocabulary)
    for path in sorted(out.rglob("*.md")) if out.is_dir() else ():
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            loaded = document.loads(text, str(path))
        except ArticleError as error:
            report.errors.append(error)
            continue
        metadata = loaded.metadata
        report.articles += 1
        report.errors.extend(tag_errors(metadata, path, text, vocabulary))
        tags = metadata.get("tags") or []
        if not tags:
            report.untagged.append(path)
            report.suggestions[path] = suggest(tagger, loaded)
        if isinstance(tags, list):
            report.counts.update(tag for tag in map(str, tags) if tag in vocabulary.tags)
    return report


def suggest(tagger: Tagger, article: document.Document) -> dict[str, int]:
    """The tags the tagger finds in an article file's title, lead and body, with their scores."""
    title = str(article.metadata.get("title") or "")
    parts = article.body.split("\n\n")
    lead = next((part for part in parts if part.endswith(LEAD_MARK)), "")
    body = " ".join(part for part in parts if part is not lead)
    return tagger.text_scores(title, lead.removesuffix(LEAD_MARK), body)


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
    for path in report.untagged:
        suggested = report.suggestions[path].items()
        found = ", ".join(f"{key} ({score})" for key, score in suggested) or "none"
        lines.append(f"  {path}  suggested: {found}")
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
    for problem in report.errors:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if report.errors else 0
