"""Tagging quality on the labelled evaluation set: python scripts/bench_tags.py.

Each article of ``tests/fixtures/tagging_eval`` is parsed and tagged as the converter does, and
its topic and event tags are compared with the tags chosen by reading it (``labels.yml``). It prints
micro precision and recall, the share of articles left untagged although a topic applies, the same
per language, and the tags with the lowest precision or recall.
Targets: precision at least 0.85, recall at least 0.80, at most 5% untagged.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from commentary_archive.parse import parse_article
from commentary_archive.tagging import Tagger
from commentary_archive.vocabulary import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "fixtures" / "tagging_eval"
SCORED_GROUPS = ("topics", "events")
ZONE = ZoneInfo("Europe/Minsk")
TARGETS = {"precision": 0.85, "recall": 0.80, "untagged": 0.05}


@dataclass
class Score:
    """Counts of right, spurious and missed tags, and of labelled articles left untagged."""

    right: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    labelled: int = 0
    untagged: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.right.total() + self.spurious.total()
        return self.right.total() / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.right.total() + self.missed.total()
        return self.right.total() / expected if expected else 1.0

    @property
    def untagged_share(self) -> float:
        return len(self.untagged) / self.labelled if self.labelled else 0.0

    def add(self, name: str, expected: set[str], found: set[str]) -> None:
        self.right.update(expected & found)
        self.spurious.update(found - expected)
        self.missed.update(expected - found)
        self.articles += 1
        if expected:
            self.labelled += 1
            if not found:
                self.untagged.append(name)


def evaluate(vocabulary: Vocabulary, folder: Path = EVAL) -> dict[str, Score]:
    """Scores over all articles (``"all"``) and per language (``"en"``, ``"ru"``)."""
    labels = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))
    scored = {key for key, tag in vocabulary.tags.items() if tag.group in SCORED_GROUPS}
    tagger = Tagger(vocabulary)
    scores: dict[str, Score] = {"all": Score()}
    for name, expected in sorted(labels.items()):
        path = folder / name
        article = parse_article(path.read_text(encoding="utf-8"), str(path), zone=ZONE)
        found = set(tagger.tags(article)) & scored
        for key in ("all", article.lang):
            scores.setdefault(key, Score()).add(name, set(expected), found)
    return scores


def worst_tags(score: Score, count: int) -> list[str]:
    """Lines for the ``count`` tags with the lowest of precision and recall."""
    rows = []
    for key in score.right | score.spurious | score.missed:
        right, spurious, missed = score.right[key], score.spurious[key], score.missed[key]
        precision = right / (right + spurious) if right + spurious else 1.0
        recall = right / (right + missed) if right + missed else 1.0
        rows.append((min(precision, recall), key, precision, recall, right, spurious, missed))
    return [
        f"  {key:<22} precision {precision:.2f}  recall {recall:.2f}"
        f"  ({right} right, {spurious} spurious, {missed} missed)"
        for _, key, precision, recall, right, spurious, missed in sorted(rows)[:count]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tags", type=Path, default=ROOT / "tags.yml", help="tag vocabulary")
    parser.add_argument("--worst", type=int, default=10, help="how many tags to list")
    args = parser.parse_args()
    scores = evaluate(load_vocabulary(args.tags))
    print("tagging benchmark: labelled articles, topic and event tags")
    print("set    articles  with topics  precision  recall  untagged")
    for key, score in scores.items():
        print(
            f"{key:<6} {score.articles:>8} {score.labelled:>12} {score.precision:>10.3f}"
            f" {score.recall:>7.3f} {score.untagged_share:>9.1%}"
        )
    print(
        f"targets: precision ≥ {TARGETS['precision']}, recall ≥ {TARGETS['recall']}, "
        f"untagged ≤ {TARGETS['untagged']:.0%}"
    )
    print(f"worst {args.worst} tags:")
    print("\n".join(worst_tags(scores["all"], args.worst)))
    untagged = scores["all"].untagged
    print(f"untagged: {', '.join(untagged) if untagged else 'none'}")


if __name__ == "__main__":
    main()
